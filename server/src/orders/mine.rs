//! "My orders": a signed-in shopper's orders, newest first, a page at a time,
//! filtered by the steps shoppers think in, each with its latest step (the
//! carrier's newest word while it is on its way).

use haitao_core::api::{OrderPage, OrderStatus, OrderSummary, Quote};
use haitao_core::Money;
use serde::Deserialize;

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

/// "My orders" filters: paid covers orders being cleared by customs too.
#[derive(Clone, Copy, Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    AwaitingPayment,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

impl StatusFilter {
    fn statuses(self) -> &'static [OrderStatus] {
        match self {
            StatusFilter::AwaitingPayment => &[OrderStatus::AwaitingPayment],
            StatusFilter::Paid => &OrderStatus::BEFORE_SHIPPING,
            StatusFilter::Shipped => &[OrderStatus::Shipped],
            StatusFilter::Delivered => &[OrderStatus::Delivered, OrderStatus::Completed],
            StatusFilter::Cancelled => &[OrderStatus::Cancelled, OrderStatus::CustomsRefused],
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OrdersQuery {
    #[param(inline)]
    pub status: Option<StatusFilter>,
    /// From 1.
    pub page: Option<u32>,
    /// 1 to 50, default 10.
    pub per_page: Option<u32>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    status: String,
    created_at: String,
    total_fen: i64,
    quote_json: String,
}

/// The account's orders, newest first.
pub async fn page(st: &AppState, account: i64, q: &OrdersQuery) -> ApiResult<OrderPage> {
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let per_page = q.per_page.unwrap_or(10).clamp(1, 50);
    let statuses: &[OrderStatus] = q.status.map_or(&OrderStatus::ALL, StatusFilter::statuses);
    // $1 is the account, then one for each status.
    let marks = crate::infra::db::placeholders(2, statuses.len());
    let (limit, offset) = (statuses.len() + 2, statuses.len() + 3);
    let count_sql =
        format!("SELECT COUNT(*) FROM orders WHERE account_id = $1 AND status IN ({marks})");
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql).bind(account);
    for s in statuses {
        count = count.bind(s.as_str());
    }
    let (total,) = count.fetch_one(&st.db).await?;
    let rows_sql = format!(
        "SELECT id, status, created_at, total_fen, quote_json FROM orders
          WHERE account_id = $1 AND status IN ({marks}) ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}"
    );
    let mut rows = sqlx::query_as::<_, SummaryRow>(&rows_sql).bind(account);
    for s in statuses {
        rows = rows.bind(s.as_str());
    }
    let rows = rows
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(&st.db)
        .await?;
    let mut orders = Vec::with_capacity(rows.len());
    for r in rows {
        let quote: Quote = serde_json::from_str(&r.quote_json)?;
        let status = OrderStatus::parse(&r.status)
            .ok_or_else(|| ApiError::from(sqlx::Error::Decode("order status".into())))?;
        let latest = if status == OrderStatus::Shipped {
            latest_event(st, &r.id).await?
        } else {
            None
        };
        orders.push(OrderSummary {
            latest,
            ships: haitao_core::quote::promised_window(status, &quote.lines).cloned(),
            status,
            image: quote
                .lines
                .first()
                .map(|l| l.image.clone())
                .unwrap_or_default(),
            items: quote.lines.iter().map(|l| l.qty).sum(),
            id: r.id,
            created_at: r.created_at,
            total: Money::cny(r.total_fen),
        });
    }
    Ok(OrderPage {
        orders,
        total,
        page,
        per_page,
    })
}

/// The newest event of any of the order's parcels.
async fn latest_event(
    st: &AppState,
    order: &str,
) -> ApiResult<Option<haitao_core::tracking::TrackEvent>> {
    let parcels: Vec<(i64,)> = sqlx::query_as(
        "SELECT pa.id FROM parcels pa JOIN shipments s ON s.id = pa.shipment_id WHERE s.order_id = $1",
    )
    .bind(order)
    .fetch_all(&st.db)
    .await?;
    let ids: Vec<i64> = parcels.into_iter().map(|(p,)| p).collect();
    let events = crate::tracking::events_of(&st.db, &ids).await?;
    Ok(events
        .into_iter()
        .map(|(_, e)| e)
        .max_by(|a, b| a.at.cmp(&b.at)))
}
