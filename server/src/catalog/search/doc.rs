//! One published product as the index holds it: the card a listing shows,
//! and the figures filters and orders read. Its texts are not kept; they are
//! cut into tokens (tokens.rs) when it is added.

use haitao_core::api::ProductCard;
use haitao_core::freight::Channel;
use haitao_core::money::{Money, Price};
use haitao_core::ExchangeRate;

use super::text;
use super::tokens::{ProductTexts, Tokenizer};
use crate::catalog::rows::{ProductRow, SellerColumns};

pub struct Doc {
    /// The product's id in the database.
    pub id: i64,
    pub card: ProductCard,
    pub parent_category: Option<String>,
    pub min_fen: i64,
    pub sold: i64,
    pub created_at: String,
    /// Folded name in both languages, for the whole-query bonus; moved to
    /// `Docs` when the document is put there.
    pub name: Box<str>,
    /// Interned in `Names`, so filters and facets compare integers.
    pub seller_id: u32,
    pub origin_id: u32,
}

/// A product as the index reads it: the product, its seller, and what a
/// listing adds (tags, the parent category, the cheapest variant, the units
/// left).
#[derive(sqlx::FromRow)]
pub struct Row {
    #[sqlx(flatten)]
    product: ProductRow,
    #[sqlx(flatten)]
    seller: SellerColumns,
    tags: String,
    parent: Option<String>,
    created_at: String,
    min_usd: Option<i64>,
    stock: i64,
}

/// The published products matching `filter` (an SQL condition on `p`).
pub fn load_sql(filter: &str) -> String {
    format!(
        "SELECT {}, {}, p.tags, c.parent, p.created_at,
            (SELECT MIN(v.price_usd) FROM variants v WHERE v.product_id = p.id) AS min_usd,
            (SELECT CAST(COALESCE(SUM(v.stock), 0) AS BIGINT) FROM variants v WHERE v.product_id = p.id) AS stock
        FROM products p JOIN sellers s ON s.id = p.seller_id JOIN categories c ON c.slug = p.category
        WHERE p.status = 'published' AND ({filter})
        ORDER BY p.id",
        ProductRow::COLUMNS,
        SellerColumns::COLUMNS
    )
}

fn words_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Row {
    /// The document, its tokens given to `emit`; `None`, and no tokens, for
    /// a product that cannot be sold (no variant, or a channel this build
    /// does not know).
    pub fn prepare(
        self,
        rate: &ExchangeRate,
        tokenizer: &mut Tokenizer,
        emit: impl FnMut(&str, u8),
    ) -> Option<Doc> {
        let min_usd = self.min_usd?;
        let p = self.product;
        let channel = Channel::parse(&p.channel)?;
        let price = Price::from_usd(Money::usd(min_usd), rate);
        let tags = words_of(&self.tags);
        let presale = p.presale();
        tokenizer.tokens(
            &ProductTexts {
                name_zh: &p.name_zh,
                name_en: &p.name_en,
                tags: &tags,
                seller_zh: &self.seller.seller_zh,
                seller_en: &self.seller.seller_en,
                desc_zh: &p.desc_zh,
                desc_en: &p.desc_en,
            },
            emit,
        );
        let doc = Doc {
            id: p.id,
            name: text::fold(&format!("{} {}", p.name_zh, p.name_en)).into(),
            min_fen: price.cny.amount,
            sold: p.sold,
            created_at: self.created_at,
            parent_category: self.parent,
            seller_id: 0,
            origin_id: 0,
            card: ProductCard {
                image: words_of(&p.images).into_iter().next().unwrap_or_default(),
                channel,
                name: p.name(),
                season: p.season(),
                seller: self.seller.to_ref(),
                slug: p.slug,
                category: p.category,
                origin_state: p.origin_state,
                price,
                in_stock: self.stock > 0,
                // Decided per answer (catalog::list): the month moves on.
                out_of_season: false,
                presale,
            },
        };
        Some(doc)
    }
}

#[cfg(test)]
impl Doc {
    /// A product with only a name, for tests of what holds documents.
    pub fn test(name: &str) -> Doc {
        use haitao_core::api::SellerRef;
        use haitao_core::text::L10n;
        let rate = ExchangeRate {
            cny_per_usd_e4: 72_000,
            set_at: String::new(),
        };
        Doc {
            id: 1,
            name: text::fold(name).into(),
            min_fen: 0,
            sold: 0,
            created_at: String::new(),
            parent_category: None,
            seller_id: 0,
            origin_id: 0,
            card: ProductCard {
                slug: name.into(),
                name: L10n::new(name, name),
                image: String::new(),
                category: String::new(),
                seller: SellerRef {
                    slug: String::new(),
                    name: L10n::new("", ""),
                    state: String::new(),
                    verified: false,
                },
                origin_state: String::new(),
                price: Price::from_usd(Money::usd(100), &rate),
                in_stock: true,
                channel: Channel::DirectMail,
                season: None,
                out_of_season: false,
                presale: None,
            },
        }
    }
}
