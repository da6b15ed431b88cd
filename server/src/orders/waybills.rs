//! `customs waybills`: each shipped order's parcels, as the inventory list
//! (CEB621) and the logistics enterprise's import waybill (CEB511) need them
//! from the shop (customs/logistics.rs says what and why; docs/CUSTOMS.md).

use std::path::{Path, PathBuf};

use haitao_core::api::{Address, OrderStatus};
use serde_json::json;
use sqlx::AnyPool;

use crate::customs::logistics::Logistics;
use crate::customs::{Exported, Parties};
use crate::infra::clock::Clock;

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: String,
    address_json: String,
}

/// Writes `LOGISTICS_<order>.json` into `dir` for every shipped order not
/// written yet (paid on or after `since`), and marks each once its file is on
/// disk. An order with a parcel whose carrier has no logistics enterprise
/// set is not written, and is listed.
pub async fn export(
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
        let parcels = super::shipments::parcels_of_order(pool, &o.id)
            .await
            .map_err(|e| e.message)?;
        let mut written = Vec::new();
        let mut missing = Vec::new();
        for p in &parcels {
            let Some((code, name)) = logistics.enterprise(p.carrier) else {
                missing.push(p.carrier.as_str());
                continue;
            };
            let items: Vec<_> = p
                .lines
                .iter()
                .map(|l| json!({ "itemNo": l.sku, "qty": l.qty }))
                .collect();
            written.push(json!({
                "logisticsCode": code,
                "logisticsName": name,
                "logisticsNo": p.waybill,
                "carrier": p.carrier.as_str(),
                "shippedAt": p.shipped_at,
                "items": items,
            }));
        }
        if !missing.is_empty() {
            missing.sort_unstable();
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
