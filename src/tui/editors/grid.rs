//! The grid editor: a table whose cells the learner fills with cards.
//!
//! The cursor is always on a cell. Enter opens the list of cards for that cell (typing a
//! card's number opens it too, with the number typed in); Enter in the list puts the
//! card in the cell, or takes it out if it is there already. When cards may not be
//! reused, placing a card that stands elsewhere moves it. When the key never puts more
//! than one card in a cell, a new card replaces the cell's card.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode as K, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Env, Handled, KindEditor, OpenEditor, Start, View, hit, keep_in_view, severity_role, severity_sign};
use crate::kinds::grid::{self, HEADER, RowHeaders, cell_key};
use crate::kinds::{Answer, Kind, Place};
use crate::strings::{keys as k, tui as s};
use crate::tui::keys::{Action, Key, Keymap, Scope, bar, bind, ch, plain};
use crate::tui::text::{truncate, width, wrap};
use crate::tui::theme::Role;

/// Moving between cells.
pub static KEYS: Keymap = Keymap {
    name: "grid",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], Action::Up, k::CELL_UP),
        bind(&[plain(K::Down), ch('j')], Action::Down, k::CELL_DOWN),
        bind(&[plain(K::Left), ch('h')], Action::Left, k::CELL_LEFT),
        bind(&[plain(K::Right), ch('l')], Action::Right, k::CELL_RIGHT),
        bar(&[plain(K::Enter), ch(' ')], Action::Choose, k::GRID_CHOOSE),
        bar(&[Key::AnyDigit], Action::Digit, k::GRID_DIGIT),
        bar(&[plain(K::Delete), plain(K::Backspace), ch('x')], Action::Remove, k::GRID_REMOVE),
    ],
};

/// The list of cards open for a cell.
pub static PICKER_KEYS: Keymap = Keymap {
    name: "grid_picker",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], Action::Up, k::CARD_UP),
        bind(&[plain(K::Down), ch('j')], Action::Down, k::CARD_DOWN),
        bind(&[plain(K::PageUp)], Action::PageUp, k::PAGE_UP),
        bind(&[plain(K::PageDown)], Action::PageDown, k::PAGE_DOWN),
        bar(&[plain(K::Enter), ch(' ')], Action::Place, k::CARD_PLACE),
        bar(&[Key::AnyDigit], Action::Digit, k::CARD_DIGIT),
        bind(&[plain(K::Backspace)], Action::EraseDigit, k::CARD_ERASE_DIGIT),
        bar(&[plain(K::Esc)], Action::Back, k::CARDS_CLOSE),
    ],
};

const IN_GRID: &[Scope] = &[&KEYS];
const IN_PICKER: &[Scope] = &[&PICKER_KEYS];

pub struct GridEditor {
    spec: grid::Spec,
    cells: BTreeMap<String, Vec<String>>,
    /// Column ids as the editor shows them: `header` first with header cards.
    columns: Vec<String>,
    row: usize,
    column: usize,
    picker: Option<Picker>,
    /// The first table row shown, when the rows do not all fit.
    row_offset: usize,
    /// The key never puts more than one card in a cell.
    one_per_cell: bool,
    /// Something to tell the learner about the last change.
    note: Option<String>,
    layout: Layout,
}

/// The list of cards open for the cell under the cursor.
struct Picker {
    typed: String,
    selected: usize,
    offset: usize,
}

/// Where things were drawn, for the mouse.
#[derive(Default)]
struct Layout {
    cells: Vec<(Rect, usize, usize)>,
    picker_items: Vec<(Rect, usize)>,
    picker: Option<Rect>,
}

impl GridEditor {
    pub fn new(spec: &grid::Spec, answer: grid::Answer) -> GridEditor {
        let cards_mode = spec.row_headers == RowHeaders::Cards;
        let columns = cards_mode
            .then(|| HEADER.to_owned())
            .into_iter()
            .chain(spec.columns.get_ref().iter().map(|c| c.id.get_ref().clone()))
            .collect();
        let one_per_cell = spec.key.get_ref().values().all(|row| row.get_ref().values().all(|cards| cards.len() <= 1));
        GridEditor {
            spec: spec.clone(),
            cells: answer.cells,
            columns,
            row: 0,
            column: 0,
            picker: None,
            row_offset: 0,
            one_per_cell,
            note: None,
            layout: Layout::default(),
        }
    }

    pub fn kind_answer(&self) -> grid::Answer {
        let cells =
            self.cells.iter().filter(|(_, cards)| !cards.is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect();
        grid::Answer { cells }
    }

    fn rows(&self) -> usize {
        self.spec.rows.get_ref().len()
    }

    fn row_id(&self, row: usize) -> &str {
        self.spec.rows.get_ref().get(row).map_or("", |r| r.id.get_ref())
    }

    fn current_cell(&self) -> String {
        cell_key(self.row_id(self.row), self.columns.get(self.column).map_or("", String::as_str))
    }

    /// The card's number, as the learner types it (and as findings name it).
    fn number(&self, index: usize) -> String {
        self.spec.card_number_at(index)
    }

    /// «12. Одна хорошо определенная группа…»: the card's text, led by its number unless
    /// the text starts with it already.
    fn label(&self, index: usize) -> String {
        let number = self.number(index);
        let text = self.spec.cards.get_ref()[index].text.trim();
        if text.starts_with(&format!("{number}.")) || text.starts_with(&format!("{number} ")) {
            text.to_owned()
        } else {
            format!("{number}. {text}")
        }
    }

    /// The labels of the cards in a cell, «; » between them.
    fn cards_text(&self, cards: &[String]) -> String {
        let labels: Vec<String> =
            cards.iter().map(|id| self.card_index(id).map_or_else(|| id.clone(), |i| self.label(i))).collect();
        labels.join("; ")
    }

    fn card_index(&self, id: &str) -> Option<usize> {
        self.spec.cards.get_ref().iter().position(|c| c.id.get_ref() == id)
    }

    /// The cell's name for the learner: «Цена — Сегментация рынка».
    fn place(&self, cell: &str) -> String {
        <grid::Grid as Kind>::place_label(&self.spec, &Place::cell_key(cell)).unwrap_or_else(|| cell.to_owned())
    }

    /// The cells a card stands in.
    fn cells_with(&self, id: &str) -> Vec<String> {
        self.cells.iter().filter(|(_, cards)| cards.iter().any(|c| c == id)).map(|(k, _)| k.clone()).collect()
    }

    /// Card indices the picker lists: all, or those whose number starts with the digits typed.
    fn picker_items(&self) -> Vec<usize> {
        let typed = self.picker.as_ref().map_or("", |p| p.typed.as_str());
        (0..self.spec.cards.get_ref().len()).filter(|&i| self.number(i).starts_with(typed)).collect()
    }

    fn open_picker(&mut self, typed: String) {
        let mut picker = Picker { typed, selected: 0, offset: 0 };
        self.picker = None;
        self.select_typed(&mut picker);
        self.picker = Some(picker);
    }

    /// Selects the card whose number is exactly the digits typed, else the first listed;
    /// with nothing typed, the card in the cell or the first card not yet placed.
    fn select_typed(&self, picker: &mut Picker) {
        let items: Vec<usize> =
            (0..self.spec.cards.get_ref().len()).filter(|&i| self.number(i).starts_with(&picker.typed)).collect();
        let in_cell = self.cells.get(&self.current_cell()).and_then(|c| c.first()).and_then(|id| self.card_index(id));
        let unplaced = |i: &usize| self.cells_with(self.spec.cards.get_ref()[*i].id.get_ref()).is_empty();
        picker.selected = if picker.typed.is_empty() {
            in_cell
                .and_then(|c| items.iter().position(|&i| i == c))
                .or_else(|| items.iter().position(unplaced))
                .unwrap_or(0)
        } else {
            items.iter().position(|&i| self.number(i) == picker.typed).unwrap_or(0)
        };
    }

    /// Puts card `index` in the cell under the cursor, or takes it out if it is there.
    fn place_card(&mut self, index: usize) {
        let id = self.spec.cards.get_ref()[index].id.get_ref().clone();
        let cell = self.current_cell();
        let here = self.cells.get(&cell).is_some_and(|cards| cards.contains(&id));
        self.note = None;
        if here {
            if let Some(cards) = self.cells.get_mut(&cell) {
                cards.retain(|c| c != &id);
            }
            return;
        }
        if !self.spec.reuse {
            for from in self.cells_with(&id) {
                if let Some(cards) = self.cells.get_mut(&from) {
                    cards.retain(|c| c != &id);
                }
                self.note = Some(s::grid_moved(&self.number(index), &self.place(&from)));
            }
        }
        let header = self.columns.get(self.column).is_some_and(|c| c == HEADER);
        let cards = self.cells.entry(cell).or_default();
        if header || self.one_per_cell {
            cards.clear();
        }
        cards.push(id);
    }

    fn column_title(&self, column: &str) -> String {
        if column == HEADER {
            return if self.spec.corner.trim().is_empty() {
                s::grid_header_column().to_owned()
            } else {
                self.spec.corner.clone()
            };
        }
        self.spec
            .columns
            .get_ref()
            .iter()
            .find(|c| c.id.get_ref() == column)
            .map(|c| if c.title.trim().is_empty() { c.id.get_ref().clone() } else { c.title.clone() })
            .unwrap_or_default()
    }

    fn render_table(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let inner = area;
        if inner.width < 10 || inner.height < 3 {
            return;
        }
        let cards_mode = self.spec.row_headers == RowHeaders::Cards;
        // The fixed rows' titles take a column of their own; header cards stand in column 0.
        let title_column = !cards_mode;
        let n = self.columns.len() + usize::from(title_column);
        let gaps = n.saturating_sub(1) as u16;
        let usable = inner.width.saturating_sub(gaps);
        let first = (usable / n as u16).clamp(12, 24).min(usable / 2);
        let rest = (usable - first) / (n.saturating_sub(1).max(1)) as u16;
        let widths: Vec<u16> = (0..n).map(|i| if i == 0 { first } else { rest }).collect();
        let xs: Vec<u16> = widths
            .iter()
            .scan(inner.x, |x, w| {
                let here = *x;
                *x += w + 1;
                Some(here)
            })
            .collect();

        // The heading: every column's title, on up to two lines.
        let titles: Vec<String> = (title_column.then(|| self.spec.corner.clone()))
            .into_iter()
            .chain(self.columns.iter().map(|c| self.column_title(c)))
            .collect();
        let header_height =
            titles.iter().zip(&widths).map(|(t, w)| wrap(t, *w as usize).len()).max().unwrap_or(1).min(2) as u16;
        let buf = frame.buffer_mut();
        for ((title, x), w) in titles.iter().zip(&xs).zip(&widths) {
            for (i, line) in wrap(title, *w as usize).iter().take(header_height as usize).enumerate() {
                buf.set_stringn(
                    *x,
                    inner.y + i as u16,
                    truncate(line, *w as usize),
                    *w as usize,
                    theme.style(Role::Title),
                );
            }
        }
        let rule_y = inner.y + header_height;
        if rule_y < inner.y + inner.height {
            buf.set_stringn(
                inner.x,
                rule_y,
                "─".repeat(inner.width as usize),
                inner.width as usize,
                theme.style(Role::Border),
            );
        }

        // The rows: as many lines each as fit, at least one; scrolled to keep the cursor in view.
        let body_y = rule_y + 1;
        let body_height = (inner.y + inner.height).saturating_sub(body_y) as usize;
        let rows = self.rows();
        if rows == 0 || body_height == 0 {
            return;
        }
        let row_height = (body_height / rows).clamp(1, 4);
        let visible = (body_height / row_height).max(1);
        self.row_offset = keep_in_view(self.row_offset, self.row, &vec![1; rows], visible);
        for (slot, row) in (self.row_offset..rows).take(visible).enumerate() {
            let y = body_y + (slot * row_height) as u16;
            let row_id = self.row_id(row).to_owned();
            if title_column {
                let title = self.spec.rows.get_ref()[row].title.clone();
                for (i, line) in wrap(&title, widths[0] as usize).iter().take(row_height).enumerate() {
                    frame.buffer_mut().set_stringn(
                        xs[0],
                        y + i as u16,
                        line,
                        widths[0] as usize,
                        theme.style(Role::Title),
                    );
                }
            }
            for (c, column) in self.columns.clone().iter().enumerate() {
                let i = c + usize::from(title_column);
                let rect = Rect::new(xs[i], y, widths[i], row_height as u16);
                self.render_cell(frame, rect, &row_id, column, (row, c), view);
                self.layout.cells.push((rect, row, c));
            }
        }
    }

    fn render_cell(&self, frame: &mut Frame, rect: Rect, row_id: &str, column: &str, at: (usize, usize), view: &View) {
        let theme = view.theme;
        let key = cell_key(row_id, column);
        let cards = self.cells.get(&key).cloned().unwrap_or_default();
        let mark = view.mark(&Place::cell(row_id, column), |checked| {
            matches!(checked, Answer::Grid(a) if a.cells.get(&key).map_or(&[][..], Vec::as_slice) == cards.as_slice())
        });
        let selected = at == (self.row, self.column);
        let mut style = match mark {
            Some((severity, _)) => theme.style(severity_role(severity)),
            None => Style::default(),
        };
        if selected {
            style = style.patch(theme.style(Role::Selected));
        }
        let prefix = match mark {
            Some((severity, _)) => format!("{} ", severity_sign(Some(severity))),
            None => String::new(),
        };
        let text = if cards.is_empty() { "·".to_owned() } else { self.cards_text(&cards) };
        let buf = frame.buffer_mut();
        buf.set_style(rect, style);
        let lines = wrap(&format!("{prefix}{text}"), rect.width as usize);
        let shown = rect.height as usize;
        for (i, line) in lines.iter().take(shown).enumerate() {
            let line = if i + 1 == shown && lines.len() > shown {
                truncate(&format!("{line}…"), rect.width as usize)
            } else {
                line.clone()
            };
            let style = if cards.is_empty() && mark.is_none() { style.patch(theme.style(Role::Muted)) } else { style };
            buf.set_stringn(rect.x, rect.y + i as u16, line, rect.width as usize, style);
        }
    }

    fn render_status(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let cell = self.current_cell();
        let cards = self.cells.get(&cell).cloned().unwrap_or_default();
        let mut lines = Vec::new();
        let place = self.place(&cell);
        let content = if cards.is_empty() { s::grid_empty_cell().to_owned() } else { self.cards_text(&cards) };
        lines.push(Line::from(vec![Span::styled(format!("{place}: "), theme.style(Role::Accent)), Span::raw(content)]));
        let mark = view.mark(&Place::cell_key(&cell), |checked| {
            matches!(checked, Answer::Grid(a) if a.cells.get(&cell).map_or(&[][..], Vec::as_slice) == cards.as_slice())
        });
        if let Some(note) = &self.note {
            lines.push(Line::styled(note.clone(), theme.style(Role::Muted)));
        } else if let Some((severity, message)) = mark {
            lines.push(Line::styled(message.to_owned(), theme.style(severity_role(severity))));
        }
        let placed: usize = self.cells.values().map(Vec::len).sum();
        lines.push(Line::styled(s::grid_placed(placed, self.spec.cards.get_ref().len()), theme.style(Role::Muted)));
        let mut wrapped: Vec<Line> = Vec::new();
        for line in lines {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            if width(&text) <= area.width as usize {
                wrapped.push(line);
            } else {
                wrapped.push(Line::styled(truncate(&text, area.width as usize), line.style));
            }
        }
        frame.render_widget(Paragraph::new(wrapped), area);
    }

    fn render_picker(&mut self, frame: &mut Frame, over: Rect, view: &View) {
        let theme = view.theme;
        let Some(picker) = &self.picker else { return };
        let items = self.picker_items();
        let w = over.width.saturating_sub(4).clamp(20, 90).min(over.width);
        let h = (items.len() as u16 + 3).clamp(5, over.height.max(5)).min(over.height);
        let area = Rect::new(over.x + (over.width - w) / 2, over.y + (over.height - h) / 2, w, h);
        let place = self.place(&self.current_cell());
        let block = Block::bordered()
            .title(s::grid_picker_title(&place, &picker.typed))
            .border_style(theme.style(Role::FocusedBorder));
        let inner = block.inner(area);
        frame.render_widget(Clear, area);
        frame.render_widget(block, area);
        self.layout.picker = Some(area);
        if items.is_empty() {
            frame.render_widget(Paragraph::new(s::grid_picker_no_match(&picker.typed)), inner);
            return;
        }
        let height = inner.height as usize;
        let selected = picker.selected.min(items.len() - 1);
        let offset = keep_in_view(picker.offset, selected, &vec![1; items.len()], height);
        let current = self.current_cell();
        let mut rows = Vec::new();
        for (slot, &index) in items.iter().enumerate().skip(offset).take(height) {
            let id = self.spec.cards.get_ref()[index].id.get_ref().clone();
            let used = self.cells_with(&id);
            let (mark, role) = if used.contains(&current) {
                ("● ", Role::Accent)
            } else if used.is_empty() {
                ("  ", Role::Title)
            } else {
                ("○ ", Role::Muted)
            };
            let where_ = used.iter().filter(|c| **c != current).map(|c| self.place(c)).collect::<Vec<_>>().join(", ");
            let suffix = if where_.is_empty() { String::new() } else { format!("  ({})", s::grid_card_in(&where_)) };
            let room = (inner.width as usize).saturating_sub(2 + width(&suffix).min(inner.width as usize / 2));
            let text =
                format!("{mark}{}{}", truncate(&self.label(index), room), truncate(&suffix, inner.width as usize / 2));
            let mut style = theme.style(role);
            if slot == selected {
                style = style.patch(theme.style(Role::Selected));
            }
            let rect = Rect::new(inner.x, inner.y + (slot - offset) as u16, inner.width, 1);
            rows.push((rect, index, text, style));
        }
        for (rect, index, text, style) in rows {
            frame.buffer_mut().set_style(rect, style);
            frame.buffer_mut().set_stringn(rect.x, rect.y, text, rect.width as usize, style);
            self.layout.picker_items.push((rect, index));
        }
        if let Some(p) = &mut self.picker {
            p.offset = offset;
            p.selected = selected;
        }
    }
}

impl KindEditor for GridEditor {
    fn answer(&self) -> Answer {
        Answer::Grid(self.kind_answer())
    }

    /// The grid needs all of the room.
    fn shows_prompt(&self) -> bool {
        false
    }

    fn scopes(&self) -> &'static [Scope] {
        if self.picker.is_some() { IN_PICKER } else { IN_GRID }
    }

    fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, _env: &Env) -> Handled {
        let Some(action) = action else { return Handled::Ignored };
        let digit = match key.code {
            crossterm::event::KeyCode::Char(c) if c.is_ascii_digit() => Some(c),
            _ => None,
        };
        if let Some(picker) = &mut self.picker {
            match action {
                Action::Up => picker.selected = picker.selected.saturating_sub(1),
                Action::Down => picker.selected += 1,
                Action::PageUp => picker.selected = picker.selected.saturating_sub(10),
                Action::PageDown => picker.selected += 10,
                Action::Back => self.picker = None,
                Action::Digit => {
                    let mut p = Picker { typed: format!("{}{}", picker.typed, digit.unwrap_or_default()), ..*picker };
                    self.select_typed(&mut p);
                    self.picker = Some(p);
                }
                Action::EraseDigit => {
                    let mut typed = picker.typed.clone();
                    typed.pop();
                    let mut p = Picker { typed, ..*picker };
                    self.select_typed(&mut p);
                    self.picker = Some(p);
                }
                Action::Place => {
                    let items = self.picker_items();
                    let Some(&index) = items.get(self.picker.as_ref().map_or(0, |p| p.selected)) else {
                        return Handled::Consumed;
                    };
                    self.picker = None;
                    self.place_card(index);
                    return Handled::Changed;
                }
                _ => return Handled::Ignored,
            }
            let items = self.picker_items().len();
            if let Some(p) = &mut self.picker {
                p.selected = p.selected.min(items.saturating_sub(1));
            }
            return Handled::Consumed;
        }
        self.note = None;
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(self.rows().saturating_sub(1)),
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Right => self.column = (self.column + 1).min(self.columns.len().saturating_sub(1)),
            Action::Choose => self.open_picker(String::new()),
            Action::Digit => self.open_picker(digit.map(String::from).unwrap_or_default()),
            Action::Remove => {
                let cell = self.current_cell();
                return match self.cells.get_mut(&cell) {
                    Some(cards) if !cards.is_empty() => {
                        cards.pop();
                        Handled::Changed
                    }
                    _ => Handled::Consumed,
                };
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed
    }

    fn handle_mouse(&mut self, mouse: &MouseEvent) -> Handled {
        let (x, y) = (mouse.column, mouse.row);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(picker_area) = self.layout.picker {
                    if let Some(&(_, index)) = self.layout.picker_items.iter().find(|(r, _)| hit(*r, x, y)) {
                        self.picker = None;
                        self.place_card(index);
                        return Handled::Changed;
                    }
                    if !hit(picker_area, x, y) {
                        self.picker = None;
                    }
                    return Handled::Consumed;
                }
                if let Some(&(_, row, column)) = self.layout.cells.iter().find(|(r, _, _)| hit(*r, x, y)) {
                    if (row, column) == (self.row, self.column) {
                        self.open_picker(String::new());
                    } else {
                        (self.row, self.column) = (row, column);
                    }
                    return Handled::Consumed;
                }
                Handled::Ignored
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = mouse.kind == MouseEventKind::ScrollDown;
                let items = self.picker_items().len();
                match &mut self.picker {
                    Some(p) if down => p.selected = (p.selected + 1).min(items.saturating_sub(1)),
                    Some(p) => p.selected = p.selected.saturating_sub(1),
                    None if down => self.row = (self.row + 1).min(self.rows().saturating_sub(1)),
                    None => self.row = self.row.saturating_sub(1),
                }
                Handled::Consumed
            }
            _ => Handled::Ignored,
        }
    }

    /// The cards in full, for the prompt tab.
    fn reference(&self) -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(""), Line::from(Span::styled(s::cards_reference(), Style::new().bold()))];
        lines.extend((0..self.spec.cards.get_ref().len()).map(|i| Line::from(self.label(i))));
        lines
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        self.layout = Layout::default();
        let status_height = 3u16.min(area.height.saturating_sub(4));
        let table = Rect { height: area.height - status_height, ..area };
        let status = Rect { y: table.y + table.height, height: status_height, ..area };
        self.render_table(frame, table, view);
        self.render_status(frame, status, view);
        if self.picker.is_some() {
            self.render_picker(frame, table, view);
        }
    }
}

impl OpenEditor for GridEditor {
    type Kind = grid::Grid;
    const KEYMAPS: &'static [Scope] = &[&KEYS, &PICKER_KEYS];

    fn open(spec: &grid::Spec, answer: Option<grid::Answer>, _start: &Start) -> GridEditor {
        GridEditor::new(spec, answer.unwrap_or_default())
    }
}
