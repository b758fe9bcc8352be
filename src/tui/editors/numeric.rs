//! The numeric editor: one line of text for a number, with the exercise's unit beside it.

use crossterm::event::{KeyCode as K, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Env, Handled, KindEditor, OpenEditor, Start, View, severity_role};
use crate::kinds::{Answer, Place, numeric};
use crate::strings::{keys as k, tui as s};
use crate::tui::keys::{Action, Keymap, Scope, bind, plain};
use crate::tui::text::width;
use crate::tui::theme::Role;
use crate::tui::widgets::line_input::LineInput;

/// A line of text; Enter checks.
pub static KEYS: Keymap =
    Keymap { name: "numeric", notes: &[], bindings: &[bind(&[plain(K::Enter)], Action::Check, k::CHECK.0)] };

const IN_NUMERIC: &[Scope] = &[&KEYS];

pub struct NumericEditor {
    unit: Option<String>,
    input: LineInput,
}

impl NumericEditor {
    pub fn new(spec: &numeric::Spec, answer: numeric::Answer) -> NumericEditor {
        NumericEditor { unit: spec.unit.clone(), input: LineInput::new(answer.value) }
    }

    pub fn kind_answer(&self) -> numeric::Answer {
        numeric::Answer { value: self.input.text() }
    }
}

impl KindEditor for NumericEditor {
    fn answer(&self) -> Answer {
        Answer::Numeric(self.kind_answer())
    }

    fn scopes(&self) -> &'static [Scope] {
        IN_NUMERIC
    }

    fn typing(&self) -> bool {
        true
    }

    /// A line to type in and the feedback under it; the prompt above holds the numbers.
    fn min_height(&self, _height: u16) -> u16 {
        7
    }

    /// Every key that is not a command edits the line; a pasted or typed line break
    /// never makes a second line.
    fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, _env: &Env) -> Handled {
        if action.is_some() {
            return Handled::Ignored;
        }
        if self.input.input(key) { Handled::Changed } else { Handled::Consumed }
    }

    /// A line that is not a number (empty, «abc») is not checked, so it is not recorded
    /// as a failed attempt: the learner is told what to type instead.
    fn accept_typing(&mut self) -> Result<Handled, String> {
        match crate::base::number::parse_number(&self.input.text()) {
            Ok(_) => Ok(Handled::Consumed),
            Err(problem) => Err(s::numeric_not_checked(&problem)),
        }
    }

    fn handle_paste(&mut self, text: &str) -> Handled {
        if self.input.paste(text) { Handled::Changed } else { Handled::Consumed }
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let label = s::numeric_label();
        let unit = self.unit.clone().unwrap_or_default();
        let box_width = 30u16.min(area.width.saturating_sub(width(label) as u16 + width(&unit) as u16 + 3));
        let y = area.y;
        frame.buffer_mut().set_stringn(area.x, y + 1, label, area.width as usize, theme.style(Role::Title));
        let input_area = Rect::new(area.x + width(label) as u16 + 1, y, box_width, 3.min(area.height));
        self.input.render(frame, input_area, Block::bordered().border_style(theme.style(Role::FocusedBorder)), true);
        frame.buffer_mut().set_stringn(
            input_area.x + input_area.width + 1,
            y + 1,
            &unit,
            area.width as usize,
            theme.style(Role::Title),
        );

        let value = self.kind_answer();
        let mark = view.mark(&Place::Value, |checked| matches!(checked, Answer::Numeric(a) if a.value == value.value));
        let mut lines = vec![Line::styled(s::numeric_help(self.unit.as_deref()), theme.style(Role::Muted))];
        if let Some((severity, message)) = mark {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(message.to_owned(), theme.style(severity_role(severity)))));
        }
        let below = Rect { y: y + 3, height: area.height.saturating_sub(3), ..area };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), below);
    }
}

impl OpenEditor for NumericEditor {
    type Kind = numeric::Numeric;
    const KEYMAPS: &'static [Scope] = IN_NUMERIC;

    fn open(spec: &numeric::Spec, answer: Option<numeric::Answer>, _start: &Start) -> NumericEditor {
        NumericEditor::new(spec, answer.unwrap_or_default())
    }
}
