//! localStorage as typed JSON. Storage can be missing or full (private
//! browsing, quota), so every call tolerates failure: the shop goes on in
//! memory rather than breaking.

use serde::de::DeserializeOwned;
use serde::Serialize;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = local()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (local(), serde_json::to_string(value)) {
        // Already equal: skip, so other tabs get no storage event for nothing.
        if s.get_item(key).ok().flatten().as_deref() != Some(text.as_str()) {
            let _ = s.set_item(key, &text);
        }
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

/// A fresh random token (for idempotency keys).
pub fn random_token() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "t{}-{}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e12) as u64
            )
        })
}

/// The tab's own storage (sessionStorage): it survives a reload of the tab
/// (WeChat reloads a page when the shopper comes back from another app) and
/// goes with the tab; other tabs never see it. For what must not outlive the
/// tab, as the payer's ID number.
pub mod tab {
    fn session() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub fn load(key: &str) -> Option<String> {
        session()?.get_item(key).ok()?
    }

    pub fn save(key: &str, value: &str) {
        if let Some(s) = session() {
            let _ = if value.is_empty() {
                s.remove_item(key)
            } else {
                s.set_item(key, value)
            };
        }
    }
}
