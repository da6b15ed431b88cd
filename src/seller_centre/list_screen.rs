//! A screen of the centre that lists what one call answers (after-sales
//! requests, reviews): its title, the list or what it says when empty, each
//! item drawn by the screen's own component, refetched when one changes.

use leptos::prelude::*;

use crate::api::ApiResult;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};

#[component]
pub fn ListScreen<T, V>(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] empty: Signal<String>,
    class: &'static str,
    list: LocalResource<ApiResult<Vec<T>>>,
    item: fn(T, Callback<()>) -> V,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let changed = Callback::new(move |_| list.refetch());
    view! {
        <PageTitle text=move || title.get()/>
        <section class=class>
            <h1>{move || title.get()}</h1>
            {move || match list.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| list.refetch()/> }.into_any(),
                Some(Ok(l)) if l.is_empty() => view! { <p class="empty">{move || empty.get()}</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <ul class="sc-as-list">{l.into_iter().map(|x| item(x, changed)).collect_view()}</ul>
                }.into_any(),
            }}
        </section>
    }
}
