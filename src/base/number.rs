//! Numbers as Russian readers write them: a decimal comma, groups of three digits.

use crate::strings::grading as msg;

/// A number the Russian way: decimal comma, no trailing zeros, thin groups of three
/// digits (non-breaking spaces) from 10 000 up; `decimals` rounds first (10 by default).
pub fn format_number(x: f64, decimals: Option<u32>) -> String {
    let d = decimals.unwrap_or(10).min(15) as usize;
    let mut s = format!("{x:.d$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => ("-", rest.to_owned()),
        Some(rest) => ("", rest.to_owned()),
        None => ("", s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (body, None),
    };
    let int = if int.len() >= 5 {
        let digits: Vec<char> = int.chars().collect();
        let mut out = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('\u{a0}');
            }
            out.push(*c);
        }
        out
    } else {
        int
    };
    match frac {
        Some(f) => format!("{sign}{int},{f}"),
        None => format!("{sign}{int}"),
    }
}

/// Spaces that may separate groups of three digits: ordinary, non-breaking, narrow
/// non-breaking, thin.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Reads a number as a learner types it: «12,5», «12.5 %», «−3», «1 234,50 ₽» (groups
/// of three digits separated by ordinary or non-breaking spaces). Returns the value and
/// the unit written after it, if any.
pub fn parse_number(text: &str) -> Result<(f64, Option<String>), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(msg::number_empty());
    }
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    let mut number = String::new();
    if let Some(&c) = chars.first()
        && matches!(c, '-' | '−' | '+')
    {
        if c != '+' {
            number.push('-');
        }
        i += 1;
    }
    let digit_at = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());

    let mut groups: Vec<String> = vec![String::new()];
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            if let Some(group) = groups.last_mut() {
                group.push(c);
            }
            i += 1;
        } else if is_group_space(c) && i > 0 && digit_at(i - 1) && digit_at(i + 1) {
            groups.push(String::new());
            i += 1;
        } else {
            break;
        }
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(msg::number_bad_grouping());
    }
    let int: String = groups.concat();
    number.push_str(if int.is_empty() { "0" } else { &int });

    let mut frac = String::new();
    if chars.get(i).is_some_and(|c| matches!(c, ',' | '.')) && (digit_at(i + 1) || !int.is_empty()) {
        i += 1;
        while digit_at(i) {
            frac.push(chars[i]);
            i += 1;
        }
        if frac.is_empty() {
            return Err(msg::number_no_fraction());
        }
        if chars.get(i).is_some_and(|c| matches!(c, ',' | '.')) && digit_at(i + 1) {
            return Err(msg::number_two_separators());
        }
        number.push('.');
        number.push_str(&frac);
    }
    if int.is_empty() && frac.is_empty() {
        return Err(msg::number_no_digits(t));
    }
    let rest: String = chars[i..].iter().collect();
    let rest = rest.trim();
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(msg::number_bad_grouping());
    }
    let value: f64 = number.parse().map_err(|_| msg::number_no_digits(t))?;
    Ok((value, (!rest.is_empty()).then(|| rest.to_owned())))
}
