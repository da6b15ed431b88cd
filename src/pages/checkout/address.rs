use haitao_core::api::{Address, SavedAddress};
use haitao_core::{validate, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_navigate;

use super::address_paste::AddressPaste;
use super::fields::TextField;
use super::saved_choices::SavedChoices;
use super::{FieldErrors, Step};
use crate::api::{self, ApiError};
use crate::checkout_draft::{Checkout, ASIDE};
use crate::components::region_picker::RegionPicker;
use crate::i18n::{code_message, error_message};
use crate::storage;
use serde::{Deserialize, Serialize};

fn region(p: &str, c: &str, d: &str) -> Result<(), ErrorCode> {
    (!p.is_empty() && !c.is_empty() && !d.is_empty())
        .then_some(())
        .ok_or(ErrorCode::InvalidAddress)
}

/// A mobile as an edit of a saved address may send it: the masked form
/// the server sent (it keeps the stored number), or a new number.
fn mobile_or_masked(v: &str) -> Result<(), ErrorCode> {
    let v = v.trim();
    if v.len() == 11 && v.contains('*') {
        Ok(())
    } else {
        validate::mobile(v)
    }
}

/// The checks of an address, as the server makes them.
pub fn check_all(errors: FieldErrors, a: &Address) -> bool {
    let results = checks(a);
    let ok = results.iter().all(|(_, r)| r.is_ok());
    for (f, r) in results {
        errors.set(f, r);
    }
    ok
}

/// The checks of the fields filled in (a pasted address): an empty field is
/// not wrong before the shopper has had a chance at it.
fn check_filled(errors: FieldErrors, a: &Address) {
    let filled = |f: &str| match f {
        "recipient" => !a.recipient.is_empty(),
        "mobile" => !a.mobile.is_empty(),
        "region" => !a.district.is_empty(),
        "street" => !a.street.is_empty(),
        _ => !a.postcode.is_empty(),
    };
    for (f, r) in checks(a) {
        if filled(f) {
            errors.set(f, r);
        }
    }
}

fn checks(a: &Address) -> [(&'static str, Result<(), ErrorCode>); 5] {
    [
        ("recipient", validate::person_name(&a.recipient)),
        ("mobile", mobile_or_masked(&a.mobile)),
        ("region", region(&a.province, &a.city, &a.district)),
        (
            "street",
            validate::street_in(&a.province, &a.city, &a.district, &a.street),
        ),
        ("postcode", validate::postcode(a.postcode.trim())),
    ]
}

/// The field a server refusal of an address names, as these fields call it.
pub fn field_of(server_field: &str) -> &'static str {
    match server_field {
        "address.recipient" => "recipient",
        "address.mobile" => "mobile",
        "address.street" => "street",
        "address.postcode" => "postcode",
        _ => "region",
    }
}

/// The fields of a Chinese address: the checkout's and the address book's.
#[component]
pub fn AddressFields(
    #[prop(into)] value: Signal<Address>,
    #[prop(into)] on_change: Callback<Address>,
) -> impl IntoView {
    let errors = expect_context::<FieldErrors>();
    let a = move |f: fn(&Address) -> &String| Signal::derive(move || value.with(|a| f(a).clone()));
    let edit = move |f: fn(&mut Address, String)| {
        move |v: String| {
            let mut next = value.get_untracked();
            f(&mut next, v);
            on_change.run(next);
        }
    };
    // The street's room depends on the region: the whole address is declared.
    let street_in_region = move |v: &str| {
        value.with_untracked(|a| validate::street_in(&a.province, &a.city, &a.district, v))
    };
    view! {
        <AddressPaste value on_fill=move |a: Address| {
            check_filled(errors, &a);
            on_change.run(a);
        }/>
        <TextField id="recipient" label=Signal::derive(move || tr!("field-recipient")) value=a(|a| &a.recipient)
            on_input=edit(|a, v| a.recipient = v) check=|v| validate::person_name(v) autocomplete="name" maxlength=30/>
        <TextField id="mobile" label=Signal::derive(move || tr!("field-mobile")) value=a(|a| &a.mobile)
            on_input=edit(|a, v| a.mobile = v) check=mobile_or_masked inputmode="numeric" autocomplete="tel-national" maxlength=11/>
        <RegionPicker
            province=a(|a| &a.province) city=a(|a| &a.city) district=a(|a| &a.district)
            invalid=Signal::derive(move || errors.of("region").is_some())
            on_change=move |(p, c, d): (String, String, String)| {
                let complete = !d.is_empty();
                let mut next = value.get_untracked();
                next.province = p;
                next.city = c;
                next.district = d;
                let street = (complete && !next.street.is_empty()).then(|| next.street.clone());
                on_change.run(next);
                if complete { errors.set("region", Ok(())); }
                if let Some(s) = street { errors.set("street", street_in_region(&s)); }
            }
        />
        <p class="field-error" aria-live="polite">{move || errors.of("region").map(code_message)}</p>
        <TextField id="street" label=Signal::derive(move || tr!("field-street")) value=a(|a| &a.street)
            on_input=edit(|a, v| a.street = v) check=street_in_region autocomplete="street-address"/>
        <TextField id="postcode" label=Signal::derive(move || tr!("field-postcode")) value=a(|a| &a.postcode)
            on_input=edit(|a, v| a.postcode = v) check=|v| validate::postcode(v.trim()) inputmode="numeric" autocomplete="postal-code" maxlength=6/>
    }
}

/// One line of a saved address, for choosing it.
pub fn one_line(a: &Address) -> String {
    format!(
        "{} {} · {}",
        a.recipient,
        a.mobile,
        crate::region_names::place_text(&a.province, &a.city, &a.district, &a.street),
    )
}

/// What the address step keeps beside the draft: an address typed before a
/// saved one was chosen (a guest's, before signing in), offered again under
/// "a new address" and never shipped to silently; and whether the shopper
/// chose "a new address" over the saved ones. Kept apart from the draft so
/// that its code stays with this page, not in the first visit's.
#[derive(Default, Serialize, Deserialize)]
struct Aside {
    typed: Option<Address>,
    chose_new: bool,
}

impl Aside {
    fn load() -> Self {
        storage::load(ASIDE).unwrap_or_default()
    }
    fn save(&self) {
        storage::save(ASIDE, self);
    }
}

/// Ships to saved address `s`, or (None) to a typed one: what was typed
/// before a saved one was picked comes back.
fn pick(d: &mut crate::checkout_draft::Draft, aside: &mut Aside, s: Option<SavedAddress>) {
    match s {
        Some(s) => {
            if d.saved_address.is_none() && d.address != Address::default() {
                aside.typed = Some(std::mem::take(&mut d.address));
            }
            d.saved_address = Some(s.id);
            d.address = s.address;
        }
        None if d.saved_address.is_some() => {
            d.saved_address = None;
            d.address = aside.typed.take().unwrap_or_default();
        }
        None => {}
    }
    aside.save();
}

#[component]
pub fn AddressStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let errors = expect_context::<FieldErrors>();
    let navigate = use_navigate();
    // Signed in: the address book (nothing when signed out).
    let book = crate::session_hint::account_resource(api::addresses);
    let saved = move || book.get().and_then(Result::ok).unwrap_or_default();
    let keep = RwSignal::new(true);
    let failure = RwSignal::new(None::<ApiError>);
    // A signed-in shopper starts from the default address, unless they chose
    // "a new address" themselves: an address typed before (as a guest) is
    // kept aside and offered there, never shipped to silently.
    Effect::new(move || {
        if let Some(first) = saved().into_iter().find(|s| s.is_default) {
            let mut aside = Aside::load();
            let undecided =
                co.draft.with_untracked(|d| d.saved_address.is_none()) && !aside.chose_new;
            if undecided {
                co.update(|d| pick(d, &mut aside, Some(first.clone())));
            }
        }
    });
    let choose = move |s: Option<SavedAddress>| {
        let mut aside = Aside::load();
        aside.chose_new = s.is_none();
        co.update(|d| pick(d, &mut aside, s));
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = co.draft.get_untracked();
        if d.saved_address.is_some() {
            navigate(&Step::Identity.href(), Default::default());
            return;
        }
        if !check_all(errors, &d.address) {
            return;
        }
        let signed_in = book.get_untracked().is_some_and(|b| b.is_ok());
        if !(signed_in && keep.get_untracked()) {
            navigate(&Step::Identity.href(), Default::default());
            return;
        }
        // Kept in the book for next time, then on.
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::save_address(None, &d.address).await {
                Ok(s) => {
                    co.update(|x| {
                        x.saved_address = Some(s.id);
                        x.address = s.address;
                    });
                    navigate(&Step::Identity.href(), Default::default());
                }
                Err(ApiError::Api {
                    code,
                    field: Some(f),
                    ..
                }) if f.starts_with("address.") => errors.set(field_of(&f), Err(code)),
                Err(err) => failure.set(Some(err)),
            }
        });
    };
    let using_saved = move || co.draft.with(|d| d.saved_address);
    view! {
        <form class="checkout-form" novalidate on:submit=next>
            {move || {
                let list = saved();
                let list_for_pick = list.clone();
                let items = list.iter().map(|s| (s.id, one_line(&s.address))).collect::<Vec<_>>();
                let pick = move |id: Option<i64>| choose(id.and_then(|id| list_for_pick.iter().find(|s| s.id == id).cloned()));
                (!list.is_empty()).then(|| view! {
                    <SavedChoices class="saved-addresses" name="saved-address" new_class="new-address"
                        legend=Signal::derive(move || tr!("saved-addresses-legend"))
                        new_label=Signal::derive(move || tr!("saved-address-new"))
                        items=items selected=Signal::derive(using_saved)
                        on_pick=pick/>
                })
            }}
            <Show when=move || using_saved().is_none()>
                <fieldset>
                    <legend>{move_tr!("address-legend")}</legend>
                    <AddressFields value=Signal::derive(move || co.draft.with(|d| d.address.clone())) on_change=move |a| co.update(|d| d.address = a)/>
                    {move || book.get().is_some_and(|b| b.is_ok()).then(|| view! {
                        <label class="keep"><input type="checkbox" name="keep-address" prop:checked=move || keep.get() on:change=move |ev| keep.set(event_target_checked(&ev))/> " " {move_tr!("saved-address-keep")}</label>
                    })}
                </fieldset>
            </Show>
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || error_message(&e)}</p> })}
            <button type="submit" class="btn btn-primary btn-block next-step">{move_tr!("step-next")}</button>
        </form>
    }
}
