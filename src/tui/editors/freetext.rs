//! The editors of free-text answers: `table` (rows × typed columns) and `form` (typed
//! fields, one per line). Both are a sheet of cells: the cursor moves between cells with
//! the arrows; Enter opens the cell in a multi-line text box (ratatui-textarea) with its
//! word count as you type, or — in a choice cell — takes the next option. In the text
//! box Tab and Shift+Tab go on to the next and previous cell, Esc closes it. Every key
//! typed changes the answer at once, so the draft holds it. Where the learner adds rows,
//! Ins adds one (and only there is it bound) and Del on an empty added row removes it;
//! Del elsewhere clears the cell.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode as K, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_textarea::{TextArea, WrapMode};

use super::{
    Env, Handled, KindEditor, OpenEditor, Start, View, keep_in_view, render_feedback, severity_role, severity_sign,
};
use crate::kinds::freetext::{Field, FieldType, form, table};
use crate::kinds::{Answer, Place};
use crate::rubric::word_count;
use crate::strings::{keys as k, tui as s};
use crate::tui::keys::{Action, Keymap, Scope, bar, bind, ch, plain, shift};
use crate::tui::text::{truncate, width};
use crate::tui::theme::Role;

/// The most characters a cell holds: far more than any answer needs, and a pasted book
/// stops here instead of slowing every key.
pub const MAX_CELL_CHARS: usize = 20_000;

/// Moving between cells.
pub static KEYS: Keymap = Keymap {
    name: "freetext",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], Action::Up, k::CELL_UP),
        bind(&[plain(K::Down), ch('j')], Action::Down, k::CELL_DOWN),
        bind(&[plain(K::Left), ch('h')], Action::Left, k::CELL_LEFT),
        bind(&[plain(K::Right), ch('l')], Action::Right, k::CELL_RIGHT),
        bar(&[plain(K::Enter), ch(' ')], Action::Choose, k::FREETEXT_EDIT),
        bar(&[plain(K::Delete)], Action::Remove, k::FREETEXT_CLEAR),
    ],
};

/// Adding rows, where the learner adds them.
pub static ROW_KEYS: Keymap = Keymap {
    name: "freetext_rows",
    notes: &[],
    bindings: &[bar(&[plain(K::Insert)], Action::AddRule, k::FREETEXT_ADD_ROW)],
};

/// Typing into a cell.
pub static EDIT_KEYS: Keymap = Keymap {
    name: "freetext_edit",
    notes: k::FREETEXT_EDITING,
    bindings: &[
        bar(&[plain(K::Esc)], Action::Back, k::FREETEXT_DONE),
        bar(&[plain(K::Tab)], Action::NextField, k::FREETEXT_NEXT_CELL),
        bind(&[shift(K::BackTab), plain(K::BackTab)], Action::PrevField, k::FREETEXT_PREV_CELL),
    ],
};

const NAVIGATING: &[Scope] = &[&KEYS];
const NAVIGATING_ROWS: &[Scope] = &[&KEYS, &ROW_KEYS];
const EDITING: &[Scope] = &[&EDIT_KEYS];

/// What differs between a table and a form: where a cell's value lives and what it is.
trait Cells {
    fn rows(&self) -> usize;
    fn columns(&self) -> usize;
    fn field(&self, row: usize, column: usize) -> &Field;
    fn row_title(&self, row: usize) -> String;
    /// The heading of the sheet's columns (a table's corner and column titles).
    fn header(&self) -> Option<(String, Vec<String>)> {
        None
    }
    /// How the cell under the cursor is named above its text.
    fn cell_title(&self, row: usize, column: usize) -> String {
        format!("{} — {}", self.row_title(row), self.field(row, column).title)
    }
    fn place(&self, row: usize, column: usize) -> Place;
    fn value(&self, row: usize, column: usize) -> &str;
    fn set(&mut self, row: usize, column: usize, value: String);
    /// The same cell's value in an answer of this kind (the last checked one).
    fn value_in<'a>(&self, answer: &'a Answer, row: usize, column: usize) -> Option<&'a str>;
    fn can_add_rows(&self) -> bool {
        false
    }
    fn add_row(&mut self, _after: usize) -> bool {
        false
    }
    /// Removes the row when it is an empty row the learner added.
    fn remove_row(&mut self, _row: usize) -> bool {
        false
    }
}

/// The table's cells: its fixed rows (always all of them, in the exercise's order) or
/// the rows the learner added (at least one to type in).
pub struct TableCells {
    spec: table::Spec,
    rows: Vec<table::Row>,
}

impl TableCells {
    fn new(spec: &table::Spec, answer: table::Answer) -> TableCells {
        let rows = if spec.add_rows.is_some() {
            let mut rows = answer.rows;
            rows.truncate(table::MAX_ROWS);
            if rows.is_empty() {
                rows.push(table::Row::default());
            }
            rows
        } else {
            spec.rows
                .iter()
                .map(|line| {
                    let id = line.id.get_ref();
                    let cells = answer.rows.iter().find(|r| &r.id == id).map(|r| r.cells.clone()).unwrap_or_default();
                    table::Row { id: id.clone(), cells }
                })
                .collect()
        };
        TableCells { spec: spec.clone(), rows }
    }

    fn row_place(&self, row: usize) -> String {
        if self.spec.add_rows.is_some() { (row + 1).to_string() } else { self.rows[row].id.clone() }
    }
}

impl Cells for TableCells {
    fn rows(&self) -> usize {
        self.rows.len()
    }
    fn columns(&self) -> usize {
        self.spec.columns.get_ref().len()
    }
    fn field(&self, _row: usize, column: usize) -> &Field {
        &self.spec.columns.get_ref()[column]
    }
    fn row_title(&self, row: usize) -> String {
        match self.spec.rows.get(row) {
            Some(line) if self.spec.add_rows.is_none() => line.title.clone(),
            _ => crate::strings::freetext::row_number(row + 1),
        }
    }
    fn header(&self) -> Option<(String, Vec<String>)> {
        Some((self.spec.corner.clone(), self.spec.columns.get_ref().iter().map(|c| c.title.clone()).collect()))
    }
    fn place(&self, row: usize, column: usize) -> Place {
        table::at_cell(&self.row_place(row), self.field(row, column).id.get_ref())
    }
    fn value(&self, row: usize, column: usize) -> &str {
        let id = self.field(row, column).id.get_ref();
        self.rows[row].cells.get(id).map_or("", String::as_str)
    }
    fn set(&mut self, row: usize, column: usize, value: String) {
        let id = self.spec.columns.get_ref()[column].id.get_ref().clone();
        self.rows[row].cells.insert(id, value);
    }
    fn value_in<'a>(&self, answer: &'a Answer, row: usize, column: usize) -> Option<&'a str> {
        let Answer::Table(a) = answer else { return None };
        let id = self.field(row, column).id.get_ref();
        let checked_row = if self.spec.add_rows.is_some() {
            a.rows.get(row)
        } else {
            a.rows.iter().find(|r| r.id == self.rows[row].id)
        };
        Some(checked_row.and_then(|r| r.cells.get(id)).map_or("", String::as_str))
    }
    fn can_add_rows(&self) -> bool {
        self.spec.add_rows.is_some()
    }
    fn add_row(&mut self, after: usize) -> bool {
        if !self.can_add_rows() || self.rows.len() >= self.spec.add_rows.map_or(0, |c| c.max.min(table::MAX_ROWS)) {
            return false;
        }
        self.rows.insert((after + 1).min(self.rows.len()), table::Row::default());
        true
    }
    fn remove_row(&mut self, row: usize) -> bool {
        let blank = self.rows.get(row).is_some_and(|r| r.cells.values().all(|v| v.trim().is_empty()));
        if !self.can_add_rows() || !blank || self.rows.len() <= 1 {
            return false;
        }
        self.rows.remove(row);
        true
    }
}

/// The form's cells: one field per row, one column.
pub struct FormCells {
    spec: form::Spec,
    answer: form::Answer,
}

impl Cells for FormCells {
    fn rows(&self) -> usize {
        self.spec.fields.get_ref().len()
    }
    fn columns(&self) -> usize {
        1
    }
    fn field(&self, row: usize, _column: usize) -> &Field {
        &self.spec.fields.get_ref()[row]
    }
    fn row_title(&self, row: usize) -> String {
        self.field(row, 0).title.clone()
    }
    fn cell_title(&self, row: usize, _column: usize) -> String {
        self.row_title(row)
    }
    fn place(&self, row: usize, _column: usize) -> Place {
        form::at_field(self.field(row, 0).id.get_ref())
    }
    fn value(&self, row: usize, _column: usize) -> &str {
        self.answer.fields.get(self.field(row, 0).id.get_ref()).map_or("", String::as_str)
    }
    fn set(&mut self, row: usize, _column: usize, value: String) {
        let id = self.spec.fields.get_ref()[row].id.get_ref().clone();
        self.answer.fields.insert(id, value);
    }
    fn value_in<'a>(&self, answer: &'a Answer, row: usize, _column: usize) -> Option<&'a str> {
        let Answer::Form(a) = answer else { return None };
        Some(a.fields.get(self.field(row, 0).id.get_ref()).map_or("", String::as_str))
    }
}

/// The sheet both editors are: cells, the cursor, the text box of the cell being typed.
struct Sheet<C: Cells> {
    cells: C,
    row: usize,
    column: usize,
    editing: Option<TextArea<'static>>,
    /// Said once under the cell: a paste was cut to fit it.
    notice: Option<String>,
    offset: usize,
}

/// The characters of a text box's text, line breaks included.
fn chars_in(area: &TextArea) -> usize {
    let lines = area.lines();
    lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
}

fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> =
        if text.is_empty() { vec![String::new()] } else { text.lines().map(str::to_owned).collect() };
    let mut t = TextArea::new(lines);
    t.set_cursor_line_style(Style::default());
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// Pasted text as a cell takes it: line breaks as `\n`, other control characters gone,
/// and no more than `room` characters.
fn clean_paste(text: &str, room: usize) -> (String, bool) {
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = normal.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    let count = kept.chars().count();
    if count <= room { (kept, false) } else { (kept.chars().take(room).collect(), true) }
}

impl<C: Cells> Sheet<C> {
    fn new(cells: C) -> Sheet<C> {
        Sheet { cells, row: 0, column: 0, editing: None, notice: None, offset: 0 }
    }

    fn field(&self) -> &Field {
        self.cells.field(self.row, self.column)
    }

    fn text_of(area: &TextArea) -> String {
        area.lines().join("\n")
    }

    /// Opens the cell under the cursor: a text box, or the next option of a choice.
    fn open_cell(&mut self) -> Handled {
        if self.field().ty == FieldType::Choice {
            let options = &self.field().options;
            if options.is_empty() {
                return Handled::Consumed;
            }
            let current = self.cells.value(self.row, self.column);
            let now = self.field().option(current).and_then(|o| options.iter().position(|p| p.id == o.id));
            let next = now.map_or(0, |i| (i + 1) % options.len());
            let title = options[next].title.clone();
            self.cells.set(self.row, self.column, title);
            return Handled::Changed;
        }
        self.editing = Some(text_area(self.cells.value(self.row, self.column)));
        Handled::Consumed
    }

    /// Writes the text box into the cell.
    fn store(&mut self) {
        if let Some(area) = &self.editing {
            let text = Self::text_of(area);
            self.cells.set(self.row, self.column, text);
        }
    }

    fn step(&mut self, forward: bool) {
        let (rows, columns) = (self.cells.rows(), self.cells.columns());
        let index = self.row * columns + self.column;
        let next = if forward { (index + 1).min(rows * columns - 1) } else { index.saturating_sub(1) };
        self.row = next / columns;
        self.column = next % columns;
    }

    fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent) -> Handled {
        if self.editing.is_some() {
            return match action {
                Some(Action::Back) => {
                    self.store();
                    self.editing = None;
                    Handled::Consumed
                }
                Some(Action::NextField | Action::PrevField) => {
                    self.store();
                    self.editing = None;
                    self.step(action == Some(Action::NextField));
                    self.open_cell();
                    Handled::Consumed
                }
                Some(_) => Handled::Ignored,
                None => {
                    let Some(area) = self.editing.as_mut() else { return Handled::Ignored };
                    let full = chars_in(area) >= MAX_CELL_CHARS;
                    let typed = matches!(key.code, K::Char(_) | K::Enter | K::Tab);
                    if full && typed {
                        self.notice = Some(s::freetext_cell_full(MAX_CELL_CHARS));
                        return Handled::Consumed;
                    }
                    if area.input(*key) {
                        self.notice = None;
                        self.store();
                        Handled::Changed
                    } else {
                        Handled::Consumed
                    }
                }
            };
        }
        let (rows, columns) = (self.cells.rows(), self.cells.columns());
        match action {
            Some(Action::Up) => self.row = self.row.saturating_sub(1),
            Some(Action::Down) => self.row = (self.row + 1).min(rows.saturating_sub(1)),
            Some(Action::Left) => self.column = self.column.saturating_sub(1),
            Some(Action::Right) => self.column = (self.column + 1).min(columns.saturating_sub(1)),
            Some(Action::Choose) => return self.open_cell(),
            Some(Action::Remove) => {
                if self.cells.value(self.row, self.column).is_empty() && self.cells.remove_row(self.row) {
                    self.row = self.row.min(self.cells.rows() - 1);
                    return Handled::Changed;
                }
                if self.cells.value(self.row, self.column).is_empty() {
                    return Handled::Consumed;
                }
                self.cells.set(self.row, self.column, String::new());
                return Handled::Changed;
            }
            Some(Action::AddRule) if self.cells.can_add_rows() => {
                if self.cells.add_row(self.row) {
                    self.row += 1;
                    self.column = 0;
                    return Handled::Changed;
                }
                self.notice = Some(s::FREETEXT_NO_MORE_ROWS.to_owned());
                return Handled::Consumed;
            }
            _ => return Handled::Ignored,
        }
        self.notice = None;
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str) -> Handled {
        if self.editing.is_none() {
            if self.field().ty == FieldType::Choice {
                return Handled::Ignored;
            }
            self.editing = Some(text_area(self.cells.value(self.row, self.column)));
        }
        let Some(area) = self.editing.as_mut() else { return Handled::Ignored };
        let used = chars_in(area);
        let (clean, cut) = clean_paste(text, MAX_CELL_CHARS.saturating_sub(used));
        self.notice = cut.then(|| s::freetext_cell_full(MAX_CELL_CHARS));
        if clean.is_empty() || !area.insert_str(clean) {
            return Handled::Consumed;
        }
        self.store();
        Handled::Changed
    }

    /// The mark of the last check at a cell still as it was checked.
    fn mark<'v>(&self, view: &View<'v>, row: usize, column: usize) -> Option<(crate::kinds::Severity, &'v str)> {
        let now = self.cells.value(row, column);
        view.mark(&self.cells.place(row, column), |checked| self.cells.value_in(checked, row, column) == Some(now))
    }

    /// The sheet on top (a row per line), the cell under the cursor below it.
    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let rows = self.cells.rows();
        let list_height = (rows as u16 + 3).min(area.height / 2).max(3.min(area.height));
        let list = Rect { height: list_height, ..area };
        let detail = Rect { y: area.y + list_height, height: area.height - list_height, ..area };

        let columns = self.cells.columns();
        let title_width = (0..rows).map(|r| width(&self.cells.row_title(r))).max().unwrap_or(0).min(24) as u16;
        let inner_width = list.width.saturating_sub(2);
        let cell_width = if columns == 0 { 0 } else { inner_width.saturating_sub(title_width + 1) / columns as u16 };
        let header = self.cells.header();
        let visible = (list.height.saturating_sub(2) as usize).saturating_sub(usize::from(header.is_some()));
        self.offset = keep_in_view(self.offset, self.row, &vec![1; rows], visible);
        let mut lines = Vec::new();
        if let Some((corner, titles)) = header {
            let mut spans = vec![Span::styled(
                format!("{:<w$} ", truncate(&corner, title_width as usize), w = title_width as usize),
                theme.style(Role::Muted),
            )];
            for title in titles {
                let room = cell_width.saturating_sub(1) as usize;
                spans.push(Span::styled(format!("{:<room$} ", truncate(&title, room)), theme.style(Role::Title)));
            }
            lines.push(Line::from(spans));
        }
        for r in self.offset..rows.min(self.offset + visible) {
            let mut spans = vec![Span::styled(
                format!("{:<w$} ", truncate(&self.cells.row_title(r), title_width as usize), w = title_width as usize),
                theme.style(Role::Title),
            )];
            for c in 0..columns {
                let mark = self.mark(view, r, c);
                let value = self.cells.value(r, c).replace('\n', " ");
                let text = format!("{} {}", severity_sign(mark.map(|m| m.0)), value.trim());
                let room = cell_width.saturating_sub(1) as usize;
                let shown = format!("{:<room$} ", truncate(&text, room));
                let role = if (r, c) == (self.row, self.column) {
                    Role::Selected
                } else {
                    mark.map_or(Role::Muted, |m| severity_role(m.0))
                };
                spans.push(Span::styled(shown, theme.style(role)));
            }
            lines.push(Line::from(spans));
        }
        let block = Block::bordered().border_style(theme.style(Role::Border));
        frame.render_widget(Paragraph::new(lines).block(block), list);
        self.render_detail(frame, detail, view);
    }

    fn render_detail(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        if area.height < 3 {
            return;
        }
        let theme = view.theme;
        let field = self.cells.field(self.row, self.column).clone();
        let place = self.cells.cell_title(self.row, self.column);
        let mark = self.mark(view, self.row, self.column);
        let text =
            self.editing.as_ref().map_or_else(|| self.cells.value(self.row, self.column).to_owned(), Self::text_of);
        let count = match field.ty {
            FieldType::Text => s::freetext_words(word_count(&text), field.min_words.unwrap_or(1), field.max_words()),
            FieldType::Choice => {
                s::freetext_options(&field.options.iter().map(|o| o.title.as_str()).collect::<Vec<_>>())
            }
            _ => s::freetext_kind_hint(field.ty),
        };
        let feedback_height = if mark.is_some() || self.notice.is_some() { 2 } else { 0 };
        let box_area = Rect { height: area.height - feedback_height, ..area };
        let title = Line::from(vec![Span::styled(
            truncate(&place, box_area.width.saturating_sub(4) as usize),
            theme.style(Role::Title),
        )]);
        let bottom = Line::from(Span::styled(count, theme.style(Role::Muted)));
        let focused = self.editing.is_some();
        let block = Block::bordered().title(title).title_bottom(bottom).border_style(theme.style(if focused {
            Role::FocusedBorder
        } else {
            Role::Border
        }));
        match self.editing.as_mut() {
            Some(area_text) => {
                area_text.set_block(block);
                frame.render_widget(&*area_text, box_area);
            }
            None => {
                let shown = if text.is_empty() { field.help.clone() } else { text };
                let role = if self.cells.value(self.row, self.column).is_empty() { Role::Muted } else { Role::Accent };
                let paragraph = Paragraph::new(shown).style(theme.style(role)).wrap(Wrap { trim: false }).block(block);
                frame.render_widget(paragraph, box_area);
            }
        }
        let feedback_area = Rect { y: box_area.y + box_area.height, height: feedback_height, ..area };
        let feedback = match (&self.notice, mark) {
            (Some(n), _) => Some((crate::kinds::Severity::Note, n.clone())),
            (None, Some((severity, message))) => Some((severity, message.to_owned())),
            (None, None) => None,
        };
        render_feedback(frame, feedback_area, theme, feedback);
    }
}

pub struct TableEditor(Sheet<TableCells>);
pub struct FormEditor(Sheet<FormCells>);

macro_rules! sheet_editor {
    ($editor:ident, $variant:ident, $answer:expr) => {
        impl KindEditor for $editor {
            fn answer(&self) -> Answer {
                Answer::$variant($answer(&self.0.cells))
            }
            fn scopes(&self) -> &'static [Scope] {
                match (self.0.editing.is_some(), self.0.cells.can_add_rows()) {
                    (true, _) => EDITING,
                    (false, true) => NAVIGATING_ROWS,
                    (false, false) => NAVIGATING,
                }
            }
            fn typing(&self) -> bool {
                self.0.editing.is_some()
            }
            /// A check closes the text box: the cell is in the answer already, and its
            /// mark shows on the sheet.
            fn accept_typing(&mut self) -> Result<Handled, String> {
                self.0.store();
                self.0.editing = None;
                Ok(Handled::Consumed)
            }
            fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, _env: &Env) -> Handled {
                self.0.handle_key(action, key)
            }
            fn handle_paste(&mut self, text: &str) -> Handled {
                self.0.handle_paste(text)
            }
            fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
                self.0.render(frame, area, view)
            }
            fn min_height(&self, height: u16) -> u16 {
                height.saturating_sub(height / 4)
            }
        }
    };
}

sheet_editor!(TableEditor, Table, |c: &TableCells| table::Answer { rows: c.rows.clone() });
sheet_editor!(FormEditor, Form, |c: &FormCells| c.answer.clone());

impl OpenEditor for TableEditor {
    type Kind = table::Table;
    const KEYMAPS: &'static [Scope] = &[&KEYS, &ROW_KEYS, &EDIT_KEYS];

    fn open(spec: &table::Spec, answer: Option<table::Answer>, _start: &Start) -> TableEditor {
        TableEditor(Sheet::new(TableCells::new(spec, answer.unwrap_or_default())))
    }
}

impl OpenEditor for FormEditor {
    type Kind = form::Form;
    const KEYMAPS: &'static [Scope] = &[&KEYS, &EDIT_KEYS];

    fn open(spec: &form::Spec, answer: Option<form::Answer>, _start: &Start) -> FormEditor {
        let mut answer = answer.unwrap_or_default();
        answer.fields = answer.fields.into_iter().filter(|(k, _)| spec.field(k).is_some()).collect::<BTreeMap<_, _>>();
        FormEditor(Sheet::new(FormCells { spec: spec.clone(), answer }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_keeps_line_breaks_drops_control_characters_and_fits_the_cell() {
        assert_eq!(clean_paste("a\r\nb\rc\u{1b}[31m\u{0}d", 100), ("a\nb\nc[31md".to_owned(), false));
        let (kept, cut) = clean_paste(&"ы".repeat(50), 10);
        assert_eq!((kept.chars().count(), cut), (10, true));
    }
}
