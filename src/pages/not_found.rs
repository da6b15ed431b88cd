use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    // Titles are re-read while a page is torn down, when context is gone.
    let i18n = expect_context::<I18n>();
    // Opened on this page: nothing to wait for before taking the server's frame's place.
    Effect::new(|_| crate::boot::first_screen_ready());
    view! {
        <PageTitle text=move || tr!(i18n, "not-found-title")/>
        <section class="empty-state">
            <h1>{move_tr!("not-found-heading")}</h1>
            <p>{move_tr!("not-found-body")}</p>
            <A href="/" attr:class="btn btn-primary">{move_tr!("back-home")}</A>
        </section>
    }
}
