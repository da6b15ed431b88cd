//! Unpaid orders give their stock back: they expire after the time to pay
//! (on a clock the test moves), or the shopper cancels them. `sold` counts
//! paid orders only.

use std::time::Duration;

use crate::common::{identity, Shop};
use axum::http::StatusCode;
use haitao_server::orders::close::expire_due;
use serde_json::json;

async fn sold(shop: &Shop, slug: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT sold FROM products WHERE slug = $1")
        .bind(slug)
        .fetch_one(&shop.state.db)
        .await
        .expect("sold");
    n
}

/// Whether the in-stock listing shows the product.
async fn listed_in_stock(shop: &Shop, q: &str, slug: &str) -> bool {
    let (_, page) = shop
        .get(&format!("/api/products?q={q}&in_stock=true"))
        .await;
    page["items"]
        .as_array()
        .is_some_and(|items| items.iter().any(|p| p["slug"] == slug))
}

#[tokio::test]
async fn an_unpaid_order_expires_after_thirty_minutes_and_its_stock_comes_back() {
    let shop = Shop::new().await;
    // Three left of this product, all of which the order takes.
    sqlx::query("UPDATE variants SET stock = CASE sku WHEN 'AL-500G' THEN 3 ELSE 0 END WHERE sku IN ('AL-500G', 'AL-1KG')")
        .execute(&shop.state.db)
        .await
        .expect("stock");
    shop.reindex().await;
    let stock = shop.stock("AL-500G").await;
    let sold_before = sold(&shop, "roasted-almonds").await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 3}]),
            identity(),
            "expiry-key-00001",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    assert_eq!(
        shop.stock("AL-500G").await,
        stock - 3,
        "held while it may be paid"
    );
    assert!(
        !listed_in_stock(&shop, "almond", "roasted-almonds").await,
        "sold out meanwhile"
    );
    assert_eq!(
        sold(&shop, "roasted-almonds").await,
        sold_before,
        "not sold until paid"
    );
    // The order says until when it can be paid: 30 minutes from placing it.
    let placed = time::OffsetDateTime::parse(
        o["created_at"].as_str().unwrap_or(""),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("created_at");
    let pay_by = time::OffsetDateTime::parse(
        o["pay_by"].as_str().unwrap_or(""),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("pay_by");
    assert_eq!((pay_by - placed).whole_minutes(), 30);

    shop.state.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(expire_due(&shop.state).await.expect("expire"), 0, "not yet");
    shop.state.clock.advance(Duration::from_secs(61));
    assert_eq!(expire_due(&shop.state).await.expect("expire"), 1);

    let (_, after) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["cancel_reason"], "expired");
    assert!(after["pay_by"].is_null());
    assert_eq!(shop.stock("AL-500G").await, stock, "back on sale");
    assert!(
        listed_in_stock(&shop, "almond", "roasted-almonds").await,
        "the listing knows"
    );
    // It can no longer be paid, and says why.
    let (status, err) = shop.pay(id, "alipay", "expired-pay-key-1").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "order_expired");
}

#[tokio::test]
async fn paying_after_the_deadline_but_before_the_sweep_is_refused_and_expires_it() {
    let shop = Shop::new().await;
    let stock = shop.stock("AL-500G").await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 2}]),
            identity(),
            "expiry-key-00002",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    shop.state.clock.advance(Duration::from_secs(31 * 60));
    let (status, err) = shop.pay(id, "wechat", "late-start-key-01").await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "order_expired");
    assert_eq!(shop.stock("AL-500G").await, stock);
}

#[tokio::test]
async fn money_that_arrives_after_expiry_is_refunded_not_lost() {
    let shop = Shop::new().await;
    let stock = shop.stock("AL-500G").await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "expiry-key-00003",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    let (_, start) = shop.pay(id, "alipay", "expiry-pay-key-3").await;
    let payment = start["payment_id"].as_str().expect("payment");
    shop.state.clock.advance(Duration::from_secs(31 * 60));
    assert_eq!(expire_due(&shop.state).await.expect("expire"), 1);
    // The shopper had the cashier open and pays anyway.
    assert_eq!(
        shop.choose(payment, "succeeded").await,
        StatusCode::SEE_OTHER
    );
    let (_, after) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["refunds"][0]["reason"], "expired");
    assert_eq!(shop.stock("AL-500G").await, stock, "given back once");
}

#[tokio::test]
async fn the_shopper_cancels_an_unpaid_order() {
    let shop = Shop::new().await;
    let stock = shop.stock("AL-500G").await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 4}]),
            identity(),
            "cancel-key-00001",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    let (_, start) = shop.pay(id, "wechat", "cancel-pay-key-01").await;
    let (status, c) = shop
        .post(&format!("/api/orders/{id}/cancel"), &json!({}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["status"], "cancelled");
    assert_eq!(c["cancel_reason"], "shopper");
    assert_eq!(shop.stock("AL-500G").await, stock);
    // Again: the same answer, the stock not given back twice.
    let (status, _) = shop
        .post(&format!("/api/orders/{id}/cancel"), &json!({}), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shop.stock("AL-500G").await, stock);
    // The open payment was withdrawn: its page says so, and money sent anyway is refunded.
    let (_, page) = shop
        .get(&format!(
            "/sandbox/pay/{}",
            start["payment_id"].as_str().unwrap_or("")
        ))
        .await;
    assert!(page.as_str().unwrap_or("").contains("superseded"), "{page}");
    let (status, err) = shop.pay(id, "alipay", "cancel-pay-key-02").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "order_not_payable");
}

#[tokio::test]
async fn a_paid_order_never_expires_and_cancelled_before_it_ships_is_refunded() {
    let shop = Shop::new().await;
    let sold_before = sold(&shop, "roasted-almonds").await;
    let o = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 2}]),
            identity(),
            "cancel-key-00002",
        )
        .await;
    let id = o["id"].as_str().expect("id");
    let (_, start) = shop.pay(id, "alipay", "paid-cancel-key-1").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    assert_eq!(sold(&shop, "roasted-almonds").await, sold_before + 2);
    // A paid order never expires.
    shop.state.clock.advance(Duration::from_secs(3 * 3600));
    assert_eq!(expire_due(&shop.state).await.expect("expire"), 0);
    let (_, after) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(after["status"], "paid");
    // Cancelled before a parcel left: refunded in full, back on sale.
    let (status, o) = shop
        .post(&format!("/api/orders/{id}/cancel"), &json!({}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(o["status"], "cancelled");
    assert_eq!(o["refunds"][0]["amount"], o["quote"]["total"]);
    shop.reindex().await;
    assert_eq!(sold(&shop, "roasted-almonds").await, sold_before);
}
