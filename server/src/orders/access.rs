//! Who may read, pay or cancel an order: the account it belongs to, or
//! whoever holds its access token (a guest's link). Anyone else is told it
//! does not exist (404), so order ids cannot be probed.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::auth::MaybeAccount;
use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The header the storefront sends a guest's order token in.
pub const TOKEN_HEADER: &str = "x-order-token";

/// The order token a request carries (`X-Order-Token`), if any.
pub fn token_in(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok())
}

/// The token that opens `order_id`: a keyed MAC of the id, so it needs no
/// storage and a retried placement answers the same token.
pub fn token(st: &AppState, order_id: &str) -> String {
    st.keys.order_access.mac(&[order_id.as_bytes()])
}

pub async fn check(
    st: &AppState,
    order_id: &str,
    account: Option<i64>,
    token: Option<&str>,
) -> ApiResult<()> {
    let owner: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT account_id FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(&st.db)
            .await?;
    let Some((owner,)) = owner else {
        return Err(ApiError::not_found("order"));
    };
    let by_account = owner.is_some() && owner == account;
    let by_token = token.is_some_and(|t| st.keys.order_access.verify(&[order_id.as_bytes()], t));
    if by_account || by_token {
        Ok(())
    } else {
        Err(ApiError::not_found("order"))
    }
}

/// The path's order id, once the request may touch that order (its account's
/// session, or its token in `X-Order-Token`): the one check every order
/// route makes.
pub struct Allowed(pub String);

impl FromRequestParts<AppState> for Allowed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        // The order's id is the path's `id` (a route may name more, such as
        // an after-sales request's).
        let Path(params) =
            Path::<std::collections::HashMap<String, String>>::from_request_parts(parts, st)
                .await
                .map_err(|_| ApiError::not_found("order"))?;
        let id = params
            .get("id")
            .cloned()
            .ok_or_else(|| ApiError::not_found("order"))?;
        let MaybeAccount(account) = MaybeAccount::from_request_parts(parts, st).await?;
        check(st, &id, account, token_in(&parts.headers)).await?;
        Ok(Allowed(id))
    }
}

/// A guest's order kept in the signed-in account of whoever holds its token
/// (the order's own link): the holder chose it, the phone number on the
/// address proves nothing (a gift's recipient is not its buyer). Keeping it
/// again is the same; an order already in another account is not found.
pub async fn claim(st: &AppState, order_id: &str, account: i64, token: &str) -> ApiResult<()> {
    if !st.keys.order_access.verify(&[order_id.as_bytes()], token) {
        return Err(ApiError::not_found("order"));
    }
    sqlx::query("UPDATE orders SET account_id = $1 WHERE id = $2 AND account_id IS NULL")
        .bind(account)
        .bind(order_id)
        .execute(&st.db)
        .await?;
    let owner: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT account_id FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(&st.db)
            .await?;
    match owner {
        Some((Some(a),)) if a == account => Ok(()),
        _ => Err(ApiError::not_found("order")),
    }
}
