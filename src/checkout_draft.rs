//! What the shopper typed at checkout, kept locally so that a reload, the
//! back button or a dropped connection loses nothing, except the ID number,
//! which lives only in memory (gone on reload, never written to storage).
//! Also the idempotency keys of the order and payment being made, so that a
//! retry never makes a second one.

use haitao_core::api::{Address, CartLine, PaymentMethod};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage;

const KEY: &str = "haitao.checkout";
/// The address step's own memory beside the draft (pages/checkout/address.rs).
pub const ASIDE: &str = "haitao.checkout.aside";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub address: Address,
    pub payer_name: String,
    pub method: Option<PaymentMethod>,
    /// The key, and the cart it was made for: another cart needs another key.
    pub order_key: Option<(String, Vec<CartLine>)>,
    /// The order placed with that key and the key of its payment, so that a
    /// retry after a timeout pays the same order once.
    pub placed: Option<(String, String)>,
    /// Signed in: the address chosen from the account's book (then `address`
    /// holds its masked copy, for showing).
    #[serde(default)]
    pub saved_address: Option<i64>,
    /// Signed in: the saved payer chosen, and its masked ID number.
    #[serde(default)]
    pub saved_payer: Option<(i64, String)>,
}

impl Draft {
    pub fn load() -> Self {
        storage::load(KEY).unwrap_or_default()
    }

    pub fn save(&self) {
        storage::save(KEY, self);
    }

    /// Forgets everything once the order is paid for or abandoned.
    pub fn clear() {
        storage::remove(KEY);
        storage::remove(ASIDE);
    }

    /// The key for ordering exactly these lines: the same one on every retry.
    pub fn key_for(&mut self, lines: &[CartLine]) -> String {
        match &self.order_key {
            Some((key, for_lines)) if for_lines == lines => key.clone(),
            _ => {
                let key = storage::random_token();
                self.order_key = Some((key.clone(), lines.to_vec()));
                self.placed = None;
                self.save();
                key
            }
        }
    }
}

/// The checkout's state across its steps: the draft (stored) and the ID
/// number (memory only).
#[derive(Clone, Copy)]
pub struct Checkout {
    pub draft: RwSignal<Draft>,
    pub id_number: RwSignal<String>,
}

impl Checkout {
    pub fn provide() {
        provide_context(Self {
            draft: RwSignal::new(Draft::load()),
            id_number: RwSignal::new(String::new()),
        });
    }

    pub fn update(&self, f: impl FnOnce(&mut Draft)) {
        self.draft.update(|d| {
            f(d);
            d.save();
        });
    }

    /// After the order is paid: nothing of it stays on the device.
    pub fn finish(&self) {
        Draft::clear();
        self.draft.set(Draft::default());
        self.id_number.set(String::new());
    }
}
