//! The shopper's account: sign in with the phone, the masked number, "my
//! orders", signing out here or everywhere.

pub mod book;
pub mod orders;
pub mod questions;
pub mod sign_in;

use haitao_core::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};
use sign_in::SignInForm;

/// Whether an answer says nobody is signed in.
pub fn signed_out(err: &ApiError) -> bool {
    matches!(
        err,
        ApiError::Api {
            code: ErrorCode::SignInRequired,
            ..
        }
    )
}

/// Where to go once signed in (`?back=`, from a page that sent the shopper
/// here): a path of this shop only, never another site.
fn back_to() -> Option<String> {
    let back = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("back")?;
    (back.starts_with('/') && !back.starts_with("//") && !back.contains('\\')).then_some(back)
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = LocalResource::new(api::account);
    let back = back_to();
    let navigate = leptos_router::hooks::use_navigate();
    let signed_in = move |_| match &back {
        Some(path) => navigate(path, Default::default()),
        None => account.refetch(),
    };
    // The server's word on the session corrects the header's hint.
    let hint = crate::session_hint::SessionHint::setter();
    Effect::new(move || match account.get() {
        Some(Ok(_)) => hint(true),
        Some(Err(e)) if signed_out(&e) => hint(false),
        _ => {}
    });
    view! {
        <PageTitle text=move || tr!("account-title")/>
        <section class="account">
            {move || match account.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) if signed_out(&err) => view! { <SignInForm on_signed_in=signed_in.clone()/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| account.refetch()/> }.into_any(),
                Some(Ok(a)) => view! {
                    <h1>{move_tr!("account-heading")}</h1>
                    <p class="account-phone">{move_tr!("account-phone")} " " <strong>{a.phone_masked.clone()}</strong></p>
                    <orders::RecentOrders/>
                    <A href="/account/orders" attr:class="btn btn-block my-orders-link">{move_tr!("account-my-orders")}</A>
                    <questions::MyQuestions/>
                    <A href="/account/addresses" attr:class="btn btn-block book-link">{move_tr!("account-book")}</A>
                    <SignOut on_done=move |_| account.refetch()/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SignOut(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let failure = RwSignal::new(None::<ApiError>);
    let hint = crate::session_hint::SessionHint::setter();
    let out = move |everywhere: bool| {
        spawn_local(async move {
            match api::sign_out(everywhere).await {
                Ok(()) => {
                    hint(false);
                    on_done.run(());
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <div class="sign-out">
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || crate::i18n::error_message(&e)}</p> })}
            <button class="btn btn-block sign-out-btn" on:click=move |_| out(false)>{move_tr!("account-sign-out")}</button>
            <button class="btn btn-link sign-out-all" on:click=move |_| out(true)>{move_tr!("account-sign-out-everywhere")}</button>
        </div>
    }
}
