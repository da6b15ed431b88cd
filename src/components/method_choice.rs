//! The ways to pay, in the order that suits where the shopper is
//! (`PaymentMethod::offered`): inside WeChat's browser WeChat Pay first, and
//! Alipay shown but not choosable, with how to reach it. The checkout's
//! payment step and an unpaid order's "pay now" both use it.

use haitao_core::api::PaymentMethod;
use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::i18n::method_name;

/// Whether this page is open in WeChat's own browser.
pub fn in_wechat_browser() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| haitao_core::api::in_wechat(&ua))
}

/// Whether `m` can be paid here.
pub fn payable_here(m: PaymentMethod) -> bool {
    PaymentMethod::offered(in_wechat_browser())
        .iter()
        .any(|(o, payable)| *o == m && *payable)
}

/// The method picked first on this device (the first that can be paid here).
pub fn first_here() -> PaymentMethod {
    PaymentMethod::offered(in_wechat_browser())[0].0
}

#[component]
pub fn MethodChoice(
    /// The radio group's name.
    name: &'static str,
    #[prop(into)] selected: Signal<Option<PaymentMethod>>,
    #[prop(into)] on_pick: Callback<PaymentMethod>,
) -> impl IntoView {
    PaymentMethod::offered(in_wechat_browser())
        .into_iter()
        .map(|(m, payable)| {
            view! {
                <label class="method" class:selected=move || selected.get() == Some(m) class:unavailable=!payable>
                    <input type="radio" name=name value=m.as_str() disabled=!payable
                        prop:checked=move || selected.get() == Some(m)
                        on:change=move |_| on_pick.run(m)/>
                    <span class=format!("method-logo method-{}", m.as_str()) aria-hidden="true"></span>
                    <span>{move || method_name(m)}</span>
                    {(!payable).then(|| view! { <small class="method-note">{move_tr!("method-alipay-in-wechat")}</small> })}
                </label>
            }
        })
        .collect_view()
}
