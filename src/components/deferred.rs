//! A listing's body built in the task after the route change, not in it.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::product_grid::GridSkeleton;

thread_local! {
    // The page the app opens on is built at once: there is no old page to
    // tear down, and its frame must replace index.html's without a gap.
    static OPENING: Cell<bool> = const { Cell::new(true) };
}

/// Called once the app's first page is on screen: later listings are built
/// after a route change.
pub fn app_opened() {
    OPENING.with(|o| o.set(false));
}

/// On a route change, shows the listing's frame (an empty heading, grey
/// cards) and builds `children` in the next task. The old page's teardown
/// and the new page's first build (first calls also compile the page's wasm
/// code) would otherwise make one task long enough to drop frames on a phone.
#[component]
pub fn DeferredListing(children: ChildrenFn) -> impl IntoView {
    let opening = OPENING.with(Cell::get);
    let ready = RwSignal::new(opening);
    if !opening {
        spawn_local(async move {
            crate::scheduling::next_task().await;
            // The page may already be gone (a quick second navigation).
            let _ = ready.try_set(true);
        });
    }
    view! {
        <Show
            when=move || ready.get()
            fallback=|| view! { <div class="list-head"><h1>"\u{a0}"</h1></div><GridSkeleton/> }
        >
            {children()}
        </Show>
    }
}
