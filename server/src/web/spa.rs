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

use crate::state::AppState;
use crate::web::template::{Fill, Pages};

/// The built storefront: its folder, and its page template; and the seller
/// centre's, an app of its own in `dist/seller/`.
pub struct Site {
    pub dist: PathBuf,
    pub pages: Pages,
    pub seller_pages: Pages,
    /// The pages drawn a moment ago (drawn.rs).
    pub drawn: crate::web::drawn::Drawn,
}

impl Site {
    pub fn new(dist: &Path) -> Self {
        Self {
            dist: dist.to_path_buf(),
            pages: Pages::new(dist),
            seller_pages: Pages::new(&dist.join(SELLER_DIR)),
            drawn: Default::default(),
        }
    }
}

/// Where the seller centre's app is built, under `dist/`, and served.
const SELLER_DIR: &str = "seller";

/// What the seller centre's app draws: its pages (`/seller`, `/seller/…`,
/// not one of its files), and the check page of a unit's code (`/v/…`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SellerApp {
    Centre,
    Check,
}

fn seller_app_page(path: &str) -> Option<SellerApp> {
    if let Some(code) = path.strip_prefix("/v/") {
        return (!code.is_empty() && !code.contains('/')).then_some(SellerApp::Check);
    }
    let rest = path.strip_prefix("/seller")?;
    (rest.is_empty()
        || (rest.starts_with('/') && (!has_extension(rest) || rest.ends_with("/index.html"))))
    .then_some(SellerApp::Centre)
}

pub async fn serve(site: std::sync::Arc<Site>, st: AppState, req: Request<Body>) -> Response {
    let dist = &site.dist;
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let shopper = {
        let header_str = |name| {
            req.headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        let cookie = header_str(header::COOKIE);
        Shopper {
            brotli: crate::web::drawn::takes_brotli(req.headers()),
            lang: crate::web::l10n::request_lang(req.headers(), query.as_deref()),
            signed_in: cookie
                .and_then(|c| haitao_core::cookies::value(c, haitao_core::cookies::SIGNED_IN))
                == Some("1"),
        }
    };
    // The app page always goes through `index` for its CSP, however the
    // path to the template is spelled (`//index.html`, `/./index.html`).
    if path == "/" || names_the_template(&path) {
        return app_page(
            &st,
            &site,
            "/",
            query.as_deref(),
            &shopper,
            if_none_match.as_ref(),
        )
        .await;
    }
    if let Some(page) = seller_app_page(&path) {
        let session =
            crate::auth::session_token(&st, crate::auth::sessions::Kind::Seller, req.headers())
                .is_some();
        return seller_page(
            &site.seller_pages,
            page,
            session,
            shopper.lang,
            if_none_match.as_ref(),
        )
        .await;
    }
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        // A directory's index.html would be the template without its CSP.
        .append_index_html_on_directories(false);
    let mut res = match files.oneshot(req).await {
        Ok(res) if res.status() == StatusCode::OK => {
            let mut res = res.into_response();
            let encoding = res.headers().get(header::CONTENT_ENCODING).cloned();
            if let Some(tag) = file_etag(dist, &path, encoding.as_ref()).await {
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
                &site,
                &path,
                query.as_deref(),
                &shopper,
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

/// Whether the file a path reaches is the page template: its segments,
/// decoded as the file server decodes them, less the empty and `.` ones.
fn names_the_template(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut parts = decoded.split('/').filter(|p| !p.is_empty() && *p != ".");
    parts.next() == Some("index.html") && parts.next().is_none()
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

/// Who asks, as far as the page's markup depends on it.
struct Shopper {
    lang: Lang,
    signed_in: bool,
    /// The browser takes brotli (a kept page is sent compressed once).
    brotli: bool,
}

/// The app page for `path`: its first screen drawn by the app's own
/// components, the page's head from the same data.
async fn app_page(
    st: &AppState,
    site: &Site,
    path: &str,
    query: Option<&str>,
    shopper: &Shopper,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    let url = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    };
    let key = crate::web::drawn::Key {
        url,
        lang: shopper.lang,
        signed_in: shopper.signed_in,
        shelf: crate::catalog::search::shelf_changes(),
    };
    if let crate::web::drawn::Look::Page(page) = site.drawn.get(&key) {
        return not_modified_if_matches(page.answer(shopper.brotli), if_none_match);
    }
    let res = draw(st, &site.pages, path, &key.url, shopper).await;
    if res.status() != StatusCode::OK {
        site.drawn.gave_up(&key);
        return res;
    }
    let Some(page) = crate::web::drawn::Page::of(res).await else {
        site.drawn.gave_up(&key);
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let res = page.answer(shopper.brotli);
    site.drawn.put(key, page);
    not_modified_if_matches(res, if_none_match)
}

/// The app's page for `url`, drawn from the components.
async fn draw(st: &AppState, pages: &Pages, path: &str, url: &str, shopper: &Shopper) -> Response {
    let lang = shopper.lang;
    let query = url.split_once('?').map(|(_, q)| q);
    let first = crate::web::preload::first_screen(st, path, url, lang).await;
    let base = st.settings.base_url();
    let head = crate::web::head::for_page(&first.page, &base, path, lang);
    // `?lang=` names the page's language; without it the page is the x-default.
    let chosen = query.is_some_and(|q| q.split('&').any(|kv| kv.starts_with("lang=")));
    let tags = crate::web::head::tags(&head, &base, path, lang, chosen);
    let page = Drawn {
        status: first.status(),
        drawn: first.page.drawn(),
        links: crate::web::preload::messages(lang) + &first.links,
        body: haitao::ssr::render(
            &haitao::ssr::Request {
                lang,
                url,
                signed_in: shopper.signed_in,
            },
            first.categories,
            first.page,
        ),
    };
    index(pages, &page, &head, &tags, lang, None).await
}

/// The seller centre's app's page: the app draws every screen itself (a
/// user's session and data, a code's check, are its), in the language the
/// shop's rule picks, with both parts of that language's messages preloaded.
async fn seller_page(
    pages: &Pages,
    page: SellerApp,
    session: bool,
    lang: Lang,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    let (title, description) = match page {
        SellerApp::Centre => (
            "haitao seller centre · 海淘卖家中心",
            "Catalog, orders to ship and statements for the shop's sellers.",
        ),
        SellerApp::Check => (
            "正品查询 · Is it genuine? · 海淘美国",
            "海淘美国正品查询 / haitao authenticity check",
        ),
    };
    let head = crate::web::head::Head {
        title: title.into(),
        description: description.into(),
        image: None,
        og_type: "website",
        price_cny: None,
        json_ld: None,
    };
    let mut links: String = [
        haitao::locales::Part::Shop,
        haitao::locales::Part::SellerCentre,
    ]
    .into_iter()
    .map(|part| {
        format!(
            "<link rel=preload as=fetch crossorigin href=\"{}\">",
            haitao::locales::url_of(part, lang)
        )
    })
    .collect();
    if page == SellerApp::Centre {
        // The centre's first question is who is signed in: asked while the
        // wasm downloads, or, with no session cookie, known already (the
        // sign-in screen at once, and no 401 in the console).
        links.push_str(if session {
            "<link rel=preload as=fetch crossorigin href=\"/api/seller/me\">"
        } else {
            "<meta name=haitao-seller-session content=none>"
        });
    }
    let page = Drawn {
        status: StatusCode::OK,
        drawn: false,
        links,
        body: String::new(),
    };
    index(pages, &page, &head, "", lang, if_none_match).await
}

/// A page as the server drew it.
struct Drawn {
    status: StatusCode,
    /// The page itself, not placeholders: the app keeps it until its own is ready.
    drawn: bool,
    /// `<link rel=preload>` tags.
    links: String,
    /// The header and `<main>`.
    body: String,
}

async fn index(
    pages: &Pages,
    page: &Drawn,
    head: &crate::web::head::Head,
    tags: &str,
    lang: Lang,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    let template = match pages.template().await {
        Ok(t) => t,
        Err(err) => {
            tracing::error!("no storefront to serve: {err}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The storefront is not built: run `make run`.",
            )
                .into_response();
        }
    };
    let made = template.make(&Fill {
        lang: lang.tag(),
        title: &head.title,
        description: &head.description,
        head: &format!("{tags}{}", page.links),
        shell: &page.body,
        drawn: page.drawn,
    });
    // The page is small and made anyway: its tag is its content's hash.
    let digest = sha2::Sha256::digest(made.html.as_bytes());
    // Weak: the same page goes out plain or compressed.
    let tag = format!("W/\"{}\"", hex::encode(&digest[..12]));
    let mut res = (
        page.status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
            (header::CONTENT_SECURITY_POLICY, made.csp),
            // The page is drawn in the shopper's language, for their session.
            (
                header::VARY,
                "accept-encoding, accept-language, cookie".to_owned(),
            ),
        ],
        made.html,
    )
        .into_response();
    if page.status != StatusCode::OK {
        return res;
    }
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        res.headers_mut().insert(header::ETAG, tag);
    }
    not_modified_if_matches(res, if_none_match)
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
    fn extensions() {
        assert!(super::has_extension("/img/p/x.svg"));
        assert!(!super::has_extension("/p/rainier-cherries"));
        assert!(!super::has_extension("/"));
    }
}
