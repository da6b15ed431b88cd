//! `/robots.txt` and `/sitemap.xml`: what search engines may crawl, and
//! every published page in both languages (drafts never). A large catalog
//! gets a sitemap index whose pages each stay under the protocol's limits.

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use haitao_core::ErrorCode;
use serde::Deserialize;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

/// URLs per sitemap file (the protocol allows 50,000); each page is listed
/// once per language.
const PER_FILE: i64 = 40_000;
const LANGS: [&str; 2] = ["zh-CN", "en-US"];

/// Paths kept out of search engines: the pages only the app draws (previews,
/// the shopper's own pages), the API and the sandbox.
fn private() -> impl Iterator<Item = String> {
    haitao_core::routes::private_prefixes()
        .into_iter()
        .chain(["/api/".to_owned(), "/sandbox/".to_owned()])
}

fn text(body: String, content_type: &'static str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

pub async fn robots(State(st): State<AppState>) -> Response {
    let mut body = String::from("User-agent: *\n");
    for p in private() {
        body.push_str(&format!("Disallow: {p}\n"));
    }
    body.push_str(&format!(
        "\nSitemap: {}/sitemap.xml\n",
        st.settings.base_url()
    ));
    text(body, "text/plain; charset=utf-8")
}

/// Every public path: home, the legal documents, categories, published
/// products, sellers with one.
async fn paths(st: &AppState) -> ApiResult<Vec<String>> {
    let mut out = vec!["/".to_owned()];
    out.extend(
        haitao_core::legal::DocumentName::ALL
            .iter()
            .map(|d| format!("/legal/{}", d.slug())),
    );
    let cats: Vec<(String,)> =
        sqlx::query_as("SELECT slug FROM categories ORDER BY position, slug")
            .fetch_all(&st.db)
            .await?;
    out.extend(cats.into_iter().map(|(s,)| format!("/c/{s}")));
    let sellers: Vec<(String,)> = sqlx::query_as(
        "SELECT s.slug FROM sellers s WHERE EXISTS (SELECT 1 FROM products p WHERE p.seller_id = s.id AND p.status = 'published') ORDER BY s.slug",
    )
    .fetch_all(&st.db)
    .await?;
    out.extend(sellers.into_iter().map(|(s,)| format!("/s/{s}")));
    let products: Vec<(String,)> =
        sqlx::query_as("SELECT slug FROM products WHERE status = 'published' ORDER BY id")
            .fetch_all(&st.db)
            .await?;
    out.extend(products.into_iter().map(|(s,)| format!("/p/{s}")));
    Ok(out)
}

#[derive(Deserialize)]
pub struct Page {
    page: Option<i64>,
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// A sitemap document: its root element's content written by `content`.
fn document(
    root: &str,
    namespaces: &[(&str, &str)],
    content: impl FnOnce(&mut Writer<Vec<u8>>) -> std::io::Result<()>,
) -> std::io::Result<String> {
    let mut w = Writer::new(Vec::new());
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.get_mut().push(b'\n');
    w.create_element(root)
        .with_attributes(namespaces.iter().copied())
        .write_inner_content(content)?;
    w.get_mut().push(b'\n');
    // The writer took only UTF-8 text.
    Ok(String::from_utf8_lossy(&w.into_inner()).into_owned())
}

/// Pages in both languages, each naming its alternates.
fn urlset(base: &str, paths: &[String]) -> std::io::Result<String> {
    document(
        "urlset",
        &[("xmlns", SITEMAP_NS), ("xmlns:xhtml", XHTML_NS)],
        |w| {
            for path in paths {
                for lang in LANGS {
                    w.create_element("url").write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(&format!(
                                "{base}{path}?lang={lang}"
                            )))?;
                        for alt in LANGS {
                            w.create_element("xhtml:link")
                                .with_attributes([
                                    ("rel", "alternate"),
                                    ("hreflang", alt),
                                    ("href", &format!("{base}{path}?lang={alt}")),
                                ])
                                .write_empty()?;
                        }
                        Ok::<_, std::io::Error>(())
                    })?;
                }
            }
            Ok(())
        },
    )
}

/// The index of a sitemap in `files` parts.
fn index(base: &str, files: usize) -> std::io::Result<String> {
    document("sitemapindex", &[("xmlns", SITEMAP_NS)], |w| {
        for n in 1..=files {
            w.create_element("sitemap").write_inner_content(|w| {
                w.create_element("loc")
                    .write_text_content(BytesText::new(&format!("{base}/sitemap.xml?page={n}")))?;
                Ok::<_, std::io::Error>(())
            })?;
        }
        Ok(())
    })
}

pub async fn sitemap(State(st): State<AppState>, Query(q): Query<Page>) -> ApiResult<Response> {
    let base = st.settings.base_url();
    let all = paths(&st).await?;
    let per_file = (PER_FILE / LANGS.len() as i64) as usize;
    let files = all.len().div_ceil(per_file);
    let body = match q.page {
        // Small enough for one file: the pages themselves.
        None if files <= 1 => urlset(&base, &all),
        None => index(&base, files),
        Some(n) if n >= 1 && (n as usize) <= files => {
            let chunk = all.chunks(per_file).nth(n as usize - 1).unwrap_or(&[]);
            urlset(&base, chunk)
        }
        Some(_) => return Ok(StatusCode::NOT_FOUND.into_response()),
    }
    .map_err(|e| {
        tracing::error!(error = %e, "sitemap not written");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal error",
        )
    })?;
    Ok(text(body, "application/xml; charset=utf-8"))
}
