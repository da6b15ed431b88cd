use haitao_core::api::ProductCard as Card;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_fluent::{tr, I18n};

use crate::components::price::yuan_text;
use crate::i18n::{channel_name_in, dollars, lang_of};
use crate::preview::{is_draft_in, product_href_in, PreviewCtx};

/// What every card in a grid reads from context, looked up once per grid:
/// a context lookup walks the component tree, and a grid has dozens of cards.
#[derive(Clone, Copy)]
pub struct CardEnv {
    i18n: I18n,
    preview: Option<PreviewCtx>,
}

impl CardEnv {
    pub fn from_context() -> Self {
        Self {
            i18n: expect_context::<I18n>(),
            preview: use_context::<PreviewCtx>(),
        }
    }
}

/// A product in a grid. Everything it says follows the language in one
/// update per card (a language switch redraws the card's texts in place):
/// a reactive update for each text, times dozens of cards, was most of the
/// cost of building a grid on a phone.
#[component]
pub fn ProductCard(
    card: Card,
    /// From the grid; a card on its own looks it up.
    #[prop(optional)]
    env: Option<CardEnv>,
    #[prop(optional)] eager: bool,
) -> impl IntoView {
    let env = env.unwrap_or_else(CardEnv::from_context);
    let href = product_href_in(env.preview, &card.slug);
    let draft = is_draft_in(env.preview, &card.slug);
    let i18n = env.i18n;
    move || {
        let name = card.name.get(lang_of(i18n));
        let (title, untranslated) = (name.text.to_owned(), name.fallback);
        // Out of season it is not sold, whatever its stock.
        let not_sold = if card.out_of_season {
            Some(tr!(i18n, "out-of-season"))
        } else {
            (!card.in_stock).then(|| tr!(i18n, "sold-out"))
        };
        let (cny, usd) = (
            yuan_text(i18n, card.price.cny, true),
            dollars(card.price.usd),
        );
        view! {
            // A plain anchor: the router still handles the click, at less cost per card.
            <a href=href.clone() class="card">
                {if card.image.is_empty() {
                    // No picture yet (a seller's draft): a blank of the same size, not a broken image.
                    Either::Left(view! { <div class="card-img no-image" role="img" aria-label=title.clone()></div> })
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
                            alt=title.clone()
                            sizes=crate::images::CARD_SIZES
                            srcset=crate::images::srcset(&card.image)
                            src=card.image.clone()
                        />
                    })
                }}
                <div class="card-body">
                    // Seller text missing in this language: the other stands in, marked (as `Txt` does).
                    <h3 class="card-title">{title}{untranslated.then(|| view! {
                        <span class="untranslated" title=tr!(i18n, "untranslated-hint")>{tr!(i18n, "untranslated-mark")}</span>
                    })}</h3>
                    <span class="price"><span class="price-cny">{cny}</span><span class="price-usd">{usd}</span></span>
                    <div class="card-meta">
                        {draft.then(|| view! { <span class="badge badge-draft">{tr!(i18n, "preview-draft")}</span> })}
                        <span class="badge">{channel_name_in(i18n, card.channel)}</span>
                        {not_sold.map(|why| view! { <span class="badge badge-out">{why}</span> })}
                        // Sold now, shipped at the harvest.
                        {card.presale.is_some().then(|| view! { <span class="badge badge-presale">{tr!(i18n, "presale")}</span> })}
                    </div>
                </div>
            </a>
        }
    }
}
