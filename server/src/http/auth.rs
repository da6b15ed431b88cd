use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use haitao_core::api::{Account, CodeRequest, CodeSent, OrderPage, SignIn};
use haitao_core::legal;
use haitao_core::ErrorBody;
use serde::Deserialize;

use crate::account;
use crate::auth::sessions::{self, Kind};
use crate::auth::{codes, session_token, MaybeAccount, Peer, SignedIn};
use crate::http::extract::ApiJson;
use crate::infra::error::{ApiError, ApiResult};
use crate::legal::consents;
use crate::orders::mine::{self, OrdersQuery};
use crate::sms::DevMessage;
use crate::state::AppState;

/// Sends a sign-in code by SMS. The same answer whether or not the phone
/// has an account.
#[utoipa::path(
    post, path = "/auth/code", tag = "account", request_body = CodeRequest,
    responses(
        (status = 202, body = CodeSent), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "a code was sent to this phone less than a minute ago, or too many")
    )
)]
pub async fn send_code(
    State(st): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CodeRequest>,
) -> ApiResult<(StatusCode, Json<CodeSent>)> {
    let client = st.throttle.key_for(peer, &headers).to_string();
    let device = crate::auth::device::of(&st, &headers);
    let asker = codes::Asker {
        client: &client,
        device: device.as_deref(),
    };
    Ok((
        StatusCode::ACCEPTED,
        Json(codes::send(&st, &req.phone, asker).await?),
    ))
}

/// Signs in with the phone and its code: a new session on this device
/// (made on first sign-in: the account too).
#[utoipa::path(
    post, path = "/auth/session", tag = "account", request_body = SignIn,
    responses((status = 200, body = Account), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody, description = "a document agreed to in a version since changed"), (status = 422, body = ErrorBody))
)]
pub async fn sign_in(
    State(st): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SignIn>,
) -> ApiResult<Response> {
    // The agreements before the code: a refused consent does not spend a try.
    consents::check(&st.documents, &req.accepted, &legal::FOR_SIGN_IN)?;
    let account = codes::sign_in(&st, &req.phone, &req.code).await?;
    consents::record(
        &mut *st.db.acquire().await?,
        &st.documents,
        account,
        &legal::FOR_SIGN_IN,
        &st.clock.stamp(),
    )
    .await?;
    // A new session id at every sign-in; the one this device had is ended.
    if let Some(old) = session_token(&st, Kind::Shopper, &headers) {
        sessions::end(&st, Kind::Shopper, &old).await?;
    }
    let token = sessions::create(&st, Kind::Shopper, account).await?;
    let info = account::info(&st, account).await?;
    Ok(crate::http::with_session(
        &st,
        Kind::Shopper,
        Some(&token),
        Json(info).into_response(),
    ))
}

/// Signs this device out.
#[utoipa::path(delete, path = "/auth/session", tag = "account", responses((status = 204)))]
pub async fn sign_out(State(st): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = session_token(&st, Kind::Shopper, &headers) {
        sessions::end(&st, Kind::Shopper, &token).await?;
    }
    Ok(crate::http::with_session(
        &st,
        Kind::Shopper,
        None,
        StatusCode::NO_CONTENT.into_response(),
    ))
}

/// Signs every device of this account out.
#[utoipa::path(
    delete, path = "/auth/sessions", tag = "account",
    responses((status = 204), (status = 401, body = ErrorBody))
)]
pub async fn sign_out_everywhere(
    State(st): State<AppState>,
    SignedIn(account): SignedIn,
) -> ApiResult<Response> {
    sessions::end_all(&st, Kind::Shopper, account).await?;
    Ok(crate::http::with_session(
        &st,
        Kind::Shopper,
        None,
        StatusCode::NO_CONTENT.into_response(),
    ))
}

/// The signed-in account, its mobile masked. Each call keeps the session alive.
#[utoipa::path(
    get, path = "/account", tag = "account",
    responses((status = 200, body = Account), (status = 401, body = ErrorBody))
)]
pub async fn me(
    State(st): State<AppState>,
    headers: HeaderMap,
    MaybeAccount(account): MaybeAccount,
) -> ApiResult<Response> {
    let token = session_token(&st, Kind::Shopper, &headers);
    match account {
        Some(account) => {
            let info = account::info(&st, account).await?;
            Ok(crate::http::with_session(
                &st,
                Kind::Shopper,
                token.as_deref(),
                Json(info).into_response(),
            ))
        }
        // A session that ended (elsewhere, or by age): the hint goes too.
        None => Ok(crate::http::with_session(
            &st,
            Kind::Shopper,
            None,
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                haitao_core::ErrorCode::SignInRequired,
                "sign in first",
            )
            .into_response(),
        )),
    }
}

/// The account's orders, newest first, by status.
#[utoipa::path(
    get, path = "/account/orders", tag = "account", params(OrdersQuery),
    responses((status = 200, body = OrderPage), (status = 401, body = ErrorBody))
)]
pub async fn my_orders(
    State(st): State<AppState>,
    SignedIn(account): SignedIn,
    q: Result<Query<OrdersQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            haitao_core::ErrorCode::InvalidQuery,
            e.body_text(),
        )
    })?;
    let page: OrderPage = mine::page(&st, account, &q).await?;
    let mut res = Json(page).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct PhoneQuery {
    phone: String,
}

/// Development only: the last messages the development SMS sender "sent"
/// to a phone (the route does not exist in production).
pub async fn dev_sms(
    State(st): State<AppState>,
    Query(q): Query<PhoneQuery>,
) -> ApiResult<Json<Vec<DevMessage>>> {
    let dev = st
        .dev_sms
        .as_ref()
        .ok_or_else(|| ApiError::not_found("route"))?;
    Ok(Json(dev.messages(q.phone.trim())))
}
