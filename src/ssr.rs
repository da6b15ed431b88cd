//! The app's own components rendered to HTML, for the server to send as a
//! page's first screen: the same markup the browser builds, in the shopper's
//! language, from data the server already has. The browser then builds the
//! app behind it and takes its place (src/boot.rs).
//!
//! `render` exists with the `ssr` feature only: leptos renders to strings
//! there (without effects), and the pages' browser-only parts (fetching,
//! storage, timers) are never reached because the views are given their
//! data. `page_view` is the same page for the browser, where the markup
//! test (tests/markup_browser.rs) mounts it to compare.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use haitao_core::api::{Category, ProductDetail, ProductList, ProductQuery, SellerProfile};
use haitao_core::text::Lang;
use leptos::prelude::*;
use leptos_fluent::{I18n, Language, WritingDirection};
use leptos_router::components::Router;
#[cfg(feature = "ssr")]
use leptos_router::location::RequestUrl;

use crate::app::Frame;
use crate::components::product_grid::GridSkeleton;
use crate::pages::home::HomeView;
use crate::pages::listing::{Kind, ListingView};
use crate::pages::not_found::NotFound;
use crate::pages::product::ProductView;
use crate::pages::seller::SellerView;

static ZH_CN: Language = Language {
    id: "zh-CN",
    name: "简体中文",
    dir: &WritingDirection::Ltr,
    flag: None,
    script: None,
};
static EN_US: Language = Language {
    id: "en-US",
    name: "English",
    dir: &WritingDirection::Ltr,
    flag: None,
    script: None,
};
static LANGUAGES: [&Language; 2] = [&ZH_CN, &EN_US];

fn language(lang: Lang) -> &'static Language {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::EnUs => &EN_US,
    }
}

/// Parsed once: the server's own messages (page heads) look them up per request.
fn identifier(lang: Lang) -> &'static LanguageIdentifier {
    static IDS: std::sync::LazyLock<[LanguageIdentifier; 2]> =
        std::sync::LazyLock::new(|| [ZH_CN.id, EN_US.id].map(|id| id.parse().unwrap_or_default()));
    match lang {
        Lang::ZhCn => &IDS[0],
        Lang::EnUs => &IDS[1],
    }
}

/// The message `id` in `lang`, for what the server writes itself (page heads).
pub fn message(lang: Lang, id: &str) -> String {
    crate::locales::in_force().lookup(identifier(lang), id)
}

/// The same with its arguments.
pub fn message_args(lang: Lang, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
        .collect();
    crate::locales::in_force().lookup_with_args(identifier(lang), id, &args)
}

/// The request being answered, as far as the page's markup depends on it.
pub struct Request<'a> {
    pub lang: Lang,
    /// Path and query, as the browser's router will see them.
    pub url: &'a str,
    /// The `haitao_signed_in` hint cookie (the header's account link).
    pub signed_in: bool,
}

/// What the server draws in the page's `<main>`.
pub enum Page {
    Home {
        seasonal: ProductList,
        popular: ProductList,
    },
    Category {
        category: Category,
        query: ProductQuery,
        list: ProductList,
    },
    Search {
        query: ProductQuery,
        list: ProductList,
    },
    Product(Box<ProductDetail>),
    Seller(Box<SellerProfile>),
    Document(Box<haitao_core::legal::Document>),
    NotFound,
    /// A page the server does not draw (cart, checkout, account): grey
    /// placeholders under the header, which the app replaces at once.
    Placeholder,
}

impl Page {
    /// Whether the server drew the page itself, which the app keeps on
    /// screen until its own first screen is ready.
    pub fn drawn(&self) -> bool {
        !matches!(self, Self::Placeholder)
    }
}

/// The listing state in `url`'s query string, read as the browser reads it.
#[cfg(feature = "ssr")]
pub fn listing_query(url: &str) -> ProductQuery {
    RequestUrl::new(url)
        .parse()
        .map(|u| crate::url::from_params(u.search_params()))
        .unwrap_or_default()
}

/// The i18n context for `lang`, from the shop's messages.
pub fn i18n(lang: Lang) -> I18n {
    I18n::new(
        RwSignal::new(language(lang)),
        &LANGUAGES,
        Signal::derive(|| vec![crate::locales::in_force()]),
    )
}

/// The header and `<main>` of `page`, as the app draws them.
#[cfg(feature = "ssr")]
pub fn render(req: &Request, categories: Vec<Category>, page: Page) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(RequestUrl::new(req.url));
        page_view(req, categories, page).to_html()
    });
    drop(owner);
    // Leptos marks reactive places for hydration; the app replaces the page
    // instead, so the marks are bytes for nothing. (Text and attributes are
    // escaped: a `<` in them is never a mark.)
    html.replace("<!--<() />-->", "").replace("<!>", "")
}

/// The body of the shop's WeChat Pay page (not a page of the app), in `lang`.
#[cfg(feature = "ssr")]
pub fn wechat_pay_body(
    lang: Lang,
    amount: String,
    qr_svg: Option<String>,
    order_page: String,
) -> String {
    use crate::components::wechat_pay::WechatPayBody;
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(i18n(lang));
        view! { <WechatPayBody amount qr_svg order_page/> }.to_html()
    });
    drop(owner);
    html.replace("<!--<() />-->", "").replace("<!>", "")
}

/// The page with what it reads from context; the router's location is the
/// caller's (the request on the server, the address bar in a browser).
pub fn page_view(req: &Request, categories: Vec<Category>, page: Page) -> impl IntoView {
    provide_context(i18n(req.lang));
    crate::cart::Cart::provide_empty();
    crate::session_hint::SessionHint::provide_given(req.signed_in);
    crate::categories::Categories::provide_given(categories);
    crate::boot::Boot::provide_drawing();
    let drawn = page.drawn();
    view! {
        <Router>
            <Frame busy=Signal::stored(!drawn)>
                {page_main(page)}
            </Frame>
        </Router>
    }
}

fn page_main(page: Page) -> AnyView {
    match page {
        Page::Home { seasonal, popular } => {
            let (seasonal, popular) = (StoredValue::new(seasonal), StoredValue::new(popular));
            view! {
                <HomeView
                    seasonal=move || Some(Ok(seasonal.get_value()))
                    popular=move || Some(Ok(popular.get_value()))
                    retry=|| {}/>
            }
            .into_any()
        }
        Page::Category {
            category,
            query,
            list,
        } => listing(Kind::Category, Some(category), query, list),
        Page::Search { query, list } => listing(Kind::Search, None, query, list),
        Page::Product(p) => view! { <ProductView p=*p/> }.into_any(),
        Page::Seller(p) => view! { <SellerView p=*p/> }.into_any(),
        Page::Document(doc) => view! { <crate::pages::legal::LegalView doc=*doc/> }.into_any(),
        Page::NotFound => view! { <NotFound/> }.into_any(),
        Page::Placeholder => view! { <GridSkeleton/> }.into_any(),
    }
}

fn listing(
    kind: Kind,
    category: Option<Category>,
    query: ProductQuery,
    list: ProductList,
) -> AnyView {
    view! {
        <ListingView
            kind
            state=Signal::stored(query)
            category=Signal::stored(category.map(Some))
            result=Signal::stored(Some(Ok(list)))
            loading=Signal::stored(false)
            on_sort=Callback::new(|_| {})
            on_filters=Callback::new(|_| {})
            more=Callback::new(|_| {})
            retry=Callback::new(|_| {})/>
    }
    .into_any()
}
