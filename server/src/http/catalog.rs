use axum::extract::{Path, State};
use axum::Json;
use haitao_core::api::{
    Category, ProductDetail, ProductList, ProductQuery, RegionNames, SellerProfile,
};
use haitao_core::ErrorBody;

use crate::catalog;
use crate::http::extract::ApiQuery;
use crate::infra::error::ApiResult;
use crate::state::AppState;

/// The category tree, bilingual, parents before children.
#[utoipa::path(get, path = "/categories", tag = "catalog", responses((status = 200, body = Vec<Category>)))]
pub async fn categories(State(st): State<AppState>) -> ApiResult<Json<Vec<Category>>> {
    Ok(Json(catalog::categories(&st.index)?))
}

/// Search (Chinese, English, pinyin, initials) and listing with filters,
/// ranked and paginated. `per_page` is clamped to 1..=60; other bad
/// parameters are refused with 400.
#[utoipa::path(
    get, path = "/products", tag = "catalog", params(ProductQuery),
    responses((status = 200, body = ProductList), (status = 400, body = ErrorBody))
)]
pub async fn products(
    State(st): State<AppState>,
    ApiQuery(p): ApiQuery<ProductQuery>,
) -> ApiResult<Json<ProductList>> {
    Ok(Json(catalog::list(&st.index, &st.rate, &p)?))
}

/// One product with its variants.
#[utoipa::path(
    get, path = "/products/{slug}", tag = "catalog", params(("slug" = String, Path)),
    responses((status = 200, body = ProductDetail), (status = 404, body = ErrorBody))
)]
pub async fn product(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<Json<ProductDetail>> {
    Ok(Json(
        catalog::detail(&st.db, &st.rate, &st.clock, &slug).await?,
    ))
}

/// A seller's profile and its products (listing parameters apply).
#[utoipa::path(
    get, path = "/sellers/{slug}", tag = "catalog", params(("slug" = String, Path), ProductQuery),
    responses((status = 200, body = SellerProfile), (status = 404, body = ErrorBody), (status = 400, body = ErrorBody))
)]
pub async fn seller(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    ApiQuery(p): ApiQuery<ProductQuery>,
) -> ApiResult<Json<SellerProfile>> {
    Ok(Json(
        catalog::seller(&st.db, &st.index, &st.rate, &slug, &p).await?,
    ))
}

/// The English names of the provinces and cities, keyed by their Chinese
/// names, for English readers of an address (the address stays Chinese).
#[utoipa::path(get, path = "/regions/en", tag = "catalog", responses((status = 200, body = RegionNames)))]
pub async fn region_names() -> impl axum::response::IntoResponse {
    // The same for every build of the shop's region data: a day is safe.
    (
        [(axum::http::header::CACHE_CONTROL, "public, max-age=86400")],
        Json(&*crate::regions::names::ENGLISH),
    )
}
