//! Dates as shoppers in China read them: the calendar day at UTC+8 (China
//! has no daylight saving), from the RFC 3339 times the API sends. Pure, so
//! the browser and the server's drawing of a page name the same day.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn number(s: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = s.get(range)?;
    if part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// (year, month, day) of a calendar date written `YYYY-MM-DD` (a day, not
/// an instant: no time zone moves it).
pub fn calendar_date(ymd: &str) -> Option<(i64, u32, u32)> {
    let s = ymd.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (number(s, 0..4)?, number(s, 5..7)?, number(s, 8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m as u32, d as u32))
}

/// Seconds since the epoch of `rfc3339` ("2026-11-21T17:30:00Z",
/// "2026-11-21T17:30:00.123+08:00"); `None` if it is not such a time.
pub fn epoch_seconds(rfc3339: &str) -> Option<i64> {
    let s = rfc3339.trim();
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (y, mo, d) = (number(s, 0..4)?, number(s, 5..7)?, number(s, 8..10)?);
    let (h, mi, sec) = (number(s, 11..13)?, number(s, 14..16)?, number(s, 17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    // After the seconds: an optional fraction, then Z or ±HH:MM.
    let rest = s[19..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match rest.as_bytes().first()? {
        b'Z' | b'z' if rest.len() == 1 => 0,
        sign @ (b'+' | b'-') if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let minutes = number(rest, 1..3)? * 60 + number(rest, 4..6)?;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    Some(((days_from_civil(y, mo, d) * 1440 + h * 60 + mi - offset) * 60) + sec)
}

/// (year, month, day, hour, minute) in China of `rfc3339` ("2026-11-21T17:30:00Z",
/// "2026-11-21T17:30:00.123+08:00"); `None` if it is not such a time.
pub fn china_time(rfc3339: &str) -> Option<(i64, u32, u32, u32, u32)> {
    let minutes = epoch_seconds(rfc3339)?.div_euclid(60) + 8 * 60;
    let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
    let in_day = minutes.rem_euclid(1440);
    Some((y, m, d, (in_day / 60) as u32, (in_day % 60) as u32))
}

/// A countdown of `secs`: whole days, and the rest as HH:MM:SS.
pub fn countdown(secs: u64) -> (u64, String) {
    let rest = secs % 86_400;
    (
        secs / 86_400,
        format!(
            "{:02}:{:02}:{:02}",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ),
    )
}

/// (year, month, day) in China of `rfc3339` ("2026-11-21T17:30:00Z",
/// "2026-11-21T17:30:00.123+08:00"); `None` if it is not such a time.
pub fn china_date(rfc3339: &str) -> Option<(i64, u32, u32)> {
    china_time(rfc3339).map(|(y, m, d, _, _)| (y, m, d))
}

#[cfg(test)]
mod tests {
    use super::{calendar_date, china_date, china_time, countdown, epoch_seconds};

    #[test]
    fn seconds_and_countdowns() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:10Z"), Some(10));
        assert_eq!(
            epoch_seconds("2027-06-20T20:00:00+08:00"),
            epoch_seconds("2027-06-20T12:00:00Z")
        );
        assert_eq!(epoch_seconds("2027-06-20T12:00:00"), None);
        assert_eq!(countdown(3 * 86_400 + 3661), (3, "01:01:01".to_owned()));
        assert_eq!(countdown(59), (0, "00:00:59".to_owned()));
    }

    #[test]
    fn a_calendar_date_is_read_as_written() {
        assert_eq!(calendar_date("2026-03-12"), Some((2026, 3, 12)));
        assert_eq!(calendar_date("2026-13-12"), None);
        assert_eq!(calendar_date("2026-3-12"), None);
        assert_eq!(calendar_date("2026-03-12T00:00:00Z"), None);
    }

    #[test]
    fn the_day_in_china() {
        assert_eq!(china_date("2026-11-21T10:00:00Z"), Some((2026, 11, 21)));
        // 16:00 UTC is midnight in China: the next day, month and year.
        assert_eq!(china_date("2026-11-21T16:00:00Z"), Some((2026, 11, 22)));
        assert_eq!(china_date("2026-12-31T16:30:00.250Z"), Some((2027, 1, 1)));
        assert_eq!(china_date("2028-02-28T20:00:00Z"), Some((2028, 2, 29)));
        assert_eq!(china_date("2027-02-28T20:00:00Z"), Some((2027, 3, 1)));
        assert_eq!(
            china_date("2026-11-22T07:59:00+08:00"),
            Some((2026, 11, 22))
        );
        assert_eq!(
            china_date("2026-11-21T23:00:00-05:00"),
            Some((2026, 11, 22))
        );
        assert_eq!(china_date("1970-01-01T00:00:00Z"), Some((1970, 1, 1)));
    }

    #[test]
    fn the_time_in_china() {
        assert_eq!(
            china_time("2026-12-05T06:03:00Z"),
            Some((2026, 12, 5, 14, 3))
        );
        assert_eq!(
            china_time("2026-12-05T16:00:00Z"),
            Some((2026, 12, 6, 0, 0))
        );
        assert_eq!(
            china_time("2026-12-05T23:59:00-05:00"),
            Some((2026, 12, 6, 12, 59))
        );
    }

    #[test]
    fn anything_else_is_not_a_date() {
        for s in [
            "",
            "2026-11-21",
            "2026-13-01T00:00:00Z",
            "yesterday",
            "2026-11-21T10:00:00",
            "2026-11-21T10:00:00+8",
        ] {
            assert_eq!(china_date(s), None, "{s}");
        }
    }
}
