//! The payment providers: a provider takes the shopper to its own page and
//! later tells the server how it went. Here are what every provider is asked
//! and answers (`PaymentProvider`), the adapters to Alipay and WeChat Pay, the
//! development sandbox, and which of them the settings configure. What a
//! payment does to an order is orders/payment.rs's.

pub mod alipay;
pub mod config;
pub mod live;
pub mod rsa2;
pub mod sandbox;
pub mod wechat;

use axum::http::StatusCode;
use haitao_core::api::PaymentMethod;
use haitao_core::{ErrorCode, Money};
use serde::{Deserialize, Serialize};

use crate::infra::error::ApiError;

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
    /// What this refund gives back: all of the payment or a part.
    pub amount: Money,
    /// What the payment was (WeChat Pay's `amount.total` is the original
    /// order's amount, whatever the refund's).
    pub total: Money,
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
