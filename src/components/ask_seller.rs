//! "Ask the seller": a question about the product, answered by SMS and on
//! the account page. It needs an account (the answer goes to its phone), so
//! a guest is offered sign-in, which brings them back here.

use haitao_core::api::{NewQuestion, Question};
use haitao_core::trust::QUESTION_MAX;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::i18n::error_message;
use crate::pages::account::signed_out;
use crate::session_hint::SessionHint;

#[component]
pub fn AskSeller(slug: String, seller: Signal<String>) -> impl IntoView {
    let signed_in = use_context::<SessionHint>().map(|h| h.0);
    let is_signed_in = move || signed_in.is_some_and(|s| s.get());
    let text = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let asked = RwSignal::new(None::<Question>);
    let back =
        StoredValue::new(haitao_core::routes::Route::Product(slug.clone()).sign_in_back_to());
    let slug = StoredValue::new(slug);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        failure.set(None);
        let q = NewQuestion {
            product: slug.get_value(),
            body: text.get_untracked(),
        };
        spawn_local(async move {
            match api::ask(&q).await {
                Ok(done) => {
                    text.set(String::new());
                    asked.set(Some(done));
                }
                // The text stays in the box whatever went wrong.
                Err(e) => failure.set(Some(e)),
            }
            sending.set(false);
        });
    };
    let count = move || text.with(|t| t.trim().chars().count());
    view! {
        <section class="ask-seller" aria-labelledby="ask-head">
            <h2 id="ask-head">{move || tr!("ask-heading", { "seller" => seller.get() })}</h2>
            <p class="ask-note">{move_tr!("ask-note")}</p>
            <Show when=is_signed_in fallback=move || view! {
                <A href=back.get_value() attr:class="btn btn-block ask-sign-in">{move_tr!("ask-sign-in")}</A>
            }>
                <form class="ask-form" on:submit=send novalidate>
                    <label for="ask-body" class="sr-only">{move_tr!("ask-label")}</label>
                    <textarea id="ask-body" rows="3" placeholder=move_tr!("ask-placeholder")
                        aria-invalid=move || failure.with(|f| f.is_some()).to_string()
                        aria-describedby="ask-count ask-error"
                        prop:value=move || text.get()
                        on:input=move |ev| { text.set(event_target_value(&ev)); asked.set(None); }></textarea>
                    <p id="ask-count" class="ask-count" class:over=move || { count() > QUESTION_MAX }>
                        {move || format!("{}/{}", count(), QUESTION_MAX)}
                    </p>
                    <p id="ask-error" class="field-error" role="alert">
                        {move || failure.get().map(|e| {
                            if signed_out(&e) {
                                view! { {move_tr!("error-sign_in_required")} " " <A href=back.get_value()>{move_tr!("ask-sign-in")}</A> }.into_any()
                            } else {
                                view! { {move || error_message(&e)} }.into_any()
                            }
                        })}
                    </p>
                    <button type="submit" class="btn btn-block ask-send" disabled=move || sending.get() || text.with(|t| t.trim().is_empty())>
                        {move_tr!("ask-send")}
                    </button>
                </form>
            </Show>
            {move || asked.get().map(|q| view! {
                <div class="notice ask-sent" role="status">
                    <p>{move_tr!("ask-sent")}</p>
                    <blockquote>{q.body.clone()}</blockquote>
                    <A href="/account">{move_tr!("ask-see-account")}</A>
                </div>
            })}
        </section>
    }
}
