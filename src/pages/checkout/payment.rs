use haitao_core::api::PaymentMethod;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::hooks::use_navigate;

use super::Step;
use crate::checkout_draft::Checkout;
use crate::components::sandbox_notice::SandboxNotice;
use crate::i18n::method_name;

#[component]
pub fn PaymentStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let navigate = use_navigate();
    let missing = RwSignal::new(false);
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
            <fieldset class="methods">
                <legend>{move_tr!("payment-legend")}</legend>
                {[PaymentMethod::Alipay, PaymentMethod::Wechat].into_iter().map(|m| view! {
                    <label class="method" class:selected=move || co.draft.with(|d| d.method == Some(m))>
                        <input type="radio" name="method" value=m.as_str()
                            prop:checked=move || co.draft.with(|d| d.method == Some(m))
                            on:change=move |_| { co.update(|d| d.method = Some(m)); missing.set(false); }/>
                        <span class=format!("method-logo method-{}", m.as_str()) aria-hidden="true"></span>
                        <span>{move || method_name(m)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <SandboxNotice/>
            <p class="field-error" role="alert">{move || missing.get().then(|| leptos_fluent::tr!("payment-choose"))}</p>
            <button type="submit" class="btn btn-primary btn-block next-step">{move_tr!("step-next")}</button>
        </form>
    }
}
