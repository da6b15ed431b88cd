//! "Notify me at harvest" on out-of-season produce, "notify me when it is
//! back" on a sold-out product: one SMS when it is on sale again. It needs
//! an account (the SMS goes to its phone); a guest is offered sign-in, which
//! brings them back here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::i18n::error_message;
use crate::session_hint::SessionHint;

/// `back`: the product is sold out (not out of season): the words say so.
#[component]
pub fn HarvestWish(slug: String, #[prop(optional)] back: bool) -> impl IntoView {
    let restock = back;
    let signed_in = use_context::<SessionHint>().map(|h| h.0);
    let is_signed_in = move || signed_in.is_some_and(|s| s.get());
    // None until the account's wishes are known.
    let waiting = RwSignal::new(None::<bool>);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let back =
        StoredValue::new(haitao_core::routes::Route::Product(slug.clone()).sign_in_back_to());
    let slug = StoredValue::new(slug);
    // Effects run in the browser only: the server's drawing of the page
    // asks nothing about the shopper.
    Effect::new(move |_| {
        if !is_signed_in() {
            return;
        }
        spawn_local(async move {
            match api::wishes().await {
                Ok(list) => waiting.set(Some(list.contains(&slug.get_value()))),
                Err(_) => waiting.set(Some(false)),
            }
        });
    });
    let toggle = move |_| {
        let on = !waiting.get_untracked().unwrap_or(false);
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api::wish(&slug.get_value(), on).await {
                Ok(()) => waiting.set(Some(on)),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="harvest-wish">
            <Show when=is_signed_in fallback=move || view! {
                <A href=back.get_value() attr:class="btn btn-block harvest-sign-in">{move || if restock { tr!("restock-sign-in") } else { tr!("harvest-sign-in") }}</A>
            }>
                <Show when=move || waiting.get() == Some(true) fallback=move || view! {
                    <button class="btn btn-block harvest-on" on:click=toggle disabled=move || busy.get() || waiting.get().is_none()>
                        {move || if restock { tr!("restock-notify") } else { tr!("harvest-notify") }}
                    </button>
                }>
                    <p class="notice harvest-waiting" role="status">
                        {move || if restock { tr!("restock-waiting") } else { tr!("harvest-waiting") }} " "
                        <button class="btn btn-link harvest-off" on:click=toggle disabled=move || busy.get()>{move_tr!("harvest-stop")}</button>
                    </p>
                </Show>
            </Show>
            <p class="field-error" role="alert">{move || failure.get().map(|e| error_message(&e))}</p>
        </div>
    }
}
