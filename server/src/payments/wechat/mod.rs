//! WeChat Pay API v3: H5 in a phone's browser, JSAPI inside WeChat, Native
//! (QR code) on a desktop (docs/PAYMENTS.md). What is here: reading a
//! notification (its signature, its age, its sealed resource) into the
//! shop's `Notification`, which `payments::apply` then applies.

pub mod sign;

use serde::Deserialize;

use super::rsa2::ProviderKey;
use super::{Notification, Outcome};

/// How old a notification may be: an older one, even correctly signed, is
/// taken for a replay.
pub const NOTIFICATION_MAX_AGE_SECS: i64 = 300;

pub struct WechatPay {
    pub mchid: String,
    /// WeChat Pay's public key (or platform certificate key) and its id,
    /// which notifications name in `Wechatpay-Serial`.
    pub platform_key: ProviderKey,
    pub platform_key_id: String,
    /// The APIv3 key notifications' resources are sealed with.
    pub api_v3_key: [u8; 32],
}

/// The `Wechatpay-*` headers of a notification.
pub struct Signed<'a> {
    pub timestamp: &'a str,
    pub nonce: &'a str,
    pub signature: &'a str,
    pub serial: &'a str,
}

/// Why a notification is not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not signed by WeChat Pay's key (or by another key than the one configured).
    Signature,
    /// Signed, but too old or from the future: a replay.
    Stale,
    /// Signed and fresh, but not a payment this shop can read.
    Unreadable,
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

#[derive(Deserialize)]
struct Transaction {
    mchid: String,
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
    /// The notification in `body` with its headers, checked as WeChat Pay's
    /// guide says, at `now` (seconds since the epoch).
    pub fn read_notification(
        &self,
        h: &Signed<'_>,
        body: &str,
        now: i64,
    ) -> Result<Notification, Refusal> {
        let message = sign::response_message(h.timestamp, h.nonce, body);
        if h.serial != self.platform_key_id
            || !self.platform_key.verify(message.as_bytes(), h.signature)
        {
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
        let plain = sign::decrypt(
            &self.api_v3_key,
            &r.associated_data,
            &r.nonce,
            &r.ciphertext,
        )
        .ok_or(Refusal::Unreadable)?;
        let t: Transaction = serde_json::from_slice(&plain).map_err(|_| Refusal::Unreadable)?;
        if t.mchid != self.mchid {
            return Err(Refusal::Unreadable);
        }
        let outcome = match t.trade_state.as_str() {
            "SUCCESS" => Outcome::Succeeded,
            "CLOSED" | "REVOKED" => Outcome::Cancelled,
            "PAYERROR" => Outcome::Failed,
            // NOTPAY, USERPAYING, REFUND: nothing to apply yet.
            _ => return Err(Refusal::Unreadable),
        };
        Ok(Notification {
            payment_id: t.out_trade_no,
            outcome,
            amount_fen: t.amount.total,
            currency: t.amount.currency,
            // Verified here, on WeChat Pay's own signature.
            signature: String::new(),
        })
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
        (
            WechatPay {
                mchid: "1900009191".into(),
                platform_key: platform_public,
                platform_key_id: "PUB_KEY_ID_0114232134912410000000000000".into(),
                api_v3_key: *b"a7cde1ef9b1c4d0f8e2a6b3c5d7e9f10",
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
