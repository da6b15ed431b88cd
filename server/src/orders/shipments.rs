//! What a seller sends of a paid order: a shipment per seller per order (its
//! lines of that seller's products), made when the payment succeeds, sent in
//! one or more parcels, each with a carrier and a waybill. The order is
//! shipped once every shipment's last unit has left. A seller reads and
//! ships only its own shipments; the recipient is shown only while there is
//! something to send and for `RECIPIENT_DAYS` after, only for orders whose
//! buyer agreed to their details going abroad, and each showing is recorded.

use std::collections::HashMap;

use axum::http::StatusCode;
use haitao_core::api::{Address, OrderStatus, Quote};
use haitao_core::carriers::{self, Carrier};
use haitao_core::legal::DocumentName;
use haitao_core::seller::{
    NewParcel, Parcel, ParcelLine, Recipient, ShipmentDetail, ShipmentLine, ShipmentList,
    ShipmentStatus, ShipmentSummary,
};
use haitao_core::ErrorCode;
use sqlx::{Any, AnyPool, Executor};

use crate::infra::clock::Clock;
use crate::infra::db::words;
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::secret::Secret;
use crate::sms::notices;
use crate::sms::Notice;

/// How long after its last unit left a shipment's recipient is still shown
/// (a parcel lost or returned is followed up within it).
pub const RECIPIENT_DAYS: i64 = 90;

/// Makes the shipments of order `order_id` (one per seller of its lines),
/// in the transaction that pays it, and queues the mail that tells each
/// seller's users who want it (sellers/mail.rs sends it).
pub async fn create_for(
    conn: &mut sqlx::AnyConnection,
    order_id: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO shipments (order_id, seller_id, created_at)
         SELECT DISTINCT l.order_id, l.seller_id, $2 FROM order_lines l
          WHERE l.order_id = $1 AND l.seller_id IS NOT NULL
         ON CONFLICT (order_id, seller_id) DO NOTHING",
    )
    .bind(order_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO seller_mails (user_id, kind, order_id, created_at, next_try_at)
         SELECT u.id, 'order', s.order_id, $2, $2 FROM shipments s
           JOIN seller_users u ON u.seller_id = s.seller_id JOIN sellers se ON se.id = s.seller_id
          WHERE s.order_id = $1 AND u.removed_at IS NULL AND u.mail_orders = 1 AND se.suspended_at IS NULL",
    )
    .bind(order_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A shipment of a paid order (paid, declared or shipped; a cancelled or
/// refunded one is nobody's to send), with the units of its lines.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    order_id: String,
    paid_at: String,
    shipped_at: Option<String>,
    units: i64,
    sent: i64,
    ships_from: Option<String>,
    ships_to: Option<String>,
}

impl SummaryRow {
    fn ships(&self) -> Option<haitao_core::api::ShipWindow> {
        crate::catalog::rows::window(self.ships_from.as_deref(), self.ships_to.as_deref())
    }
}

fn summary_sql(filter: &str) -> String {
    format!(
        "SELECT s.id, s.order_id, o.paid_at, s.shipped_at, o.ships_from, o.ships_to,
                (SELECT CAST(COALESCE(SUM(l.qty), 0) AS BIGINT) FROM order_lines l
                  WHERE l.order_id = s.order_id AND l.seller_id = s.seller_id) AS units,
                (SELECT CAST(COALESCE(SUM(pl.qty), 0) AS BIGINT) FROM parcel_lines pl
                   JOIN parcels pa ON pa.id = pl.parcel_id WHERE pa.shipment_id = s.id) AS sent
           FROM shipments s JOIN orders o ON o.id = s.order_id
          WHERE s.seller_id = $1 AND o.status IN ({paid}) {filter}",
        paid = words(OrderStatus::PAID.map(OrderStatus::as_str)),
    )
}

fn status_of(shipped_at: Option<&str>) -> ShipmentStatus {
    if shipped_at.is_some() {
        ShipmentStatus::Shipped
    } else {
        ShipmentStatus::ToShip
    }
}

/// The seller's shipments (`status`: only those), and the counts the list
/// heads with.
pub async fn list(
    pool: &AnyPool,
    seller: i64,
    status: Option<ShipmentStatus>,
    week_ago: &str,
    today: &str,
) -> ApiResult<ShipmentList> {
    let filter = match status {
        None => "",
        Some(ShipmentStatus::ToShip) => "AND s.shipped_at IS NULL",
        Some(ShipmentStatus::Shipped) => "AND s.shipped_at IS NOT NULL",
    };
    // What is to ship, oldest paid first and pre-sales by their window after
    // it; what left, latest first.
    let order = match status {
        Some(ShipmentStatus::Shipped) => "s.shipped_at DESC, s.id DESC",
        _ => "COALESCE(o.ships_from, ''), o.paid_at, s.id",
    };
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{} ORDER BY {order} LIMIT 500",
        summary_sql(filter)
    ))
    .bind(seller)
    .fetch_all(pool)
    .await?;
    let (to_pack,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM shipments s JOIN orders o ON o.id = s.order_id
          WHERE s.seller_id = $1 AND s.shipped_at IS NULL AND o.status IN ({}) AND {}",
        words(OrderStatus::PAID.map(OrderStatus::as_str)),
        crate::customs::due("o.", "$2")
    ))
    .bind(seller)
    .bind(today)
    .fetch_one(pool)
    .await?;
    let (shipped_this_week,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM shipments WHERE seller_id = $1 AND shipped_at >= $2")
            .bind(seller)
            .bind(week_ago)
            .fetch_one(pool)
            .await?;
    Ok(ShipmentList {
        shipments: rows
            .into_iter()
            .map(|r| ShipmentSummary {
                status: status_of(r.shipped_at.as_deref()),
                ships: r.ships(),
                id: r.id,
                order_id: r.order_id,
                paid_at: r.paid_at,
                units: r.units,
                sent: r.sent,
            })
            .collect(),
        to_pack,
        shipped_this_week,
    })
}

/// The seller's shipment `id`; 404 for another seller's or none.
async fn own<'e>(
    db: impl Executor<'e, Database = Any>,
    seller: i64,
    id: i64,
) -> ApiResult<SummaryRow> {
    sqlx::query_as(&format!("{} AND s.id = $2", summary_sql("")))
        .bind(seller)
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| ApiError::not_found("shipment"))
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    quote_json: String,
    address_json: String,
    abroad_consents: i64,
}

#[derive(sqlx::FromRow)]
struct ParcelRow {
    id: i64,
    carrier: String,
    waybill: String,
    created_at: String,
    delivered_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ParcelLineRow {
    parcel_id: i64,
    sku: String,
    qty: i64,
}

/// Whose parcels.
enum Of<'a> {
    Order(&'a str),
    Shipment(i64),
    Parcel(i64),
}

/// The parcels of an order, a shipment or the one parcel, oldest first.
async fn parcels(pool: &AnyPool, of: Of<'_>) -> ApiResult<Vec<Parcel>> {
    let filter = match of {
        Of::Order(_) => "s.order_id = $1",
        Of::Shipment(_) => "s.id = $1",
        Of::Parcel(_) => "pa.id = $1",
    };
    let parcel_sql = format!(
        "SELECT pa.id, pa.carrier, pa.waybill, pa.created_at, pa.delivered_at FROM parcels pa
           JOIN shipments s ON s.id = pa.shipment_id WHERE {filter} ORDER BY pa.id"
    );
    let line_sql = format!(
        "SELECT pl.parcel_id, pl.sku, pl.qty FROM parcel_lines pl
           JOIN parcels pa ON pa.id = pl.parcel_id JOIN shipments s ON s.id = pa.shipment_id
          WHERE {filter} ORDER BY pl.parcel_id, pl.sku"
    );
    let (rows, lines): (Vec<ParcelRow>, Vec<ParcelLineRow>) = match of {
        Of::Order(order) => (
            sqlx::query_as(&parcel_sql)
                .bind(order)
                .fetch_all(pool)
                .await?,
            sqlx::query_as(&line_sql)
                .bind(order)
                .fetch_all(pool)
                .await?,
        ),
        Of::Shipment(id) | Of::Parcel(id) => (
            sqlx::query_as(&parcel_sql).bind(id).fetch_all(pool).await?,
            sqlx::query_as(&line_sql).bind(id).fetch_all(pool).await?,
        ),
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let events = crate::tracking::events_of(pool, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Parcel {
                events: events
                    .iter()
                    .filter(|(p, _)| *p == r.id)
                    .map(|(_, e)| e.clone())
                    .collect(),
                delivered_at: r.delivered_at,
                carrier: Carrier::parse(&r.carrier)?,
                lines: lines
                    .iter()
                    .filter(|l| l.parcel_id == r.id)
                    .map(|l| ParcelLine {
                        sku: l.sku.clone(),
                        qty: l.qty,
                    })
                    .collect(),
                id: r.id,
                waybill: r.waybill,
                shipped_at: r.created_at,
            })
        })
        .collect())
}

/// The parcels of an order, every seller's (the shopper's order page).
pub async fn parcels_of_order(pool: &AnyPool, order_id: &str) -> ApiResult<Vec<Parcel>> {
    parcels(pool, Of::Order(order_id)).await
}

/// Units of each SKU already in the shipment's parcels.
async fn sent_by_sku<'e>(
    db: impl Executor<'e, Database = Any>,
    shipment: i64,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT pl.sku, CAST(SUM(pl.qty) AS BIGINT) FROM parcel_lines pl
           JOIN parcels pa ON pa.id = pl.parcel_id WHERE pa.shipment_id = $1 GROUP BY pl.sku",
    )
    .bind(shipment)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The seller's lines of the order, as placed: (sku, qty).
async fn lines_of<'e>(
    db: impl Executor<'e, Database = Any>,
    seller: i64,
    order_id: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.sku, l.qty FROM order_lines l
          WHERE l.order_id = $1 AND l.seller_id = $2 ORDER BY l.sku",
    )
    .bind(order_id)
    .bind(seller)
    .fetch_all(db)
    .await
}

/// Shipment `id` of `seller` as user `user` reads it; a recipient shown is
/// recorded as seen by them.
pub async fn detail(
    pool: &AnyPool,
    authenticity: &Secret,
    seller: i64,
    user: i64,
    id: i64,
    now: &str,
    shown_since: &str,
) -> ApiResult<ShipmentDetail> {
    let s = own(pool, seller, id).await?;
    let o: OrderRow = sqlx::query_as(
        "SELECT o.quote_json, o.address_json,
                (SELECT COUNT(*) FROM consents c WHERE c.order_id = o.id AND c.document = $2) AS abroad_consents
           FROM orders o WHERE o.id = $1",
    )
    .bind(&s.order_id)
    .bind(DocumentName::ConsentAbroad.slug())
    .fetch_one(pool)
    .await?;
    let quote: Quote = serde_json::from_str(&o.quote_json)?;
    let sent = sent_by_sku(pool, id).await?;
    let mut lines = Vec::new();
    for (sku, qty) in lines_of(pool, seller, &s.order_id).await? {
        let quoted = quote.lines.iter().find(|q| q.sku == sku);
        let codes = mint(pool, authenticity, &s.order_id, &sku, qty, now).await?;
        lines.push(ShipmentLine {
            name: quoted.map(|q| q.name.clone()).unwrap_or_default(),
            label: quoted.map(|q| q.variant.clone()).unwrap_or_default(),
            sent: sent.get(&sku).copied().unwrap_or(0),
            sku,
            qty,
            codes,
        });
    }
    let recent = s.shipped_at.as_deref().is_none_or(|at| at >= shown_since);
    let recipient = if recent && o.abroad_consents > 0 {
        let a: Address = serde_json::from_str(&o.address_json)?;
        sqlx::query(
            "INSERT INTO recipient_views (shipment_id, user_id, viewed_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(user)
        .bind(now)
        .execute(pool)
        .await?;
        Some(Recipient {
            address: haitao_core::validate::consignee_address(
                &a.province,
                &a.city,
                &a.district,
                &a.street,
            ),
            postcode: Some(a.postcode).filter(|p| !p.is_empty()),
            name: a.recipient,
            mobile: a.mobile,
        })
    } else {
        None
    };
    Ok(ShipmentDetail {
        status: status_of(s.shipped_at.as_deref()),
        ships: s.ships(),
        parcels: parcels(pool, Of::Shipment(id)).await?,
        id: s.id,
        order_id: s.order_id,
        paid_at: s.paid_at,
        lines,
        recipient,
    })
}

/// Crockford's base 32: no I, L, O or U, which a printed code would confuse.
pub(crate) const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The authenticity code of unit `unit` (1, 2…) of `sku` in `order`: the
/// first 50 bits of a MAC of the three, ten characters printed as two groups
/// of five. Made by the shop's key, so no one else can make one that checks.
pub fn unit_code(key: &Secret, order: &str, sku: &str, unit: i64) -> String {
    let mac = key.mac_bytes(&[
        order.as_bytes(),
        sku.as_bytes(),
        unit.to_string().as_bytes(),
    ]);
    let bits = mac[..8]
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let chars: String = (0..10)
        .map(|i| char::from(CROCKFORD[((bits >> (64 - 5 * (i + 1))) & 31) as usize]))
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// The codes of a line's units, kept (once) for the check page to find. A
/// code is a MAC, the same at every reading: written only the first time
/// (a slip is opened again and again, and that is a read).
async fn mint(
    pool: &AnyPool,
    key: &Secret,
    order: &str,
    sku: &str,
    qty: i64,
    now: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let codes: Vec<String> = (1..=qty)
        .map(|unit| unit_code(key, order, sku, unit))
        .collect();
    let (kept,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM authenticity_codes WHERE order_id = $1 AND sku = $2")
            .bind(order)
            .bind(sku)
            .fetch_one(pool)
            .await?;
    if kept < qty {
        for (unit, code) in (1_i64..).zip(&codes) {
            sqlx::query(
                "INSERT INTO authenticity_codes (code, order_id, sku, unit, minted_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(code)
            .bind(order)
            .bind(sku)
            .bind(unit)
            .bind(now)
            .execute(pool)
            .await?;
        }
    }
    Ok(codes)
}

/// What a parcel request asks, written the same for the same request
/// (lines in SKU order, quantities of one SKU added).
fn request_of(carrier: Carrier, waybill: &str, lines: &[ParcelLine]) -> String {
    let mut by_sku: Vec<(String, i64)> = Vec::new();
    for l in lines {
        let sku = l.sku.trim();
        match by_sku.iter_mut().find(|(s, _)| s == sku) {
            Some((_, qty)) => *qty = qty.saturating_add(l.qty),
            None => by_sku.push((sku.to_owned(), l.qty)),
        }
    }
    by_sku.sort();
    let lines: Vec<String> = by_sku.iter().map(|(s, q)| format!("{s}:{q}")).collect();
    format!("{}|{waybill}|{}", carrier.as_str(), lines.join(","))
}

fn refuse(status: StatusCode, code: ErrorCode, field: &str, message: &str) -> ApiError {
    ApiError::new(status, code, message).field(field)
}

/// Records a parcel of shipment `id` that user `user` of `seller` sent, under
/// the request's idempotency `key` (a retried request answers the parcel it
/// made: `false` beside it). The shipment is shipped when its last unit has
/// left, the order when every shipment has.
pub async fn add_parcel(
    pool: &AnyPool,
    clock: &Clock,
    seller: i64,
    user: i64,
    id: i64,
    key: &str,
    new: &NewParcel,
) -> ApiResult<(bool, Parcel)> {
    let now = &clock.stamp();
    let carrier = Carrier::parse(new.carrier.trim()).ok_or_else(|| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidCarrier,
            "carrier",
            "no such carrier",
        )
    })?;
    let waybill = carriers::waybill(carrier, &new.waybill).map_err(|code| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            "waybill",
            "not a waybill number of this carrier",
        )
    })?;
    let mut tx = crate::infra::db::begin_write(pool).await?;
    // Units left to send and the waybill are decided under the shipment's lock.
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Shipment(id)).await?;
    let s = own(&mut *tx, seller, id).await?;
    let request = request_of(carrier, &waybill, &new.lines);
    let made: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT id, request FROM parcels WHERE shipment_id = $1 AND idempotency_key = $2",
    )
    .bind(id)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((parcel, asked)) = made {
        tx.rollback().await?;
        if asked.is_some_and(|asked| asked != request) {
            return Err(refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "Idempotency-Key",
                "this Idempotency-Key was used for a different parcel",
            ));
        }
        let parcel = parcels(pool, Of::Parcel(parcel))
            .await?
            .pop()
            .ok_or_else(|| ApiError::not_found("parcel"))?;
        return Ok((false, parcel));
    }
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM parcels WHERE carrier = $1 AND waybill = $2")
            .bind(carrier.as_str())
            .bind(&waybill)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(refuse(
            StatusCode::CONFLICT,
            ErrorCode::WaybillTaken,
            "waybill",
            "this carrier's waybill is another parcel's already",
        ));
    }
    let ordered = lines_of(&mut *tx, seller, &s.order_id).await?;
    let sent = sent_by_sku(&mut *tx, id).await?;
    let mut wanted: Vec<ParcelLine> = Vec::new();
    for line in &new.lines {
        let sku = line.sku.trim();
        let left = ordered
            .iter()
            .find(|(s, _)| s == sku)
            .map(|(_, qty)| qty - sent.get(sku).copied().unwrap_or(0));
        let already = wanted.iter().find(|w| w.sku == sku).map_or(0, |w| w.qty);
        match left {
            Some(left)
                if line.qty > 0 && already.checked_add(line.qty).is_some_and(|n| n <= left) =>
            {
                match wanted.iter_mut().find(|w| w.sku == sku) {
                    Some(w) => w.qty += line.qty,
                    None => wanted.push(ParcelLine {
                        sku: sku.to_owned(),
                        qty: line.qty,
                    }),
                }
            }
            _ => {
                return Err(refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::InvalidParcel,
                    "lines",
                    "a line not in this shipment, or more units than are left to send",
                ))
            }
        }
    }
    if wanted.is_empty() {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidParcel,
            "lines",
            "a parcel holds at least one unit",
        ));
    }
    let (parcel,): (i64,) = sqlx::query_as(
        "INSERT INTO parcels (shipment_id, carrier, waybill, idempotency_key, created_by, created_at, request)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(id)
    .bind(carrier.as_str())
    .bind(&waybill)
    .bind(key)
    .bind(user)
    .bind(now)
    .bind(&request)
    .fetch_one(&mut *tx)
    .await?;
    for line in &wanted {
        sqlx::query("INSERT INTO parcel_lines (parcel_id, sku, qty) VALUES ($1, $2, $3)")
            .bind(parcel)
            .bind(&line.sku)
            .bind(line.qty)
            .execute(&mut *tx)
            .await?;
    }
    let units_left: i64 = ordered
        .iter()
        .map(|(sku, qty)| {
            let now_sent = sent.get(sku).copied().unwrap_or(0)
                + wanted.iter().find(|w| &w.sku == sku).map_or(0, |w| w.qty);
            qty - now_sent
        })
        .sum();
    if units_left == 0 {
        sqlx::query("UPDATE shipments SET shipped_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let (waiting,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM shipments WHERE order_id = $1 AND shipped_at IS NULL",
        )
        .bind(&s.order_id)
        .fetch_one(&mut *tx)
        .await?;
        if waiting == 0 {
            let moved = sqlx::query(&format!(
                "UPDATE orders SET status = $1, status_at = $2, shipped_at = $2 WHERE id = $3 AND status IN ({})",
                words(OrderStatus::BEFORE_SHIPPING.map(OrderStatus::as_str))
            ))
            .bind(OrderStatus::Shipped.as_str())
            .bind(now)
            .bind(&s.order_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 1 {
                // The shopper is told at the delivery mobile (a guest has no account).
                let (address,): (String,) =
                    sqlx::query_as("SELECT address_json FROM orders WHERE id = $1")
                        .bind(&s.order_id)
                        .fetch_one(&mut *tx)
                        .await?;
                let address: Address = serde_json::from_str(&address)?;
                notices::enqueue_phone(&mut tx, clock, &address.mobile, Notice::Shipped).await?;
            }
            tracing::info!(order = %s.order_id, "order shipped: every parcel has left");
        }
    }
    tx.commit().await?;
    tracing::info!(
        shipment = id,
        parcel,
        carrier = carrier.as_str(),
        "parcel sent"
    );
    Ok((
        true,
        Parcel {
            id: parcel,
            carrier,
            waybill,
            shipped_at: now.to_owned(),
            lines: wanted,
            events: Vec::new(),
            delivered_at: None,
        },
    ))
}

/// Whether `code` is the authenticity code of a unit of one of `seller`'s shipments.
pub async fn seller_has_code(pool: &AnyPool, seller: i64, code: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT a.code FROM authenticity_codes a
           JOIN order_lines l ON l.order_id = a.order_id AND l.sku = a.sku
          WHERE a.code = $1 AND l.seller_id = $2",
    )
    .bind(code)
    .bind(seller)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// A unit's label QR code, as SVG: the address of the shop's check page for
/// `code`, which a shopper's phone camera opens.
pub fn code_qr_svg(base_url: &str, code: &str) -> Option<String> {
    let url = format!("{base_url}/v/{code}");
    let qr =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        qr.render::<qrcode::render::svg::Color>()
            .min_dimensions(120, 120)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes_are_short_printable_and_each_units_own() {
        let key = Secret::new(b"k".repeat(32));
        let code = unit_code(&key, "HT123", "AL-500G", 1);
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        assert!(code
            .chars()
            .filter(|c| *c != '-')
            .all(|c| CROCKFORD.contains(&(c as u8))));
        assert_eq!(
            code,
            unit_code(&key, "HT123", "AL-500G", 1),
            "the same unit, the same code"
        );
        let others = [
            unit_code(&key, "HT123", "AL-500G", 2),
            unit_code(&key, "HT124", "AL-500G", 1),
            unit_code(&key, "HT123", "AL-1KG", 1),
            unit_code(&Secret::new(b"j".repeat(32)), "HT123", "AL-500G", 1),
        ];
        assert!(others.iter().all(|o| *o != code), "{code} {others:?}");
    }
}
