use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::cart::Cart;
use crate::components::header::SiteHeader;
use crate::i18n::I18nProvider;
use crate::list_cache::ListCache;
use crate::pages::cart::CartPage;
use crate::pages::checkout::CheckoutPage;
use crate::pages::home::HomePage;
use crate::pages::listing::{CategoryPage, SearchPage};
use crate::pages::not_found::NotFound;
use crate::pages::order::OrderPage;
use crate::pages::preview::{PreviewPage, PreviewProductPage};
use crate::pages::product::ProductPage;
use crate::pages::seller::SellerPage;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nProvider>
            <Shell/>
        </I18nProvider>
    }
}

/// Everything below the i18n context, so that any owner (the meta tags'
/// too) can translate.
#[component]
fn Shell() -> impl IntoView {
    crate::i18n::translator_mode_from_url();
    provide_meta_context();
    Cart::provide();
    ListCache::provide();
    crate::categories::Categories::provide();
    crate::checkout_draft::Checkout::provide();
    // Effects run after the first render: from here on, pages come from route changes.
    Effect::new(|_| crate::components::deferred::app_opened());
    view! {
            <Router>
                <SiteHeader/>
                <main class="page">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/c/:category") view=CategoryPage/>
                        <Route path=path!("/search") view=SearchPage/>
                        <Route path=path!("/p/:slug") view=ProductPage/>
                        <Route path=path!("/s/:seller") view=SellerPage/>
                        <Route path=path!("/cart") view=CartPage/>
                        <Route path=path!("/checkout/:step") view=CheckoutPage/>
                        <Route path=path!("/orders/:id") view=OrderPage/>
                        <Route path=path!("/preview/:seller") view=PreviewPage/>
                        <Route path=path!("/preview/:seller/p/:slug") view=PreviewProductPage/>
                    </Routes>
                </main>
            </Router>
    }
}
