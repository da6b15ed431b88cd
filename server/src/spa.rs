//! Serving the storefront built by trunk: files as they are, and index.html
//! for every other path so that deep links reach the client router.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub async fn serve(dist: PathBuf, req: Request<Body>) -> Response {
    let path = req.uri().path().to_owned();
    match ServeDir::new(&dist).oneshot(req).await {
        Ok(res) if res.status() != StatusCode::NOT_FOUND => res.into_response(),
        // A missing asset (a path with an extension) is a real 404; a route is the app's.
        _ if has_extension(&path) => StatusCode::NOT_FOUND.into_response(),
        _ => index(&dist).await,
    }
}

fn has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

async fn index(dist: &Path) -> Response {
    match tokio::fs::read(dist.join("index.html")).await {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
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
    fn extensions() {
        assert!(super::has_extension("/img/p/x.svg"));
        assert!(!super::has_extension("/p/rainier-cherries"));
        assert!(!super::has_extension("/"));
    }
}
