//! Text folding for search: case, full-width letters, English stems, and
//! pinyin (full and initials) of Chinese, so that 樱桃, "Cherries", "cherry",
//! "yingtao" and "yt" all find the same cherries.

use pinyin::ToPinyin;
use rust_stemmers::{Algorithm, Stemmer};

/// Lowercase, with full-width ASCII (what Chinese input methods often type)
/// mapped to plain ASCII and runs of white space made one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// English words reduced to their stems, space-separated with a space at
/// each end: "Rainier Cherries" -> " rainier cherri ".
pub fn stems(s: &str) -> String {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut out = String::from(" ");
    for word in fold(s)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push_str(&stemmer.stem(word));
        out.push(' ');
    }
    out
}

/// The stem of one query word.
pub fn stem_word(word: &str) -> String {
    Stemmer::create(Algorithm::English).stem(word).into_owned()
}

/// Toneless pinyin of the Chinese characters, run together: 樱桃 -> "yingtao".
pub fn pinyin_full(s: &str) -> String {
    s.to_pinyin().flatten().map(|p| p.plain()).collect()
}

/// First letters of the pinyin: 樱桃 -> "yt".
pub fn pinyin_initials(s: &str) -> String {
    s.to_pinyin().flatten().map(|p| p.first_letter()).collect()
}

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// A run of one script in folded text: what the index and a query are cut
/// into. Latin runs are words (letters and digits); Chinese has no spaces
/// between words, so a Chinese run is matched by its characters and pairs.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Piece<'a> {
    Latin(&'a str),
    Cjk(&'a str),
}

/// The pieces of a folded text, in order; punctuation and spaces separate them.
pub fn pieces(s: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let start = rest.find(|c: char| is_cjk(c) || c.is_alphanumeric())?;
        rest = &rest[start..];
        let cjk = rest.chars().next().is_some_and(is_cjk);
        let end = rest
            .find(|c: char| {
                if cjk {
                    !is_cjk(c)
                } else {
                    is_cjk(c) || !c.is_alphanumeric()
                }
            })
            .unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(if cjk {
            Piece::Cjk(piece)
        } else {
            Piece::Latin(piece)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_space() {
        assert_eq!(fold("  Ｃｈｅｒｒｙ　  PIE "), "cherry pie");
        assert_eq!(fold("樱桃 Cherries"), "樱桃 cherries");
    }

    #[test]
    fn plurals_share_a_stem() {
        assert_eq!(stems("Rainier Cherries"), " rainier cherri ");
        assert_eq!(stem_word("cherry"), stem_word("cherries"));
        assert_eq!(stem_word("apples"), stem_word("apple"));
        assert_eq!(stem_word("peaches"), stem_word("peach"));
    }

    #[test]
    fn cuts_text_into_latin_words_and_chinese_runs() {
        let got: Vec<Piece> = pieces("樱桃cherry, no.12 车厘子 café").collect();
        assert_eq!(
            got,
            vec![
                Piece::Cjk("樱桃"),
                Piece::Latin("cherry"),
                Piece::Latin("no"),
                Piece::Latin("12"),
                Piece::Cjk("车厘子"),
                Piece::Latin("café"),
            ]
        );
        assert_eq!(pieces(" ,.!").count(), 0);
    }

    #[test]
    fn pinyin_of_chinese() {
        assert_eq!(pinyin_full("樱桃"), "yingtao");
        assert_eq!(pinyin_initials("樱桃"), "yt");
        assert_eq!(pinyin_full("车厘子 JJ"), "chelizi");
        assert!(has_cjk("美国樱桃") && !has_cjk("cherry"));
    }
}
