//! Statements written once and run together: on SQLite in one call to the
//! connection's thread, on PostgreSQL one after another.
//!
//! Why: sqlx runs each SQLite connection on a thread of its own, and every
//! statement is a hand-over to that thread and back. Inside SQLite's single
//! writing transaction every other writer waits through each hand-over, so
//! an order's turn was mostly hand-overs (docs/research/flash-sale.md).
//! SQLite takes several statements in one call; PostgreSQL's extended
//! protocol takes one at a time, so there they stay apart.

use std::borrow::Cow;

use futures::stream::BoxStream;
use futures::TryStreamExt;
use sqlx::any::{AnyArguments, AnyQueryResult, AnyRow};
use sqlx::{Any, AnyConnection, Arguments, Either, Executor};

/// A value bound to a statement of a batch.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    Text(Option<Cow<'a, str>>),
    Int(Option<i64>),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(Some(Cow::Borrowed(v)))
    }
}

impl From<String> for Value<'_> {
    fn from(v: String) -> Self {
        Value::Text(Some(Cow::Owned(v)))
    }
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(v: Option<&'a str>) -> Self {
        Value::Text(v.map(Cow::Borrowed))
    }
}

impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}

impl From<Option<i64>> for Value<'_> {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}

/// What one statement of a batch did.
#[derive(Default)]
pub struct Outcome {
    pub rows: Vec<AnyRow>,
    pub affected: u64,
}

/// Where a batch stopped: the statement that failed (its place in the
/// batch; `None` for the opening or closing one), why, and what the
/// statements before it did.
pub struct Stopped {
    pub at: Option<usize>,
    pub error: sqlx::Error,
    pub done: Vec<Outcome>,
}

impl Stopped {
    /// Whether the statement failed on a constraint of this kind.
    pub fn refused(&self, kind: sqlx::error::ErrorKind) -> bool {
        matches!(&self.error, sqlx::Error::Database(e) if e.kind() == kind)
    }
}

/// Statements, each with its own `$1…` placeholders and values.
#[derive(Default)]
pub struct Batch<'a> {
    statements: Vec<(String, Vec<Value<'a>>)>,
}

impl<'a> Batch<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, sql: impl Into<String>, values: Vec<Value<'a>>) {
        self.statements.push((sql.into(), values));
    }

    pub fn len(&self) -> usize {
        self.statements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// Runs the statements in order on `conn` (in the caller's transaction),
    /// with `opening` before them and `closing` after them (statements
    /// without values: a transaction's `BEGIN` and `COMMIT`), on SQLite all
    /// in the same call: what each of the batch's own did, in the same
    /// order. The first that fails stops the rest, on both databases, and
    /// says where it stopped.
    pub async fn run_between(
        mut self,
        conn: &mut AnyConnection,
        opening: Option<&str>,
        closing: Option<&str>,
    ) -> Result<Vec<Outcome>, Stopped> {
        let own = self.statements.len();
        let first = usize::from(opening.is_some());
        if let Some(sql) = opening {
            self.statements.insert(0, (sql.to_owned(), Vec::new()));
        }
        if let Some(sql) = closing {
            self.statements.push((sql.to_owned(), Vec::new()));
        }
        let mut outcomes = Vec::with_capacity(self.statements.len());
        let result = if crate::infra::db::is_postgres(conn) {
            let mut result = Ok(());
            for (sql, values) in &self.statements {
                result = match query(sql, values) {
                    Ok(q) => each_statement(conn.fetch_many(q), &mut outcomes).await,
                    Err(e) => Err(e),
                };
                if result.is_err() {
                    break;
                }
            }
            result
        } else {
            let (sql, values) = self.joined();
            match query(&sql, &values) {
                Ok(q) => each_statement(conn.fetch_many(q), &mut outcomes).await,
                Err(e) => Err(e),
            }
        };
        let ran = outcomes.len();
        let mut done: Vec<Outcome> = outcomes.into_iter().skip(first).take(own).collect();
        match result {
            Ok(()) if ran == self.statements.len() => Ok(done),
            Ok(()) => Err(Stopped {
                at: None,
                error: sqlx::Error::Protocol(format!(
                    "{ran} of {} statements answered",
                    self.statements.len()
                )),
                done: std::mem::take(&mut done),
            }),
            Err(error) => Err(Stopped {
                at: ran.checked_sub(first).filter(|&i| i < own),
                error,
                done,
            }),
        }
    }

    /// One text of all the statements, their placeholders numbered on across
    /// them, and all their values in that order.
    fn joined(&self) -> (String, Vec<Value<'a>>) {
        let mut sql = String::new();
        let mut values = Vec::new();
        for (text, own) in &self.statements {
            sql.push_str(&renumber(text, values.len()));
            sql.push_str(";\n");
            values.extend_from_slice(own);
        }
        (sql, values)
    }
}

/// `text` with each placeholder `$n` made `$(n + offset)`. The batches'
/// statements are the code's own: a `$` is only ever a placeholder.
fn renumber(text: &str, offset: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut n = String::new();
        while let Some(&(_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
            n.push(d);
            chars.next();
        }
        match n.parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&n),
        }
    }
    out
}

fn query<'q>(
    sql: &'q str,
    values: &'q [Value<'_>],
) -> Result<sqlx::query::Query<'q, Any, AnyArguments<'q>>, sqlx::Error> {
    let mut args = AnyArguments::default();
    for v in values {
        match v {
            Value::Text(t) => args.add(t.as_deref()),
            Value::Int(i) => args.add(*i),
        }
        .map_err(sqlx::Error::Encode)?;
    }
    Ok(sqlx::query_with(sql, args))
}

/// Each statement's rows, then its count: both databases end every statement
/// with its count, rows or not.
async fn each_statement(
    mut results: BoxStream<'_, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>,
    outcomes: &mut Vec<Outcome>,
) -> Result<(), sqlx::Error> {
    let mut current = Outcome::default();
    while let Some(step) = results.try_next().await? {
        match step {
            Either::Right(row) => current.rows.push(row),
            Either::Left(done) => {
                current.affected = done.rows_affected();
                outcomes.push(std::mem::take(&mut current));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_on_across_statements() {
        assert_eq!(renumber("SELECT $1, $2", 0), "SELECT $1, $2");
        assert_eq!(
            renumber("INSERT INTO t VALUES ($1, $12) WHERE a = $2", 21),
            "INSERT INTO t VALUES ($22, $33) WHERE a = $23"
        );
        assert_eq!(renumber("no placeholders", 5), "no placeholders");
    }

    #[tokio::test]
    async fn a_batch_tells_each_statement_apart_and_stops_at_the_first_failure() {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut conn = AnyConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)")
            .await
            .unwrap();
        let mut b = Batch::new();
        b.push(
            "INSERT INTO t (k, n) VALUES ($1, $2), ($3, $2)",
            vec!["a".into(), 1i64.into(), "b".into()],
        );
        b.push(
            "UPDATE t SET n = n + $1 WHERE k = $2 RETURNING n",
            vec![5i64.into(), "a".into()],
        );
        b.push(
            "UPDATE t SET n = n + $1 WHERE k = $2 RETURNING n",
            vec![5i64.into(), "none".into()],
        );
        b.push("DELETE FROM t WHERE k = $1", vec![Value::Text(None)]);
        let Ok(out) = b.run_between(&mut conn, None, None).await else {
            panic!("the batch failed");
        };
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].affected, 2);
        assert_eq!(out[1].rows.len(), 1);
        assert_eq!(sqlx::Row::get::<i64, _>(&out[1].rows[0], 0), 6);
        assert!(out[2].rows.is_empty());
        assert_eq!(out[3].affected, 0);

        let mut b = Batch::new();
        b.push(
            "INSERT INTO t (k, n) VALUES ($1, $2)",
            vec!["c".into(), 1i64.into()],
        );
        b.push(
            "INSERT INTO t (k, n) VALUES ($1, $2)",
            vec!["a".into(), 1i64.into()],
        );
        b.push(
            "INSERT INTO t (k, n) VALUES ($1, $2)",
            vec!["d".into(), 1i64.into()],
        );
        assert!(b.run_between(&mut conn, None, None).await.is_err());
        let (d,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t WHERE k = 'd'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(d, 0, "nothing after the failed statement ran");
    }
}
