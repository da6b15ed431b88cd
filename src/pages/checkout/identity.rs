use haitao_core::validate;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_navigate;

use super::fields::TextField;
use super::{FieldErrors, Step};
use crate::checkout_draft::Checkout;

/// Today in China (UTC+8), the date the server checks birth dates against.
pub fn today() -> validate::Date {
    let d = js_sys::Date::new(&(js_sys::Date::now() + 8.0 * 3600.0 * 1000.0).into());
    validate::Date {
        year: d.get_utc_full_year() as u16,
        month: d.get_utc_month() as u8 + 1,
        day: d.get_utc_date() as u8,
    }
}

fn check_id(v: &str) -> Result<(), haitao_core::ErrorCode> {
    validate::id_number(v, today())
}

pub fn check_all(errors: FieldErrors, name: &str, id: &str) -> bool {
    let (n, i) = (validate::person_name(name), check_id(id));
    let ok = n.is_ok() && i.is_ok();
    errors.set("payer_name", n);
    errors.set("id_number", i);
    ok
}

#[component]
pub fn IdentityStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let errors = expect_context::<FieldErrors>();
    let navigate = use_navigate();
    // The recipient usually pays: start from their name.
    if co.draft.with_untracked(|d| d.payer_name.is_empty()) {
        co.update(|d| d.payer_name = d.address.recipient.clone());
    }
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if check_all(
            errors,
            &co.draft.get_untracked().payer_name,
            &co.id_number.get_untracked(),
        ) {
            navigate(&Step::Payment.href(), Default::default());
        }
    };
    view! {
        <form class="checkout-form" novalidate on:submit=next>
            <fieldset>
                <legend>{move_tr!("identity-legend")}</legend>
                <p class="notice">{move_tr!("identity-why")}</p>
                <TextField id="payer_name" label=Signal::derive(move || tr!("field-payer-name"))
                    value=Signal::derive(move || co.draft.with(|d| d.payer_name.clone()))
                    on_input=move |v| co.update(|d| d.payer_name = v) check=|v| validate::person_name(v) autocomplete="name" maxlength=30/>
                <TextField id="id_number" label=Signal::derive(move || tr!("field-id-number"))
                    value=co.id_number on_input=move |v: String| co.id_number.set(v.trim().to_uppercase())
                    check=check_id autocomplete="off" maxlength=18
                    hint=Signal::derive(move || tr!("id-number-hint"))/>
            </fieldset>
            <button type="submit" class="btn btn-primary btn-block next-step">{move_tr!("step-next")}</button>
        </form>
    }
}
