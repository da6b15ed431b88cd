//! Checks of what a shopper types at checkout: mobile, postcode, names,
//! address, and the resident ID number (GB 11643). Each returns the stable
//! error code the interface translates.

use crate::error::ErrorCode;

/// A calendar date; core has no clock, so "today" is passed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(year) => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days_in_month).then_some(Self { year, month, day })
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

/// A product's address in URLs: 2-80 of a-z, 0-9 and '-', not starting or
/// ending with '-'. Imports are held to it; the server relies on it.
pub fn is_slug(s: &str) -> bool {
    (2..=80).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Mainland mobile: 11 digits, `^1[3-9]\d{9}$`.
pub fn mobile(s: &str) -> Result<(), ErrorCode> {
    let b = s.as_bytes();
    let ok = b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit);
    ok.then_some(()).ok_or(ErrorCode::InvalidMobile)
}

/// Postcode: 6 digits, or none (Chinese shops do not ask for it, and
/// neither the carriers nor the customs declaration need it).
pub fn postcode(s: &str) -> Result<(), ErrorCode> {
    (s.is_empty() || s.len() == 6 && s.bytes().all(|c| c.is_ascii_digit()))
        .then_some(())
        .ok_or(ErrorCode::InvalidPostcode)
}

/// A person's name as on the ID card: 2 to 30 characters, letters (any
/// script), the middle dot of transcribed names, and spaces; no digits.
pub fn person_name(s: &str) -> Result<(), ErrorCode> {
    let t = s.trim();
    let n = t.chars().count();
    let ok = (2..=30).contains(&n)
        && t.chars()
            .all(|c| c.is_alphabetic() || c == '·' || c == '•' || c == ' ' || c == '.');
    ok.then_some(()).ok_or(ErrorCode::InvalidName)
}

/// A street address line: present, and not absurdly long.
pub fn street(s: &str) -> Result<(), ErrorCode> {
    let n = s.trim().chars().count();
    (4..=120)
        .contains(&n)
        .then_some(())
        .ok_or(ErrorCode::InvalidAddress)
}

/// The longest address the shop ships to, counted as customs' CEB311 carries
/// it (`consigneeAddress`: province, city, district and street run together).
/// The schema says C..200; whether the single window counts characters or
/// GBK bytes (two per Chinese character) is not published, so the shop holds
/// to 100 characters, which fits either reading (docs/CUSTOMS.md).
pub const CONSIGNEE_ADDRESS_MAX: usize = 100;

/// Whether `city` is the level GB/T 2260 gives a municipality (北京, 上海,
/// 天津, 重庆) in place of a city: "市辖区", or "县" for its counties. Nobody
/// writes it in an address, so it is neither shown nor declared.
pub fn is_placeholder_city(city: &str) -> bool {
    matches!(city.trim(), "市辖区" | "县")
}

/// Province, city and district as an address writes them (a municipality's
/// placeholder city left out).
pub fn region_line(province: &str, city: &str, district: &str) -> String {
    let city = if is_placeholder_city(city) { "" } else { city };
    [province, city, district]
        .iter()
        .map(|s| s.trim())
        .collect()
}

/// The address as the customs declaration writes it.
pub fn consignee_address(province: &str, city: &str, district: &str, street: &str) -> String {
    region_line(province, city, district) + street.trim()
}

/// A street within the region chosen: a street line, and the whole address
/// short enough to declare. Checked where the shopper can still shorten it.
pub fn street_in(province: &str, city: &str, district: &str, s: &str) -> Result<(), ErrorCode> {
    street(s)?;
    let n = consignee_address(province, city, district, s)
        .chars()
        .count();
    (n <= CONSIGNEE_ADDRESS_MAX)
        .then_some(())
        .ok_or(ErrorCode::AddressTooLong)
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [u8; 11] = *b"10X98765432";

/// The check character of the first 17 digits, by ISO 7064 MOD 11-2.
pub fn id_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(ID_CHECK[(sum % 11) as usize])
}

/// An 18-character resident ID number: region code, a real birth date not
/// after `today`, sequence, and the right check character ('x' taken as 'X').
pub fn id_number(s: &str, today: Date) -> Result<(), ErrorCode> {
    let bad = Err(ErrorCode::InvalidIdNumber);
    let b: Vec<u8> = s.trim().bytes().map(|c| c.to_ascii_uppercase()).collect();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return bad;
    }
    // Region codes start 1-8 (GB/T 2260 provinces); 0 and 9 are never issued.
    if !(b'1'..=b'8').contains(&b[0]) {
        return bad;
    }
    let num = |r: std::ops::Range<usize>| -> u32 {
        b[r].iter().fold(0, |a, d| a * 10 + u32::from(d - b'0'))
    };
    let birth = Date::new(num(6..10) as u16, num(10..12) as u8, num(12..14) as u8);
    match birth {
        Some(d) if d.year >= 1900 && d <= today => {}
        _ => return bad,
    }
    if id_check_char(&b[..17]) != Some(b[17]) {
        return bad;
    }
    Ok(())
}

/// "**************002X": the last four characters only, so a shopper knows
/// which of their cards it was and a leaked page narrows nothing down (the
/// region and birth date are what make a number guessable). The only form an
/// ID number may be shown or logged in.
pub fn mask_id_number(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let keep = if chars.len() >= 12 { 4 } else { 0 };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i + keep >= chars.len() { *c } else { '*' })
        .collect()
}

/// "138****8000": enough for the shopper to recognise, not enough to misuse.
/// The server sends mobiles only in this form.
pub fn mask_mobile(m: &str) -> String {
    let m = m.trim();
    if m.len() == 11 && m.is_ascii() {
        format!("{}****{}", &m[..3], &m[7..])
    } else {
        "*".repeat(m.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date {
        year: 2026,
        month: 11,
        day: 21,
    };

    #[test]
    fn mobiles() {
        for ok in ["13800138000", "19912345678", "15000000000"] {
            assert_eq!(mobile(ok), Ok(()), "{ok}");
        }
        for bad in [
            "1380013800",
            "138001380001",
            "12800138000",
            "23800138000",
            "1380013800a",
            "",
            "+8613800138000",
        ] {
            assert_eq!(mobile(bad), Err(ErrorCode::InvalidMobile), "{bad}");
        }
    }

    #[test]
    fn postcodes() {
        assert_eq!(postcode("100000"), Ok(()));
        assert_eq!(postcode(""), Ok(()), "optional");
        for bad in ["10000", "1000000", "10000a", " "] {
            assert_eq!(postcode(bad), Err(ErrorCode::InvalidPostcode), "{bad}");
        }
    }

    #[test]
    fn names() {
        for ok in ["张三", "欧阳娜娜", "阿卜杜·热合曼", "Li Wei"] {
            assert_eq!(person_name(ok), Ok(()), "{ok}");
        }
        for bad in ["", " ", "张", "张3", "<b>x</b>"] {
            assert_eq!(person_name(bad), Err(ErrorCode::InvalidName), "{bad}");
        }
    }

    #[test]
    fn id_numbers() {
        let cases = [
            ("11010519491231002X", true),
            ("11010519491231002x", true),
            ("110105194912310021", false), // wrong check character
            ("110105194902300028", false), // 30 February
            ("110105203001010010", false), // born in the future
            ("11010519491231002", false),  // 17 characters
            ("01010519491231002X", false), // no such region
            ("1101051949123100XX", false),
            ("", false),
        ];
        for (id, valid) in cases {
            assert_eq!(id_number(id, TODAY).is_ok(), valid, "{id}");
        }
        // A generated valid number for a leap day.
        let first17 = b"44030420000229123";
        let check = id_check_char(first17).map(char::from).unwrap_or('?');
        let id = format!(
            "{}{check}",
            std::str::from_utf8(first17).unwrap_or_default()
        );
        assert_eq!(id_number(&id, TODAY), Ok(()));
    }

    #[test]
    fn dates_are_real() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2026, 13, 1).is_none());
        assert!(Date::new(2026, 4, 31).is_none());
    }

    #[test]
    fn masks_show_at_most_four_characters() {
        let masked = mask_id_number("11010519491231002X");
        assert_eq!(masked, "**************002X");
        assert!(masked.chars().filter(|c| *c != '*').count() <= 4);
        assert_eq!(mask_id_number(" 11010519491231002X "), masked);
        assert_eq!(mask_id_number("123"), "***");
        assert_eq!(mask_mobile("13800138000"), "138****8000");
        assert_eq!(mask_mobile("+8613800138000"), "**************");
    }

    #[test]
    fn the_whole_address_fits_the_customs_declaration() {
        let region = ("甘肃省", "临夏回族自治州", "积石山保安族东乡族撒拉族自治县");
        let fits = "幸".repeat(CONSIGNEE_ADDRESS_MAX - 25);
        assert_eq!(street_in(region.0, region.1, region.2, &fits), Ok(()));
        let over = format!("{fits}号");
        assert_eq!(street(&over), Ok(()), "a street line on its own");
        assert_eq!(
            street_in(region.0, region.1, region.2, &over),
            Err(ErrorCode::AddressTooLong)
        );
        assert_eq!(
            street_in("上海市", "市辖区", "浦东新区", &over),
            Ok(()),
            "a shorter region leaves room"
        );
        assert_eq!(
            consignee_address(" 上海市", "市辖区 ", "浦东新区", " 世纪大道1号 "),
            "上海市浦东新区世纪大道1号"
        );
        assert_eq!(region_line("重庆市", "县", "城口县"), "重庆市城口县");
        assert_eq!(
            region_line("广东省", "深圳市", "南山区"),
            "广东省深圳市南山区"
        );
    }
}
