//! Text put into HTML the server writes (the first screens, the sandbox
//! payment page): seller and shopper text is never markup.

/// Text for HTML, in element content or a quoted attribute.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
