//! A seller's products in any status, as the preview and `publish` read them.

use crate::catalog::rows::{ProductRow, VariantRow};
use haitao_core::api::{ProductCard, ProductDetail, ProductStatus, Season, SellerRef, Variant};
use haitao_core::freight::Channel;
use haitao_core::money::{Money, Price};
use haitao_core::preview::{product_issues, text_issues, Field, Issue, ProductFacts};
use haitao_core::tax::TaxClass;
use haitao_core::text::L10n;
use haitao_core::trust::Returns;
use haitao_core::ExchangeRate;
use sqlx::AnyPool;

pub struct Seller {
    pub id: i64,
    pub seller: SellerRef,
    pub story: L10n,
    pub founded: Option<i64>,
    pub verified_on: Option<String>,
}

impl Seller {
    pub fn issues(&self) -> Vec<Issue> {
        let mut out = text_issues(Field::SellerName, &self.seller.name, None);
        out.extend(text_issues(Field::SellerStory, &self.story, None));
        out
    }
}

#[derive(sqlx::FromRow)]
struct SellerRow {
    id: i64,
    slug: String,
    name_zh: String,
    name_en: String,
    state: String,
    /// 0 or 1 (flags are integers in both databases).
    verified: i64,
    story_zh: String,
    story_en: String,
    founded: Option<i64>,
    verified_on: Option<String>,
}

pub async fn seller(pool: &AnyPool, slug: &str) -> Result<Option<Seller>, sqlx::Error> {
    let row: Option<SellerRow> = sqlx::query_as(
        "SELECT id, slug, name_zh, name_en, state, verified, story_zh, story_en, founded, verified_on FROM sellers WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Seller {
        id: r.id,
        seller: SellerRef {
            slug: r.slug,
            name: L10n::new(r.name_zh, r.name_en),
            state: r.state,
            verified: r.verified != 0,
        },
        story: L10n::new(r.story_zh, r.story_en),
        founded: r.founded,
        verified_on: r.verified_on.filter(|_| r.verified != 0),
    }))
}

pub struct DraftVariant {
    pub sku: String,
    pub label: L10n,
    pub price_usd: i64,
    pub stock: i64,
}

pub struct Draft {
    pub id: i64,
    pub slug: String,
    pub status: ProductStatus,
    pub category: String,
    /// The top-level category above `category` (itself when top-level).
    pub root_category: String,
    pub sold: i64,
    pub name: L10n,
    pub description: L10n,
    pub images: Vec<String>,
    pub origin_state: String,
    pub tax_class: Option<TaxClass>,
    pub duty_bp: Option<u32>,
    pub channel: Option<Channel>,
    pub certifications: Vec<String>,
    pub season: Option<Season>,
    /// A drop's start (UTC), if the seller set one.
    pub sale_starts_at: Option<String>,
    /// A pre-sale's window, if the seller set one.
    pub presale: Option<haitao_core::api::ShipWindow>,
    pub variants: Vec<DraftVariant>,
}

/// A draft's row: the product, its status and top category.
#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    product: ProductRow,
    status: String,
    root_category: String,
}

/// The seller's products (or the one named), shoppers' order: best selling
/// first, then newest.
pub async fn products(
    pool: &AnyPool,
    seller_id: i64,
    only: Option<&str>,
) -> Result<Vec<Draft>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {}, p.status, COALESCE(c.parent, p.category) AS root_category
         FROM products p LEFT JOIN categories c ON c.slug = p.category
         WHERE p.seller_id = $1 AND ($2 IS NULL OR p.slug = $3)
         ORDER BY p.sold DESC, p.created_at DESC, p.slug",
        ProductRow::COLUMNS
    ))
    .bind(seller_id)
    .bind(only)
    .bind(only)
    .fetch_all(pool)
    .await?;
    let variants: Vec<VariantRow> = sqlx::query_as(&format!(
        "SELECT {} FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.seller_id = $1 AND ($2 IS NULL OR p.slug = $3) ORDER BY v.product_id, v.position",
        VariantRow::COLUMNS
    ))
    .bind(seller_id)
    .bind(only)
    .bind(only)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |Row {
                 product: p,
                 status,
                 root_category,
             }| Draft {
                variants: variants
                    .iter()
                    .filter(|v| v.product_id == p.id)
                    .map(|v| DraftVariant {
                        sku: v.sku.clone(),
                        label: v.label(),
                        price_usd: v.price_usd,
                        stock: v.stock,
                    })
                    .collect(),
                // The column's CHECK allows nothing else.
                status: ProductStatus::parse(&status).unwrap_or(ProductStatus::Draft),
                root_category,
                name: p.name(),
                description: p.description(),
                season: p.season(),
                sale_starts_at: p.sale_starts_at.clone(),
                presale: p.presale(),
                images: serde_json::from_str(&p.images).unwrap_or_default(),
                tax_class: TaxClass::parse(&p.tax_class),
                duty_bp: p.duty_bp.and_then(|b| u32::try_from(b).ok()),
                channel: Channel::parse(&p.channel),
                certifications: serde_json::from_str(&p.certifications).unwrap_or_default(),
                id: p.id,
                slug: p.slug,
                category: p.category,
                sold: p.sold,
                origin_state: p.origin_state,
            },
        )
        .collect())
}

impl Draft {
    pub fn issues(&self) -> Vec<Issue> {
        product_issues(&ProductFacts {
            name: &self.name,
            description: &self.description,
            images: &self.images,
            tax_class: self.tax_class,
            channel: self.channel,
            variants: self
                .variants
                .iter()
                .map(|v| (v.sku.as_str(), &v.label, v.stock))
                .collect(),
        })
    }

    /// The listing card shoppers would see; none while it cannot be sold.
    pub fn card(
        &self,
        seller: &SellerRef,
        rate: &ExchangeRate,
        clock: &crate::infra::clock::Clock,
    ) -> Option<ProductCard> {
        self.tax_class?;
        let min = self.variants.iter().map(|v| v.price_usd).min()?;
        let selling = crate::catalog::selling(self.season, self.presale.clone(), clock);
        Some(ProductCard {
            slug: self.slug.clone(),
            name: self.name.clone(),
            image: self.images.first().cloned().unwrap_or_default(),
            category: self.category.clone(),
            seller: seller.clone(),
            origin_state: self.origin_state.clone(),
            price: Price::from_usd(Money::usd(min), rate),
            in_stock: self.variants.iter().any(|v| v.stock > 0),
            channel: self.channel?,
            season: self.season,
            out_of_season: selling.opens.is_some(),
            presale: selling.presale,
        })
    }

    /// The product page shoppers would see; none while it cannot be sold.
    pub fn detail(
        &self,
        seller: &Seller,
        rate: &ExchangeRate,
        clock: &crate::infra::clock::Clock,
    ) -> Option<ProductDetail> {
        if self.variants.is_empty() {
            return None;
        }
        let selling = crate::catalog::selling(self.season, self.presale.clone(), clock);
        Some(ProductDetail {
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            images: self.images.clone(),
            category: self.category.clone(),
            seller: seller.seller.clone(),
            origin_state: self.origin_state.clone(),
            tax_class: self.tax_class?,
            duty_bp: self.duty_bp,
            channel: self.channel?,
            certifications: self.certifications.clone(),
            season: self.season,
            opens: selling.opens,
            sale_starts: crate::catalog::sale_starts(self.sale_starts_at.as_deref(), clock),
            presale: selling.presale,
            variants: self
                .variants
                .iter()
                .map(|v| Variant {
                    sku: v.sku.clone(),
                    label: v.label.clone(),
                    price: Price::from_usd(Money::usd(v.price_usd), rate),
                    stock: v.stock,
                })
                .collect(),
            rate: rate.clone(),
            sold: self.sold,
            returns: Returns::for_root_category(&self.root_category),
            seller_verified_on: seller.verified_on.clone(),
        })
    }
}
