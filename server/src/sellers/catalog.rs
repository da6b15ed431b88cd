//! A seller's catalog from the seller centre: the import file uploaded (the
//! command line's import, its checks and guarantees), drafts published, a
//! variant's price and stock changed in place (a farm's cherries sell out by
//! the hour in season), each only on the seller's own products.

use axum::http::StatusCode;
use haitao_core::seller::{
    CatalogProduct, CatalogVariant, ImportProblem, ImportReport, PublishRefusal, PublishReport,
    SellerVariant, VariantChange,
};
use haitao_core::ErrorCode;

use crate::catalog::import::{self, ImportError};
use crate::catalog::publish::{self, PublishError};
use crate::catalog::stock::CatalogWrite;
use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The highest price and stock a variant takes ($10,000; a million units).
pub const MAX_PRICE_CENTS: i64 = 1_000_000;
pub const MAX_STOCK: i64 = 1_000_000;

/// Why an upload was not imported: the file's problems, or an API error.
pub enum Refused {
    Problems(Vec<ImportProblem>),
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Refused::Api(e)
    }
}

/// Imports `text` (`csv` or `json`) as the seller's drafts.
pub async fn import(
    st: &AppState,
    seller_slug: &str,
    text: &str,
    format: &str,
) -> Result<ImportReport, Refused> {
    match import::import_text(&st.db, seller_slug, text, format).await {
        Ok(done) => Ok(ImportReport {
            created: count(done.created),
            updated: count(done.updated),
            unpublished: count(done.unpublished),
            variants: count(done.variants),
        }),
        Err(ImportError::Rows(rows)) => Err(Refused::Problems(
            rows.into_iter()
                .map(|r| ImportProblem {
                    line: count(r.line),
                    issue: r.issue,
                    reason: r.reason,
                })
                .collect(),
        )),
        Err(ImportError::Db(e)) => Err(ApiError::from(e).into()),
        Err(other) => Err(ApiError::bad_request(other.to_string()).into()),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Publishes the seller's drafts (or the one named) that can be sold.
pub async fn publish(
    st: &AppState,
    seller_slug: &str,
    product: Option<&str>,
) -> ApiResult<PublishReport> {
    let done = publish::publish(&st.db, seller_slug, product)
        .await
        .map_err(|e| match e {
            PublishError::NoProduct { .. } => ApiError::not_found("product").field("product"),
            PublishError::NoSeller(_) => ApiError::not_found("seller"),
            PublishError::Db(e) => ApiError::from(e),
        })?;
    Ok(PublishReport {
        published: done.published,
        unchanged: done.unchanged,
        refused: done
            .refused
            .into_iter()
            .map(|(product, issues)| PublishRefusal { product, issues })
            .collect(),
    })
}

/// Changes the price or stock of variant `sku` of the seller's; 404 for
/// another seller's. Shoppers see it at once: the listing follows.
pub async fn change_variant(
    st: &AppState,
    seller: i64,
    sku: &str,
    change: &VariantChange,
) -> ApiResult<SellerVariant> {
    let invalid = |field: &str, message: &str| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidVariant,
            message,
        )
        .field(field)
    };
    if let Some(p) = change.price_usd_cents {
        if !(1..=MAX_PRICE_CENTS).contains(&p) {
            return Err(invalid("price_usd_cents", "a price from 1 cent to $10,000"));
        }
    }
    if let Some(s) = change.stock {
        if !(0..=MAX_STOCK).contains(&s) {
            return Err(invalid("stock", "a stock from 0 to 1,000,000 units"));
        }
    }
    let mut tx = CatalogWrite::begin_editing(&st.db).await?;
    let Some(product) = tx.own_variant(seller, sku).await? else {
        tx.rollback().await?;
        return Err(ApiError::not_found("variant"));
    };
    let variant = tx
        .set_variant(product, sku, change.price_usd_cents, change.stock)
        .await?;
    tx.commit(&st.db, st.listing()).await?;
    tracing::info!(seller, sku, "variant changed by its seller");
    Ok(SellerVariant {
        sku: sku.to_owned(),
        price_usd_cents: variant.0,
        stock: variant.1,
    })
}

/// The seller's products, drafts and on sale, best selling first, with each
/// variant's price and stock and what the preview points out.
pub async fn list(st: &AppState, seller: i64) -> ApiResult<Vec<CatalogProduct>> {
    let drafts = crate::catalog::preview::drafts::products(&st.db, seller, None).await?;
    Ok(drafts
        .into_iter()
        .map(|d| CatalogProduct {
            issues: d.issues(),
            variants: d
                .variants
                .into_iter()
                .map(|v| CatalogVariant {
                    sku: v.sku,
                    label: v.label,
                    price_usd_cents: v.price_usd,
                    stock: v.stock,
                })
                .collect(),
            presale: d.presale,
            slug: d.slug,
            name: d.name,
            status: d.status,
            sold: d.sold,
        })
        .collect())
}

/// The seller cannot fill `slug`'s pre-sale: it stops selling and its
/// buyers are refunded (`orders::presale`). Another seller's product, or one
/// with no pre-sale: 404.
pub async fn end_presale(
    st: &AppState,
    seller: i64,
    slug: &str,
) -> ApiResult<haitao_core::seller::PresaleEnded> {
    let done = crate::orders::presale::unfilled(
        &st.db,
        &st.clock,
        st.payments.as_ref(),
        Some(st.listing()),
        slug,
        Some(seller),
    )
    .await?;
    tracing::info!(
        seller,
        product = slug,
        "pre-sale ended unfilled by its seller"
    );
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(haitao_core::seller::PresaleEnded {
        closed: count(done.closed.len()),
        refunded: count(done.refunded.len()),
        kept: count(done.kept.len()),
    })
}
