//! A seller's statement for a month, as CSV: one row per order paid in that
//! month (China's calendar) that held the seller's goods, with what was sold,
//! what was refunded, the tax collected for customs and the seller's net in
//! US dollars at the order's own rate (the prices the seller set).

use haitao_core::api::{CancelReason, OrderStatus, Quote, QuotedLine};
use haitao_core::money::Money;
use sqlx::AnyPool;

use crate::infra::error::{ApiError, ApiResult};

/// The month `2026-12` as the UTC stamps its days in China span.
pub fn month_span(month: &str) -> Option<(String, String)> {
    let (y, m) = month.trim().split_once('-')?;
    let (y, m): (i32, u8) = (y.parse().ok()?, m.parse().ok()?);
    let month = time::Month::try_from(m).ok()?;
    let start = time::Date::from_calendar_date(y, month, 1).ok()?;
    let next = if month == time::Month::December {
        time::Date::from_calendar_date(y + 1, time::Month::January, 1).ok()?
    } else {
        time::Date::from_calendar_date(y, month.next(), 1).ok()?
    };
    let china = time::macros::offset!(+8);
    let stamp = |d: time::Date| crate::infra::clock::stamp(d.midnight().assume_offset(china));
    Some((stamp(start), stamp(next)))
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: String,
    paid_at: String,
    quote_json: String,
    status: String,
    cancel_reason: Option<String>,
}

/// The statement of `seller` (its slug, as the quote names it) for the
/// month between `from` and `to` (UTC stamps), as CSV text.
pub async fn csv(pool: &AnyPool, seller: &str, from: &str, to: &str) -> ApiResult<String> {
    let orders: Vec<OrderRow> = sqlx::query_as(
        "SELECT o.id, o.paid_at, o.quote_json, o.status, o.cancel_reason
           FROM orders o
          WHERE o.paid_at >= $1 AND o.paid_at < $2
            AND EXISTS (SELECT 1 FROM shipments s JOIN sellers se ON se.id = s.seller_id
                         WHERE s.order_id = o.id AND se.slug = $3)
          ORDER BY o.paid_at, o.id",
    )
    .bind(from)
    .bind(to)
    .bind(seller)
    .fetch_all(pool)
    .await?;
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| {
        tracing::error!(error = %e, "statement not written");
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            haitao_core::ErrorCode::Internal,
            "internal error",
        )
    };
    out.write_record([
        "order",
        "paid_at",
        "lines",
        "goods_usd",
        "goods_cny",
        "freight_cny",
        "tax_cny",
        "refunded_cny",
        "net_usd",
    ])
    .map_err(fail)?;
    for o in orders {
        let quote: Quote = serde_json::from_str(&o.quote_json)?;
        let mine: Vec<&QuotedLine> = quote
            .lines
            .iter()
            .filter(|l| l.seller.as_ref().is_some_and(|s| s.slug == seller))
            .collect();
        let sum = |f: &dyn Fn(&QuotedLine) -> i64| mine.iter().map(|l| f(l)).sum::<i64>();
        let goods_usd = sum(&|l| l.goods.usd.amount);
        let goods_cny = sum(&|l| l.goods.cny.amount);
        let freight = sum(&|l| l.freight.amount);
        let tax = sum(&|l| l.tax.amount);
        // An order refunded is cancelled as refunded (a second payment of
        // an order refunded as a duplicate leaves the order as it was), and
        // refunds give back whole orders today: the seller's share is all it
        // sold in it.
        let refunded = o.status == OrderStatus::Cancelled.as_str()
            && o.cancel_reason.as_deref() == Some(CancelReason::Refunded.as_str());
        let lines: Vec<String> = mine
            .iter()
            .map(|l| format!("{} x{}", l.sku, l.qty))
            .collect();
        out.write_record([
            o.id.as_str(),
            crate::infra::clock::china_rfc3339(&o.paid_at)
                .as_deref()
                .unwrap_or(&o.paid_at),
            &lines.join("; "),
            &Money::usd(goods_usd).decimal(),
            &Money::cny(goods_cny).decimal(),
            &Money::cny(freight).decimal(),
            &Money::cny(tax).decimal(),
            &Money::cny(if refunded {
                goods_cny + freight + tax
            } else {
                0
            })
            .decimal(),
            &Money::usd(if refunded { 0 } else { goods_usd }).decimal(),
        ])
        .map_err(fail)?;
    }
    let bytes = out.into_inner().map_err(|e| fail(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_its_days_in_china() {
        assert_eq!(
            month_span("2026-12"),
            Some(("2026-11-30T16:00:00Z".into(), "2026-12-31T16:00:00Z".into()))
        );
        assert_eq!(
            month_span("2026-02").map(|s| s.1),
            Some("2026-02-28T16:00:00Z".into())
        );
        for bad in ["2026", "2026-13", "twelve-2026", ""] {
            assert_eq!(month_span(bad), None, "{bad}");
        }
    }
}
