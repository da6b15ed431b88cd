//! What a seller must fix before shoppers see a product: the translation
//! report of the preview. Pure rules over the product's fields, so the
//! server's report and its publish check agree.

use serde::{Deserialize, Serialize};

use crate::freight::Channel;
use crate::tax::TaxClass;
use crate::text::{L10n, Lang};

/// A bilingual field a seller writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Description,
    VariantLabel,
    SellerName,
    SellerStory,
}

/// One thing to fix. `sku` names the variant for variant fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issue {
    /// One language is empty (shoppers in it see the other, marked).
    Missing {
        field: Field,
        lang: Lang,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sku: Option<String>,
    },
    /// Both languages hold the same words: one of them is not translated.
    Identical {
        field: Field,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sku: Option<String>,
    },
    /// The Chinese side has no Chinese in it, only Latin words.
    NotChinese {
        field: Field,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sku: Option<String>,
    },
    NoImages,
    NoVariants,
    OutOfStock {
        sku: String,
    },
    TaxClassUnset,
    ChannelUnset,
}

impl Issue {
    /// A product with this issue cannot be sold, so it cannot be published.
    pub fn blocks_publish(&self) -> bool {
        matches!(
            self,
            Issue::NoVariants | Issue::TaxClassUnset | Issue::ChannelUnset
        )
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Three Latin letters in a row: a word, not a unit ("kg", "500 g", "XL").
fn has_latin_word(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_ascii_alphabetic() { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// The translation issues of one bilingual text.
pub fn text_issues(field: Field, text: &L10n, sku: Option<&str>) -> Vec<Issue> {
    let sku = sku.map(str::to_owned);
    let (zh, en) = (text.zh.trim(), text.en.trim());
    let mut out = Vec::new();
    for (side, lang) in [(zh, Lang::ZhCn), (en, Lang::EnUs)] {
        if side.is_empty() {
            out.push(Issue::Missing {
                field,
                lang,
                sku: sku.clone(),
            });
        }
    }
    if zh.is_empty() || en.is_empty() {
        return out;
    }
    if zh == en && has_latin_word(zh) {
        out.push(Issue::Identical { field, sku });
    } else if !zh.chars().any(is_han) && has_latin_word(zh) {
        out.push(Issue::NotChinese { field, sku });
    }
    out
}

/// A product as the report reads it; unset tax class or channel are `None`.
pub struct ProductFacts<'a> {
    pub name: &'a L10n,
    pub description: &'a L10n,
    pub images: &'a [String],
    pub tax_class: Option<TaxClass>,
    pub channel: Option<Channel>,
    /// SKU, label, stock.
    pub variants: Vec<(&'a str, &'a L10n, i64)>,
}

/// Everything to fix in one product, in the order a seller reads its page.
pub fn product_issues(p: &ProductFacts) -> Vec<Issue> {
    let mut out = text_issues(Field::Name, p.name, None);
    out.extend(text_issues(Field::Description, p.description, None));
    if p.images.is_empty() {
        out.push(Issue::NoImages);
    }
    if p.variants.is_empty() {
        out.push(Issue::NoVariants);
    }
    for (sku, label, stock) in &p.variants {
        out.extend(text_issues(Field::VariantLabel, label, Some(sku)));
        if *stock <= 0 {
            out.push(Issue::OutOfStock {
                sku: (*sku).to_owned(),
            });
        }
    }
    if p.tax_class.is_none() {
        out.push(Issue::TaxClassUnset);
    }
    if p.channel.is_none() {
        out.push(Issue::ChannelUnset);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(zh: &str, en: &str) -> L10n {
        L10n::new(zh, en)
    }

    #[test]
    fn text_rules() {
        use Field::Name;
        let cases: &[(&str, &str, Vec<Issue>)] = &[
            ("樱桃", "Cherries", vec![]),
            (
                "",
                "Cherries",
                vec![Issue::Missing {
                    field: Name,
                    lang: Lang::ZhCn,
                    sku: None,
                }],
            ),
            (
                "樱桃",
                " ",
                vec![Issue::Missing {
                    field: Name,
                    lang: Lang::EnUs,
                    sku: None,
                }],
            ),
            (
                "",
                "",
                vec![
                    Issue::Missing {
                        field: Name,
                        lang: Lang::ZhCn,
                        sku: None,
                    },
                    Issue::Missing {
                        field: Name,
                        lang: Lang::EnUs,
                        sku: None,
                    },
                ],
            ),
            (
                "Rainier Cherries",
                "Rainier Cherries",
                vec![Issue::Identical {
                    field: Name,
                    sku: None,
                }],
            ),
            (
                "Cherry",
                "Cherries",
                vec![Issue::NotChinese {
                    field: Name,
                    sku: None,
                }],
            ),
            // Units and sizes read the same in both languages.
            ("500 g", "500 g", vec![]),
            ("XL", "XL", vec![]),
            ("2 kg 礼盒", "2 kg gift box", vec![]),
            // A brand inside Chinese text is Chinese text.
            ("Kirkland 坚果", "Kirkland nuts", vec![]),
        ];
        for (zh, en, want) in cases {
            assert_eq!(
                &text_issues(Name, &l(zh, en), None),
                want,
                "{zh:?} / {en:?}"
            );
        }
    }

    #[test]
    fn product_rules_and_what_blocks_publishing() {
        let name = l("樱桃", "Cherries");
        let desc = l("", "Sweet.");
        let small = l("1 kg", "1 kg");
        let big = l("Big box", "Big box");
        let images = vec!["/img/p/x-400.webp".to_owned()];
        let ready = ProductFacts {
            name: &name,
            description: &desc,
            images: &images,
            tax_class: Some(TaxClass::Vat9),
            channel: Some(Channel::ColdChain),
            variants: vec![("RC-1", &small, 3), ("RC-2", &big, 0)],
        };
        let got = product_issues(&ready);
        assert_eq!(
            got,
            vec![
                Issue::Missing {
                    field: Field::Description,
                    lang: Lang::ZhCn,
                    sku: None
                },
                Issue::Identical {
                    field: Field::VariantLabel,
                    sku: Some("RC-2".into())
                },
                Issue::OutOfStock { sku: "RC-2".into() },
            ]
        );
        assert!(
            !got.iter().any(Issue::blocks_publish),
            "translation gaps do not block"
        );

        let bare = ProductFacts {
            images: &[],
            tax_class: None,
            channel: None,
            variants: vec![],
            ..ready
        };
        let got = product_issues(&bare);
        for want in [
            Issue::NoImages,
            Issue::NoVariants,
            Issue::TaxClassUnset,
            Issue::ChannelUnset,
        ] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        assert_eq!(got.iter().filter(|i| i.blocks_publish()).count(), 3);
    }

    #[test]
    fn issues_serialise_with_a_kind_tag() {
        let json =
            serde_json::to_string(&Issue::OutOfStock { sku: "A-1".into() }).unwrap_or_default();
        assert_eq!(json, r#"{"kind":"out_of_stock","sku":"A-1"}"#);
        let json = serde_json::to_string(&Issue::Missing {
            field: Field::Name,
            lang: Lang::ZhCn,
            sku: None,
        })
        .unwrap_or_default();
        assert_eq!(json, r#"{"kind":"missing","field":"name","lang":"zh-CN"}"#);
    }
}
