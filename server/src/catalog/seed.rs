//! The starter catalog, shipped in the binary so a new shop has real products.

use serde::Deserialize;
use sqlx::AnyPool;

const STARTER: &str = include_str!("../../seed/catalog.json");

#[derive(Deserialize)]
pub struct Catalog {
    pub categories: Vec<SeedCategory>,
    pub sellers: Vec<SeedSeller>,
    pub products: Vec<SeedProduct>,
}

#[derive(Deserialize)]
pub struct SeedCategory {
    pub slug: String,
    pub parent: Option<String>,
    pub zh: String,
    pub en: String,
}

#[derive(Deserialize)]
pub struct SeedSeller {
    pub slug: String,
    pub zh: String,
    pub en: String,
    pub state: String,
    pub founded: Option<i64>,
    pub verified: bool,
    /// YYYY-MM-DD, when `verified`.
    #[serde(default)]
    pub verified_on: Option<String>,
    pub story_zh: String,
    pub story_en: String,
}

#[derive(Deserialize)]
pub struct SeedProduct {
    pub slug: String,
    pub seller: String,
    pub category: String,
    pub origin: String,
    pub tax_class: String,
    pub channel: String,
    pub certifications: Vec<String>,
    pub season: Option<(u8, u8)>,
    /// Image names: assets/products/NAME.svg, served as /img/p/NAME-400.webp and -800.webp.
    pub images: Vec<String>,
    pub sold: i64,
    pub zh: String,
    pub en: String,
    pub desc_zh: String,
    pub desc_en: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub variants: Vec<SeedVariant>,
}

#[derive(Deserialize)]
pub struct SeedVariant {
    pub sku: String,
    pub zh: String,
    pub en: String,
    pub usd: i64,
    pub stock: i64,
}

pub fn starter() -> Result<Catalog, serde_json::Error> {
    serde_json::from_str(STARTER)
}

/// Loads the starter catalog into an empty shop, once however many
/// processes start together on a fresh database: the check and the load are
/// one transaction under the shop's write lock (`db::begin_write`), so the
/// second process waits and then finds the catalog there. `Some(products)`
/// when this process loaded it.
pub async fn starter_if_empty(pool: &AnyPool) -> Result<Option<usize>, Box<dyn std::error::Error>> {
    let catalog = starter()?;
    let mut tx = crate::infra::db::begin_write(pool).await?;
    crate::infra::db::lock(
        &mut tx,
        crate::infra::db::Row::Mark(crate::catalog::stock::CATALOG_EDITORS),
    )
    .await?;
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
        .fetch_one(&mut *tx)
        .await?;
    if n > 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    insert_in(&mut tx, &catalog).await?;
    tx.commit().await?;
    Ok(Some(catalog.products.len()))
}

pub async fn insert(pool: &AnyPool, c: &Catalog) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    insert_in(&mut tx, c).await?;
    tx.commit().await
}

/// Inserts `c` in the caller's transaction.
async fn insert_in(tx: &mut sqlx::AnyConnection, c: &Catalog) -> Result<(), sqlx::Error> {
    // Parents first, so the tree's foreign keys hold as rows go in.
    let ordered = c
        .categories
        .iter()
        .filter(|x| x.parent.is_none())
        .chain(c.categories.iter().filter(|x| x.parent.is_some()));
    for (i, cat) in ordered.enumerate() {
        sqlx::query("INSERT INTO categories (slug, parent, name_zh, name_en, position) VALUES ($1, $2, $3, $4, $5)")
            .bind(&cat.slug)
            .bind(&cat.parent)
            .bind(&cat.zh)
            .bind(&cat.en)
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
    }
    for s in &c.sellers {
        sqlx::query(
            "INSERT INTO sellers (slug, name_zh, name_en, state, story_zh, story_en, verified, founded, verified_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&s.slug)
        .bind(&s.zh)
        .bind(&s.en)
        .bind(&s.state)
        .bind(&s.story_zh)
        .bind(&s.story_en)
        .bind(i64::from(s.verified))
        .bind(s.founded)
        .bind(s.verified_on.as_deref().filter(|_| s.verified))
        .execute(&mut *tx)
        .await?;
    }
    for p in &c.products {
        // Served as WebP in two widths; the storefront builds the srcset from the 400 one.
        let images: Vec<String> = p
            .images
            .iter()
            .map(|i| format!("/img/p/{i}-400.webp"))
            .collect();
        let id: (i64,) = sqlx::query_as(
            "INSERT INTO products (slug, seller_id, category, name_zh, name_en, desc_zh, desc_en, origin_state,
                 tax_class, channel, certifications, images, season_from, season_to, sold, tags)
             VALUES ($1, (SELECT id FROM sellers WHERE slug = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             RETURNING id",
        )
        .bind(&p.slug)
        .bind(&p.seller)
        .bind(&p.category)
        .bind(&p.zh)
        .bind(&p.en)
        .bind(&p.desc_zh)
        .bind(&p.desc_en)
        .bind(&p.origin)
        .bind(&p.tax_class)
        .bind(&p.channel)
        .bind(serde_json::to_string(&p.certifications).unwrap_or_else(|_| "[]".into()))
        .bind(serde_json::to_string(&images).unwrap_or_else(|_| "[]".into()))
        .bind(p.season.map(|s| i64::from(s.0)))
        .bind(p.season.map(|s| i64::from(s.1)))
        .bind(p.sold)
        .bind(serde_json::to_string(&p.tags).unwrap_or_else(|_| "[]".into()))
        .fetch_one(&mut *tx)
        .await?;
        for (pos, v) in p.variants.iter().enumerate() {
            sqlx::query(
                "INSERT INTO variants (product_id, sku, label_zh, label_en, price_usd, stock, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id.0)
            .bind(&v.sku)
            .bind(&v.zh)
            .bind(&v.en)
            .bind(v.usd)
            .bind(v.stock)
            .bind(pos as i64)
            .execute(&mut *tx)
            .await?;
        }
    }
    // A batch this size is not a few products: serving processes reload.
    crate::catalog::reload::bump(&mut *tx).await
}

/// Adds `n` generated products, made from the starter catalog with other
/// names, packs, prices and stock, for load and size tests. Slugs and SKUs
/// carry a batch number, so running it again adds more instead of failing.
pub async fn generate(pool: &AnyPool, n: usize) -> Result<usize, Box<dyn std::error::Error>> {
    const PACKS: [(&str, &str, i64); 6] = [
        ("家庭装", "Family Pack", 180),
        ("礼盒装", "Gift Box", 150),
        ("尝鲜装", "Trial Size", 60),
        ("量贩装", "Value Pack", 250),
        ("精选", "Select", 120),
        ("经典款", "Classic", 100),
    ];
    let base = starter()?;
    let (batch,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
        .fetch_one(pool)
        .await?;
    let mut products = Vec::with_capacity(n);
    for i in 0..n {
        let b = &base.products[i % base.products.len()];
        let (pack_zh, pack_en, pct) = PACKS[(i / base.products.len()) % PACKS.len()];
        // A cheap, repeatable spread of prices, stock and sales.
        let spread = ((i as i64).wrapping_mul(2_654_435_761) >> 7).rem_euclid(1000);
        products.push(SeedProduct {
            slug: format!("{}-g{batch}-{i}", b.slug),
            seller: b.seller.clone(),
            category: b.category.clone(),
            origin: b.origin.clone(),
            tax_class: b.tax_class.clone(),
            channel: b.channel.clone(),
            certifications: b.certifications.clone(),
            season: b.season,
            images: b.images.clone(),
            sold: spread * 3,
            zh: format!("{} {pack_zh} {}号", b.zh, i),
            en: format!("{} {pack_en} No. {}", b.en, i),
            desc_zh: b.desc_zh.clone(),
            desc_en: b.desc_en.clone(),
            tags: b.tags.clone(),
            variants: b
                .variants
                .iter()
                .enumerate()
                .map(|(k, v)| SeedVariant {
                    sku: format!("{}-G{batch}-{i}", v.sku),
                    zh: format!("{} {pack_zh}", v.zh),
                    en: format!("{} {pack_en}", v.en),
                    usd: (v.usd * pct / 100 + spread).max(100),
                    stock: if (i + k) % 9 == 0 { 0 } else { spread % 300 },
                })
                .collect(),
        });
    }
    let catalog = Catalog {
        categories: Vec::new(),
        sellers: Vec::new(),
        products,
    };
    insert(pool, &catalog).await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use haitao_core::freight::Channel;
    use haitao_core::tax::TaxClass;

    #[test]
    fn starter_catalog_is_complete_and_bilingual() {
        let c = super::starter().expect("starter catalog parses");
        assert!(c.products.len() >= 60 && c.sellers.len() >= 12);
        let skus: std::collections::HashSet<&str> = c
            .products
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.sku.as_str()))
            .collect();
        assert_eq!(
            skus.len(),
            c.products.iter().map(|p| p.variants.len()).sum::<usize>(),
            "SKUs are unique"
        );
        let slugs: std::collections::HashSet<&str> =
            c.products.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs.len(), c.products.len(), "slugs are unique");
        assert!(c.categories.iter().filter(|x| x.parent.is_none()).count() >= 8);
        // Two levels: every child's parent is a top-level category.
        for child in c.categories.iter().filter(|x| x.parent.is_some()) {
            let parent = c
                .categories
                .iter()
                .find(|x| Some(&x.slug) == child.parent.as_ref());
            assert!(parent.is_some_and(|p| p.parent.is_none()), "{}", child.slug);
        }
        for p in &c.products {
            assert!(
                !p.zh.trim().is_empty() && !p.en.trim().is_empty(),
                "{}",
                p.slug
            );
            assert!(
                !p.desc_zh.trim().is_empty() && !p.desc_en.trim().is_empty(),
                "{}",
                p.slug
            );
            assert!(TaxClass::parse(&p.tax_class).is_some(), "{}", p.slug);
            assert!(Channel::parse(&p.channel).is_some(), "{}", p.slug);
            assert!(!p.variants.is_empty(), "{}", p.slug);
            assert!(!p.tags.is_empty(), "{} has no search tags", p.slug);
            assert!(c.sellers.iter().any(|s| s.slug == p.seller), "{}", p.slug);
            assert!(
                c.categories.iter().any(|x| x.slug == p.category),
                "{}",
                p.slug
            );
            for img in &p.images {
                for width in [400, 800] {
                    let path = format!(
                        "{}/../public/img/p/{img}-{width}.webp",
                        env!("CARGO_MANIFEST_DIR")
                    );
                    assert!(
                        std::path::Path::new(&path).is_file(),
                        "missing image {path}"
                    );
                }
            }
        }
    }
}
