//! Payments: a provider takes the shopper to its own page and later tells the
//! server how it went. The server marks an order paid exactly once, whatever
//! the provider sends, and leaves it payable after a failure or a cancel.

pub mod sandbox;

use axum::http::StatusCode;
use haitao_core::api::{OrderStatus, PaymentMethod, PaymentStart};
use haitao_core::{ErrorCode, Money};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::error::{ApiError, ApiResult};
use crate::orders;
use crate::secret::Secret;

/// A payment as a provider is asked to take it.
pub struct PaymentRequest<'a> {
    pub payment_id: &'a str,
    pub order_id: &'a str,
    pub amount: Money,
    pub method: PaymentMethod,
}

/// What a real provider (Alipay, WeChat Pay) or the sandbox does for the shop.
pub trait PaymentProvider: Send + Sync {
    /// Where to send the shopper: the provider's cashier page or QR code.
    fn start(&self, req: &PaymentRequest) -> String;
    /// Checks that a notification really comes from the provider.
    fn verify(&self, n: &Notification) -> bool;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Succeeded,
    Failed,
    Cancelled,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
            Outcome::Cancelled => "cancelled",
        }
    }
}

/// A provider's word on a payment, signed.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Notification {
    pub payment_id: String,
    pub outcome: Outcome,
    pub signature: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotifyAnswer {
    /// False when this notification had been applied before (or the payment was
    /// no longer pending): nothing changed.
    pub applied: bool,
}

fn now_sql() -> &'static str {
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
}

/// Starts (or, for the same key, returns again) a payment of an unpaid order.
pub async fn start(
    pool: &SqlitePool,
    provider: &dyn PaymentProvider,
    order_id: &str,
    key: &str,
    method: PaymentMethod,
) -> ApiResult<PaymentStart> {
    let order = orders::get(pool, order_id).await?;
    if let Some((id, m)) = sqlx::query_as::<_, (String, String)>(
        "SELECT id, method FROM payments WHERE idempotency_key = ?",
    )
    .bind(key)
    .fetch_optional(pool)
    .await?
    {
        if m != method.as_str() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "key used for another payment",
            )
            .field("Idempotency-Key"));
        }
        let redirect_url = provider.start(&PaymentRequest {
            payment_id: &id,
            order_id,
            amount: order.quote.total,
            method,
        });
        return Ok(PaymentStart {
            payment_id: id,
            redirect_url,
        });
    }
    if order.status != OrderStatus::AwaitingPayment {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::OrderNotPayable,
            "the order is not awaiting payment",
        ));
    }
    // Orders paid since this one was placed count against the quota too.
    orders::check_quota(pool, order_id, order.quote.total).await?;

    let payment_id = format!(
        "PAY{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16].to_uppercase()
    );
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    // One payment at a time: an older pending one (a reload, another method) is withdrawn.
    sqlx::query(&format!("UPDATE payments SET status = 'cancelled', finished_at = {} WHERE order_id = ? AND status = 'pending'", now_sql()))
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO payments (id, order_id, method, status, idempotency_key, amount_fen) VALUES (?, ?, ?, 'pending', ?, ?)")
        .bind(&payment_id)
        .bind(order_id)
        .bind(method.as_str())
        .bind(key)
        .bind(order.quote.total.amount)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(order = %order_id, payment = %payment_id, method = method.as_str(), "payment started");
    let redirect_url = provider.start(&PaymentRequest {
        payment_id: &payment_id,
        order_id,
        amount: order.quote.total,
        method,
    });
    Ok(PaymentStart {
        payment_id,
        redirect_url,
    })
}

/// Applies a provider's notification once: a second copy changes nothing.
pub async fn notify(
    pool: &SqlitePool,
    provider: &dyn PaymentProvider,
    n: &Notification,
) -> ApiResult<NotifyAnswer> {
    if !provider.verify(n) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::BadSignature,
            "the notification's signature does not verify",
        ));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT order_id, method FROM payments WHERE id = ? AND status = 'pending'")
            .bind(&n.payment_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((order_id, method)) = row else {
        return Ok(NotifyAnswer { applied: false });
    };
    sqlx::query(&format!(
        "UPDATE payments SET status = ?, finished_at = {} WHERE id = ?",
        now_sql()
    ))
    .bind(n.outcome.as_str())
    .bind(&n.payment_id)
    .execute(&mut *tx)
    .await?;
    if n.outcome == Outcome::Succeeded {
        sqlx::query(&format!(
            "UPDATE orders SET status = 'paid', paid_at = {now}, status_at = {now}, payment_method = ? WHERE id = ? AND status = 'awaiting_payment'",
            now = now_sql()
        ))
        .bind(&method)
        .bind(&order_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(order = %order_id, payment = %n.payment_id, outcome = n.outcome.as_str(), "payment notified");
    Ok(NotifyAnswer { applied: true })
}

/// The sandbox moves paid orders along as customs and the carrier would:
/// declared `after` seconds after payment, shipped `after` seconds later.
pub async fn advance(pool: &SqlitePool, after_secs: i64) -> Result<u64, sqlx::Error> {
    let mut moved = 0;
    for (from, to) in [
        ("customs_declared", "shipped"),
        ("paid", "customs_declared"),
    ] {
        moved += sqlx::query(&format!(
            "UPDATE orders SET status = ?, status_at = {} WHERE status = ? AND status_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)",
            now_sql()
        ))
        .bind(to)
        .bind(from)
        .bind(format!("-{after_secs} seconds"))
        .execute(pool)
        .await?
        .rows_affected();
    }
    Ok(moved)
}

pub fn secret_signature(secret: &Secret, payment_id: &str, outcome: Outcome) -> String {
    secret.mac(&[
        b"notify",
        payment_id.as_bytes(),
        outcome.as_str().as_bytes(),
    ])
}
