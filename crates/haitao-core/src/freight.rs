//! Fulfilment channels, their freight, and the freight's share of each line
//! (the dutiable price of a line is its goods plus its share of freight).

use serde::{Deserialize, Serialize};

use crate::money::Money;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Parcel post from the US straight to the shopper.
    DirectMail,
    /// Stocked ahead in a bonded warehouse in China; fastest.
    BondedWarehouse,
    /// Refrigerated air freight for fresh produce and seafood.
    ColdChain,
}

impl Channel {
    pub const ALL: [Channel; 3] = [
        Channel::DirectMail,
        Channel::BondedWarehouse,
        Channel::ColdChain,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::DirectMail => "direct_mail",
            Channel::BondedWarehouse => "bonded_warehouse",
            Channel::ColdChain => "cold_chain",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Freight for one parcel of this channel, in fen.
    pub const fn freight(self) -> Money {
        match self {
            Channel::DirectMail => Money::cny(3_000),
            Channel::BondedWarehouse => Money::cny(1_000),
            Channel::ColdChain => Money::cny(6_800),
        }
    }

    /// Working days from payment to the door, (fastest, slowest).
    pub const fn delivery_days(self) -> (u8, u8) {
        match self {
            Channel::DirectMail => (7, 14),
            Channel::BondedWarehouse => (2, 4),
            Channel::ColdChain => (3, 5),
        }
    }
}

/// Splits `freight` over lines in proportion to their goods value, so the
/// shares add up to the freight exactly: each line gets the floor of its
/// share, and the fen left over go to the lines with the largest remainders.
pub fn allocate(freight: Money, goods: &[Money]) -> Vec<Money> {
    let total: i128 = goods.iter().map(|m| i128::from(m.amount)).sum();
    if goods.is_empty() {
        return Vec::new();
    }
    if total <= 0 {
        // Nothing to weigh by: the first line carries it.
        let mut out = vec![
            Money {
                amount: 0,
                ..freight
            };
            goods.len()
        ];
        out[0] = freight;
        return out;
    }
    let f = i128::from(freight.amount);
    let mut shares: Vec<(usize, i128, i128)> = goods
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let num = f * i128::from(g.amount);
            (i, num / total, num % total)
        })
        .collect();
    let mut left = f - shares.iter().map(|s| s.1).sum::<i128>();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by(|&a, &b| shares[b].2.cmp(&shares[a].2).then(a.cmp(&b)));
    for i in by_remainder {
        if left == 0 {
            break;
        }
        shares[i].1 += 1;
        left -= 1;
    }
    shares
        .into_iter()
        .map(|(_, amount, _)| Money {
            amount: i64::try_from(amount).unwrap_or(i64::MAX),
            ..freight
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cny(v: &[i64]) -> Vec<Money> {
        v.iter().map(|&a| Money::cny(a)).collect()
    }

    #[test]
    fn allocation_sums_to_freight_and_follows_value() {
        let cases: &[(i64, &[i64], &[i64])] = &[
            (3000, &[10_000], &[3000]),
            (3000, &[10_000, 10_000], &[1500, 1500]),
            (1000, &[1, 1, 1], &[334, 333, 333]),
            (3000, &[30_000, 10_000], &[2250, 750]),
            (6800, &[0, 0], &[6800, 0]),
            (0, &[500, 700], &[0, 0]),
        ];
        for (freight, goods, want) in cases {
            let got = allocate(Money::cny(*freight), &cny(goods));
            assert_eq!(got, cny(want), "freight {freight} over {goods:?}");
            assert_eq!(got.iter().map(|m| m.amount).sum::<i64>(), *freight);
        }
        assert!(allocate(Money::cny(100), &[]).is_empty());
    }

    #[test]
    fn channel_names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
    }
}
