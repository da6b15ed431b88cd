//! A pre-sale (预售) the seller cannot fill. Selling one is the catalog's
//! (`catalog::presale`: sold ahead of its window) and the order's (its quote
//! and `orders.ships_from` keep the window it was sold with); this is its
//! end when the harvest fails: the product stops selling, its unpaid orders
//! close, and every paid one of it that has not left is refunded in full,
//! its buyer told by SMS and on the order's page.

use haitao_core::api::{CancelReason, OrderStatus, Quote};
use sqlx::AnyPool;

use crate::catalog::stock::{CatalogWrite, Listing};
use crate::infra::clock::Clock;
use crate::infra::db::words;
use crate::infra::error::{ApiError, ApiResult};
use crate::orders::close::close_unpaid;
use crate::orders::refunds::{refund_whole, RefundError, Whole};
use crate::payments::PaymentProvider;

/// What `unfilled` did.
#[derive(Debug, Default)]
pub struct Unfilled {
    /// Unpaid orders closed.
    pub closed: Vec<String>,
    /// Paid orders refunded, with their refund's id.
    pub refunded: Vec<(String, String)>,
    /// Paid orders not refunded, and why (a parcel of it left meanwhile).
    pub kept: Vec<(String, String)>,
}

#[derive(sqlx::FromRow)]
struct Candidate {
    id: String,
    status: String,
    quote_json: String,
}

/// Ends product `slug`'s pre-sale as unfilled (`seller`: only when the
/// product is theirs; `None`, the operator). The listing of a serving process
/// follows at once (`listing`), a command's through the change log.
pub async fn unfilled(
    pool: &AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    listing: Option<Listing<'_>>,
    slug: &str,
    seller: Option<i64>,
) -> ApiResult<Unfilled> {
    // A product with no pre-sale has none to end.
    let product: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, seller_id FROM products WHERE slug = $1 AND presale_from IS NOT NULL",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let product = product
        .filter(|(_, owner)| seller.is_none_or(|s| s == *owner))
        .map(|(id, _)| id)
        .ok_or_else(|| ApiError::not_found("product").field("product"))?;
    let mut out = Unfilled::default();
    // Nothing more is sold of it, and what waits to be paid closes.
    let mut tx = CatalogWrite::begin_editing(pool).await?;
    // Rows in the order every writer takes them (docs/ARCHITECTURE.md): the
    // unpaid orders' rows, then the product's variants. An expiry holds its
    // order's row and then wants the variants.
    let mut unpaid: Vec<String> = candidates(&mut tx, slug, &[OrderStatus::AwaitingPayment])
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    unpaid.sort_unstable();
    for id in &unpaid {
        crate::infra::db::lock(&mut tx, crate::infra::db::Row::Order(id)).await?;
    }
    tx.sell_none_of(product).await?;
    let now = clock.stamp();
    // Read again: an order placed in between took its units before they went.
    for o in candidates(&mut tx, slug, &[OrderStatus::AwaitingPayment]).await? {
        if close_unpaid(&mut tx, &o.id, CancelReason::PresaleUnfilled, &now).await? {
            out.closed.push(o.id);
        }
    }
    // The units of the orders just closed are not for sale either.
    tx.sell_none_of(product).await?;
    match listing {
        Some(listing) => tx.commit(pool, listing).await?,
        None => tx.commit_elsewhere().await?,
    }
    let paid = candidates(
        &mut *pool.acquire().await?,
        slug,
        &OrderStatus::BEFORE_SHIPPING,
    )
    .await?;
    for o in paid {
        match refund_whole(pool, clock, provider, &o.id, Whole::PresaleUnfilled).await {
            Ok(refund) => out.refunded.push((o.id, refund)),
            Err(RefundError::NotPaid(id, status)) => out
                .kept
                .push((id, format!("not refunded: it is {status} now"))),
            Err(e) => {
                tracing::error!(order = %o.id, "pre-sale unfilled refund: {e}");
                out.kept.push((o.id, e.to_string()));
            }
        }
    }
    tracing::info!(
        product = slug,
        closed = out.closed.len(),
        refunded = out.refunded.len(),
        kept = out.kept.len(),
        "pre-sale ended unfilled"
    );
    Ok(out)
}

/// The orders in `statuses` sold `slug` on pre-sale (by their own quote, so
/// a product changed since does not move them).
async fn candidates(
    conn: &mut sqlx::AnyConnection,
    slug: &str,
    statuses: &[OrderStatus],
) -> ApiResult<Vec<Candidate>> {
    let rows: Vec<Candidate> = sqlx::query_as(&format!(
        "SELECT id, status, quote_json FROM orders
          WHERE ships_from IS NOT NULL AND status IN ({}) ORDER BY created_at, id",
        words(statuses.iter().map(|s| s.as_str()))
    ))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|o| OrderStatus::parse(&o.status).is_some())
        .filter(|o| {
            serde_json::from_str::<Quote>(&o.quote_json).is_ok_and(|q| {
                q.lines
                    .iter()
                    .any(|l| l.product_slug == slug && l.ships.is_some())
            })
        })
        .collect())
}
