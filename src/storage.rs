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
