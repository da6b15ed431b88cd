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
/// known only to the handlers, which count them (`check_all`).
pub async fn limit(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if !is_limited(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let t = &st.throttle;
    let client = t.client_of(&req);
    let device = crate::auth::device::of(&st, req.headers());
    let who = match &device {
        Some(d) => Who::Device(d),
        None => Who::Cookieless(client),
    };
    let checked = match t.check_address(client).await {
        Ok(()) => t.check_all(&[who]).await,
        refused => refused,
    };
    match checked {
        Ok(()) => next.run(req).await,
        Err(wait) => refused(wait).into_response(),
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
