//! `/account/addresses`: the address book (add, edit, delete, the default)
//! and the saved payers (add, delete), with the checkout's fields, checks and
//! messages.

use haitao_core::api::{Address, NewPayer, SavedAddress};
use haitao_core::legal::{Accepted, DocumentName};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::sign_in::SignInForm;
use super::signed_out;
use crate::api::{self, ApiError};
use crate::components::agreement::Agreement;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};
use crate::components::undo::{UndoBar, Undoable};
use crate::i18n::error_message;
use crate::pages::checkout::address::{check_all, field_of, AddressFields};
use crate::pages::checkout::identity::{self, PayerFields};
use crate::pages::checkout::FieldErrors;

/// An entry of the book, as removals name it.
#[derive(Clone, Copy, PartialEq)]
enum Entry {
    Address(i64),
    Payer(i64),
}

/// A removal from the book, waiting for its undo.
#[derive(Clone)]
struct Removed {
    entry: Entry,
    /// The payer's name, for the bar.
    name: Option<String>,
    /// The default address: once it is gone, the server names another.
    was_default: bool,
}

/// The book's removals: the one that can be taken back, the ones sent, and
/// what the server said when one failed. Page-wide, as the lists are drawn
/// again when the book reloads.
#[derive(Clone, Copy)]
struct Removals {
    undo: Undoable<Removed>,
    gone: RwSignal<Vec<Entry>>,
    failure: RwSignal<Option<ApiError>>,
}

impl Removals {
    fn new(reload: RwSignal<u32>) -> Self {
        let gone = RwSignal::new(Vec::new());
        let failure = RwSignal::new(None);
        let undo = Undoable::new(move |r: Removed, here| {
            gone.try_update(|g: &mut Vec<Entry>| g.push(r.entry));
            spawn_local(async move {
                let done = match r.entry {
                    Entry::Address(id) => api::delete_address(id).await,
                    Entry::Payer(id) => api::delete_payer(id).await,
                };
                // Off the page, nothing is left to update (and an error has
                // nowhere to show: the entry is still in the book next time).
                if !here {
                    return;
                }
                match done {
                    // Another address became the default: shown as the server has it.
                    Ok(()) if r.was_default => {
                        reload.try_update(|n| *n += 1);
                    }
                    Ok(()) => {}
                    Err(e) => {
                        gone.try_update(|g| g.retain(|x| *x != r.entry));
                        failure.try_set(Some(e));
                    }
                }
            });
        });
        Self {
            undo,
            gone,
            failure,
        }
    }

    fn remove(self, entry: Entry, name: Option<String>, was_default: bool) {
        self.failure.set(None);
        self.undo.removed(Removed {
            entry,
            name,
            was_default,
        });
    }

    /// Whether `entry` is shown: not removed, nor waiting for its undo.
    fn shows(self, entry: Entry) -> bool {
        self.undo.pending().is_none_or(|r| r.entry != entry)
            && self.gone.with(|g| !g.contains(&entry))
    }
}

#[component]
pub fn AddressBookPage() -> impl IntoView {
    crate::region_names::Names::provide();
    let reload = RwSignal::new(0u32);
    let book = LocalResource::new(move || {
        reload.track();
        api::addresses()
    });
    let removals = Removals::new(reload);
    provide_context(removals);
    let message = Signal::derive(move || {
        removals.undo.pending().map(|r| match r.name {
            Some(name) => tr!("book-payer-removed", { "name" => name }),
            None => tr!("book-address-removed"),
        })
    });
    view! {
        <PageTitle text=move || tr!("book-title")/>
        <UndoBar message on_undo=move |()| { removals.undo.undo(); }/>
        <section class="account address-book">
            {move || match book.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) if signed_out(&err) => view! { <SignInForm on_signed_in=move |_| book.refetch()/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| book.refetch()/> }.into_any(),
                Some(Ok(list)) => view! {
                    <h1>{move_tr!("book-heading")}</h1>
                    {move || removals.failure.get().map(|e| view! { <p class="field-error" role="alert">{move || error_message(&e)}</p> })}
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
    let removals = expect_context::<Removals>();
    let editing = RwSignal::new(Editing::No);
    let draft = RwSignal::new(Address::default());
    let failure = RwSignal::new(None::<ApiError>);
    let errors = FieldErrors(RwSignal::new(Vec::new()));
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
    let ids: Vec<i64> = list.iter().map(|s| s.id).collect();
    let empty = move || !ids.iter().any(|id| removals.shows(Entry::Address(*id)));
    // Each form its own errors: the payers' form is beside this one, and a
    // component has no context of its own (one provided here was read by both).
    view! {
        <Provider value=errors>
        <h2>{move_tr!("book-addresses")}</h2>
        <Show when=empty>
            <p class="empty">{move_tr!("book-no-addresses")}</p>
        </Show>
        <ul class="book-list">
            {list.into_iter().map(|s| {
                let (id, a, is_default) = (s.id, s.address.clone(), s.is_default);
                let shown = s.address.clone();
                // Reactive: English names of the regions arrive after the list.
                let line = move || crate::pages::checkout::address::one_line(&shown);
                view! {
                    <li class="book-entry" data-address=id hidden=move || !removals.shows(Entry::Address(id))>
                        <p>{line}</p>
                        {s.is_default.then(|| view! { <span class="badge default-badge">{move_tr!("book-default")}</span> })}
                        <div class="book-actions">
                            {(!s.is_default).then(|| view! {
                                <button class="btn btn-link make-default" on:click=move |_| act(Box::pin(async move { api::default_address(id).await.map(|_| ()) }))>{move_tr!("book-make-default")}</button>
                            })}
                            <button class="btn btn-link edit-address" on:click=move |_| { draft.set(a.clone()); errors.0.set(Vec::new()); editing.set(Editing::Saved(id)); }>{move_tr!("edit")}</button>
                            <button class="btn btn-link delete-address" on:click=move |_| {
                                if editing.get_untracked() == Editing::Saved(id) {
                                    editing.set(Editing::No);
                                }
                                removals.remove(Entry::Address(id), None, is_default);
                            }>{move_tr!("book-delete")}</button>
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
        </Provider>
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
    // Keeping the ID number needs its own consent, as at the checkout.
    let accepted = RwSignal::new(Vec::<Accepted>::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let who = NewPayer {
            name: name.get_untracked(),
            id_number: id_number.get_untracked(),
            accepted: accepted.get_untracked(),
        };
        let fields_ok = identity::check_all(errors, &who.name, &who.id_number);
        if !(identity::check_consent(errors, &who.accepted) && fields_ok) {
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
                Err(ApiError::Api {
                    code,
                    field: Some(f),
                    ..
                }) if f == identity::CONSENT => errors.set(identity::CONSENT, Err(code)),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let removals = expect_context::<Removals>();
    view! {
        <Provider value=errors>
        <h2>{move_tr!("book-payers")}</h2>
        <p class="field-hint">{move_tr!("book-payers-why")}</p>
        <ul class="book-list">
            {move || payers.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                let id = p.id;
                let name = p.name.clone();
                view! {
                    <li class="book-entry" data-payer=id hidden=move || !removals.shows(Entry::Payer(id))>
                        <p>{p.name.clone()} " " <span class="masked-id">{p.id_masked.clone()}</span></p>
                        <div class="book-actions">
                            <button class="btn btn-link delete-payer" on:click=move |_| removals.remove(Entry::Payer(id), Some(name.clone()), false)>{move_tr!("book-delete")}</button>
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
                <Agreement names=&[DocumentName::ConsentId] shown=true
                    accepted=accepted
                    on_change=Callback::new(move |list: Vec<Accepted>| {
                        accepted.set(list);
                        if errors.of(identity::CONSENT).is_some() {
                            identity::check_consent(errors, &accepted.get_untracked());
                        }
                    })
                    error=Signal::derive(move || errors.of(identity::CONSENT))/>
                <button type="submit" class="btn btn-primary btn-block save-payer">{move_tr!("book-save")}</button>
            </form>
        </Show>
        </Provider>
    }
}
