//! A per-client rate limit on creating orders and starting payments: a
//! script hammering checkout (to drain stock, to probe ID numbers against the
//! quota) is slowed to a person's pace. Reading the catalog is not limited.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use haitao_core::ErrorCode;

use crate::error::ApiError;

#[derive(Clone)]
pub struct Throttle {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Behind a reverse proxy every peer is the proxy: then the client is
    /// the first address of X-Forwarded-For. Off by default (it can be forged).
    trust_proxy: bool,
}

impl Throttle {
    /// `burst` at once, then `per_minute` (spread evenly) per client.
    pub fn new(burst: u32, per_minute: u32, trust_proxy: bool) -> Self {
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: Arc::new(RateLimiter::keyed(
                Quota::per_minute(per_minute).allow_burst(burst),
            )),
            trust_proxy,
        }
    }

    /// Drops the state of clients not seen lately (call now and then).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }

    fn client(&self, req: &Request) -> IpAddr {
        let forwarded = self
            .trust_proxy
            .then(|| {
                req.headers()
                    .get("x-forwarded-for")?
                    .to_str()
                    .ok()?
                    .split(',')
                    .next()?
                    .trim()
                    .parse()
                    .ok()
            })
            .flatten();
        forwarded
            .or_else(|| {
                req.extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip())
            })
            // In-process (tests) there is no peer: all share one key.
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

impl Default for Throttle {
    /// Ten orders or payments at once, then one every six seconds.
    fn default() -> Self {
        Self::new(10, 10, false)
    }
}

/// POST /api/orders and POST /api/orders/{id}/pay.
fn is_limited(method: &Method, path: &str) -> bool {
    method == Method::POST
        && (path == "/api/orders"
            || path
                .strip_prefix("/api/orders/")
                .is_some_and(|rest| rest.ends_with("/pay") && rest.matches('/').count() == 1))
}

pub async fn limit(State(t): State<Throttle>, req: Request, next: Next) -> Response {
    if !is_limited(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    match t.limiter.check_key(&t.client(&req)) {
        Ok(()) => next.run(req).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut res = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!("too many orders or payments from this client; retry in {secs} s"),
            )
            .into_response();
            if let Ok(v) = secs.max(1).to_string().parse() {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
    }
}

/// Runs forever, forgetting idle clients every minute so memory stays bounded.
pub async fn sweep(t: Throttle) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        t.forget_idle();
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
    }
}
