//! What the product page promises a shopper before they buy: how many have
//! sold, what can be sent back and on what terms, and what a question to the
//! seller may hold. The server decides these from the catalog; the page and
//! the after-sales rules read the same ones.

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// Days after delivery within which a shopper may report a problem (and,
/// for goods that allow it, send them back unopened).
pub const REPORT_DAYS: u32 = 7;

/// What a product's after-sales terms are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Returns {
    /// Fresh and perishable food: no return for a change of mind (the
    /// Consumer Rights Protection Law, art. 25, excludes perishable goods);
    /// a quality problem is refunded.
    QualityOnly,
    /// Anything else: a quality problem is refunded, and an unopened item may
    /// be sent back within the window for a change of mind.
    Unopened,
}

impl Returns {
    /// The terms of a product in the category tree under `root` (the
    /// top-level category's slug).
    pub fn for_root_category(root: &str) -> Self {
        if root == "fresh" {
            Returns::QualityOnly
        } else {
            Returns::Unopened
        }
    }
}

/// A sales count as a shop shows it: exact while small, then rounded down
/// to two significant figures with a "+" (an exact running count tells
/// competitors a seller's volume and changes with every order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoldShown {
    Exact(i64),
    AtLeast(i64),
}

/// `None` when nothing has sold: "0 sold" helps no one decide.
pub fn sold_shown(sold: i64) -> Option<SoldShown> {
    match sold {
        n if n <= 0 => None,
        n if n < 100 => Some(SoldShown::Exact(n)),
        n => {
            let mut unit = 1i64;
            while n / unit >= 100 {
                unit *= 10;
            }
            Some(SoldShown::AtLeast(n / unit * unit))
        }
    }
}

/// The length a question to the seller may have, in characters.
pub const QUESTION_MIN: usize = 4;
pub const QUESTION_MAX: usize = 300;

/// Checks a question's text; whitespace at either end does not count.
pub fn question(body: &str) -> Result<(), ErrorCode> {
    let n = body.trim().chars().count();
    if (QUESTION_MIN..=QUESTION_MAX).contains(&n) {
        Ok(())
    } else {
        Err(ErrorCode::InvalidQuestion)
    }
}

/// The length an answer may have, in characters (a seller explains more
/// than a shopper asks).
pub const ANSWER_MAX: usize = 600;

/// Checks an answer's text; whitespace at either end does not count.
pub fn answer(body: &str) -> Result<(), ErrorCode> {
    let n = body.trim().chars().count();
    if (1..=ANSWER_MAX).contains(&n) {
        Ok(())
    } else {
        Err(ErrorCode::InvalidQuestion)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_food_is_not_returned_for_a_change_of_mind() {
        assert_eq!(Returns::for_root_category("fresh"), Returns::QualityOnly);
        assert_eq!(Returns::for_root_category("pantry"), Returns::Unopened);
        assert_eq!(Returns::for_root_category("beauty"), Returns::Unopened);
    }

    #[test]
    fn sales_are_exact_while_small_then_rounded_down() {
        assert_eq!(sold_shown(0), None);
        assert_eq!(sold_shown(-3), None);
        assert_eq!(sold_shown(1), Some(SoldShown::Exact(1)));
        assert_eq!(sold_shown(99), Some(SoldShown::Exact(99)));
        assert_eq!(sold_shown(100), Some(SoldShown::AtLeast(100)));
        assert_eq!(sold_shown(1234), Some(SoldShown::AtLeast(1200)));
        assert_eq!(sold_shown(15_678), Some(SoldShown::AtLeast(15_000)));
        assert_eq!(sold_shown(999_999), Some(SoldShown::AtLeast(990_000)));
    }

    #[test]
    fn an_answer_has_words_and_room_to_explain() {
        assert!(answer(" 不加盐。 ").is_ok());
        assert!(answer("   ").is_err());
        assert!(answer(&"甜".repeat(ANSWER_MAX)).is_ok());
        assert!(answer(&"甜".repeat(ANSWER_MAX + 1)).is_err());
    }

    #[test]
    fn a_question_has_words_but_not_an_essay() {
        assert_eq!(question("  好吃吗？  "), Ok(()));
        assert_eq!(question("好吃?"), Err(ErrorCode::InvalidQuestion));
        assert_eq!(question("     "), Err(ErrorCode::InvalidQuestion));
        assert!(question(&"甜".repeat(QUESTION_MAX)).is_ok());
        assert_eq!(
            question(&"甜".repeat(QUESTION_MAX + 1)),
            Err(ErrorCode::InvalidQuestion)
        );
    }
}
