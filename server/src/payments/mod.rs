//! Payments: a provider takes the shopper to its own page and later tells the
//! server how it went. Money that moved is never lost and never counted
//! twice: a success pays the order if it is still unpaid and within the
//! payer's yearly allowance, and is refunded otherwise (already paid by
//! another attempt, expired, cancelled, over the allowance).

pub mod alipay;
pub mod config;
pub mod live;
pub mod refunds;
pub mod rsa2;
pub mod sandbox;
pub mod wechat;

use axum::http::StatusCode;
use haitao_core::api::{
    CancelReason, OrderStatus, PaymentMethod, PaymentOptions, PaymentStart, RefundReason,
};
use haitao_core::{ErrorCode, Money};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::orders::{self, close, quota};
use crate::state::AppState;

/// The only currency the shop charges in.
pub const CURRENCY: &str = "CNY";

/// Where the shopper pays from, which decides the form of the payment: a
/// phone's browser is sent to the provider's mobile cashier, WeChat's own
/// browser gets WeChat Pay's in-app sheet, a desktop screen a QR code (a
/// phone cannot scan a code on its own screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scene {
    Phone,
    Wechat,
    Desktop,
}

impl Scene {
    pub fn as_str(self) -> &'static str {
        match self {
            Scene::Phone => "phone",
            Scene::Wechat => "wechat",
            Scene::Desktop => "desktop",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Scene::Phone, Scene::Wechat, Scene::Desktop]
            .into_iter()
            .find(|c| c.as_str() == s)
    }

    pub fn from_user_agent(ua: &str) -> Self {
        const PHONES: [&str; 5] = ["Mobile", "Android", "iPhone", "iPad", "HarmonyOS"];
        if haitao_core::api::in_wechat(ua) {
            Scene::Wechat
        } else if PHONES.iter().any(|p| ua.contains(p)) {
            Scene::Phone
        } else {
            Scene::Desktop
        }
    }
}

/// A payment as a provider is asked to take it.
pub struct PaymentRequest<'a> {
    pub payment_id: &'a str,
    pub order_id: &'a str,
    pub amount: Money,
    pub method: PaymentMethod,
    pub scene: Scene,
    /// The shopper's address, which WeChat Pay's H5 payment requires.
    pub client_ip: std::net::IpAddr,
    /// When the shop gives the order up (UTC stamp): the provider's order
    /// should stop taking money then too (WeChat Pay `time_expire`, Alipay
    /// `timeout_rule`), so fewer shoppers pay after expiry and need a refund.
    pub pay_by: Option<&'a str>,
}

/// Why a provider's message (a notification, a return) is not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not signed by the provider's key (or by another key than the one configured).
    Signature,
    /// Signed, but too old or from the future: a replay.
    Stale,
    /// Signed and fresh, but not a payment this shop can read.
    Unreadable,
}

/// Money to give back through the provider that took it. Providers treat the
/// refund number as idempotent, so asking twice refunds once.
pub struct RefundRequest<'a> {
    /// The provider's refund number (WeChat Pay `out_refund_no`, Alipay
    /// `out_return_no`): the shop's refund id, numbered again when the
    /// operator sends a failed refund once more (`refunds::provider_number`).
    pub refund_id: &'a str,
    pub payment_id: &'a str,
    pub method: PaymentMethod,
    pub amount: Money,
    /// The screen the payment was made on (Alipay's refund names the
    /// product it was paid through); `None` for payments from before it was kept.
    pub scene: Option<Scene>,
}

/// Where a refund stands at the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundState {
    /// The money is on its way back to the shopper.
    Done,
    /// Accepted; how it ends comes later (a notification, a query).
    Processing,
    /// Ended without the money reaching the shopper (WeChat Pay CLOSED or
    /// ABNORMAL): the provider's word, for the operator.
    Failed(String),
    /// Not taken: the provider refused the request itself (its code and
    /// message), and would refuse it again until the operator acts. Sent
    /// again, it keeps its number (WeChat Pay: "一笔退款失败后重新提交，请不要
    /// 更换退款单号").
    Refused(String),
}

/// A refund the provider took: its own reference, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundSent {
    pub reference: String,
    pub state: RefundState,
}

#[derive(Debug, thiserror::Error)]
#[error("payment provider: {0}")]
pub struct ProviderError(pub String);

impl From<ProviderError> for ApiError {
    fn from(err: ProviderError) -> Self {
        tracing::error!(error = %err, "payment provider");
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            ErrorCode::Internal,
            "the payment provider did not answer",
        )
    }
}

/// What a real provider (Alipay, WeChat Pay) or the sandbox does for the shop.
#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    /// The development stand-in, with which no money moves.
    fn is_sandbox(&self) -> bool;
    fn methods(&self) -> Vec<PaymentMethod>;
    /// Where to send the shopper: the provider's cashier page or QR code.
    async fn start(&self, req: &PaymentRequest<'_>) -> Result<String, ProviderError>;
    /// Checks that a notification really comes from the provider.
    fn verify(&self, n: &Notification) -> bool;
    /// Gives money back; the provider's reference and where the refund stands.
    async fn refund(&self, req: &RefundRequest<'_>) -> Result<RefundSent, ProviderError>;
    /// Where a refund that was `Processing` stands now. Only providers that
    /// answer `Processing` are asked.
    async fn refund_state(&self, _req: &RefundRequest<'_>) -> Result<RefundState, ProviderError> {
        Ok(RefundState::Processing)
    }
    /// The least time between two refunds of `method` (Alipay asks for
    /// three seconds between `forex_refund` calls of one partner). Such
    /// refunds are sent only by the background round, one process's.
    fn refund_spacing(&self, _method: PaymentMethod) -> Option<std::time::Duration> {
        None
    }
    /// Closes an attempt still open at the provider, so that it can no longer
    /// be paid; asked before the shop gives its order up.
    async fn close(&self, _payment_id: &str, _method: PaymentMethod) -> Result<(), ProviderError> {
        Ok(())
    }
    /// Asks the provider how a payment went (its notification may be late or
    /// lost): its word, verified, once the payment is over; `None` while it is
    /// not, or where the provider's notifications are waited for instead.
    async fn query(
        &self,
        _payment_id: &str,
        _method: PaymentMethod,
    ) -> Result<Option<Notification>, ProviderError> {
        Ok(None)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Succeeded,
    Failed,
    Cancelled,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
            Outcome::Cancelled => "cancelled",
        }
    }
}

/// A provider's word on a payment, signed, with the amount it took.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Notification {
    pub payment_id: String,
    pub outcome: Outcome,
    /// In minor units (fen).
    pub amount_fen: i64,
    /// ISO 4217; the shop charges CNY only.
    pub currency: String,
    pub signature: String,
    /// The provider's own number for the payment (Alipay's `trade_no`,
    /// WeChat Pay's `transaction_id`): customs' `payTransactionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The provider did not restate the amount in yuan (an Alipay `rmb_fee`
    /// trade notified in the settlement currency, `total_fee`): the amount is
    /// the one the shop signed when it created the trade, which nobody
    /// without the shop's key can change. Never read from a request body.
    #[serde(skip)]
    pub amount_as_signed: bool,
}

impl Notification {
    /// What the signature covers, in order.
    pub fn signed_parts(&self) -> [Vec<u8>; 5] {
        [
            b"notify".to_vec(),
            self.payment_id.as_bytes().to_vec(),
            self.outcome.as_str().as_bytes().to_vec(),
            self.amount_fen.to_string().into_bytes(),
            self.currency.as_bytes().to_vec(),
        ]
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotifyAnswer {
    /// False when this notification had been applied before (or the payment was
    /// no longer pending): nothing changed.
    pub applied: bool,
}

/// A QR code of `data` as inline SVG, at least `px` square.
pub fn qr_svg(data: &str, px: u32) -> String {
    qrcode::QrCode::new(data.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(px, px)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

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
    let mut tx = crate::db::begin_write(&st.db).await?;
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
        tx.commit().await?;
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
        tx.commit().await?;
        orders::refresh_index(&st.db, &st.index, &[order_id]).await?;
        return Err(not_payable(Some(CancelReason::Expired.as_str())));
    }
    if o.status != OrderStatus::AwaitingPayment.as_str() {
        return Err(not_payable(o.cancel_reason.as_deref()));
    }
    let total = Money::cny(o.total_fen);
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
    tx.commit().await?;
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
    let mut tx = crate::db::begin_write(&st.db).await?;
    let p: PaymentRow = sqlx::query_as(
        "SELECT order_id, method, status, amount_fen, currency FROM payments WHERE id = $1",
    )
    .bind(&n.payment_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("payment"))?;
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
    tx.commit().await?;
    tracing::info!(order = %order_id, payment = %n.payment_id, outcome = n.outcome.as_str(), applied, "payment notified");
    if applied && n.outcome == Outcome::Succeeded {
        orders::refresh_index(&st.db, &st.index, &[order_id.as_str()]).await?;
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
    tx: &mut sqlx::AnyConnection,
    payment_id: &str,
    p: &PaymentRow,
    now: &str,
) -> ApiResult<()> {
    let o: OrderState = sqlx::query_as(
        "SELECT status, id_hash, total_fen, cancel_reason FROM orders WHERE id = $1",
    )
    .bind(&p.order_id)
    .fetch_one(&mut *tx)
    .await?;
    let refund_for = match OrderStatus::parse(&o.status) {
        Some(OrderStatus::AwaitingPayment) => {
            // Checked again: orders paid since this payment started count.
            let over = quota::check_quota(
                &mut *tx,
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
                Some(CancelReason::Refunded) | None => RefundReason::Duplicate,
            },
        ),
        _ => Some(RefundReason::Duplicate),
    };
    match refund_for {
        None => {
            sqlx::query("UPDATE payments SET status = 'succeeded', finished_at = $1 WHERE id = $2")
                .bind(now)
                .bind(payment_id)
                .execute(&mut *tx)
                .await?;
            // Any other attempt still open is withdrawn; its money, if it comes, is refunded.
            sqlx::query(
                "UPDATE payments SET status = 'superseded', finished_at = $1 WHERE order_id = $2 AND status = 'pending'",
            )
            .bind(now)
            .bind(&p.order_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE orders SET status = 'paid', paid_at = $1, status_at = $1, payment_method = $2
                  WHERE id = $3 AND status = 'awaiting_payment'",
            )
            .bind(now)
            .bind(&p.method)
            .bind(&p.order_id)
            .execute(&mut *tx)
            .await?;
            close::sell(tx, &p.order_id, 1).await?;
        }
        Some(reason) => {
            sqlx::query("UPDATE payments SET status = 'refunded', finished_at = $1 WHERE id = $2")
                .bind(now)
                .bind(payment_id)
                .execute(&mut *tx)
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

/// The sandbox moves paid orders along as customs and the carrier would:
/// declared `after` seconds after payment, shipped `after` seconds later.
pub async fn advance(
    pool: &sqlx::AnyPool,
    clock: &crate::clock::Clock,
    after_secs: i64,
) -> Result<u64, sqlx::Error> {
    let mut moved = 0;
    let now = clock.stamp();
    let before = clock.stamp_in(-after_secs);
    for (from, to) in [
        ("customs_declared", "shipped"),
        ("paid", "customs_declared"),
    ] {
        moved += sqlx::query(
            "UPDATE orders SET status = $1, status_at = $2 WHERE status = $3 AND status_at <= $4",
        )
        .bind(to)
        .bind(&now)
        .bind(from)
        .bind(&before)
        .execute(pool)
        .await?
        .rows_affected();
    }
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::Scene;

    #[test]
    fn the_form_of_payment_follows_the_shoppers_screen() {
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36";
        let wechat = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.50";
        let desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";
        assert_eq!(Scene::from_user_agent(iphone), Scene::Phone);
        assert_eq!(Scene::from_user_agent(android), Scene::Phone);
        assert_eq!(Scene::from_user_agent(wechat), Scene::Wechat);
        assert_eq!(Scene::from_user_agent(desktop), Scene::Desktop);
        assert_eq!(Scene::from_user_agent(""), Scene::Desktop);
    }
}
