//! One-letter typos in English words: a letter missing, added, wrong, or two
//! neighbours swapped. The vocabulary's words are kept under each of their
//! one-letter deletions, so "chery", "cherrry", "cherey" and "chrery" all
//! reach "cherry" through a few map lookups, without comparing the query
//! against every word.

use foldhash::HashMap;

/// Words shorter than this are not corrected: at three letters nearly every
/// word is one letter from another.
pub const MIN_LEN: usize = 4;

#[derive(Default)]
pub struct Typos {
    by_deletion: HashMap<Box<str>, Vec<u32>>,
    words: HashMap<Box<str>, u32>,
}

/// `w` with each one of its letters taken out.
fn deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    w.char_indices()
        .map(move |(i, c)| format!("{}{}", &w[..i], &w[i + c.len_utf8()..]))
}

pub fn correctable(w: &str) -> bool {
    w.chars().count() >= MIN_LEN && w.chars().all(char::is_alphabetic)
}

impl Typos {
    pub fn add(&mut self, id: u32, word: &str) {
        if !correctable(word) {
            return;
        }
        self.words.insert(word.into(), id);
        for d in deletions(word) {
            let ids = self.by_deletion.entry(d.into()).or_default();
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
    }

    /// The words one typo away from `w` (not `w` itself), with `word_of` to
    /// check each candidate.
    pub fn near<'a>(&self, w: &str, word_of: impl Fn(u32) -> &'a str) -> Vec<u32> {
        if !correctable(w) {
            return Vec::new();
        }
        let mut found: Vec<u32> = self.by_deletion.get(w).cloned().unwrap_or_default();
        for d in deletions(w) {
            found.extend(self.words.get(d.as_str()));
            found.extend(self.by_deletion.get(d.as_str()).into_iter().flatten());
        }
        found.sort_unstable();
        found.dedup();
        found.retain(|&id| {
            let word = word_of(id);
            word != w && within_one(w, word)
        });
        found
    }
}

/// Whether `a` becomes `b` by one insertion, deletion, substitution or swap
/// of neighbours.
pub fn within_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let p = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if p == short.len() {
        return true; // equal, or one letter added at the end
    }
    if short.len() < long.len() {
        return short[p..] == long[p + 1..];
    }
    short[p + 1..] == long[p + 1..]
        || (p + 1 < short.len()
            && short[p] == long[p + 1]
            && short[p + 1] == long[p]
            && short[p + 2..] == long[p + 2..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter_apart() {
        for (a, b) in [
            ("chery", "cherry"),
            ("cherrry", "cherry"),
            ("cherey", "cherry"),
            ("chrery", "cherry"),
            ("almnds", "almonds"),
            ("hony", "honey"),
        ] {
            assert!(within_one(a, b) && within_one(b, a), "{a} {b}");
        }
        for (a, b) in [("xcherr", "cherrx"), ("chy", "cherry"), ("abcd", "badc")] {
            assert!(!within_one(a, b), "{a} {b}");
        }
    }

    #[test]
    fn finds_the_word_a_typo_meant() {
        let words = ["cherry", "honey", "almonds", "pistachio", "walnut"];
        let mut t = Typos::default();
        for (id, w) in words.iter().enumerate() {
            t.add(id as u32, w);
        }
        let near = |w: &str| -> Vec<&str> {
            t.near(w, |id| words[id as usize])
                .into_iter()
                .map(|id| words[id as usize])
                .collect()
        };
        assert_eq!(near("chery"), ["cherry"]);
        assert_eq!(near("cherrry"), ["cherry"]);
        assert_eq!(near("chrery"), ["cherry"]);
        assert_eq!(near("hony"), ["honey"]);
        assert_eq!(near("pistacho"), ["pistachio"]);
        assert_eq!(near("wallnut"), ["walnut"]);
        assert!(near("cherry").is_empty());
        assert!(near("xyzzy").is_empty());
        assert!(near("hny").is_empty(), "too short to correct");
    }
}
