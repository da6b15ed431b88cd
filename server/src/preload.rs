//! `<link rel=preload>` for the first requests of the page being opened: the
//! API answers (and a product's first image) travel while the wasm is still
//! downloading, instead of after it. The URLs come from haitao-core's
//! `first_screen`, the same the browser builds, so a preload is always used.
//! A product page's frame also carries its first image, where the app will
//! show it: the page's largest paint no longer waits for the wasm.

use haitao_core::api::ProductQuery;
use haitao_core::first_screen::{
    encode_component, home_popular, home_seasonal, listing_page, products_url,
};
use haitao_core::images::{srcset, CARD_SIZES, GALLERY_SIZES};
use haitao_core::validate::is_slug;

use crate::state::AppState;

fn fetch(url: &str) -> String {
    // `crossorigin` makes the preload's mode match fetch()'s (cors, same-origin credentials).
    format!("<link rel=preload as=fetch crossorigin href=\"{url}\">")
}

fn image(src: &str, sizes: &str) -> String {
    format!(
        "<link rel=preload as=image href=\"{src}\"{} imagesizes=\"{sizes}\" fetchpriority=high>",
        srcset(src)
            .map(|s| format!(" imagesrcset=\"{s}\""))
            .unwrap_or_default()
    )
}

/// The images of the first row of cards a listing query shows (the cards
/// that load their images eagerly): the page's largest paint.
fn first_cards(st: &AppState, q: &ProductQuery) -> String {
    crate::catalog::list(&st.index, &st.rate, q)
        .map(|l| {
            l.items
                .iter()
                .take(2)
                .filter(|c| c.image.starts_with("/img/"))
                .map(|c| image(&c.image, CARD_SIZES))
                .collect()
        })
        .unwrap_or_default()
}

/// What the server adds to the app page for one path.
#[derive(Default)]
pub struct FirstScreen {
    /// `<link rel=preload>` tags for the head.
    pub links: String,
    /// The inside of the frame's `<main>`, when the server can draw more of
    /// the page than grey cards.
    pub main: Option<String>,
}

/// The gallery's first image as the product page shows it (same classes,
/// size and sources), so the browser paints it before the app starts.
fn gallery(src: &str) -> String {
    let src = escape(src);
    let srcset = srcset(&src)
        .map(|s| format!(" srcset=\"{s}\" sizes=\"{GALLERY_SIZES}\""))
        .unwrap_or_default();
    format!(
        "<article class=\"product\"><div class=\"gallery\"><img{srcset} src=\"{src}\" alt=\"\" width=\"400\" height=\"400\"></div></article>"
    )
}

/// Text for an HTML attribute.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The additions for `path`; none when the query string holds more than
/// `lang` (filters change the requests, and guessing wrong would waste
/// bandwidth).
pub async fn first_screen(st: &AppState, path: &str, query: Option<&str>) -> FirstScreen {
    let plain = query.is_none_or(|q| q.split('&').all(|p| p.is_empty() || p.starts_with("lang=")));
    if !plain {
        return FirstScreen::default();
    }
    if let Some(slug) = path.strip_prefix("/p/").filter(|s| is_slug(s)) {
        let mut links = fetch(&format!("/api/products/{}", encode_component(slug)));
        let first: Option<(String,)> = sqlx::query_as(
            "SELECT json_extract(images, '$[0]') FROM products WHERE slug = ? AND status = 'published'",
        )
        .bind(slug)
        .fetch_optional(&st.db)
        .await
        .ok()
        .flatten();
        let Some((src,)) = first.filter(|(s,)| s.starts_with("/img/")) else {
            return FirstScreen { links, main: None };
        };
        links.push_str(&image(&src, GALLERY_SIZES));
        return FirstScreen {
            links,
            main: Some(gallery(&src)),
        };
    }
    FirstScreen {
        links: links(st, path).await,
        main: None,
    }
}

/// The links for a listing or the home page.
async fn links(st: &AppState, path: &str) -> String {
    if path == "/" {
        // The seasonal picks come first on the page; out of season, the best sellers.
        let mut cards = first_cards(st, &home_seasonal());
        if cards.is_empty() {
            cards = first_cards(st, &home_popular());
        }
        return [
            fetch("/api/categories"),
            fetch(&products_url(&home_seasonal())),
            fetch(&products_url(&home_popular())),
            cards,
        ]
        .concat();
    }
    if let Some(slug) = path.strip_prefix("/c/").filter(|s| is_slug(s)) {
        let q = ProductQuery {
            category: Some(slug.to_owned()),
            ..Default::default()
        };
        let q = listing_page(&q, 1);
        return [
            fetch("/api/categories"),
            fetch(&products_url(&q)),
            first_cards(st, &q),
        ]
        .concat();
    }
    String::new()
}
