//! The real providers behind the `PaymentProvider` trait: each payment goes
//! to the provider of its method, in the form the shopper's screen can pay.

use std::sync::Arc;

use haitao_core::api::PaymentMethod;

use super::alipay::Alipay;
use super::wechat::WechatPay;
use super::{
    Notification, PaymentProvider, PaymentRequest, ProviderError, RefundRequest, RefundSent,
    RefundState, Scene,
};

pub struct Live {
    pub alipay: Option<Arc<Alipay>>,
    pub wechat: Option<Arc<WechatPay>>,
    pub http: reqwest::Client,
    /// When this process last sent Alipay a refund (Alipay's spacing).
    pub last_alipay_refund: tokio::sync::Mutex<Option<tokio::time::Instant>>,
}

/// Alipay asks for at least three seconds between two `forex_refund` calls
/// of one partner (docs/PAYMENTS.md).
pub const ALIPAY_REFUND_SPACING: std::time::Duration = std::time::Duration::from_secs(3);

/// Now, as the providers' servers see it: their timestamps are real time,
/// whatever the shop's own clock says (tests move that one).
fn real_now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

fn unconfigured(method: PaymentMethod) -> ProviderError {
    ProviderError(format!("{} is not configured", method.as_str()))
}

#[async_trait::async_trait]
impl PaymentProvider for Live {
    fn is_sandbox(&self) -> bool {
        false
    }

    fn methods(&self) -> Vec<PaymentMethod> {
        let mut m = Vec::new();
        if self.alipay.is_some() {
            m.push(PaymentMethod::Alipay);
        }
        if self.wechat.is_some() {
            m.push(PaymentMethod::Wechat);
        }
        m
    }

    async fn start(&self, req: &PaymentRequest<'_>) -> Result<String, ProviderError> {
        match req.method {
            PaymentMethod::Alipay => {
                let alipay = self.alipay.as_ref().ok_or(unconfigured(req.method))?;
                Ok(alipay.cashier_url(req, real_now()))
            }
            PaymentMethod::Wechat => {
                let wechat = self.wechat.as_ref().ok_or(unconfigured(req.method))?;
                let now = real_now().unix_timestamp();
                match req.scene {
                    Scene::Phone => wechat.h5(&self.http, req, now).await,
                    // The shop's page: with the openid WeChat's OAuth brings, the payment sheet.
                    Scene::Wechat => Ok(wechat.oauth_url(req.payment_id)),
                    // The shop's page with the QR code (it makes the Native order).
                    Scene::Desktop => Ok(format!("/pay/wechat/{}", req.payment_id)),
                }
            }
        }
    }

    /// Real providers' notifications come to their own routes, checked there
    /// against their own keys; the sandbox's signed form is never theirs.
    fn verify(&self, _: &Notification) -> bool {
        false
    }

    async fn refund_state(&self, req: &RefundRequest<'_>) -> Result<RefundState, ProviderError> {
        match (req.method, self.wechat.as_ref()) {
            (PaymentMethod::Wechat, Some(wechat)) => {
                wechat
                    .refund_state(&self.http, req.refund_id, real_now().unix_timestamp())
                    .await
            }
            _ => Ok(RefundState::Processing),
        }
    }

    fn refund_spacing(&self, method: PaymentMethod) -> Option<std::time::Duration> {
        (method == PaymentMethod::Alipay).then_some(ALIPAY_REFUND_SPACING)
    }

    async fn close(&self, payment_id: &str, method: PaymentMethod) -> Result<(), ProviderError> {
        match (method, self.wechat.as_ref()) {
            (PaymentMethod::Wechat, Some(wechat)) => {
                wechat
                    .close(&self.http, payment_id, real_now().unix_timestamp())
                    .await
            }
            // Alipay's trade ends by itself at its timeout_rule.
            _ => Ok(()),
        }
    }

    async fn query(
        &self,
        payment_id: &str,
        method: PaymentMethod,
    ) -> Result<Option<Notification>, ProviderError> {
        match (method, self.wechat.as_ref()) {
            (PaymentMethod::Wechat, Some(wechat)) => {
                wechat
                    .query(&self.http, payment_id, real_now().unix_timestamp())
                    .await
            }
            // Alipay sends its notification again for a day, but one lost for
            // good would leave a charged shopper with an expired order.
            (PaymentMethod::Alipay, _) => match self.alipay.as_ref() {
                Some(alipay) => alipay.query(&self.http, payment_id).await,
                None => Ok(None),
            },
            _ => Ok(None),
        }
    }

    async fn refund(&self, req: &RefundRequest<'_>) -> Result<RefundSent, ProviderError> {
        match req.method {
            PaymentMethod::Alipay => {
                let alipay = self.alipay.as_ref().ok_or(unconfigured(req.method))?;
                // One at a time, spaced; the lock is held over the call.
                let mut last = self.last_alipay_refund.lock().await;
                if let Some(at) = *last {
                    tokio::time::sleep_until(at + ALIPAY_REFUND_SPACING).await;
                }
                let sent = alipay.refund(&self.http, req, real_now()).await;
                *last = Some(tokio::time::Instant::now());
                // Alipay's forex_refund with is_sync=Y answers once it is done.
                let reference = sent?;
                Ok(RefundSent {
                    reference,
                    state: RefundState::Done,
                })
            }
            PaymentMethod::Wechat => {
                let wechat = self.wechat.as_ref().ok_or(unconfigured(req.method))?;
                wechat
                    .refund(&self.http, req, real_now().unix_timestamp())
                    .await
            }
        }
    }
}
