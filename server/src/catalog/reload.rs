//! Every server process keeps the catalog in memory (search/), and other
//! processes change it. What changes is written into `index_changes` in the
//! transaction that changes it: an order (placed, paid, cancelled, refunded)
//! that moved stock or sales, a product that an import or a publication
//! changed; every process refreshes those products, and only those, within
//! a second. Writers do not take turns, so a change may commit after one
//! recorded later: on SQLite (one writer) the sequence is the commit order;
//! on PostgreSQL a follower reads by transaction, only the transactions older
//! than the oldest still running (all of them over, none can add a change
//! among them), so nothing committed late is passed over. A version in `settings` asks for a whole reload, for changes
//! that are not one product's (none of the shop's own commands need it).

use std::time::Duration;

use haitao_core::ExchangeRate;
use sqlx::{Any, AnyPool, Executor};

use crate::infra::batch::Batch;
use crate::infra::db::Backend;

use crate::catalog::search::{Index, SharedIndex};

pub async fn bump<'e>(db: impl Executor<'e, Database = Any>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('catalog_version', '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)",
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records, in the caller's transaction, that order `order_id` moved stock or
/// sales.
pub(super) async fn changed<'e>(
    db: impl Executor<'e, Database = Any>,
    order_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(ORDER_CHANGED)
        .bind(order_id)
        .bind(crate::infra::clock::stamp(time::OffsetDateTime::now_utc()))
        .execute(db)
        .await?;
    Ok(())
}

/// `changed`, as the last statement of a batch.
pub(super) fn changed_in<'a>(batch: &mut Batch<'a>, order_id: &'a str) {
    batch.push(
        ORDER_CHANGED,
        vec![
            order_id.into(),
            crate::infra::clock::stamp(time::OffsetDateTime::now_utc()).into(),
        ],
    );
}

const ORDER_CHANGED: &str = "INSERT INTO index_changes (order_id, at) VALUES ($1, $2)";

/// Records, in the caller's transaction, that these products' published form
/// changed.
pub(super) async fn products_changed(
    tx: &mut sqlx::AnyConnection,
    ids: &[i64],
) -> Result<(), sqlx::Error> {
    let at = crate::infra::clock::stamp(time::OffsetDateTime::now_utc());
    for id in ids {
        sqlx::query("INSERT INTO index_changes (product_id, at) VALUES ($1, $2)")
            .bind(*id)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Where a new process starts following: on SQLite the last change
/// recorded; on PostgreSQL the oldest transaction still running (what the
/// process then reads may be followed again: refreshing is idempotent).
pub async fn last_change(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    let sql = match crate::infra::db::backend(pool) {
        Backend::Sqlite => "SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM index_changes",
        Backend::Postgres => HORIZON,
    };
    let (at,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await?;
    Ok(at)
}

/// PostgreSQL's oldest transaction still running (every one below it is over).
const HORIZON: &str =
    "SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT)";

/// A change recorded for the listing: an order's products, or one product.
#[derive(sqlx::FromRow)]
struct ChangeRow {
    seq: i64,
    tx: i64,
    order_id: Option<String>,
    product_id: Option<i64>,
}

/// Refreshes the products of orders and the products changed after `seen`,
/// and moves `seen` on; returns how many changes it followed.
pub async fn follow_changes(
    pool: &AnyPool,
    rate: &ExchangeRate,
    index: &SharedIndex,
    seen: &mut i64,
) -> Result<usize, crate::infra::error::ApiError> {
    const PAGE: i64 = 5000;
    let postgres = crate::infra::db::backend(pool) == Backend::Postgres;
    let (horizon, sql) = if postgres {
        let (h,): (i64,) = sqlx::query_as(HORIZON).fetch_one(pool).await?;
        (
            h,
            "SELECT seq, tx, order_id, product_id FROM index_changes
              WHERE (tx > $1 OR (tx = $1 AND seq > $2)) AND tx < $3 ORDER BY tx, seq LIMIT $4",
        )
    } else {
        (
            i64::MAX,
            "SELECT seq, 0 AS tx, order_id, product_id FROM index_changes
              WHERE seq > $2 AND $1 = $1 AND $3 = $3 ORDER BY seq LIMIT $4",
        )
    };
    // Within this call, pages by (transaction, sequence); one transaction's
    // changes may fill several.
    let mut after = if postgres { (*seen, -1) } else { (0, *seen) };
    let mut followed = 0;
    loop {
        let rows: Vec<ChangeRow> = sqlx::query_as(sql)
            .bind(after.0)
            .bind(after.1)
            .bind(horizon)
            .bind(PAGE)
            .fetch_all(pool)
            .await?;
        let Some(last) = rows.last() else { break };
        after = (last.tx, last.seq);
        let mut orders: Vec<String> = rows.iter().filter_map(|r| r.order_id.clone()).collect();
        orders.sort_unstable();
        orders.dedup();
        let mut products: Vec<i64> = rows.iter().filter_map(|r| r.product_id).collect();
        products.sort_unstable();
        products.dedup();
        Index::refresh_products(index, pool, rate, &products).await?;
        super::stock::refresh_orders(pool, index, &orders).await?;
        followed += rows.len();
        if !postgres {
            *seen = after.1;
        }
        if (rows.len() as i64) < PAGE {
            break;
        }
    }
    if postgres {
        *seen = (*seen).max(horizon);
    }
    Ok(followed)
}

/// Forgets changes older than `before` (every process has long followed them).
pub async fn prune_changes(pool: &AnyPool, before: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM index_changes WHERE at < $1")
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected())
}

pub async fn version(pool: &AnyPool) -> Result<String, sqlx::Error> {
    let v: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'catalog_version'")
            .fetch_optional(pool)
            .await?;
    Ok(v.map(|v| v.0).unwrap_or_default())
}

/// Runs forever: follows the catalog's changes, and reloads `index` whenever
/// the catalog version changes or replaced documents pile up.
pub async fn watch(pool: AnyPool, rate: ExchangeRate, index: SharedIndex) {
    let (mut seen, mut followed) = {
        let i = index.read();
        (i.version().to_owned(), i.changes_seen())
    };
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        if let Err(err) = follow_changes(&pool, &rate, &index, &mut followed).await {
            tracing::warn!("index changes: {}", err.message);
        }
        let now = match version(&pool).await {
            Ok(v) => v,
            Err(err) => {
                tracing::warn!("catalog version: {err}");
                continue;
            }
        };
        // Replaced products leave their old documents behind until a rebuild.
        let worn = {
            let i = index.read();
            i.dead() > (i.len() / 4).max(10_000)
        };
        if now == seen && !worn {
            continue;
        }
        let started = std::time::Instant::now();
        match Index::load(&pool, &rate).await {
            Ok(fresh) => {
                let products = fresh.len();
                followed = followed.min(fresh.changes_seen());
                index.put(fresh);
                seen = now;
                tracing::info!(
                    products,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "catalog changed: index reloaded"
                );
            }
            Err(err) => tracing::warn!("index reload: {err}"),
        }
    }
}
