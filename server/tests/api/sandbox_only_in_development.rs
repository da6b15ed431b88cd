//! The sandbox is for development: its buttons work only from its own page,
//! and without it (production) its pages do not exist.

use crate::common::{identity, Shop};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

async fn started(shop: &Shop) -> (String, String) {
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "sandbox-order-key1",
        )
        .await;
    let id = o["id"].as_str().expect("id").to_owned();
    let (_, start) = shop.pay(&id, "alipay", "sandbox-pay-key-01").await;
    (
        id,
        start["payment_id"].as_str().expect("payment").to_owned(),
    )
}

#[tokio::test]
async fn a_form_on_another_site_cannot_mark_an_order_paid() {
    let shop = Shop::new().await;
    let (id, payment) = started(&shop).await;
    for origin in [Some("https://evil.example"), Some("null"), None] {
        let mut req = Request::post(format!("/sandbox/pay/{payment}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "shop.test");
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let (status, err) = shop
            .send(req.body(Body::from("outcome=succeeded")).expect("req"))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin:?}");
        assert_eq!(err["error"]["code"], "foreign_origin");
    }
    let (_, o) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(o["status"], "awaiting_payment");
    // From its own page it works.
    assert_eq!(
        shop.choose(&payment, "succeeded").await,
        StatusCode::SEE_OTHER
    );
    let (_, o) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(o["status"], "paid");
}

#[tokio::test]
async fn the_sandbox_says_no_money_moves_and_the_api_says_it_is_the_sandbox() {
    let shop = Shop::new().await;
    let (_, payment) = started(&shop).await;
    let (_, page) = shop.get(&format!("/sandbox/pay/{payment}")).await;
    let page = page.as_str().unwrap_or("").to_owned();
    assert!(
        page.contains("不会扣款") && page.contains("no money moves"),
        "{page}"
    );
    let (status, opts) = shop.get("/api/payments/options").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        opts,
        json!({"sandbox": true, "methods": ["alipay", "wechat"]})
    );
}

#[tokio::test]
async fn without_the_sandbox_its_pages_do_not_exist() {
    let shop = Shop::new().await;
    let (_, payment) = started(&shop).await;
    let mut state = shop.state.clone();
    state.sandbox = None;
    let app = haitao_server::router(state, &shop.dist());
    for req in [
        Request::get(format!("/sandbox/pay/{payment}")).body(Body::empty()),
        Request::post(format!("/sandbox/pay/{payment}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "shop.test")
            .header("origin", "http://shop.test")
            .body(Body::from("outcome=succeeded")),
    ] {
        let res = tower::ServiceExt::oneshot(app.clone(), req.expect("req"))
            .await
            .expect("answer");
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
}
