//! The outbox of SMS notices. Whatever decides to tell a shopper something
//! (an answer given, a season opened) writes a notice in the same
//! transaction as its own change; the serving process's leader sends what is
//! due (jobs.rs), and a notice the sender refused is tried again later. A
//! crash between sending and recording it sends that one notice twice: a
//! repeated "your question was answered" is better than a lost one.

use sqlx::{AnyConnection, AnyPool};

use super::{Notice, SmsSender};
use crate::infra::clock::Clock;

/// Tries before a notice is given up (the log says so).
const MAX_TRIES: i64 = 8;
/// At most this many notices per round.
const BATCH: i64 = 50;

/// Queues `kind` for `account`, due now.
pub async fn enqueue(
    tx: &mut AnyConnection,
    clock: &Clock,
    account: i64,
    kind: Notice,
) -> Result<(), sqlx::Error> {
    queue(tx, clock, Some(account), None, kind).await
}

/// Queues `kind` for `phone` (a delivery mobile, which may have no
/// account), due now.
pub async fn enqueue_phone(
    tx: &mut AnyConnection,
    clock: &Clock,
    phone: &str,
    kind: Notice,
) -> Result<(), sqlx::Error> {
    queue(tx, clock, None, Some(phone), kind).await
}

/// A notice for an account or a phone (the table holds one or the other).
async fn queue(
    tx: &mut AnyConnection,
    clock: &Clock,
    account: Option<i64>,
    phone: Option<&str>,
    kind: Notice,
) -> Result<(), sqlx::Error> {
    let now = clock.stamp();
    sqlx::query(
        "INSERT INTO notices (account_id, phone, kind, created_at, next_try_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account)
    .bind(phone)
    .bind(kind.as_str())
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Seconds before try `tries + 1`: a minute, doubling, at most six hours.
pub fn backoff(tries: i64) -> i64 {
    (60i64 << tries.clamp(0, 10)).min(6 * 3600)
}

/// A notice due, with the phone it goes to.
#[derive(sqlx::FromRow)]
struct DueRow {
    id: i64,
    kind: String,
    phone: String,
    tries: i64,
}

/// Sends the notices that are due; how many went out.
pub async fn send_due(
    db: &AnyPool,
    clock: &Clock,
    sms: &dyn SmsSender,
) -> Result<usize, sqlx::Error> {
    let now = clock.stamp();
    let due: Vec<DueRow> = sqlx::query_as(
        "SELECT n.id, n.kind, COALESCE(n.phone, a.phone) AS phone, n.tries
           FROM notices n LEFT JOIN accounts a ON a.id = n.account_id
          WHERE n.sent_at IS NULL AND n.next_try_at <= $1 AND n.tries < $2
          ORDER BY n.next_try_at, n.id LIMIT $3",
    )
    .bind(&now)
    .bind(MAX_TRIES)
    .bind(BATCH)
    .fetch_all(db)
    .await?;
    let mut sent = 0;
    for n in due {
        let Some(kind) = Notice::parse(&n.kind) else {
            continue;
        };
        match sms.send_notice(&n.phone, kind).await {
            Ok(()) => {
                sqlx::query("UPDATE notices SET sent_at = $2 WHERE id = $1")
                    .bind(n.id)
                    .bind(clock.stamp())
                    .execute(db)
                    .await?;
                sent += 1;
            }
            Err(err) => {
                let tries = n.tries + 1;
                // The phone stays out of the log; the notice's number finds it.
                if tries >= MAX_TRIES {
                    tracing::error!(
                        notice = n.id,
                        kind = kind.as_str(),
                        "SMS notice given up after {tries} tries: {err}"
                    );
                } else {
                    tracing::warn!(
                        notice = n.id,
                        kind = kind.as_str(),
                        "SMS notice not sent, will try again: {err}"
                    );
                }
                sqlx::query("UPDATE notices SET tries = $2, next_try_at = $3 WHERE id = $1")
                    .bind(n.id)
                    .bind(tries)
                    .bind(clock.stamp_in(backoff(tries)))
                    .execute(db)
                    .await?;
            }
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_back_off_to_a_ceiling() {
        assert_eq!(backoff(0), 60);
        assert_eq!(backoff(1), 120);
        assert_eq!(backoff(5), 1920);
        assert_eq!(backoff(9), 6 * 3600);
        assert_eq!(backoff(60), 6 * 3600);
    }
}
