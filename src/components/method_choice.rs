//! The ways to pay, in the order that suits where the shopper is
//! (`PaymentMethod::offered`): inside WeChat's browser WeChat Pay first, and
//! Alipay, which cannot be paid there, with how it is paid: the order is
//! placed there and opened in the browser to pay (`OpenInBrowser`). The
//! checkout's payment step and an unpaid order's "pay now" both use it.

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
                <label class="method" class:selected=move || selected.get() == Some(m) class:elsewhere=!payable>
                    <input type="radio" name=name value=m.as_str()
                        prop:checked=move || selected.get() == Some(m)
                        on:change=move |_| on_pick.run(m)/>
                    <MethodMark m/>
                    <span>{move || method_name(m)}</span>
                    {(!payable).then(|| view! { <small class="method-note">{move_tr!("method-alipay-in-wechat")}</small> })}
                </label>
            }
        })
        .collect_view()
}

/// A method's mark, drawn here (no picture is fetched): Alipay's blue with
/// its character 支, WeChat Pay's green with its tick.
#[component]
fn MethodMark(m: PaymentMethod) -> impl IntoView {
    view! {
        <svg class=format!("method-logo method-{}", m.as_str()) viewBox="0 0 28 28" width="28" height="28" aria-hidden="true">
            {match m {
                PaymentMethod::Alipay => view! {
                    <rect width="28" height="28" rx="7" fill="#1677ff"/>
                    <text x="14" y="19.5" text-anchor="middle" font-size="15" font-weight="700" fill="#fff">"支"</text>
                }.into_any(),
                PaymentMethod::Wechat => view! {
                    <rect width="28" height="28" rx="7" fill="#07c160"/>
                    <path d="M7.5 14.5l4.5 4.5 8.5-9.5" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
                }.into_any(),
            }}
        </svg>
    }
}
