//! Buyers' reviews of the seller's products: stars, words, photos, in the
//! language the buyer wrote; one reply each, which the product page shows
//! under the review.

use haitao_core::reviews::{Review, REPLY_MAX};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::api;
use crate::api::ApiError;
use crate::components::l10n_text::Txt;
use crate::components::product_reviews::stars;
use crate::i18n::date;

#[component]
pub fn Reviews() -> impl IntoView {
    view! {
        <super::list_screen::ListScreen
            title=Signal::derive(move || tr!("sc-rv-heading"))
            empty=Signal::derive(move || tr!("sc-rv-empty"))
            class="sc-reviews"
            list=LocalResource::new(api::reviews)
            item=|r, on_change| view! { <Item r on_change/> }
        />
    }
}

#[component]
fn Item(r: Review, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let id = r.id;
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let words = text.get_untracked();
        spawn_local(async move {
            match api::reply(id, &words).await {
                Ok(_) => on_change.run(()),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let at = r.created_at.clone();
    view! {
        <li class="sc-as-item sc-rv-item" data-id=id lang=r.lang.tag()>
            <p class="sc-as-head">
                <span class="rv-stars" role="img" aria-label=move || tr!("sc-rv-stars", { "n" => r.rating })>{stars(r.rating)}</span>
                <span>{r.author.clone()}</span>
                " · " <span class="muted">{move || date(&at)}</span>
            </p>
            <p class="muted"><Txt t=r.variant.clone()/> " " <code>{r.sku.clone()}</code></p>
            {(!r.text.is_empty()).then(|| view! { <blockquote class="sc-as-note">{r.text.clone()}</blockquote> })}
            {(!r.photos.is_empty()).then(|| view! {
                <p class="sc-as-photos">{r.photos.iter().map(|u| view! { <a href=u.clone() target="_blank" rel="noopener"><img src=u.clone() alt="" width="96" height="96"/></a> }).collect_view()}</p>
            })}
            {match r.reply.clone() {
                Some(reply) => view! { <p class="sc-as-answer">{move_tr!("sc-rv-your-reply")} " " {reply}</p> }.into_any(),
                None => view! {
                    <form class="sc-rv-reply" on:submit=send>
                        <label class="sc-as-why">
                            <span>{move_tr!("sc-rv-reply-label")}</span>
                            <textarea maxlength=REPLY_MAX.to_string() rows="2" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        </label>
                        {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || super::errors::message(&e)}</p> })}
                        <button type="submit" class="btn btn-primary sc-rv-send" disabled=move || busy.get() || text.with(|t| t.trim().is_empty())>{move_tr!("sc-rv-send")}</button>
                    </form>
                }.into_any(),
            }}
        </li>
    }
}
