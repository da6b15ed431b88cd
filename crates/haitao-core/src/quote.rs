//! Pricing a cart: goods at the rate, one parcel per fulfilment channel with
//! its freight shared over its lines, tax per line on goods + freight share,
//! and the limits the total crosses.

use crate::api::{CartLine, Parcel, Quote, QuotedLine};
use crate::error::ErrorCode;
use crate::freight::{allocate, Channel};
use crate::limits;
use crate::money::{ExchangeRate, Money, Price};

/// The most units of one line; beyond this a cart is a wholesale order.
pub const MAX_QTY: u32 = 99;
/// The most lines in one cart: a line is declared to customs as at most two
/// rows and a declaration holds at most 99 (server `customs::MAX_ROWS`).
pub const MAX_LINES: usize = 49;

/// Checks the shape of cart lines before anything is looked up.
pub fn check_lines(lines: &[CartLine]) -> Result<(), ErrorCode> {
    if lines.is_empty() {
        return Err(ErrorCode::EmptyCart);
    }
    if lines.len() > MAX_LINES || lines.iter().any(|l| l.qty == 0 || l.qty > MAX_QTY) {
        return Err(ErrorCode::InvalidQuantity);
    }
    Ok(())
}

/// Prices lines whose `unit.usd`, `qty`, `tax_class` and `channel` are set
/// (other money fields are overwritten). Parcels come in channel order.
pub fn price(mut lines: Vec<QuotedLine>, rate: &ExchangeRate) -> Quote {
    for l in &mut lines {
        l.unit = Price::from_usd(l.unit.usd, rate);
        // Convert the line's dollars once, not the rounded unit yuan times qty,
        // so a line's yuan are the nearest fen to its dollars at the rate.
        let usd = l.unit.usd.times(l.qty);
        l.goods = Price::from_usd(usd, rate);
    }

    let mut parcels = Vec::new();
    for channel in Channel::ALL {
        let idx: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].channel == channel)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let goods: Vec<Money> = idx.iter().map(|&i| lines[i].goods.cny).collect();
        for (&i, share) in idx.iter().zip(allocate(channel.freight(), &goods)) {
            lines[i].freight = share;
        }
        parcels.push(Parcel {
            channel,
            freight: channel.freight(),
            skus: idx.iter().map(|&i| lines[i].sku.clone()).collect(),
        });
    }

    for l in &mut lines {
        l.tax = l
            .tax_class
            .tax_on(Money::cny(l.goods.cny.amount + l.freight.amount));
    }

    let sum = |f: fn(&QuotedLine) -> i64| Money::cny(lines.iter().map(f).sum());
    let goods = sum(|l| l.goods.cny.amount);
    let freight = sum(|l| l.freight.amount);
    let tax = sum(|l| l.tax.amount);
    let total = Money::cny(goods.amount + freight.amount + tax.amount);
    let total_usd = Money::usd(crate::money::div_round_half_up(
        i128::from(total.amount) * i128::from(ExchangeRate::SCALE),
        i128::from(rate.cny_per_usd_e4.max(1)),
    ) as i64);
    let mut issues: Vec<limits::LimitIssue> = lines
        .iter()
        .filter(|l| l.unit.cny.amount > limits::ORDER_LIMIT.amount)
        .map(|l| limits::LimitIssue::SingleItem {
            sku: l.sku.clone(),
            limit: limits::ORDER_LIMIT,
        })
        .collect();
    issues.extend(limits::check_order(total));

    Quote {
        lines,
        parcels,
        goods,
        freight,
        tax,
        total,
        total_usd,
        rate: rate.clone(),
        issues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::LimitIssue;
    use crate::tax::TaxClass;
    use crate::text::L10n;

    fn rate() -> ExchangeRate {
        ExchangeRate {
            cny_per_usd_e4: 70_000,
            set_at: "2026-11-21T00:00:00Z".into(),
        }
    }

    fn line(
        sku: &str,
        usd_cents: i64,
        qty: u32,
        tax_class: TaxClass,
        channel: Channel,
    ) -> QuotedLine {
        QuotedLine {
            sku: sku.into(),
            product_slug: sku.into(),
            name: L10n::default(),
            variant: L10n::default(),
            image: String::new(),
            qty,
            unit: Price {
                cny: Money::cny(0),
                usd: Money::usd(usd_cents),
            },
            goods: Price {
                cny: Money::cny(0),
                usd: Money::usd(0),
            },
            freight: Money::cny(0),
            tax: Money::cny(0),
            tax_class,
            channel,
            stock: 100,
        }
    }

    #[test]
    fn one_line_direct_mail() {
        // $10.00 x 2 at 7.0 = 140.00; freight 30.00; tax 9.1% of 170.00 = 15.47
        let q = price(
            vec![line("a", 1000, 2, TaxClass::General, Channel::DirectMail)],
            &rate(),
        );
        assert_eq!(q.goods, Money::cny(14_000));
        assert_eq!(q.freight, Money::cny(3_000));
        assert_eq!(q.tax, Money::cny(1_547));
        assert_eq!(q.total, Money::cny(18_547));
        assert_eq!(q.total_usd, Money::usd(2_650)); // 185.47 / 7 = 26.4957 -> 26.50
        assert_eq!(q.lines[0].unit.cny, Money::cny(7_000));
        assert!(q.issues.is_empty());
    }

    #[test]
    fn parcels_per_channel_and_tax_per_class() {
        let q = price(
            vec![
                line("cherries", 5000, 1, TaxClass::Vat9, Channel::ColdChain),
                line("serum", 3000, 1, TaxClass::Cosmetics, Channel::DirectMail),
                line("nuts", 2000, 1, TaxClass::Vat9, Channel::DirectMail),
            ],
            &rate(),
        );
        assert_eq!(q.parcels.len(), 2);
        assert_eq!(q.parcels[0].channel, Channel::DirectMail);
        assert_eq!(q.parcels[0].skus, vec!["serum", "nuts"]);
        assert_eq!(q.parcels[1].skus, vec!["cherries"]);
        // direct mail 30.00 over 210.00 and 140.00 -> 18.00 and 12.00
        assert_eq!(q.lines[1].freight, Money::cny(1_800));
        assert_eq!(q.lines[2].freight, Money::cny(1_200));
        assert_eq!(q.lines[0].freight, Money::cny(6_800));
        // cherries: 6.3% of 418.00 = 26.334 -> 26.33; serum: 98/425 of 228.00 = 52.5741 -> 52.57
        // (the rounded 23.06% would say 52.58);
        // nuts: 6.3% of 152.00 = 9.576 -> 9.58
        assert_eq!(q.lines[0].tax, Money::cny(2_633));
        assert_eq!(q.lines[1].tax, Money::cny(5_257));
        assert_eq!(q.lines[2].tax, Money::cny(958));
        assert_eq!(
            q.total.amount,
            q.goods.amount + q.freight.amount + q.tax.amount
        );
    }

    #[test]
    fn flags_order_over_limit_with_amount() {
        // $700 at 7 = 4,900.00 + 30.00 freight + 9.1% tax -> over 5,000
        let q = price(
            vec![line(
                "big",
                70_000,
                1,
                TaxClass::General,
                Channel::DirectMail,
            )],
            &rate(),
        );
        let over = q.total.amount - 500_000;
        assert!(over > 0);
        assert_eq!(
            q.issues,
            vec![LimitIssue::OrderLimit {
                limit: limits::ORDER_LIMIT,
                over: Money::cny(over)
            }]
        );
    }

    #[test]
    fn flags_a_single_item_above_the_order_limit() {
        // $800 at 7 = 5,600.00 for one indivisible unit.
        let q = price(
            vec![line(
                "range",
                80_000,
                1,
                TaxClass::General,
                Channel::DirectMail,
            )],
            &rate(),
        );
        assert!(q.issues.contains(&LimitIssue::SingleItem {
            sku: "range".into(),
            limit: limits::ORDER_LIMIT
        }));
    }

    #[test]
    fn line_checks() {
        let l = |qty| CartLine {
            sku: "a".into(),
            qty,
        };
        assert_eq!(check_lines(&[]), Err(ErrorCode::EmptyCart));
        assert_eq!(check_lines(&[l(0)]), Err(ErrorCode::InvalidQuantity));
        assert_eq!(
            check_lines(&[l(MAX_QTY + 1)]),
            Err(ErrorCode::InvalidQuantity)
        );
        assert_eq!(check_lines(&[l(1), l(MAX_QTY)]), Ok(()));
    }
}
