//! A flash of made-up orders cannot empty a shelf: one buyer (by payer ID,
//! delivery mobile or client address) holds unpaid at most a share of a
//! SKU's unsold units. Before this, eight guest orders of 54 took AL-500G
//! from 400 to 0 in a second, and honest shoppers were told "out of stock"
//! until the orders expired.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{address, made_up_id, Shop};

/// A guest order from `client`, for `qty` of AL-500G.
async fn order(
    shop: &Shop,
    client: &str,
    n: u32,
    mobile: &str,
    id: &str,
    qty: u32,
) -> (StatusCode, Value) {
    let mut a = address();
    a["mobile"] = json!(mobile);
    let body = json!({
        "lines": [{"sku": "AL-500G", "qty": qty}],
        "address": a,
        "identity": {"name": "张三", "id_number": id},
    });
    let mut req = Request::post("/api/orders")
        .header("content-type", "application/json")
        .header(
            "idempotency-key",
            format!("hold-test-{}-{n:04}", client.replace('.', "-")),
        )
        .body(Body::from(
            crate::common::consented("/api/orders", body).to_string(),
        ))
        .expect("request");
    let peer: SocketAddr = format!("{client}:40000").parse().expect("addr");
    req.extensions_mut().insert(ConnectInfo(peer));
    shop.send(req).await
}

#[tokio::test]
async fn eight_made_up_orders_from_one_client_hold_a_tenth_of_the_shelf_not_all_of_it() {
    let shop = Shop::unthrottled().await;
    assert_eq!(shop.stock("AL-500G").await, 400);
    // Eight orders of 54, each with its own valid ID number and mobile.
    let mut placed = 0;
    for n in 0..8 {
        let mobile = format!("1390000{n:04}");
        let (status, body) = order(&shop, "203.0.113.7", n, &mobile, &made_up_id(n), 54).await;
        if status == StatusCode::CREATED {
            placed += 1;
        } else {
            assert_eq!(status, StatusCode::CONFLICT, "{body}");
            assert_eq!(body["error"]["code"], "hold_limit");
            assert_eq!(body["error"]["field"], "lines[0].qty");
        }
    }
    // 54 is more than a tenth of 400 (40): none of them.
    assert_eq!(placed, 0);
    // At the cap: one order of 40, and nothing more from that client.
    for n in 10..18 {
        let mobile = format!("1390000{n:04}");
        let (status, _) = order(&shop, "203.0.113.7", n, &mobile, &made_up_id(n), 40).await;
        if status == StatusCode::CREATED {
            placed += 1;
        }
    }
    assert_eq!(placed, 1);
    assert_eq!(shop.stock("AL-500G").await, 360);
    // An honest shopper elsewhere buys at once.
    let (status, body) = order(&shop, "198.51.100.20", 1, "13712345678", &made_up_id(99), 2).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn the_same_payer_or_mobile_from_other_clients_is_the_same_buyer() {
    let shop = Shop::unthrottled().await;
    let id = made_up_id(7);
    let (status, body) = order(&shop, "203.0.113.1", 1, "13900000001", &id, 30).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The same ID number from another client and mobile: 30 + 30 > 40.
    let (status, body) = order(&shop, "203.0.113.2", 2, "13900000002", &id, 30).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("hold_limit"))
    );
    // ...but 10 more fits under the cap.
    let (status, _) = order(&shop, "203.0.113.2", 3, "13900000002", &id, 10).await;
    assert_eq!(status, StatusCode::CREATED);
    // The same mobile with another ID number and client: 30 + 11 > 40.
    let (status, body) = order(&shop, "203.0.113.3", 4, "13900000001", &made_up_id(8), 11).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("hold_limit"))
    );
    // A small shelf can still be bought: the floor is 10 units.
    sqlx::query("UPDATE variants SET stock = 12 WHERE sku = 'AL-500G'")
        .execute(&shop.state.db)
        .await
        .expect("stock");
    let (status, body) = order(&shop, "198.51.100.9", 5, "13700000009", &made_up_id(9), 10).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}
