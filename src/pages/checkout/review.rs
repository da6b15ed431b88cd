use haitao_core::api::{Identity, OrderRequest, PayRequest, Quote, SellerRef};
use haitao_core::legal::{self, Accepted, DocumentName};
use haitao_core::limits::ANNUAL_LIMIT;
use haitao_core::validate::mask_id_number;
use haitao_core::{ErrorCode, Money};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{address, identity, FieldErrors, Step};
use crate::api::{self, ApiError};
use crate::cart::Cart;
use crate::checkout_draft::Checkout;
use crate::components::agreement::Agreement;
use crate::components::l10n_text::Txt;
use crate::components::method_choice::payable_here;
use crate::components::sandbox_notice::SandboxNotice;
use crate::components::status::ErrorPanel;
use crate::i18n::{channel_name, error_message, method_name, presale_text, state_name, yuan};
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
    } else if !identity::check_consent(errors, &d.accepted)
        || (d.saved_payer.is_none()
            && !identity::check_all(errors, &d.payer_name, &co.id_number.get_untracked()))
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
        // Each consent this step asks for, said beside it when not given.
        let mut agreed = true;
        for (field, name) in HERE {
            let ok = co
                .draft
                .with_untracked(|d| legal::version_of(&d.accepted, name).is_some());
            errors.set(
                field,
                if ok {
                    Ok(())
                } else {
                    Err(ErrorCode::ConsentMissing)
                },
            );
            agreed &= ok;
        }
        if !agreed {
            return;
        }
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
            accepted: d.accepted.clone(),
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
                // A consent missing or changed since it was read: said beside it.
                Err(ApiError::Api {
                    code,
                    field: Some(field),
                    ..
                }) if field.starts_with("accepted.") => {
                    busy.set(false);
                    if field == identity::CONSENT {
                        errors.set(identity::CONSENT, Err(code));
                        navigate(&Step::Identity.href(), Default::default());
                    } else if let Some((f, _)) = HERE.into_iter().find(|(f, _)| *f == field) {
                        errors.set(f, Err(code));
                    }
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
            // Alipay chosen inside WeChat: paid from the order's page, opened
            // in the browser (the page shows how; its address carries the order).
            if !payable_here(method) {
                navigate(
                    &format!("/orders/{}?pay={}", order.id, method.as_str()),
                    Default::default(),
                );
                return;
            }
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

    let payers = crate::session_hint::account_resource(api::payers);
    // Signed in with a saved payer this account has paid with: how much of
    // the person's yearly allowance this order takes.
    let allowance = move || {
        let id = co.draft.with(|d| d.saved_payer.as_ref().map(|p| p.0))?;
        let used = payers
            .get()?
            .ok()?
            .into_iter()
            .find(|p| p.id == id)?
            .used_this_year?;
        let total = cq.quote.with(|q| q.as_ref().map(|q| q.total))?;
        Some((used, total))
    };
    let accepted = Signal::derive(move || co.draft.with(|d| d.accepted.clone()));
    let on_agree = Callback::new(move |list: Vec<Accepted>| {
        for (field, name) in HERE {
            if legal::version_of(&list, name).is_some() {
                errors.set(field, Ok(()));
            }
        }
        co.update(|d| d.accepted = list);
    });
    view! {
        <section class="review">
            {move || cq.quote.get().map(|q| view! { <Goods q/> })}
            {move || allowance().map(|(used, total)| view! {
                <p class="notice allowance">{move || tr!("review-allowance", {
                    "order" => yuan(total),
                    "used" => yuan(used),
                    "left" => yuan(Money::cny((ANNUAL_LIMIT.amount - used.amount - total.amount).max(0))),
                })}</p>
            })}
            <div class="review-block">
                <h2>{move_tr!("order-ship-to")} <A href=Step::Address.href() attr:class="edit">{move_tr!("edit")}</A></h2>
                {move || co.draft.with(|d| {
                    let a = &d.address;
                    view! {
                        <p>{a.recipient.clone()} " " {a.mobile.clone()}</p>
                        <p>{crate::region_names::place_text(&a.province, &a.city, &a.district, format!("{} {}", a.street, a.postcode).trim())}</p>
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
                            <p><A href=haitao_core::routes::Route::Order(id.clone()).path()>{move_tr!("order-pay-later")}</A></p>
                        })}
                    </div>
                }
            })}
            // A guest's order is reached by its link; no phone number joins it to an account.
            {(!crate::session_hint::SessionHint::now()).then(|| view! {
                <p class="notice guest-order">{move_tr!("checkout-guest-order")} " " <A href=haitao_core::routes::Route::Checkout(Step::Review.slug().to_owned()).sign_in_back_to()>{move_tr!("checkout-guest-sign-in")}</A></p>
            })}
            <Agreement names=&[DocumentName::Notice] shown=true accepted on_change=on_agree
                error=Signal::derive(move || errors.of(NOTICE))/>
            <Agreement names=&[DocumentName::ConsentAbroad] shown=true accepted on_change=on_agree
                error=Signal::derive(move || errors.of(ABROAD))>
                <Recipients sellers=Signal::derive(move || cq.quote.with(|q| q.as_ref().map(sellers_of).unwrap_or_default()))/>
            </Agreement>
            <SandboxNotice/>
            <button class="btn btn-primary btn-block place-order" on:click=move |_| submit.run(())
                disabled=move || busy.get() || cq.quote.with(|q| q.as_ref().is_none_or(|q| !q.can_order()))>
                {move || if busy.get() { tr!("placing-order") } else { tr!("place-order-pay") }}
            </button>
        </section>
    }
}

const NOTICE: &str = "accepted.notice";
const ABROAD: &str = "accepted.consent-abroad";
/// The consents the confirm step asks for (the ID's is the identity step's).
const HERE: [(&str, DocumentName); 2] = [
    (NOTICE, DocumentName::Notice),
    (ABROAD, DocumentName::ConsentAbroad),
];

/// The goods ordered, parcel by parcel, as they will ship.
#[component]
fn Goods(q: Quote) -> impl IntoView {
    let parcels = q.parcels.clone();
    view! {
        <div class="review-block review-goods">
            <h2>{move_tr!("review-goods")} <A href="/cart" attr:class="edit">{move_tr!("edit")}</A></h2>
            {parcels.into_iter().map(|p| {
                let lines: Vec<_> = q.lines.iter().filter(|l| p.skus.contains(&l.sku)).cloned().collect();
                let ships = lines.iter().find_map(|l| l.ships.clone());
                view! {
                    <h3 class="parcel-name">{move || channel_name(p.channel)}</h3>
                    {ships.map(|w| view! { <p class="presale-note">{move || presale_text(&w)}</p> })}
                    <ul class="goods">
                        {lines.into_iter().map(|l| view! {
                            <li class="goods-line">
                                <img src=l.image.clone() alt="" width="48" height="48"/>
                                <span class="goods-name"><Txt t=l.name.clone()/> " " <small><Txt t=l.variant.clone()/></small></span>
                                <span class="goods-qty">{format!("× {}", l.qty)}</span>
                                <span class="goods-price">{yuan(l.goods.cny)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }
            }).collect_view()}
        </div>
    }
}

/// Each seller of the quote once, in the order their goods come.
fn sellers_of(q: &Quote) -> Vec<SellerRef> {
    let mut all: Vec<SellerRef> = Vec::new();
    for s in q.lines.iter().filter_map(|l| l.seller.as_ref()) {
        if !all.iter().any(|x| x.slug == s.slug) {
            all.push(s.clone());
        }
    }
    all
}

/// Who receives the recipient's details abroad, named.
#[component]
fn Recipients(#[prop(into)] sellers: Signal<Vec<SellerRef>>) -> impl IntoView {
    view! {
        <h4>{move_tr!("review-recipients")}</h4>
        <ul class="recipients">
            {move || sellers.get().into_iter().map(|s| {
                let state = s.state.clone();
                view! { <li><Txt t=s.name/> " · " {move || state_name(&state)}</li> }
            }).collect_view()}
        </ul>
    }
}
