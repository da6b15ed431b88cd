//! The order rate limit cannot be dodged: behind our proxy a client is the
//! right-most forwarded address that is not the proxy (not what it writes
//! itself), and IPv6 clients are counted by their /64.

use crate::common::{address, made_up_id, Shop};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use haitao_server::infra::config::Settings;
use haitao_server::infra::throttle::{parse_proxies, Throttle};
use serde_json::json;

/// An order from `peer`, each key a payer of its own: what is counted here is
/// the address (a client without the shop's device cookie), not the payer.
fn order(key: String, peer: &str, forwarded: Option<&str>) -> Request<Body> {
    let payer = key
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let identity = json!({"name": "张三", "id_number": made_up_id(payer % 100_000)});
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "identity": identity});
    let mut req = Request::post("/api/orders")
        .header("content-type", "application/json")
        .header("idempotency-key", key);
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let mut req = req
        .body(Body::from(
            crate::common::consented("/api/orders", body).to_string(),
        ))
        .expect("req");
    let peer: std::net::IpAddr = peer.parse().expect("ip");
    req.extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::new(peer, 40000)));
    req
}

#[tokio::test]
async fn a_client_behind_the_proxy_cannot_pose_as_others() {
    let proxies = parse_proxies("10.0.0.0/8").expect("proxies");
    let shop = Shop::with(Settings::default(), Some(Throttle::new(3, 1, proxies))).await;
    for i in 0..3 {
        let res = shop
            .raw(order(
                format!("proxy-key-{i:04}"),
                "10.0.0.7",
                Some(&format!("1.2.3.{i}, 203.0.113.9")),
            ))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "order {i}");
    }
    // A fresh made-up address on the left changes nothing.
    let res = shop
        .raw(order(
            "proxy-key-0003".into(),
            "10.0.0.7",
            Some("9.9.9.9, 203.0.113.9"),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another real client through the same proxy is not held up.
    let res = shop
        .raw(order(
            "proxy-key-0004".into(),
            "10.0.0.7",
            Some("198.51.100.4"),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // A client that is not our proxy cannot name anyone else at all.
    for i in 0..3 {
        shop.raw(order(
            format!("direct-key-{i:04}"),
            "192.0.2.50",
            Some(&format!("198.51.100.{}", 10 + i)),
        ))
        .await;
    }
    let res = shop
        .raw(order(
            "direct-key-0003".into(),
            "192.0.2.50",
            Some("198.51.100.99"),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn ipv6_addresses_of_one_64_share_a_limit() {
    let shop = Shop::with(Settings::default(), Some(Throttle::new(3, 1, Vec::new()))).await;
    for i in 0..3 {
        let res = shop
            .raw(order(
                format!("v6-key-{i:06}"),
                &format!("2001:db8:aa:bb::{:x}", i + 1),
                None,
            ))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = shop
        .raw(order(
            "v6-key-000003".into(),
            "2001:db8:aa:bb:ffff:1:2:3",
            None,
        ))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "same /64");
    let res = shop
        .raw(order("v6-key-000004".into(), "2001:db8:aa:bc::1", None))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "another /64");
}
