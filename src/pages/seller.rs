use crate::components::page_title::PageTitle;
use haitao_core::api::SellerProfile;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::l10n_text::Txt;
use crate::components::product_grid::{GridSkeleton, ProductGrid};
use crate::components::status::ErrorPanel;
use crate::i18n::{lang_of, state_name};
use crate::pages::not_found::NotFound;

/// `/s/:seller`: the seller's story, home state, verified badge and products.
#[component]
pub fn SellerPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("seller").unwrap_or_default();
    let profile = LocalResource::new(move || {
        let s = slug();
        async move { api::seller(&s, &haitao_core::first_screen::seller_products()).await }
    });
    // Opened on this page: the app takes the server's frame's place once the seller is shown.
    Effect::new(move |_| {
        if profile.with(Option::is_some) {
            crate::boot::first_screen_ready();
        }
    });
    view! {
        {move || match profile.get() {
            None => view! { <GridSkeleton/> }.into_any(),
            Some(Err(err)) if err.is_not_found() => view! { <NotFound/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| profile.refetch()/> }.into_any(),
            Some(Ok(p)) => view! { <SellerView p/> }.into_any(),
        }}
    }
}

#[component]
pub fn SellerView(p: SellerProfile) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let name = p.seller.name.clone();
    let state = p.seller.state.clone();
    let founded = p.founded;
    let all = format!("/search?seller={}", p.seller.slug);
    let more = p.products.total > p.products.items.len() as i64;
    view! {
        <PageTitle text=move || tr!(i18n, "seller-title", { "name" => name.get(lang_of(i18n)).text.to_owned() })/>
        <section class="seller-profile">
            <h1><Txt t=p.seller.name.clone()/></h1>
            <p class="seller-meta">
                {move || tr!("seller-from", { "state" => state_name(&state) })}
                {founded.map(|y| view! { <span>{move || tr!("seller-founded", { "year" => y })}</span> })}
                {p.seller.verified.then(|| view! { <span class="badge badge-verified">{move_tr!("seller-verified")}</span> })}
            </p>
            {p.verified_on.clone().map(|on| {
                let by = p.verified_by.clone();
                view! {
                    <p class="seller-verified-on">{move || {
                        let date = crate::i18n::calendar_day(&on);
                        match &by {
                            Some(by) => tr!("seller-verified-by", { "date" => date, "by" => by.clone() }),
                            None => tr!("seller-verified-on", { "date" => date }),
                        }
                    }}</p>
                }
            })}
            <p class="seller-story"><Txt t=p.story/></p>
        </section>
        <h2 class="section-title">{move || tr!("seller-products", { "count" => p.products.total })}</h2>
        <ProductGrid items=p.products.items/>
        {more.then(|| view! { <A href=all attr:class="btn btn-block">{move_tr!("seller-all-products")}</A> })}
    }
}
