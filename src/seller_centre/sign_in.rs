//! A seller's user signs in with their email address and the 6-digit code
//! mailed to it (the shoppers' phone sign-in is the model).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::move_tr;

use super::{api, errors};
use crate::api::ApiError;

#[component]
pub fn SignIn(#[prop(into)] on_signed_in: Callback<()>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let wait = crate::components::resend_wait::resend_wait();
    let busy = RwSignal::new(false);
    let trouble = RwSignal::new(None::<ApiError>);
    let send = move |_| {
        let to = email.get_untracked().trim().to_owned();
        if busy.get_untracked() || wait.get_untracked() > 0 {
            return;
        }
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            match api::send_code(&to).await {
                Ok(sent) => {
                    wait.set(sent.resend_after);
                    sent_to.set(Some(to));
                }
                Err(err) => trouble.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (e, c) = (
            email.get_untracked().trim().to_owned(),
            code.get_untracked().trim().to_owned(),
        );
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            match api::sign_in(&e, &c).await {
                Ok(_) => on_signed_in.run(()),
                Err(err) => trouble.set(Some(err)),
            }
            busy.set(false);
        });
    };
    // Said beside the field it is about; anything else under the form.
    let said = move |at: Option<&'static str>| {
        trouble.with(|t| {
            t.as_ref()
                .filter(|e| {
                    let f = errors::field(e);
                    match at {
                        Some(at) => f == Some(at),
                        None => !matches!(f, Some("email" | "code")),
                    }
                })
                .map(errors::message)
        })
    };
    view! {
        <form class="sc-sign-in" on:submit=submit novalidate>
            <h1>{move_tr!("sc-sign-in-heading")}</h1>
            <p class="sc-lede">{move_tr!("sc-sign-in-lede")}</p>
            <label class="field">
                <span>{move_tr!("sc-email")}</span>
                <input type="email" name="email" autocomplete="email" inputmode="email" required
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))
                    aria-invalid=move || said(Some("email")).is_some().then_some("true")/>
                {move || said(Some("email")).map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            </label>
            <button type="button" class="btn sc-send-code" on:click=send disabled=move || { busy.get() || wait.get() > 0 }>
                {move || match wait.get() {
                    0 => leptos_fluent::tr!("sc-send-code"),
                    s => leptos_fluent::tr!("sc-resend-in", { "seconds" => s }),
                }}
            </button>
            {move || sent_to.get().map(|to| view! {
                <p class="sc-sent" role="status">{leptos_fluent::tr!("sc-code-sent", { "email" => to })}</p>
            })}
            <label class="field">
                <span>{move_tr!("sc-code")}</span>
                <input type="text" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="6"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))
                    aria-invalid=move || said(Some("code")).is_some().then_some("true")/>
                {move || said(Some("code")).map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            </label>
            {move || said(None).map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>{move_tr!("sc-sign-in")}</button>
            <p class="sc-note">{move_tr!("sc-sign-in-note")}</p>
        </form>
    }
}
