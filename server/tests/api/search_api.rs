//! Search, ranking and filters on the starter catalog (a known data set).

use crate::common::{urlencode, Shop};
use axum::http::StatusCode;
use haitao_server::catalog::search::{Search, Sort};
use serde_json::Value;

fn slugs(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["slug"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

async fn search(shop: &Shop, q: &str) -> Vec<String> {
    let (status, body) = shop
        .get(&format!("/api/products?per_page=60&q={}", urlencode(q)))
        .await;
    assert_eq!(status, StatusCode::OK, "{q}");
    slugs(&body)
}

#[tokio::test]
async fn chinese_english_pinyin_and_initials_find_cherries() {
    let shop = Shop::new().await;
    let cherries = ["rainier-cherries", "bing-cherries"];
    for q in [
        "樱桃",
        "车厘子",
        "cherry",
        "Cherries",
        "CHERRY",
        "yingtao",
        "ying tao",
        "yt",
        "chelizi",
        "Ｃｈｅｒｒｙ",
    ] {
        let found = search(&shop, q).await;
        for c in cherries {
            assert!(
                found.contains(&c.to_owned()),
                "{q} should find {c}: {found:?}"
            );
        }
        assert!(
            !found.contains(&"roasted-almonds".to_owned()),
            "{q}: {found:?}"
        );
    }
}

#[tokio::test]
async fn plural_and_singular_find_the_same() {
    let shop = Shop::new().await;
    for (a, b) in [
        ("apple", "apples"),
        ("peach", "peaches"),
        ("walnut", "walnuts"),
        ("sock", "socks"),
    ] {
        let (x, y) = (search(&shop, a).await, search(&shop, b).await);
        assert!(!x.is_empty(), "{a}");
        assert_eq!(x, y, "{a} vs {b}");
    }
}

#[tokio::test]
async fn names_rank_before_tags_and_descriptions() {
    let shop = Shop::new().await;
    // 蓝莓 is in two names (wild blueberries, dried blueberries) and one description (fruit purée).
    let found = search(&shop, "蓝莓").await;
    let puree = found
        .iter()
        .position(|s| s == "fruit-puree-pouches")
        .expect("description match");
    for named in ["wild-blueberries", "dried-blueberries"] {
        let at = found.iter().position(|s| s == named).expect(named);
        assert!(
            at < puree,
            "{named} before the description match: {found:?}"
        );
    }
    // 樱桃 is in the Rainier and dried cherries' names, and only a tag of the Bing cherries.
    let found = search(&shop, "樱桃").await;
    let bing = found
        .iter()
        .position(|s| s == "bing-cherries")
        .expect("bing");
    assert!(
        found
            .iter()
            .position(|s| s == "rainier-cherries")
            .expect("rainier")
            < bing,
        "{found:?}"
    );
}

#[tokio::test]
async fn seller_names_are_searched() {
    let shop = Shop::new().await;
    for q in ["kodiak", "科迪亚克"] {
        let found = search(&shop, q).await;
        assert!(
            found.contains(&"king-crab-legs".to_owned()) && found.contains(&"black-cod".to_owned()),
            "{q}: {found:?}"
        );
    }
}

#[tokio::test]
async fn every_word_must_match() {
    let shop = Shop::new().await;
    let found = search(&shop, "maple syrup dark").await;
    assert_eq!(
        found.first().map(String::as_str),
        Some("maple-syrup-dark"),
        "{found:?}"
    );
    assert!(!found.contains(&"maple-candy".to_owned()));
    assert!(search(&shop, "cherry salmon").await.is_empty());
}

#[tokio::test]
async fn an_empty_result_says_so() {
    let shop = Shop::new().await;
    let (status, body) = shop.get("/api/products?q=zzzzqqq").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 0);
    assert_eq!(body["items"], serde_json::json!([]));
}

#[tokio::test]
async fn filters_by_state_price_stock_and_seller() {
    let shop = Shop::new().await;
    let (_, body) = shop.get("/api/products?origin=WA&per_page=60").await;
    let items = body["items"].as_array().expect("items");
    assert!(!items.is_empty() && items.iter().all(|p| p["origin_state"] == "WA"));

    let (_, body) = shop.get("/api/products?min=100&max=200&per_page=60").await;
    for p in body["items"].as_array().expect("items") {
        let fen = p["price"]["cny"]["amount"].as_i64().unwrap_or(-1);
        assert!((10_000..=20_000).contains(&fen), "{} at {fen}", p["slug"]);
    }

    let (_, body) = shop
        .get("/api/products?seller=kodiak-catch&per_page=60")
        .await;
    assert!(body["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|p| p["seller"]["slug"] == "kodiak-catch"));
    assert_eq!(body["total"], 6);

    // Sell out every variant of one product: "in stock only" leaves it out.
    sqlx::query("UPDATE variants SET stock = 0 WHERE product_id = (SELECT id FROM products WHERE slug = 'honeycomb')")
        .execute(&shop.state.db)
        .await
        .expect("update");
    shop.reindex().await;
    let (_, all) = shop.get("/api/products?category=honey").await;
    let (_, in_stock) = shop.get("/api/products?category=honey&in_stock=true").await;
    assert!(slugs(&all).contains(&"honeycomb".to_owned()));
    assert!(!slugs(&in_stock).contains(&"honeycomb".to_owned()));
}

#[tokio::test]
async fn facets_count_the_matches() {
    let shop = Shop::new().await;
    let (_, body) = shop.get("/api/products?category=fresh").await;
    let total = body["total"].as_i64().unwrap_or(0);
    let origins = body["facets"]["origins"].as_array().expect("origins");
    assert_eq!(
        origins
            .iter()
            .map(|o| o["count"].as_i64().unwrap_or(0))
            .sum::<i64>(),
        total
    );
    assert!(origins.iter().any(|o| o["value"] == "AK"));
    // Facets stay whole while one of them filters, so the shopper can switch.
    let (_, only_ak) = shop.get("/api/products?category=fresh&origin=AK").await;
    assert_eq!(only_ak["facets"]["origins"], body["facets"]["origins"]);
    assert!(only_ak["total"].as_i64().unwrap_or(0) < total);
}

#[tokio::test]
async fn sorts_by_price_and_relevance() {
    let shop = Shop::new().await;
    for (sort, asc) in [("price_asc", true), ("price_desc", false)] {
        let (_, body) = shop
            .get(&format!("/api/products?q=nut&sort={sort}&per_page=60"))
            .await;
        let prices: Vec<i64> = body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| p["price"]["cny"]["amount"].as_i64().unwrap_or(0))
            .collect();
        assert!(prices.len() > 2);
        assert!(
            prices
                .windows(2)
                .all(|w| if asc { w[0] <= w[1] } else { w[0] >= w[1] }),
            "{sort}: {prices:?}"
        );
    }
}

#[tokio::test]
async fn seasonal_produce_by_month() {
    let shop = Shop::new().await;
    let index = shop.state.index.read();
    let june = Search {
        q: None,
        category: None,
        seller: None,
        origin: None,
        min_fen: None,
        max_fen: None,
        in_stock: false,
        in_season: Some(6),
        sort: Sort::Popular,
        page: 1,
        per_page: 60,
    };
    let found: Vec<String> = index
        .search(&june, &shop.state.rate)
        .items
        .into_iter()
        .map(|c| c.slug)
        .collect();
    assert!(
        found.contains(&"rainier-cherries".to_owned())
            && found.contains(&"georgia-peaches".to_owned())
    );
    assert!(
        !found.contains(&"honeycrisp-apples".to_owned())
            && !found.contains(&"roasted-almonds".to_owned())
    );
    let january = Search {
        in_season: Some(1),
        ..june
    };
    let found: Vec<String> = index
        .search(&january, &shop.state.rate)
        .items
        .into_iter()
        .map(|c| c.slug)
        .collect();
    assert_eq!(
        found,
        vec!["danjou-pears"],
        "pears ship September to January"
    );
}

#[tokio::test]
async fn hostile_and_nonsense_parameters() {
    let shop = Shop::new().await;
    for uri in [
        "/api/products?page=-1",
        "/api/products?page=0",
        "/api/products?min=abc",
        "/api/products?max=-5",
        "/api/products?min=300&max=100",
        "/api/products?in_stock=maybe",
        "/api/products?sort=DROP",
        &format!("/api/products?q={}", "樱".repeat(101)),
    ] {
        let (status, body) = shop.get(uri).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{}",
            &uri[..uri.len().min(50)]
        );
        assert_eq!(body["error"]["code"], "invalid_query", "{uri}");
    }
    let (status, body) = shop.get("/api/products?per_page=100000").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["per_page"], 60);
    for q in [
        "' OR 1=1 --",
        "\"; DROP TABLE products; --",
        "<script>alert(1)</script>",
    ] {
        let (status, _) = shop.get(&format!("/api/products?q={}", urlencode(q))).await;
        assert_eq!(status, StatusCode::OK, "{q}");
    }
}

#[tokio::test]
async fn seller_profile_with_products() {
    let shop = Shop::new().await;
    let (status, body) = shop.get("/api/sellers/cascade-orchards").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["seller"]["state"], "WA");
    assert_eq!(body["seller"]["verified"], true);
    assert_eq!(body["founded"], 1952);
    assert!(body["story"]["zh"]
        .as_str()
        .unwrap_or("")
        .contains("雅基马"));
    assert!(slugs(&body["products"]).iter().all(|s| !s.is_empty()));
    assert!(body["products"]["total"].as_i64().unwrap_or(0) >= 5);
    let (status, body) = shop.get("/api/sellers/nobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn an_order_updates_stock_and_sales_in_listings() {
    let shop = Shop::new().await;
    // One left of the only variant; an order for it must take the product out of "in stock only".
    sqlx::query("UPDATE variants SET stock = 1 WHERE sku = 'SM-227G'")
        .execute(&shop.state.db)
        .await
        .expect("update");
    shop.reindex().await;
    let body = serde_json::json!({"lines": [{"sku": "SM-227G", "qty": 1}], "address": crate::common::address(), "identity": crate::common::identity()});
    let (status, _) = shop
        .post("/api/orders", &body, Some("listing-follows-01"))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, list) = shop
        .get("/api/products?category=seafood&in_stock=true")
        .await;
    assert!(
        !slugs(&list).contains(&"smoked-salmon".to_owned()),
        "sold out leaves the in-stock listing at once"
    );
}
