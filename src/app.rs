use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::cart::Cart;
use crate::components::footer::SiteFooter;
use crate::components::header::SiteHeader;
use crate::i18n::I18nProvider;
use crate::list_cache::ListCache;
use crate::pages::home::HomePage;
use crate::pages::not_found::NotFound;
use crate::pages::on_demand::*;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nProvider>
            <Shell/>
        </I18nProvider>
    }
}

/// Everything below the i18n context, so that any owner can translate.
#[component]
fn Shell() -> impl IntoView {
    crate::i18n::translator_mode_from_url();
    crate::i18n::follow_language();
    Cart::provide();
    crate::session_hint::SessionHint::provide();
    ListCache::provide();
    crate::categories::Categories::provide();
    crate::checkout_draft::Checkout::provide();
    // Effects run after the first render: from here on, pages come from route changes.
    Effect::new(|_| crate::boot::app_opened());
    // While a page's code is on its way (src/pages/on_demand.rs) the page
    // before stays, marked busy: a bar at the top says the tap was heard.
    let (routing, set_routing) = signal(false);
    view! {
            <Router set_is_routing=set_routing>
                <Frame busy=routing>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/c/:category") view={Lazy::<CategoryRoute>::new()}/>
                        <Route path=path!("/search") view={Lazy::<SearchRoute>::new()}/>
                        <Route path=path!("/p/:slug") view={Lazy::<ProductRoute>::new()}/>
                        <Route path=path!("/s/:seller") view={Lazy::<SellerRoute>::new()}/>
                        <Route path=path!("/cart") view={Lazy::<CartRoute>::new()}/>
                        <Route path=path!("/checkout/:step") view={Lazy::<CheckoutRoute>::new()}/>
                        <Route path=path!("/orders/:id") view={Lazy::<OrderRoute>::new()}/>
                        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()}/>
                        <Route path=path!("/account/orders") view={Lazy::<MyOrdersRoute>::new()}/>
                        <Route path=path!("/account/addresses") view={Lazy::<AddressBookRoute>::new()}/>
                        <Route path=path!("/legal/:name") view={Lazy::<LegalRoute>::new()}/>
                        <Route path=path!("/preview/:seller") view={Lazy::<PreviewRoute>::new()}/>
                        <Route path=path!("/preview/:seller/p/:slug") view={Lazy::<PreviewProductRoute>::new()}/>
                    </Routes>
                </Frame>
            </Router>
    }
}

/// The header and the page's `<main>`: around every page in the browser, and
/// around the first screen the server draws (src/ssr.rs), where a `<main>`
/// that is not busy is the page itself, not grey placeholders (src/boot.rs).
#[component]
pub fn Frame(#[prop(into)] busy: Signal<bool>, children: Children) -> impl IntoView {
    view! {
        <SiteHeader/>
        <main class="page" aria-busy=move || busy.get().then_some("true")>
            {children()}
        </main>
        <SiteFooter/>
    }
}
