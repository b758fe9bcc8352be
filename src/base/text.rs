//! Positions in text, and TOML errors told by them.

use crate::strings::course as msg;

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// A TOML error of a file read by hand (an answer file, a model file) as
/// «строка:столбец: сообщение», in Russian.
pub fn toml_error_message(text: &str, e: &toml::de::Error) -> String {
    let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
    format!("{line}:{column}: {}", msg::toml_error(e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a = 1\nзаголовок = 2\n";
        let offset = text.find('2').unwrap();
        assert_eq!(line_column(text, offset), (2, 13));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.len()), (3, 1));
    }
}
