//! The carriers a seller ships with, and what a waybill number of each may
//! look like: checked by the S10 rule where the carrier numbers items by the
//! Universal Postal Union's standard, only for its alphabet and length
//! elsewhere (docs/SHIPPING.md names the source of each rule).

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    Usps,
    Ups,
    Fedex,
    DhlExpress,
    Ems,
    ChinaPost,
    SfExpress,
    Cainiao,
}

impl Carrier {
    pub const ALL: [Carrier; 8] = [
        Carrier::Usps,
        Carrier::Ups,
        Carrier::Fedex,
        Carrier::DhlExpress,
        Carrier::Ems,
        Carrier::ChinaPost,
        Carrier::SfExpress,
        Carrier::Cainiao,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Carrier::Usps => "usps",
            Carrier::Ups => "ups",
            Carrier::Fedex => "fedex",
            Carrier::DhlExpress => "dhl_express",
            Carrier::Ems => "ems",
            Carrier::ChinaPost => "china_post",
            Carrier::SfExpress => "sf_express",
            Carrier::Cainiao => "cainiao",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The carrier's name, English and Chinese, as its own sites write it.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Carrier::Usps => ("USPS", "美国邮政"),
            Carrier::Ups => ("UPS", "UPS"),
            Carrier::Fedex => ("FedEx", "联邦快递"),
            Carrier::DhlExpress => ("DHL Express", "DHL国际快递"),
            Carrier::Ems => ("EMS", "EMS"),
            Carrier::ChinaPost => ("China Post", "中国邮政"),
            Carrier::SfExpress => ("SF Express", "顺丰速运"),
            Carrier::Cainiao => ("Cainiao", "菜鸟"),
        }
    }

    /// Whether the carrier numbers its international items by UPU S10.
    fn numbers_by_s10(self) -> bool {
        matches!(self, Carrier::Ems | Carrier::ChinaPost)
    }
}

/// A waybill number as the shop keeps it (spaces and dashes dropped, letters
/// upper case), or `invalid_waybill`.
pub fn waybill(carrier: Carrier, text: &str) -> Result<String, ErrorCode> {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let fine = if carrier.numbers_by_s10() {
        s10(&kept)
    } else {
        (8..=40).contains(&kept.len()) && kept.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if fine {
        Ok(kept)
    } else {
        Err(ErrorCode::InvalidWaybill)
    }
}

/// UPU S10: two letters (the service), eight digits (the serial), a check
/// digit, two letters (the country). The check digit: the serial's digits
/// weighted 8 6 4 2 3 5 9 7, summed; 11 minus the sum modulo 11, where 10
/// is written 0 and 11 is written 5.
fn s10(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 13
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..11].iter().all(u8::is_ascii_digit)
        || !b[11..].iter().all(u8::is_ascii_uppercase)
    {
        return false;
    }
    let sum: u32 = b[2..10]
        .iter()
        .zip([8, 6, 4, 2, 3, 5, 9, 7])
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    };
    u32::from(b[10] - b'0') == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s10_numbers_carry_their_check_digit() {
        // Serial 47312482: 4·8 + 7·6 + 3·4 + 1·2 + 2·3 + 4·5 + 8·9 + 2·7 = 200,
        // 200 mod 11 = 2, check digit 11 − 2 = 9.
        assert_eq!(
            waybill(Carrier::Ems, "rr 473 124 829 gb").as_deref(),
            Ok("RR473124829GB")
        );
        assert_eq!(
            waybill(Carrier::Ems, "RR473124828GB"),
            Err(ErrorCode::InvalidWaybill)
        );
        assert_eq!(
            waybill(Carrier::ChinaPost, "EA000000005CN").as_deref(),
            Ok("EA000000005CN")
        );
        for bad in [
            "RR47312482GB",
            "R1473124829GB",
            "RR473124829G",
            "RR47312482XGB",
        ] {
            assert_eq!(
                waybill(Carrier::ChinaPost, bad),
                Err(ErrorCode::InvalidWaybill),
                "{bad}"
            );
        }
    }

    #[test]
    fn other_carriers_take_letters_and_digits_of_a_waybills_length() {
        assert_eq!(
            waybill(Carrier::Ups, "1Z 999 AA1 01 2345 6784").as_deref(),
            Ok("1Z999AA10123456784")
        );
        assert_eq!(
            waybill(Carrier::SfExpress, "SF1234567890123").as_deref(),
            Ok("SF1234567890123")
        );
        for bad in ["1234567", "1Z999AA1012345678#", &"9".repeat(41)] {
            assert_eq!(
                waybill(Carrier::Fedex, bad),
                Err(ErrorCode::InvalidWaybill),
                "{bad}"
            );
        }
    }

    #[test]
    fn carriers_are_named_by_their_codes() {
        for c in Carrier::ALL {
            assert_eq!(Carrier::parse(c.as_str()), Some(c));
        }
        assert_eq!(Carrier::parse("pigeon"), None);
    }
}
