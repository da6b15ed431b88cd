//! SHA256withRSA (PKCS#1 v1.5), the signature both providers use ("RSA2" at
//! Alipay, "SHA256-RSA2048" at WeChat Pay): the shop signs with its merchant
//! key and checks the provider's word with the provider's public key.
//! Signatures travel in standard base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(pub String);

/// The shop's private key at a provider.
pub struct MerchantKey(SigningKey<Sha256>);

/// A provider's public key.
pub struct ProviderKey(VerifyingKey<Sha256>);

impl MerchantKey {
    /// A PEM private key: PKCS#8 ("BEGIN PRIVATE KEY", what both providers'
    /// tools write) or PKCS#1 ("BEGIN RSA PRIVATE KEY").
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem.trim())
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem.trim()))
            .map_err(|_| KeyError("not an RSA private key in PEM".into()))?;
        Ok(Self(SigningKey::new(key)))
    }

    pub fn from_key(key: RsaPrivateKey) -> Self {
        Self(SigningKey::new(key))
    }

    /// The base64 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> String {
        STANDARD.encode(self.0.sign(message).to_bytes())
    }
}

impl ProviderKey {
    /// A public key as PEM (SubjectPublicKeyInfo or PKCS#1), a certificate's
    /// (WeChat Pay's platform certificate, PEM), or the bare base64 of a
    /// SubjectPublicKeyInfo, which is how Alipay's console shows it.
    pub fn from_text(text: &str) -> Result<Self, KeyError> {
        use x509_cert::der::{DecodePem, Encode};
        let text = text.trim();
        let key = if text.starts_with("-----BEGIN CERTIFICATE") {
            let cert = x509_cert::Certificate::from_pem(text)
                .map_err(|_| KeyError("not an X.509 certificate in PEM".into()))?;
            let spki = cert
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .map_err(|_| KeyError("the certificate's key cannot be read".into()))?;
            RsaPublicKey::from_public_key_der(&spki)
                .map_err(|_| KeyError("the certificate's key is not RSA".into()))?
        } else if text.starts_with("-----BEGIN") {
            RsaPublicKey::from_public_key_pem(text)
                .or_else(|_| RsaPublicKey::from_pkcs1_pem(text))
                .map_err(|_| KeyError("not an RSA public key in PEM".into()))?
        } else {
            let der = STANDARD
                .decode(text.split_whitespace().collect::<String>())
                .map_err(|_| KeyError("not base64".into()))?;
            RsaPublicKey::from_public_key_der(&der)
                .map_err(|_| KeyError("not an RSA public key".into()))?
        };
        Ok(Self(VerifyingKey::new(key)))
    }

    pub fn from_key(key: RsaPublicKey) -> Self {
        Self(VerifyingKey::new(key))
    }

    /// Whether `signature` (base64) is this key's over `message`.
    pub fn verify(&self, message: &[u8], signature: &str) -> bool {
        let Ok(bytes) = STANDARD.decode(signature.trim()) else {
            return false;
        };
        let Ok(sig) = Signature::try_from(bytes.as_slice()) else {
            return false;
        };
        self.0.verify(message, &sig).is_ok()
    }
}

/// A key pair made on the spot, for tests and the local fakes of the
/// providers (never for a shop: the providers issue and register keys).
pub fn test_keys() -> (MerchantKey, ProviderKey, RsaPrivateKey) {
    let mut rng = rand_core::OsRng;
    let private = RsaPrivateKey::new(&mut rng, 2048).expect("an RSA key");
    let public = RsaPublicKey::from(&private);
    (
        MerchantKey::from_key(private.clone()),
        ProviderKey::from_key(public),
        private,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};

    #[test]
    fn signs_and_verifies_and_refuses_anything_changed() {
        let (merchant, public, private) = test_keys();
        let sig = merchant.sign(b"amount=100");
        assert!(public.verify(b"amount=100", &sig));
        assert!(!public.verify(b"amount=101", &sig));
        assert!(!public.verify(b"amount=100", "not base64!"));
        assert!(!public.verify(b"amount=100", &STANDARD.encode([0u8; 256])));
        // PKCS#1 v1.5 is deterministic: the same message, the same signature.
        assert_eq!(merchant.sign(b"amount=100"), sig);
        // Keys read back from the forms operators are given.
        let pem = private.to_pkcs8_pem(LineEnding::LF).expect("pem");
        let again = MerchantKey::from_pem(&pem).expect("pkcs8");
        assert_eq!(again.sign(b"x"), merchant.sign(b"x"));
        let spki = RsaPublicKey::from(&private)
            .to_public_key_pem(LineEnding::LF)
            .expect("spki");
        assert!(ProviderKey::from_text(&spki)
            .expect("pem")
            .verify(b"x", &merchant.sign(b"x")));
        let bare: String = spki.lines().filter(|l| !l.starts_with("-----")).collect();
        assert!(ProviderKey::from_text(&bare)
            .expect("bare")
            .verify(b"x", &merchant.sign(b"x")));
        assert!(MerchantKey::from_pem(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"
        )
        .is_err());
        assert!(ProviderKey::from_text("AAAA").is_err());
    }

    #[test]
    fn a_platform_certificate_gives_its_key() {
        // Made with `openssl req -x509 -newkey rsa:2048`, as WeChat Pay's
        // platform certificates are X.509 with an RSA-2048 key.
        let cert = include_str!("../../tests/fixtures/wechatpay-platform-cert.pem");
        let key = include_str!("../../tests/fixtures/wechatpay-platform-cert-key.pem");
        let platform = MerchantKey::from_pem(key).expect("its private key");
        let public = ProviderKey::from_text(cert).expect("certificate");
        assert!(public.verify(
            b"1554208460\nnonce\n{}\n",
            &platform.sign(b"1554208460\nnonce\n{}\n")
        ));
        let (other, _, _) = test_keys();
        assert!(!public.verify(b"x", &other.sign(b"x")));
        let broken = cert.replace("MII", "MIJ");
        assert!(ProviderKey::from_text(&broken).is_err());
    }
}
