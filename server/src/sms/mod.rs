//! Sign-in codes and notices (an answer to a question, a harvest begun, an
//! order shipped) go
//! out by SMS through an `SmsSender`. Development uses one that writes each
//! message to the log and keeps the last few per phone for `GET /api/dev/sms`;
//! production requires a real one (Aliyun SMS). Notices wait in an outbox
//! (`notices.rs`) until the serving process sends them.

pub mod aliyun;
pub mod notices;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::infra::mode::Mode;

#[derive(Debug, thiserror::Error)]
#[error("SMS: {0}")]
pub struct SmsError(pub String);

#[async_trait::async_trait]
pub trait SmsSender: Send + Sync {
    /// Sends `code` to `phone` (11 digits) in the shop's code template.
    async fn send_code(&self, phone: &str, code: &str) -> Result<(), SmsError>;
    /// Sends `phone` the fixed text of a notice: each kind is a template of
    /// its own, without variables (the details are in the shopper's account).
    async fn send_notice(&self, phone: &str, kind: Notice) -> Result<(), SmsError>;
}

/// What a notice tells the shopper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The seller has answered a question.
    Answer,
    /// Produce the shopper asked about is in season and on sale.
    Harvest,
    /// The order's last parcel has left: its carrier and waybill are on the
    /// order's page (sent to the delivery mobile).
    Shipped,
    /// Every parcel was signed for.
    Delivered,
    /// Customs refused the goods: the order is refunded, the reason on its page.
    CustomsRefused,
    /// The seller decided on an after-sales request (its page says how).
    Aftersales,
    /// A product the shopper asked about, sold out, is on sale again.
    BackInStock,
    /// A pre-sale the seller cannot fill: the order is refunded in full, the
    /// reason on its page (sent to the delivery mobile).
    PresaleUnfilled,
}

impl Notice {
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::Answer => "answer",
            Notice::Harvest => "harvest",
            Notice::Shipped => "shipped",
            Notice::Delivered => "delivered",
            Notice::CustomsRefused => "customs_refused",
            Notice::Aftersales => "aftersales",
            Notice::BackInStock => "back_in_stock",
            Notice::PresaleUnfilled => "presale_unfilled",
        }
    }

    pub const ALL: [Notice; 8] = [
        Notice::Answer,
        Notice::Harvest,
        Notice::Shipped,
        Notice::Delivered,
        Notice::CustomsRefused,
        Notice::Aftersales,
        Notice::BackInStock,
        Notice::PresaleUnfilled,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.as_str() == s)
    }
}

/// A message the development sender "sent".
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DevMessage {
    pub phone: String,
    pub text: String,
    /// RFC 3339
    pub sent_at: String,
}

/// How many messages per phone the development sender keeps.
const KEEP: usize = 5;

#[derive(Default)]
pub struct DevSms {
    sent: Mutex<HashMap<String, VecDeque<DevMessage>>>,
}

impl DevSms {
    fn keep(&self, phone: &str, text: String) {
        let msg = DevMessage {
            phone: phone.to_owned(),
            text,
            sent_at: crate::infra::clock::stamp(time::OffsetDateTime::now_utc()),
        };
        if let Ok(mut m) = self.sent.lock() {
            let q = m.entry(phone.to_owned()).or_default();
            q.push_back(msg);
            while q.len() > KEEP {
                q.pop_front();
            }
        }
    }

    /// The last messages to `phone`, newest first.
    pub fn messages(&self, phone: &str) -> Vec<DevMessage> {
        self.sent
            .lock()
            .map(|m| {
                m.get(phone)
                    .map(|q| q.iter().rev().cloned().collect())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }
}

#[async_trait::async_trait]
impl SmsSender for DevSms {
    async fn send_code(&self, phone: &str, code: &str) -> Result<(), SmsError> {
        let text = format!("【海淘美国】您的登录验证码是 {code}，5 分钟内有效。Your haitao sign-in code is {code}, valid for 5 minutes.");
        // Development only: a real sender never logs the code.
        tracing::info!(phone, %text, "development SMS");
        self.keep(phone, text);
        Ok(())
    }

    async fn send_notice(&self, phone: &str, kind: Notice) -> Result<(), SmsError> {
        let text = match kind {
            Notice::Answer => "【海淘美国】您的提问已有回复，请在“我的账户”查看。The seller has answered your question: see your haitao account.",
            Notice::Harvest => "【海淘美国】您关注的应季产品已开季，现在可以下单了。The harvest you asked about has begun: it is on sale at haitao now.",
            Notice::Shipped => "【海淘美国】您的订单已全部发货，快递公司和运单号请在订单页面查看。Your haitao order has shipped: the carrier and waybill are on the order's page.",
            Notice::Delivered => "【海淘美国】您的订单已签收。如有问题，签收后 7 天内可在订单页面申请售后。Your haitao order was delivered: within 7 days you can ask for money back on its page.",
            Notice::CustomsRefused => "【海淘美国】很抱歉，海关未放行您的订单，货款已原路退回，原因请在订单页面查看。Customs did not release your haitao order: it has been refunded; the reason is on its page.",
            Notice::Aftersales => "【海淘美国】您的售后申请已有处理结果，请在订单页面查看。Your haitao after-sales request has been decided: see the order's page.",
            Notice::BackInStock => "【海淘美国】您关注的售罄商品已到货，现在可以下单了。The product you asked about is back in stock at haitao.",
            Notice::PresaleUnfilled => "【海淘美国】很抱歉，卖家无法履约您的预售订单，货款已全额原路退回，详情请在订单页面查看。We are sorry: the seller cannot fill your haitao pre-sale. It is refunded in full; see the order's page.",
        };
        tracing::info!(phone, %text, "development SMS");
        self.keep(phone, text.to_owned());
        Ok(())
    }
}

/// The sender in use, and the development one when it is that one.
pub type Senders = (Arc<dyn SmsSender>, Option<Arc<DevSms>>);

/// The sender `HAITAO_SMS` names: `development` (the default outside
/// production) or `aliyun`. Production refuses the development sender.
pub fn from_env(mode: Mode, get: impl Fn(&str) -> Option<String>) -> Result<Senders, String> {
    let choice = get("HAITAO_SMS").filter(|v| !v.trim().is_empty());
    match choice.as_deref().map(str::trim) {
        None | Some("development") if mode.is_production() => Err(
            "HAITAO_ENV=production: sign-in codes would go to the server log (the development SMS sender); \
             set HAITAO_SMS=aliyun and its HAITAO_ALIYUN_* settings"
                .into(),
        ),
        None | Some("development") => {
            let dev = Arc::new(DevSms::default());
            Ok((dev.clone(), Some(dev)))
        }
        Some("aliyun") => Ok((Arc::new(aliyun::AliyunSms::from_env(mode, get)?), None)),
        Some(other) => Err(format!(
            "HAITAO_SMS={other:?}: no such SMS sender (known: development, aliyun)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_development_sender_keeps_the_last_messages_per_phone() {
        let dev = DevSms::default();
        for i in 0..7 {
            assert!(dev
                .send_code("13800138000", &format!("00000{i}"))
                .await
                .is_ok());
        }
        let got = dev.messages("13800138000");
        assert_eq!(got.len(), KEEP);
        assert!(got[0].text.contains("000006"), "newest first");
        assert!(dev.messages("13900139000").is_empty());
    }

    #[test]
    fn production_needs_a_real_sender() {
        assert!(from_env(Mode::Production, |_| None).is_err());
        assert!(from_env(Mode::Production, |k| (k == "HAITAO_SMS")
            .then(|| "development".into()))
        .is_err());
        assert!(from_env(Mode::Development, |_| None).is_ok_and(|(_, dev)| dev.is_some()));
        assert!(from_env(Mode::Development, |k| (k == "HAITAO_SMS")
            .then(|| "carrier-pigeon".into()))
        .is_err());
        // Aliyun half-configured is refused too.
        let half = |k: &str| match k {
            "HAITAO_SMS" => Some("aliyun".into()),
            "HAITAO_ALIYUN_ACCESS_KEY_ID" => Some("id".into()),
            _ => None,
        };
        let err = from_env(Mode::Production, half).err().unwrap_or_default();
        assert!(err.contains("HAITAO_ALIYUN_ACCESS_KEY_SECRET"), "{err}");
    }
}
