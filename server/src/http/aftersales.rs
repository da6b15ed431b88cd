//! After-sales and photos over HTTP: the shopper's requests on an order
//! (`/orders/{id}/aftersales`), the photos taken for them (and for reviews),
//! the seller's decision (`/seller/aftersales/{id}/decision`).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use haitao_core::aftersales::{NewRequest, Request, PHOTO_MAX_BYTES};
use haitao_core::ErrorBody;
use serde::{Deserialize, Serialize};

use crate::http::extract::{ApiJson, IdempotencyKey};
use crate::infra::error::{ApiError, ApiResult};
use crate::orders::access;
use crate::orders::aftersales::{self, Decider};
use crate::orders::photos;
use crate::sellers::SignedInSeller;
use crate::state::AppState;

/// A photo kept.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PhotoKept {
    pub id: String,
    pub url: String,
}

/// Takes a photo for this order (a request or a review sends its id): the
/// body is the picture, `Content-Type` image/jpeg, image/png or image/webp,
/// at most 5 MB. It is decoded and written again as a JPEG; nothing of the
/// file itself is kept.
#[utoipa::path(
    post, path = "/orders/{id}/photos", tag = "aftersales",
    params(("id" = String, Path), ("X-Order-Token" = Option<String>, Header, description = "a guest's order token")),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses(
        (status = 201, body = PhotoKept), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody, description = "`photo_too_large`"),
        (status = 415, body = ErrorBody, description = "`photo_not_an_image`: not a JPEG, PNG or WebP picture, whatever it claims"),
        (status = 422, body = ErrorBody, description = "`too_many_photos`")
    )
)]
pub async fn upload_photo(
    State(st): State<AppState>,
    access::Allowed(order): access::Allowed,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<PhotoKept>)> {
    // Said too large before a byte is read, when the client says how large.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > PHOTO_MAX_BYTES) {
        return Err(photos::too_large());
    }
    let bytes = axum::body::to_bytes(body, PHOTO_MAX_BYTES)
        .await
        .map_err(|_| photos::too_large())?;
    let claimed = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // Decoding is work for a core, not for the server's event loop.
    let claimed = claimed.to_owned();
    let cleaned = tokio::task::spawn_blocking(move || photos::clean(&bytes, &claimed))
        .await
        .map_err(|_| photos::too_large())??;
    let id = photos::keep(&st.db, &st.clock, &order, &cleaned).await?;
    Ok((
        StatusCode::CREATED,
        Json(PhotoKept {
            url: photos::url(&id),
            id,
        }),
    ))
}

/// A photo (a JPEG the server wrote). Its address is its only key.
#[utoipa::path(
    get, path = "/photos/{file}", tag = "aftersales",
    params(("file" = String, Path, description = "`<id>.jpg`")),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>), (status = 404, body = ErrorBody))
)]
pub async fn photo(State(st): State<AppState>, Path(file): Path<String>) -> ApiResult<Response> {
    let id = file
        .strip_suffix(".jpg")
        .filter(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| ApiError::not_found("photo"))?;
    let bytes = photos::bytes(&st.db, id).await?;
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(res)
}

/// Asks for money back for some lines of a delivered order (within 7 days of
/// delivery), one seller's lines per request. The same Idempotency-Key
/// answers the request it made (200).
#[utoipa::path(
    post, path = "/orders/{id}/aftersales", tag = "aftersales", request_body = NewRequest,
    params(("id" = String, Path), ("Idempotency-Key" = String, Header), ("X-Order-Token" = Option<String>, Header)),
    responses(
        (status = 201, body = Request), (status = 200, body = Request, description = "the request this key made"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`aftersales_closed`: not delivered, or past the window"),
        (status = 422, body = ErrorBody, description = "`invalid_aftersales`, `aftersales_one_seller`, `invalid_note`, `too_many_photos`")
    )
)]
pub async fn create(
    State(st): State<AppState>,
    access::Allowed(order): access::Allowed,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(req): ApiJson<NewRequest>,
) -> ApiResult<(StatusCode, Json<Request>)> {
    let (made, r) = aftersales::create(&st.db, &st.clock, &order, &key, &req).await?;
    let status = if made {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(r)))
}

/// The order's after-sales requests, newest first.
#[utoipa::path(
    get, path = "/orders/{id}/aftersales", tag = "aftersales",
    params(("id" = String, Path), ("X-Order-Token" = Option<String>, Header)),
    responses((status = 200, body = Vec<Request>), (status = 404, body = ErrorBody))
)]
pub async fn list(
    State(st): State<AppState>,
    access::Allowed(order): access::Allowed,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        aftersales::of_order(&st.db, &order).await?,
    ))
}

/// Takes a request the seller refused to the shop's operator.
#[utoipa::path(
    post, path = "/orders/{id}/aftersales/{request}/escalate", tag = "aftersales",
    params(("id" = String, Path), ("request" = i64, Path), ("X-Order-Token" = Option<String>, Header)),
    responses((status = 200, body = Request), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn escalate(
    State(st): State<AppState>,
    access::Allowed(order): access::Allowed,
    Path(ids): Path<(String, i64)>,
) -> ApiResult<Json<Request>> {
    Ok(Json(
        aftersales::escalate(&st.db, &st.clock, &order, ids.1).await?,
    ))
}

/// The seller's after-sales requests: those waiting for it first.
#[utoipa::path(
    get, path = "/seller/aftersales", tag = "seller",
    responses((status = 200, body = Vec<Request>), (status = 401, body = ErrorBody))
)]
pub async fn seller_list(
    State(st): State<AppState>,
    seller: SignedInSeller,
) -> ApiResult<Response> {
    Ok(super::no_store(
        StatusCode::OK,
        aftersales::of_seller(&st.db, seller.0.seller_id).await?,
    ))
}

/// A seller's decision on a request.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub approve: bool,
    /// Why it is refused (required then), in the seller's words.
    #[serde(default)]
    pub reason: String,
}

/// Approves (its lines are refunded at once through the provider that took
/// the money) or refuses, with a reason, one of the seller's requests.
#[utoipa::path(
    post, path = "/seller/aftersales/{id}/decision", tag = "seller", request_body = Decision,
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Request), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`aftersales_decided`, or `refund_exceeds_payment`"),
        (status = 422, body = ErrorBody, description = "`invalid_note`: a refusal without a reason")
    )
)]
pub async fn decide(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> ApiResult<Json<Request>> {
    Ok(Json(
        aftersales::decide(
            &st.db,
            &st.clock,
            st.payments.as_ref(),
            id,
            Decider::Seller(seller.0.seller_id),
            d.approve,
            &d.reason,
        )
        .await?,
    ))
}
