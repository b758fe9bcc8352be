//! The learner's SQL and its file format: plain SQL; in an exercise of several parts,
//! a line `-- part: ID` starts each part. Text before the first marker is `sql`: the
//! whole answer in a one-part exercise, shared statements (views, helper tables) run
//! before every part otherwise.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::strings::sql as msg;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// SQL outside any part.
    #[serde(default)]
    pub sql: String,
    /// Part id → that part's SQL.
    #[serde(default)]
    pub parts: BTreeMap<String, String>,
}

/// The part id a marker line names: `-- part: no-purchase-90`.
fn marker(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let id = rest.strip_prefix("part:")?.trim();
    Some(id)
}

/// Reads an answer file (see the module docs). Errors name the line.
pub fn parse_answer_text(text: &str) -> Result<Answer, String> {
    let mut answer = Answer::default();
    let mut current: Option<(String, usize)> = None;
    let mut buffer = String::new();
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    let flush = |current: &Option<(String, usize)>, buffer: &mut String, answer: &mut Answer| {
        let body = std::mem::take(buffer);
        match current {
            None => answer.sql = body,
            Some((id, _)) => {
                answer.parts.insert(id.clone(), body);
            }
        }
    };
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let Some(id) = marker(line) else {
            buffer.push_str(line);
            continue;
        };
        let line_no = n + 1;
        if id.is_empty() || id.contains(char::is_whitespace) {
            return Err(msg::answer_bad_marker(line_no));
        }
        if let Some(first) = first_line.get(id) {
            return Err(msg::answer_part_twice(line_no, id, *first));
        }
        first_line.insert(id.to_owned(), line_no);
        flush(&current, &mut buffer, &mut answer);
        current = Some((id.to_owned(), line_no));
    }
    flush(&current, &mut buffer, &mut answer);
    answer.sql = trim_blank_lines(&answer.sql);
    for body in answer.parts.values_mut() {
        *body = trim_blank_lines(body);
    }
    Ok(answer)
}

/// Drops blank lines at the start and end (so a part's line 1 is its first line of SQL
/// after the marker, when written without a gap).
fn trim_blank_lines(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(start, |e| e + 1);
    lines[start..end].join("\n")
}

/// An answer written back in the file format, parts in `order` (others after them).
pub fn answer_file_text(answer: &Answer, order: &[&str]) -> String {
    let mut out = String::new();
    if !answer.sql.trim().is_empty() {
        out.push_str(answer.sql.trim_end());
        out.push_str("\n\n");
    }
    let mut ids: Vec<&str> = order.iter().copied().filter(|id| answer.parts.contains_key(*id)).collect();
    ids.extend(answer.parts.keys().map(String::as_str).filter(|id| !order.contains(id)));
    for id in ids {
        out.push_str(&format!("-- part: {id}\n{}\n\n", answer.parts[id].trim_end()));
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_marked_by_comment_lines() {
        let text = "CREATE VIEW v AS SELECT 1;\n\n-- part: first\nSELECT 1;\n\n--part:second\nSELECT 2\nFROM t;\n";
        let a = parse_answer_text(text).expect("parses");
        assert_eq!(a.sql, "CREATE VIEW v AS SELECT 1;");
        assert_eq!(a.parts["first"], "SELECT 1;");
        assert_eq!(a.parts["second"], "SELECT 2\nFROM t;");
        let again = parse_answer_text(&answer_file_text(&a, &["second", "first"])).expect("round trip");
        assert_eq!(again, a);
    }

    #[test]
    fn plain_sql_is_one_answer_and_bad_markers_are_errors() {
        let a = parse_answer_text("-- схема\nCREATE TABLE t (x);").expect("parses");
        assert_eq!((a.sql.as_str(), a.parts.len()), ("-- схема\nCREATE TABLE t (x);", 0));
        assert_eq!(parse_answer_text("-- part: a\nx\n-- part: a\n"), Err(msg::answer_part_twice(3, "a", 1)));
        assert_eq!(parse_answer_text("-- part:\n"), Err(msg::answer_bad_marker(1)));
        assert_eq!(parse_answer_text("-- part: a b\n"), Err(msg::answer_bad_marker(1)));
        assert_eq!(parse_answer_text(""), Ok(Answer::default()));
    }
}
