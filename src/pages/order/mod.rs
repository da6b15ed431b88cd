use haitao_core::api::{CancelReason, Order, OrderStatus, PayRequest, PaymentMethod};
use haitao_core::text::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{self, ApiError};
use crate::checkout_draft::Checkout;
use crate::components::l10n_text::Txt;
use crate::components::method_choice::{payable_here, MethodChoice};
use crate::components::page_title::PageTitle;
use crate::components::pay_deadline::PayDeadline;
use crate::components::sandbox_notice::SandboxNotice;
use crate::components::status::{ErrorPanel, Spinner};
use crate::i18n::{
    cancel_reason_text, date, lang, method_name, presale_text, refund_reason_text, status_name,
    track_state_name, yuan,
};
use crate::pages::cart::Totals;
use crate::pages::order_elsewhere::{OpenInBrowser, OrderNotOpen};
use crate::storage;

mod action;
mod aftersales;
mod errors;
mod photos;
mod reviews;
mod timeline;

use action::{Act, OrderAction};

/// How often an open order page asks for news while the order moves.
const POLL_MS: u32 = 4000;

#[component]
pub fn OrderPage() -> impl IntoView {
    crate::region_names::Names::provide();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // A guest's shared link carries the order's token: kept for the requests below.
    let query = use_query_map();
    if let Some(t) = query.read_untracked().get("t") {
        crate::order_tokens::remember(&id(), &t);
    }
    // The address bar carries the token too: WeChat's "Open in Browser" (and
    // any copy of the address) then opens the order where it is not stored.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let id = id();
        let Some(t) = crate::order_tokens::get(&id) else {
            return;
        };
        let mut q = query.get_untracked();
        if q.get("t").as_deref() != Some(t.as_str()) {
            q.replace("t", t);
            navigate(
                &format!("/orders/{id}{}", q.to_query_string()),
                leptos_router::NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let order = LocalResource::new(move || {
        let id = id();
        async move { api::order(&id).await }
    });
    // Follow the status (payment, customs, shipping) while the page is open.
    let handle = set_interval_with_handle(
        move || {
            // Until nothing more can happen to it, and while it is in sight.
            let moving = order
                .get_untracked()
                .and_then(|r| r.ok())
                .is_some_and(|o| !o.status.is_final());
            if moving && !document().hidden() {
                order.refetch();
            }
        },
        std::time::Duration::from_millis(u64::from(POLL_MS)),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    view! {
        <crate::components::after_messages::AfterMessages>
        {move || match order.get() {
            None => view! { <Spinner/> }.into_any(),
            // The server answers "no such order" to anyone without its account or link.
            Some(Err(err)) if err.is_not_found() => view! { <OrderNotOpen order_id=id()/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| order.refetch()/> }.into_any(),
            Some(Ok(o)) => view! { <OrderView o on_change=move |_| order.refetch()/> }.into_any(),
        }}
        </crate::components::after_messages::AfterMessages>
    }
}

/// The steps at a glance, each done once its time is known.
const STEPS: [OrderStatus; 5] = [
    OrderStatus::Paid,
    OrderStatus::CustomsDeclared,
    OrderStatus::Shipped,
    OrderStatus::Delivered,
    OrderStatus::Completed,
];

fn step_done(o: &Order, s: OrderStatus) -> bool {
    let at = match s {
        OrderStatus::Paid => &o.paid_at,
        OrderStatus::CustomsDeclared => &o.steps.declared_at,
        OrderStatus::Shipped => &o.steps.shipped_at,
        OrderStatus::Delivered => &o.steps.delivered_at,
        OrderStatus::Completed => &o.steps.completed_at,
        _ => return false,
    };
    at.is_some()
}

#[component]
fn OrderView(o: Order, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let query = use_query_map();
    let status = o.status;
    let a = o.address.clone();
    let title_id = o.id.clone();
    // Paid: the checkout's draft (address, keys) has served its purpose.
    if status != OrderStatus::AwaitingPayment {
        if let Some(co) = use_context::<Checkout>() {
            if co
                .draft
                .with_untracked(|d| d.placed.as_ref().is_some_and(|(id, _)| *id == o.id))
            {
                co.finish();
            }
        }
    }
    // What was bought and what it cost (and was given back): above the
    // order's way once paid; below the way to pay while unpaid.
    let items = {
        let o = o.clone();
        move || {
            view! {
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
                        // Money given back, and what the order cost in the end.
                        {(!o.refunds.is_empty()).then(|| {
                            let back: i64 = o.refunds.iter().map(|r| r.amount.amount).sum();
                            let net = haitao_core::Money::cny(o.quote.total.amount - back);
                            let back = haitao_core::Money::cny(back);
                            view! { <p class="refunded-total">{move || tr!("order-refunded-total", { "amount" => yuan(back), "net" => yuan(net) })}</p> }
                        })}
            }
        }
    };
    let (items_above, items_below) = if status == OrderStatus::AwaitingPayment {
        (None, Some(items()))
    } else {
        (Some(items()), None)
    };
    let came_back = query.read_untracked().get("payment");
    // A step is passed once it, or a later one, happened (an order may ship
    // before customs' word reaches the shop).
    let last = STEPS.iter().rposition(|s| step_done(&o, *s));
    let done: Vec<bool> = (0..STEPS.len())
        .map(|i| last.is_some_and(|l| i <= l))
        .collect();
    view! {
        <PageTitle text=move || tr!(i18n, "order-title", { "id" => title_id.clone() })/>
        <section class="order">
            {match (came_back.as_deref(), status) {
                // What became of it since comes first: the address a shopper
                // kept from the payment's return still says it succeeded.
                (_, OrderStatus::CustomsRefused) => Some(view! {
                    <p class="notice notice-warn customs-refused" role="status">
                        {move_tr!("order-customs-refused")} " " <q lang="zh-CN">{o.customs_note.clone().unwrap_or_default()}</q>
                    </p>
                }.into_any()),
                (_, OrderStatus::Cancelled) => o.cancel_reason.map(|r| view! { <p class="notice notice-warn cancel-reason" role="status" data-reason=r.as_str()>{move || cancel_reason_text(r)}</p> }.into_any()),
                (Some("succeeded"), _) | (_, OrderStatus::Paid) => {
                    // A pre-sale does not ship "soon": it says when, while it still promises it.
                    let window = haitao_core::quote::promised_window(status, &o.quote.lines).map(crate::i18n::window_days);
                    Some(view! { <p class="order-placed" role="status">{move || match &window {
                        Some((from, to)) => tr!("order-paid-thanks-presale", { "from" => from.clone(), "to" => to.clone() }),
                        None => tr!("order-paid-thanks"),
                    }}</p> }.into_any())
                }
                (Some("failed" | "cancelled"), OrderStatus::AwaitingPayment) => Some(view! { <p class="notice notice-warn" role="alert">{move_tr!("payment-not-done")}</p> }.into_any()),
                // Back from a provider's page: its word comes separately, and the page follows it.
                (Some("returned"), OrderStatus::AwaitingPayment) => Some(view! { <p class="notice payment-confirming" role="status">{move_tr!("payment-confirming")}</p> }.into_any()),
                (_, OrderStatus::AwaitingPayment) => Some(view! { <p class="order-placed" role="status">{move_tr!("order-thanks")}</p> }.into_any()),
                _ => None,
            }}
            <h1>{move_tr!("order-heading")}</h1>
            <p class="order-id">{move_tr!("order-number")} " " <strong data-order-id=o.id.clone()>{o.id.clone()}</strong></p>
            <p class="order-date">{move_tr!("order-date")} " " {let at = o.created_at.clone(); move || date(&at)}</p>
            <p class="order-status">{move_tr!("order-status")} " " <span class="badge" data-status=status.as_str()>{move || status_name(status)}</span></p>
            // A pre-sale's promise, until it is on its way.
            {haitao_core::quote::promised_window(status, &o.quote.lines)
                .cloned()
                .map(|w| view! { <p class="presale-note order-ships">{move || presale_text(&w)}</p> })}
            // A cancelled or refused order left the way to delivery: its notice says why instead.
            {(!matches!(status, OrderStatus::Cancelled | OrderStatus::CustomsRefused | OrderStatus::AwaitingPayment)).then(|| view! {
                <ol class="timeline">
                {STEPS.iter().zip(done).map(|(s, done)| {
                    let s = *s;
                    view! { <li class:done=done><span>{move || status_name(s)}</span></li> }
                }).collect_view()}
                </ol>
            })}
            {matches!(status, OrderStatus::Shipped | OrderStatus::Delivered).then(|| view! {
                <OrderAction act=Act::Receipt order_id=o.id.clone() on_done=on_change/>
            })}
            {o.refunds.iter().map(|r| {
                let (amount, reason) = (r.amount, r.reason);
                view! { <p class="notice refund" data-reason=reason.as_str()>{move || tr!("order-refunded", { "amount" => yuan(amount), "reason" => refund_reason_text(reason) })}</p> }
            }).collect_view()}
            // The parcels that left, each with its carrier and waybill to follow it by.
            {(!o.parcels.is_empty()).then(|| view! {
                <section class="parcels">
                    <h2>{move_tr!("order-parcels")}</h2>
                    <ul>
                    {o.parcels.iter().enumerate().map(|(i, p)| {
                        let (en, zh) = p.carrier.names();
                        let at = p.shipped_at.clone();
                        let latest = haitao_core::tracking::latest(&p.events).map(|e| e.state);
                        view! {
                            <li data-carrier=p.carrier.as_str() data-state=latest.map(|s| s.as_str())>
                                <span class="parcel-n">{move || tr!("step-parcel", { "n" => i + 1 })}</span>
                                " " <span class="carrier">{move || if lang() == Lang::EnUs { en } else { zh }}</span>
                                " " <span class="waybill">{p.waybill.clone()}</span>
                                " " <span class="date">{move || date(&at)}</span>
                                " " {match latest {
                                    Some(s) => view! { <span class="badge parcel-state" data-state=s.as_str()>{move || track_state_name(s)}</span> }.into_any(),
                                    None => view! { <span class="muted parcel-state">{move_tr!("order-parcel-waiting")}</span> }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                    </ul>
                </section>
            })}
            // Paid: what was bought and what it cost, above its way to the door.
            {items_above}
            <timeline::Timeline o=o.clone()/>
            {matches!(status, OrderStatus::Delivered | OrderStatus::Completed).then(|| view! {
                <aftersales::Aftersales o=o.clone()/>
            })}
            {reviews::any_delivered(&o).then(|| view! { <reviews::Reviews o=o.clone()/> })}
            {(status == OrderStatus::AwaitingPayment).then(|| view! {
                {o.pay_by.clone().map(|by| view! { <PayDeadline pay_by=by on_due=on_change/> })}
                {if came_back.as_deref() == Some("returned") {
                    // Just back from the provider: paying again is there, not pressed on them.
                    view! {
                        <details class="pay-again">
                            <summary>{move_tr!("payment-pay-again")}</summary>
                            <PayNow order_id=o.id.clone() on_paid=on_change/>
                        </details>
                    }.into_any()
                } else {
                    view! { <PayNow order_id=o.id.clone() on_paid=on_change/> }.into_any()
                }}
                <OrderAction act=Act::Cancel order_id=o.id.clone() on_done=on_change/>
            })}
            // Paid and nothing has left yet: still the shopper's to cancel (refunded in full).
            {(OrderStatus::BEFORE_SHIPPING.contains(&status) && o.parcels.is_empty()).then(|| view! {
                <OrderAction act=Act::Cancel order_id=o.id.clone() on_done=on_change/>
            })}
            // A pre-sale the seller could not fill is not for sale again.
            {(status == OrderStatus::Cancelled && o.cancel_reason != Some(CancelReason::PresaleUnfilled)).then(|| view! { <BuyAgain lines=o.quote.lines.iter().map(|l| (l.sku.clone(), l.qty, l.stock)).collect()/> })}
            {items_below}
            // A guest's way back: the link with the order's token.
            {crate::order_tokens::get(&o.id).map(|t| {
                let origin = window().location().origin().unwrap_or_default();
                let link = format!("{origin}/orders/{}?t={t}", o.id);
                view! { <p class="notice order-link">{move_tr!("order-link-save")} " " <a href=link>{move_tr!("order-link-label")}</a></p> }
            })}
            // A guest's order on this device: kept in the account, or the choice to.
            {crate::order_tokens::get(&o.id).map(|_| if o.in_account {
                view! { <p class="notice kept-order" role="status">{move_tr!("order-kept")} " " <A href="/account/orders">{move_tr!("account-my-orders")}</A></p> }.into_any()
            } else {
                view! { <KeepInAccount order_id=o.id.clone() on_kept=on_change/> }.into_any()
            })}
            <section class="order-address">
                <h2>{move_tr!("order-ship-to")}</h2>
                // The server sends the mobile masked.
                <p>{a.recipient.clone()} " " {a.mobile.clone()}</p>
                <p>{
                    let a = a.clone();
                    // Reactive: English names of the regions arrive after the order.
                    move || crate::region_names::place_text(&a.province, &a.city, &a.district, &a.street)
                }</p>
                <p>{a.postcode.clone()}</p>
                <h2>{move_tr!("order-payer")}</h2>
                <p>{o.payer_name.clone()} " " <span class="masked-id">{o.id_masked.clone()}</span></p>
                {o.payment_method.map(|m| view! { <p>{move || tr!("order-paid-with", { "method" => method_name(m) })}</p> })}
            </section>
        </section>
    }
}

/// A guest's order joins an account only when its holder chooses: signed in,
/// with the order's link on this device. Signed out, the sign-in is right
/// here, and the choice follows it.
#[component]
fn KeepInAccount(order_id: String, #[prop(into)] on_kept: Callback<()>) -> impl IntoView {
    let signed_in = RwSignal::new(crate::session_hint::SessionHint::now());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let order_id = StoredValue::new(order_id);
    let keep = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::claim_order(&order_id.get_value()).await {
                Ok(_) => on_kept.run(()),
                Err(err) => failure.set(Some(err)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="notice keep-order">
            {move || if signed_in.get() {
                view! {
                    <p>{move_tr!("order-keep-ask")}</p>
                    <button type="button" class="btn keep-order-btn" on:click=keep disabled=move || busy.get()>{move_tr!("order-keep")}</button>
                }.into_any()
            } else {
                view! {
                    <p>{move_tr!("order-keep-sign-in")}</p>
                    <crate::pages::account::sign_in::SignInForm on_signed_in=move |_| signed_in.set(true)/>
                }.into_any()
            }}
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || errors::message(&e)}</p> })}
        </div>
    }
}

/// Pay (again) for an unpaid order: after a failure, a cancel, or a checkout
/// that was interrupted.
#[component]
fn PayNow(order_id: String, #[prop(into)] on_paid: Callback<()>) -> impl IntoView {
    // `?pay=` names the method chosen at the checkout, when it could not be
    // paid there (Alipay chosen in WeChat): still the choice here.
    let chosen = use_query_map()
        .read_untracked()
        .get("pay")
        .and_then(|m| PaymentMethod::parse(&m));
    let method = RwSignal::new(chosen.unwrap_or_else(crate::components::method_choice::first_here));
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    // One key per choice of method on this page: a double tap makes one payment.
    let keys = StoredValue::new(Vec::<(PaymentMethod, String)>::new());
    let order_id = StoredValue::new(order_id);
    let pay = move |_| {
        if busy.get_untracked() {
            return;
        }
        let m = method.get_untracked();
        let key = keys.try_update_value(|k| match k.iter().find(|(x, _)| *x == m) {
            Some((_, key)) => key.clone(),
            None => {
                let key = storage::random_token();
                k.push((m, key.clone()));
                key
            }
        });
        let Some(key) = key else { return };
        busy.set(true);
        spawn_local(async move {
            match api::pay(&order_id.get_value(), &key, &PayRequest { method: m }).await {
                Ok(start) => {
                    let _ = window().location().assign(&start.redirect_url);
                }
                Err(ApiError::Api {
                    code:
                        haitao_core::ErrorCode::OrderNotPayable | haitao_core::ErrorCode::OrderExpired,
                    ..
                }) => {
                    busy.set(false);
                    on_paid.run(());
                }
                Err(err) => {
                    busy.set(false);
                    failure.set(Some(err));
                }
            }
        });
    };
    view! {
        <div class="pay-now">
            <fieldset class="methods">
                <legend>{move_tr!("payment-legend")}</legend>
                <MethodChoice name="pay-method" selected=Signal::derive(move || Some(method.get())) on_pick=move |m| method.set(m)/>
            </fieldset>
            <SandboxNotice/>
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || errors::message(&e)}</p> })}
            {move || if payable_here(method.get()) {
                view! { <button class="btn btn-primary btn-block pay-btn" on:click=pay disabled=move || busy.get()>{move_tr!("pay-now")}</button> }.into_any()
            } else {
                view! { <OpenInBrowser method=method.get()/> }.into_any()
            }}
        </div>
    }
}

/// A cancelled order's goods, back in the cart with one tap (as much of each
/// as is still in stock), and the cart opened.
#[component]
fn BuyAgain(lines: Vec<(String, u32, i64)>) -> impl IntoView {
    let cart = expect_context::<crate::cart::Cart>();
    let navigate = leptos_router::hooks::use_navigate();
    let any_left = lines.iter().any(|(_, _, stock)| *stock > 0);
    let lines = StoredValue::new(lines);
    let again = move |_| {
        lines.with_value(|lines| {
            for (sku, qty, stock) in lines {
                cart.add(sku, *qty, Some(*stock));
            }
        });
        navigate("/cart", Default::default());
    };
    view! {
        <div class="buy-again">
            {if any_left {
                view! { <button class="btn btn-primary btn-block buy-again-btn" on:click=again>{move_tr!("order-buy-again")}</button> }.into_any()
            } else {
                view! { <p class="muted">{move_tr!("order-buy-again-none")}</p> }.into_any()
            }}
        </div>
    }
}
