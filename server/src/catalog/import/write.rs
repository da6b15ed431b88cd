//! Writes checked products in one transaction: all or nothing.

use sqlx::AnyPool;

use super::check::Product;
use super::Imported;
use crate::catalog::stock::CatalogWrite;

pub async fn write(
    pool: &AnyPool,
    seller_id: i64,
    products: &[Product],
) -> Result<Imported, sqlx::Error> {
    let mut done = Imported::default();
    let mut tx = CatalogWrite::begin_editing(pool).await?;
    tx.hold_seller(seller_id).await?;
    let mut withdrawn = Vec::new();
    for p in products {
        let before: Option<(i64, String)> =
            sqlx::query_as("SELECT id, status FROM products WHERE slug = $1")
                .bind(&p.slug)
                .fetch_optional(&mut *tx)
                .await?;
        let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO products (slug, seller_id, category, name_zh, name_en, desc_zh, desc_en, origin_state,
                                   tax_class, channel, certifications, images, season_from, season_to, tags, duty_bp,
                                   sale_starts_at, presale_from, presale_to, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 'draft')
             ON CONFLICT(slug) DO UPDATE SET
                category = excluded.category, name_zh = excluded.name_zh, name_en = excluded.name_en,
                desc_zh = excluded.desc_zh, desc_en = excluded.desc_en, origin_state = excluded.origin_state,
                tax_class = excluded.tax_class, channel = excluded.channel,
                certifications = excluded.certifications, images = excluded.images,
                season_from = excluded.season_from, season_to = excluded.season_to, tags = excluded.tags,
                duty_bp = excluded.duty_bp, sale_starts_at = excluded.sale_starts_at,
                presale_from = excluded.presale_from, presale_to = excluded.presale_to, status = 'draft'
             WHERE products.seller_id = excluded.seller_id
             RETURNING id",
        )
        .bind(&p.slug)
        .bind(seller_id)
        .bind(&p.category)
        .bind(&p.name.0)
        .bind(&p.name.1)
        .bind(&p.description.0)
        .bind(&p.description.1)
        .bind(&p.origin_state)
        .bind(&p.tax_class)
        .bind(&p.channel)
        .bind(json(&p.certifications))
        .bind(json(&p.images))
        .bind(p.season.map(|s| i64::from(s.0)))
        .bind(p.season.map(|s| i64::from(s.1)))
        .bind(json(&p.tags))
        .bind(p.duty_bp.map(i64::from))
        .bind(p.sale_starts.as_deref())
        .bind(p.presale.as_ref().map(|w| w.from.as_str()))
        .bind(p.presale.as_ref().map(|w| w.to.as_str()))
        .fetch_one(&mut *tx)
        .await?;
        match before {
            None => done.created += 1,
            Some((_, status)) => {
                done.updated += 1;
                if status == "published" {
                    done.unpublished += 1;
                    withdrawn.push(id);
                }
            }
        }
        // The file is the truth for the product's variants: those it no
        // longer names go (orders keep their own copy of what was bought).
        let had: Vec<(String,)> = sqlx::query_as("SELECT sku FROM variants WHERE product_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        for (sku,) in had {
            if !p.variants.iter().any(|v| v.sku == sku) {
                sqlx::query("DELETE FROM variants WHERE product_id = $1 AND sku = $2")
                    .bind(id)
                    .bind(&sku)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for (position, v) in p.variants.iter().enumerate() {
            sqlx::query(
                "INSERT INTO variants (product_id, sku, label_zh, label_en, price_usd, stock, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT(sku) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en,
                    price_usd = excluded.price_usd, stock = excluded.stock, position = excluded.position
                 WHERE variants.product_id = excluded.product_id",
            )
            .bind(id)
            .bind(&v.sku)
            .bind(&v.label.0)
            .bind(&v.label.1)
            .bind(v.price_cents)
            .bind(v.stock)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
            done.variants += 1;
        }
    }
    tx.products_changed(&withdrawn).await?;
    // A command of its own: the serving processes' listings follow.
    tx.commit_elsewhere().await?;
    Ok(done)
}
