//! The order's way to the door, newest first: its own steps (paid, declared,
//! cleared, delivered, complete), each parcel leaving and its carrier's
//! events, at China's time. One rule builds it (`haitao_core::tracking::
//! timeline`); this draws it. Part of the order page's chunk.

use haitao_core::api::Order;
use haitao_core::text::Lang;
use haitao_core::tracking::{timeline, Entry};
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::i18n::{date_time, lang, track_state_name};

/// Shown before "show all": the newest few tell where it is.
const FIRST: usize = 6;

#[component]
pub fn Timeline(o: Order) -> impl IntoView {
    let entries = timeline(o.paid_at.as_deref(), &o.steps, &o.parcels);
    if entries.is_empty() {
        return None;
    }
    let count = entries.len();
    let all = RwSignal::new(count <= FIRST);
    let many_parcels = o.parcels.len() > 1;
    let parcels = StoredValue::new(o.parcels.clone());
    let rows = entries
        .into_iter()
        .enumerate()
        .map(|(i, (at, e))| {
            let kind = match &e {
                Entry::Event(_, ev) => ev.state.as_str(),
                Entry::Paid => "paid",
                Entry::Declared => "declared",
                Entry::Cleared => "cleared",
                Entry::Shipped(_) => "shipped",
                Entry::Received(_) => "received",
                Entry::Delivered => "delivered",
                Entry::Completed => "completed",
            };
            let (text, place) = match &e {
                Entry::Event(_, ev) => (Some(ev.text.clone()), ev.place.clone()),
                _ => (None, None),
            };
            let what = move || -> String {
                match &e {
                    Entry::Paid => tr!("step-paid"),
                    Entry::Declared => tr!("step-declared"),
                    Entry::Cleared => tr!("step-cleared"),
                    Entry::Delivered => tr!("step-delivered"),
                    Entry::Completed => tr!("step-completed"),
                    Entry::Received(n) => tr!("step-received", { "n" => n + 1 }),
                    Entry::Shipped(n) => parcels.with_value(|ps| {
                        let p = &ps[*n];
                        let (en, zh) = p.carrier.names();
                        let carrier = if lang() == Lang::EnUs { en } else { zh };
                        tr!("step-shipped", { "n" => n + 1, "carrier" => carrier, "waybill" => p.waybill.clone() })
                    }),
                    Entry::Event(n, ev) => {
                        let state = track_state_name(ev.state);
                        if many_parcels {
                            format!("{state} · {}", tr!("step-parcel", { "n" => n + 1 }))
                        } else {
                            state
                        }
                    }
                }
            };
            let stamp = at.clone();
            view! {
                <li class="track-step" class:latest={i == 0} data-kind=kind hidden=move || { !all.get() && i >= FIRST }>
                    <time class="track-when" datetime=at>{move || date_time(&stamp)}</time>
                    <span class="track-what">{what}</span>
                    {text.map(|t| view! { <span class="track-text">{t}</span> })}
                    {place.map(|p| view! { <span class="track-place">{p}</span> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="progress" aria-labelledby="progress-head">
            <h2 id="progress-head">{move_tr!("order-progress")}</h2>
            <ol class="track">{rows}</ol>
            <Show when=move || !all.get()>
                <button type="button" class="btn btn-link progress-more" on:click=move |_| all.set(true)>
                    {move || tr!("order-progress-more", { "count" => count })}
                </button>
            </Show>
            <p class="muted progress-times">{move_tr!("order-progress-times")}</p>
        </section>
    })
}
