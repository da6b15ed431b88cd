//! A seller's catalog from the seller centre: the import file uploaded
//! (checked whole, drafts or nothing, every problem with its line), drafts
//! published, a variant's price and stock changed in place; each only on the
//! seller's own products, and shoppers see a change at once.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};

use crate::common::Shop;
use crate::seller_api::{call, owner_of};

const OWNER: &str = "orchard@cascade-orchards.example";

async fn owner(shop: &Shop) -> String {
    owner_of(shop, "cascade-orchards", OWNER).await
}

async fn upload(shop: &Shop, cookie: &str, content_type: &str, file: &str) -> (StatusCode, Value) {
    let req = Request::post("/api/seller/imports")
        .header("host", "shop.test")
        .header("origin", "http://shop.test")
        .header("content-type", content_type)
        .header("cookie", cookie)
        .body(Body::from(file.to_owned()))
        .expect("req");
    let res = shop.raw(req).await;
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn example(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/examples")
        .join(name);
    std::fs::read_to_string(path).expect("the example file")
}

#[tokio::test]
async fn an_upload_is_imported_whole_or_refused_with_every_problem() {
    let shop = Shop::new().await;
    let cookie = owner(&shop).await;
    let good = example("cascade-orchards.csv");
    // One bad row (a price that is not one): nothing is imported.
    let bad = good.replacen(",14.99,", ",fourteen,", 1);
    let (status, refused) = upload(&shop, &cookie, "text/csv; charset=utf-8", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["code"], "import_rejected");
    let problems = refused["problems"].as_array().cloned().unwrap_or_default();
    assert_eq!(problems.len(), 1, "{refused}");
    assert_eq!(problems[0]["line"], 4, "the file's own line: {refused}");
    // What it is, for the seller centre to say in the seller's language.
    assert_eq!(
        problems[0]["issue"],
        json!({ "kind": "invalid", "field": "price_usd", "value": "fourteen" })
    );
    assert!(
        problems[0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("price"),
        "{refused}"
    );
    let (status, _) = shop.get("/api/products/apple-cider-syrup").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Not a file format the import reads.
    let (status, body) = upload(&shop, &cookie, "text/plain", &good).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    // Fixed: drafts, invisible to shoppers until published.
    let (status, report) = upload(&shop, &cookie, "text/csv", &good).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert!(report["created"].as_u64().unwrap_or(0) >= 3, "{report}");
    let (status, _) = shop.get("/api/products/apple-cider-syrup").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not on sale");
    // The JSON form of the same catalog is read too.
    let (status, report) = upload(
        &shop,
        &cookie,
        "application/json",
        &example("cascade-orchards.json"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");

    // Publishing one, then the rest: each that cannot be sold says why.
    let (status, done, _) = call(
        &shop,
        "POST",
        "/api/seller/publish",
        Some(&cookie),
        Some(json!({ "product": "apple-cider-syrup" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["published"], json!(["apple-cider-syrup"]));
    let (status, product) = shop.get("/api/products/apple-cider-syrup").await;
    assert_eq!(status, StatusCode::OK, "on sale at once: {product}");
    let (status, _, _) = call(
        &shop,
        "POST",
        "/api/seller/publish",
        Some(&cookie),
        Some(json!({ "product": "roasted-almonds" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another seller's product");
    let (status, done, _) = call(
        &shop,
        "POST",
        "/api/seller/publish",
        Some(&cookie),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert!(
        done["unchanged"]
            .as_array()
            .is_some_and(|u| u.iter().any(|s| s == "apple-cider-syrup")),
        "{done}"
    );
}

#[tokio::test]
async fn a_variants_price_and_stock_change_in_place_for_its_own_seller_only() {
    let shop = Shop::new().await;
    let cookie = owner(&shop).await;
    let (status, changed, _) = call(
        &shop,
        "PATCH",
        "/api/seller/variants/BC-1KG",
        Some(&cookie),
        Some(json!({ "stock": 0 })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["stock"], 0);
    let (_, product) = shop.get("/api/products/bing-cherries").await;
    let stock_of = |p: &Value, sku: &str| {
        p["variants"]
            .as_array()
            .and_then(|v| v.iter().find(|v| v["sku"] == sku))
            .map(|v| v["stock"].clone())
    };
    assert_eq!(
        stock_of(&product, "BC-1KG"),
        Some(json!(0)),
        "sold out at once"
    );
    let before = product["variants"][0]["price"]["usd"]["amount"].clone();
    let (status, changed, _) = call(
        &shop,
        "PATCH",
        "/api/seller/variants/BC-1KG",
        Some(&cookie),
        Some(json!({ "price_usd_cents": 2599, "stock": 40 })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        (
            changed["price_usd_cents"].as_i64(),
            changed["stock"].as_i64()
        ),
        (Some(2599), Some(40))
    );
    let (_, product) = shop.get("/api/products/bing-cherries").await;
    assert_eq!(stock_of(&product, "BC-1KG"), Some(json!(40)));
    assert_ne!(
        product["variants"][0]["price"]["usd"]["amount"], before,
        "{product}"
    );
    // The listing follows too: this process's index was refreshed.
    let (_, list) = shop
        .get("/api/products?seller=cascade-orchards&per_page=60")
        .await;
    let card = list["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["slug"] == "bing-cherries"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(card["in_stock"], true, "{card}");

    // Another seller's SKU, a stock below nothing, a price of nothing.
    for (sku, body, want) in [
        ("HO-500G", json!({ "stock": 5 }), StatusCode::NOT_FOUND),
        (
            "BC-1KG",
            json!({ "stock": -1 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "BC-1KG",
            json!({ "price_usd_cents": 0 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, body, _) = call(
            &shop,
            "PATCH",
            &format!("/api/seller/variants/{sku}"),
            Some(&cookie),
            Some(body),
        )
        .await;
        assert_eq!(status, want, "{sku}: {body}");
        if want == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(body["error"]["code"], "invalid_variant");
        }
    }
    // Signed out: 401.
    let (status, _, _) = call(
        &shop,
        "PATCH",
        "/api/seller/variants/BC-1KG",
        None,
        Some(json!({ "stock": 1 })),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_seller_centre_makes_a_preview_link_of_the_sellers_own_storefront() {
    let shop = Shop::new().await;
    let cookie = owner(&shop).await;
    let (status, link, _) = call(
        &shop,
        "POST",
        "/api/seller/preview-link",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let path = link["path"].as_str().unwrap_or("");
    assert!(
        path.starts_with("/preview/cascade-orchards?token="),
        "{link}"
    );
    let token = path.split("token=").nth(1).unwrap_or("");
    // The link opens the preview API as the command line's token does.
    let req = Request::get("/api/preview/cascade-orchards")
        .header("host", "shop.test")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .expect("req");
    let res = shop.raw(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _, _) = call(&shop, "POST", "/api/seller/preview-link", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_catalog_page_lists_the_sellers_own_products_drafts_included() {
    let shop = Shop::new().await;
    let cookie = owner(&shop).await;
    let (status, _) = upload(&shop, &cookie, "text/csv", &example("cascade-orchards.csv")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, list, _) = call(&shop, "GET", "/api/seller/products", Some(&cookie), None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let products = list.as_array().cloned().unwrap_or_default();
    let slugs: Vec<&str> = products.iter().filter_map(|p| p["slug"].as_str()).collect();
    assert!(slugs.contains(&"apple-cider-syrup"), "the draft: {slugs:?}");
    assert!(slugs.contains(&"rainier-cherries"), "on sale: {slugs:?}");
    assert!(
        !slugs.contains(&"roasted-almonds"),
        "another seller's: {slugs:?}"
    );
    let draft = products
        .iter()
        .find(|p| p["slug"] == "apple-cider-syrup")
        .cloned()
        .unwrap_or_default();
    assert_eq!(draft["status"], "draft");
    assert!(
        draft["variants"][0]["price_usd_cents"]
            .as_i64()
            .unwrap_or(0)
            > 0,
        "{draft}"
    );
    let (status, _, _) = call(&shop, "GET", "/api/seller/products", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
