//! WeChat Pay API v3's signatures (docs/PAYMENTS.md): what the shop signs on
//! each request (and on a JSAPI payment sheet), what WeChat Pay signs on its
//! answers and notifications, and the notification's encrypted resource.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The scheme named in the Authorization header.
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// What a request's signature covers: method, path with query, timestamp,
/// nonce and body, each followed by a newline (an empty body too).
pub fn request_message(
    method: &str,
    path_and_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &str,
) -> String {
    format!("{method}\n{path_and_query}\n{timestamp}\n{nonce}\n{body}\n")
}

/// The Authorization header of a signed request.
pub fn authorization(
    mchid: &str,
    serial_no: &str,
    timestamp: i64,
    nonce: &str,
    signature: &str,
) -> String {
    format!(
        "{SCHEME} mchid=\"{mchid}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{serial_no}\""
    )
}

/// What WeChat Pay's signature on an answer or a notification covers: the
/// `Wechatpay-Timestamp` and `Wechatpay-Nonce` headers and the body.
pub fn response_message(timestamp: &str, nonce: &str, body: &str) -> String {
    format!("{timestamp}\n{nonce}\n{body}\n")
}

/// What the JSAPI payment sheet's `paySign` covers.
pub fn jsapi_message(app_id: &str, timestamp: &str, nonce: &str, package: &str) -> String {
    format!("{app_id}\n{timestamp}\n{nonce}\n{package}\n")
}

/// A notification's `resource`, opened with the APIv3 key
/// (AEAD_AES_256_GCM: the ciphertext is base64 with the tag at its end).
pub fn decrypt(
    api_v3_key: &[u8; 32],
    associated_data: &str,
    nonce: &str,
    ciphertext: &str,
) -> Option<Vec<u8>> {
    if nonce.len() != 12 {
        return None;
    }
    let sealed = STANDARD.decode(ciphertext.trim()).ok()?;
    Aes256Gcm::new(api_v3_key.into())
        .decrypt(
            Nonce::from_slice(nonce.as_bytes()),
            Payload {
                msg: &sealed,
                aad: associated_data.as_bytes(),
            },
        )
        .ok()
}

/// The other way, for the tests' fake of WeChat Pay.
pub fn encrypt(api_v3_key: &[u8; 32], associated_data: &str, nonce: &str, plain: &[u8]) -> String {
    let sealed = Aes256Gcm::new(api_v3_key.into())
        .encrypt(
            Nonce::from_slice(nonce.as_bytes()),
            Payload {
                msg: plain,
                aad: associated_data.as_bytes(),
            },
        )
        .unwrap_or_default();
    STANDARD.encode(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example in WeChat Pay's "Signature generation" guide (docs/PAYMENTS.md).
    #[test]
    fn the_documented_request_message_and_header() {
        assert_eq!(
            request_message(
                "GET",
                "/v3/certificates",
                1554208460,
                "593BEC0C930BF1AFEB40B4A08C8FB242",
                ""
            ),
            "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
        );
        assert_eq!(
            authorization("1900009191", "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242", "uOVRnA4qG/MNnYzdQxJanN=="),
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1900009191\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",signature=\"uOVRnA4qG/MNnYzdQxJanN==\",timestamp=\"1554208460\",serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\""
        );
    }

    #[test]
    fn a_resource_opens_with_its_key_nonce_and_associated_data_only() {
        let key = [7u8; 32];
        let sealed = encrypt(
            &key,
            "transaction",
            "fdasflkja484",
            b"{\"trade_state\":\"SUCCESS\"}",
        );
        assert_eq!(
            decrypt(&key, "transaction", "fdasflkja484", &sealed).as_deref(),
            Some(&b"{\"trade_state\":\"SUCCESS\"}"[..])
        );
        assert_eq!(
            decrypt(&[8u8; 32], "transaction", "fdasflkja484", &sealed),
            None
        );
        assert_eq!(decrypt(&key, "refund", "fdasflkja484", &sealed), None);
        assert_eq!(decrypt(&key, "transaction", "fdasflkja485", &sealed), None);
        assert_eq!(decrypt(&key, "transaction", "short", &sealed), None);
    }
}
