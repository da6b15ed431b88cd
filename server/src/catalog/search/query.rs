//! Answering a listing: the query's words and filters become one set of
//! products, facets are counted on it, and the page is taken from the front
//! of the sort order (by relevance: from the best-scoring group down).

use std::collections::BTreeMap;

use haitao_core::api::{FacetCount, Facets, ProductList, SellerFacet};
use haitao_core::ExchangeRate;
use memchr::memmem::Finder;
use roaring::{MultiOps, RoaringBitmap};

use super::names::Kind;
use super::text::{self, Piece};
use super::tokens::{NAME, WEIGHTS, W_PHRASE, W_WHOLE};
use super::vocab::TermSets;
use super::Index;

/// A checked listing request; `catalog::list` makes it from the query string.
pub struct Search<'a> {
    pub q: Option<&'a str>,
    pub category: Option<&'a str>,
    pub seller: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub min_fen: Option<i64>,
    pub max_fen: Option<i64>,
    pub in_stock: bool,
    pub in_season: Option<u8>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sort {
    Relevance,
    Popular,
    Newest,
    PriceAsc,
    PriceDesc,
}

/// Seller facets shown, most products first.
const SELLER_FACETS: usize = 30;

/// Roughly how many matches one facet's intersection costs as much as
/// counting (measured with `make bench`'s large catalog).
const FACET_SET_COST: usize = 256;

impl Index {
    pub fn search(&self, s: &Search, rate: &ExchangeRate) -> ProductList {
        let q = s.q.map(text::fold).filter(|q| !q.is_empty());
        let terms: Vec<TermSets> = q
            .as_deref()
            .map(|q| {
                text::pieces(q)
                    .map(|p| {
                        let stem = match p {
                            Piece::Latin(w) => text::stem_word(w),
                            Piece::Cjk(_) => String::new(),
                        };
                        self.vocab.matches(p, &stem)
                    })
                    .collect()
            })
            .unwrap_or_default();

        let matched = if q.is_some() && terms.is_empty() {
            RoaringBitmap::new() // only punctuation: nothing can match it
        } else {
            self.filtered(s, &terms)
        };
        let facets = self.facets(&matched);
        let mut hits = matched;
        let facet_filters = [
            s.seller.map(|x| (Kind::Seller, x.to_owned())),
            s.origin.map(|o| (Kind::Origin, o.to_ascii_uppercase())),
        ];
        for (kind, name) in facet_filters.into_iter().flatten() {
            match self.names.find(kind, &name) {
                Some(id) => hits &= self.names.set(id),
                None => hits.clear(),
            }
        }

        let sort = if terms.is_empty() && s.sort == Sort::Relevance {
            Sort::Popular
        } else {
            s.sort
        };
        let skip = u64::from(s.page - 1) * u64::from(s.per_page);
        let take = u64::from(s.per_page);
        let page = if sort == Sort::Relevance {
            self.by_relevance(&terms, q.as_deref(), &hits, skip, take)
        } else {
            self.orders.page(&self.docs, sort, &hits, skip, take)
        };
        ProductList {
            items: page
                .into_iter()
                .map(|n| self.docs[n].card.clone())
                .collect(),
            total: hits.len() as i64,
            page: s.page,
            per_page: s.per_page,
            rate: rate.clone(),
            facets,
        }
    }

    /// The live products matching every word and every filter that is not
    /// a facet.
    fn filtered(&self, s: &Search, terms: &[TermSets]) -> RoaringBitmap {
        let mut sets: Vec<RoaringBitmap> = terms.iter().map(TermSets::any).collect();
        sets.sort_by_key(RoaringBitmap::len);
        let mut out = match sets.first() {
            Some(_) => sets.iter().intersection() & &self.live,
            None => self.live.clone(),
        };
        if let Some(c) = s.category {
            match self.names.find(Kind::Category, c) {
                Some(id) => out &= self.names.set(id),
                None => out.clear(),
            }
        }
        if s.in_stock {
            out &= &self.in_stock;
        }
        if let Some(m) = s.in_season {
            match self.season.get(usize::from(m).wrapping_sub(1)) {
                Some(set) => out &= set,
                None => out.clear(),
            }
        }
        if s.min_fen.is_some() || s.max_fen.is_some() {
            let (min, max) = (s.min_fen.unwrap_or(i64::MIN), s.max_fen.unwrap_or(i64::MAX));
            out.retain(|n| (min..=max).contains(&self.docs[n].min_fen));
        }
        out
    }

    /// Origins and sellers among the matches, most products first. Against
    /// many matches, each is the size of its set's intersection with them
    /// (word by word over the sets' containers); against few, one pass over
    /// the matches' compact columns costs less.
    fn facets(&self, matched: &RoaringBitmap) -> Facets {
        let mut counts = vec![0i64; self.names.len()];
        let facet_names = || {
            self.names
                .of(Kind::Origin)
                .chain(self.names.of(Kind::Seller))
        };
        if facet_names().count() * FACET_SET_COST < matched.len() as usize {
            for (id, set) in facet_names() {
                counts[id as usize] = matched.intersection_len(set) as i64;
            }
        } else {
            for n in matched {
                let [origin, seller] = self.docs.facet_ids(n);
                counts[origin as usize] += 1;
                counts[seller as usize] += 1;
            }
        }
        let count = |kind: Kind| -> Vec<(u32, i64)> {
            let mut out: Vec<(u32, i64)> = self
                .names
                .of(kind)
                .map(|(id, _)| (id, counts[id as usize]))
                .filter(|(_, c)| *c > 0)
                .collect();
            out.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| self.names.name(a.0).cmp(self.names.name(b.0)))
            });
            out
        };
        let origins = count(Kind::Origin)
            .into_iter()
            .map(|(id, count)| FacetCount {
                value: self.names.name(id).to_owned(),
                count,
            })
            .collect();
        let sellers = count(Kind::Seller)
            .into_iter()
            .filter_map(|(id, count)| {
                Some(SellerFacet {
                    seller: self.names.seller(id)?.clone(),
                    count,
                })
            })
            .take(SELLER_FACETS)
            .collect();
        Facets { origins, sellers }
    }

    /// A word scores the weight of the best field it is found in (more for
    /// a whole word of the name than for a part of one); a product
    /// scores the sum over the words, and the whole query found in its name
    /// adds a bonus. Products are grouped by score (each word's fields split
    /// the hits into disjoint levels, and their combinations are the
    /// groups), and within a score go by popularity, so a page reads only
    /// the groups it reaches.
    fn by_relevance(
        &self,
        terms: &[TermSets],
        q: Option<&str>,
        hits: &RoaringBitmap,
        skip: u64,
        take: u64,
    ) -> Vec<u32> {
        // (score, all words in the name, products)
        let mut combos: Vec<(u32, bool, RoaringBitmap)> = vec![(0, true, hits.clone())];
        for t in terms {
            let mut next = Vec::new();
            for (score, all_name, set) in &combos {
                let mut rest = set.clone();
                if let Some(whole) = &t.whole_in_name {
                    let level = &rest & whole;
                    if !level.is_empty() {
                        rest -= &level;
                        next.push((
                            score + WEIGHTS[usize::from(NAME)] + W_WHOLE,
                            *all_name,
                            level,
                        ));
                    }
                }
                for (f, field) in t.fields.iter().enumerate() {
                    let Some(field) = field else { continue };
                    let level = &rest & field;
                    if level.is_empty() {
                        continue;
                    }
                    rest -= &level;
                    next.push((
                        score + WEIGHTS[f],
                        *all_name && f == usize::from(NAME),
                        level,
                    ));
                    if rest.is_empty() {
                        break;
                    }
                }
            }
            combos = next;
        }
        let mut groups: BTreeMap<u32, RoaringBitmap> = BTreeMap::new();
        let phrase = q.filter(|_| terms.len() > 1).map(Finder::new);
        for (score, all_name, set) in combos {
            if let (true, Some(p)) = (all_name, &phrase) {
                let with: RoaringBitmap = set
                    .iter()
                    .filter(|&n| p.find(self.docs.name(n).as_bytes()).is_some())
                    .collect();
                *groups.entry(score + W_PHRASE).or_default() |= &with;
                *groups.entry(score).or_default() |= set - with;
            } else {
                *groups.entry(score).or_default() |= set;
            }
        }
        let mut out = Vec::new();
        let (mut skip, mut take) = (skip, take);
        for set in groups.values().rev() {
            let n = set.len();
            if skip >= n {
                skip -= n;
                continue;
            }
            let got = self.orders.page(&self.docs, Sort::Popular, set, skip, take);
            skip = 0;
            take -= got.len() as u64;
            out.extend(got);
            if take == 0 {
                break;
            }
        }
        out
    }
}
