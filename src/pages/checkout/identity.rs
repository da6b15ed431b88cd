use haitao_core::api::{NewPayer, SavedPayer};
use haitao_core::legal::{self, Accepted, DocumentName};
use haitao_core::{validate, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_navigate;

use super::fields::TextField;
use super::saved_choices::SavedChoices;
use super::{FieldErrors, Step};
use crate::api::{self, ApiError};
use crate::checkout_draft::Checkout;
use crate::components::agreement::Agreement;
use crate::i18n::error_message;

/// Today in China (UTC+8), the date the server checks birth dates against.
pub fn today() -> validate::Date {
    let d = js_sys::Date::new(&(js_sys::Date::now() + 8.0 * 3600.0 * 1000.0).into());
    validate::Date {
        year: d.get_utc_full_year() as u16,
        month: d.get_utc_month() as u8 + 1,
        day: d.get_utc_date() as u8,
    }
}

pub fn check_id(v: &str) -> Result<(), haitao_core::ErrorCode> {
    validate::id_number(v, today())
}

pub fn check_all(errors: FieldErrors, name: &str, id: &str) -> bool {
    let (n, i) = (validate::person_name(name), check_id(id));
    let ok = n.is_ok() && i.is_ok();
    errors.set("payer_name", n);
    errors.set("id_number", i);
    ok
}

/// The field of the consent to process the ID number.
pub const CONSENT: &str = "accepted.consent-id";

/// Whether the ID consent is ticked; said beside it when not.
pub fn check_consent(errors: FieldErrors, accepted: &[Accepted]) -> bool {
    let ok = legal::version_of(accepted, DocumentName::ConsentId).is_some();
    errors.set(
        CONSENT,
        if ok {
            Ok(())
        } else {
            Err(ErrorCode::ConsentMissing)
        },
    );
    ok
}

/// The field a server refusal of a payer names, as these fields call it.
pub fn field_of(server_field: &str) -> &'static str {
    if server_field == "identity.name" {
        "payer_name"
    } else {
        "id_number"
    }
}

/// The payer's name and ID number: the checkout's and the account's.
#[component]
pub fn PayerFields(
    #[prop(into)] name: Signal<String>,
    #[prop(into)] on_name: Callback<String>,
    id_number: RwSignal<String>,
) -> impl IntoView {
    view! {
        <TextField id="payer_name" label=Signal::derive(move || tr!("field-payer-name"))
            value=name on_input=on_name check=|v| validate::person_name(v) autocomplete="name" maxlength=30/>
        <TextField id="id_number" label=Signal::derive(move || tr!("field-id-number"))
            value=id_number on_input=move |v: String| id_number.set(v.trim().to_uppercase())
            check=check_id autocomplete="off" maxlength=18
            hint=Signal::derive(move || tr!("id-number-hint"))/>
    }
}

#[component]
pub fn IdentityStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let errors = expect_context::<FieldErrors>();
    let navigate = use_navigate();
    // Signed in: the saved payers (nothing when signed out).
    let saved = crate::session_hint::account_resource(api::payers);
    let list = move || saved.get().and_then(Result::ok).unwrap_or_default();
    let keep = RwSignal::new(true);
    let failure = RwSignal::new(None::<ApiError>);
    // The recipient usually pays: start from their name.
    if co
        .draft
        .with_untracked(|d| d.payer_name.is_empty() && d.saved_payer.is_none())
    {
        co.update(|d| d.payer_name = d.address.recipient.clone());
    }
    // A shopper who has typed no number starts from the latest saved payer.
    Effect::new(move || {
        if let Some(first) = list().into_iter().next() {
            let untouched = co.draft.with_untracked(|d| d.saved_payer.is_none())
                && co.id_number.with_untracked(String::is_empty);
            if untouched {
                co.update(|d| {
                    d.saved_payer = Some((first.id, first.id_masked.clone()));
                    d.payer_name = first.name.clone();
                });
            }
        }
    });
    let choose = move |p: Option<SavedPayer>| {
        co.update(|d| match p {
            Some(p) => {
                d.saved_payer = Some((p.id, p.id_masked));
                d.payer_name = p.name;
            }
            None => d.saved_payer = None,
        });
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = co.draft.get_untracked();
        if !check_consent(errors, &d.accepted) {
            return;
        }
        if d.saved_payer.is_some() {
            navigate(&Step::Payment.href(), Default::default());
            return;
        }
        let id_number = co.id_number.get_untracked();
        if !check_all(errors, &d.payer_name, &id_number) {
            return;
        }
        let signed_in = saved.get_untracked().is_some_and(|s| s.is_ok());
        if !(signed_in && keep.get_untracked()) {
            navigate(&Step::Payment.href(), Default::default());
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::save_payer(&NewPayer {
                name: d.payer_name.clone(),
                id_number,
                accepted: d.accepted.clone(),
            })
            .await
            {
                Ok(p) => {
                    choose(Some(p));
                    navigate(&Step::Payment.href(), Default::default());
                }
                Err(ApiError::Api {
                    code,
                    field: Some(f),
                    ..
                }) if f.starts_with("identity.") => errors.set(field_of(&f), Err(code)),
                Err(err) => failure.set(Some(err)),
            }
        });
    };
    let using = move || co.draft.with(|d| d.saved_payer.as_ref().map(|p| p.0));
    view! {
        <form class="checkout-form" novalidate on:submit=next>
            <p class="notice">{move_tr!("identity-why")}</p>
            {move || {
                let payers = list();
                let payers_for_pick = payers.clone();
                let items = payers.iter().map(|p| (p.id, format!("{} {}", p.name, p.id_masked))).collect::<Vec<_>>();
                let pick = move |id: Option<i64>| choose(id.and_then(|id| payers_for_pick.iter().find(|p| p.id == id).cloned()));
                (!payers.is_empty()).then(|| view! {
                    <SavedChoices class="saved-payers" name="saved-payer" new_class="new-payer"
                        legend=Signal::derive(move || tr!("saved-payers-legend"))
                        new_label=Signal::derive(move || tr!("saved-payer-new"))
                        items=items selected=Signal::derive(using)
                        on_pick=pick/>
                })
            }}
            <Show when=move || using().is_none()>
                <fieldset>
                    <legend>{move_tr!("identity-legend")}</legend>
                    <PayerFields name=Signal::derive(move || co.draft.with(|d| d.payer_name.clone()))
                        on_name=move |v| co.update(|d| d.payer_name = v) id_number=co.id_number/>
                    {move || saved.get().is_some_and(|s| s.is_ok()).then(|| view! {
                        <label class="keep"><input type="checkbox" name="keep-payer" prop:checked=move || keep.get() on:change=move |ev| keep.set(event_target_checked(&ev))/> " " {move_tr!("saved-payer-keep")}</label>
                    })}
                </fieldset>
            </Show>
            <Agreement names=&[DocumentName::ConsentId] shown=true
                accepted=Signal::derive(move || co.draft.with(|d| d.accepted.clone()))
                on_change=Callback::new(move |list: Vec<Accepted>| {
                    co.update(|d| d.accepted = list);
                    if errors.of(CONSENT).is_some() {
                        co.draft.with_untracked(|d| check_consent(errors, &d.accepted));
                    }
                })
                error=Signal::derive(move || errors.of(CONSENT))/>
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || error_message(&e)}</p> })}
            <button type="submit" class="btn btn-primary btn-block next-step">{move_tr!("step-next")}</button>
        </form>
    }
}
