//! Import and publish run as their own processes; they bump a version in the
//! database, and a serving process reloads its search index when it sees the
//! version move (checked every two seconds).

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

pub async fn version(pool: &AnyPool) -> Result<String, sqlx::Error> {
    let v: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'catalog_version'")
            .fetch_optional(pool)
            .await?;
    Ok(v.map(|v| v.0).unwrap_or_default())
}

/// Runs forever: reloads `index` whenever the catalog version changes.
pub async fn watch(pool: AnyPool, rate: haitao_core::ExchangeRate, index: SharedIndex) {
    let mut seen = version(&pool).await.unwrap_or_default();
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    loop {
        tick.tick().await;
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
