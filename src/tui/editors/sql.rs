//! The SQL editor: the learner's SQL with line numbers, run in the exercise's sandbox
//! (a fresh in-memory copy of its datasets each run), the result as a table or
//! SQLite's error with its line, and a browser of the tables and their columns.
//!
//! An exercise of several parts has a text per part plus «Общее» — statements run
//! before every part (views, helper tables), exactly as grading runs them.

use crossterm::event::{KeyCode as K, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::{Env, Handled, KindEditor, OpenEditor, Start, View};
use crate::data::sql::split::split;
use crate::data::sql::{ResultTable, TableInfo};
use crate::kinds::{Answer, GradeCtx, Place, Severity, sql};
use crate::strings::{keys as k, tui as s};
use crate::tui::job::{Job, Poll};
use crate::tui::keys::{Action, Keymap, Scope, bar, bind, ch, ctrl, plain, shift};
use crate::tui::text::{truncate, width};
use crate::tui::theme::Role;

/// Rows of a result kept for the screen.
const SHOWN_ROWS: usize = 500;

/// Running, the result, the tables.
pub static KEYS: Keymap = Keymap {
    name: "sql",
    notes: &[],
    bindings: &[
        bar(&[ctrl('r'), plain(K::F(9))], Action::Run, k::SQL_RUN),
        bind(&[ctrl('e'), plain(K::F(10))], Action::RunToCursor, k::SQL_RUN_TO_CURSOR),
        bar(&[plain(K::F(3))], Action::Focus, k::SQL_FOCUS),
        bar(&[plain(K::F(4))], Action::Schema, k::SQL_SCHEMA),
        bind(&[shift(K::PageUp)], Action::ListUp, k::SQL_TABLES_UP),
        bind(&[shift(K::PageDown)], Action::ListDown, k::SQL_TABLES_DOWN),
    ],
};

/// Moving between the parts of an exercise that has several.
pub static PARTS_KEYS: Keymap = Keymap {
    name: "sql_parts",
    notes: &[],
    bindings: &[
        bar(&[plain(K::F(7))], Action::NextPart, k::SQL_NEXT_PART),
        bind(&[plain(K::F(6))], Action::PrevPart, k::SQL_PREV_PART),
    ],
};

/// Writing SQL: the keys that edit the text are the text box's, listed as notes.
pub static TEXT_KEYS: Keymap = Keymap {
    name: "sql_text",
    notes: k::SQL_EDITING,
    bindings: &[
        bind(&[ctrl('z')], Action::Undo, k::SQL_UNDO),
        bind(&[ctrl('y')], Action::Redo, k::SQL_REDO),
        bind(&[plain(K::Tab)], Action::Indent, k::SQL_INDENT),
        bar(&[shift(K::BackTab), plain(K::BackTab)], Action::PrevTab, k::SQL_PREV_TAB),
    ],
};

/// Reading the result of the SQL run.
pub static RESULT_KEYS: Keymap = Keymap {
    name: "sql_result",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], Action::Up, k::RESULT_UP),
        bind(&[plain(K::Down), ch('j')], Action::Down, k::RESULT_DOWN),
        bind(&[plain(K::Left), ch('h')], Action::Left, k::RESULT_LEFT),
        bind(&[plain(K::Right), ch('l')], Action::Right, k::RESULT_RIGHT),
        bind(&[plain(K::PageUp)], Action::PageUp, k::PAGE_UP),
        bind(&[plain(K::PageDown)], Action::PageDown, k::PAGE_DOWN),
    ],
};

const IN_TEXT: &[Scope] = &[&KEYS, &TEXT_KEYS];
const ON_RESULT: &[Scope] = &[&RESULT_KEYS, &KEYS];
const IN_TEXT_OF_PARTS: &[Scope] = &[&KEYS, &PARTS_KEYS, &TEXT_KEYS];
const ON_RESULT_OF_PARTS: &[Scope] = &[&RESULT_KEYS, &PARTS_KEYS, &KEYS];

/// What the draft keeps beside the answer: the part being written, so that the
/// exercise reopens on it (`""` for «Общее»).
#[derive(serde::Serialize, serde::Deserialize)]
struct Pending {
    part: String,
}

/// What the last run showed.
enum Output {
    Nothing,
    Table { part: String, table: ResultTable },
    Error { part: String, message: String },
}

pub struct SqlEditor {
    spec: sql::Spec,
    /// Index 0 is the text outside any part; then one per spec part.
    texts: Vec<TextArea<'static>>,
    current: usize,
    output: Output,
    /// Focus on the result (arrows scroll it) rather than the text.
    on_result: bool,
    result_row: usize,
    result_column: usize,
    schema: Option<Vec<TableInfo>>,
    show_schema: bool,
    schema_scroll: usize,
    running: Option<Job<Run>>,
}

/// What running the learner's SQL gave.
struct Run {
    output: Output,
    /// The tables after the run, for the browser.
    tables: Option<Vec<TableInfo>>,
    /// The line of the text the error is on.
    error_line: Option<usize>,
}

/// Runs `text` in a fresh sandbox of the exercise, after `shared` («Общее») if given.
fn run_sql(spec: &sql::Spec, ctx: &GradeCtx, part: String, shared: Option<(String, String)>, text: &str) -> Run {
    let fail = |part: String, message: String, tables, error_line| Run {
        output: Output::Error { part, message },
        tables,
        error_line,
    };
    let sandbox = match sql::sandbox(spec, ctx) {
        Ok(sandbox) => sandbox,
        Err(e) => return fail(part, e.to_string(), None, None),
    };
    if let Some((title, shared)) = shared.filter(|(_, t)| !t.trim().is_empty())
        && let Err(e) = sandbox.run_script(&shared, 0)
    {
        return fail(title, e.to_string(), Some(sandbox.tables()), None);
    }
    if text.trim().is_empty() {
        return fail(part, s::sql_nothing_to_run().to_owned(), Some(sandbox.tables()), None);
    }
    match sandbox.run_script(text, SHOWN_ROWS) {
        // A script that changed tables shows them as they are now.
        Ok(table) => Run { output: Output::Table { part, table }, tables: Some(sandbox.tables()), error_line: None },
        Err(e) => {
            let line = (e.line > 0).then_some(e.line);
            fail(part, e.to_string(), Some(sandbox.tables()), line)
        }
    }
}

/// A text box with line numbers whose long lines wrap (the SQL and scenario editors).
pub(super) fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> =
        if text.is_empty() { vec![String::new()] } else { text.lines().map(str::to_owned).collect() };
    let mut t = TextArea::new(lines);
    t.set_line_number_style(Style::new().dim());
    t.set_cursor_line_style(Style::default());
    // Long lines wrap: scrolling sideways would take the line numbers out of view.
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t
}

impl SqlEditor {
    /// `pending` is what the draft kept beside the answer ([`KindEditor::pending`]): the
    /// part the learner was on.
    pub fn new(spec: &sql::Spec, answer: sql::Answer, pending: Option<&str>) -> SqlEditor {
        let mut texts = vec![text_area(&answer.sql)];
        texts.extend(spec.parts.iter().map(|p| text_area(answer.parts.get(p.id.get_ref()).map_or("", String::as_str))));
        // With parts, the learner starts where they were, else on the first part, not on «Общее».
        let was_on =
            pending.and_then(|p| serde_json::from_str::<Pending>(p).ok()).and_then(|p| match p.part.as_str() {
                "" => Some(0),
                id => spec.parts.iter().position(|part| part.id.get_ref() == id).map(|i| i + 1),
            });
        let current = if spec.parts.is_empty() { 0 } else { was_on.unwrap_or(1) };
        SqlEditor {
            spec: spec.clone(),
            texts,
            current,
            output: Output::Nothing,
            on_result: false,
            result_row: 0,
            result_column: 0,
            schema: None,
            show_schema: false,
            schema_scroll: 0,
            running: None,
        }
    }

    /// Runs from now on in the sandbox of `spec`, the text kept (a console whose data
    /// changed).
    pub fn replace_spec(&mut self, spec: sql::Spec) {
        self.spec = spec;
        self.schema = None;
    }

    pub fn kind_answer(&self) -> sql::Answer {
        let text = |t: &TextArea| t.lines().join("\n").trim_end().to_owned();
        let parts = self
            .spec
            .parts
            .iter()
            .zip(self.texts.iter().skip(1))
            .map(|(p, t)| (p.id.get_ref().clone(), text(t)))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        sql::Answer { sql: text(&self.texts[0]), parts }
    }

    /// Are there texts to move between? A one-part exercise shows its one text, and
    /// «Общее» only while it holds something (or is open).
    fn several_texts(&self) -> bool {
        match self.spec.parts.len() {
            0 => false,
            1 => self.current == 0 || !self.texts[0].is_empty(),
            _ => true,
        }
    }

    /// Another part: `Changed`, so that the draft keeps the part the learner is on.
    fn go_to_part(&mut self, part: usize) -> Handled {
        let part = part.min(self.texts.len() - 1);
        if part == self.current {
            return Handled::Consumed;
        }
        self.current = part;
        Handled::Changed
    }

    fn part_title(&self, index: usize) -> String {
        match index {
            0 if self.spec.parts.is_empty() => s::sql_whole().to_owned(),
            0 => s::sql_shared().to_owned(),
            i => self.spec.parts.get(i - 1).map_or_else(String::new, |p| format!("{i}. {}", p.title)),
        }
    }

    /// Starts running the current text in a fresh sandbox («Общее» first when the text
    /// is a part), on a thread of its own: a slow query must not freeze the screen.
    fn run(&mut self, env: &Env, to_cursor: bool) {
        if self.running.is_some() {
            return;
        }
        self.result_row = 0;
        self.result_column = 0;
        let part = self.part_title(self.current);
        let shared = if self.current > 0 { Some((self.part_title(0), self.texts[0].lines().join("\n"))) } else { None };
        let mut text = self.texts[self.current].lines().join("\n");
        if to_cursor {
            // Up to the end of the statement the cursor is in (or the last one before it):
            // the statements before it run too, so views and tables it uses exist.
            let row = self.texts[self.current].cursor().0 + 1;
            let statements = split(&text);
            if let Some(end) = statements
                .iter()
                .rev()
                .find(|st| st.line <= row)
                .or(statements.first())
                .map(|st| st.offset + st.text.len())
            {
                text.truncate(end);
            }
        }
        let (spec, source, variant) = (self.spec.clone(), env.source.clone(), env.variant);
        self.schema_scroll = 0;
        self.running = Some(Job::spawn(move || {
            let ctx = GradeCtx { variant, datasets: &source };
            run_sql(&spec, &ctx, part, shared, &text)
        }));
    }

    fn render_parts(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let mut spans = Vec::new();
        for i in 0..self.texts.len() {
            let label = if i == 0 { s::sql_shared().to_owned() } else { i.to_string() };
            let id = (i > 0).then(|| self.spec.parts[i - 1].id.get_ref());
            let answer = self.kind_answer();
            let mark = id.and_then(|id| {
                view.mark(&Place::Part(id.clone()), |checked| {
                    matches!(checked, crate::kinds::Answer::Sql(a) if a.parts.get(id) == answer.parts.get(id))
                })
            });
            let sign = match mark.map(|m| m.0) {
                Some(Severity::Correct) => "✓",
                Some(Severity::Wrong) => "✗",
                Some(Severity::Missing) => "○",
                _ => "",
            };
            let style = if i == self.current { theme.style(Role::Selected) } else { theme.style(Role::Muted) };
            spans.push(Span::styled(format!(" {sign}{label} "), style));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_result(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let role = if self.on_result { Role::FocusedBorder } else { Role::Border };
        let block = Block::bordered().title(s::sql_result_title()).border_style(theme.style(role));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // The verdict of the current part, when it was checked as it stands.
        let feedback = self.current_feedback(view);
        if self.running.is_some() {
            frame.render_widget(Paragraph::new(Line::styled(s::sql_running(), theme.style(Role::Accent))), inner);
            return;
        }
        match &self.output {
            Output::Nothing => {
                let mut lines = vec![Line::styled(s::sql_run_hint(), theme.style(Role::Muted))];
                lines.extend(feedback);
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            }
            Output::Error { part, message } => {
                let mut lines = vec![
                    Line::styled(part.clone(), theme.style(Role::Muted)),
                    Line::styled(message.clone(), theme.style(Role::Error)),
                ];
                lines.extend(feedback);
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            }
            Output::Table { part, table } => {
                let total = if table.truncated { table.total } else { Some(table.rows.len()) };
                let summary =
                    s::sql_result_summary(part, table.rows.len(), total, table.rows_affected, table.statements);
                let mut lines: Vec<Line> = crate::tui::text::wrap(&summary, inner.width as usize)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Role::Muted)))
                    .collect();
                lines.extend(feedback);
                let head = lines.len() as u16;
                frame.render_widget(Paragraph::new(lines), Rect { height: head.min(inner.height), ..inner });
                let grid = Rect { y: inner.y + head, height: inner.height.saturating_sub(head), ..inner };
                self.render_table(frame, grid, table, view);
            }
        }
    }

    fn current_feedback(&self, view: &View) -> Vec<Line<'static>> {
        let Some(part) = self.current.checked_sub(1).and_then(|i| self.spec.parts.get(i)) else { return Vec::new() };
        let id = part.id.get_ref();
        let answer = self.kind_answer();
        let mark = view.mark(&Place::Part(id.clone()), |checked| {
            matches!(checked, crate::kinds::Answer::Sql(a) if a.parts.get(id) == answer.parts.get(id) && a.sql == answer.sql)
        });
        match mark {
            Some((severity, message)) => {
                vec![Line::styled(message.to_owned(), view.theme.style(super::severity_role(severity)))]
            }
            None => Vec::new(),
        }
    }

    /// The rows as a table: columns as wide as their widest shown value (at most 30),
    /// scrolled by rows and by whole columns.
    fn render_table(&self, frame: &mut Frame, area: Rect, table: &ResultTable, view: &View) {
        if table.columns.is_empty() || area.height == 0 {
            return;
        }
        let theme = view.theme;
        let first_column = self.result_column.min(table.columns.len() - 1);
        let widths: Vec<usize> = (0..table.columns.len())
            .map(|c| {
                let values = table.rows.iter().take(200).map(|r| r.get(c).map_or(0, |v| width(v)));
                values.chain([width(&table.columns[c])]).max().unwrap_or(1).clamp(1, 30)
            })
            .collect();
        let buf = frame.buffer_mut();
        let mut x = area.x;
        let right = area.x + area.width;
        let rows_shown = (area.height as usize).saturating_sub(1);
        let first_row = self.result_row.min(table.rows.len().saturating_sub(rows_shown.max(1)));
        // The first column stays in view when the others scroll sideways: it names the row.
        let columns = (first_column > 0).then_some(0).into_iter().chain(first_column..table.columns.len());
        for c in columns {
            let (name, full) = (&table.columns[c], &widths[c]);
            if x >= right {
                break;
            }
            let w = (*full).min((right - x) as usize);
            buf.set_stringn(x, area.y, truncate(name, w), w, theme.style(Role::Title));
            for (i, row) in table.rows.iter().skip(first_row).take(rows_shown).enumerate() {
                let value = row.get(c).map_or("", String::as_str);
                let style = if value == "NULL" { theme.style(Role::Muted) } else { Style::default() };
                buf.set_stringn(x, area.y + 1 + i as u16, truncate(value, w), w, style);
            }
            x += w as u16 + 2;
        }
    }

    fn render_schema(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let block = Block::bordered().title(s::sql_schema_title()).border_style(theme.style(Role::Border));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines = Vec::new();
        match &self.schema {
            None => lines.push(Line::styled(s::sql_schema_unknown(), theme.style(Role::Muted))),
            Some(tables) => {
                for t in tables {
                    lines.push(Line::styled(t.name.clone(), theme.style(Role::Accent)));
                    for c in &t.columns {
                        let key = if c.primary_key > 0 { " PK" } else { "" };
                        let text = format!("  {} {}{key}", c.name, c.decl_type.to_lowercase());
                        lines.push(Line::raw(truncate(&text, inner.width as usize)));
                    }
                }
            }
        }
        // Scrolled with Shift+PgUp/PgDn; what is below the fold is counted on its last row.
        let height = inner.height as usize;
        let first = self.schema_scroll.min(lines.len().saturating_sub(height));
        let mut shown: Vec<Line> = lines.iter().skip(first).take(height).cloned().collect();
        let below = lines.len().saturating_sub(first + height);
        if below > 0 && height > 1 {
            shown.pop();
            shown.push(Line::styled(s::sql_tables_more(below + 1), theme.style(Role::Muted)));
        }
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

impl KindEditor for SqlEditor {
    fn answer(&self) -> Answer {
        Answer::Sql(self.kind_answer())
    }

    /// The text and its result need all of the room.
    fn shows_prompt(&self) -> bool {
        false
    }

    fn scopes(&self) -> &'static [Scope] {
        match (self.on_result, !self.several_texts()) {
            (false, true) => IN_TEXT,
            (true, true) => ON_RESULT,
            (false, false) => IN_TEXT_OF_PARTS,
            (true, false) => ON_RESULT_OF_PARTS,
        }
    }

    fn pending(&self) -> Option<String> {
        if self.spec.parts.is_empty() {
            return None;
        }
        let part = self.current.checked_sub(1).and_then(|i| self.spec.parts.get(i)).map_or("", |p| p.id.get_ref());
        serde_json::to_string(&Pending { part: part.to_owned() }).ok()
    }

    fn typing(&self) -> bool {
        !self.on_result
    }

    /// Shows what a run gave once it is done; true when the screen changed.
    fn tick(&mut self) -> bool {
        let Some(job) = &self.running else { return false };
        let run = match job.poll() {
            Poll::Running => return false,
            Poll::Done(run) => run,
            Poll::Lost => Run {
                output: Output::Error { part: self.part_title(self.current), message: s::job_lost().to_owned() },
                tables: None,
                error_line: None,
            },
        };
        self.running = None;
        if let Some(line) = run.error_line {
            self.texts[self.current].move_cursor(CursorMove::Jump(line.saturating_sub(1) as u16, 0));
        }
        if run.tables.is_some() {
            self.schema = run.tables;
        }
        self.output = run.output;
        true
    }

    fn busy(&self) -> bool {
        self.running.is_some()
    }

    fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, env: &Env) -> Handled {
        if !self.on_result
            && let Some(handled) = super::text_key(&mut self.texts[self.current], action, key)
        {
            return handled;
        }
        match action {
            Some(Action::Run) => self.run(env, false),
            Some(Action::RunToCursor) => self.run(env, true),
            Some(Action::NextPart) => return self.go_to_part(self.current + 1),
            Some(Action::PrevPart) => return self.go_to_part(self.current.saturating_sub(1)),
            Some(Action::Focus) => self.on_result = !self.on_result,
            Some(Action::ListUp) => self.schema_scroll = self.schema_scroll.saturating_sub(5),
            Some(Action::ListDown) if self.show_schema => {
                let lines = self.schema.as_ref().map_or(0, |t| t.iter().map(|t| 1 + t.columns.len()).sum());
                self.schema_scroll = (self.schema_scroll + 5).min(lines);
            }
            Some(Action::Schema) => {
                self.show_schema = !self.show_schema;
                if self.show_schema && self.schema.is_none() {
                    let ctx = GradeCtx { variant: env.variant, datasets: env.source };
                    self.schema = sql::sandbox(&self.spec, &ctx).ok().map(|sb| sb.tables());
                }
            }
            Some(Action::Up) if self.on_result => self.result_row = self.result_row.saturating_sub(1),
            Some(Action::Down) if self.on_result => self.result_row += 1,
            Some(Action::PageUp) if self.on_result => self.result_row = self.result_row.saturating_sub(10),
            Some(Action::PageDown) if self.on_result => self.result_row += 10,
            Some(Action::Left) if self.on_result => self.result_column = self.result_column.saturating_sub(1),
            Some(Action::Right) if self.on_result => self.result_column += 1,
            Some(_) | None => return Handled::Ignored,
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str) -> Handled {
        if self.on_result {
            return Handled::Ignored;
        }
        super::paste_text(&mut self.texts[self.current], text)
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let (main, side) = if self.show_schema && area.width >= 60 {
            let [main, side] = Layout::horizontal([Constraint::Min(40), Constraint::Length(30)]).areas(area);
            (main, Some(side))
        } else {
            (area, None)
        };
        let parts_height = u16::from(self.several_texts());
        let [parts, editor, result] =
            Layout::vertical([Constraint::Length(parts_height), Constraint::Percentage(50), Constraint::Min(4)])
                .areas(main);
        if parts_height > 0 {
            self.render_parts(frame, parts, view);
        }
        let title = if self.current == 0 && !self.spec.parts.is_empty() {
            format!(" {} ", s::sql_shared_title())
        } else {
            format!(" {} ", self.part_title(self.current))
        };
        let role = if self.on_result { Role::Border } else { Role::FocusedBorder };
        let text = &mut self.texts[self.current];
        text.set_block(Block::bordered().title(title).border_style(theme.style(role)));
        text.set_cursor_style(if self.on_result { Style::default() } else { Style::default().reversed() });
        frame.render_widget(&*text, editor);
        self.render_result(frame, result, view);
        if let Some(side) = side {
            self.render_schema(frame, side, view);
        }
    }
}

impl OpenEditor for SqlEditor {
    type Kind = sql::Sql;
    const KEYMAPS: &'static [Scope] = &[&TEXT_KEYS, &PARTS_KEYS, &RESULT_KEYS, &KEYS];

    fn open(spec: &sql::Spec, answer: Option<sql::Answer>, start: &Start) -> SqlEditor {
        SqlEditor::new(spec, answer.unwrap_or_default(), start.pending)
    }
}
