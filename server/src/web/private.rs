//! Previews show what shoppers must not see yet: never stored by a browser
//! cache or a proxy, never indexed by a search engine.

use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;

pub fn is_private(path: &str) -> bool {
    path == "/preview" || path.starts_with("/preview/") || path.starts_with("/api/preview/")
}

pub async fn mark_private(State(()): State<()>, uri: OriginalUri, mut res: Response) -> Response {
    if is_private(uri.path()) {
        let h = res.headers_mut();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store, private"),
        );
        h.insert(
            "x-robots-tag",
            HeaderValue::from_static("noindex, nofollow"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn which_paths_are_private() {
        assert!(super::is_private("/preview/hood-river-orchards"));
        assert!(super::is_private("/api/preview/x/products/y"));
        assert!(!super::is_private("/previewing"));
        assert!(!super::is_private("/p/rainier-cherries"));
    }
}
