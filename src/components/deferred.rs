//! Parts of a page built in a task after the one that shows the page.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::product_grid::GridSkeleton;

/// Shows `fallback`, then builds `children` in the next task. A phone drops
/// frames on any task over 50 ms, and the first build of a page after a
/// route change also compiles the page's wasm code on first use (browsers
/// compile wasm functions when first called): one page in one task was
/// 60-100 ms on a 4x slower CPU. On the page the app opens on, `children`
/// are built at once.
#[component]
pub fn Later(#[prop(into)] fallback: ViewFn, children: ChildrenFn) -> impl IntoView {
    // Behind the server's frame (the page the shop was opened on, whose code
    // may come after the app's first render) nothing is on screen to keep
    // smooth, and the frame is handed over once the page is whole.
    // The page the app opens on is built at once too: there is no old page
    // to tear down, and its frame must replace index.html's without a gap.
    let at_once = crate::boot::opening() || crate::boot::behind_frame();
    let ready = RwSignal::new(at_once);
    if !at_once {
        spawn_local(async move {
            crate::scheduling::next_task().await;
            // The page may already be gone (a quick second navigation).
            let _ = ready.try_set(true);
        });
    }
    view! {
        <Show when=move || ready.get() fallback=fallback>
            {children()}
        </Show>
    }
}

/// A listing's frame (an empty heading, grey cards) while its head is built;
/// the listing defers its own body by one more task (see `Listing`).
#[component]
pub fn DeferredListing(children: ChildrenFn) -> impl IntoView {
    view! {
        <Later fallback=|| view! { <div class="list-head"><h1>"\u{a0}"</h1></div><GridSkeleton/> }>
            {children()}
        </Later>
    }
}
