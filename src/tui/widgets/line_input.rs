//! A single line of text being typed: a number, a name, a field of a form. It edits like
//! any text box (arrows, Home/End, Backspace/Del, Ctrl+Z), and a line break typed or
//! pasted into it never makes a second line: the text stays one line, the break a space.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Block;
use ratatui_textarea::{CursorMove, TextArea};

pub struct LineInput {
    area: TextArea<'static>,
}

impl Default for LineInput {
    fn default() -> Self {
        LineInput::new("")
    }
}

impl LineInput {
    /// A line holding `text` (line breaks become spaces), the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineInput {
        let text: String = text.into();
        let mut area = TextArea::new(vec![one_line(&text)]);
        area.move_cursor(CursorMove::End);
        area.set_cursor_line_style(Style::default());
        LineInput { area }
    }

    /// The text as typed.
    pub fn text(&self) -> String {
        self.area.lines().join(" ")
    }

    /// The text with «▏» where the cursor is: for a field drawn inside a line of its own
    /// (a cell of a form) rather than in a box.
    pub fn text_with_cursor(&self) -> String {
        let text = self.text();
        let at = text.char_indices().nth(self.area.cursor().1).map_or(text.len(), |(i, _)| i);
        format!("{}▏{}", &text[..at], &text[at..])
    }

    /// Types `key` into the line; true when the text changed.
    pub fn input(&mut self, key: &KeyEvent) -> bool {
        let changed = self.area.input(*key);
        if self.area.lines().len() > 1 {
            let joined = self.text();
            *self = LineInput::new(joined);
        }
        changed
    }

    /// Takes in pasted text at the cursor, all at once (one change, not one per
    /// character); true when the text changed.
    pub fn paste(&mut self, text: &str) -> bool {
        self.area.insert_str(one_line(text))
    }

    /// Draws the line in `area` inside `block`; the cursor shows while `focused`.
    pub fn render(&mut self, frame: &mut Frame, area: Rect, block: Block<'static>, focused: bool) {
        self.area.set_block(block);
        self.area.set_cursor_style(if focused { Style::default().reversed() } else { Style::default() });
        frame.render_widget(&self.area, area);
    }
}

/// `text` with its line breaks (and tabs) as spaces: «\r\n» is one space.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_edits_the_line_and_says_when_it_changed() {
        let mut input = LineInput::new("12");
        assert!(input.input(&key(KeyCode::Char('5'))));
        assert_eq!(input.text(), "125");
        assert!(!input.input(&key(KeyCode::Right)), "moving the cursor changes nothing");
        assert!(!input.input(&key(KeyCode::Right)));
        assert!(!input.input(&key(KeyCode::Left)));
        assert!(input.input(&key(KeyCode::Backspace)));
        assert_eq!(input.text(), "15");
        assert_eq!(input.text_with_cursor(), "1▏5");
    }

    #[test]
    fn a_line_break_never_makes_a_second_line() {
        let mut input = LineInput::new("a\nb");
        assert_eq!(input.text(), "a b");
        assert!(input.input(&key(KeyCode::Enter)));
        assert!(input.input(&key(KeyCode::Char('c'))));
        assert_eq!(input.text(), "a b c");
        assert!(input.paste("d\r\ne\nf"));
        assert_eq!(input.text(), "a b cd e f");
        assert_eq!(input.text_with_cursor(), "a b cd e f▏");
    }
}
