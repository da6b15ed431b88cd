//! `<link rel=preload>` for the first requests of the page being opened: the
//! API answers (and a product's first image) travel while the wasm is still
//! downloading, instead of after it. The URLs come from haitao-core's
//! `first_screen`, the same the browser builds, so a preload is always used.
//! For home, category and product pages the frame also carries the page's
//! first screen, drawn by `frame` in the shopper's language.

use haitao_core::api::{ProductCard, ProductQuery};
use haitao_core::first_screen::{
    encode_component, home_popular, home_seasonal, listing_page, products_url, EAGER_CARDS,
};
use haitao_core::images::{srcset, CARD_SIZES, GALLERY_SIZES};
use haitao_core::text::Lang;
use haitao_core::validate::is_slug;

use crate::frame;
use crate::state::AppState;

fn fetch(url: &str) -> String {
    // `crossorigin` makes the preload's mode match fetch()'s (cors, same-origin credentials).
    format!("<link rel=preload as=fetch crossorigin href=\"{url}\">")
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

/// What the server adds to the app page for one path.
#[derive(Default)]
pub struct FirstScreen {
    /// `<link rel=preload>` tags for the head.
    pub links: String,
    /// The inside of the frame's `<main>`: the page's first screen, when the
    /// server can draw it.
    pub main: Option<String>,
}

/// The additions for `path` in `lang`; none when the query string holds
/// more than `lang` (filters change the requests, and guessing wrong would
/// waste bandwidth).
pub async fn first_screen(
    st: &AppState,
    path: &str,
    query: Option<&str>,
    lang: Lang,
) -> FirstScreen {
    let plain = query.is_none_or(|q| q.split('&').all(|p| p.is_empty() || p.starts_with("lang=")));
    if !plain {
        return FirstScreen::default();
    }
    if path == "/" {
        return home(st, lang).await;
    }
    if let Some(slug) = path.strip_prefix("/c/").filter(|s| is_slug(s)) {
        return category(st, slug, lang).await;
    }
    if let Some(slug) = path.strip_prefix("/p/").filter(|s| is_slug(s)) {
        return product(st, slug).await;
    }
    FirstScreen::default()
}

async fn home(st: &AppState, lang: Lang) -> FirstScreen {
    let links = [
        fetch("/api/categories"),
        fetch(&products_url(&home_seasonal())),
        fetch(&products_url(&home_popular())),
    ]
    .concat();
    let lists = (
        crate::catalog::list(&st.index, &st.rate, &home_seasonal()),
        crate::catalog::list(&st.index, &st.rate, &home_popular()),
        crate::catalog::categories(&st.index),
    );
    let (Ok(seasonal), Ok(popular), Ok(cats)) = lists else {
        return FirstScreen { links, main: None };
    };
    // The seasonal picks come first on the page; out of season, the best sellers.
    let first = if seasonal.items.is_empty() {
        &popular
    } else {
        &seasonal
    };
    FirstScreen {
        links: links + &first_cards(&first.items),
        main: Some(frame::home(lang, &cats, &seasonal, &popular)),
    }
}

async fn category(st: &AppState, slug: &str, lang: Lang) -> FirstScreen {
    let q = listing_page(
        &ProductQuery {
            category: Some(slug.to_owned()),
            ..Default::default()
        },
        1,
    );
    let links = [fetch("/api/categories"), fetch(&products_url(&q))].concat();
    let (Ok(list), Ok(cats)) = (
        crate::catalog::list(&st.index, &st.rate, &q),
        crate::catalog::categories(&st.index),
    ) else {
        return FirstScreen { links, main: None };
    };
    let main = cats
        .iter()
        .find(|c| c.slug == slug)
        .filter(|_| !list.items.is_empty())
        .map(|cat| frame::category(lang, cat, &cats, &list));
    FirstScreen {
        links: links + &first_cards(&list.items),
        main,
    }
}

async fn product(st: &AppState, slug: &str) -> FirstScreen {
    let mut links = fetch(&format!("/api/products/{}", encode_component(slug)));
    let first: Option<(String,)> = sqlx::query_as(
        "SELECT json_extract(images, '$[0]') FROM products WHERE slug = ? AND status = 'published'",
    )
    .bind(slug)
    .fetch_optional(&st.db)
    .await
    .ok()
    .flatten();
    let main = first.and_then(|(src,)| {
        let g = frame::gallery(&src)?;
        links.push_str(&image(&src, GALLERY_SIZES));
        Some(g)
    });
    FirstScreen { links, main }
}
