use haitao_core::api::ProductCard as Card;
use haitao_core::first_screen::{EAGER_CARDS, FRAME_CARDS};
use leptos::prelude::*;
use leptos::task::{spawn_local, tick};

use crate::components::product_card::{CardEnv, ProductCard};
use crate::scheduling::{next_task, now_ms};

/// Building cards takes at most this long before the main thread is given
/// back: a phone drops frames on any task over 50 ms, and the task that
/// built the cards also pays for the reactive updates they set off.
const SLICE_MS: f64 = 10.0;

/// Cards in a grid; the first row loads its images at once (above the fold).
/// The cards are built a few at a time, each batch in a task of its own
/// (not in an animation frame, whose task also lays out and paints the page),
/// as many per task as fit in `SLICE_MS` on this device.
#[component]
pub fn ProductGrid(
    items: Vec<Card>,
    /// A grid below another (the home page's best sellers under the season's
    /// picks): not part of the first screen, so the server draws none of it.
    #[prop(optional)]
    below_fold: bool,
) -> impl IntoView {
    let total = items.len();
    let items = StoredValue::new(items);
    // Behind the server's frame, which shows two rows, the grid starts with
    // as many, so the app can take the frame's place without a gap.
    let first = if crate::boot::behind_frame() && !below_fold {
        FRAME_CARDS
    } else {
        0
    };
    let shown = RwSignal::new(total.min(first));
    let env = CardEnv::from_context();
    // The server draws the first screen's cards only.
    if cfg!(feature = "csr") {
        spawn_local(async move {
            // What one card cost so far on this device; unknown at first.
            let mut per_card: Option<f64> = None;
            loop {
                next_task().await;
                let start = now_ms();
                loop {
                    let Some(n) = shown.try_get_untracked().filter(|n| *n < total) else {
                        return;
                    };
                    let left = SLICE_MS - (now_ms() - start);
                    let batch = per_card.map_or(1, |c| ((left / c) as usize).max(1));
                    let batch_start = now_ms();
                    shown.set((n + batch).min(total));
                    // The grid's effects run before this resumes.
                    tick().await;
                    let cost = ((now_ms() - batch_start) / batch as f64).max(0.01);
                    per_card = Some(per_card.map_or(cost, |c| (c + cost) / 2.0));
                    if SLICE_MS - (now_ms() - start) < cost {
                        break;
                    }
                }
            }
        });
    }
    view! {
        <div class="grid">
            <For
                each=move || 0..shown.get()
                key=|i| *i
                children=move |i| {
                    items.with_value(|all| all.get(i).cloned()).map(|card| view! { <ProductCard card env eager={i < EAGER_CARDS}/> })
                }
            />
        </div>
    }
}

/// Grey cards of the real size while the products load, so nothing jumps.
/// All static, written out six times (a loop would not be), so it is one
/// template cloned: a route change builds it.
#[component]
pub fn GridSkeleton() -> impl IntoView {
    template! {
        <div class="grid" aria-busy="true">
            <div class="card skeleton"><div class="card-img"></div><div class="card-body"><div class="line"></div><div class="line short"></div></div></div>
            <div class="card skeleton"><div class="card-img"></div><div class="card-body"><div class="line"></div><div class="line short"></div></div></div>
            <div class="card skeleton"><div class="card-img"></div><div class="card-body"><div class="line"></div><div class="line short"></div></div></div>
            <div class="card skeleton"><div class="card-img"></div><div class="card-body"><div class="line"></div><div class="line short"></div></div></div>
            <div class="card skeleton"><div class="card-img"></div><div class="card-body"><div class="line"></div><div class="line short"></div></div></div>
            <div class="card skeleton"><div class="card-img"></div><div class="card-body"><div class="line"></div><div class="line short"></div></div></div>
        </div>
    }
}
