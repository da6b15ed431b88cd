//! Which requests are limited, and by whom they are counted on the way in
//! (infra/throttle.rs holds the limits themselves).

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::infra::throttle::{refused, Who};
use crate::state::AppState;

/// POST /api/orders, /api/orders/{id}/pay and /api/orders/{id}/cancel,
/// asking for or trying a sign-in code, and checking an authenticity code
/// (so that codes cannot be guessed by the thousand).
fn is_limited(method: &Method, path: &str) -> bool {
    (method == Method::GET && path.starts_with("/api/verify/"))
        || method == Method::POST
            && (path == "/api/orders"
                || path == "/api/auth/code"
                || path == "/api/auth/session"
                || path.strip_prefix("/api/orders/").is_some_and(|rest| {
                    (rest.ends_with("/pay") || rest.ends_with("/cancel"))
                        && rest.matches('/').count() == 1
                }))
}

/// The limited paths: the address's backstop, then the device (or, for a
/// client without one, the address as its device). Accounts and payers are
/// known only to the handlers, which count them (`check_all`); placing an
/// order counts its device there too, with them, in one statement.
pub async fn limit(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let (method, path) = (req.method(), req.uri().path());
    if !is_limited(method, path) {
        return next.run(req).await;
    }
    let placing = method == Method::POST && path == "/api/orders";
    let t = &st.throttle;
    let client = t.client_of(&req);
    let device = crate::auth::device::of(&st, req.headers());
    let checked = match t.check_address(client).await {
        Ok(()) if placing => Ok(()),
        Ok(()) => t.check_all(&[who(device.as_deref(), client)]).await,
        refused => refused,
    };
    match checked {
        Ok(()) => next.run(req).await,
        Err(wait) => refused(wait).into_response(),
    }
}

/// Whom a request with `device` (or none) from `client` is counted as.
pub fn who(device: Option<&str>, client: std::net::IpAddr) -> Who<'_> {
    match device {
        Some(d) => Who::Device(d),
        None => Who::Cookieless(client),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_order_and_payment_creation_is_limited() {
        assert!(is_limited(&Method::POST, "/api/orders"));
        assert!(is_limited(&Method::POST, "/api/orders/HT123/pay"));
        assert!(!is_limited(&Method::GET, "/api/orders/HT123"));
        assert!(!is_limited(&Method::POST, "/api/quote"));
        assert!(!is_limited(&Method::POST, "/api/orders/HT123/x/pay"));
        assert!(!is_limited(&Method::POST, "/api/payments/notify"));
        assert!(is_limited(&Method::POST, "/api/orders/HT123/cancel"));
    }
}
