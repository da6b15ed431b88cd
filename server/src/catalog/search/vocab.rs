//! Every token of the catalog once, with the products holding it field by
//! field (compressed bitmaps), and the ways a query word reaches tokens: as a
//! part of a word ("cherr", "tao" in "yingtao"), a stem ("cherries" →
//! "cherri"), a prefix of initials ("yt"), a Chinese character pair, or, when
//! nothing else matches, a one-letter typo. Matching words against the
//! vocabulary instead of against every product is what keeps a query's cost
//! tied to how many products match, not to how many there are.

use foldhash::HashMap;

use roaring::{MultiOps, RoaringBitmap};

use super::grams::Grams;
use super::text::Piece;
use super::tokens::{self, FIELDS, INITIALS_MARK};
use super::typos::Typos;
use super::AppendDoc;

/// The products holding one token, per field it was found in.
#[derive(Default)]
struct Postings(Vec<(u8, RoaringBitmap)>);

impl Postings {
    fn field(&self, f: u8) -> Option<&RoaringBitmap> {
        self.0.iter().find(|(g, _)| *g == f).map(|(_, b)| b)
    }

    fn add(&mut self, f: u8, docs: impl Iterator<Item = u32>) {
        let at = match self.0.iter().position(|(g, _)| *g == f) {
            Some(at) => at,
            None => {
                self.0.push((f, RoaringBitmap::new()));
                self.0.len() - 1
            }
        };
        let set = &mut self.0[at].1;
        for doc in docs {
            set.append_doc(doc);
        }
    }
}

/// What one query word matched, per field: the products holding it there.
pub struct TermSets {
    pub fields: [Option<RoaringBitmap>; FIELDS],
    /// Of those, the products whose name holds the word whole.
    pub whole_in_name: Option<RoaringBitmap>,
}

impl TermSets {
    fn empty() -> Self {
        Self {
            fields: Default::default(),
            whole_in_name: None,
        }
    }

    /// Every product the word matched, in any field.
    pub fn any(&self) -> RoaringBitmap {
        self.fields.iter().flatten().union()
    }
}

#[derive(Default)]
pub struct Vocab {
    ids: HashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    postings: Vec<Postings>,
    /// Latin words (not numbers) by their grams.
    grams: Grams,
    /// Initials tokens by each prefix of two letters or more.
    initials: HashMap<Box<str>, Vec<u32>>,
    typos: Typos,
}

fn is_number(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_digit())
}

impl Vocab {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Records the products holding `token`, per field: `lists` holds
    /// positions in a batch, and `numbers` their document numbers.
    pub fn add(&mut self, token: Box<str>, lists: [Vec<u32>; FIELDS], numbers: &[u32]) {
        let id = match self.ids.get(&token) {
            Some(&id) => id,
            None => self.intern(token),
        };
        let postings = &mut self.postings[id as usize];
        for (field, mut list) in lists.into_iter().enumerate() {
            if !list.is_empty() {
                for at in &mut list {
                    *at = numbers[*at as usize];
                }
                // Numbers go seller by seller, not in the batch's order.
                list.sort_unstable();
                postings.add(field as u8, list.into_iter());
            }
        }
    }

    fn intern(&mut self, token: Box<str>) -> u32 {
        let id = self.words.len() as u32;
        self.postings.push(Postings::default());
        if let Some(initials) = token.strip_prefix(INITIALS_MARK) {
            for end in 2..=initials.len().min(8) {
                let ids = self.initials.entry(initials[..end].into()).or_default();
                ids.push(id);
            }
        } else if !is_number(&token) && !token.chars().any(super::text::is_cjk) {
            self.grams.add(id, &token);
            self.typos.add(id, &token);
        }
        self.ids.insert(token.clone(), id);
        self.words.push(token);
        id
    }

    /// The products a query word matches, field by field.
    pub fn matches(&self, piece: Piece, stem: &str) -> TermSets {
        match piece {
            Piece::Cjk(run) => self.cjk(run),
            Piece::Latin(w) => {
                let mut ids = self.latin(w, stem);
                if ids.is_empty() {
                    ids = self.typos.near(w, |id| &self.words[id as usize]);
                }
                if let Some(list) = self.initials_of(w) {
                    ids.extend_from_slice(list);
                }
                let mut out = self.union(&ids);
                let whole = [w, stem]
                    .into_iter()
                    .filter_map(|t| self.ids.get(t))
                    .filter_map(|&id| self.postings[id as usize].field(tokens::NAME))
                    .union();
                out.whole_in_name = (!whole.is_empty()).then_some(whole);
                out
            }
        }
    }

    /// Latin words holding `w` or its stem: as a part from three letters on,
    /// as a beginning below that; numbers only whole.
    fn latin(&self, w: &str, stem: &str) -> Vec<u32> {
        let mut ids: Vec<u32> = self.ids.get(w).copied().into_iter().collect();
        if is_number(w) {
            return ids;
        }
        let probes = if stem == w { vec![w] } else { vec![w, stem] };
        for probe in probes {
            let n = probe.chars().count();
            if n < 2 {
                continue; // one letter: the whole word only (found above)
            }
            for id in self.grams.candidates(probe) {
                let word = &self.words[id as usize];
                if (n < 3 && word.starts_with(probe)) || (n >= 3 && word.contains(probe)) {
                    ids.push(id);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn initials_of(&self, w: &str) -> Option<&Vec<u32>> {
        let letters = (2..=8).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_alphabetic());
        letters.then(|| self.initials.get(w)).flatten()
    }

    /// One character: its own postings; more: every neighbouring pair, in
    /// the same field.
    fn cjk(&self, run: &str) -> TermSets {
        let mut pairs = Vec::new();
        let mut chars = Vec::new();
        tokens::cjk_grams(run, |g| {
            if g.chars().count() == 2 {
                pairs.push(g)
            } else {
                chars.push(g)
            }
        });
        let grams = if pairs.is_empty() { chars } else { pairs };
        let mut ids = Vec::with_capacity(grams.len());
        for g in grams {
            match self.ids.get(g) {
                Some(&id) => ids.push(id),
                None => return TermSets::empty(),
            }
        }
        let mut out = TermSets::empty();
        for (f, slot) in out.fields.iter_mut().enumerate() {
            let lists: Option<Vec<&RoaringBitmap>> = ids
                .iter()
                .map(|&id| self.postings[id as usize].field(f as u8))
                .collect();
            *slot = lists
                .map(|l| l.into_iter().intersection())
                .filter(|b| !b.is_empty());
        }
        out
    }

    fn union(&self, ids: &[u32]) -> TermSets {
        let mut out = TermSets::empty();
        for (f, slot) in out.fields.iter_mut().enumerate() {
            let u = ids
                .iter()
                .filter_map(|&id| self.postings[id as usize].field(f as u8))
                .union();
            *slot = (!u.is_empty()).then_some(u);
        }
        out
    }
}
