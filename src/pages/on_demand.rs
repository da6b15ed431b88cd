//! The pages a shopper opening the shop does not need yet, each a route whose
//! code comes as a wasm chunk of its own the first time it is shown: the home
//! page's first download is the home page's code and what every page shares.
//! Built with `--cfg haitao_split` (the release storefront, see the Makefile),
//! the chunks are cut out by wasm-split (scripts/split-wasm.mjs); without it
//! (tests, `trunk serve`) the same routes are plain views in one binary.
//!
//! A chunk that cannot be fetched (a phone between cells) must not stop the
//! shop: Leptos's own `#[lazy_route]` panics then, which aborts the whole wasm,
//! so the routes here load their code with wasm-split's `fallible` option and
//! show the network error with a retry instead.

use leptos::prelude::*;
use leptos_router::LazyRoute;

#[cfg(haitao_split)]
use crate::{api::ApiError, components::status::ErrorPanel};
#[cfg(haitao_split)]
use leptos::wasm_split::SplitLoaderError;

/// A page's code, once its chunk is loaded: a function in that chunk.
#[cfg(haitao_split)]
type PageCode = Result<fn() -> AnyView, SplitLoaderError>;

macro_rules! on_demand {
    ($($chunk:ident: $route:ident => $page:path;)*) => {$(
        pub struct $route;

        #[cfg(haitao_split)]
        mod $chunk {
            use super::*;

            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload(code_preload))]
            pub fn code() -> PageCode {
                Ok(|| view! { <$page/> }.into_any())
            }
        }

        #[cfg(haitao_split)]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                match $chunk::code().await {
                    Ok(page) => page(),
                    Err(_) => view! { <CodeUnavailable load=|| Box::pin($chunk::code())/> }.into_any(),
                }
            }
            async fn preload() {
                // A failed fetch is not kept: opening the page tries again.
                let _ = $chunk::code_preload().await;
            }
        }

        #[cfg(not(haitao_split))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*

        /// Fetches every chunk, once the shop is idle, so that a tap on a
        /// link does not wait for the network.
        pub fn preload_all() {
            $(leptos::task::spawn_local(<$route as LazyRoute>::preload());)*
        }
    };
}

on_demand! {
    category: CategoryRoute => crate::pages::listing::CategoryPage;
    search: SearchRoute => crate::pages::listing::SearchPage;
    product: ProductRoute => crate::pages::product::ProductPage;
    seller: SellerRoute => crate::pages::seller::SellerPage;
    cart: CartRoute => crate::pages::cart::CartPage;
    checkout: CheckoutRoute => crate::pages::checkout::CheckoutPage;
    order: OrderRoute => crate::pages::order::OrderPage;
    preview: PreviewRoute => crate::pages::preview::PreviewPage;
    preview_product: PreviewProductRoute => crate::pages::preview::PreviewProductPage;
}

#[cfg(haitao_split)]
type PageLoad = std::pin::Pin<Box<dyn std::future::Future<Output = PageCode>>>;

/// The page's code could not be fetched: the network error, in the shopper's
/// language, and a retry that shows the page once its code has come.
#[cfg(haitao_split)]
#[component]
fn CodeUnavailable(load: fn() -> PageLoad) -> impl IntoView {
    let page = RwSignal::new(None::<fn() -> AnyView>);
    let retry = move |()| {
        leptos::task::spawn_local(async move {
            if let Ok(code) = load().await {
                page.set(Some(code));
            }
        })
    };
    move || match page.get() {
        Some(code) => code(),
        None => view! { <ErrorPanel err=ApiError::Network retry/> }.into_any(),
    }
}
