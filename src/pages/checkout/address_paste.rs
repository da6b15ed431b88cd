//! Pasting a whole address (as WeChat and shops copy it) to fill the form;
//! the reading is haitao_core::address_text's, the shopper checks the result.

use haitao_core::address_text;
use haitao_core::api::Address;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::move_tr;

use crate::api;

/// What pasting came to.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    Not,
    Filled,
    Nothing,
}

#[component]
pub fn AddressPaste(
    #[prop(into)] value: Signal<Address>,
    /// The address with what was found filled in (the rest as it was).
    #[prop(into)]
    on_fill: Callback<Address>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let read = RwSignal::new(Read::Not);
    // Whether the box is open, kept in step with the shopper's taps on it
    // so that a fill that worked can close it.
    let open = RwSignal::new(false);
    let fill = move |_| {
        let pasted = text.get_untracked();
        spawn_local(async move {
            // The regions are the picker's (fetched once, cached by the browser).
            let Ok(tree) = api::regions().await else {
                read.set(Read::Nothing);
                return;
            };
            let found = address_text::read(&pasted, &tree);
            if found == Address::default() {
                read.set(Read::Nothing);
                return;
            }
            let mut next = value.get_untracked();
            let keep = |new: String, old: &mut String| {
                if !new.is_empty() {
                    *old = new;
                }
            };
            keep(found.recipient, &mut next.recipient);
            keep(found.mobile, &mut next.mobile);
            if !found.province.is_empty() {
                next.province = found.province;
                next.city = found.city;
                next.district = found.district;
            }
            keep(found.street, &mut next.street);
            keep(found.postcode, &mut next.postcode);
            on_fill.run(next);
            text.set(String::new());
            read.set(Read::Filled);
            open.set(false);
        });
    };
    view! {
        <details class="paste-address" prop:open=move || open.get()
            on:toggle=move |ev| {
                let now = ev
                    .target()
                    .and_then(|t| js_sys::Reflect::get(&t, &wasm_bindgen::JsValue::from_str("open")).ok())
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                open.set(now);
            }>
            <summary>{move_tr!("paste-address")}</summary>
            <textarea id="f-paste" rows="3" aria-label=move_tr!("paste-address")
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <button type="button" class="btn btn-block paste-fill" on:click=fill disabled=move || text.with(|t| t.trim().is_empty())>
                {move_tr!("paste-fill")}
            </button>
        </details>
        {move || match read.get() {
            Read::Filled => Some(view! { <p class="notice paste-read" role="status">{move_tr!("paste-done")}</p> }),
            Read::Nothing => Some(view! { <p class="field-error paste-read" role="alert">{move_tr!("paste-none")}</p> }),
            Read::Not => None,
        }}
    }
}
