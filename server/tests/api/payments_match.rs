//! Payments must match: a key belongs to its order, a notification's amount
//! and currency must be the payment's, a success for an older attempt is
//! applied or refunded (never lost, never counted twice), and the shop's
//! own refunds give stock back.

use crate::common::{identity, Shop};
use axum::http::StatusCode;
use haitao_server::orders::refunds::refund_order;
use serde_json::{json, Value};

async fn placed(shop: &Shop, key: &str) -> (String, i64) {
    let o = shop
        .order_of(json!([{"sku": "AL-500G", "qty": 2}]), identity(), key)
        .await;
    (
        o["id"].as_str().expect("id").to_owned(),
        o["quote"]["total"]["amount"].as_i64().expect("total"),
    )
}

async fn status(shop: &Shop, id: &str) -> Value {
    shop.get(&format!("/api/orders/{id}")).await.1
}

#[tokio::test]
async fn a_payment_key_belongs_to_its_order() {
    let shop = Shop::new().await;
    let (a, _) = placed(&shop, "match-order-a-key").await;
    let (b, _) = placed(&shop, "match-order-b-key").await;
    let (s, _) = shop.pay(&a, "alipay", "shared-pay-key-001").await;
    assert_eq!(s, StatusCode::OK);
    let (s, err) = shop.pay(&b, "alipay", "shared-pay-key-001").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "idempotency_key_reused");
    assert_eq!(err["error"]["field"], "Idempotency-Key");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payments WHERE order_id = $1")
        .bind(&b)
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    assert_eq!(n, 0, "nothing started for the other order");
}

#[tokio::test]
async fn a_notification_must_carry_the_payments_amount_and_currency() {
    let shop = Shop::new().await;
    let (id, total) = placed(&shop, "amount-order-key-1").await;
    let (_, start) = shop.pay(&id, "wechat", "amount-pay-key-01").await;
    let payment = start["payment_id"].as_str().expect("payment");
    for (amount, currency) in [
        (total - 1, "CNY"),
        (1, "CNY"),
        (total, "USD"),
        (total, "cny"),
    ] {
        let n = shop.notification(payment, "succeeded", amount, currency);
        let (s, err) = shop.post("/api/payments/notify", &n, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{amount} {currency}");
        assert_eq!(err["error"]["code"], "payment_mismatch");
    }
    assert_eq!(status(&shop, &id).await["status"], "awaiting_payment");
    // A signature over other figures than those sent does not verify.
    let mut forged = shop.notification(payment, "succeeded", 1, "CNY");
    forged["amount_fen"] = json!(total);
    let (s, _) = shop.post("/api/payments/notify", &forged, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // Unknown payments are not found, not silently accepted.
    let n = shop.notification("PAYNOSUCHPAYMENT0", "succeeded", total, "CNY");
    let (s, _) = shop.post("/api/payments/notify", &n, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The right figures pay it.
    let n = shop.notification(payment, "succeeded", total, "CNY");
    let (s, answer) = shop.post("/api/payments/notify", &n, None).await;
    assert_eq!(
        (s, answer["applied"].clone()),
        (StatusCode::OK, json!(true))
    );
    assert_eq!(status(&shop, &id).await["status"], "paid");
}

#[tokio::test]
async fn older_attempts_are_applied_while_unpaid_and_refunded_once_paid() {
    let shop = Shop::new().await;
    let (id, total) = placed(&shop, "attempts-order-key").await;
    let (_, first) = shop.pay(&id, "wechat", "attempt-one-key-01").await;
    let (_, second) = shop.pay(&id, "alipay", "attempt-two-key-01").await;
    let first = first["payment_id"].as_str().expect("payment").to_owned();
    let second = second["payment_id"].as_str().expect("payment").to_owned();
    // The first, withdrawn attempt was paid after all: the order is unpaid, so it pays it.
    let n1 = shop.notification(&first, "succeeded", total, "CNY");
    let (_, a) = shop.post("/api/payments/notify", &n1, None).await;
    assert_eq!(a["applied"], true);
    let o = status(&shop, &id).await;
    assert_eq!(o["status"], "paid");
    assert_eq!(o["payment_method"], "wechat");
    // The second is paid too: refunded, the order stays paid once.
    let stock = shop.stock("AL-500G").await;
    let n2 = shop.notification(&second, "succeeded", total, "CNY");
    let (_, b) = shop.post("/api/payments/notify", &n2, None).await;
    assert_eq!(b["applied"], true);
    let o = status(&shop, &id).await;
    assert_eq!(o["status"], "paid");
    assert_eq!(o["refunds"].as_array().map(Vec::len), Some(1));
    assert_eq!(o["refunds"][0]["reason"], "duplicate");
    assert_eq!(o["refunds"][0]["amount"]["amount"], total);
    assert_eq!(
        shop.stock("AL-500G").await,
        stock,
        "a duplicate gives no stock back"
    );
    // Both again: nothing changes.
    for n in [&n1, &n2] {
        let (_, again) = shop.post("/api/payments/notify", n, None).await;
        assert_eq!(again["applied"], false);
    }
    let (paid, refunded): (i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN status = 'refunded' THEN 1 ELSE 0 END) AS BIGINT)
           FROM payments WHERE order_id = $1",
    )
    .bind(&id)
    .fetch_one(&shop.state.db)
    .await
    .expect("count");
    assert_eq!((paid, refunded), (1, 1));
}

#[tokio::test]
async fn the_shop_refunds_a_paid_order_and_its_stock_comes_back() {
    let shop = Shop::new().await;
    let stock = shop.stock("AL-500G").await;
    let (id, total) = placed(&shop, "refund-order-key-1").await;
    let (_, start) = shop.pay(&id, "alipay", "refund-pay-key-01").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    let (sold_paid,): (i64,) =
        sqlx::query_as("SELECT sold FROM products WHERE slug = 'roasted-almonds'")
            .fetch_one(&shop.state.db)
            .await
            .expect("sold");
    let refund = refund_order(
        &shop.state.db,
        &shop.state.clock,
        shop.state.payments.as_ref(),
        &id,
    )
    .await
    .expect("refund");
    assert!(refund.starts_with("RF"));
    let o = status(&shop, &id).await;
    assert_eq!(o["status"], "cancelled");
    assert_eq!(o["cancel_reason"], "refunded");
    assert_eq!(o["refunds"][0]["reason"], "operator");
    assert_eq!(o["refunds"][0]["amount"]["amount"], total);
    assert_eq!(shop.stock("AL-500G").await, stock);
    let (sold_after,): (i64,) =
        sqlx::query_as("SELECT sold FROM products WHERE slug = 'roasted-almonds'")
            .fetch_one(&shop.state.db)
            .await
            .expect("sold");
    assert_eq!(sold_after, sold_paid - 2);
    let (done,): (String,) = sqlx::query_as("SELECT status FROM refunds WHERE id = $1")
        .bind(&refund)
        .fetch_one(&shop.state.db)
        .await
        .expect("refund row");
    assert_eq!(done, "done");
    // Not twice, and not an unpaid order.
    assert!(refund_order(
        &shop.state.db,
        &shop.state.clock,
        shop.state.payments.as_ref(),
        &id
    )
    .await
    .is_err());
    let (unpaid, _) = placed(&shop, "refund-order-key-2").await;
    let err = refund_order(
        &shop.state.db,
        &shop.state.clock,
        shop.state.payments.as_ref(),
        &unpaid,
    )
    .await
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(err.contains("only a paid order"), "{err}");
}

#[tokio::test]
async fn order_answers_are_never_cached_and_mask_the_mobile() {
    let shop = Shop::new().await;
    let (id, _) = placed(&shop, "nostore-order-key1").await;
    let res = shop
        .raw(
            axum::http::Request::get(format!("/api/orders/{id}"))
                .header("x-order-token", shop.order_token(&id).unwrap_or_default())
                .body(axum::body::Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    let o = status(&shop, &id).await;
    assert_eq!(o["address"]["mobile"], "138****8000");
    assert!(!o.to_string().contains("13800138000"));
}
