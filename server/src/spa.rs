//! Serving the storefront built by trunk: files as they are (precompressed
//! .br/.gz when the browser takes them), and index.html for every other path
//! so that deep links reach the client router.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub async fn serve(dist: PathBuf, req: Request<Body>) -> Response {
    let path = req.uri().path().to_owned();
    let files = ServeDir::new(&dist).precompressed_br().precompressed_gzip();
    match files.oneshot(req).await {
        Ok(res) if res.status() != StatusCode::NOT_FOUND => {
            let mut res = res.into_response();
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control(&path)),
            );
            // The same URL answers br, gzip or plain: shared caches must keep them apart.
            res.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            res
        }
        // A missing asset (a path with an extension) is a real 404; a route is the app's.
        _ if has_extension(&path) => StatusCode::NOT_FOUND.into_response(),
        _ => index(&dist).await,
    }
}

/// Trunk names built files with a content hash (`haitao-0123456789abcdef_bg.wasm`):
/// those never change, so browsers keep them a year; other files a day;
/// index.html is always revalidated, so a new release is seen at once.
fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    let hashed = name
        .split(['-', '_', '.'])
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()));
    if name.is_empty() || name == "index.html" {
        "no-cache"
    } else if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=86400"
    }
}

fn has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

async fn index(dist: &Path) -> Response {
    match tokio::fs::read_to_string(dist.join("index.html")).await {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                (header::CACHE_CONTROL, "no-cache".to_owned()),
                (header::CONTENT_SECURITY_POLICY, crate::csp::for_app(&html)),
            ],
            html,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(dist = %dist.display(), "no storefront to serve: {err}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "The storefront is not built: run `make run`.",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn caching_by_kind_of_file() {
        assert_eq!(
            super::cache_control("/haitao-0123456789abcdef_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            super::cache_control("/main-9aeafb59f2f70c67.css"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            super::cache_control("/img/p/rainier-cherries-400.webp"),
            "public, max-age=86400"
        );
        assert_eq!(super::cache_control("/index.html"), "no-cache");
        assert_eq!(super::cache_control("/"), "no-cache");
    }

    #[test]
    fn extensions() {
        assert!(super::has_extension("/img/p/x.svg"));
        assert!(!super::has_extension("/p/rainier-cherries"));
        assert!(!super::has_extension("/"));
    }
}
