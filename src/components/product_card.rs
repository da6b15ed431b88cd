use haitao_core::api::ProductCard as Card;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::components::l10n_text::Txt;
use crate::components::price::PriceTag;
use crate::i18n::{channel_name, lang};

#[component]
pub fn ProductCard(card: Card, #[prop(optional)] eager: bool) -> impl IntoView {
    let href = crate::preview::product_href(&card.slug);
    let draft = crate::preview::is_draft(&card.slug);
    let alt = {
        let name = card.name.clone();
        move || name.get(lang()).text.to_owned()
    };
    let in_stock = card.in_stock;
    let channel = card.channel;
    view! {
        // A plain anchor: the router still handles the click, at less cost per card.
        <a href=href class="card">
            {if card.image.is_empty() {
                // No picture yet (a seller's draft): a blank of the same size, not a broken image.
                Either::Left(view! { <div class="card-img no-image" role="img" aria-label=alt></div> })
            } else {
                Either::Right(view! {
                    // `loading` goes first: set after `src`, the browser has already
                    // started the image request and picked a source synchronously.
                    <img
                        loading=if eager { "eager" } else { "lazy" }
                        decoding="async"
                        class="card-img"
                        width="400"
                        height="400"
                        alt=alt
                        sizes=crate::images::CARD_SIZES
                        srcset=crate::images::srcset(&card.image)
                        src=card.image
                    />
                })
            }}
            <div class="card-body">
                <h3 class="card-title"><Txt t=card.name/></h3>
                <PriceTag price=card.price from=true/>
                <div class="card-meta">
                    {draft.then(|| view! { <span class="badge badge-draft">{move_tr!("preview-draft")}</span> })}
                    <span class="badge">{move || channel_name(channel)}</span>
                    {(!in_stock).then(|| view! { <span class="badge badge-out">{move_tr!("sold-out")}</span> })}
                </div>
            </div>
        </a>
    }
}
