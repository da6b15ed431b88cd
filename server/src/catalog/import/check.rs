//! The rules an imported product must meet. Translations may be missing (the
//! preview reports them), and so may the tax class and channel (publishing
//! waits for them); everything that is given must be right.

use std::collections::{HashMap, HashSet};

use haitao_core::api::{Season, ShipWindow};
use haitao_core::freight::Channel;
use haitao_core::seller::ImportIssue;
use haitao_core::tax::TaxClass;
use haitao_core::us_states::is_us_state;
use haitao_core::validate::is_slug;
use sqlx::AnyPool;

use super::{LineError, RawProduct};

pub const CERTIFICATIONS: [&str; 4] = ["usda_organic", "non_gmo", "msc", "gmp"];
const MAX_PRICE_CENTS: i64 = 10_000_000; // $100,000: above any parcel's limit
const MAX_STOCK: i64 = 1_000_000;

/// A product that passed every check, ready to write.
#[derive(Debug, Clone)]
pub struct Product {
    pub slug: String,
    pub category: String,
    pub name: (String, String),
    pub description: (String, String),
    pub origin_state: String,
    /// Empty when not set yet.
    pub tax_class: String,
    /// Basis points.
    pub duty_bp: Option<u32>,
    pub channel: String,
    pub certifications: Vec<String>,
    pub images: Vec<String>,
    pub season: Option<(u8, u8)>,
    /// A drop's start, UTC (the shop's stamp).
    pub sale_starts: Option<String>,
    /// A pre-sale's shipping window.
    pub presale: Option<ShipWindow>,
    pub tags: Vec<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub sku: String,
    pub label: (String, String),
    pub price_cents: i64,
    pub stock: i64,
}

/// Customs' `itemNo` is at most 30 characters (CEB311 XSD, C..30): a longer
/// SKU could not be declared.
fn sku_ok(s: &str) -> bool {
    (1..=30).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

pub use haitao_core::money::cents;

/// Images are the shop's own files: a path under /img/, never a URL (nothing
/// loads from another site) and never `..`.
fn image_ok(s: &str) -> bool {
    s.starts_with("/img/")
        && !s.contains("..")
        && !s.contains("//")
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
}

/// A value not of its column's form: the issue, and the English of it.
fn invalid(field: &str, value: &str, hint: &str) -> (ImportIssue, String) {
    (
        ImportIssue::Invalid {
            field: field.to_owned(),
            value: value.to_owned(),
        },
        format!("{field} {value:?}: {hint}"),
    )
}

/// A drop's start: a moment with its offset, as the seller means it
/// wherever they are ("2027-06-20T20:00:00+08:00" is 8 pm in China); kept in UTC.
fn sale_starts(s: &str) -> Result<Option<String>, (ImportIssue, String)> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|t| {
            Some(crate::infra::clock::stamp(
                t.to_offset(time::UtcOffset::UTC),
            ))
        })
        .map_err(|_| {
            invalid(
                "sale_starts",
                s,
                "a moment with its offset, e.g. 2027-06-20T20:00:00+08:00",
            )
        })
}

/// A pre-sale's window, "2027-06-20..2027-07-05", its first day in the
/// product's season when it has one (what is sold ahead is the harvest).
fn presale(s: &str, season: Option<(u8, u8)>) -> Result<Option<ShipWindow>, (ImportIssue, String)> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let w = ShipWindow::parse(s).ok_or_else(|| {
        invalid(
            "presale",
            s,
            "the first and last shipping day, e.g. 2027-06-20..2027-07-05",
        )
    })?;
    let month = w.from.get(5..7).and_then(|m| m.parse::<u8>().ok());
    if let (Some((from, to)), Some(month)) = (season, month) {
        if !(Season { from, to }).contains(month) {
            return Err(invalid(
                "presale",
                s,
                "a window that opens within the product's season",
            ));
        }
    }
    Ok(Some(w))
}

fn season(s: &str) -> Result<Option<(u8, u8)>, (ImportIssue, String)> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    let bad = || invalid("season", s, "months from-to, e.g. 6-7");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let (a, b): (u8, u8) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if !(1..=12).contains(&a) || !(1..=12).contains(&b) {
        return Err(bad());
    }
    Ok(Some((a, b)))
}

/// `duty_rate` in percent, at most two decimals, 0 to 100 ("10", "7.5");
/// blank when not known. Basis points.
fn duty_bp(s: &str) -> Result<Option<u32>, (ImportIssue, String)> {
    let s = s.trim().trim_end_matches('%');
    if s.is_empty() {
        return Ok(None);
    }
    cents(s)
        .and_then(|bp| u32::try_from(bp).ok())
        .filter(|bp| *bp <= 10_000)
        .map(Some)
        .ok_or_else(|| {
            invalid(
                "duty_rate",
                s,
                "a percentage from 0 to 100, e.g. 10 or 7.5 (or blank)",
            )
        })
}

fn limit(field: &str, s: &str, max: usize, errors: &mut Vec<(ImportIssue, String)>) {
    if s.chars().count() > max {
        errors.push((
            ImportIssue::TooLong {
                field: field.to_owned(),
                max: u32::try_from(max).unwrap_or(u32::MAX),
            },
            format!("{field} is longer than {max} characters"),
        ));
    }
}

/// Checks one product on its own; returns it, or every reason it fails with
/// the line each belongs to.
pub fn check(raw: RawProduct, categories: &HashSet<String>) -> Result<Product, Vec<LineError>> {
    let mut errs: Vec<(ImportIssue, String)> = Vec::new();
    if !is_slug(&raw.slug) {
        errs.push(invalid("slug", &raw.slug, "2-80 of a-z, 0-9 and -"));
    }
    if !categories.contains(&raw.category) {
        errs.push((
            ImportIssue::UnknownCategory {
                value: raw.category.clone(),
            },
            format!(
                "category {:?} is not one of the shop's categories",
                raw.category
            ),
        ));
    }
    if raw.name_zh.trim().is_empty() && raw.name_en.trim().is_empty() {
        errs.push((
            ImportIssue::NameMissing,
            "a name is required (name_zh or name_en)".into(),
        ));
    }
    limit("name_zh", &raw.name_zh, 120, &mut errs);
    limit("name_en", &raw.name_en, 120, &mut errs);
    limit("description_zh", &raw.description_zh, 4000, &mut errs);
    limit("description_en", &raw.description_en, 4000, &mut errs);
    if !is_us_state(&raw.origin_state) {
        errs.push(invalid(
            "origin_state",
            &raw.origin_state,
            "a US state code such as WA",
        ));
    }
    if !raw.tax_class.is_empty() && TaxClass::parse(&raw.tax_class).is_none() {
        errs.push(invalid(
            "tax_class",
            &raw.tax_class,
            "general, vat9 or cosmetics (or blank)",
        ));
    }
    let duty_bp = duty_bp(&raw.duty_rate).unwrap_or_else(|e| {
        errs.push(e);
        None
    });
    if !raw.channel.is_empty() && Channel::parse(&raw.channel).is_none() {
        errs.push(invalid(
            "channel",
            &raw.channel,
            "direct_mail, bonded_warehouse or cold_chain (or blank)",
        ));
    }
    for c in raw
        .certifications
        .iter()
        .filter(|c| !CERTIFICATIONS.contains(&c.as_str()))
    {
        errs.push(invalid(
            "certification",
            c,
            &format!("one of {}", CERTIFICATIONS.join(", ")),
        ));
    }
    for i in raw.images.iter().filter(|i| !image_ok(i)) {
        errs.push(invalid("image", i, "a path of the shop's own, under /img/"));
    }
    let season = season(&raw.season).unwrap_or_else(|e| {
        errs.push(e);
        None
    });
    let sale_starts = sale_starts(&raw.sale_starts).unwrap_or_else(|e| {
        errs.push(e);
        None
    });
    let presale = presale(&raw.presale, season).unwrap_or_else(|e| {
        errs.push(e);
        None
    });
    let mut out: Vec<LineError> = errs
        .into_iter()
        .map(|(issue, reason)| LineError::new(raw.line, issue, reason))
        .collect();

    let mut variants = Vec::new();
    let mut skus = HashSet::new();
    for v in raw.variants {
        let mut bad = |(issue, reason): (ImportIssue, String)| {
            out.push(LineError::new(v.line, issue, reason))
        };
        if !sku_ok(&v.sku) {
            bad(invalid("sku", &v.sku, "1-30 of A-Z, 0-9 and -"));
        } else if !skus.insert(v.sku.clone()) {
            bad((
                ImportIssue::RepeatedInProduct {
                    value: v.sku.clone(),
                },
                format!("sku {:?} appears twice in product {:?}", v.sku, raw.slug),
            ));
        }
        let price = cents(&v.price_usd).filter(|c| (1..=MAX_PRICE_CENTS).contains(c));
        if price.is_none() {
            bad(invalid(
                "price_usd",
                &v.price_usd,
                "dollars and cents above zero, e.g. 12.99",
            ));
        }
        let stock = v
            .stock
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|s| (0..=MAX_STOCK).contains(s));
        if stock.is_none() {
            bad(invalid(
                "stock",
                &v.stock,
                &format!("a whole number from 0 to {MAX_STOCK}"),
            ));
        }
        if let (Some(price_cents), Some(stock)) = (price, stock) {
            variants.push(Variant {
                sku: v.sku,
                label: (v.label_zh, v.label_en),
                price_cents,
                stock,
            });
        }
    }
    if !out.is_empty() {
        return Err(out);
    }
    Ok(Product {
        slug: raw.slug,
        category: raw.category,
        name: (raw.name_zh, raw.name_en),
        description: (raw.description_zh, raw.description_en),
        origin_state: raw.origin_state,
        tax_class: raw.tax_class,
        duty_bp,
        channel: raw.channel,
        certifications: raw.certifications,
        images: raw.images,
        season,
        sale_starts,
        presale,
        tags: raw.tags,
        variants,
    })
}

/// Checks every product, alone and against the file and the database: a
/// slug or SKU used twice in the file, or already another seller's.
pub async fn check_all(
    pool: &AnyPool,
    seller_id: i64,
    raw: Vec<RawProduct>,
    all_read: bool,
) -> Result<Result<Vec<Product>, Vec<LineError>>, sqlx::Error> {
    let categories: HashSet<String> = sqlx::query_as::<_, (String,)>("SELECT slug FROM categories")
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    // Who owns each slug and SKU now.
    let slug_owner: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT slug, seller_id FROM products")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let sku_owner: HashMap<String, String> = sqlx::query_as::<_, (String, String)>(
        "SELECT v.sku, p.slug FROM variants v JOIN products p ON p.id = v.product_id",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();

    let mut errors = Vec::new();
    let mut products = Vec::new();
    let mut slugs_seen: HashMap<String, usize> = HashMap::new();
    let mut skus_seen: HashMap<String, (String, usize)> = HashMap::new();
    if raw.is_empty() && all_read {
        errors.push(LineError::new(
            1,
            ImportIssue::Empty,
            "the file has no products",
        ));
    }
    for r in raw {
        if let Some(first) = slugs_seen.insert(r.slug.clone(), r.line) {
            errors.push(LineError::new(
                r.line,
                ImportIssue::Repeated {
                    field: "slug".into(),
                    value: r.slug.clone(),
                    first_line: u32::try_from(first).unwrap_or(u32::MAX),
                },
                format!("product {:?} is also on line {first}", r.slug),
            ));
        }
        if slug_owner.get(&r.slug).is_some_and(|&s| s != seller_id) {
            errors.push(LineError::new(
                r.line,
                ImportIssue::Taken {
                    field: "slug".into(),
                    value: r.slug.clone(),
                },
                format!("slug {:?} belongs to another seller's product", r.slug),
            ));
        }
        for v in &r.variants {
            // Twice in one product is check()'s to report.
            if let Some((_, first)) = skus_seen
                .insert(v.sku.clone(), (r.slug.clone(), v.line))
                .filter(|(slug, _)| *slug != r.slug)
            {
                errors.push(LineError::new(
                    v.line,
                    ImportIssue::Repeated {
                        field: "sku".into(),
                        value: v.sku.clone(),
                        first_line: u32::try_from(first).unwrap_or(u32::MAX),
                    },
                    format!("sku {:?} is also on line {first}", v.sku),
                ));
            }
            if sku_owner.get(&v.sku).is_some_and(|owner| *owner != r.slug) {
                errors.push(LineError::new(
                    v.line,
                    ImportIssue::Taken {
                        field: "sku".into(),
                        value: v.sku.clone(),
                    },
                    format!("sku {:?} belongs to another product", v.sku),
                ));
            }
        }
        match check(r, &categories) {
            Ok(p) => products.push(p),
            Err(e) => errors.extend(e),
        }
    }
    errors.sort_by_key(|e| e.line);
    errors.dedup();
    Ok(if errors.is_empty() {
        Ok(products)
    } else {
        Err(errors)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duty_rates_are_percentages() {
        assert_eq!(duty_bp("10"), Ok(Some(1000)));
        assert_eq!(duty_bp("7.5"), Ok(Some(750)));
        assert_eq!(duty_bp(" 10% "), Ok(Some(1000)));
        assert_eq!(duty_bp("0"), Ok(Some(0)));
        assert_eq!(duty_bp(""), Ok(None));
        for bad in ["101", "abc", "-5", "7.555"] {
            assert!(duty_bp(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prices_are_dollars_and_cents() {
        for (s, want) in [
            ("12.99", Some(1299)),
            ("12", Some(1200)),
            ("12.5", Some(1250)),
            ("$3.05", Some(305)),
            ("0.01", Some(1)),
        ] {
            assert_eq!(cents(s), want, "{s}");
        }
        for s in ["", "abc", "12.999", "1,000", "-1", "1e3", ".5", "99999999"] {
            assert_eq!(cents(s), None, "{s}");
        }
    }

    #[test]
    fn images_are_the_shops_own_files() {
        assert!(image_ok("/img/p/bosc-pears-400.webp"));
        for bad in [
            "http://x.com/a.png",
            "//x.com/a.png",
            "/img/../secret",
            "img/p/a.webp",
            "/img/p/a b.webp",
            "/img/p/\"onerror=x",
        ] {
            assert!(!image_ok(bad), "{bad}");
        }
    }

    #[test]
    fn slugs_skus_and_seasons() {
        assert!(is_slug("bosc-pears") && !is_slug("Bosc") && !is_slug("-x") && !is_slug("a"));
        assert!(sku_ok("BP-2KG") && !sku_ok("bp-2kg") && !sku_ok("-A") && !sku_ok(""));
        assert!(sku_ok(&"A".repeat(30)) && !sku_ok(&"A".repeat(31)));
        assert_eq!(season("6-7"), Ok(Some((6, 7))));
        assert_eq!(
            sale_starts("2027-06-20T20:00:00+08:00"),
            Ok(Some("2027-06-20T12:00:00Z".to_owned()))
        );
        assert_eq!(sale_starts(""), Ok(None));
        assert_eq!(
            presale("2027-06-20..2027-07-05", Some((6, 7))),
            Ok(ShipWindow::parse("2027-06-20..2027-07-05"))
        );
        assert_eq!(presale(" ", Some((6, 7))), Ok(None));
        assert!(presale("2027-05-20..2027-07-05", Some((6, 7))).is_err());
        assert!(presale("2027-07-05..2027-06-20", None).is_err());
        assert!(presale("June", None).is_err());
        assert!(presale("2027-12-20..2028-01-10", Some((11, 1))).is_ok());
        assert!(sale_starts("2027-06-20 20:00").is_err() && sale_starts("tomorrow").is_err());
        assert_eq!(season("11-1"), Ok(Some((11, 1))));
        assert_eq!(season(""), Ok(None));
        assert!(season("0-3").is_err() && season("June").is_err());
    }
}
