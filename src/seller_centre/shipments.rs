//! The seller's shipments: what is paid and declared to customs, oldest
//! first, with what is left to pack and what left this week.

use haitao_core::routes::SellerRoute;
use haitao_core::seller::{ShipmentStatus, ShipmentSummary};
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

use super::api;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};

#[component]
pub fn Shipments() -> impl IntoView {
    let filter = RwSignal::new(Some(ShipmentStatus::ToShip));
    let list = LocalResource::new(move || api::shipments(filter.get()));
    let chip = move |f: Option<ShipmentStatus>, label: fn() -> String| {
        view! {
            <button type="button" class="chip" aria-pressed=move || (filter.get() == f).to_string()
                on:click=move |_| filter.set(f)>{label}</button>
        }
    };
    view! {
        <PageTitle text=move || tr!("sc-orders-title")/>
        <h1>{move_tr!("sc-orders-heading")}</h1>
        {move || match list.get() {
            None => view! { <Spinner/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| list.refetch()/> }.into_any(),
            Some(Ok(l)) => view! {
                <div class="sc-counts">
                    <p class="sc-count"><strong>{l.to_pack}</strong>{move_tr!("sc-to-pack", { "count" => l.to_pack })}</p>
                    <p class="sc-count"><strong>{l.shipped_this_week}</strong>{move_tr!("sc-shipped-this-week")}</p>
                </div>
                <div class="chips" role="group" aria-label=move_tr!("sc-filter-label")>
                    {chip(Some(ShipmentStatus::ToShip), || tr!("sc-filter-to-ship"))}
                    {chip(Some(ShipmentStatus::Shipped), || tr!("sc-filter-shipped"))}
                    {chip(None, || tr!("sc-filter-all"))}
                </div>
                {if l.shipments.is_empty() {
                    view! { <p class="sc-empty">{move_tr!("sc-no-shipments")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="sc-shipments">
                            {l.shipments.into_iter().map(|s| view! { <Row s/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }.into_any(),
        }}
    }
}

/// A pre-sale's shipping window, as the seller is held to it.
pub fn window_text(w: &haitao_core::api::ShipWindow) -> String {
    let (from, to) = crate::i18n::window_days(w);
    tr!("sc-presale-window", { "from" => from, "to" => to })
}

#[component]
fn Row(s: ShipmentSummary) -> impl IntoView {
    let href = SellerRoute::Shipment(s.id.to_string()).path();
    let shipped = s.status == ShipmentStatus::Shipped;
    let paid = s.paid_at.clone();
    view! {
        <li class="sc-shipment">
            <A href=href attr:class="sc-shipment-link">
                <span class="sc-shipment-order">{s.order_id.clone()}</span>
                <span class="sc-shipment-paid">{move || tr!("sc-paid-on", { "date" => crate::i18n::date(&paid) })}</span>
                <span class="sc-shipment-units">{move || tr!("sc-units-sent", { "sent" => s.sent, "units" => s.units })}</span>
                {s.ships.clone().map(|w| view! { <span class="sc-shipment-window">{move || window_text(&w)}</span> })}
                <span class=if shipped { "badge badge-done" } else { "badge badge-todo" }>
                    {move || if shipped { tr!("sc-status-shipped") } else { tr!("sc-status-to-ship") }}
                </span>
            </A>
        </li>
    }
}
