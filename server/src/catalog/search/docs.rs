//! The documents by number, and which number the next one gets.
//!
//! At load every seller is given a run of numbers as long as its catalog, so
//! a seller's products are neighbours in every set however their ids
//! interleave: counting a seller (or an origin, mostly one seller's) among
//! a query's matches then reads a few of the set's containers, not the
//! whole range. Products read in id order fill their seller's run; a number
//! whose product was withdrawn before it was read stays a hole, never live.
//! Products added later take numbers after the last.
//!
//! Folded names, read for the whole-query bonus over thousands of matches
//! at once, are kept end to end in number order, so that pass reads memory
//! forwards instead of chasing one allocation per product.

use foldhash::HashMap;

use super::doc::Doc;

const HOLE: u32 = u32::MAX;

#[derive(Default)]
pub struct Docs {
    held: Vec<Doc>,
    /// Per seller slug, the next number of its run and the run's end.
    runs: HashMap<String, (u32, u32)>,
    /// Per document number (the columns below grow together): where its
    /// document is in `held`, or `HOLE`.
    at: Vec<u32>,
    /// Its origin and seller (interned in `Names`), apart from the documents
    /// so that counting facets reads a few bytes per match.
    facet_ids: Vec<[u32; 2]>,
    /// Where its folded name is in `names`.
    name_at: Vec<(u32, u32)>,
    names: String,
}

impl Docs {
    /// Reserves a run of numbers for each seller, with how many products
    /// it has.
    pub fn reserve(&mut self, sellers: impl IntoIterator<Item = (String, u32)>) {
        for (seller, count) in sellers {
            let from = self.at.len() as u32;
            self.grow(self.at.len() + count as usize);
            self.runs.insert(seller, (from, from + count));
        }
    }

    fn grow(&mut self, len: usize) {
        if len > self.at.len() {
            self.at.resize(len, HOLE);
            self.facet_ids.resize(len, [0, 0]);
            self.name_at.resize(len, (0, 0));
        }
    }

    /// Ends the reserved runs: later products are numbered after the last,
    /// so their names, appended, stay in number order.
    pub fn end_runs(&mut self) {
        self.runs = HashMap::default();
        let mut names = String::with_capacity(self.names.len());
        for at in &mut self.name_at {
            let (from, len) = *at;
            let name = &self.names[from as usize..(from + len) as usize];
            *at = (names.len() as u32, len);
            names.push_str(name);
        }
        self.names = names;
    }

    /// Numbers a document (in its seller's run while runs last, else after
    /// the last number) and holds it; its number.
    pub fn add(&mut self, mut doc: Doc) -> u32 {
        let n = match self.runs.get_mut(&doc.card.seller.slug) {
            Some((next, end)) if *next < *end => {
                *next += 1;
                *next - 1
            }
            _ => self.at.len() as u32,
        };
        let i = n as usize;
        self.grow(i + 1);
        let name = std::mem::take(&mut doc.name);
        self.name_at[i] = (self.names.len() as u32, name.len() as u32);
        self.names.push_str(&name);
        self.facet_ids[i] = [doc.origin_id, doc.seller_id];
        self.at[i] = self.held.len() as u32;
        self.held.push(doc);
        n
    }

    /// Document `n`'s folded name.
    pub fn name(&self, n: u32) -> &str {
        match self.name_at.get(n as usize) {
            Some(&(from, len)) => self
                .names
                .get(from as usize..(from + len) as usize)
                .unwrap_or(""),
            None => "",
        }
    }

    /// Document `n`'s origin and seller ids.
    pub fn facet_ids(&self, n: u32) -> [u32; 2] {
        self.facet_ids.get(n as usize).copied().unwrap_or_default()
    }

    pub fn get(&self, n: u32) -> Option<&Doc> {
        match self.at.get(n as usize) {
            Some(&at) if at != HOLE => self.held.get(at as usize),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, n: u32) -> Option<&mut Doc> {
        match self.at.get(n as usize) {
            Some(&at) if at != HOLE => self.held.get_mut(at as usize),
            _ => None,
        }
    }

    /// Documents held, replaced ones included.
    pub fn held(&self) -> usize {
        self.held.len()
    }
}

/// Sets and orders only hold numbers of documents put, so a missing one is
/// a broken index, not an input.
impl std::ops::Index<u32> for Docs {
    type Output = Doc;

    fn index(&self, n: u32) -> &Doc {
        match self.get(n) {
            Some(doc) => doc,
            None => panic!("document {n} is not in the index"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, seller: &str) -> Doc {
        let mut d = Doc::test(name);
        d.card.seller.slug = seller.into();
        d
    }

    #[test]
    fn each_seller_fills_its_own_run_and_later_products_go_after_the_last() {
        let mut docs = Docs::default();
        docs.reserve([("a".to_owned(), 2), ("b".to_owned(), 3)]);
        assert_eq!(docs.add(doc("b1", "b")), 2);
        assert_eq!(docs.add(doc("a1", "a")), 0);
        assert_eq!(docs.add(doc("b2", "b")), 3);
        assert_eq!(docs.add(doc("a2", "a")), 1);
        // A run used up, or a seller without one: after the last number.
        assert_eq!(docs.add(doc("a3", "a")), 5);
        assert_eq!(docs.add(doc("c1", "c")), 6);
        docs.end_runs();
        assert_eq!(docs.add(doc("b3", "b")), 7);
        assert!(docs.get(4).is_none(), "a number never filled is a hole");
        assert_eq!(docs[3].card.slug, "b2");
        assert_eq!(docs.held(), 7);
    }

    #[test]
    fn names_and_facets_are_found_by_number_before_and_after_the_runs_end() {
        let mut docs = Docs::default();
        docs.reserve([("a".to_owned(), 1), ("b".to_owned(), 1)]);
        let mut syrup = doc("dark maple syrup", "b");
        syrup.origin_id = 7;
        syrup.seller_id = 9;
        let b = docs.add(syrup);
        let a = docs.add(doc("rainier cherries", "a"));
        assert_eq!(docs.name(a), "rainier cherries");
        docs.end_runs();
        let c = docs.add(doc("almonds", "a"));
        assert_eq!(
            [docs.name(a), docs.name(b), docs.name(c)],
            ["rainier cherries", "dark maple syrup", "almonds"]
        );
        assert_eq!(docs.facet_ids(b), [7, 9]);
        assert_eq!(docs.name(99), "");
    }
}
