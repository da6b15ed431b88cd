//! Money as integer minor units (fen, cents) with its currency; never f64.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    #[serde(rename = "CNY")]
    Cny,
    #[serde(rename = "USD")]
    Usd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Minor units: fen for CNY, cents for USD.
    pub amount: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn cny(fen: i64) -> Self {
        Self {
            amount: fen,
            currency: Currency::Cny,
        }
    }
    pub const fn usd(cents: i64) -> Self {
        Self {
            amount: cents,
            currency: Currency::Usd,
        }
    }

    /// Multiplies by a quantity; saturates rather than wrapping on absurd input.
    pub fn times(self, qty: u32) -> Self {
        Self {
            amount: self.amount.saturating_mul(i64::from(qty)),
            currency: self.currency,
        }
    }

    /// "1234.50": the amount in major units as machines write it (a customs
    /// declaration, a payment provider, structured data): two decimals, no
    /// grouping, sign when negative.
    pub fn decimal(self) -> String {
        let sign = if self.amount < 0 { "-" } else { "" };
        let a = self.amount.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// "1,234.50": grouped digits, two decimals, sign when negative. The currency
    /// symbol belongs to the locale layer, so it is not added here.
    pub fn format_number(self) -> String {
        let negative = self.amount < 0;
        let abs = self.amount.unsigned_abs();
        let (major, minor) = (abs / 100, abs % 100);
        let grouped = group_thousands(major);
        format!("{}{grouped}.{minor:02}", if negative { "-" } else { "" })
    }
}

/// "12", "12.5", "12.99" dollars as cents; nothing else.
/// (The import file and the seller centre read prices by this one rule.)
pub fn cents(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('$');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || whole.len() > 7 || frac.len() > 2 {
        return None;
    }
    if !whole
        .bytes()
        .chain(frac.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole * 100 + frac)
}

/// 1234567 → "1,234,567": digits grouped by thousands, as English writes them.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// Divides and rounds half away from zero; the one rounding rule of the shop.
pub fn div_round_half_up(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0);
    let q = numerator / denominator;
    let r = numerator % denominator;
    if r.abs() * 2 >= denominator {
        q + numerator.signum()
    } else {
        q
    }
}

/// USD -> CNY rate, held as yuan per dollar times 10,000 (7.1234 -> 71234),
/// with the moment it was set so the shop can say which rate it used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRate {
    pub cny_per_usd_e4: i64,
    /// RFC 3339 time at which the rate was set.
    pub set_at: String,
}

impl ExchangeRate {
    pub const SCALE: i64 = 10_000;

    /// US cents to fen, rounded half up to the fen.
    pub fn to_cny(&self, usd: Money) -> Money {
        debug_assert_eq!(usd.currency, Currency::Usd);
        let fen = div_round_half_up(
            i128::from(usd.amount) * i128::from(self.cny_per_usd_e4),
            i128::from(Self::SCALE),
        );
        Money::cny(i64::try_from(fen).unwrap_or(i64::MAX))
    }

    /// "7.1234"
    pub fn format(&self) -> String {
        format!(
            "{}.{:04}",
            self.cny_per_usd_e4 / Self::SCALE,
            self.cny_per_usd_e4 % Self::SCALE
        )
    }
}

/// Both amounts of one price, as every price in the API carries them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Price {
    pub cny: Money,
    pub usd: Money,
}

impl Price {
    pub fn from_usd(usd: Money, rate: &ExchangeRate) -> Self {
        Self {
            cny: rate.to_cny(usd),
            usd,
        }
    }
    pub fn times(self, qty: u32) -> Self {
        Self {
            cny: self.cny.times(qty),
            usd: self.usd.times(qty),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(e4: i64) -> ExchangeRate {
        ExchangeRate {
            cny_per_usd_e4: e4,
            set_at: "2026-11-21T00:00:00Z".into(),
        }
    }

    #[test]
    fn formats_grouped_two_decimals() {
        for (fen, text) in [
            (0, "0.00"),
            (5, "0.05"),
            (123_450, "1,234.50"),
            (100_000_000, "1,000,000.00"),
            (99_999, "999.99"),
            (-123_456, "-1,234.56"),
        ] {
            assert_eq!(Money::cny(fen).format_number(), text, "{fen}");
            assert_eq!(Money::cny(fen).decimal(), text.replace(',', ""), "{fen}");
        }
    }

    #[test]
    fn converts_usd_to_cny_half_up() {
        // 12.99 USD at 7.1234 = 92.532966 -> 92.53
        assert_eq!(rate(71_234).to_cny(Money::usd(1299)), Money::cny(9253));
        // 0.01 USD at 7.25 = 0.0725 -> 0.07
        assert_eq!(rate(72_500).to_cny(Money::usd(1)), Money::cny(7));
        // exactly half a fen rounds up: 1 cent at 7.15 = 7.15 fen -> 7; 10 cents at 7.15 = 71.5 -> 72
        assert_eq!(rate(71_500).to_cny(Money::usd(10)), Money::cny(72));
        assert_eq!(rate(71_234).format(), "7.1234");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round_half_up(15, 10), 2);
        assert_eq!(div_round_half_up(14, 10), 1);
        assert_eq!(div_round_half_up(-15, 10), -2);
        assert_eq!(div_round_half_up(-14, 10), -1);
    }
}
