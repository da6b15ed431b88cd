//! Pricing a cart from the database, and placing and reading orders. The
//! server is the authority: it re-prices, re-validates and re-checks limits
//! on every request, whatever the browser showed.

pub mod access;
pub mod aftersales;
pub mod close;
pub mod customs_receipts;
pub mod genuine;
pub mod holds;
pub mod mine;
pub mod payment;
pub mod photos;
pub mod presale;
pub mod refunds;
pub mod retention;
pub mod reviews;
pub mod shipments;
pub mod waybills;

use crate::infra::throttle::{self, Who};
use axum::http::StatusCode;
use haitao_core::api::{
    Address, CancelReason, CartLine, Order, OrderRequest, OrderStatus, PaymentMethod, Quote,
    QuotedLine, Refund, RefundReason, Season,
};
use haitao_core::money::{Money, Price};
use haitao_core::text::L10n;
use haitao_core::tracking::Steps;
use haitao_core::{quote, validate, ErrorCode, ExchangeRate};
use sqlx::AnyPool;

use crate::account::addresses::check_address;
use crate::account::payers::{check_identity, id_hash};
use crate::catalog;
use crate::catalog::stock::{CatalogWrite, Listing, Written};
use crate::customs::quota;
use crate::infra::batch::{Batch, Value};
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::secret::Secret;
use crate::state::AppState;

pub use crate::customs::quota::check_quota;

/// Lines naming the same SKU twice are one line.
fn merge(lines: &[CartLine]) -> Vec<CartLine> {
    let mut out: Vec<CartLine> = Vec::with_capacity(lines.len());
    for l in lines {
        match out.iter_mut().find(|o| o.sku == l.sku) {
            Some(o) => o.qty = o.qty.saturating_add(l.qty),
            None => out.push(l.clone()),
        }
    }
    out
}

pub async fn price_cart(
    pool: &AnyPool,
    rate: &ExchangeRate,
    clock: &crate::infra::clock::Clock,
    lines: &[CartLine],
) -> ApiResult<Quote> {
    quote::check_lines(lines).map_err(|code| ApiError::invalid(code, "lines"))?;
    let lines = merge(lines);
    quote::check_lines(&lines).map_err(|code| ApiError::invalid(code, "lines"))?;
    let skus: Vec<&str> = lines.iter().map(|l| l.sku.as_str()).collect();
    let found = catalog::cart_variants(pool, &skus).await?;
    let mut priced = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let v = found.iter().find(|v| v.sku == line.sku).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::UnknownSku,
                format!("no product has SKU {}", line.sku),
            )
            .field(format!("lines[{i}].sku"))
        })?;
        // Fresh produce is sold in its season only (the product page says when
        // it opens), or ahead of it on pre-sale, shipped in the window.
        let selling = catalog::selling(
            Season::from_months(v.season_from, v.season_to),
            catalog::rows::window(v.presale_from.as_deref(), v.presale_to.as_deref()),
            clock,
        );
        if selling.opens.is_some() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::OutOfSeason,
                format!("{} is out of season", line.sku),
            )
            .field(format!("lines[{i}].sku")));
        }
        // A drop opens on the second, by the server's clock.
        if let Some(start) = catalog::sale_starts(v.sale_starts_at.as_deref(), clock) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::NotOnSaleYet,
                format!("{} goes on sale at {}", line.sku, start.at),
            )
            .field(format!("lines[{i}].sku")));
        }
        priced.push(QuotedLine {
            sku: v.sku.clone(),
            product_slug: v.product_slug.clone(),
            name: L10n::new(v.name_zh.clone(), v.name_en.clone()),
            variant: L10n::new(v.label_zh.clone(), v.label_en.clone()),
            image: v.image(),
            qty: line.qty,
            unit: Price {
                cny: Money::cny(0),
                usd: Money::usd(v.price_usd),
            },
            goods: Price {
                cny: Money::cny(0),
                usd: Money::usd(0),
            },
            freight: Money::cny(0),
            tax: Money::cny(0),
            tax_class: v.tax_class()?,
            duty_bp: v.duty_bp(),
            channel: v.channel()?,
            stock: v.stock,
            seller: Some(v.seller()),
            ships: selling.presale,
        });
    }
    Ok(quote::price(priced, rate))
}

/// Order ids shoppers can read out on the phone: "HT" and 12 characters of
/// Crockford base32 (no I, L, O, U), 60 random bits.
fn new_order_id() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = uuid::Uuid::new_v4().as_u128();
    let mut id = String::from("HT");
    for i in 0..12 {
        id.push(char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize]));
    }
    id
}

/// Idempotency keys are client-made tokens (UUIDs in the storefront).
pub fn check_idempotency_key(key: Option<&str>) -> ApiResult<String> {
    let key = key.map(str::trim).unwrap_or_default();
    let ok = (8..=100).contains(&key.len())
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    if ok {
        Ok(key.to_owned())
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::IdempotencyKeyMissing,
            "header Idempotency-Key is required: 8 to 100 letters, digits, '-' or '_'",
        )
        .field("Idempotency-Key"))
    }
}

/// Keyed, because the request holds the ID number. The caller is part of
/// it: the same key and body from anyone but the account that placed the
/// order (a saved address and payer are only ids, easy to copy) is another
/// request, and is refused instead of answered with that account's order.
fn request_hash(secret: &Secret, req: &OrderRequest, account: Option<i64>) -> ApiResult<String> {
    let caller = account.map(|a| a.to_string()).unwrap_or_default();
    Ok(secret.mac(&[b"order", caller.as_bytes(), &serde_json::to_vec(req)?]))
}

/// The payer's ID number as the order stores it.
enum Sealing {
    /// Typed at checkout: sealed for this order.
    Now(String),
    /// A saved payer's: its sealed number copied, with the associated data it was sealed under.
    Copy { sealed: String, aad: String },
}

struct Payer {
    name: String,
    id_masked: String,
    id_hash: String,
    sealed: Sealing,
}

/// The address and payer an order is for: typed at checkout (checked here),
/// or from the signed-in account's book.
async fn resolve(
    st: &AppState,
    req: &OrderRequest,
    account: Option<i64>,
) -> ApiResult<(Address, Payer)> {
    let saved = |field: &str| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotFound,
            format!("{field} is not one of this account's"),
        )
        .field(field)
    };
    let address = match (req.saved_address, account) {
        (Some(id), Some(acc)) => crate::account::addresses::full(st, acc, id)
            .await?
            .ok_or_else(|| saved("saved_address"))?,
        (Some(_), None) => return Err(saved("saved_address")),
        (None, _) => req.address.clone(),
    };
    check_address(&address, &st.regions)?;
    let payer = match (req.saved_payer, account) {
        (Some(id), Some(acc)) => {
            let p = crate::account::payers::sealed(st, acc, id)
                .await?
                .ok_or_else(|| saved("saved_payer"))?;
            Payer {
                name: p.name,
                id_masked: p.id_masked,
                id_hash: p.id_hash,
                sealed: Sealing::Copy {
                    sealed: p.id_sealed,
                    aad: p.seal_aad,
                },
            }
        }
        (Some(_), None) => return Err(saved("saved_payer")),
        (None, _) => {
            check_identity(&req.identity)?;
            Payer {
                name: req.identity.name.trim().to_owned(),
                id_masked: validate::mask_id_number(&req.identity.id_number),
                id_hash: id_hash(&st.keys.id_hash, &req.identity.id_number),
                sealed: Sealing::Now(req.identity.id_number.clone()),
            }
        }
    };
    Ok((address, payer))
}

/// Who places an order, as the request tells.
pub struct Asker<'a> {
    pub account: Option<i64>,
    /// The client's address.
    pub client: Option<String>,
    /// The shop's device cookie, if the client brought one.
    pub device: Option<String>,
    /// Whom the request counts against for its device (the limits'
    /// middleware leaves placing orders to `place`).
    pub counted_as: Who<'a>,
}

/// Places an order: `Created` when new, `Ok` when the same key and request
/// were seen before (the first order is returned, nothing is made twice).
pub async fn place(
    st: &AppState,
    key: &str,
    req: &OrderRequest,
    asker: &Asker<'_>,
) -> ApiResult<(StatusCode, Order)> {
    let Asker {
        account,
        ref client,
        ref device,
        counted_as,
    } = *asker;
    let (pool, index, rate) = (&st.db, &st.index, st.rate.as_ref());
    let hash = request_hash(&st.keys.request, req, account)?;
    if let Some(order) = replay(pool, key, &hash).await? {
        return Ok((StatusCode::OK, order));
    }
    crate::legal::consents::check(&st.documents, &req.accepted, &haitao_core::legal::FOR_ORDER)?;
    let (address, payer) = resolve(st, req, account).await?;
    // The device was counted on the way in; the account and the payer here,
    // whichever phone or address they come from.
    let mut who = vec![counted_as, Who::Payer(&payer.id_hash)];
    who.extend(account.map(Who::Account));
    st.throttle
        .check_all(&who)
        .await
        .map_err(throttle::refused)?;
    let quote = price_cart(pool, rate, &st.clock, &req.lines).await?;
    if let Some(issue) = quote.issues.first() {
        let code = match issue {
            haitao_core::limits::LimitIssue::AnnualLimit { .. } => ErrorCode::AnnualLimit,
            _ => ErrorCode::OrderLimit,
        };
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            "the order is over a cross-border limit",
        )
        .field("lines"));
    }
    // One order, one promise of when it ships.
    let ships = quote::one_window(&quote.lines)
        .map_err(|code| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                "pre-sale lines ship in their own window: order them apart",
            )
            .field("lines")
        })?
        .cloned();
    let id_hash = payer.id_hash.clone();
    // Paid orders only: placing an order reserves nothing of the allowance
    // (starting its payment does); and told only to whom it is no secret (quota.rs).
    if quota::speaks_for(pool, account, &id_hash).await? {
        quota::annual_error(
            quota::used(pool, &st.clock, &id_hash, "", quota::Count::Paid).await?,
            quote.total,
        )?;
    }

    let id = new_order_id();
    let now = st.clock.stamp();
    let pay_by = st.clock.stamp_in(st.settings.pay_within_secs);
    // A client that keeps no cookie is known by its address.
    let device = match (device.as_deref(), client.as_deref()) {
        (Some(d), _) => format!("dev:{d}"),
        (None, Some(ip)) => format!("ip:{ip}"),
        (None, None) => "in-process".to_owned(),
    };
    // Everything is worked out before the transaction, the ID's sealing
    // included; inside it, the buyer's marks (other buyers do not wait for
    // them), the rows, and last the stock, so a SKU every buyer wants is held
    // for one statement and the commit.
    let (quote_json, address_json) = (
        serde_json::to_string(&quote)?,
        serde_json::to_string(&address)?,
    );
    // The order, its lines and consents, its stock and the change log go to
    // the database as one batch (SQLite's writer: one call).
    let sealed = match &payer.sealed {
        Sealing::Now(number) => st.keys.id_seal.seal(&id, number),
        Sealing::Copy { sealed, .. } => sealed.clone(),
    };
    let mut rows = Batch::new();
    rows.push(
        "INSERT INTO orders (id, status, idempotency_key, request_hash, total_fen, quote_json, address_json,
                             payer_name, id_masked, id_hash, id_sealed, id_aad, created_at, status_at, pay_by,
                             account_id, contact_phone, client, device, ships_from, ships_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16, $17, $18, $19, $20)",
        vec![
            id.as_str().into(),
            OrderStatus::AwaitingPayment.as_str().into(),
            key.into(),
            hash.as_str().into(),
            quote.total.amount.into(),
            quote_json.as_str().into(),
            address_json.as_str().into(),
            payer.name.as_str().into(),
            payer.id_masked.as_str().into(),
            id_hash.as_str().into(),
            sealed.into(),
            match &payer.sealed {
                Sealing::Now(_) => None,
                Sealing::Copy { aad, .. } => Some(aad.as_str()),
            }
            .into(),
            now.as_str().into(),
            pay_by.as_str().into(),
            account.into(),
            address.mobile.trim().into(),
            client.as_deref().into(),
            device.as_str().into(),
            ships.as_ref().map(|w| w.from.as_str()).into(),
            ships.as_ref().map(|w| w.to.as_str()).into(),
        ],
    );
    // The seller as it is now: the shipment follows it whatever the catalog
    // becomes.
    let mut line_values: Vec<Value> = vec![id.as_str().into()];
    for line in &quote.lines {
        line_values.push(line.sku.as_str().into());
        line_values.push(i64::from(line.qty).into());
    }
    rows.push(
        format!(
            "INSERT INTO order_lines (order_id, sku, qty, seller_id)
             SELECT $1, t.column1, t.column2,
                    (SELECT p.seller_id FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = t.column1)
               FROM (VALUES {}) AS t",
            crate::infra::db::pairs(2, quote.lines.len())
        ),
        line_values,
    );
    crate::legal::consents::for_order(
        &mut rows,
        &st.documents,
        &id,
        &haitao_core::legal::FOR_ORDER,
        &now,
    );
    // In one order of SKUs, so two orders of the same two cannot each hold
    // one the other waits for.
    let mut takes: Vec<(usize, &str, i64)> = quote
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.sku.as_str(), i64::from(l.qty)))
        .collect();
    takes.sort_unstable_by(|a, b| a.1.cmp(b.1));
    let stock: Vec<(&str, i64)> = takes.iter().map(|&(_, sku, qty)| (sku, qty)).collect();
    let holder = holds::Holder {
        id_hash: &id_hash,
        phone: address.mobile.trim(),
        device: &device,
    };
    // At a hundred percent a buyer may hold the whole shelf: taking the
    // stock is the only check, and buyers need not take turns; the
    // transaction's `BEGIN` then goes with the batch.
    let (tx, written) = if st.settings.hold_percent < 100 {
        let mut tx = CatalogWrite::deferred(pool).await?.begin().await?;
        holds::hold_buyer(&mut tx, &holder).await?;
        for (i, line) in quote.lines.iter().enumerate() {
            holds::check(
                &mut tx,
                &holder,
                &line.sku,
                i64::from(line.qty),
                st.settings.hold_percent,
                format!("lines[{i}].qty"),
            )
            .await?;
        }
        let written = tx.write_order(&id, rows, &stock).await?;
        (tx, written)
    } else {
        CatalogWrite::deferred(pool)
            .await?
            .write_order(&id, rows, &stock)
            .await?
    };
    match written {
        Written::Placed => {}
        Written::Replayed => {
            // Another request with this key won the race: undo our stock
            // changes and answer with its order.
            tx.rollback().await?;
            return replay(pool, key, &hash)
                .await?
                .map(|o| (StatusCode::OK, o))
                .ok_or_else(|| ApiError::not_found("order"));
        }
        Written::Short(n) => {
            let (i, sku, _) = takes[n];
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::OutOfStock,
                format!("not enough stock of {sku}"),
            )
            .field(format!("lines[{i}].qty")));
        }
    }
    tx.commit(pool, Listing { index, rate }).await?;
    tracing::info!(order = %id, total_fen = quote.total.amount, "order placed");
    // As `get` would read it back: a new order has no refunds or parcels.
    let row = OrderRow {
        id,
        status: OrderStatus::AwaitingPayment.as_str().to_owned(),
        created_at: now,
        quote_json,
        address_json,
        payer_name: payer.name,
        id_masked: payer.id_masked,
        paid_at: None,
        payment_method: None,
        pay_by: Some(pay_by),
        cancel_reason: None,
        account_id: account,
        declared_at: None,
        cleared_at: None,
        shipped_at: None,
        delivered_at: None,
        completed_at: None,
        customs_note: None,
    };
    Ok((StatusCode::CREATED, order_of(row, Vec::new(), Vec::new())?))
}

async fn replay(pool: &AnyPool, key: &str, hash: &str) -> ApiResult<Option<Order>> {
    let found: Option<(String, String)> =
        sqlx::query_as("SELECT id, request_hash FROM orders WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?;
    match found {
        None => Ok(None),
        Some((id, stored)) if stored == hash => Ok(Some(get(pool, &id).await?)),
        Some(_) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used for a different order",
        )
        .field("Idempotency-Key")),
    }
}

/// Until when the shopper may ask for money back for part of an order
/// delivered at `delivered_at` (`haitao_core::aftersales::WINDOW_DAYS` on).
pub fn aftersales_until(delivered_at: Option<&str>) -> Option<time::OffsetDateTime> {
    let at = crate::infra::clock::parse(delivered_at?)?;
    Some(at + time::Duration::days(haitao_core::aftersales::WINDOW_DAYS))
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: String,
    status: String,
    created_at: String,
    quote_json: String,
    address_json: String,
    payer_name: String,
    id_masked: String,
    paid_at: Option<String>,
    payment_method: Option<String>,
    pay_by: Option<String>,
    cancel_reason: Option<String>,
    account_id: Option<i64>,
    declared_at: Option<String>,
    cleared_at: Option<String>,
    shipped_at: Option<String>,
    delivered_at: Option<String>,
    completed_at: Option<String>,
    customs_note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RefundRow {
    amount_fen: i64,
    reason: String,
    created_at: String,
}

/// An order as the API shows it: the mobile and ID number masked, the
/// deadline while it can still be paid, and what was refunded.
pub async fn get(pool: &AnyPool, id: &str) -> ApiResult<Order> {
    let r: OrderRow = sqlx::query_as(
        "SELECT id, status, created_at, quote_json, address_json, payer_name, id_masked, paid_at,
                payment_method, pay_by, cancel_reason, account_id,
                declared_at, cleared_at, shipped_at, delivered_at, completed_at, customs_note
         FROM orders WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| ApiError::not_found("order"))?;
    let refunds: Vec<RefundRow> = sqlx::query_as(
        "SELECT amount_fen, reason, created_at FROM refunds WHERE order_id = $1 ORDER BY created_at, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let parcels = shipments::parcels_of_order(pool, id).await?;
    order_of(r, refunds, parcels)
}

/// The order as the API shows it, from its row, refunds and parcels.
fn order_of(
    r: OrderRow,
    refunds: Vec<RefundRow>,
    parcels: Vec<haitao_core::seller::Parcel>,
) -> ApiResult<Order> {
    let status = OrderStatus::parse(&r.status)
        .ok_or_else(|| ApiError::from(sqlx::Error::Decode("order status".into())))?;
    let mut address: Address = serde_json::from_str(&r.address_json)?;
    address.mobile = validate::mask_mobile(&address.mobile);
    Ok(Order {
        payer_name: r.payer_name,
        id_masked: r.id_masked,
        paid_at: r.paid_at,
        payment_method: r.payment_method.as_deref().and_then(PaymentMethod::parse),
        pay_by: r.pay_by.filter(|_| status == OrderStatus::AwaitingPayment),
        cancel_reason: r.cancel_reason.as_deref().and_then(CancelReason::parse),
        refunds: refunds
            .into_iter()
            .filter_map(|refund| {
                Some(Refund {
                    amount: Money::cny(refund.amount_fen),
                    reason: RefundReason::parse(&refund.reason)?,
                    created_at: refund.created_at,
                })
            })
            .collect(),
        status,
        id: r.id,
        created_at: r.created_at,
        quote: serde_json::from_str(&r.quote_json)?,
        address,
        access_token: None,
        in_account: r.account_id.is_some(),
        parcels,
        customs_note: r.customs_note,
        steps: Steps {
            aftersales_until: aftersales_until(r.delivered_at.as_deref())
                .map(crate::infra::clock::stamp),
            declared_at: r.declared_at,
            cleared_at: r.cleared_at,
            shipped_at: r.shipped_at,
            delivered_at: r.delivered_at,
            completed_at: r.completed_at,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_ids_are_readable_and_distinct() {
        let a = new_order_id();
        assert_eq!(a.len(), 14);
        assert!(a.starts_with("HT"));
        assert!(a[2..]
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert!(!a[2..].contains(['I', 'L', 'O', 'U']));
        assert_ne!(a, new_order_id());
    }

    #[test]
    fn idempotency_keys() {
        assert!(check_idempotency_key(Some("0b6f0c1e-5a4e-4c39-9a43-1f1d7f1c2a10")).is_ok());
        for bad in [
            None,
            Some(""),
            Some("short"),
            Some("has space in it"),
            Some("ключ-ключ-ключ"),
        ] {
            assert!(check_idempotency_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn merges_repeated_skus() {
        let l = |sku: &str, qty| CartLine {
            sku: sku.into(),
            qty,
        };
        assert_eq!(
            merge(&[l("a", 1), l("b", 2), l("a", 3)]),
            vec![l("a", 4), l("b", 2)]
        );
    }
}
