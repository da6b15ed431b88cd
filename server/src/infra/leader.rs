//! Which server process does the shop's background work (expiry, refunds to
//! send, retention, the sandbox's progress): with several processes on one
//! PostgreSQL, the one holding a session advisory lock on a connection of its
//! own. If that process dies its connection closes, the lock is released, and
//! another process takes it within `RETRY`. With SQLite there is one process.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::{AnyConnection, AnyPool, Connection};

use crate::infra::db::{backend, Backend};

/// The advisory lock the leader holds ("haitao jobs").
const JOBS_LOCK: i64 = 0x6861_6974_6a6f_6273;
const RETRY: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct Leader {
    flag: Arc<AtomicBool>,
    task: Option<Arc<tokio::task::JoinHandle<()>>>,
}

impl Leader {
    /// Whether this process does the background work now.
    pub fn is(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Always the leader (SQLite, tests).
    pub fn alone() -> Self {
        Self {
            flag: Arc::new(AtomicBool::new(true)),
            task: None,
        }
    }

    /// Gives the lock up (its connection closes), as a process that stops does.
    pub fn stop(&self) {
        if let Some(t) = &self.task {
            t.abort();
        }
        self.flag.store(false, Ordering::Relaxed);
    }

    /// Follows the lock for as long as the process runs.
    pub fn spawn(pool: AnyPool) -> Self {
        if backend(&pool) == Backend::Sqlite {
            return Self::alone();
        }
        let flag = Arc::new(AtomicBool::new(false));
        let shared = flag.clone();
        let task = tokio::spawn(async move {
            let url = pool.connect_options().database_url.to_string();
            loop {
                match hold(&url, &flag).await {
                    Ok(()) => {}
                    Err(err) => tracing::warn!("background work lock: {err}"),
                }
                flag.store(false, Ordering::Relaxed);
                tokio::time::sleep(RETRY).await;
            }
        });
        Self {
            flag: shared,
            task: Some(Arc::new(task)),
        }
    }
}

/// Takes the lock on a connection of its own when it is free, and keeps it
/// while the connection lives.
async fn hold(url: &str, flag: &AtomicBool) -> Result<(), sqlx::Error> {
    let mut conn = AnyConnection::connect(url).await?;
    loop {
        if !flag.load(Ordering::Relaxed) {
            let (got,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
                .bind(JOBS_LOCK)
                .fetch_one(&mut conn)
                .await?;
            if got {
                tracing::info!("this process does the background work");
                flag.store(true, Ordering::Relaxed);
            }
        } else {
            conn.ping().await?;
        }
        tokio::time::sleep(RETRY).await;
    }
}
