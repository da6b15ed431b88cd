use haitao_core::api::{Identity, OrderRequest, PayRequest};
use haitao_core::validate::mask_id_number;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{address, identity, FieldErrors, Step};
use crate::api::{self, ApiError};
use crate::cart::Cart;
use crate::checkout_draft::Checkout;
use crate::components::sandbox_notice::SandboxNotice;
use crate::components::status::ErrorPanel;
use crate::i18n::{error_message, method_name};
use crate::pages::cart::{CartQuote, Totals};
use crate::storage;

#[component]
pub fn ReviewStep() -> impl IntoView {
    let co = expect_context::<Checkout>();
    let cart = expect_context::<Cart>();
    let errors = expect_context::<FieldErrors>();
    let cq = CartQuote::follow(cart);
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let placed_unpaid = RwSignal::new(None::<String>);

    // A step left incomplete (or the ID number gone with a reload): back to it.
    let d = co.draft.get_untracked();
    let first_missing = if d.saved_address.is_none() && !address::check_all(errors, &d.address) {
        Some(Step::Address)
    } else if d.saved_payer.is_none()
        && !identity::check_all(errors, &d.payer_name, &co.id_number.get_untracked())
    {
        Some(Step::Identity)
    } else if d.method.is_none() {
        Some(Step::Payment)
    } else {
        None
    };
    if let Some(step) = first_missing {
        let navigate = navigate.clone();
        request_animation_frame(move || navigate(&step.href(), Default::default()));
    }

    let submit = Callback::new(move |()| {
        if busy.get_untracked() {
            return; // a second tap while the first is on its way does nothing
        }
        let lines = cart.lines();
        let Some(method) = co.draft.with_untracked(|d| d.method) else {
            return;
        };
        let key = co
            .draft
            .try_update(|d| d.key_for(&lines))
            .unwrap_or_default();
        co.draft.with_untracked(|d| d.save());
        let d = co.draft.get_untracked();
        // From the account's book, only the reference goes (the server has the rest).
        let req = OrderRequest {
            lines,
            address: if d.saved_address.is_some() {
                Default::default()
            } else {
                d.address.clone()
            },
            identity: if d.saved_payer.is_some() {
                Identity::default()
            } else {
                Identity {
                    name: d.payer_name.clone(),
                    id_number: co.id_number.get_untracked(),
                }
            },
            saved_address: d.saved_address,
            saved_payer: d.saved_payer.as_ref().map(|p| p.0),
        };
        busy.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let order = match api::place_order(&key, &req).await {
                Ok(o) => o,
                Err(ApiError::Api {
                    code,
                    field: Some(field),
                    ..
                }) if field.starts_with("address.")
                    || field.starts_with("identity.")
                    || field.starts_with("saved_") =>
                {
                    busy.set(false);
                    let name: &'static str = if field.starts_with("identity.") {
                        identity::field_of(&field)
                    } else {
                        address::field_of(&field)
                    };
                    // A saved entry gone meanwhile: type it again.
                    match field.as_str() {
                        "saved_address" => co.update(|d| d.saved_address = None),
                        "saved_payer" => co.update(|d| d.saved_payer = None),
                        _ => errors.set(name, Err(code)),
                    }
                    navigate(&Step::of_field(&field).href(), Default::default());
                    return;
                }
                Err(err) => {
                    busy.set(false);
                    failure.set(Some(err));
                    return;
                }
            };
            // The order exists: the cart has done its job. Pay with one key per order.
            cart.clear();
            let pay_key = match co.draft.with_untracked(|d| d.placed.clone()) {
                Some((id, k)) if id == order.id => k,
                _ => storage::random_token(),
            };
            co.update(|d| d.placed = Some((order.id.clone(), pay_key.clone())));
            match api::pay(&order.id, &pay_key, &PayRequest { method }).await {
                Ok(start) => {
                    // The provider's own page (a full page load, as with a real one).
                    let _ = window().location().assign(&start.redirect_url);
                }
                Err(err) => {
                    busy.set(false);
                    placed_unpaid.set(Some(order.id));
                    failure.set(Some(err));
                }
            }
        });
    });

    view! {
        <section class="review">
            <div class="review-block">
                <h2>{move_tr!("order-ship-to")} <A href=Step::Address.href() attr:class="edit">{move_tr!("edit")}</A></h2>
                {move || co.draft.with(|d| {
                    let a = &d.address;
                    view! {
                        <p>{a.recipient.clone()} " " {a.mobile.clone()}</p>
                        <p>{format!("{} {} {} {} {}", a.province, a.city, a.district, a.street, a.postcode)}</p>
                    }
                })}
            </div>
            <div class="review-block">
                <h2>{move_tr!("step-identity")} <A href=Step::Identity.href() attr:class="edit">{move_tr!("edit")}</A></h2>
                <p>{move || co.draft.with(|d| d.payer_name.clone())} " " <span class="masked-id">{move || {
                    co.draft.with(|d| d.saved_payer.as_ref().map(|p| p.1.clone())).unwrap_or_else(|| mask_id_number(&co.id_number.get()))
                }}</span></p>
            </div>
            <div class="review-block">
                <h2>{move_tr!("step-payment")} <A href=Step::Payment.href() attr:class="edit">{move_tr!("edit")}</A></h2>
                <p>{move || co.draft.with(|d| d.method.map(method_name))}</p>
            </div>
            {move || cq.quote.get().map(|q| view! { <Totals q updating=cq.pending/> })}
            {move || cq.error.get().map(|err| view! { <ErrorPanel err retry=move |_| cq.retry(cart)/> })}
            {move || failure.get().map(|err| {
                let offline = err == ApiError::Network;
                view! {
                    <div class="error-panel" role="alert">
                        <p>{move || error_message(&err)}</p>
                        <Show when=move || offline><p>{move_tr!("checkout-kept")}</p></Show>
                        {move || placed_unpaid.get().map(|id| view! {
                            <p><A href=format!("/orders/{id}")>{move_tr!("order-pay-later")}</A></p>
                        })}
                    </div>
                }
            })}
            // A guest's order is reached by its link; no phone number joins it to an account.
            {(!crate::session_hint::SessionHint::now()).then(|| view! {
                <p class="notice guest-order">{move_tr!("checkout-guest-order")} " " <A href=format!("/account?back={}", Step::Review.href())>{move_tr!("checkout-guest-sign-in")}</A></p>
            })}
            <SandboxNotice/>
            <button class="btn btn-primary btn-block place-order" on:click=move |_| submit.run(())
                disabled=move || busy.get() || cq.quote.with(|q| q.as_ref().is_none_or(|q| !q.issues.is_empty()))>
                {move || if busy.get() { tr!("placing-order") } else { tr!("place-order-pay") }}
            </button>
        </section>
    }
}
