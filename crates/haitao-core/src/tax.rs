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

    /// The statutory VAT and consumption tax rates, in basis points.
    pub const fn statutory_bp(self) -> (i64, i64) {
        match self {
            TaxClass::General => (1300, 0),
            TaxClass::Vat9 => (900, 0),
            TaxClass::Cosmetics => (1300, 1500),
        }
    }

    /// Tax in full, as on goods imported by general trade ([2018] No. 49
    /// art. 2: one indivisible item whose dutiable value passes the
    /// single-transaction limit): duty at the goods' own rate, consumption
    /// tax on (value + duty) / (1 - its rate), VAT on value + duty +
    /// consumption tax; each rounded to the fen, half up, as customs assess
    /// them one by one. With no duty and no reduction this is `tax_on`'s
    /// formula without its 70%.
    pub fn full_tax_on(self, dutiable: Money, duty_bp: u32) -> Money {
        let (vat, ct) = self.statutory_bp();
        let d = i128::from(dutiable.amount);
        let duty = div_round_half_up(d * i128::from(duty_bp), 10_000);
        let consumption = div_round_half_up((d + duty) * i128::from(ct), i128::from(10_000 - ct));
        let value_added = div_round_half_up((d + duty + consumption) * i128::from(vat), 10_000);
        Money {
            amount: i64::try_from(duty + consumption + value_added).unwrap_or(i64::MAX),
            currency: dutiable.currency,
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
    fn in_full_as_general_trade() {
        // A 6,000.00 grill (13% VAT) at 10% duty: duty 600.00, VAT 13% of 6,600.00 = 858.00.
        assert_eq!(
            TaxClass::General.full_tax_on(Money::cny(600_000), 1000),
            Money::cny(60_000 + 85_800)
        );
        // 8,500.00 of skincare at 5% duty: duty 425.00; consumption tax 15/85 of
        // 8,925.00 = 1,575.00; VAT 13% of 10,500.00 = 1,365.00.
        assert_eq!(
            TaxClass::Cosmetics.full_tax_on(Money::cny(850_000), 500),
            Money::cny(42_500 + 157_500 + 136_500)
        );
        // Without duty, the full rate is the composite one without its 70%.
        let d = Money::cny(1_000_000);
        for class in TaxClass::ALL {
            let reduced = class.tax_on(d).amount;
            let full = class.full_tax_on(d, 0).amount;
            assert!(
                (full * 7 - reduced * 10).abs() <= 10,
                "{class:?}: {full} vs {reduced}"
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
