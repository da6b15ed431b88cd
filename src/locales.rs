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
}

/// Where `part` of `lang`'s messages is fetched.
#[cfg(any(feature = "ssr", feature = "seller-centre"))]
pub fn url_of(part: Part, lang: Lang) -> String {
    match part {
        Part::Shop => url(lang),
        Part::SellerCentre => {
            let hash = match lang {
                Lang::ZhCn => texts::ZH_CN_SELLER_HASH,
                Lang::EnUs => texts::EN_US_SELLER_HASH,
            };
            format!("/locales/seller-{}.{hash}.ftl", lang.tag())
        }
    }
}

/// The part and language whose messages a file named by `url_of` holds (for
/// the server to serve).
#[cfg(feature = "ssr")]
pub fn of_file(name: &str) -> Option<(Part, Lang)> {
    [Part::Shop, Part::SellerCentre]
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
    }
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
/// not be had (the shop then stays in the language it shows).
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
/// numbers in `set` (bit i: the i-th); built once per set, so the maps it
/// borrows live as long as the app.
fn loader(set: usize) -> StaticLoader {
    let resources: HashMap<LanguageIdentifier, Vec<FluentResource>> = Lang::ALL
        .into_iter()
        .enumerate()
        .filter(|(i, _)| set & (1 << i) != 0)
        .filter_map(|(_, l)| {
            let resource = fluent_templates::fs::resource_from_str(held(l)?).ok()?;
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

/// A loader for each set of languages held (none yet, either one, both).
static LOADERS: [LazyLock<StaticLoader>; 4] = [
    LazyLock::new(|| loader(0)),
    LazyLock::new(|| loader(1)),
    LazyLock::new(|| loader(2)),
    LazyLock::new(|| loader(3)),
];

/// The loader to translate with now: of every language held.
pub fn in_force() -> &'static LazyLock<StaticLoader> {
    let set = Lang::ALL
        .into_iter()
        .enumerate()
        .filter(|&(_, l)| loaded(l))
        .fold(0, |set, (i, _)| set | (1 << i));
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
