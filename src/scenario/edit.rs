//! A scenario's text edited one value at a time, the rest of it kept byte for byte —
//! comments, blank lines, the order of keys, the way other values are written — so that
//! the editor's form and its text are two views of one answer. The text is read with
//! toml's own parser ([`DeTable`]), which keeps the place of every key and value; an edit
//! replaces a value where it is written, adds a `key = value` line at the end of its
//! table (or `, key = value` inside an inline table), or takes a key's line out.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::strings::scenario as msg;

/// A table of the scenario the form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Section {
    Brief,
    /// `brief.goal`.
    Goal,
    Trigger,
    Entry,
    Exit,
    /// The n-th `[[step]]`.
    Step(usize),
    /// Variant `.1` of step `.0`'s `variants`.
    Variant(usize, usize),
}

/// A key of a section as written: where the key is, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// From the key to the end of its value.
    pub span: Range<usize>,
    pub value_span: Range<usize>,
    /// The value as the form shows it: a string without quotes, a number or a boolean as
    /// written, an array of strings joined with «, ».
    pub text: String,
}

/// The parsed text: sections and keys with their places.
pub struct Doc<'t> {
    text: &'t str,
    root: Spanned<DeTable<'t>>,
}

type Item<'t> = Spanned<DeValue<'t>>;

fn table<'a, 't>(v: &'a Item<'t>) -> Option<&'a DeTable<'t>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

impl<'t> Doc<'t> {
    /// Reads `text`; `Err` is the TOML error, with its place.
    pub fn parse(text: &'t str) -> Result<Doc<'t>, (Option<Range<usize>>, String)> {
        match DeTable::parse(text) {
            Ok(root) => Ok(Doc { text, root }),
            Err(e) => Err((e.span(), crate::strings::course::toml_error(e.message()))),
        }
    }

    fn item(&self, section: Section) -> Option<&Item<'t>> {
        let root = self.root.get_ref();
        let step = |k: usize| match root.get("step")?.get_ref() {
            DeValue::Array(a) => a.get(k),
            _ => None,
        };
        match section {
            Section::Brief => root.get("brief"),
            Section::Goal => table(root.get("brief")?)?.get("goal"),
            Section::Trigger => root.get("trigger"),
            Section::Entry => root.get("entry"),
            Section::Exit => root.get("exit"),
            Section::Step(k) => step(k),
            Section::Variant(k, i) => match table(step(k)?)?.get("variants")?.get_ref() {
                DeValue::Array(a) => a.get(i),
                _ => None,
            },
        }
    }

    /// Is the section in the text (as a table)?
    pub fn has(&self, section: Section) -> bool {
        self.item(section).and_then(table).is_some()
    }

    /// How many `[[step]]` tables the text has.
    pub fn steps(&self) -> usize {
        match self.root.get_ref().get("step").map(Spanned::get_ref) {
            Some(DeValue::Array(a)) => a.len(),
            _ => 0,
        }
    }

    /// How many variants step `k` has.
    pub fn variants(&self, k: usize) -> usize {
        let Some(t) = self.item(Section::Step(k)).and_then(table) else { return 0 };
        match t.get("variants").map(Spanned::get_ref) {
            Some(DeValue::Array(a)) => a.len(),
            _ => 0,
        }
    }

    /// The keys of `section` as written, in the order of the text.
    pub fn keys(&self, section: Section) -> Vec<String> {
        let Some(t) = self.item(section).and_then(table) else { return Vec::new() };
        let mut keys: Vec<(usize, String)> = t.iter().map(|(k, _)| (k.span().start, k.get_ref().to_string())).collect();
        keys.sort();
        keys.into_iter().map(|k| k.1).collect()
    }

    /// Where the section starts in the text: its header, or its inline table.
    pub fn start(&self, section: Section) -> Option<usize> {
        self.item(section).map(|i| i.span().start)
    }

    /// `key` of `section` as written.
    pub fn get(&self, section: Section, key: &str) -> Option<Written> {
        let t = self.item(section).and_then(table)?;
        let (k, v) = t.get_key_value(key)?;
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Boolean(b) => b.to_string(),
            DeValue::Array(a) => a
                .iter()
                .map(|x| match x.get_ref() {
                    DeValue::String(s) => s.to_string(),
                    _ => self.text.get(x.span()).unwrap_or("").to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => self.text.get(v.span()).unwrap_or("").to_owned(),
        };
        Some(Written { span: k.span().start.min(v.span().start)..v.span().end, value_span: v.span(), text })
    }

    /// The text with `key` of `section` set to the TOML `literal`, or taken out (`None`).
    pub fn set(&self, section: Section, key: &str, literal: Option<&str>) -> Result<String, String> {
        let text = self.text;
        let Some(item) = self.item(section) else {
            // A goal not written yet is added to the brief as an inline table.
            return match (section, literal) {
                (Section::Goal, Some(l)) => self.set(Section::Brief, "goal", Some(&format!("{{ {key} = {l} }}"))),
                (_, None) => Ok(text.to_owned()),
                _ => Err(msg::FORM_NO_SECTION.to_owned()),
            };
        };
        let Some(t) = table(item) else { return Err(msg::FORM_NO_SECTION.to_owned()) };
        let inline = text.get(item.span()).is_some_and(|s| s.starts_with('{'));
        let found = t.get_key_value(key);
        let mut out = String::with_capacity(text.len() + 64);
        match (found, literal) {
            (Some((_, v)), Some(l)) => {
                let r = v.span();
                out.push_str(&text[..r.start]);
                out.push_str(l);
                out.push_str(&text[r.end..]);
            }
            (Some((k, v)), None) => {
                // A table written under its own header ([[step.variants]]) is not a line.
                if k.span().end > v.span().start {
                    return Err(msg::FORM_CANNOT_REMOVE.to_owned());
                }
                let r = self.removal(k.span().start, v.span().end, inline);
                out.push_str(&text[..r.start]);
                out.push_str(&text[r.end..]);
            }
            (None, None) => out.push_str(text),
            (None, Some(l)) if inline => {
                let span = item.span();
                let close = text[span.clone()].rfind('}').map_or(span.end, |c| span.start + c);
                let body = text[span.start + 1..close].trim_end();
                let at = span.start + 1 + body.len();
                out.push_str(&text[..at]);
                if body.trim().is_empty() {
                    out.push_str(&format!(" {key} = {l}"));
                } else {
                    out.push_str(&format!(", {key} = {l}"));
                }
                out.push_str(&text[at..]);
            }
            (None, Some(l)) => {
                // After the last `key = value` of the table (its header when it has none).
                let last = t
                    .iter()
                    .filter(|(k, v)| k.span().end <= v.span().start)
                    .map(|(_, v)| v.span().end)
                    .max()
                    .unwrap_or(item.span().end);
                let at = text[last..].find('\n').map_or(text.len(), |n| last + n);
                out.push_str(&text[..at]);
                out.push('\n');
                out.push_str(&format!("{key} = {l}"));
                out.push_str(&text[at..]);
            }
        }
        Ok(out)
    }

    /// What taking out `key = value` (`start..end`) removes: the whole line (and its
    /// comment) in a standard table, the pair and a comma next to it in an inline one.
    fn removal(&self, start: usize, end: usize, inline: bool) -> Range<usize> {
        let text = self.text;
        if inline {
            let after = &text[end..];
            let trimmed = after.trim_start();
            if let Some(rest) = trimmed.strip_prefix(',') {
                let gap = after.len() - rest.len() + (rest.len() - rest.trim_start().len());
                return start..end + gap;
            }
            let before = text[..start].trim_end();
            if before.ends_with(',') {
                return before.len() - 1..end;
            }
            return start..end;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
        let tail = text[end..line_end].trim();
        if text[line_start..start].trim().is_empty() && (tail.is_empty() || tail.starts_with('#')) {
            // The last line of a text without a final break takes the break before it.
            let last = line_end == text.len() && !text.ends_with('\n');
            if last && line_start > 0 { line_start - 1..line_end } else { line_start..line_end }
        } else {
            start..end
        }
    }
}

/// A TOML basic string holding `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML array of the strings of `list` («a, b»).
pub fn string_list(list: &str) -> String {
    let items: Vec<String> = list.split(',').map(str::trim).filter(|x| !x.is_empty()).map(string).collect();
    format!("[{}]", items.join(", "))
}

/// A number typed in the form as TOML: a decimal comma is a point; `None` when it is not
/// a number (or not a whole one when `whole`).
pub fn number(typed: &str, whole: bool) -> Option<String> {
    let t = typed.trim().replace(',', ".");
    if let Ok(i) = t.parse::<i64>() {
        return Some(i.to_string());
    }
    if whole {
        return None;
    }
    let x: f64 = t.parse().ok()?;
    x.is_finite().then(|| if x.fract() == 0.0 && x.abs() < 1e15 { format!("{x:.0}") } else { x.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# мой сценарий\n[brief]\ngoal = { metric = \"orders\", change = 5 }  # цель\nkpi = [\"orders\"]\n\n[trigger]\nevent = \"registration\" # когда\n\n[[step]]\nid = \"a\"\ntype = \"send\"\nchannel = \"email\"   # канал\ntext = 'Привет'\n\n# второй шаг\n[[step]]\nid = \"b\"\ntype = \"split\"\nvariants = [{ share = 50, next = \"end\" }, { share = 50, next = \"end\" }]\n";

    fn set(text: &str, s: Section, key: &str, l: Option<&str>) -> String {
        Doc::parse(text).unwrap().set(s, key, l).unwrap()
    }

    #[test]
    fn values_are_read_with_their_places() {
        let d = Doc::parse(TEXT).unwrap();
        assert_eq!(d.steps(), 2);
        assert_eq!(d.variants(1), 2);
        let c = d.get(Section::Step(0), "channel").unwrap();
        assert_eq!(c.text, "email");
        assert_eq!(&TEXT[c.span.clone()], "channel = \"email\"");
        assert_eq!(d.get(Section::Step(0), "text").unwrap().text, "Привет");
        assert_eq!(d.get(Section::Goal, "change").unwrap().text, "5");
        assert_eq!(d.get(Section::Brief, "kpi").unwrap().text, "orders");
        assert_eq!(d.get(Section::Variant(1, 1), "share").unwrap().text, "50");
        assert!(d.get(Section::Step(0), "subject").is_none());
        assert!(!d.has(Section::Entry) && d.has(Section::Trigger));
    }

    #[test]
    fn a_value_is_replaced_where_it_is_written_and_the_rest_stays() {
        let out = set(TEXT, Section::Step(0), "channel", Some("\"sms\""));
        assert_eq!(out, TEXT.replace("channel = \"email\"   # канал", "channel = \"sms\"   # канал"));
        let out = set(TEXT, Section::Variant(1, 0), "share", Some("30"));
        assert_eq!(out, TEXT.replacen("share = 50", "share = 30", 1));
        let out = set(TEXT, Section::Goal, "change", Some("7.5"));
        assert_eq!(out, TEXT.replace("change = 5 }", "change = 7.5 }"));
    }

    #[test]
    fn a_new_key_goes_after_the_last_one_of_its_table() {
        let out = set(TEXT, Section::Step(0), "subject", Some("\"Тема\""));
        assert_eq!(out, TEXT.replace("text = 'Привет'\n", "text = 'Привет'\nsubject = \"Тема\"\n"));
        let out = set(TEXT, Section::Trigger, "days", Some("3"));
        assert_eq!(out, TEXT.replace("# когда\n", "# когда\ndays = 3\n"));
        let out = set(TEXT, Section::Goal, "period_days", Some("30"));
        assert_eq!(out, TEXT.replace("change = 5 }", "change = 5, period_days = 30 }"));
        // The last step at the end of a text without a final line break.
        let cut = TEXT.trim_end();
        let out = set(cut, Section::Step(1), "next", Some("\"x\""));
        assert_eq!(out, format!("{cut}\nnext = \"x\""));
    }

    #[test]
    fn a_key_taken_out_takes_its_line_and_comment() {
        let out = set(TEXT, Section::Step(0), "channel", None);
        assert_eq!(out, TEXT.replace("channel = \"email\"   # канал\n", ""));
        let out = set(TEXT, Section::Goal, "metric", None);
        assert_eq!(out, TEXT.replace("metric = \"orders\", ", ""));
        let out = set(TEXT, Section::Goal, "change", None);
        assert_eq!(out, TEXT.replace(", change = 5", ""));
        assert_eq!(set(TEXT, Section::Step(0), "subject", None), TEXT);
        let cut = TEXT.trim_end();
        let out = set(cut, Section::Step(1), "variants", None);
        assert_eq!(out, cut.rsplit_once('\n').unwrap().0);
    }

    #[test]
    fn a_goal_not_written_is_added_to_the_brief() {
        let text = "[brief]\nkpi = []\n";
        assert_eq!(
            set(text, Section::Goal, "metric", Some("\"orders\"")),
            "[brief]\nkpi = []\ngoal = { metric = \"orders\" }\n"
        );
        assert!(Doc::parse(text).unwrap().set(Section::Entry, "condition", Some("\"x\"")).is_err());
    }

    #[test]
    fn literals_escape_and_numbers_read_a_comma() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(string_list("orders, revenue,"), "[\"orders\", \"revenue\"]");
        assert_eq!(number("1,5", false).as_deref(), Some("1.5"));
        assert_eq!(number(" 2 ", true).as_deref(), Some("2"));
        assert_eq!(number("2.0", false).as_deref(), Some("2"));
        assert_eq!(number("1.5", true), None);
        assert_eq!(number("x", false), None);
        assert_eq!(number("inf", false), None);
    }

    #[test]
    fn a_text_that_is_not_toml_says_where() {
        let Err((span, m)) = Doc::parse("[trigger\n") else { panic!("an error") };
        assert!(span.is_some() && !m.is_empty());
    }
}
