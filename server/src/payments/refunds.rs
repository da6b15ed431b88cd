//! Refunds. Each is recorded in the transaction that decides it ("requested"),
//! then sent through the provider outside any transaction (a provider's API
//! may be slow) and marked done. One still requested after a crash or a
//! provider outage is sent again later (`settle`): providers treat the refund
//! id as idempotent, so that refunds once.

use haitao_core::api::{CancelReason, OrderStatus, PaymentMethod, RefundReason};
use haitao_core::Money;
use sqlx::{AnyConnection, AnyPool};

use super::{PaymentProvider, RefundRequest};
use crate::clock::Clock;
use crate::error::ApiResult;
use crate::orders::close;

/// Records that payment `payment_id` is to be given back.
pub async fn record(
    conn: &mut AnyConnection,
    payment_id: &str,
    order_id: &str,
    amount: Money,
    currency: &str,
    reason: RefundReason,
    now: &str,
) -> ApiResult<String> {
    let id = format!(
        "RF{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16].to_uppercase()
    );
    sqlx::query(
        "INSERT INTO refunds (id, payment_id, order_id, amount_fen, currency, reason, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7)",
    )
    .bind(&id)
    .bind(payment_id)
    .bind(order_id)
    .bind(amount.amount)
    .bind(currency)
    .bind(reason.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::info!(order = %order_id, payment = %payment_id, refund = %id, reason = reason.as_str(), amount_fen = amount.amount, "refund recorded");
    Ok(id)
}

/// Sends every requested refund through the provider; how many were done.
/// A failure is logged and left for the next call.
pub async fn settle(pool: &AnyPool, clock: &Clock, provider: &dyn PaymentProvider) -> usize {
    let due: Vec<(String, String, String, i64)> = match sqlx::query_as(
        "SELECT r.id, r.payment_id, p.method, r.amount_fen FROM refunds r JOIN payments p ON p.id = r.payment_id
          WHERE r.status = 'requested' ORDER BY r.created_at LIMIT 100",
    )
    .fetch_all(pool)
    .await
    {
        Ok(rows) => rows,
        Err(err) => {
            tracing::warn!("refunds to send: {err}");
            return 0;
        }
    };
    let mut done = 0;
    for (refund_id, payment_id, method, fen) in due {
        let Some(method) = PaymentMethod::parse(&method) else {
            continue;
        };
        let req = RefundRequest {
            refund_id: &refund_id,
            payment_id: &payment_id,
            method,
            amount: Money::cny(fen),
        };
        match provider.refund(&req).await {
            Ok(reference) => {
                let marked = sqlx::query(
                    "UPDATE refunds SET status = 'done', provider_ref = $1, done_at = $2 WHERE id = $3 AND status = 'requested'",
                )
                .bind(reference)
                .bind(clock.stamp())
                .bind(&refund_id)
                .execute(pool)
                .await;
                match marked {
                    Ok(_) => done += 1,
                    Err(err) => {
                        tracing::warn!(refund = %refund_id, "refund sent, not marked: {err}")
                    }
                }
            }
            Err(err) => tracing::warn!(refund = %refund_id, "refund not sent yet: {err}"),
        }
    }
    done
}

#[derive(Debug, thiserror::Error)]
pub enum RefundError {
    #[error("no order {0}")]
    NoOrder(String),
    #[error("order {0} is {1}: only a paid order can be refunded")]
    NotPaid(String, String),
    #[error("{0}")]
    Db(String),
}

impl From<crate::error::ApiError> for RefundError {
    fn from(e: crate::error::ApiError) -> Self {
        RefundError::Db(e.message)
    }
}

impl From<sqlx::Error> for RefundError {
    fn from(e: sqlx::Error) -> Self {
        RefundError::Db(e.to_string())
    }
}

/// The shop refunds a paid order in full (`haitao-server refund ORDER`): the
/// order is cancelled, its sales taken back and, unless it has shipped, its
/// stock put back on sale. Returns the refund's id.
pub async fn refund_order(
    pool: &AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    order_id: &str,
) -> Result<String, RefundError> {
    let now = clock.stamp();
    let mut tx = crate::db::begin_write(pool).await?;
    let status: Option<(String,)> = sqlx::query_as("SELECT status FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(&mut *tx)
        .await?;
    let (status,) = status.ok_or_else(|| RefundError::NoOrder(order_id.to_owned()))?;
    let shipped = status == OrderStatus::Shipped.as_str();
    if !matches!(
        OrderStatus::parse(&status),
        Some(OrderStatus::Paid | OrderStatus::CustomsDeclared | OrderStatus::Shipped)
    ) {
        return Err(RefundError::NotPaid(order_id.to_owned(), status));
    }
    let (payment_id, fen, currency): (String, i64, String) = sqlx::query_as(
        "SELECT id, amount_fen, currency FROM payments WHERE order_id = $1 AND status = 'succeeded'",
    )
    .bind(order_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE payments SET status = 'refunded', finished_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(&payment_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE orders SET status = 'cancelled', cancel_reason = $1, status_at = $2 WHERE id = $3",
    )
    .bind(CancelReason::Refunded.as_str())
    .bind(&now)
    .bind(order_id)
    .execute(&mut *tx)
    .await?;
    if shipped {
        // The goods are with the shopper: only the sales are taken back.
        close::sell(&mut tx, order_id, -1).await?;
    } else {
        close::restock(&mut tx, order_id, true).await?;
    }
    let id = record(
        &mut tx,
        &payment_id,
        order_id,
        Money::cny(fen),
        &currency,
        RefundReason::Operator,
        &now,
    )
    .await?;
    tx.commit().await?;
    settle(pool, clock, provider).await;
    Ok(id)
}
