//! Query and JSON extractors whose rejections speak the API's error shape
//! instead of axum's plain-text defaults.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use haitao_core::ErrorCode;
use serde::de::DeserializeOwned;

use crate::infra::error::ApiError;

pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e: QueryRejection| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidQuery,
                    e.body_text(),
                )
            })
    }
}

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|j| ApiJson(j.0))
            // axum's own status (422 for a wrong shape, 415 without JSON), and 413 over
            // the body limit, whose error arrives wrapped where axum does not look for it.
            .map_err(|e: JsonRejection| {
                let status = if over_limit(&e) {
                    StatusCode::PAYLOAD_TOO_LARGE
                } else {
                    e.status()
                };
                ApiError::new(status, ErrorCode::BadRequest, e.body_text())
            })
    }
}

fn over_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// The `Idempotency-Key` header of a request that creates something, checked
/// (`orders::check_idempotency_key`): missing or malformed is a 400.
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok());
        crate::orders::check_idempotency_key(raw).map(IdempotencyKey)
    }
}

/// `Authorization: Bearer TOKEN`, if the request has one. The preview token
/// travels in this header rather than the URL, so it stays out of logs.
pub struct Bearer(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Bearer(
            parts
                .headers
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(|t| t.trim().to_owned()),
        ))
    }
}

/// The client's address as the per-client limits know it: the peer, or
/// behind a trusted proxy the address it forwards. `None` in-process (tests
/// driving the router), where there is no peer.
pub struct Client(pub Option<std::net::IpAddr>);

impl FromRequestParts<crate::state::AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Client(
            peer.map(|p| st.throttle.client_ip(Some(p), &parts.headers)),
        ))
    }
}

/// Where a payment is started from: the shopper's screen (told by its user
/// agent) and address, which decide the form of payment a provider is asked for.
pub struct Payer {
    pub scene: crate::payments::Scene,
    pub ip: std::net::IpAddr,
}

impl FromRequestParts<crate::state::AppState> for Payer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let ua = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let scene = crate::payments::Scene::from_user_agent(ua);
        let Client(client) = Client::from_request_parts(parts, st).await?;
        Ok(Payer {
            scene,
            // In-process all share one address, as the throttle counts them.
            ip: client.unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into()),
        })
    }
}
