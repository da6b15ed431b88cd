//! Content-Security-Policy: the shop's pages run only the shop's own code.
//! Trunk's loader is an inline module script; it is allowed by its hash,
//! taken from the index.html being served (web/template.rs), so a rebuild
//! never needs an edit here and no `'unsafe-inline'` script is ever allowed.

use base64::Engine;
use sha2::{Digest, Sha256};

/// A CSP source allowing the inline script `body`.
pub fn hash(body: &str) -> String {
    hash_bytes(body.as_bytes())
}

fn hash_bytes(body: &[u8]) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
    )
}

/// The policy for the storefront page, allowing the inline scripts whose
/// `hashes` are given. Frames: the preview shows the shop in frames of its
/// own origin, and nobody else may frame it.
pub fn for_app(hashes: &[&str]) -> String {
    let scripts: String = hashes.iter().map(|h| format!(" {h}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'"
    )
}

/// JSON answers are never documents: nothing may run in or frame them.
pub const API: &str = "default-src 'none'; frame-ancestors 'none'";

/// The sandbox payment page: its own inline style and QR image, a form to itself.
pub const SANDBOX: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_given_scripts_are_allowed_by_hash_and_nothing_inline_else() {
        // echo -n "import init from '/a.js';" | openssl dgst -sha256 -binary | base64
        let want = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';"));
        let h = hash("import init from '/a.js';");
        assert_eq!(h, format!("'sha256-{want}'"));
        let policy = for_app(&[&h]);
        assert!(policy.contains(&h));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'self'"));
    }

    #[test]
    fn a_page_without_inline_scripts_allows_none() {
        let policy = for_app(&[]);
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'; "),
            "{policy}"
        );
    }
}
