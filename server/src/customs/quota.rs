//! The yearly cross-border allowance of a person (by ID-number hash), as the
//! shop counts it. Starting a payment reserves the order's total: paid orders
//! and payments in progress count, checked and reserved in one write
//! transaction that holds the payer (`hold_payer`), so payments of one
//! person started side by side, in any process, cannot all pass. A
//! provider's "paid" is checked again against the orders paid by then.
//!
//! What a person has used is told early (at placement, at the payment's start)
//! only to an account that has paid with that ID number before. Anyone else
//! who types a number learns nothing of its spending: orders of growing size
//! would otherwise measure it. They learn of the allowance once they have paid,
//! which is refunded when over (payments/mod.rs).

use axum::http::StatusCode;
use haitao_core::api::OrderStatus;
use haitao_core::{ErrorCode, Money};
use sqlx::{Any, Executor};

use crate::infra::clock::Clock;
use crate::infra::db::words;
use crate::infra::error::{ApiError, ApiResult};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Orders paid this calendar year (in China).
    Paid,
    /// Those, and orders with a payment in progress.
    PaidAndReserved,
}

/// What this person has used of the allowance, the order `except` left out.
pub async fn used<'e>(
    db: impl Executor<'e, Database = Any>,
    clock: &Clock,
    id_hash: &str,
    except: &str,
    count: Count,
) -> ApiResult<Money> {
    let (fen,): (i64,) = sqlx::query_as(&format!(
        "SELECT CAST(COALESCE(SUM(o.total_fen), 0) AS BIGINT) FROM orders o
         WHERE o.id_hash = $1 AND o.id != $2
           AND ((o.status IN ({paid}) AND o.paid_at >= $3)
             OR ($4 AND o.status = {unpaid}
                 AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'pending')))",
        paid = words(OrderStatus::PAID.map(OrderStatus::as_str)),
        unpaid = words([OrderStatus::AwaitingPayment.as_str()]),
    ))
    .bind(id_hash)
    .bind(except)
    .bind(clock.year_start_in_china())
    .bind(count == Count::PaidAndReserved)
    .fetch_one(db)
    .await?;
    Ok(Money::cny(fen))
}

pub fn annual_error(used: Money, total: Money) -> ApiResult<()> {
    match haitao_core::limits::check_annual(used, total) {
        None => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::AnnualLimit,
            "this order would pass the payer's yearly cross-border allowance",
        )
        .field("identity.id_number")),
    }
}

/// Whether the account has paid an order with this ID number before (the
/// provider took that money, so the account speaks for the person).
pub async fn speaks_for<'e>(
    db: impl Executor<'e, Database = Any>,
    account: Option<i64>,
    id_hash: &str,
) -> ApiResult<bool> {
    let Some(account) = account else {
        return Ok(false);
    };
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM orders WHERE account_id = $1 AND id_hash = $2 AND paid_at IS NOT NULL LIMIT 1",
    )
    .bind(account)
    .bind(id_hash)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Holds the payer's allowance until the transaction ends: another
/// transaction checking the same person waits, then counts what this one
/// wrote. Taken after the order's row (db::Row::Order), never before.
pub async fn hold_payer(conn: &mut sqlx::AnyConnection, id_hash: &str) -> Result<(), sqlx::Error> {
    let mark = format!("payer:{id_hash}");
    crate::infra::db::lock(conn, crate::infra::db::Row::Mark(&mark)).await
}

/// Whether `total` still fits beside what the person used (as `count` says).
pub async fn check_quota<'e>(
    db: impl Executor<'e, Database = Any>,
    clock: &Clock,
    id_hash: &str,
    order_id: &str,
    total: Money,
    count: Count,
) -> ApiResult<()> {
    annual_error(used(db, clock, id_hash, order_id, count).await?, total)
}
