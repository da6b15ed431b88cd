//! The published catalog held in memory for listing and search. The database
//! stays the source of truth; this is built from it at start, and follows it
//! product by product afterwards (reload.rs): an order moves a product's
//! stock and sales, an import or a publication replaces its products.
//!
//! Every filter and every query word is a set of document numbers (a
//! compressed bitmap), so a query costs set operations and the page it
//! returns, not a pass over the catalog: words reach the products through
//! the vocabulary (vocab.rs), filters and facets through the sets of each
//! category, origin and seller (names.rs), and pages come off orders kept
//! sorted (orders.rs). Documents are numbered seller by seller (docs.rs),
//! which keeps counting facets over many matches to a few set operations.
//! A replaced product's old document stays behind, masked by `live`, until
//! the index is rebuilt.

mod batch;
pub mod doc;
mod docs;
pub mod grams;
mod names;
mod orders;
mod query;
pub mod text;
pub mod tokens;
mod typos;
mod vocab;

use foldhash::HashMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use futures::{StreamExt, TryStreamExt};
use haitao_core::api::Category;
use haitao_core::ExchangeRate;
use roaring::RoaringBitmap;
use sqlx::AnyPool;

use batch::Batch;
use doc::{Doc, Row};
use docs::Docs;
use names::{Kind, Names};
use orders::Orders;
use vocab::Vocab;

pub use query::{Search, Sort};

/// The index every request reads, and the writers that keep it fresh change
/// (catalog/stock.rs, catalog/reload.rs). A writer that panicked mid-change
/// leaves the lock poisoned; readers and writers then go on with what is
/// there (one product's figures stale at worst, until its next change or the
/// next reload) rather than readers answering 500 while writers skip their
/// changes.
#[derive(Clone)]
pub struct SharedIndex(Arc<RwLock<Index>>);

/// How many times, in this process, something a page shows of the listing
/// changed: a product in or out of stock, a product's text, a reload. The
/// drawn pages kept a moment (web/drawn.rs) are drawn again after it moves.
static SHELF: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn shelf_changes() -> u64 {
    SHELF.load(std::sync::atomic::Ordering::Relaxed)
}

fn shelf_changed() {
    SHELF.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

impl SharedIndex {
    pub fn new(index: Index) -> Self {
        shelf_changed();
        Self(Arc::new(RwLock::new(index)))
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Index> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts a whole new index in place (a reload).
    pub fn put(&self, fresh: Index) {
        *self.write() = fresh;
        shelf_changed();
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Index> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Adding a document at the end of a set, the cheap way when it is the
/// set's largest (documents are numbered in the order they come).
trait AppendDoc {
    fn append_doc(&mut self, n: u32);
}

impl AppendDoc for RoaringBitmap {
    fn append_doc(&mut self, n: u32) {
        if self.try_push(n).is_err() {
            self.insert(n);
        }
    }
}

#[derive(Default)]
pub struct Index {
    docs: Docs,
    live: RoaringBitmap,
    in_stock: RoaringBitmap,
    /// Products in season in each month, January first.
    season: [RoaringBitmap; 12],
    by_slug: HashMap<String, u32>,
    by_id: HashMap<i64, u32>,
    vocab: Vocab,
    names: Names,
    orders: Orders,
    /// The category tree; its counts come from the live sets.
    categories: Vec<Category>,
    /// The last catalog change and the catalog version (reload.rs) this
    /// index has seen.
    changes_seen: i64,
    version: String,
}

/// The published products matching `filter` (an SQL condition on `p`, with
/// `binds` for its placeholders), ready to add.
async fn read(
    pool: &AnyPool,
    rate: &ExchangeRate,
    filter: &str,
    binds: &[i64],
) -> Result<Batch, sqlx::Error> {
    let sql = doc::load_sql(filter);
    let mut query = sqlx::query_as::<_, Row>(&sql);
    for b in binds {
        query = query.bind(*b);
    }
    Ok(Batch::of(query.fetch_all(pool).await?, rate))
}

impl Index {
    /// The whole published catalog. Products are read and cut into tokens a
    /// slice of ids at a time, a few slices ahead on the runtime's other
    /// workers, while this task adds the slice before to the sets.
    pub async fn load(pool: &AnyPool, rate: &ExchangeRate) -> Result<Self, sqlx::Error> {
        // Reading and cutting take most of the time, so several slices are
        // read at once (measured with `make bench`'s large catalog).
        const SLICE: i64 = 10_000;
        const AHEAD: usize = 6;
        // Read first: what changes while the catalog is read is followed again.
        let changes_seen = crate::catalog::reload::last_change(pool).await?;
        let version = crate::catalog::reload::version(pool).await?;
        let mut index = Index {
            changes_seen,
            version,
            categories: crate::catalog::load_categories(pool).await?,
            ..Index::default()
        };
        let sellers: Vec<(String, i64)> = sqlx::query_as(
            // Per seller, a count off the (seller, status) index: a fraction
            // of a join and GROUP BY over every product.
            "SELECT s.slug, CAST((SELECT COUNT(*) FROM products p
                 WHERE p.seller_id = s.id AND p.status = 'published') AS BIGINT)
             FROM sellers s ORDER BY s.slug",
        )
        .fetch_all(pool)
        .await?;
        index.docs.reserve(
            sellers
                .into_iter()
                .map(|(s, n)| (s, n.clamp(0, i64::from(u32::MAX)) as u32)),
        );
        let (first, last): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COALESCE(MIN(id), 0) AS BIGINT), CAST(COALESCE(MAX(id), -1) AS BIGINT) FROM products",
        )
        .fetch_one(pool)
        .await?;
        let slices = (first..=last).step_by(SLICE as usize).map(|from| {
            let (pool, rate) = (pool.clone(), rate.clone());
            async move {
                let filter = "p.id >= $1 AND p.id < $2";
                tokio::spawn(async move { read(&pool, &rate, filter, &[from, from + SLICE]).await })
                    .await
                    .map_err(|_| sqlx::Error::WorkerCrashed)?
            }
        });
        let mut slices = futures::stream::iter(slices).buffered(AHEAD);
        while let Some(slice) = slices.try_next().await? {
            index.add(slice);
        }
        index.docs.end_runs();
        let live: Vec<u32> = index.live.iter().collect();
        index.orders = Orders::build(&index.docs, &live);
        Ok(index)
    }

    /// Reads these products again (those no longer published leave).
    pub async fn refresh_products(
        index: &SharedIndex,
        pool: &AnyPool,
        rate: &ExchangeRate,
        ids: &[i64],
    ) -> Result<(), sqlx::Error> {
        for chunk in ids.chunks(500) {
            let filter = format!(
                "p.id IN ({})",
                crate::infra::db::placeholders(1, chunk.len())
            );
            // Read and cut into tokens before taking the lock: readers wait
            // only for the sets to change.
            let fresh = read(pool, rate, &filter, chunk).await?;
            index.write().replace(chunk, fresh);
        }
        Ok(())
    }

    /// Takes products `ids` out and puts `fresh` (some of them, as they now
    /// are) in.
    fn replace(&mut self, ids: &[i64], fresh: Batch) {
        shelf_changed();
        for id in ids {
            if let Some(&doc) = self.by_id.get(id) {
                self.kill(doc);
            }
        }
        let added = self.add(fresh);
        self.orders.insert_many(&self.docs, &added);
    }

    /// Documents of replaced or withdrawn products, still held; a rebuild
    /// drops them.
    pub fn dead(&self) -> usize {
        self.docs.held() - self.live.len() as usize
    }

    /// Adds a batch's products, numbered as `Docs` says; their numbers.
    fn add(&mut self, batch: Batch) -> Vec<u32> {
        let numbers: Vec<u32> = batch
            .docs
            .into_iter()
            .map(|doc| self.add_doc(doc))
            .collect();
        for (token, lists) in batch.tokens {
            self.vocab.add(token, lists, &numbers);
        }
        numbers
    }

    fn add_doc(&mut self, mut doc: Doc) -> u32 {
        if let Some(&old) = self.by_id.get(&doc.id) {
            self.kill(old);
        }
        doc.origin_id = self
            .names
            .intern(Kind::Origin, &doc.card.origin_state.to_ascii_uppercase());
        doc.seller_id = self.names.intern(Kind::Seller, &doc.card.seller.slug);
        let n = self.docs.add(doc);
        let doc = &self.docs[n];
        let card = &doc.card;
        for name in [Some(&card.category), doc.parent_category.as_ref()]
            .into_iter()
            .flatten()
        {
            let id = self.names.intern(Kind::Category, name);
            self.names.set_mut(id).append_doc(n);
        }
        self.names.set_mut(doc.origin_id).append_doc(n);
        self.names.set_mut(doc.seller_id).append_doc(n);
        self.names.set_seller(doc.seller_id, &card.seller);
        if card.in_stock {
            self.in_stock.append_doc(n);
        }
        if let Some(season) = card.season {
            for m in 1..=12u8 {
                if season.contains(m) {
                    self.season[usize::from(m - 1)].append_doc(n);
                }
            }
        }
        self.live.append_doc(n);
        self.by_slug.insert(card.slug.clone(), n);
        self.by_id.insert(doc.id, n);
        n
    }

    /// Takes a document out of every set; its tokens' postings keep it, and
    /// `live` masks it there.
    fn kill(&mut self, n: u32) {
        let Some(doc) = self.docs.get(n) else {
            return;
        };
        self.live.remove(n);
        self.in_stock.remove(n);
        for m in &mut self.season {
            m.remove(n);
        }
        for (kind, name) in [
            (Kind::Category, Some(doc.card.category.as_str())),
            (Kind::Category, doc.parent_category.as_deref()),
        ] {
            if let Some(id) = name.and_then(|name| self.names.find(kind, name)) {
                self.names.set_mut(id).remove(n);
            }
        }
        self.names.set_mut(doc.origin_id).remove(n);
        self.names.set_mut(doc.seller_id).remove(n);
        if self.by_slug.get(&doc.card.slug) == Some(&n) {
            self.by_slug.remove(&doc.card.slug);
        }
        if self.by_id.get(&doc.id) == Some(&n) {
            self.by_id.remove(&doc.id);
        }
    }

    /// The category tree with each category's published products (its own
    /// and its children's).
    pub fn categories(&self) -> Vec<Category> {
        self.categories
            .iter()
            .map(|c| Category {
                product_count: self
                    .names
                    .find(Kind::Category, &c.slug)
                    .map_or(0, |id| self.names.set(id).len() as i64),
                ..c.clone()
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.live.len() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// The last catalog change (reload.rs) already in this index.
    pub fn changes_seen(&self) -> i64 {
        self.changes_seen
    }

    /// The catalog version (reload.rs) this index was loaded at.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Distinct tokens, for the start-up log.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }

    /// After an order: the product's stock and sales as they now are.
    pub fn set_stock_and_sold(&mut self, slug: &str, stock: i64, sold: i64) {
        let Some(&n) = self.by_slug.get(slug) else {
            return;
        };
        let flipped = if stock > 0 {
            self.in_stock.insert(n)
        } else {
            self.in_stock.remove(n)
        };
        if flipped {
            shelf_changed();
        }
        let Some(doc) = self.docs.get_mut(n) else {
            return;
        };
        doc.card.in_stock = stock > 0;
        if doc.sold != sold {
            self.orders
                .resort_popular(&mut self.docs, n, |d| d.sold = sold);
        }
    }
}
