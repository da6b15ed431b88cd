//! After-sales (售后): within `WINDOW_DAYS` of delivery the shopper asks for
//! money back for some lines of one seller (reason, note, up to three
//! photos); that seller approves (the lines are refunded at once through
//! the provider that took the money) or refuses with a reason; a refusal
//! may be escalated to the shop's operator (`haitao-server aftersales`),
//! whose decision is final. What a request gives back is haitao-core's rule
//! (`aftersales::amount`); the payment is never refunded beyond what was
//! paid (refunds::record).

use axum::http::StatusCode;
use haitao_core::aftersales::{
    amount, LineQty, NewRequest, Reason, Request, RequestLine, State, NOTE_MAX,
};
use haitao_core::api::{OrderStatus, Quote};
use haitao_core::{ErrorCode, Money};
use sqlx::AnyPool;

use crate::infra::clock::Clock;
use crate::infra::error::{ApiError, ApiResult};
use crate::orders::photos;
use crate::orders::refunds::{self, Round};
use crate::payments::PaymentProvider;
use crate::sms::{notices, Notice};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    order_id: String,
    state: String,
    reason: String,
    note: String,
    amount_fen: i64,
    freight_fen: i64,
    created_at: String,
    answer: Option<String>,
    decided_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    aftersales_id: i64,
    sku: String,
    qty: i64,
    amount_fen: i64,
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    status: String,
    delivered_at: Option<String>,
    quote_json: String,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    order_id: String,
    seller_id: Option<i64>,
    state: String,
    amount_fen: i64,
}

const COLUMNS: &str =
    "id, order_id, state, reason, note, amount_fen, freight_fen, created_at, answer, decided_at";

async fn read(db: &AnyPool, filter: &str, bind: &str) -> ApiResult<Vec<Request>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM aftersales WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT 200"
    ))
    .bind(bind)
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    // The names of the lines, from each order's quote, read once per order
    // (an order's requests share it).
    let mut quotes: std::collections::HashMap<String, Quote> = Default::default();
    for r in rows {
        if !quotes.contains_key(&r.order_id) {
            let (quote,): (String,) = sqlx::query_as("SELECT quote_json FROM orders WHERE id = $1")
                .bind(&r.order_id)
                .fetch_one(db)
                .await?;
            quotes.insert(r.order_id.clone(), serde_json::from_str(&quote)?);
        }
        let quote = &quotes[&r.order_id];
        let name_of = |sku: &str| {
            quote
                .lines
                .iter()
                .find(|l| l.sku == sku)
                .map(|l| l.name.clone())
                .unwrap_or_default()
        };
        let lines: Vec<LineRow> = sqlx::query_as(
            "SELECT aftersales_id, sku, qty, amount_fen FROM aftersales_lines WHERE aftersales_id = $1 ORDER BY sku",
        )
        .bind(r.id)
        .fetch_all(db)
        .await?;
        let photos = photos::urls_of(db, photos::Of::Aftersales(r.id)).await?;
        out.push(Request {
            id: r.id,
            order_id: r.order_id,
            state: State::parse(&r.state).unwrap_or(State::Requested),
            reason: Reason::parse(&r.reason).unwrap_or(Reason::Damaged),
            note: r.note,
            lines: lines
                .into_iter()
                .filter(|l| l.aftersales_id == r.id)
                .map(|l| RequestLine {
                    name: name_of(&l.sku),
                    sku: l.sku,
                    qty: u32::try_from(l.qty).unwrap_or(0),
                    amount: Money::cny(l.amount_fen),
                })
                .collect(),
            freight: Money::cny(r.freight_fen),
            amount: Money::cny(r.amount_fen),
            photos,
            created_at: r.created_at,
            answer: r.answer,
            decided_at: r.decided_at,
        });
    }
    Ok(out)
}

/// An order's requests, newest first.
pub async fn of_order(db: &AnyPool, order: &str) -> ApiResult<Vec<Request>> {
    read(db, "order_id = $1", order).await
}

/// A seller's requests: those waiting for it first, then the newest.
pub async fn of_seller(db: &AnyPool, seller: i64) -> ApiResult<Vec<Request>> {
    let mut all = read(db, "seller_id = CAST($1 AS BIGINT)", &seller.to_string()).await?;
    all.sort_by_key(|r| r.state != State::Requested);
    Ok(all)
}

/// Requests waiting for the operator (escalated), oldest first.
pub async fn escalated(db: &AnyPool) -> ApiResult<Vec<Request>> {
    let mut all = read(db, "state = $1", State::Escalated.as_str()).await?;
    all.reverse();
    Ok(all)
}

fn closed(message: &str) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, ErrorCode::AftersalesClosed, message)
}

/// The shopper's request. The same Idempotency-Key again answers the request
/// it made.
pub async fn create(
    db: &AnyPool,
    clock: &Clock,
    order: &str,
    key: &str,
    req: &NewRequest,
) -> ApiResult<(bool, Request)> {
    let note = req.note.trim();
    if note.chars().count() > NOTE_MAX || note.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::invalid(ErrorCode::InvalidNote, "note"));
    }
    let mut tx = db.begin().await?;
    let made: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM aftersales WHERE order_id = $1 AND idempotency_key = $2")
            .bind(order)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((id,)) = made {
        drop(tx);
        let r = of_order(db, order).await?;
        return r
            .into_iter()
            .find(|x| x.id == id)
            .map(|x| (false, x))
            .ok_or_else(|| ApiError::not_found("after-sales request"));
    }
    let OrderRow {
        status,
        delivered_at,
        quote_json,
    } = sqlx::query_as("SELECT status, delivered_at, quote_json FROM orders WHERE id = $1")
        .bind(order)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| ApiError::not_found("order"))?;
    let delivered = matches!(
        OrderStatus::parse(&status),
        Some(OrderStatus::Delivered | OrderStatus::Completed)
    );
    let until = super::aftersales_until(delivered_at.as_deref());
    match until {
        Some(until) if delivered && clock.now() <= until => {}
        _ if !delivered => return Err(closed("after-sales opens once the order is delivered")),
        _ => return Err(closed("after-sales closes 7 days after delivery")),
    }
    let quote: Quote = serde_json::from_str(&quote_json)?;
    // Units asked for already, in requests that still hold them.
    let before: Vec<(String, i64)> = sqlx::query_as(
        "SELECT l.sku, l.qty FROM aftersales_lines l JOIN aftersales a ON a.id = l.aftersales_id
          WHERE a.order_id = $1 AND a.state <> $2",
    )
    .bind(order)
    .bind(State::Closed.as_str())
    .fetch_all(&mut *tx)
    .await?;
    let before: Vec<LineQty> = before
        .into_iter()
        .map(|(sku, qty)| LineQty {
            sku,
            qty: u32::try_from(qty).unwrap_or(0),
        })
        .collect();
    let (lines, freight) =
        amount(&quote, &before, &req.lines).map_err(|c| ApiError::invalid(c, "lines"))?;
    // One seller's lines per request: that seller decides.
    let mut sellers: Vec<Option<i64>> = Vec::new();
    for l in &lines {
        let (seller,): (Option<i64>,) =
            sqlx::query_as("SELECT seller_id FROM order_lines WHERE order_id = $1 AND sku = $2")
                .bind(order)
                .bind(&l.sku)
                .fetch_one(&mut *tx)
                .await?;
        if !sellers.contains(&seller) {
            sellers.push(seller);
        }
    }
    if sellers.len() > 1 {
        return Err(ApiError::invalid(ErrorCode::AftersalesOneSeller, "lines"));
    }
    photos::check_unused(&mut tx, order, &req.photos).await?;
    let total = lines.iter().map(|l| l.amount.amount).sum::<i64>() + freight.amount;
    let now = clock.stamp();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO aftersales (order_id, seller_id, reason, note, state, amount_fen, freight_fen, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(order)
    .bind(sellers.first().copied().flatten())
    .bind(req.reason.as_str())
    .bind(note)
    .bind(State::Requested.as_str())
    .bind(total)
    .bind(freight.amount)
    .bind(key)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    for l in &lines {
        sqlx::query("INSERT INTO aftersales_lines (aftersales_id, sku, qty, amount_fen) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(&l.sku)
            .bind(i64::from(l.qty))
            .bind(l.amount.amount)
            .execute(&mut *tx)
            .await?;
    }
    for (i, p) in req.photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO aftersales_photos (aftersales_id, photo_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(p)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        order,
        aftersales = id,
        amount_fen = total,
        reason = req.reason.as_str(),
        "after-sales requested"
    );
    let r = of_order(db, order).await?;
    r.into_iter()
        .find(|x| x.id == id)
        .map(|x| (true, x))
        .ok_or_else(|| ApiError::not_found("after-sales request"))
}

/// Who decides.
#[derive(Clone, Copy, Debug)]
pub enum Decider {
    /// The seller whose lines they are (its id).
    Seller(i64),
    /// The shop's operator, on an escalated request.
    Operator,
}

/// Approves (refunds its lines) or refuses (with `answer`) request `id`.
pub async fn decide(
    db: &AnyPool,
    clock: &Clock,
    provider: &dyn PaymentProvider,
    id: i64,
    by: Decider,
    approve: bool,
    answer: &str,
) -> ApiResult<Request> {
    let answer = answer.trim();
    if !approve && (answer.is_empty() || answer.chars().count() > NOTE_MAX) {
        return Err(ApiError::invalid(ErrorCode::InvalidNote, "reason"));
    }
    let mut tx = db.begin().await?;
    let row: Option<DecisionRow> = sqlx::query_as(
        "SELECT order_id, seller_id, state, amount_fen FROM aftersales WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let DecisionRow {
        order_id: order,
        state,
        amount_fen,
        ..
    } = match (row, by) {
        (Some(r), Decider::Seller(s)) if r.seller_id == Some(s) => r,
        (Some(r), Decider::Operator) => r,
        _ => return Err(ApiError::not_found("after-sales request")),
    };
    let open = match by {
        Decider::Seller(_) => State::Requested,
        Decider::Operator => State::Escalated,
    };
    if State::parse(&state) != Some(open) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::AftersalesDecided,
            format!("the request is {state}"),
        ));
    }
    let now = clock.stamp();
    let (to, who) = match (approve, by) {
        (true, _) => (
            State::Approved,
            if matches!(by, Decider::Operator) {
                "operator"
            } else {
                "seller"
            },
        ),
        (false, Decider::Seller(_)) => (State::Refused, "seller"),
        (false, Decider::Operator) => (State::Closed, "operator"),
    };
    let refund = if approve {
        let (payment, currency): (String, String) = sqlx::query_as(
            "SELECT id, currency FROM payments WHERE order_id = $1 AND status = 'succeeded'",
        )
        .bind(&order)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::RefundExceedsPayment,
                "no payment left to refund",
            )
        })?;
        Some(
            refunds::record(
                &mut tx,
                &payment,
                &order,
                Money::cny(amount_fen),
                &currency,
                haitao_core::api::RefundReason::Aftersales,
                &now,
            )
            .await?,
        )
    } else {
        None
    };
    sqlx::query(
        "UPDATE aftersales SET state = $1, answer = $2, decided_at = $3, decided_by = $4, refund_id = $5 WHERE id = $6",
    )
    .bind(to.as_str())
    .bind((!answer.is_empty()).then_some(answer))
    .bind(&now)
    .bind(who)
    .bind(&refund)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let (address,): (String,) = sqlx::query_as("SELECT address_json FROM orders WHERE id = $1")
        .bind(&order)
        .fetch_one(&mut *tx)
        .await?;
    if let Ok(a) = serde_json::from_str::<haitao_core::api::Address>(&address) {
        notices::enqueue_phone(&mut tx, clock, &a.mobile, Notice::Aftersales).await?;
    }
    tx.commit().await?;
    tracing::info!(order = %order, aftersales = id, state = to.as_str(), by = who, refund = ?refund, "after-sales decided");
    if refund.is_some() {
        refunds::settle(db, clock, provider, Round::Now).await;
    }
    of_order(db, &order)
        .await?
        .into_iter()
        .find(|x| x.id == id)
        .ok_or_else(|| ApiError::not_found("after-sales request"))
}

/// The shopper takes a refused request to the shop's operator.
pub async fn escalate(db: &AnyPool, clock: &Clock, order: &str, id: i64) -> ApiResult<Request> {
    let moved = sqlx::query(
        "UPDATE aftersales SET state = $1, escalated_at = $2 WHERE id = $3 AND order_id = $4 AND state = $5",
    )
    .bind(State::Escalated.as_str())
    .bind(clock.stamp())
    .bind(id)
    .bind(order)
    .bind(State::Refused.as_str())
    .execute(db)
    .await?
    .rows_affected();
    let r = of_order(db, order)
        .await?
        .into_iter()
        .find(|x| x.id == id)
        .ok_or_else(|| ApiError::not_found("after-sales request"))?;
    if moved == 0 && r.state != State::Escalated {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::AftersalesDecided,
            "only a request the seller refused can be taken further",
        ));
    }
    if moved == 1 {
        tracing::warn!(
            order,
            aftersales = id,
            "after-sales escalated to the operator"
        );
    }
    Ok(r)
}
