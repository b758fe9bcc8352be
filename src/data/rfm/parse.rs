//! Field values as real exports write them, parsed with integer arithmetic only: dates
//! into whole days, amounts into kopecks (cents), ids into numbers where they are
//! numbers.

use crate::base::calendar::{self, civil_day};
use crate::strings::rfm as msg;

pub use crate::base::calendar::Day;

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]`, `YYYY-MM-DDTHH:MM:SS[Z|±hh:mm]` or
/// `DD.MM.YYYY` (optionally followed by a time): the day, the time of day ignored.
#[inline]
pub fn date(field: &[u8]) -> Result<Day, String> {
    match iso_date(field) {
        Some(day) => Ok(day),
        None => any_date(field),
    }
}

#[inline(never)]
fn any_date(field: &[u8]) -> Result<Day, String> {
    let f = trim(field);
    let bad = || msg::bad_date(&String::from_utf8_lossy(f));
    let (y, m, d, rest) = if f.len() >= 10 && f[4] == b'-' && f[7] == b'-' {
        (digits(&f[0..4]), digits(&f[5..7]), digits(&f[8..10]), &f[10..])
    } else if f.len() >= 10 && f[2] == b'.' && f[5] == b'.' {
        (digits(&f[6..10]), digits(&f[3..5]), digits(&f[0..2]), &f[10..])
    } else {
        return Err(bad());
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else { return Err(bad()) };
    let Some(day) = civil_day(y, m, d) else { return Err(bad()) };
    // Whatever follows must be a time of day: a separator then a digit.
    if let Some((&sep, after)) = rest.split_first()
        && (!matches!(sep, b' ' | b'T' | b't') || !after.first().is_some_and(u8::is_ascii_digit))
    {
        return Err(bad());
    }
    Ok(day)
}

/// The latest `YYYY-MM-DD` read by [`date_cached`] and its day.
#[derive(Debug, Default)]
pub struct DateCache(Option<([u8; 10], Day)>);

/// [`date`] that remembers the latest common-form day: rows in date order, or a
/// customer's rows of one day, repeat the first ten bytes and are not read again.
#[inline]
pub fn date_cached(field: &[u8], cache: &mut DateCache) -> Result<Day, String> {
    if let Some((head, rest)) = field.split_first_chunk::<10>()
        && iso_tail(rest)
    {
        if let Some((key, day)) = cache.0
            && key == *head
        {
            return Ok(day);
        }
        if let Some(day) = iso_date(field) {
            cache.0 = Some((*head, day));
            return Ok(day);
        }
    }
    date(field)
}

/// What may follow `YYYY-MM-DD` in the common form: nothing, or ` `/`T` and a digit.
#[inline]
fn iso_tail(after: &[u8]) -> bool {
    match after {
        [] => true,
        [b' ' | b'T' | b't', next, ..] => next.is_ascii_digit(),
        _ => false,
    }
}

/// The common form, untrimmed: `YYYY-MM-DD`, alone or before ` `/`T` and a digit, its
/// first eight bytes checked and read as one word. `None` leaves anything else to `date`.
#[inline]
fn iso_date(f: &[u8]) -> Option<Day> {
    let (head, rest) = f.split_first_chunk::<8>()?;
    let [d1, d0, after @ ..] = rest else { return None };
    if !iso_tail(after) {
        return None;
    }
    // Bytes 0–3 and 5–6 digits, 4 and 7 dashes (byte k of the word is byte k of the text).
    let w = u64::from_le_bytes(*head);
    const DIGITS: u64 = 0x00ff_ff00_ffff_ffff;
    if w & !DIGITS != 0x2d00_002d_0000_0000 || !all_digits((w & DIGITS) | (!DIGITS & 0x3030_3030_3030_3030)) {
        return None;
    }
    let (d1, d0) = (d1.wrapping_sub(b'0'), d0.wrapping_sub(b'0'));
    if d1 > 9 || d0 > 9 {
        return None;
    }
    let n = |k: u32| ((w >> (8 * k)) & 0x0f) as u32;
    let y = n(0) * 1000 + n(1) * 100 + n(2) * 10 + n(3);
    let m = n(5) * 10 + n(6);
    civil_day(y, m, u32::from(d1) * 10 + u32::from(d0))
}

/// Up to eight ASCII digits as a number (`None` if any byte is not a digit): the digits
/// gathered into one word behind `0` padding, checked together and combined in pairs,
/// fours and eights.
#[inline]
fn eight_digits(b: &[u8]) -> Option<u64> {
    let mut w: u64 = 0x3030_3030_3030_3030;
    for &c in b.iter().take(8) {
        w = (w >> 8) | (u64::from(c) << 56);
    }
    if !all_digits(w) {
        return None;
    }
    // Byte k of the word is the k-th digit from the left.
    let w = w - 0x3030_3030_3030_3030;
    let w = (w * 10 + (w >> 8)) & 0x00ff_00ff_00ff_00ff;
    let w = (w * 100 + (w >> 16)) & 0x0000_ffff_0000_ffff;
    Some((w * 10_000 + (w >> 32)) & 0xffff_ffff)
}

/// Whether every byte of `w` is an ASCII digit.
#[inline]
fn all_digits(w: u64) -> bool {
    const HIGH: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    // High nibbles 3, and low nibbles ≤ 9 (adding 6 carries out of a nibble above 9).
    w & HIGH == 0x3030_3030_3030_3030 && ((w & !HIGH) + 0x0606_0606_0606_0606) & HIGH == 0
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// An amount in kopecks: `1234.50`, `1234,5`, `-300`, `1 234,50` (groups of three digits
/// separated by ordinary, non-breaking or narrow non-breaking spaces), `+12`. More than two
/// decimals are accepted only when the extra ones are zeros, so the sum stays exact.
#[inline]
pub fn amount(field: &[u8]) -> Result<i64, String> {
    // Most exports: digits, a point or comma, two digits.
    if let [body @ .., sep, c1, c2] = field
        && matches!(sep, b'.' | b',')
        && c1.is_ascii_digit()
        && c2.is_ascii_digit()
        && !body.is_empty()
        && body.len() <= 15
    {
        // One pass: the digits summed while checked (15 of them cannot overflow).
        let (units, digits) = body.iter().fold((0i64, true), |(v, ok), &c| {
            let d = c.wrapping_sub(b'0');
            (v * 10 + i64::from(d), ok & (d <= 9))
        });
        if digits {
            return Ok(units * 100 + i64::from(c1 - b'0') * 10 + i64::from(c2 - b'0'));
        }
    }
    any_amount(field)
}

#[inline(never)]
fn any_amount(field: &[u8]) -> Result<i64, String> {
    let f = trim(field);
    let bad = |why: &str| msg::bad_amount(&String::from_utf8_lossy(f), why);
    let (negative, body) = match f.first() {
        Some(b'-') => (true, &f[1..]),
        Some(b'+') => (false, &f[1..]),
        _ if f.starts_with("−".as_bytes()) => (true, &f[3..]),
        _ => (false, f),
    };
    let mut units: i64 = 0;
    let mut int_digits = 0usize;
    let mut group_len: Option<usize> = None; // digits since the last group space
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_digit() {
            units = units
                .checked_mul(10)
                .and_then(|u| u.checked_add(i64::from(c - b'0')))
                .ok_or_else(|| bad(msg::AMOUNT_TOO_BIG))?;
            int_digits += 1;
            if let Some(g) = &mut group_len {
                *g += 1;
            }
            i += 1;
        } else if let Some(len) = group_space(&body[i..])
            && body.get(i + len).is_some_and(u8::is_ascii_digit)
        {
            let first_group = group_len.is_none();
            if int_digits == 0 || (first_group && int_digits > 3) || group_len.is_some_and(|g| g != 3) {
                return Err(bad(msg::AMOUNT_GROUPS));
            }
            group_len = Some(0);
            i += len;
        } else {
            break;
        }
    }
    if group_len.is_some_and(|g| g != 3) {
        return Err(bad(msg::AMOUNT_GROUPS));
    }
    let mut cents: i64 = 0;
    let rest = &body[i..];
    let rest = if let Some((&sep, frac)) = rest.split_first()
        && matches!(sep, b'.' | b',')
    {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Err(bad(msg::AMOUNT_NO_DECIMALS));
        }
        for (k, &c) in frac[..n].iter().enumerate() {
            let d = i64::from(c - b'0');
            match k {
                0 => cents += d * 10,
                1 => cents += d,
                _ if d != 0 => return Err(bad(msg::AMOUNT_TOO_PRECISE)),
                _ => {}
            }
        }
        &frac[n..]
    } else {
        rest
    };
    if int_digits == 0 && cents == 0 && !body.iter().any(u8::is_ascii_digit) {
        return Err(bad(msg::AMOUNT_NO_DIGITS));
    }
    if !rest.is_empty() {
        return Err(bad(msg::AMOUNT_JUNK));
    }
    let total = units.checked_mul(100).and_then(|u| u.checked_add(cents)).ok_or_else(|| bad(msg::AMOUNT_TOO_BIG))?;
    Ok(if negative { -total } else { total })
}

/// The byte length of a digit-group space at the start of `b`: ` `, U+00A0, U+202F, U+2009.
fn group_space(b: &[u8]) -> Option<usize> {
    match b {
        [b' ', ..] => Some(1),
        [0xC2, 0xA0, ..] => Some(2),
        [0xE2, 0x80, 0xAF | 0x89, ..] => Some(3),
        _ => None,
    }
}

/// A whole number written canonically (digits only, no leading zero unless it is `0`,
/// fits in u64): such ids are kept and sorted as numbers; any other id as text.
#[inline]
pub fn canonical_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 20 || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    if b.len() <= 16 {
        // Eight digits at a time in one word (order ids and numeric customer ids).
        return match b.split_at_checked(b.len().saturating_sub(8)) {
            Some(([], low)) => eight_digits(low),
            Some((high, low)) => Some(eight_digits(high)? * 100_000_000 + eight_digits(low)?),
            None => None,
        };
    }
    if b.len() < 20 {
        // At most 19 digits: no overflow, no checks.
        let mut v: u64 = 0;
        for &c in b {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            v = v * 10 + u64::from(d);
        }
        return Some(v);
    }
    let mut v: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(v)
}

/// Spaces and tabs around a field (not inside it).
#[inline]
pub fn trim(b: &[u8]) -> &[u8] {
    let space = |c: &u8| matches!(c, b' ' | b'\t' | b'\r');
    match (b.first(), b.last()) {
        (Some(first), Some(last)) if !space(first) && !space(last) => b,
        _ => trim_ends(b),
    }
}

fn trim_ends(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !matches!(c, b' ' | b'\t' | b'\r')).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !matches!(c, b' ' | b'\t' | b'\r')).map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// `YYYY-MM-DD` of a day.
pub fn format_day(d: Day) -> String {
    let (y, m, dd) = calendar::civil(d);
    format!("{y:04}-{m:02}-{dd:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_read_eight_digits_at_a_time_as_one_by_one() {
        let slow = |b: &[u8]| -> Option<u64> {
            if b.is_empty() || b.len() > 20 || (b.len() > 1 && b[0] == b'0') {
                return None;
            }
            b.iter().try_fold(0u64, |v, &c| {
                if !c.is_ascii_digit() {
                    return None;
                }
                v.checked_mul(10)?.checked_add(u64::from(c - b'0'))
            })
        };
        let mut x: u64 = 3;
        let alphabet = b"0123456789012345678901234567890123456789/:a -";
        for _ in 0..200_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (x >> 59) as usize % 22;
            let field: Vec<u8> =
                (0..len).map(|k| alphabet[((x >> (2 * k % 50)) as usize + k * 7) % alphabet.len()]).collect();
            assert_eq!(canonical_u64(&field), slow(&field), "{}", String::from_utf8_lossy(&field));
        }
        for v in [0, 7, 10, 99_999_999, 100_000_000, 1_234_567_890_123_456, u64::MAX / 7, u64::MAX] {
            assert_eq!(canonical_u64(v.to_string().as_bytes()), Some(v));
        }
        assert_eq!(canonical_u64(b"18446744073709551616"), None);
        assert_eq!(canonical_u64(b"0012"), None);
    }

    #[test]
    fn a_remembered_day_is_the_day_date_reads() {
        // One cache through fields that repeat a day, change it, break its tail or its
        // form: every answer is `date`'s.
        let fields: [&[u8]; 16] = [
            b"2024-03-01",
            b"2024-03-01 10:00",
            b"2024-03-01T23:59:59Z",
            b"2024-03-01x",
            b"2024-03-01 ",
            b"2024-03-01 x",
            b"2024-03-02 00:00:00",
            b"2024-03-01 10:00",
            b" 2024-03-01",
            b"2024-02-30",
            b"2024-02-30 10:00",
            b"01.03.2024",
            b"2024-03-01",
            b"2024-13-01",
            b"",
            b"2023-02-29 1",
        ];
        let mut cache = DateCache::default();
        for _ in 0..2 {
            for f in fields {
                assert_eq!(date_cached(f, &mut cache), date(f), "{}", String::from_utf8_lossy(f));
            }
        }
    }

    #[test]
    fn dates_in_every_accepted_form() {
        let d = calendar::day(2025, 6, 30);
        for text in [
            "2025-06-30",
            " 2025-06-30 ",
            "2025-06-30 23:59:59",
            "2025-06-30T08:00:00",
            "2025-06-30T08:00:00+03:00",
            "2025-06-30 08:00",
            "30.06.2025",
            "30.06.2025 12:00",
        ] {
            assert_eq!(date(text.as_bytes()), Ok(d), "{text}");
        }
        assert_eq!(date(b"2024-02-29"), Ok(calendar::day(2024, 2, 29)));
        for (y, m, d) in [(1899, 12, 31), (1900, 1, 1), (1970, 1, 1), (2199, 12, 31), (2200, 3, 1), (9999, 12, 31)] {
            let text = format!("{y:04}-{m:02}-{d:02}");
            assert_eq!(date(text.as_bytes()), Ok(calendar::day(y, m, d)), "{text}");
        }
        for bad in [
            "",
            "2025-6-30",
            "2025-13-01",
            "2025-02-29",
            "2023-04-31",
            "31.04.2025",
            "2025/06/30",
            "2025-06-30x",
            "2025-06-30 ",
            "завтра",
            "0000-01-01",
            "2025-06-30 T",
        ] {
            // A trailing space is trimmed, so " " alone after the date is fine.
            if bad == "2025-06-30 " {
                assert!(date(bad.as_bytes()).is_ok());
                continue;
            }
            assert!(date(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_quick_iso_reading_agrees_with_the_calendar() {
        // Every day of 1999–2031 through the word-at-once path itself, and what it must
        // leave to the general one.
        for d in calendar::day(1999, 1, 1)..calendar::day(2032, 1, 1) {
            let text = format_day(d);
            assert_eq!(iso_date(text.as_bytes()), Some(d), "{text}");
            assert_eq!(iso_date(format!("{text} 23:59:59").as_bytes()), Some(d), "{text}");
            assert_eq!(iso_date(format!("{text}T08:00").as_bytes()), Some(d), "{text}");
        }
        for other in
            [" 2025-06-30", "2025-06-30 ", "30.06.2025", "2025-06-3x", "2025/06/30", "2025-0a-30", "2025-06-30x"]
        {
            assert_eq!(iso_date(other.as_bytes()), None, "{other:?}");
        }
        for bad in ["2025-13-01", "2025-00-10", "2023-02-29", "0000-01-01", "2025-06-00", "2025-06-31"] {
            assert_eq!(iso_date(bad.as_bytes()), None, "{bad:?}");
            assert!(date(bad.as_bytes()).is_err(), "{bad:?}");
        }
        assert!(all_digits(u64::from_le_bytes(*b"01234567")));
        for c in [b'/', b':', b'a', b' ', 0xd0] {
            for k in 0..8 {
                let mut w = *b"98765432";
                w[k] = c;
                assert!(!all_digits(u64::from_le_bytes(w)), "{c} at {k}");
            }
        }
    }

    #[test]
    fn amounts_exact_in_kopecks() {
        let ok: &[(&str, i64)] = &[
            ("12990.00", 1_299_000),
            ("12990", 1_299_000),
            ("1234,5", 123_450),
            ("1 234,50", 123_450),
            ("1\u{a0}234\u{a0}567,89", 123_456_789),
            ("1\u{202f}234.5", 123_450),
            ("-300", -30_000),
            ("−12,30", -1_230),
            ("+7", 700),
            ("0.1", 10),
            (",5", 50),
            ("12.3400", 1_234),
            ("  42 ", 4_200),
            ("0", 0),
        ];
        for (text, want) in ok {
            assert_eq!(amount(text.as_bytes()), Ok(*want), "{text}");
        }
        for bad in
            ["", "abc", "12,3,4", "1 23", "1234 567", "12.345", "12.", "12 руб", "-", "1 2345", "99999999999999999999"]
        {
            assert!(amount(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn canonical_ids_only() {
        // Every length through the eight-digit word and past it.
        for v in [0u64, 7, 10, 99, 305, 4096, 12_345, 999_999, 1_000_000, 9_876_543, 10_000_000, 99_999_999] {
            assert_eq!(canonical_u64(v.to_string().as_bytes()), Some(v), "{v}");
        }
        for v in [100_000_000u64, 1_234_567_890_123, u64::MAX / 10] {
            assert_eq!(canonical_u64(v.to_string().as_bytes()), Some(v), "{v}");
        }
        for not in ["1a", "12/4", "1234567:", "0012", "-5", "12 3", "9876543\u{0}"] {
            assert_eq!(canonical_u64(not.as_bytes()), None, "{not:?}");
        }
        assert_eq!(canonical_u64(b"0"), Some(0));
        assert_eq!(canonical_u64(b"18446744073709551615"), Some(u64::MAX));
        for not in ["", "007", "18446744073709551616", "12a", "-1", " 1"] {
            assert_eq!(canonical_u64(not.as_bytes()), None, "{not}");
        }
    }

    #[test]
    fn money_formatting() {
        let f = |k| {
            let mut s = String::new();
            crate::data::decimal::push_money(&mut s, k);
            s
        };
        assert_eq!(f(123_450), "1234.50");
        assert_eq!(f(-5), "-0.05");
        assert_eq!(f(0), "0.00");
        assert_eq!(f(i64::MIN), "-92233720368547758.08");
    }
}
