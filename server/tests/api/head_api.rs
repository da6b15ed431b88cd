//! What a shared link shows: each public page's head in the language asked.

use crate::common::Shop;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;

/// index.html as trunk writes it in a release build and in a debug build:
/// every page of these tests is made from both.
const TEMPLATES: [&str; 2] = [
    include_str!("../fixtures/index.min.html"),
    include_str!("../fixtures/index.plain.html"),
];

/// Serves `template` as the shop's index.html.
fn built(shop: &Shop, template: &str) {
    std::fs::write(shop.dist().join("index.html"), template).expect("index");
}

async fn page(shop: &Shop, uri: &str, accept: &str) -> (String, String) {
    let (status, html, csp) = page_status(shop, uri, accept).await;
    assert_eq!(status, StatusCode::OK, "{uri}");
    (html, csp)
}

async fn page_status(shop: &Shop, uri: &str, accept: &str) -> (StatusCode, String, String) {
    let res = shop
        .raw(
            Request::get(uri)
                .header("accept-language", accept)
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    let status = res.status();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap_or("")
        .to_owned();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), csp)
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").expect("end");
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[tokio::test]
async fn a_product_link_shows_its_name_picture_and_price_in_the_language_asked() {
    let shop = Shop::new().await;
    for template in TEMPLATES {
        built(&shop, template);
        let (zh, csp) = page(&shop, "/p/rainier-cherries", "zh-CN,zh;q=0.9").await;
        let (_, detail) = shop.get("/api/products/rainier-cherries").await;
        let name_zh = detail["name"]["zh"].as_str().expect("name").to_owned();
        let name_en = detail["name"]["en"].as_str().expect("name").to_owned();
        assert!(
            zh.contains(&format!("<title>{name_zh} · 海淘美国</title>")),
            "{zh}"
        );
        assert!(zh.contains(&format!(
            "property=\"og:title\" content=\"{name_zh} · 海淘美国\""
        )));
        assert!(
            zh.contains("property=\"og:image\" content=\"http://127.0.0.1:8080/img/"),
            "an absolute URL of a shop image"
        );
        assert!(zh.contains("property=\"og:type\" content=\"product\""));
        // Asked without ?lang=, the page is the x-default and its own canonical.
        assert!(zh.contains(
            "<link rel=\"canonical\" href=\"http://127.0.0.1:8080/p/rainier-cherries\">"
        ));
        assert!(zh.contains(
            "hreflang=\"en-US\" href=\"http://127.0.0.1:8080/p/rainier-cherries?lang=en-US\""
        ));
        assert!(zh.contains("hreflang=\"x-default\""));
        let ld = json_ld(&zh);
        assert_eq!(ld["@type"], "Product");
        assert_eq!(ld["name"], name_zh.as_str());
        assert_eq!(ld["offers"]["priceCurrency"], "CNY");
        let lowest = detail["variants"]
            .as_array()
            .expect("variants")
            .iter()
            .filter_map(|v| v["price"]["cny"]["amount"].as_i64())
            .min()
            .expect("a price");
        assert_eq!(
            ld["offers"]["price"],
            format!("{}.{:02}", lowest / 100, lowest % 100)
        );
        assert!(zh.contains(&format!(
            "property=\"product:price:amount\" content=\"{}.{:02}\"",
            lowest / 100,
            lowest % 100
        )));
        // Only the shop's own script is hashed, never the JSON-LD.
        assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");

        let (en, _) = page(&shop, "/p/rainier-cherries?lang=en-US", "zh-CN").await;
        assert!(en.contains(
            "<link rel=\"canonical\" href=\"http://127.0.0.1:8080/p/rainier-cherries?lang=en-US\">"
        ));
        assert!(en.contains(
            "<link rel=\"canonical\" href=\"http://127.0.0.1:8080/p/rainier-cherries?lang=en-US\">"
        ));
        assert!(
            en.contains(&format!("<title>{name_en} · haitao USA</title>")),
            "{en}"
        );
        assert_eq!(json_ld(&en)["name"], name_en.as_str());
        assert!(en.contains("<html lang=\"en-US\">"), "{en}");
        // The page's own description, not the site's (the template's words).
        assert!(!en.contains("site words"), "{en}");
        let desc = detail["description"]["en"].as_str().expect("description");
        let first_words: String = desc.chars().take(30).collect();
        assert!(en.contains(&first_words), "{en}");
    }
}

#[tokio::test]
async fn categories_sellers_and_drafts() {
    let shop = Shop::new().await;
    for template in TEMPLATES {
        built(&shop, template);
        let (c, _) = page(&shop, "/c/fresh?lang=en-US", "").await;
        assert!(
            c.contains("· haitao USA</title>") && !c.contains("<title>haitao USA ·"),
            "{c}"
        );
        assert!(c.contains("property=\"og:type\" content=\"website\""));
        let (s, _) = page(&shop, "/s/kodiak-catch?lang=zh-CN", "").await;
        assert!(s.contains(
            "<link rel=\"canonical\" href=\"http://127.0.0.1:8080/s/kodiak-catch?lang=zh-CN\">"
        ));
        // A draft shows nothing of itself: not found, head and page.
        sqlx::query("UPDATE products SET status = 'draft' WHERE slug = 'roasted-almonds'")
            .execute(&shop.state.db)
            .await
            .expect("draft");
        let (_, detail) = shop.get("/api/products/roasted-almonds").await;
        let (status, d, _) = page_status(&shop, "/p/roasted-almonds", "zh-CN").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!d.contains("application/ld+json"));
        assert!(!d.contains("扁桃仁"), "nothing of the draft: {d}");
        assert!(d.contains("<title>页面不存在 · 海淘美国</title>"), "{d}");
        assert!(detail["error"]["code"] == "not_found");
    }
}

/// A legal page is served in the language asked, titled by its document,
/// with the app's request for it preloaded; an unknown one is 404.
#[tokio::test]
async fn a_legal_page_is_served_in_its_language_with_its_answer_preloaded() {
    let shop = Shop::new().await;
    for template in TEMPLATES {
        built(&shop, template);
        let (html, _) = page(&shop, "/legal/notice?lang=en-US", "zh-CN").await;
        assert!(
            html.contains("<title>Cross-border consumer notice · haitao USA</title>"),
            "{html}"
        );
        assert!(
            html.contains("href=\"/api/documents/notice?lang=en-US\""),
            "the app's request preloaded: {html}"
        );
        let (zh, _) = page(&shop, "/legal/privacy", "zh-CN").await;
        assert!(zh.contains("<title>隐私政策 · 海淘美国</title>"), "{zh}");
        let (status, _, _) = page_status(&shop, "/legal/cookies", "zh-CN").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

/// The storefront carries no language's messages: a page preloads its own
/// language's file and no other, which the server serves (named by its
/// content, cached for good; brotli where the browser takes it; without the
/// translators' comments); a name of old content is gone.
#[tokio::test]
async fn a_page_brings_the_messages_of_its_language_and_no_other() {
    let shop = Shop::new().await;
    for template in TEMPLATES {
        built(&shop, template);
        let preloaded = |html: &str, tag: &str| -> Option<String> {
            let at = html.find(&format!("href=\"/locales/{tag}."))? + "href=\"".len();
            Some(html[at..at + html[at..].find('"')?].to_owned())
        };
        let (en, _) = page(&shop, "/", "en-US,en;q=0.9").await;
        let url = preloaded(&en, "en-US").expect("the English messages preloaded");
        assert!(url.ends_with(".ftl"), "{url}");
        assert_eq!(preloaded(&en, "zh-CN"), None, "{en}");
        let (zh, _) = page(&shop, "/", "zh-CN").await;
        let zh_url = preloaded(&zh, "zh-CN").expect("the Chinese messages preloaded");
        assert_eq!(preloaded(&zh, "en-US"), None, "{zh}");

        let get = |url: &str, encoding: &str| {
            Request::get(url)
                .header("accept-encoding", encoding)
                .body(Body::empty())
                .expect("req")
        };
        let res = shop.raw(get(&url, "identity")).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let body = res.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&body).into_owned();
        assert!(text.contains("sort-label = Sort"), "{text}");
        assert!(!text.contains("排序"), "English only");
        assert!(!text.lines().any(|l| l.starts_with('#')), "no comments");

        let res = shop.raw(get(&url, "gzip, deflate, br, zstd")).await;
        assert_eq!(res.headers()["content-encoding"], "br");
        let br = res.into_body().collect().await.expect("body").to_bytes();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut plain).expect("brotli");
        assert_eq!(String::from_utf8_lossy(&plain), text);
        assert!(br.len() * 3 < text.len(), "{} of {}", br.len(), text.len());
        let res = shop.raw(get(&zh_url, "br;q=0")).await;
        assert_ne!(
            res.headers().get("content-encoding").map(|v| v.as_bytes()),
            Some(&b"br"[..])
        );
        let body = res.into_body().collect().await.expect("body").to_bytes();
        assert!(String::from_utf8_lossy(&body).contains("排序"));

        let stale = shop
            .raw(
                Request::get("/locales/en-US.0000000000000000.ftl")
                    .body(Body::empty())
                    .expect("req"),
            )
            .await;
        assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    }
}
