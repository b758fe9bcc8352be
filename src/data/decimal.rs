//! Whole numbers and kopeck amounts as decimal text, without the formatting machinery:
//! the generator and the RFM output write millions of them. One implementation for text
//! (`push_*`, into a `String`) and bytes (`put_*`, into a `Vec<u8>`).

/// The decimal digits of `v`, at the end of `buf`.
fn digits(mut v: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    &buf[k..]
}

/// Kopecks as rubles with two decimals and a point, at the end of `buf`: `-1234.50`.
fn money(kopecks: i64, buf: &mut [u8; 24]) -> &[u8] {
    let abs = kopecks.unsigned_abs();
    let cents = abs % 100;
    let n = buf.len();
    buf[n - 2] = b'0' + (cents / 10) as u8;
    buf[n - 1] = b'0' + (cents % 10) as u8;
    buf[n - 3] = b'.';
    let mut rubles = [0; 20];
    let rubles = digits(abs / 100, &mut rubles);
    let mut start = n - 3 - rubles.len();
    buf[start..n - 3].copy_from_slice(rubles);
    if kopecks < 0 {
        start -= 1;
        buf[start] = b'-';
    }
    &buf[start..]
}

/// Bytes that are ASCII digits, signs and points, as text.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

pub fn push_u64(out: &mut String, v: u64) {
    out.push_str(ascii(digits(v, &mut [0; 20])));
}

pub fn push_money(out: &mut String, kopecks: i64) {
    out.push_str(ascii(money(kopecks, &mut [0; 24])));
}

pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(digits(v, &mut [0; 20]));
}

pub fn put_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    put_u64(out, v.unsigned_abs());
}

pub fn put_money(out: &mut Vec<u8>, kopecks: i64) {
    out.extend_from_slice(money(kopecks, &mut [0; 24]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money_as_text_and_bytes_agree_with_format() {
        for v in [0u64, 7, 10, 99, 100, 12_345, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, v);
            assert_eq!(s, v.to_string());
            let mut b = Vec::new();
            put_u64(&mut b, v);
            assert_eq!(b, v.to_string().into_bytes());
        }
        for (k, text) in [
            (0, "0.00"),
            (5, "0.05"),
            (-5, "-0.05"),
            (123_450, "1234.50"),
            (-100, "-1.00"),
            (i64::MIN, "-92233720368547758.08"),
        ] {
            let mut s = String::new();
            push_money(&mut s, k);
            assert_eq!(s, text);
            let mut b = Vec::new();
            put_money(&mut b, k);
            assert_eq!(b, text.as_bytes());
        }
        let mut b = Vec::new();
        put_i64(&mut b, -42);
        assert_eq!(b, b"-42");
    }
}
