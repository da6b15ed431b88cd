//! The shop's messages (locales/<lang>/*.ftl) as the Fluent loader that
//! leptos-fluent and the server translate with.
//!
//! The server, the native tests and translator builds carry every language.
//! The shop's storefront carries none in its wasm: each shopper downloads the
//! messages of their own language and no other, beside the wasm (the server
//! preloads the page's language, `url`, named by its content's hash). The app
//! starts once they are here (src/boot.rs); another language is fetched
//! before it is shown (`crate::i18n::toggle_language`).

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

/// The two sets of messages: the shop's, which every page needs, and the
/// seller centre's (locales/<lang>/seller-*.ftl), which only the seller
/// centre's own build (feature `seller-centre`, src/seller_centre/app.rs)
/// fetches and holds: a shopper's download never carries them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Shop,
    SellerCentre,
}

/// The parts this build shows.
const PARTS: &[Part] = if cfg!(feature = "seller-centre") {
    &[Part::Shop, Part::SellerCentre]
} else {
    &[Part::Shop]
};

impl Part {
    #[cfg(feature = "ssr")]
    const ALL: [Part; 2] = [Part::Shop, Part::SellerCentre];

    fn prefix(self) -> &'static str {
        match self {
            Part::Shop => "",
            Part::SellerCentre => "seller-",
        }
    }

    /// Its place among the texts this build holds, with `lang`'s: bit
    /// `index` of a loader's set.
    fn index(self, lang: Lang) -> usize {
        usize::from(lang == Lang::EnUs) * PARTS.len() + usize::from(self == Part::SellerCentre)
    }
}

/// The texts fetched so far, by `Part::index`.
#[cfg(all(feature = "csr", not(feature = "translator")))]
static FETCHED: [std::sync::OnceLock<String>; 4] = [
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
];

fn hash(part: Part, lang: Lang) -> &'static str {
    match (part, lang) {
        (Part::Shop, Lang::ZhCn) => texts::ZH_CN_HASH,
        (Part::Shop, Lang::EnUs) => texts::EN_US_HASH,
        (Part::SellerCentre, Lang::ZhCn) => texts::ZH_CN_SELLER_HASH,
        (Part::SellerCentre, Lang::EnUs) => texts::EN_US_SELLER_HASH,
    }
}

/// Where the storefront fetches `lang`'s shop messages; the name changes
/// with their content, so the file may be cached for good.
pub fn url(lang: Lang) -> String {
    url_of(Part::Shop, lang)
}

/// The same, of either part.
pub fn url_of(part: Part, lang: Lang) -> String {
    format!(
        "/locales/{}{}.{}.ftl",
        part.prefix(),
        lang.tag(),
        hash(part, lang)
    )
}

/// The part and language whose messages a file named by `url_of` holds (for
/// the server to serve).
#[cfg(feature = "ssr")]
pub fn of_file(name: &str) -> Option<(Part, Lang)> {
    Part::ALL
        .into_iter()
        .flat_map(|p| Lang::ALL.into_iter().map(move |l| (p, l)))
        .find(|&(p, l)| url_of(p, l).strip_prefix("/locales/") == Some(name))
}

#[cfg(any(feature = "ssr", feature = "translator"))]
fn carried(part: Part, lang: Lang) -> &'static str {
    match (part, lang) {
        (Part::Shop, Lang::ZhCn) => texts::ZH_CN,
        (Part::Shop, Lang::EnUs) => texts::EN_US,
        (Part::SellerCentre, Lang::ZhCn) => texts::ZH_CN_SELLER,
        (Part::SellerCentre, Lang::EnUs) => texts::EN_US_SELLER,
    }
}

/// A language's messages, as the files say.
#[cfg(feature = "ssr")]
pub fn text(part: Part, lang: Lang) -> &'static str {
    carried(part, lang)
}

/// The text of `part` in `lang` this build holds now.
fn held(part: Part, lang: Lang) -> Option<&'static str> {
    #[cfg(any(feature = "ssr", feature = "translator"))]
    return Some(carried(part, lang));
    #[cfg(all(feature = "csr", not(feature = "translator")))]
    return FETCHED[part.index(lang)].get().map(String::as_str);
}

/// Whether `lang`'s messages (the seller centre's too, once it is open) are
/// here to be shown.
pub fn loaded(lang: Lang) -> bool {
    CARRIES_ALL || PARTS.iter().all(|&p| held(p, lang).is_some())
}

/// Fetches what is wanted of `lang`'s messages and not here; false when it
/// could not be had (the shop then stays in the language it shows).
pub async fn load(lang: Lang) -> bool {
    #[cfg(all(feature = "csr", not(feature = "translator")))]
    for &part in PARTS {
        if held(part, lang).is_some() {
            continue;
        }
        // Checked before it is kept: a file that does not parse would leave
        // the language half translated.
        match crate::api::messages(&url_of(part, lang)).await {
            Ok(text) if fluent_templates::fs::resource_from_str(&text).is_ok() => {
                let _ = FETCHED[part.index(lang)].set(text);
            }
            _ => return false,
        }
    }
    loaded(lang)
}

fn identifier(lang: Lang) -> LanguageIdentifier {
    lang.tag().parse().unwrap_or_default()
}

/// A loader of the texts held, of those `Part::index` numbers in `set` (bit
/// i: the i-th); built once per set, so the maps it borrows live as long as
/// the app.
fn loader(set: usize) -> StaticLoader {
    let resources: HashMap<LanguageIdentifier, Vec<FluentResource>> = Lang::ALL
        .into_iter()
        .map(|l| {
            let parts = PARTS
                .iter()
                .filter(|p| set & (1 << p.index(l)) != 0)
                .filter_map(|p| fluent_templates::fs::resource_from_str(held(*p, l)?).ok())
                .collect::<Vec<_>>();
            (identifier(l), parts)
        })
        .filter(|(_, parts)| !parts.is_empty())
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

/// A loader for each set of texts held.
macro_rules! loaders {
    ($($set:literal)*) => {
        [$(LazyLock::new(|| loader($set)),)*]
    };
}
static LOADERS: [LazyLock<StaticLoader>; 16] = loaders!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);

/// The loader to translate with now: of every text held.
pub fn in_force() -> &'static LazyLock<StaticLoader> {
    let set = PARTS
        .iter()
        .flat_map(|&p| Lang::ALL.into_iter().map(move |l| (p, l)))
        .filter(|&(p, l)| held(p, l).is_some())
        .fold(0, |set, (p, l)| set | (1 << p.index(l)));
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
