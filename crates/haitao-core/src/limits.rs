//! The cross-border retail limits: 5,000 CNY per order, 26,000 CNY per person
//! (ID number) per calendar year, counted on the amount actually paid.

use serde::{Deserialize, Serialize};

use crate::money::Money;

pub const ORDER_LIMIT: Money = Money::cny(500_000);
pub const ANNUAL_LIMIT: Money = Money::cny(2_600_000);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LimitIssue {
    /// The order's total is above the per-order limit by `over`.
    OrderLimit { limit: Money, over: Money },
    /// One unit costs more than an order may, and the shop does not know its
    /// duty rate (or it passes the yearly limit on its own): it cannot be
    /// bought cross-border.
    SingleItem { sku: String, limit: Money },
    /// One unit costs more than an order may: it can be bought only on its
    /// own, one unit in the order, taxed in full ([2018] No. 49 art. 2).
    BuyAlone { sku: String, limit: Money },
    /// This order would take the person past the annual quota by `over`.
    AnnualLimit {
        limit: Money,
        used: Money,
        over: Money,
    },
}

/// Whether a dutiable value (goods and freight) passes the single-transaction
/// limit: one unit over it can come only on its own, taxed in full.
pub fn over_order_limit(dutiable: Money) -> bool {
    dutiable.amount > ORDER_LIMIT.amount
}

/// Checks an order total against the per-order limit.
pub fn check_order(total: Money) -> Option<LimitIssue> {
    (total.amount > ORDER_LIMIT.amount).then(|| LimitIssue::OrderLimit {
        limit: ORDER_LIMIT,
        over: Money::cny(total.amount - ORDER_LIMIT.amount),
    })
}

/// Checks an order total against what the person already used this year.
pub fn check_annual(used: Money, total: Money) -> Option<LimitIssue> {
    let after = used.amount.saturating_add(total.amount);
    (after > ANNUAL_LIMIT.amount).then(|| LimitIssue::AnnualLimit {
        limit: ANNUAL_LIMIT,
        used,
        over: Money::cny(after - ANNUAL_LIMIT.amount),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_limit_is_inclusive() {
        assert_eq!(check_order(Money::cny(500_000)), None);
        assert_eq!(
            check_order(Money::cny(500_001)),
            Some(LimitIssue::OrderLimit {
                limit: ORDER_LIMIT,
                over: Money::cny(1)
            })
        );
    }

    #[test]
    fn annual_limit_counts_what_was_used() {
        assert_eq!(
            check_annual(Money::cny(2_100_000), Money::cny(500_000)),
            None
        );
        assert_eq!(
            check_annual(Money::cny(2_200_000), Money::cny(450_000)),
            Some(LimitIssue::AnnualLimit {
                limit: ANNUAL_LIMIT,
                used: Money::cny(2_200_000),
                over: Money::cny(50_000)
            })
        );
    }
}
