//! haitao's storefront: a Leptos client-side app for shoppers in China.
// The server renders whole pages (src/ssr.rs): their view types nest deeply.
#![recursion_limit = "256"]

#[cfg(not(any(feature = "csr", feature = "ssr")))]
compile_error!(
    "build the storefront with `--features csr` (the browser) or `--features ssr` (the server)"
);
#[cfg(all(feature = "csr", feature = "ssr"))]
compile_error!(
    "the storefront renders either in the browser (csr) or on the server (ssr), not both"
);

pub mod api;
pub mod app;
pub mod boot;
pub mod cart;
pub mod categories;
pub mod checkout_draft;
pub mod components;
pub mod i18n;
pub mod images;
pub mod list_cache;
pub mod locales;
pub mod order_tokens;
pub mod pages;
pub mod preview;
pub mod region_names;
pub mod scheduling;
pub mod seller_centre;
pub mod session_hint;
pub mod ssr;
pub mod storage;
pub mod url;
