//! A transaction that writes (`db::begin_write`). On PostgreSQL it is sqlx's
//! own transaction on a pooled connection. On SQLite it is this process's
//! one writing connection, owned here rather than by a pool of one.
//!
//! Why not sqlx's pool for SQLite's writer: every writing transaction of a
//! process queues for that one connection, so whatever the turn holds,
//! every order behind it waits for. A pool's connection is pinged each time
//! it comes back (sqlx 0.8 does it always), one more hand-over to SQLite's
//! thread inside the queue; and a transaction's `BEGIN` is a hand-over of its
//! own, and so is its `COMMIT`: an order sends all three in one call
//! (`CatalogWrite::deferred`, `run_committing`). docs/research/flash-sale.md has the figures.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use sqlx::{Any, AnyConnection, AnyPool, ConnectOptions, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::batch::{Batch, Outcome, Stopped};
use super::db::{backend, Backend};

/// How long a writer waits for its turn before it gives up (as the pool of
/// one it replaces did).
const TURN_TIMEOUT: Duration = Duration::from_secs(30);

const BEGIN: &str = "BEGIN IMMEDIATE";

/// A writing transaction; dropped without `commit`, it is rolled back.
pub struct WriteTx {
    inner: Option<Inner>,
}

enum Inner {
    Postgres(Transaction<'static, Any>),
    Sqlite(Held),
}

/// This process's SQLite writer while a transaction has it.
struct Held {
    slot: OwnedMutexGuard<Slot>,
    conn: AnyConnection,
    /// Whether a transaction is open: `BEGIN` sent (a deferred transaction
    /// sends it with its batch), no `COMMIT` yet.
    begun: bool,
}

/// The writing connection of one SQLite file, between transactions. `open`:
/// a transaction was dropped on it and is still to be rolled back.
#[derive(Default)]
struct Slot {
    conn: Option<AnyConnection>,
    open: bool,
}

impl WriteTx {
    /// Begins a transaction: SQLite `BEGIN IMMEDIATE` on the writer, after
    /// the transactions before it; PostgreSQL a pooled connection's.
    pub async fn begin(pool: &AnyPool) -> Result<Self, sqlx::Error> {
        let mut tx = Self::deferred(pool).await?;
        tx.begun().await?;
        Ok(tx)
    }

    /// Sends a deferred transaction's `BEGIN`, if it is still to be sent.
    pub(crate) async fn begun(&mut self) -> Result<(), sqlx::Error> {
        if let Some(Inner::Sqlite(held)) = &mut self.inner {
            if !held.begun {
                // Marked first: if `BEGIN` fails, the drop's `ROLLBACK` fails
                // too and the connection is replaced rather than trusted.
                held.begun = true;
                held.conn.execute(BEGIN).await?;
            }
        }
        Ok(())
    }

    /// Waits for SQLite's writer without sending anything: `run_committing`
    /// sends the `BEGIN` with its batch (or `begun`, alone). For
    /// `CatalogWrite`'s deferred order, which offers nothing else to run
    /// before it: a statement run on it as a connection first would run
    /// outside any transaction.
    pub(crate) async fn deferred(pool: &AnyPool) -> Result<Self, sqlx::Error> {
        let inner = match backend(pool) {
            Backend::Postgres => Inner::Postgres(pool.begin().await?),
            Backend::Sqlite => {
                let mut slot = tokio::time::timeout(TURN_TIMEOUT, slot(pool).lock_owned())
                    .await
                    .map_err(|_| sqlx::Error::PoolTimedOut)?;
                finish_dropped(&mut slot).await;
                let conn = match slot.conn.take() {
                    Some(conn) => conn,
                    None => connect(pool).await?,
                };
                Inner::Sqlite(Held {
                    slot,
                    conn,
                    begun: false,
                })
            }
        };
        Ok(Self { inner: Some(inner) })
    }

    /// Runs `batch` as the transaction's last statements. On SQLite they go
    /// in one call with the `COMMIT` (and the `BEGIN`, if still to be sent),
    /// so the writer's turn is that one call; `commit` then has nothing left
    /// to send. On PostgreSQL `commit` ends the transaction, as ever. Stopped
    /// by a failed statement, the transaction is still open (SQLite undoes
    /// only that statement), for the caller to roll back.
    pub async fn run_committing(&mut self, batch: Batch<'_>) -> Result<Vec<Outcome>, Stopped> {
        match &mut self.inner {
            Some(Inner::Sqlite(held)) => {
                let opening = (!held.begun).then_some(BEGIN);
                held.begun = true;
                let done = batch
                    .run_between(&mut held.conn, opening, Some("COMMIT"))
                    .await?;
                held.begun = false;
                Ok(done)
            }
            _ => batch.run_between(self, None, None).await,
        }
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match self.inner.take() {
            Some(Inner::Postgres(tx)) => tx.commit().await,
            Some(Inner::Sqlite(mut held)) => {
                if held.begun {
                    if let Err(e) = held.conn.execute("COMMIT").await {
                        // Still open: the drop rolls it back.
                        self.inner = Some(Inner::Sqlite(held));
                        return Err(e);
                    }
                }
                held.put_back(false);
                Ok(())
            }
            None => Ok(()),
        }
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        match self.inner.take() {
            Some(Inner::Postgres(tx)) => tx.rollback().await,
            Some(Inner::Sqlite(held)) => {
                let begun = held.begun;
                let mut slot = held.put_back(begun);
                finish_dropped(&mut slot).await;
                Ok(())
            }
            None => Ok(()),
        }
    }
}

impl Held {
    /// Gives the connection back to the slot; `open` if a transaction is
    /// still to be rolled back on it.
    fn put_back(self, open: bool) -> OwnedMutexGuard<Slot> {
        let Held { mut slot, conn, .. } = self;
        slot.conn = Some(conn);
        slot.open = open;
        slot
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        // PostgreSQL: sqlx's own transaction rolls itself back on drop.
        let Some(Inner::Sqlite(held)) = self.inner.take() else {
            return;
        };
        let begun = held.begun;
        let mut slot = held.put_back(begun);
        // At once, still holding the writer, so nothing else runs in the
        // abandoned transaction; without a runtime (a test's end) the next
        // writer does it first.
        if begun {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move { finish_dropped(&mut slot).await });
            }
        }
    }
}

/// Rolls back what a dropped transaction left open. A connection that
/// cannot roll back is not trusted again: the next writer opens another.
/// One with nothing to roll back is kept: a request cancelled while its
/// batch ran may find that the batch went on to its `COMMIT` on SQLite's
/// thread (the order is kept, and a retry with its key gets it back).
async fn finish_dropped(slot: &mut Slot) {
    if !slot.open {
        return;
    }
    slot.open = false;
    if let Some(mut conn) = slot.conn.take() {
        match conn.execute("ROLLBACK").await {
            Ok(_) => slot.conn = Some(conn),
            Err(sqlx::Error::Database(e)) if e.message().contains("no transaction is active") => {
                slot.conn = Some(conn)
            }
            Err(e) => tracing::warn!(error = %e, "the SQLite writer is opened again"),
        }
    }
}

/// The writer of `pool`'s SQLite file, made on first use.
fn slot(pool: &AnyPool) -> Arc<Mutex<Slot>> {
    static SLOTS: std::sync::Mutex<Vec<(String, Arc<Mutex<Slot>>)>> =
        std::sync::Mutex::new(Vec::new());
    let url = pool.connect_options().database_url.to_string();
    let mut slots = SLOTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, s)) = slots.iter().find(|(u, _)| *u == url) {
        return s.clone();
    }
    let s = Arc::new(Mutex::new(Slot::default()));
    slots.push((url, s.clone()));
    s
}

async fn connect(pool: &AnyPool) -> Result<AnyConnection, sqlx::Error> {
    let mut conn = pool.connect_options().connect().await?;
    super::db::writer_settings(&mut conn).await?;
    Ok(conn)
}

/// The transaction's statements run on it as on a connection.
impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match &self.inner {
            Some(Inner::Postgres(tx)) => tx,
            Some(Inner::Sqlite(held)) => &held.conn,
            None => unreachable!("a transaction is only emptied as it ends"),
        }
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.inner {
            Some(Inner::Postgres(tx)) => tx,
            Some(Inner::Sqlite(held)) => &mut held.conn,
            None => unreachable!("a transaction is only emptied as it ends"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infra::db::{open, Target};
    use sqlx::Connection;

    async fn shop() -> (tempfile::TempDir, AnyPool) {
        let dir = tempfile::tempdir().expect("dir");
        let pool = open(&Target::Sqlite(dir.path().join("shop.db")))
            .await
            .expect("open");
        sqlx::query("CREATE TABLE t (k TEXT PRIMARY KEY)")
            .execute(&pool)
            .await
            .expect("table");
        (dir, pool)
    }

    async fn count(pool: &AnyPool) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t")
            .fetch_one(pool)
            .await
            .expect("count");
        n
    }

    /// A writer that begins after what the test did before, and commits.
    async fn write_one(pool: &AnyPool, k: &str) {
        let mut tx = WriteTx::begin(pool).await.expect("the next writer begins");
        sqlx::query("INSERT INTO t VALUES ($1)")
            .bind(k)
            .execute(&mut *tx)
            .await
            .expect("insert");
        tx.commit().await.expect("commit");
    }

    /// Whether another connection (another process's, say) can begin
    /// writing without waiting.
    async fn free(pool: &AnyPool) -> bool {
        let mut other = pool.connect_options().connect().await.expect("other");
        other
            .execute("PRAGMA busy_timeout = 0")
            .await
            .expect("timeout");
        let free = other.execute("BEGIN IMMEDIATE").await.is_ok();
        let _ = other.execute("ROLLBACK").await;
        let _ = other.close().await;
        free
    }

    #[tokio::test]
    async fn a_dropped_transaction_is_rolled_back_at_once_and_the_next_writer_begins() {
        let (_dir, pool) = shop().await;
        let mut tx = WriteTx::begin(&pool).await.expect("begin");
        sqlx::query("INSERT INTO t VALUES ('lost')")
            .execute(&mut *tx)
            .await
            .expect("insert");
        assert!(
            !free(&pool).await,
            "the transaction holds SQLite's write lock"
        );
        drop(tx);
        // Nobody else writes here: the drop itself must let the lock go.
        let mut waited = 0;
        while !free(&pool).await {
            waited += 1;
            assert!(waited < 100, "the dropped transaction still holds the lock");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        write_one(&pool, "kept").await;
        assert_eq!(count(&pool).await, 1, "only the committed row");
        assert!(free(&pool).await, "a commit lets the lock go");
    }

    #[tokio::test]
    async fn a_deferred_transaction_begins_and_commits_with_its_batch() {
        let (_dir, pool) = shop().await;
        // Dropped before it sent anything: nothing to undo, nothing held.
        drop(WriteTx::deferred(&pool).await.expect("deferred"));
        assert!(free(&pool).await);

        let mut tx = WriteTx::deferred(&pool).await.expect("deferred");
        let mut rows = Batch::new();
        rows.push("INSERT INTO t VALUES ($1)", vec!["a".into()]);
        rows.push("INSERT INTO t VALUES ($1) RETURNING k", vec!["b".into()]);
        let Ok(out) = tx.run_committing(rows).await else {
            panic!("the batch failed");
        };
        assert_eq!(
            out.len(),
            2,
            "`BEGIN` and `COMMIT` are not among the outcomes"
        );
        assert_eq!(out[1].rows.len(), 1);
        assert_eq!(count(&pool).await, 2, "committed with the batch");
        assert!(free(&pool).await, "nothing left open");
        tx.commit().await.expect("nothing left to send");
        assert_eq!(count(&pool).await, 2);
    }

    #[tokio::test]
    async fn a_failed_statement_stops_the_batch_before_its_commit() {
        let (_dir, pool) = shop().await;
        let mut tx = WriteTx::deferred(&pool).await.expect("deferred");
        let mut rows = Batch::new();
        rows.push("INSERT INTO t VALUES ($1)", vec!["a".into()]);
        rows.push("INSERT INTO t VALUES ($1)", vec!["a".into()]);
        rows.push("INSERT INTO t VALUES ($1)", vec!["c".into()]);
        let Err(stopped) = tx.run_committing(rows).await else {
            panic!("the key is taken");
        };
        assert_eq!(stopped.at, Some(1));
        assert!(stopped.refused(sqlx::error::ErrorKind::UniqueViolation));
        assert_eq!(stopped.done.len(), 1, "what the first statement did");
        assert!(!free(&pool).await, "still open, for the caller to decide");
        assert_eq!(count(&pool).await, 0, "nothing committed");
        tx.rollback().await.expect("rollback");
        assert!(free(&pool).await);
        write_one(&pool, "b").await;
        assert_eq!(count(&pool).await, 1, "the failed batch's first row undone");
    }
}
