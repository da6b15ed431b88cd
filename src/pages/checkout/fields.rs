use haitao_core::ErrorCode;
use leptos::prelude::*;

use super::FieldErrors;
use crate::i18n::code_message;

/// A labelled text field whose error (if any) is read out beside it.
#[component]
pub fn TextField<C>(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    /// The check made when the shopper leaves the field.
    check: C,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(default = "on")] autocomplete: &'static str,
    #[prop(default = 120)] maxlength: u32,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView
where
    C: Fn(&str) -> Result<(), ErrorCode> + Copy + Send + Sync + 'static,
{
    let errors = expect_context::<FieldErrors>();
    let input_id = format!("f-{id}");
    let err_id = format!("f-{id}-err");
    let error = move || errors.of(id);
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=input_id.clone()>{move || label.get()}</label>
            <input
                id=input_id
                name=id
                inputmode=inputmode
                autocomplete=autocomplete
                maxlength=maxlength
                prop:value=move || value.get()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=err_id.clone()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    on_input.run(v.clone());
                    // Once refused, the message follows every keystroke until it is right.
                    if errors.of(id).is_some() {
                        errors.set(id, check(&v));
                    }
                }
                on:blur=move |_| {
                    let v = value.get_untracked();
                    // An untouched empty field is not an error yet.
                    if !v.is_empty() { errors.set(id, check(&v)); }
                }
            />
            {hint.map(|h| view! { <p class="field-hint">{move || h.get()}</p> })}
            <p class="field-error" id=err_id aria-live="polite">{move || error().map(code_message)}</p>
        </div>
    }
}
