//! An HMAC-SHA256 key for one purpose (preview links, sandbox notifications,
//! ID-number hashes): `keys.rs` derives each from the server's master key.

use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(key: Vec<u8>) -> Self {
        Self(key)
    }

    /// The MAC state over `parts`, separated by NUL so ("ab","c") != ("a","bc").
    fn engine(&self, parts: &[&[u8]]) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                mac.update(&[0]);
            }
            mac.update(p);
        }
        mac
    }

    /// HMAC-SHA256 of `parts`, raw.
    pub fn mac_bytes(&self, parts: &[&[u8]]) -> [u8; 32] {
        self.engine(parts).finalize().into_bytes().into()
    }

    /// HMAC-SHA256 of `parts`, hex.
    pub fn mac(&self, parts: &[&[u8]]) -> String {
        hex::encode(self.engine(parts).finalize().into_bytes())
    }

    /// Constant-time check of a MAC made by `mac`.
    pub fn verify(&self, parts: &[&[u8]], tag_hex: &str) -> bool {
        hex::decode(tag_hex).is_ok_and(|tag| self.engine(parts).verify_slice(&tag).is_ok())
    }
}

/// Whether `a` and `b` are equal, in a time that does not depend on where
/// they differ (a signature compared byte by byte with an early exit tells
/// a forger how much of it was right).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_verify_and_differ_by_key_and_content() {
        let a = Secret::new(b"k1".to_vec());
        let b = Secret::new(b"k2".to_vec());
        let tag = a.mac(&[b"pay_1", b"succeeded"]);
        assert!(a.verify(&[b"pay_1", b"succeeded"], &tag));
        assert!(!a.verify(&[b"pay_1", b"failed"], &tag));
        assert!(!b.verify(&[b"pay_1", b"succeeded"], &tag));
        assert!(!a.verify(&[b"pay_1", b"succeeded"], "zz"));
        assert_ne!(
            a.mac(&[b"ab", b"c"]),
            a.mac(&[b"a", b"bc"]),
            "parts are separated"
        );
    }
}
