use axum::extract::{Path, State};
use axum::Json;
use haitao_core::api::{ProductPreview, SellerPreview};
use haitao_core::ErrorBody;

use crate::catalog::preview::{self, token};
use crate::http::extract::Bearer;
use crate::infra::error::ApiResult;
use crate::state::AppState;

/// The seller's storefront with its drafts, and the report of what each
/// product still needs. Needs the seller's preview token as a bearer token.
#[utoipa::path(
    get, path = "/preview/{seller}", tag = "preview", params(("seller" = String, Path)),
    security(("preview_token" = [])),
    responses((status = 200, body = SellerPreview), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
pub async fn seller(
    State(st): State<AppState>,
    Path(seller): Path<String>,
    Bearer(t): Bearer,
) -> ApiResult<Json<SellerPreview>> {
    let grant = token::check(&st.db, &st.keys.preview, &seller, t.as_deref()).await?;
    Ok(Json(
        preview::seller(&st.db, &st.rate, &st.clock, &seller, &grant).await?,
    ))
}

/// One of the seller's products, draft or published, as its page would show it.
#[utoipa::path(
    get, path = "/preview/{seller}/products/{slug}", tag = "preview",
    params(("seller" = String, Path), ("slug" = String, Path)),
    security(("preview_token" = [])),
    responses((status = 200, body = ProductPreview), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn product(
    State(st): State<AppState>,
    Path((seller, slug)): Path<(String, String)>,
    Bearer(t): Bearer,
) -> ApiResult<Json<ProductPreview>> {
    token::check(&st.db, &st.keys.preview, &seller, t.as_deref()).await?;
    Ok(Json(
        preview::product(&st.db, &st.rate, &st.clock, &seller, &slug).await?,
    ))
}
