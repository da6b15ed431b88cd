use haitao_core::api::Order;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::l10n_text::Txt;
use crate::components::status::{ErrorPanel, Spinner};
use crate::i18n::{status_name, yuan};
use crate::pages::cart::Totals;
use crate::pages::not_found::NotFound;

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let order = LocalResource::new(move || {
        let id = id();
        async move { api::order(&id).await }
    });
    view! {
        {move || match order.get() {
            None => view! { <Spinner/> }.into_any(),
            Some(Err(err)) if err.is_not_found() => view! { <NotFound/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| order.refetch()/> }.into_any(),
            Some(Ok(o)) => view! { <OrderView o/> }.into_any(),
        }}
    }
}

/// 138****8000: enough for the shopper to recognise, not enough to misuse.
fn mask_mobile(m: &str) -> String {
    if m.len() == 11 && m.is_ascii() {
        format!("{}****{}", &m[..3], &m[7..])
    } else {
        "*".repeat(m.chars().count())
    }
}

#[component]
fn OrderView(o: Order) -> impl IntoView {
    let status = o.status;
    let i18n = expect_context::<I18n>();
    let title_id = o.id.clone();
    let a = o.address.clone();
    view! {
        <PageTitle text=move || tr!(i18n, "order-title", { "id" => title_id.clone() })/>
        <section class="order">
            <p class="order-placed" role="status">{move_tr!("order-thanks")}</p>
            <h1>{move_tr!("order-heading")}</h1>
            <p class="order-id">{move_tr!("order-number")} " " <strong data-order-id=o.id.clone()>{o.id.clone()}</strong></p>
            <p class="order-status">{move_tr!("order-status")} " " <span class="badge">{move || status_name(status)}</span></p>
            <ul class="order-lines">
                {o.quote.lines.iter().cloned().map(|l| view! {
                    <li>
                        <img src=l.image alt="" width="56" height="56"/>
                        <span class="order-line-name"><Txt t=l.name/> " · " <Txt t=l.variant/></span>
                        <span class="order-line-qty">{move || tr!("qty-times", { "qty" => l.qty })}</span>
                        <span class="order-line-price">{yuan(l.goods.cny)}</span>
                    </li>
                }).collect_view()}
            </ul>
            <Totals q=o.quote.clone() updating=false/>
            <section class="order-address">
                <h2>{move_tr!("order-ship-to")}</h2>
                <p>{a.recipient.clone()} " " {mask_mobile(&a.mobile)}</p>
                <p>{format!("{} {} {} {}", a.province, a.city, a.district, a.street)}</p>
                <p>{a.postcode.clone()}</p>
            </section>
        </section>
    }
}
