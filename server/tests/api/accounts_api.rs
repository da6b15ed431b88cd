//! Signing in with a phone and an SMS code, sessions, and orders only their
//! owner (or a guest's token) can read.

use std::time::Duration;

use crate::common::{address, call, call_with, identity, last_code, sign_in, token_of, Shop};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

const PHONE: &str = "13912345678";

fn order_body() -> Value {
    json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "identity": identity()})
}

#[tokio::test]
async fn signing_in_with_the_code_sent_by_sms() {
    let shop = Shop::unthrottled().await;
    let (status, sent, _) = call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": PHONE })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(sent, json!({"resend_after": 60}));
    let code = last_code(&shop, PHONE).await;
    // Not the code: refused, and the right one still works afterwards.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, err, cookie) = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": PHONE, "code": wrong })),
    )
    .await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("code_wrong"))
    );
    assert_eq!(err["error"]["field"], "code");
    assert!(cookie.is_none());
    let (status, me, cookie) = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": PHONE, "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["phone_masked"], "139****5678");
    let cookie = cookie.expect("cookie");
    assert!(cookie.starts_with("haitao_session="));
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here");
    let token = token_of(&cookie);
    let (status, me, _) = call(&shop, "GET", "/api/account", Some(&token), None).await;
    assert_eq!(
        (status, me["phone_masked"].clone()),
        (StatusCode::OK, json!("139****5678"))
    );
    // A code works once.
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": PHONE, "code": code })),
    )
    .await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("code_expired"))
    );
    // Nobody else is signed in.
    let (status, err, _) = call(&shop, "GET", "/api/account", None, None).await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("sign_in_required"))
    );
    let (status, _, _) = call(&shop, "GET", "/api/account", Some("forged-token"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn codes_expire_die_after_five_wrong_tries_and_come_once_a_minute() {
    let shop = Shop::unthrottled().await;
    call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": PHONE })),
    )
    .await;
    // Again within the minute: refused, with how long to wait.
    let res = shop
        .raw(
            Request::post("/api/auth/code")
                .header("content-type", "application/json")
                .body(Body::from(json!({ "phone": PHONE }).to_string()))
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=60).contains(&wait), "{wait}");
    // Five minutes on, the code is dead.
    let code = last_code(&shop, PHONE).await;
    shop.state.clock.advance(Duration::from_secs(5 * 60 + 1));
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": PHONE, "code": code })),
    )
    .await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("code_expired"))
    );
    // A new one; five wrong tries kill it, even for the right code after.
    let (status, _, _) = call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": PHONE })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let code = last_code(&shop, PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let (status, err, _) = call(
            &shop,
            "POST",
            "/api/auth/session",
            None,
            Some(json!({ "phone": PHONE, "code": wrong })),
        )
        .await;
        assert_eq!(
            (status, err["error"]["code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("code_wrong"))
        );
    }
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": PHONE, "code": code })),
    )
    .await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("code_expired"))
    );
    // Bad phones are told so, field by field.
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": "1234" })),
    )
    .await;
    assert_eq!(
        (
            status,
            err["error"]["code"].clone(),
            err["error"]["field"].clone()
        ),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("invalid_mobile"),
            json!("phone")
        )
    );
}

#[tokio::test]
async fn a_phone_with_an_account_gets_the_same_answer_as_one_without() {
    let shop = Shop::unthrottled().await;
    sign_in(&shop, PHONE).await;
    shop.state.clock.advance(Duration::from_secs(61));
    let known = call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": PHONE })),
    )
    .await;
    let unknown = call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": "13700001111" })),
    )
    .await;
    assert_eq!((known.0, known.1), (unknown.0, unknown.1));
    // A wrong code too.
    let a = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": PHONE, "code": "999999x" })),
    )
    .await;
    let b = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": "13700001111", "code": "999999x" })),
    )
    .await;
    assert_eq!((a.0, a.1), (b.0, b.1));
}

#[tokio::test]
async fn sessions_are_new_at_each_sign_in_and_end_here_or_everywhere() {
    let shop = Shop::unthrottled().await;
    let phone_a = sign_in(&shop, PHONE).await;
    shop.state.clock.advance(Duration::from_secs(61));
    let laptop = sign_in(&shop, PHONE).await;
    assert_ne!(phone_a, laptop, "a new session id at every sign-in");
    // Signing out this device.
    let (status, _, cookie) =
        call(&shop, "DELETE", "/api/auth/session", Some(&phone_a), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(cookie.is_some_and(|c| c.contains("Max-Age=0")));
    assert_eq!(
        call(&shop, "GET", "/api/account", Some(&phone_a), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&shop, "GET", "/api/account", Some(&laptop), None)
            .await
            .0,
        StatusCode::OK
    );
    // Everywhere.
    shop.state.clock.advance(Duration::from_secs(61));
    let third = sign_in(&shop, PHONE).await;
    let (status, _, _) = call(&shop, "DELETE", "/api/auth/sessions", Some(&third), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for t in [&laptop, &third] {
        assert_eq!(
            call(&shop, "GET", "/api/account", Some(t), None).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    // Thirty days without a visit end a session; a visit moves the end back.
    shop.state.clock.advance(Duration::from_secs(61));
    let kept = sign_in(&shop, PHONE).await;
    shop.state.clock.advance(Duration::from_secs(20 * 86_400));
    assert_eq!(
        call(&shop, "GET", "/api/account", Some(&kept), None)
            .await
            .0,
        StatusCode::OK
    );
    shop.state.clock.advance(Duration::from_secs(20 * 86_400));
    assert_eq!(
        call(&shop, "GET", "/api/account", Some(&kept), None)
            .await
            .0,
        StatusCode::OK,
        "slid"
    );
    shop.state.clock.advance(Duration::from_secs(31 * 86_400));
    assert_eq!(
        call(&shop, "GET", "/api/account", Some(&kept), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_request_with_the_cookie_from_another_site_is_refused() {
    let shop = Shop::unthrottled().await;
    let token = sign_in(&shop, PHONE).await;
    for origin in [Some("https://evil.example"), None] {
        let mut req = Request::post("/api/orders")
            .header("host", "shop.test")
            .header("content-type", "application/json")
            .header("idempotency-key", "cross-site-key-01")
            .header("cookie", format!("haitao_session={token}"));
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let res = shop
            .raw(req.body(Body::from(order_body().to_string())).expect("req"))
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin:?}");
    }
    let res = shop
        .raw(
            Request::delete("/api/auth/sessions")
                .header("host", "shop.test")
                .header("origin", "https://evil.example")
                .header("cookie", format!("haitao_session={token}"))
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        call(&shop, "GET", "/api/account", Some(&token), None)
            .await
            .0,
        StatusCode::OK,
        "still signed in"
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders")
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    assert_eq!(n, 0);
}

#[tokio::test]
async fn an_order_is_read_by_its_owner_or_its_token_holder_and_nobody_else() {
    let shop = Shop::unthrottled().await;
    let mine = sign_in(&shop, PHONE).await;
    let (status, order, _) = call(
        &shop,
        "POST",
        "/api/orders",
        Some(&mine),
        Some(order_body()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    assert!(
        order["access_token"].is_null(),
        "an account's order needs no token"
    );
    let id = order["id"].as_str().expect("id").to_owned();
    assert_eq!(
        call(
            &shop,
            "GET",
            &format!("/api/orders/{id}"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    // Another account, and nobody at all: as if it did not exist.
    shop.state.clock.advance(Duration::from_secs(61));
    let theirs = sign_in(&shop, "13600006666").await;
    for who in [Some(theirs.as_str()), None] {
        let (status, err, _) = call(&shop, "GET", &format!("/api/orders/{id}"), who, None).await;
        assert_eq!(
            (status, err["error"]["code"].clone()),
            (StatusCode::NOT_FOUND, json!("not_found"))
        );
        let (status, _, _) = call(
            &shop,
            "POST",
            &format!("/api/orders/{id}/cancel"),
            who,
            Some(json!({})),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = call(
            &shop,
            "POST",
            &format!("/api/orders/{id}/pay"),
            who,
            Some(json!({"method": "alipay"})),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
    }
    // A guest's order: its token opens it; a wrong token does not.
    let (status, guest, _) = call(&shop, "POST", "/api/orders", None, Some(order_body())).await;
    assert_eq!(status, StatusCode::CREATED);
    let gid = guest["id"].as_str().expect("id").to_owned();
    let token = guest["access_token"].as_str().expect("token").to_owned();
    let read = |t: Option<String>| {
        let mut req = Request::get(format!("/api/orders/{gid}"));
        if let Some(t) = t {
            req = req.header("x-order-token", t);
        }
        shop.raw(req.body(Body::empty()).expect("req"))
    };
    assert_eq!(read(Some(token.clone())).await.status(), StatusCode::OK);
    assert_eq!(
        read(Some(format!("{token}0"))).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(read(None).await.status(), StatusCode::NOT_FOUND);
    // My orders: newest first, with picture, total and status; filtered.
    let (status, page, _) = call(&shop, "GET", "/api/account/orders", Some(&mine), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 1);
    assert_eq!(page["orders"][0]["id"], id.as_str());
    assert_eq!(page["orders"][0]["status"], "awaiting_payment");
    assert!(page["orders"][0]["image"]
        .as_str()
        .is_some_and(|i| i.starts_with("/img/")));
    let (_, paid, _) = call(
        &shop,
        "GET",
        "/api/account/orders?status=paid",
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(paid["total"], 0);
    let (status, _, _) = call(
        &shop,
        "GET",
        "/api/account/orders?status=lost",
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, theirs_page, _) = call(&shop, "GET", "/api/account/orders", Some(&theirs), None).await;
    assert_eq!(theirs_page["total"], 0);
}

/// The recipient of a gift is not its buyer: signing in with the address's
/// mobile takes no order. The holder of the order's link, signed in, keeps
/// it in the account by choice.
#[tokio::test]
async fn a_guest_order_joins_an_account_only_when_its_link_holder_keeps_it() {
    let shop = Shop::unthrottled().await;
    // address() has mobile 13800138000.
    let (_, guest, _) = call(&shop, "POST", "/api/orders", None, Some(order_body())).await;
    let gid = guest["id"].as_str().expect("id").to_owned();
    let token = guest["access_token"].as_str().expect("token").to_owned();
    assert_eq!(guest["in_account"], false);
    let recipient = sign_in(&shop, "13800138000").await;
    let (_, page, _) = call(&shop, "GET", "/api/account/orders", Some(&recipient), None).await;
    assert_eq!(page["total"], 0, "{page}");
    let path = format!("/api/orders/{gid}");
    assert_eq!(
        call(&shop, "GET", &path, Some(&recipient), None).await.0,
        StatusCode::NOT_FOUND
    );
    let claim = |cookie: Option<String>, token: Option<String>| {
        let (shop, path) = (&shop, format!("/api/orders/{gid}/claim"));
        async move {
            let token: Vec<(&str, &str)> = token
                .iter()
                .map(|t| ("x-order-token", t.as_str()))
                .collect();
            let (status, json, _) =
                call_with(shop, "POST", &path, cookie.as_deref(), None, &token).await;
            (status, json)
        }
    };
    // Neither a session without the link, nor the link without a session.
    assert_eq!(
        claim(Some(recipient.clone()), None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        claim(Some(recipient.clone()), Some("0".repeat(43))).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        claim(None, Some(token.clone())).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The buyer, signed in with another phone, keeps it.
    let buyer = sign_in(&shop, "13700001111").await;
    let (status, kept) = claim(Some(buyer.clone()), Some(token.clone())).await;
    assert_eq!(
        (status, &kept["in_account"]),
        (StatusCode::OK, &json!(true)),
        "{kept}"
    );
    assert_eq!(
        claim(Some(buyer.clone()), Some(token.clone())).await.0,
        StatusCode::OK
    );
    let (_, page, _) = call(&shop, "GET", "/api/account/orders", Some(&buyer), None).await;
    assert_eq!(page["orders"][0]["id"], gid.as_str());
    assert_eq!(
        call(&shop, "GET", &path, Some(&buyer), None).await.0,
        StatusCode::OK
    );
    // Once kept, nobody else can take it, link or not.
    assert_eq!(
        claim(Some(recipient.clone()), Some(token.clone())).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_development_sms_log_does_not_exist_without_the_development_sender() {
    let shop = Shop::unthrottled().await;
    let mut state = shop.state.clone();
    state.dev_sms = None;
    let app = haitao_server::router(state, &shop.dist());
    let res = tower::ServiceExt::oneshot(
        app,
        Request::get(format!("/api/dev/sms?phone={PHONE}"))
            .body(Body::empty())
            .expect("req"),
    )
    .await
    .expect("answer");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn codes_are_limited_per_phone_per_day_and_per_client_per_hour() {
    let shop = Shop::unthrottled().await;
    let ask = |phone: String| {
        let shop = &shop;
        async move {
            call(
                shop,
                "POST",
                "/api/auth/code",
                None,
                Some(json!({ "phone": phone })),
            )
            .await
            .0
        }
    };
    // One phone: ten a day, a minute apart.
    for i in 0..10 {
        assert_eq!(ask(PHONE.into()).await, StatusCode::ACCEPTED, "code {i}");
        shop.state.clock.advance(Duration::from_secs(61));
    }
    assert_eq!(
        ask(PHONE.into()).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the eleventh today"
    );
    shop.state.clock.advance(Duration::from_secs(86_400));
    assert_eq!(ask(PHONE.into()).await, StatusCode::ACCEPTED, "a day later");
    // One client (in-process requests share one): twenty an hour, whatever the phones.
    shop.state.clock.advance(Duration::from_secs(3_601));
    for i in 0..20 {
        assert_eq!(
            ask(format!("1370000{i:04}")).await,
            StatusCode::ACCEPTED,
            "phone {i}"
        );
    }
    assert_eq!(
        ask("13799999999".into()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_secure() {
    let settings = haitao_server::infra::config::Settings {
        public_url: Some("https://shop.example".into()),
        ..Default::default()
    };
    let shop = Shop::with(
        settings,
        Some(haitao_server::infra::throttle::Throttle::new(
            100,
            100,
            Vec::new(),
        )),
    )
    .await;
    call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": PHONE })),
    )
    .await;
    let code = last_code(&shop, PHONE).await;
    let (status, _, cookie) = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": PHONE, "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let cookie = cookie.unwrap_or_default();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    // `__Host-`: only this host can set it (no Domain), so a subdomain's
    // planted `haitao_session` is not read in its place.
    assert!(
        cookie.starts_with("__Host-haitao_session=")
            && cookie.contains("Path=/")
            && !cookie.contains("Domain"),
        "{cookie}"
    );
    let token = token_of(&cookie);
    let with = |cookies: String, origin: &'static str| {
        Request::get("/api/account")
            .header("host", "shop.example")
            .header("origin", origin)
            .header("cookie", cookies)
            .body(Body::empty())
            .expect("req")
    };
    let (status, _) = shop
        .send(with(
            format!("__Host-haitao_session={token}"),
            "https://shop.example",
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = shop
        .send(with(
            format!("haitao_session={token}"),
            "https://shop.example",
        ))
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the unprefixed name is not read"
    );
    // With the cookie, only the configured origin may change anything.
    let delete = Request::delete("/api/auth/session")
        .header("host", "shop.test")
        .header("origin", "http://shop.test")
        .header("cookie", format!("__Host-haitao_session={token}"))
        .body(Body::empty())
        .expect("req");
    assert_eq!(
        shop.send(delete).await.0,
        StatusCode::FORBIDDEN,
        "http://shop.test is not https://shop.example"
    );
}

/// Every Set-Cookie of an answer, names and values only.
fn cookies_set(res: &axum::response::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_header_hint_comes_and_goes_with_the_session() {
    let shop = Shop::unthrottled().await;
    call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": PHONE })),
    )
    .await;
    let code = last_code(&shop, PHONE).await;
    let res = shop
        .raw(
            Request::post("/api/auth/session")
                .header("content-type", "application/json")
                .body(Body::from(
                    crate::common::consented(
                        "/api/auth/session",
                        json!({ "phone": PHONE, "code": code }),
                    )
                    .to_string(),
                ))
                .expect("req"),
        )
        .await;
    let set = cookies_set(&res);
    assert_eq!(set.len(), 2, "{set:?}");
    assert!(set[0].starts_with("haitao_session=") && set[0].len() > 40);
    assert_eq!(
        set[1], "haitao_signed_in=1",
        "readable, and nothing secret in it"
    );
    let token = token_of(&set[0]);
    let res = shop
        .raw(
            Request::delete("/api/auth/session")
                .header("host", "shop.test")
                .header("origin", "http://shop.test")
                .header("cookie", format!("haitao_session={token}"))
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(
        cookies_set(&res),
        vec!["haitao_session=".to_owned(), "haitao_signed_in=".to_owned()]
    );
}
