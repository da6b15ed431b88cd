//! The tokens that open a guest's orders, kept on the device by order id:
//! the server answers an order only to its account or to its token holder.
//! The few most recent are kept.

use std::collections::VecDeque;

use crate::storage;

const KEY: &str = "haitao.order-tokens";
const KEEP: usize = 20;

pub fn get(order_id: &str) -> Option<String> {
    storage::load::<VecDeque<(String, String)>>(KEY)?
        .into_iter()
        .find(|(id, _)| id == order_id)
        .map(|(_, t)| t)
}

pub fn remember(order_id: &str, token: &str) {
    let mut all: VecDeque<(String, String)> = storage::load(KEY).unwrap_or_default();
    all.retain(|(id, _)| id != order_id);
    all.push_front((order_id.to_owned(), token.to_owned()));
    all.truncate(KEEP);
    storage::save(KEY, &all);
}
