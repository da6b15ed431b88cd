//! Serving the storefront built by trunk: files as they are (precompressed
//! .br/.gz when the browser takes them), and index.html for every other path
//! so that deep links reach the client router.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::Digest;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use haitao_core::text::Lang;

use crate::preload::FirstScreen;
use crate::state::AppState;

pub async fn serve(dist: PathBuf, st: AppState, req: Request<Body>) -> Response {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let lang = {
        let header_str = |name| {
            req.headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        crate::l10n::shopper_lang(
            query.as_deref(),
            header_str(header::COOKIE),
            header_str(header::ACCEPT_LANGUAGE),
        )
    };
    // The app page always goes through `index` for its CSP.
    if path == "/" || path == "/index.html" {
        return app_page(
            &st,
            &dist,
            "/",
            query.as_deref(),
            lang,
            if_none_match.as_ref(),
        )
        .await;
    }
    let files = ServeDir::new(&dist).precompressed_br().precompressed_gzip();
    let mut res = match files.oneshot(req).await {
        Ok(res) if res.status() == StatusCode::OK => {
            let mut res = res.into_response();
            let encoding = res.headers().get(header::CONTENT_ENCODING).cloned();
            if let Some(tag) = file_etag(&dist, &path, encoding.as_ref()).await {
                res.headers_mut().insert(header::ETAG, tag);
            }
            res
        }
        Ok(res) if res.status() != StatusCode::NOT_FOUND => res.into_response(),
        // A missing asset (a path with an extension) is a real 404; a route is the app's.
        _ if has_extension(&path) => return StatusCode::NOT_FOUND.into_response(),
        _ => {
            return app_page(
                &st,
                &dist,
                &path,
                query.as_deref(),
                lang,
                if_none_match.as_ref(),
            )
            .await;
        }
    };
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(&path)),
    );
    // The same URL answers br, gzip or plain: shared caches must keep them apart.
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    not_modified_if_matches(res, if_none_match.as_ref())
}

/// A revalidation whose tag still matches gets 304 and no body.
fn not_modified_if_matches(res: Response, if_none_match: Option<&HeaderValue>) -> Response {
    let Some(tag) = res.headers().get(header::ETAG) else {
        return res;
    };
    let matches = if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == tag.to_str().unwrap_or("") || t.trim() == "*")
        });
    if !matches {
        return res;
    }
    let mut out = StatusCode::NOT_MODIFIED.into_response();
    for name in [
        header::ETAG,
        header::CACHE_CONTROL,
        header::VARY,
        header::CONTENT_SECURITY_POLICY,
    ] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// The served file's size and modification time (and encoding), as nginx
/// does: a stat per request, always true to the file on disk, even when the
/// storefront is rebuilt under a running server.
async fn file_etag(dist: &Path, path: &str, encoding: Option<&HeaderValue>) -> Option<HeaderValue> {
    let rel = path.trim_start_matches('/');
    let suffix = match encoding.and_then(|e| e.to_str().ok()) {
        Some("br") => ".br",
        Some("gzip") => ".gz",
        _ => "",
    };
    let meta = tokio::fs::metadata(dist.join(format!("{rel}{suffix}")))
        .await
        .ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    HeaderValue::from_str(&format!("\"{:x}-{modified:x}{suffix}\"", meta.len())).ok()
}

/// Trunk names built files with a content hash (`haitao-0123456789abcdef_bg.wasm`),
/// as does scripts/split-wasm.mjs the wasm chunks: those never change, so
/// browsers keep them a year; other files a day; index.html is always
/// revalidated, so a new release is seen at once. Trunk writes its 64-bit hash
/// without leading zeros, so it can be shorter than 16 digits.
fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    let hashed = name
        .split(['-', '_', '.'])
        .any(|part| (12..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()));
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

/// The frame's `<main>` in index.html (trunk's minifier drops the quotes).
fn shell_main(html: &str) -> Option<(usize, usize)> {
    let open = ["<main class=page>", "<main class=\"page\">"]
        .iter()
        .find_map(|tag| html.find(tag).map(|at| at + tag.len()))?;
    let close = open + html[open..].find("</main>")?;
    Some((open, close))
}

/// The frame in the shopper's language: the page's language and the brand
/// in the header (index.html has them in Chinese).
fn in_language(html: String, lang: Lang) -> String {
    if lang == Lang::ZhCn {
        return html;
    }
    let brand = crate::html::escape(&crate::l10n::t(lang, "brand-name"));
    html.replacen("<html lang=zh-CN>", "<html lang=en-US>", 1)
        .replacen(
            "<span class=logo-text>海淘美国</span>",
            &format!("<span class=logo-text>{brand}</span>"),
            1,
        )
}

/// The page's own head tags (title, description, links, Open Graph, JSON-LD).
pub struct PageHead {
    head: crate::head::Head,
    tags: String,
}

/// The app page for `path`: its first screen and its head are looked up side
/// by side, so the head adds no wait to the first page load.
async fn app_page(
    st: &AppState,
    dist: &Path,
    path: &str,
    query: Option<&str>,
    lang: Lang,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    let (first, head) = tokio::join!(
        crate::preload::first_screen(st, path, query, lang),
        page_head(st, path, query, lang)
    );
    index(dist, &first, &head, lang, if_none_match).await
}

async fn page_head(st: &AppState, path: &str, query: Option<&str>, lang: Lang) -> PageHead {
    let head = crate::head::for_path(st, path, query, lang).await;
    let chosen = query.is_some_and(|q| q.split('&').any(|kv| kv.starts_with("lang=")));
    let tags = crate::head::tags(&head, &st.settings.base_url(), path, lang, chosen);
    PageHead { head, tags }
}

async fn index(
    dist: &Path,
    first: &FirstScreen,
    page: &PageHead,
    lang: Lang,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    match tokio::fs::read_to_string(dist.join("index.html")).await {
        Ok(html) => {
            let mut html = crate::head::apply(in_language(html, lang), &page.head, &page.tags);
            if let (Some(main), Some((open, close))) = (&first.main, shell_main(&html)) {
                html.replace_range(open..close, main);
                // Marks the frame as the page itself: the app keeps it until its own first screen is ready.
                html.replace_range(open - 1..open, " data-drawn>");
                if let Some(changed) = crate::loader::picture_first(&html) {
                    html = changed;
                }
            }
            if let Some(at) = html.find("</head>").filter(|_| !first.links.is_empty()) {
                html.insert_str(at, &first.links);
            }
            // The page is small and read anyway: its tag is its content's hash.
            let digest = sha2::Sha256::digest(html.as_bytes());
            // Weak: the same page goes out plain or compressed.
            let tag = format!("W/\"{}\"", hex::encode(&digest[..12]));
            let res = (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                    (header::CACHE_CONTROL, "no-cache".to_owned()),
                    (header::CONTENT_SECURITY_POLICY, crate::csp::for_app(&html)),
                    (header::ETAG, tag),
                    // The frame is drawn in the shopper's language.
                    (
                        header::VARY,
                        "accept-encoding, accept-language, cookie".to_owned(),
                    ),
                ],
                html,
            )
                .into_response();
            not_modified_if_matches(res, if_none_match)
        }
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
        let year = "public, max-age=31536000, immutable";
        for (path, expected) in [
            ("/haitao-0123456789abcdef_bg.wasm", year),
            ("/main-9aeafb59f2f70c67.css", year),
            // Trunk's hash without its leading zero; a chunk named by split-wasm.mjs.
            ("/haitao-cbdac442cd2d8c8_bg.wasm", year),
            ("/chunk_12-0a1b2c3d4e5f6789.wasm", year),
            ("/img/p/rainier-cherries-400.webp", "public, max-age=86400"),
            ("/index.html", "no-cache"),
            ("/", "no-cache"),
        ] {
            assert_eq!(super::cache_control(path), expected, "{path}");
        }
    }

    #[test]
    fn the_frames_main_is_found_minified_or_not() {
        for html in [
            "<body><main class=page><div></div></main>",
            "<main class=\"page\"><div></div></main>",
        ] {
            let (open, close) = super::shell_main(html).expect("a main");
            assert_eq!(&html[open..close], "<div></div>");
        }
        assert_eq!(super::shell_main("<main><div></div></main>"), None);
    }

    #[test]
    fn extensions() {
        assert!(super::has_extension("/img/p/x.svg"));
        assert!(!super::has_extension("/p/rainier-cherries"));
        assert!(!super::has_extension("/"));
    }
}
