//! Shoppers sign in with their mobile number and a code sent by SMS
//! (`codes.rs`); a signed-in device holds a session cookie (`sessions.rs`).
//! Handlers learn who is asking through the extractors here.

pub mod codes;
pub mod device;
pub mod origin;
pub mod sessions;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use haitao_core::{cookies, ErrorCode};

use crate::infra::error::ApiError;
use crate::state::AppState;

/// The session cookie's name. Over https it is `__Host-` prefixed: a browser
/// takes such a cookie only from the shop's own host, Secure, for `/`, so a
/// neighbouring subdomain cannot plant a session of its own choosing beside
/// the real one (with two cookies of one name, the first sent wins).
pub fn cookie_name(st: &AppState, kind: sessions::Kind) -> &'static str {
    let (plain, https) = kind.cookie_names();
    if sessions::https(st) {
        https
    } else {
        plain
    }
}

/// The session token of `kind` in the request's cookies, if any.
pub fn session_token(st: &AppState, kind: sessions::Kind, headers: &HeaderMap) -> Option<String> {
    token_named(headers, cookie_name(st, kind))
}

fn token_named(headers: &HeaderMap, cookie: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| cookies::value(v, cookie))
        .map(str::to_owned)
}

/// The peer's address, when the server runs on a socket (not in-process tests).
pub struct Peer(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// The signed-in account, if the request has a live session.
pub struct MaybeAccount(pub Option<i64>);

impl FromRequestParts<AppState> for MaybeAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(st, sessions::Kind::Shopper, &parts.headers) else {
            return Ok(MaybeAccount(None));
        };
        Ok(MaybeAccount(sessions::account(st, &token).await?))
    }
}

/// The signed-in account; 401 `sign_in_required` without one.
pub struct SignedIn(pub i64);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        MaybeAccount::from_request_parts(parts, st)
            .await?
            .0
            .map(SignedIn)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::SignInRequired,
                    "sign in first",
                )
            })
    }
}

/// A request that changes something and carries the session cookie must
/// come from the shop's own pages (a cross-site form would carry the cookie
/// too under SameSite=Lax for top-level POSTs in some browsers' grace rules).
pub async fn same_origin_with_cookie(
    State(st): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method
        && [sessions::Kind::Shopper, sessions::Kind::Seller]
            .into_iter()
            .any(|kind| session_token(&st, kind, req.headers()).is_some())
        && !crate::auth::origin::same_origin(req.headers(), st.settings.public_url.as_deref())
    {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::ForeignOrigin,
            "a request with the shop's cookie must come from the shop's own pages",
        )
        .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_among_cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; haitao_session=tok; b=2"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        assert_eq!(token_named(&h, cookies::SESSION).as_deref(), Some("tok"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "haitao_session_x=1"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        assert_eq!(token_named(&h, cookies::SESSION), None);
        assert_eq!(token_named(&h, "__Host-haitao_session"), None);
    }
}
