//! What the third of the "three documents" needs from the shop once an
//! order's parcels have left: per parcel, the logistics enterprise (its
//! customs registration code and name) and the waybill number, with the
//! consignee exactly as the order declaration (CEB311) gave it. The
//! settings are here; the export, which reads the orders' parcels, is
//! `orders::waybills`.
//!
//! The shop does not send the waybill: the logistics enterprise declares its
//! import waybill (CEB511) and the declaring enterprise the inventory list
//! (CEB621), which carries `orderNo`, `logisticsCode`, `logisticsName` and
//! `logisticsNo` and is matched with the order by `orderNo` and with the
//! waybill by `logisticsCode` + `logisticsNo`; the order's consignee, mobile
//! and address must equal the waybill's. (Sources and what is not known:
//! docs/CUSTOMS.md, "The waybill".) `customs waybills` writes those values
//! per order for them, named as the messages name them.

use crate::infra::mode::Mode;
use haitao_core::carriers::Carrier;

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

    /// The enterprise (code, name) that clears `carrier`'s parcels, when set.
    pub fn enterprise(&self, carrier: Carrier) -> Option<(&str, &str)> {
        self.by_carrier
            .iter()
            .find(|(x, _, _)| *x == carrier)
            .map(|(_, code, name)| (code.as_str(), name.as_str()))
    }
}
