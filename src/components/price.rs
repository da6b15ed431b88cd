use haitao_core::money::Price;
use leptos::prelude::*;

use crate::i18n::{dollars, yuan};

/// A price as shoppers read it: yuan first, the US dollar beside it.
#[component]
pub fn PriceTag(#[prop(into)] price: Signal<Price>, #[prop(optional)] from: bool) -> impl IntoView {
    view! {
        <span class="price">
            <span class="price-cny">
                {move || {
                    let cny = yuan(price.get().cny);
                    if from { leptos_fluent::tr!("price-from", { "price" => cny }) } else { cny }
                }}
            </span>
            <span class="price-usd">{move || dollars(price.get().usd)}</span>
        </span>
    }
}
