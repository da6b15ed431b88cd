use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::hooks::use_navigate;

use super::Step;
use crate::checkout_draft::Checkout;
use crate::components::method_choice::{payable_here, MethodChoice};
use crate::components::sandbox_notice::SandboxNotice;

#[component]
pub fn PaymentStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let navigate = use_navigate();
    let missing = RwSignal::new(false);
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A method kept from elsewhere that cannot be paid here (Alipay inside WeChat) is no choice.
        if co
            .draft
            .with_untracked(|d| d.method.is_some_and(payable_here))
        {
            navigate(&Step::Review.href(), Default::default());
        } else {
            missing.set(true);
        }
    };
    view! {
        <form class="checkout-form" novalidate on:submit=next>
            <fieldset class="methods">
                <legend>{move_tr!("payment-legend")}</legend>
                <MethodChoice name="method"
                    selected=Signal::derive(move || co.draft.with(|d| d.method).filter(|m| payable_here(*m)))
                    on_pick=move |m| { co.update(|d| d.method = Some(m)); missing.set(false); }/>
            </fieldset>
            <SandboxNotice/>
            <p class="field-error" role="alert">{move || missing.get().then(|| leptos_fluent::tr!("payment-choose"))}</p>
            <button type="submit" class="btn btn-primary btn-block next-step">{move_tr!("step-next")}</button>
        </form>
    }
}
