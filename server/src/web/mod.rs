//! The page pipeline: what the server sends a browser for an app route. The
//! template read once per build (`template.rs`) and the page made from it
//! (`spa.rs`), the shopper's language (`l10n.rs`), what a page shows first
//! (`preload.rs`: its data, drawn by `haitao::ssr`, and its preloads), its head
//! (`head.rs`), the Content-Security-Policy (`csp.rs`), which pages are private
//! (`private.rs`), robots.txt and sitemap.xml (`sitemap.rs`).

pub mod csp;
pub mod drawn;
pub mod head;
pub mod html;
pub mod l10n;
pub mod preload;
pub mod private;
pub mod sitemap;
pub mod spa;
pub mod template;
