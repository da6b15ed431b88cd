use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::hooks::use_navigate;

use super::Step;
use crate::cart::Cart;
use crate::checkout_draft::Checkout;
use crate::components::method_choice::{in_wechat_browser, MethodChoice};
use crate::components::sandbox_notice::SandboxNotice;
use crate::i18n::yuan;
use crate::pages::cart::CartQuote;
use haitao_core::api::PaymentMethod;

#[component]
pub fn PaymentStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let navigate = use_navigate();
    let missing = RwSignal::new(false);
    // The amount the method will be asked for, as the review will state it.
    let cq = CartQuote::follow(expect_context::<Cart>());
    // One way to pay here (WeChat Pay in WeChat's browser): it is the choice
    // until the shopper picks another (Alipay there is paid in the browser).
    let payable: Vec<PaymentMethod> = PaymentMethod::offered(in_wechat_browser())
        .into_iter()
        .filter_map(|(m, ok)| ok.then_some(m))
        .collect();
    if let [only] = payable[..] {
        if co.draft.with_untracked(|d| d.method.is_none()) {
            co.update(|d| d.method = Some(only));
        }
    }
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if co.draft.with_untracked(|d| d.method.is_some()) {
            navigate(&Step::Review.href(), Default::default());
        } else {
            missing.set(true);
        }
    };
    view! {
        <form class="checkout-form" novalidate on:submit=next>
            <p class="pay-amount">
                {move_tr!("payment-amount")} " "
                <strong>{move || cq.quote.get().map(|q| yuan(q.total))}</strong>
            </p>
            <fieldset class="methods">
                <legend>{move_tr!("payment-legend")}</legend>
                <MethodChoice name="method"
                    selected=Signal::derive(move || co.draft.with(|d| d.method))
                    on_pick=move |m| { co.update(|d| d.method = Some(m)); missing.set(false); }/>
            </fieldset>
            <SandboxNotice/>
            <p class="field-error" role="alert">{move || missing.get().then(|| leptos_fluent::tr!("payment-choose"))}</p>
            <button type="submit" class="btn btn-primary btn-block next-step">{move_tr!("step-next")}</button>
        </form>
    }
}
