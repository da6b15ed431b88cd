//! Every server process keeps the catalog in memory (search/), and other
//! processes change it: import and publish bump a version in the database,
//! and a serving process reloads its whole index when it sees the version
//! move; an order (placed, paid, cancelled, refunded) writes its id into
//! `index_changes` in the transaction that moves stock or sales, and every
//! process refreshes those products. Both are looked at every second.

use std::time::Duration;

use sqlx::{Any, AnyPool, Executor};

use crate::search::{Index, SharedIndex};

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
/// sales. Those transactions hold the shop's write lock (`db::begin_write`),
/// so sequence numbers become visible in order and a follower that has seen
/// `seq` has seen everything before it.
pub async fn changed<'e>(
    db: impl Executor<'e, Database = Any>,
    order_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO index_changes (order_id, at) VALUES ($1, $2)")
        .bind(order_id)
        .bind(crate::clock::stamp(time::OffsetDateTime::now_utc()))
        .execute(db)
        .await?;
    Ok(())
}

/// The last change recorded, where a new process starts following.
pub async fn last_change(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    let (seq,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM index_changes")
            .fetch_one(pool)
            .await?;
    Ok(seq)
}

/// Refreshes the products of orders changed after `seen`, and moves `seen` on.
pub async fn follow_changes(
    pool: &AnyPool,
    index: &SharedIndex,
    seen: &mut i64,
) -> Result<usize, crate::error::ApiError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT seq, order_id FROM index_changes WHERE seq > $1 ORDER BY seq LIMIT 1000",
    )
    .bind(*seen)
    .fetch_all(pool)
    .await?;
    let Some((last, _)) = rows.last() else {
        return Ok(0);
    };
    let last = *last;
    let mut orders: Vec<&str> = rows.iter().map(|(_, o)| o.as_str()).collect();
    orders.sort_unstable();
    orders.dedup();
    crate::orders::refresh_index(pool, index, &orders).await?;
    *seen = last;
    Ok(orders.len())
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

/// Runs forever: follows orders' changes, and reloads `index` whenever the
/// catalog version changes.
pub async fn watch(pool: AnyPool, rate: haitao_core::ExchangeRate, index: SharedIndex) {
    let mut seen = version(&pool).await.unwrap_or_default();
    let mut followed = last_change(&pool).await.unwrap_or_default();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        if let Err(err) = follow_changes(&pool, &index, &mut followed).await {
            tracing::warn!("index changes: {}", err.message);
        }
        let now = match version(&pool).await {
            Ok(v) => v,
            Err(err) => {
                tracing::warn!("catalog version: {err}");
                continue;
            }
        };
        if now == seen {
            continue;
        }
        let started = std::time::Instant::now();
        match Index::load(&pool, &rate).await {
            Ok(fresh) => {
                let products = fresh.len();
                if let Ok(mut idx) = index.write() {
                    *idx = fresh;
                }
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
