//! CSV fields as the course's files and every export write them (RFC 4180): a field is
//! quoted only when it holds the separator, a quote or a line break, and a quote inside is
//! doubled. One writer of fields, so that every file reads back the same way.

use std::borrow::Cow;

/// Does the field need quotes with `separator`?
pub fn needs_quotes(s: &str, separator: char) -> bool {
    s.contains([separator, '"', '\n', '\r'])
}

/// The field as written with `,` between fields: as it is, or quoted.
pub fn field(s: &str) -> Cow<'_, str> {
    field_with(s, ',')
}

/// The field as written with `separator` between fields (`;` for Excel in a Russian locale).
pub fn field_with(s: &str, separator: char) -> Cow<'_, str> {
    if needs_quotes(s, separator) { Cow::Owned(format!("\"{}\"", s.replace('"', "\"\""))) } else { Cow::Borrowed(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be_and_read_back() {
        assert_eq!(field("Москва"), "Москва");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field_with("a,b", ';'), "a,b");
        assert_eq!(field_with("a;b", ';'), "\"a;b\"");
        let line = ["x,y", "\"q\"", "plain", "a\r\nb"].map(|f| field(f).into_owned()).join(",");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
        let record = reader.records().next().expect("a record").expect("parses");
        assert_eq!(record.iter().collect::<Vec<_>>(), ["x,y", "\"q\"", "plain", "a\r\nb"]);
    }
}
