use haitao_core::money::Price;
use haitao_core::Money;
use leptos::prelude::*;
use leptos_fluent::{tr, I18n};

use crate::i18n::{dollars, yuan};

/// A price as shoppers read it: yuan first, the US dollar beside it.
#[component]
pub fn PriceTag(#[prop(into)] price: Signal<Price>, #[prop(optional)] from: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <span class="price">
            <span class="price-cny">{move || yuan_text(i18n, price.get().cny, from)}</span>
            <span class="price-usd">{move || dollars(price.get().usd)}</span>
        </span>
    }
}

/// The yuan text of a price ("from ¥12.00" for a product with several
/// variants), for views that draw `PriceTag`'s markup themselves.
pub fn yuan_text(i18n: I18n, cny: Money, from: bool) -> String {
    let cny = yuan(cny);
    if from {
        tr!(i18n, "price-from", { "price" => cny })
    } else {
        cny
    }
}
