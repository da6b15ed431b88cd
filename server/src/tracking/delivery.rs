//! A parcel signed for, by the carrier's word or the shopper's tap on
//! 确认收货: the order is delivered when its last parcel is (and every
//! seller has shipped), and complete when the shopper confirms receipt or
//! some days after delivery (`complete_due`). The buyer is told at the
//! delivery mobile when the order is delivered.

use haitao_core::api::{Address, OrderStatus};
use sqlx::{AnyConnection, AnyPool};

use crate::infra::clock::Clock;
use crate::infra::error::{ApiError, ApiResult};
use crate::sms::notices;
use crate::sms::Notice;

/// Marks parcel `parcel` delivered at `at` by `by` (`carrier`, `shopper`),
/// unless it already is; then its order, when it was the last. True when
/// the parcel changed.
pub async fn deliver(
    tx: &mut AnyConnection,
    clock: &Clock,
    parcel: i64,
    at: &str,
    by: &str,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE parcels SET delivered_at = $1, delivered_by = $2 WHERE id = $3 AND delivered_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(parcel)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        let (order,): (String,) = sqlx::query_as(
            "SELECT s.order_id FROM parcels pa JOIN shipments s ON s.id = pa.shipment_id WHERE pa.id = $1",
        )
        .bind(parcel)
        .fetch_one(&mut *tx)
        .await?;
        order_delivered_if_all(tx, clock, &order).await?;
    }
    Ok(changed)
}

/// The order becomes delivered when every shipment has left and every
/// parcel is delivered: at its last parcel's delivery.
async fn order_delivered_if_all(
    tx: &mut AnyConnection,
    clock: &Clock,
    order: &str,
) -> Result<(), sqlx::Error> {
    let (waiting, last): (i64, Option<String>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM shipments WHERE order_id = $1 AND shipped_at IS NULL)
              + (SELECT COUNT(*) FROM parcels pa JOIN shipments s ON s.id = pa.shipment_id
                  WHERE s.order_id = $1 AND pa.delivered_at IS NULL),
                (SELECT MAX(pa.delivered_at) FROM parcels pa JOIN shipments s ON s.id = pa.shipment_id
                  WHERE s.order_id = $1)",
    )
    .bind(order)
    .fetch_one(&mut *tx)
    .await?;
    let Some(last) = last.filter(|_| waiting == 0) else {
        return Ok(());
    };
    let moved = sqlx::query(
        "UPDATE orders SET status = $1, status_at = $2, delivered_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(OrderStatus::Delivered.as_str())
    .bind(clock.stamp())
    .bind(&last)
    .bind(order)
    .bind(OrderStatus::Shipped.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 1 {
        let (address,): (String,) = sqlx::query_as("SELECT address_json FROM orders WHERE id = $1")
            .bind(order)
            .fetch_one(&mut *tx)
            .await?;
        if let Ok(a) = serde_json::from_str::<Address>(&address) {
            notices::enqueue_phone(tx, clock, &a.mobile, Notice::Delivered).await?;
        }
        tracing::info!(order, "order delivered: every parcel signed for");
    }
    Ok(())
}

/// The shopper confirms receipt (确认收货): every parcel not yet signed for
/// is, by the shopper, now, and the order is complete. Only an order whose
/// every parcel left; confirming again answers the same.
pub async fn confirm_receipt(db: &AnyPool, clock: &Clock, order: &str) -> ApiResult<()> {
    let mut tx = db.begin().await?;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM orders WHERE id = $1")
        .bind(order)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| ApiError::not_found("order"))?;
    match OrderStatus::parse(&status) {
        Some(OrderStatus::Shipped | OrderStatus::Delivered) => {}
        Some(OrderStatus::Completed) => return Ok(()),
        _ => return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            haitao_core::ErrorCode::OrderNotShipped,
            "the order has not shipped yet: receipt can be confirmed once every parcel has left",
        )),
    }
    let now = clock.stamp();
    let open: Vec<(i64,)> = sqlx::query_as(
        "SELECT pa.id FROM parcels pa JOIN shipments s ON s.id = pa.shipment_id
          WHERE s.order_id = $1 AND pa.delivered_at IS NULL",
    )
    .bind(order)
    .fetch_all(&mut *tx)
    .await?;
    for (parcel,) in open {
        deliver(&mut tx, clock, parcel, &now, "shopper").await?;
    }
    complete(&mut tx, clock, order, OrderStatus::Delivered).await?;
    tx.commit().await?;
    tracing::info!(order, "receipt confirmed by the shopper");
    Ok(())
}

async fn complete(
    tx: &mut AnyConnection,
    clock: &Clock,
    order: &str,
    from: OrderStatus,
) -> Result<bool, sqlx::Error> {
    let now = clock.stamp();
    Ok(sqlx::query(
        "UPDATE orders SET status = $1, status_at = $2, completed_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(OrderStatus::Completed.as_str())
    .bind(&now)
    .bind(order)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1)
}

/// Orders delivered more than `days` ago confirm themselves.
pub async fn complete_due(db: &AnyPool, clock: &Clock, days: i64) -> Result<u64, sqlx::Error> {
    let before = clock.stamp_in(-days * 86_400);
    let due: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM orders WHERE status = $1 AND delivered_at <= $2 ORDER BY delivered_at LIMIT 200",
    )
    .bind(OrderStatus::Delivered.as_str())
    .bind(&before)
    .fetch_all(db)
    .await?;
    let mut n = 0;
    for (order,) in due {
        let mut tx = db.begin().await?;
        if complete(&mut tx, clock, &order, OrderStatus::Delivered).await? {
            n += 1;
            tracing::info!(order, "order complete: confirmed by itself after delivery");
        }
        tx.commit().await?;
    }
    Ok(n)
}
