//! Pricing a cart: goods at the rate, one parcel per fulfilment channel with
//! its freight shared over its lines, tax per line on goods + freight share,
//! and the limits the total crosses.

use crate::api::{CartLine, OrderStatus, Parcel, Quote, QuotedLine, ShipWindow};
use crate::error::ErrorCode;
use crate::freight::{allocate, Channel};
use crate::limits;
use crate::money::{ExchangeRate, Money, Price};
use crate::tax::TaxClass;

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

impl Quote {
    /// What the shop would take as one order: within the limits, and one
    /// promise of when it ships (the cart's button and the confirm step's).
    pub fn can_order(&self) -> bool {
        self.issues.is_empty() && one_window(&self.lines).is_ok()
    }
}

/// One order, one promise of when it ships: no line a pre-sale, or every
/// line one in the same window (`Err`: the lines to order apart are those
/// whose `ships` differs from the first line's).
pub fn one_window(lines: &[QuotedLine]) -> Result<Option<&ShipWindow>, ErrorCode> {
    let first = lines.first().and_then(|l| l.ships.as_ref());
    if lines.iter().all(|l| l.ships.as_ref() == first) {
        Ok(first)
    } else {
        Err(ErrorCode::PresaleMixed)
    }
}

/// The window an order of `lines` still promises: a pre-sale's, until the
/// order is on its way (or ends without it).
pub fn promised_window(status: OrderStatus, lines: &[QuotedLine]) -> Option<&ShipWindow> {
    let waiting =
        status == OrderStatus::AwaitingPayment || OrderStatus::BEFORE_SHIPPING.contains(&status);
    waiting.then(|| one_window(lines).ok().flatten()).flatten()
}

/// The tax on one line's dutiable value (goods and its freight share), and
/// whether it is in full. [2018] No. 49 art. 2: one indivisible item whose
/// dutiable value passes the single-transaction limit, but not the year's,
/// may still come cross-border `alone` (one unit, the only line), taxed in
/// full at its duty rate; otherwise the reduced cross-border rate.
pub fn tax_of(
    class: TaxClass,
    duty_bp: Option<u32>,
    dutiable: Money,
    alone: bool,
) -> (Money, bool) {
    let over = limits::over_order_limit(dutiable) && dutiable.amount <= limits::ANNUAL_LIMIT.amount;
    match duty_bp {
        Some(duty) if alone && over => (class.full_tax_on(dutiable, duty), true),
        _ => (class.tax_on(dutiable), false),
    }
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

    let dutiable = |l: &QuotedLine| l.goods.cny.amount + l.freight.amount;
    let alone = lines.len() == 1 && lines[0].qty == 1;
    let mut taxed_in_full = false;
    for l in &mut lines {
        let (tax, in_full) = tax_of(l.tax_class, l.duty_bp, Money::cny(dutiable(l)), alone);
        l.tax = tax;
        taxed_in_full |= in_full;
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
    let mut issues: Vec<limits::LimitIssue> = Vec::new();
    if !taxed_in_full {
        for l in &lines {
            let over = limits::over_order_limit(l.unit.cny)
                || (alone && limits::over_order_limit(Money::cny(dutiable(l))));
            if !over {
                continue;
            }
            let (sku, limit) = (l.sku.clone(), limits::ORDER_LIMIT);
            issues.push(match l.duty_bp {
                // It could come on its own: the cart has more than that one unit.
                Some(_) if !alone => limits::LimitIssue::BuyAlone { sku, limit },
                _ => limits::LimitIssue::SingleItem { sku, limit },
            });
        }
        issues.extend(limits::check_order(total));
    }

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
        taxed_in_full,
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
            duty_bp: None,
            channel,
            stock: 100,
            seller: None,
            ships: None,
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

    /// [2018] No. 49 art. 2: one indivisible item over 5,000 yuan, alone in
    /// its order, is taxed in full at its duty rate and may be ordered.
    #[test]
    fn a_single_item_over_the_limit_alone_is_taxed_in_full() {
        let grill = |qty| {
            let mut l = line("grill", 80_000, qty, TaxClass::General, Channel::DirectMail);
            l.duty_bp = Some(1000);
            l
        };
        // $800 at 7 = 5,600.00 + 30.00 freight = 5,630.00 dutiable: duty 563.00,
        // VAT 13% of 6,193.00 = 805.09.
        let q = price(vec![grill(1)], &rate());
        assert!(q.taxed_in_full);
        assert!(q.issues.is_empty(), "{:?}", q.issues);
        assert_eq!(q.tax, Money::cny(56_300 + 80_509));
        assert_eq!(q.total, Money::cny(563_000 + 56_300 + 80_509));
        // Two of them, or with anything else: it must come alone.
        for lines in [
            vec![grill(2)],
            vec![
                grill(1),
                line("nuts", 1000, 1, TaxClass::Vat9, Channel::DirectMail),
            ],
        ] {
            let q = price(lines, &rate());
            assert!(!q.taxed_in_full);
            assert!(q.issues.contains(&LimitIssue::BuyAlone {
                sku: "grill".into(),
                limit: limits::ORDER_LIMIT
            }));
        }
        // Under the limit by its price, over it with its freight: the dutiable
        // value decides (4,987.50 + 30.00).
        let mut near = grill(1);
        near.unit.usd = Money::usd(71_250);
        let q = price(vec![near], &rate());
        assert!(q.taxed_in_full, "{:?}", q.issues);
        assert!(limits::over_order_limit(Money::cny(498_750 + 3_000)));
        // Past the year's limit on its own: not cross-border at all.
        let mut boat = grill(1);
        boat.unit.usd = Money::usd(400_000);
        let q = price(vec![boat], &rate());
        assert!(!q.taxed_in_full);
        assert!(matches!(q.issues[0], LimitIssue::SingleItem { .. }));
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

    #[test]
    fn one_order_keeps_one_promise_of_when_it_ships() {
        use crate::api::ShipWindow;
        let june = ShipWindow::parse("2027-06-20..2027-07-05");
        assert_eq!(
            june,
            Some(ShipWindow {
                from: "2027-06-20".into(),
                to: "2027-07-05".into()
            })
        );
        assert_eq!(ShipWindow::parse("2027-07-05..2027-06-20"), None);
        assert_eq!(ShipWindow::parse("2027-06-20"), None);
        assert_eq!(ShipWindow::parse("2027-6-20..2027-07-05"), None);
        let june = june.expect("a window");
        assert!(june.ahead("2027-06-19") && !june.ahead("2027-06-20") && june.opened("2027-06-20"));
        let july = ShipWindow::parse("2027-07-01..2027-07-20");
        let with = |w: Option<&ShipWindow>| {
            let mut l = line("CH-1KG", 100, 1, TaxClass::Vat9, Channel::DirectMail);
            l.ships = w.cloned();
            l
        };
        let (a, b, now) = (with(Some(&june)), with(july.as_ref()), with(None));
        assert_eq!(one_window(&[now.clone(), now.clone()]), Ok(None));
        assert_eq!(one_window(&[a.clone(), a.clone()]), Ok(Some(&june)));
        assert_eq!(
            one_window(&[a.clone(), now.clone()]),
            Err(ErrorCode::PresaleMixed)
        );
        assert_eq!(one_window(&[now, a.clone()]), Err(ErrorCode::PresaleMixed));
        assert_eq!(one_window(&[a.clone(), b]), Err(ErrorCode::PresaleMixed));
        let one = [a];
        assert_eq!(promised_window(OrderStatus::Paid, &one), Some(&june));
        assert_eq!(
            promised_window(OrderStatus::AwaitingPayment, &one),
            Some(&june)
        );
        assert_eq!(promised_window(OrderStatus::Shipped, &one), None);
        assert_eq!(promised_window(OrderStatus::Cancelled, &one), None);
    }
}
