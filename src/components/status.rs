use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::api::ApiError;
use crate::i18n::error_message;

/// What went wrong, in the shopper's language, with a way to try again.
#[component]
pub fn ErrorPanel(err: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let offline = err == ApiError::Network;
    let err = StoredValue::new(err);
    view! {
        <div class="error-panel" role="alert">
            <p class="error-title">
                {move || if offline { leptos_fluent::tr!("error-network-title") } else { leptos_fluent::tr!("error-title") }}
            </p>
            <p>{move || err.with_value(error_message)}</p>
            <button class="btn" on:click=move |_| retry.run(())>{move_tr!("retry")}</button>
        </div>
    }
}

#[component]
pub fn Spinner() -> impl IntoView {
    view! { <div class="spinner" role="status"><span class="sr-only">{move_tr!("loading")}</span></div> }
}
