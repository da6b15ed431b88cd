use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text=move || tr!("not-found-title")/>
        <section class="empty-state">
            <h1>{move_tr!("not-found-heading")}</h1>
            <p>{move_tr!("not-found-body")}</p>
            <A href="/" attr:class="btn btn-primary">{move_tr!("back-home")}</A>
        </section>
    }
}
