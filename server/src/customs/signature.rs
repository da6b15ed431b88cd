//! The XML signature a declared customs message carries (`ds:Signature`, the
//! last child of the root, after `BaseTransfer`): XML-DSig, enveloped, the
//! document canonicalized with C14N 1.0, RSA-SHA1, `KeyInfo` naming the
//! certificate by its serial (`KeyName`) and holding it (`X509Certificate`),
//! as customs' signed samples show (docs/CUSTOMS.md).
//!
//! Only the shop's own messages are signed, and they are written already in
//! canonical form (xml.rs), so the canonical bytes are the written ones; the
//! test verifies with an independent implementation (xmlsec1).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer as _};
use rsa::RsaPrivateKey;
use sha1::{Digest, Sha1};

use super::xml::CanonicalXml;

const DS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// The operator's signing key and the certificate customs know it by.
pub struct Signer {
    key: SigningKey<Sha1>,
    /// The certificate, DER.
    cert: Vec<u8>,
    /// Its serial number in lowercase hex, as `KeyName` carries it.
    key_name: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("key_name", &self.key_name)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// From the PEM of an RSA private key (PKCS#8 or PKCS#1) and of its X.509 certificate.
    pub fn from_pem(key_pem: &str, cert_pem: &str) -> Result<Self, String> {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
        use x509_cert::der::{DecodePem, Encode};
        let key = RsaPrivateKey::from_pkcs8_pem(key_pem.trim())
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(key_pem.trim()))
            .map_err(|_| "not an RSA private key in PEM".to_owned())?;
        let cert = x509_cert::Certificate::from_pem(cert_pem.trim())
            .map_err(|_| "not an X.509 certificate in PEM".to_owned())?;
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| e.to_string())?;
        let public = rsa::RsaPublicKey::from_public_key_der(&spki)
            .map_err(|_| "the certificate's key is not RSA".to_owned())?;
        if public != key.to_public_key() {
            return Err("the certificate is not the key's".into());
        }
        let serial = cert.tbs_certificate.serial_number.as_bytes();
        // DER writes a leading zero byte before a high bit; the number is the rest.
        let serial = match serial {
            [0, rest @ ..] if !rest.is_empty() => rest,
            all => all,
        };
        Ok(Self {
            key: SigningKey::new(key),
            cert: cert.to_der().map_err(|e| e.to_string())?,
            key_name: serial.iter().map(|b| format!("{b:02x}")).collect(),
        })
    }

    /// The `ds:Signature` element for a message whose root element, in
    /// canonical form and without the signature, is `root_open + body +
    /// root_close`; `in_scope` are the root's namespace declarations in
    /// canonical order (`(prefix, uri)`), which the canonical `SignedInfo`
    /// carries with `ds`.
    pub fn signature(&self, canonical_document: &str, in_scope: &[(&str, &str)]) -> String {
        let digest = STANDARD.encode(Sha1::digest(canonical_document.as_bytes()));
        // Canonical SignedInfo: inclusive C14N renders every namespace in
        // scope on the apex of the subset (CanonicalXml sorts them).
        let mut namespaces: Vec<(&str, &str)> = in_scope.to_vec();
        namespaces.push(("ds", DS));
        let mut canonical = CanonicalXml::new();
        signed_info(&mut canonical, &namespaces, &digest);
        let value = STANDARD.encode(self.key.sign(canonical.finish().as_bytes()).to_bytes());
        let mut x = CanonicalXml::new();
        x.open("ds:Signature", &[("ds", DS)], &[]);
        signed_info(&mut x, &[], &digest);
        x.element("ds:SignatureValue", &value);
        x.open("ds:KeyInfo", &[], &[]);
        x.element("ds:KeyName", &self.key_name);
        x.open("ds:X509Data", &[], &[]);
        x.element("ds:X509Certificate", &STANDARD.encode(&self.cert));
        x.close("ds:X509Data");
        x.close("ds:KeyInfo");
        x.close("ds:Signature");
        x.finish()
    }
}

/// `SignedInfo`, declaring `namespaces` (all in scope, when it is
/// canonicalized on its own to be signed; none inside the document).
fn signed_info(x: &mut CanonicalXml, namespaces: &[(&str, &str)], digest: &str) {
    let algorithm = |name: &str, algorithm: &str, x: &mut CanonicalXml| {
        x.open(name, &[], &[("Algorithm", algorithm)]);
        x.close(name);
    };
    x.open("ds:SignedInfo", namespaces, &[]);
    algorithm(
        "ds:CanonicalizationMethod",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
        x,
    );
    algorithm("ds:SignatureMethod", &format!("{DS}rsa-sha1"), x);
    x.open("ds:Reference", &[], &[("URI", "")]);
    x.open("ds:Transforms", &[], &[]);
    algorithm("ds:Transform", &format!("{DS}enveloped-signature"), x);
    x.close("ds:Transforms");
    algorithm("ds:DigestMethod", &format!("{DS}sha1"), x);
    x.element("ds:DigestValue", digest);
    x.close("ds:Reference");
    x.close("ds:SignedInfo");
}
