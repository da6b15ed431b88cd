//! The API requests each page makes first. The browser makes them; the
//! server names the same URLs in the page it sends (`<link rel=preload>`), so
//! the answers are on their way while the wasm still downloads. One
//! definition, so the two can never drift apart.

use crate::api::ProductQuery;

/// Products per listing page.
pub const LISTING_PER_PAGE: u32 = 24;
/// Product cards the server draws in a page's first screen (two rows on a
/// phone); the app's grid starts with as many when it takes over.
pub const FRAME_CARDS: usize = 4;
/// Cards whose pictures load at once (the first row, above the fold).
pub const EAGER_CARDS: usize = 2;

/// Home: what is in season now.
pub fn home_seasonal() -> ProductQuery {
    ProductQuery {
        in_season: Some(true),
        per_page: Some(6),
        ..Default::default()
    }
}

/// Home: the best sellers.
pub fn home_popular() -> ProductQuery {
    ProductQuery {
        sort: Some("popular".into()),
        per_page: Some(12),
        ..Default::default()
    }
}

/// A seller's page: the first of its products.
pub fn seller_products() -> ProductQuery {
    ProductQuery {
        per_page: Some(24),
        ..Default::default()
    }
}

/// One page of a listing (`q` without page or size).
pub fn listing_page(q: &ProductQuery, page: u32) -> ProductQuery {
    ProductQuery {
        page: Some(page),
        per_page: Some(LISTING_PER_PAGE),
        ..q.clone()
    }
}

/// As JavaScript's encodeURIComponent: all but A-Z a-z 0-9 - _ . ! ~ * ' ( ).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "a=1&b=2" for the parameters that are set, in `ProductQuery::pairs` order.
pub fn query_string(q: &ProductQuery) -> String {
    q.pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode_component(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// "/api/products?..." for a query.
pub fn products_url(q: &ProductQuery) -> String {
    format!("/api/products?{}", query_string(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_stable_and_encoded_as_the_browser_does() {
        assert_eq!(
            products_url(&home_seasonal()),
            "/api/products?per_page=6&in_season=true"
        );
        assert_eq!(
            products_url(&home_popular()),
            "/api/products?sort=popular&per_page=12"
        );
        let q = ProductQuery {
            category: Some("nuts".into()),
            ..Default::default()
        };
        assert_eq!(
            products_url(&listing_page(&q, 1)),
            "/api/products?category=nuts&page=1&per_page=24"
        );
        assert_eq!(
            encode_component("樱桃 a&b=c/d"),
            "%E6%A8%B1%E6%A1%83%20a%26b%3Dc%2Fd"
        );
        assert_eq!(encode_component("it's-ok_(1)!~*."), "it's-ok_(1)!~*.");
    }
}
