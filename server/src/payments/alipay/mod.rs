//! Alipay's cross-border online payment for mobile websites
//! (`create_forex_trade_wap`, docs/PAYMENTS.md): the shopper is sent to
//! Alipay's mobile cashier by a signed GET; the amount is in yuan (`rmb_fee`),
//! settled to the shop in its contract currency.

pub mod sign;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::rsa2::{MerchantKey, ProviderKey};
use super::PaymentRequest;

/// What a query value keeps as it is (RFC 3986's unreserved characters).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Alipay's production gateway.
pub const GATEWAY: &str = "https://intlmapi.alipay.com/gateway.do";

pub struct Alipay {
    /// The shop's partner id at Alipay (16 digits, 2088…).
    pub partner: String,
    pub key: MerchantKey,
    /// Alipay's public key, which its notifications and returns verify against.
    pub alipay_key: ProviderKey,
    pub gateway: String,
    /// The settlement currency in the shop's contract with Alipay (USD).
    pub settlement: String,
    /// Where Alipay posts its notifications, and where the shopper comes back.
    pub notify_url: String,
    pub return_url: String,
}

impl Alipay {
    /// The signed request parameters of a payment, in the order they are sent.
    pub fn payment_params(&self, req: &PaymentRequest<'_>) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("service", "create_forex_trade_wap".to_owned()),
            ("partner", self.partner.clone()),
            ("_input_charset", "UTF-8".to_owned()),
            ("notify_url", self.notify_url.clone()),
            ("return_url", self.return_url.clone()),
            // No special characters in a subject (Alipay's rule): the order's own id.
            ("subject", format!("haitao {}", req.order_id)),
            ("out_trade_no", req.payment_id.to_owned()),
            ("currency", self.settlement.clone()),
            // Yuan with two decimals, as the shop priced the order.
            (
                "rmb_fee",
                format!("{}.{:02}", req.amount.amount / 100, req.amount.amount % 100),
            ),
            ("product_code", "NEW_WAP_OVERSEAS_SELLER".to_owned()),
        ];
        let presign = sign::presign(params.iter().map(|(k, v)| (*k, v.as_str())));
        params.push(("sign", self.key.sign(presign.as_bytes())));
        params.push(("sign_type", "RSA2".to_owned()));
        params
    }

    /// Where to send the shopper: Alipay's cashier for this payment.
    pub fn cashier_url(&self, req: &PaymentRequest<'_>) -> String {
        let query: Vec<String> = self
            .payment_params(req)
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, VALUE)))
            .collect();
        format!("{}?{}", self.gateway, query.join("&"))
    }

    /// Whether parameters Alipay sent (a notification, a return) carry its signature.
    pub fn verifies<'a>(
        &self,
        params: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> bool {
        let Some(signature) = params
            .clone()
            .into_iter()
            .find(|(k, _)| *k == "sign")
            .map(|(_, v)| v)
        else {
            return false;
        };
        let rsa2 = params
            .clone()
            .into_iter()
            .any(|(k, v)| k == "sign_type" && v == "RSA2");
        rsa2 && self
            .alipay_key
            .verify(sign::presign(params).as_bytes(), signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use haitao_core::api::PaymentMethod;
    use haitao_core::Money;

    fn shop() -> (Alipay, crate::payments::rsa2::ProviderKey, MerchantKey) {
        let (merchant, merchant_public, _) = crate::payments::rsa2::test_keys();
        let (alipay_private, alipay_public, _) = crate::payments::rsa2::test_keys();
        let shop = Alipay {
            partner: "2088101568338364".into(),
            key: merchant,
            alipay_key: alipay_public,
            gateway: GATEWAY.into(),
            settlement: "USD".into(),
            notify_url: "https://shop.example/api/payments/alipay/notify".into(),
            return_url: "https://shop.example/api/payments/alipay/return".into(),
        };
        (shop, merchant_public, alipay_private)
    }

    #[test]
    fn the_cashier_link_is_signed_over_the_documented_parameters() {
        let (shop, merchant_public, _) = shop();
        let req = PaymentRequest {
            payment_id: "PAY0123456789ABCDEF",
            order_id: "HT20261203ABC",
            amount: Money::cny(12_345),
            method: PaymentMethod::Alipay,
        };
        let params = shop.payment_params(&req);
        let get = |k: &str| {
            params
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("service"), Some("create_forex_trade_wap"));
        assert_eq!(get("rmb_fee"), Some("123.45"));
        assert_eq!(get("out_trade_no"), Some("PAY0123456789ABCDEF"));
        assert_eq!(get("sign_type"), Some("RSA2"));
        // Alipay checks the signature with the shop's public key, over the pre-sign string.
        let presign = sign::presign(params.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(!presign.contains("sign="), "{presign}");
        assert!(merchant_public.verify(presign.as_bytes(), get("sign").unwrap_or_default()));
        let url = shop.cashier_url(&req);
        assert!(url
            .starts_with("https://intlmapi.alipay.com/gateway.do?service=create_forex_trade_wap&"));
        assert!(url
            .contains("notify_url=https%3A%2F%2Fshop.example%2Fapi%2Fpayments%2Falipay%2Fnotify"));
    }

    #[test]
    fn only_alipays_own_signature_is_taken() {
        let (shop, _, alipay_private) = shop();
        let mut params = vec![
            ("out_trade_no", "PAY0123456789ABCDEF".to_owned()),
            ("trade_status", "TRADE_FINISHED".to_owned()),
            ("notify_id", "ac05099524730693a8b330c5ecf72da978".to_owned()),
        ];
        let presign = sign::presign(params.iter().map(|(k, v)| (*k, v.as_str())));
        params.push(("sign", alipay_private.sign(presign.as_bytes())));
        params.push(("sign_type", "RSA2".to_owned()));
        fn view<'a>(p: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
            p.iter().map(|(k, v)| (*k, v.as_str())).collect()
        }
        assert!(shop.verifies(view(&params)));
        // Changed, unsigned, signed by another key, or of another type: refused.
        let mut changed = params.clone();
        changed[1].1 = "TRADE_CLOSED".into();
        assert!(!shop.verifies(view(&changed)));
        let unsigned: Vec<_> = params
            .iter()
            .filter(|(k, _)| *k != "sign")
            .cloned()
            .collect();
        assert!(!shop.verifies(view(&unsigned)));
        let mut md5 = params.clone();
        md5[4].1 = "MD5".into();
        assert!(!shop.verifies(view(&md5)));
        let (forger, _, _) = crate::payments::rsa2::test_keys();
        let mut forged = params.clone();
        forged[3].1 = forger.sign(presign.as_bytes());
        assert!(!shop.verifies(view(&forged)));
    }
}
