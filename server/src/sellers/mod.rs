//! Sellers run their own part of the shop in the seller centre (`/seller`):
//! their users sign in by email (`sign_in.rs`) and an owner invites and
//! removes the others (`users.rs`); their catalog from the web (`catalog.rs`). Handlers learn who is asking through
//! `SignedInSeller`.

pub mod catalog;
pub mod mail;
pub mod operator;
pub mod sign_in;
pub mod statement;
pub mod users;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use haitao_core::seller::SellerRole;
use haitao_core::ErrorCode;

use crate::auth::session_token;
use crate::auth::sessions::{self, Kind};
use crate::infra::error::ApiError;
use crate::state::AppState;

/// The signed-in user of a seller; 401 `sign_in_required` without a live
/// session (or when the user was removed, or the seller suspended, since).
pub struct SignedInSeller(pub users::ActiveUser);

impl SignedInSeller {
    /// 403 `owner_only` unless the user is one of the seller's owners.
    pub fn owner(&self) -> Result<(), ApiError> {
        if self.0.role() == SellerRole::Owner {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::OwnerOnly,
                "only the seller's owner may do this",
            ))
        }
    }
}

impl FromRequestParts<AppState> for SignedInSeller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let required = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::SignInRequired,
                "sign in to the seller centre first",
            )
        };
        let token = session_token(st, Kind::Seller, &parts.headers).ok_or_else(required)?;
        let user = sessions::owner(st, Kind::Seller, &token)
            .await?
            .ok_or_else(required)?;
        let user = users::active(&st.db, user).await?.ok_or_else(required)?;
        Ok(SignedInSeller(user))
    }
}
