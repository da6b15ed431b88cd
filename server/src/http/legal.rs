use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use haitao_core::legal::{Document, DocumentName};
use haitao_core::text::Lang;
use haitao_core::ErrorBody;
use serde::Deserialize;

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct InLang {
    /// `zh-CN` (the default) or `en-US`.
    lang: Option<String>,
}

/// A legal document (user agreement, privacy policy, consumer notice, the
/// separate consents) in one language, with the version a consent names.
#[utoipa::path(
    get, path = "/documents/{name}", tag = "legal",
    params(("name" = DocumentName, Path), InLang),
    responses((status = 200, body = Document), (status = 404, body = ErrorBody))
)]
pub async fn document(
    State(st): State<AppState>,
    Path(name): Path<String>,
    Query(q): Query<InLang>,
) -> ApiResult<Response> {
    let lang = q
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or(Lang::ZhCn);
    let doc = DocumentName::parse(&name)
        .and_then(|n| st.documents.get(n, lang))
        .ok_or_else(|| ApiError::not_found("document"))?;
    // A new version comes with a new server; a minute of staleness is harmless
    // (an outdated consent is refused and the shopper shown the new text).
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=60")],
        Json(doc.clone()),
    )
        .into_response())
}
