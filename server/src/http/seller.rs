//! The seller centre's API (`/api/seller/…`): sign-in by email and code, the
//! signed-in user and their seller, an owner's invitations and removals.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use haitao_core::api::CodeSent;
use haitao_core::seller::{
    CatalogProduct, ImportRefused, ImportReport, NewParcel, Parcel, PresaleEnded, PreviewLink,
    PublishReport, PublishRequest, SellerCodeRequest, SellerInvite, SellerMe, SellerPrefsChange,
    SellerRole, SellerSignIn, SellerUser, SellerVariant, ShipmentDetail, ShipmentList,
    ShipmentStatus, VariantChange,
};
use haitao_core::ErrorBody;
use serde::Deserialize;

use crate::auth::sessions::{self, Kind};
use crate::auth::{session_token, Peer};
use crate::http::extract::ApiJson;
use crate::http::no_store;
use crate::infra::error::{ApiError, ApiResult};
use crate::mail::dev::DevMail;
use crate::orders::shipments;
use crate::sellers::users::{self, ActiveUser, Inviter};
use crate::sellers::{self, sign_in, SignedInSeller};
use crate::state::AppState;

/// Mails a sign-in code. The same answer whether or not the address runs a seller.
#[utoipa::path(
    post, path = "/seller/auth/code", tag = "seller", request_body = SellerCodeRequest,
    responses(
        (status = 202, body = CodeSent), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "a code was sent to this address less than a minute ago, or too many")
    )
)]
pub async fn send_code(
    State(st): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SellerCodeRequest>,
) -> ApiResult<(StatusCode, Json<CodeSent>)> {
    let client = st.throttle.key_for(peer, &headers).to_string();
    Ok((
        StatusCode::ACCEPTED,
        Json(sign_in::send_code(&st, &req.email, &client).await?),
    ))
}

async fn me_of(st: &AppState, user: &ActiveUser) -> ApiResult<SellerMe> {
    let users = users::list(&st.db, user.seller_id).await?;
    Ok(SellerMe {
        seller: users::seller(&st.db, user.seller_id).await?,
        user: SellerUser {
            id: user.id,
            email: user.email.clone(),
            role: user.role(),
            invited_at: users
                .iter()
                .find(|u| u.id == user.id)
                .map(|u| u.invited_at.clone())
                .unwrap_or_default(),
        },
        users,
        prefs: users::prefs(&st.db, user.id).await?,
    })
}

/// Signs in with the address and its code: a new session on this device.
#[utoipa::path(
    post, path = "/seller/auth/session", tag = "seller", request_body = SellerSignIn,
    responses((status = 200, body = SellerMe), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn create_session(
    State(st): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SellerSignIn>,
) -> ApiResult<Response> {
    let user = sign_in::sign_in(&st, &req.email, &req.code).await?;
    // A new session id at every sign-in; the one this device had is ended.
    if let Some(old) = session_token(&st, Kind::Seller, &headers) {
        sessions::end(&st, Kind::Seller, &old).await?;
    }
    let token = sessions::create(&st, Kind::Seller, user.id).await?;
    let me = me_of(&st, &user).await?;
    Ok(crate::http::with_session(
        &st,
        Kind::Seller,
        Some(&token),
        Json(me).into_response(),
    ))
}

/// A query string that does not read: the API's error shape, not axum's text.
fn query_error(e: QueryRejection, field: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        haitao_core::ErrorCode::InvalidQuery,
        e.body_text(),
    )
    .field(field)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SignOutQuery {
    /// Sign out every device of this user, not only this one.
    #[serde(default)]
    everywhere: bool,
}

/// Signs this device out (`?everywhere=true`: every device of the user).
#[utoipa::path(
    delete, path = "/seller/auth/session", tag = "seller", params(SignOutQuery),
    responses((status = 204))
)]
pub async fn end_session(
    State(st): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<SignOutQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| query_error(e, "everywhere"))?;
    if let Some(token) = session_token(&st, Kind::Seller, &headers) {
        match sessions::owner(&st, Kind::Seller, &token).await? {
            Some(user) if q.everywhere => {
                sessions::end_all(&st, Kind::Seller, user).await?;
            }
            _ => sessions::end(&st, Kind::Seller, &token).await?,
        }
    }
    Ok(crate::http::with_session(
        &st,
        Kind::Seller,
        None,
        StatusCode::NO_CONTENT.into_response(),
    ))
}

/// The signed-in user, their seller and its users.
#[utoipa::path(
    get, path = "/seller/me", tag = "seller",
    responses((status = 200, body = SellerMe), (status = 401, body = ErrorBody))
)]
pub async fn me(State(st): State<AppState>, seller: SignedInSeller) -> ApiResult<Response> {
    Ok(no_store(StatusCode::OK, me_of(&st, &seller.0).await?))
}

/// The user's own preferences: the language of the shop's mails to them,
/// whether they get them. The whole of `me` after the change.
#[utoipa::path(
    patch, path = "/seller/me", tag = "seller", request_body = SellerPrefsChange,
    responses((status = 200, body = SellerMe), (status = 401, body = ErrorBody))
)]
pub async fn change_me(
    State(st): State<AppState>,
    seller: SignedInSeller,
    ApiJson(req): ApiJson<SellerPrefsChange>,
) -> ApiResult<Response> {
    users::change_prefs(&st.db, seller.0.id, &req).await?;
    Ok(no_store(StatusCode::OK, me_of(&st, &seller.0).await?))
}

/// An owner invites a member of staff: they are mailed how to sign in.
#[utoipa::path(
    post, path = "/seller/users", tag = "seller", request_body = SellerInvite,
    responses(
        (status = 201, body = SellerUser), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "not an owner"),
        (status = 409, body = ErrorBody, description = "the address runs a seller already"),
        (status = 422, body = ErrorBody)
    )
)]
pub async fn invite(
    State(st): State<AppState>,
    seller: SignedInSeller,
    ApiJson(req): ApiJson<SellerInvite>,
) -> ApiResult<(StatusCode, Json<SellerUser>)> {
    seller.owner()?;
    let user = users::invite(
        &st.db,
        st.mailer.as_ref(),
        users::Invitation {
            seller: seller.0.seller_id,
            email: &req.email,
            role: SellerRole::Staff,
            by: Inviter::Owner(seller.0.id),
        },
        &st.clock.stamp(),
        &sign_in_url(&st),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Where an invited user signs in.
pub fn sign_in_url(st: &AppState) -> String {
    format!("{}/seller", st.settings.base_url())
}

/// An owner removes a user (not themselves); their sessions end.
#[utoipa::path(
    delete, path = "/seller/users/{id}", tag = "seller",
    params(("id" = i64, Path, description = "the user")),
    responses(
        (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "oneself")
    )
)]
pub async fn remove(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    seller.owner()?;
    users::remove(
        &st.db,
        seller.0.seller_id,
        seller.0.id,
        id,
        &st.clock.stamp(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct MailQuery {
    to: String,
}

/// Development only: the mails the development mailer kept for an address,
/// newest last (the route does not exist in production).
pub async fn dev_mail(
    State(st): State<AppState>,
    Query(q): Query<MailQuery>,
) -> ApiResult<Json<Vec<DevMail>>> {
    let dev = st
        .dev_mail
        .as_ref()
        .ok_or_else(|| ApiError::not_found("route"))?;
    Ok(Json(dev.mails(&q.to).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ShipmentsQuery {
    /// `to_ship` or `shipped`; both when absent.
    status: Option<ShipmentStatus>,
}

/// The seller's shipments, oldest paid first, with what is left to pack and
/// what left this week.
#[utoipa::path(
    get, path = "/seller/shipments", tag = "seller", params(ShipmentsQuery),
    responses((status = 200, body = ShipmentList), (status = 401, body = ErrorBody))
)]
pub async fn shipments(
    State(st): State<AppState>,
    seller: SignedInSeller,
    q: Result<Query<ShipmentsQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| query_error(e, "status"))?;
    let list = shipments::list(
        &st.db,
        seller.0.seller_id,
        q.status,
        &st.clock.stamp_in(-7 * 86_400),
        &st.clock.today_in_china(),
    )
    .await?;
    Ok(no_store(StatusCode::OK, list))
}

/// One of the seller's shipments: its lines, the recipient while it may be
/// shown (each showing recorded), its parcels. Another seller's: 404.
#[utoipa::path(
    get, path = "/seller/shipments/{id}", tag = "seller",
    params(("id" = i64, Path, description = "the shipment")),
    responses((status = 200, body = ShipmentDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn shipment(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let detail = shipments::detail(
        &st.db,
        &st.keys.authenticity,
        seller.0.seller_id,
        seller.0.id,
        id,
        &st.clock.stamp(),
        &st.clock.stamp_in(-shipments::RECIPIENT_DAYS * 86_400),
    )
    .await?;
    Ok(no_store(StatusCode::OK, detail))
}

/// The QR code printed beside a unit's authenticity code (the shop's check
/// page for it), for the seller whose unit it is; another's: 404.
#[utoipa::path(
    get, path = "/seller/authenticity/{file}", tag = "seller",
    params(("file" = String, Path, description = "the code and `.svg`: `K3M9Q-7TXW2.svg`")),
    responses(
        (status = 200, content_type = "image/svg+xml", body = String),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    )
)]
pub async fn code_image(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(file): Path<String>,
) -> ApiResult<Response> {
    let code = file
        .strip_suffix(".svg")
        .filter(|c| c.len() == 11)
        .ok_or_else(|| ApiError::not_found("code"))?;
    if !shipments::seller_has_code(&st.db, seller.0.seller_id, code).await? {
        return Err(ApiError::not_found("code"));
    }
    let svg = shipments::code_qr_svg(&st.settings.base_url(), code)
        .ok_or_else(|| ApiError::not_found("code"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            // A code's picture never changes; it is the seller's only.
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        svg,
    )
        .into_response())
}

/// A parcel that left: carrier, waybill, the units it holds. Retried with the
/// same Idempotency-Key, the same parcel (200); a waybill used twice: 409.
#[utoipa::path(
    post, path = "/seller/shipments/{id}/parcels", tag = "seller", request_body = NewParcel,
    params(
        ("id" = i64, Path, description = "the shipment"),
        ("Idempotency-Key" = String, Header, description = "8 to 100 letters, digits, '-' or '_'")
    ),
    responses(
        (status = 201, body = Parcel), (status = 200, body = Parcel, description = "the parcel this key made"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the waybill is another parcel's"),
        (status = 422, body = ErrorBody)
    )
)]
pub async fn add_parcel(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<NewParcel>,
) -> ApiResult<(StatusCode, Json<Parcel>)> {
    let key = crate::orders::check_idempotency_key(
        headers.get("idempotency-key").and_then(|v| v.to_str().ok()),
    )?;
    let (made, parcel) = shipments::add_parcel(
        &st.db,
        &st.clock,
        seller.0.seller_id,
        seller.0.id,
        id,
        &key,
        &req,
    )
    .await?;
    let status = if made {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(parcel)))
}

/// The largest import file the seller centre takes in one request.
pub const IMPORT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// The seller's import file (the command line's format, docs/IMPORT.md) as
/// the body, `text/csv` or `application/json`: every row checked first, then
/// all written as drafts, or nothing and every problem with its line (422).
#[utoipa::path(
    post, path = "/seller/imports", tag = "seller",
    request_body(content = String, content_type = "text/csv", description = "the CSV or JSON import file (application/json)"),
    responses(
        (status = 200, body = ImportReport), (status = 401, body = ErrorBody),
        (status = 413, description = "the file is too large: split it"),
        (status = 415, body = ErrorBody, description = "neither text/csv nor application/json"),
        (status = 422, body = ImportRefused, description = "the file's problems; nothing was imported")
    )
)]
pub async fn import(
    State(st): State<AppState>,
    seller: SignedInSeller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    let format = match kind.as_deref() {
        Some("text/csv") => "csv",
        Some("application/json") => "json",
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                haitao_core::ErrorCode::BadRequest,
                "send the file as text/csv or application/json",
            ))
        }
    };
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("the file is not UTF-8 text"))?;
    let slug = &seller.0.seller_slug;
    match sellers::catalog::import(&st, slug, text, format).await {
        Ok(report) => Ok(no_store(StatusCode::OK, report)),
        Err(sellers::catalog::Refused::Api(e)) => Err(e),
        Err(sellers::catalog::Refused::Problems(problems)) => Ok(no_store(
            StatusCode::UNPROCESSABLE_ENTITY,
            ImportRefused {
                error: haitao_core::ErrorDetail {
                    code: haitao_core::ErrorCode::ImportRejected,
                    field: None,
                    message: format!("{} problem(s), nothing imported", problems.len()),
                },
                problems,
            },
        )),
    }
}

/// Puts the seller's drafts on sale (all, or `product`): those that cannot
/// be sold yet are listed with what stops each.
#[utoipa::path(
    post, path = "/seller/publish", tag = "seller", request_body = PublishRequest,
    responses((status = 200, body = PublishReport), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn publish(
    State(st): State<AppState>,
    seller: SignedInSeller,
    ApiJson(req): ApiJson<PublishRequest>,
) -> ApiResult<Json<PublishReport>> {
    let slug = &seller.0.seller_slug;
    Ok(Json(
        sellers::catalog::publish(&st, slug, req.product.as_deref()).await?,
    ))
}

/// The seller's products, drafts and on sale, with their variants' prices
/// and stock and what still stops each being sold.
#[utoipa::path(
    get, path = "/seller/products", tag = "seller",
    responses((status = 200, body = Vec<CatalogProduct>), (status = 401, body = ErrorBody))
)]
pub async fn products(State(st): State<AppState>, seller: SignedInSeller) -> ApiResult<Response> {
    Ok(no_store(
        StatusCode::OK,
        sellers::catalog::list(&st, seller.0.seller_id).await?,
    ))
}

/// The seller cannot fill a pre-sale: nothing more of it is sold, its
/// unpaid orders close, and each paid order of it that has not shipped is
/// refunded in full, its buyer told. Another seller's product or one with no
/// pre-sale: 404.
#[utoipa::path(
    post, path = "/seller/products/{slug}/presale-unfilled", tag = "seller",
    params(("slug" = String, Path, description = "the product")),
    responses((status = 200, body = PresaleEnded), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn end_presale(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(slug): Path<String>,
) -> ApiResult<Json<PresaleEnded>> {
    Ok(Json(
        sellers::catalog::end_presale(&st, seller.0.seller_id, slug.trim()).await?,
    ))
}

/// A variant's price (US cents) or stock changed in place; shoppers see it at
/// once. Another seller's SKU: 404.
#[utoipa::path(
    patch, path = "/seller/variants/{sku}", tag = "seller", request_body = VariantChange,
    params(("sku" = String, Path, description = "the variant")),
    responses((status = 200, body = SellerVariant), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn change_variant(
    State(st): State<AppState>,
    seller: SignedInSeller,
    Path(sku): Path<String>,
    ApiJson(req): ApiJson<VariantChange>,
) -> ApiResult<Json<SellerVariant>> {
    Ok(Json(
        sellers::catalog::change_variant(&st, seller.0.seller_id, sku.trim(), &req).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatementQuery {
    /// The month, `2026-12` (China's calendar).
    month: String,
}

/// The seller's statement for a month, as CSV: per order paid in it, what
/// was sold and refunded, the tax collected for customs, the net in USD.
#[utoipa::path(
    get, path = "/seller/statement", tag = "seller", params(StatementQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)
    )
)]
pub async fn statement(
    State(st): State<AppState>,
    seller: SignedInSeller,
    q: Result<Query<StatementQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| query_error(e, "month"))?;
    let (from, to) = sellers::statement::month_span(&q.month).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            haitao_core::ErrorCode::InvalidQuery,
            "month: a month like 2026-12",
        )
        .field("month")
    })?;
    let slug = &seller.0.seller_slug;
    let csv = sellers::statement::csv(&st.db, slug, &from, &to).await?;
    let disposition = format!(
        "attachment; filename=\"statement-{slug}-{}.csv\"",
        q.month.trim()
    );
    let mut res = (StatusCode::OK, csv).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = header::HeaderValue::try_from(disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// How long a preview link made from the seller centre works.
const PREVIEW_LINK_SECS: i64 = 7 * 86_400;

/// A preview link for the seller's storefront, drafts included (the pages
/// the command line's `preview-token` opens), good for a week.
#[utoipa::path(
    post, path = "/seller/preview-link", tag = "seller",
    responses((status = 201, body = PreviewLink), (status = 401, body = ErrorBody))
)]
pub async fn preview_link(
    State(st): State<AppState>,
    seller: SignedInSeller,
) -> ApiResult<Response> {
    use crate::catalog::preview::token;
    let slug = &seller.0.seller_slug;
    let issued = token::issue(&st.db, &st.keys.preview, slug, PREVIEW_LINK_SECS)
        .await?
        .ok_or_else(|| ApiError::not_found("seller"))?;
    tracing::info!(seller = %slug, token = %issued.id, "preview link made in the seller centre");
    Ok(no_store(
        StatusCode::CREATED,
        PreviewLink {
            path: format!("/preview/{slug}?token={}", issued.token),
            expires_at: token::rfc3339(issued.expires_at),
        },
    ))
}
