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
    /// High-end cosmetics, 15% consumption tax: (0.15 + 0.13) / (1 - 0.15) x 70%
    /// = 98/425 = 23.0588...%, computed as that fraction (customs assess the
    /// exact rate; 23.06% is only how it is shown).
    Cosmetics,
}

impl TaxClass {
    pub const ALL: [TaxClass; 3] = [TaxClass::General, TaxClass::Vat9, TaxClass::Cosmetics];

    /// The comprehensive rate as an exact fraction (numerator, denominator):
    /// (consumption tax + VAT) / (1 - consumption tax) x 70%.
    pub const fn rate(self) -> (i64, i64) {
        match self {
            TaxClass::General => (91, 1000),
            TaxClass::Vat9 => (63, 1000),
            // (15 + 13) / 85 x 7/10 = 196/850 = 98/425
            TaxClass::Cosmetics => (98, 425),
        }
    }

    /// The rate in hundredths of a percent, rounded half up: for showing it.
    pub const fn rate_bp(self) -> i64 {
        let (n, d) = self.rate();
        (n * 10_000 * 2 + d) / (2 * d)
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
        let (n, d) = self.rate();
        let fen = div_round_half_up(i128::from(dutiable.amount) * i128::from(n), i128::from(d));
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
            // 100.00 x 98/425 = 23.0588 -> 23.06
            (TaxClass::Cosmetics, 10_000, 2306),
            // A 1,230-yuan skincare set: 283.6235... -> 283.62 (23.06% would give 283.64).
            (TaxClass::Cosmetics, 123_000, 28_362),
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
    fn shown_rates() {
        assert_eq!(TaxClass::General.rate_bp(), 910);
        assert_eq!(TaxClass::Vat9.rate_bp(), 630);
        assert_eq!(TaxClass::Cosmetics.rate_bp(), 2306);
    }

    #[test]
    fn parses_its_own_names() {
        for c in TaxClass::ALL {
            assert_eq!(TaxClass::parse(c.as_str()), Some(c));
        }
        assert_eq!(TaxClass::parse("luxury"), None);
    }
}
