//! The seller centre as an app of its own (src/seller_main.rs, seller.html):
//! the shop's i18n and components, its own router and header, started once
//! the page language's messages (the shop's and the centre's) are here.
//! It also answers the QR code the centre prints on each unit's label
//! (`/v/:code`, src/pages/verify.rs): a page a shopper reaches from their
//! camera, never from the shop, so it is kept out of the shop's download too.

use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{toggle_language, I18nProvider};
use crate::pages::not_found::NotFound;

/// Fetches the page language's messages, then mounts the centre in place of
/// the server's empty frame.
pub fn start() {
    let lang = crate::boot::page_lang();
    wasm_bindgen_futures::spawn_local(async move {
        // A laptop between networks: tried again, then started anyway in
        // whatever is here; the language follows once it comes.
        for wait in [0, 1000, 3000] {
            crate::scheduling::after(std::time::Duration::from_millis(wait)).await;
            if crate::locales::load(lang).await {
                break;
            }
        }
        if let Some(shell) = document().get_element_by_id("shell") {
            shell.remove();
        }
        leptos::mount::mount_to_body(|| view! { <SellerApp/> });
    });
}

#[component]
fn SellerApp() -> impl IntoView {
    view! {
        <I18nProvider>
            {crate::i18n::follow_language();}
            <Router>
                <header class="site-header">
                    // Out of this app: the shop is another page load.
                    <a href="/" class="logo" rel="external">
                        <span class="logo-mark" aria-hidden="true">{move_tr!("brand-mark")}</span>
                        <span class="logo-text">{move_tr!("brand-name")}</span>
                    </a>
                    <nav class="header-actions">
                        <button class="lang-switch" on:click=move |_| toggle_language() aria-label=move_tr!("lang-switch-label")>
                            {move_tr!("lang-switch")}
                        </button>
                    </nav>
                </header>
                <main class="page">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/v/:code") view=crate::pages::verify::VerifyPage/>
                        <Route path=path!("/seller/*section") view=super::SellerCentrePage/>
                    </Routes>
                </main>
            </Router>
        </I18nProvider>
    }
}
