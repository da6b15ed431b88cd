//! The first screen the server draws into index.html's frame, in the same
//! markup (elements, classes, sizes, text) the app renders, so the page's
//! pictures and text are painted before the wasm arrives and stay in place
//! when the app takes over. Text comes from the shop's Fluent files
//! (`l10n`), data from the same queries the API answers with.

use fluent_templates::fluent_bundle::FluentValue;
use haitao_core::api::{Category, ProductCard, ProductList};
use haitao_core::first_screen::{EAGER_CARDS, FRAME_CARDS};
use haitao_core::freight::Channel;
use haitao_core::images::{srcset, CARD_SIZES, GALLERY_SIZES};
use haitao_core::money::Money;
use haitao_core::text::Lang;

use crate::html::escape;
use crate::l10n::{t, t_args};

fn yuan(m: Money) -> String {
    format!("¥{}", m.format_number())
}

fn channel(lang: Lang, c: Channel) -> String {
    t(
        lang,
        match c {
            Channel::DirectMail => "channel-direct_mail",
            Channel::BondedWarehouse => "channel-bonded_warehouse",
            Channel::ColdChain => "channel-cold_chain",
        },
    )
}

/// A product picture's sources, or `None` for anything but the shop's own images.
fn sources(src: &str, sizes: &str) -> Option<String> {
    if !src.starts_with("/img/") {
        return None;
    }
    let src = escape(src);
    let set = srcset(&src)
        .map(|s| format!(" sizes=\"{sizes}\" srcset=\"{s}\""))
        .unwrap_or_default();
    Some(format!("{set} src=\"{src}\""))
}

/// A product page's gallery with its first picture.
pub fn gallery(src: &str) -> Option<String> {
    let img = sources(src, GALLERY_SIZES)?;
    Some(format!(
        "<article class=\"product\"><div class=\"gallery\"><img{img} alt=\"\" width=\"400\" height=\"400\"></div></article>"
    ))
}

fn card(lang: Lang, c: &ProductCard, eager: bool) -> String {
    let name = escape(c.name.get(lang).text);
    let img = match sources(&c.image, CARD_SIZES) {
        Some(s) => format!(
            "<img class=\"card-img\" loading=\"{}\" decoding=\"async\" width=\"400\" height=\"400\" alt=\"{name}\"{s}>",
            if eager { "eager" } else { "lazy" }
        ),
        None => "<div class=\"card-img no-image\"></div>".to_owned(),
    };
    let price = escape(&t_args(
        lang,
        "price-from",
        &[("price", FluentValue::from(yuan(c.price.cny)))],
    ));
    let sold_out = if c.in_stock {
        String::new()
    } else {
        format!(
            "<span class=\"badge badge-out\">{}</span>",
            escape(&t(lang, "sold-out"))
        )
    };
    format!(
        "<a class=\"card\" href=\"/p/{slug}\">{img}<div class=\"card-body\"><h3 class=\"card-title\">{name}</h3>\
         <span class=\"price\"><span class=\"price-cny\">{price}</span><span class=\"price-usd\">US${usd}</span></span>\
         <div class=\"card-meta\"><span class=\"badge\">{channel}</span>{sold_out}</div></div></a>",
        slug = escape(&c.slug),
        usd = c.price.usd.format_number(),
        channel = escape(&channel(lang, c.channel)),
    )
}

fn grid(lang: Lang, items: &[ProductCard]) -> String {
    let cards: String = items
        .iter()
        .take(FRAME_CARDS)
        .enumerate()
        .map(|(i, c)| card(lang, c, i < EAGER_CARDS))
        .collect();
    format!("<div class=\"grid\">{cards}</div>")
}

fn chips(lang: Lang, cats: &[&Category], class: &str) -> String {
    let items: String = cats
        .iter()
        .map(|c| {
            format!(
                "<li><a href=\"/c/{}\" class=\"chip\">{}</a></li>",
                escape(&c.slug),
                escape(c.name.get(lang).text)
            )
        })
        .collect();
    format!("<ul class=\"{class}\">{items}</ul>")
}

/// A category page's first screen: heading and sort, sub-categories, the
/// filter button, the count and the first cards.
pub fn category(lang: Lang, cat: &Category, all: &[Category], list: &ProductList) -> String {
    let sort: String = ["popular", "newest", "price_asc", "price_desc"]
        .iter()
        .map(|s| {
            format!(
                "<option value=\"{s}\">{}</option>",
                escape(&t(lang, &format!("sort-{s}")))
            )
        })
        .collect();
    let children: Vec<&Category> = all
        .iter()
        .filter(|c| c.parent.as_deref() == Some(cat.slug.as_str()))
        .collect();
    let sub = if children.is_empty() {
        String::new()
    } else {
        chips(lang, &children, "chips sub-chips")
    };
    let filters = if list.facets.origins.is_empty() {
        String::new()
    } else {
        format!(
            "<details class=\"filters\"><summary>{}</summary></details>",
            escape(&t(lang, "filter-open"))
        )
    };
    format!(
        "<div class=\"list-head\"><h1>{name}</h1><label class=\"sort\"><span>{label}</span><select>{sort}</select></label></div>\
         {sub}{filters}<h2 class=\"count\"><span role=\"status\">{count}</span></h2>{grid}",
        name = escape(cat.name.get(lang).text),
        label = escape(&t(lang, "sort-label")),
        count = escape(&t_args(lang, "list-count", &[("count", FluentValue::from(list.total))])),
        grid = grid(lang, &list.items),
    )
}

/// The home page's first screen: the greeting, the categories, and the
/// seasonal picks (or, out of season, the best sellers) with their heading.
pub fn home(lang: Lang, all: &[Category], seasonal: &ProductList, popular: &ProductList) -> String {
    let top: Vec<&Category> = all.iter().filter(|c| c.parent.is_none()).collect();
    let (heading, first) = if seasonal.items.is_empty() {
        ("home-popular", popular)
    } else {
        ("home-seasonal", seasonal)
    };
    let picks = format!(
        "<section><h2 class=\"section-title\">{}</h2>{}</section>",
        escape(&t(lang, heading)),
        grid(lang, &first.items)
    );
    format!(
        "<section class=\"hero\"><h1>{}</h1><p>{}</p></section><section><h2 class=\"section-title\">{}</h2>{}</section>{picks}",
        escape(&t(lang, "home-heading")),
        escape(&t(lang, "home-tagline")),
        escape(&t(lang, "home-categories")),
        chips(lang, &top, "chips"),
    )
}
