//! What a product is found by: its texts cut into tokens, each with the field
//! it came from, since where a word is found sets what it is worth.

use foldhash::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::text::{self, Piece};

pub const NAME: u8 = 0;
pub const TAG: u8 = 1;
pub const PINYIN: u8 = 2;
pub const INITIALS: u8 = 3;
pub const SELLER: u8 = 4;
pub const DESC: u8 = 5;
pub const FIELDS: usize = 6;

/// A name match ranks above a tag, a tag above pinyin and initials, those
/// above the seller, the seller above the description. Fields are numbered
/// from the heaviest down.
pub const WEIGHTS: [u32; FIELDS] = [100, 60, 55, 50, 40, 10];

/// The whole query found as written in the name.
pub const W_PHRASE: u32 = 50;

/// A query word that is a whole word of the name (or its stem), not a part
/// of a longer one: "honey" ranks Raw Clover Honey above Honeycrisp Apples.
pub const W_WHOLE: u32 = 20;

/// Initials share the vocabulary with words; this mark keeps "yt" the
/// initials of 樱桃 apart from a word "yt".
pub const INITIALS_MARK: char = '#';

/// The texts of one product that search reads.
pub struct ProductTexts<'a> {
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub tags: &'a [String],
    pub seller_zh: &'a str,
    pub seller_en: &'a str,
    pub desc_zh: &'a str,
    pub desc_en: &'a str,
}

/// Cuts products into tokens. Stems and pinyin are remembered per word: a
/// catalog repeats its words far more often than it has distinct ones.
pub struct Tokenizer {
    stemmer: Stemmer,
    stems: HashMap<String, String>,
    /// Full pinyin, and initials behind `INITIALS_MARK`.
    pinyin: HashMap<String, (String, String)>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
            stems: HashMap::default(),
            pinyin: HashMap::default(),
        }
    }
}

impl Tokenizer {
    /// Every (token, field) of the product, given to `emit`; the same pair
    /// may come more than once.
    pub fn tokens(&mut self, t: &ProductTexts, mut emit: impl FnMut(&str, u8)) {
        self.text(&format!("{} {}", t.name_zh, t.name_en), NAME, &mut emit);
        for tag in t.tags {
            self.text(tag, TAG, &mut emit);
        }
        self.text(
            &format!("{} {}", t.seller_zh, t.seller_en),
            SELLER,
            &mut emit,
        );
        self.text(&format!("{} {}", t.desc_zh, t.desc_en), DESC, &mut emit);
        let zh_words = t
            .name_zh
            .split_whitespace()
            .chain(t.tags.iter().map(String::as_str))
            .filter(|w| text::has_cjk(w));
        for w in zh_words {
            let (full, initials) = match self.pinyin.get(w) {
                Some(known) => known,
                None => self.pinyin.entry(w.to_owned()).or_insert_with(|| {
                    let initials = text::pinyin_initials(w);
                    let marked = if initials.is_empty() {
                        initials
                    } else {
                        format!("{INITIALS_MARK}{initials}")
                    };
                    (text::pinyin_full(w), marked)
                }),
            };
            if !full.is_empty() {
                emit(full, PINYIN);
            }
            if !initials.is_empty() {
                emit(initials, INITIALS);
            }
        }
    }

    fn text(&mut self, raw: &str, field: u8, emit: &mut impl FnMut(&str, u8)) {
        let folded = text::fold(raw);
        // Single characters of a description would put most products under
        // every common character; its pairs are what a query reaches.
        let chars = field != DESC;
        for piece in text::pieces(&folded) {
            match piece {
                Piece::Latin(w) => {
                    emit(w, field);
                    if let Some(stem) = self.stem(w) {
                        emit(stem, field);
                    }
                }
                Piece::Cjk(run) => {
                    let lone = run.chars().nth(1).is_none();
                    cjk_grams(run, |g| {
                        if chars || lone || g.chars().nth(1).is_some() {
                            emit(g, field)
                        }
                    })
                }
            }
        }
    }

    /// The word's stem, when it is not the word itself.
    fn stem(&mut self, w: &str) -> Option<&str> {
        if !self.stems.contains_key(w) {
            let s = self.stemmer.stem(w).into_owned();
            self.stems.insert(w.to_owned(), s);
        }
        self.stems.get(w).map(String::as_str).filter(|s| *s != w)
    }
}

/// Each character of a Chinese run and each pair of neighbours: a query of
/// any length is then found through its pairs (or its one character).
pub fn cjk_grams<'a>(run: &'a str, mut f: impl FnMut(&'a str)) {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain([run.len()])
        .collect();
    for w in bounds.windows(2) {
        f(&run[w[0]..w[1]]);
    }
    for w in bounds.windows(3) {
        f(&run[w[0]..w[2]]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_is_cut_into_fielded_tokens() {
        let tags = vec!["车厘子".to_owned()];
        let mut got = Vec::new();
        let texts = ProductTexts {
            name_zh: "美国樱桃",
            name_en: "Rainier Cherries",
            tags: &tags,
            seller_zh: "山谷果园",
            seller_en: "Valley Orchards",
            desc_zh: "甜 汁多味甜",
            desc_en: "Sweet.",
        };
        Tokenizer::default().tokens(&texts, |t, f| got.push((t.to_owned(), f)));
        let has = |t: &str, f: u8| got.contains(&(t.to_owned(), f));
        assert!(has("cherries", NAME) && has("cherri", NAME) && has("rainier", NAME));
        assert!(has("樱桃", NAME) && has("樱", NAME) && has("美国", NAME));
        assert!(has("车厘", TAG) && has("厘子", TAG));
        assert!(has("meiguoyingtao", PINYIN) && has("chelizi", PINYIN));
        assert!(has("#mgyt", INITIALS) && has("#clz", INITIALS));
        assert!(has("orchard", SELLER) && has("山谷", SELLER));
        assert!(has("sweet", DESC) && has("甜", DESC));
        assert!(!has("樱桃", DESC));
        // A description gives pairs, and a character alone only when it
        // stands alone.
        assert!(has("汁多", DESC) && has("味甜", DESC) && !has("汁", DESC));
    }

    #[test]
    fn chinese_runs_give_characters_and_pairs() {
        let mut got = Vec::new();
        cjk_grams("车厘子", |g| got.push(g));
        assert_eq!(got, vec!["车", "厘", "子", "车厘", "厘子"]);
    }
}
