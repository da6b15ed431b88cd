//! The server's idea of now. Order deadlines, the yearly allowance and data
//! retention all depend on it, so tests move it instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

#[derive(Clone, Default)]
pub struct Clock {
    /// Seconds added to the system time (tests only move it forward).
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::seconds(self.offset.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every copy of it) forward.
    pub fn advance(&self, by: std::time::Duration) {
        let secs = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }

    /// Now as the database stores times: UTC, to the second, `...Z`, so that
    /// text order is time order.
    pub fn stamp(&self) -> String {
        stamp(self.now())
    }

    /// `from_now` seconds from now (negative: ago), as `stamp`.
    pub fn stamp_in(&self, from_now: i64) -> String {
        stamp(self.now() + Duration::seconds(from_now))
    }

    /// When the current calendar year began in China (UTC+8), as `stamp`:
    /// the yearly allowance counts from there.
    pub fn year_start_in_china(&self) -> String {
        let china = time::macros::offset!(+8);
        let local = self.now().to_offset(china);
        let start = time::Date::from_calendar_date(local.year(), time::Month::January, 1)
            .map(|d| d.midnight().assume_offset(china))
            .unwrap_or(local);
        stamp(start)
    }

    /// Today in China, `YYYY-MM-DD`: what a pre-sale's window is read against.
    pub fn today_in_china(&self) -> String {
        let d = self.now().to_offset(time::macros::offset!(+8)).date();
        format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
    }

    /// The year and month in China now: what "in season" is decided by.
    pub fn year_month_in_china(&self) -> (i32, u8) {
        let d = self.now().to_offset(time::macros::offset!(+8)).date();
        (d.year(), d.month() as u8)
    }
}

pub fn stamp(t: OffsetDateTime) -> String {
    let t = t
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_default()
}

/// Reads a stored stamp back.
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// `t` in China's time (UTC+8), where customs and the providers read times.
fn in_china(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(time::macros::offset!(+8))
}

/// "20261203120000": China's time as customs' `appTime` and Alipay's
/// `gmt_return` write it.
pub fn china_compact(t: OffsetDateTime) -> String {
    in_china(t)
        .format(time::macros::format_description!(
            "[year][month][day][hour][minute][second]"
        ))
        .unwrap_or_default()
}

/// "2026-12-03 20:00:00": China's time as Alipay's `order_gmt_create` and
/// `notify_time` write it.
pub fn china_datetime(t: OffsetDateTime) -> String {
    in_china(t)
        .format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default()
}

/// A stored stamp as RFC 3339 in China's time ("2026-12-03T20:00:00+08:00"),
/// as WeChat Pay's `time_expire` examples write it.
pub fn china_rfc3339(stamp: &str) -> Option<String> {
    in_china(parse(stamp)?)
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
        ))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_china() {
        let t = parse("2026-12-03T16:30:05Z").expect("stamp");
        assert_eq!(china_compact(t), "20261204003005");
        assert_eq!(china_datetime(t), "2026-12-04 00:30:05");
        assert_eq!(
            china_rfc3339("2026-12-03T16:30:05Z").as_deref(),
            Some("2026-12-04T00:30:05+08:00")
        );
        assert_eq!(china_rfc3339("not a time"), None);
    }

    #[test]
    fn stamps_sort_as_times_and_the_clock_moves() {
        let c = Clock::default();
        let before = c.stamp();
        assert!(before.ends_with('Z') && before.len() == 20, "{before}");
        c.advance(std::time::Duration::from_secs(3600));
        let after = c.stamp();
        assert!(after > before);
        assert_eq!(
            parse(&after).map(|t| (t - parse(&before).unwrap_or(t)).whole_minutes()),
            Some(60)
        );
    }

    #[test]
    fn the_year_starts_at_midnight_in_china() {
        let c = Clock::default();
        let start = c.year_start_in_china();
        assert!(start.ends_with("-12-31T16:00:00Z"), "{start}");
        assert!(start < c.stamp());
    }
}
