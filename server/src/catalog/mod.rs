//! The catalog: what sellers list and shoppers find. Here, reading it
//! (categories, listings, product detail, the variants a cart names; shoppers
//! see only published products); beside it, the in-memory index every listing
//! reads (`search/`), the one writer of stock and sales that keeps the index in
//! step (`stock.rs`, `reload.rs` for the other processes), sellers' imports,
//! drafts and publishing (`import/`, `preview/`, `publish.rs`), the exchange
//! rate (`rate.rs`) and the starter catalog (`seed.rs`).

pub mod import;
pub mod preview;
pub mod publish;
pub mod rate;
pub mod reload;
pub mod rows;
pub mod search;
pub mod seed;
pub mod stock;

use axum::http::StatusCode;
use haitao_core::api::{
    Category, ProductDetail, ProductList, ProductQuery, Season, SellerProfile, SellerRef, Variant,
};
use haitao_core::freight::Channel;
use haitao_core::money::{Money, Price};
use haitao_core::tax::TaxClass;
use haitao_core::text::L10n;
use haitao_core::{ErrorCode, ExchangeRate};
use sqlx::AnyPool;

use crate::catalog::rows::{ProductRow, SellerColumns, VariantRow};
use crate::catalog::search::{Search, SharedIndex, Sort};
use crate::infra::error::{ApiError, ApiResult};

/// Listing page sizes are clamped to this range (documented in the OpenAPI
/// document): a phone never wants more, and a scraper gets no more.
pub const PER_PAGE_MAX: u32 = 60;
pub const PER_PAGE_DEFAULT: u32 = 24;
pub const QUERY_MAX_CHARS: usize = 100;

fn channel(s: &str) -> ApiResult<Channel> {
    Channel::parse(s)
        .ok_or_else(|| ApiError::from(sqlx::Error::Decode(format!("channel {s}").into())))
}

/// A stored duty rate (basis points); anything out of range is unknown.
fn duty(bp: Option<i64>) -> Option<u32> {
    bp.and_then(|b| u32::try_from(b).ok())
}

fn tax_class(s: &str) -> ApiResult<TaxClass> {
    TaxClass::parse(s)
        .ok_or_else(|| ApiError::from(sqlx::Error::Decode(format!("tax class {s}").into())))
}

fn first_image(json: &str) -> String {
    serde_json::from_str::<Vec<String>>(json)
        .ok()
        .and_then(|v| v.into_iter().next())
        .unwrap_or_default()
}

/// The category tree with its published product counts, counted from the
/// index's sets.
pub fn categories(index: &SharedIndex) -> ApiResult<Vec<Category>> {
    Ok(index.read().categories())
}

/// The category tree from the database, for the index to load (which
/// counts the products).
pub async fn load_categories(pool: &AnyPool) -> Result<Vec<Category>, sqlx::Error> {
    let rows: Vec<CategoryRow> =
        sqlx::query_as("SELECT slug, parent, name_zh, name_en FROM categories ORDER BY position")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| Category {
            slug: r.slug,
            parent: r.parent,
            name: L10n::new(r.name_zh, r.name_en),
            product_count: 0,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct CategoryRow {
    slug: String,
    parent: Option<String>,
    name_zh: String,
    name_en: String,
}

fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidQuery, message).field(field)
}

fn sort(s: Option<&str>) -> ApiResult<Sort> {
    Ok(match s.unwrap_or("relevance") {
        "relevance" => Sort::Relevance,
        "popular" => Sort::Popular,
        "newest" => Sort::Newest,
        "price_asc" => Sort::PriceAsc,
        "price_desc" => Sort::PriceDesc,
        _ => {
            return Err(invalid(
                "sort",
                "sort must be relevance, popular, newest, price_asc or price_desc",
            ))
        }
    })
}

/// The month in China now, for "in season" (the listing's filter, read
/// from the in-memory index, goes by the wall clock).
pub fn month_in_china() -> u8 {
    crate::infra::clock::Clock::default()
        .year_month_in_china()
        .1
}

/// When an out-of-season product's next season opens (`None`: on sale).
pub fn opens(
    season: Option<Season>,
    clock: &crate::infra::clock::Clock,
) -> Option<haitao_core::api::YearMonth> {
    let (year, month) = clock.year_month_in_china();
    season?.next_opening(year, month)
}

/// Checks the listing parameters (bad ones: 400; `per_page` clamped to
/// 1..=60) and answers from the in-memory index.
pub fn list(index: &SharedIndex, rate: &ExchangeRate, p: &ProductQuery) -> ApiResult<ProductList> {
    let page = p.page.unwrap_or(1);
    if page == 0 || page > 10_000 {
        return Err(invalid("page", "page is from 1 to 10000"));
    }
    let q = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > QUERY_MAX_CHARS) {
        return Err(invalid("q", "q is at most 100 characters"));
    }
    if let (Some(min), Some(max)) = (p.min, p.max) {
        if min > max {
            return Err(invalid("min", "min is above max"));
        }
    }
    let search = Search {
        q,
        category: p.category.as_deref().filter(|c| !c.is_empty()),
        seller: p.seller.as_deref().filter(|c| !c.is_empty()),
        origin: p.origin.as_deref().filter(|c| !c.is_empty()),
        min_fen: p.min.map(|y| i64::from(y) * 100),
        max_fen: p.max.map(|y| i64::from(y) * 100),
        in_stock: p.in_stock.unwrap_or(false),
        in_season: p.in_season.unwrap_or(false).then(month_in_china),
        sort: sort(p.sort.as_deref())?,
        page,
        per_page: p
            .per_page
            .unwrap_or(PER_PAGE_DEFAULT)
            .clamp(1, PER_PAGE_MAX),
    };
    let mut list = index.read().search(&search, rate);
    // Out of season and pre-sales are this month's and day's, not the
    // index's: marked per answer.
    let clock = crate::infra::clock::Clock::default();
    let (today, month) = (clock.today_in_china(), clock.year_month_in_china().1);
    for card in &mut list.items {
        card.presale = card.presale.take().filter(|w| w.ahead(&today));
        card.out_of_season =
            card.presale.is_none() && card.season.is_some_and(|s| !s.contains(month));
    }
    Ok(list)
}

/// Whether a product of `season` with a pre-sale `window` is sold today.
pub struct Selling {
    /// Not sold until its next season opens (out of season, no pre-sale).
    pub opens: Option<haitao_core::api::YearMonth>,
    /// Sold ahead of its season, shipped in this window, until the window's
    /// first day (from then it sells as any other).
    pub presale: Option<haitao_core::api::ShipWindow>,
}

pub fn selling(
    season: Option<Season>,
    window: Option<haitao_core::api::ShipWindow>,
    clock: &crate::infra::clock::Clock,
) -> Selling {
    let presale = window.filter(|w| w.ahead(&clock.today_in_china()));
    let opens = match presale {
        Some(_) => None,
        None => opens(season, clock),
    };
    Selling { opens, presale }
}

/// A drop's start while it is ahead (`None` once it has come).
pub fn sale_starts(
    at: Option<&str>,
    clock: &crate::infra::clock::Clock,
) -> Option<haitao_core::api::SaleStart> {
    let at = at?;
    let now = clock.stamp();
    (at > now.as_str()).then(|| haitao_core::api::SaleStart {
        at: at.to_owned(),
        now,
    })
}

/// The product page's row: the product, its seller, what the page adds.
#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    product: ProductRow,
    #[sqlx(flatten)]
    seller: SellerColumns,
    verified_on: Option<String>,
    root_category: String,
}

pub async fn detail(
    pool: &AnyPool,
    rate: &ExchangeRate,
    clock: &crate::infra::clock::Clock,
    slug: &str,
) -> ApiResult<ProductDetail> {
    let row: DetailRow = sqlx::query_as(&format!(
        "SELECT {}, {}, s.verified_on, COALESCE(c.parent, p.category) AS root_category
         FROM products p JOIN sellers s ON s.id = p.seller_id LEFT JOIN categories c ON c.slug = p.category
         WHERE p.slug = $1 AND p.status = 'published'",
        ProductRow::COLUMNS,
        SellerColumns::COLUMNS
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| ApiError::not_found("product"))?;
    let variants: Vec<VariantRow> = sqlx::query_as(&format!(
        "SELECT {} FROM variants v WHERE v.product_id = $1 ORDER BY v.position",
        VariantRow::COLUMNS
    ))
    .bind(row.product.id)
    .fetch_all(pool)
    .await?;
    let DetailRow {
        product: p,
        seller,
        verified_on,
        root_category,
    } = row;
    let selling = selling(p.season(), p.presale(), clock);
    Ok(ProductDetail {
        tax_class: tax_class(&p.tax_class)?,
        duty_bp: duty(p.duty_bp),
        channel: channel(&p.channel)?,
        images: serde_json::from_str(&p.images)?,
        certifications: serde_json::from_str(&p.certifications)?,
        season: p.season(),
        opens: selling.opens,
        sale_starts: sale_starts(p.sale_starts_at.as_deref(), clock),
        presale: selling.presale,
        name: p.name(),
        description: p.description(),
        slug: p.slug,
        category: p.category,
        seller_verified_on: verified_on.filter(|_| seller.seller_verified != 0),
        seller: seller.to_ref(),
        origin_state: p.origin_state,
        variants: variants
            .iter()
            .map(|v| Variant {
                sku: v.sku.clone(),
                label: v.label(),
                price: Price::from_usd(Money::usd(v.price_usd), rate),
                stock: v.stock,
            })
            .collect(),
        rate: rate.clone(),
        sold: p.sold,
        returns: haitao_core::trust::Returns::for_root_category(&root_category),
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
    pub duty_bp: Option<i64>,
    pub channel: String,
    pub season_from: Option<i64>,
    pub season_to: Option<i64>,
    pub sale_starts_at: Option<String>,
    pub presale_from: Option<String>,
    pub presale_to: Option<String>,
    #[sqlx(flatten)]
    pub seller: SellerColumns,
}

impl CartVariant {
    pub fn seller(&self) -> SellerRef {
        self.seller.to_ref()
    }
    pub fn duty_bp(&self) -> Option<u32> {
        duty(self.duty_bp)
    }
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
pub async fn cart_variants(pool: &AnyPool, skus: &[&str]) -> ApiResult<Vec<CartVariant>> {
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = crate::infra::db::placeholders(1, skus.len());
    let sql = format!(
        "SELECT v.sku, p.slug AS product_slug, p.name_zh, p.name_en, v.label_zh, v.label_en, p.images,
                v.price_usd, v.stock, p.tax_class, p.duty_bp, p.channel, p.season_from, p.season_to, p.sale_starts_at,
                p.presale_from, p.presale_to, {}
         FROM variants v JOIN products p ON p.id = v.product_id JOIN sellers s ON s.id = p.seller_id
         WHERE p.status = 'published' AND v.sku IN ({placeholders})",
        SellerColumns::COLUMNS
    );
    let mut query = sqlx::query_as::<_, CartVariant>(&sql);
    for sku in skus {
        query = query.bind(*sku);
    }
    Ok(query.fetch_all(pool).await?)
}

/// A seller's profile and the first page of its products.
pub async fn seller(
    pool: &AnyPool,
    index: &SharedIndex,
    rate: &ExchangeRate,
    slug: &str,
    p: &ProductQuery,
) -> ApiResult<SellerProfile> {
    let row: SellerRow = sqlx::query_as(&format!(
        "SELECT {}, s.story_zh, s.story_en, s.founded, s.verified_on, s.verified_note
         FROM sellers s WHERE s.slug = $1",
        SellerColumns::COLUMNS
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| ApiError::not_found("seller"))?;
    let products = list(
        index,
        rate,
        &ProductQuery {
            seller: Some(row.seller.seller_slug.clone()),
            category: None,
            q: None,
            ..p.clone()
        },
    )?;
    let verified = row.seller.seller_verified != 0;
    Ok(SellerProfile {
        seller: row.seller.to_ref(),
        story: L10n::new(row.story_zh, row.story_en),
        founded: row.founded,
        verified_on: row.verified_on.filter(|_| verified),
        verified_by: row
            .verified_note
            .filter(|n| verified && !n.trim().is_empty()),
        products,
    })
}

/// A seller's page's row.
#[derive(sqlx::FromRow)]
struct SellerRow {
    #[sqlx(flatten)]
    seller: SellerColumns,
    story_zh: String,
    story_en: String,
    founded: Option<i64>,
    verified_on: Option<String>,
    verified_note: Option<String>,
}
