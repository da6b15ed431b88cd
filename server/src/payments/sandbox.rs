//! The sandbox provider: stands in for Alipay and WeChat Pay. Its own payment
//! page (http/pay/sandbox.rs: a QR code for WeChat Pay, a cashier for Alipay)
//! lets the shopper pay, cancel or fail; it then notifies the server with a
//! signed message, as a real provider would, and sends the shopper back to the
//! order.

use haitao_core::api::PaymentMethod;

use super::{
    Notification, Outcome, PaymentProvider, PaymentRequest, ProviderError, RefundRequest,
    RefundSent, RefundState,
};
use crate::infra::secret::Secret;

pub struct Sandbox {
    /// Signs and checks its notifications.
    pub key: Secret,
}

impl Sandbox {
    /// The sandbox's notification, signed as the provider would sign it.
    pub fn notification(
        &self,
        payment_id: &str,
        outcome: Outcome,
        amount_fen: i64,
        currency: &str,
    ) -> Notification {
        let mut n = Notification {
            payment_id: payment_id.to_owned(),
            outcome,
            amount_fen,
            currency: currency.to_owned(),
            signature: String::new(),
            // The sandbox's own number, as a provider's would be.
            transaction_id: Some(format!("SANDBOX{payment_id}")),
            amount_as_signed: false,
        };
        n.signature = sign(&self.key, &n);
        n
    }
}

/// The signature of a sandbox notification (tests forge and replay with it).
pub fn sign(key: &Secret, n: &Notification) -> String {
    let parts = n.signed_parts();
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    key.mac(&parts)
}

#[async_trait::async_trait]
impl PaymentProvider for Sandbox {
    fn is_sandbox(&self) -> bool {
        true
    }

    fn methods(&self) -> Vec<PaymentMethod> {
        vec![PaymentMethod::Alipay, PaymentMethod::Wechat]
    }

    async fn start(&self, req: &PaymentRequest<'_>) -> Result<String, ProviderError> {
        Ok(format!("/sandbox/pay/{}", req.payment_id))
    }

    fn verify(&self, n: &Notification) -> bool {
        let parts = n.signed_parts();
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        self.key.verify(&parts, &n.signature)
    }

    async fn refund(&self, req: &RefundRequest<'_>) -> Result<RefundSent, ProviderError> {
        // No money moved, so none goes back: the refund is only recorded.
        Ok(RefundSent {
            reference: format!("SANDBOX-{}", req.refund_id),
            state: RefundState::Done,
        })
    }
}
