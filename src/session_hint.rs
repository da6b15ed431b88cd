//! Whether this device is signed in, as far as the header needs to know: the
//! server sets a readable `haitao_signed_in` cookie beside the HttpOnly
//! session, so the header shows "sign in" or "my account" without a request.
//! Signing in or out here updates it at once.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
pub struct SessionHint(pub RwSignal<bool>);

fn from_cookie() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .is_some_and(|c| {
            haitao_core::cookies::value(&c, haitao_core::cookies::SIGNED_IN) == Some("1")
        })
}

impl SessionHint {
    pub fn provide() {
        provide_context(Self(RwSignal::new(from_cookie())));
    }

    /// The hint as the server read it from the request's cookie.
    pub fn provide_given(signed_in: bool) {
        provide_context(Self(RwSignal::new(signed_in)));
    }

    /// Whether this device has a session now (not tracked). Pages ask the
    /// server for the account's things only then: a guest's checkout makes
    /// no request that can only answer "sign in first".
    pub fn now() -> bool {
        use_context::<Self>().is_some_and(|h| h.0.get_untracked())
    }

    /// A setter for the hint, taken where the component is built (contexts
    /// are not reachable from async work); a component mounted alone has no
    /// hint, and then the setter does nothing.
    pub fn setter() -> impl Fn(bool) + Copy + 'static {
        let hint = use_context::<Self>();
        move |signed_in| {
            if let Some(h) = hint {
                h.0.set(signed_in);
            }
        }
    }
}

/// The account's things (saved addresses, saved payers) when this device has
/// a session; without one, "sign in first" at once and no request.
pub fn account_resource<T, Fut>(fetch: fn() -> Fut) -> LocalResource<crate::api::ApiResult<T>>
where
    T: 'static,
    Fut: std::future::Future<Output = crate::api::ApiResult<T>> + 'static,
{
    let signed_in = SessionHint::now();
    LocalResource::new(move || async move {
        if signed_in {
            fetch().await
        } else {
            Err(crate::api::ApiError::signed_out())
        }
    })
}
