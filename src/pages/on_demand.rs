//! The pages a shopper opening the shop does not need yet, each a route whose
//! code comes as a wasm chunk of its own the first time it is shown: the home
//! page's first download is the home page's code and what every page shares
//! (ARCHITECTURE.md, "Bundle"). Built with `--cfg haitao_split` (the release
//! storefront, `scripts/build-storefront`), the chunks are cut out by
//! wasm-split; without it (tests, `trunk serve`) the same routes are plain
//! async views in one binary.

use leptos::prelude::*;
use leptos_router::LazyRoute;

macro_rules! on_demand {
    ($($route:ident => $page:path;)*) => {$(
        pub struct $route;

        #[cfg(haitao_split)]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
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
    CategoryRoute => crate::pages::listing::CategoryPage;
    SearchRoute => crate::pages::listing::SearchPage;
    ProductRoute => crate::pages::product::ProductPage;
    SellerRoute => crate::pages::seller::SellerPage;
    CartRoute => crate::pages::cart::CartPage;
    CheckoutRoute => crate::pages::checkout::CheckoutPage;
    OrderRoute => crate::pages::order::OrderPage;
    PreviewRoute => crate::pages::preview::PreviewPage;
    PreviewProductRoute => crate::pages::preview::PreviewProductPage;
}
