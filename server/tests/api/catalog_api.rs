use crate::common::{urlencode, Shop};
use axum::http::StatusCode;

#[tokio::test]
async fn health_counts_the_seeded_catalog() {
    let shop = Shop::new().await;
    let (status, body) = shop.get("/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert!(body["products"].as_i64().unwrap_or(0) >= 12);
}

#[tokio::test]
async fn categories_are_bilingual_and_count_children() {
    let shop = Shop::new().await;
    let (status, body) = shop.get("/api/categories").await;
    assert_eq!(status, StatusCode::OK);
    let cats = body.as_array().expect("array");
    let fresh = cats.iter().find(|c| c["slug"] == "fresh").expect("fresh");
    let fruit = cats.iter().find(|c| c["slug"] == "fruit").expect("fruit");
    let seafood = cats
        .iter()
        .find(|c| c["slug"] == "seafood")
        .expect("seafood");
    assert_eq!(fresh["name"]["zh"], "生鲜");
    assert_eq!(fresh["name"]["en"], "Fresh");
    assert_eq!(fruit["parent"], "fresh");
    assert_eq!(
        fresh["product_count"].as_i64(),
        Some(
            fruit["product_count"].as_i64().unwrap_or(0)
                + seafood["product_count"].as_i64().unwrap_or(0)
        )
    );
}

#[tokio::test]
async fn listing_filters_sorts_and_pages() {
    let shop = Shop::new().await;
    let (_, body) = shop.get("/api/products?category=fruit").await;
    let items = body["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert!(items.iter().all(|p| p["category"] == "fruit"));

    let (_, body) = shop.get("/api/products?sort=price_asc&per_page=100").await;
    assert_eq!(body["per_page"], 60, "per_page is clamped");
    let prices: Vec<i64> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["price"]["usd"]["amount"].as_i64().unwrap_or(-1))
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");

    let (_, p1) = shop.get("/api/products?per_page=5&page=1").await;
    let (_, p2) = shop.get("/api/products?per_page=5&page=2").await;
    assert_eq!(p1["items"].as_array().map(Vec::len), Some(5));
    assert_ne!(p1["items"][0]["slug"], p2["items"][0]["slug"]);
    assert_eq!(p1["total"], p2["total"]);
}

#[tokio::test]
async fn listing_prices_carry_yuan_and_dollars_at_the_rate() {
    let shop = Shop::new().await;
    let (_, body) = shop.get("/api/products/rainier-cherries").await;
    assert_eq!(body["rate"]["cny_per_usd_e4"], 70_000);
    let v = &body["variants"][0];
    assert_eq!(v["price"]["usd"]["amount"], 3200);
    assert_eq!(v["price"]["cny"]["amount"], 22_400);
    assert_eq!(body["name"]["zh"], "华盛顿雷尼尔黄樱桃 空运鲜果");
}

#[tokio::test]
async fn name_search_finds_chinese_and_english() {
    let shop = Shop::new().await;
    for q in ["樱桃", "cherries", "CHERRIES"] {
        let (status, body) = shop.get(&format!("/api/products?q={}", urlencode(q))).await;
        assert_eq!(status, StatusCode::OK);
        let slugs: Vec<&str> = body["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|p| p["slug"].as_str())
            .collect();
        assert!(slugs.contains(&"rainier-cherries"), "{q}: {slugs:?}");
    }
    // % and _ are text, not wildcards: "100%" is in the maple syrups' descriptions, "%%" in none.
    let (_, body) = shop.get("/api/products?q=100%25").await;
    assert!(body["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|p| p["slug"] == "maple-syrup-amber"));
    let (_, body) = shop.get("/api/products?q=%25%25").await;
    assert_eq!(body["total"], 0);
}

#[tokio::test]
async fn bad_queries_get_400_in_the_error_shape() {
    let shop = Shop::new().await;
    for uri in [
        "/api/products?page=0",
        "/api/products?page=-1",
        "/api/products?per_page=abc",
        "/api/products?sort=evil",
        &format!("/api/products?q={}", "a".repeat(10_000)),
    ] {
        let (status, body) = shop.get(uri).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{}",
            &uri[..uri.len().min(60)]
        );
        assert_eq!(body["error"]["code"], "invalid_query");
        assert!(body["error"]["message"].is_string());
    }
    let (status, body) = shop
        .get("/api/products?q=%27%3B%20DROP%20TABLE%20products%3B--")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 0);
    let (_, health) = shop.get("/api/health").await;
    assert!(health["products"].as_i64().unwrap_or(0) >= 12);
}

#[tokio::test]
async fn unknown_things_are_json_404s_and_routes_get_the_app() {
    let shop = Shop::new().await;
    let (status, body) = shop.get("/api/products/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, body) = shop.get("/api/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, body) = shop.get("/p/rainier-cherries").await;
    assert_eq!(status, StatusCode::OK);
    // The app page, with the product's own title in place of the site's.
    let page = body.as_str().unwrap_or("");
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(
        page.contains("· 海淘美国</title>") && !page.contains("<title>haitao</title>"),
        "{page}"
    );
    let (status, _) = shop.get("/img/p/missing.svg").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_document_lists_every_route() {
    let shop = Shop::new().await;
    let (status, doc) = shop.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        "/health",
        "/categories",
        "/products",
        "/products/{slug}",
        "/quote",
        "/orders",
        "/orders/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["ProductDetail"].is_object());
}

#[tokio::test]
async fn built_files_are_served_precompressed_and_cached_by_kind() {
    use axum::body::Body;
    use axum::http::Request;
    let shop = Shop::new().await;
    let dist = shop.dist();
    let wasm = "haitao-0123456789abcdef_bg.wasm";
    std::fs::write(dist.join(wasm), vec![0u8; 4096]).expect("wasm");
    std::fs::write(dist.join(format!("{wasm}.br")), b"brotli bytes").expect("br");
    std::fs::write(dist.join(format!("{wasm}.gz")), b"gzip bytes").expect("gz");

    let get = |enc: &'static str, path: String| {
        Request::get(path)
            .header("accept-encoding", enc)
            .body(Body::empty())
            .expect("req")
    };
    let res = shop.raw(get("br, gzip", format!("/{wasm}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["vary"], "accept-encoding");
    let res = shop.raw(get("gzip", format!("/{wasm}"))).await;
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let res = shop.raw(get("identity", format!("/{wasm}"))).await;
    assert!(res.headers().get("content-encoding").is_none());

    let res = shop.raw(get("br", "/p/rainier-cherries".into())).await;
    assert_eq!(
        res.headers()["cache-control"],
        "no-cache",
        "the app's page is always revalidated"
    );
}

#[tokio::test]
async fn built_files_and_the_app_page_revalidate_by_etag() {
    use axum::body::Body;
    use axum::http::Request;
    let shop = Shop::new().await;
    let dist = shop.dist();
    std::fs::write(dist.join("main-0123456789abcdef.css"), "body{}").expect("css");
    std::fs::write(dist.join("main-0123456789abcdef.css.br"), "br").expect("br");
    let get = |path: &str, enc: &str, tag: Option<&str>| {
        let mut r = Request::get(path).header("accept-encoding", enc);
        if let Some(t) = tag {
            r = r.header("if-none-match", t);
        }
        r.body(Body::empty()).expect("req")
    };
    for path in ["/main-0123456789abcdef.css", "/", "/c/fresh"] {
        let first = shop.raw(get(path, "br", None)).await;
        assert_eq!(first.status(), StatusCode::OK, "{path}");
        let tag = first.headers()["etag"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            (tag.starts_with('"') || tag.starts_with("W/\"")) && tag.len() > 4,
            "{path}: {tag}"
        );
        let again = shop.raw(get(path, "br", Some(&tag))).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()["etag"], tag.as_str());
        let body = http_body_util::BodyExt::collect(again.into_body())
            .await
            .expect("body")
            .to_bytes();
        assert!(body.is_empty());
        // A stale tag gets the whole answer.
        let stale = shop.raw(get(path, "br", Some("\"old\""))).await;
        assert_eq!(stale.status(), StatusCode::OK, "{path}");
    }
    // The brotli and plain bodies of one file have different tags.
    let br = shop
        .raw(get("/main-0123456789abcdef.css", "br", None))
        .await;
    let plain = shop
        .raw(get("/main-0123456789abcdef.css", "identity", None))
        .await;
    assert_ne!(br.headers()["etag"], plain.headers()["etag"]);
    // A changed file gets a new tag (size and time are in it).
    let before = plain.headers()["etag"].clone();
    std::fs::write(dist.join("main-0123456789abcdef.css"), "body{color:red}").expect("css");
    let after = shop
        .raw(get(
            "/main-0123456789abcdef.css",
            "identity",
            Some(before.to_str().unwrap_or_default()),
        ))
        .await;
    assert_eq!(after.status(), StatusCode::OK);
    // The app page carries its CSP at / as on every route.
    let root = shop.raw(get("/", "br", None)).await;
    assert!(root.headers().get("content-security-policy").is_some());
}

/// However the template's path is spelled, it is the app page with its CSP,
/// never the raw file (which has none, and would run any script injected).
#[tokio::test]
async fn the_template_is_never_served_without_its_csp() {
    use axum::body::Body;
    use axum::http::Request;
    let shop = Shop::new().await;
    std::fs::write(
        shop.dist().join("index.html"),
        "<!doctype html><head><title>haitao</title></head><body><div id=shell></div></body>",
    )
    .expect("index");
    for path in [
        "/index.html",
        "//index.html",
        "/./index.html",
        "/%2e/index.html",
        "/.//index.html",
    ] {
        let req = Request::get(path).body(Body::empty()).expect("req");
        let res = shop.raw(req).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.headers().get("content-security-policy");
        assert!(
            csp.is_some_and(|c| c.to_str().unwrap_or_default().contains("script-src")),
            "{path}: {csp:?}"
        );
    }
}

#[tokio::test]
async fn the_page_names_its_first_requests_for_preloading() {
    use axum::body::Body;
    use axum::http::Request;
    let shop = Shop::new().await;
    let page = |path: &str| {
        let req = Request::get(path).body(Body::empty()).expect("req");
        async {
            let res = shop.raw(req).await;
            let bytes = http_body_util::BodyExt::collect(res.into_body())
                .await
                .expect("body")
                .to_bytes();
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let home = page("/").await;
    assert!(home.contains(r#"<link rel=preload as=fetch crossorigin fetchpriority=low href="/api/products?sort=popular&per_page=12">"#), "{home}");
    assert!(home.contains(r#"href="/api/categories""#));
    assert!(
        home.find("rel=preload") < home.find("</head>"),
        "in the head"
    );
    let cat = page("/c/nuts?lang=en-US").await;
    assert!(
        cat.contains(r#"href="/api/products?category=nuts&page=1&per_page=24""#),
        "{cat}"
    );
    // The first row of cards' images (the largest paint), as the listing ranks them.
    let (_, first) = shop
        .get("/api/products?category=nuts&page=1&per_page=24")
        .await;
    for card in first["items"].as_array().into_iter().flatten().take(2) {
        let src = card["image"].as_str().unwrap_or("?");
        assert!(
            cat.contains(&format!("as=image href=\"{src}\"")),
            "{src} in {cat}"
        );
    }
    assert_eq!(cat.matches("as=image").count(), 2);
    assert_eq!(home.matches("as=image").count(), 2, "{home}");
    let product = page("/p/rainier-cherries").await;
    assert!(
        product.contains(r#"href="/api/products/rainier-cherries""#),
        "{product}"
    );
    assert!(product.contains(r#"as=image href="/img/p/rainier-cherries-400.webp" imagesrcset="/img/p/rainier-cherries-400.webp 400w, /img/p/rainier-cherries-800.webp 800w""#), "{product}");
    // Filters are read from the URL as the app reads them: the preload is the
    // filtered request itself. Unknown products get no image.
    let filtered = haitao_core::first_screen::listing_page(
        &haitao_core::api::ProductQuery {
            category: Some("nuts".into()),
            origin: Some("CA".into()),
            ..Default::default()
        },
        1,
    );
    let origin_ca = page("/c/nuts?origin=CA&utm_source=wechat").await;
    assert!(
        origin_ca.contains(&format!(
            "href=\"{}\"",
            haitao_core::first_screen::products_url(&filtered)
        )),
        "{origin_ca}"
    );
    assert!(!page("/p/no-such-thing").await.contains("as=image"));
    // The cart reads no catalog answer: only its language's messages come ahead.
    let cart = page("/cart").await;
    assert_eq!(cart.matches("rel=preload").count(), 1, "{cart}");
    assert!(cart.contains("href=\"/locales/"), "{cart}");
}

#[tokio::test]
async fn api_answers_are_compressed_for_browsers_that_take_it() {
    use axum::body::Body;
    use axum::http::Request;
    let shop = Shop::new().await;
    let get = |enc: &str| {
        Request::get("/api/products?per_page=24")
            .header("accept-encoding", enc)
            .body(Body::empty())
            .expect("req")
    };
    let plain = shop.raw(get("identity")).await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_len = http_body_util::BodyExt::collect(plain.into_body())
        .await
        .expect("body")
        .to_bytes()
        .len();
    let br = shop.raw(get("br, gzip")).await;
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["vary"], "accept-encoding");
    let br_len = http_body_util::BodyExt::collect(br.into_body())
        .await
        .expect("body")
        .to_bytes()
        .len();
    assert!(br_len * 3 < plain_len, "{br_len} of {plain_len} bytes");
}
