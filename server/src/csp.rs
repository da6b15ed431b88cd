//! Content-Security-Policy: the shop's pages run only the shop's own code.
//! Trunk's loader is an inline module script; it is allowed by its hash,
//! taken from the index.html being served, so a rebuild never needs an edit
//! here and no `'unsafe-inline'` script is ever allowed.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The hashes of the inline scripts (those without `src`) in `html`.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_more = &after[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        // Data blocks (JSON-LD) never run: only the shop's own scripts are hashed.
        if !tag.contains("src=") && !tag.contains("application/ld+json") {
            out.push(hash_bytes(&body_and_more.as_bytes()[..close]));
        }
        rest = &body_and_more[close..];
    }
    out
}

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

/// The policy for the storefront page. Frames: the preview shows the shop in
/// frames of its own origin, and nobody else may frame it.
pub fn for_app(html: &str) -> String {
    let scripts: String = inline_script_hashes(html)
        .iter()
        .map(|h| format!(" {h}"))
        .collect();
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
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = "<script type=module>import init from '/a.js';</script><script src=/b.js></script><script>x()</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        // echo -n "import init from '/a.js';" | openssl dgst -sha256 -binary | base64
        let want = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';"));
        assert_eq!(hashes[0], format!("'sha256-{want}'"));
        let policy = for_app(html);
        assert!(policy.contains(&hashes[0]) && policy.contains(&hashes[1]));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'self'"));
    }

    #[test]
    fn a_page_without_inline_scripts_allows_none() {
        let policy = for_app("<title>x</title>");
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'; "),
            "{policy}"
        );
    }
}
