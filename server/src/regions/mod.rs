//! China's administrative regions (GB/T 2260: province, city, district), the
//! same file the storefront's address picker loads: addresses are checked
//! against it, and English readers get its provinces and cities by name.

pub mod names;

const REGIONS: &str = include_str!("../../../public/data/regions.json");

/// The regions, as the storefront's picker has them.
pub fn load() -> Result<Vec<haitao_core::regions::Province>, serde_json::Error> {
    serde_json::from_str(REGIONS)
}
