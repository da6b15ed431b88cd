//! Refunds. Each is recorded in the transaction that decides it ("requested"),
//! then sent through the provider outside any transaction (a provider's API
//! may be slow). One still requested after a crash or a provider outage is
//! sent again later (`settle`): providers treat the refund number as
//! idempotent, so that refunds once. A provider that takes its time
//! (WeChat Pay: PROCESSING) leaves it "processing" until its notification or
//! a query says how it ended: "done", or "failed" for the operator to see
//! and send again (`haitao-server refunds`). A request the provider refuses
//! outright is "failed" too, marked `refused`: sent again, it keeps its
//! number. One refused for a while (WeChat Pay's NOT_ENOUGH, a rate limit,
//! an outage) stays "requested", with the provider's word for the operator,
//! and is sent again no sooner than `RESEND_AFTER`.

use haitao_core::api::{CancelReason, OrderStatus, PaymentMethod, RefundReason};
use haitao_core::Money;
use sqlx::{AnyConnection, AnyPool};

use crate::catalog::stock::CatalogWrite;
use crate::infra::clock::Clock;
use crate::infra::error::ApiResult;
use crate::payments::{PaymentProvider, RefundRequest, RefundState};

/// Records that `amount` of payment `payment_id` is to be given back: all
/// of it, or a part (after-sales), never more in all than was paid. The
/// payment's running total moves in the same statement that checks it, so
/// two refunds at once cannot both pass (`refund_exceeds_payment`, 409).
pub async fn record(
    conn: &mut AnyConnection,
    payment_id: &str,
    order_id: &str,
    amount: Money,
    currency: &str,
    reason: RefundReason,
    now: &str,
) -> ApiResult<String> {
    let room = sqlx::query(
        "UPDATE payments SET refunded_fen = refunded_fen + $1
          WHERE id = $2 AND refunded_fen + $1 <= amount_fen",
    )
    .bind(amount.amount)
    .bind(payment_id)
    .execute(&mut *conn)
    .await?;
    if amount.amount <= 0 || room.rows_affected() == 0 {
        return Err(crate::infra::error::ApiError::new(
            axum::http::StatusCode::CONFLICT,
            haitao_core::ErrorCode::RefundExceedsPayment,
            "more than is left of the payment to give back",
        ));
    }
    let id = format!(
        "RF{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16].to_uppercase()
    );
    sqlx::query(
        "INSERT INTO refunds (id, payment_id, order_id, amount_fen, currency, reason, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7)",
    )
    .bind(&id)
    .bind(payment_id)
    .bind(order_id)
    .bind(amount.amount)
    .bind(currency)
    .bind(reason.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::info!(order = %order_id, payment = %payment_id, refund = %id, reason = reason.as_str(), amount_fen = amount.amount, "refund recorded");
    Ok(id)
}

/// The provider's refund number: the refund's id, then the id with the
/// attempt for each time the operator sends a failed refund again (a
/// provider answers a number it has seen with that refund's old end).
pub fn provider_number(id: &str, attempt: i64) -> String {
    if attempt == 0 {
        id.to_owned()
    } else {
        format!("{id}-{attempt}")
    }
}

/// The refund a provider's number names (its id, the attempt dropped).
fn refund_of(number: &str) -> &str {
    number.split_once('-').map_or(number, |(id, _)| id)
}

/// The least time between two requests for one refund. WeChat Pay: "同一笔订单
/// 多次退款的请求需相隔 1 分钟" (申请退款, notes).
const RESEND_AFTER: i64 = 60;

/// A refund to send or to follow, with its payment's method.
#[derive(sqlx::FromRow)]
struct Open {
    id: String,
    payment_id: String,
    method: String,
    amount_fen: i64,
    /// The payment's whole amount.
    paid_fen: i64,
    attempt: i64,
    scene: Option<String>,
    status: String,
}

/// Records where refund `id` stands; false when it was not open any more.
async fn mark(
    pool: &AnyPool,
    clock: &Clock,
    id: &str,
    reference: Option<&str>,
    state: &RefundState,
) -> Result<bool, sqlx::Error> {
    let (status, failure, refused) = match state {
        RefundState::Done => ("done", None, 0),
        RefundState::Processing => ("processing", None, 0),
        RefundState::Failed(why) => ("failed", Some(why.as_str()), 0),
        RefundState::Refused(why) => ("failed", Some(why.as_str()), 1),
    };
    let done_at = (status != "processing").then(|| clock.stamp());
    let changed = sqlx::query(
        "UPDATE refunds SET status = $1, provider_ref = COALESCE($2, provider_ref), done_at = $3, failure = $4, refused = $5
          WHERE id = $6 AND status IN ('requested', 'processing')",
    )
    .bind(status)
    .bind(reference)
    .bind(done_at)
    .bind(failure)
    .bind(refused)
    .bind(id)
    .execute(pool)
    .await?;
    if let RefundState::Failed(why) | RefundState::Refused(why) = state {
        // The shopper's money did not come back: the operator must act
        // (`haitao-server refunds`, docs/PAYMENTS.md).
        tracing::error!(refund = %id, provider = %why, "refund failed at the provider");
    }
    Ok(changed.rows_affected() > 0)
}

/// Who sends refunds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// The background round of the one process that runs jobs: every refund.
    Background,
    /// Right after a refund was decided (any process, or the operator's
    /// command): only sending what is requested, and only to providers that
    /// take refunds at any pace; the rest, and following refunds the
    /// provider is processing, are the background round's (a payment's
    /// notification must not wait on queries about other refunds).
    Now,
}

/// Sends every requested refund through the provider, and asks after those
/// the provider is still processing; how many ended done. A failure to reach
/// the provider is logged and left for the next call.
pub async fn settle(
    pool: &AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    round: Round,
) -> usize {
    let statuses = match round {
        Round::Background => "r.status = 'processing' OR ",
        Round::Now => "",
    };
    let sql = format!(
        "SELECT r.id, r.payment_id, p.method, r.amount_fen, p.amount_fen AS paid_fen, r.attempt, p.scene, r.status
           FROM refunds r JOIN payments p ON p.id = r.payment_id
          WHERE {statuses}(r.status = 'requested' AND (r.tried_at IS NULL OR r.tried_at <= $1)
                 -- A minute between two refunds of one payment (WeChat Pay's rule).
                 AND NOT EXISTS (SELECT 1 FROM refunds o WHERE o.payment_id = r.payment_id
                                  AND o.id <> r.id AND o.tried_at > $1))
          ORDER BY r.created_at LIMIT 100"
    );
    let open: Vec<Open> = match sqlx::query_as(&sql)
        .bind(clock.stamp_in(-RESEND_AFTER))
        .fetch_all(pool)
        .await
    {
        Ok(rows) => rows,
        Err(err) => {
            tracing::warn!("refunds to send: {err}");
            return 0;
        }
    };
    let mut done = 0;
    // One refund of a payment per round: the next waits its minute.
    let mut sent_for: Vec<String> = Vec::new();
    for r in open {
        let Some(method) = PaymentMethod::parse(&r.method) else {
            continue;
        };
        if r.status == "requested" {
            if sent_for.contains(&r.payment_id) {
                continue;
            }
            sent_for.push(r.payment_id.clone());
        }
        if round == Round::Now && provider.refund_spacing(method).is_some() {
            continue;
        }
        let number = provider_number(&r.id, r.attempt);
        let req = RefundRequest {
            refund_id: &number,
            payment_id: &r.payment_id,
            method,
            amount: Money::cny(r.amount_fen),
            total: Money::cny(r.paid_fen),
            scene: r.scene.as_deref().and_then(crate::payments::Scene::parse),
        };
        let answer = if r.status == "requested" {
            if let Err(err) = tried(pool, clock, &r.id, None).await {
                tracing::warn!(refund = %r.id, "refund not sent: {err}");
                continue;
            }
            provider
                .refund(&req)
                .await
                .map(|sent| (Some(sent.reference), sent.state))
        } else {
            provider.refund_state(&req).await.map(|state| (None, state))
        };
        match answer {
            Ok((reference, state)) => {
                match mark(pool, clock, &r.id, reference.as_deref(), &state).await {
                    Ok(true) if state == RefundState::Done => done += 1,
                    Ok(_) => {}
                    Err(err) => tracing::warn!(refund = %r.id, "refund sent, not marked: {err}"),
                }
            }
            Err(err) => {
                tracing::warn!(refund = %r.id, "refund not sent or not followed yet: {err}");
                if r.status == "requested" {
                    // The provider's word, for the operator's list while it waits.
                    let _ = tried(pool, clock, &r.id, Some(&err.0)).await;
                }
            }
        }
    }
    done
}

/// Records that requested refund `id` is being sent now, and why it was not
/// taken when the provider said (`why`).
async fn tried(
    pool: &AnyPool,
    clock: &Clock,
    id: &str,
    why: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE refunds SET tried_at = $1, failure = COALESCE($2, failure)
          WHERE id = $3 AND status = 'requested'",
    )
    .bind(clock.stamp())
    .bind(why)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ())
}

/// A provider's word that the refund it numbers `number` ended (its
/// notification): recorded once; a word on a refund already ended changes nothing.
pub async fn ended(
    pool: &AnyPool,
    clock: &Clock,
    number: &str,
    state: &RefundState,
) -> ApiResult<()> {
    let id = refund_of(number);
    let known: Option<(i64,)> = sqlx::query_as("SELECT attempt FROM refunds WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    match known {
        // The end of an earlier attempt, sent again: not this attempt's.
        Some((attempt,)) if provider_number(id, attempt) == number => {
            mark(pool, clock, id, None, state).await?;
            Ok(())
        }
        Some(_) => Ok(()),
        None => Err(crate::infra::error::ApiError::not_found("refund")),
    }
}

/// A refund that is not done, as the operator reads it.
#[derive(sqlx::FromRow)]
pub struct Unfinished {
    pub id: String,
    pub order_id: String,
    pub amount_fen: i64,
    pub status: String,
    pub failure: Option<String>,
    pub created_at: String,
    pub attempt: i64,
    /// The provider refused to take it (it keeps its number when sent again).
    pub refused: i64,
}

/// Refunds not done: failed ones first (the operator's to act on), then
/// those still on their way.
pub async fn unfinished(pool: &AnyPool) -> Result<Vec<Unfinished>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, order_id, amount_fen, status, failure, created_at, attempt, refused FROM refunds
          WHERE status != 'done'
          ORDER BY CASE status WHEN 'failed' THEN 0 ELSE 1 END, created_at",
    )
    .fetch_all(pool)
    .await
}

/// What the operator's "send again" did.
#[derive(Debug, PartialEq, Eq)]
pub enum Retry {
    /// Requested again: the next round of `settle` sends it.
    Requested,
    /// The refund had not failed.
    NotFailed,
    /// WeChat Pay holds it ABNORMAL (the card behind the payment refused the
    /// money): it is settled in WeChat Pay's merchant platform (交易中心, the
    /// refund's "手动处理": to the shopper's balance or back to the merchant),
    /// not by a new refund, which could pay the shopper twice. Then the
    /// operator records it (`handled`).
    HeldAbnormal,
}

/// Where a refund stands, as `retry` reads it.
#[derive(sqlx::FromRow)]
struct StandingRow {
    status: String,
    refused: i64,
    failure: Option<String>,
}

/// The operator sends a failed refund again (after fixing what the provider
/// said, e.g. in WeChat Pay's merchant platform), sent by the next round of
/// `settle`: one the provider refused keeps its number (it was never taken);
/// one that ended at the provider (CLOSED) gets a new one (the old number
/// would be answered with its old end).
pub async fn retry(pool: &AnyPool, id: &str) -> Result<Retry, sqlx::Error> {
    let row: Option<StandingRow> =
        sqlx::query_as("SELECT status, refused, failure FROM refunds WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let Some(row) = row else {
        return Ok(Retry::NotFailed);
    };
    if row.status != "failed" {
        return Ok(Retry::NotFailed);
    }
    if row.refused == 0 && row.failure.as_deref() == Some("ABNORMAL") {
        return Ok(Retry::HeldAbnormal);
    }
    let changed = sqlx::query(
        "UPDATE refunds SET status = 'requested', attempt = attempt + (1 - refused), refused = 0,
                failure = NULL, done_at = NULL, tried_at = NULL
          WHERE id = $1 AND status = 'failed'",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(if changed.rows_affected() > 0 {
        Retry::Requested
    } else {
        Retry::NotFailed
    })
}

/// The operator records that a failed refund was settled at the provider by
/// hand (an ABNORMAL WeChat Pay refund, see `Retry::HeldAbnormal`): done,
/// its provider's word kept. False when it had not failed.
pub async fn handled(pool: &AnyPool, clock: &Clock, id: &str) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE refunds SET status = 'done', done_at = $1,
                failure = 'handled at the provider by the operator: ' || COALESCE(failure, '')
          WHERE id = $2 AND status = 'failed'",
    )
    .bind(clock.stamp())
    .bind(id)
    .execute(pool)
    .await?;
    Ok(changed.rows_affected() > 0)
}

#[derive(Debug, thiserror::Error)]
pub enum RefundError {
    #[error("no order {0}")]
    NoOrder(String),
    #[error("order {0} is {1}: only a paid order can be refunded")]
    NotPaid(String, String),
    #[error("{0}")]
    Db(String),
}

impl From<crate::infra::error::ApiError> for RefundError {
    fn from(e: crate::infra::error::ApiError) -> Self {
        RefundError::Db(e.message)
    }
}

impl From<sqlx::Error> for RefundError {
    fn from(e: sqlx::Error) -> Self {
        RefundError::Db(e.to_string())
    }
}

/// The payment that paid an order.
#[derive(sqlx::FromRow)]
struct PaidRow {
    id: String,
    amount_fen: i64,
    currency: String,
    /// Given back already, in part refunds (after-sales).
    refunded_fen: i64,
}

/// The order, as a whole refund reads it.
#[derive(sqlx::FromRow)]
struct WholeRow {
    status: String,
    shipped_at: Option<String>,
    address_json: String,
}

/// Why a paid order is refunded in full.
#[derive(Clone, Copy, Debug)]
pub enum Whole<'a> {
    /// The shop refunds it (`haitao-server refund ORDER`): cancelled.
    Operator,
    /// Customs refused the goods, in its words: `customs_refused`, and the
    /// buyer told at the delivery mobile.
    Customs(&'a str),
    /// The shopper cancelled it before any parcel left: cancelled, and its
    /// declaration withdrawn if it was declared (`customs export`).
    Shopper,
    /// A pre-sale the seller cannot fill, before any parcel left: cancelled
    /// as the shopper's cancellation is, its units not put back on sale (there
    /// are none to sell), and the buyer told at the delivery mobile.
    PresaleUnfilled,
}

/// The shop refunds a paid order in full (`haitao-server refund ORDER`): the
/// order is cancelled, its sales taken back and, unless it has shipped, its
/// stock put back on sale. Returns the refund's id.
pub async fn refund_order(
    pool: &AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    order_id: &str,
) -> Result<String, RefundError> {
    refund_whole(pool, clock, provider, order_id, Whole::Operator).await
}

/// A paid order refunded in full for `why`: what did not leave goes back
/// on sale, the sales are taken back, the money goes back through the
/// provider that took it.
pub async fn refund_whole(
    pool: &AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    order_id: &str,
    why: Whole<'_>,
) -> Result<String, RefundError> {
    let now = clock.stamp();
    let mut tx = CatalogWrite::begin(pool).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Order(order_id)).await?;
    let row: Option<WholeRow> =
        sqlx::query_as("SELECT status, shipped_at, address_json FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(&mut *tx)
            .await?;
    let WholeRow {
        status,
        shipped_at,
        address_json: address,
    } = row.ok_or_else(|| RefundError::NoOrder(order_id.to_owned()))?;
    let refundable = match why {
        Whole::Operator => {
            OrderStatus::parse(&status).is_some_and(|s| OrderStatus::PAID.contains(&s))
        }
        // Customs decides before the goods reach the shopper.
        Whole::Customs(_) => OrderStatus::parse(&status).is_some_and(|s| {
            OrderStatus::PAID.contains(&s)
                && !matches!(s, OrderStatus::Delivered | OrderStatus::Completed)
        }),
        Whole::Shopper | Whole::PresaleUnfilled => {
            let (left,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM parcels pa JOIN shipments s ON s.id = pa.shipment_id WHERE s.order_id = $1",
            )
            .bind(order_id)
            .fetch_one(&mut *tx)
            .await?;
            left == 0
                && OrderStatus::parse(&status)
                    .is_some_and(|s| OrderStatus::BEFORE_SHIPPING.contains(&s))
        }
    };
    if !refundable {
        return Err(RefundError::NotPaid(order_id.to_owned(), status));
    }
    let payment: PaidRow = sqlx::query_as(
        "SELECT id, amount_fen, currency, refunded_fen FROM payments WHERE order_id = $1 AND status = 'succeeded'",
    )
    .bind(order_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE payments SET status = 'refunded', finished_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(&payment.id)
        .execute(&mut *tx)
        .await?;
    let reason = match why {
        Whole::Operator => {
            sqlx::query(
                "UPDATE orders SET status = $4, cancel_reason = $1, status_at = $2 WHERE id = $3",
            )
            .bind(CancelReason::Refunded.as_str())
            .bind(&now)
            .bind(order_id)
            .bind(OrderStatus::Cancelled.as_str())
            .execute(&mut *tx)
            .await?;
            RefundReason::Operator
        }
        Whole::Customs(info) => {
            sqlx::query(
                "UPDATE orders SET status = $1, customs_note = $2, status_at = $3 WHERE id = $4",
            )
            .bind(OrderStatus::CustomsRefused.as_str())
            .bind(info)
            .bind(&now)
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
            RefundReason::CustomsRefused
        }
        // Cancelled before it left: a declaration made is withdrawn.
        Whole::Shopper | Whole::PresaleUnfilled => {
            let (cancel, refund) = match why {
                Whole::PresaleUnfilled => {
                    (CancelReason::PresaleUnfilled, RefundReason::PresaleUnfilled)
                }
                _ => (CancelReason::Shopper, RefundReason::CancelledBeforeShipping),
            };
            sqlx::query(
                "UPDATE orders SET status = $1, cancel_reason = $2, status_at = $3,
                        withdraw_declaration = CASE WHEN declared_at IS NULL THEN 0 ELSE 1 END
                  WHERE id = $4",
            )
            .bind(OrderStatus::Cancelled.as_str())
            .bind(cancel.as_str())
            .bind(&now)
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
            refund
        }
    };
    // What the shop decided is told at the delivery mobile (the shopper knows
    // what they did).
    let notice = match why {
        Whole::Customs(_) => Some(crate::sms::Notice::CustomsRefused),
        Whole::PresaleUnfilled => Some(crate::sms::Notice::PresaleUnfilled),
        Whole::Operator | Whole::Shopper => None,
    };
    if let (Some(notice), Ok(a)) = (
        notice,
        serde_json::from_str::<haitao_core::api::Address>(&address),
    ) {
        crate::sms::notices::enqueue_phone(tx.tx(), clock, &a.mobile, notice).await?;
    }
    if matches!(why, Whole::PresaleUnfilled) {
        // Nothing of it will come: only the sales are taken back.
        tx.sell(order_id, -1).await?;
    } else if shipped_at.is_some() {
        // The goods left: only the sales are taken back.
        tx.sell(order_id, -1).await?;
    } else {
        tx.restock(order_id, true).await?;
    }
    // What was given back already (part of the order) is not given again.
    let left = payment.amount_fen - payment.refunded_fen;
    let id = record(
        &mut tx,
        &payment.id,
        order_id,
        Money::cny(left),
        &payment.currency,
        reason,
        &now,
    )
    .await?;
    // The operator's command: the serving processes' listings follow.
    tx.commit_elsewhere().await?;
    settle(pool, clock, provider, Round::Now).await;
    Ok(id)
}
