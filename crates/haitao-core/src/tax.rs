//! Cross-border e-commerce comprehensive tax (Cai Guan Shui [2016] No. 18,
//! [2018] No. 49): within the limits, no duty, and VAT plus consumption tax
//! at 70% of their statutory rates, on the dutiable price (goods + freight).

use serde::{Deserialize, Serialize};

use crate::money::{div_round_half_up, Money};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaxClass {
    /// 13% VAT x 70% = 9.1%
    General,
    /// 9% VAT goods (fresh produce, food): 9% x 70% = 6.3%
    Vat9,
    /// High-end cosmetics, 15% consumption tax:
    /// (0.15 + 0.13) / (1 - 0.15) x 70% = 23.0588...% -> 23.06% as the rules state it.
    Cosmetics,
}

impl TaxClass {
    pub const ALL: [TaxClass; 3] = [TaxClass::General, TaxClass::Vat9, TaxClass::Cosmetics];

    /// The comprehensive rate in basis points of a percent's hundredth (1/10,000).
    pub const fn rate_bp(self) -> i64 {
        match self {
            TaxClass::General => 910,
            TaxClass::Vat9 => 630,
            TaxClass::Cosmetics => 2306,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TaxClass::General => "general",
            TaxClass::Vat9 => "vat9",
            TaxClass::Cosmetics => "cosmetics",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Tax on one line's dutiable amount in fen. Rounded to the fen, half up,
    /// per line: customs assess each line, so rounding the order total instead
    /// would disagree with the declaration by a fen now and then.
    pub fn tax_on(self, dutiable: Money) -> Money {
        let fen = div_round_half_up(
            i128::from(dutiable.amount) * i128::from(self.rate_bp()),
            10_000,
        );
        Money {
            amount: i64::try_from(fen).unwrap_or(i64::MAX),
            currency: dutiable.currency,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_per_class() {
        let cases = [
            // (class, dutiable fen, tax fen)
            (TaxClass::General, 10_000, 910),
            (TaxClass::Vat9, 10_000, 630),
            (TaxClass::Cosmetics, 10_000, 2306),
            // 123.45 x 9.1% = 11.23395 -> 11.23
            (TaxClass::General, 12_345, 1123),
            // 5.00 x 6.3% = 0.315 -> 0.32 (half up)
            (TaxClass::Vat9, 500, 32),
            (TaxClass::Cosmetics, 0, 0),
        ];
        for (class, base, tax) in cases {
            assert_eq!(
                class.tax_on(Money::cny(base)),
                Money::cny(tax),
                "{class:?} on {base}"
            );
        }
    }

    #[test]
    fn parses_its_own_names() {
        for c in TaxClass::ALL {
            assert_eq!(TaxClass::parse(c.as_str()), Some(c));
        }
        assert_eq!(TaxClass::parse("luxury"), None);
    }
}
