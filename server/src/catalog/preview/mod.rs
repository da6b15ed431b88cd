//! Sellers' previews: their storefront with drafts, behind a signed token.

pub mod drafts;
pub mod token;

use haitao_core::api::{
    Facets, PreviewItem, ProductList, ProductPreview, ProductStatus, SellerPreview, SellerProfile,
};
use haitao_core::preview::Issue;
use haitao_core::ExchangeRate;
use sqlx::AnyPool;

use crate::infra::error::{ApiError, ApiResult};

/// Cards in the previewed storefront: a large catalog's preview stays light
/// on a phone; the report still lists every product.
pub const PREVIEW_CARDS: usize = 60;

/// The seller's storefront as shoppers would see it with every showable
/// product published, and the report of each product.
pub async fn seller(
    pool: &AnyPool,
    rate: &ExchangeRate,
    clock: &crate::infra::clock::Clock,
    slug: &str,
    grant: &token::Grant,
) -> ApiResult<SellerPreview> {
    // The token was checked against this slug, so the seller exists.
    let s = drafts::seller(pool, slug)
        .await?
        .ok_or_else(|| ApiError::not_found("seller"))?;
    let mut products = drafts::products(pool, s.id, None).await?;
    // Drafts first (a stable sort keeps shoppers' order within each group):
    // they are what the seller came to check, in the storefront and the report.
    products.sort_by_key(|p| p.status != ProductStatus::Draft);
    let cards: Vec<_> = products
        .iter()
        .filter_map(|p| p.card(&s.seller, rate, clock))
        .take(PREVIEW_CARDS)
        .collect();
    let items = products
        .iter()
        .map(|p| {
            let issues = p.issues();
            PreviewItem {
                slug: p.slug.clone(),
                status: p.status,
                name: p.name.clone(),
                // What stops publishing is exactly what stops a card being shown.
                showable: !issues.iter().any(Issue::blocks_publish),
                issues,
            }
        })
        .collect();
    Ok(SellerPreview {
        seller_issues: s.issues(),
        profile: SellerProfile {
            products: ProductList {
                total: cards.len() as i64,
                per_page: cards.len() as u32,
                page: 1,
                items: cards,
                rate: rate.clone(),
                facets: Facets::default(),
            },
            seller: s.seller,
            story: s.story,
            founded: s.founded,
            verified_on: s.verified_on,
            verified_by: None,
        },
        items,
        expires_at: token::rfc3339(grant.expires_at),
    })
}

/// One of the seller's products, draft or not (404 when it is not the
/// seller's, or cannot be shown yet).
pub async fn product(
    pool: &AnyPool,
    rate: &ExchangeRate,
    clock: &crate::infra::clock::Clock,
    seller: &str,
    slug: &str,
) -> ApiResult<ProductPreview> {
    let s = drafts::seller(pool, seller)
        .await?
        .ok_or_else(|| ApiError::not_found("seller"))?;
    let p = drafts::products(pool, s.id, Some(slug))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found("product"))?;
    Ok(ProductPreview {
        status: p.status,
        issues: p.issues(),
        product: p
            .detail(&s, rate, clock)
            .ok_or_else(|| ApiError::not_found("product"))?,
    })
}
