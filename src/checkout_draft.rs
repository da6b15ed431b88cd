//! What the shopper typed at checkout, kept locally so that a reload, the
//! back button or a dropped connection loses nothing. The ID number is kept
//! apart, in the tab's own storage only (storage::tab): a reload keeps it,
//! closing the tab or finishing the order ends it.
//! Also the idempotency keys of the order and payment being made, so that a
//! retry never makes a second one.

use haitao_core::api::{Address, CartLine, PaymentMethod};
use haitao_core::legal::Accepted;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage;

const KEY: &str = "haitao.checkout";
/// The address step's own memory beside the draft (pages/checkout/address.rs).
pub const ASIDE: &str = "haitao.checkout.aside";
/// The ID number typed, in the tab's storage.
const ID_NUMBER: &str = "haitao.checkout.id";

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
    /// The documents ticked on the way (legal::FOR_ORDER), in the version read.
    #[serde(default)]
    pub accepted: Vec<Accepted>,
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
        storage::tab::save(ID_NUMBER, "");
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
/// number (the tab's only).
#[derive(Clone, Copy)]
pub struct Checkout {
    pub draft: RwSignal<Draft>,
    pub id_number: RwSignal<String>,
}

impl Checkout {
    pub fn provide() {
        let id_number = RwSignal::new(storage::tab::load(ID_NUMBER).unwrap_or_default());
        Effect::new(move |_| id_number.with(|n| storage::tab::save(ID_NUMBER, n)));
        provide_context(Self {
            draft: RwSignal::new(Draft::load()),
            id_number,
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
