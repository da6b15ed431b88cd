//! Reviews only from buyers: none before the line is delivered, one per
//! line, in the language written; the product page shows the average, the
//! count, the reader's language first; the seller replies once; the
//! operator hides one.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::Shop;
use crate::seller_api::{call, owner_of};
use crate::shipments_api::{paid_order, ship_all, BEES, NUTS};

#[tokio::test]
async fn only_a_delivered_line_is_reviewed_once_and_shown_with_its_verified_mark() {
    let shop = Shop::new().await;
    let st = &shop.state;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(&shop, "prairie-bee", BEES).await;
    let order = paid_order(&shop, "rv-order-00001").await;
    let uri = format!("/api/orders/{order}/reviews");
    let (status, err) = shop
        .post(
            &uri,
            &json!({"sku": "AL-500G", "rating": 5, "text": "好"}),
            None,
        )
        .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (StatusCode::CONFLICT, &json!("review_not_allowed")),
        "{err}"
    );

    ship_all(&shop, &nuts, &bees, 9).await;
    let (status, _) = shop
        .post(&format!("/api/orders/{order}/receipt"), &json!({}), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, bad) = shop
        .post(&uri, &json!({"sku": "AL-500G", "rating": 6}), None)
        .await;
    assert_eq!(
        (status, &bad["error"]["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_review"))
    );
    let (status, zh) = shop
        .post(
            &uri,
            &json!({"sku": "AL-500G", "rating": 5, "text": "杏仁很新鲜，包装完好。"}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{zh}");
    assert_eq!(
        (&zh["lang"], &zh["verified"], &zh["rating"]),
        (&json!("zh-CN"), &json!(true), &json!(5))
    );
    assert!(
        zh["author"].as_str().is_some_and(|a| a.ends_with('*')),
        "{zh}"
    );
    let (status, again) = shop
        .post(
            &uri,
            &json!({"sku": "AL-500G", "rating": 1, "text": "again"}),
            None,
        )
        .await;
    assert_eq!(
        (status, &again["error"]["code"]),
        (StatusCode::CONFLICT, &json!("review_exists"))
    );
    let (status, en) = shop
        .post(
            &uri,
            &json!({"sku": "HO-500G", "rating": 4, "text": "Lovely honey, a little runny."}),
            None,
        )
        .await;
    assert_eq!(
        (status, &en["lang"]),
        (StatusCode::CREATED, &json!("en-US")),
        "{en}"
    );
    // Without the order (no token, no account): no review.
    let (status, _, _) = crate::common::call_with(
        &shop,
        "POST",
        &uri,
        None,
        Some(json!({"sku": "AL-500G", "rating": 5})),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A second buyer of the almonds, in English.
    let other = paid_order(&shop, "rv-order-00002").await;
    ship_all(&shop, &nuts, &bees, 10).await;
    shop.post(&format!("/api/orders/{other}/receipt"), &json!({}), None)
        .await;
    let (status, _) = shop
        .post(
            &format!("/api/orders/{other}/reviews"),
            &json!({"sku": "AL-500G", "rating": 4, "text": "Crunchy and fresh."}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, page) = shop
        .get("/api/products/roasted-almonds/reviews?lang=en-US")
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        (&page["count"], &page["average_tenths"]),
        (&json!(2), &json!(45))
    );
    assert_eq!(
        page["reviews"][0]["lang"], "en-US",
        "the reader's language first"
    );
    let (_, page) = shop
        .get("/api/products/roasted-almonds/reviews?lang=zh-CN")
        .await;
    assert_eq!(page["reviews"][0]["lang"], "zh-CN");

    // The seller replies once; another seller cannot.
    let id = zh["id"].as_i64().expect("id");
    let reply = format!("/api/seller/reviews/{id}/reply");
    let (status, _, _) = call(
        &shop,
        "POST",
        &reply,
        Some(&bees),
        Some(json!({"text": "谢谢"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, replied, _) = call(
        &shop,
        "POST",
        &reply,
        Some(&nuts),
        Some(json!({"text": "谢谢您的评价！"})),
    )
    .await;
    assert_eq!(
        (status, &replied["reply"]),
        (StatusCode::OK, &json!("谢谢您的评价！")),
        "{replied}"
    );
    let (status, _, _) = call(
        &shop,
        "POST",
        &reply,
        Some(&nuts),
        Some(json!({"text": "again"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The operator hides one: gone from the page, kept.
    assert!(
        haitao_server::orders::reviews::hide(&st.db, &st.clock, id, "shares a phone number")
            .await
            .expect("hide")
    );
    let (_, page) = shop.get("/api/products/roasted-almonds/reviews").await;
    assert_eq!(page["count"], 1);
    assert_eq!(
        haitao_server::orders::reviews::listed(&st.db, "roasted-almonds")
            .await
            .expect("list")
            .len(),
        2
    );
}

/// What comes after a purchase is fetched apart: its messages and styles are
/// served under names holding their hash, and the first visit's messages
/// hold none of them.
#[tokio::test]
async fn the_after_purchase_messages_and_styles_are_served_apart() {
    use haitao::locales::{after_css_url, text, url_of, Part};
    use haitao_core::text::Lang;
    let shop = Shop::new().await;
    for lang in Lang::ALL {
        let url = url_of(Part::After, lang);
        let (status, body) = raw_text(&shop, &url).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert!(body.contains("rv-product-heading = "), "{url}");
        assert!(
            !text(Part::Shop, lang).contains("rv-product-heading"),
            "not on a first visit"
        );
        assert!(!text(Part::Shop, lang).contains("track-in_transit"));
    }
    let (status, css) = raw_text(&shop, &after_css_url()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(css.contains(".track-step") && !css.contains("/*"), "{css}");
    let (status, _) = raw_text(&shop, "/locales/after.0000000000000000.css").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn raw_text(shop: &Shop, uri: &str) -> (StatusCode, String) {
    use http_body_util::BodyExt;
    let res = shop
        .raw(
            axum::http::Request::get(uri)
                .body(axum::body::Body::empty())
                .expect("req"),
        )
        .await;
    let status = res.status();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A review names a line of its order: another product, however delivered
/// the order is, is refused.
#[tokio::test]
async fn a_review_of_a_product_the_order_did_not_hold_is_refused() {
    let shop = Shop::new().await;
    let nuts = owner_of(&shop, "golden-valley-nuts", NUTS).await;
    let bees = owner_of(&shop, "prairie-bee", BEES).await;
    let order = paid_order(&shop, "rv-order-00003").await;
    ship_all(&shop, &nuts, &bees, 11).await;
    shop.post(&format!("/api/orders/{order}/receipt"), &json!({}), None)
        .await;
    let (status, err) = shop
        .post(
            &format!("/api/orders/{order}/reviews"),
            &json!({"sku": "PI-454G", "rating": 5}),
            None,
        )
        .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (StatusCode::CONFLICT, &json!("review_not_allowed")),
        "{err}"
    );
}
