//! Reading the catalog: categories, product listings, product detail, and the
//! variants a cart names. Shoppers only ever see published products.

use haitao_core::api::{Category, ProductCard, ProductDetail, ProductList, ProductQuery, SellerRef, Variant};
use haitao_core::freight::Channel;
use haitao_core::money::{Money, Price};
use haitao_core::tax::TaxClass;
use haitao_core::text::L10n;
use haitao_core::{ErrorCode, ExchangeRate};
use sqlx::SqlitePool;

use crate::error::{ApiError, ApiResult};

/// Listing page sizes are clamped to this range (documented in the OpenAPI
/// document): a phone never wants more, and a scraper gets no more.
pub const PER_PAGE_MAX: u32 = 60;
pub const PER_PAGE_DEFAULT: u32 = 24;
pub const QUERY_MAX_CHARS: usize = 100;

#[derive(sqlx::FromRow)]
struct CardRow {
    slug: String,
    name_zh: String,
    name_en: String,
    images: String,
    category: String,
    origin_state: String,
    channel: String,
    seller_slug: String,
    seller_zh: String,
    seller_en: String,
    seller_state: String,
    verified: bool,
    min_usd: i64,
    stock: i64,
}

fn channel(s: &str) -> ApiResult<Channel> {
    Channel::parse(s).ok_or_else(|| ApiError::from(sqlx::Error::Decode(format!("channel {s}").into())))
}

fn tax_class(s: &str) -> ApiResult<TaxClass> {
    TaxClass::parse(s).ok_or_else(|| ApiError::from(sqlx::Error::Decode(format!("tax class {s}").into())))
}

fn first_image(json: &str) -> String {
    serde_json::from_str::<Vec<String>>(json).ok().and_then(|v| v.into_iter().next()).unwrap_or_default()
}

impl CardRow {
    fn into_card(self, rate: &ExchangeRate) -> ApiResult<ProductCard> {
        Ok(ProductCard {
            image: first_image(&self.images),
            channel: channel(&self.channel)?,
            slug: self.slug,
            name: L10n::new(self.name_zh, self.name_en),
            category: self.category,
            seller: SellerRef {
                slug: self.seller_slug,
                name: L10n::new(self.seller_zh, self.seller_en),
                state: self.seller_state,
                verified: self.verified,
            },
            origin_state: self.origin_state,
            price: Price::from_usd(Money::usd(self.min_usd), rate),
            in_stock: self.stock > 0,
        })
    }
}

pub async fn categories(pool: &SqlitePool) -> ApiResult<Vec<Category>> {
    let rows: Vec<(String, Option<String>, String, String, i64)> = sqlx::query_as(
        "SELECT c.slug, c.parent, c.name_zh, c.name_en,
                (SELECT COUNT(*) FROM products p WHERE p.status = 'published'
                   AND (p.category = c.slug OR p.category IN (SELECT slug FROM categories k WHERE k.parent = c.slug)))
         FROM categories c ORDER BY c.position",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, parent, zh, en, product_count)| Category { slug, parent, name: L10n::new(zh, en), product_count })
        .collect())
}

const CARD_SELECT: &str = "SELECT p.slug, p.name_zh, p.name_en, p.images, p.category, p.origin_state, p.channel,
        s.slug AS seller_slug, s.name_zh AS seller_zh, s.name_en AS seller_en, s.state AS seller_state, s.verified,
        (SELECT MIN(v.price_usd) FROM variants v WHERE v.product_id = p.id) AS min_usd,
        (SELECT COALESCE(SUM(v.stock), 0) FROM variants v WHERE v.product_id = p.id) AS stock
    FROM products p JOIN sellers s ON s.id = p.seller_id";

const LIST_WHERE: &str = " WHERE p.status = 'published'
    AND (?1 IS NULL OR p.category = ?1 OR p.category IN (SELECT slug FROM categories WHERE parent = ?1))
    AND (?2 IS NULL OR s.slug = ?2)
    AND (?3 IS NULL OR p.name_zh LIKE ?3 ESCAPE '\\' OR p.name_en LIKE ?3 ESCAPE '\\'
         OR s.name_zh LIKE ?3 ESCAPE '\\' OR s.name_en LIKE ?3 ESCAPE '\\')";

/// Checks and normalises listing parameters; bad ones are refused with 400.
fn order_by(sort: Option<&str>) -> ApiResult<&'static str> {
    Ok(match sort.unwrap_or("popular") {
        "popular" => " ORDER BY p.sold DESC, p.id",
        "newest" => " ORDER BY p.created_at DESC, p.id DESC",
        "price_asc" => " ORDER BY min_usd ASC, p.id",
        "price_desc" => " ORDER BY min_usd DESC, p.id",
        _ => {
            return Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                ErrorCode::InvalidQuery,
                "sort must be popular, newest, price_asc or price_desc",
            )
            .field("sort"))
        }
    })
}

fn like_pattern(q: &str) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

pub async fn list(pool: &SqlitePool, rate: &ExchangeRate, p: &ProductQuery) -> ApiResult<ProductList> {
    let page = p.page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::new(axum::http::StatusCode::BAD_REQUEST, ErrorCode::InvalidQuery, "page starts at 1")
            .field("page"));
    }
    let per_page = p.per_page.unwrap_or(PER_PAGE_DEFAULT).clamp(1, PER_PAGE_MAX);
    let q = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > QUERY_MAX_CHARS) {
        return Err(ApiError::new(axum::http::StatusCode::BAD_REQUEST, ErrorCode::InvalidQuery, "q is too long")
            .field("q"));
    }
    let order = order_by(p.sort.as_deref())?;
    let pattern = q.map(like_pattern);
    let offset = i64::from(page - 1) * i64::from(per_page);

    let sql = format!("{CARD_SELECT}{LIST_WHERE}{order} LIMIT ?4 OFFSET ?5");
    let rows: Vec<CardRow> = sqlx::query_as(&sql)
        .bind(p.category.as_deref())
        .bind(p.seller.as_deref())
        .bind(pattern.as_deref())
        .bind(i64::from(per_page))
        .bind(offset)
        .fetch_all(pool)
        .await?;
    let count_sql = format!("SELECT COUNT(*) FROM products p JOIN sellers s ON s.id = p.seller_id{LIST_WHERE}");
    let (total,): (i64,) = sqlx::query_as(&count_sql)
        .bind(p.category.as_deref())
        .bind(p.seller.as_deref())
        .bind(pattern.as_deref())
        .fetch_one(pool)
        .await?;
    let items = rows.into_iter().map(|r| r.into_card(rate)).collect::<ApiResult<_>>()?;
    Ok(ProductList { items, total, page, per_page, rate: rate.clone() })
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: i64,
    slug: String,
    name_zh: String,
    name_en: String,
    desc_zh: String,
    desc_en: String,
    images: String,
    category: String,
    origin_state: String,
    tax_class: String,
    channel: String,
    certifications: String,
    seller_slug: String,
    seller_zh: String,
    seller_en: String,
    seller_state: String,
    verified: bool,
}

pub async fn detail(pool: &SqlitePool, rate: &ExchangeRate, slug: &str) -> ApiResult<ProductDetail> {
    let row: DetailRow = sqlx::query_as(
        "SELECT p.id, p.slug, p.name_zh, p.name_en, p.desc_zh, p.desc_en, p.images, p.category, p.origin_state,
                p.tax_class, p.channel, p.certifications,
                s.slug AS seller_slug, s.name_zh AS seller_zh, s.name_en AS seller_en, s.state AS seller_state, s.verified
         FROM products p JOIN sellers s ON s.id = p.seller_id
         WHERE p.slug = ? AND p.status = 'published'",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| ApiError::not_found("product"))?;
    let variants: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT sku, label_zh, label_en, price_usd, stock FROM variants WHERE product_id = ? ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(pool)
    .await?;
    Ok(ProductDetail {
        tax_class: tax_class(&row.tax_class)?,
        channel: channel(&row.channel)?,
        images: serde_json::from_str(&row.images)?,
        certifications: serde_json::from_str(&row.certifications)?,
        slug: row.slug,
        name: L10n::new(row.name_zh, row.name_en),
        description: L10n::new(row.desc_zh, row.desc_en),
        category: row.category,
        seller: SellerRef {
            slug: row.seller_slug,
            name: L10n::new(row.seller_zh, row.seller_en),
            state: row.seller_state,
            verified: row.verified,
        },
        origin_state: row.origin_state,
        variants: variants
            .into_iter()
            .map(|(sku, zh, en, usd, stock)| Variant {
                sku,
                label: L10n::new(zh, en),
                price: Price::from_usd(Money::usd(usd), rate),
                stock,
            })
            .collect(),
        rate: rate.clone(),
    })
}

/// A variant as a cart line needs it for pricing.
#[derive(sqlx::FromRow, Debug)]
pub struct CartVariant {
    pub sku: String,
    pub product_slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub label_zh: String,
    pub label_en: String,
    pub images: String,
    pub price_usd: i64,
    pub stock: i64,
    pub tax_class: String,
    pub channel: String,
}

impl CartVariant {
    pub fn tax_class(&self) -> ApiResult<TaxClass> {
        tax_class(&self.tax_class)
    }
    pub fn channel(&self) -> ApiResult<Channel> {
        channel(&self.channel)
    }
    pub fn image(&self) -> String {
        first_image(&self.images)
    }
}

/// The published variants with these SKUs (unknown or draft ones are absent).
pub async fn cart_variants(pool: &SqlitePool, skus: &[&str]) -> ApiResult<Vec<CartVariant>> {
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = vec!["?"; skus.len()].join(",");
    let sql = format!(
        "SELECT v.sku, p.slug AS product_slug, p.name_zh, p.name_en, v.label_zh, v.label_en, p.images,
                v.price_usd, v.stock, p.tax_class, p.channel
         FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.status = 'published' AND v.sku IN ({placeholders})"
    );
    let mut query = sqlx::query_as::<_, CartVariant>(&sql);
    for sku in skus {
        query = query.bind(*sku);
    }
    Ok(query.fetch_all(pool).await?)
}
