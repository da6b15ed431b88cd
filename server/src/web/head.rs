//! The head of each public page as the server sends it: its own title and
//! description, canonical URL, hreflang alternates, Open Graph tags and, for
//! products, schema.org Product JSON-LD with the offer in CNY. Link previews
//! (WeChat) and crawlers that run little script (Baidu) read these; the app
//! keeps the title in step as the shopper moves on.

use haitao::ssr::Page;
use haitao_core::text::Lang;
use serde_json::json;

use crate::web::html::escape;
use crate::web::l10n::{t, t_args};

/// What a page says about itself.
#[derive(Debug, Default)]
pub struct Head {
    pub title: String,
    pub description: String,
    /// An absolute URL of a shop image.
    pub image: Option<String>,
    /// `product` for product pages, else `website`.
    pub og_type: &'static str,
    /// The lowest price in yuan, for products ("123.45").
    pub price_cny: Option<String>,
    pub json_ld: Option<String>,
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// The head for `page` in `lang`; the site's own for pages without one of
/// their own. `path`: the page's path, for the offer's URL.
pub fn for_page(page: &Page, base: &str, path: &str, lang: Lang) -> Head {
    let site = Head {
        title: t(lang, "home-title"),
        description: t(lang, "meta-description"),
        image: Some(format!("{base}/favicon.svg")),
        og_type: "website",
        ..Default::default()
    };
    let first_image = |items: &[haitao_core::api::ProductCard]| {
        items
            .first()
            .filter(|p| !p.image.is_empty())
            .map(|p| format!("{base}{}", p.image))
    };
    match page {
        Page::Product(p) => {
            let name = p.name.get(lang).text.to_owned();
            let description = shorten(p.description.get(lang).text, 150);
            let image = p.images.first().map(|i| format!("{base}{i}"));
            let low = p.variants.iter().map(|v| v.price.cny.amount).min();
            // Out of season it is not on sale, whatever the stock.
            let in_stock = p.opens.is_none() && p.variants.iter().any(|v| v.stock > 0);
            let json_ld = low.map(|fen| {
                json!({
                    "@context": "https://schema.org",
                    "@type": "Product",
                    "name": name,
                    "description": description,
                    "image": image.clone().into_iter().collect::<Vec<_>>(),
                    "sku": p.variants.first().map(|v| v.sku.clone()),
                    "brand": { "@type": "Brand", "name": p.seller.name.get(lang).text },
                    "countryOfOrigin": "US",
                    "offers": {
                        "@type": "Offer",
                        "price": haitao_core::Money::cny(fen).decimal(),
                        "priceCurrency": "CNY",
                        "availability": match (in_stock, &p.presale) {
                            (false, _) => "https://schema.org/OutOfStock",
                            // Sold now, shipped at the harvest.
                            (true, Some(_)) => "https://schema.org/PreOrder",
                            (true, None) => "https://schema.org/InStock",
                        },
                        "url": format!("{base}{path}?lang={}", lang.tag()),
                    }
                })
                .to_string()
            });
            Head {
                title: t_args(lang, "product-title", &[("name", name.clone().into())]),
                description,
                image: image.or(site.image),
                og_type: "product",
                price_cny: low.map(|fen| haitao_core::Money::cny(fen).decimal()),
                json_ld,
            }
        }
        Page::Category { category, list, .. } => Head {
            title: t_args(
                lang,
                "category-title",
                &[("name", category.name.get(lang).text.to_owned().into())],
            ),
            image: first_image(&list.items).or(site.image.clone()),
            ..site
        },
        Page::Seller(s) => {
            let story = shorten(s.story.get(lang).text, 150);
            Head {
                title: t_args(
                    lang,
                    "seller-title",
                    &[("name", s.seller.name.get(lang).text.to_owned().into())],
                ),
                description: if story.is_empty() {
                    site.description.clone()
                } else {
                    story
                },
                image: first_image(&s.products.items).or(site.image.clone()),
                ..site
            }
        }
        Page::Search { query, .. } => match query.q.as_deref().filter(|q| !q.trim().is_empty()) {
            Some(q) => Head {
                title: t_args(lang, "search-title", &[("q", shorten(q, 40).into())]),
                ..site
            },
            None => site,
        },
        Page::Document(d) => Head {
            title: t_args(lang, "document-title", &[("name", d.title.clone().into())]),
            ..site
        },
        Page::NotFound => Head {
            title: t(lang, "not-found-title"),
            ..site
        },
        Page::Home { .. } | Page::Placeholder => site,
    }
}

/// The tags for `head`, for the page at `path` in `lang`. `chosen`: the URL
/// named the language (`?lang=`); without it the page is the one that picks
/// the shopper's language (the x-default), and it is its own canonical.
pub fn tags(h: &Head, base: &str, path: &str, lang: Lang, chosen: bool) -> String {
    let url = |l: Lang| format!("{base}{path}?lang={}", l.tag());
    let this = if chosen {
        url(lang)
    } else {
        format!("{base}{path}")
    };
    let mut out = String::new();
    let mut meta = |attr: &str, key: &str, value: &str| {
        out.push_str(&format!(
            "<meta {attr}=\"{key}\" content=\"{}\">",
            escape(value)
        ));
    };
    meta("property", "og:title", &h.title);
    meta("property", "og:description", &h.description);
    meta("property", "og:type", h.og_type);
    meta("property", "og:url", &this);
    meta("property", "og:site_name", &t(lang, "brand-name"));
    meta("property", "og:locale", &lang.tag().replace('-', "_"));
    if let Some(i) = &h.image {
        meta("property", "og:image", i);
    }
    if let Some(p) = &h.price_cny {
        meta("property", "product:price:amount", p);
        meta("property", "product:price:currency", "CNY");
    }
    out.push_str(&format!(
        "<link rel=\"canonical\" href=\"{}\">",
        escape(&this)
    ));
    for l in [Lang::ZhCn, Lang::EnUs] {
        out.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
            l.tag(),
            escape(&url(l))
        ));
    }
    out.push_str(&format!(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">",
        escape(&format!("{base}{path}"))
    ));
    if let Some(ld) = &h.json_ld {
        // Data, not code: `<` escaped so no text can close the element.
        out.push_str(&format!(
            "<script type=\"application/ld+json\">{}</script>",
            ld.replace('<', "\\u003c")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_head_names_the_page() {
        let h = Head {
            title: "樱桃 <b> · 海淘美国".into(),
            description: "甜".into(),
            og_type: "product",
            price_cny: Some("12.30".into()),
            json_ld: Some("{\"name\":\"</script><script>alert(1)\"}".into()),
            ..Default::default()
        };
        let out = tags(&h, "https://shop.example", "/p/x", Lang::ZhCn, true);
        assert!(
            out.contains("<link rel=\"canonical\" href=\"https://shop.example/p/x?lang=zh-CN\">")
        );
        assert!(out.contains("hreflang=\"en-US\" href=\"https://shop.example/p/x?lang=en-US\""));
        assert!(out.contains("property=\"product:price:currency\" content=\"CNY\""));
        assert!(
            !out.contains("</script><script>alert"),
            "JSON-LD cannot close its element"
        );
        // Without ?lang= the page is the x-default, and its own canonical.
        let plain = tags(&h, "https://shop.example", "/p/x", Lang::ZhCn, false);
        assert!(plain.contains("<link rel=\"canonical\" href=\"https://shop.example/p/x\">"));
    }
}
