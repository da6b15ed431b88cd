//! The shop's messages (locales/<lang>/*.ftl) as the Fluent loader that
//! leptos-fluent and the server translate with.
//!
//! The server, the native tests and translator builds carry every language.
//! The shop's storefront carries none in its wasm: each shopper downloads the
//! messages of their own language and no other, beside the wasm (the server
//! preloads the page's language, `url`, named by its content's hash). The app
//! starts once they are here (src/boot.rs); another language is fetched
//! before it is shown (`crate::i18n::toggle_language`).
//!
//! The seller centre's messages (locales/<lang>/seller-*.ftl) are a second
//! file per language, `Part::SellerCentre`: only the seller centre's own
//! build (feature `seller-centre`) fetches it, after the shop's, and holds
//! the two as one text; a shop build has no code for it.
//!
//! What comes after a purchase (locales/<lang>/after-*.ftl: the order's
//! way to the door, after-sales, reviews) is a third, `Part::After`: the
//! pages that show it fetch it (`load_after`, `AfterMessages`, for the
//! language shown, again when it changes) and from then on the app holds it
//! beside the shop's; a first visit never downloads it.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentResource;
use fluent_templates::{LanguageIdentifier, StaticLoader};
use haitao_core::text::Lang;

/// Each language's files as one text, and its hash (build.rs). The
/// storefront's wasm reads only the hashes, so the texts are not in it.
#[allow(dead_code)]
mod texts {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The language every message falls back to.
pub const DEFAULT: Lang = Lang::ZhCn;

/// Whether this build carries every language's messages.
const CARRIES_ALL: bool = cfg!(any(feature = "ssr", feature = "translator"));

/// The languages fetched so far, in `Lang::ALL`'s order.
#[cfg(all(feature = "csr", not(feature = "translator")))]
static FETCHED: [std::sync::OnceLock<String>; 2] =
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()];

#[cfg(all(feature = "csr", not(feature = "translator")))]
fn fetched(lang: Lang) -> &'static std::sync::OnceLock<String> {
    &FETCHED[usize::from(lang == Lang::EnUs)]
}

fn hash(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => texts::ZH_CN_HASH,
        Lang::EnUs => texts::EN_US_HASH,
    }
}

/// Where the storefront fetches `lang`'s messages; the name changes with
/// their content, so the file may be cached for good.
pub fn url(lang: Lang) -> String {
    format!("/locales/{}.{}.ftl", lang.tag(), hash(lang))
}

/// The two files of a language's messages: the shop's, and the seller centre's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Shop,
    SellerCentre,
    After,
}

/// Where `part` of `lang`'s messages is fetched.
pub fn url_of(part: Part, lang: Lang) -> String {
    let (name, hash) = match (part, lang) {
        (Part::Shop, _) => return url(lang),
        (Part::SellerCentre, Lang::ZhCn) => ("seller", texts::ZH_CN_SELLER_HASH),
        (Part::SellerCentre, Lang::EnUs) => ("seller", texts::EN_US_SELLER_HASH),
        (Part::After, Lang::ZhCn) => ("after", texts::ZH_CN_AFTER_HASH),
        (Part::After, Lang::EnUs) => ("after", texts::EN_US_AFTER_HASH),
    };
    format!("/locales/{name}-{}.{hash}.ftl", lang.tag())
}

/// The part and language whose messages a file named by `url_of` holds (for
/// the server to serve).
#[cfg(feature = "ssr")]
pub fn of_file(name: &str) -> Option<(Part, Lang)> {
    [Part::Shop, Part::SellerCentre, Part::After]
        .into_iter()
        .flat_map(|p| Lang::ALL.into_iter().map(move |l| (p, l)))
        .find(|&(p, l)| url_of(p, l).strip_prefix("/locales/") == Some(name))
}

/// A part of a language's messages, as the files say.
#[cfg(feature = "ssr")]
pub fn text(part: Part, lang: Lang) -> &'static str {
    match (part, lang) {
        (Part::Shop, Lang::ZhCn) => texts::ZH_CN,
        (Part::Shop, Lang::EnUs) => texts::EN_US,
        (Part::SellerCentre, Lang::ZhCn) => texts::ZH_CN_SELLER,
        (Part::SellerCentre, Lang::EnUs) => texts::EN_US_SELLER,
        (Part::After, Lang::ZhCn) => texts::ZH_CN_AFTER,
        (Part::After, Lang::EnUs) => texts::EN_US_AFTER,
    }
}

/// Where the after-purchase pages' styles are fetched (named by their hash).
pub fn after_css_url() -> String {
    format!("/locales/after.{}.css", texts::AFTER_CSS_HASH)
}

/// The after-purchase pages' styles (for the server to serve).
#[cfg(feature = "ssr")]
pub fn after_css() -> &'static str {
    texts::AFTER_CSS
}

/// Adds the after-purchase pages' stylesheet to the page, once.
#[cfg(all(feature = "csr", not(feature = "translator")))]
fn add_after_css() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc
        .query_selector("link[data-after]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let (Ok(link), Ok(Some(head))) = (doc.create_element("link"), doc.query_selector("head"))
    else {
        return;
    };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", &after_css_url());
    let _ = link.set_attribute("data-after", "");
    let _ = head.append_child(&link);
}

/// Whether `lang`'s after-purchase messages are here.
pub fn after_loaded(lang: Lang) -> bool {
    CARRIES_ALL || with_after(lang).is_some()
}

/// The text of `lang` this build holds now, after-purchase messages with it
/// once they are here.
#[cfg(any(feature = "ssr", feature = "translator"))]
fn with_after(lang: Lang) -> Option<&'static str> {
    static ALL: [std::sync::OnceLock<String>; 2] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    let (shop, after) = match lang {
        Lang::ZhCn => (texts::ZH_CN, texts::ZH_CN_AFTER),
        Lang::EnUs => (texts::EN_US, texts::EN_US_AFTER),
    };
    Some(ALL[usize::from(lang == Lang::EnUs)].get_or_init(|| format!("{shop}\n{after}")))
}

#[cfg(all(feature = "csr", not(feature = "translator")))]
static WITH_AFTER: [std::sync::OnceLock<String>; 2] =
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()];

#[cfg(all(feature = "csr", not(feature = "translator")))]
fn with_after(lang: Lang) -> Option<&'static str> {
    WITH_AFTER[usize::from(lang == Lang::EnUs)]
        .get()
        .map(String::as_str)
}

/// Fetches `lang`'s after-purchase messages (and its shop messages, should
/// they not be here); false when they could not be had.
pub async fn load_after(lang: Lang) -> bool {
    #[cfg(all(feature = "csr", not(feature = "translator")))]
    {
        add_after_css();
        if !load(lang).await {
            return false;
        }
        if !after_loaded(lang) {
            let Ok(after) = crate::api::messages(&url_of(Part::After, lang)).await else {
                return false;
            };
            let Some(shop) = held(lang) else { return false };
            let text = format!("{shop}\n{after}");
            if fluent_templates::fs::resource_from_str(&text).is_err() {
                return false;
            }
            let _ = WITH_AFTER[usize::from(lang == Lang::EnUs)].set(text);
        }
    }
    after_loaded(lang)
}

/// The text of `lang` this build holds now.
fn held(lang: Lang) -> Option<&'static str> {
    #[cfg(any(feature = "ssr", feature = "translator"))]
    return Some(match lang {
        Lang::ZhCn => texts::ZH_CN,
        Lang::EnUs => texts::EN_US,
    });
    #[cfg(all(feature = "csr", not(feature = "translator")))]
    return fetched(lang).get().map(String::as_str);
}

/// Whether `lang`'s messages are here to be shown.
pub fn loaded(lang: Lang) -> bool {
    CARRIES_ALL || held(lang).is_some()
}

/// Fetches `lang`'s messages unless they are here; false when they could
/// not be had (the shop then stays in the language it shows). A page of
/// after-purchase messages fetches those itself, in whatever language is
/// shown (`AfterMessages`): the first visit's code holds none of it.
pub async fn load(lang: Lang) -> bool {
    #[cfg(all(feature = "csr", not(feature = "translator")))]
    if !loaded(lang) {
        // Checked before it is kept: a file that does not parse would leave
        // the language half translated.
        let text = crate::api::messages(&url(lang)).await;
        // The seller centre's build: its own messages after the shop's.
        #[cfg(feature = "seller-centre")]
        let text = match (
            text,
            crate::api::messages(&url_of(Part::SellerCentre, lang)).await,
        ) {
            (Ok(shop), Ok(centre)) => Ok(shop + "\n" + &centre),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        match text {
            Ok(text) if fluent_templates::fs::resource_from_str(&text).is_ok() => {
                let _ = fetched(lang).set(text);
            }
            _ => return false,
        }
    }
    loaded(lang)
}

fn identifier(lang: Lang) -> LanguageIdentifier {
    lang.tag().parse().unwrap_or_default()
}

/// A loader of the languages whose text is held, of those `Lang::ALL`
/// numbers in `set` (bit i: the i-th; bit 2 + i: with its after-purchase
/// messages); built once per set, so the maps it borrows live as long as
/// the app.
fn loader(set: usize) -> StaticLoader {
    let resources: HashMap<LanguageIdentifier, Vec<FluentResource>> = Lang::ALL
        .into_iter()
        .enumerate()
        .filter(|(i, _)| set & (1 << i) != 0)
        .filter_map(|(i, l)| {
            let text = if set & (1 << (2 + i)) != 0 {
                with_after(l)?
            } else {
                held(l)?
            };
            let resource = fluent_templates::fs::resource_from_str(text).ok()?;
            Some((identifier(l), vec![resource]))
        })
        .collect();
    let resources: &'static _ = Box::leak(Box::new(resources));
    let bundles = fluent_templates::loader::build_bundles(resources, None, |bundle| {
        // Fluent wraps placeables in bidi isolation marks; both our languages
        // are left-to-right, and the marks would leak into copied text.
        bundle.set_use_isolating(false)
    });
    let fallbacks =
        fluent_templates::loader::build_fallbacks(&resources.keys().cloned().collect::<Vec<_>>());
    StaticLoader::new(
        Box::leak(Box::new(bundles)),
        Box::leak(Box::new(fallbacks)),
        identifier(DEFAULT),
    )
}

/// A loader for each set of languages held (none yet, either one, both;
/// each with or without its after-purchase messages).
static LOADERS: [LazyLock<StaticLoader>; 16] = [
    LazyLock::new(|| loader(0)),
    LazyLock::new(|| loader(1)),
    LazyLock::new(|| loader(2)),
    LazyLock::new(|| loader(3)),
    LazyLock::new(|| loader(4)),
    LazyLock::new(|| loader(5)),
    LazyLock::new(|| loader(6)),
    LazyLock::new(|| loader(7)),
    LazyLock::new(|| loader(8)),
    LazyLock::new(|| loader(9)),
    LazyLock::new(|| loader(10)),
    LazyLock::new(|| loader(11)),
    LazyLock::new(|| loader(12)),
    LazyLock::new(|| loader(13)),
    LazyLock::new(|| loader(14)),
    LazyLock::new(|| loader(15)),
];

/// The loader to translate with now: of every language held.
pub fn in_force() -> &'static LazyLock<StaticLoader> {
    let set = Lang::ALL
        .into_iter()
        .enumerate()
        .filter(|&(_, l)| loaded(l))
        .fold(0, |set, (i, l)| {
            set | (1 << i) | if after_loaded(l) { 1 << (2 + i) } else { 0 }
        });
    &LOADERS[set]
}

/// `in_force`, as leptos-fluent's `translations:` takes it (a path to a
/// value it extends its list with): read at every lookup, so a language that
/// arrives is used from the next render on.
pub const IN_FORCE: InForce = InForce;

pub struct InForce;

impl IntoIterator for InForce {
    type Item = &'static LazyLock<StaticLoader>;
    type IntoIter = std::iter::Once<Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        std::iter::once(in_force())
    }
}
