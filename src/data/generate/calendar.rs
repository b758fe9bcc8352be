//! Dates as whole days and times as whole seconds since 1970-01-01, with the course's
//! fixed period and the seasonal shape of demand.
//!
//! Own arithmetic instead of chrono in the hot loop: formatting tens of millions of
//! timestamps must be a few byte pushes, and the values must not depend on a time zone.

pub use crate::base::calendar::{Day, SECS_PER_DAY, Stamp, civil, day, day_of};

/// The first day of the shop's data.
pub const SHOP_START: Day = day(2023, 1, 1);
/// The last day of every dataset.
pub const LAST_DAY: Day = day(2025, 6, 30);
/// The as-of date («сегодня»): the day after the last day.
pub const AS_OF: Day = day(2025, 7, 1);
/// The first day on which customers could have registered (the base predates the orders).
pub const REGISTRATION_START: Day = day(2022, 1, 1);
/// The first day of the loyalty programme's two years.
pub const LOYALTY_START: Day = day(2023, 7, 1);
/// The first day of the site's event log.
pub const SITE_START: Day = day(2025, 4, 1);

/// The last second of the data.
pub const LAST_STAMP: Stamp = AS_OF as i64 * SECS_PER_DAY - 1;

/// Relative demand by month (January first): a December peak (New Year gifts), November's
/// Black Friday, and a summer dip.
pub const SEASON: [u32; 12] = [80, 72, 85, 84, 80, 62, 56, 62, 90, 96, 135, 180];
const SEASON_MAX: u64 = 180;

/// The first day [`MONTHS`] covers.
const MONTHS_FROM: Day = day(2021, 1, 1);
/// The month (1–12) of each day from [`MONTHS_FROM`] through 2026: what [`seasonal_day`]
/// draws, without the calendar's arithmetic for every draw.
static MONTHS: [u8; (day(2027, 1, 1) - MONTHS_FROM) as usize] = {
    let mut t = [0u8; (day(2027, 1, 1) - MONTHS_FROM) as usize];
    let mut k = 0;
    while k < 6 * 12 {
        let (y, m) = (2021 + k / 12, (k % 12) as u32 + 1);
        let (start, end) = (day(y, m, 1), if m == 12 { day(y + 1, 1, 1) } else { day(y, m + 1, 1) });
        let mut d = start;
        while d < end {
            t[(d - MONTHS_FROM) as usize] = m as u8;
            d += 1;
        }
        k += 1;
    }
    t
};

fn month_of(d: Day) -> usize {
    match usize::try_from(d - MONTHS_FROM).ok().and_then(|k| MONTHS.get(k)) {
        Some(&m) => usize::from(m),
        None => civil(d).1 as usize,
    }
}

/// A day in `from..=to` drawn with the seasonal weights (rejection sampling).
pub fn seasonal_day(rng: &mut super::rng::Rng, from: Day, to: Day) -> Day {
    loop {
        let d = rng.range(i64::from(from), i64::from(to)) as Day;
        if rng.below(SEASON_MAX) < u64::from(SEASON[month_of(d) - 1]) {
            return d;
        }
    }
}

/// Relative activity by hour of day: quiet nights, busy evenings.
const HOURS: [u32; 24] = [6, 3, 2, 1, 1, 1, 2, 5, 10, 16, 20, 22, 24, 24, 22, 22, 24, 28, 32, 36, 36, 30, 20, 11];

/// A moment on `day` at a realistic hour.
pub fn stamp_on(rng: &mut super::rng::Rng, day: Day) -> Stamp {
    let hour = rng.weighted(&HOURS) as i64;
    i64::from(day) * SECS_PER_DAY + hour * 3600 + rng.below(3600) as i64
}

fn push2(out: &mut String, v: u32) {
    out.push(char::from(b'0' + (v / 10 % 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

/// Appends `YYYY-MM-DD`.
pub fn push_date(out: &mut String, d: Day) {
    let (y, m, dd) = civil(d);
    let y = y as u32;
    push2(out, y / 100);
    push2(out, y % 100);
    out.push('-');
    push2(out, m);
    out.push('-');
    push2(out, dd);
}

/// Appends `YYYY-MM-DD<sep>HH:MM:SS`.
pub fn push_stamp(out: &mut String, t: Stamp, sep: char) {
    push_date(out, day_of(t));
    out.push(sep);
    let s = t.rem_euclid(SECS_PER_DAY) as u32;
    push2(out, s / 3600);
    out.push(':');
    push2(out, s / 60 % 60);
    out.push(':');
    push2(out, s % 60);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate};

    #[test]
    fn the_month_table_is_the_calendars() {
        for d in day(2019, 12, 1)..day(2028, 2, 1) {
            assert_eq!(month_of(d), civil(d).1 as usize, "{d}");
        }
        assert_eq!(MONTHS[0], 1);
        assert_eq!(MONTHS[MONTHS.len() - 1], 12);
    }

    #[test]
    fn civil_round_trips_and_agrees_with_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for d in (day(1999, 12, 25)..day(2031, 3, 3)).step_by(7) {
            let (y, m, dd) = civil(d);
            assert_eq!(day(y, m, dd), d);
            let c = epoch + chrono::Duration::days(i64::from(d));
            assert_eq!((c.year(), c.month(), c.day()), (y, m, dd));
        }
    }

    #[test]
    fn formats_dates_and_stamps() {
        let mut s = String::new();
        push_date(&mut s, day(2024, 2, 29));
        s.push('|');
        push_stamp(&mut s, i64::from(day(2025, 6, 30)) * SECS_PER_DAY + 23 * 3600 + 59 * 60 + 59, ' ');
        s.push('|');
        push_stamp(&mut s, i64::from(day(2023, 1, 1)) * SECS_PER_DAY + 5, 'T');
        assert_eq!(s, "2024-02-29|2025-06-30 23:59:59|2023-01-01T00:00:05");
        let mut last = String::new();
        push_stamp(&mut last, LAST_STAMP, ' ');
        assert_eq!(last, "2025-06-30 23:59:59");
    }

    #[test]
    fn seasonal_days_peak_in_december() {
        let mut rng = super::super::rng::Rng::new(5);
        let mut by_month = [0u32; 12];
        for _ in 0..50_000 {
            let d = seasonal_day(&mut rng, day(2024, 1, 1), day(2024, 12, 31));
            by_month[civil(d).1 as usize - 1] += 1;
        }
        assert!(by_month[11] > by_month[6] * 2, "{by_month:?}");
        assert!(by_month[11] > by_month[0], "{by_month:?}");
    }
}
