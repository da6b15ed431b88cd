use haitao_core::text::L10n;
use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::i18n::lang;

/// Seller-supplied text in the shop language; when that side is missing the
/// other language stands in, marked so nobody takes it for a translation.
/// Always rendered as text, never as HTML.
#[component]
pub fn Txt(#[prop(into)] t: Signal<L10n>) -> impl IntoView {
    let shown = move || {
        let l = lang();
        t.with(|t| {
            let s = t.get(l);
            (s.text.to_owned(), s.fallback)
        })
    };
    view! {
        {move || {
            let (text, fallback) = shown();
            view! {
                {text}
                {fallback.then(|| view! {
                    <span class="untranslated" title=move_tr!("untranslated-hint")>{move_tr!("untranslated-mark")}</span>
                })}
            }
        }}
    }
}
