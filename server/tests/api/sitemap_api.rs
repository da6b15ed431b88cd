//! robots.txt keeps the private pages out; sitemap.xml lists every
//! published page in both languages and never a draft.

use crate::common::Shop;
use axum::http::StatusCode;

#[tokio::test]
async fn robots_keeps_private_pages_out_and_names_the_sitemap() {
    let shop = Shop::new().await;
    let (status, body) = shop.get("/robots.txt").await;
    assert_eq!(status, StatusCode::OK);
    let body = body.as_str().unwrap_or("").to_owned();
    for p in [
        "/preview/",
        "/checkout/",
        "/cart",
        "/account",
        "/orders/",
        "/api/",
    ] {
        assert!(body.contains(&format!("Disallow: {p}\n")), "{p}: {body}");
    }
    assert!(
        body.contains("Sitemap: http://127.0.0.1:8080/sitemap.xml"),
        "{body}"
    );
}

#[tokio::test]
async fn the_sitemap_lists_published_pages_in_both_languages_and_no_draft() {
    let shop = Shop::new().await;
    sqlx::query("UPDATE products SET status = 'draft' WHERE slug = 'roasted-almonds'")
        .execute(&shop.state.db)
        .await
        .expect("draft");
    let (status, body) = shop.get("/sitemap.xml").await;
    assert_eq!(status, StatusCode::OK);
    let xml = body.as_str().unwrap_or("").to_owned();
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap parses");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for lang in ["zh-CN", "en-US"] {
        for path in [
            "/",
            "/c/fresh",
            "/p/rainier-cherries",
            "/s/kodiak-catch",
            "/legal/privacy",
            "/legal/notice",
            "/legal/consent-abroad",
        ] {
            let url = format!("http://127.0.0.1:8080{path}?lang={lang}");
            assert!(locs.contains(&url.as_str()), "{url}");
        }
    }
    assert!(!xml.contains("roasted-almonds"), "a draft is never listed");
    assert!(!xml.contains("/preview/") && !xml.contains("/cart"));
    // Each language version names the other.
    let alternates = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "link" && n.attribute("hreflang") == Some("en-US"))
        .count();
    assert_eq!(
        alternates,
        locs.len(),
        "every URL has its English alternate"
    );
}

#[tokio::test]
async fn a_large_catalog_gets_an_index_of_sitemaps() {
    let shop = Shop::new().await;
    haitao_server::catalog::seed::generate(&shop.state.db, 21_000)
        .await
        .expect("seed");
    let (_, body) = shop.get("/sitemap.xml").await;
    let xml = body.as_str().unwrap_or("").to_owned();
    assert!(
        xml.contains("<sitemapindex"),
        "{}",
        &xml[..xml.len().min(300)]
    );
    assert!(xml.contains("/sitemap.xml?page=2"));
    let (status, page2) = shop.get("/sitemap.xml?page=2").await;
    assert_eq!(status, StatusCode::OK);
    let page2 = page2.as_str().unwrap_or("").to_owned();
    let urls = page2.matches("<url>").count();
    assert!(urls > 0 && urls <= 50_000, "{urls}");
    let (status, _) = shop.get("/sitemap.xml?page=99").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
