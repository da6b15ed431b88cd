//! `haitao-server customs receipts DIR`: customs' receipts (customs/
//! receipts.rs reads them) move orders on. Each return is kept once; an
//! order follows the newest return of each message only (a file read late
//! does not undo a later decision). Released: `cleared`. Refused: refunded
//! in full and `customs_refused`, the shopper told why (customs' words on
//! the order page, an SMS). Detained or not sent: listed for the operator.

use std::path::Path;

use haitao_core::api::OrderStatus;

use crate::customs::receipts::{self, Outcome, Receipt};
use crate::infra::clock::Clock;
use crate::orders::refunds::{refund_whole, Whole};
use crate::payments::PaymentProvider;

/// What a run did.
#[derive(Debug, Default)]
pub struct Applied {
    pub files: usize,
    /// Returns seen for the first time.
    pub new: usize,
    pub cleared: Vec<String>,
    pub refused: Vec<String>,
    /// For the operator: the order, the status, customs' words.
    pub attention: Vec<Receipt>,
    /// Returns naming no order of this shop.
    pub unknown: Vec<Receipt>,
    /// Files that are not receipts read here, and why.
    pub unreadable: Vec<(String, String)>,
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Cleared => "cleared",
        Outcome::Refused => "refused",
        Outcome::Attention => "attention",
        Outcome::Progress => "progress",
    }
}

pub async fn apply_dir(
    db: &sqlx::AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    dir: &Path,
) -> Result<Applied, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    let mut done = Applied::default();
    for path in files {
        done.files += 1;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                done.unreadable
                    .push((name, "not UTF-8 (customs' files are)".into()));
                continue;
            }
            Err(e) => {
                done.unreadable.push((name, e.to_string()));
                continue;
            }
        };
        let returns = match receipts::parse(&text) {
            Ok(r) => r,
            Err(e) => {
                done.unreadable.push((name, e.0));
                continue;
            }
        };
        for r in returns {
            apply(db, clock, provider, &name, r, &mut done)
                .await
                .map_err(|e| format!("{name}: {e}"))?;
        }
    }
    Ok(done)
}

async fn apply(
    db: &sqlx::AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    file: &str,
    r: Receipt,
    done: &mut Applied,
) -> Result<(), String> {
    let e = |e: sqlx::Error| e.to_string();
    let exists: Option<(String,)> = sqlx::query_as("SELECT status FROM orders WHERE id = $1")
        .bind(&r.order)
        .fetch_optional(db)
        .await
        .map_err(e)?;
    if exists.is_none() {
        done.unknown.push(r);
        return Ok(());
    }
    let outcome = receipts::outcome(r.message, r.status);
    let key = r.time_key();
    let kept = sqlx::query(
        "INSERT INTO customs_receipts (order_id, message, status, return_time, info, file, outcome, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(&r.order)
    .bind(r.message.as_str())
    .bind(r.status)
    .bind(&key)
    .bind(&r.info)
    .bind(file)
    .bind(outcome_word(outcome))
    .bind(clock.stamp())
    .execute(db)
    .await
    .map_err(e)?
    .rows_affected();
    if kept == 0 {
        return Ok(());
    }
    done.new += 1;
    // A later return of this message was read already: it decided.
    let (later,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM customs_receipts WHERE order_id = $1 AND message = $2 AND return_time > $3",
    )
    .bind(&r.order)
    .bind(r.message.as_str())
    .bind(&key)
    .fetch_one(db)
    .await
    .map_err(e)?;
    if later > 0 {
        return Ok(());
    }
    match outcome {
        Outcome::Cleared => {
            let now = clock.stamp();
            // Released: `cleared` unless it has moved further (shipped); the
            // time is kept either way, for the timeline.
            sqlx::query(&format!(
                "UPDATE orders SET cleared_at = COALESCE(cleared_at, $1),
                        status = CASE WHEN status IN ({before}) THEN $2 ELSE status END,
                        status_at = CASE WHEN status IN ({before}) THEN $1 ELSE status_at END
                  WHERE id = $3",
                before = crate::infra::db::words(
                    [OrderStatus::Paid, OrderStatus::CustomsDeclared].map(OrderStatus::as_str)
                )
            ))
            .bind(&now)
            .bind(OrderStatus::Cleared.as_str())
            .bind(&r.order)
            .execute(db)
            .await
            .map_err(e)?;
            tracing::info!(order = %r.order, status = r.status, "customs released the order");
            done.cleared.push(r.order);
        }
        Outcome::Refused => {
            match refund_whole(db, clock, provider, &r.order, Whole::Customs(&r.info)).await {
                Ok(refund) => {
                    tracing::warn!(order = %r.order, status = r.status, refund, info = %r.info, "customs refused the order: refunded");
                    done.refused.push(r.order);
                }
                // Refunded or refused already (another return said so first).
                Err(crate::orders::refunds::RefundError::NotPaid(..)) => {}
                Err(err) => return Err(err.to_string()),
            }
        }
        Outcome::Attention => {
            tracing::warn!(order = %r.order, status = r.status, info = %r.info, "customs receipt needs the operator");
            done.attention.push(r);
        }
        Outcome::Progress => {}
    }
    Ok(())
}
