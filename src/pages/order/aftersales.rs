//! The order's after-sales (售后): its requests and how each stands, and,
//! within seven days of delivery, the form to ask for money back for some
//! lines: how many of each, the reason, what happened, up to three photos
//! (checked here as the server checks them, then sent; the server writes
//! each again). The amount shown is the server's own rule
//! (`haitao_core::aftersales::amount`).

use haitao_core::aftersales::{amount, LineQty, NewRequest, Reason, Request, State, NOTE_MAX};
use haitao_core::api::Order;
use haitao_core::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::photos::{kept_ids, still_sending, Photo, PhotoPicker};
use crate::api::{self, ApiError};
use crate::components::l10n_text::Txt;
use crate::i18n::{date, yuan};

fn reason_text(r: Reason) -> String {
    match r {
        Reason::Damaged => tr!("as-reason-damaged"),
        Reason::WrongItem => tr!("as-reason-wrong_item"),
        Reason::Missing => tr!("as-reason-missing"),
        Reason::NotAsDescribed => tr!("as-reason-not_as_described"),
    }
}

fn state_text(s: State) -> String {
    match s {
        State::Requested => tr!("as-state-requested"),
        State::Approved => tr!("as-state-approved"),
        State::Refused => tr!("as-state-refused"),
        State::Escalated => tr!("as-state-escalated"),
        State::Closed => tr!("as-state-closed"),
    }
}

pub(super) fn local(code: ErrorCode) -> ApiError {
    ApiError::Api {
        status: 422,
        code,
        field: None,
    }
}

#[component]
pub fn Aftersales(o: Order) -> impl IntoView {
    let order = StoredValue::new(o);
    let id = order.with_value(|o| o.id.clone());
    let requests = LocalResource::new(move || {
        let id = order.with_value(|o| o.id.clone());
        async move { api::aftersales(&id).await }
    });
    // Open until seven days after delivery, on the server's clock.
    let open = order.with_value(|o| {
        o.steps.aftersales_until.as_deref().is_some_and(|until| {
            js_sys::Date::new_0()
                .to_iso_string()
                .as_string()
                .unwrap_or_default()
                .as_str()
                < until
        })
    });
    let asking = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let until = order.with_value(|o| o.steps.aftersales_until.clone().unwrap_or_default());
    view! {
        <section class="aftersales" aria-labelledby="aftersales-head">
            <h2 id="aftersales-head">{move_tr!("as-heading")}</h2>
            <Show when=move || sent.get()>
                <p class="notice as-sent" role="status">{move_tr!("as-sent")}</p>
            </Show>
            {move || requests.get().and_then(Result::ok).map(|list| view! {
                <ul class="as-list">
                    {list.into_iter().map(|r| view! { <RequestItem r order=order on_change=move |_| requests.refetch()/> }).collect_view()}
                </ul>
            })}
            {open.then(|| {
                let until = until.clone();
                view! {
                    <p class="muted as-window">{move || tr!("as-window", { "until" => date(&until) })}</p>
                    <Show
                        when=move || asking.get()
                        fallback=move || view! { <button type="button" class="btn as-ask" on:click=move |_| asking.set(true)>{move_tr!("as-ask")}</button> }
                    >
                        {move || {
                            let before = requests.get().and_then(Result::ok).unwrap_or_default();
                            view! { <AskForm order before on_sent=move |_| { asking.set(false); sent.set(true); requests.refetch(); }/> }
                        }}
                        <button type="button" class="btn btn-link as-close" on:click=move |_| asking.set(false)>{move_tr!("as-close")}</button>
                    </Show>
                }
            })}
            <span hidden data-order=id/>
        </section>
    }
}

#[component]
fn RequestItem(
    r: Request,
    order: StoredValue<Order>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    let (state, reason, id) = (r.state, r.reason, r.id);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let escalate = move |_| {
        busy.set(true);
        let order_id = order.with_value(|o| o.id.clone());
        spawn_local(async move {
            match api::escalate_aftersales(&order_id, id).await {
                Ok(_) => on_change.run(()),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <li class="as-item" data-state=state.as_str() data-id=id>
            <p class="as-item-head">
                <span class="badge" data-state=state.as_str()>{move || state_text(state)}</span>
                " " <span>{move || reason_text(reason)}</span>
                " · " <strong class="as-amount">{yuan(r.amount)}</strong>
            </p>
            <ul class="as-lines">
                {r.lines.iter().map(|l| {
                    let name = order.with_value(|o| o.quote.lines.iter().find(|q| q.sku == l.sku).map(|q| q.name.clone()));
                    let qty = l.qty;
                    view! { <li>{name.map(|n| view! { <Txt t=n/> })} " × " {qty}</li> }
                }).collect_view()}
            </ul>
            {(!r.note.is_empty()).then(|| view! { <p class="as-note">{r.note.clone()}</p> })}
            {(!r.photos.is_empty()).then(|| view! {
                <p class="as-photos">{r.photos.iter().map(|u| view! { <img src=u.clone() alt="" width="64" height="64"/> }).collect_view()}</p>
            })}
            {r.answer.clone().map(|a| view! { <p class="as-answer">{move_tr!("as-answer")} " " {a}</p> })}
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || super::errors::message(&e)}</p> })}
            {(state == State::Refused).then(|| view! {
                <button type="button" class="btn as-escalate" on:click=escalate disabled=move || busy.get()>{move_tr!("as-escalate")}</button>
            })}
        </li>
    }
}

#[component]
fn AskForm(
    order: StoredValue<Order>,
    before: Vec<Request>,
    #[prop(into)] on_sent: Callback<()>,
) -> impl IntoView {
    // Units spoken for by earlier requests (all but those the shop closed).
    let before: Vec<LineQty> = before
        .iter()
        .filter(|r| r.state.holds_lines_for_shopper())
        .flat_map(|r| {
            r.lines.iter().map(|l| LineQty {
                sku: l.sku.clone(),
                qty: l.qty,
            })
        })
        .collect();
    let before = StoredValue::new(before);
    let left = move |sku: &str, bought: u32| {
        bought.saturating_sub(
            before.with_value(|b| b.iter().filter(|l| l.sku == sku).map(|l| l.qty).sum()),
        )
    };
    let lines = order.with_value(|o| o.quote.lines.clone());
    let chosen = RwSignal::new(Vec::<LineQty>::new());
    let reason = RwSignal::new(Reason::Damaged);
    let note = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<Photo>::new());
    let order_id = order.with_value(|o| o.id.clone());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // One key for this request until the server has it: a retry is the same request.
    let key = StoredValue::new(crate::storage::random_token());
    let set_qty = move |sku: String, qty: u32| {
        chosen.update(|c| {
            c.retain(|l| l.sku != sku);
            if qty > 0 {
                c.push(LineQty { sku, qty });
            }
        });
    };
    let preview = move || {
        let c = chosen.get();
        if c.is_empty() {
            return None;
        }
        order
            .with_value(|o| before.with_value(|b| amount(&o.quote, b, &c).ok()))
            .map(|(ls, freight)| {
                haitao_core::Money::cny(
                    ls.iter().map(|l| l.amount.amount).sum::<i64>() + freight.amount,
                )
            })
    };
    let any_left = lines.iter().any(|l| left(&l.sku, l.qty) > 0);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let c = chosen.get_untracked();
        let n = note.get_untracked();
        if c.is_empty() {
            failure.set(Some(local(ErrorCode::InvalidAftersales)));
            return;
        }
        if n.chars().count() > NOTE_MAX {
            failure.set(Some(local(ErrorCode::InvalidNote)));
            return;
        }
        // One seller's items per request: the seller decides.
        let sellers: Vec<Option<String>> = order.with_value(|o| {
            let mut s: Vec<Option<String>> = c
                .iter()
                .map(|l| {
                    o.quote
                        .lines
                        .iter()
                        .find(|q| q.sku == l.sku)
                        .and_then(|q| q.seller.as_ref().map(|x| x.slug.clone()))
                })
                .collect();
            s.dedup();
            s
        });
        if sellers.len() > 1 {
            failure.set(Some(local(ErrorCode::AftersalesOneSeller)));
            return;
        }
        if still_sending(photos) {
            return;
        }
        let req = NewRequest {
            lines: c,
            reason: reason.get_untracked(),
            note: n,
            photos: kept_ids(photos),
        };
        busy.set(true);
        let order_id = order.with_value(|o| o.id.clone());
        spawn_local(async move {
            match api::ask_aftersales(&order_id, &key.get_value(), &req).await {
                Ok(_) => on_sent.run(()),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    if !any_left {
        return view! { <p class="muted">{move_tr!("as-none-left")}</p> }.into_any();
    }
    view! {
        <form class="as-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{move_tr!("as-choose-lines")}</legend>
                {lines.into_iter().filter(|l| left(&l.sku, l.qty) > 0).map(|l| {
                    let most = left(&l.sku, l.qty);
                    let sku = l.sku.clone();
                    let label = format!("as-qty-{}", l.sku);
                    view! {
                        <div class="as-line">
                            <img src=l.image.clone() alt="" width="48" height="48"/>
                            <label for=label.clone()><Txt t=l.name.clone()/> " · " <Txt t=l.variant.clone()/></label>
                            <select id=label aria-label=move_tr!("as-qty") data-sku=l.sku.clone()
                                on:change=move |ev| set_qty(sku.clone(), event_target_value(&ev).parse().unwrap_or(0))>
                                {(0..=most).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="as-reasons">
                <legend>{move_tr!("as-reason")}</legend>
                {Reason::ALL.into_iter().map(|r| view! {
                    <label class="as-reason">
                        <input type="radio" name="as-reason" value=r.as_str() checked=move || reason.get() == r on:change=move |_| reason.set(r)/>
                        " " {move || reason_text(r)}
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="as-note-field">
                <span>{move_tr!("as-note")}</span>
                <textarea maxlength=NOTE_MAX.to_string() rows="3" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <PhotoPicker order_id photos failure/>
            {move || preview().map(|m| view! { <p class="as-preview">{move || tr!("as-amount", { "amount" => yuan(m) })}</p> })}
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || super::errors::message(&e)}</p> })}
            <button type="submit" class="btn btn-primary btn-block as-submit" disabled=move || busy.get()>{move_tr!("as-submit")}</button>
        </form>
    }.into_any()
}
