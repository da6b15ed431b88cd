//! Reviews of the order's delivered lines: the buyer's own, or the form to
//! write one (stars, words, photos). Only a delivered line is offered, as
//! only a delivered line is taken.

use haitao_core::api::Order;
use haitao_core::reviews::{NewReview, Review, TEXT_MAX};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::photos::{kept_ids, still_sending, Photo, PhotoPicker};
use crate::api::{self, ApiError};
use crate::components::l10n_text::Txt;
use crate::i18n::lang;

pub fn any_delivered(o: &Order) -> bool {
    o.quote.lines.iter().any(|l| o.line_delivered(&l.sku))
}

#[component]
pub fn Reviews(o: Order) -> impl IntoView {
    let order = StoredValue::new(o);
    let mine = LocalResource::new(move || {
        let id = order.with_value(|o| o.id.clone());
        async move { api::order_reviews(&id).await }
    });
    view! {
        <section class="reviews-mine" aria-labelledby="reviews-head">
            <h2 id="reviews-head">{move_tr!("rv-heading")}</h2>
            {move || mine.get().and_then(Result::ok).map(|written| {
                order.with_value(|o| o.quote.lines.iter().filter(|l| o.line_delivered(&l.sku)).cloned().collect::<Vec<_>>())
                    .into_iter()
                    .map(|l| {
                        let done = written.iter().find(|r| r.sku == l.sku).cloned();
                        view! {
                            <div class="rv-line" data-sku=l.sku.clone()>
                                <p class="rv-line-name"><img src=l.image.clone() alt="" width="40" height="40"/> <Txt t=l.name.clone()/></p>
                                {match done {
                                    Some(r) => view! { <Mine r/> }.into_any(),
                                    None => view! { <Write order sku=l.sku.clone() on_written=move |_| mine.refetch()/> }.into_any(),
                                }}
                            </div>
                        }
                    })
                    .collect_view()
            })}
        </section>
    }
}

#[component]
fn Mine(r: Review) -> impl IntoView {
    view! {
        <div class="rv-mine">
            <p><span class="rv-stars" aria-label=move || tr!("rv-stars", { "n" => r.rating })>{crate::components::product_reviews::stars(r.rating)}</span> " " {move_tr!("rv-yours")}</p>
            {(!r.text.is_empty()).then(|| view! { <p class="rv-text">{r.text.clone()}</p> })}
        </div>
    }
}

#[component]
fn Write(
    order: StoredValue<Order>,
    sku: String,
    #[prop(into)] on_written: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let rating = RwSignal::new(0u8);
    let text = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<Photo>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let order_id = order.with_value(|o| o.id.clone());
    let sku = StoredValue::new(sku);
    let name = format!("rv-rating-{}", sku.get_value());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || still_sending(photos) {
            return;
        }
        if rating.get_untracked() == 0 {
            failure.set(Some(super::aftersales::local(
                haitao_core::ErrorCode::InvalidReview,
            )));
            return;
        }
        let review = NewReview {
            sku: sku.get_value(),
            rating: rating.get_untracked(),
            text: text.get_untracked(),
            photos: kept_ids(photos),
            lang: Some(lang()),
        };
        busy.set(true);
        let id = order.with_value(|o| o.id.clone());
        spawn_local(async move {
            match api::write_review(&id, &review).await {
                Ok(_) => on_written.run(()),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! { <button type="button" class="btn rv-write" on:click=move |_| open.set(true)>{move_tr!("rv-write")}</button> }
        >
            <form class="rv-form" on:submit=submit novalidate>
                <fieldset class="rv-rating">
                    <legend>{move_tr!("rv-rating")}</legend>
                    {(1..=5u8).map(|n| {
                        let name = name.clone();
                        view! {
                            <label class="rv-star" class:on=move || { rating.get() >= n }>
                                <input type="radio" class="sr-only" name=name value=n.to_string() on:change=move |_| rating.set(n)/>
                                <span aria-hidden="true">"★"</span>
                                <span class="sr-only">{move || tr!("rv-stars", { "n" => n })}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label class="as-note-field">
                    <span>{move_tr!("rv-text")}</span>
                    <textarea maxlength=TEXT_MAX.to_string() rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                <PhotoPicker order_id=order_id.clone() photos failure/>
                {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || super::errors::message(&e)}</p> })}
                <button type="submit" class="btn btn-primary rv-submit" disabled=move || busy.get()>{move_tr!("rv-submit")}</button>
            </form>
        </Show>
    }
}
