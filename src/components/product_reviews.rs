//! A product's reviews, only from buyers: the average, the count, each with
//! its verified mark, the reader's language first, the seller's reply.
//! Below the page's first screen: fetched after it, with their words
//! (after-purchase messages, `AfterMessages`).

use haitao_core::reviews::ReviewPage;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::components::after_messages::AfterMessages;
use crate::components::l10n_text::Txt;
use crate::i18n::{date, lang};

/// "★★★★☆": a rating as stars.
pub fn stars(n: u8) -> String {
    "★".repeat(usize::from(n.min(5))) + &"☆".repeat(5 - usize::from(n.min(5)))
}

#[component]
pub fn ProductReviews(slug: String) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let page = LocalResource::new(move || {
        let (s, l) = (slug.get_value(), lang());
        async move { crate::api::product_reviews(&s, l).await }
    });
    view! {
        <AfterMessages>
            <section class="reviews" aria-labelledby="reviews-head">
                <h2 id="reviews-head">{move_tr!("rv-product-heading")}</h2>
                {move || page.get().and_then(Result::ok).map(|p: ReviewPage| {
                    if p.count == 0 {
                        return view! { <p class="muted rv-empty">{move_tr!("rv-none")}</p> }.into_any();
                    }
                    let (avg, count) = (p.average_tenths, p.count);
                    let average = format!("{}.{}", avg / 10, avg % 10);
                    view! {
                        <p class="rv-summary">
                            <span class="rv-stars" aria-hidden="true">{stars(((avg + 5) / 10) as u8)}</span>
                            <strong class="rv-average">{move || tr!("rv-average", { "average" => average.clone() })}</strong>
                            <span class="rv-count">{move || if count == 1 { tr!("rv-count-one") } else { tr!("rv-count", { "count" => count }) }}</span>
                        </p>
                        <ul class="rv-list">
                            {p.reviews.into_iter().map(|r| {
                                let at = r.created_at.clone();
                                view! {
                                    <li class="rv-item" lang=r.lang.tag() data-id=r.id>
                                        <p class="rv-meta">
                                            <span class="rv-stars" role="img" aria-label=move || tr!("rv-stars", { "n" => r.rating })>{stars(r.rating)}</span>
                                            <span class="rv-author">{r.author.clone()}</span>
                                            {r.verified.then(|| view! { <span class="rv-verified">"✓ " {move_tr!("rv-verified")}</span> })}
                                            <span>{move || date(&at)}</span>
                                            <span class="rv-variant"><Txt t=r.variant.clone()/></span>
                                        </p>
                                        {(!r.text.is_empty()).then(|| view! { <p class="rv-text">{r.text.clone()}</p> })}
                                        {(!r.photos.is_empty()).then(|| view! {
                                            <p class="rv-photos">{r.photos.iter().map(|u| view! { <img src=u.clone() alt="" width="72" height="72" loading="lazy"/> }).collect_view()}</p>
                                        })}
                                        {r.reply.clone().map(|rep| view! { <p class="rv-reply">{move_tr!("rv-reply")} " " {rep}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
        </AfterMessages>
    }
}
