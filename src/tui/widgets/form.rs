//! A form: fields in rows, one in focus, at most one being typed. What a form's fields
//! hold and how they are drawn is its owner's (a [`FormModel`]); this module keeps what
//! every form does the same way:
//!
//! - focus moves along the rows with the arrows (a shorter row keeps the column in it);
//! - Enter on a text field starts typing into it ([`LineInput`]), on a choice or a
//!   button it is the owner's to act on ([`Choose`]);
//! - a field takes its text when the learner leaves it (Enter, Esc, or a check) and the
//!   text is valid; a text that is not stays in the field being typed, and the form says
//!   why under it ([`Form::problem_lines`]) — Esc again on the same text gives the field
//!   its old value back, the only way typed text is let go, and said beforehand;
//! - the text being typed is part of the draft ([`Form::pending`]), so a killed program
//!   brings the field back as it was ([`Form::resume`]).
//!
//! [`Fields`] is a ready model: a list of labelled fields of kinds text, number and
//! choice, with the values kept in it and drawn one per line ([`render_fields`]).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::line_input::LineInput;
use crate::strings::tui as s;
use crate::tui::editors::Handled;
use crate::tui::keys::Action;
use crate::tui::text::width;
use crate::tui::theme::{Role, Theme};

/// What Enter does on a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Typed as text.
    Text,
    /// Typed as text that must read as a number.
    Number,
    /// One of a list of values: Enter steps to the next.
    Choice,
    /// Not a value: Enter does something (add a row, …).
    Button,
}

/// What a form's fields hold, for its [`Form`].
pub trait FormModel {
    /// A field's place in the form; kept in the draft with the text typed into it.
    type Field: Copy + Eq + Serialize + DeserializeOwned;

    /// The fields in rows, as drawn; focus moves along them.
    fn rows(&self) -> Vec<Vec<Self::Field>>;

    fn kind(&self, field: Self::Field) -> FieldKind;

    /// The field's value as text.
    fn text(&self, field: Self::Field) -> String;

    /// Why `text` cannot be the field's value, naming the field; `None` when it can.
    fn problem(&self, field: Self::Field, text: &str) -> Option<String>;
}

/// What Enter on the field in focus asks of the form's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choose<F> {
    /// Typing into the field has begun.
    Typing,
    /// A choice: step it to its next value.
    Next(F),
    /// A button: do what it says.
    Press(F),
    /// No field in focus.
    Nothing,
}

/// What a key did to the field being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit<F> {
    /// Not typing, or a key the screen has a use for (check, tabs, help).
    Ignored,
    /// Nothing changed (a cursor moved, or the text cannot be the value and stays).
    Consumed,
    /// The text typed changed: save the draft.
    Changed,
    /// The field was left with a valid text: it is the field's value now.
    Accept(F, String),
    /// Esc twice: the field keeps its old value, the text typed is dropped.
    Revert,
}

/// A field being typed.
struct Typing<F> {
    field: F,
    input: LineInput,
    /// Show what is wrong with the text: the learner tried to leave the field, or it came
    /// back from a draft.
    show_problem: bool,
    /// The text Esc was refused with: Esc again on it gives the field its old value back.
    warned: Option<String>,
}

/// What the draft keeps of a field being typed.
#[derive(Serialize, serde::Deserialize)]
struct Pending<F> {
    field: F,
    text: String,
}

/// The state every form has: where the focus is, and the field being typed.
pub struct Form<F> {
    row: usize,
    column: usize,
    typing: Option<Typing<F>>,
}

impl<F> Default for Form<F> {
    fn default() -> Self {
        Form { row: 0, column: 0, typing: None }
    }
}

impl<F: Copy + Eq + Serialize + DeserializeOwned> Form<F> {
    /// The field in focus.
    pub fn current<M: FormModel<Field = F>>(&self, model: &M) -> Option<F> {
        let rows = model.rows();
        let row = rows.get(self.row.min(rows.len().saturating_sub(1)))?;
        row.get(self.column.min(row.len().saturating_sub(1))).copied()
    }

    /// Puts the focus on `field`, if the form has it.
    pub fn focus<M: FormModel<Field = F>>(&mut self, model: &M, field: F) -> bool {
        let at =
            model.rows().iter().enumerate().find_map(|(r, row)| row.iter().position(|f| *f == field).map(|c| (r, c)));
        if let Some((row, column)) = at {
            (self.row, self.column) = (row, column);
        }
        at.is_some()
    }

    /// The arrows: the field above, below, left or right. True when `action` is one.
    pub fn move_focus<M: FormModel<Field = F>>(&mut self, model: &M, action: Action) -> bool {
        let rows = model.rows();
        let last_row = rows.len().saturating_sub(1);
        match action {
            Action::Up => self.row = self.row.min(last_row).saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(last_row),
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Right => self.column += 1,
            _ => return false,
        }
        self.row = self.row.min(last_row);
        self.column = self.column.min(rows.get(self.row).map_or(1, Vec::len).saturating_sub(1));
        true
    }

    /// Enter on the field in focus: typing into a text, or the owner's to act on.
    pub fn choose<M: FormModel<Field = F>>(&mut self, model: &M) -> Choose<F> {
        let Some(field) = self.current(model) else { return Choose::Nothing };
        match model.kind(field) {
            FieldKind::Text | FieldKind::Number => {
                self.typing = Some(Typing::new(field, model.text(field)));
                Choose::Typing
            }
            FieldKind::Choice => Choose::Next(field),
            FieldKind::Button => Choose::Press(field),
        }
    }

    /// The field being typed.
    pub fn typing(&self) -> Option<F> {
        self.typing.as_ref().map(|t| t.field)
    }

    /// The text typed into the field being typed: for an owner that writes each key
    /// through as it is typed.
    pub fn typed_text(&self) -> Option<String> {
        self.typing.as_ref().map(|t| t.input.text())
    }

    /// The field's text as typed, «▏» at the cursor, while it is being typed.
    pub fn typed_with_cursor(&self, field: F) -> Option<String> {
        self.typing.as_ref().filter(|t| t.field == field).map(|t| t.input.text_with_cursor())
    }

    /// A key while a field is being typed: Enter and Esc leave it, other commands are
    /// the screen's, anything else edits the text.
    pub fn handle_typing<M: FormModel<Field = F>>(
        &mut self,
        model: &M,
        action: Option<Action>,
        key: &KeyEvent,
    ) -> Edit<F> {
        let Some(typing) = &mut self.typing else { return Edit::Ignored };
        match action {
            Some(Action::Confirm) => self.leave(model, false),
            Some(Action::Back) => self.leave(model, true),
            Some(_) => Edit::Ignored,
            None if typing.input.input(key) => Edit::Changed,
            None => Edit::Consumed,
        }
    }

    /// Pasted text, into the field being typed: one change.
    pub fn paste(&mut self, text: &str) -> Edit<F> {
        match &mut self.typing {
            Some(typing) => {
                if typing.input.paste(text) {
                    Edit::Changed
                } else {
                    Edit::Consumed
                }
            }
            None => Edit::Ignored,
        }
    }

    /// Enter or Esc in a field: a valid text becomes the field's value. One that is not
    /// stays being typed and the form says why; Esc again on the same text gives the
    /// field its old value back.
    fn leave<M: FormModel<Field = F>>(&mut self, model: &M, esc: bool) -> Edit<F> {
        let Some(typing) = self.typing.take() else { return Edit::Consumed };
        let text = typing.input.text();
        if model.problem(typing.field, &text).is_none() {
            Edit::Accept(typing.field, text)
        } else if esc && typing.warned.as_deref() == Some(text.as_str()) {
            Edit::Revert
        } else {
            let warned = if esc { Some(text) } else { typing.warned };
            self.typing = Some(Typing { show_problem: true, warned, ..typing });
            Edit::Consumed
        }
    }

    /// Before a check: the field being typed is left as with Enter, so that what is
    /// checked is what is on screen (`Accept`, or `Consumed` when nothing is typed);
    /// `Err` is why it cannot be, and the form shows it.
    pub fn accept<M: FormModel<Field = F>>(&mut self, model: &M) -> Result<Edit<F>, String> {
        let Some(typing) = &mut self.typing else { return Ok(Edit::Consumed) };
        match model.problem(typing.field, &typing.input.text()) {
            None => Ok(self.leave(model, false)),
            Some(problem) => {
                typing.show_problem = true;
                Err(problem)
            }
        }
    }

    /// What the draft keeps beside the answer: the field being typed and its text.
    pub fn pending(&self) -> Option<String> {
        let typing = self.typing.as_ref()?;
        serde_json::to_string(&Pending { field: typing.field, text: typing.input.text() }).ok()
    }

    /// Types on in the field the draft kept ([`Form::pending`]), its problem shown; a
    /// field the form no longer has (a row gone), or one not typed into, is dropped.
    pub fn resume<M: FormModel<Field = F>>(&mut self, model: &M, pending: &str) {
        let Ok(pending) = serde_json::from_str::<Pending<F>>(pending) else { return };
        if matches!(model.kind(pending.field), FieldKind::Text | FieldKind::Number) && self.focus(model, pending.field)
        {
            let mut typing = Typing::new(pending.field, pending.text);
            typing.show_problem = true;
            self.typing = Some(typing);
        }
    }

    /// Under the form, while the text typed cannot be the field's value and the learner
    /// has tried to leave it: why, and what Esc does now.
    pub fn problem_lines<M: FormModel<Field = F>>(&self, model: &M) -> Option<(String, String)> {
        let typing = self.typing.as_ref().filter(|t| t.show_problem)?;
        let text = typing.input.text();
        let problem = model.problem(typing.field, &text)?;
        let note = if typing.warned.as_deref() == Some(text.as_str()) {
            s::form_esc_again(&model.text(typing.field))
        } else {
            s::form_field_kept().to_owned()
        };
        Some((problem, note))
    }
}

impl<F> Typing<F> {
    fn new(field: F, text: String) -> Typing<F> {
        Typing { field, input: LineInput::new(text), show_problem: false, warned: None }
    }
}

impl<F> Edit<F> {
    /// How the screen reads the edit once the owner has taken in an `Accept`.
    pub fn handled(&self) -> Handled {
        match self {
            Edit::Ignored => Handled::Ignored,
            Edit::Consumed => Handled::Consumed,
            Edit::Changed | Edit::Accept(..) | Edit::Revert => Handled::Changed,
        }
    }
}

// --- A ready model: labelled fields, one per line ------------------------------------

/// A labelled field of a [`Fields`] form.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub label: String,
    pub kind: FieldKind,
    /// A choice's values, in the order Enter steps through them.
    pub options: Vec<String>,
    /// An empty value is a problem.
    pub required: bool,
    pub value: String,
}

impl FieldDef {
    pub fn text(label: impl Into<String>) -> FieldDef {
        FieldDef {
            label: label.into(),
            kind: FieldKind::Text,
            options: Vec::new(),
            required: false,
            value: String::new(),
        }
    }

    pub fn number(label: impl Into<String>) -> FieldDef {
        FieldDef { kind: FieldKind::Number, ..FieldDef::text(label) }
    }

    pub fn choice(label: impl Into<String>, options: Vec<String>) -> FieldDef {
        let value = options.first().cloned().unwrap_or_default();
        FieldDef { kind: FieldKind::Choice, options, value, ..FieldDef::text(label) }
    }

    pub fn required(self) -> FieldDef {
        FieldDef { required: true, ..self }
    }
}

/// A form of labelled fields, one per line, holding their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub fields: Vec<FieldDef>,
}

impl FormModel for Fields {
    type Field = usize;

    fn rows(&self) -> Vec<Vec<usize>> {
        (0..self.fields.len()).map(|i| vec![i]).collect()
    }

    fn kind(&self, field: usize) -> FieldKind {
        self.fields.get(field).map_or(FieldKind::Button, |f| f.kind)
    }

    fn text(&self, field: usize) -> String {
        self.fields.get(field).map_or_else(String::new, |f| f.value.clone())
    }

    fn problem(&self, field: usize, text: &str) -> Option<String> {
        let f = self.fields.get(field)?;
        if text.trim().is_empty() {
            return f.required.then(|| s::form_required(&f.label));
        }
        match f.kind {
            FieldKind::Number => {
                crate::kinds::numeric::parse_number(text).err().map(|e| s::form_field_problem(&f.label, &e))
            }
            FieldKind::Choice if !f.options.iter().any(|o| o == text) => Some(s::form_not_an_option(&f.label, text)),
            _ => None,
        }
    }
}

impl Fields {
    /// Takes in what the form's [`Form`] said of a key: an accepted text becomes the
    /// field's value.
    pub fn apply(&mut self, edit: &Edit<usize>) {
        if let Edit::Accept(field, text) = edit
            && let Some(f) = self.fields.get_mut(*field)
        {
            f.value = text.clone();
        }
    }

    /// A choice's next value.
    pub fn step(&mut self, field: usize) {
        if let Some(f) = self.fields.get_mut(field)
            && !f.options.is_empty()
        {
            let i = f.options.iter().position(|o| *o == f.value).map_or(0, |i| (i + 1) % f.options.len());
            f.value = f.options[i].clone();
        }
    }

    /// The first field whose value is a problem, and why: before a check.
    pub fn first_problem(&self) -> Option<(usize, String)> {
        (0..self.fields.len()).find_map(|i| self.problem(i, &self.fields[i].value).map(|p| (i, p)))
    }
}

/// Draws `fields` one per line — the label, then the value (the text being typed, with
/// its cursor, in the field typed into) — the field in focus highlighted, and the problem
/// of the field being left under them.
pub fn render_fields(frame: &mut Frame, area: Rect, theme: &Theme, form: &Form<usize>, fields: &Fields) {
    let label_w = fields.fields.iter().map(|f| width(&f.label)).max().unwrap_or(0);
    let current = form.current(fields);
    let mut lines: Vec<Line> = fields
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let value = form.typed_with_cursor(i).unwrap_or_else(|| match f.kind {
                FieldKind::Choice => format!("{} ▸", f.value),
                _ if f.value.is_empty() => "·".to_owned(),
                _ => f.value.clone(),
            });
            let style = if current == Some(i) { theme.style(Role::Selected) } else { Style::default() };
            let pad = " ".repeat(label_w.saturating_sub(width(&f.label)));
            Line::from(vec![
                Span::styled(format!("{}{pad}  ", f.label), theme.style(Role::Muted)),
                Span::styled(value, style),
            ])
        })
        .collect();
    if let Some((problem, note)) = form.problem_lines(fields) {
        lines.push(Line::from(""));
        lines.push(Line::styled(problem, theme.style(Role::Error)));
        lines.push(Line::styled(note, theme.style(Role::Muted)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn fields() -> Fields {
        Fields {
            fields: vec![
                FieldDef::text("Имя").required(),
                FieldDef::number("Бюджет, ₽"),
                FieldDef::choice("Канал", vec!["email".into(), "sms".into()]),
            ],
        }
    }

    #[test]
    fn focus_moves_along_the_rows_and_stays_in_the_form() {
        let f = fields();
        let mut form = Form::default();
        assert_eq!(form.current(&f), Some(0));
        assert!(form.move_focus(&f, Action::Up));
        assert_eq!(form.current(&f), Some(0));
        for _ in 0..5 {
            form.move_focus(&f, Action::Down);
        }
        assert_eq!(form.current(&f), Some(2));
        assert!(form.move_focus(&f, Action::Right), "a one-field row keeps the column in it");
        assert_eq!(form.current(&f), Some(2));
        assert!(!form.move_focus(&f, Action::Check));
    }

    #[test]
    fn a_valid_text_is_taken_when_the_field_is_left() {
        let mut f = fields();
        let mut form = Form::default();
        assert_eq!(form.choose(&f), Choose::Typing);
        for c in "Анна".chars() {
            assert_eq!(form.handle_typing(&f, None, &key(c)), Edit::Changed);
        }
        assert_eq!(form.typed_with_cursor(0).as_deref(), Some("Анна▏"));
        let edit = form.handle_typing(&f, Some(Action::Confirm), &key('\n'));
        assert_eq!(edit, Edit::Accept(0, "Анна".into()));
        f.apply(&edit);
        assert_eq!(f.fields[0].value, "Анна");
        assert_eq!(form.typing(), None);
        assert_eq!(form.handle_typing(&f, None, &key('x')), Edit::Ignored);
    }

    #[test]
    fn a_text_that_cannot_be_the_value_stays_and_esc_twice_lets_it_go() {
        let mut f = fields();
        let mut form = Form::default();
        form.move_focus(&f, Action::Down);
        form.choose(&f);
        form.handle_typing(&f, None, &key('x'));
        // Not a number: Enter keeps typing, and the form says why.
        assert_eq!(form.handle_typing(&f, Some(Action::Confirm), &key('\n')), Edit::Consumed);
        let (problem, note) = form.problem_lines(&f).expect("a problem shown");
        assert!(problem.starts_with("Бюджет, ₽: "), "{problem}");
        assert_eq!(note, s::form_field_kept());
        assert!(form.accept(&f).is_err(), "a check is refused");
        // Esc once warns, Esc again on the same text gives the old value back.
        assert_eq!(form.handle_typing(&f, Some(Action::Back), &key('\n')), Edit::Consumed);
        assert_eq!(form.problem_lines(&f).map(|p| p.1), Some(s::form_esc_again("")));
        let edit = form.handle_typing(&f, Some(Action::Back), &key('\n'));
        assert_eq!(edit, Edit::Revert);
        f.apply(&edit);
        assert_eq!(f.fields[1].value, "");
        assert_eq!(form.typing(), None);
    }

    #[test]
    fn choices_step_and_required_fields_are_named() {
        let mut f = fields();
        let mut form = Form::default();
        form.focus(&f, 2);
        assert_eq!(form.choose(&f), Choose::Next(2));
        f.step(2);
        assert_eq!(f.fields[2].value, "sms");
        f.step(2);
        assert_eq!(f.fields[2].value, "email");
        assert_eq!(f.first_problem(), Some((0, s::form_required("Имя"))));
        assert!(f.problem(2, "fax").is_some());
    }

    #[test]
    fn fields_are_drawn_one_per_line_with_the_problem_under_them() {
        let mut f = fields();
        f.fields[0].value = "Анна".into();
        let mut form = Form::default();
        form.focus(&f, 1);
        form.choose(&f);
        form.handle_typing(&f, None, &key('x'));
        form.handle_typing(&f, Some(Action::Confirm), &key('\n'));
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 12)).expect("terminal");
        terminal.draw(|frame| render_fields(frame, frame.area(), &Theme::plain(), &form, &f)).expect("draw");
        let buffer = terminal.backend().buffer();
        let rows: Vec<String> = (0..buffer.area.height)
            .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_owned())
            .collect();
        assert_eq!(rows[0], "Имя        Анна");
        assert_eq!(rows[1], "Бюджет, ₽  x▏");
        assert_eq!(rows[2], "Канал      email ▸");
        assert!(rows[4].starts_with("Бюджет, ₽: "), "{rows:?}");
        assert!(rows[5..].iter().any(|r| r.starts_with("Поле ещё не записано")), "{rows:?}");
    }

    #[test]
    fn the_draft_brings_back_the_field_being_typed() {
        let f = fields();
        let mut form = Form::default();
        form.focus(&f, 1);
        form.choose(&f);
        assert_eq!(form.paste("12 5"), Edit::Changed);
        let pending = form.pending().expect("pending");
        let mut again: Form<usize> = Form::default();
        again.resume(&f, &pending);
        assert_eq!(again.typing(), Some(1));
        assert_eq!(again.current(&f), Some(1));
        assert_eq!(again.typed_with_cursor(1).as_deref(), Some("12 5▏"));
        // A field the form lost is dropped.
        let mut lost: Form<usize> = Form::default();
        lost.resume(&Fields::default(), &pending);
        assert_eq!(lost.typing(), None);
    }
}
