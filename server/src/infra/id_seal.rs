//! The payer's ID number, sealed for the customs declaration: AES-256-GCM
//! with a random nonce, the order id as associated data (a sealed number
//! copied onto another order does not open). Stored as `v1:` + base64 of
//! nonce and ciphertext.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;

const PREFIX: &str = "v1:";
const NONCE_LEN: usize = 12;

pub struct IdSeal(Aes256Gcm);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("the sealed ID number is not in a known format")]
    Format,
    #[error("the sealed ID number does not open with this key for this order")]
    Open,
}

impl IdSeal {
    pub fn new(key: &[u8; 32]) -> Self {
        Self(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)))
    }

    pub fn seal(&self, order_id: &str, id_number: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let plain = id_number.trim().to_ascii_uppercase();
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: order_id.as_bytes(),
        };
        // Encryption fails only past GCM's length limit (64 GiB), not for 18 bytes.
        let ct = self.0.encrypt(&nonce, payload).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)
        )
    }

    pub fn open(&self, order_id: &str, sealed: &str) -> Result<String, SealError> {
        let raw = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(b)
                    .ok()
            })
            .filter(|r| r.len() > NONCE_LEN)
            .ok_or(SealError::Format)?;
        let (nonce, ct) = raw.split_at(NONCE_LEN);
        let plain = self
            .0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: order_id.as_bytes(),
                },
            )
            .map_err(|_| SealError::Open)?;
        String::from_utf8(plain).map_err(|_| SealError::Format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_open_only_with_the_key_and_the_order() {
        let s = IdSeal::new(&[7; 32]);
        let sealed = s.seal("HT1", "11010519491231002x");
        assert!(!sealed.contains("19491231"));
        assert_eq!(s.open("HT1", &sealed), Ok("11010519491231002X".into()));
        assert_eq!(s.open("HT2", &sealed), Err(SealError::Open));
        assert_eq!(
            IdSeal::new(&[8; 32]).open("HT1", &sealed),
            Err(SealError::Open)
        );
        assert_ne!(
            sealed,
            s.seal("HT1", "11010519491231002X"),
            "a fresh nonce each time"
        );
        assert_eq!(s.open("HT1", "garbage"), Err(SealError::Format));
    }
}
