//! Alipay's cross-border online payment for mobile websites
//! (`create_forex_trade_wap`, docs/PAYMENTS.md): the shopper is sent to
//! Alipay's mobile cashier by a signed GET; the amount is in yuan (`rmb_fee`),
//! settled to the shop in its contract currency.

pub mod sign;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::rsa2::{MerchantKey, ProviderKey};
use super::{
    Notification, Outcome, PaymentRequest, ProviderError, RefundRequest, Refusal, Scene, CURRENCY,
};

/// What a query value keeps as it is (RFC 3986's unreserved characters).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Alipay's production gateway.
pub const GATEWAY: &str = "https://intlmapi.alipay.com/gateway.do";

/// Where Alipay posts notifications and sends the shopper back, under the shop's address.
pub const NOTIFY_PATH: &str = "/api/payments/alipay/notify";
pub const RETURN_PATH: &str = "/api/payments/alipay/return";

/// Fen from an amount Alipay wrote ("123.45", "123.4", "123"); nothing else.
pub fn fen(text: &str) -> Option<i64> {
    let (whole, part) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || part.len() > 2 || !(part.is_empty() || digits(part)) {
        return None;
    }
    let cents = format!("{part:0<2}");
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents.parse().ok()?)
}

/// Alipay's settings, read whole or not at all.
pub const SETTINGS: [&str; 3] = [
    "HAITAO_ALIPAY_PARTNER",
    "HAITAO_ALIPAY_PRIVATE_KEY_FILE",
    "HAITAO_ALIPAY_PUBLIC_KEY",
];

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
    /// `timeout_rule` on every trade, when the operator set one that Alipay
    /// enabled for the shop (`HAITAO_ALIPAY_TIMEOUT_RULE`; Alipay's default is 12h).
    pub timeout_rule: Option<String>,
}

/// The values `timeout_rule` may take; only 12h unless Alipay enabled others
/// for the partner (Alipay help centre, "How to set the timeout parameter of
/// create_forex_trade", docs/PAYMENTS.md).
pub const TIMEOUT_RULES: [&str; 14] = [
    "5m", "10m", "15m", "30m", "1h", "2h", "3h", "5h", "10h", "12h", "1d", "3d", "7d", "15d",
];

/// The longest `order_valid_time` Alipay takes, in seconds (create_forex_trade_cn).
const ORDER_VALID_MAX: i64 = 2_592_000;

impl Alipay {
    /// From `HAITAO_ALIPAY_PARTNER`, `_PRIVATE_KEY_FILE` (the shop's RSA key,
    /// PEM), `_PUBLIC_KEY` (Alipay's, as its console shows it, or PEM), and
    /// optionally `_GATEWAY` and `_SETTLEMENT_CURRENCY` (USD).
    pub fn from_env(get: &impl Fn(&str) -> Option<String>, base_url: &str) -> Result<Self, String> {
        use crate::infra::config::setting;
        let v = crate::infra::config::all_of(get, &SETTINGS)
            .map_err(|missing| format!("Alipay (HAITAO_PAYMENTS) needs {}", missing.join(", ")))?;
        let pem = std::fs::read_to_string(&v[1])
            .map_err(|e| format!("HAITAO_ALIPAY_PRIVATE_KEY_FILE={:?}: {e}", v[1]))?;
        let key = MerchantKey::from_pem(&pem)
            .map_err(|e| format!("HAITAO_ALIPAY_PRIVATE_KEY_FILE={:?}: {e}", v[1]))?;
        let alipay_key =
            ProviderKey::from_text(&v[2]).map_err(|e| format!("HAITAO_ALIPAY_PUBLIC_KEY: {e}"))?;
        Ok(Self {
            partner: v[0].clone(),
            key,
            alipay_key,
            gateway: setting(get, "HAITAO_ALIPAY_GATEWAY").unwrap_or_else(|| GATEWAY.into()),
            settlement: setting(get, "HAITAO_ALIPAY_SETTLEMENT_CURRENCY")
                .unwrap_or_else(|| "USD".into())
                .to_uppercase(),
            notify_url: format!("{base_url}{NOTIFY_PATH}"),
            return_url: format!("{base_url}{RETURN_PATH}"),
            timeout_rule: match setting(get, "HAITAO_ALIPAY_TIMEOUT_RULE") {
                None => None,
                Some(rule) if TIMEOUT_RULES.contains(&rule.as_str()) => Some(rule),
                Some(rule) => {
                    return Err(format!(
                        "HAITAO_ALIPAY_TIMEOUT_RULE={rule:?}: expected one of {}",
                        TIMEOUT_RULES.join(" ")
                    ))
                }
            },
        })
    }

    /// The signed request parameters of a payment, in the order they are sent:
    /// the mobile cashier for a phone, the website cashier (with its QR code)
    /// for a desktop.
    pub fn payment_params(
        &self,
        req: &PaymentRequest<'_>,
        now: time::OffsetDateTime,
    ) -> Vec<(&'static str, String)> {
        let (service, product) = service_of(Some(req.scene));
        let mut params = vec![
            ("service", service.to_owned()),
            ("partner", self.partner.clone()),
            ("_input_charset", "UTF-8".to_owned()),
            ("notify_url", self.notify_url.clone()),
            ("return_url", self.return_url.clone()),
            // No special characters in a subject (Alipay's rule): the order's own id.
            ("subject", format!("haitao {}", req.order_id)),
            ("out_trade_no", req.payment_id.to_owned()),
            ("currency", self.settlement.clone()),
            // Yuan, as the shop priced the order.
            ("rmb_fee", req.amount.decimal()),
            ("product_code", product.to_owned()),
        ];
        // The trade stops taking money when the shop gives the order up:
        // counted from its creation (order_gmt_create, China time), which
        // takes precedence over timeout_rule (Alipay help centre).
        let left = req
            .pay_by
            .and_then(crate::infra::clock::parse)
            .map(|by| (by - now).whole_seconds())
            .filter(|s| *s > 60);
        if let Some(seconds) = left {
            params.push(("order_gmt_create", crate::infra::clock::china_datetime(now)));
            params.push(("order_valid_time", seconds.min(ORDER_VALID_MAX).to_string()));
        }
        if let Some(rule) = &self.timeout_rule {
            params.push(("timeout_rule", rule.clone()));
        }
        self.sign(&mut params);
        params
    }

    fn sign(&self, params: &mut Vec<(&'static str, String)>) {
        let presign = sign::presign(params.iter().map(|(k, v)| (*k, v.as_str())));
        params.push(("sign", self.key.sign(presign.as_bytes())));
        params.push(("sign_type", "RSA2".to_owned()));
    }

    fn url(&self, params: &[(&'static str, String)]) -> String {
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, VALUE)))
            .collect();
        format!("{}?{}", self.gateway, query.join("&"))
    }

    /// Where to send the shopper: Alipay's cashier for this payment.
    pub fn cashier_url(&self, req: &PaymentRequest<'_>, now: time::OffsetDateTime) -> String {
        self.url(&self.payment_params(req, now))
    }

    /// What Alipay says of a payment (a notification, or the parameters the
    /// shopper comes back with), once its signature verifies. `None`: a state
    /// with nothing to apply yet.
    pub fn notification(
        &self,
        params: &[(String, String)],
    ) -> Result<Option<Notification>, Refusal> {
        let view = params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        if !self.verifies(view) {
            return Err(Refusal::Signature);
        }
        self.word_on(params)
    }

    /// A trade as Alipay describes it (a verified notification, or the
    /// `<trade>` of a query), read into the shop's `Notification`.
    ///
    /// Its amount comes in one of two forms. `rmb_fee`: the yuan amount,
    /// checked against the payment. `total_fee` alone (the form of Alipay's
    /// own notification samples, for trades priced in the settlement
    /// currency): an amount in `currency`, which cannot be compared with
    /// yuan; the trade's yuan amount is then the one the shop signed when it
    /// created it (`amount_as_signed`). Either way `currency` must be the
    /// contract's settlement currency.
    fn word_on(&self, pairs: &[(String, String)]) -> Result<Option<Notification>, Refusal> {
        let get = |name: &str| value(pairs, name);
        // Signed, but for another merchant's trade: not this shop's word.
        if get("seller_id").is_some_and(|s| s != self.partner) {
            return Err(Refusal::Unreadable);
        }
        let payment_id = get("out_trade_no").ok_or(Refusal::Unreadable)?;
        let outcome = match get("trade_status") {
            Some("TRADE_FINISHED" | "TRADE_SUCCESS") => Outcome::Succeeded,
            Some("TRADE_CLOSED") => Outcome::Cancelled,
            Some(_) => return Ok(None),
            None => return Err(Refusal::Unreadable),
        };
        let currency = match get("currency") {
            Some(c) if c == self.settlement => CURRENCY.to_owned(),
            Some(other) => other.to_owned(),
            None => return Err(Refusal::Unreadable),
        };
        let (amount_fen, amount_as_signed) = match (get("rmb_fee"), get("total_fee")) {
            (Some(rmb), _) => (fen(rmb).ok_or(Refusal::Unreadable)?, false),
            // In the settlement currency: well formed, and the currency the contract's.
            (None, Some(total)) if currency == CURRENCY => {
                (fen(total).ok_or(Refusal::Unreadable)?, true)
            }
            _ => return Err(Refusal::Unreadable),
        };
        Ok(Some(Notification {
            payment_id: payment_id.to_owned(),
            outcome,
            amount_fen,
            currency,
            signature: String::new(),
            transaction_id: get("trade_no").map(str::to_owned),
            amount_as_signed,
        }))
    }

    /// The signed parameters of a refund (`forex_refund`, answered at once:
    /// `is_sync=Y`), in yuan; `gmt_return` in China's time.
    pub fn refund_params(
        &self,
        req: &RefundRequest<'_>,
        gmt_return: &str,
    ) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("service", "forex_refund".to_owned()),
            ("partner", self.partner.clone()),
            ("_input_charset", "UTF-8".to_owned()),
            ("out_return_no", req.refund_id.to_owned()),
            ("out_trade_no", req.payment_id.to_owned()),
            ("return_rmb_amount", req.amount.decimal()),
            ("currency", self.settlement.clone()),
            ("gmt_return", gmt_return.to_owned()),
            ("reason", "haitao refund".to_owned()),
            // forex_refund_cn: required, the product the trade was paid through.
            ("product_code", service_of(req.scene).1.to_owned()),
            ("is_sync", "Y".to_owned()),
        ];
        self.sign(&mut params);
        params
    }

    /// Asks Alipay to give the money back; its answer is `<is_success>T</is_success>`
    /// or an `<error>` code.
    pub async fn refund(
        &self,
        client: &reqwest::Client,
        req: &RefundRequest<'_>,
        now: time::OffsetDateTime,
    ) -> Result<String, ProviderError> {
        let gmt = crate::infra::clock::china_compact(now);
        let answer = self
            .call(client, "refund", &self.refund_params(req, &gmt))
            .await?;
        let fail =
            |why: &str| ProviderError(format!("Alipay refused refund {}: {why}", req.refund_id));
        let doc = roxmltree::Document::parse(&answer).map_err(|e| fail(&e.to_string()))?;
        match (
            element_text(&doc, "is_success"),
            element_text(&doc, "error"),
        ) {
            (Some("T"), _) => Ok(req.refund_id.to_owned()),
            (_, error) => Err(fail(error.unwrap_or("no answer"))),
        }
    }

    /// A call to Alipay's gateway (`what` names it in errors): its answer's text.
    async fn call(
        &self,
        client: &reqwest::Client,
        what: &str,
        params: &[(&'static str, String)],
    ) -> Result<String, ProviderError> {
        let fail = |e| {
            ProviderError(format!(
                "Alipay {what}: {}",
                crate::infra::outbound::error(e)
            ))
        };
        client
            .get(self.url(params))
            .send()
            .await
            .map_err(fail)?
            .text()
            .await
            .map_err(fail)
    }

    /// Asks Alipay whether it sent the notification `notify_id` (its own
    /// demo's `notify_verify`, unsigned): its answer is `true`, else `false`
    /// or `invalid`. A notify_id is good for about a minute; Alipay sends a
    /// notification again until it is taken.
    pub async fn notify_verify(
        &self,
        client: &reqwest::Client,
        notify_id: &str,
    ) -> Result<bool, ProviderError> {
        let params = [
            ("service", "notify_verify".to_owned()),
            ("partner", self.partner.clone()),
            ("notify_id", notify_id.to_owned()),
        ];
        let answer = self.call(client, "notify_verify", &params).await?;
        Ok(answer.trim() == "true")
    }

    /// How payment `payment_id` went, by Alipay's `single_trade_query`: its
    /// word once the trade is over, `None` while the shopper has not paid (or
    /// never reached the cashier: TRADE_NOT_EXIST).
    pub async fn query(
        &self,
        client: &reqwest::Client,
        payment_id: &str,
    ) -> Result<Option<Notification>, ProviderError> {
        let fail = |e: String| ProviderError(format!("Alipay single_trade_query: {e}"));
        let mut params = vec![
            ("service", "single_trade_query".to_owned()),
            ("partner", self.partner.clone()),
            ("_input_charset", "UTF-8".to_owned()),
            ("out_trade_no", payment_id.to_owned()),
        ];
        self.sign(&mut params);
        let answer = self.call(client, "single_trade_query", &params).await?;
        let doc = roxmltree::Document::parse(&answer).map_err(|e| fail(e.to_string()))?;
        let text = |name: &str| element_text(&doc, name);
        match (text("is_success"), text("error")) {
            (Some("T"), _) => {}
            (_, Some("TRADE_NOT_EXIST")) => return Ok(None),
            (_, error) => return Err(fail(error.unwrap_or("no answer").to_owned())),
        }
        let mut trade: Vec<(String, String)> = doc
            .descendants()
            .find(|n| n.has_tag_name("trade"))
            .ok_or_else(|| fail("no <trade>".into()))?
            .children()
            .filter(roxmltree::Node::is_element)
            .map(|n| {
                let value = n.text().unwrap_or_default().trim().to_owned();
                (n.tag_name().name().to_owned(), value)
            })
            .collect();
        // Signed over the <trade> children, sorted (as the pre-sign string):
        // Yurunsoft/PaySDK's reading; no page of Alipay's states it.
        let signed = self.alipay_key.verify(
            sign::presign(trade.iter().map(|(k, v)| (k.as_str(), v.as_str()))).as_bytes(),
            text("sign").unwrap_or_default(),
        );
        if text("sign_type") != Some("RSA2") || !signed {
            return Err(fail("the answer is not signed by Alipay".into()));
        }
        // The query does not restate the currency: the trade's is the one
        // the shop created it in, the settlement currency.
        if !trade.iter().any(|(k, _)| k == "currency") {
            trade.push(("currency".into(), self.settlement.clone()));
        }
        self.word_on(&trade)
            .map_err(|refusal| fail(format!("{refusal:?}")))
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

/// The value of `name` among name-value pairs (a form Alipay posted, or a
/// query answer's `<trade>`).
pub fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The service and product a payment on this screen goes through: the
/// website cashier on a desktop, the mobile one otherwise (and for a payment
/// whose screen was not kept: the shop's shoppers are on phones).
fn service_of(scene: Option<Scene>) -> (&'static str, &'static str) {
    match scene {
        Some(Scene::Desktop) => ("create_forex_trade", "NEW_OVERSEAS_SELLER"),
        Some(Scene::Phone | Scene::Wechat) | None => {
            ("create_forex_trade_wap", "NEW_WAP_OVERSEAS_SELLER")
        }
    }
}

/// The text of the first `<name>` element of an answer of Alipay's gateway
/// (its answers are XML: `<alipay><is_success>…`).
fn element_text<'a>(doc: &'a roxmltree::Document<'_>, name: &str) -> Option<&'a str> {
    doc.descendants()
        .find(|n| n.has_tag_name(name))
        .and_then(|n| n.text())
        .map(str::trim)
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
            timeout_rule: None,
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
            scene: Scene::Phone,
            client_ip: std::net::Ipv4Addr::LOCALHOST.into(),
            pay_by: Some("2026-12-03T10:30:00Z"),
        };
        let now = crate::infra::clock::parse("2026-12-03T10:00:00Z").expect("now");
        let params = shop.payment_params(&req, now);
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
        // Alipay stops taking money when the shop gives the order up.
        assert_eq!(get("order_gmt_create"), Some("2026-12-03 18:00:00"));
        assert_eq!(get("order_valid_time"), Some("1800"));
        assert_eq!(get("timeout_rule"), None, "12h unless the operator set one");
        // Alipay checks the signature with the shop's public key, over the pre-sign string.
        let presign = sign::presign(params.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(!presign.contains("sign="), "{presign}");
        assert!(merchant_public.verify(presign.as_bytes(), get("sign").unwrap_or_default()));
        let url = shop.cashier_url(&req, now);
        assert!(url
            .starts_with("https://intlmapi.alipay.com/gateway.do?service=create_forex_trade_wap&"));
        assert!(url
            .contains("notify_url=https%3A%2F%2Fshop.example%2Fapi%2Fpayments%2Falipay%2Fnotify"));
    }

    #[test]
    fn amounts_are_written_and_read_as_alipay_writes_them() {
        assert_eq!(fen("123.45"), Some(12_345));
        assert_eq!(fen("123.4"), Some(12_340));
        assert_eq!(fen("123"), Some(12_300));
        for bad in [
            "",
            ".5",
            "1.234",
            "-1.00",
            "1,00",
            "1.0x",
            "99999999999999999999",
        ] {
            assert_eq!(fen(bad), None, "{bad}");
        }
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
