//! An order opened somewhere else than where it was placed: in the phone's
//! browser after WeChat's (whose browser does not open Alipay), or by someone
//! without the order's account or link.

use haitao_core::api::PaymentMethod;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::components::A;
use wasm_bindgen::JsValue;

use crate::components::page_title::PageTitle;
use crate::i18n::method_name;

/// How to take this page (its address carries the order's token) to the
/// browser, where `method` can be paid.
#[component]
pub fn OpenInBrowser(method: PaymentMethod) -> impl IntoView {
    let link = window().location().href().unwrap_or_default();
    let copied = RwSignal::new(false);
    let copy = {
        let link = link.clone();
        move |_| {
            let navigator = window().navigator();
            // An insecure page has no clipboard: the link is there to select.
            let Ok(clipboard) = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            else {
                return;
            };
            if clipboard.is_undefined() {
                return;
            }
            let promise = navigator.clipboard().write_text(&link);
            spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(true);
                }
            });
        }
    };
    view! {
        <div class="notice open-in-browser" role="status">
            <h2>{move || tr!("open-in-browser-heading", { "method" => method_name(method) })}</h2>
            <p>{move_tr!("open-in-browser-steps")}</p>
            <input class="order-link-input" readonly value=link aria-label=move_tr!("order-link-label")
                on:focus=|ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        i.select();
                    }
                }/>
            <button type="button" class="btn btn-block copy-link" on:click=copy>{move_tr!("open-in-browser-copy")}</button>
            <Show when=move || copied.get()>
                <p class="copied">{move_tr!("open-in-browser-copied")}</p>
            </Show>
        </div>
    }
}

/// An order asked for without its account or its link: how to open it (the
/// server answers such a request as if there were no such order).
#[component]
pub fn OrderNotOpen(order_id: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    Effect::new(|_| crate::boot::first_screen_ready());
    let back = haitao_core::routes::Route::Order(order_id.clone()).sign_in_back_to();
    view! {
        <PageTitle text=move || tr!(i18n, "order-not-open-heading")/>
        <section class="empty-state order-not-open">
            <h1>{move_tr!("order-not-open-heading")}</h1>
            <p>{move_tr!("order-not-open-body")}</p>
            <A href=back attr:class="btn btn-primary">{move_tr!("order-not-open-sign-in")}</A>
        </section>
    }
}
