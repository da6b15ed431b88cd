use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::api;

/// Says plainly, where the shopper chooses how to pay, that this shop's
/// payments are the development sandbox and no money moves. Nothing is shown
/// until the server has said so (or if it cannot be asked).
#[component]
pub fn SandboxNotice() -> impl IntoView {
    let options = LocalResource::new(api::payment_options);
    move || {
        options
            .get()
            .and_then(Result::ok)
            .filter(|o| o.sandbox)
            .map(|_| view! { <p class="notice notice-warn sandbox-notice" role="note">{move_tr!("sandbox-notice")}</p> })
    }
}
