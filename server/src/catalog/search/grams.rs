//! An inverted index of the vocabulary's words by their character grams
//! (unigrams, bigrams, and trigrams of Latin letters): a query word's
//! candidates are the words holding all of its grams, which the vocabulary
//! then checks for the real match ("cherr" in "cherries", "tao" in
//! "yingtao"). It indexes words, not products, so it stays small however
//! many products use them.

use foldhash::{HashMap, HashSet};

#[derive(Default)]
pub struct Grams {
    postings: HashMap<u64, Vec<u32>>,
}

fn key(a: char, b: Option<char>) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b.map_or(0, |b| b as u32))
}

/// Latin letters and digits make few distinct bigrams ("er", "he" are in
/// almost every English description), so runs of them are also indexed by
/// trigrams, which narrow "cherry" to the products that may hold it.
/// The top bit keeps these keys apart from `key`'s (chars are < 2^21).
fn key3(a: u8, b: u8, c: u8) -> u64 {
    (1 << 63) | (u64::from(a) << 16) | (u64::from(b) << 8) | u64::from(c)
}

fn latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn separator(c: char) -> bool {
    c == ' ' || c == '|'
}

/// The grams a text is made of: each character, and each pair of neighbours
/// within a word.
fn grams(text: &str, out: &mut HashSet<u64>) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if separator(c) {
            continue;
        }
        out.insert(key(c, None));
        if let Some(&n) = chars.get(i + 1).filter(|n| !separator(**n)) {
            out.insert(key(c, Some(n)));
        }
        if let [a, b, c] = chars.get(i..i + 3).unwrap_or_default() {
            if latin(*a) && latin(*b) && latin(*c) {
                out.insert(key3(*a as u8, *b as u8, *c as u8));
            }
        }
    }
}

/// The grams a query word must all be found with.
fn query_grams(word: &str) -> Vec<u64> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() >= 3 && chars.iter().all(|c| latin(*c)) {
        return chars
            .windows(3)
            .map(|w| key3(w[0] as u8, w[1] as u8, w[2] as u8))
            .collect();
    }
    match chars.len() {
        0 => Vec::new(),
        1 => vec![key(chars[0], None)],
        _ => chars.windows(2).map(|w| key(w[0], Some(w[1]))).collect(),
    }
}

impl Grams {
    /// Adds word `id` (ids must be added in increasing order).
    pub fn add(&mut self, id: u32, word: &str) {
        let mut set = HashSet::default();
        grams(word, &mut set);
        for g in set {
            self.postings.entry(g).or_default().push(id);
        }
    }

    /// Words that may hold `word`.
    pub fn candidates(&self, word: &str) -> Vec<u32> {
        self.all_of(&query_grams(word))
    }

    fn all_of(&self, keys: &[u64]) -> Vec<u32> {
        let mut lists: Vec<&Vec<u32>> = Vec::with_capacity(keys.len());
        for k in keys {
            match self.postings.get(k) {
                Some(l) => lists.push(l),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        let mut out: Vec<u32> = first.to_vec();
        for l in rest {
            out = intersect(&out, l);
            if out.is_empty() {
                break;
            }
        }
        out
    }
}

/// Sorted union of two sorted lists.
pub fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Sorted intersection of two sorted lists: binary search when one is much
/// shorter (a rare bigram against a common one), a linear merge otherwise.
pub fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len() * 32 < large.len() {
        return small
            .iter()
            .copied()
            .filter(|x| large.binary_search(x).is_ok())
            .collect();
    }
    let mut out = Vec::with_capacity(small.len());
    let (mut i, mut j) = (0, 0);
    while i < small.len() && j < large.len() {
        match small[i].cmp(&large[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(small[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_by_their_grams() {
        let mut g = Grams::default();
        for (id, w) in ["cherries", "cherri", "yingtao", "berri", "other", "樱桃"]
            .iter()
            .enumerate()
        {
            g.add(id as u32, w);
        }
        assert_eq!(g.candidates("cherr"), vec![0, 1]);
        assert_eq!(g.candidates("tao"), vec![2]);
        assert_eq!(g.candidates("樱桃"), vec![5]);
        // "berri" and "other" hold every bigram of "erri" or "her", but not their trigrams.
        assert_eq!(g.candidates("her"), vec![0, 1, 4]);
        assert!(g.candidates("xyz").is_empty());
        // Short words go by their characters and pairs: a superset to check.
        assert_eq!(g.candidates("rr"), vec![0, 1, 3]);
    }

    #[test]
    fn set_operations() {
        assert_eq!(union(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 7]), vec![3, 7]);
        let long: Vec<u32> = (0..1000).collect();
        assert_eq!(intersect(&[5, 999, 2000], &long), vec![5, 999]);
    }
}
