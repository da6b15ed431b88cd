//! The seller centre's API types: a seller's users sign in by email and a
//! one-time code, and an owner invites and removes staff.

use serde::{Deserialize, Serialize};

use crate::api::SellerRef;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerCodeRequest {
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerSignIn {
    pub email: String,
    /// The 6-digit code from the mail.
    pub code: String,
}

/// What a user may do: an owner also invites and removes the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SellerRole {
    Owner,
    Staff,
}

impl SellerRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SellerRole::Owner => "owner",
            SellerRole::Staff => "staff",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [SellerRole::Owner, SellerRole::Staff]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerUser {
    pub id: i64,
    pub email: String,
    pub role: SellerRole,
    /// RFC 3339
    pub invited_at: String,
}

/// The signed-in user, their seller and its users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerMe {
    pub seller: SellerRef,
    pub user: SellerUser,
    /// Everyone who runs this seller, owners first.
    pub users: Vec<SellerUser>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerInvite {
    pub email: String,
}
