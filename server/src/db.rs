use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Opens (creating if need be) the SQLite file, migrates it, and seeds the
/// starter catalog when it has no products yet.
pub async fn open(path: &Path) -> Result<SqlitePool, Box<dyn std::error::Error>> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        // WAL lets shoppers read while an order is written; the busy timeout
        // makes writers queue rather than fail under load.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(opts)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    if crate::seed::is_empty(&pool).await? {
        let n = crate::seed::load_starter(&pool).await?;
        tracing::info!(products = n, "seeded the starter catalog");
    }
    Ok(pool)
}
