//! `haitao-server import --seller SLUG FILE`: a seller's products from CSV or
//! JSON (columns in docs/IMPORT.md), as drafts. Every row is checked before
//! anything is written; one bad row and nothing is imported. Products are
//! matched by slug and variants by SKU, so importing a file again updates
//! instead of duplicating.

mod check;
mod csv;
mod json;
mod write;

use haitao_core::seller::ImportIssue;
use std::path::Path;

pub use check::Product;

/// A product as read from a file, before checking. `line` is where it starts.
#[derive(Debug, Default, Clone)]
pub struct RawProduct {
    pub line: usize,
    pub slug: String,
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub origin_state: String,
    pub tax_class: String,
    /// The import duty rate in percent ("10", "7.5"), or blank.
    pub duty_rate: String,
    pub channel: String,
    pub certifications: Vec<String>,
    pub images: Vec<String>,
    /// "6-7": shipping months, from-to.
    pub season: String,
    /// A drop's start, RFC 3339 with its offset ("2027-06-20T20:00:00+08:00"), or blank.
    pub sale_starts: String,
    /// A pre-sale's window, "2027-06-20..2027-07-05", or blank.
    pub presale: String,
    pub tags: Vec<String>,
    pub variants: Vec<RawVariant>,
}

#[derive(Debug, Default, Clone)]
pub struct RawVariant {
    pub line: usize,
    pub sku: String,
    pub label_zh: String,
    pub label_en: String,
    /// Dollars as written: "12.99".
    pub price_usd: String,
    pub stock: String,
}

/// A problem with one line of the file: what it is (for the seller centre
/// to say in the seller's language) and the same in English (the command
/// line's report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub issue: ImportIssue,
    pub reason: String,
}

impl LineError {
    pub fn new(line: usize, issue: ImportIssue, reason: impl Into<String>) -> Self {
        Self {
            line,
            issue,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// The largest file one import reads. A seller's whole catalog in JSON is a
/// few megabytes; past this, the file is split (docs/IMPORT.md).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0} is {1} MB; one import reads at most {max} MB: split the file into several", max = MAX_BYTES / (1024 * 1024))]
    TooLarge(String, u64),
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0}: the file must end in .csv or .json")]
    Format(String),
    #[error("no seller {0:?}")]
    NoSeller(String),
    #[error("{} problem(s), nothing imported:\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<LineError>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
    /// Of the updated, those that were on sale: drafts again until published.
    pub unpublished: usize,
    pub variants: usize,
}

/// Reads products from `text` in the given format ("csv" or "json"): those
/// that could be read, and the problems of the lines that could not.
pub fn parse(text: &str, format: &str) -> (Vec<RawProduct>, Vec<LineError>) {
    match format {
        "csv" => csv::parse(text),
        _ => json::parse(text),
    }
}

pub async fn import_file(
    pool: &sqlx::AnyPool,
    seller: &str,
    path: &Path,
) -> Result<Imported, ImportError> {
    let shown = path.display().to_string();
    let format = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(e) if e == "csv" || e == "json" => e,
        _ => return Err(ImportError::Format(shown)),
    };
    let size = std::fs::metadata(path)
        .map_err(|e| ImportError::Read(shown.clone(), e))?
        .len();
    if size > MAX_BYTES {
        return Err(ImportError::TooLarge(shown, size.div_ceil(1024 * 1024)));
    }
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::Read(shown, e))?;
    import_text(pool, seller, &text, &format).await
}

pub async fn import_text(
    pool: &sqlx::AnyPool,
    seller: &str,
    text: &str,
    format: &str,
) -> Result<Imported, ImportError> {
    let (seller_id,): (i64,) = sqlx::query_as("SELECT id FROM sellers WHERE slug = $1")
        .bind(seller)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| ImportError::NoSeller(seller.to_owned()))?;
    let (raw, mut errors) = parse(text, format);
    // Every problem in one report: unreadable lines and rule breaks alike.
    match check::check_all(pool, seller_id, raw, errors.is_empty()).await? {
        Ok(products) if errors.is_empty() => Ok(write::write(pool, seller_id, &products).await?),
        Ok(_) => Err(ImportError::Rows(errors)),
        Err(more) => {
            errors.extend(more);
            errors.sort_by_key(|e| e.line);
            Err(ImportError::Rows(errors))
        }
    }
}
