//! `/checkout/:step`: address, identity, payment, review. Each step checks
//! its fields as the shopper leaves them, in the shopper's language; the
//! server checks them all again when the order is placed.

pub mod address;
mod address_paste;
pub mod fields;
pub mod identity;
mod payment;
mod review;
mod saved_choices;

use haitao_core::ErrorCode;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::cart::Cart;
use crate::components::page_title::PageTitle;
use crate::pages::not_found::NotFound;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    Address,
    Identity,
    Payment,
    Review,
}

impl Step {
    const ALL: [Step; 4] = [Step::Address, Step::Identity, Step::Payment, Step::Review];

    pub fn slug(self) -> &'static str {
        match self {
            Step::Address => "address",
            Step::Identity => "identity",
            Step::Payment => "payment",
            Step::Review => "review",
        }
    }

    fn label(self) -> String {
        match self {
            Step::Address => tr!("step-address"),
            Step::Identity => tr!("step-identity"),
            Step::Payment => tr!("step-payment"),
            Step::Review => tr!("step-review"),
        }
    }

    pub fn href(self) -> String {
        haitao_core::routes::Route::Checkout(self.slug().to_owned()).path()
    }

    /// The step where a field the server refused is typed.
    pub fn of_field(field: &str) -> Step {
        if field.starts_with("identity.") || field == "saved_payer" {
            Step::Identity
        } else {
            Step::Address
        }
    }
}

/// Field errors of the whole checkout, so that one the server finds at the
/// last step shows on the step where it is typed.
#[derive(Clone, Copy)]
pub struct FieldErrors(pub RwSignal<Vec<(&'static str, ErrorCode)>>);

impl FieldErrors {
    pub fn of(&self, field: &'static str) -> Option<ErrorCode> {
        self.0
            .with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, c)| *c))
    }

    pub fn set(&self, field: &'static str, r: Result<(), ErrorCode>) {
        self.0.update(|e| {
            e.retain(|(f, _)| *f != field);
            if let Err(c) = r {
                e.push((field, c));
            }
        });
    }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    crate::region_names::Names::provide();
    let i18n = expect_context::<I18n>();
    let params = use_params_map();
    let cart = expect_context::<Cart>();
    let errors = FieldErrors(RwSignal::new(Vec::new()));
    provide_context(errors);
    let step = move || {
        params
            .read()
            .get("step")
            .and_then(|s| Step::ALL.into_iter().find(|x| x.slug() == s))
    };
    view! {
        <PageTitle text=move || tr!(i18n, "checkout-title")/>
        {move || match step() {
            None => view! { <NotFound/> }.into_any(),
            Some(_) if cart.count() == 0 => view! {
                <section class="empty-state"><p>{move_tr!("cart-empty")}</p><A href="/" attr:class="btn btn-primary">{move_tr!("continue-shopping")}</A></section>
            }.into_any(),
            Some(s) => view! {
                <Steps current=s/>
                {match s {
                    Step::Address => view! { <address::AddressStep/> }.into_any(),
                    Step::Identity => view! { <identity::IdentityStep/> }.into_any(),
                    Step::Payment => view! { <payment::PaymentStep/> }.into_any(),
                    Step::Review => view! { <review::ReviewStep/> }.into_any(),
                }}
            }.into_any(),
        }}
    }
}

#[component]
fn Steps(current: Step) -> impl IntoView {
    view! {
        <ol class="steps" aria-label=move_tr!("steps-label")>
            {Step::ALL.into_iter().enumerate().map(|(i, s)| view! {
                <li class:done=move || (s as u8) < (current as u8) aria-current=(s == current).then_some("step")>
                    <span class="step-n">{i + 1}</span>
                    <span class="step-label">{move || s.label()}</span>
                </li>
            }).collect_view()}
        </ol>
    }
}
