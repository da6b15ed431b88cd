use haitao_core::money::Price;
use leptos::prelude::*;
use leptos_fluent::{tr, I18n};

use crate::i18n::{dollars, yuan};

/// A price as shoppers read it: yuan first, the US dollar beside it.
#[component]
pub fn PriceTag(#[prop(into)] price: Signal<Price>, #[prop(optional)] from: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <span class="price">
            <span class="price-cny">{move || price_texts(i18n, price.get(), from).0}</span>
            <span class="price-usd">{move || dollars(price.get().usd)}</span>
        </span>
    }
}

/// The yuan and dollar texts of a price ("from ¥12.00" for a product with
/// several variants), for views that draw `PriceTag`'s markup themselves.
pub fn price_texts(i18n: I18n, price: Price, from: bool) -> (String, String) {
    let cny = yuan(price.cny);
    let cny = if from { tr!(i18n, "price-from", { "price" => cny }) } else { cny };
    (cny, dollars(price.usd))
}
