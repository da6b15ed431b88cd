//! The seller's after-sales requests: what the shopper asks back, why, with
//! their photos; approve (the lines are refunded at once through the
//! provider that took the money) or refuse with a reason the shopper reads
//! (and may take to the shop).

use haitao_core::aftersales::{Reason, Request, State, NOTE_MAX};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::api;
use crate::api::ApiError;
use crate::components::l10n_text::Txt;
use crate::i18n::{date, yuan};

fn reason_text(r: Reason) -> String {
    match r {
        Reason::Damaged => tr!("sc-as-reason-damaged"),
        Reason::WrongItem => tr!("sc-as-reason-wrong_item"),
        Reason::Missing => tr!("sc-as-reason-missing"),
        Reason::NotAsDescribed => tr!("sc-as-reason-not_as_described"),
    }
}

fn state_text(s: State) -> String {
    match s {
        State::Requested => tr!("sc-as-state-requested"),
        State::Approved => tr!("sc-as-state-approved"),
        State::Refused => tr!("sc-as-state-refused"),
        State::Escalated => tr!("sc-as-state-escalated"),
        State::Closed => tr!("sc-as-state-closed"),
    }
}

#[component]
pub fn Aftersales() -> impl IntoView {
    view! {
        <super::list_screen::ListScreen
            title=Signal::derive(move || tr!("sc-as-heading"))
            empty=Signal::derive(move || tr!("sc-as-empty"))
            class="sc-aftersales"
            list=LocalResource::new(api::aftersales)
            item=|r, on_change| view! { <Item r on_change/> }
        />
    }
}

#[component]
fn Item(r: Request, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let (id, state, reason, total) = (r.id, r.state, r.reason, r.amount);
    let confirming = RwSignal::new(false);
    let refusing = RwSignal::new(false);
    let why = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let decide = move |approve: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let reason = why.get_untracked();
        spawn_local(async move {
            match api::decide(id, approve, &reason).await {
                Ok(_) => on_change.run(()),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let at = r.created_at.clone();
    view! {
        <li class="sc-as-item" data-id=id data-state=state.as_str()>
            <p class="sc-as-head">
                <span class="badge" data-state=state.as_str()>{move || state_text(state)}</span>
                " " <strong>{move || reason_text(reason)}</strong>
                " · " <span class="sc-as-amount">{yuan(total)}</span>
            </p>
            <p class="muted">{move || tr!("sc-as-order", { "order" => r.order_id.clone() })} " · " {move || date(&at)}</p>
            <ul class="sc-as-lines">
                {r.lines.iter().map(|l| view! { <li><Txt t=l.name.clone()/> " × " {l.qty} " · " {yuan(l.amount)} " " <code>{l.sku.clone()}</code></li> }).collect_view()}
            </ul>
            {(!r.note.is_empty()).then(|| view! { <blockquote class="sc-as-note">{r.note.clone()}</blockquote> })}
            {(!r.photos.is_empty()).then(|| view! {
                <p class="sc-as-photos">
                    {r.photos.iter().map(|u| view! { <a href=u.clone() target="_blank" rel="noopener"><img src=u.clone() alt=move_tr!("sc-as-photo") width="96" height="96"/></a> }).collect_view()}
                </p>
            })}
            {r.answer.clone().map(|a| view! { <p class="sc-as-answer">{move_tr!("sc-as-answer")} " " {a}</p> })}
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || super::errors::message(&e)}</p> })}
            {(state == State::Requested).then(|| view! {
                <div class="sc-as-actions">
                    <Show when=move || !confirming.get() && !refusing.get()>
                        <button type="button" class="btn btn-primary sc-as-approve" on:click=move |_| confirming.set(true)>{move_tr!("sc-as-approve")}</button>
                        <button type="button" class="btn sc-as-refuse" on:click=move |_| refusing.set(true)>{move_tr!("sc-as-refuse")}</button>
                    </Show>
                    <Show when=move || confirming.get()>
                        <p>{move || tr!("sc-as-approve-ask", { "amount" => yuan(total) })}</p>
                        <button type="button" class="btn btn-primary sc-as-approve-confirm" on:click=move |_| decide(true) disabled=move || busy.get()>{move_tr!("sc-as-approve-confirm")}</button>
                        <button type="button" class="btn" on:click=move |_| confirming.set(false)>{move_tr!("sc-as-back")}</button>
                    </Show>
                    <Show when=move || refusing.get()>
                        <label class="sc-as-why">
                            <span>{move_tr!("sc-as-refuse-why")}</span>
                            <textarea maxlength=NOTE_MAX.to_string() rows="3" prop:value=move || why.get() on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                        </label>
                        <button type="button" class="btn btn-danger sc-as-refuse-send" on:click=move |_| decide(false) disabled=move || busy.get() || why.with(|w| w.trim().is_empty())>{move_tr!("sc-as-refuse-send")}</button>
                        <button type="button" class="btn" on:click=move |_| refusing.set(false)>{move_tr!("sc-as-back")}</button>
                    </Show>
                </div>
            })}
        </li>
    }
}
