use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::i18n::{date, toggle_language};

/// Says this is a preview, until when the link works, and switches the
/// language at one tap; `to_fix` links to the report below.
#[component]
pub fn PreviewBanner(expires: Option<String>, to_fix: Option<usize>) -> impl IntoView {
    view! {
        <div class="preview-banner" role="note">
            <p class="preview-banner-title">{move_tr!("preview-banner")}</p>
            {expires.map(|e| view! {
                <p class="preview-banner-meta">{move || tr!("preview-expires", { "date" => date(&e) })}</p>
            })}
            <div class="preview-banner-actions">
                <button class="btn btn-small" on:click=move |_| toggle_language()>{move_tr!("preview-show-other")}</button>
                {to_fix.map(|n| view! {
                    <a class="btn btn-small" href="#report">{move || tr!("preview-report-link", { "count" => n })}</a>
                })}
            </div>
        </div>
    }
}
