//! Thin handlers: each takes what it needs from the request and `AppState`,
//! calls the module that knows the rules, and answers.

pub mod account;
pub mod auth;
pub mod catalog;
pub mod legal;
pub mod orders;
pub mod preview;
pub mod system;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// A shopper's own data (an order, the address book): JSON that no browser
/// cache or proxy may keep.
pub fn no_store<T: serde::Serialize>(status: StatusCode, body: T) -> Response {
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
