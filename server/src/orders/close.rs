//! Orders that end without being paid (expired, or cancelled by the shopper)
//! and what every closing does: the stock goes back on sale, and a payment
//! still in progress is withdrawn (if its money comes anyway, it is refunded:
//! payments/mod.rs).

use axum::http::StatusCode;
use haitao_core::api::{CancelReason, Order, OrderStatus};
use haitao_core::ErrorCode;
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Puts an order's units back in stock; `unsell` also takes them out of the
/// products' sales (for an order that had been paid).
pub async fn restock(conn: &mut AnyConnection, order_id: &str, unsell: bool) -> ApiResult<()> {
    crate::reload::changed(&mut *conn, order_id).await?;
    sqlx::query(
        "UPDATE variants SET stock = stock + (SELECT l.qty FROM order_lines l WHERE l.order_id = $1 AND l.sku = variants.sku)
          WHERE sku IN (SELECT sku FROM order_lines WHERE order_id = $1)",
    )
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    sell(conn, order_id, if unsell { -1 } else { 0 }).await
}

/// Adds (`sign` 1) or removes (-1) an order's units to its products' sales.
pub async fn sell(conn: &mut AnyConnection, order_id: &str, sign: i64) -> ApiResult<()> {
    if sign == 0 {
        return Ok(());
    }
    crate::reload::changed(&mut *conn, order_id).await?;
    sqlx::query(
        "UPDATE products SET sold = sold + $2 * (
             SELECT CAST(COALESCE(SUM(l.qty), 0) AS BIGINT) FROM order_lines l JOIN variants v ON v.sku = l.sku
              WHERE l.order_id = $1 AND v.product_id = products.id)
          WHERE id IN (SELECT v.product_id FROM order_lines l JOIN variants v ON v.sku = l.sku WHERE l.order_id = $1)",
    )
    .bind(order_id)
    .bind(sign)
    .execute(&mut *conn)
    .await?;
    // Never below nothing (sales counted before they were tracked per payment).
    sqlx::query(
        "UPDATE products SET sold = 0 WHERE sold < 0
            AND id IN (SELECT v.product_id FROM order_lines l JOIN variants v ON v.sku = l.sku WHERE l.order_id = $1)",
    )
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Cancels an order that is awaiting payment, for `reason`: false (and
/// nothing changed) when it was no longer awaiting payment.
pub async fn close_unpaid(
    conn: &mut AnyConnection,
    order_id: &str,
    reason: CancelReason,
    now: &str,
) -> ApiResult<bool> {
    let done = sqlx::query(
        "UPDATE orders SET status = 'cancelled', cancel_reason = $1, status_at = $2
          WHERE id = $3 AND status = 'awaiting_payment'",
    )
    .bind(reason.as_str())
    .bind(now)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    restock(conn, order_id, false).await?;
    sqlx::query(
        "UPDATE payments SET status = 'superseded', finished_at = $1 WHERE order_id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    tracing::info!(order = %order_id, reason = reason.as_str(), "order cancelled");
    Ok(true)
}

/// The shopper cancels an unpaid order. Cancelling again answers the same.
pub async fn cancel(st: &AppState, order_id: &str) -> ApiResult<Order> {
    // Paid meanwhile (its word not here yet): then it is not cancellable.
    // Otherwise its attempts are closed at the provider first.
    crate::payments::ask_providers(st, order_id).await;
    let mut tx = crate::db::begin_write(&st.db).await?;
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
        _ => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::OrderNotCancellable,
                "only an order awaiting payment can be cancelled",
            ))
        }
    }
    tx.commit().await?;
    super::refresh_index(&st.db, &st.index, &[order_id]).await?;
    super::get(&st.db, order_id).await
}

/// Expires this order now if its time to pay has run out (so the shopper
/// whose countdown reached zero sees it cancelled, not the next sweep).
pub async fn expire_if_due(st: &AppState, order_id: &str) -> ApiResult<()> {
    let now = st.clock.stamp();
    let due: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM orders WHERE id = $1 AND status = 'awaiting_payment' AND pay_by <= $2",
    )
    .bind(order_id)
    .bind(&now)
    .fetch_optional(&st.db)
    .await?;
    if due.is_none() {
        return Ok(());
    }
    // As the sweep does: a payment whose word was lost must not be cancelled.
    crate::payments::ask_providers(st, order_id).await;
    let mut tx = crate::db::begin_write(&st.db).await?;
    let closed = close_unpaid_if_due(&mut tx, order_id, &now).await?;
    tx.commit().await?;
    if closed {
        super::refresh_index(&st.db, &st.index, &[order_id]).await?;
    }
    Ok(())
}

/// Within a write transaction: expires the order if it is still unpaid and due.
async fn close_unpaid_if_due(
    conn: &mut AnyConnection,
    order_id: &str,
    now: &str,
) -> ApiResult<bool> {
    let still_due: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM orders WHERE id = $1 AND status = 'awaiting_payment' AND pay_by <= $2",
    )
    .bind(order_id)
    .bind(now)
    .fetch_optional(&mut *conn)
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
        "SELECT id FROM orders WHERE status = 'awaiting_payment' AND pay_by <= $1 ORDER BY pay_by LIMIT 500",
    )
    .bind(&now)
    .fetch_all(&st.db)
    .await?;
    let mut closed = Vec::new();
    for (id,) in &due {
        crate::payments::ask_providers(st, id).await;
        // One transaction per order: a payment arriving meanwhile wins or waits,
        // and is refunded if it comes after.
        let mut tx = crate::db::begin_write(&st.db).await?;
        if close_unpaid_if_due(&mut tx, id, &now).await? {
            closed.push(id.as_str());
        }
        tx.commit().await?;
    }
    super::refresh_index(&st.db, &st.index, &closed).await?;
    Ok(closed.len())
}
