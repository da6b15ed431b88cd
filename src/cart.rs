//! The cart: reactive, kept in localStorage, in step across open tabs.

use haitao_core::api::CartLine;
use haitao_core::quote::{MAX_LINES, MAX_QTY};
use leptos::prelude::*;

use crate::storage;

const KEY: &str = "haitao.cart";

#[derive(Clone, Copy)]
pub struct Cart {
    lines: RwSignal<Vec<CartLine>>,
}

impl Cart {
    /// Loads the saved cart, saves every change, and follows changes made in
    /// other tabs (the `storage` event fires only in the tabs that did not write).
    pub fn provide() -> Self {
        let lines = RwSignal::new(sanitize(storage::load(KEY).unwrap_or_default()));
        Effect::new(move |_| lines.with(|l| storage::save(KEY, l)));
        let handle =
            window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
                if ev.key().as_deref() == Some(KEY) {
                    let theirs: Vec<CartLine> = ev
                        .new_value()
                        .and_then(|v| serde_json::from_str(&v).ok())
                        .unwrap_or_default();
                    lines.set(sanitize(theirs));
                }
            });
        on_cleanup(move || handle.remove());
        let cart = Self { lines };
        provide_context(cart);
        cart
    }

    /// An empty cart that is not kept: the server's rendering of a page,
    /// which cannot know what a device's cart holds.
    pub fn provide_empty() {
        provide_context(Self {
            lines: RwSignal::new(Vec::new()),
        });
    }

    pub fn lines(&self) -> Vec<CartLine> {
        self.lines.get()
    }

    /// Units in the cart, for the header badge.
    pub fn count(&self) -> u32 {
        self.lines.with(|l| l.iter().map(|l| l.qty).sum())
    }

    pub fn qty_of(&self, sku: &str) -> u32 {
        self.lines
            .with(|l| l.iter().find(|l| l.sku == sku).map_or(0, |l| l.qty))
    }

    /// Adds units, capped at what may be ordered and at `stock` when known.
    pub fn add(&self, sku: &str, qty: u32, stock: Option<i64>) {
        let cap = cap(stock);
        self.lines
            .update(|lines| match lines.iter().position(|l| l.sku == sku) {
                Some(i) => lines[i].qty = lines[i].qty.saturating_add(qty).min(cap),
                None if lines.len() < MAX_LINES && cap > 0 => lines.push(CartLine {
                    sku: sku.to_owned(),
                    qty: qty.min(cap),
                }),
                None => {}
            });
    }

    pub fn set_qty(&self, sku: &str, qty: u32, stock: Option<i64>) {
        if qty == 0 {
            return self.remove(sku);
        }
        let qty = qty.min(cap(stock));
        self.lines.update(|lines| {
            if let Some(l) = lines.iter_mut().find(|l| l.sku == sku) {
                l.qty = qty.max(1);
            }
        });
    }

    /// Removes a line, giving it back with where it stood (to put it back).
    pub fn take(&self, sku: &str) -> Option<(usize, CartLine)> {
        let mut taken = None;
        self.lines.update(|lines| {
            if let Some(i) = lines.iter().position(|l| l.sku == sku) {
                taken = Some((i, lines.remove(i)));
            }
        });
        taken
    }

    /// Puts a taken line back where it stood (added to, if the shopper has
    /// added the same item meanwhile).
    pub fn put_back(&self, at: usize, line: CartLine) {
        if self.qty_of(&line.sku) > 0 {
            return self.add(&line.sku, line.qty, None);
        }
        self.lines.update(|lines| {
            if lines.len() < MAX_LINES {
                lines.insert(at.min(lines.len()), line);
            }
        });
    }

    pub fn remove(&self, sku: &str) {
        self.lines.update(|lines| lines.retain(|l| l.sku != sku));
    }

    pub fn clear(&self) {
        self.lines.set(Vec::new());
    }
}

fn cap(stock: Option<i64>) -> u32 {
    stock.map_or(MAX_QTY, |s| {
        u32::try_from(s.max(0)).unwrap_or(MAX_QTY).min(MAX_QTY)
    })
}

/// What comes from storage was written by us or by hand: keep only sane lines.
fn sanitize(mut lines: Vec<CartLine>) -> Vec<CartLine> {
    lines.retain(|l| l.qty > 0 && !l.sku.is_empty() && l.sku.len() <= 64);
    for l in &mut lines {
        l.qty = l.qty.min(MAX_QTY);
    }
    lines.truncate(MAX_LINES);
    lines
}
