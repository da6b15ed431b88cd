//! Reviews, only from buyers: one per delivered line of an order, 1 to 5
//! stars, the buyer's words in the language they wrote, up to three photos;
//! the seller may reply once; the shop may hide one, with a reason.

use serde::{Deserialize, Serialize};

use crate::text::{L10n, Lang};

/// The longest review, in characters.
pub const TEXT_MAX: usize = 1000;
/// The longest reply, in characters.
pub const REPLY_MAX: usize = 500;

/// `POST /api/orders/{id}/reviews`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReview {
    pub sku: String,
    /// 1 to 5.
    pub rating: u8,
    #[serde(default)]
    pub text: String,
    /// Photos taken for this order (`POST /api/orders/{id}/photos`).
    #[serde(default)]
    pub photos: Vec<String>,
    /// The shopper's language, for a review without words to tell it by.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// A review as the product page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub id: i64,
    pub sku: String,
    /// The variant bought.
    pub variant: L10n,
    pub rating: u8,
    pub text: String,
    /// The language it is written in.
    pub lang: Lang,
    /// The buyer, masked ("李*").
    pub author: String,
    /// RFC 3339
    pub created_at: String,
    pub photos: Vec<String>,
    /// Bought and delivered through the shop: every review is, by rule; said
    /// on each so the page need not assume it.
    pub verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

/// A product's reviews: the average, the count, the reviews (the reader's
/// language first, newest first within each).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewPage {
    /// Tenths of a star (43 = 4.3); 0 when there is none.
    pub average_tenths: u32,
    pub count: u32,
    pub reviews: Vec<Review>,
}

/// The language a review is written in: Chinese when it has Han characters,
/// English when it has other words, else the shopper's.
pub fn lang_of(text: &str, shopper: Lang) -> Lang {
    let han = |c: char| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}');
    if text.chars().any(han) {
        Lang::ZhCn
    } else if text.chars().any(char::is_alphabetic) {
        Lang::EnUs
    } else {
        shopper
    }
}

/// A buyer's name as a review shows it: its first character, the rest
/// hidden.
pub fn masked(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().clamp(1, 2))),
        None => "*".into(),
    }
}

/// The average in tenths of a star, rounded half up.
pub fn average_tenths(ratings: &[u8]) -> u32 {
    if ratings.is_empty() {
        return 0;
    }
    let sum: u32 = ratings.iter().map(|r| u32::from(*r)).sum();
    (sum * 10 * 2 + ratings.len() as u32) / (2 * ratings.len() as u32)
}

/// `reviews` with those in `lang` first, each group newest first.
pub fn in_reading_order(mut reviews: Vec<Review>, lang: Lang) -> Vec<Review> {
    reviews.sort_by(|a, b| {
        (a.lang != lang)
            .cmp(&(b.lang != lang))
            .then_with(|| b.created_at.cmp(&a.created_at))
    });
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_is_in_the_language_it_is_written_in() {
        assert_eq!(lang_of("蜂蜜很好吃", Lang::EnUs), Lang::ZhCn);
        assert_eq!(lang_of("Lovely honey, 很好", Lang::EnUs), Lang::ZhCn);
        assert_eq!(lang_of("Lovely honey", Lang::ZhCn), Lang::EnUs);
        assert_eq!(lang_of("👍 5/5", Lang::ZhCn), Lang::ZhCn);
    }

    #[test]
    fn names_are_masked_and_averages_rounded() {
        assert_eq!(masked("李四"), "李*");
        assert_eq!(masked("欧阳娜娜"), "欧**");
        assert_eq!(masked(" "), "*");
        assert_eq!(average_tenths(&[5, 4, 4]), 43);
        assert_eq!(average_tenths(&[5, 4]), 45);
        assert_eq!(average_tenths(&[]), 0);
    }

    #[test]
    fn the_readers_language_comes_first() {
        let r = |id: i64, lang: Lang, at: &str| Review {
            id,
            sku: "X".into(),
            variant: L10n::default(),
            rating: 5,
            text: String::new(),
            lang,
            author: "李*".into(),
            created_at: at.into(),
            photos: vec![],
            verified: true,
            reply: None,
        };
        let sorted = in_reading_order(
            vec![
                r(1, Lang::ZhCn, "2026-12-01T00:00:00Z"),
                r(2, Lang::EnUs, "2026-12-02T00:00:00Z"),
                r(3, Lang::ZhCn, "2026-12-03T00:00:00Z"),
            ],
            Lang::EnUs,
        );
        assert_eq!(sorted.iter().map(|x| x.id).collect::<Vec<_>>(), [2, 3, 1]);
    }
}
