use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};
use crate::components::page_title::PageTitle;
use leptos_router::components::A;

use haitao_core::api::ProductQuery;

use crate::api;
use crate::components::l10n_text::Txt;
use crate::components::product_grid::{GridSkeleton, ProductGrid};
use crate::components::status::ErrorPanel;

#[component]
pub fn HomePage() -> impl IntoView {
    // Titles are re-read while a page is torn down, when context is gone.
    let i18n = expect_context::<I18n>();
    let categories = LocalResource::new(api::categories);
    let seasonal = LocalResource::new(|| async {
        api::products(&ProductQuery { in_season: Some(true), per_page: Some(6), ..Default::default() }).await
    });
    let popular = LocalResource::new(|| async {
        api::products(&ProductQuery { sort: Some("popular".into()), per_page: Some(12), ..Default::default() }).await
    });
    view! {
        <PageTitle text=move || tr!(i18n, "home-title")/>
        <section class="hero">
            <h1>{move_tr!("home-heading")}</h1>
            <p>{move_tr!("home-tagline")}</p>
        </section>
        <section aria-labelledby="cat-h">
            <h2 id="cat-h" class="section-title">{move_tr!("home-categories")}</h2>
            {move || match categories.get() {
                None => view! { <div class="chips skeleton-chips"></div> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| categories.refetch()/> }.into_any(),
                Some(Ok(cats)) => view! {
                    <ul class="chips">
                        {cats.into_iter().filter(|c| c.parent.is_none()).map(|c| view! {
                            <li><A href=format!("/c/{}", c.slug) attr:class="chip"><Txt t=c.name/></A></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
        {move || match seasonal.get() {
            Some(Ok(list)) if !list.items.is_empty() => Some(view! {
                <section aria-labelledby="season-h">
                    <h2 id="season-h" class="section-title">{move_tr!("home-seasonal")}</h2>
                    <ProductGrid items=list.items/>
                </section>
            }),
            // Out of season, or not loaded: the best sellers below carry the page.
            _ => None,
        }}
        <section aria-labelledby="pop-h">
            <h2 id="pop-h" class="section-title">{move_tr!("home-popular")}</h2>
            {move || match popular.get() {
                None => view! { <GridSkeleton/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| popular.refetch()/> }.into_any(),
                Some(Ok(list)) => view! { <ProductGrid items=list.items/> }.into_any(),
            }}
        </section>
    }
}
