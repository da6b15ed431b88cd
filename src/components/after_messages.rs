//! Pages about what comes after a purchase (an order's way, after-sales,
//! reviews) draw once their messages are here (`locales::Part::After`,
//! fetched the first time one is opened; a first visit never loads them).

use leptos::prelude::*;

use crate::components::status::Spinner;
use crate::i18n::lang;

#[component]
pub fn AfterMessages(children: ChildrenFn) -> impl IntoView {
    let ready = LocalResource::new(move || {
        let l = lang();
        async move { crate::locales::load_after(l).await }
    });
    // Here at once when held (SSR, a second page): no spinner flash.
    let held = move || crate::locales::after_loaded(lang());
    move || {
        if held() || ready.get().is_some() {
            // Not had (offline): drawn anyway; the words missing show as ids
            // until the next page fetches them.
            children().into_any()
        } else {
            view! { <Spinner/> }.into_any()
        }
    }
}
