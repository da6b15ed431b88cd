//! What the third of the "three documents" needs from the shop once an
//! order's parcels have left: per parcel, the logistics enterprise (its
//! customs registration code and name) and the waybill number, with the
//! consignee exactly as the order declaration (CEB311) gave it.
//!
//! The shop does not send the waybill: the logistics enterprise declares its
//! import waybill (CEB511) and the declaring enterprise the inventory list
//! (CEB621), which carries `orderNo`, `logisticsCode`, `logisticsName` and
//! `logisticsNo` and is matched with the order by `orderNo` and with the
//! waybill by `logisticsCode` + `logisticsNo`; the order's consignee, mobile
//! and address must equal the waybill's. (Sources and what is not known:
//! docs/CUSTOMS.md, "The waybill".) `customs waybills` writes those values
//! per order for them, named as the messages name them.

use std::path::{Path, PathBuf};

use haitao_core::api::{Address, OrderStatus};
use haitao_core::carriers::Carrier;
use serde_json::json;
use sqlx::AnyPool;

use crate::infra::clock::Clock;
use crate::infra::mode::Mode;

use super::{Exported, Parties};

/// The customs registration of the logistics enterprise that clears each
/// carrier's parcels in China.
#[derive(Clone, Debug, Default)]
pub struct Logistics {
    /// (logisticsCode, logisticsName) per carrier that has them.
    by_carrier: Vec<(Carrier, String, String)>,
}

/// The settings of a carrier's logistics enterprise: code, then name.
fn setting_names(c: Carrier) -> (&'static str, &'static str) {
    match c {
        Carrier::Usps => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_USPS",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_USPS",
        ),
        Carrier::Ups => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_UPS",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_UPS",
        ),
        Carrier::Fedex => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_FEDEX",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_FEDEX",
        ),
        Carrier::DhlExpress => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_DHL_EXPRESS",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_DHL_EXPRESS",
        ),
        Carrier::Ems => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_EMS",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_EMS",
        ),
        Carrier::ChinaPost => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_CHINA_POST",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_CHINA_POST",
        ),
        Carrier::SfExpress => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_SF_EXPRESS",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_SF_EXPRESS",
        ),
        Carrier::Cainiao => (
            "HAITAO_CUSTOMS_LOGISTICS_CODE_CAINIAO",
            "HAITAO_CUSTOMS_LOGISTICS_NAME_CAINIAO",
        ),
    }
}

impl Logistics {
    /// From `HAITAO_CUSTOMS_LOGISTICS_{CODE,NAME}_<CARRIER>`. Development
    /// fills an unset carrier with test values (marked TEST); production has
    /// no test values: an order shipped with a carrier that has none is not
    /// written, and says why. (Which carriers a shop uses is its own: none
    /// is required to start.) A code without its name is refused.
    pub fn from_env(mode: Mode, get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let set = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut by_carrier = Vec::new();
        for (i, c) in Carrier::ALL.into_iter().enumerate() {
            let (code_var, name_var) = setting_names(c);
            match (set(code_var), set(name_var)) {
                (Some(code), Some(name)) => by_carrier.push((c, code, name)),
                (Some(_), None) | (None, Some(_)) => {
                    return Err(format!("{code_var} and {name_var} go together"))
                }
                (None, None) if mode.is_production() => {}
                (None, None) => by_carrier.push((
                    c,
                    format!("TEST00LOG{i}"),
                    format!("{}（测试）", c.names().1),
                )),
            }
        }
        Ok(Self { by_carrier })
    }

    fn of(&self, c: Carrier) -> Option<(&str, &str)> {
        self.by_carrier
            .iter()
            .find(|(x, _, _)| *x == c)
            .map(|(_, code, name)| (code.as_str(), name.as_str()))
    }
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: String,
    address_json: String,
}

#[derive(sqlx::FromRow)]
struct ParcelRow {
    id: i64,
    carrier: String,
    waybill: String,
    created_at: String,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    parcel_id: i64,
    sku: String,
    qty: i64,
}

/// Writes `LOGISTICS_<order>.json` into `dir` for every shipped order not
/// written yet (paid on or after `since`), and marks each once its file is on
/// disk. An order with a parcel whose carrier has no logistics enterprise
/// set is not written, and is listed.
pub async fn export_waybills(
    pool: &AnyPool,
    clock: &Clock,
    parties: &Parties,
    logistics: &Logistics,
    since: Option<&str>,
    dir: &Path,
) -> Result<Exported, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let orders: Vec<OrderRow> = sqlx::query_as(
        "SELECT id, address_json FROM orders
          WHERE status = $1 AND waybills_declared_at IS NULL AND paid_at >= $2
          ORDER BY paid_at, id",
    )
    .bind(OrderStatus::Shipped.as_str())
    .bind(since.unwrap_or(""))
    .fetch_all(pool)
    .await?;
    let mut out = Exported::default();
    for o in orders {
        let parcels: Vec<ParcelRow> = sqlx::query_as(
            "SELECT p.id, p.carrier, p.waybill, p.created_at FROM parcels p
               JOIN shipments s ON s.id = p.shipment_id
              WHERE s.order_id = $1 ORDER BY p.id",
        )
        .bind(&o.id)
        .fetch_all(pool)
        .await?;
        let lines: Vec<LineRow> = sqlx::query_as(
            "SELECT l.parcel_id, l.sku, l.qty FROM parcel_lines l
               JOIN parcels p ON p.id = l.parcel_id JOIN shipments s ON s.id = p.shipment_id
              WHERE s.order_id = $1 ORDER BY l.parcel_id, l.sku",
        )
        .bind(&o.id)
        .fetch_all(pool)
        .await?;
        let mut written = Vec::new();
        let mut missing = Vec::new();
        for p in &parcels {
            let carrier = Carrier::parse(&p.carrier);
            let Some((code, name)) = carrier.and_then(|c| logistics.of(c)) else {
                missing.push(p.carrier.clone());
                continue;
            };
            let items: Vec<_> = lines
                .iter()
                .filter(|l| l.parcel_id == p.id)
                .map(|l| json!({ "itemNo": l.sku, "qty": l.qty }))
                .collect();
            written.push(json!({
                "logisticsCode": code,
                "logisticsName": name,
                "logisticsNo": p.waybill,
                "carrier": p.carrier,
                "shippedAt": p.created_at,
                "items": items,
            }));
        }
        if !missing.is_empty() {
            missing.sort();
            missing.dedup();
            out.failed.push((
                o.id,
                format!(
                    "no logistics enterprise set for {}: HAITAO_CUSTOMS_LOGISTICS_CODE_<CARRIER> and _NAME_<CARRIER>",
                    missing.join(", ")
                ),
            ));
            continue;
        }
        let a: Address = serde_json::from_str(&o.address_json)?;
        let doc = json!({
            "orderNo": o.id,
            "ebpCode": parties.ebp_code,
            "ebcCode": parties.ebc_code,
            // As the order declaration has them: the waybill's must be the same.
            "consignee": a.recipient,
            "consigneeTelephone": a.mobile,
            "consigneeAddress": haitao_core::validate::consignee_address(&a.province, &a.city, &a.district, &a.street),
            "parcels": written,
        });
        let path: PathBuf = dir.join(format!("LOGISTICS_{}.json", o.id));
        let tmp = dir.join(format!(".LOGISTICS_{}.json.part", o.id));
        std::fs::write(&tmp, serde_json::to_string_pretty(&doc)?)?;
        std::fs::rename(&tmp, &path)?;
        sqlx::query("UPDATE orders SET waybills_declared_at = $1 WHERE id = $2")
            .bind(clock.stamp())
            .bind(&o.id)
            .execute(pool)
            .await?;
        tracing::info!(order = %o.id, "waybills written for customs");
        out.written.push(path);
    }
    Ok(out)
}
