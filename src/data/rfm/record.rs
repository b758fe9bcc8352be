//! Splitting a CSV buffer into records and fields, byte by byte: the delimiter, quoted
//! fields (`""` for a quote inside, line breaks allowed), `\n` or `\r\n` line ends.
//! Lenient like most readers: a quote in the middle of an unquoted field is an ordinary
//! character, and text after a closing quote is kept.

use std::ops::Range;

/// Where a field's bytes are: in the buffer itself, or (a quoted field with `""` inside)
/// unescaped into the scratch buffer.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Buf(Range<usize>),
    Scratch(Range<usize>),
}

/// Fields of one record: only the first `need + 1` are kept.
#[derive(Debug, Default)]
pub struct Fields {
    pub list: Vec<Field>,
    pub scratch: Vec<u8>,
    /// How many fields the record had in all.
    pub count: usize,
}

impl Fields {
    pub fn get<'a>(&'a self, buf: &'a [u8], i: usize) -> Option<&'a [u8]> {
        match self.list.get(i)? {
            Field::Buf(r) => buf.get(r.clone()),
            Field::Scratch(r) => self.scratch.get(r.clone()),
        }
    }
}

/// The end of a record found in a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordEnd {
    /// Just past the record's line break (or the end of the buffer).
    pub next: usize,
    /// Line breaks the record spans (its own and those inside quoted fields).
    pub newlines: u64,
    /// A quoted field was never closed (only at the end of the input).
    pub unclosed_quote: bool,
}

/// Reads the record starting at `pos`. `None` when the buffer ends before the record
/// does and more input may follow (`eof` false).
pub fn next_record(buf: &[u8], pos: usize, delim: u8, need: usize, eof: bool, out: &mut Fields) -> Option<RecordEnd> {
    // Plain lines seldom come here: the reader splits them in place (`plain_line_ends`).
    out.list.clear();
    out.scratch.clear();
    out.count = 0;
    let mut i = pos;
    let mut start = pos;
    let mut newlines = 0;
    loop {
        // Unquoted bytes of a field: the hot loop.
        while i < buf.len() {
            let b = buf[i];
            if b == delim || b == b'\n' || (b == b'"' && i == start) {
                break;
            }
            i += 1;
        }
        if i == buf.len() {
            if !eof {
                return None;
            }
            push(out, Field::Buf(start..i), need);
            return Some(RecordEnd { next: i, newlines, unclosed_quote: false });
        }
        match buf[i] {
            b'"' => {
                // A quoted field: unescape into scratch when it holds `""`.
                let (field, after, nl, closed) = quoted(buf, i, delim, &mut out.scratch, need >= out.count);
                newlines += nl;
                if !closed && !eof {
                    return None;
                }
                push(out, field, need);
                if !closed {
                    return Some(RecordEnd { next: buf.len(), newlines, unclosed_quote: true });
                }
                i = after;
                if i == buf.len() {
                    if !eof {
                        return None;
                    }
                    return Some(RecordEnd { next: i, newlines, unclosed_quote: false });
                }
                if buf[i] == b'\n' {
                    return Some(RecordEnd { next: i + 1, newlines: newlines + 1, unclosed_quote: false });
                }
                i += 1; // the delimiter
                start = i;
            }
            b'\n' => {
                push(out, Field::Buf(start..i), need);
                return Some(RecordEnd { next: i + 1, newlines: newlines + 1, unclosed_quote: false });
            }
            _ => {
                push(out, Field::Buf(start..i), need);
                i += 1;
                start = i;
            }
        }
    }
}

/// Most fields a line may need for `plain_line_ends`; a model needing more columns takes
/// the general path.
pub const PLAIN_FIELDS: usize = 48;

/// Room for the field ends of a plain line: a block may end up to 32 fields at once.
pub const PLAIN_ROOM: usize = PLAIN_FIELDS + 32;

/// Where the fields of a plain line end (see `plain_line_ends`).
pub type PlainEnds = [usize; PLAIN_ROOM];

/// The ends of the first `need + 1` fields of the line at `pos` when the line is plain:
/// no quote before its line break, the line break inside `buf`, at least `need + 1`
/// fields (`need < PLAIN_FIELDS`). `ends[k]` is where field k ends (its delimiter, or the
/// line break). Returns the line break's position; `None` leaves the line to
/// `next_record`, which reads every line. The fields past `need` are not split.
///
/// `wide`: the processor has AVX2 (see `wide_blocks`), and 32 bytes are read at a time
/// instead of 16.
#[inline]
pub fn plain_line_ends(
    buf: &[u8],
    pos: usize,
    delim: u8,
    need: usize,
    ends: &mut PlainEnds,
    wide: bool,
) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        if wide {
            // SAFETY: `wide` is only true where AVX2 was detected.
            return unsafe { plain_avx2(buf, pos, delim, need, ends) };
        }
        plain_sse2(buf, pos, delim, need, ends)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = wide;
        plain_tail(buf, pos, 0, delim, need, ends)
    }
}

/// Whether this processor can read lines 32 bytes at a time.
pub fn wide_blocks() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// The block loop of `plain_line_ends`: `$masks` gives the line-break-or-quote and the
/// delimiter bits of the `$width` bytes at `i`. Ends the function when the line ends in a
/// block; leaves `i` and `k` where the blocks stopped otherwise.
#[cfg(target_arch = "x86_64")]
macro_rules! plain_blocks {
    ($buf:ident, $i:ident, $k:ident, $need:ident, $ends:ident, $width:expr, $masks:expr) => {
        while $k <= $need && $i + $width <= $buf.len() {
            let (stop, mut delims): (u64, u64) = $masks;
            if stop != 0 {
                delims &= (stop & stop.wrapping_neg()) - 1;
            }
            // k ≤ need here, so at most need + width ends are written.
            while delims != 0 {
                $ends[$k] = $i + delims.trailing_zeros() as usize;
                $k += 1;
                delims &= delims - 1;
            }
            if stop != 0 {
                let at = $i + stop.trailing_zeros() as usize;
                if $buf[at] != b'\n' {
                    return None;
                }
                $ends[$k] = at;
                return ($k >= $need).then_some(at);
            }
            $i += $width;
        }
    };
}

#[cfg(target_arch = "x86_64")]
fn plain_sse2(buf: &[u8], pos: usize, delim: u8, need: usize, ends: &mut PlainEnds) -> Option<usize> {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let (mut i, mut k) = (pos, 0);
    // SAFETY: SSE2 is part of the x86_64 baseline; every load reads 16 bytes that lie
    // inside `buf` (unaligned loads are allowed).
    unsafe {
        let (vd, vn, vq) = (_mm_set1_epi8(delim as i8), _mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(b'"' as i8));
        plain_blocks!(buf, i, k, need, ends, 16, {
            let v = _mm_loadu_si128(buf.as_ptr().add(i).cast::<__m128i>());
            let stop = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, vn), _mm_cmpeq_epi8(v, vq)));
            (u64::from(stop as u32), u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd)) as u32))
        });
    }
    plain_tail(buf, i, k, delim, need, ends)
}

/// `plain_sse2` 32 bytes at a time.
///
/// # Safety
/// The processor must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn plain_avx2(buf: &[u8], pos: usize, delim: u8, need: usize, ends: &mut PlainEnds) -> Option<usize> {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    };
    let (mut i, mut k) = (pos, 0);
    let (vd, vn, vq) = (_mm256_set1_epi8(delim as i8), _mm256_set1_epi8(b'\n' as i8), _mm256_set1_epi8(b'"' as i8));
    plain_blocks!(buf, i, k, need, ends, 32, {
        // SAFETY: the 32 bytes at `i` lie inside `buf` (unaligned loads are allowed).
        let v = unsafe { _mm256_loadu_si256(buf.as_ptr().add(i).cast::<__m256i>()) };
        let stop = _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, vn), _mm256_cmpeq_epi8(v, vq)));
        (u64::from(stop as u32), u64::from(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, vd)) as u32))
    });
    plain_tail(buf, i, k, delim, need, ends)
}

/// The end of `plain_line_ends` byte by byte from `i`, `k` fields ended: the fields still
/// missing, then the rest of the line, which only has to be free of quotes.
#[inline(always)]
fn plain_tail(buf: &[u8], mut i: usize, mut k: usize, delim: u8, need: usize, ends: &mut PlainEnds) -> Option<usize> {
    while k <= need {
        match *buf.get(i)? {
            b'\n' => {
                ends[k] = i;
                return (k >= need).then_some(i);
            }
            b'"' => return None,
            b if b == delim => {
                ends[k] = i;
                k += 1;
            }
            _ => {}
        }
        i += 1;
    }
    let at = i + memchr::memchr2(b'\n', b'"', buf.get(i..)?)?;
    (buf[at] == b'\n').then_some(at)
}

fn push(out: &mut Fields, f: Field, need: usize) {
    if out.count <= need {
        out.list.push(f);
    }
    out.count += 1;
}

/// A quoted field starting at `open` (the quote). Returns the field, the position of the
/// delimiter or line break after it (or the buffer's end), the line breaks inside, and
/// whether the closing quote was found.
fn quoted(buf: &[u8], open: usize, delim: u8, scratch: &mut Vec<u8>, keep: bool) -> (Field, usize, u64, bool) {
    let mut i = open + 1;
    let mut newlines = 0;
    let mut segment = i; // start of the bytes not yet copied
    let mut escaped = false;
    let s0 = scratch.len();
    loop {
        let Some(q) = memchr::memchr(b'"', &buf[i..]) else {
            newlines += count_newlines(&buf[i..]);
            return (Field::Buf(open + 1..buf.len()), buf.len(), newlines, false);
        };
        let q = i + q;
        newlines += count_newlines(&buf[i..q]);
        if buf.get(q + 1) == Some(&b'"') {
            // `""`: one quote. Copy what came before, including one quote.
            if keep {
                scratch.extend_from_slice(&buf[segment..=q]);
            }
            escaped = true;
            i = q + 2;
            segment = i;
            continue;
        }
        // A quote at the very end of the buffer may be the first of `""`: the caller
        // then asks for more input (the field ends at the buffer's end) unless at EOF.
        // Closing quote; anything up to the delimiter or line break is kept as is.
        let mut end = q + 1;
        while end < buf.len() && buf[end] != delim && buf[end] != b'\n' {
            end += 1;
        }
        let tail = &buf[q + 1..end];
        let tail = tail.strip_suffix(b"\r").unwrap_or(tail);
        let field = if escaped || !tail.is_empty() {
            if keep {
                scratch.extend_from_slice(&buf[segment..q]);
                scratch.extend_from_slice(tail);
            }
            Field::Scratch(s0..scratch.len())
        } else {
            Field::Buf(open + 1..q)
        };
        return (field, end, newlines, true);
    }
}

pub fn count_newlines(b: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', b).count() as u64
}

/// The delimiter of a file from its first line: the most frequent of `,` `;` and tab
/// outside quotes (a comma when none occurs).
pub fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, delim: u8) -> Vec<Vec<String>> {
        let buf = text.as_bytes();
        let mut pos = 0;
        let mut out = Vec::new();
        let mut f = Fields::default();
        while pos < buf.len() {
            let end = next_record(buf, pos, delim, usize::MAX, true, &mut f).expect("eof given");
            out.push(
                (0..f.list.len())
                    .map(|i| String::from_utf8_lossy(f.get(buf, i).unwrap_or_default()).into_owned())
                    .collect(),
            );
            pos = end.next;
        }
        out
    }

    #[test]
    fn splits_plain_quoted_and_escaped_fields() {
        assert_eq!(split("a,b,c\n1,2,3\n", b','), vec![vec!["a", "b", "c"], vec!["1", "2", "3"]]);
        assert_eq!(split("a;\"x;y\";\"say \"\"hi\"\"\"\r\n", b';'), vec![vec!["a", "x;y", "say \"hi\""]]);
        assert_eq!(split("\"multi\nline\",2\n3,4", b','), vec![vec!["multi\nline", "2"], vec!["3", "4"]]);
        assert_eq!(split("a\"b,\"c\"d\n", b','), vec![vec!["a\"b", "cd"]]);
        assert_eq!(split(",,\n", b','), vec![vec!["", "", ""]]);
        assert_eq!(split("\"\",x\n", b','), vec![vec!["", "x"]]);
    }

    #[test]
    fn splits_long_lines_at_every_offset() {
        // Delimiters, quotes and line ends at every offset of a long line.
        for pad in 0..40 {
            let p = "x".repeat(pad);
            let text = format!("{p},ab,,{p}cd,e\n{p};q\"r,\"s,t\"\r\n\"{p}\n\",z\n{p}");
            let want_last = if pad == 0 { vec![] } else { vec![vec![p.clone()]] };
            let mut want = vec![
                vec![p.clone(), "ab".into(), String::new(), format!("{p}cd"), "e".into()],
                vec![format!("{p};q\"r"), "s,t".into()],
                vec![format!("{p}\n"), "z".into()],
            ];
            want.extend(want_last);
            assert_eq!(split(&text, b','), want, "pad {pad}");
        }
    }

    #[test]
    fn plain_lines_split_as_next_record_splits_them() {
        // Random lines of delimiters, quotes, CR, LF and text, at every start and for every
        // number of needed fields, 16 and 32 bytes at a time: wherever `plain_line_ends`
        // answers, `next_record` must find the same fields and the same line end.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = [b'a', b'7', b',', b',', b',', b';', b'"', b'\r', b'\n', b' ', 0xd0, 0xbf];
        let wide_ok = wide_blocks();
        let mut answered = 0;
        for _ in 0..3000 {
            let len = (next() % 120) as usize;
            let buf: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    // Mostly plain text with delimiters, sometimes a quote or a line end.
                    if r % 10 < 7 {
                        alphabet[(r >> 8) as usize % 6]
                    } else {
                        alphabet[(r >> 8) as usize % alphabet.len()]
                    }
                })
                .collect();
            let pos = if len == 0 { 0 } else { (next() as usize) % len };
            for need in [0, 1, 2, 5, 9] {
                for wide in [false, true] {
                    if wide && !wide_ok {
                        continue;
                    }
                    let mut ends: PlainEnds = [0; PLAIN_ROOM];
                    let Some(nl) = plain_line_ends(&buf, pos, b',', need, &mut ends, wide) else { continue };
                    answered += 1;
                    let mut f = Fields::default();
                    let end = next_record(&buf, pos, b',', need, false, &mut f).expect("the line ends in the buffer");
                    assert_eq!(end.next, nl + 1, "{buf:?} from {pos}");
                    assert!(f.count > need, "{buf:?} from {pos}, need {need}");
                    for k in 0..=need {
                        let start = if k == 0 { pos } else { ends[k - 1] + 1 };
                        assert_eq!(f.get(&buf, k), Some(&buf[start..ends[k]]), "field {k} of {buf:?} from {pos}");
                    }
                }
            }
        }
        assert!(answered > 1000, "only {answered} plain lines: the test lost its point");
    }

    #[test]
    fn asks_for_more_input_mid_record() {
        let mut f = Fields::default();
        assert_eq!(next_record(b"1,2", 0, b',', 9, false, &mut f), None);
        assert_eq!(next_record(b"\"1\n2", 0, b',', 9, false, &mut f), None);
        assert_eq!(next_record(b"\"1\"", 0, b',', 9, false, &mut f), None);
        let end = next_record(b"\"1\n2", 0, b',', 9, true, &mut f).unwrap();
        assert!(end.unclosed_quote);
        let end = next_record(b"1,\"a\nb\"\nz", 0, b',', 9, false, &mut f).unwrap();
        assert_eq!((end.next, end.newlines), (8, 2));
    }

    #[test]
    fn sniffs_the_delimiter() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter(b"a;b;\"c,d,e\"\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }
}
