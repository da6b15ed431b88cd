//! `/account/addresses`: the address book (add, edit, delete, the default)
//! and the saved payers (add, delete), with the checkout's fields, checks and
//! messages.

use haitao_core::api::{Address, Identity, SavedAddress};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::sign_in::SignInForm;
use super::signed_out;
use crate::api::{self, ApiError};
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};
use crate::i18n::error_message;
use crate::pages::checkout::address::{check_all, field_of, AddressFields};
use crate::pages::checkout::identity::{self, PayerFields};
use crate::pages::checkout::FieldErrors;

#[component]
pub fn AddressBookPage() -> impl IntoView {
    let book = LocalResource::new(api::addresses);
    view! {
        <PageTitle text=move || tr!("book-title")/>
        <section class="account address-book">
            {move || match book.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) if signed_out(&err) => view! { <SignInForm on_signed_in=move |_| book.refetch()/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| book.refetch()/> }.into_any(),
                Some(Ok(list)) => view! {
                    <h1>{move_tr!("book-heading")}</h1>
                    <Addresses list on_change=move |_| book.refetch()/>
                    <Payers/>
                }.into_any(),
            }}
        </section>
    }
}

/// What the address form is doing: nothing, adding, or editing one.
#[derive(Clone, PartialEq)]
enum Editing {
    No,
    New,
    Saved(i64),
}

#[component]
fn Addresses(list: Vec<SavedAddress>, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let editing = RwSignal::new(Editing::No);
    let draft = RwSignal::new(Address::default());
    let failure = RwSignal::new(None::<ApiError>);
    let errors = FieldErrors(RwSignal::new(Vec::new()));
    provide_context(errors);
    let act =
        move |f: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>| {
            spawn_local(async move {
                match f.await {
                    Ok(()) => {
                        failure.set(None);
                        on_change.run(());
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let a = draft.get_untracked();
        if !check_all(errors, &a) {
            return;
        }
        let id = match editing.get_untracked() {
            Editing::Saved(id) => Some(id),
            _ => None,
        };
        spawn_local(async move {
            match api::save_address(id, &a).await {
                Ok(_) => {
                    editing.set(Editing::No);
                    on_change.run(());
                }
                Err(ApiError::Api {
                    code,
                    field: Some(f),
                    ..
                }) if f.starts_with("address.") => errors.set(field_of(&f), Err(code)),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let empty = list.is_empty();
    view! {
        <h2>{move_tr!("book-addresses")}</h2>
        {empty.then(|| view! { <p class="empty">{move_tr!("book-no-addresses")}</p> })}
        <ul class="book-list">
            {list.into_iter().map(|s| {
                let (id, a) = (s.id, s.address.clone());
                let line = crate::pages::checkout::address::one_line(&s.address);
                view! {
                    <li class="book-entry" data-address=id>
                        <p>{line}</p>
                        {s.is_default.then(|| view! { <span class="badge default-badge">{move_tr!("book-default")}</span> })}
                        <div class="book-actions">
                            {(!s.is_default).then(|| view! {
                                <button class="btn btn-link make-default" on:click=move |_| act(Box::pin(async move { api::default_address(id).await.map(|_| ()) }))>{move_tr!("book-make-default")}</button>
                            })}
                            <button class="btn btn-link edit-address" on:click=move |_| { draft.set(a.clone()); errors.0.set(Vec::new()); editing.set(Editing::Saved(id)); }>{move_tr!("edit")}</button>
                            <button class="btn btn-link delete-address" on:click=move |_| act(Box::pin(api::delete_address(id)))>{move_tr!("book-delete")}</button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || error_message(&e)}</p> })}
        <Show
            when=move || editing.get() != Editing::No
            fallback=move || view! {
                <button class="btn btn-block add-address" on:click=move |_| { draft.set(Address::default()); errors.0.set(Vec::new()); editing.set(Editing::New); }>{move_tr!("book-add-address")}</button>
            }
        >
            <form class="checkout-form address-form" novalidate on:submit=save>
                <fieldset>
                    <legend>{move || if editing.get() == Editing::New { tr!("book-add-address") } else { tr!("book-edit-address") }}</legend>
                    <AddressFields value=draft on_change=move |a| draft.set(a)/>
                </fieldset>
                <button type="submit" class="btn btn-primary btn-block save-address">{move_tr!("book-save")}</button>
                <button type="button" class="btn btn-link cancel-edit" on:click=move |_| editing.set(Editing::No)>{move_tr!("book-cancel")}</button>
            </form>
        </Show>
    }
}

#[component]
fn Payers() -> impl IntoView {
    let payers = LocalResource::new(api::payers);
    let adding = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let errors = FieldErrors(RwSignal::new(Vec::new()));
    provide_context(errors);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let who = Identity {
            name: name.get_untracked(),
            id_number: id_number.get_untracked(),
        };
        if !identity::check_all(errors, &who.name, &who.id_number) {
            return;
        }
        spawn_local(async move {
            match api::save_payer(&who).await {
                Ok(_) => {
                    adding.set(false);
                    name.set(String::new());
                    // The number leaves memory once it is kept (sealed) on the server.
                    id_number.set(String::new());
                    payers.refetch();
                }
                Err(ApiError::Api {
                    code,
                    field: Some(f),
                    ..
                }) if f.starts_with("identity.") => errors.set(identity::field_of(&f), Err(code)),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let delete = move |id: i64| {
        spawn_local(async move {
            match api::delete_payer(id).await {
                Ok(()) => payers.refetch(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{move_tr!("book-payers")}</h2>
        <p class="field-hint">{move_tr!("book-payers-why")}</p>
        <ul class="book-list">
            {move || payers.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                let id = p.id;
                view! {
                    <li class="book-entry" data-payer=id>
                        <p>{p.name.clone()} " " <span class="masked-id">{p.id_masked.clone()}</span></p>
                        <div class="book-actions">
                            <button class="btn btn-link delete-payer" on:click=move |_| delete(id)>{move_tr!("book-delete")}</button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || error_message(&e)}</p> })}
        <Show
            when=move || adding.get()
            fallback=move || view! { <button class="btn btn-block add-payer" on:click=move |_| adding.set(true)>{move_tr!("book-add-payer")}</button> }
        >
            <form class="checkout-form payer-form" novalidate on:submit=save>
                <fieldset>
                    <legend>{move_tr!("book-add-payer")}</legend>
                    <PayerFields name=name on_name=move |v| name.set(v) id_number/>
                </fieldset>
                <button type="submit" class="btn btn-primary btn-block save-payer">{move_tr!("book-save")}</button>
            </form>
        </Show>
    }
}
