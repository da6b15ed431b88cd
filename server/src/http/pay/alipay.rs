//! Alipay's two ways back to the shop: the asynchronous notification (its
//! server to ours, answered `success` once taken) and the return (the
//! shopper's browser, with the same signed parameters). Both are verified
//! with Alipay's key before anything is applied; both apply the same way, so
//! whichever comes first pays the order and the other changes nothing.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

use crate::orders::payment::apply;
use crate::payments::alipay::value;
use crate::payments::Refusal;
use crate::state::AppState;

type Params = Vec<(String, String)>;

/// `POST /api/payments/alipay/notify`: Alipay sends again until it reads `success`.
pub async fn notify(State(st): State<AppState>, Form(params): Form<Params>) -> Response {
    let Some(alipay) = st.alipay.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut word = alipay.notification(&params);
    if word.is_ok() {
        // Alipay's own demo asks Alipay whether it sent this notification.
        let notify_id = value(&params, "notify_id").unwrap_or_default();
        match alipay.notify_verify(&st.http, notify_id).await {
            Ok(true) => {}
            // A notify_id is good for about a minute, and a notification Alipay
            // sends again later may be refused by it: then the trade's own
            // (signed) word, asked of Alipay, is what counts, never the form's.
            Ok(false) => {
                tracing::warn!(
                    notify_id,
                    "Alipay notify_verify: not confirmed; asking for the trade"
                );
                let payment = value(&params, "out_trade_no").unwrap_or_default();
                word = match alipay.query(&st.http, payment).await {
                    Ok(Some(n)) => Ok(Some(n)),
                    _ => return (StatusCode::BAD_REQUEST, "fail").into_response(),
                };
            }
            // Not reachable now: Alipay sends the notification again.
            Err(err) => {
                tracing::warn!(error = %err, "Alipay notify_verify");
                return (StatusCode::SERVICE_UNAVAILABLE, "fail").into_response();
            }
        }
    }
    match word {
        Ok(None) => "success".into_response(),
        Ok(Some(n)) => match apply(&st, &n).await {
            Ok(_) => "success".into_response(),
            // Refused (wrong amount, unknown payment): logged by `apply`, and
            // Alipay keeps asking, so the operator sees it again.
            Err(err) => (err.status, "fail").into_response(),
        },
        Err(refusal) => {
            tracing::warn!(?refusal, "Alipay notification refused");
            (StatusCode::BAD_REQUEST, "fail").into_response()
        }
    }
}

/// `GET /api/payments/alipay/return`: the shopper back from Alipay's cashier,
/// sent on to the order. What the parameters say counts only if Alipay signed it.
pub async fn back(State(st): State<AppState>, Query(params): Query<Params>) -> Redirect {
    let payment_id = value(&params, "out_trade_no")
        .unwrap_or_default()
        .to_owned();
    let order: Option<(String,)> = sqlx::query_as("SELECT order_id FROM payments WHERE id = $1")
        .bind(&payment_id)
        .fetch_optional(&st.db)
        .await
        .ok()
        .flatten();
    let Some((order_id,)) = order else {
        return Redirect::to("/");
    };
    let verdict = match st.alipay.as_ref().map(|a| a.notification(&params)) {
        Some(Ok(Some(n))) => match apply(&st, &n).await {
            Ok(_) => Some(n.outcome.as_str()),
            Err(_) => None,
        },
        Some(Err(Refusal::Signature)) => {
            tracing::warn!(payment = %payment_id, "Alipay return with a bad signature");
            None
        }
        _ => None,
    };
    Redirect::to(&match verdict {
        Some(outcome) => format!("/orders/{order_id}?payment={outcome}"),
        // Not (yet) believed: the order page follows the notification.
        None => format!("/orders/{order_id}?payment=returned"),
    })
}
