//! The calendar as whole numbers: dates as days and times as seconds since 1970-01-01,
//! without a time zone. One calendar for the dataset generator, the RFM engine's date
//! reading and everything else that counts days (chrono stays at the edges, where a
//! library's date type is wanted).

/// Days since 1970-01-01.
pub type Day = i32;
/// Seconds since 1970-01-01 00:00:00 (the shop's local time; no time zone).
pub type Stamp = i64;

pub const SECS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub const fn day(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// The civil date of a day: (year, month 1–12, day 1–31).
pub const fn civil(z: Day) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe as i32 + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

pub fn day_of(t: Stamp) -> Day {
    t.div_euclid(SECS_PER_DAY) as Day
}

/// The day of a calendar date, `None` when there is no such date (or the year is 0).
#[inline]
pub fn civil_day(y: u32, m: u32, d: u32) -> Option<Day> {
    // 1900–2199 (every date of a real export): the month's first day and the next
    // month's from a table built at compile time; the calendar's formula otherwise.
    const FIRST: u32 = 1900;
    const MONTHS: usize = 300 * 12;
    static STARTS: [Day; MONTHS + 1] = {
        let mut t = [0; MONTHS + 1];
        let mut k = 0;
        while k <= MONTHS {
            t[k] = day(FIRST as i32 + (k / 12) as i32, (k % 12) as u32 + 1, 1);
            k += 1;
        }
        t
    };
    if (FIRST..FIRST + 300).contains(&y) && (1..=12).contains(&m) {
        let k = (y - FIRST) as usize * 12 + m as usize - 1;
        if let Some(&[start, next]) = STARTS.get(k..k + 2).and_then(|w| w.first_chunk::<2>()) {
            return (d >= 1 && d as Day <= next - start).then(|| start + d as Day - 1);
        }
    }
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y as i32, m) || y == 0 {
        return None;
    }
    Some(day(y as i32, m, 1) + d as Day - 1)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_day_checks_the_date_and_agrees_with_day() {
        assert_eq!(civil_day(2024, 2, 29), Some(day(2024, 2, 29)));
        assert_eq!(civil_day(2023, 2, 29), None);
        assert_eq!(civil_day(2025, 4, 31), None);
        assert_eq!(civil_day(2025, 13, 1), None);
        assert_eq!(civil_day(0, 1, 1), None);
        for d in day(1899, 12, 1)..day(2201, 2, 1) {
            let (y, m, dd) = civil(d);
            assert_eq!(civil_day(y as u32, m, dd), Some(d), "{y}-{m}-{dd}");
        }
    }
}
