//! WeChat Pay API v3: H5 in a phone's browser, JSAPI inside WeChat, Native
//! (QR code) on a desktop (docs/PAYMENTS.md). What is here: reading a
//! notification (its signature, its age, its sealed resource) into the
//! shop's `Notification`, which `payments::apply` then applies.

pub mod client;
pub mod sign;

use serde::Deserialize;

use super::rsa2::{MerchantKey, ProviderKey};
use super::{Notification, Outcome, RefundState, Refusal};

/// How old a notification may be: an older one, even correctly signed, is
/// taken for a replay.
pub const NOTIFICATION_MAX_AGE_SECS: i64 = 300;

/// WeChat Pay's API, and WeChat's own (the OAuth that names the shopper's openid).
pub const API: &str = "https://api.mch.weixin.qq.com";
/// WeChat Pay's cross-border API, for merchants outside mainland China.
pub const API_GLOBAL: &str = "https://apihk.mch.weixin.qq.com";
pub const OPEN: &str = "https://open.weixin.qq.com";
pub const SNS: &str = "https://api.weixin.qq.com";

/// Where WeChat Pay posts notifications, under the shop's address.
pub const NOTIFY_PATH: &str = "/api/payments/wechat/notify";
/// Where WeChat Pay posts how a refund ended.
pub const REFUND_NOTIFY_PATH: &str = "/api/payments/wechat/refund-notify";

/// WeChat Pay's settings, read whole or not at all.
pub const SETTINGS: [&str; 8] = [
    "HAITAO_WECHAT_MCHID",
    "HAITAO_WECHAT_APPID",
    "HAITAO_WECHAT_APP_SECRET",
    "HAITAO_WECHAT_PRIVATE_KEY_FILE",
    "HAITAO_WECHAT_SERIAL",
    "HAITAO_WECHAT_PLATFORM_KEY_FILE",
    "HAITAO_WECHAT_PLATFORM_KEY_ID",
    "HAITAO_WECHAT_APIV3_KEY",
];

/// Which of WeChat Pay's APIs the merchant is connected to
/// (`HAITAO_WECHAT_MODE`, docs/PAYMENTS.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Api {
    /// A merchant registered in mainland China: `/v3/pay/transactions/…`,
    /// `/v3/refund/domestic/refunds`, `mchid` + `appid`.
    Domestic,
    /// A merchant outside mainland China, connected through an acquiring
    /// institution (WeChat Pay's cross-border API, host apihk): the
    /// institution's `sp_mchid` (`mchid` above) and `sp_appid`, the shop's
    /// `sub_mchid`, `/v3/global/…`.
    Global {
        sub_mchid: String,
        /// The shop's own official account, when it has one.
        sub_appid: Option<String>,
        /// `merchant_category_code`, which every global order carries.
        mcc: String,
    },
}

pub struct WechatPay {
    /// The merchant id requests are signed as: the shop's, or in the global
    /// form the acquiring institution's (`sp_mchid`).
    pub mchid: String,
    pub api_form: Api,
    /// The shop's WeChat official account, which its payments are made under.
    pub appid: String,
    /// That account's secret, for WeChat's OAuth (the shopper's openid).
    pub app_secret: String,
    /// The merchant's API key, which signs every request, and its certificate's serial.
    pub key: MerchantKey,
    pub serial: String,
    /// WeChat Pay's public key (or platform certificate key) and its id,
    /// which notifications name in `Wechatpay-Serial`.
    pub platform_key: ProviderKey,
    pub platform_key_id: String,
    /// The other key while WeChat Pay moves the merchant from platform
    /// certificates to its public key: for days, notifications come signed
    /// by either, each naming its own in `Wechatpay-Serial` (the SDKs'
    /// combined verifier takes both).
    pub second_key: Option<(String, ProviderKey)>,
    /// The APIv3 key notifications' resources are sealed with.
    pub api_v3_key: [u8; 32],
    /// Bases of WeChat Pay's API, WeChat's OAuth page and its OAuth API.
    pub api: String,
    pub open: String,
    pub sns: String,
    /// The shop's own address, for the notification and return links.
    pub base_url: String,
}

/// The `Wechatpay-*` headers of a notification.
pub struct Signed<'a> {
    pub timestamp: &'a str,
    pub nonce: &'a str,
    pub signature: &'a str,
    pub serial: &'a str,
}

#[derive(Deserialize)]
struct Envelope {
    resource: Resource,
}

#[derive(Deserialize)]
struct Resource {
    algorithm: String,
    ciphertext: String,
    #[serde(default)]
    associated_data: String,
    nonce: String,
}

/// A transaction as either API describes it (a notification, a query).
#[derive(Deserialize)]
struct Transaction {
    #[serde(default)]
    mchid: Option<String>,
    #[serde(default)]
    sp_mchid: Option<String>,
    #[serde(default)]
    sub_mchid: Option<String>,
    /// WeChat Pay's number: `transaction_id` (domestic; global-skills), or
    /// `id` (the global API's reference and OpenAPI files).
    #[serde(default)]
    transaction_id: Option<String>,
    #[serde(default)]
    id: Option<String>,
    out_trade_no: String,
    trade_state: String,
    amount: Amount,
}

#[derive(Deserialize)]
struct Amount {
    total: i64,
    currency: String,
}

impl WechatPay {
    /// From the `HAITAO_WECHAT_*` settings (SETTINGS); `HAITAO_WECHAT_API`,
    /// `_OPEN` and `_SNS` replace WeChat's addresses (the tests' fake).
    pub fn from_env(get: &impl Fn(&str) -> Option<String>, base_url: &str) -> Result<Self, String> {
        use crate::infra::config::setting;
        let v = crate::infra::config::all_of(get, &SETTINGS).map_err(|missing| {
            format!("WeChat Pay (HAITAO_PAYMENTS) needs {}", missing.join(", "))
        })?;
        let read = |name: &str, path: &str| {
            std::fs::read_to_string(path).map_err(|e| format!("{name}={path:?}: {e}"))
        };
        let key = MerchantKey::from_pem(&read("HAITAO_WECHAT_PRIVATE_KEY_FILE", &v[3])?)
            .map_err(|e| format!("HAITAO_WECHAT_PRIVATE_KEY_FILE: {e}"))?;
        let platform_key = ProviderKey::from_text(&read("HAITAO_WECHAT_PLATFORM_KEY_FILE", &v[5])?)
            .map_err(|e| format!("HAITAO_WECHAT_PLATFORM_KEY_FILE: {e}"))?;
        let api_v3_key: [u8; 32] = v[7].as_bytes().try_into().map_err(|_| {
            "HAITAO_WECHAT_APIV3_KEY: expected the 32 characters set in WeChat Pay's console"
                .to_owned()
        })?;
        let api_form = match setting(get, "HAITAO_WECHAT_MODE").as_deref() {
            None | Some("domestic") => Api::Domestic,
            Some("global") => {
                let need = |name: &str| {
                    setting(get, name).ok_or_else(|| {
                        format!("WeChat Pay's global form (HAITAO_WECHAT_MODE=global) needs {name}")
                    })
                };
                Api::Global {
                    sub_mchid: need("HAITAO_WECHAT_SUB_MCHID")?,
                    sub_appid: setting(get, "HAITAO_WECHAT_SUB_APPID"),
                    mcc: need("HAITAO_WECHAT_MCC")?,
                }
            }
            Some(other) => {
                return Err(format!(
                    "HAITAO_WECHAT_MODE={other:?}: expected domestic or global"
                ))
            }
        };
        let default_api = match api_form {
            Api::Domestic => API,
            Api::Global { .. } => API_GLOBAL,
        };
        Ok(Self {
            mchid: v[0].clone(),
            api_form,
            appid: v[1].clone(),
            app_secret: v[2].clone(),
            key,
            serial: v[4].clone(),
            platform_key,
            platform_key_id: v[6].clone(),
            second_key: match (
                setting(get, "HAITAO_WECHAT_SECOND_KEY_FILE"),
                setting(get, "HAITAO_WECHAT_SECOND_KEY_ID"),
            ) {
                (None, None) => None,
                (Some(path), Some(id)) => Some((
                    id,
                    ProviderKey::from_text(&read("HAITAO_WECHAT_SECOND_KEY_FILE", &path)?)
                        .map_err(|e| format!("HAITAO_WECHAT_SECOND_KEY_FILE: {e}"))?,
                )),
                _ => {
                    return Err(
                        "HAITAO_WECHAT_SECOND_KEY_FILE and HAITAO_WECHAT_SECOND_KEY_ID go together"
                            .into(),
                    )
                }
            },
            api_v3_key,
            api: setting(get, "HAITAO_WECHAT_API").unwrap_or_else(|| default_api.into()),
            open: setting(get, "HAITAO_WECHAT_OPEN").unwrap_or_else(|| OPEN.into()),
            sns: setting(get, "HAITAO_WECHAT_SNS").unwrap_or_else(|| SNS.into()),
            base_url: base_url.to_owned(),
        })
    }

    /// Whether an answer of WeChat Pay's carries its signature (`Wechatpay-*` headers).
    /// The key is the one the message names in `Wechatpay-Serial`; a key id
    /// the shop does not hold is refused.
    pub fn signed_by_wechat(&self, h: &Signed<'_>, body: &str) -> bool {
        let key = if h.serial == self.platform_key_id {
            Some(&self.platform_key)
        } else {
            self.second_key
                .as_ref()
                .filter(|(id, _)| *id == h.serial)
                .map(|(_, k)| k)
        };
        key.is_some_and(|k| {
            k.verify(
                sign::response_message(h.timestamp, h.nonce, body).as_bytes(),
                h.signature,
            )
        })
    }

    /// The sealed resource of a notification in `body` with its headers,
    /// checked as WeChat Pay's guide says (signature, age at `now` in seconds
    /// since the epoch, AEAD_AES_256_GCM), opened.
    fn open(&self, h: &Signed<'_>, body: &str, now: i64) -> Result<Vec<u8>, Refusal> {
        if !self.signed_by_wechat(h, body) {
            return Err(Refusal::Signature);
        }
        let at: i64 = h.timestamp.parse().map_err(|_| Refusal::Stale)?;
        if (now - at).abs() > NOTIFICATION_MAX_AGE_SECS {
            return Err(Refusal::Stale);
        }
        let envelope: Envelope = serde_json::from_str(body).map_err(|_| Refusal::Unreadable)?;
        let r = envelope.resource;
        if r.algorithm != "AEAD_AES_256_GCM" {
            return Err(Refusal::Unreadable);
        }
        sign::decrypt(
            &self.api_v3_key,
            &r.associated_data,
            &r.nonce,
            &r.ciphertext,
        )
        .ok_or(Refusal::Unreadable)
    }

    /// A payment's notification, read into the shop's `Notification`.
    pub fn read_notification(
        &self,
        h: &Signed<'_>,
        body: &str,
        now: i64,
    ) -> Result<Notification, Refusal> {
        let plain = self.open(h, body, now)?;
        let t: Transaction = serde_json::from_slice(&plain).map_err(|_| Refusal::Unreadable)?;
        self.word_on(t)?.ok_or(Refusal::Unreadable)
    }

    /// A refund's notification (REFUND.SUCCESS, .ABNORMAL, .CLOSED): which
    /// refund (`out_refund_no`) and how it ended.
    pub fn read_refund_notification(
        &self,
        h: &Signed<'_>,
        body: &str,
        now: i64,
    ) -> Result<(String, RefundState), Refusal> {
        let plain = self.open(h, body, now)?;
        let r: serde_json::Value =
            serde_json::from_slice(&plain).map_err(|_| Refusal::Unreadable)?;
        // The domestic refund resource names no merchant (wechatpay-java's
        // RefundNotification has no mchid); one that names another is refused.
        let unnamed = self.api_form == Api::Domestic && r.get("mchid").is_none();
        if !unnamed
            && !self.is_ours(
                r["mchid"].as_str(),
                r["sp_mchid"].as_str(),
                r["sub_mchid"].as_str(),
            )
        {
            return Err(Refusal::Unreadable);
        }
        let no = r["out_refund_no"].as_str().ok_or(Refusal::Unreadable)?;
        let state = client::refund_state_of(&r).ok_or(Refusal::Unreadable)?;
        Ok((no.to_owned(), state))
    }

    /// What a transaction of WeChat Pay's (notified or queried, its signature
    /// checked) says of the payment; `None` while it is not over.
    fn word_on(&self, t: Transaction) -> Result<Option<Notification>, Refusal> {
        if !self.is_ours(
            t.mchid.as_deref(),
            t.sp_mchid.as_deref(),
            t.sub_mchid.as_deref(),
        ) {
            return Err(Refusal::Unreadable);
        }
        let outcome = match t.trade_state.as_str() {
            "SUCCESS" => Outcome::Succeeded,
            "CLOSED" | "REVOKED" => Outcome::Cancelled,
            "PAYERROR" => Outcome::Failed,
            // NOTPAY, USERPAYING, REFUND: nothing to apply (yet).
            _ => return Ok(None),
        };
        Ok(Some(Notification {
            payment_id: t.out_trade_no,
            outcome,
            amount_fen: t.amount.total,
            currency: t.amount.currency,
            // Verified here, on WeChat Pay's own signature.
            signature: String::new(),
            transaction_id: t.transaction_id.or(t.id),
            amount_as_signed: false,
        }))
    }

    /// Whether a transaction or refund names this merchant: `mchid`
    /// (domestic), or `sp_mchid` and `sub_mchid` (global).
    fn is_ours(&self, mchid: Option<&str>, sp_mchid: Option<&str>, sub: Option<&str>) -> bool {
        match &self.api_form {
            Api::Domestic => mchid == Some(self.mchid.as_str()),
            Api::Global { sub_mchid, .. } => {
                sp_mchid == Some(self.mchid.as_str()) && sub == Some(sub_mchid.as_str())
            }
        }
    }

    /// The transaction WeChat Pay answers for a query, read as a notification is.
    pub fn word_on_json(&self, answer: serde_json::Value) -> Result<Option<Notification>, Refusal> {
        let t: Transaction = serde_json::from_value(answer).map_err(|_| Refusal::Unreadable)?;
        self.word_on(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::rsa2::{test_keys, MerchantKey};

    const NOW: i64 = 1_764_700_000;

    /// A shop, and WeChat Pay's signing key as the tests' fake of it holds it.
    fn shop() -> (WechatPay, MerchantKey) {
        let (platform_private, platform_public, _) = test_keys();
        let (merchant, _, _) = test_keys();
        (
            WechatPay {
                mchid: "1900009191".into(),
                api_form: Api::Domestic,
                appid: "wxd678efh567hg6787".into(),
                app_secret: "secret".into(),
                key: merchant,
                serial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".into(),
                platform_key: platform_public,
                platform_key_id: "PUB_KEY_ID_0114232134912410000000000000".into(),
                second_key: None,
                api_v3_key: *b"a7cde1ef9b1c4d0f8e2a6b3c5d7e9f10",
                api: API.into(),
                open: OPEN.into(),
                sns: SNS.into(),
                base_url: "https://shop.example".into(),
            },
            platform_private,
        )
    }

    /// A notification as WeChat Pay sends it: sealed transaction, signed headers.
    fn sent(
        shop: &WechatPay,
        by: &MerchantKey,
        at: i64,
        state: &str,
        total: i64,
    ) -> (String, String, String) {
        let transaction = serde_json::json!({
            "mchid": shop.mchid, "appid": "wxd678efh567hg6787", "out_trade_no": "PAY0123456789ABCDEF",
            "transaction_id": "4200000000202612030000000001", "trade_type": "MWEB", "trade_state": state,
            "success_time": "2026-12-03T10:00:00+08:00",
            "amount": { "total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY" }
        });
        let nonce = "fdasflkja484";
        let body = serde_json::json!({
            "id": "EV-2018022511223320873", "create_time": "2026-12-03T10:00:01+08:00",
            "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
            "resource": {
                "original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": sign::encrypt(&shop.api_v3_key, "transaction", nonce, transaction.to_string().as_bytes()),
                "associated_data": "transaction", "nonce": nonce
            }
        })
        .to_string();
        let ts = at.to_string();
        let signature = by.sign(
            sign::response_message(&ts, "5K8264ILTKCH16CQ2502SI8ZNMTM67VS", &body).as_bytes(),
        );
        (ts, signature, body)
    }

    fn headers<'a>(ts: &'a str, signature: &'a str, serial: &'a str) -> Signed<'a> {
        Signed {
            timestamp: ts,
            nonce: "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
            signature,
            serial,
        }
    }

    #[test]
    fn a_signed_fresh_payment_is_read_with_its_amount() {
        let (shop, wechat) = shop();
        let (ts, sig, body) = sent(&shop, &wechat, NOW - 10, "SUCCESS", 12_345);
        let n = shop
            .read_notification(&headers(&ts, &sig, &shop.platform_key_id), &body, NOW)
            .expect("read");
        assert_eq!(
            (
                n.payment_id.as_str(),
                n.outcome,
                n.amount_fen,
                n.currency.as_str()
            ),
            ("PAY0123456789ABCDEF", Outcome::Succeeded, 12_345, "CNY")
        );
        let (ts, sig, body) = sent(&shop, &wechat, NOW, "PAYERROR", 12_345);
        let failed = shop.read_notification(&headers(&ts, &sig, &shop.platform_key_id), &body, NOW);
        assert_eq!(failed.map(|n| n.outcome), Ok(Outcome::Failed));
    }

    /// While WeChat Pay moves the merchant from its platform certificate to
    /// its public key, a notification may be signed by either, naming it.
    #[test]
    fn both_keys_during_the_move_each_by_its_own_serial() {
        let (mut shop, wechat) = shop();
        let (cert_private, cert_public, _) = test_keys();
        const CERT_SERIAL: &str = "7132D72A03E93CDDF8C03BBD1F37EEDF2E1EB7D3";
        let (ts, sig, body) = sent(&shop, &cert_private, NOW, "SUCCESS", 100);
        // Before the second key is configured: refused.
        assert_eq!(
            shop.read_notification(&headers(&ts, &sig, CERT_SERIAL), &body, NOW)
                .err(),
            Some(Refusal::Signature)
        );
        shop.second_key = Some((CERT_SERIAL.into(), cert_public));
        assert!(shop
            .read_notification(&headers(&ts, &sig, CERT_SERIAL), &body, NOW)
            .is_ok());
        // Each key only under its own serial.
        assert_eq!(
            shop.read_notification(&headers(&ts, &sig, &shop.platform_key_id), &body, NOW)
                .err(),
            Some(Refusal::Signature)
        );
        let (ts, sig, body) = sent(&shop, &wechat, NOW, "SUCCESS", 100);
        assert!(shop
            .read_notification(&headers(&ts, &sig, &shop.platform_key_id), &body, NOW)
            .is_ok());
        assert!(shop
            .read_notification(&headers(&ts, &sig, CERT_SERIAL), &body, NOW)
            .is_err());
    }

    #[test]
    fn forged_replayed_or_tampered_notifications_are_refused() {
        let (shop, wechat) = shop();
        let (ts, sig, body) = sent(&shop, &wechat, NOW, "SUCCESS", 100);
        let read = |ts: &str, sig: &str, serial: &str, body: &str, now: i64| {
            shop.read_notification(&headers(ts, sig, serial), body, now)
        };
        // Signed by another key than WeChat Pay's.
        let (forger, _, _) = test_keys();
        let (_, forged, _) = sent(&shop, &forger, NOW, "SUCCESS", 100);
        assert_eq!(
            read(&ts, &forged, &shop.platform_key_id, &body, NOW).err(),
            Some(Refusal::Signature)
        );
        // Naming another key.
        assert_eq!(
            read(&ts, &sig, "PUB_KEY_ID_OTHER", &body, NOW).err(),
            Some(Refusal::Signature)
        );
        // The body changed after signing (a bigger amount cannot be slipped in).
        let changed = body.replace("EV-2018022511223320873", "EV-2018022511223320874");
        assert_eq!(
            read(&ts, &sig, &shop.platform_key_id, &changed, NOW).err(),
            Some(Refusal::Signature)
        );
        // The same notification, sent again ten minutes later.
        assert_eq!(
            read(&ts, &sig, &shop.platform_key_id, &body, NOW + 600).err(),
            Some(Refusal::Stale)
        );
        // Sealed with another APIv3 key: signed and fresh, but unreadable.
        let other = WechatPay {
            api_v3_key: [9u8; 32],
            platform_key: shop.platform_key,
            ..shop
        };
        assert_eq!(
            other
                .read_notification(&headers(&ts, &sig, &other.platform_key_id), &body, NOW)
                .err(),
            Some(Refusal::Unreadable)
        );
    }
}
