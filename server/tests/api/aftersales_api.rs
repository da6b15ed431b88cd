//! After-sales: within seven days of delivery the shopper asks for money back
//! for some lines (with photos), the seller approves or refuses, a refusal
//! goes to the operator; approved lines are refunded, exactly their share.
//! Photos: only pictures, at most 5 MB, written again without their metadata.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::Shop;
use crate::seller_api::{call, owner_of};
use crate::shipments_api::{paid_order, ship_all, BEES, NUTS};

async fn delivered(shop: &Shop) -> (String, String, String) {
    let nuts = owner_of(shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(shop, "prairie-bee", BEES).await;
    let order = paid_order(shop, "as-order-00001").await;
    ship_all(shop, &nuts, &bees, 7).await;
    let (status, o) = shop
        .post(&format!("/api/orders/{order}/receipt"), &json!({}), None)
        .await;
    assert_eq!(
        (status, &o["status"]),
        (StatusCode::OK, &json!("completed")),
        "{o}"
    );
    (order, nuts, bees)
}

/// A photo sent as the phone sends it: the bytes, with their type.
async fn upload(
    shop: &Shop,
    order: &str,
    bytes: Vec<u8>,
    content_type: &str,
) -> (StatusCode, Value) {
    let mut req = Request::post(format!("/api/orders/{order}/photos"))
        .header("content-type", content_type)
        .header("content-length", bytes.len().to_string());
    if let Some(t) = shop.order_token(order) {
        req = req.header("x-order-token", t);
    }
    shop.send(req.body(Body::from(bytes)).expect("request"))
        .await
}

fn png(with_text: &str) -> Vec<u8> {
    use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
    let mut out = Vec::new();
    DynamicImage::ImageRgba8(RgbaImage::from_pixel(64, 48, Rgba([180, 20, 20, 255])))
        .write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png)
        .expect("png");
    // Text after the picture's end: kept by a lazy server, dropped by a re-encoding one.
    out.extend_from_slice(with_text.as_bytes());
    out
}

async fn photo_count(shop: &Shop) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM photos")
        .fetch_one(&shop.state.db)
        .await
        .expect("count");
    n
}

async fn ask(shop: &Shop, order: &str, key: &str, body: Value) -> (StatusCode, Value) {
    let uri = format!("/api/orders/{order}/aftersales");
    let mut req = Request::post(&uri)
        .header("content-type", "application/json")
        .header("idempotency-key", key);
    if let Some(t) = shop.order_token(order) {
        req = req.header("x-order-token", t);
    }
    shop.send(req.body(Body::from(body.to_string())).expect("request"))
        .await
}

#[tokio::test]
async fn photos_are_pictures_only_and_nothing_else_is_kept() {
    let shop = Shop::new().await;
    let (order, _, _) = delivered(&shop).await;
    // 50 MB: refused from its declared length, with the shop's own error.
    let (status, err) = upload(&shop, &order, vec![0u8; 50 * 1024 * 1024], "image/jpeg").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(err["error"]["code"], "photo_too_large");
    // Claims to be a JPEG, is not.
    let (status, err) = upload(
        &shop,
        &order,
        b"<html><script>alert(1)</script></html>".to_vec(),
        "image/jpeg",
    )
    .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &json!("photo_not_an_image")
        )
    );
    assert_eq!(
        photo_count(&shop).await,
        0,
        "nothing kept of a refused file"
    );
    // A PNG with a script in it: taken, as pixels only.
    let (status, kept) = upload(
        &shop,
        &order,
        png("<script>alert(document.cookie)</script>"),
        "image/png",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{kept}");
    let url = kept["url"].as_str().expect("url");
    let res = shop
        .raw(Request::get(url).body(Body::empty()).expect("req"))
        .await;
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(&bytes[..3], &[0xff, 0xd8, 0xff], "a JPEG");
    assert!(!bytes.windows(8).any(|w| w == b"<script>"));
    // Another order's shopper cannot add photos to this one.
    let req = Request::post(format!("/api/orders/{order}/photos"))
        .header("content-type", "image/png")
        .body(Body::from(png("")))
        .expect("request");
    assert_eq!(shop.send(req).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_damaged_line_is_refunded_once_the_seller_or_the_operator_approves() {
    let shop = Shop::new().await;
    let st = &shop.state;
    let (order, nuts, bees) = delivered(&shop).await;
    // Before delivery: not yet.
    let early = paid_order(&shop, "as-early-00001").await;
    let (status, err) = ask(
        &shop,
        &early,
        "as-early-key-1",
        json!({"lines": [{"sku": "AL-500G", "qty": 1}], "reason": "damaged"}),
    )
    .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (StatusCode::CONFLICT, &json!("aftersales_closed")),
        "{err}"
    );

    let (_, o) = shop.get(&format!("/api/orders/{order}")).await;
    let line = |sku: &str| {
        o["quote"]["lines"]
            .as_array()
            .and_then(|l| l.iter().find(|x| x["sku"] == sku).cloned())
            .expect("line")
    };
    let al = line("AL-500G");
    let (_, photo) = upload(&shop, &order, png(""), "image/png").await;
    let photo = photo["id"].as_str().expect("photo").to_owned();

    // Two sellers' lines in one request; more than was bought; a bad reason.
    for (body, code) in [
        (
            json!({"lines": [{"sku": "AL-500G", "qty": 1}, {"sku": "HO-500G", "qty": 1}], "reason": "damaged"}),
            "aftersales_one_seller",
        ),
        (
            json!({"lines": [{"sku": "AL-500G", "qty": 4}], "reason": "damaged"}),
            "invalid_aftersales",
        ),
        (
            json!({"lines": [{"sku": "AL-500G", "qty": 1}], "reason": "damaged", "photos": ["0123456789abcdef0123456789abcdef"]}),
            "invalid_note",
        ),
    ] {
        let (status, err) = ask(&shop, &order, "as-bad-key-0001", body).await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{err}"
        );
    }
    let (status, bad) = ask(
        &shop,
        &order,
        "as-bad-key-0002",
        json!({"lines": [], "reason": "broken"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");

    // One jar of three, damaged, with its photo.
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "reason": "damaged", "note": "罐子碎了", "photos": [photo]});
    let (status, r) = ask(&shop, &order, "as-key-000001", body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let share = al["goods"]["cny"]["amount"].as_i64().unwrap_or(0) / 3
        + al["tax"]["amount"].as_i64().unwrap_or(0) / 3;
    assert_eq!(r["amount"]["amount"].as_i64(), Some(share), "{r}");
    assert_eq!(r["state"], "requested");
    assert_eq!(r["photos"].as_array().map(Vec::len), Some(1));
    // The same key: the same request.
    let (status, again) = ask(&shop, &order, "as-key-000001", body).await;
    assert_eq!((status, &again["id"]), (StatusCode::OK, &r["id"]));
    let id = r["id"].as_i64().expect("id");

    // Only its seller decides; a refusal needs a reason.
    let uri = format!("/api/seller/aftersales/{id}/decision");
    let (status, _, _) = call(
        &shop,
        "POST",
        &uri,
        Some(&bees),
        Some(json!({"approve": true})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err, _) = call(
        &shop,
        "POST",
        &uri,
        Some(&nuts),
        Some(json!({"approve": false})),
    )
    .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_note"))
    );
    let (_, list, _) = call(&shop, "GET", "/api/seller/aftersales", Some(&nuts), None).await;
    assert_eq!(list[0]["id"], id, "{list}");
    let (status, refused, _) = call(
        &shop,
        "POST",
        &uri,
        Some(&nuts),
        Some(json!({"approve": false, "reason": "Packed with care; photo shows no damage"})),
    )
    .await;
    assert_eq!(
        (status, &refused["state"]),
        (StatusCode::OK, &json!("refused")),
        "{refused}"
    );
    let (status, _, _) = call(
        &shop,
        "POST",
        &uri,
        Some(&nuts),
        Some(json!({"approve": true})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "decided already");

    // The shopper takes it further; the operator approves: refunded, that share exactly.
    let (status, up) = shop
        .post(
            &format!("/api/orders/{order}/aftersales/{id}/escalate"),
            &json!({}),
            None,
        )
        .await;
    assert_eq!(
        (status, &up["state"]),
        (StatusCode::OK, &json!("escalated")),
        "{up}"
    );
    let waiting = haitao_server::orders::aftersales::escalated(&st.db)
        .await
        .expect("list");
    assert_eq!(waiting.len(), 1);
    let done = haitao_server::orders::aftersales::decide(
        &st.db,
        &st.clock,
        st.payments.as_ref(),
        id,
        haitao_server::orders::aftersales::Decider::Operator,
        true,
        "",
    )
    .await
    .expect("approved");
    assert_eq!(done.state, haitao_core::aftersales::State::Approved);
    let (_, o) = shop.get(&format!("/api/orders/{order}")).await;
    let refunds = o["refunds"].as_array().cloned().unwrap_or_default();
    assert_eq!(refunds.len(), 1, "{o}");
    assert_eq!(
        (
            refunds[0]["amount"]["amount"].as_i64(),
            &refunds[0]["reason"]
        ),
        (Some(share), &json!("aftersales"))
    );
    let (_, mine) = shop.get(&format!("/api/orders/{order}/aftersales")).await;
    assert_eq!(mine[0]["state"], "approved");

    // The seller approves another jar at once.
    let (_, r2) = ask(
        &shop,
        &order,
        "as-key-000002",
        json!({"lines": [{"sku": "AL-500G", "qty": 1}], "reason": "missing"}),
    )
    .await;
    let uri = format!("/api/seller/aftersales/{}/decision", r2["id"]);
    let (status, ok, _) = call(
        &shop,
        "POST",
        &uri,
        Some(&nuts),
        Some(json!({"approve": true})),
    )
    .await;
    assert_eq!(
        (status, &ok["state"]),
        (StatusCode::OK, &json!("approved")),
        "{ok}"
    );

    // Seven days after delivery, it closes.
    st.clock.advance(Duration::from_secs(8 * 86_400));
    let (status, err) = ask(
        &shop,
        &order,
        "as-key-000003",
        json!({"lines": [{"sku": "AL-500G", "qty": 1}], "reason": "damaged"}),
    )
    .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (StatusCode::CONFLICT, &json!("aftersales_closed"))
    );
}

#[tokio::test]
async fn a_paid_order_cancelled_before_it_ships_is_refunded_and_its_declaration_withdrawn() {
    let shop = Shop::new().await;
    let st = &shop.state;
    let order = paid_order(&shop, "as-cancel-00001").await;
    let dir = tempfile::tempdir().expect("dir");
    shop.declare(dir.path()).await;
    let (status, o) = shop
        .post(&format!("/api/orders/{order}/cancel"), &json!({}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(
        (&o["status"], &o["cancel_reason"]),
        (&json!("cancelled"), &json!("shopper"))
    );
    assert_eq!(o["refunds"][0]["reason"], "cancelled_before_shipping");
    assert_eq!(o["refunds"][0]["amount"], o["quote"]["total"]);
    // The next export withdraws the declaration (appType 3), once.
    let written = shop.declare(dir.path()).await.written;
    assert_eq!(written.len(), 1);
    let xml = std::fs::read_to_string(&written[0]).expect("file");
    assert!(xml.contains("<ceb:appType>3</ceb:appType>"), "{xml}");
    assert!(shop.declare(dir.path()).await.written.is_empty());
    let _ = st;
    // Once a parcel has left, it is not cancellable.
    let other = paid_order(&shop, "as-cancel-00002").await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(&shop, "prairie-bee", BEES).await;
    ship_all(&shop, &nuts, &bees, 8).await;
    let (status, err) = shop
        .post(&format!("/api/orders/{other}/cancel"), &json!({}), None)
        .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (StatusCode::CONFLICT, &json!("order_not_cancellable"))
    );
}
