//! The cookies the browser and the server share, named once, and the one
//! way either side reads a `Cookie` header (or `document.cookie`).

/// The session (HttpOnly: only the server reads it).
pub const SESSION: &str = "haitao_session";
/// The same over https: a `__Host-` cookie comes only from the shop's own
/// host, Secure, for `/` (a neighbouring subdomain cannot plant one).
pub const SESSION_HTTPS: &str = "__Host-haitao_session";
/// A seller's user's session (the seller centre's; HttpOnly), plain and
/// over https as the shopper's.
pub const SELLER_SESSION: &str = "haitao_seller";
pub const SELLER_SESSION_HTTPS: &str = "__Host-haitao_seller";
/// The device (HttpOnly), plain and over https: tells one phone from
/// another where many share an address (server/src/auth/device.rs).
pub const DEVICE: &str = "haitao_device";
pub const DEVICE_HTTPS: &str = "__Host-haitao_device";
/// Readable by the page: "this device has a session" (`1`), so the header
/// shows "my account" without asking.
pub const SIGNED_IN: &str = "haitao_signed_in";
/// The shopper's language, written by the app (leptos-fluent's
/// `cookie_name`, src/i18n.rs) and read by the server to draw a page in it.
pub const LANG: &str = "haitao.lang";
/// The query parameter naming a page's language (`?lang=en-US`).
pub const LANG_PARAM: &str = "lang";

/// The value of the first cookie `name` with a value in `header`
/// (`a=1; b=2`, as a `Cookie` header or `document.cookie` gives them).
pub fn value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, v)| *n == name && !v.is_empty())
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_by_its_whole_name() {
        let h = "a=1; haitao_session=tok; haitao_session_x=2; haitao.lang=en-US";
        assert_eq!(value(h, SESSION), Some("tok"));
        assert_eq!(value(h, LANG), Some("en-US"));
        assert_eq!(value(h, "haitao"), None);
        assert_eq!(
            value("haitao_session=; haitao_session=b", SESSION),
            Some("b")
        );
        assert_eq!(value("", SIGNED_IN), None);
    }
}
