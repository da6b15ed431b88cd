//! JSON: an array of products, each with its `variants` (docs/IMPORT.md).
//! Errors name the line where the product starts in the file.

use serde::Deserialize;
use serde_json::value::RawValue;

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
    #[serde(default)]
    channel: String,
    #[serde(default)]
    certifications: Vec<String>,
    #[serde(default)]
    images: Vec<String>,
    season: Option<Season>,
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

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
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
            let error = LineError {
                line: e.line(),
                reason: format!("not a JSON array of products: {e}"),
            };
            return (Vec::new(), vec![error]);
        }
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for raw in items {
        // The raw value borrows from `text`: its address gives its line.
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let line = line_at(text, offset);
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
                channel: p.channel,
                certifications: p.certifications,
                images: p.images,
                season: p
                    .season
                    .map(|s| format!("{}-{}", s.from, s.to))
                    .unwrap_or_default(),
                tags: p.tags,
            }),
            Err(e) => {
                // serde's message ends with its own position in the item; the line is ours.
                let message = e.to_string();
                let reason = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |m| m.0);
                errors.push(LineError {
                    line: line + e.line().saturating_sub(1),
                    reason: reason.to_owned(),
                })
            }
        }
    }
    (out, errors)
}
