//! Where each parcel is, from the carrier through a `TrackingProvider`:
//! Kuaidi100 in production (its subscription pushes a parcel's events to
//! `POST /api/tracking/kuaidi100/notify`; its real-time query is the
//! fallback when no push came for a while), the development provider
//! otherwise (production refuses it). Events are stored once per parcel
//! (`record`), so a push replayed or a query that repeats a push changes
//! nothing; a signed-for event delivers the parcel (`delivery.rs`).
//! docs/SHIPPING.md "Tracking" names the source of each rule.

pub mod delivery;
pub mod dev;
pub mod kuaidi100;

use std::sync::Arc;

use haitao_core::carriers::Carrier;
use haitao_core::tracking::{TrackEvent, TrackState};
use sqlx::AnyPool;

use crate::infra::clock::Clock;
use crate::infra::mode::Mode;

#[derive(Debug, thiserror::Error)]
#[error("tracking: {0}")]
pub struct TrackingError(pub String);

/// A parcel as a provider is asked about it.
#[derive(Clone, Debug)]
pub struct ParcelRef {
    pub id: i64,
    pub carrier: Carrier,
    pub waybill: String,
    /// RFC 3339: when it left.
    pub shipped_at: String,
    /// The delivery mobile's last four digits (SF Express will not answer
    /// without them).
    pub phone_tail: String,
    /// "省市区" of the delivery address.
    pub to: String,
    /// The seller's US state (the development provider's first event).
    pub origin: String,
}

#[async_trait::async_trait]
pub trait TrackingProvider: Send + Sync {
    fn name(&self) -> &'static str;
    /// Whether the provider pushes events once subscribed (else the shop
    /// asks it, `query`, every round).
    fn pushes(&self) -> bool;
    /// Asks the provider to follow the parcel and push its events.
    async fn subscribe(&self, p: &ParcelRef) -> Result<(), TrackingError>;
    /// The parcel's events so far.
    async fn query(&self, p: &ParcelRef) -> Result<Vec<TrackEvent>, TrackingError>;
}

/// The provider `HAITAO_TRACKING` names: `development` (the default outside
/// production) or `kuaidi100`. Production refuses the development one.
pub struct Tracking {
    pub provider: Arc<dyn TrackingProvider>,
    /// Kuaidi100, when it is the one (its callback is mounted).
    pub kuaidi100: Option<Arc<kuaidi100::Kuaidi100>>,
}

pub fn from_env(
    mode: Mode,
    clock: &Clock,
    base_url: &str,
    keys: &crate::infra::keys::Keys,
    http: &reqwest::Client,
    get: impl Fn(&str) -> Option<String>,
) -> Result<Tracking, String> {
    let choice = get("HAITAO_TRACKING").filter(|v| !v.trim().is_empty());
    match choice.as_deref().map(str::trim) {
        None | Some("development") if mode.is_production() => Err(
            "HAITAO_ENV=production: parcels would move by a script, not by their carriers \
             (the development tracking provider); set HAITAO_TRACKING=kuaidi100 and its \
             HAITAO_KUAIDI100_* settings"
                .into(),
        ),
        None | Some("development") => {
            let speed = match get("HAITAO_DEV_TRACKING_SPEED") {
                None => dev::DEFAULT_SPEED,
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| {
                        format!("HAITAO_DEV_TRACKING_SPEED={v:?}: expected a whole number above 0")
                    })?,
            };
            Ok(Tracking {
                provider: Arc::new(dev::DevTracking::new(clock.clone(), speed)),
                kuaidi100: None,
            })
        }
        Some("kuaidi100") => {
            let k = Arc::new(kuaidi100::Kuaidi100::from_env(
                mode, base_url, keys, http, &get,
            )?);
            Ok(Tracking {
                provider: k.clone(),
                kuaidi100: Some(k),
            })
        }
        Some(other) => Err(format!(
            "HAITAO_TRACKING={other:?}: expected `development` or `kuaidi100`"
        )),
    }
}

/// What `record` changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Events not seen before.
    pub new_events: u64,
    /// The parcel became delivered.
    pub delivered: bool,
}

/// Keeps `events` of parcel `parcel`, each once, and delivers the parcel
/// when one says it was signed for (delivery.rs moves its order on).
pub async fn record(
    db: &AnyPool,
    clock: &Clock,
    parcel: i64,
    events: &[TrackEvent],
) -> Result<Recorded, sqlx::Error> {
    let now = clock.stamp();
    let mut tx = db.begin().await?;
    let mut new_events = 0;
    for e in events {
        new_events += sqlx::query(
            "INSERT INTO parcel_events (parcel_id, at, state, text, place, received_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(parcel)
        .bind(&e.at)
        .bind(e.state.as_str())
        .bind(&e.text)
        .bind(&e.place)
        .bind(&now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    // The earliest signed-for event is when it arrived (a carrier may repeat it).
    let signed = events
        .iter()
        .filter(|e| e.state == TrackState::Delivered)
        .map(|e| e.at.as_str())
        .min();
    let delivered = match signed {
        Some(at) => delivery::deliver(&mut tx, clock, parcel, at, "carrier").await?,
        None => false,
    };
    tx.commit().await?;
    if new_events > 0 {
        tracing::info!(parcel, new_events, delivered, "tracking events");
    }
    Ok(Recorded {
        new_events,
        delivered,
    })
}

/// The parcel's events, newest first.
pub async fn events_of(
    db: &AnyPool,
    parcels: &[i64],
) -> Result<Vec<(i64, TrackEvent)>, sqlx::Error> {
    if parcels.is_empty() {
        return Ok(Vec::new());
    }
    let ids = parcels
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT parcel_id, at, state, text, place FROM parcel_events
          WHERE parcel_id IN ({ids}) ORDER BY parcel_id, at DESC, text"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some((
                r.parcel_id,
                TrackEvent {
                    at: r.at,
                    state: TrackState::parse(&r.state)?,
                    text: r.text,
                    place: r.place,
                },
            ))
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    parcel_id: i64,
    at: String,
    state: String,
    text: String,
    place: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Following {
    id: i64,
    carrier: String,
    waybill: String,
    created_at: String,
    address_json: String,
    origin: Option<String>,
}

/// Parcels on their way, the oldest asked about first.
async fn on_their_way(
    db: &AnyPool,
    filter: &str,
    limit: i64,
) -> Result<Vec<ParcelRef>, sqlx::Error> {
    let rows: Vec<Following> = sqlx::query_as(&format!(
        "SELECT pa.id, pa.carrier, pa.waybill, pa.created_at, o.address_json,
                (SELECT MIN(p.origin_state) FROM order_lines l JOIN variants v ON v.sku = l.sku
                   JOIN products p ON p.id = v.product_id WHERE l.order_id = o.id) AS origin
           FROM parcels pa JOIN shipments s ON s.id = pa.shipment_id JOIN orders o ON o.id = s.order_id
          WHERE pa.delivered_at IS NULL AND {filter}
          ORDER BY COALESCE(pa.tracking_queried_at, pa.created_at), pa.id LIMIT {limit}"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let a: haitao_core::api::Address = serde_json::from_str(&r.address_json).ok()?;
            let digits: String = a.mobile.chars().filter(char::is_ascii_digit).collect();
            Some(ParcelRef {
                id: r.id,
                carrier: Carrier::parse(&r.carrier)?,
                waybill: r.waybill,
                shipped_at: r.created_at,
                phone_tail: digits[digits.len().saturating_sub(4)..].to_owned(),
                to: format!("{}{}{}", a.province, a.city, a.district),
                origin: r.origin.unwrap_or_default(),
            })
        })
        .collect())
}

/// At most this many parcels per round of each kind.
const BATCH: i64 = 100;
/// A parcel with no news for this long is asked about directly, at most
/// this often (Kuaidi100 locks a number asked about more than every half
/// hour, and means the query for the exceptional case).
const QUERY_AFTER_SECS: i64 = 6 * 3600;

/// One round: parcels not yet subscribed are; parcels of a provider that
/// does not push, or with no news for a while, are asked about.
pub async fn follow(db: &AnyPool, clock: &Clock, provider: &dyn TrackingProvider) {
    if let Err(err) = round(db, clock, provider).await {
        tracing::warn!("tracking: {err}");
    }
}

async fn round(
    db: &AnyPool,
    clock: &Clock,
    provider: &dyn TrackingProvider,
) -> Result<(), sqlx::Error> {
    if provider.pushes() {
        for p in on_their_way(db, "pa.tracking_asked_at IS NULL", BATCH).await? {
            let state = match provider.subscribe(&p).await {
                Ok(()) => "subscribed".to_owned(),
                Err(err) => {
                    tracing::warn!(parcel = p.id, "tracking subscription: {err}");
                    format!("refused: {}", err.0)
                }
            };
            sqlx::query(
                "UPDATE parcels SET tracking_asked_at = $1, tracking_state = $2 WHERE id = $3",
            )
            .bind(clock.stamp())
            .bind(state)
            .bind(p.id)
            .execute(db)
            .await?;
        }
    }
    let filter = if provider.pushes() {
        // No push since a while: the last event, or the subscription, is old.
        format!(
            "pa.tracking_asked_at IS NOT NULL
             AND COALESCE(pa.tracking_queried_at, pa.tracking_asked_at) <= '{since}'
             AND COALESCE((SELECT MAX(received_at) FROM parcel_events e WHERE e.parcel_id = pa.id), pa.tracking_asked_at) <= '{since}'",
            since = clock.stamp_in(-QUERY_AFTER_SECS)
        )
    } else {
        "1 = 1".to_owned()
    };
    for p in on_their_way(db, &filter, BATCH).await? {
        match provider.query(&p).await {
            Ok(events) => {
                record(db, clock, p.id, &events).await?;
            }
            Err(err) => tracing::warn!(parcel = p.id, "tracking query: {err}"),
        }
        sqlx::query("UPDATE parcels SET tracking_queried_at = $1 WHERE id = $2")
            .bind(clock.stamp())
            .bind(p.id)
            .execute(db)
            .await?;
    }
    Ok(())
}
