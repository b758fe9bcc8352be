//! Text measured in terminal columns: Cyrillic, «», ₽ and — are one column each, and
//! wide characters two, so widths come from `unicode-width`, never from `len()`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The columns `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` columns, with «…» when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` broken into lines of at most `max` columns, at spaces where possible; each
/// paragraph (a `\n` in the text) starts a new line, blank ones kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let w = word.width();
            if used > 0 && used + 1 + w > max {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            if w <= max {
                line.push_str(word);
                used += w;
                continue;
            }
            // A word longer than a line is cut where it must be.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > max {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_is_one_column_a_letter() {
        assert_eq!(width("Сегментация"), 11);
        assert_eq!(truncate("Сегментация рынка", 10), "Сегментац…");
        assert_eq!(truncate("Цена", 10), "Цена");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_paragraphs() {
        assert_eq!(wrap("Одна хорошо определенная группа", 12), ["Одна хорошо", "определенная", "группа"]);
        assert_eq!(wrap("а\n\nб", 5), ["а", "", "б"]);
        assert_eq!(wrap("оченьдлинноеслово", 5), ["очень", "длинн", "оесло", "во"]);
        for line in wrap("Ориентация на два (или более) различающихся рыночных сегмента", 9)
        {
            assert!(width(&line) <= 9, "{line}");
        }
    }
}
