//! The payer's full ID number is kept only while customs may need it: it is
//! deleted (the masked form and the allowance hash stay) once an order has
//! been shipped (counted from when its last parcel left, whatever came
//! after), cancelled or refused by customs for the retention period.

use haitao_core::api::OrderStatus;
use sqlx::AnyPool;

use crate::infra::clock::Clock;

/// Deletes the sealed ID numbers that have served their purpose; how many.
pub async fn forget_id_numbers(
    pool: &AnyPool,
    clock: &Clock,
    retention_days: i64,
) -> Result<u64, sqlx::Error> {
    let before = clock.stamp_in(-retention_days.saturating_mul(86_400));
    let done = sqlx::query(
        "UPDATE orders SET id_sealed = NULL
          WHERE id_sealed IS NOT NULL
            AND (shipped_at <= $1 OR (status IN ($2, $3) AND status_at <= $1))",
    )
    .bind(before)
    .bind(OrderStatus::Cancelled.as_str())
    .bind(OrderStatus::CustomsRefused.as_str())
    .execute(pool)
    .await?;
    if done.rows_affected() > 0 {
        tracing::info!(
            orders = done.rows_affected(),
            "ID numbers deleted after the retention period"
        );
    }
    Ok(done.rows_affected())
}
