use haitao_core::legal::{self, Accepted};
use haitao_core::{validate, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use crate::api::{self, ApiError};
use crate::components::agreement::Agreement;
use crate::i18n::{code_message, error_message};

/// What went wrong, and next to which field it is said.
#[derive(Clone, PartialEq)]
enum Problem {
    Phone(ErrorCode),
    Code(ErrorCode),
    /// The user agreement and privacy policy not agreed to (or changed since).
    Consent(ErrorCode),
    Other(ApiError),
}

/// Whether every document signing in needs is ticked.
fn agreed(accepted: &[Accepted]) -> bool {
    legal::FOR_SIGN_IN
        .iter()
        .all(|&n| legal::version_of(accepted, n).is_some())
}

fn problem(err: ApiError) -> Problem {
    match err {
        ApiError::Api {
            code,
            field: Some(f),
            ..
        } if f == "phone" => Problem::Phone(code),
        ApiError::Api {
            code,
            field: Some(f),
            ..
        } if f == "code" => Problem::Code(code),
        ApiError::Api {
            code,
            field: Some(f),
            ..
        } if f.starts_with("accepted.") => Problem::Consent(code),
        other => Problem::Other(other),
    }
}

/// Sign in with a mainland mobile number and the 6-digit code sent to it.
/// The cart and a half-filled checkout stay on the device meanwhile.
#[component]
pub fn SignInForm(#[prop(into)] on_signed_in: Callback<()>) -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let wait = crate::components::resend_wait::resend_wait();
    let busy = RwSignal::new(false);
    let trouble = RwSignal::new(None::<Problem>);
    let accepted = RwSignal::new(Vec::<Accepted>::new());
    let hint = crate::session_hint::SessionHint::setter();
    let send = move |_| {
        let p = phone.get_untracked().trim().to_owned();
        if let Err(c) = validate::mobile(&p) {
            trouble.set(Some(Problem::Phone(c)));
            return;
        }
        if !accepted.with_untracked(|a| agreed(a)) {
            trouble.set(Some(Problem::Consent(ErrorCode::ConsentMissing)));
            return;
        }
        if busy.get_untracked() || wait.get_untracked() > 0 {
            return;
        }
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            match api::send_code(&p).await {
                Ok(sent) => {
                    wait.set(sent.resend_after);
                    sent_to.set(Some(validate::mask_mobile(&p)));
                }
                Err(err) => trouble.set(Some(problem(err))),
            }
            busy.set(false);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, c) = (
            phone.get_untracked().trim().to_owned(),
            code.get_untracked().trim().to_owned(),
        );
        if let Err(e) = validate::mobile(&p) {
            trouble.set(Some(Problem::Phone(e)));
            return;
        }
        if c.len() != 6 || !c.bytes().all(|b| b.is_ascii_digit()) {
            trouble.set(Some(Problem::Code(ErrorCode::CodeWrong)));
            return;
        }
        if !accepted.with_untracked(|a| agreed(a)) {
            trouble.set(Some(Problem::Consent(ErrorCode::ConsentMissing)));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            match api::sign_in(&p, &c, accepted.get_untracked()).await {
                Ok(_) => {
                    hint(true);
                    on_signed_in.run(());
                }
                Err(err) => trouble.set(Some(problem(err))),
            }
            busy.set(false);
        });
    };
    let phone_error = move || match trouble.get() {
        Some(Problem::Phone(c)) => Some(code_message(c)),
        _ => None,
    };
    let code_error = move || match trouble.get() {
        Some(Problem::Code(c)) => Some(code_message(c)),
        _ => None,
    };
    let consent_error = Signal::derive(move || match trouble.get() {
        Some(Problem::Consent(c)) => Some(c),
        _ => None,
    });
    let on_agree = Callback::new(move |list: Vec<Accepted>| {
        if agreed(&list) && consent_error.get_untracked().is_some() {
            trouble.set(None);
        }
        accepted.set(list);
    });
    view! {
        <form class="sign-in checkout-form" novalidate on:submit=submit>
            <h1>{move_tr!("sign-in-heading")}</h1>
            <div class="field" class:invalid=move || phone_error().is_some()>
                <label for="f-phone">{move_tr!("sign-in-phone")}</label>
                <div class="code-row">
                    <input id="f-phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel-national" maxlength="11"
                        prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))
                        aria-invalid=move || phone_error().is_some().to_string() aria-describedby="f-phone-err"/>
                    <button type="button" class="btn send-code" on:click=send disabled=move || busy.get() || (wait.get() > 0)>
                        {move || match wait.get() {
                            0 => tr!("sign-in-send-code"),
                            s => tr!("sign-in-resend", { "seconds" => s }),
                        }}
                    </button>
                </div>
                <p class="field-error" id="f-phone-err" aria-live="polite">{phone_error}</p>
            </div>
            {move || sent_to.get().map(|p| view! { <p class="notice code-sent" role="status">{move || tr!("sign-in-code-sent", { "phone" => p.clone() })}</p> })}
            <div class="field" class:invalid=move || code_error().is_some()>
                <label for="f-code">{move_tr!("sign-in-code")}</label>
                <input id="f-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))
                    aria-invalid=move || code_error().is_some().to_string() aria-describedby="f-code-err"/>
                <p class="field-error" id="f-code-err" aria-live="polite">{code_error}</p>
            </div>
            {move || match trouble.get() {
                Some(Problem::Other(e)) => Some(view! { <p class="field-error" role="alert">{move || error_message(&e)}</p> }),
                _ => None,
            }}
            <Agreement names=&legal::FOR_SIGN_IN accepted=accepted on_change=on_agree error=consent_error/>
            <button type="submit" class="btn btn-primary btn-block sign-in-btn" disabled=move || busy.get()>{move_tr!("sign-in-submit")}</button>
            <p class="field-hint">{move_tr!("sign-in-note")}</p>
        </form>
    }
}
