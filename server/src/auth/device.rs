//! The device: a cookie the shop gives every browser, so that limits and
//! holds can tell one phone from another behind a mobile carrier's NAT,
//! where thousands share one public address. Its value is a random id and
//! a MAC under a key of the server's (keys.rs), so a made-up value counts as
//! no device at all; a client that keeps no cookie is known by its address.
//! It says nothing about who the shopper is and is never shown.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;

use crate::infra::secret::{constant_time_eq, Secret};
use crate::state::AppState;

/// A year: the device stays one device across the seasons it shops in.
const LIFETIME_SECS: u64 = 365 * 24 * 3600;

/// How much of the MAC the cookie carries (hex characters: 128 bits).
const TAG_HEX: usize = 32;

/// A new device's cookie value.
pub fn mint(key: &Secret) -> String {
    use aes_gcm::aead::rand_core::RngCore;
    let mut bytes = [0u8; 16];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    let id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let tag = key.mac(&[b"device", id.as_bytes()]);
    format!("{id}.{}", &tag[..TAG_HEX])
}

/// The device id in a cookie value the shop made; `None` for anything else.
pub fn verify<'a>(key: &Secret, value: &'a str) -> Option<&'a str> {
    let (id, tag) = value.split_once('.')?;
    let want = key.mac(&[b"device", id.as_bytes()]);
    (id.len() == 22 && constant_time_eq(tag.as_bytes(), &want.as_bytes()[..TAG_HEX])).then_some(id)
}

/// The cookie's name: `__Host-` over https, as the session's.
fn name(st: &AppState) -> &'static str {
    if crate::auth::sessions::https(st) {
        haitao_core::cookies::DEVICE_HTTPS
    } else {
        haitao_core::cookies::DEVICE
    }
}

/// The request's device, if it brought one the shop made.
pub fn of(st: &AppState, headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| haitao_core::cookies::value(h, name(st)))
        .and_then(|v| verify(&st.keys.device, v))
        .map(str::to_owned)
}

/// Gives a device to a browser that has none, with a page: every visit
/// begins with one, and neither API answers nor the shop's files (which
/// caches keep for everyone) carry a cookie.
pub async fn ensure(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let page = req.method() == axum::http::Method::GET
        && !path.starts_with("/api/")
        && !path.contains('.');
    let wants = page && of(&st, req.headers()).is_none();
    let mut res = next.run(req).await;
    if wants {
        let text = format!(
            "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={LIFETIME_SECS}{}",
            name(&st),
            mint(&st.keys.device),
            if crate::auth::sessions::https(&st) {
                "; Secure"
            } else {
                ""
            }
        );
        if let Ok(v) = HeaderValue::try_from(text) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_value_the_shop_made_is_a_device() {
        let key = Secret::new(b"device-key".to_vec());
        let value = mint(&key);
        let id = verify(&key, &value).expect("its own");
        assert_eq!(id.len(), 22);
        assert_ne!(mint(&key), value, "each device its own");
        assert_eq!(verify(&Secret::new(b"other".to_vec()), &value), None);
        let (id, tag) = value.split_once('.').expect("dot");
        assert_eq!(verify(&key, &format!("{id}.{}", "0".repeat(TAG_HEX))), None);
        assert_eq!(verify(&key, &format!("AAAAAAAAAAAAAAAAAAAAAA.{tag}")), None);
        assert_eq!(verify(&key, id), None);
        assert_eq!(verify(&key, ""), None);
    }
}
