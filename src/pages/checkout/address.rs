use haitao_core::{validate, ErrorCode};
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_navigate;

use super::fields::TextField;
use super::{FieldErrors, Step};
use crate::checkout_draft::Checkout;
use crate::components::region_picker::RegionPicker;
use crate::i18n::code_message;

fn region(p: &str, c: &str, d: &str) -> Result<(), ErrorCode> {
    (!p.is_empty() && !c.is_empty() && !d.is_empty())
        .then_some(())
        .ok_or(ErrorCode::InvalidAddress)
}

/// The checks of this step, as the server makes them.
pub fn check_all(errors: FieldErrors, a: &haitao_core::api::Address) -> bool {
    let results = [
        ("recipient", validate::person_name(&a.recipient)),
        ("mobile", validate::mobile(a.mobile.trim())),
        ("region", region(&a.province, &a.city, &a.district)),
        ("street", validate::street(&a.street)),
        ("postcode", validate::postcode(a.postcode.trim())),
    ];
    let ok = results.iter().all(|(_, r)| r.is_ok());
    for (f, r) in results {
        errors.set(f, r);
    }
    ok
}

#[component]
pub fn AddressStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let errors = expect_context::<FieldErrors>();
    let navigate = use_navigate();
    let a = move |f: fn(&haitao_core::api::Address) -> &String| {
        Signal::derive(move || co.draft.with(|d| f(&d.address).clone()))
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if check_all(errors, &co.draft.get_untracked().address) {
            navigate(&Step::Identity.href(), Default::default());
        }
    };
    view! {
        <form class="checkout-form" novalidate on:submit=next>
            <fieldset>
                <legend>{move_tr!("address-legend")}</legend>
                <TextField id="recipient" label=Signal::derive(move || tr!("field-recipient")) value=a(|a| &a.recipient)
                    on_input=move |v| co.update(|d| d.address.recipient = v) check=|v| validate::person_name(v) autocomplete="name" maxlength=30/>
                <TextField id="mobile" label=Signal::derive(move || tr!("field-mobile")) value=a(|a| &a.mobile)
                    on_input=move |v| co.update(|d| d.address.mobile = v) check=|v| validate::mobile(v.trim()) inputmode="numeric" autocomplete="tel-national" maxlength=11/>
                <RegionPicker
                    province=a(|a| &a.province) city=a(|a| &a.city) district=a(|a| &a.district)
                    invalid=Signal::derive(move || errors.of("region").is_some())
                    on_change=move |(p, c, d): (String, String, String)| {
                        let complete = !d.is_empty();
                        co.update(|x| { x.address.province = p; x.address.city = c; x.address.district = d; });
                        if complete { errors.set("region", Ok(())); }
                    }
                />
                <p class="field-error" aria-live="polite">{move || errors.of("region").map(code_message)}</p>
                <TextField id="street" label=Signal::derive(move || tr!("field-street")) value=a(|a| &a.street)
                    on_input=move |v| co.update(|d| d.address.street = v) check=|v| validate::street(v) autocomplete="street-address"/>
                <TextField id="postcode" label=Signal::derive(move || tr!("field-postcode")) value=a(|a| &a.postcode)
                    on_input=move |v| co.update(|d| d.address.postcode = v) check=|v| validate::postcode(v.trim()) inputmode="numeric" autocomplete="postal-code" maxlength=6/>
            </fieldset>
            <button type="submit" class="btn btn-primary btn-block next-step">{move_tr!("step-next")}</button>
        </form>
    }
}
