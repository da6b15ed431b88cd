//! Listing state <-> URL query strings, so that a reload or a shared link
//! shows the same page and back/forward walk through filter changes.

use haitao_core::api::ProductQuery;
use leptos_router::params::ParamsMap;

/// "a=1&b=2" for the parameters that are set.
pub use haitao_core::first_screen::query_string;

/// A path with the listing's query: "/search?q=..." (no "?" when empty).
pub fn with_query(path: &str, q: &ProductQuery) -> String {
    let qs = query_string(q);
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

/// The listing state in the URL; values that do not parse are left out, as
/// a shopper who edits a URL by hand would expect.
pub fn from_params(map: &ParamsMap) -> ProductQuery {
    let text = |k: &str| map.get(k).filter(|v| !v.trim().is_empty());
    let number = |k: &str| map.get(k).and_then(|v| v.trim().parse::<u32>().ok());
    ProductQuery {
        q: text("q").map(|q| q.chars().take(100).collect()),
        category: text("category"),
        seller: text("seller"),
        origin: text("origin"),
        min: number("min"),
        max: number("max"),
        in_stock: (map.get("in_stock").as_deref() == Some("true")).then_some(true),
        in_season: (map.get("in_season").as_deref() == Some("true")).then_some(true),
        sort: text("sort"),
        page: number("page").filter(|p| (1..=50).contains(p)),
        per_page: None,
    }
}
