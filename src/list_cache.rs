//! Listing pages already fetched, and where the shopper had scrolled, so
//! that coming back to a listing shows it at once and at the same place.

use std::collections::HashMap;

use haitao_core::api::ProductList;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ListCache {
    pages: StoredValue<HashMap<String, ProductList>>,
    scroll: StoredValue<HashMap<String, f64>>,
}

/// Enough for a session's browsing; beyond it the oldest half is dropped.
const MAX_PAGES: usize = 200;

impl ListCache {
    pub fn provide() {
        provide_context(Self {
            pages: StoredValue::new(HashMap::new()),
            scroll: StoredValue::new(HashMap::new()),
        });
    }

    pub fn get(&self, key: &str) -> Option<ProductList> {
        self.pages.with_value(|p| p.get(key).cloned())
    }

    pub fn put(&self, key: String, list: ProductList) {
        self.pages.update_value(|p| {
            if p.len() >= MAX_PAGES {
                let drop: Vec<String> = p.keys().take(MAX_PAGES / 2).cloned().collect();
                for k in drop {
                    p.remove(&k);
                }
            }
            p.insert(key, list);
        });
    }

    pub fn save_scroll(&self, url: String, y: f64) {
        self.scroll.update_value(|s| {
            s.insert(url, y);
        });
    }

    pub fn take_scroll(&self, url: &str) -> Option<f64> {
        self.scroll.try_update_value(|s| s.remove(url)).flatten()
    }
}
