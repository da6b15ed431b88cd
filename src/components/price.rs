use haitao_core::money::Price;
use leptos::prelude::*;

use crate::i18n::{dollars, yuan};

/// A price as shoppers read it: yuan first, the US dollar beside it.
#[component]
pub fn PriceTag(#[prop(into)] price: Signal<Price>, #[prop(optional)] from: bool) -> impl IntoView {
    view! {
        <span class="price">
            <span class="price-cny">{move || yuan(price.get().cny)}</span>
            {from.then(|| view! { <span class="price-from">{leptos_fluent::move_tr!("price-from")}</span> })}
            <span class="price-usd">{move || dollars(price.get().usd)}</span>
        </span>
    }
}
