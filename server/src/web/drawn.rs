//! The pages the server draws, kept for a moment. When a drop opens, every
//! phone asks for the same product page in the same second; drawing it from
//! the components for each of them made the page, not the database, the
//! limit of a sale. A page is kept for `FRESH`, per address, language and
//! signed-in hint, and at once forgotten when a product goes in or out of
//! stock or is changed (`catalog::search::shelf_changes`), so a sold-out drop
//! shows sold out on the next request. Figures that move with every order
//! (units sold) may be `FRESH` old; the cart and the order check the stock
//! itself. When a kept page is due, one request draws it again while the
//! others are served the page of a moment ago (no crowd drawing the same
//! page at once); its brotli form is made once, as it is kept.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use haitao_core::text::Lang;

/// How long a drawn page is served again.
const FRESH: Duration = Duration::from_secs(1);
/// The most pages kept (a crawler walking the catalog cannot grow it further).
const MOST: usize = 4096;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub url: String,
    pub lang: Lang,
    pub signed_in: bool,
    /// The listing's changes that a page shows (in stock, a product's text).
    pub shelf: u64,
}

/// A drawn page: its answer as first made.
#[derive(Clone)]
pub struct Page {
    status: StatusCode,
    headers: HeaderMap,
    html: Bytes,
    br: Option<Bytes>,
}

impl Page {
    /// Takes a drawn answer apart to keep it (its body is in memory).
    pub async fn of(res: Response) -> Option<Self> {
        let (parts, body) = res.into_parts();
        let html = axum::body::to_bytes(body, usize::MAX).await.ok()?;
        let mut out = Vec::new();
        // The quality the compression layer uses for what it compresses as it goes.
        let params = brotli::enc::BrotliEncoderParams {
            quality: 5,
            ..Default::default()
        };
        let br = brotli::BrotliCompress(&mut &html[..], &mut out, &params)
            .ok()
            .map(|_| Bytes::from(out));
        Some(Self {
            status: parts.status,
            headers: parts.headers,
            html,
            br,
        })
    }

    /// The answer again, compressed once for a browser that takes brotli.
    pub fn answer(&self, brotli: bool) -> Response {
        let compressed = self.br.as_ref().filter(|_| brotli);
        let mut res = match &compressed {
            Some(br) => (self.status, Bytes::clone(br)).into_response(),
            None => (self.status, self.html.clone()).into_response(),
        };
        let h = res.headers_mut();
        for (name, value) in &self.headers {
            if name != header::CONTENT_LENGTH {
                h.insert(name, value.clone());
            }
        }
        if compressed.is_some() {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
        res
    }
}

/// A page kept, since when, and whether a request is drawing it again.
struct Kept {
    at: Instant,
    page: Page,
    redrawing: Arc<AtomicBool>,
}

#[derive(Default)]
pub struct Drawn {
    pages: Mutex<HashMap<Key, Kept>>,
}

/// What the kept pages say to a request.
pub enum Look {
    /// A page to answer with.
    Page(Page),
    /// None to answer with: draw it (and `put` it).
    Draw,
}

impl Drawn {
    pub fn get(&self, key: &Key) -> Look {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(kept) = pages.get(key) else {
            return Look::Draw;
        };
        if kept.at.elapsed() < FRESH {
            return Look::Page(kept.page.clone());
        }
        // Due: this request draws it again, unless another already does;
        // then the page of a moment ago.
        if kept.redrawing.swap(true, Ordering::AcqRel) {
            Look::Page(kept.page.clone())
        } else {
            Look::Draw
        }
    }

    pub fn put(&self, key: Key, page: Page) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if pages.len() >= MOST {
            pages.retain(|_, kept| kept.at.elapsed() < FRESH);
            if pages.len() >= MOST {
                return;
            }
        }
        pages.insert(
            key,
            Kept {
                at: Instant::now(),
                page,
                redrawing: Arc::default(),
            },
        );
    }

    /// A request that set out to draw `key` again could not: the next may.
    pub fn gave_up(&self, key: &Key) {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = pages.get(key) {
            kept.redrawing.store(false, Ordering::Release);
        }
    }
}

/// Whether the request takes brotli.
pub fn takes_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut it = e.split(';');
            it.next().is_some_and(|n| n.trim() == "br")
                && it.all(|q| {
                    q.trim()
                        .trim_start_matches("q=")
                        .parse::<f32>()
                        .map_or(true, |q| q > 0.0)
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_only_when_it_is_taken() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(v).expect("value"),
            );
            m
        };
        assert!(takes_brotli(&h("gzip, deflate, br")));
        assert!(takes_brotli(&h("br;q=0.5")));
        assert!(!takes_brotli(&h("br;q=0")));
        assert!(!takes_brotli(&h("gzip")));
        assert!(!takes_brotli(&HeaderMap::new()));
    }

    #[tokio::test]
    async fn a_page_is_kept_a_moment_and_its_brotli_is_the_page() {
        let drawn = Drawn::default();
        let key = Key {
            url: "/p/x".into(),
            lang: Lang::ZhCn,
            signed_in: false,
            shelf: 1,
        };
        let html = "<p>樱桃</p>".repeat(100);
        let page =
            Page::of((StatusCode::OK, [(header::ETAG, "W/\"a\"")], html.clone()).into_response())
                .await
                .expect("page");
        drawn.put(key.clone(), page);
        let Look::Page(again) = drawn.get(&key) else {
            panic!("kept")
        };
        let res = again.answer(true);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(res.headers()[header::ETAG], "W/\"a\"");
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut plain).expect("brotli");
        assert_eq!(plain, html.as_bytes());
        assert!(
            matches!(
                drawn.get(&Key {
                    shelf: 2,
                    ..key.clone()
                }),
                Look::Draw
            ),
            "the shelf moved"
        );
        // Due: one request draws it again, the others get the kept page meanwhile.
        std::thread::sleep(FRESH);
        assert!(matches!(drawn.get(&key), Look::Draw));
        assert!(matches!(drawn.get(&key), Look::Page(_)));
    }
}
