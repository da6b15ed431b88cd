//! `/c/:category` and `/search?q=`: one listing with filters and sort, its
//! whole state in the URL. Filter changes push history (back undoes them);
//! "load more" replaces it (back returns to the product list as it was,
//! scrolled where it was).

use crate::components::page_title::PageTitle;
use haitao_core::api::{Category, ProductList, ProductQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError};
use crate::components::category_chips::CategoryChips;
use crate::components::deferred::{DeferredListing, Later};
use crate::components::filters::{is_filtered, FilterPanel, FilteredEmpty};
use crate::components::l10n_text::Txt;
use crate::components::product_grid::{GridSkeleton, ProductGrid};
use crate::components::status::ErrorPanel;
use crate::i18n::lang_of;
use crate::list_cache::ListCache;
use crate::pages::not_found::NotFound;
use crate::url;

const PER_PAGE: u32 = haitao_core::first_screen::LISTING_PER_PAGE;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Category,
    Search,
}

#[component]
pub fn CategoryPage() -> impl IntoView {
    view! { <DeferredListing><Listing kind=Kind::Category/></DeferredListing> }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    view! { <DeferredListing><Listing kind=Kind::Search/></DeferredListing> }
}

/// Pages 1..=N of a listing, as one list (each page cached).
async fn load(cache: ListCache, q: ProductQuery) -> Result<ProductList, ApiError> {
    let pages = q.page.unwrap_or(1);
    let mut all: Option<ProductList> = None;
    for page in 1..=pages {
        let pq = haitao_core::first_screen::listing_page(&q, page);
        let key = url::query_string(&pq);
        let list = match cache.get(&key) {
            Some(l) => l,
            None => {
                let l = api::products(&pq).await?;
                cache.put(key, l.clone());
                l
            }
        };
        let done = list.items.len() < PER_PAGE as usize;
        all = Some(match all {
            None => list,
            Some(mut acc) => {
                acc.items.extend(list.items);
                acc.page = list.page;
                acc
            }
        });
        if done {
            break;
        }
    }
    all.ok_or(ApiError::Decode)
}

/// Scrolls to `y` once the page is tall enough (the grid renders in chunks
/// over a few tasks), giving up after `frames`; then marks `settled`.
fn restore_scroll(y: f64, frames: u32, settled: StoredValue<bool>) {
    request_animation_frame(move || {
        let tall = document()
            .document_element()
            .map_or(0.0, |e| f64::from(e.scroll_height()));
        let screen = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        if tall >= y + screen || frames == 0 {
            window().scroll_to_with_x_and_y(0.0, y);
            let _ = settled.try_set_value(true);
        } else {
            restore_scroll(y, frames - 1, settled);
        }
    });
}

#[component]
fn Listing(kind: Kind) -> impl IntoView {
    let cache = expect_context::<ListCache>();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();

    let state = Memo::new(move |_| {
        let mut q = url::from_params(&query.read());
        if kind == Kind::Category {
            q.category = params.read().get("category");
        }
        q
    });
    // The last answer stays on screen while the next loads, so "load more"
    // and filter changes never blank the page.
    let result = RwSignal::new(None::<Result<ProductList, ApiError>>);
    let loading = RwSignal::new(false);
    let seq = StoredValue::new(0u64);
    let here = StoredValue::new(String::new());
    // Scrolls before the list is on screen (and back where the shopper was)
    // are the browser fitting the page's height, not the shopper.
    let settled = StoredValue::new(false);
    let fetch = move |q: ProductQuery| {
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        loading.set(true);
        spawn_local(async move {
            // The request starts in its own task: on a route change the old
            // page's teardown and this page's first build already fill one.
            crate::scheduling::next_task().await;
            let r = load(cache, q).await;
            if seq.try_get_value() == Some(mine) {
                loading.set(false);
                result.set(Some(r));
                // Back at a listing we left: scroll to where the shopper was.
                if let Some(y) = cache.take_scroll(&here.get_value()) {
                    restore_scroll(y, 240, settled);
                } else {
                    settled.set_value(true);
                }
            }
        });
    };
    // The listing's identity for remembering scroll: its path and its own
    // parameters (not others such as ?lang=, which come and go).
    let key = move || {
        format!(
            "{}?{}",
            location.pathname.get_untracked(),
            url::query_string(&query.with_untracked(url::from_params))
        )
    };
    // Opened on this page: the app takes the server's frame's place once the list is shown.
    Effect::new(move |_| {
        if result.with(Option::is_some) {
            crate::boot::first_screen_ready();
        }
    });
    Effect::new(move |_| {
        let q = state.get();
        here.set_value(key());
        fetch(q);
    });
    // Remember where the shopper is as they scroll. Not at teardown: by then the
    // router has scrolled the next page to the top. A scroll after the URL has
    // changed belongs to the next page and is ignored.
    let listener = window_event_listener(leptos::ev::scroll, move |_| {
        if settled.try_get_value() != Some(true) {
            return;
        }
        if let (Some(url), Ok(y)) = (here.try_get_value(), window().scroll_y()) {
            if url == key() {
                cache.save_scroll(url, y);
            }
        }
    });
    on_cleanup(move || listener.remove());

    let categories = crate::categories::Categories::tree();
    // The category shown: None on a search, Some(None) for an unknown slug.
    // A memo, read by the title, the heading and the sub-categories, so the
    // tree is searched once per change (and never cloned whole).
    let category = Memo::new(move |_| -> Option<Option<Category>> {
        let slug = state.with(|q| q.category.clone())?;
        categories.with(|tree| {
            tree.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|cats| cats.iter().find(|c| c.slug == slug).cloned())
        })
    });

    // The URL for a new listing state; the category lives in the path.
    let go = move |q: ProductQuery, replace: bool| {
        let path = location.pathname.get_untracked();
        let q = if kind == Kind::Category {
            ProductQuery {
                category: None,
                ..q
            }
        } else {
            q
        };
        navigate(
            &url::with_query(&path, &q),
            NavigateOptions {
                replace,
                scroll: !replace,
                ..Default::default()
            },
        );
    };
    let go_apply = go.clone();
    let on_filters = Callback::new(move |q: ProductQuery| go_apply(q, false));
    let go_sort = go.clone();
    let on_sort = Callback::new(move |sort: String| {
        go_sort(
            ProductQuery {
                sort: Some(sort),
                page: None,
                ..state.get_untracked()
            },
            false,
        );
    });
    let more = Callback::new(move |()| {
        let next = state.with_untracked(|q| q.page.unwrap_or(1) + 1);
        go(
            ProductQuery {
                page: Some(next),
                ..state.get_untracked()
            },
            true,
        );
    });

    let retry = Callback::new(move |()| {
        categories.refetch();
        fetch(state.get_untracked());
    });
    view! {
        <ListingView kind state=state.into() category=category.into() result=result.into()
            loading=loading.into() on_sort on_filters more retry/>
    }
}

/// What a listing shows for its state and its answer: the same markup in the
/// browser and, for the page a shopper opens, on the server (src/ssr.rs).
#[component]
pub fn ListingView(
    kind: Kind,
    state: Signal<ProductQuery>,
    /// None on a search, Some(None) for an unknown category.
    category: Signal<Option<Option<Category>>>,
    result: Signal<Option<Result<ProductList, ApiError>>>,
    loading: Signal<bool>,
    on_sort: Callback<String>,
    on_filters: Callback<ProductQuery>,
    more: Callback<()>,
    retry: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let title = move || match (kind, category.get()) {
        (Kind::Category, Some(Some(c))) => {
            tr!(i18n, "category-title", { "name" => c.name.get(lang_of(i18n)).text.to_owned() })
        }
        (Kind::Search, _) => {
            tr!(i18n, "search-title", { "q" => state.with(|q| q.q.clone().unwrap_or_default()) })
        }
        _ => tr!(i18n, "home-title"),
    };
    let searching = move || state.with(|q| q.q.is_some());

    // Its own memo: the page is built again only when this answer changes,
    // not on every filter or page change that `category()` reads.
    let unknown =
        Memo::new(move |_| kind == Kind::Category && category.with(|c| matches!(c, Some(None))));
    view! {
        {move || if unknown.get() {
            view! { <NotFound/> }.into_any()
        } else {
            view! {
                <PageTitle text=title/>
                <div class="list-head">
                    <h1>
                        {move || match kind {
                            Kind::Category => category.get().flatten().map(|c| view! { <Txt t=c.name/> }.into_any()),
                            Kind::Search => Some(view! { {move || tr!("search-heading", { "q" => state.with(|q| q.q.clone().unwrap_or_default()) })} }.into_any()),
                        }}
                    </h1>
                    <label class="sort">
                        <span>{move_tr!("sort-label")}</span>
                        <select on:change=move |ev| on_sort.run(event_target_value(&ev)) prop:value=move || state.with(|q| q.sort.clone().unwrap_or_else(|| if q.q.is_some() { "relevance".into() } else { "popular".into() }))>
                            // One update redraws every option's text (the language changed).
                            {move || view! {
                                {searching().then(|| view! { <option value="relevance">{tr!(i18n, "sort-relevance")}</option> })}
                                <option value="popular">{tr!(i18n, "sort-popular")}</option>
                                <option value="newest">{tr!(i18n, "sort-newest")}</option>
                                <option value="price_asc">{tr!(i18n, "sort-price_asc")}</option>
                                <option value="price_desc">{tr!(i18n, "sort-price_desc")}</option>
                            }}
                        </select>
                    </label>
                </div>
                // The rest a task later: the heading above is the first build of
                // this page's code, which is slow on a phone the first time.
                <Later fallback=|| view! { <GridSkeleton/> }>
                    {move || category.get().flatten().map(|c| view! { <SubCategories parent=c.slug/> })}
                    {move || match result.get() {
                        None => view! { <GridSkeleton/> }.into_any(),
                        Some(Err(err)) => view! { <ErrorPanel err retry=move |_| retry.run(())/> }.into_any(),
                        Some(Ok(l)) => {
                            let total = l.total;
                            let shown = l.items.len() as i64;
                            let empty = l.items.is_empty();
                            view! {
                                // Kept whenever a filter is set, even one that emptied the list.
                                {(!l.facets.origins.is_empty() || state.with(is_filtered)).then(|| view! {
                                    <FilterPanel facets=l.facets.clone() current=state.get_untracked() on_apply=on_filters/>
                                })}
                                // A heading between the page's h1 and the cards' h3, read out when it changes.
                                <h2 class="count"><span role="status">{move || tr!("list-count", { "count" => total })}</span></h2>
                                {if empty && state.with_untracked(is_filtered) {
                                    view! { <FilteredEmpty current=state.get_untracked() on_apply=on_filters/> }.into_any()
                                } else if empty {
                                    view! {
                                        <section class="empty-state">
                                            <p>{move || if searching() { tr!("search-empty") } else { tr!("list-empty") }}</p>
                                            <p class="muted">{move || if searching() { tr!("search-try-categories") } else { tr!("list-try-categories") }}</p>
                                            <CategoryChips/>
                                        </section>
                                    }.into_any()
                                } else {
                                    view! { <ProductGrid items=l.items/> }.into_any()
                                }}
                                <Show when=move || { shown < total }>
                                    <button class="btn btn-block load-more" on:click=move |_| more.run(()) disabled=move || loading.get()>
                                        {move || if loading.get() { tr!("loading") } else { tr!("load-more", { "shown" => shown, "total" => total }) }}
                                    </button>
                                </Show>
                            }.into_any()
                        }
                    }}
                </Later>
            }.into_any()
        }}
    }
}

/// The children of a top-level category, as links.
#[component]
fn SubCategories(parent: String) -> impl IntoView {
    let categories = crate::categories::Categories::tree();
    view! {
        {move || categories.with(|tree| {
            let cats = tree.as_ref()?.as_ref().ok()?;
            let children: Vec<Category> = cats.iter().filter(|c| c.parent.as_deref() == Some(parent.as_str())).cloned().collect();
            (!children.is_empty()).then(|| view! {
                <ul class="chips sub-chips">
                    {children.into_iter().map(|c| view! {
                        // Plain links: the router handles their clicks, at less cost than `A`.
                        <li><a href=haitao_core::routes::category_path(&c.slug) class="chip"><Txt t=c.name/></a></li>
                    }).collect_view()}
                </ul>
            })
        })}
    }
}
