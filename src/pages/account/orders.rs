use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::sign_in::SignInForm;
use super::signed_out;
use crate::api;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};
use crate::i18n::{date, date_time, presale_text, status_name, track_state_name, yuan};
use haitao_core::api::{OrderStatus, OrderSummary};

/// The filters of "my orders", in the order shoppers know them.
const FILTERS: [(Option<&str>, Option<OrderStatus>); 6] = [
    (None, None),
    (Some("awaiting_payment"), Some(OrderStatus::AwaitingPayment)),
    (Some("paid"), Some(OrderStatus::Paid)),
    (Some("shipped"), Some(OrderStatus::Shipped)),
    (Some("delivered"), Some(OrderStatus::Delivered)),
    (Some("cancelled"), Some(OrderStatus::Cancelled)),
];

fn href(status: Option<&str>, page: u32) -> String {
    let mut q = Vec::new();
    if let Some(s) = status {
        q.push(format!("status={s}"));
    }
    if page > 1 {
        q.push(format!("page={page}"));
    }
    if q.is_empty() {
        "/account/orders".into()
    } else {
        format!("/account/orders?{}", q.join("&"))
    }
}

/// "My orders": newest first, by status, a page at a time.
#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || {
        query.read().get("status").filter(|s| {
            FILTERS
                .iter()
                .any(|(f, _)| f.as_deref() == Some(s.as_str()))
        })
    };
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let orders = LocalResource::new(move || {
        let (s, p) = (status(), page());
        async move { api::my_orders(s.as_deref(), p).await }
    });
    view! {
        <PageTitle text=move || tr!("orders-title")/>
        <crate::components::after_messages::AfterMessages>
        <section class="my-orders">
            <h1>{move_tr!("orders-heading")}</h1>
            <nav class="order-filters" aria-label=move_tr!("orders-heading")>
                {FILTERS.into_iter().map(|(key, st)| {
                    let current = move || status().as_deref() == key;
                    view! {
                        // A plain link (the router handles it): Leptos's A would mark every
                        // filter current, as they share one path.
                        <a href=href(key, 1) class="chip" aria-current=move || current().then_some("page")>
                            {move || st.map(status_name).unwrap_or_else(|| tr!("orders-filter-all"))}
                        </a>
                    }
                }).collect_view()}
            </nav>
            {move || match orders.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) if signed_out(&err) => view! { <SignInForm on_signed_in=move |_| orders.refetch()/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| orders.refetch()/> }.into_any(),
                Some(Ok(p)) if p.orders.is_empty() => view! { <p class="empty">{move_tr!("orders-empty")}</p> }.into_any(),
                Some(Ok(p)) => {
                    let pages = ((p.total.max(0) as u32) + p.per_page - 1) / p.per_page.max(1);
                    let s = status();
                    view! {
                        <ul class="order-list">
                            {p.orders.into_iter().map(|o| view! { <OrderRow o/> }).collect_view()}
                        </ul>
                        <nav class="pager">
                            {(p.page > 1).then(|| view! { <A href=href(s.as_deref(), p.page - 1) attr:class="btn">{move_tr!("orders-prev")}</A> })}
                            {(p.page < pages).then(|| view! { <A href=href(s.as_deref(), p.page + 1) attr:class="btn">{move_tr!("orders-next")}</A> })}
                        </nav>
                    }.into_any()
                }
            }}
        </section>
        </crate::components::after_messages::AfterMessages>
    }
}

/// One order in a list of the shopper's orders: picture, number, date, items,
/// state and total, opening the order.
#[component]
pub fn OrderRow(o: OrderSummary) -> impl IntoView {
    let (st, count, at) = (o.status, o.items, o.created_at.clone());
    // On its way: the carrier's newest word, as the shopper's latest step.
    let latest = o.latest.clone().map(|e| {
        let state = e.state;
        view! {
            <span class="order-row-latest" data-state=state.as_str()>
                {move || track_state_name(state)} " · " {move || date_time(&e.at)}
            </span>
        }
    });
    let (id, data_id, link, image) = (
        o.id.clone(),
        o.id.clone(),
        haitao_core::routes::Route::Order(o.id.clone()).path(),
        o.image.clone(),
    );
    view! {
        <li>
            <A href=link attr:class="order-row" attr:data-order=data_id>
                <img src=image alt="" width="56" height="56"/>
                <span class="order-row-main">
                    <span class="order-row-id">{id}</span>
                    <span class="order-row-date">{move || date(&at)} " · " {move || tr!("orders-items", { "count" => count })}</span>
                    {latest}
                    {o.ships.clone().map(|w| view! { <span class="presale-note order-row-ships">{move || presale_text(&w)}</span> })}
                </span>
                <span class="order-row-side">
                    <span class="badge" data-status=st.as_str()>{move || status_name(st)}</span>
                    <span class="order-row-total">{yuan(o.total)}</span>
                </span>
            </A>
        </li>
    }
}

/// The account page's latest orders (a few), with the way to all of them.
#[component]
pub fn RecentOrders() -> impl IntoView {
    const SHOWN: usize = 3;
    let orders = LocalResource::new(|| api::my_orders(None, 1));
    view! {
        <section class="recent-orders" aria-labelledby="recent-orders-head">
            <h2 id="recent-orders-head">{move_tr!("account-recent-orders")}</h2>
            {move || match orders.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(err)) => view! { <ErrorPanel err retry=move |_| orders.refetch()/> }.into_any(),
                Some(Ok(p)) if p.orders.is_empty() => view! { <p class="empty">{move_tr!("orders-empty")}</p> }.into_any(),
                Some(Ok(p)) => {
                    let p = StoredValue::new(p);
                    view! {
                        // An order on its way says its latest step in after-purchase words.
                        <crate::components::after_messages::AfterMessages>
                            <ul class="order-list">
                                {p.get_value().orders.into_iter().take(SHOWN).map(|o| view! { <OrderRow o/> }).collect_view()}
                            </ul>
                        </crate::components::after_messages::AfterMessages>
                    }.into_any()
                }
            }}
        </section>
    }
}
