//! The database: SQLite (the embedded default, one file) or PostgreSQL (for
//! several server processes), both through sqlx's `Any` pool. Queries are
//! written once in the SQL both understand (`$1` placeholders, `ON CONFLICT`,
//! `RETURNING`); where the two differ it is here, named: how a writing
//! transaction begins, the migrations, the connection settings.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use super::write_tx::WriteTx;

/// Where the shop's data is: `HAITAO_DATABASE`, a SQLite file path or a
/// `postgres://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Target {
    pub fn parse(database: &str) -> Self {
        if database.starts_with("postgres://") || database.starts_with("postgresql://") {
            Target::Postgres(database.to_owned())
        } else {
            Target::Sqlite(PathBuf::from(
                database.strip_prefix("sqlite://").unwrap_or(database),
            ))
        }
    }

    /// Where development keeps its master secret: beside a SQLite file, or
    /// in `data/` for PostgreSQL (never in the database).
    pub fn key_file(&self) -> PathBuf {
        match self {
            Target::Sqlite(path) => path.with_extension("key"),
            Target::Postgres(_) => PathBuf::from("data/haitao-postgres.key"),
        }
    }
}

/// Which database a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn backend(pool: &AnyPool) -> Backend {
    match pool.connect_options().database_url.scheme() {
        "postgres" | "postgresql" => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// The SQL function giving the larger of its arguments: SQLite's scalar
/// `MAX(a, b)`, PostgreSQL's `GREATEST(a, b)`.
pub fn greatest(pool: &AnyPool) -> &'static str {
    match backend(pool) {
        Backend::Sqlite => "MAX",
        Backend::Postgres => "GREATEST",
    }
}

/// Begins a transaction that writes. SQLite: `BEGIN IMMEDIATE`, its single
/// writer, so what the transaction reads cannot change before it commits.
/// PostgreSQL: a plain transaction, with no lock over the shop: what it
/// checks, it holds by the rows themselves (a conditional update, a unique
/// key, or `lock` on the row it decides by), so writes of different orders,
/// buyers and products run side by side in every process.
pub async fn begin_write(pool: &AnyPool) -> Result<WriteTx, sqlx::Error> {
    WriteTx::begin(pool).await
}

/// A pool of at most `max` connections that tries a connection before
/// handing it out only when it has sat idle a while: sqlx's default pings
/// every one, a round trip on PostgreSQL (and on SQLite a turn of the
/// connection's thread, the single writer's included) on the request's way
/// before each of its queries. sqlx 0.8 still pings every connection that
/// comes back, off the request's way. The price: after a database restart a
/// connection idle for less than `IDLE_BEFORE_PING` fails one query, and the
/// pool drops it when it comes back.
fn pool_options(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= IDLE_BEFORE_PING {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

/// How long a pooled connection may sit unused before it is tried again
/// before use (a database restarted or a firewall that forgot it meanwhile).
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);

/// What SQLite's writing connection (`write_tx`) is set to: every
/// connection's settings, and the log left to `checkpoint`.
///
/// Why one writing connection: writing transactions on the pool's
/// connections would wait for each other in SQLite's busy handler, which
/// sleeps longer and longer (up to 100 ms a time) and wakes in no order, so
/// under a sale's load some orders waited far longer than the queue. On one
/// connection they queue in turn. Readers keep the pool (WAL: they never
/// wait for the writer).
pub(super) async fn writer_settings(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    sqlite_settings(conn).await?;
    conn.execute(format!("PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}").as_str())
        .await?;
    Ok(())
}

/// How many pages SQLite's write-ahead log may hold before the writer copies
/// them into the database itself: a backstop, as `checkpoint` (every
/// serving process, `next_checkpoint`) keeps it well below.
const WRITER_CHECKPOINT_PAGES: u32 = 10_000;

/// How long a serving process waits between checkpoints while the log grows:
/// short, so each copy and its fsync stay small. The writer's appends wait
/// behind a large one, and a sale's slowest orders followed the rounds'
/// spacing (docs/research/flash-sale.md).
pub const CHECKPOINT_BUSY_EVERY: Duration = Duration::from_millis(20);

/// How long it waits while nothing is written.
pub const CHECKPOINT_IDLE_EVERY: Duration = Duration::from_millis(250);

/// Where SQLite's log stood after a checkpoint: its frames, and how many of
/// them are copied into the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogState {
    pub log: i64,
    pub checkpointed: i64,
}

/// The wait before the next checkpoint: short if the log moved since the
/// one before.
pub fn next_checkpoint(before: LogState, after: LogState) -> Duration {
    if before == after {
        CHECKPOINT_IDLE_EVERY
    } else {
        CHECKPOINT_BUSY_EVERY
    }
}

/// Copies what SQLite's write-ahead log holds into the database file, on a
/// reading connection: a passive checkpoint, which waits for no reader or
/// writer. SQLite's default has the writer do it after the commit that fills
/// the log, and every order behind that writer waited for the copy and its
/// fsync (docs/research/flash-sale.md). Nothing to do on PostgreSQL.
pub async fn checkpoint(pool: &AnyPool) -> Result<LogState, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Checkpoint {
        log: i64,
        checkpointed: i64,
    }
    if backend(pool) != Backend::Sqlite {
        return Ok(LogState::default());
    }
    let c: Checkpoint = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    Ok(LogState {
        log: c.log,
        checkpointed: c.checkpointed,
    })
}

/// What every SQLite connection is set to. WAL lets shoppers read while an
/// order is written; the busy timeout makes a writer of another process
/// wait rather than fail.
async fn sqlite_settings(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
         PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
    )
    .await?;
    Ok(())
}

/// A row a writing transaction holds until it ends, so that another
/// transaction deciding by the same row waits for its outcome.
#[derive(Clone, Copy, Debug)]
pub enum Row<'a> {
    Order(&'a str),
    Account(i64),
    Shipment(i64),
    Question(i64),
    /// Something no row stands for (a payer's allowance, a sign-in address,
    /// the catalog's editors): its row in `write_marks`.
    Mark(&'a str),
}

/// Whether a connection (or a transaction on one) is PostgreSQL's, where
/// writers hold rows, not the whole database.
pub fn is_postgres(conn: &sqlx::AnyConnection) -> bool {
    conn.backend_name() == "PostgreSQL"
}

/// Locks `row` for the rest of the transaction on PostgreSQL (`FOR UPDATE`,
/// or an upsert of the mark, which locks it whether new or not). On SQLite
/// the transaction already holds the whole database: nothing to do.
pub async fn lock(conn: &mut sqlx::AnyConnection, row: Row<'_>) -> Result<(), sqlx::Error> {
    if !is_postgres(conn) {
        return Ok(());
    }
    let q = match row {
        Row::Order(id) => sqlx::query("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE").bind(id),
        Row::Account(id) => sqlx::query("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE").bind(id),
        Row::Shipment(id) => {
            sqlx::query("SELECT 1 FROM shipments WHERE id = $1 FOR UPDATE").bind(id)
        }
        Row::Question(id) => {
            sqlx::query("SELECT 1 FROM questions WHERE id = $1 FOR UPDATE").bind(id)
        }
        Row::Mark(mark) => sqlx::query(
            "INSERT INTO write_marks (mark) VALUES ($1) ON CONFLICT (mark) DO UPDATE SET mark = EXCLUDED.mark",
        )
        .bind(mark),
    };
    q.execute(conn).await?;
    Ok(())
}

/// Forgets the marks (one row per payer, mobile, device and address ever
/// seen). A mark holds nothing between transactions, so the next upsert
/// makes a forgotten one again. The marks a transaction holds now are
/// skipped, not waited for: a plain `DELETE` locks the table's rows in the
/// order it finds them, and a transaction holding one mark while it waits
/// for another the `DELETE` has taken would deadlock with it (PostgreSQL
/// then aborts one of the two, which may be a shopper's order).
pub async fn forget_marks(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let sql = match backend(pool) {
        // One writer at a time: no transaction can hold a mark meanwhile.
        Backend::Sqlite => "DELETE FROM write_marks",
        Backend::Postgres => {
            "DELETE FROM write_marks WHERE mark IN \
             (SELECT mark FROM write_marks FOR UPDATE SKIP LOCKED)"
        }
    };
    Ok(sqlx::query(sql).execute(pool).await?.rows_affected())
}

/// Locks several marks in one statement, in sorted order so that two
/// transactions wanting some of the same marks cannot each hold one the
/// other waits for.
pub async fn lock_marks(conn: &mut sqlx::AnyConnection, marks: &[&str]) -> Result<(), sqlx::Error> {
    if !is_postgres(conn) || marks.is_empty() {
        return Ok(());
    }
    let mut sorted = marks.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let values = (1..=sorted.len())
        .map(|i| format!("(${i})"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO write_marks (mark) VALUES {values} ON CONFLICT (mark) DO UPDATE SET mark = EXCLUDED.mark"
    );
    let mut q = sqlx::query(&sql);
    for m in sorted {
        q = q.bind(m);
    }
    q.execute(conn).await?;
    Ok(())
}

/// `$first, $first+1, …`: `n` placeholders for an `IN (…)` list.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($first, $first+1), ($first+2, $first+3), …`: `n` rows of two for a
/// `(VALUES …) AS t` list, read as `t.column1` and `t.column2` (both
/// databases name a `VALUES` list's columns so).
pub fn pairs(first: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("(${}, ${})", first + 2 * i, first + 1 + 2 * i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `'a', 'b'`: the code's own words (an enum's `as_str`, never a user's
/// text) as SQL text literals, for a status in a statement or an `IN (…)`.
pub fn words<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .map(|w| {
            debug_assert!(w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            format!("'{w}'")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Opens (creating if need be) the database and migrates it, once however
/// many processes start together. On PostgreSQL sqlx's migrator holds an
/// advisory lock; SQLite's migrator takes no lock, so processes on one file
/// take turns through a lock file beside it. (A served shop's starter
/// catalog is startup.rs's.)
pub async fn open(target: &Target) -> Result<AnyPool, Box<dyn std::error::Error>> {
    sqlx::any::install_default_drivers();
    let mut _turn = None;
    let pool = match target {
        Target::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let lock_path = path.with_extension("startup-lock");
            _turn = Some(
                tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
                    let f = std::fs::OpenOptions::new()
                        .create(true)
                        .truncate(false)
                        .write(true)
                        .open(&lock_path)?;
                    f.lock()?;
                    Ok(f)
                })
                .await??,
            );
            let url = format!("sqlite://{}?mode=rwc", path.display());
            let pool = pool_options(8)
                .after_connect(|conn, _| Box::pin(async move { sqlite_settings(conn).await }))
                .connect_with(url.parse::<AnyConnectOptions>()?)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            pool
        }
        Target::Postgres(url) => {
            let pool = pool_options(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            pool
        }
    };
    Ok(pool)
}

/// The SQLite file of `target`, if it is one (tests that read the file itself).
pub fn sqlite_file(target: &Target) -> Option<&Path> {
    match target {
        Target::Sqlite(p) => Some(p),
        Target::Postgres(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_writer_leaves_the_log_to_the_checkpoint_round() {
        let dir = tempfile::tempdir().expect("dir");
        let pool = open(&Target::Sqlite(dir.path().join("shop.db")))
            .await
            .expect("open");
        let mut tx = begin_write(&pool).await.expect("begin");
        let (pages,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(&mut *tx)
            .await
            .expect("setting");
        assert_eq!(pages, i64::from(WRITER_CHECKPOINT_PAGES));
        sqlx::query("CREATE TABLE filler (b BLOB)")
            .execute(&mut *tx)
            .await
            .expect("table");
        // More pages than SQLite's own default would let the writer pile up.
        for _ in 0..300 {
            sqlx::query("INSERT INTO filler VALUES (zeroblob(16384))")
                .execute(&mut *tx)
                .await
                .expect("insert");
        }
        tx.commit().await.expect("commit");
        // Only a checkpoint writes pages into the database file itself.
        let file = dir.path().join("shop.db");
        let size = || std::fs::metadata(&file).expect("file").len();
        let before = size();
        assert!(
            before < 1 << 20,
            "the writer copied nothing itself: {before} B"
        );
        let copied = checkpoint(&pool).await.expect("checkpoint");
        assert!(
            size() > before + 300 * 16384,
            "the round copied it: {} B",
            size()
        );
        assert!(
            copied.log > 0 && copied.checkpointed == copied.log,
            "all of it: {copied:?}"
        );
        // The rounds come quickly while the log grows, slowly while it is still.
        assert_eq!(
            next_checkpoint(LogState::default(), copied),
            CHECKPOINT_BUSY_EVERY
        );
        let again = checkpoint(&pool).await.expect("checkpoint");
        assert_eq!(again, copied, "nothing written since");
        assert_eq!(next_checkpoint(copied, again), CHECKPOINT_IDLE_EVERY);
    }

    #[test]
    fn pairs_number_on_two_by_two() {
        assert_eq!(pairs(2, 2), "($2, $3), ($4, $5)");
        assert_eq!(pairs(3, 1), "($3, $4)");
    }

    #[test]
    fn a_url_is_postgres_and_anything_else_a_sqlite_file() {
        assert_eq!(
            Target::parse("postgres://u@h:5432/shop"),
            Target::Postgres("postgres://u@h:5432/shop".into())
        );
        assert_eq!(
            Target::parse("data/haitao.db"),
            Target::Sqlite("data/haitao.db".into())
        );
        assert_eq!(
            Target::parse("data/haitao.db").key_file(),
            PathBuf::from("data/haitao.key")
        );
        assert_eq!(placeholders(2, 3), "$2, $3, $4");
    }
}
