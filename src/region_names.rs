//! The English names of provinces and cities, for shoppers reading in
//! English: an address stays Chinese (the label and customs need it so) and
//! English readers see "Shenzhen, Guangdong" beside it. Each page that shows
//! addresses provides it (it is not in the first download); fetched the
//! first time such a page shows a region in English (the browser caches it).

use std::sync::Arc;

use haitao_core::api::RegionNames;
use haitao_core::text::Lang;
use haitao_core::validate::region_line;
use leptos::prelude::*;

use crate::i18n::lang;

#[derive(Clone, Copy)]
pub struct Names {
    names: RwSignal<Option<Arc<RegionNames>>>,
    asked: RwSignal<bool>,
}

impl Names {
    pub fn provide() {
        provide_context(Self {
            names: RwSignal::new(None),
            asked: RwSignal::new(false),
        });
    }

    /// The names, once here (tracked); asks for them the first time.
    fn get() -> Option<Arc<RegionNames>> {
        let this = use_context::<Self>()?;
        if !this.asked.get_untracked() {
            this.asked.set(true);
            #[cfg(feature = "csr")]
            leptos::task::spawn_local(async move {
                if let Ok(names) = crate::api::region_names().await {
                    this.names.set(Some(Arc::new(names)));
                } else {
                    // Chinese alone is still a whole address: ask again next time.
                    this.asked.set(false);
                }
            });
        }
        this.names.get()
    }
}

/// "Shenzhen, Guangdong" in English, once the names are here; nothing in Chinese.
pub fn english(province: &str, city: &str) -> Option<String> {
    english_names()?.english(province, city)
}

/// An address's place as it is written (province, city, district, then
/// `rest`: the street, and the postcode when shown), and in English the
/// English names after it: "广东省深圳市南山区科技园路1号 (Shenzhen, Guangdong)".
pub fn place_text(province: &str, city: &str, district: &str, rest: &str) -> String {
    let line = format!("{}{rest}", region_line(province, city, district));
    match english(province, city) {
        Some(en) => format!("{line} ({en})"),
        None => line,
    }
}

/// The names, in English pages once they are here (tracked).
pub fn english_names() -> Option<Arc<RegionNames>> {
    if lang() != Lang::EnUs {
        return None;
    }
    Names::get()
}
