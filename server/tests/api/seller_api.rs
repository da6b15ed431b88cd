//! The seller centre's sign-in and users: the operator invites an owner, who
//! signs in by email and a code from the development outbox, invites staff
//! and removes them; each refusal answers its own code.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{token_of, Shop};
use haitao_server::sellers::operator::{self, NewSeller};

const OWNER: &str = "owner@willow-creek.example";
const STAFF: &str = "packer@willow-creek.example";

/// A request from the shop's own pages with these cookies (`name=value; …`).
pub(crate) async fn call(
    shop: &Shop,
    method: &str,
    uri: &str,
    cookies: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value, Option<String>) {
    let headers: Vec<(&str, &str)> = cookies.map(|c| ("cookie", c)).into_iter().collect();
    crate::common::call_with(shop, method, uri, None, body, &headers).await
}

/// The mails the development outbox holds for `to`, oldest first.
pub(crate) async fn mails(shop: &Shop, to: &str) -> Vec<Value> {
    let (status, body) = shop.get(&format!("/api/dev/mail?to={to}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().cloned().unwrap_or_default()
}

pub(crate) fn code_in(mail: &Value) -> String {
    mail["text"]
        .as_str()
        .unwrap_or("")
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a six-digit code")
        .to_owned()
}

/// The operator's invitation of willow-creek-farm's owner (the seller is new).
async fn invite_owner(shop: &Shop) {
    let st = &shop.state;
    operator::invite(
        &st.db,
        st.mailer.as_ref(),
        "willow-creek-farm",
        OWNER,
        &NewSeller {
            name_en: Some("Willow Creek Farm"),
            name_zh: Some("柳溪农场"),
            state: Some("OR"),
        },
        &st.clock.stamp(),
        "http://shop.test/seller",
    )
    .await
    .expect("invited");
}

/// Signs `email` in with the code mailed to it; the seller cookie (`name=value`).
pub(crate) async fn sign_in(shop: &Shop, email: &str) -> String {
    let (status, body, _) = call(
        shop,
        "POST",
        "/api/seller/auth/code",
        None,
        Some(json!({ "email": email })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let code = code_in(mails(shop, email).await.last().expect("the code's mail"));
    let (status, body, cookie) = call(
        shop,
        "POST",
        "/api/seller/auth/session",
        None,
        Some(json!({ "email": email, "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cookie = cookie.expect("a session cookie");
    assert!(cookie.starts_with("haitao_seller="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    format!("haitao_seller={}", token_of(&cookie))
}

#[tokio::test]
async fn an_invited_owner_signs_in_by_mail_and_runs_the_sellers_users() {
    let shop = Shop::new().await;
    invite_owner(&shop).await;
    let invitation = mails(&shop, OWNER).await;
    assert_eq!(invitation.len(), 1);
    let text = invitation[0]["text"].as_str().unwrap_or("");
    assert!(
        text.contains("http://shop.test/seller") && text.contains("Willow Creek Farm"),
        "{text}"
    );
    assert!(text.contains("柳溪农场"), "both languages: {text}");

    let owner = sign_in(&shop, OWNER).await;
    let (status, me, _) = call(&shop, "GET", "/api/seller/me", Some(&owner), None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["seller"]["slug"], "willow-creek-farm");
    assert_eq!(me["user"]["email"], OWNER);
    assert_eq!(me["user"]["role"], "owner");

    // The owner invites staff, who signs in and sees the same seller.
    let (status, staff_user, _) = call(
        &shop,
        "POST",
        "/api/seller/users",
        Some(&owner),
        Some(json!({ "email": " Packer@Willow-Creek.example " })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{staff_user}");
    assert_eq!(staff_user["email"], STAFF, "kept lowercased");
    assert_eq!(staff_user["role"], "staff");
    let staff = sign_in(&shop, STAFF).await;
    let (_, me, _) = call(&shop, "GET", "/api/seller/me", Some(&staff), None).await;
    assert_eq!(me["seller"]["slug"], "willow-creek-farm");
    assert_eq!(me["users"].as_array().map(Vec::len), Some(2));
    assert_eq!(me["users"][0]["role"], "owner", "owners first");

    // Staff may not invite or remove.
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/seller/users",
        Some(&staff),
        Some(json!({ "email": "friend@example.com" })),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::FORBIDDEN, &json!("owner_only"))
    );
    let owner_id = me["users"][0]["id"].as_i64().unwrap_or_default();
    let staff_id = staff_user["id"].as_i64().unwrap_or_default();
    let (status, _, _) = call(
        &shop,
        "DELETE",
        &format!("/api/seller/users/{owner_id}"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An address that runs a seller is not invited twice; nor is a bad one.
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/seller/users",
        Some(&owner),
        Some(json!({ "email": STAFF })),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::CONFLICT, &json!("user_taken"))
    );
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/seller/users",
        Some(&owner),
        Some(json!({ "email": "packer@farm" })),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"], &body["error"]["field"]),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!("invalid_email"),
            &json!("email")
        )
    );

    // The owner cannot remove themselves; removing staff ends their session.
    let (status, body, _) = call(
        &shop,
        "DELETE",
        &format!("/api/seller/users/{owner_id}"),
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::CONFLICT, &json!("remove_self"))
    );
    let (status, _, _) = call(
        &shop,
        "DELETE",
        &format!("/api/seller/users/{staff_id}"),
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body, _) = call(&shop, "GET", "/api/seller/me", Some(&staff), None).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::UNAUTHORIZED, &json!("sign_in_required"))
    );
    // A removed user gets no more codes (the answer does not say so).
    let before = mails(&shop, STAFF).await.len();
    let (status, _, _) = call(
        &shop,
        "POST",
        "/api/seller/auth/code",
        None,
        Some(json!({ "email": STAFF })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(mails(&shop, STAFF).await.len(), before);
}

#[tokio::test]
async fn codes_and_sessions_hold_as_the_shoppers_do() {
    let shop = Shop::new().await;
    invite_owner(&shop).await;
    // An address that runs no seller: the same answer, and no mail.
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/seller/auth/code",
        None,
        Some(json!({ "email": "stranger@example.com" })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(mails(&shop, "stranger@example.com").await.is_empty());
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/seller/auth/code",
        None,
        Some(json!({ "email": "not an address" })),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_email"))
    );

    // A wrong code counts; a second code within the minute is refused.
    let (status, _, _) = call(
        &shop,
        "POST",
        "/api/seller/auth/code",
        None,
        Some(json!({ "email": OWNER })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/seller/auth/code",
        None,
        Some(json!({ "email": OWNER })),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::TOO_MANY_REQUESTS, &json!("rate_limited"))
    );
    let code = code_in(mails(&shop, OWNER).await.last().expect("mail"));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/seller/auth/session",
        None,
        Some(json!({ "email": OWNER, "code": wrong })),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::UNAUTHORIZED, &json!("code_wrong"))
    );
    let (status, _, cookie) = call(
        &shop,
        "POST",
        "/api/seller/auth/session",
        None,
        Some(json!({ "email": OWNER.to_uppercase(), "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the address is read as it is kept");
    let first = format!("haitao_seller={}", token_of(&cookie.unwrap_or_default()));

    // A shopper's session does not open the seller centre.
    let shopper = crate::common::sign_in(&shop, "13800138000").await;
    let (status, _, _) = call(
        &shop,
        "GET",
        "/api/seller/me",
        Some(&format!("haitao_session={shopper}")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A form from another site carrying the seller cookie is refused.
    let req = Request::builder()
        .method("POST")
        .uri("/api/seller/users")
        .header("host", "shop.test")
        .header("origin", "https://evil.example")
        .header("content-type", "application/json")
        .header("cookie", &first)
        .body(Body::from(json!({ "email": "x@evil.example" }).to_string()))
        .expect("req");
    assert_eq!(shop.raw(req).await.status(), StatusCode::FORBIDDEN);

    // A query that does not read answers the API's error shape.
    let (status, body, _) = call(
        &shop,
        "DELETE",
        "/api/seller/auth/session?everywhere=maybe",
        Some(&first),
        None,
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_query"))
    );
    // Sign out everywhere ends every device of the user.
    shop.state.clock.advance(std::time::Duration::from_secs(61));
    let second = sign_in(&shop, OWNER).await;
    let (status, _, cookie) = call(
        &shop,
        "DELETE",
        "/api/seller/auth/session?everywhere=true",
        Some(&second),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(cookie.unwrap_or_default().contains("Max-Age=0"));
    for session in [&first, &second] {
        let (status, _, _) = call(&shop, "GET", "/api/seller/me", Some(session), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    // A suspended seller's users are signed out and get no codes.
    shop.state.clock.advance(std::time::Duration::from_secs(61));
    let third = sign_in(&shop, OWNER).await;
    operator::suspend(
        &shop.state.db,
        "willow-creek-farm",
        false,
        &shop.state.clock.stamp(),
    )
    .await
    .expect("suspended");
    let (status, _, _) = call(&shop, "GET", "/api/seller/me", Some(&third), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    shop.state.clock.advance(std::time::Duration::from_secs(61));
    let before = mails(&shop, OWNER).await.len();
    call(
        &shop,
        "POST",
        "/api/seller/auth/code",
        None,
        Some(json!({ "email": OWNER })),
    )
    .await;
    assert_eq!(mails(&shop, OWNER).await.len(), before);
    operator::suspend(
        &shop.state.db,
        "willow-creek-farm",
        true,
        &shop.state.clock.stamp(),
    )
    .await
    .expect("lifted");
}

#[tokio::test]
async fn the_operator_makes_a_seller_only_with_its_names_and_verifies_it() {
    let shop = Shop::new().await;
    let st = &shop.state;
    let missing = operator::invite(
        &st.db,
        st.mailer.as_ref(),
        "new-farm",
        OWNER,
        &NewSeller {
            name_en: Some("New Farm"),
            name_zh: None,
            state: Some("CA"),
        },
        &st.clock.stamp(),
        "http://shop.test/seller",
    )
    .await
    .err()
    .unwrap_or_default();
    assert!(missing.contains("--name-zh"), "{missing}");
    let bad_state = operator::invite(
        &st.db,
        st.mailer.as_ref(),
        "new-farm",
        OWNER,
        &NewSeller {
            name_en: Some("New Farm"),
            name_zh: Some("新农场"),
            state: Some("XX"),
        },
        &st.clock.stamp(),
        "http://shop.test/seller",
    )
    .await
    .err()
    .unwrap_or_default();
    assert!(bad_state.contains("--state"), "{bad_state}");
    assert!(
        mails(&shop, OWNER).await.is_empty(),
        "nothing mailed for a refusal"
    );

    invite_owner(&shop).await;
    let unverified = operator::list(&st.db).await.expect("list");
    let listed = unverified
        .iter()
        .find(|s| s.slug == "willow-creek-farm")
        .expect("listed");
    assert_eq!((listed.users, listed.verified_on.as_deref()), (1, None));
    let refused = operator::verify(&st.db, "willow-creek-farm", "2026-13-01", "checked")
        .await
        .err()
        .unwrap_or_default();
    assert!(refused.contains("--on"), "{refused}");
    operator::verify(
        &st.db,
        "willow-creek-farm",
        "2026-12-01",
        "WA business licence seen",
    )
    .await
    .expect("verified");
    let (status, seller) = shop.get("/api/sellers/willow-creek-farm").await;
    assert_eq!(status, StatusCode::OK, "{seller}");
    assert_eq!(seller["seller"]["verified"], true);
    // Shoppers read when, and by whom or how ("verified on …, by …").
    assert_eq!(seller["verified_on"], "2026-12-01");
    assert_eq!(seller["verified_by"], "WA business licence seen");

    // A seller with products: their listing cards follow the verification
    // as every serving process follows a change (catalog/reload.rs).
    let cards =
        |body: &Value| -> Vec<Value> { body["items"].as_array().cloned().unwrap_or_default() };
    let (_, before) = shop.get("/api/products?seller=prairie-bee").await;
    assert!(!cards(&before).is_empty(), "{before}");
    assert!(cards(&before)
        .iter()
        .all(|c| c["seller"]["verified"] == false));
    operator::verify(
        &st.db,
        "prairie-bee",
        "2026-12-02",
        "Nebraska apiary visited",
    )
    .await
    .expect("verified");
    shop.follow().await;
    let (_, after) = shop.get("/api/products?seller=prairie-bee").await;
    assert_eq!(cards(&after).len(), cards(&before).len());
    assert!(
        cards(&after)
            .iter()
            .all(|c| c["seller"]["verified"] == true),
        "{after}"
    );
}

/// `email` made an owner of the shop's seller `slug` by the operator, and
/// signed in: their session cookie.
pub(crate) async fn owner_of(shop: &Shop, slug: &str, email: &str) -> String {
    let st = &shop.state;
    operator::invite(
        &st.db,
        st.mailer.as_ref(),
        slug,
        email,
        &NewSeller {
            name_en: None,
            name_zh: None,
            state: None,
        },
        &st.clock.stamp(),
        "http://shop.test/seller",
    )
    .await
    .expect("invited");
    sign_in(shop, email).await
}

#[tokio::test]
async fn a_suspended_sellers_products_are_off_sale_until_it_is_lifted() {
    let shop = Shop::new().await;
    let st = &shop.state;
    let cards = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c["slug"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (_, before) = shop.get("/api/products?seller=prairie-bee").await;
    let on_sale = cards(&before);
    assert!(!on_sale.is_empty(), "{before}");
    let follow = || shop.follow();

    operator::suspend(&st.db, "prairie-bee", false, &st.clock.stamp())
        .await
        .expect("suspended");
    follow().await;
    let (_, during) = shop.get("/api/products?seller=prairie-bee").await;
    assert!(cards(&during).is_empty(), "off the listings: {during}");
    let (status, _) = shop.get(&format!("/api/products/{}", on_sale[0])).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "and off its page");

    operator::suspend(&st.db, "prairie-bee", true, &st.clock.stamp())
        .await
        .expect("lifted");
    follow().await;
    let (_, after) = shop.get("/api/products?seller=prairie-bee").await;
    let mut again = cards(&after);
    let mut was = on_sale.clone();
    again.sort();
    was.sort();
    assert_eq!(again, was, "the same products back on sale");
}

/// The seller centre is an app of its own in dist/seller/: every path under
/// /seller that is not one of its files is its page, with its CSP and the
/// language's messages (the shop's and the centre's) named for preloading.
#[tokio::test]
async fn the_seller_centre_is_its_own_page_under_seller() {
    use http_body_util::BodyExt;
    let shop = Shop::new().await;
    let dir = shop.dist().join("seller");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("index.html"),
        include_str!("../fixtures/index.min.html").replace("haitao-", "haitao-seller-"),
    )
    .expect("seller page");
    let page = |path: &'static str| {
        Request::get(path)
            .header("accept-language", "en-US,en;q=0.9")
            .body(Body::empty())
            .expect("req")
    };
    let mut messages = String::new();
    for path in [
        "/seller",
        "/seller/",
        "/seller/shipments/42",
        "/seller/catalog",
        "/seller/index.html",
        "/seller/./index.html",
        // The check page of a unit's label: the same app's.
        "/v/K3M9Q-7TXW2",
    ] {
        let res = shop.raw(page(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{path}: {csp}"
        );
        let body = res.into_body().collect().await.expect("body").to_bytes();
        let html = String::from_utf8_lossy(&body).into_owned();
        assert!(
            html.contains("haitao-seller-"),
            "the seller centre's app: {path}"
        );
        assert!(
            html.contains("lang=\"en-US\"") || html.contains("lang=en-US"),
            "{path}"
        );
        assert!(
            html.contains("/locales/en-US."),
            "the shop's messages: {path}"
        );
        let at = html
            .find("/locales/seller-en-US.")
            .expect("the centre's messages");
        messages = html[at..].split('"').next().unwrap_or_default().to_owned();
    }
    let res = shop
        .raw(
            Request::get(messages.as_str())
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{messages}");
    let body = res.into_body().collect().await.expect("body").to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("sc-sign-in-heading = Seller centre"));
    // A file of it that is not there is a 404, not the page.
    let res = shop.raw(page("/seller/haitao-seller-0123.js")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The shop's messages never hold the centre's.
    let shop_messages =
        haitao::locales::text(haitao::locales::Part::Shop, haitao_core::text::Lang::EnUs);
    assert!(!shop_messages.contains("sc-sign-in-heading"));
}
