use leptos::prelude::*;

/// The account's saved addresses or payers as choices, and "a new one":
/// choosing one fills the step, choosing "new" shows its fields.
#[component]
pub fn SavedChoices(
    /// The fieldset's class, and the radio group's name.
    class: &'static str,
    name: &'static str,
    #[prop(into)] legend: Signal<String>,
    #[prop(into)] new_label: Signal<String>,
    /// The "new" radio's class (tests pick it by that).
    new_class: &'static str,
    /// Each saved entry: its id and one line that says what it is.
    items: Vec<(i64, String)>,
    #[prop(into)] selected: Signal<Option<i64>>,
    #[prop(into)] on_pick: Callback<Option<i64>>,
) -> impl IntoView {
    view! {
        <fieldset class=format!("saved-choices {class}")>
            <legend>{move || legend.get()}</legend>
            {items.into_iter().map(|(id, line)| view! {
                <label class="method saved-choice" class:selected=move || selected.get() == Some(id)>
                    <input type="radio" name=name prop:checked=move || selected.get() == Some(id) on:change=move |_| on_pick.run(Some(id))/>
                    <span>{line}</span>
                </label>
            }).collect_view()}
            <label class="method saved-choice" class:selected=move || selected.get().is_none()>
                <input type="radio" name=name class=new_class prop:checked=move || selected.get().is_none() on:change=move |_| on_pick.run(None)/>
                <span>{move || new_label.get()}</span>
            </label>
        </fieldset>
    }
}
