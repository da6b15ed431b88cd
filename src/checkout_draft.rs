//! What the shopper typed at checkout, kept locally so that a reload, the
//! back button or a dropped connection loses nothing; and the idempotency
//! key of the order being placed, so that a retry never makes a second one.

use haitao_core::api::{Address, CartLine};
use serde::{Deserialize, Serialize};

use crate::storage;

const KEY: &str = "haitao.checkout";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub address: Address,
    /// The key, and the cart it was made for: another cart needs another key.
    pub order_key: Option<(String, Vec<CartLine>)>,
}

impl Draft {
    pub fn load() -> Self {
        storage::load(KEY).unwrap_or_default()
    }

    pub fn save(&self) {
        storage::save(KEY, self);
    }

    /// Forgets everything once the order is placed.
    pub fn clear() {
        storage::remove(KEY);
    }

    /// The key for ordering exactly these lines: the same one on every retry.
    pub fn key_for(&mut self, lines: &[CartLine]) -> String {
        match &self.order_key {
            Some((key, for_lines)) if for_lines == lines => key.clone(),
            _ => {
                let key = storage::random_token();
                self.order_key = Some((key.clone(), lines.to_vec()));
                self.save();
                key
            }
        }
    }
}
