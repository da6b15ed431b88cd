//! The pages a shopper opening the shop does not need yet: routes whose code
//! comes in a wasm chunk when first shown (or fetched ahead in idle time), so
//! the home page's first download is the home page's code and what every page
//! shares. Pages opened together share a split (see the list below).
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
    ($($name:ident in $split:ident: $route:ident => $page:path;)*) => {$(
        pub struct $route;

        #[cfg(haitao_split)]
        mod $name {
            use super::*;

            // Named after the route: wasm-split names the code it links by
            // split and function name.
            #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible, preload(code_preload))]
            pub fn $name() -> PageCode {
                Ok(|| view! { <$page/> }.into_any())
            }
            pub use $name as code;
        }

        #[cfg(haitao_split)]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                let code = $name::code().await;
                page_turn().await;
                match code {
                    Ok(page) => page(),
                    Err(_) => view! { <CodeUnavailable load=|| Box::pin($name::code())/> }.into_any(),
                }
            }
            async fn preload() {
                // A failed fetch is not kept: opening the page tries again.
                let _ = $name::code_preload().await;
            }
        }

        #[cfg(not(haitao_split))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                page_turn().await;
                view! { <$page/> }.into_any()
            }
        }
    )*

    };
}

// Three splits, not one per page: wasm-split cuts the code shared by any set
// of splits into a chunk of its own, so nine splits made 59 files (and as many
// fetches, 23 for a category page); pages opened together share a split.
on_demand! {
    category in browse: CategoryRoute => crate::pages::listing::CategoryPage;
    search in browse: SearchRoute => crate::pages::listing::SearchPage;
    product in browse: ProductRoute => crate::pages::product::ProductPage;
    seller in browse: SellerRoute => crate::pages::seller::SellerPage;
    cart in buy: CartRoute => crate::pages::cart::CartPage;
    checkout in buy: CheckoutRoute => crate::pages::checkout::CheckoutPage;
    order in buy: OrderRoute => crate::pages::order::OrderPage;
    account in buy: AccountRoute => crate::pages::account::AccountPage;
    my_orders in buy: MyOrdersRoute => crate::pages::account::orders::MyOrdersPage;
    address_book in buy: AddressBookRoute => crate::pages::account::book::AddressBookPage;
    legal in buy: LegalRoute => crate::pages::legal::LegalPage;
    preview in seller_preview: PreviewRoute => crate::pages::preview::PreviewPage;
    preview_product in seller_preview: PreviewProductRoute => crate::pages::preview::PreviewProductPage;
}

/// The new page is built in a task after the one that saw the tap (or the
/// back button): that task already holds the router's work, and the old
/// page's teardown with the new one's first build would make it long enough
/// to drop frames on a phone. The page's code, fetched ahead, is usually here.
async fn page_turn() {
    crate::scheduling::next_task().await;
}

/// A page's code being fetched ahead of need.
type Preload = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

fn preload<R: LazyRoute>() -> Preload {
    Box::pin(R::preload())
}

/// Time between two splits fetched ahead, so that a tap between them is
/// answered at once.
const PRELOAD_GAP: std::time::Duration = std::time::Duration::from_millis(250);

/// After the first screen: the shoppers' pages, browsing first, then the
/// cart and checkout. (The sellers' preview pages are never fetched ahead.)
pub fn fetch_shopper_pages() {
    fetch_in_turn(vec![preload::<CategoryRoute>(), preload::<CartRoute>()]);
}

/// One split at a time, each in a task of its own, not all at once (which
/// was one long task, over 300 ms on Lighthouse's phone, right while the
/// shopper starts to use the page).
fn fetch_in_turn(pages: Vec<Preload>) {
    leptos::task::spawn_local(async move {
        for page in pages {
            crate::scheduling::after(PRELOAD_GAP).await;
            page.await;
        }
    });
}

#[cfg(haitao_split)]
type PageLoad = std::pin::Pin<Box<dyn std::future::Future<Output = PageCode>>>;

/// The page's code could not be fetched: the network error, in the shopper's
/// language, and a retry that shows the page once its code has come (or, if
/// the phone is online and it still cannot, reloads the page).
#[cfg(haitao_split)]
#[component]
fn CodeUnavailable(load: fn() -> PageLoad) -> impl IntoView {
    let page = RwSignal::new(None::<fn() -> AnyView>);
    let retry = move |()| {
        leptos::task::spawn_local(async move {
            match load().await {
                Ok(code) => page.set(Some(code)),
                // Online and still no code: most likely the shop has had a new
                // release since this tab opened, and the chunk's old name is
                // gone. A reload brings the new one; the cart and a half-filled
                // checkout are kept in storage.
                Err(_) if window().navigator().on_line() => {
                    let _ = window().location().reload();
                }
                Err(_) => {}
            }
        })
    };
    move || match page.get() {
        Some(code) => code(),
        None => view! { <ErrorPanel err=ApiError::Network retry/> }.into_any(),
    }
}
