//! The catalog in each order a listing sorts by, kept sorted as products
//! change: a page is read off the front of the order, skipping what the
//! query did not match, instead of sorting every match.

use std::cmp::Ordering;

use roaring::RoaringBitmap;

use super::doc::Doc;
use super::docs::Docs;
use super::Sort;

const SORTS: [Sort; 4] = [Sort::Popular, Sort::Newest, Sort::PriceAsc, Sort::PriceDesc];

fn slot(sort: Sort) -> usize {
    match sort {
        Sort::Popular | Sort::Relevance => 0,
        Sort::Newest => 1,
        Sort::PriceAsc => 2,
        Sort::PriceDesc => 3,
    }
}

/// How two products compare in `sort`; equal figures go by product id, and
/// two documents of one product (an old one and the one that replaced it) by
/// document number, so the order is total and a binary search finds a document.
pub fn compare(docs: &Docs, sort: Sort, a: u32, b: u32) -> Ordering {
    let (x, y) = (&docs[a], &docs[b]);
    match sort {
        Sort::Popular | Sort::Relevance => y.sold.cmp(&x.sold).then(x.id.cmp(&y.id)),
        Sort::Newest => y.created_at.cmp(&x.created_at).then(y.id.cmp(&x.id)),
        Sort::PriceAsc => x.min_fen.cmp(&y.min_fen).then(x.id.cmp(&y.id)),
        Sort::PriceDesc => y.min_fen.cmp(&x.min_fen).then(x.id.cmp(&y.id)),
    }
    .then(a.cmp(&b))
}

#[derive(Default)]
pub struct Orders {
    lists: [Vec<u32>; 4],
}

impl Orders {
    /// The orders are sorted at once, on threads of their own: at start-up
    /// the machine's other cores are otherwise idle by then.
    pub fn build(docs: &Docs, ids: &[u32]) -> Self {
        let mut out = Self::default();
        std::thread::scope(|scope| {
            let sorting: Vec<_> = SORTS
                .map(|sort| {
                    scope.spawn(move || {
                        let mut list = ids.to_vec();
                        list.sort_unstable_by(|&a, &b| compare(docs, sort, a, b));
                        (sort, list)
                    })
                })
                .into_iter()
                .collect();
            for handle in sorting {
                match handle.join() {
                    Ok((sort, list)) => out.lists[slot(sort)] = list,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
        out
    }

    /// Adds new documents to every order in one merge.
    pub fn insert_many(&mut self, docs: &Docs, new: &[u32]) {
        for sort in SORTS {
            let mut add = new.to_vec();
            add.sort_unstable_by(|&a, &b| compare(docs, sort, a, b));
            let old = std::mem::take(&mut self.lists[slot(sort)]);
            let mut merged = Vec::with_capacity(old.len() + add.len());
            let (mut i, mut j) = (0, 0);
            while i < old.len() && j < add.len() {
                if compare(docs, sort, old[i], add[j]) == Ordering::Less {
                    merged.push(old[i]);
                    i += 1;
                } else {
                    merged.push(add[j]);
                    j += 1;
                }
            }
            merged.extend_from_slice(&old[i..]);
            merged.extend_from_slice(&add[j..]);
            self.lists[slot(sort)] = merged;
        }
    }

    /// Moves document `doc` in the popularity order after `change` has moved
    /// its sales figure (the only figure orders change).
    pub fn resort_popular(&mut self, docs: &mut Docs, doc: u32, change: impl FnOnce(&mut Doc)) {
        let list = &mut self.lists[slot(Sort::Popular)];
        if let Ok(at) = list.binary_search_by(|&x| compare(docs, Sort::Popular, x, doc)) {
            list.remove(at);
        }
        if let Some(d) = docs.get_mut(doc) {
            change(d);
        }
        let at = list
            .binary_search_by(|&x| compare(docs, Sort::Popular, x, doc))
            .unwrap_or_else(|at| at);
        list.insert(at, doc);
    }

    /// Documents `skip..skip + take` of `set` in `sort`. A set that fills a
    /// page within a short walk of the order is read off it; a small one is
    /// sorted (the walk would pass over most of the catalog to find it).
    pub fn page(
        &self,
        docs: &Docs,
        sort: Sort,
        set: &RoaringBitmap,
        skip: u64,
        take: u64,
    ) -> Vec<u32> {
        let n = set.len();
        if n == 0 || skip >= n || take == 0 {
            return Vec::new();
        }
        let want = (skip + take).min(n);
        let list = &self.lists[slot(sort)];
        let walk = want.saturating_mul(list.len() as u64) / n;
        if walk <= n.saturating_mul(4) {
            return list
                .iter()
                .copied()
                .filter(|&d| set.contains(d))
                .skip(skip as usize)
                .take(take as usize)
                .collect();
        }
        let mut ids: Vec<u32> = set.iter().collect();
        let cmp = |a: &u32, b: &u32| compare(docs, sort, *a, *b);
        if (want as usize) < ids.len() {
            ids.select_nth_unstable_by(want as usize, cmp);
            ids.truncate(want as usize);
        }
        ids.sort_unstable_by(cmp);
        ids.into_iter().skip(skip as usize).collect()
    }
}
