//! An inverted index of character unigrams and bigrams. Chinese needs no
//! word splitting this way, and the same index serves English stems and
//! pinyin. A query word's candidates are the products holding all of its
//! bigrams (or its one character); the scorer then checks the real match.

use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub struct Grams {
    postings: HashMap<u64, Vec<u32>>,
    /// Pinyin initials prefixes ("y", "yt"...) of Chinese words, for "yt".
    initials: HashMap<String, Vec<u32>>,
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
    /// Adds document `id` (ids must be added in increasing order).
    pub fn add(&mut self, id: u32, texts: &[&str], initials: &[String]) {
        let mut set = HashSet::new();
        for t in texts {
            grams(t, &mut set);
        }
        for g in set {
            self.postings.entry(g).or_default().push(id);
        }
        let mut prefixes = HashSet::new();
        for w in initials {
            for end in 2..=w.len().min(8) {
                prefixes.insert(&w[..end]);
            }
        }
        for p in prefixes {
            self.initials.entry(p.to_owned()).or_default().push(id);
        }
    }

    /// Documents that may hold `word` (as written, or as its stem `stem`).
    pub fn candidates(&self, word: &str, stem: &str) -> Vec<u32> {
        let mut out = self.all_of(&query_grams(word));
        if stem != word {
            out = union(&out, &self.all_of(&query_grams(stem)));
        }
        if let Some(list) = self.initials.get(word) {
            out = union(&out, list);
        }
        out
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
    fn finds_candidates_by_bigrams_stems_and_initials() {
        let mut g = Grams::default();
        g.add(0, &["樱桃 cherries", " cherri "], &["yt".into()]);
        g.add(1, &["梨 pears", " pear "], &["l".into()]);
        g.add(2, &["车厘子|樱桃"], &["clz".into(), "yt".into()]);
        assert_eq!(g.candidates("樱桃", "樱桃"), vec![0, 2]);
        assert_eq!(g.candidates("梨", "梨"), vec![1]);
        assert_eq!(g.candidates("cherry", "cherri"), vec![0]);
        assert_eq!(g.candidates("yt", "yt"), vec![0, 2]);
        assert_eq!(g.candidates("cl", "cl"), vec![2]);
        assert!(g.candidates("xyz", "xyz").is_empty());
    }

    #[test]
    fn latin_words_need_their_trigrams() {
        let mut g = Grams::default();
        g.add(0, &["rainier cherries", " rainier cherri "], &[]);
        // "berry" and "other" hold every bigram of "cherry"'s stem but not its trigrams.
        g.add(1, &["the other berry is rich", " berri "], &[]);
        assert_eq!(g.candidates("cherry", "cherri"), vec![0]);
        assert_eq!(g.candidates("rainier", "rainier"), vec![0]);
        assert_eq!(g.candidates("ber", "ber"), vec![1]);
        // Short words and words with other characters still go by bigrams.
        assert_eq!(g.candidates("rr", "rr"), vec![0, 1]);
    }

    #[test]
    fn set_operations() {
        assert_eq!(union(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 7]), vec![3, 7]);
        let long: Vec<u32> = (0..1000).collect();
        assert_eq!(intersect(&[5, 999, 2000], &long), vec![5, 999]);
    }
}
