use haitao_core::api::ProductCard as Card;
use leptos::prelude::*;

use crate::components::product_card::ProductCard;

/// Cards in a grid; the first row loads its images at once (above the fold).
#[component]
pub fn ProductGrid(items: Vec<Card>) -> impl IntoView {
    view! {
        <div class="grid">
            {items
                .into_iter()
                .enumerate()
                .map(|(i, card)| view! { <ProductCard card eager=i < 2/> })
                .collect_view()}
        </div>
    }
}

/// Grey cards of the real size while the products load, so nothing jumps.
#[component]
pub fn GridSkeleton(#[prop(default = 6)] count: usize) -> impl IntoView {
    view! {
        <div class="grid" aria-busy="true">
            {(0..count).map(|_| view! { <div class="card skeleton"><div class="card-img"></div><div class="card-body"><div class="line"></div><div class="line short"></div></div></div> }).collect_view()}
        </div>
    }
}
