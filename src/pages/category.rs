use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use haitao_core::api::ProductQuery;

use crate::api;
use crate::components::l10n_text::Txt;
use crate::components::product_grid::{GridSkeleton, ProductGrid};
use crate::components::status::ErrorPanel;
use crate::i18n::lang;
use crate::pages::not_found::NotFound;

const PER_PAGE: u32 = 24;

/// `/c/:category?sort=&page=`: the state lives in the URL, so a reload or a
/// shared link shows the same page and back walks through the changes.
#[component]
pub fn CategoryPage() -> impl IntoView {
    // Titles are re-read while a page is torn down, when context is gone.
    let i18n = expect_context::<I18n>();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("category").unwrap_or_default();
    let sort = move || query.read().get("sort").unwrap_or_else(|| "popular".into());
    let page = move || query.read().get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p > 0).unwrap_or(1);

    let categories = LocalResource::new(api::categories);
    let list = LocalResource::new(move || {
        let q = ProductQuery { category: Some(slug()), sort: Some(sort()), page: Some(page()), per_page: Some(PER_PAGE), ..Default::default() };
        async move { api::products(&q).await }
    });
    let category = move || categories.get().and_then(|r| r.ok()).map(|cats| cats.into_iter().find(|c| c.slug == slug()));

    let navigate = use_navigate();
    let on_sort = move |ev| {
        let value = event_target_value(&ev);
        navigate(&format!("/c/{}?sort={value}", slug()), Default::default());
    };

    view! {
        {move || match category() {
            Some(None) => view! { <NotFound/> }.into_any(),
            found => {
                let found = found.flatten();
                let title = found.clone().map(|c| c.name.get(lang()).text.to_owned()).unwrap_or_default();
                view! {
                    <Title text=move || tr!(i18n, "category-title", { "name" => title.clone() })/>
                    <div class="list-head">
                        <h1>{found.map(|c| view! { <Txt t=c.name/> })}</h1>
                        <label class="sort">
                            <span>{move_tr!("sort-label")}</span>
                            <select on:change=on_sort.clone() prop:value=sort>
                                <option value="popular">{move_tr!("sort-popular")}</option>
                                <option value="newest">{move_tr!("sort-newest")}</option>
                                <option value="price_asc">{move_tr!("sort-price_asc")}</option>
                                <option value="price_desc">{move_tr!("sort-price_desc")}</option>
                            </select>
                        </label>
                    </div>
                }.into_any()
            }
        }}
        {move || match list.get() {
            None => view! { <GridSkeleton/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| { categories.refetch(); list.refetch(); }/> }.into_any(),
            Some(Ok(l)) if l.items.is_empty() => view! { <p class="empty">{move_tr!("list-empty")}</p> }.into_any(),
            Some(Ok(l)) => {
                let pages = ((l.total.max(0) as u32) + PER_PAGE - 1) / PER_PAGE;
                let current = l.page;
                let link = move |p: u32| format!("/c/{}?sort={}&page={p}", slug(), sort());
                view! {
                    <p class="count">{move_tr!("list-count", { "count" => l.total })}</p>
                    <ProductGrid items=l.items/>
                    <Show when=move || { pages > 1 }>
                        <nav class="pager" aria-label=move_tr!("pager-label")>
                            {(current > 1).then(|| view! { <A href=link(current - 1) attr:class="btn">{move_tr!("pager-prev")}</A> })}
                            <span>{move_tr!("pager-status", { "page" => current, "pages" => pages })}</span>
                            {(current < pages).then(|| view! { <A href=link(current + 1) attr:class="btn">{move_tr!("pager-next")}</A> })}
                        </nav>
                    </Show>
                }.into_any()
            }
        }}
    }
}
