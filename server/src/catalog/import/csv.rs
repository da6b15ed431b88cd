//! CSV: one row per variant; a product's fields on its first row (later rows
//! of the same slug may repeat them or leave them blank). Lists are separated
//! by `;`.

use std::collections::HashMap;

use haitao_core::seller::ImportIssue;

use super::{LineError, RawProduct, RawVariant};

pub const COLUMNS: [&str; 21] = [
    "slug",
    "category",
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "origin_state",
    "tax_class",
    "duty_rate",
    "channel",
    "certifications",
    "images",
    "season",
    "tags",
    "sku",
    "variant_zh",
    "variant_en",
    "price_usd",
    "stock",
    "sale_starts",
    "presale",
];
const REQUIRED: [&str; 7] = [
    "slug",
    "category",
    "origin_state",
    "sku",
    "price_usd",
    "stock",
    "name_zh",
];

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn parse(text: &str) -> (Vec<RawProduct>, Vec<LineError>) {
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header_error =
        |issue: ImportIssue, reason: String| (Vec::new(), vec![LineError::new(1, issue, reason)]);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return header_error(
                ImportIssue::Unreadable {
                    detail: e.to_string(),
                },
                format!("not a CSV header: {e}"),
            )
        }
    };
    let col: HashMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h, i)).collect();
    let unknown: Vec<&str> = headers.iter().filter(|h| !COLUMNS.contains(h)).collect();
    if !unknown.is_empty() {
        return header_error(
            ImportIssue::UnknownColumns {
                columns: unknown.iter().map(|c| (*c).to_owned()).collect(),
            },
            format!(
                "unknown column(s) {}; the columns are {}",
                unknown.join(", "),
                COLUMNS.join(", ")
            ),
        );
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        // Either name column will do; the other language can come later.
        .filter(|c| !(col.contains_key(c) || *c == "name_zh" && col.contains_key("name_en")))
        .collect();
    if !missing.is_empty() {
        return header_error(
            ImportIssue::MissingColumns {
                columns: missing.iter().map(|c| (*c).to_owned()).collect(),
            },
            format!("missing column(s) {}", missing.join(", ")),
        );
    }

    let mut products: Vec<RawProduct> = Vec::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(LineError::new(
                    line,
                    ImportIssue::Unreadable {
                        detail: e.to_string(),
                    },
                    format!("not a CSV row: {e}"),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let get = |name: &str| {
            col.get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        let row = RawProduct {
            line,
            slug: get("slug"),
            category: get("category"),
            name_zh: get("name_zh"),
            name_en: get("name_en"),
            description_zh: get("description_zh"),
            description_en: get("description_en"),
            origin_state: get("origin_state"),
            tax_class: get("tax_class"),
            duty_rate: get("duty_rate"),
            channel: get("channel"),
            certifications: list(&get("certifications")),
            images: list(&get("images")),
            season: get("season"),
            sale_starts: get("sale_starts"),
            presale: get("presale"),
            tags: list(&get("tags")),
            variants: vec![RawVariant {
                line,
                sku: get("sku"),
                label_zh: get("variant_zh"),
                label_en: get("variant_en"),
                price_usd: get("price_usd"),
                stock: get("stock"),
            }],
        };
        match by_slug.get(&row.slug) {
            None => {
                by_slug.insert(row.slug.clone(), products.len());
                products.push(row);
            }
            Some(&i) => {
                let first = &mut products[i];
                if let Some(field) = conflict(first, &row) {
                    errors.push(LineError::new(
                        line,
                        ImportIssue::Differs {
                            field: field.to_owned(),
                            first_line: u32::try_from(first.line).unwrap_or(u32::MAX),
                        },
                        format!(
                            "{field} differs from line {} for product {:?} (leave it blank on later rows)",
                            first.line, row.slug
                        ),
                    ));
                }
                first.variants.extend(row.variants);
            }
        }
    }
    (products, errors)
}

/// The first product field a later row sets differently from the first row.
fn conflict(first: &RawProduct, later: &RawProduct) -> Option<&'static str> {
    let texts = [
        ("category", &first.category, &later.category),
        ("name_zh", &first.name_zh, &later.name_zh),
        ("name_en", &first.name_en, &later.name_en),
        (
            "description_zh",
            &first.description_zh,
            &later.description_zh,
        ),
        (
            "description_en",
            &first.description_en,
            &later.description_en,
        ),
        ("origin_state", &first.origin_state, &later.origin_state),
        ("tax_class", &first.tax_class, &later.tax_class),
        ("duty_rate", &first.duty_rate, &later.duty_rate),
        ("channel", &first.channel, &later.channel),
        ("season", &first.season, &later.season),
    ];
    let lists = [
        (
            "certifications",
            &first.certifications,
            &later.certifications,
        ),
        ("images", &first.images, &later.images),
        ("tags", &first.tags, &later.tags),
    ];
    texts
        .into_iter()
        .find(|(_, a, b)| !b.is_empty() && a != b)
        .map(|(f, _, _)| f)
        .or_else(|| {
            lists
                .into_iter()
                .find(|(_, a, b)| !b.is_empty() && a != b)
                .map(|(f, _, _)| f)
        })
}
