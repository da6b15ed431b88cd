use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::components::A;

use crate::cart::Cart;
use crate::components::search_box::SearchBox;
use crate::i18n::toggle_language;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let cart = expect_context::<Cart>();
    let count = move || cart.count();
    let signed_in = use_context::<crate::session_hint::SessionHint>().map(|h| h.0);
    let signed_in = move || signed_in.is_some_and(|s| s.get());
    view! {
        <header class="site-header">
            <A href="/" attr:class="logo">
                <span class="logo-mark" aria-hidden="true">{move_tr!("brand-mark")}</span>
                <span class="logo-text">{move_tr!("brand-name")}</span>
            </A>
            <nav class="header-actions">
                <button class="lang-switch" on:click=move |_| toggle_language() aria-label=move_tr!("lang-switch-label")>
                    {move_tr!("lang-switch")}
                </button>
                <A href="/account" attr:class=move || if signed_in() { "account-link signed-in" } else { "account-link" }
                    attr:aria-label=move || if signed_in() { leptos_fluent::tr!("account-link-label") } else { leptos_fluent::tr!("sign-in-link-label") }>
                    <span class="icon icon-account" aria-hidden="true"></span>
                </A>
                <A href="/cart" attr:class="cart-link" attr:aria-label=move || leptos_fluent::tr!("cart-link-label", { "count" => count() })>
                    <span class="icon icon-cart" aria-hidden="true"></span>
                    <Show when=move || { count() > 0 }>
                        <span class="cart-count">{count}</span>
                    </Show>
                </A>
            </nav>
        </header>
        <div class="search-row"><SearchBox/></div>
    }
}
