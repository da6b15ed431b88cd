//! Orders that end without being paid (expired, or cancelled by the shopper)
//! and what every closing does: the stock goes back on sale, and a payment
//! still in progress is withdrawn (if its money comes anyway, it is refunded:
//! payments/mod.rs).

use axum::http::StatusCode;
use haitao_core::api::{CancelReason, Order, OrderStatus};
use haitao_core::ErrorCode;

use crate::catalog::stock::CatalogWrite;
use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Cancels an order that is awaiting payment, for `reason`: false (and
/// nothing changed) when it was no longer awaiting payment.
pub async fn close_unpaid(
    conn: &mut CatalogWrite,
    order_id: &str,
    reason: CancelReason,
    now: &str,
) -> ApiResult<bool> {
    let done = sqlx::query(
        "UPDATE orders SET status = $4, cancel_reason = $1, status_at = $2
          WHERE id = $3 AND status = $5",
    )
    .bind(reason.as_str())
    .bind(now)
    .bind(order_id)
    .bind(OrderStatus::Cancelled.as_str())
    .bind(OrderStatus::AwaitingPayment.as_str())
    .execute(&mut **conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    conn.restock(order_id, false).await?;
    sqlx::query(
        "UPDATE payments SET status = 'superseded', finished_at = $1 WHERE order_id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(order_id)
    .execute(&mut **conn)
    .await?;
    tracing::info!(order = %order_id, reason = reason.as_str(), "order cancelled");
    Ok(true)
}

/// The shopper cancels an order: unpaid, or paid and not yet on its way (no
/// parcel has left), which is refunded in full. Cancelling again answers
/// the same.
pub async fn cancel(st: &AppState, order_id: &str) -> ApiResult<Order> {
    // Paid meanwhile (its word not here yet): then it is not cancellable.
    // Otherwise its attempts are closed at the provider first.
    crate::orders::payment::ask_providers(st, order_id).await;
    let mut tx = CatalogWrite::begin(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Order(order_id)).await?;
    let status: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, cancel_reason FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, reason) = status.ok_or_else(|| ApiError::not_found("order"))?;
    match OrderStatus::parse(&status) {
        Some(OrderStatus::AwaitingPayment) => {
            close_unpaid(&mut tx, order_id, CancelReason::Shopper, &st.clock.stamp()).await?;
        }
        Some(OrderStatus::Cancelled)
            if reason.as_deref() == Some(CancelReason::Shopper.as_str()) => {}
        Some(s) if OrderStatus::BEFORE_SHIPPING.contains(&s) => {
            drop(tx);
            use crate::orders::refunds::{refund_whole, RefundError, Whole};
            return match refund_whole(
                &st.db,
                &st.clock,
                st.payments.as_ref(),
                order_id,
                Whole::Shopper,
            )
            .await
            {
                Ok(_) => super::get(&st.db, order_id).await,
                Err(RefundError::NotPaid(..)) => Err(not_cancellable()),
                Err(e) => {
                    tracing::error!(order = %order_id, "cancel and refund: {e}");
                    Err(ApiError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        ErrorCode::Internal,
                        "internal error",
                    ))
                }
            };
        }
        _ => return Err(not_cancellable()),
    }
    tx.commit(&st.db, st.listing()).await?;
    super::get(&st.db, order_id).await
}

fn not_cancellable() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::OrderNotCancellable,
        "an order can be cancelled until a parcel of it has left",
    )
}

/// Expires this order now if its time to pay has run out (so the shopper
/// whose countdown reached zero sees it cancelled, not the next sweep).
pub async fn expire_if_due(st: &AppState, order_id: &str) -> ApiResult<()> {
    let now = st.clock.stamp();
    let due: Option<(String,)> =
        sqlx::query_as("SELECT id FROM orders WHERE id = $1 AND status = $3 AND pay_by <= $2")
            .bind(order_id)
            .bind(&now)
            .bind(OrderStatus::AwaitingPayment.as_str())
            .fetch_optional(&st.db)
            .await?;
    if due.is_none() {
        return Ok(());
    }
    // As the sweep does: a payment whose word was lost must not be cancelled.
    crate::orders::payment::ask_providers(st, order_id).await;
    let mut tx = CatalogWrite::begin(&st.db).await?;
    close_unpaid_if_due(&mut tx, order_id, &now).await?;
    tx.commit(&st.db, st.listing()).await
}

/// Within a write transaction: expires the order if it is still unpaid and due.
async fn close_unpaid_if_due(
    conn: &mut CatalogWrite,
    order_id: &str,
    now: &str,
) -> ApiResult<bool> {
    // A payment's word for this order waits for the outcome, or is waited for.
    crate::infra::db::lock(conn, crate::infra::db::Row::Order(order_id)).await?;
    let still_due: Option<(String,)> =
        sqlx::query_as("SELECT id FROM orders WHERE id = $1 AND status = $3 AND pay_by <= $2")
            .bind(order_id)
            .bind(now)
            .bind(OrderStatus::AwaitingPayment.as_str())
            .fetch_optional(&mut **conn)
            .await?;
    if still_due.is_none() {
        return Ok(false);
    }
    close_unpaid(conn, order_id, CancelReason::Expired, now).await
}

/// Cancels every order whose time to pay has run out; how many.
pub async fn expire_due(st: &AppState) -> ApiResult<usize> {
    let now = st.clock.stamp();
    let due: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM orders WHERE status = $2 AND pay_by <= $1 ORDER BY pay_by LIMIT 500",
    )
    .bind(&now)
    .bind(OrderStatus::AwaitingPayment.as_str())
    .fetch_all(&st.db)
    .await?;
    let mut closed = 0;
    for (id,) in &due {
        crate::orders::payment::ask_providers(st, id).await;
        // One transaction per order: a payment arriving meanwhile wins or waits,
        // and is refunded if it comes after.
        let mut tx = CatalogWrite::begin(&st.db).await?;
        if close_unpaid_if_due(&mut tx, id, &now).await? {
            closed += 1;
        }
        tx.commit(&st.db, st.listing()).await?;
    }
    Ok(closed)
}
