use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The header's search field; it shows the query of the search page.
#[component]
pub fn SearchBox() -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    // Known at once (not only in the effect), so the server's drawing of a
    // search page shows the query too.
    let on_search = move || location.pathname.get_untracked() == "/search";
    let text = RwSignal::new(if on_search() {
        query.read_untracked().get("q").unwrap_or_default()
    } else {
        String::new()
    });
    Effect::new(move |_| {
        if location.pathname.get() == "/search" {
            text.set(query.read().get("q").unwrap_or_default());
        }
    });
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = text.get_untracked();
        let q = q.trim();
        if !q.is_empty() {
            navigate(
                &format!(
                    "/search?q={}",
                    String::from(js_sys::encode_uri_component(q))
                ),
                Default::default(),
            );
        }
    };
    view! {
        // `action`: before the app runs, a search still works (the server draws it).
        <form class="search-box" role="search" action="/search" on:submit=submit>
            <input
                type="search"
                name="q"
                enterkeyhint="search"
                maxlength="100"
                value=text.get_untracked()
                aria-label=move_tr!("search-label")
                placeholder=move_tr!("search-placeholder")
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button type="submit" aria-label=move_tr!("search-submit")>
                <span class="icon icon-search" aria-hidden="true"></span>
            </button>
        </form>
    }
}
