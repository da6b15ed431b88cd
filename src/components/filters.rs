use haitao_core::api::{Facets, ProductQuery};
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::components::l10n_text::Txt;
use crate::i18n::state_name;

/// Origin, seller, price range and stock filters for a listing. It only
/// edits a query; the page decides what applying it means (a new URL).
#[component]
pub fn FilterPanel(
    facets: Facets,
    current: ProductQuery,
    #[prop(into)] on_apply: Callback<ProductQuery>,
    #[prop(default = true)] show_seller: bool,
) -> impl IntoView {
    let origin = RwSignal::new(current.origin.clone().unwrap_or_default());
    let seller = RwSignal::new(current.seller.clone().unwrap_or_default());
    let min = RwSignal::new(current.min.map(|m| m.to_string()).unwrap_or_default());
    let max = RwSignal::new(current.max.map(|m| m.to_string()).unwrap_or_default());
    let in_stock = RwSignal::new(current.in_stock == Some(true));
    let error = RwSignal::new(None::<String>);
    let active = [
        current.origin.is_some(),
        current.seller.is_some() && show_seller,
        current.min.is_some() || current.max.is_some(),
        current.in_stock == Some(true),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    let base = StoredValue::new(current);

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parse = |s: String| -> Result<Option<u32>, ()> {
            let t = s.trim();
            if t.is_empty() {
                Ok(None)
            } else {
                t.parse::<u32>().map(Some).map_err(|_| ())
            }
        };
        let (Ok(lo), Ok(hi)) = (parse(min.get()), parse(max.get())) else {
            error.set(Some(tr!("filter-price-invalid")));
            return;
        };
        if let (Some(l), Some(h)) = (lo, hi) {
            if l > h {
                error.set(Some(tr!("filter-price-order")));
                return;
            }
        }
        error.set(None);
        let some = |s: String| (!s.is_empty()).then_some(s);
        on_apply.run(ProductQuery {
            origin: some(origin.get()),
            seller: some(seller.get()),
            min: lo,
            max: hi,
            in_stock: in_stock.get().then_some(true),
            page: None,
            ..base.get_value()
        });
    };
    let clear = move |_| on_apply.run(unfiltered(&base.get_value()));

    // The form (dozens of options) is built when first opened, not with the list.
    let opened = RwSignal::new(false);
    let facets = StoredValue::new(facets);
    view! {
        <details class="filters" on:toggle=move |_| opened.set(true)>
            <summary>
                {move_tr!("filter-open")}
                {(active > 0).then(|| view! { <span class="filter-count">{active}</span> })}
            </summary>
            <Show when=move || opened.get()>
            <form class="filter-form" on:submit=apply novalidate>
                <label>
                    <span>{move_tr!("filter-origin")}</span>
                    <select name="origin" prop:value=move || origin.get() on:change=move |ev| origin.set(event_target_value(&ev))>
                        <option value="">{move_tr!("filter-any-origin")}</option>
                        {facets.get_value().origins.iter().map(|f| {
                            let (value, count) = (f.value.clone(), f.count);
                            let label = value.clone();
                            view! { <option value=value>{move || format!("{} ({count})", state_name(&label))}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {show_seller.then(|| view! {
                    <label>
                        <span>{move_tr!("filter-seller")}</span>
                        <select name="seller" prop:value=move || seller.get() on:change=move |ev| seller.set(event_target_value(&ev))>
                            <option value="">{move_tr!("filter-any-seller")}</option>
                            {facets.get_value().sellers.iter().map(|f| view! {
                                <option value=f.seller.slug.clone()><Txt t=f.seller.name.clone()/>{format!(" ({})", f.count)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <fieldset class="price-range">
                    <legend>{move_tr!("filter-price")}</legend>
                    <input name="min" inputmode="numeric" aria-label=move_tr!("filter-min") placeholder=move_tr!("filter-min")
                        prop:value=move || min.get() on:input=move |ev| min.set(event_target_value(&ev))/>
                    <span aria-hidden="true">"–"</span>
                    <input name="max" inputmode="numeric" aria-label=move_tr!("filter-max") placeholder=move_tr!("filter-max")
                        prop:value=move || max.get() on:input=move |ev| max.set(event_target_value(&ev))/>
                </fieldset>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <label class="check">
                    <input type="checkbox" name="in_stock" prop:checked=move || in_stock.get() on:change=move |ev| in_stock.set(event_target_checked(&ev))/>
                    <span>{move_tr!("filter-in-stock")}</span>
                </label>
                <div class="filter-actions">
                    <button type="button" class="btn" on:click=clear>{move_tr!("filter-clear")}</button>
                    <button type="submit" class="btn btn-primary">{move_tr!("filter-apply")}</button>
                </div>
            </form>
            </Show>
        </details>
    }
}

/// The query without any of the filters the panel sets.
fn unfiltered(q: &ProductQuery) -> ProductQuery {
    ProductQuery {
        origin: None,
        seller: None,
        min: None,
        max: None,
        in_stock: None,
        page: None,
        ..q.clone()
    }
}

/// Whether any of the panel's filters is set.
pub fn is_filtered(q: &ProductQuery) -> bool {
    q.origin.is_some()
        || q.seller.is_some()
        || q.min.is_some()
        || q.max.is_some()
        || q.in_stock == Some(true)
}

/// The filters set, each with the query that drops it.
fn active(q: &ProductQuery) -> Vec<(Signal<String>, ProductQuery)> {
    let without = |change: fn(&mut ProductQuery)| {
        let mut next = ProductQuery {
            page: None,
            ..q.clone()
        };
        change(&mut next);
        next
    };
    let mut out = Vec::new();
    if let Some(state) = q.origin.clone() {
        out.push((
            Signal::derive(move || state_name(&state)),
            without(|n| n.origin = None),
        ));
    }
    if q.seller.is_some() {
        out.push((
            Signal::derive(|| tr!("filter-seller")),
            without(|n| n.seller = None),
        ));
    }
    if q.min.is_some() || q.max.is_some() {
        let (min, max) = (q.min, q.max);
        out.push((
            Signal::derive(move || match (min, max) {
                (Some(lo), Some(hi)) => tr!("filter-price-between", { "min" => lo, "max" => hi }),
                (Some(lo), None) => tr!("filter-price-from", { "min" => lo }),
                (_, hi) => tr!("filter-price-up-to", { "max" => hi.unwrap_or_default() }),
            }),
            without(|n| {
                n.min = None;
                n.max = None;
            }),
        ));
    }
    if q.in_stock == Some(true) {
        out.push((
            Signal::derive(|| tr!("filter-in-stock")),
            without(|n| n.in_stock = None),
        ));
    }
    out
}

/// A listing the filters emptied: which ones, each to drop with a tap, and
/// all of them at once.
#[component]
pub fn FilteredEmpty(
    current: ProductQuery,
    #[prop(into)] on_apply: Callback<ProductQuery>,
) -> impl IntoView {
    let all = unfiltered(&current);
    view! {
        <section class="empty-state filtered-empty">
            <p>{move_tr!("filter-emptied")}</p>
            <ul class="chips active-filters">
                {active(&current).into_iter().map(|(label, next)| view! {
                    <li>
                        <button type="button" class="chip chip-remove"
                            aria-label=move || tr!("filter-remove", { "filter" => label.get() })
                            on:click=move |_| on_apply.run(next.clone())>
                            {label}<span aria-hidden="true">" ×"</span>
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <button type="button" class="btn btn-primary clear-filters" on:click=move |_| on_apply.run(all.clone())>
                {move_tr!("filter-clear-all")}
            </button>
        </section>
    }
}
