//! Reviews over HTTP: a product's (public), a buyer's of an order's
//! delivered lines, a seller's reply.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use haitao_core::reviews::{NewReview, Review, ReviewPage};
use haitao_core::text::Lang;
use haitao_core::ErrorBody;
use serde::Deserialize;

use crate::http::extract::ApiJson;
use crate::infra::error::ApiResult;
use crate::orders::access;
use crate::orders::reviews;
use crate::sellers::SignedInSeller;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReviewsQuery {
    /// The reader's language (`zh-CN`, `en-US`): its reviews come first.
    pub lang: Option<String>,
}

/// A product's reviews, only from buyers: the average, the count, the
/// reviews in the reader's language first.
#[utoipa::path(
    get, path = "/products/{slug}/reviews", tag = "catalog", params(("slug" = String, Path), ReviewsQuery),
    responses((status = 200, body = ReviewPage), (status = 404, body = ErrorBody))
)]
pub async fn of_product(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<ReviewsQuery>,
) -> ApiResult<Json<ReviewPage>> {
    let lang = q
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or(Lang::ZhCn);
    Ok(Json(reviews::of_product(&st.db, &slug, lang).await?))
}

/// Reviews a delivered line of the order (refused before it is delivered,
/// and a second time).
#[utoipa::path(
    post, path = "/orders/{id}/reviews", tag = "orders", request_body = NewReview,
    params(("id" = String, Path), ("X-Order-Token" = Option<String>, Header)),
    responses(
        (status = 201, body = Review), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`review_not_allowed` (not delivered yet), `review_exists`"),
        (status = 422, body = ErrorBody, description = "`invalid_review`, `too_many_photos`")
    )
)]
pub async fn write(
    State(st): State<AppState>,
    access::Allowed(order): access::Allowed,
    ApiJson(req): ApiJson<NewReview>,
) -> ApiResult<(StatusCode, Json<Review>)> {
    Ok((
        StatusCode::CREATED,
        Json(reviews::write(&st.db, &st.clock, &order, &req).await?),
    ))
}

/// The order's reviews.
#[utoipa::path(
    get, path = "/orders/{id}/reviews", tag = "orders",
    params(("id" = String, Path), ("X-Order-Token" = Option<String>, Header)),
    responses((status = 200, body = Vec<Review>), (status = 404, body = ErrorBody))
)]
pub async fn of_order(
    State(st): State<AppState>,
    access::Allowed(order): access::Allowed,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        reviews::of_order(&st.db, &order).await?,
    ))
}

/// The seller's products' reviews, newest first.
#[utoipa::path(
    get, path = "/seller/reviews", tag = "seller",
    responses((status = 200, body = Vec<Review>), (status = 401, body = ErrorBody))
)]
pub async fn of_seller(State(st): State<AppState>, seller: SignedInSeller) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        reviews::of_seller(&st.db, seller.0.seller_id).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Reply {
    pub text: String,
}

/// The seller's reply to a review of its product: once.
#[utoipa::path(
    post, path = "/seller/reviews/{id}/reply", tag = "seller", request_body = Reply,
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Review), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "replied already"), (status = 422, body = ErrorBody)
    )
)]
pub async fn reply(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(id): Path<i64>,
    ApiJson(r): ApiJson<Reply>,
) -> ApiResult<Json<Review>> {
    Ok(Json(
        reviews::reply(&st.db, &st.clock, seller.0.seller_id, id, &r.text).await?,
    ))
}
