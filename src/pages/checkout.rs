use haitao_core::api::{Address, OrderRequest};
use haitao_core::{validate, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr, I18n};
use crate::components::page_title::PageTitle;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiError};
use crate::cart::Cart;
use crate::checkout_draft::Draft;
use crate::components::status::ErrorPanel;
use crate::i18n::{code_message, error_message};
use crate::pages::cart::{CartQuote, Totals};
use crate::pages::not_found::NotFound;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Recipient,
    Mobile,
    Province,
    City,
    District,
    Street,
    Postcode,
}

impl Field {
    const ALL: [Field; 7] =
        [Field::Recipient, Field::Mobile, Field::Province, Field::City, Field::District, Field::Street, Field::Postcode];

    fn id(self) -> &'static str {
        match self {
            Field::Recipient => "recipient",
            Field::Mobile => "mobile",
            Field::Province => "province",
            Field::City => "city",
            Field::District => "district",
            Field::Street => "street",
            Field::Postcode => "postcode",
        }
    }

    fn from_api(field: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| field == format!("address.{}", f.id()))
    }

    fn label(self) -> String {
        match self {
            Field::Recipient => tr!("field-recipient"),
            Field::Mobile => tr!("field-mobile"),
            Field::Province => tr!("field-province"),
            Field::City => tr!("field-city"),
            Field::District => tr!("field-district"),
            Field::Street => tr!("field-street"),
            Field::Postcode => tr!("field-postcode"),
        }
    }

    fn get(self, a: &Address) -> &String {
        match self {
            Field::Recipient => &a.recipient,
            Field::Mobile => &a.mobile,
            Field::Province => &a.province,
            Field::City => &a.city,
            Field::District => &a.district,
            Field::Street => &a.street,
            Field::Postcode => &a.postcode,
        }
    }

    fn get_mut(self, a: &mut Address) -> &mut String {
        match self {
            Field::Recipient => &mut a.recipient,
            Field::Mobile => &mut a.mobile,
            Field::Province => &mut a.province,
            Field::City => &mut a.city,
            Field::District => &mut a.district,
            Field::Street => &mut a.street,
            Field::Postcode => &mut a.postcode,
        }
    }

    /// The same checks the server makes, so the shopper hears at once.
    fn check(self, value: &str) -> Result<(), ErrorCode> {
        let v = value.trim();
        match self {
            Field::Recipient => validate::person_name(v),
            Field::Mobile => validate::mobile(v),
            Field::Postcode => validate::postcode(v),
            Field::Street => validate::street(v),
            Field::Province | Field::City | Field::District => {
                (!v.is_empty() && v.chars().count() <= 40).then_some(()).ok_or(ErrorCode::InvalidAddress)
            }
        }
    }

    fn input_mode(self) -> &'static str {
        match self {
            Field::Mobile | Field::Postcode => "numeric",
            _ => "text",
        }
    }

    fn autocomplete(self) -> &'static str {
        match self {
            Field::Recipient => "name",
            Field::Mobile => "tel-national",
            Field::Province => "address-level1",
            Field::City => "address-level2",
            Field::District => "address-level3",
            Field::Street => "street-address",
            Field::Postcode => "postal-code",
        }
    }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let params = use_params_map();
    view! {
        {move || match params.read().get("step").as_deref() {
            Some("address") => view! { <AddressStep/> }.into_any(),
            _ => view! { <NotFound/> }.into_any(),
        }}
    }
}

#[component]
fn AddressStep() -> impl IntoView {
    // Titles are re-read while a page is torn down, when context is gone.
    let i18n = expect_context::<I18n>();
    let cart = expect_context::<Cart>();
    let cq = CartQuote::follow(cart);
    let draft = RwSignal::new(Draft::load());
    let errors = RwSignal::new(Vec::<(Field, ErrorCode)>::new());
    let submitting = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();

    let error_of = move |f: Field| errors.with(|e| e.iter().find(|(x, _)| *x == f).map(|(_, c)| *c));
    let set_error = move |f: Field, r: Result<(), ErrorCode>| {
        errors.update(|e| {
            e.retain(|(x, _)| *x != f);
            if let Err(c) = r {
                e.push((f, c));
            }
        })
    };

    let submit = Callback::new(move |()| {
        if submitting.get_untracked() {
            return; // a second tap while the first is in flight does nothing
        }
        let address = draft.with_untracked(|d| d.address.clone());
        let mut all_ok = true;
        for f in Field::ALL {
            let r = f.check(f.get(&address));
            all_ok &= r.is_ok();
            set_error(f, r);
        }
        if !all_ok {
            return;
        }
        let lines = cart.lines();
        let key = draft.try_update(|d| d.key_for(&lines)).unwrap_or_default();
        submitting.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let res = api::place_order(&key, &OrderRequest { lines, address }).await;
            submitting.set(false);
            match res {
                Ok(order) => {
                    cart.clear();
                    Draft::clear();
                    navigate(&format!("/orders/{}", order.id), Default::default());
                }
                Err(ApiError::Api { code, field: Some(field), .. }) if Field::from_api(&field).is_some() => {
                    if let Some(f) = Field::from_api(&field) {
                        set_error(f, Err(code));
                    }
                }
                Err(err) => failure.set(Some(err)),
            }
        });
    });

    let field_view = move |f: Field| {
        let id = format!("f-{}", f.id());
        let err_id = format!("{id}-err");
        view! {
            <div class="field" class:invalid=move || error_of(f).is_some()>
                <label for=id.clone()>{move || f.label()}</label>
                <input
                    id=id
                    name=f.id()
                    inputmode=f.input_mode()
                    autocomplete=f.autocomplete()
                    prop:value=move || draft.with(|d| f.get(&d.address).clone())
                    aria-invalid=move || error_of(f).is_some().to_string()
                    aria-describedby=err_id.clone()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| { *f.get_mut(&mut d.address) = v; d.save(); });
                        if error_of(f).is_some() {
                            set_error(f, f.check(&draft.with_untracked(|d| f.get(&d.address).clone())));
                        }
                    }
                    on:blur=move |_| {
                        let v = draft.with_untracked(|d| f.get(&d.address).clone());
                        // An untouched empty field is not an error yet.
                        if !v.is_empty() { set_error(f, f.check(&v)); }
                    }
                />
                <p class="field-error" id=err_id aria-live="polite">{move || error_of(f).map(code_message)}</p>
            </div>
        }
    };

    view! {
        <PageTitle text=move || tr!(i18n, "checkout-title")/>
        <h1>{move_tr!("checkout-heading")}</h1>
        <Show when=move || { cart.count() > 0 } fallback=|| view! {
            <section class="empty-state"><p>{move_tr!("cart-empty")}</p><A href="/" attr:class="btn btn-primary">{move_tr!("continue-shopping")}</A></section>
        }>
            <form class="checkout-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit.run(()); }>
                <fieldset>
                    <legend>{move_tr!("address-legend")}</legend>
                    {Field::ALL.into_iter().map(field_view).collect_view()}
                </fieldset>
                {move || cq.quote.get().map(|q| view! { <Totals q updating=cq.pending/> })}
                {move || failure.get().map(|err| {
                    let offline = err == ApiError::Network;
                    view! {
                        <div class="error-panel" role="alert">
                            <p>{move || error_message(&err)}</p>
                            <Show when=move || offline><p>{move_tr!("checkout-kept")}</p></Show>
                        </div>
                    }
                })}
                {move || cq.error.get().map(|err| view! { <ErrorPanel err retry=move |_| cq.retry(cart)/> })}
                <button type="submit" class="btn btn-primary btn-block place-order"
                    disabled=move || submitting.get() || cq.quote.with(|q| q.as_ref().is_none_or(|q| !q.issues.is_empty()))>
                    {move || if submitting.get() { tr!("placing-order") } else { tr!("place-order") }}
                </button>
            </form>
        </Show>
    }
}
