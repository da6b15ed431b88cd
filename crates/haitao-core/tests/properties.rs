//! Properties of the parsers and rules that take what shoppers type or the
//! network sends: no input makes them panic, and their arithmetic holds for
//! any cart. Bounded: PROPTEST_CASES (default 256) cases each, in CI too.

use haitao_core::api::QuotedLine;
use haitao_core::freight::Channel;
use haitao_core::money::{ExchangeRate, Money, Price};
use haitao_core::quote::price;
use haitao_core::tax::TaxClass;
use haitao_core::text::L10n;
use haitao_core::validate::{
    id_check_char, id_number, mask_id_number, mobile, person_name, postcode, street, Date,
};
use proptest::prelude::*;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 21,
};

fn days_in(year: u16, month: u8) -> u8 {
    (28..=31)
        .rev()
        .find(|d| Date::new(year, month, *d).is_some())
        .unwrap_or(28)
}

/// A well-formed ID number: region, a real birth date, sequence, check character.
fn valid_id() -> impl Strategy<Value = String> {
    (
        1u8..=8,
        0u32..100_000,
        1900u16..=2025,
        1u8..=12,
        1u8..=31,
        0u32..1000,
    )
        .prop_map(|(p, region, y, m, d, seq)| {
            let d = d.min(days_in(y, m));
            let first17 = format!("{p}{region:05}{y:04}{m:02}{d:02}{seq:03}");
            let check = id_check_char(first17.as_bytes())
                .map(char::from)
                .unwrap_or('?');
            format!("{first17}{check}")
        })
}

proptest! {
    #[test]
    fn checks_never_panic_on_any_text(s in any::<String>()) {
        let _ = id_number(&s, TODAY);
        let _ = mobile(&s);
        let _ = postcode(&s);
        let _ = person_name(&s);
        let _ = street(&s);
        let masked = mask_id_number(&s);
        prop_assert_eq!(masked.chars().count(), s.trim().chars().count());
    }

    #[test]
    fn id_shaped_text_never_panics(s in "[0-9xX ]{0,20}") {
        let _ = id_number(&s, TODAY);
    }

    #[test]
    fn every_well_formed_id_passes_and_one_changed_digit_fails(id in valid_id(), pos in 0usize..17, delta in 1u8..10) {
        prop_assert_eq!(id_number(&id, TODAY), Ok(()));
        prop_assert_eq!(id_number(&id.to_lowercase(), TODAY), Ok(()));
        // MOD 11-2 catches every single-digit error.
        let mut b = id.clone().into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(b).unwrap_or_default();
        prop_assert!(id_number(&changed, TODAY).is_err(), "{} -> {}", id, changed);
        // Masked, the birth date never shows.
        let masked = mask_id_number(&id);
        prop_assert!(!masked.contains(&id[6..14]), "{}", masked);
    }
}

fn line() -> impl Strategy<Value = QuotedLine> {
    (1i64..=10_000_000, 1u32..=99, 0usize..3, 0usize..3).prop_map(|(usd, qty, tax, channel)| {
        QuotedLine {
            sku: format!("S-{usd}-{qty}"),
            product_slug: String::new(),
            name: L10n::default(),
            variant: L10n::default(),
            image: String::new(),
            qty,
            unit: Price {
                cny: Money::cny(0),
                usd: Money::usd(usd),
            },
            goods: Price {
                cny: Money::cny(0),
                usd: Money::usd(0),
            },
            freight: Money::cny(0),
            tax: Money::cny(0),
            tax_class: TaxClass::ALL[tax],
            duty_bp: None,
            channel: Channel::ALL[channel],
            stock: 99,
            seller: None,
            ships: None,
        }
    })
}

proptest! {
    #[test]
    fn a_quote_adds_up_for_any_cart(lines in prop::collection::vec(line(), 1..=50), rate in 1i64..=200_000) {
        let rate = ExchangeRate { cny_per_usd_e4: rate, set_at: "2026-11-21T00:00:00Z".into() };
        let q = price(lines.clone(), &rate);
        prop_assert_eq!(q.lines.len(), lines.len());
        prop_assert_eq!(q.total.amount, q.goods.amount + q.freight.amount + q.tax.amount);
        prop_assert_eq!(q.goods.amount, q.lines.iter().map(|l| l.goods.cny.amount).sum::<i64>());
        // Each parcel's freight is shared out exactly over its lines, none negative.
        for p in &q.parcels {
            let shares: i64 = q.lines.iter().filter(|l| l.channel == p.channel).map(|l| l.freight.amount).sum();
            prop_assert_eq!(shares, p.freight.amount);
        }
        prop_assert!(q.lines.iter().all(|l| l.freight.amount >= 0 && l.tax.amount >= 0));
        let mut channels: Vec<_> = lines.iter().map(|l| l.channel.as_str()).collect();
        channels.sort_unstable();
        channels.dedup();
        prop_assert_eq!(q.parcels.len(), channels.len());
    }
}
