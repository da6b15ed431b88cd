//! Alipay and WeChat Pay, configured as an operator configures them, against
//! local fakes of their endpoints (tests/fakes/): the form of payment follows
//! the shopper's screen, every request the shop sends passes the provider's
//! signature check, and what the providers send back is applied only when
//! signed, fresh and for the payment's amount: paid, failed, paid twice,
//! paid with the wrong amount, forged, replayed.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use haitao_server::infra::config::Settings;
use haitao_server::orders::refunds::refund_order;
use haitao_server::payments::config;
use http_body_util::BodyExt;
use serde_json::{json, Value};

use crate::common::{identity, Shop};
use crate::fakes::alipay::FakeAlipay;
use crate::fakes::wechat::{self, FakeWechat};

const PHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
const IN_WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50(0x1800322d) NetType/WIFI Language/zh_CN";
const DESKTOP: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";

struct Live {
    shop: Shop,
    alipay: Arc<FakeAlipay>,
    wechat: Arc<FakeWechat>,
    _keys: tempfile::TempDir,
}

fn lookup(vars: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
    move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
}

/// A shop whose providers are configured from `vars` as `settings` name them.
async fn configured(settings: &Settings, vars: Vec<(&'static str, String)>) -> Shop {
    Shop::changed(Settings::default(), None, |st| {
        let p = config::from_env(settings, &st.keys, &st.http, lookup(vars)).expect("configured");
        st.use_providers(p);
    })
    .await
}

async fn live() -> Live {
    live_with(|_| {}).await
}

/// `live()` with its settings changed by `change` first.
async fn live_with(change: impl FnOnce(&mut Vec<(&'static str, String)>)) -> Live {
    live_against(FakeWechat::new(), change).await
}

/// A shop configured for the fakes, WeChat Pay's being `wechat`, its
/// settings changed by `change` first.
async fn live_against(
    (wechat, wechat_keys): (Arc<FakeWechat>, crate::fakes::ShopKeys),
    change: impl FnOnce(&mut Vec<(&'static str, String)>),
) -> Live {
    let (alipay, alipay_keys) = FakeAlipay::new();
    let alipay_base = crate::fakes::serve(alipay.router()).await;
    let wechat_base = crate::fakes::serve(wechat.router()).await;
    let dir = tempfile::tempdir().expect("dir");
    let mut vars = crate::fakes::shop_settings(
        dir.path(),
        &alipay_keys,
        &alipay_base,
        &wechat_keys,
        &wechat_base,
    );
    change(&mut vars);
    let settings = Settings {
        payments: "alipay,wechat".into(),
        ..Settings::default()
    };
    let shop = configured(&settings, vars).await;
    Live {
        shop,
        alipay,
        wechat,
        _keys: dir,
    }
}

/// WeChat's OAuth, followed: the shop's page it sends the shopper back to
/// (with the code for the openid).
async fn back_from_oauth(url: &str) -> String {
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = no_redirects
        .get(url.trim_end_matches("#wechat_redirect"))
        .send()
        .await
        .expect("oauth");
    let back = res.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    back.strip_prefix("http://127.0.0.1:8080")
        .expect("to the shop")
        .to_owned()
}

async fn placed(shop: &Shop, key: &str) -> (String, i64) {
    let o = shop
        .order_of(json!([{"sku": "AL-500G", "qty": 1}]), identity(), key)
        .await;
    (
        o["id"].as_str().expect("id").to_owned(),
        o["quote"]["total"]["amount"].as_i64().expect("total"),
    )
}

async fn status(shop: &Shop, id: &str) -> String {
    shop.get(&format!("/api/orders/{id}")).await.1["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn payment_status(shop: &Shop, payment: &str) -> String {
    let (s,): (String,) = sqlx::query_as("SELECT status FROM payments WHERE id = $1")
        .bind(payment)
        .fetch_one(&shop.state.db)
        .await
        .expect("payment");
    s
}

/// Starts a payment; its id and where the shopper is sent.
async fn start(shop: &Shop, id: &str, method: &str, key: &str, ua: &str) -> (String, String) {
    let (s, start) = shop.pay_from(id, method, key, ua).await;
    assert_eq!(s, StatusCode::OK, "{start}");
    (
        start["payment_id"].as_str().expect("payment").to_owned(),
        start["redirect_url"].as_str().expect("redirect").to_owned(),
    )
}

/// The shop's answer to a form Alipay posts: status and text.
async fn alipay_notifies(shop: &Shop, params: &[(String, String)]) -> (StatusCode, String) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter())
        .finish();
    let req = Request::post("/api/payments/alipay/notify")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    let res = shop.raw(req).await;
    let status = res.status();
    let text = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&text).into_owned())
}

async fn wechat_notifies(
    shop: &Shop,
    (headers, body): (Vec<(String, String)>, String),
) -> StatusCode {
    let mut req =
        Request::post("/api/payments/wechat/notify").header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(k, v);
    }
    shop.raw(req.body(Body::from(body)).expect("request"))
        .await
        .status()
}

/// Half an hour later, the expiry sweep runs (unpaid orders are given up).
async fn expire_after_half_an_hour(shop: &Shop) {
    shop.state
        .clock
        .advance(std::time::Duration::from_secs(31 * 60));
    haitao_server::orders::close::expire_due(&shop.state)
        .await
        .expect("expire");
}

/// The background round of refunds, as the jobs run it.
async fn background_refunds(shop: &Shop) -> usize {
    use haitao_server::orders::refunds::{settle, Round};
    let st = &shop.state;
    settle(&st.db, &st.clock, st.payments.as_ref(), Round::Background).await
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn alipay_on_a_phone_pays_through_its_mobile_cashier_once() {
    let l = live().await;
    let (id, total) = placed(&l.shop, "ali-phone-order-1").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-phone-pay-01", PHONE).await;
    assert!(
        url.contains("/gateway.do?service=create_forex_trade_wap&"),
        "{url}"
    );
    // The shopper's browser opens the cashier: Alipay checks the shop's signature.
    let page = reqwest::get(&url)
        .await
        .expect("cashier")
        .text()
        .await
        .expect("page");
    assert!(page.contains(&payment), "{page} {:?}", l.alipay.refused());
    let trade = l.alipay.trade(&payment);
    assert_eq!(trade.rmb_fee, format!("{}.{:02}", total / 100, total % 100));
    assert!(trade.notify_url.ends_with("/api/payments/alipay/notify"));

    let paid = l.alipay.notification(&payment, "TRADE_FINISHED", None);
    assert_eq!(
        alipay_notifies(&l.shop, &paid).await,
        (StatusCode::OK, "success".into())
    );
    assert_eq!(status(&l.shop, &id).await, "paid");
    // Alipay sends again until it reads "success": the same word changes nothing.
    assert_eq!(
        alipay_notifies(&l.shop, &paid).await,
        (StatusCode::OK, "success".into())
    );
    assert_eq!(payment_status(&l.shop, &payment).await, "succeeded");
    assert!(l.alipay.refunds().is_empty());
    // Customs are told Alipay's own number for the payment, not the shop's.
    let trade_no = crate::fakes::value(&paid, "trade_no");
    assert_eq!(declared_transaction(&l.shop, &id).await, trade_no);
    assert_ne!(trade_no, payment);
}

/// The `payTransactionId` of order `id`'s customs declaration.
async fn declared_transaction(shop: &Shop, id: &str) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let done = shop.declare(dir.path()).await;
    assert!(done.failed.is_empty(), "{:?}", done.failed);
    let xml = std::fs::read_to_string(dir.path().join(format!("CEB311_{id}.xml"))).expect("file");
    xml.split("<ceb:payTransactionId>")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn alipay_on_a_desktop_uses_the_website_cashier() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "ali-desk-order-1").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-desk-pay-001", DESKTOP).await;
    assert!(url.contains("service=create_forex_trade&"), "{url}");
    reqwest::get(&url).await.expect("cashier");
    assert_eq!(
        l.alipay.trade(&payment).service,
        "create_forex_trade",
        "{:?}",
        l.alipay.refused()
    );
}

#[tokio::test]
async fn alipay_refuses_forged_and_wrong_amounts_and_a_closed_trade_leaves_the_order_payable() {
    let l = live().await;
    let (id, total) = placed(&l.shop, "ali-bad-order-01").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-bad-pay-0001", PHONE).await;
    reqwest::get(&url).await.expect("cashier");

    // Forged: the parameters of a real notification, signed by someone else.
    let mut forged = l.alipay.notification(&payment, "TRADE_FINISHED", None);
    let (other, _) = FakeAlipay::new();
    let unsigned: Vec<_> = forged
        .iter()
        .filter(|(k, _)| k != "sign" && k != "sign_type")
        .cloned()
        .collect();
    forged = other.signed(unsigned);
    let (s, text) = alipay_notifies(&l.shop, &forged).await;
    assert_eq!((s, text.as_str()), (StatusCode::BAD_REQUEST, "fail"));
    // Signed by Alipay, for another merchant's trade (seller_id).
    let theirs: Vec<_> = l
        .alipay
        .notification(&payment, "TRADE_FINISHED", None)
        .into_iter()
        .filter(|(k, _)| k != "sign" && k != "sign_type")
        .map(|(k, v)| {
            if k == "seller_id" {
                (k, "2088999999999999".to_owned())
            } else {
                (k, v)
            }
        })
        .collect();
    let theirs = l.alipay.signed(theirs);
    assert_eq!(
        alipay_notifies(&l.shop, &theirs).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");
    // Signed, but a changed amount after signing.
    let mut tampered = l.alipay.notification(&payment, "TRADE_FINISHED", None);
    if let Some(fee) = tampered.iter_mut().find(|(k, _)| k == "rmb_fee") {
        fee.1 = "0.01".into();
    }
    assert_eq!(
        alipay_notifies(&l.shop, &tampered).await.0,
        StatusCode::BAD_REQUEST
    );
    // Signed by Alipay, for another amount than the payment's.
    let less = format!("{}.{:02}", (total - 100) / 100, (total - 100) % 100);
    let wrong = l
        .alipay
        .notification(&payment, "TRADE_FINISHED", Some(&less));
    let (s, text) = alipay_notifies(&l.shop, &wrong).await;
    assert_eq!(
        (s, text.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "fail")
    );
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");

    let closed = l.alipay.notification(&payment, "TRADE_CLOSED", None);
    assert_eq!(alipay_notifies(&l.shop, &closed).await.1, "success");
    assert_eq!(payment_status(&l.shop, &payment).await, "cancelled");
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");
    // Payable again, by a new attempt.
    let (again, _) = start(&l.shop, &id, "alipay", "ali-bad-pay-0002", PHONE).await;
    assert_ne!(again, payment);
}

#[tokio::test]
async fn alipays_return_is_believed_only_when_signed_and_leads_to_the_order() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "ali-back-order-1").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-back-pay-001", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    let back = |params: &[(String, String)]| {
        let q = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        Request::get(format!("/api/payments/alipay/return?{q}"))
            .body(Body::empty())
            .expect("request")
    };
    // A forged return: to the order, and nothing applied.
    let (other, _) = FakeAlipay::new();
    let real = l.alipay.notification(&payment, "TRADE_FINISHED", None);
    let forged = other.signed(
        real.iter()
            .filter(|(k, _)| k != "sign" && k != "sign_type")
            .cloned()
            .collect(),
    );
    let res = l.shop.raw(back(&forged)).await;
    assert!(res.status().is_redirection());
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/orders/{id}?payment=returned").as_str()
    );
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");
    // Alipay's own: applied (if the notification has not come yet) and said.
    let res = l.shop.raw(back(&real)).await;
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/orders/{id}?payment=succeeded").as_str()
    );
    assert_eq!(status(&l.shop, &id).await, "paid");
}

#[tokio::test]
async fn alipay_paid_twice_is_refunded_once_through_forex_refund() {
    let l = live().await;
    let (id, total) = placed(&l.shop, "ali-twice-order1").await;
    let (first, url1) = start(&l.shop, &id, "alipay", "ali-twice-pay-01", PHONE).await;
    reqwest::get(&url1).await.expect("cashier");
    // The shopper reloads and starts again; then pays both cashiers.
    let (second, url2) = start(&l.shop, &id, "alipay", "ali-twice-pay-02", PHONE).await;
    reqwest::get(&url2).await.expect("cashier");
    for p in [&second, &first] {
        let n = l.alipay.notification(p, "TRADE_FINISHED", None);
        assert_eq!(alipay_notifies(&l.shop, &n).await.1, "success");
    }
    assert_eq!(status(&l.shop, &id).await, "paid");
    // Alipay's refunds go in the background round, which keeps their spacing.
    assert!(l.alipay.refunds().is_empty());
    background_refunds(&l.shop).await;
    let refunds = l.alipay.refunds();
    assert_eq!(refunds.len(), 1, "{refunds:?} {:?}", l.alipay.refused());
    let (trade, amount) = refunds.values().next().expect("refund");
    assert_eq!(trade, &first, "the attempt that came second is given back");
    assert_eq!(amount, &format!("{}.{:02}", total / 100, total % 100));
    let (done,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM refunds WHERE status = 'done'")
        .fetch_one(&l.shop.state.db)
        .await
        .expect("refunds");
    assert_eq!(done, 1);
}

#[tokio::test]
async fn wechat_on_a_phone_is_h5_and_its_notification_is_taken_once_and_never_replayed() {
    let l = live().await;
    let (id, total) = placed(&l.shop, "wx-h5-order-0001").await;
    let (payment, url) = start(&l.shop, &id, "wechat", "wx-h5-pay-000001", PHONE).await;
    assert!(
        url.contains(&format!("/fake/wechat/h5?prepay_id=wx{payment}&")),
        "{url} {:?}",
        l.wechat.refused()
    );
    assert!(
        url.contains(&format!(
            "&redirect_url=http%3A%2F%2F127%2E0%2E0%2E1%3A8080%2Forders%2F{id}%3Fpayment%3Dreturned"
        )),
        "{url}"
    );
    let order = l.wechat.order_of(&payment);
    assert_eq!((order.kind.as_str(), order.total), ("h5", total));
    assert_eq!(order.body["scene_info"]["h5_info"]["type"], "Wap");
    // WeChat Pay stops taking money when the shop gives the order up.
    let (pay_by,): (String,) = sqlx::query_as("SELECT pay_by FROM orders WHERE id = $1")
        .bind(&id)
        .fetch_one(&l.shop.state.db)
        .await
        .expect("pay_by");
    assert_eq!(
        order.body["time_expire"].as_str(),
        haitao_server::infra::clock::china_rfc3339(&pay_by).as_deref()
    );
    assert!(order.body["time_expire"]
        .as_str()
        .is_some_and(|t| t.ends_with("+08:00")));

    let paid = l.wechat.notification(&payment, "SUCCESS", None, now());
    assert_eq!(
        wechat_notifies(&l.shop, paid.clone()).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(status(&l.shop, &id).await, "paid");
    // Customs are told WeChat Pay's transaction_id (the fake's 4200…), not the shop's payment id.
    assert_eq!(
        declared_transaction(&l.shop, &id).await,
        format!("42000000002026{payment}")
    );
    // Delivered twice: taken, nothing changes.
    assert_eq!(wechat_notifies(&l.shop, paid).await, StatusCode::NO_CONTENT);
    // The same message replayed ten minutes on: refused.
    let replay = l
        .wechat
        .notification(&payment, "SUCCESS", None, now() - 600);
    assert_eq!(
        wechat_notifies(&l.shop, replay).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(l.wechat.refunds().is_empty());
}

#[tokio::test]
async fn wechat_refuses_forged_and_wrong_amounts_and_a_failed_payment_leaves_the_order_payable() {
    let l = live().await;
    let (id, total) = placed(&l.shop, "wx-bad-order-001").await;
    let (payment, _) = start(&l.shop, &id, "wechat", "wx-bad-pay-00001", PHONE).await;
    // Signed by another key than WeChat Pay's.
    let (other, _) = FakeWechat::new();
    other
        .book
        .lock()
        .expect("book")
        .orders
        .insert(payment.clone(), l.wechat.order_of(&payment));
    let forged = other.notification(&payment, "SUCCESS", None, now());
    assert_eq!(
        wechat_notifies(&l.shop, forged).await,
        StatusCode::UNAUTHORIZED
    );
    // Signed, for another amount.
    let wrong = l
        .wechat
        .notification(&payment, "SUCCESS", Some(total - 1), now());
    assert_eq!(
        wechat_notifies(&l.shop, wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");
    let failed = l.wechat.notification(&payment, "PAYERROR", None, now());
    assert_eq!(
        wechat_notifies(&l.shop, failed).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(payment_status(&l.shop, &payment).await, "failed");
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");
}

#[tokio::test]
async fn wechat_on_a_desktop_shows_the_native_qr_code_until_paid() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "wx-qr-order-0001").await;
    let (payment, url) = start(&l.shop, &id, "wechat", "wx-qr-pay-000001", DESKTOP).await;
    assert_eq!(url, format!("/pay/wechat/{payment}"));
    let page = |uri: String| Request::get(uri).body(Body::empty()).expect("request");
    let res = l.shop.raw(page(url.clone())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(!csp.contains("script-src"), "{csp}");
    let html = String::from_utf8_lossy(&res.into_body().collect().await.expect("body").to_bytes())
        .into_owned();
    assert!(
        html.contains("<svg") && html.contains("http-equiv=refresh"),
        "{html}"
    );
    // The page looks again by itself: the same code, and WeChat Pay asked once.
    let again = l.shop.raw(page(url.clone())).await;
    let again =
        String::from_utf8_lossy(&again.into_body().collect().await.expect("body").to_bytes())
            .into_owned();
    assert_eq!(again, html);
    assert_eq!(l.wechat.book.lock().expect("book").order_requests, 1);
    assert_eq!(l.wechat.order_of(&payment).kind, "native");
    let paid = l.wechat.notification(&payment, "SUCCESS", None, now());
    assert_eq!(wechat_notifies(&l.shop, paid).await, StatusCode::NO_CONTENT);
    // Paid: the page goes on to the order.
    let res = l.shop.raw(page(url)).await;
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/orders/{id}").as_str()
    );
}

#[tokio::test]
async fn inside_wechat_the_openid_comes_from_oauth_and_the_payment_sheet_is_signed() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "wx-app-order-001").await;
    let (payment, url) = start(&l.shop, &id, "wechat", "wx-app-pay-00001", IN_WECHAT).await;
    assert!(
        url.contains("/connect/oauth2/authorize?appid=") && url.ends_with("#wechat_redirect"),
        "{url}"
    );
    // WeChat's OAuth sends the shopper back to the shop with a code.
    let path = back_from_oauth(&url).await;
    assert!(
        path.starts_with(&format!("/pay/wechat/{payment}?code=")),
        "{path}"
    );
    let res = l
        .shop
        .raw(Request::get(path).body(Body::empty()).expect("request"))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", l.wechat.refused());
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp")
        .to_owned();
    let scripts = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap_or_default();
    assert!(
        scripts.contains("'sha256-") && !scripts.contains("unsafe"),
        "{csp}"
    );
    let html = String::from_utf8_lossy(&res.into_body().collect().await.expect("body").to_bytes())
        .into_owned();
    let data = html
        .split("<script type=application/json id=sheet>")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the sheet");
    let sheet: Value = serde_json::from_str(data).expect("json");
    assert_eq!(sheet["back"], format!("/orders/{id}?payment=returned"));
    let s = &sheet["sheet"];
    assert_eq!(s["package"], format!("prepay_id=wx{payment}"));
    assert_eq!(s["appId"], wechat::APPID);
    assert_eq!(s["signType"], "RSA");
    // paySign is the merchant's signature over appId, timeStamp, nonceStr, package.
    let message = format!(
        "{}\n{}\n{}\n{}\n",
        s["appId"].as_str().unwrap_or_default(),
        s["timeStamp"].as_str().unwrap_or_default(),
        s["nonceStr"].as_str().unwrap_or_default(),
        s["package"].as_str().unwrap_or_default()
    );
    assert!(l.wechat.shop_key.verify(
        message.as_bytes(),
        s["paySign"].as_str().unwrap_or_default()
    ));
    let order = l.wechat.order_of(&payment);
    assert_eq!(order.kind, "jsapi");
    assert_eq!(order.body["payer"]["openid"], wechat::OPENID);
}

/// WeChat's OAuth takes the AppSecret in its query string; a call that
/// fails (nobody answering) is logged without it.
#[tokio::test]
async fn a_failed_oauth_call_leaves_the_app_secret_out_of_the_log() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        format!("http://{}", l.local_addr().expect("addr"))
    };
    let l = live_with(|vars| {
        vars.retain(|(k, _)| *k != "HAITAO_WECHAT_SNS");
        vars.push(("HAITAO_WECHAT_SNS", closed));
    })
    .await;
    let (id, _) = placed(&l.shop, "wx-oauth-fail-01").await;
    let (payment, _) = start(&l.shop, &id, "wechat", "wx-oauth-fail-p1", IN_WECHAT).await;
    let (logs, _guard) = crate::common::logs::Logs::capture();
    let res = l
        .shop
        .raw(
            Request::get(format!("/pay/wechat/{payment}?code=oauth-code-0123"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let log = logs.text();
    assert!(
        log.contains("WeChat Pay order"),
        "the failure is logged: {log}"
    );
    for secret in [wechat::APP_SECRET, "secret=", "oauth-code-0123"] {
        assert!(!log.contains(secret), "{secret} in the log: {log}");
    }
}

#[tokio::test]
async fn wechat_paid_twice_and_the_shops_own_refund_go_back_through_wechat_pay() {
    let l = live().await;
    let (id, total) = placed(&l.shop, "wx-twice-order01").await;
    let (first, _) = start(&l.shop, &id, "wechat", "wx-twice-pay-001", PHONE).await;
    let (second, _) = start(&l.shop, &id, "wechat", "wx-twice-pay-002", PHONE).await;
    for p in [&first, &second] {
        let n = l.wechat.notification(p, "SUCCESS", None, now());
        assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    }
    assert_eq!(status(&l.shop, &id).await, "paid");
    let refunds = l.wechat.refunds();
    assert_eq!(refunds.len(), 1, "{:?}", l.wechat.refused());
    assert_eq!(refunds.values().next(), Some(&(second.clone(), total)));
    // The operator refunds the order: the paid attempt goes back too.
    let st = &l.shop.state;
    refund_order(&st.db, &st.clock, st.payments.as_ref(), &id)
        .await
        .expect("refunded");
    let refunds = l.wechat.refunds();
    assert_eq!(refunds.len(), 2);
    assert!(refunds.values().any(|r| r == &(first.clone(), total)));
}

#[tokio::test]
async fn a_method_the_shop_has_not_configured_is_refused_before_anything_starts() {
    let (alipay, keys) = FakeAlipay::new();
    let base = crate::fakes::serve(alipay.router()).await;
    let dir = tempfile::tempdir().expect("dir");
    let (_, wx) = FakeWechat::new();
    let vars: Vec<_> = crate::fakes::shop_settings(dir.path(), &keys, &base, &wx, "http://unused")
        .into_iter()
        .filter(|(k, _)| k.starts_with("HAITAO_ALIPAY"))
        .collect();
    let settings = Settings {
        payments: "alipay".into(),
        ..Settings::default()
    };
    let shop = configured(&settings, vars).await;
    let (_, options) = shop.get("/api/payments/options").await;
    assert_eq!(options, json!({ "sandbox": false, "methods": ["alipay"] }));
    let (id, _) = placed(&shop, "only-alipay-order").await;
    let (s, err) = shop
        .pay_from(&id, "wechat", "only-alipay-pay-1", PHONE)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payments")
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    assert_eq!(n, 0);
    // WeChat Pay's routes are not there at all.
    let res = shop
        .raw(
            Request::post("/api/payments/wechat/notify")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn money_that_arrives_after_the_order_expired_goes_back_through_alipay() {
    let l = live().await;
    let (id, total) = placed(&l.shop, "ali-late-order-1").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-late-pay-001", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    expire_after_half_an_hour(&l.shop).await;
    assert_eq!(status(&l.shop, &id).await, "cancelled");
    // The shopper paid at the last moment; Alipay's word comes after the expiry.
    let paid = l.alipay.notification(&payment, "TRADE_FINISHED", None);
    assert_eq!(alipay_notifies(&l.shop, &paid).await.1, "success");
    assert_eq!(status(&l.shop, &id).await, "cancelled");
    assert_eq!(payment_status(&l.shop, &payment).await, "refunded");
    background_refunds(&l.shop).await;
    let refunds = l.alipay.refunds();
    let want = (
        payment.clone(),
        format!("{}.{:02}", total / 100, total % 100),
    );
    assert_eq!(refunds.values().collect::<Vec<_>>(), vec![&want]);
}

#[tokio::test]
async fn a_lost_wechat_notification_is_asked_for_before_the_order_would_expire() {
    let l = live().await;
    let (paid_id, _) = placed(&l.shop, "wx-lost-order-01").await;
    let (paid, _) = start(&l.shop, &paid_id, "wechat", "wx-lost-pay-0001", PHONE).await;
    let (unpaid_id, _) = placed(&l.shop, "wx-lost-order-02").await;
    start(&l.shop, &unpaid_id, "wechat", "wx-lost-pay-0002", PHONE).await;
    // The shopper paid; WeChat Pay's notification never reaches the shop.
    l.wechat.settle(&paid, "SUCCESS");
    expire_after_half_an_hour(&l.shop).await;
    assert_eq!(
        status(&l.shop, &paid_id).await,
        "paid",
        "{:?}",
        l.wechat.refused()
    );
    assert_eq!(status(&l.shop, &unpaid_id).await, "cancelled");
    assert!(l.wechat.refunds().is_empty());
}

#[tokio::test]
async fn reading_a_due_order_also_asks_wechat_pay_first() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "wx-read-order-01").await;
    let (payment, _) = start(&l.shop, &id, "wechat", "wx-read-pay-0001", PHONE).await;
    l.wechat.settle(&payment, "SUCCESS");
    l.shop
        .state
        .clock
        .advance(std::time::Duration::from_secs(31 * 60));
    // The shopper opens the order at the end of the countdown, before the sweep.
    assert_eq!(status(&l.shop, &id).await, "paid");
}

/// The fake refuses as WeChat Pay does: a call without Accept or User-Agent
/// (reqwest sends none by default), and an answer to a call that names no key
/// comes signed by the platform certificate, which the shop does not hold.
#[tokio::test]
async fn the_fake_refuses_what_wechat_pay_refuses_and_the_shop_sends_what_it_needs() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "wx-headers-ord1").await;
    let (payment, _) = start(&l.shop, &id, "wechat", "wx-headers-pay1", PHONE).await;
    assert_eq!(
        l.wechat.order_of(&payment).kind,
        "h5",
        "{:?}",
        l.wechat.refused()
    );
    let base = l.shop.state.wechat.as_ref().expect("wechat").api.clone();
    let bare = reqwest::Client::new()
        .post(format!("{base}/v3/pay/transactions/h5"))
        .body("{}")
        .send()
        .await
        .expect("answer");
    assert_eq!(bare.status(), StatusCode::BAD_REQUEST);
    let said: Value = bare.json().await.expect("json");
    assert_eq!(said["code"], "INVALID_REQUEST");
    assert!(l
        .wechat
        .refused()
        .iter()
        .any(|r| r == wechat::MISSING_HEADERS));
}

async fn refund_row(shop: &Shop, payment: &str) -> (String, String, Option<String>, i64) {
    sqlx::query_as("SELECT id, status, failure, attempt FROM refunds WHERE payment_id = $1")
        .bind(payment)
        .fetch_one(&shop.state.db)
        .await
        .expect("refund")
}

async fn wechat_refund_notifies(
    shop: &Shop,
    (headers, body): (Vec<(String, String)>, String),
) -> StatusCode {
    let mut req = Request::post("/api/payments/wechat/refund-notify")
        .header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(k, v);
    }
    shop.raw(req.body(Body::from(body)).expect("request"))
        .await
        .status()
}

/// WeChat Pay answers a refund PROCESSING: it is not done until WeChat Pay
/// says so. One that ends CLOSED is failed, in front of the operator, who
/// sends it again under a new number; that one is followed by query to SUCCESS.
#[tokio::test]
async fn a_wechat_refund_is_done_only_when_wechat_pay_says_it_ended() {
    use haitao_server::orders::refunds;
    let l = live().await;
    // The refund is sent again at once: the shop's clock moves, the fake's does not.
    l.wechat.refund_gap(std::time::Duration::ZERO);
    let st = &l.shop.state;
    let (id, _) = placed(&l.shop, "wx-rf-end-order1").await;
    let (first, _) = start(&l.shop, &id, "wechat", "wx-rf-end-pay-01", PHONE).await;
    let (second, _) = start(&l.shop, &id, "wechat", "wx-rf-end-pay-02", PHONE).await;
    for p in [&first, &second] {
        let n = l.wechat.notification(p, "SUCCESS", None, now());
        assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    }
    // The second success is refunded: sent, PROCESSING, with the shop's notify_url.
    let (refund, state, _, _) = refund_row(&l.shop, &second).await;
    assert_eq!(state, "processing", "{:?}", l.wechat.refused());
    let (at_wechat, notify_url) = l.wechat.refund_state(&refund).expect("sent");
    assert_eq!(at_wechat, "PROCESSING");
    assert!(
        notify_url.ends_with("/api/payments/wechat/refund-notify"),
        "{notify_url}"
    );
    // Still processing when asked again.
    refunds::settle(
        &st.db,
        &st.clock,
        st.payments.as_ref(),
        refunds::Round::Background,
    )
    .await;
    assert_eq!(refund_row(&l.shop, &second).await.1, "processing");
    // Ended, but a round run right after a payment only sends: following is
    // the background round's.
    l.wechat.end_refund(&refund, "SUCCESS");
    refunds::settle(&st.db, &st.clock, st.payments.as_ref(), refunds::Round::Now).await;
    assert_eq!(refund_row(&l.shop, &second).await.1, "processing");
    l.wechat.end_refund(&refund, "PROCESSING");
    // WeChat Pay closes it: it notifies REFUND.CLOSED.
    l.wechat.end_refund(&refund, "CLOSED");
    let told = l.wechat.refund_notification(&refund, now());
    // Forged or replayed, it changes nothing.
    let mut forged = told.clone();
    assert!(forged.1.contains("REFUND.CLOSED"), "{}", forged.1);
    forged.1 = forged.1.replace("REFUND.CLOSED", "REFUND.SUCCESS");
    assert_eq!(
        wechat_refund_notifies(&l.shop, forged).await,
        StatusCode::UNAUTHORIZED
    );
    let stale = l.wechat.refund_notification(&refund, now() - 3600);
    assert_eq!(
        wechat_refund_notifies(&l.shop, stale).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(refund_row(&l.shop, &second).await.1, "processing");
    assert_eq!(
        wechat_refund_notifies(&l.shop, told.clone()).await,
        StatusCode::NO_CONTENT
    );
    let (_, state, failure, _) = refund_row(&l.shop, &second).await;
    assert_eq!(
        (state.as_str(), failure.as_deref()),
        ("failed", Some("CLOSED"))
    );
    // The same notification again is answered, and changes nothing.
    assert_eq!(
        wechat_refund_notifies(&l.shop, told).await,
        StatusCode::NO_CONTENT
    );
    // The operator sees it first among refunds not done, and sends it again.
    let open = refunds::unfinished(&st.db).await.expect("list");
    assert_eq!(
        (open[0].id.as_str(), open[0].status.as_str()),
        (refund.as_str(), "failed")
    );
    assert_eq!(
        refunds::retry(&st.db, &refund).await.expect("retry"),
        refunds::Retry::Requested
    );
    assert_eq!(
        refunds::retry(&st.db, &refund).await.expect("retry"),
        refunds::Retry::NotFailed,
        "only a failed one"
    );
    refunds::settle(
        &st.db,
        &st.clock,
        st.payments.as_ref(),
        refunds::Round::Background,
    )
    .await;
    let again = refunds::provider_number(&refund, 1);
    assert_eq!(
        l.wechat.refund_state(&again).map(|r| r.0).as_deref(),
        Some("PROCESSING")
    );
    // It succeeds; the notification is lost, the shop's query finds it.
    l.wechat.end_refund(&again, "SUCCESS");
    assert_eq!(
        refunds::settle(
            &st.db,
            &st.clock,
            st.payments.as_ref(),
            refunds::Round::Background
        )
        .await,
        1
    );
    let (_, state, failure, attempt) = refund_row(&l.shop, &second).await;
    assert_eq!((state.as_str(), failure, attempt), ("done", None, 1));
    // A late word on the first attempt does not undo it.
    l.wechat.end_refund(&refund, "ABNORMAL");
    let late = l.wechat.refund_notification(&refund, now());
    assert_eq!(
        wechat_refund_notifies(&l.shop, late).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(refund_row(&l.shop, &second).await.1, "done");
}

/// A refund WeChat Pay will not take: for a while (NOT_ENOUGH, the
/// merchant's balance) it waits, shown to the operator, and is sent again
/// under the same number no sooner than a minute later; refused outright
/// (INVALID_REQUEST) it is failed in front of the operator, and sent again
/// it keeps its number. One that ends ABNORMAL is not sent again at all: the
/// operator settles it in the merchant platform and records it.
#[tokio::test]
async fn a_refund_wechat_pay_refuses_waits_for_the_operator_under_its_own_number() {
    use haitao_server::orders::refunds::{self, Retry};
    let l = live().await;
    let st = &l.shop.state;
    let (id, _) = placed(&l.shop, "wx-rf-refuse-ord1").await;
    let (first, _) = start(&l.shop, &id, "wechat", "wx-rf-refuse-pay1", PHONE).await;
    let (second, _) = start(&l.shop, &id, "wechat", "wx-rf-refuse-pay2", PHONE).await;
    l.wechat
        .refuse_next_refund(StatusCode::FORBIDDEN, "NOT_ENOUGH");
    for p in [&first, &second] {
        let n = l.wechat.notification(p, "SUCCESS", None, now());
        assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    }
    let (refund, state, failure, _) = refund_row(&l.shop, &second).await;
    assert_eq!(state, "requested");
    assert!(
        failure
            .as_deref()
            .unwrap_or_default()
            .contains("NOT_ENOUGH"),
        "{failure:?}"
    );
    assert_eq!(l.wechat.refund_requests(), vec![refund.clone()]);
    // Not again within the minute.
    background_refunds(&l.shop).await;
    assert_eq!(l.wechat.refund_requests().len(), 1);
    // A minute on, sent again under its own number; now refused outright.
    st.clock.advance(std::time::Duration::from_secs(61));
    l.wechat
        .refuse_next_refund(StatusCode::BAD_REQUEST, "INVALID_REQUEST");
    background_refunds(&l.shop).await;
    assert_eq!(
        l.wechat.refund_requests(),
        vec![refund.clone(), refund.clone()]
    );
    let (_, state, failure, attempt) = refund_row(&l.shop, &second).await;
    assert_eq!((state.as_str(), attempt), ("failed", 0));
    assert!(
        failure
            .as_deref()
            .unwrap_or_default()
            .starts_with("INVALID_REQUEST"),
        "{failure:?}"
    );
    // Not sent by itself any more: the operator sees it first.
    st.clock.advance(std::time::Duration::from_secs(61));
    background_refunds(&l.shop).await;
    assert_eq!(l.wechat.refund_requests().len(), 2);
    let open = refunds::unfinished(&st.db).await.expect("list");
    assert_eq!(
        (
            open[0].id.as_str(),
            open[0].status.as_str(),
            open[0].refused
        ),
        (refund.as_str(), "failed", 1)
    );
    // Sent again by the operator: the same number, taken this time.
    assert_eq!(
        refunds::retry(&st.db, &refund).await.expect("retry"),
        Retry::Requested
    );
    background_refunds(&l.shop).await;
    assert_eq!(l.wechat.refund_requests(), vec![refund.clone(); 3]);
    let (_, state, failure, attempt) = refund_row(&l.shop, &second).await;
    assert_eq!((state.as_str(), failure, attempt), ("processing", None, 0));
    // The shopper's card refuses the money: ABNORMAL, held for the merchant platform.
    l.wechat.end_refund(&refund, "ABNORMAL");
    background_refunds(&l.shop).await;
    assert_eq!(
        refund_row(&l.shop, &second).await.2.as_deref(),
        Some("ABNORMAL")
    );
    assert_eq!(
        refunds::retry(&st.db, &refund).await.expect("retry"),
        Retry::HeldAbnormal
    );
    assert_eq!(refund_row(&l.shop, &second).await.1, "failed");
    assert!(refunds::handled(&st.db, &st.clock, &refund)
        .await
        .expect("handled"));
    let (_, state, failure, _) = refund_row(&l.shop, &second).await;
    assert_eq!(state, "done");
    assert!(
        failure.as_deref().unwrap_or_default().ends_with("ABNORMAL"),
        "{failure:?}"
    );
    assert!(!refunds::handled(&st.db, &st.clock, &refund)
        .await
        .expect("handled"));
    assert_eq!(
        l.wechat.refund_requests().len(),
        3,
        "nothing sent for it since"
    );
}

/// Before the shop gives an unpaid order up (expired, or cancelled by the
/// shopper), its WeChat Pay order is closed: the shopper can no longer pay
/// money that would need a cross-border refund.
#[tokio::test]
async fn an_order_given_up_is_closed_at_wechat_pay_first() {
    let l = live().await;
    let (expiring, _) = placed(&l.shop, "wx-close-order-1").await;
    let (late, _) = start(&l.shop, &expiring, "wechat", "wx-close-pay-001", PHONE).await;
    let (cancelled, _) = placed(&l.shop, "wx-close-order-2").await;
    let (dropped, _) = start(&l.shop, &cancelled, "wechat", "wx-close-pay-002", PHONE).await;
    // The shopper cancels the second order.
    let (s, o) = l
        .shop
        .post(&format!("/api/orders/{cancelled}/cancel"), &json!({}), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{o}");
    assert_eq!(o["status"], "cancelled");
    assert_eq!(
        l.wechat.order_of(&dropped).state,
        "CLOSED",
        "{:?}",
        l.wechat.refused()
    );
    // The first runs out of time.
    expire_after_half_an_hour(&l.shop).await;
    assert_eq!(status(&l.shop, &expiring).await, "cancelled");
    assert_eq!(l.wechat.order_of(&late).state, "CLOSED");
    assert_eq!(l.wechat.closes(), 2);
    // Neither can be paid any more; nothing to refund.
    assert!(!l.wechat.settle(&late, "SUCCESS"));
    assert!(!l.wechat.settle(&dropped, "SUCCESS"));
    assert!(l.wechat.refunds().is_empty());
}

/// Alipay asks for three seconds between two refunds of one partner: three
/// refunds decided at once go out spaced (the fake refuses closer calls).
#[tokio::test]
async fn alipay_refunds_go_out_three_seconds_apart() {
    let l = live().await;
    let mut paid = Vec::new();
    for i in 0..3 {
        let (id, _) = placed(&l.shop, &format!("ali-space-order{i}")).await;
        let (p, url) = start(
            &l.shop,
            &id,
            "alipay",
            &format!("ali-space-pay-0{i}"),
            // One paid on a desktop: its refund names the website cashier's product.
            if i == 2 { DESKTOP } else { PHONE },
        )
        .await;
        reqwest::get(&url).await.expect("cashier");
        let n = l.alipay.notification(&p, "TRADE_FINISHED", None);
        assert_eq!(alipay_notifies(&l.shop, &n).await.1, "success");
        paid.push(id);
    }
    let st = &l.shop.state;
    for id in &paid {
        refund_order(&st.db, &st.clock, st.payments.as_ref(), id)
            .await
            .expect("refund recorded");
    }
    let started = std::time::Instant::now();
    assert_eq!(
        background_refunds(&l.shop).await,
        3,
        "{:?}",
        l.alipay.refused()
    );
    assert!(started.elapsed() >= std::time::Duration::from_secs(6));
    let at = l.alipay.refund_times();
    assert_eq!(at.len(), 3);
    for pair in at.windows(2) {
        assert!(
            pair[1] - pair[0] >= std::time::Duration::from_secs(3),
            "{at:?}"
        );
    }
}

/// Alipay's own notification samples carry the amount as `total_fee` in the
/// settlement currency, without `rmb_fee`: such a success pays the order (the
/// yuan amount is the one the shop signed when it created the trade).
#[tokio::test]
async fn alipays_total_fee_form_of_notification_pays_the_order() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "ali-total-order1").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-total-pay-001", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    let n = l
        .alipay
        .notification_in_total_fee(&payment, "TRADE_FINISHED", "17.06");
    assert_eq!(alipay_notifies(&l.shop, &n).await.1, "success");
    assert_eq!(status(&l.shop, &id).await, "paid");
    // In another currency than the contract's: not this shop's trade.
    let (other, _) = placed(&l.shop, "ali-total-order2").await;
    let (p2, url) = start(&l.shop, &other, "alipay", "ali-total-pay-002", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    let mut n = l
        .alipay
        .notification_in_total_fee(&p2, "TRADE_FINISHED", "17.06");
    n.retain(|(k, _)| k != "sign" && k != "sign_type" && k != "currency");
    n.push(("currency".into(), "EUR".into()));
    let n = l.alipay.signed(n);
    assert_eq!(alipay_notifies(&l.shop, &n).await.1, "fail");
    assert_eq!(status(&l.shop, &other).await, "awaiting_payment");
}

/// Signed with Alipay's key, but a notification Alipay does not confirm (its
/// `notify_verify` says false): only the trade's own word, asked of Alipay,
/// is applied; while it is unpaid, nothing is.
#[tokio::test]
async fn a_notification_alipay_does_not_confirm_is_refused() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "ali-verify-order1").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-verify-pay-01", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    let mut n = l.alipay.notification(&payment, "TRADE_FINISHED", None);
    n.retain(|(k, _)| k != "sign" && k != "sign_type");
    for (k, v) in n.iter_mut() {
        if k == "notify_id" {
            *v = "N-NEVER-SENT".into();
        }
    }
    let n = l.alipay.signed(n);
    let (s, text) = alipay_notifies(&l.shop, &n).await;
    assert_eq!((s, text.as_str()), (StatusCode::BAD_REQUEST, "fail"));
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");
    // Sent again after its notify_id lapsed, for a trade Alipay says is paid:
    // the trade's own word, asked of Alipay, pays the order.
    l.alipay.settle(&payment, "TRADE_FINISHED");
    let (s, text) = alipay_notifies(&l.shop, &n).await;
    assert_eq!((s, text.as_str()), (StatusCode::OK, "success"));
    assert_eq!(status(&l.shop, &id).await, "paid");
}

/// Alipay's notification lost for good: before the order expires the shop
/// asks Alipay (single_trade_query) and a paid trade pays the order; one the
/// shopper never paid (or never reached) lets it expire.
#[tokio::test]
async fn a_lost_alipay_notification_is_asked_for_before_the_order_would_expire() {
    let l = live().await;
    let (paid_id, _) = placed(&l.shop, "ali-lost-order-01").await;
    let (paid, url) = start(&l.shop, &paid_id, "alipay", "ali-lost-pay-0001", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    let (waiting_id, _) = placed(&l.shop, "ali-lost-order-02").await;
    let (_, url) = start(&l.shop, &waiting_id, "alipay", "ali-lost-pay-0002", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    let (never_id, _) = placed(&l.shop, "ali-lost-order-03").await;
    start(&l.shop, &never_id, "alipay", "ali-lost-pay-0003", PHONE).await;
    // The shopper paid; Alipay's notification never reaches the shop.
    l.alipay.settle(&paid, "TRADE_FINISHED");
    expire_after_half_an_hour(&l.shop).await;
    assert_eq!(
        status(&l.shop, &paid_id).await,
        "paid",
        "{:?}",
        l.alipay.refused()
    );
    assert_eq!(status(&l.shop, &waiting_id).await, "cancelled");
    assert_eq!(status(&l.shop, &never_id).await, "cancelled");
    assert!(l.alipay.refunds().is_empty());
}

/// The trade stops taking money when the shop gives the order up: created at
/// `order_gmt_create` (China time), valid `order_valid_time` seconds.
#[tokio::test]
async fn an_alipay_trade_is_valid_only_until_the_order_is_given_up() {
    let l = live().await;
    let (id, _) = placed(&l.shop, "ali-valid-order1").await;
    let (payment, url) = start(&l.shop, &id, "alipay", "ali-valid-pay-001", PHONE).await;
    reqwest::get(&url).await.expect("cashier");
    let t = l.alipay.trade(&payment);
    let valid = t.order_valid_time.expect("order_valid_time");
    assert!((29 * 60..=30 * 60).contains(&valid), "{valid}");
    let created = t.order_gmt_create.expect("order_gmt_create");
    let china = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    assert!(
        created.starts_with(&format!(
            "{}-{:02}-{:02}",
            china.year(),
            u8::from(china.month()),
            china.day()
        )),
        "{created}"
    );
    assert_eq!(
        t.timeout_rule, None,
        "Alipay's default, unless the operator set one"
    );
}

/// `timeout_rule` takes only the values Alipay lists; another is refused at start.
#[tokio::test]
async fn an_alipay_timeout_rule_not_in_alipays_list_is_refused_at_start() {
    let (_, alipay_keys) = FakeAlipay::new();
    let (_, wechat_keys) = FakeWechat::new();
    let dir = tempfile::tempdir().expect("dir");
    let mut vars = crate::fakes::shop_settings(
        dir.path(),
        &alipay_keys,
        "http://127.0.0.1:9",
        &wechat_keys,
        "http://127.0.0.1:9",
    );
    vars.push(("HAITAO_ALIPAY_TIMEOUT_RULE", "45m".into()));
    let settings = Settings {
        payments: "alipay".into(),
        ..Settings::default()
    };
    let shop = Shop::new().await;
    let refused = config::from_env(&settings, &shop.state.keys, &shop.state.http, lookup(vars))
        .err()
        .expect("refused");
    assert!(
        refused.contains("HAITAO_ALIPAY_TIMEOUT_RULE=\"45m\""),
        "{refused}"
    );
}

/// A shop whose WeChat Pay merchant is outside mainland China, connected
/// through an acquiring institution: WeChat Pay's cross-border API.
async fn live_global() -> Live {
    live_against(FakeWechat::global(), |vars| {
        vars.extend([
            ("HAITAO_WECHAT_MODE", "global".to_owned()),
            ("HAITAO_WECHAT_SUB_MCHID", wechat::SUB_MCHID.to_owned()),
            ("HAITAO_WECHAT_MCC", wechat::MCC.to_owned()),
        ])
    })
    .await
}

/// The global form end to end: the order goes to `/v3/global/transactions/mweb`
/// with sp_mchid, sub_mchid, trade_type and the merchant's category; the
/// notification names the merchant by sp_mchid and sub_mchid and WeChat Pay's
/// number as `id`; a lost one is asked for, an unpaid one closed, all on the
/// global paths (the fake refuses the domestic ones for this merchant).
#[tokio::test]
async fn a_merchant_outside_china_pays_through_wechat_pays_cross_border_api() {
    let l = live_global().await;
    let (id, total) = placed(&l.shop, "wxg-pay-order-01").await;
    let (payment, url) = start(&l.shop, &id, "wechat", "wxg-pay-pay-0001", PHONE).await;
    assert!(
        url.contains("/fake/wechat/h5?prepay_id="),
        "{url} {:?}",
        l.wechat.refused()
    );
    let sent = l.wechat.order_of(&payment);
    assert_eq!(sent.kind, "mweb");
    assert_eq!(
        sent.body["amount"],
        json!({ "total": total, "currency": "CNY" })
    );
    let n = l.wechat.notification(&payment, "SUCCESS", None, now());
    assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    assert_eq!(status(&l.shop, &id).await, "paid");
    let (txn,): (Option<String>,) =
        sqlx::query_as("SELECT provider_txn FROM payments WHERE id = $1")
            .bind(&payment)
            .fetch_one(&l.shop.state.db)
            .await
            .expect("payment");
    assert_eq!(
        txn,
        Some(format!("42000000002026{payment}")),
        "read from `id`"
    );
    let (other, _) = placed(&l.shop, "wxg-pay-order-02").await;
    let (lost, _) = start(&l.shop, &other, "wechat", "wxg-pay-pay-0002", PHONE).await;
    let (third, _) = placed(&l.shop, "wxg-pay-order-03").await;
    let (unpaid, _) = start(&l.shop, &third, "wechat", "wxg-pay-pay-0003", PHONE).await;
    // Paid, its notification lost; the other never paid: asked, and closed.
    l.wechat.settle(&lost, "SUCCESS");
    expire_after_half_an_hour(&l.shop).await;
    assert_eq!(
        status(&l.shop, &other).await,
        "paid",
        "{:?}",
        l.wechat.refused()
    );
    assert_eq!(status(&l.shop, &third).await, "cancelled");
    assert_eq!(l.wechat.order_of(&unpaid).state, "CLOSED");
    assert!(l.wechat.refused().is_empty(), "{:?}", l.wechat.refused());
}

/// Refunds on the global API: `/v3/global/refunds` answers without a status,
/// so the refund is followed; REFUNDCLOSE is a failure for the operator.
#[tokio::test]
async fn a_cross_border_wechat_refund_is_followed_to_its_end() {
    use haitao_server::orders::refunds;
    let l = live_global().await;
    // The refund is sent again at once: the shop's clock moves, the fake's does not.
    l.wechat.refund_gap(std::time::Duration::ZERO);
    let st = &l.shop.state;
    let (id, _) = placed(&l.shop, "wxg-rf-order-001").await;
    let (first, _) = start(&l.shop, &id, "wechat", "wxg-rf-pay-00001", PHONE).await;
    let (second, _) = start(&l.shop, &id, "wechat", "wxg-rf-pay-00002", PHONE).await;
    for p in [&first, &second] {
        let n = l.wechat.notification(p, "SUCCESS", None, now());
        assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    }
    let (refund, state, _, _) = refund_row(&l.shop, &second).await;
    assert_eq!(state, "processing", "{:?}", l.wechat.refused());
    l.wechat.end_refund(&refund, "CLOSED");
    refunds::settle(
        &st.db,
        &st.clock,
        st.payments.as_ref(),
        refunds::Round::Background,
    )
    .await;
    let (_, state, failure, _) = refund_row(&l.shop, &second).await;
    assert_eq!(
        (state.as_str(), failure.as_deref()),
        ("failed", Some("REFUNDCLOSE"))
    );
    assert_eq!(
        refunds::retry(&st.db, &refund).await.expect("retry"),
        refunds::Retry::Requested
    );
    refunds::settle(
        &st.db,
        &st.clock,
        st.payments.as_ref(),
        refunds::Round::Background,
    )
    .await;
    let again = refunds::provider_number(&refund, 1);
    l.wechat.end_refund(&again, "SUCCESS");
    let told = l.wechat.refund_notification(&again, now());
    assert_eq!(
        wechat_refund_notifies(&l.shop, told).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(refund_row(&l.shop, &second).await.1, "done");
    assert!(l.wechat.refused().is_empty(), "{:?}", l.wechat.refused());
}

/// During a move from the platform certificate to WeChat Pay's public key,
/// WeChat Pay signs with either. A shop configured with the public key alone
/// refuses a notification signed with the certificate; given the
/// certificate as its second key, it takes it.
#[tokio::test]
async fn a_notification_signed_with_the_second_key_is_taken_when_that_key_is_configured() {
    // The public key alone.
    let l = live().await;
    let (id, _) = placed(&l.shop, "wx-2key-order-001").await;
    let (payment, _) = start(&l.shop, &id, "wechat", "wx-2key-pay-00001", PHONE).await;
    l.wechat.notify_by_certificate(true);
    let n = l.wechat.notification(&payment, "SUCCESS", None, now());
    assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");

    // Both keys.
    let keys = tempfile::tempdir().expect("dir");
    let cert = keys.path().join("wechatpay-cert.pem");
    let (fake, fake_keys) = FakeWechat::new();
    std::fs::write(&cert, &fake.certificate_pem).expect("pem");
    let l = live_against((fake, fake_keys), |vars| {
        vars.extend([
            ("HAITAO_WECHAT_SECOND_KEY_FILE", cert.display().to_string()),
            (
                "HAITAO_WECHAT_SECOND_KEY_ID",
                wechat::CERTIFICATE_SERIAL.to_owned(),
            ),
        ])
    })
    .await;
    let (id, _) = placed(&l.shop, "wx-2key-order-002").await;
    let (payment, _) = start(&l.shop, &id, "wechat", "wx-2key-pay-00002", PHONE).await;
    l.wechat.notify_by_certificate(true);
    let n = l.wechat.notification(&payment, "SUCCESS", None, now());
    assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    assert_eq!(status(&l.shop, &id).await, "paid");
}

/// An institution's notifications reach one address for all its
/// sub-merchants: one naming another sub-merchant is not this shop's money.
#[tokio::test]
async fn a_cross_border_notification_for_another_sub_merchant_is_refused() {
    let l = live_global().await;
    let (id, _) = placed(&l.shop, "wxg-other-order-1").await;
    let (payment, _) = start(&l.shop, &id, "wechat", "wxg-other-pay-001", PHONE).await;
    l.wechat.name_other_sub_merchant(true);
    let n = l.wechat.notification(&payment, "SUCCESS", None, now());
    let refused = wechat_notifies(&l.shop, n).await;
    assert!(refused.is_client_error(), "{refused}");
    assert_eq!(status(&l.shop, &id).await, "awaiting_payment");
    l.wechat.name_other_sub_merchant(false);
    let n = l.wechat.notification(&payment, "SUCCESS", None, now());
    assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    assert_eq!(status(&l.shop, &id).await, "paid");
}

/// A shop configured for the domestic API while its merchant is on the
/// cross-border one: the fake refuses, and the shopper is told, not charged.
#[tokio::test]
async fn the_domestic_form_against_a_cross_border_merchant_is_refused() {
    let l = live_against(FakeWechat::global(), |_| {}).await;
    let (shop, wechat) = (&l.shop, &l.wechat);
    let (id, _) = placed(shop, "wxg-wrong-order1").await;
    let (s, err) = shop
        .pay_from(&id, "wechat", "wxg-wrong-pay-01", PHONE)
        .await;
    assert_eq!(s, StatusCode::BAD_GATEWAY, "{err}");
    assert_eq!(wechat.refused(), vec![wechat::OTHER_FAMILY.to_owned()]);
    assert_eq!(status(shop, &id).await, "awaiting_payment");
}

/// The global form's other screens: Native on a desktop and JSAPI inside
/// WeChat (the openid of the institution's account, as `payer.sp_openid`).
#[tokio::test]
async fn the_cross_border_api_also_serves_desktops_and_wechats_own_browser() {
    let l = live_global().await;
    let page = |uri: String| Request::get(uri).body(Body::empty()).expect("request");
    let (id, _) = placed(&l.shop, "wxg-qr-order-001").await;
    let (payment, url) = start(&l.shop, &id, "wechat", "wxg-qr-pay-00001", DESKTOP).await;
    let res = l.shop.raw(page(url)).await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", l.wechat.refused());
    assert_eq!(l.wechat.order_of(&payment).kind, "native");
    let (id, _) = placed(&l.shop, "wxg-app-order-01").await;
    let (payment, url) = start(&l.shop, &id, "wechat", "wxg-app-pay-0001", IN_WECHAT).await;
    let res = l.shop.raw(page(back_from_oauth(&url).await)).await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", l.wechat.refused());
    let sent = l.wechat.order_of(&payment);
    assert_eq!(sent.kind, "jsapi");
    assert_eq!(sent.body["payer"], json!({ "sp_openid": wechat::OPENID }));
    assert!(l.wechat.refused().is_empty(), "{:?}", l.wechat.refused());
}

/// The global form names the shop's merchant number and category, or it
/// does not start; an unknown form is refused by name.
#[tokio::test]
async fn the_global_form_without_its_merchant_numbers_is_refused_at_start() {
    let (_, alipay_keys) = FakeAlipay::new();
    let (_, wechat_keys) = FakeWechat::global();
    let dir = tempfile::tempdir().expect("dir");
    let base = crate::fakes::shop_settings(
        dir.path(),
        &alipay_keys,
        "http://127.0.0.1:9",
        &wechat_keys,
        "http://127.0.0.1:9",
    );
    let settings = Settings {
        payments: "alipay,wechat".into(),
        ..Settings::default()
    };
    let shop = Shop::new().await;
    for (mode, missing) in [
        ("global", "HAITAO_WECHAT_SUB_MCHID"),
        ("overseas", "HAITAO_WECHAT_MODE=\"overseas\""),
    ] {
        let mut vars = base.clone();
        vars.push(("HAITAO_WECHAT_MODE", mode.into()));
        let refused = config::from_env(&settings, &shop.state.keys, &shop.state.http, lookup(vars))
            .err()
            .expect("refused");
        assert!(refused.contains(missing), "{refused}");
    }
}

/// Part of order `id`'s payment recorded to go back (as an approved
/// after-sales request does): the refund's id, or the refusal's code.
async fn refund_part(shop: &Shop, id: &str, fen: i64) -> Result<String, haitao_core::ErrorCode> {
    use haitao_server::orders::refunds::record;
    let st = &shop.state;
    let (payment, currency): (String, String) = sqlx::query_as(
        "SELECT id, currency FROM payments WHERE order_id = $1 AND status = 'succeeded'",
    )
    .bind(id)
    .fetch_one(&st.db)
    .await
    .expect("paid");
    let mut tx = st.db.begin().await.expect("tx");
    let r = record(
        &mut tx,
        &payment,
        id,
        haitao_core::Money::cny(fen),
        &currency,
        haitao_core::api::RefundReason::Aftersales,
        &st.clock.stamp(),
    )
    .await;
    match r {
        Ok(refund) => {
            tx.commit().await.expect("commit");
            Ok(refund)
        }
        Err(e) => Err(e.code),
    }
}

/// A payment given back in three parts through `method`'s fake: each part
/// its own refund number, the whole never passed, a minute between two
/// refunds of one payment.
async fn given_back_in_parts(method: &str) {
    let l = live().await;
    let st = &l.shop.state;
    let (id, total) = placed(&l.shop, &format!("{method}-parts-order")).await;
    let (payment, url) = start(
        &l.shop,
        &id,
        method,
        &format!("{method}-parts-pay-1"),
        PHONE,
    )
    .await;
    if method == "alipay" {
        reqwest::get(&url).await.expect("cashier");
        let n = l.alipay.notification(&payment, "TRADE_FINISHED", None);
        assert_eq!(alipay_notifies(&l.shop, &n).await.1, "success");
    } else {
        let n = l.wechat.notification(&payment, "SUCCESS", None, now());
        assert_eq!(wechat_notifies(&l.shop, n).await, StatusCode::NO_CONTENT);
    }
    assert_eq!(status(&l.shop, &id).await, "paid");
    let third = total / 3;
    let a = refund_part(&l.shop, &id, third).await.expect("a third");
    let b = refund_part(&l.shop, &id, third).await.expect("another");
    // More than is left: refused before any provider is asked.
    assert_eq!(
        refund_part(&l.shop, &id, total - 2 * third + 1).await,
        Err(haitao_core::ErrorCode::RefundExceedsPayment)
    );
    // One refund of a payment per round; the next a minute later (WeChat
    // Pay's rule; the shop keeps it for Alipay too).
    background_refunds(&l.shop).await;
    let sent = |l: &Live| {
        if method == "alipay" {
            l.alipay.refunds().len()
        } else {
            l.wechat.refunds().len()
        }
    };
    assert_eq!(sent(&l), 1);
    background_refunds(&l.shop).await;
    assert_eq!(sent(&l), 1, "not within the minute");
    st.clock.advance(std::time::Duration::from_secs(61));
    // The fakes' own clocks do not move with the shop's.
    l.wechat.refund_gap(std::time::Duration::ZERO);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await; // Alipay: 3 s between refunds of a partner.
    background_refunds(&l.shop).await;
    assert_eq!(
        sent(&l),
        2,
        "{:?} {:?}",
        l.alipay.refused(),
        l.wechat.refused()
    );
    let c = refund_part(&l.shop, &id, total - 2 * third)
        .await
        .expect("the rest");
    st.clock.advance(std::time::Duration::from_secs(61));
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    background_refunds(&l.shop).await;
    // Each its own number at the provider, the three adding up to the payment.
    let given: i64 = if method == "alipay" {
        let r = l.alipay.refunds();
        assert!(
            [&a, &b, &c].iter().all(|n| r.contains_key(n.as_str())),
            "{r:?}"
        );
        r.values()
            .map(|(_, amount)| amount.replace('.', "").parse::<i64>().unwrap_or(0))
            .sum()
    } else {
        let r = l.wechat.refunds();
        assert!(
            [&a, &b, &c].iter().all(|n| r.contains_key(n.as_str())),
            "{r:?}"
        );
        r.values().map(|(_, fen)| *fen).sum()
    };
    assert_eq!(given, total);
    let (_, order) = l.shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(
        order["refunds"].as_array().map(Vec::len),
        Some(3),
        "{order}"
    );
}

#[tokio::test]
async fn a_wechat_payment_is_given_back_in_parts_never_beyond_it() {
    given_back_in_parts("wechat").await;
}

#[tokio::test]
async fn an_alipay_payment_is_given_back_in_parts_never_beyond_it() {
    given_back_in_parts("alipay").await;
}

/// Many refunds of one payment at once (approvals in several processes):
/// exactly as many as fit in what was paid are recorded.
#[tokio::test]
async fn refunds_at_once_never_pass_what_was_paid() {
    let shop = std::sync::Arc::new(Shop::unthrottled().await);
    let (id, total) = placed(&shop, "parts-race-order").await;
    let (payment, _) = start(&shop, &id, "alipay", "parts-race-pay-01", PHONE).await;
    shop.choose(&payment, "succeeded").await;
    let tenth = total / 10;
    let tries: Vec<_> = (0..25)
        .map(|_| {
            let (shop, id) = (shop.clone(), id.clone());
            tokio::spawn(async move { refund_part(&shop, &id, tenth).await })
        })
        .collect();
    let mut ok = 0;
    for t in tries {
        match t.await.expect("task") {
            Ok(_) => ok += 1,
            Err(code) => assert_eq!(code, haitao_core::ErrorCode::RefundExceedsPayment),
        }
    }
    assert_eq!(ok, 10);
    let (given,): (i64,) =
        sqlx::query_as("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM refunds WHERE order_id = $1")
            .bind(&id)
            .fetch_one(&shop.state.db)
            .await
            .expect("sum");
    assert!(given <= total && given == 10 * tenth);
}
