//! After-sales (售后): money back for some lines of a delivered order. What a
//! request may ask for and what it gives back is decided here, once, for the
//! server (the authority) and the order page (which shows the amount before
//! the shopper sends it).

use serde::{Deserialize, Serialize};

use crate::api::Quote;
use crate::money::Money;
use crate::ErrorCode;

/// Days after delivery a request may be made.
pub const WINDOW_DAYS: i64 = 7;
/// Photos per request (and per review).
pub const MAX_PHOTOS: usize = 3;
/// The largest photo taken, in bytes, as sent.
pub const PHOTO_MAX_BYTES: usize = 5 * 1024 * 1024;
/// The kinds of picture taken (anything else is refused, whatever its name).
pub const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];
/// The longest note, in characters.
pub const NOTE_MAX: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Damaged,
    WrongItem,
    Missing,
    NotAsDescribed,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::Damaged,
        Reason::WrongItem,
        Reason::Missing,
        Reason::NotAsDescribed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Damaged => "damaged",
            Reason::WrongItem => "wrong_item",
            Reason::Missing => "missing",
            Reason::NotAsDescribed => "not_as_described",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Where a request stands: the seller decides; a refusal may go to the
/// shop's operator, whose word is the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum State {
    Requested,
    /// Approved (by the seller or the operator): refunded.
    Approved,
    /// Refused by the seller: the shopper may escalate it.
    Refused,
    Escalated,
    /// Refused by the operator after escalation: final.
    Closed,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Requested,
        State::Approved,
        State::Refused,
        State::Escalated,
        State::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            State::Requested => "requested",
            State::Approved => "approved",
            State::Refused => "refused",
            State::Escalated => "escalated",
            State::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
    /// Its lines are spoken for (not free to ask for again): every request
    /// but one the shop closed (the server counts the same).
    pub fn holds_lines_for_shopper(self) -> bool {
        self != State::Closed
    }
}

/// Units of one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineQty {
    pub sku: String,
    pub qty: u32,
}

/// `POST /api/orders/{id}/aftersales`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRequest {
    pub lines: Vec<LineQty>,
    pub reason: Reason,
    /// What happened, in the shopper's words (at most `NOTE_MAX` characters).
    #[serde(default)]
    pub note: String,
    /// Photos uploaded for this order first (`POST /api/orders/{id}/photos`).
    #[serde(default)]
    pub photos: Vec<String>,
}

/// A line of a request and what it gives back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestLine {
    pub sku: String,
    /// The product's name, as the order has it.
    #[serde(default)]
    pub name: crate::text::L10n,
    pub qty: u32,
    /// Its goods and its share of the tax.
    pub amount: Money,
}

/// A request as the shopper, the seller and the operator read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Request {
    pub id: i64,
    pub order_id: String,
    pub state: State,
    pub reason: Reason,
    pub note: String,
    pub lines: Vec<RequestLine>,
    /// Freight, when this request gives back the last of the order.
    pub freight: Money,
    /// Everything it gives back.
    pub amount: Money,
    /// The photos' addresses.
    pub photos: Vec<String>,
    /// RFC 3339
    pub created_at: String,
    /// Why the seller (or then the operator) refused it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
}

/// What asking for `asked` gives back, after `before` (units asked for in
/// earlier requests that still hold them): each line's goods and tax share
/// in proportion to its units, so that the parts of a line add up to the
/// whole line exactly; and the freight when nothing of the order is left.
pub fn amount(
    quote: &Quote,
    before: &[LineQty],
    asked: &[LineQty],
) -> Result<(Vec<RequestLine>, Money), ErrorCode> {
    if asked.is_empty() || asked.iter().any(|a| a.qty == 0) {
        return Err(ErrorCode::InvalidAftersales);
    }
    let units = |list: &[LineQty], sku: &str| -> u32 {
        list.iter().filter(|l| l.sku == sku).map(|l| l.qty).sum()
    };
    let mut lines = Vec::with_capacity(asked.len());
    for a in asked {
        if asked.iter().filter(|x| x.sku == a.sku).count() > 1 {
            return Err(ErrorCode::InvalidAftersales);
        }
        let line = quote
            .lines
            .iter()
            .find(|l| l.sku == a.sku)
            .ok_or(ErrorCode::InvalidAftersales)?;
        let had = units(before, &a.sku);
        if had.saturating_add(a.qty) > line.qty {
            return Err(ErrorCode::InvalidAftersales);
        }
        // The part of `whole` for units had..had+qty of the line's qty.
        let part = |whole: i64| {
            let upto = |n: u32| whole * i64::from(n) / i64::from(line.qty.max(1));
            upto(had + a.qty) - upto(had)
        };
        lines.push(RequestLine {
            name: line.name.clone(),
            sku: a.sku.clone(),
            qty: a.qty,
            amount: Money::cny(part(line.goods.cny.amount) + part(line.tax.amount)),
        });
    }
    let all_gone = quote
        .lines
        .iter()
        .all(|l| units(before, &l.sku) + units(asked, &l.sku) >= l.qty);
    let freight = if all_gone {
        quote.freight
    } else {
        Money::cny(0)
    };
    Ok((lines, freight))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote() -> Quote {
        serde_json::from_value(serde_json::json!({
            "lines": [
                {"sku": "HO-500G", "product_slug": "honey", "name": {"zh": "蜂蜜", "en": "Honey"}, "variant": {"zh": "500克", "en": "500 g"},
                 "image": "", "qty": 3, "unit": {"cny": {"amount": 10001, "currency": "CNY"}, "usd": {"amount": 1400, "currency": "USD"}},
                 "goods": {"cny": {"amount": 30003, "currency": "CNY"}, "usd": {"amount": 4200, "currency": "USD"}},
                 "freight": {"amount": 2000, "currency": "CNY"}, "tax": {"amount": 2889, "currency": "CNY"},
                 "tax_class": "general", "channel": "direct_mail", "stock": 10},
                {"sku": "AL-500G", "product_slug": "almonds", "name": {"zh": "杏仁", "en": "Almonds"}, "variant": {"zh": "500克", "en": "500 g"},
                 "image": "", "qty": 1, "unit": {"cny": {"amount": 8000, "currency": "CNY"}, "usd": {"amount": 1100, "currency": "USD"}},
                 "goods": {"cny": {"amount": 8000, "currency": "CNY"}, "usd": {"amount": 1100, "currency": "USD"}},
                 "freight": {"amount": 1000, "currency": "CNY"}, "tax": {"amount": 820, "currency": "CNY"},
                 "tax_class": "general", "channel": "direct_mail", "stock": 10}
            ],
            "parcels": [], "goods": {"amount": 38003, "currency": "CNY"}, "freight": {"amount": 3000, "currency": "CNY"},
            "tax": {"amount": 3709, "currency": "CNY"}, "total": {"amount": 44712, "currency": "CNY"},
            "total_usd": {"amount": 6400, "currency": "USD"}, "rate": {"cny_per_usd_e4": 70000, "set_at": "2026-12-01T00:00:00Z"}, "issues": []
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn q(sku: &str, qty: u32) -> LineQty {
        LineQty {
            sku: sku.into(),
            qty,
        }
    }

    #[test]
    fn one_damaged_jar_gives_back_its_share_and_no_freight() {
        let (lines, freight) =
            amount(&quote(), &[], &[q("HO-500G", 1)]).unwrap_or_else(|e| panic!("{e:?}"));
        // A third of 300.03 and of 28.89, rounded down.
        assert_eq!(lines[0].amount, Money::cny(10001 + 963));
        assert_eq!(freight, Money::cny(0));
    }

    #[test]
    fn parts_of_a_line_add_up_to_the_line_and_the_last_brings_the_freight() {
        let qt = quote();
        let mut before = Vec::new();
        let mut given = 0;
        for ask in [
            q("HO-500G", 1),
            q("HO-500G", 1),
            q("AL-500G", 1),
            q("HO-500G", 1),
        ] {
            let (lines, freight) = amount(&qt, &before, std::slice::from_ref(&ask))
                .unwrap_or_else(|e| panic!("{e:?}"));
            given += lines.iter().map(|l| l.amount.amount).sum::<i64>() + freight.amount;
            before.push(ask);
        }
        assert_eq!(given, qt.total.amount, "all of it, to the fen");
    }

    #[test]
    fn more_than_was_bought_or_a_line_not_in_the_order_is_refused() {
        let qt = quote();
        for bad in [
            vec![q("HO-500G", 4)],
            vec![q("XX-1", 1)],
            vec![],
            vec![q("HO-500G", 0)],
            vec![q("HO-500G", 1), q("HO-500G", 1)],
        ] {
            assert_eq!(
                amount(&qt, &[], &bad),
                Err(ErrorCode::InvalidAftersales),
                "{bad:?}"
            );
        }
        assert!(
            amount(&qt, &[q("HO-500G", 3)], &[q("HO-500G", 1)]).is_err(),
            "asked for already"
        );
    }
}
