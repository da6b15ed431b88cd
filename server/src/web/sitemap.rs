//! `/robots.txt` and `/sitemap.xml`: what search engines may crawl, and
//! every published page in both languages (drafts never). A large catalog
//! gets a sitemap index whose pages each stay under the protocol's limits.

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::infra::error::ApiResult;
use crate::state::AppState;
use crate::web::html::escape;

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

fn url_entry(base: &str, path: &str) -> String {
    let mut e = String::new();
    for lang in LANGS {
        e.push_str(&format!(
            "<url><loc>{}</loc>",
            escape(&format!("{base}{path}?lang={lang}"))
        ));
        for alt in LANGS {
            e.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>",
                escape(&format!("{base}{path}?lang={alt}"))
            ));
        }
        e.push_str("</url>");
    }
    e
}

pub async fn sitemap(State(st): State<AppState>, Query(q): Query<Page>) -> ApiResult<Response> {
    let base = st.settings.base_url();
    let all = paths(&st).await?;
    let per_file = (PER_FILE / LANGS.len() as i64) as usize;
    let files = all.len().div_ceil(per_file);
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let body = match q.page {
        // Small enough for one file: the pages themselves.
        None if files <= 1 => format!(
            "{head}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">{}</urlset>\n",
            all.iter().map(|p| url_entry(&base, p)).collect::<String>()
        ),
        None => format!(
            "{head}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{}</sitemapindex>\n",
            (1..=files)
                .map(|n| format!("<sitemap><loc>{}</loc></sitemap>", escape(&format!("{base}/sitemap.xml?page={n}"))))
                .collect::<String>()
        ),
        Some(n) if n >= 1 && (n as usize) <= files => {
            let chunk = all.chunks(per_file).nth(n as usize - 1).unwrap_or(&[]);
            format!(
                "{head}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">{}</urlset>\n",
                chunk.iter().map(|p| url_entry(&base, p)).collect::<String>()
            )
        }
        Some(_) => return Ok(StatusCode::NOT_FOUND.into_response()),
    };
    Ok(text(body, "application/xml; charset=utf-8"))
}
