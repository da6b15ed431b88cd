use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};

use haitao_core::first_screen;

use crate::api::{self, ApiResult};
use crate::components::category_chips::CategoryChips;
use crate::components::product_grid::{GridSkeleton, ProductGrid};
use crate::components::status::ErrorPanel;
use haitao_core::api::ProductList;

#[component]
pub fn HomePage() -> impl IntoView {
    let seasonal =
        LocalResource::new(|| async { api::products(&first_screen::home_seasonal()).await });
    let popular =
        LocalResource::new(|| async { api::products(&first_screen::home_popular()).await });
    // Opened on this page: the app takes the server's frame's place once both lists are shown.
    Effect::new(move |_| {
        if seasonal.with(Option::is_some) && popular.with(Option::is_some) {
            crate::boot::first_screen_ready();
        }
    });
    view! {
        <HomeView seasonal=move || seasonal.get() popular=move || popular.get() retry=move || popular.refetch()/>
    }
}

/// The home page for its two lists: the same markup in the browser and, for
/// the page a shopper opens, on the server (src/ssr.rs).
#[component]
pub fn HomeView<S, P, R>(seasonal: S, popular: P, retry: R) -> impl IntoView
where
    // Plain closures, not signals: the same code as reading the resources
    // directly, which keeps the first download small.
    S: Fn() -> Option<ApiResult<ProductList>> + Copy + Send + Sync + 'static,
    P: Fn() -> Option<ApiResult<ProductList>> + Copy + Send + Sync + 'static,
    R: Fn() + Copy + Send + Sync + 'static,
{
    // Titles are re-read while a page is torn down, when context is gone.
    let i18n = expect_context::<I18n>();
    view! {
        <PageTitle text=move || tr!(i18n, "home-title") description=Signal::derive(move || tr!(i18n, "meta-description"))/>
        <section class="hero">
            <h1>{move_tr!("home-heading")}</h1>
            <p>{move_tr!("home-tagline")}</p>
        </section>
        <section aria-labelledby="cat-h">
            <h2 id="cat-h" class="section-title">{move_tr!("home-categories")}</h2>
            <CategoryChips/>
        </section>
        {move || match seasonal() {
            Some(Ok(list)) if !list.items.is_empty() => Some(view! {
                <section aria-labelledby="season-h">
                    <h2 id="season-h" class="section-title">{move_tr!("home-seasonal")}</h2>
                    <ProductGrid items=list.items/>
                </section>
            }.into_any()),
            // Loading: room for the picks, so the best sellers do not jump down.
            None => Some(view! {
                <section aria-busy="true">
                    <h2 class="section-title">{move_tr!("home-seasonal")}</h2>
                    <GridSkeleton/>
                </section>
            }.into_any()),
            // Out of season, or failed: the best sellers below carry the page.
            _ => None,
        }}
        <section aria-labelledby="pop-h">
            <h2 id="pop-h" class="section-title">{move_tr!("home-popular")}</h2>
            {move || match popular() {
                None => view! { <GridSkeleton/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| retry()/> }.into_any(),
                Some(Ok(list)) => {
                    // Under the season's picks, the best sellers are not the first screen.
                    let below_fold = untrack(seasonal).is_some_and(|r| r.is_ok_and(|l| !l.items.is_empty()));
                    view! { <ProductGrid items=list.items below_fold/> }.into_any()
                }
            }}
        </section>
    }
}
