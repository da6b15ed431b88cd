//! `haitao-server publish`: a seller's drafts go on sale, those that can be
//! sold (variants, tax class and channel set). Translation gaps do not stop
//! publishing: shoppers see the other language, marked.

use haitao_core::api::ProductStatus;
use haitao_core::preview::Issue;
use sqlx::AnyPool;

use crate::catalog::preview::drafts;
use crate::catalog::stock::CatalogWrite;

#[derive(Debug, Default)]
pub struct Published {
    pub published: Vec<String>,
    /// Already on sale.
    pub unchanged: Vec<String>,
    /// Not published, with what stops each.
    pub refused: Vec<(String, Vec<Issue>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("no seller {0:?}")]
    NoSeller(String),
    #[error("seller {seller:?} has no product {product:?}")]
    NoProduct { seller: String, product: String },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub async fn publish(
    pool: &AnyPool,
    seller: &str,
    product: Option<&str>,
) -> Result<Published, PublishError> {
    let s = drafts::seller(pool, seller)
        .await?
        .ok_or_else(|| PublishError::NoSeller(seller.to_owned()))?;
    let products = drafts::products(pool, s.id, product).await?;
    if let (Some(p), true) = (product, products.is_empty()) {
        return Err(PublishError::NoProduct {
            seller: seller.to_owned(),
            product: p.to_owned(),
        });
    }
    let mut out = Published::default();
    let mut tx = CatalogWrite::begin_editing(pool).await?;
    tx.hold_seller(s.id).await?;
    let mut changed = Vec::new();
    for p in products {
        if p.status == ProductStatus::Published {
            out.unchanged.push(p.slug);
            continue;
        }
        let blocking: Vec<Issue> = p
            .issues()
            .into_iter()
            .filter(Issue::blocks_publish)
            .collect();
        if !blocking.is_empty() {
            out.refused.push((p.slug, blocking));
            continue;
        }
        sqlx::query("UPDATE products SET status = 'published' WHERE id = $1 AND status = 'draft'")
            .bind(p.id)
            .execute(&mut *tx)
            .await?;
        changed.push(p.id);
        out.published.push(p.slug);
    }
    tx.products_changed(&changed).await?;
    // A command of its own: the serving processes' listings follow.
    tx.commit_elsewhere().await?;
    Ok(out)
}
