//! The published catalog held in memory for listing and search. SQLite stays
//! the source of truth; this is rebuilt from it at start and after catalog
//! changes, and its stock and sales figures follow each order. Scanning
//! 20,000 products in memory answers in well under a millisecond, which a
//! `LIKE` over the table cannot.

pub mod grams;
pub mod text;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use haitao_core::api::{
    FacetCount, Facets, ProductCard, ProductList, Season, SellerFacet, SellerRef,
};
use haitao_core::freight::Channel;
use haitao_core::money::{Money, Price};
use haitao_core::text::L10n;
use haitao_core::ExchangeRate;
use memchr::memmem::Finder;

use grams::Grams;
use sqlx::AnyPool;

/// Where a query word was found, and what that is worth: a name match ranks
/// above a tag, a tag above the seller, the seller above the description.
const W_NAME: u32 = 100;
const W_TAG: u32 = 60;
const W_PINYIN: u32 = 55;
const W_INITIALS: u32 = 50;
const W_SELLER: u32 = 40;
const W_DESC: u32 = 10;
/// The whole query found as written in the name.
const W_PHRASE: u32 = 50;

pub struct Doc {
    pub id: i64,
    pub card: ProductCard,
    pub parent_category: Option<String>,
    /// Interned in `Index::names`, so filters and facets compare integers.
    category_id: u32,
    parent_id: Option<u32>,
    origin_id: u32,
    seller_id: u32,
    pub min_fen: i64,
    pub sold: i64,
    pub created_at: String,
    name: String,
    name_stems: String,
    tags: String,
    tag_stems: String,
    pinyin: String,
    initials: Vec<String>,
    seller: String,
    seller_stems: String,
    desc: String,
    desc_stems: String,
}

#[derive(Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// The category tree with published product counts (`catalog::categories`).
    categories: Vec<haitao_core::api::Category>,
    by_slug: HashMap<String, usize>,
    grams: Grams,
    names: Names,
}

/// Small integer ids for the categories, origin states and sellers.
#[derive(Default)]
struct Names {
    ids: HashMap<(u8, String), u32>,
    list: Vec<String>,
    sellers: HashMap<u32, SellerRef>,
}

impl Names {
    const CATEGORY: u8 = 0;
    const ORIGIN: u8 = 1;
    const SELLER: u8 = 2;

    fn intern(&mut self, kind: u8, name: &str) -> u32 {
        let next = self.list.len() as u32;
        *self.ids.entry((kind, name.to_owned())).or_insert_with(|| {
            self.list.push(name.to_owned());
            next
        })
    }

    /// The id of a name, or `u32::MAX` for one nothing has (so nothing matches).
    fn find(&self, kind: u8, name: &str) -> u32 {
        self.ids
            .get(&(kind, name.to_owned()))
            .copied()
            .unwrap_or(u32::MAX)
    }
}

pub type SharedIndex = Arc<RwLock<Index>>;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    name_zh: String,
    name_en: String,
    desc_zh: String,
    desc_en: String,
    images: String,
    tags: String,
    category: String,
    parent: Option<String>,
    origin_state: String,
    channel: String,
    season_from: Option<i64>,
    season_to: Option<i64>,
    sold: i64,
    created_at: String,
    seller_slug: String,
    seller_zh: String,
    seller_en: String,
    seller_state: String,
    /// 0 or 1 (flags are integers in both databases).
    verified: i64,
    min_usd: Option<i64>,
    stock: i64,
}

const LOAD_SQL: &str = "SELECT p.id, p.slug, p.name_zh, p.name_en, p.desc_zh, p.desc_en, p.images, p.tags, p.category,
        c.parent, p.origin_state, p.channel, p.season_from, p.season_to, p.sold, p.created_at,
        s.slug AS seller_slug, s.name_zh AS seller_zh, s.name_en AS seller_en, s.state AS seller_state, s.verified,
        (SELECT MIN(v.price_usd) FROM variants v WHERE v.product_id = p.id) AS min_usd,
        (SELECT CAST(COALESCE(SUM(v.stock), 0) AS BIGINT) FROM variants v WHERE v.product_id = p.id) AS stock
    FROM products p JOIN sellers s ON s.id = p.seller_id JOIN categories c ON c.slug = p.category
    WHERE p.status = 'published'";

fn words_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Row {
    fn into_doc(self, rate: &ExchangeRate) -> Option<Doc> {
        let min_usd = self.min_usd?; // a product with no variant cannot be sold
        let price = Price::from_usd(Money::usd(min_usd), rate);
        let tags = words_of(&self.tags);
        let zh_words: Vec<&str> = self
            .name_zh
            .split_whitespace()
            .chain(tags.iter().map(String::as_str))
            .filter(|w| text::has_cjk(w))
            .collect();
        let season = Season::from_months(self.season_from, self.season_to);
        Some(Doc {
            id: self.id,
            name: text::fold(&format!("{} {}", self.name_zh, self.name_en)),
            name_stems: text::stems(&self.name_en),
            tag_stems: text::stems(&tags.join(" ")),
            tags: text::fold(&tags.join("|")),
            pinyin: zh_words
                .iter()
                .map(|w| text::pinyin_full(w))
                .collect::<Vec<_>>()
                .join("|"),
            initials: zh_words
                .iter()
                .map(|w| text::pinyin_initials(w))
                .filter(|i| !i.is_empty())
                .collect(),
            seller: text::fold(&format!("{} {}", self.seller_zh, self.seller_en)),
            seller_stems: text::stems(&self.seller_en),
            desc: text::fold(&format!("{} {}", self.desc_zh, self.desc_en)),
            desc_stems: text::stems(&self.desc_en),
            category_id: 0,
            parent_id: None,
            origin_id: 0,
            seller_id: 0,
            min_fen: price.cny.amount,
            sold: self.sold,
            created_at: self.created_at,
            parent_category: self.parent,
            card: ProductCard {
                image: words_of(&self.images)
                    .into_iter()
                    .next()
                    .unwrap_or_default(),
                channel: Channel::parse(&self.channel)?,
                slug: self.slug,
                name: L10n::new(self.name_zh, self.name_en),
                category: self.category,
                seller: SellerRef {
                    slug: self.seller_slug,
                    name: L10n::new(self.seller_zh, self.seller_en),
                    state: self.seller_state,
                    verified: self.verified != 0,
                },
                origin_state: self.origin_state,
                price,
                in_stock: self.stock > 0,
                season,
            },
        })
    }
}

/// One word of a query, prepared once and tried against every product.
struct Term {
    word: String,
    stem_word: String,
    cjk: bool,
    plain: Finder<'static>,
    stem: Finder<'static>,
    initials: Option<String>,
}

impl Term {
    fn new(word: &str) -> Self {
        let cjk = text::has_cjk(word);
        let letters: String = word.chars().filter(char::is_ascii_alphabetic).collect();
        let stem_word = text::stem_word(word);
        Term {
            word: word.to_owned(),
            cjk,
            plain: Finder::new(word.as_bytes()).into_owned(),
            stem: Finder::new(stem_word.as_bytes()).into_owned(),
            stem_word,
            // "yt" for 樱桃; single letters would match nearly everything.
            initials: (!cjk && (2..=8).contains(&letters.len()) && letters.len() == word.len())
                .then_some(letters),
        }
    }

    /// The best weight at which this word is found in the product, if it is.
    fn score(&self, d: &Doc) -> Option<u32> {
        let hit = |f: &Finder, hay: &str| f.find(hay.as_bytes()).is_some();
        if hit(&self.plain, &d.name) || (!self.cjk && hit(&self.stem, &d.name_stems)) {
            return Some(W_NAME);
        }
        if hit(&self.plain, &d.tags) || (!self.cjk && hit(&self.stem, &d.tag_stems)) {
            return Some(W_TAG);
        }
        if !self.cjk {
            if hit(&self.plain, &d.pinyin) {
                return Some(W_PINYIN);
            }
            if let Some(i) = &self.initials {
                if d.initials.iter().any(|w| w.starts_with(i.as_str())) {
                    return Some(W_INITIALS);
                }
            }
        }
        if hit(&self.plain, &d.seller) || (!self.cjk && hit(&self.stem, &d.seller_stems)) {
            return Some(W_SELLER);
        }
        (hit(&self.plain, &d.desc) || (!self.cjk && hit(&self.stem, &d.desc_stems)))
            .then_some(W_DESC)
    }
}

/// A checked listing request; `catalog::list` makes it from the query string.
pub struct Search<'a> {
    pub q: Option<&'a str>,
    pub category: Option<&'a str>,
    pub seller: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub min_fen: Option<i64>,
    pub max_fen: Option<i64>,
    pub in_stock: bool,
    pub in_season: Option<u8>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sort {
    Relevance,
    Popular,
    Newest,
    PriceAsc,
    PriceDesc,
}

impl Index {
    pub async fn load(pool: &AnyPool, rate: &ExchangeRate) -> Result<Self, sqlx::Error> {
        let rows: Vec<Row> = sqlx::query_as(LOAD_SQL).fetch_all(pool).await?;
        let categories = crate::catalog::load_categories(pool).await?;
        let mut docs: Vec<Doc> = rows.into_iter().filter_map(|r| r.into_doc(rate)).collect();
        let mut names = Names::default();
        for d in &mut docs {
            d.category_id = names.intern(Names::CATEGORY, &d.card.category);
            d.parent_id = d
                .parent_category
                .as_deref()
                .map(|p| names.intern(Names::CATEGORY, p));
            d.origin_id = names.intern(Names::ORIGIN, &d.card.origin_state.to_ascii_uppercase());
            d.seller_id = names.intern(Names::SELLER, &d.card.seller.slug);
            names
                .sellers
                .entry(d.seller_id)
                .or_insert_with(|| d.card.seller.clone());
        }
        let by_slug = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.card.slug.clone(), i))
            .collect();
        let mut grams = Grams::default();
        for (i, d) in docs.iter().enumerate() {
            let texts = [
                &d.name,
                &d.name_stems,
                &d.tags,
                &d.tag_stems,
                &d.pinyin,
                &d.seller,
                &d.seller_stems,
                &d.desc,
                &d.desc_stems,
            ];
            grams.add(i as u32, &texts.map(String::as_str), &d.initials);
        }
        Ok(Self {
            docs,
            categories,
            by_slug,
            grams,
            names,
        })
    }

    pub fn categories(&self) -> &[haitao_core::api::Category] {
        &self.categories
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// After an order: the product's stock and sales as they now are.
    pub fn set_stock_and_sold(&mut self, slug: &str, stock: i64, sold: i64) {
        if let Some(&i) = self.by_slug.get(slug) {
            self.docs[i].card.in_stock = stock > 0;
            self.docs[i].sold = sold;
        }
    }

    pub fn search(&self, s: &Search, rate: &ExchangeRate) -> ProductList {
        let q = s.q.map(text::fold).filter(|q| !q.is_empty());
        let terms: Vec<Term> = q
            .as_deref()
            .map(|q| q.split(' ').map(Term::new).collect())
            .unwrap_or_default();
        let phrase = q.as_deref().map(|q| Finder::new(q.as_bytes()).into_owned());

        // Only products holding every word's grams can match; without words, all can.
        let candidates: Option<Vec<u32>> = terms.iter().fold(None, |acc, t| {
            let c = self.grams.candidates(&t.word, &t.stem_word);
            Some(match acc {
                None => c,
                Some(a) => grams::intersect(&a, &c),
            })
        });
        let pool: Box<dyn Iterator<Item = &Doc>> = match &candidates {
            Some(ids) => Box::new(ids.iter().filter_map(|&i| self.docs.get(i as usize))),
            None => Box::new(self.docs.iter()),
        };

        let category = s.category.map(|c| self.names.find(Names::CATEGORY, c));
        let seller = s.seller.map(|x| self.names.find(Names::SELLER, x));
        let origin = s
            .origin
            .map(|o| self.names.find(Names::ORIGIN, &o.to_ascii_uppercase()));

        // Matches of the words and the filters that are not facets.
        let mut hits: Vec<(u32, &Doc)> = Vec::new();
        for d in pool {
            if let Some(c) = category {
                if d.category_id != c && d.parent_id != Some(c) {
                    continue;
                }
            }
            if s.min_fen.is_some_and(|m| d.min_fen < m) || s.max_fen.is_some_and(|m| d.min_fen > m)
            {
                continue;
            }
            if (s.in_stock && !d.card.in_stock)
                || s.in_season
                    .is_some_and(|m| !d.card.season.is_some_and(|x| x.contains(m)))
            {
                continue;
            }
            let mut score = 0;
            for t in &terms {
                match t.score(d) {
                    Some(w) => score += w,
                    None => {
                        score = 0;
                        break;
                    }
                }
            }
            if !terms.is_empty() && score == 0 {
                continue;
            }
            if phrase
                .as_ref()
                .is_some_and(|p| terms.len() > 1 && p.find(d.name.as_bytes()).is_some())
            {
                score += W_PHRASE;
            }
            hits.push((score, d));
        }

        let facets = self.facets(&hits);
        hits.retain(|(_, d)| {
            seller.is_none_or(|x| d.seller_id == x) && origin.is_none_or(|o| d.origin_id == o)
        });
        let sort = if terms.is_empty() && s.sort == Sort::Relevance {
            Sort::Popular
        } else {
            s.sort
        };
        match sort {
            Sort::Relevance => hits.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(b.1.sold.cmp(&a.1.sold))
                    .then(a.1.id.cmp(&b.1.id))
            }),
            Sort::Popular => hits.sort_by(|a, b| b.1.sold.cmp(&a.1.sold).then(a.1.id.cmp(&b.1.id))),
            Sort::Newest => hits.sort_by(|a, b| {
                b.1.created_at
                    .cmp(&a.1.created_at)
                    .then(b.1.id.cmp(&a.1.id))
            }),
            Sort::PriceAsc => {
                hits.sort_by(|a, b| a.1.min_fen.cmp(&b.1.min_fen).then(a.1.id.cmp(&b.1.id)))
            }
            Sort::PriceDesc => {
                hits.sort_by(|a, b| b.1.min_fen.cmp(&a.1.min_fen).then(a.1.id.cmp(&b.1.id)))
            }
        }
        let start = (s.page as usize - 1).saturating_mul(s.per_page as usize);
        let items = hits
            .iter()
            .skip(start)
            .take(s.per_page as usize)
            .map(|(_, d)| d.card.clone())
            .collect();
        ProductList {
            items,
            total: hits.len() as i64,
            page: s.page,
            per_page: s.per_page,
            rate: rate.clone(),
            facets,
        }
    }
}

impl Index {
    /// Origins and sellers among the matches, most products first.
    fn facets(&self, hits: &[(u32, &Doc)]) -> Facets {
        let mut counts = vec![0i64; self.names.list.len()];
        for (_, d) in hits {
            counts[d.origin_id as usize] += 1;
            counts[d.seller_id as usize] += 1;
        }
        let mut origins = Vec::new();
        let mut sellers = Vec::new();
        for (&(kind, ref name), &id) in &self.names.ids {
            let count = counts[id as usize];
            if count == 0 {
                continue;
            }
            match kind {
                Names::ORIGIN => origins.push(FacetCount {
                    value: name.clone(),
                    count,
                }),
                Names::SELLER => {
                    if let Some(seller) = self.names.sellers.get(&id) {
                        sellers.push(SellerFacet {
                            seller: seller.clone(),
                            count,
                        });
                    }
                }
                _ => {}
            }
        }
        origins.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        sellers.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.seller.slug.cmp(&b.seller.slug))
        });
        sellers.truncate(30);
        Facets { origins, sellers }
    }
}
