//! The shop's routes, once: the browser's router (src/app.rs, held to this
//! table by a test), the server's first screens (preload.rs), robots.txt
//! and the private pages' headers (never cached, never indexed) all read them
//! here, and links are built by `Route::path` rather than by hand.

use crate::validate::is_slug;

/// One page of the shop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Category(String),
    Search,
    Product(String),
    Seller(String),
    Cart,
    /// A checkout step (`address`, `identity`, `payment`, `review`).
    Checkout(String),
    Order(String),
    Account,
    MyOrders,
    AddressBook,
    Legal(String),
    /// A seller's storefront as its preview link shows it, drafts included.
    Preview(String),
    PreviewProduct(String, String),
}

/// The pages of the seller centre's app (its own router,
/// src/seller_centre/app.rs; the table's last entries): apart from `Route`
/// so that the shop's links and parsing carry none of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SellerRoute {
    /// A unit's authenticity code, checked ("is it genuine?").
    Verify(String),
    /// The seller centre: the shipments to pack and shipped (its first screen).
    Shipments,
    /// A shipment's packing slip and its parcels.
    Shipment(String),
    Catalog,
    /// Shoppers' after-sales requests to decide.
    Aftersales,
    /// Buyers' reviews of the seller's products, to reply to.
    Reviews,
    Settings,
}

impl SellerRoute {
    /// The page at `path` (no query); `None` for none of this app's.
    pub fn parse(path: &str) -> Option<SellerRoute> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let word = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                .then(|| s.to_owned())
        };
        Some(match segments.as_slice() {
            ["v", code] => SellerRoute::Verify(word(code)?),
            ["seller"] | ["seller", ""] => SellerRoute::Shipments,
            ["seller", "shipments", id] => SellerRoute::Shipment(word(id)?),
            ["seller", "catalog"] => SellerRoute::Catalog,
            ["seller", "aftersales"] => SellerRoute::Aftersales,
            ["seller", "reviews"] => SellerRoute::Reviews,
            ["seller", "settings"] => SellerRoute::Settings,
            _ => return None,
        })
    }

    pub fn path(&self) -> String {
        match self {
            SellerRoute::Verify(code) => format!("/v/{code}"),
            SellerRoute::Shipments => "/seller".into(),
            SellerRoute::Shipment(id) => format!("/seller/shipments/{id}"),
            SellerRoute::Catalog => "/seller/catalog".into(),
            SellerRoute::Aftersales => "/seller/aftersales".into(),
            SellerRoute::Reviews => "/seller/reviews".into(),
            SellerRoute::Settings => "/seller/settings".into(),
        }
    }

    /// The table's pattern the router matches it by.
    pub fn pattern(&self) -> &'static str {
        match self {
            SellerRoute::Verify(_) => TABLE[14].pattern,
            _ => TABLE[15].pattern,
        }
    }
}

/// What a route is, as the table below says of each.
pub struct RouteInfo {
    /// The pattern as leptos_router writes it (`path!(...)` in src/app.rs).
    pub pattern: &'static str,
    /// Drawn by the server from the app's components (public pages); the
    /// others depend on the device (its cart, its session, a preview
    /// token) and only the app draws them.
    pub drawn: bool,
}

/// Every route, in the router's order.
pub const TABLE: [RouteInfo; 16] = [
    RouteInfo {
        pattern: "/",
        drawn: true,
    },
    RouteInfo {
        pattern: "/c/:category",
        drawn: true,
    },
    RouteInfo {
        pattern: "/search",
        drawn: true,
    },
    RouteInfo {
        pattern: "/p/:slug",
        drawn: true,
    },
    RouteInfo {
        pattern: "/s/:seller",
        drawn: true,
    },
    RouteInfo {
        pattern: "/cart",
        drawn: false,
    },
    RouteInfo {
        pattern: "/checkout/:step",
        drawn: false,
    },
    RouteInfo {
        pattern: "/orders/:id",
        drawn: false,
    },
    RouteInfo {
        pattern: "/account",
        drawn: false,
    },
    RouteInfo {
        pattern: "/account/orders",
        drawn: false,
    },
    RouteInfo {
        pattern: "/account/addresses",
        drawn: false,
    },
    RouteInfo {
        pattern: "/legal/:name",
        drawn: true,
    },
    RouteInfo {
        pattern: "/preview/:seller",
        drawn: false,
    },
    RouteInfo {
        pattern: "/preview/:seller/p/:slug",
        drawn: false,
    },
    // What the QR code on a unit's label opens: checked by whoever holds
    // the parcel; a code's answer is not for search engines.
    RouteInfo {
        pattern: "/v/:code",
        drawn: false,
    },
    // The seller centre's pages, one route: the centre chooses its page
    // (and keeps its signed-in user across them).
    RouteInfo {
        pattern: "/seller/*section",
        drawn: false,
    },
];

/// Paths a search engine is kept out of (robots.txt): the pages only the
/// app draws, as the shortest prefixes that cover them.
pub fn private_prefixes() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in TABLE.iter().filter(|r| !r.drawn) {
        // Up to the first parameter: "/checkout/:step" -> "/checkout/";
        // before a rest, which may be empty: "/seller/*section" -> "/seller".
        let prefix = match (r.pattern.find(':'), r.pattern.find("/*")) {
            (Some(at), _) => &r.pattern[..at],
            (None, Some(at)) => &r.pattern[..at],
            (None, None) => r.pattern,
        };
        if !out.iter().any(|p| prefix.starts_with(p.as_str())) {
            out.retain(|p| !p.starts_with(prefix));
            out.push(prefix.to_owned());
        }
    }
    out
}

// The paths of the routes every page links to, on their own: the app's
// first download links cards and chips without the whole `Route::path`.
pub fn category_path(slug: &str) -> String {
    format!("/c/{slug}")
}
pub fn product_path(slug: &str) -> String {
    format!("/p/{slug}")
}
pub fn seller_path(slug: &str) -> String {
    format!("/s/{slug}")
}
pub fn preview_path(seller: &str) -> String {
    format!("/preview/{seller}")
}
pub fn preview_product_path(seller: &str, slug: &str) -> String {
    format!("/preview/{seller}/p/{slug}")
}

impl Route {
    /// The route at `path` (no query); `None` for no page of the shop.
    pub fn parse(path: &str) -> Option<Route> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let slug = |s: &str| is_slug(s).then(|| s.to_owned());
        // An id or a step: letters, digits and dashes (`o-…`, `address`).
        let word = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                .then(|| s.to_owned())
        };
        Some(match segments.as_slice() {
            [""] => Route::Home,
            ["c", s] => Route::Category(slug(s)?),
            ["search"] => Route::Search,
            ["p", s] => Route::Product(slug(s)?),
            ["s", s] => Route::Seller(slug(s)?),
            ["cart"] => Route::Cart,
            ["checkout", step] => Route::Checkout(word(step)?),
            ["orders", id] => Route::Order(word(id)?),
            ["account"] => Route::Account,
            ["account", "orders"] => Route::MyOrders,
            ["account", "addresses"] => Route::AddressBook,
            ["legal", name] => Route::Legal(word(name)?),
            ["preview", s] => Route::Preview(slug(s)?),
            ["preview", s, "p", p] => Route::PreviewProduct(slug(s)?, slug(p)?),
            _ => return None,
        })
    }

    /// The route's path.
    pub fn path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Category(s) => category_path(s),
            Route::Search => "/search".into(),
            Route::Product(s) => product_path(s),
            Route::Seller(s) => seller_path(s),
            Route::Cart => "/cart".into(),
            Route::Checkout(step) => format!("/checkout/{step}"),
            Route::Order(id) => format!("/orders/{id}"),
            Route::Account => "/account".into(),
            Route::MyOrders => "/account/orders".into(),
            Route::AddressBook => "/account/addresses".into(),
            Route::Legal(name) => format!("/legal/{name}"),
            Route::Preview(s) => preview_path(s),
            Route::PreviewProduct(s, p) => preview_product_path(s, p),
        }
    }

    fn info(&self) -> &'static RouteInfo {
        let i = match self {
            Route::Home => 0,
            Route::Category(_) => 1,
            Route::Search => 2,
            Route::Product(_) => 3,
            Route::Seller(_) => 4,
            Route::Cart => 5,
            Route::Checkout(_) => 6,
            Route::Order(_) => 7,
            Route::Account => 8,
            Route::MyOrders => 9,
            Route::AddressBook => 10,
            Route::Legal(_) => 11,
            Route::Preview(_) => 12,
            Route::PreviewProduct(..) => 13,
        };
        &TABLE[i]
    }

    /// Drawn by the server (a public page); otherwise only the app draws it.
    pub fn drawn(&self) -> bool {
        self.info().drawn
    }

    /// The sign-in page, coming back to `self` once signed in.
    pub fn sign_in_back_to(&self) -> String {
        format!("{}?back={}", Route::Account.path(), self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every() -> Vec<Route> {
        let s = || "cascade-orchards".to_owned();
        vec![
            Route::Home,
            Route::Category("fresh".into()),
            Route::Search,
            Route::Product("rainier-cherries".into()),
            Route::Seller(s()),
            Route::Cart,
            Route::Checkout("review".into()),
            Route::Order("o-0123abcd".into()),
            Route::Account,
            Route::MyOrders,
            Route::AddressBook,
            Route::Legal("privacy".into()),
            Route::Preview(s()),
            Route::PreviewProduct(s(), "rainier-cherries".into()),
        ]
    }

    #[test]
    fn a_path_is_read_back_as_its_route() {
        let sellers = [
            SellerRoute::Verify("K3M9Q-7TXW2".into()),
            SellerRoute::Shipments,
            SellerRoute::Shipment("42".into()),
            SellerRoute::Catalog,
            SellerRoute::Settings,
        ];
        for s in &sellers {
            assert_eq!(
                SellerRoute::parse(&s.path()).as_ref(),
                Some(s),
                "{}",
                s.path()
            );
            assert_eq!(
                Route::parse(&s.path()),
                None,
                "not the shop's: {}",
                s.path()
            );
        }
        let all: Vec<(String, &str)> = every()
            .into_iter()
            .map(|r| {
                assert_eq!(Route::parse(&r.path()), Some(r.clone()), "{}", r.path());
                (r.path(), r.info().pattern)
            })
            .chain(sellers.iter().map(|s| (s.path(), s.pattern())))
            .collect();
        for info in TABLE.iter() {
            assert!(
                all.iter().any(|(_, p)| *p == info.pattern),
                "an example of {}",
                info.pattern
            );
        }
        for (path, pattern) in all {
            // The table's pattern matches the path, segment for segment (a
            // `*` segment, the rest of it).
            let pattern: Vec<&str> = pattern.split('/').collect();
            let path = path.as_str();
            let mut segments: Vec<&str> = path.split('/').collect();
            if pattern.last().is_some_and(|p| p.starts_with('*')) {
                segments.resize(pattern.len(), "");
            }
            assert_eq!(pattern.len(), segments.len(), "{path}");
            for (p, s) in pattern.iter().zip(&segments) {
                assert!(
                    p.starts_with(':') || p.starts_with('*') || p == s,
                    "{path} against {}",
                    pattern.join("/")
                );
            }
        }
    }

    #[test]
    fn what_is_no_page() {
        for path in [
            "/p/",
            "/p/Bad Slug",
            "/p/a/b",
            "/nowhere",
            "/account/other",
            "/c/../x",
        ] {
            assert_eq!(Route::parse(path), None, "{path}");
        }
    }

    #[test]
    fn search_engines_are_kept_from_the_apps_own_pages() {
        assert_eq!(
            private_prefixes(),
            [
                "/cart",
                "/checkout/",
                "/orders/",
                "/account",
                "/preview/",
                "/v/",
                "/seller"
            ]
        );
        assert!(every().iter().all(|r| r.drawn()
            != private_prefixes()
                .iter()
                .any(|p| r.path().starts_with(p.as_str()))));
    }
}
