//! The catalog's tables as its readers select them: a product's own columns,
//! its seller's as a product row carries them, a variant's. Each struct names
//! its columns once (`COLUMNS`, for the SELECT that fills it), and the rows
//! of a particular read (the product page, the seller's drafts, the index)
//! flatten them and add only what is theirs.

use haitao_core::api::{Season, SellerRef, ShipWindow};
use haitao_core::text::L10n;

/// A product's own columns (`products p`).
#[derive(sqlx::FromRow, Debug)]
pub struct ProductRow {
    pub id: i64,
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub desc_zh: String,
    pub desc_en: String,
    /// JSON array of picture paths.
    pub images: String,
    pub category: String,
    pub origin_state: String,
    pub tax_class: String,
    pub duty_bp: Option<i64>,
    pub channel: String,
    /// JSON array of certification names.
    pub certifications: String,
    pub season_from: Option<i64>,
    pub season_to: Option<i64>,
    pub sold: i64,
    pub sale_starts_at: Option<String>,
    pub presale_from: Option<String>,
    pub presale_to: Option<String>,
}

impl ProductRow {
    pub const COLUMNS: &'static str =
        "p.id, p.slug, p.name_zh, p.name_en, p.desc_zh, p.desc_en, p.images, \
         p.category, p.origin_state, p.tax_class, p.duty_bp, p.channel, p.certifications, \
         p.season_from, p.season_to, p.sold, p.sale_starts_at, p.presale_from, p.presale_to";

    pub fn name(&self) -> L10n {
        L10n::new(self.name_zh.clone(), self.name_en.clone())
    }

    pub fn description(&self) -> L10n {
        L10n::new(self.desc_zh.clone(), self.desc_en.clone())
    }

    pub fn season(&self) -> Option<Season> {
        Season::from_months(self.season_from, self.season_to)
    }

    /// Its pre-sale window, whether ahead or past.
    pub fn presale(&self) -> Option<ShipWindow> {
        window(self.presale_from.as_deref(), self.presale_to.as_deref())
    }
}

/// A window from its two stored days (both, or none).
pub fn window(from: Option<&str>, to: Option<&str>) -> Option<ShipWindow> {
    Some(ShipWindow {
        from: from?.to_owned(),
        to: to?.to_owned(),
    })
}

/// The seller of a product, as a row joined to `sellers s` carries it.
#[derive(sqlx::FromRow, Debug)]
pub struct SellerColumns {
    pub seller_slug: String,
    pub seller_zh: String,
    pub seller_en: String,
    pub seller_state: String,
    /// 0 or 1 (flags are integers in both databases).
    pub seller_verified: i64,
}

impl SellerColumns {
    pub const COLUMNS: &'static str = "s.slug AS seller_slug, s.name_zh AS seller_zh, \
         s.name_en AS seller_en, s.state AS seller_state, s.verified AS seller_verified";

    pub fn to_ref(&self) -> SellerRef {
        SellerRef {
            slug: self.seller_slug.clone(),
            name: L10n::new(self.seller_zh.clone(), self.seller_en.clone()),
            state: self.seller_state.clone(),
            verified: self.seller_verified != 0,
        }
    }
}

/// A variant (`variants v`).
#[derive(sqlx::FromRow, Debug)]
pub struct VariantRow {
    pub product_id: i64,
    pub sku: String,
    pub label_zh: String,
    pub label_en: String,
    pub price_usd: i64,
    pub stock: i64,
}

impl VariantRow {
    pub const COLUMNS: &'static str =
        "v.product_id, v.sku, v.label_zh, v.label_en, v.price_usd, v.stock";

    pub fn label(&self) -> L10n {
        L10n::new(self.label_zh.clone(), self.label_en.clone())
    }
}
