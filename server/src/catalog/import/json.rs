//! JSON: an array of products, each with its `variants` (docs/IMPORT.md).
//! Errors name the line where the product starts in the file.

use serde::Deserialize;
use serde_json::value::RawValue;

use haitao_core::seller::ImportIssue;

use super::{LineError, RawProduct, RawVariant};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Text {
    #[serde(default)]
    zh: String,
    #[serde(default)]
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Season {
    from: u8,
    to: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Product {
    slug: String,
    category: String,
    name: Text,
    #[serde(default)]
    description: Text,
    origin_state: String,
    #[serde(default)]
    tax_class: String,
    /// Percent, as a string or a number.
    #[serde(default)]
    duty_rate: Option<serde_json::Value>,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    certifications: Vec<String>,
    #[serde(default)]
    images: Vec<String>,
    season: Option<Season>,
    #[serde(default)]
    sale_starts: String,
    #[serde(default)]
    presale: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    variants: Vec<Variant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    sku: String,
    #[serde(default)]
    label: Text,
    /// "12.99" or 12.99: kept as written, checked as dollars and cents.
    price_usd: serde_json::Value,
    stock: serde_json::Value,
}

/// Lines of `text` counted once from start to end: items come in file
/// order, so each is reached from the one before (counting from the start
/// for every item made a large file quadratic).
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of `offset`, at or after the last one asked for.
    fn at(&mut self, offset: usize) -> usize {
        let to = offset.min(self.text.len());
        if to > self.offset {
            self.line += self.text[self.offset..to]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.offset = to;
        }
        self.line
    }
}

fn as_written(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn parse(text: &str) -> (Vec<RawProduct>, Vec<LineError>) {
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            let error = LineError::new(
                e.line(),
                ImportIssue::Unreadable {
                    detail: e.to_string(),
                },
                format!("not a JSON array of products: {e}"),
            );
            return (Vec::new(), vec![error]);
        }
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut lines = Lines::new(text);
    for raw in items {
        // The raw value borrows from `text`: its address gives its line.
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let line = lines.at(offset);
        match serde_json::from_str::<Product>(raw.get()) {
            Ok(p) => out.push(RawProduct {
                line,
                variants: p
                    .variants
                    .into_iter()
                    .map(|v| RawVariant {
                        line,
                        sku: v.sku,
                        label_zh: v.label.zh,
                        label_en: v.label.en,
                        price_usd: as_written(&v.price_usd),
                        stock: as_written(&v.stock),
                    })
                    .collect(),
                slug: p.slug,
                category: p.category,
                name_zh: p.name.zh,
                name_en: p.name.en,
                description_zh: p.description.zh,
                description_en: p.description.en,
                origin_state: p.origin_state,
                tax_class: p.tax_class,
                duty_rate: match p.duty_rate {
                    Some(serde_json::Value::String(s)) => s,
                    Some(other) => other.to_string(),
                    None => String::new(),
                },
                channel: p.channel,
                certifications: p.certifications,
                images: p.images,
                season: p
                    .season
                    .map(|s| format!("{}-{}", s.from, s.to))
                    .unwrap_or_default(),
                sale_starts: p.sale_starts,
                presale: p.presale,
                tags: p.tags,
            }),
            Err(e) => {
                // serde's message ends with its own position in the item; the line is ours.
                let message = e.to_string();
                let reason = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |m| m.0);
                errors.push(LineError::new(
                    line + e.line().saturating_sub(1),
                    ImportIssue::Unreadable {
                        detail: reason.to_owned(),
                    },
                    reason,
                ))
            }
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_forward() {
        let mut l = Lines::new("a\nb\n\nc");
        assert_eq!(l.at(0), 1);
        assert_eq!(l.at(2), 2);
        assert_eq!(l.at(5), 4);
        assert_eq!(l.at(99), 4);
    }

    /// A seller's large catalog: each item's line is found by counting
    /// forward, so this is one pass (it took hours when every item counted
    /// from the start of the file).
    #[test]
    fn a_large_file_is_read_in_one_pass_with_each_items_line() {
        let item = r#"{"slug":"p","category":"nuts","name":{"zh":"杏仁"},"origin_state":"CA","variants":[{"sku":"S","price_usd":"1.00","stock":1}]}"#;
        let n = 200_000;
        let text = format!("[\n{}\n]", vec![item; n].join(",\n"));
        let (products, errors) = parse(&text);
        assert!(errors.is_empty());
        assert_eq!(products.len(), n);
        assert_eq!(products[0].line, 2);
        assert_eq!(products[n - 1].line, n + 1);
    }
}
