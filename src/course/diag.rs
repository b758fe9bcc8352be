//! Diagnostics that point into a source file: `path:line:column: message`.

use std::fmt;
use std::ops::Range;

use crate::base::text::line_column;

/// One problem found in a course file, located by line and column (both 1-based,
/// the column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending line of the file, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a byte span of `text` (the whole file); without a span it points
    /// at the start of the file.
    pub fn at(path: &str, text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        let offset = span.map_or(0, |s| s.start.min(text.len()));
        let (line, column) = line_column(text, offset);
        let source_line = text.lines().nth(line - 1).map(str::to_owned);
        Diagnostic { path: path.to_owned(), line, column, message: message.into(), source_line }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.line, self.column, self.message)?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            write!(f, "\n {gutter} | {src}")?;
            let pad: String =
                src.chars().take(self.column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_the_line_and_a_caret() {
        let text = "id = 1\ntitle = true\n";
        let d = Diagnostic::at("ex.toml", text, Some(15..19), "ожидалась строка");
        assert_eq!(d.to_string(), "ex.toml:2:9: ожидалась строка\n 2 | title = true\n   |         ^");
    }
}
