//! What unpaid orders may hold. Placing an order takes its stock until it is
//! paid or expires, so without a cap a few made-up orders (valid-looking ID
//! numbers cost nothing) empty a shelf for everyone until they expire. One
//! buyer, known by any of the payer's ID number, the delivery mobile or the
//! client address, may hold unpaid at most a share of a SKU's unsold units
//! (and never less than a few, so a small shelf can still be bought).

use axum::http::StatusCode;
use haitao_core::api::OrderStatus;
use haitao_core::ErrorCode;

use crate::infra::error::{ApiError, ApiResult};

/// The units any buyer may hold of a SKU, however small its shelf.
pub const FLOOR: i64 = 10;

/// The most one buyer may hold unpaid of a SKU whose unsold units (on the
/// shelf plus held by unpaid orders) are `unsold`, at `percent` of them.
pub fn cap(unsold: i64, percent: u32) -> i64 {
    FLOOR.max(unsold.saturating_mul(i64::from(percent)) / 100)
}

/// Who is placing the order, by every mark that can tell the same buyer.
pub struct Holder<'a> {
    pub id_hash: &'a str,
    pub phone: &'a str,
    /// The client's address, when the request came over the network.
    pub client: Option<&'a str>,
}

/// A SKU's shelf, and the units unpaid orders hold of it: all of them, and
/// the buyer's.
#[derive(sqlx::FromRow)]
struct HoldingRow {
    stock: i64,
    held_all: i64,
    held_here: i64,
}

/// Refuses a line that would take `holder`'s unpaid holding of `sku` past
/// its cap. Run inside the write transaction that takes the stock, so two
/// orders of one buyer cannot both pass.
pub async fn check(
    conn: &mut sqlx::AnyConnection,
    holder: &Holder<'_>,
    sku: &str,
    qty: i64,
    percent: u32,
    field: String,
) -> ApiResult<()> {
    // Driven from the unpaid orders (few, and indexed by status), not from
    // every line ever sold of the SKU; the shelf in the same round trip.
    let held: HoldingRow = sqlx::query_as(
        "SELECT CAST(COALESCE((SELECT stock FROM variants WHERE sku = $2), 0) AS BIGINT) AS stock,
                CAST(COALESCE(SUM(l.qty), 0) AS BIGINT) AS held_all,
                CAST(COALESCE(SUM(CASE WHEN o.id_hash = $3 OR o.contact_phone = $4 OR o.client = $5
                                       THEN l.qty ELSE 0 END), 0) AS BIGINT) AS held_here
           FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE o.status = $1 AND l.sku = $2",
    )
    .bind(OrderStatus::AwaitingPayment.as_str())
    .bind(sku)
    .bind(holder.id_hash)
    .bind(holder.phone)
    .bind(holder.client)
    .fetch_one(&mut *conn)
    .await?;
    let limit = cap(held.stock + held.held_all, percent);
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
