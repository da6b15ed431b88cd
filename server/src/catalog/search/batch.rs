//! Products read for the index, before they have document numbers: their
//! documents, and their tokens grouped by token. Reading and cutting happen
//! off the index's lock (and at start-up on other threads); adding a batch
//! then costs one vocabulary lookup per distinct token, not one per product
//! and token.

use foldhash::HashMap;

use haitao_core::ExchangeRate;

use super::doc::{Doc, Row};
use super::tokens::{Tokenizer, FIELDS};

#[derive(Default)]
pub struct Batch {
    pub docs: Vec<Doc>,
    /// Per token, per field: the positions in `docs` holding it, ascending.
    pub tokens: HashMap<Box<str>, [Vec<u32>; FIELDS]>,
}

impl Batch {
    pub fn of(rows: Vec<Row>, rate: &ExchangeRate) -> Self {
        let mut tokenizer = Tokenizer::default();
        let mut batch = Batch::default();
        for row in rows {
            let at = batch.docs.len() as u32;
            let tokens = &mut batch.tokens;
            let doc = row.prepare(rate, &mut tokenizer, |token, field| {
                let lists = match tokens.get_mut(token) {
                    Some(lists) => lists,
                    None => tokens.entry(token.into()).or_default(),
                };
                let list = &mut lists[usize::from(field)];
                if list.last() != Some(&at) {
                    list.push(at);
                }
            });
            batch.docs.extend(doc);
        }
        batch
    }
}
