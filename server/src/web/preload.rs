//! What the server knows of a page before the app runs: the page itself, for
//! the app's components to draw (haitao::ssr), and `<link rel=preload>` for
//! the page's first requests, so their answers (and the first pictures)
//! travel while the wasm still downloads. The URLs come from haitao-core's
//! `first_screen`, the same the browser builds, so a preload is always used.

use axum::http::StatusCode;
use haitao::ssr::{listing_query, Page};
use haitao_core::api::{Category, ProductCard, ProductQuery};
use haitao_core::first_screen::{
    encode_component, home_popular, home_seasonal, listing_page, products_url, query_string,
    seller_products, EAGER_CARDS,
};
use haitao_core::images::{srcset, CARD_SIZES, GALLERY_SIZES};
use haitao_core::legal::DocumentName;
use haitao_core::routes::Route;
use haitao_core::text::Lang;

use crate::state::AppState;

fn fetch(url: &str) -> String {
    // `crossorigin` makes the preload's mode match fetch()'s (cors, same-origin
    // credentials). Low priority: the page's pictures go first; the app that
    // reads these answers comes after the first picture anyway (loader.rs).
    format!("<link rel=preload as=fetch crossorigin fetchpriority=low href=\"{url}\">")
}

/// The page's language's messages, which the app waits for before it starts
/// (src/boot.rs): they travel with the wasm.
pub fn messages(lang: Lang) -> String {
    // Low: the app reads them once its wasm is there, long after; at the
    // browser's default (high) they took the first round trips from the
    // page's stylesheet and picture, and the product page painted later.
    format!(
        "<link rel=preload as=fetch crossorigin fetchpriority=low href=\"{}\">",
        haitao::locales::url(lang)
    )
}

fn image(src: &str, sizes: &str) -> String {
    format!(
        "<link rel=preload as=image href=\"{src}\"{} imagesizes=\"{sizes}\" fetchpriority=high>",
        srcset(src)
            .map(|s| format!(" imagesrcset=\"{s}\""))
            .unwrap_or_default()
    )
}

/// The preloads for the first row of cards (the cards that load their
/// pictures eagerly): the page's largest paint.
fn first_cards(items: &[ProductCard]) -> String {
    items
        .iter()
        .take(EAGER_CARDS)
        .filter(|c| c.image.starts_with("/img/"))
        .map(|c| image(&c.image, CARD_SIZES))
        .collect()
}

/// What the server sends for one path.
pub struct FirstScreen {
    /// `<link rel=preload>` tags for the head.
    pub links: String,
    pub categories: Vec<Category>,
    pub page: Page,
}

impl FirstScreen {
    fn new(page: Page) -> Self {
        Self {
            links: String::new(),
            categories: Vec::new(),
            page,
        }
    }

    pub fn status(&self) -> StatusCode {
        if matches!(self.page, Page::NotFound) {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        }
    }
}

/// The page at `path` (`url`: path and query); a placeholder the app
/// replaces when the catalog cannot answer.
pub async fn first_screen(st: &AppState, path: &str, url: &str, lang: Lang) -> FirstScreen {
    let Some(route) = Route::parse(path) else {
        return FirstScreen::new(Page::NotFound);
    };
    // The pages only the app draws: they depend on the device (its cart, its
    // session, a seller's preview token).
    if !route.drawn() {
        return FirstScreen::new(Page::Placeholder);
    }
    // The tree (a copy of the index's) only for the pages that show categories.
    let shows_categories = matches!(route, Route::Home | Route::Search | Route::Category(_));
    let categories = if shows_categories {
        match crate::catalog::categories(&st.index) {
            Ok(c) => c,
            Err(_) => return FirstScreen::new(Page::Placeholder),
        }
    } else {
        Vec::new()
    };
    let mut first = match &route {
        Route::Home => home(st),
        Route::Search => listing(st, None, listing_query(url)),
        Route::Category(slug) => match categories.iter().find(|c| &c.slug == slug) {
            Some(c) => listing(
                st,
                Some(c.clone()),
                ProductQuery {
                    category: Some(slug.clone()),
                    ..listing_query(url)
                },
            ),
            None => FirstScreen::new(Page::NotFound),
        },
        Route::Product(slug) => product(st, slug).await,
        Route::Seller(slug) => seller(st, slug).await,
        Route::Legal(name) => {
            match DocumentName::parse(name).and_then(|n| st.documents.get(n, lang)) {
                // The app asks for the document again when it takes over: the answer travels early.
                Some(doc) => FirstScreen {
                    links: fetch(&doc.name.api_url(lang)),
                    ..FirstScreen::new(Page::Document(Box::new(doc.clone())))
                },
                None => FirstScreen::new(Page::NotFound),
            }
        }
        // An order's page and the shopper's orders wait for the after-purchase
        // messages and styles: they travel with the wasm.
        Route::Order(_) | Route::MyOrders => FirstScreen {
            links: format!(
                "{}<link rel=preload as=style href=\"{}\">",
                fetch(&haitao::locales::url_of(haitao::locales::Part::After, lang)),
                haitao::locales::after_css_url()
            ),
            ..FirstScreen::new(Page::Placeholder)
        },
        // Only the app draws the others (above).
        _ => FirstScreen::new(Page::Placeholder),
    };
    // Those pages (the listing's sub-categories, the home page's chips) ask the API for it too.
    if shows_categories && first.page.drawn() {
        first.links.insert_str(0, &fetch("/api/categories"));
    }
    first.categories = categories;
    first
}

fn home(st: &AppState) -> FirstScreen {
    let links = [
        fetch(&products_url(&home_seasonal())),
        fetch(&products_url(&home_popular())),
    ]
    .concat();
    let lists = (
        crate::catalog::list(&st.index, &st.rate, &home_seasonal()),
        crate::catalog::list(&st.index, &st.rate, &home_popular()),
    );
    let (Ok(seasonal), Ok(popular)) = lists else {
        return FirstScreen {
            links,
            ..FirstScreen::new(Page::Placeholder)
        };
    };
    // The seasonal picks come first on the page; out of season, the best sellers.
    let first = if seasonal.items.is_empty() {
        &popular
    } else {
        &seasonal
    };
    FirstScreen {
        links: links + &first_cards(&first.items),
        ..FirstScreen::new(Page::Home { seasonal, popular })
    }
}

/// A category or a search: its first page, as the app asks for it. A later
/// page ("load more" went further) is the app's to assemble.
fn listing(st: &AppState, category: Option<Category>, query: ProductQuery) -> FirstScreen {
    if query.page.is_some_and(|p| p > 1) {
        return FirstScreen::new(Page::Placeholder);
    }
    let q = listing_page(&query, 1);
    let links = fetch(&products_url(&q));
    let Ok(list) = crate::catalog::list(&st.index, &st.rate, &q) else {
        return FirstScreen {
            links,
            ..FirstScreen::new(Page::Placeholder)
        };
    };
    FirstScreen {
        links: links + &first_cards(&list.items),
        ..FirstScreen::new(match category {
            Some(category) => Page::Category {
                category,
                query,
                list,
            },
            None => Page::Search { query, list },
        })
    }
}

async fn product(st: &AppState, slug: &str) -> FirstScreen {
    let mut links = fetch(&format!("/api/products/{}", encode_component(slug)));
    match crate::catalog::detail(&st.db, &st.rate, &st.clock, slug).await {
        Ok(p) => {
            if let Some(src) = p.images.first().filter(|s| s.starts_with("/img/")) {
                links.push_str(&image(src, GALLERY_SIZES));
            }
            FirstScreen {
                links,
                ..FirstScreen::new(Page::Product(Box::new(p)))
            }
        }
        Err(e) if e.status == StatusCode::NOT_FOUND => FirstScreen::new(Page::NotFound),
        Err(_) => FirstScreen {
            links,
            ..FirstScreen::new(Page::Placeholder)
        },
    }
}

async fn seller(st: &AppState, slug: &str) -> FirstScreen {
    let q = seller_products();
    let links = fetch(&format!(
        "/api/sellers/{}?{}",
        encode_component(slug),
        query_string(&q)
    ));
    match crate::catalog::seller(&st.db, &st.index, &st.rate, slug, &q).await {
        Ok(p) => FirstScreen {
            links: links + &first_cards(&p.products.items),
            ..FirstScreen::new(Page::Seller(Box::new(p)))
        },
        Err(e) if e.status == StatusCode::NOT_FOUND => FirstScreen::new(Page::NotFound),
        Err(_) => FirstScreen {
            links,
            ..FirstScreen::new(Page::Placeholder)
        },
    }
}

#[cfg(test)]
mod tests {
    use haitao_core::routes::Route;

    #[test]
    fn pages_only_the_app_draws() {
        for p in [
            "/cart",
            "/checkout/address",
            "/orders/HTabc",
            "/account",
            "/preview/cascade-orchards/p/rainier-cherries",
        ] {
            assert!(Route::parse(p).is_some_and(|r| !r.drawn()), "{p}");
        }
        for p in [
            "/",
            "/c/fruit",
            "/search",
            "/p/rainier-cherries",
            "/s/cascade-orchards",
        ] {
            assert!(Route::parse(p).is_some_and(|r| r.drawn()), "{p}");
        }
        assert_eq!(Route::parse("/nope"), None);
    }
}
