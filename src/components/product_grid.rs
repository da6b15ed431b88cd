use haitao_core::api::ProductCard as Card;
use haitao_core::first_screen::{EAGER_CARDS, FRAME_CARDS};
use leptos::prelude::*;

use crate::components::product_card::ProductCard;

/// Cards rendered in the first task; the rest follow a chunk per frame, so a
/// long listing never blocks a phone's main thread for long.
const FIRST: usize = 2;
const CHUNK: usize = 4;

/// Cards in a grid; the first row loads its images at once (above the fold).
#[component]
pub fn ProductGrid(items: Vec<Card>) -> impl IntoView {
    let total = items.len();
    let items = StoredValue::new(items);
    // Behind the server's frame, which shows two rows, the grid starts with as many.
    let first = if crate::boot::behind_frame() {
        FRAME_CARDS
    } else {
        FIRST
    };
    let shown = RwSignal::new(total.min(first));
    fn more(shown: RwSignal<usize>, total: usize) {
        request_animation_frame(move || {
            if let Some(n) = shown.try_get_untracked().filter(|n| *n < total) {
                shown.set((n + CHUNK).min(total));
                more(shown, total);
            }
        });
    }
    more(shown, total);
    view! {
        <div class="grid">
            <For
                each=move || 0..shown.get()
                key=|i| *i
                children=move |i| {
                    items.with_value(|all| all.get(i).cloned()).map(|card| view! { <ProductCard card eager={i < EAGER_CARDS}/> })
                }
            />
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
