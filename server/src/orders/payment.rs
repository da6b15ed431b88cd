//! What a payment does to an order: starting one (the provider chosen, the
//! payer's yearly allowance reserved), and applying what the provider says.
//! Money that moved is never lost and never counted twice: a success pays the
//! order if it is still unpaid and within the payer's yearly allowance, and
//! is refunded otherwise (already paid by another attempt, expired,
//! cancelled, over the allowance).

use axum::http::StatusCode;
use haitao_core::api::{
    CancelReason, OrderStatus, PaymentMethod, PaymentOptions, PaymentStart, RefundReason,
};
use haitao_core::{ErrorCode, Money};

use super::{close, refunds};
use crate::catalog::stock::CatalogWrite;
use crate::customs::quota;
use crate::infra::error::{ApiError, ApiResult};
use crate::payments::{Notification, NotifyAnswer, Outcome, PaymentRequest, Scene, CURRENCY};
use crate::state::AppState;

pub fn options(st: &AppState) -> PaymentOptions {
    PaymentOptions {
        sandbox: st.payments.is_sandbox(),
        methods: st.payments.methods(),
    }
}

fn not_payable(reason: Option<&str>) -> ApiError {
    if reason == Some(CancelReason::Expired.as_str()) {
        ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::OrderExpired,
            "the order was not paid in time and is cancelled",
        )
    } else {
        ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::OrderNotPayable,
            "the order is not awaiting payment",
        )
    }
}

#[derive(sqlx::FromRow)]
struct Payable {
    status: String,
    pay_by: Option<String>,
    total_fen: i64,
    id_hash: String,
    cancel_reason: Option<String>,
    account_id: Option<i64>,
}

/// The payment an Idempotency-Key made before, with its order's deadline.
#[derive(sqlx::FromRow)]
struct EarlierPayment {
    id: String,
    order_id: String,
    method: String,
    amount_fen: i64,
    pay_by: Option<String>,
}

/// Starts (or, for the same key, returns again) a payment of an unpaid order.
/// Checking the allowance and reserving it happen in one write transaction.
pub async fn start(
    st: &AppState,
    order_id: &str,
    key: &str,
    method: PaymentMethod,
    from: (Scene, std::net::IpAddr),
) -> ApiResult<PaymentStart> {
    if !st.payments.methods().contains(&method) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BadRequest,
            "this payment method is not offered by the shop",
        )
        .field("method"));
    }
    let (scene, client_ip) = from;
    let now = st.clock.stamp();
    let mut tx = CatalogWrite::begin(&st.db).await?;
    // Everything that decides an order's payments (this start, a provider's
    // word, a cancellation, the expiry) holds the order's row: lock order is
    // the order, then its payer's allowance.
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Order(order_id)).await?;
    let earlier: Option<EarlierPayment> = sqlx::query_as(
        "SELECT p.id, p.order_id, p.method, p.amount_fen, o.pay_by
           FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.idempotency_key = $1",
    )
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(EarlierPayment {
        id: payment_id,
        order_id: for_order,
        method: m,
        amount_fen: fen,
        pay_by,
    }) = earlier
    {
        if for_order != order_id || m != method.as_str() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key belongs to another payment",
            )
            .field("Idempotency-Key"));
        }
        tx.commit(&st.db, st.listing()).await?;
        let redirect_url = st
            .payments
            .start(&PaymentRequest {
                payment_id: &payment_id,
                order_id,
                amount: Money::cny(fen),
                method,
                scene,
                client_ip,
                pay_by: pay_by.as_deref(),
            })
            .await?;
        return Ok(PaymentStart {
            payment_id,
            redirect_url,
        });
    }
    let o: Payable = sqlx::query_as(
        "SELECT status, pay_by, total_fen, id_hash, cancel_reason, account_id FROM orders WHERE id = $1",
    )
    .bind(order_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("order"))?;
    if o.status == OrderStatus::AwaitingPayment.as_str()
        && o.pay_by.as_deref().is_some_and(|by| by <= now.as_str())
    {
        close::close_unpaid(&mut tx, order_id, CancelReason::Expired, &now).await?;
        tx.commit(&st.db, st.listing()).await?;
        return Err(not_payable(Some(CancelReason::Expired.as_str())));
    }
    if o.status != OrderStatus::AwaitingPayment.as_str() {
        return Err(not_payable(o.cancel_reason.as_deref()));
    }
    let total = Money::cny(o.total_fen);
    quota::hold_payer(&mut tx, &o.id_hash).await?;
    if quota::speaks_for(&mut *tx, o.account_id, &o.id_hash).await? {
        quota::check_quota(
            &mut *tx,
            &st.clock,
            &o.id_hash,
            order_id,
            total,
            quota::Count::PaidAndReserved,
        )
        .await?;
    }

    let payment_id = format!(
        "PAY{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16].to_uppercase()
    );
    // One payment at a time: an older pending one (a reload, another method)
    // is withdrawn; if the shopper pays it anyway, that success still counts.
    sqlx::query(
        "UPDATE payments SET status = 'superseded', finished_at = $1 WHERE order_id = $2 AND status = 'pending'",
    )
    .bind(&now)
    .bind(order_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO payments (id, order_id, method, status, idempotency_key, amount_fen, currency, created_at, scene)
         VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8)",
    )
    .bind(&payment_id)
    .bind(order_id)
    .bind(method.as_str())
    .bind(key)
    .bind(total.amount)
    .bind(CURRENCY)
    .bind(&now)
    .bind(scene.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit(&st.db, st.listing()).await?;
    tracing::info!(order = %order_id, payment = %payment_id, method = method.as_str(), "payment started");
    let redirect_url = st
        .payments
        .start(&PaymentRequest {
            payment_id: &payment_id,
            order_id,
            amount: total,
            method,
            scene,
            client_ip,
            pay_by: o.pay_by.as_deref(),
        })
        .await?;
    Ok(PaymentStart {
        payment_id,
        redirect_url,
    })
}

#[derive(sqlx::FromRow)]
struct PaymentRow {
    order_id: String,
    method: String,
    status: String,
    amount_fen: i64,
    currency: String,
}

#[derive(sqlx::FromRow)]
struct OrderState {
    status: String,
    id_hash: String,
    total_fen: i64,
    cancel_reason: Option<String>,
}

/// Applies a provider's notification once, if its signature verifies: a
/// second copy changes nothing.
pub async fn notify(st: &AppState, n: &Notification) -> ApiResult<NotifyAnswer> {
    if !st.payments.verify(n) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::BadSignature,
            "the notification's signature does not verify",
        ));
    }
    apply(st, n).await
}

/// Applies a notification whose origin has been verified: by `notify` for
/// the sandbox's signed messages, or by a provider's own route, which checks
/// the provider's signature on the raw request (Alipay's form, WeChat Pay's
/// headers and encrypted body) and then describes the payment here. Amount
/// and currency are checked against the payment in this transaction.
pub async fn apply(st: &AppState, n: &Notification) -> ApiResult<NotifyAnswer> {
    let now = st.clock.stamp();
    let mut tx = CatalogWrite::begin(&st.db).await?;
    let (order_id,): (String,) = sqlx::query_as("SELECT order_id FROM payments WHERE id = $1")
        .bind(&n.payment_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| ApiError::not_found("payment"))?;
    // Two copies of one word (a provider retries) take turns: the second
    // reads the payment as the first left it.
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Order(&order_id)).await?;
    let p: PaymentRow = sqlx::query_as(
        "SELECT order_id, method, status, amount_fen, currency FROM payments WHERE id = $1",
    )
    .bind(&n.payment_id)
    .fetch_one(&mut *tx)
    .await?;
    if !n.amount_as_signed && (n.amount_fen != p.amount_fen || n.currency != p.currency) {
        tracing::warn!(
            payment = %n.payment_id, amount_fen = n.amount_fen, currency = %n.currency,
            expected_fen = p.amount_fen, expected_currency = %p.currency,
            "notification refused: amount or currency differs from the payment's"
        );
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PaymentMismatch,
            "the notification's amount or currency is not the payment's",
        ));
    }
    let order_id = p.order_id.clone();
    let applied = match n.outcome {
        Outcome::Failed | Outcome::Cancelled => {
            let done = sqlx::query(
                "UPDATE payments SET status = $1, finished_at = $2 WHERE id = $3 AND status = 'pending'",
            )
            .bind(n.outcome.as_str())
            .bind(&now)
            .bind(&n.payment_id)
            .execute(&mut *tx)
            .await?;
            done.rows_affected() == 1
        }
        Outcome::Succeeded if matches!(p.status.as_str(), "succeeded" | "refunded") => false,
        Outcome::Succeeded => {
            succeeded(st, &mut tx, &n.payment_id, &p, &now).await?;
            // The provider's own number, for customs (kept for a refunded success too).
            sqlx::query(
                "UPDATE payments SET provider_txn = $1 WHERE id = $2 AND provider_txn IS NULL",
            )
            .bind(n.transaction_id.as_deref())
            .bind(&n.payment_id)
            .execute(&mut *tx)
            .await?;
            true
        }
    };
    tx.commit(&st.db, st.listing()).await?;
    tracing::info!(order = %order_id, payment = %n.payment_id, outcome = n.outcome.as_str(), applied, "payment notified");
    if applied && n.outcome == Outcome::Succeeded {
        refunds::settle(&st.db, &st.clock, st.payments.as_ref(), refunds::Round::Now).await;
    }
    Ok(NotifyAnswer { applied })
}

/// Before an unpaid order is given up: asks the provider of each of its
/// attempts still open how it went, and applies what it says (a notification
/// that is late or lost must not cancel a paid order). An attempt not over is
/// closed at the provider, so the shopper cannot pay it after the shop gave
/// the order up (which would need a cross-border refund); if closing fails
/// (it was paid meanwhile), the provider is asked once more.
pub async fn ask_providers(st: &AppState, order_id: &str) {
    let open: Vec<(String, String)> = match sqlx::query_as(
        "SELECT id, method FROM payments WHERE order_id = $1 AND status IN ('pending', 'superseded')",
    )
    .bind(order_id)
    .fetch_all(&st.db)
    .await
    {
        Ok(rows) => rows,
        Err(err) => {
            tracing::warn!(order = %order_id, "open payments: {err}");
            return;
        }
    };
    for (payment_id, method) in open {
        let Some(method) = PaymentMethod::parse(&method) else {
            continue;
        };
        let word = match st.payments.query(&payment_id, method).await {
            Ok(None) => match st.payments.close(&payment_id, method).await {
                Ok(()) => continue,
                Err(err) => {
                    tracing::warn!(payment = %payment_id, "payment not closed: {err}");
                    st.payments.query(&payment_id, method).await
                }
            },
            word => word,
        };
        match word {
            Ok(Some(n)) => {
                if let Err(err) = apply(st, &n).await {
                    tracing::warn!(payment = %payment_id, "queried payment not applied: {}", err.message);
                }
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(payment = %payment_id, "payment query: {err}"),
        }
    }
}

/// The money of payment `payment_id` has moved: it pays the order, or it is
/// refunded with the reason.
async fn succeeded(
    st: &AppState,
    tx: &mut CatalogWrite,
    payment_id: &str,
    p: &PaymentRow,
    now: &str,
) -> ApiResult<()> {
    let o: OrderState = sqlx::query_as(
        "SELECT status, id_hash, total_fen, cancel_reason FROM orders WHERE id = $1",
    )
    .bind(&p.order_id)
    .fetch_one(&mut **tx)
    .await?;
    let refund_for = match OrderStatus::parse(&o.status) {
        Some(OrderStatus::AwaitingPayment) => {
            // Checked again: orders paid since this payment started count.
            quota::hold_payer(tx, &o.id_hash).await?;
            let over = quota::check_quota(
                &mut **tx,
                &st.clock,
                &o.id_hash,
                &p.order_id,
                Money::cny(o.total_fen),
                quota::Count::Paid,
            )
            .await
            .is_err();
            if over {
                close::close_unpaid(tx, &p.order_id, CancelReason::AnnualLimit, now).await?;
                Some(RefundReason::AnnualLimit)
            } else {
                None
            }
        }
        Some(OrderStatus::Cancelled) => Some(
            match o.cancel_reason.as_deref().and_then(CancelReason::parse) {
                Some(CancelReason::Expired) => RefundReason::Expired,
                Some(CancelReason::Shopper) => RefundReason::Shopper,
                Some(CancelReason::AnnualLimit) => RefundReason::AnnualLimit,
                Some(CancelReason::Refunded | CancelReason::PresaleUnfilled) | None => {
                    RefundReason::Duplicate
                }
            },
        ),
        _ => Some(RefundReason::Duplicate),
    };
    match refund_for {
        None => {
            sqlx::query("UPDATE payments SET status = 'succeeded', finished_at = $1 WHERE id = $2")
                .bind(now)
                .bind(payment_id)
                .execute(&mut **tx)
                .await?;
            // Any other attempt still open is withdrawn; its money, if it comes, is refunded.
            sqlx::query(
                "UPDATE payments SET status = 'superseded', finished_at = $1 WHERE order_id = $2 AND status = 'pending'",
            )
            .bind(now)
            .bind(&p.order_id)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "UPDATE orders SET status = $4, paid_at = $1, status_at = $1, payment_method = $2
                  WHERE id = $3 AND status = $5",
            )
            .bind(now)
            .bind(&p.method)
            .bind(&p.order_id)
            .bind(OrderStatus::Paid.as_str())
            .bind(OrderStatus::AwaitingPayment.as_str())
            .execute(&mut **tx)
            .await?;
            tx.sell(&p.order_id, 1).await?;
            // The order reaches its sellers: one shipment each.
            super::shipments::create_for(tx, &p.order_id, now).await?;
        }
        Some(reason) => {
            sqlx::query("UPDATE payments SET status = 'refunded', finished_at = $1 WHERE id = $2")
                .bind(now)
                .bind(payment_id)
                .execute(&mut **tx)
                .await?;
            refunds::record(
                tx,
                payment_id,
                &p.order_id,
                Money::cny(p.amount_fen),
                &p.currency,
                reason,
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// The sandbox moves paid orders along as customs would: declared `after`
/// seconds after payment. Shipping is the sellers' (orders/shipments.rs).
pub async fn advance(
    pool: &sqlx::AnyPool,
    clock: &crate::infra::clock::Clock,
    after_secs: i64,
) -> Result<u64, sqlx::Error> {
    let mut moved = 0;
    let now = clock.stamp();
    let before = clock.stamp_in(-after_secs);
    for (from, to) in [(OrderStatus::Paid, OrderStatus::CustomsDeclared)] {
        let (from, to) = (from.as_str(), to.as_str());
        moved += sqlx::query(&format!(
            "UPDATE orders SET status = $1, status_at = $2, declared_at = COALESCE(declared_at, $2)
                  WHERE status = $3 AND status_at <= $4 AND {}",
            crate::customs::due("", "$5")
        ))
        .bind(to)
        .bind(&now)
        .bind(from)
        .bind(&before)
        .bind(clock.today_in_china())
        .execute(pool)
        .await?
        .rows_affected();
    }
    Ok(moved)
}
