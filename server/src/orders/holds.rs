//! What unpaid orders may hold. Placing an order takes its stock until it is
//! paid or expires, so without a cap a few made-up orders (valid-looking ID
//! numbers cost nothing) empty a shelf for everyone until they expire. One
//! buyer, known by any of the payer's ID number, the delivery mobile or the
//! device (the client's address when it keeps no cookie), may hold unpaid at
//! most a share of what is left of a SKU and what they hold of it (and never
//! less than a few, so a small shelf can still be bought). Not the address
//! of a client that keeps its cookie: behind a mobile carrier's NAT
//! thousands of phones share one.

use axum::http::StatusCode;
use haitao_core::api::OrderStatus;
use haitao_core::ErrorCode;

use crate::infra::error::{ApiError, ApiResult};

/// The units any buyer may hold of a SKU, however small its shelf.
pub const FLOOR: i64 = 10;

/// The most one buyer may hold unpaid of a SKU whose units on the shelf and
/// held by that buyer are `unsold`, at `percent` of them.
pub fn cap(unsold: i64, percent: u32) -> i64 {
    FLOOR.max(unsold.saturating_mul(i64::from(percent)) / 100)
}

/// Who is placing the order, by every mark that can tell the same buyer.
pub struct Holder<'a> {
    pub id_hash: &'a str,
    pub phone: &'a str,
    /// The device (the shop's cookie), or for a client that keeps no cookie
    /// its address: a script that drops its cookies is one buyer per address.
    pub device: &'a str,
}

impl Holder<'_> {
    /// The marks the buyer's holdings are decided under (db::lock_marks).
    fn marks(&self) -> [String; 3] {
        [
            format!("holds:id:{}", self.id_hash),
            format!("holds:m:{}", self.phone),
            format!("holds:d:{}", self.device),
        ]
    }
}

/// A SKU's shelf, and the units the buyer's unpaid orders hold of it.
#[derive(sqlx::FromRow)]
struct HoldingRow {
    stock: i64,
    held_here: i64,
}

/// Holds the buyer until the transaction ends, so that two orders of one
/// buyer (in any process) are checked one after the other; other buyers'
/// orders do not wait.
pub async fn hold_buyer(conn: &mut sqlx::AnyConnection, holder: &Holder<'_>) -> ApiResult<()> {
    let marks = holder.marks();
    let marks: Vec<&str> = marks.iter().map(String::as_str).collect();
    crate::infra::db::lock_marks(conn, &marks).await?;
    Ok(())
}

/// Refuses a line that would take `holder`'s unpaid holding of `sku` past
/// its cap. Run inside the transaction that takes the stock, after
/// `hold_buyer`.
pub async fn check(
    conn: &mut sqlx::AnyConnection,
    holder: &Holder<'_>,
    sku: &str,
    qty: i64,
    percent: u32,
    field: String,
) -> ApiResult<()> {
    // From the buyer's own unpaid orders (by each mark's index), not from
    // every unpaid order of the SKU, which a sale makes thousands.
    let held: HoldingRow = sqlx::query_as(
        "SELECT CAST(COALESCE((SELECT stock FROM variants WHERE sku = $2), 0) AS BIGINT) AS stock,
                CAST(COALESCE((SELECT SUM(l.qty) FROM order_lines l
                                WHERE l.sku = $2 AND l.order_id IN (
                                      SELECT id FROM orders WHERE status = $1 AND id_hash = $3
                                      UNION SELECT id FROM orders WHERE status = $1 AND contact_phone = $4
                                      UNION SELECT id FROM orders WHERE status = $1 AND device = $5)), 0) AS BIGINT) AS held_here",
    )
    .bind(OrderStatus::AwaitingPayment.as_str())
    .bind(sku)
    .bind(holder.id_hash)
    .bind(holder.phone)
    .bind(holder.device)
    .fetch_one(&mut *conn)
    .await?;
    // What is left on the shelf and what this buyer already holds: the cap
    // narrows as the shelf empties, whoever emptied it.
    let limit = cap(held.stock + held.held_here, percent);
    if held.held_here + qty > limit {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::HoldLimit,
            format!("unpaid orders of this buyer may hold at most {limit} of {sku}"),
        )
        .field(field));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_the_shelf_but_never_less_than_the_floor() {
        assert_eq!(cap(400, 10), 40);
        assert_eq!(cap(30, 10), FLOOR);
        assert_eq!(cap(0, 10), FLOOR);
        assert_eq!(cap(400, 100), 400);
    }
}
