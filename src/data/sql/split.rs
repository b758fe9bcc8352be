//! Splitting SQL text into statements, each with the line it starts on, so that an
//! error names the line of the learner's text and a statement can be checked (VACUUM)
//! before SQLite sees it.
//!
//! A small lexer skips strings, quoted identifiers and comments; a semicolon outside
//! them ends a statement, except inside the body of `CREATE TRIGGER … BEGIN … END`.

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    /// The statement's text, from its first token up to and including its semicolon
    /// (if it has one).
    pub text: &'a str,
    /// Byte offset of `text` in the whole script.
    pub offset: usize,
    /// 1-based line of the statement's first token in the whole script.
    pub line: usize,
    /// The first word, upper-cased (`SELECT`, `CREATE`, `VACUUM`, …).
    pub keyword: String,
}

/// Splits `text` into statements; whitespace and comments between them are dropped,
/// and so are empty statements (`;;`).
pub fn split(text: &str) -> Vec<Statement<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Start of the current statement's first token, its first words, and the last word.
    let mut start: Option<usize> = None;
    let mut words: Vec<String> = Vec::new();
    let mut last_word = String::new();
    let mut finish = |start: &mut Option<usize>, words: &mut Vec<String>, end: usize| {
        if let Some(s) = start.take() {
            let keyword = words.first().cloned().unwrap_or_default();
            out.push(Statement { text: &text[s..end], offset: s, line: line_of(text, s), keyword });
        }
        words.clear();
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0c => i += 1,
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
            }
            b';' => {
                let in_trigger_body = is_trigger(&words) && last_word != "END";
                if in_trigger_body {
                    i += 1;
                    continue;
                }
                i += 1;
                finish(&mut start, &mut words, i);
                last_word.clear();
            }
            _ => {
                start.get_or_insert(i);
                let token_end = match b {
                    b'\'' | b'"' | b'`' => quoted_end(bytes, i, b),
                    b'[' => find(bytes, i + 1, b"]").map_or(bytes.len(), |e| e + 1),
                    _ if is_word_byte(b) => {
                        let mut e = i;
                        while e < bytes.len() && is_word_byte(bytes[e]) {
                            e += 1;
                        }
                        let word = text[i..e].to_uppercase();
                        if words.len() < 4 {
                            words.push(word.clone());
                        }
                        last_word = word;
                        e
                    }
                    _ => {
                        last_word.clear();
                        i + 1
                    }
                };
                if matches!(b, b'\'' | b'"' | b'`' | b'[') {
                    last_word.clear();
                }
                i = token_end;
            }
        }
    }
    finish(&mut start, &mut words, bytes.len());
    out
}

/// `CREATE [TEMP|TEMPORARY] TRIGGER …`: its body holds semicolons up to `END`.
fn is_trigger(words: &[String]) -> bool {
    match words {
        [c, t, ..] if c == "CREATE" && t == "TRIGGER" => true,
        [c, temp, t, ..] if c == "CREATE" && (temp == "TEMP" || temp == "TEMPORARY") && t == "TRIGGER" => true,
        _ => false,
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The end of a quoted token starting at `i` (a doubled quote stays inside).
fn quoted_end(bytes: &[u8], i: usize, quote: u8) -> usize {
    let mut e = i + 1;
    while e < bytes.len() {
        if bytes[e] == quote {
            if bytes.get(e + 1) == Some(&quote) {
                e += 2;
                continue;
            }
            return e + 1;
        }
        e += 1;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<(&str, usize, String)> {
        split(sql).into_iter().map(|s| (s.text, s.line, s.keyword)).collect()
    }

    #[test]
    fn statements_with_their_lines_and_keywords() {
        let sql =
            "-- комментарий\nCREATE TABLE a (x);\n\n  insert into a values (1); /* c; */\nselect ';' ; ;\nSELECT 2";
        assert_eq!(
            texts(sql),
            vec![
                ("CREATE TABLE a (x);", 2, "CREATE".into()),
                ("insert into a values (1);", 4, "INSERT".into()),
                ("select ';' ;", 5, "SELECT".into()),
                ("SELECT 2", 6, "SELECT".into()),
            ]
        );
    }

    #[test]
    fn trigger_bodies_keep_their_semicolons() {
        let sql =
            "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = 1;\n  DELETE FROM b;\nEND;\nSELECT 1;";
        let got = texts(sql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].0.ends_with("END;"));
        assert_eq!(got[1], ("SELECT 1;", 5, "SELECT".into()));
    }

    #[test]
    fn quotes_comments_and_garbage_do_not_panic() {
        for sql in ["'", "\"abc", "[x", "/* open", "--", ";;;", "SELECT 'a''b;' ; x", "é;ü", "`a;`"] {
            let _ = split(sql);
        }
        assert_eq!(texts("SELECT 'a''b;' ; x").len(), 2);
        assert!(split("  -- только комментарий\n").is_empty());
    }
}
