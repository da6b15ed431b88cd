//! What the listing shows of each product beside its text (units in stock,
//! units sold) and the published products themselves change only through a
//! `CatalogWrite`: a write transaction that records what it changed, for
//! every process's listing to follow (reload.rs), and that ends only by
//! committing into this process's listing at once (`commit`) or, in a process
//! that has none (the command line), by leaving it to the serving processes
//! (`commit_elsewhere`). A writer cannot move stock and forget the listing.

use std::ops::{Deref, DerefMut};

use haitao_core::ExchangeRate;
use sqlx::error::ErrorKind;
use sqlx::{Any, AnyConnection, AnyPool};

use super::reload;
use super::search::{Index, SharedIndex};
use crate::infra::batch::Batch;
use crate::infra::error::ApiResult;
use crate::infra::write_tx::WriteTx;

/// The listing of the process that writes: its index and the rate its prices
/// are shown at.
#[derive(Clone, Copy)]
pub struct Listing<'a> {
    pub index: &'a SharedIndex,
    pub rate: &'a ExchangeRate,
}

/// What `write_order` came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// The order is stored and its units taken.
    Placed,
    /// Another request with the order's key stored its order first.
    Replayed,
    /// Fewer units are left of the `n`th take than it asks.
    Short(usize),
}

/// The mark the catalog's editors take turns by.
pub const CATALOG_EDITORS: &str = "catalog-editors";

pub struct CatalogWrite {
    tx: WriteTx,
    /// Orders recorded in the change log, each once.
    logged: Vec<String>,
    /// Orders whose products' figures this process reads again on commit.
    orders: Vec<String>,
    /// Products whose stock `take` moved: read again by id on commit, not
    /// found again through the order's lines (placing an order is a sale's
    /// hot path, and that search was its costliest statement).
    taken: Vec<i64>,
    /// Products whose published form changed.
    products: Vec<i64>,
}

impl CatalogWrite {
    /// Begins a writing transaction (`db::begin_write`): it holds only the
    /// rows it locks or changes.
    pub async fn begin(pool: &AnyPool) -> Result<Self, sqlx::Error> {
        Ok(Self::on(crate::infra::db::begin_write(pool).await?))
    }

    /// Waits for its turn to write a new order, the `BEGIN` still unsent:
    /// on SQLite it goes with the order's batch, one call for the turn.
    pub async fn deferred(pool: &AnyPool) -> Result<DeferredOrder, sqlx::Error> {
        Ok(DeferredOrder(Self::on(WriteTx::deferred(pool).await?)))
    }

    fn on(tx: WriteTx) -> Self {
        Self {
            tx,
            logged: Vec::new(),
            orders: Vec::new(),
            taken: Vec::new(),
            products: Vec::new(),
        }
    }

    /// Begins a transaction that edits the catalog itself (publishing,
    /// importing, suspending a seller): such edits take turns with each
    /// other, never with orders.
    pub async fn begin_editing(pool: &AnyPool) -> Result<Self, sqlx::Error> {
        let mut write = Self::begin(pool).await?;
        crate::infra::db::lock(&mut write.tx, crate::infra::db::Row::Mark(CATALOG_EDITORS)).await?;
        Ok(write)
    }

    /// Locks, before an edit of a seller's catalog (an import, publishing,
    /// a suspension) changes any of it, all that seller's variants and
    /// products in the order every writer takes them (`hold_in_order`).
    /// The edit would otherwise lock them one by one in its file's order
    /// while a payment or a refund of the same products waits on one and
    /// holds another.
    pub async fn hold_seller(&mut self, seller: i64) -> Result<(), sqlx::Error> {
        self.hold_in_order(
            "SELECT 1 FROM variants WHERE product_id IN (SELECT id FROM products WHERE seller_id = $1)
              ORDER BY sku FOR UPDATE",
            seller,
        )
        .await?;
        self.hold_in_order(
            "SELECT 1 FROM products WHERE seller_id = $1 ORDER BY id FOR UPDATE",
            seller,
        )
        .await
    }

    /// The transaction, for what else it writes (an order's rows, consents).
    pub fn tx(&mut self) -> &mut WriteTx {
        &mut self.tx
    }

    /// Writes a new order and takes its stock: `rows` (its first statement
    /// inserts the order; the others write nothing without it), then `takes`
    /// (SKU, units) in the order given, then the change log's record, all as
    /// one batch (`infra::batch`) that ends the transaction on SQLite
    /// (`WriteTx::run_committing`): the writer's turn is one call. Nothing
    /// is decided between the statements, so each refuses by failing: the
    /// order's key by its unique index (`Replayed`), a take by the stock's
    /// `CHECK (stock >= 0)` (`Short`), a SKU gone since the quote by the
    /// guard before the record. Anything but `Placed` leaves the caller to
    /// roll back. On SQLite, `Placed` has committed: nothing may run after
    /// it but `commit`, which is why only `place` (this crate) calls it.
    pub(crate) async fn write_order<'a>(
        &mut self,
        order_id: &'a str,
        mut rows: Batch<'a>,
        takes: &[(&'a str, i64)],
    ) -> Result<Written, sqlx::Error> {
        let first_take = rows.len();
        for &(sku, qty) in takes {
            rows.push(
                "UPDATE variants SET stock = stock - $1 WHERE sku = $2 RETURNING product_id",
                vec![qty.into(), sku.into()],
            );
        }
        let guard = rows.len();
        let mut values = vec![
            order_id.into(),
            i64::try_from(takes.len()).unwrap_or(i64::MAX).into(),
        ];
        values.extend(takes.iter().map(|&(sku, _)| sku.into()));
        rows.push(
            format!(
                "UPDATE orders SET status = CASE WHEN (SELECT COUNT(*) FROM variants WHERE sku IN ({})) = $2
                                                 THEN status END WHERE id = $1",
                crate::infra::db::placeholders(3, takes.len())
            ),
            values,
        );
        reload::changed_in(&mut rows, order_id);
        let taken = |done: &[crate::infra::batch::Outcome], i: usize| {
            done.get(first_take + i)
                .and_then(|t| t.rows.first().cloned())
        };
        let done = match self.tx.run_committing(rows).await {
            Ok(done) => done,
            Err(s) => {
                return match s.at {
                    Some(0) if s.refused(ErrorKind::UniqueViolation) => Ok(Written::Replayed),
                    Some(at)
                        if (first_take..guard).contains(&at)
                            && s.refused(ErrorKind::CheckViolation) =>
                    {
                        Ok(Written::Short(at - first_take))
                    }
                    Some(at) if at == guard && s.refused(ErrorKind::NotNullViolation) => {
                        let gone = (0..takes.len()).find(|&i| taken(&s.done, i).is_none());
                        Ok(Written::Short(gone.unwrap_or_default()))
                    }
                    _ => Err(s.error),
                };
            }
        };
        let mut products = Vec::with_capacity(takes.len());
        for i in 0..takes.len() {
            match taken(&done, i) {
                Some(row) => products.push(sqlx::Row::try_get::<i64, _>(&row, 0)?),
                // A last defence: the guard fails first, on both databases,
                // when a SKU is gone. Still open on PostgreSQL; rolled back.
                None => return Ok(Written::Short(i)),
            }
        }
        self.logged.push(order_id.to_owned());
        self.taken.extend(products);
        Ok(Written::Placed)
    }

    /// Puts an order's units back in stock, but those that left in a parcel;
    /// `unsell` also takes them all out of the products' sales (for an order
    /// that had been paid).
    pub async fn restock(&mut self, order_id: &str, unsell: bool) -> ApiResult<()> {
        self.order_moved(order_id).await?;
        self.hold_in_order(
            "SELECT 1 FROM variants WHERE sku IN (SELECT sku FROM order_lines WHERE order_id = $1)
              ORDER BY sku FOR UPDATE",
            order_id,
        )
        .await?;
        sqlx::query(
            "UPDATE variants SET stock = stock + CAST((
                 SELECT l.qty - COALESCE((SELECT SUM(pl.qty) FROM parcel_lines pl
                          JOIN parcels pa ON pa.id = pl.parcel_id JOIN shipments s ON s.id = pa.shipment_id
                         WHERE s.order_id = $1 AND pl.sku = l.sku), 0)
                   FROM order_lines l WHERE l.order_id = $1 AND l.sku = variants.sku) AS BIGINT)
              WHERE sku IN (SELECT sku FROM order_lines WHERE order_id = $1)",
        )
        .bind(order_id)
        .execute(&mut *self.tx)
        .await?;
        if unsell {
            self.sell(order_id, -1).await?;
        }
        Ok(())
    }

    /// Adds (`sign` 1) or removes (-1) an order's units to its products' sales.
    pub async fn sell(&mut self, order_id: &str, sign: i64) -> ApiResult<()> {
        self.order_moved(order_id).await?;
        self.hold_in_order(
            "SELECT 1 FROM products WHERE id IN
                 (SELECT v.product_id FROM order_lines l JOIN variants v ON v.sku = l.sku WHERE l.order_id = $1)
              ORDER BY id FOR UPDATE",
            order_id,
        )
        .await?;
        sqlx::query(
            "UPDATE products SET sold = sold + $2 * (
                 SELECT CAST(COALESCE(SUM(l.qty), 0) AS BIGINT) FROM order_lines l JOIN variants v ON v.sku = l.sku
                  WHERE l.order_id = $1 AND v.product_id = products.id)
              WHERE id IN (SELECT v.product_id FROM order_lines l JOIN variants v ON v.sku = l.sku WHERE l.order_id = $1)",
        )
        .bind(order_id)
        .bind(sign)
        .execute(&mut *self.tx)
        .await?;
        // Never below nothing (sales counted before they were tracked per payment).
        sqlx::query(
            "UPDATE products SET sold = 0 WHERE sold < 0
                AND id IN (SELECT v.product_id FROM order_lines l JOIN variants v ON v.sku = l.sku WHERE l.order_id = $1)",
        )
        .bind(order_id)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The product of variant `sku` when it is seller `seller`'s.
    pub async fn own_variant(
        &mut self,
        seller: i64,
        sku: &str,
    ) -> Result<Option<i64>, sqlx::Error> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT p.id FROM variants v JOIN products p ON p.id = v.product_id
              WHERE v.sku = $1 AND p.seller_id = $2",
        )
        .bind(sku)
        .bind(seller)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|(id,)| id))
    }

    /// Sets the price (US cents) or the units in stock of variant `sku` of
    /// `product` (either may stay): its price and stock as they are now.
    pub async fn set_variant(
        &mut self,
        product: i64,
        sku: &str,
        price_usd: Option<i64>,
        stock: Option<i64>,
    ) -> Result<(i64, i64), sqlx::Error> {
        let now: (i64, i64) = sqlx::query_as(
            "UPDATE variants SET price_usd = COALESCE($2, price_usd), stock = COALESCE($3, stock)
              WHERE sku = $1 RETURNING price_usd, stock",
        )
        .bind(sku)
        .bind(price_usd)
        .bind(stock)
        .fetch_one(&mut *self.tx)
        .await?;
        self.products_changed(&[product]).await?;
        Ok(now)
    }

    /// Nothing more of `product` is for sale (a pre-sale that cannot be filled).
    pub async fn sell_none_of(&mut self, product: i64) -> Result<(), sqlx::Error> {
        self.hold_in_order(
            "SELECT 1 FROM variants WHERE product_id = $1 ORDER BY sku FOR UPDATE",
            product,
        )
        .await?;
        sqlx::query("UPDATE variants SET stock = 0 WHERE product_id = $1")
            .bind(product)
            .execute(&mut *self.tx)
            .await?;
        self.products_changed(&[product]).await
    }

    /// These products' published form changed (an import, a publication).
    pub async fn products_changed(&mut self, ids: &[i64]) -> Result<(), sqlx::Error> {
        reload::products_changed(&mut self.tx, ids).await?;
        self.products.extend_from_slice(ids);
        Ok(())
    }

    /// Locks, on PostgreSQL, the rows a statement that changes several will
    /// change, first and in the order every writer takes them: variants by
    /// SKU (as placing an order takes its stock), then products by id. An
    /// `UPDATE` of several rows locks them in whatever order its plan finds
    /// them, and two writers each holding a row the other wants next
    /// deadlock; PostgreSQL then fails one of them (a shopper's order,
    /// answered 500, in the load test). SQLite has one writer.
    async fn hold_in_order<'q, T>(&mut self, sql: &'q str, key: T) -> Result<(), sqlx::Error>
    where
        T: 'q + sqlx::Encode<'q, Any> + sqlx::Type<Any> + Send,
    {
        if crate::infra::db::is_postgres(&self.tx) {
            sqlx::query(sql).bind(key).execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    async fn order_moved(&mut self, order_id: &str) -> Result<(), sqlx::Error> {
        self.log(order_id).await?;
        if !self.orders.iter().any(|o| o == order_id) {
            self.orders.push(order_id.to_owned());
        }
        Ok(())
    }

    /// Records order `order_id` in the change log (the other processes'
    /// listings follow it), once.
    async fn log(&mut self, order_id: &str) -> Result<(), sqlx::Error> {
        if !self.logged.iter().any(|o| o == order_id) {
            reload::changed(&mut *self.tx, order_id).await?;
            self.logged.push(order_id.to_owned());
        }
        Ok(())
    }

    /// Commits, then brings `listing` in line with what changed.
    pub async fn commit(self, pool: &AnyPool, listing: Listing<'_>) -> ApiResult<()> {
        let Self {
            tx,
            orders,
            mut taken,
            mut products,
            ..
        } = self;
        tx.commit().await?;
        refresh_orders(pool, listing.index, &orders).await?;
        taken.sort_unstable();
        taken.dedup();
        refresh_figures(pool, listing.index, &taken, str::to_owned).await?;
        products.sort_unstable();
        products.dedup();
        Index::refresh_products(listing.index, pool, listing.rate, &products).await?;
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }

    /// Commits in a process with no listing of its own: the serving processes
    /// follow the recorded changes.
    pub async fn commit_elsewhere(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

/// A `CatalogWrite` for a new order before anything is sent: it offers
/// nothing to run but the order (or `begin`, for what must be read first),
/// so no statement runs outside the transaction.
pub struct DeferredOrder(CatalogWrite);

impl DeferredOrder {
    /// The transaction begun, to read in it before the order.
    pub async fn begin(mut self) -> Result<CatalogWrite, sqlx::Error> {
        self.0.tx.begun().await?;
        Ok(self.0)
    }

    /// `CatalogWrite::write_order`, beginning with it.
    pub async fn write_order<'a>(
        self,
        order_id: &'a str,
        rows: Batch<'a>,
        takes: &[(&'a str, i64)],
    ) -> Result<(CatalogWrite, Written), sqlx::Error> {
        let mut write = self.0;
        let written = write.write_order(order_id, rows, takes).await?;
        Ok((write, written))
    }
}

/// The other statements of the transaction run on it as on a connection.
impl Deref for CatalogWrite {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for CatalogWrite {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// A product's figures as the listing shows them.
#[derive(sqlx::FromRow)]
struct FiguresRow {
    slug: String,
    stock: i64,
    sold: i64,
}

/// Brings the listing's stock and sales figures in line with the database
/// for the products these orders hold.
pub(super) async fn refresh_orders(
    pool: &AnyPool,
    index: &SharedIndex,
    orders: &[String],
) -> ApiResult<()> {
    refresh_figures(pool, index, orders, |list| {
        format!("SELECT v.product_id FROM order_lines l JOIN variants v ON v.sku = l.sku WHERE l.order_id IN ({list})")
    })
    .await
}

/// The figures of the products that `products_of` finds for `keys` (its
/// argument: the keys' placeholders), read again into the listing.
async fn refresh_figures<K>(
    pool: &AnyPool,
    index: &SharedIndex,
    keys: &[K],
    products_of: fn(&str) -> String,
) -> ApiResult<()>
where
    K: Clone + Send + Sync + sqlx::Type<Any> + for<'q> sqlx::Encode<'q, Any>,
{
    // One query for many: a follower at a sale's pace meets thousands of
    // orders a second.
    for some in keys.chunks(500) {
        let sql = format!(
            "SELECT p.slug, (SELECT CAST(COALESCE(SUM(v2.stock), 0) AS BIGINT) FROM variants v2 WHERE v2.product_id = p.id) AS stock, p.sold
               FROM products p WHERE p.id IN ({})",
            products_of(&crate::infra::db::placeholders(1, some.len()))
        );
        let mut q = sqlx::query_as::<_, FiguresRow>(&sql);
        for key in some {
            q = q.bind(key.clone());
        }
        let rows = q.fetch_all(pool).await?;
        let mut idx = index.write();
        for r in rows {
            idx.set_stock_and_sold(&r.slug, r.stock, r.sold);
        }
    }
    Ok(())
}
