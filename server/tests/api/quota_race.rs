//! The yearly allowance under concurrency: one ID number, eight orders of
//! about 4,000 yuan, their payments started and completed side by side.
//! At most 26,000 yuan may end up paid; every other order is told why.

use std::sync::Arc;

use crate::common::{about_4000_yuan, identity, Shop};
use axum::http::StatusCode;
use serde_json::Value;

const ALLOWANCE_FEN: i64 = 2_600_000;

async fn paid_total(shop: &Shop) -> i64 {
    let (fen,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(total_fen), 0) AS BIGINT) FROM orders WHERE status IN ('paid', 'customs_declared', 'shipped')",
    )
    .fetch_one(&shop.state.db)
    .await
    .expect("sum");
    fen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_payments_side_by_side_never_pass_the_allowance() {
    let shop = Arc::new(Shop::unthrottled().await);
    let (lines, total) = about_4000_yuan(&shop).await;
    let fit = ALLOWANCE_FEN / total;
    assert!(
        fit < 8,
        "the test needs more orders than the allowance holds"
    );

    // Place, start paying and pay, eight at once.
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let shop = shop.clone();
            let lines = lines.clone();
            tokio::spawn(async move {
                let o = shop
                    .order_of(lines, identity(), &format!("race-order-key-{i}"))
                    .await;
                let id = o["id"].as_str().expect("id").to_owned();
                let (status, start) = shop.pay(&id, "alipay", &format!("race-pay-key-{i}")).await;
                if status == StatusCode::OK {
                    let payment = start["payment_id"].as_str().expect("payment").to_owned();
                    assert_eq!(
                        shop.choose(&payment, "succeeded").await,
                        StatusCode::SEE_OTHER
                    );
                    (id, None)
                } else {
                    (id, Some((status, start)))
                }
            })
        })
        .collect();
    let mut outcomes: Vec<(String, Option<(StatusCode, Value)>)> = Vec::new();
    for t in tasks {
        outcomes.push(t.await.expect("task"));
    }

    let paid = paid_total(&shop).await;
    assert!(paid <= ALLOWANCE_FEN, "paid {paid} fen");
    assert_eq!(paid, fit * total, "as many as fit were paid");
    let mut told = 0;
    for (id, refused) in &outcomes {
        let (_, order) = shop.get(&format!("/api/orders/{id}")).await;
        if order["status"] == "paid" {
            continue;
        }
        told += 1;
        match refused {
            // Refused when the payment was to start: nothing was taken.
            Some((status, err)) => {
                assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
                assert_eq!(err["error"]["code"], "annual_limit");
            }
            // Or paid, and the money given back: the order says why.
            None => {
                assert_eq!(order["cancel_reason"], "annual_limit", "{order}");
                assert_eq!(order["refunds"][0]["reason"], "annual_limit");
            }
        }
    }
    assert_eq!(told, 8 - fit);
}

/// A success for an older attempt, after other orders were paid meanwhile,
/// is checked again: over the allowance it is refunded, not applied.
#[tokio::test]
async fn a_late_success_over_the_allowance_is_refunded() {
    let shop = Shop::unthrottled().await;
    let (lines, total) = about_4000_yuan(&shop).await;
    let fit = ALLOWANCE_FEN / total;
    // The late order: a first attempt is left open at the provider, a second fails.
    let late = shop
        .order_of(lines.clone(), identity(), "late-order-key-01")
        .await;
    let late_id = late["id"].as_str().expect("id");
    let (_, first) = shop.pay(late_id, "wechat", "late-pay-key-first").await;
    let first_payment = first["payment_id"].as_str().expect("payment").to_owned();
    let (_, second) = shop.pay(late_id, "alipay", "late-pay-key-second").await;
    shop.choose(second["payment_id"].as_str().expect("payment"), "failed")
        .await;
    // Meanwhile the allowance is used up by other orders.
    for i in 0..fit {
        let o = shop
            .order_of(lines.clone(), identity(), &format!("fill-order-key-{i}"))
            .await;
        let id = o["id"].as_str().expect("id");
        let (status, start) = shop.pay(id, "alipay", &format!("fill-pay-key-{i}")).await;
        assert_eq!(status, StatusCode::OK, "{start}");
        shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
            .await;
    }
    // The shopper completes the first attempt after all.
    let (before,): (i64,) = sqlx::query_as("SELECT stock FROM variants WHERE sku = 'DO-5Q'")
        .fetch_one(&shop.state.db)
        .await
        .expect("stock");
    let n = shop.notification(&first_payment, "succeeded", total, "CNY");
    let (status, answer) = shop.post("/api/payments/notify", &n, None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["applied"], true);
    let (_, order) = shop.get(&format!("/api/orders/{late_id}")).await;
    assert_eq!(order["status"], "cancelled");
    assert_eq!(order["cancel_reason"], "annual_limit");
    assert_eq!(order["refunds"][0]["amount"]["amount"], total);
    assert!(paid_total(&shop).await <= ALLOWANCE_FEN);
    let (refund_status,): (String,) =
        sqlx::query_as("SELECT status FROM refunds WHERE payment_id = $1")
            .bind(&first_payment)
            .fetch_one(&shop.state.db)
            .await
            .expect("refund");
    assert_eq!(refund_status, "done", "sent through the provider");
    let qty = lines[0]["qty"].as_i64().unwrap_or(0);
    assert_eq!(shop.stock("DO-5Q").await, before + qty, "its stock is back");
    // The same notification again changes nothing.
    let (_, again) = shop.post("/api/payments/notify", &n, None).await;
    assert_eq!(again["applied"], false);
    let (n_refunds,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM refunds")
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    assert_eq!(n_refunds, 1);
}
