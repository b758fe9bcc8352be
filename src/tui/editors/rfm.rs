//! The RFM editor (ПП2): a form for the segmentation model — method, number of groups or
//! thresholds, the rules that name the segments. Beside the form, the learner's own
//! variant of the loyalty case is segmented anew after every change: a chart of the
//! groups and every participant's scores and segment. F8 opens an SQL console over the
//! segmented table (`rfm`); for the sales map, the query in the console is the answer.
//!
//! A field takes its text into the model when the learner leaves it (Enter, Esc, or a
//! check) and the text is valid; a text that is not stays in the field being typed, the
//! model keeping its last valid value. What is being typed is part of the draft after
//! every key ([`RfmEditor::pending`]), so a killed program brings the field back as it was.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use super::{Env, Handled, SqlEditor, View, severity_role};
use crate::data::rfm::model::{MethodName, ModelSpec, RangeText, RuleSpec, ScoringSpec};
use crate::kinds::rfm::{self, Segmented, Task};
use crate::kinds::{Answer, sql};
use crate::strings::rfm as rfm_msg;
use crate::strings::tui as s;
use crate::tui::keys::{Action, Scope};
use crate::tui::text::{truncate, width};
use crate::tui::theme::Role;

/// The three axes of a score.
const AXES: [&str; 3] = ["R", "F", "M"];

/// A place in the form. Serialized in the draft with the text being typed into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Field {
    Method,
    Bins,
    /// Thresholds of an axis (0 = R, 1 = F, 2 = M).
    Thresholds(usize),
    Fallback,
    /// A rule's column: 0 the segment's name, 1–3 its R, F, M range.
    Rule(usize, usize),
    AddRule,
}

/// A field being typed.
struct Typing {
    field: Field,
    input: TextArea<'static>,
    /// Show what is wrong with the text: the learner tried to leave the field, or it came
    /// back from a draft.
    show_problem: bool,
    /// The text Esc was refused with: Esc again on it gives the field its old value back.
    warned: Option<String>,
}

impl Typing {
    fn new(field: Field, text: String) -> Typing {
        let mut input = TextArea::new(vec![text]);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        input.set_cursor_line_style(Style::default());
        Typing { field, input, show_problem: false, warned: None }
    }

    fn text(&self) -> String {
        self.input.lines().join(" ")
    }
}

/// What the draft keeps of a field being typed.
#[derive(Serialize, Deserialize)]
struct Pending {
    field: Field,
    text: String,
}

pub struct RfmEditor {
    spec: rfm::Spec,
    variant: u64,
    method: MethodName,
    bins: String,
    thresholds: [String; 3],
    fallback: String,
    /// Per rule: name, R, F, M as typed.
    rules: Vec<[String; 4]>,
    /// The sales map: the learner's query over the table `rfm`.
    query: String,
    /// The model as last read from the form: what is drafted and checked.
    model: ModelSpec,
    row: usize,
    column: usize,
    typing: Option<Typing>,
    /// Why the form's numbers could not be read.
    problem: Option<String>,
    preview: Result<Segmented, Vec<String>>,
    customer_scroll: usize,
    console: Option<SqlEditor>,
}

fn range_text(r: &Option<RangeText>) -> String {
    match r {
        None => String::new(),
        Some(RangeText::Number(n)) => n.to_string(),
        Some(RangeText::Text(t)) => t.clone(),
    }
}

fn list_text<T: ToString>(list: &Option<Vec<T>>) -> String {
    list.as_ref().map(|l| l.iter().map(T::to_string).collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

/// The number of groups: empty → none; anything but a whole number is a problem named in Russian.
fn parse_bins(text: &str) -> Result<Option<u32>, String> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<u32>().map(Some).map_err(|_| s::rfm_bad_bins(t)),
    }
}

/// What keeps a rule's range from being one: «4», «4-5» (or «4–5») and empty are ranges.
/// Whether its scores are on the model's scale is the model's check, shown in the preview.
fn range_problem(text: &str) -> Option<String> {
    let t = text.trim();
    let number = |p: &str| p.trim().parse::<i64>().ok();
    match t.split_once(['-', '–']) {
        _ if t.is_empty() => None,
        Some((a, b)) => match (number(a), number(b)) {
            (Some(lo), Some(hi)) if lo > hi => Some(rfm_msg::range_reversed(t)),
            (Some(_), Some(_)) => None,
            _ => Some(rfm_msg::bad_range_text(t)),
        },
        None => number(t).is_none().then(|| rfm_msg::bad_range_text(t)),
    }
}

/// «30, 90» → [30, 90]; empty → none; anything else is a problem named in Russian.
fn parse_list<T: std::str::FromStr>(text: &str, axis: &str) -> Result<Option<Vec<T>>, String> {
    let items: Vec<&str> = text.split([',', ';', ' ']).map(str::trim).filter(|t| !t.is_empty()).collect();
    if items.is_empty() {
        return Ok(None);
    }
    items.iter().map(|t| t.parse::<T>().map_err(|_| s::rfm_bad_threshold(axis, t))).collect::<Result<_, _>>().map(Some)
}

impl RfmEditor {
    /// The form of `answer`; an answer without rules starts with one rule per group the
    /// exercise asks for, named, its ranges left to the learner.
    /// `pending` is what the draft kept of a field being typed: it is typed on.
    pub fn new(spec: &rfm::Spec, mut answer: rfm::Answer, variant: u64, pending: Option<&str>) -> RfmEditor {
        if answer.model.segments.is_empty() {
            answer.model.segments =
                spec.groups.iter().map(|g| RuleSpec { name: g.clone(), ..RuleSpec::default() }).collect();
        }
        let m = &answer.model;
        let mut editor = RfmEditor {
            spec: spec.clone(),
            variant,
            method: m.scoring.method,
            bins: m.scoring.bins.map(|b| b.to_string()).unwrap_or_default(),
            thresholds: [
                list_text(&m.scoring.recency_days),
                list_text(&m.scoring.frequency),
                list_text(&m.scoring.monetary),
            ],
            fallback: m.fallback.clone().unwrap_or_default(),
            rules: m
                .segments
                .iter()
                .map(|r| [r.name.clone(), range_text(&r.r), range_text(&r.f), range_text(&r.m)])
                .collect(),
            query: answer.query,
            model: answer.model,
            row: 0,
            column: 0,
            typing: None,
            problem: None,
            preview: Err(Vec::new()),
            customer_scroll: 0,
            console: None,
        };
        editor.refresh();
        if let Some(pending) = pending.and_then(|p| serde_json::from_str::<Pending>(p).ok()) {
            editor.resume_typing(pending);
        }
        editor
    }

    /// Puts the cursor on the pending field and types on; a field the form no longer has
    /// (a rule gone) is dropped.
    fn resume_typing(&mut self, pending: Pending) {
        let at = self
            .rows()
            .iter()
            .enumerate()
            .find_map(|(r, row)| row.iter().position(|f| *f == pending.field).map(|c| (r, c)));
        if let Some((row, column)) = at
            && !matches!(pending.field, Field::Method | Field::AddRule)
        {
            (self.row, self.column) = (row, column);
            let mut typing = Typing::new(pending.field, pending.text);
            typing.show_problem = true;
            self.typing = Some(typing);
        }
    }

    /// What the draft keeps beside the answer: the field being typed and its text.
    pub fn pending(&self) -> Option<String> {
        let typing = self.typing.as_ref()?;
        serde_json::to_string(&Pending { field: typing.field, text: typing.text() }).ok()
    }

    /// Why `text` cannot be `field`'s value, naming the field; `None` when it can.
    fn field_problem(&self, field: Field, text: &str) -> Option<String> {
        let (place, problem) = match field {
            Field::Bins => (s::rfm_place_bins(), parse_bins(text).err()?),
            Field::Thresholds(a) => (s::rfm_place_thresholds(AXES[a]), self.parse_thresholds(a, text).err()?),
            Field::Rule(i, c @ 1..=3) => {
                let name = self.rules.get(i).map_or("", |r| r[0].trim());
                (s::rfm_place_range(i + 1, name, AXES[c - 1]), range_problem(text)?)
            }
            _ => return None,
        };
        Some(s::rfm_field_problem(&place, &problem))
    }

    /// An axis' thresholds read as the model reads them, only to know they can be.
    fn parse_thresholds(&self, axis: usize, text: &str) -> Result<(), String> {
        match axis {
            0 => parse_list::<i64>(text, AXES[0]).map(drop),
            1 => parse_list::<u64>(text, AXES[1]).map(drop),
            _ => parse_list::<f64>(text, AXES[2]).map(drop),
        }
    }

    /// The model as the form gives it, or what keeps the form's numbers from being read.
    fn model(&self) -> Result<ModelSpec, String> {
        let bins = parse_bins(&self.bins)?;
        let range = |t: &str| match t.trim() {
            "" => None,
            t => Some(RangeText::Text(t.to_owned())),
        };
        Ok(ModelSpec {
            fallback: Some(self.fallback.trim().to_owned()).filter(|f| !f.is_empty()),
            scoring: ScoringSpec {
                method: self.method,
                bins,
                recency_days: parse_list(&self.thresholds[0], AXES[0])?,
                frequency: parse_list(&self.thresholds[1], AXES[1])?,
                monetary: parse_list(&self.thresholds[2], AXES[2])?,
            },
            segments: self
                .rules
                .iter()
                .map(|[name, r, f, m]| RuleSpec { name: name.trim().to_owned(), r: range(r), f: range(f), m: range(m) })
                .collect(),
        })
    }

    pub fn answer(&self) -> rfm::Answer {
        let query = if self.spec.task == Task::SalesMap { self.query.clone() } else { String::new() };
        rfm::Answer::new(self.model.clone(), query)
    }

    /// Segments the learner's variant with the model as it stands.
    fn refresh(&mut self) {
        match self.model() {
            Ok(model) => {
                self.problem = None;
                self.preview = rfm::segment_variant(&self.spec, &model, self.variant);
                self.model = model;
            }
            Err(problem) => self.problem = Some(problem),
        }
        if let (Some(console), Ok(seg)) = (&mut self.console, &self.preview) {
            console.replace_spec(rfm::console_spec(seg));
        }
    }

    /// The form's rows of fields, as drawn.
    fn rows(&self) -> Vec<Vec<Field>> {
        let mut rows = vec![vec![Field::Method, Field::Bins]];
        if self.method == MethodName::Thresholds {
            rows.push((0..3).map(Field::Thresholds).collect());
        }
        rows.push(vec![Field::Fallback]);
        rows.extend((0..self.rules.len()).map(|i| (0..4).map(|c| Field::Rule(i, c)).collect()));
        rows.push(vec![Field::AddRule]);
        rows
    }

    fn current(&self) -> Field {
        let rows = self.rows();
        let row = &rows[self.row.min(rows.len() - 1)];
        row[self.column.min(row.len() - 1)]
    }

    fn text_of(&self, field: Field) -> String {
        match field {
            Field::Method => s::rfm_method(self.method).to_owned(),
            Field::Bins => self.bins.clone(),
            Field::Thresholds(a) => self.thresholds[a].clone(),
            Field::Fallback => self.fallback.clone(),
            Field::Rule(i, c) => self.rules.get(i).map_or_else(String::new, |r| r[c].clone()),
            Field::AddRule => s::rfm_add_rule().to_owned(),
        }
    }

    fn set_text(&mut self, field: Field, text: String) {
        match field {
            Field::Bins => self.bins = text,
            Field::Thresholds(a) => self.thresholds[a] = text,
            Field::Fallback => self.fallback = text,
            Field::Rule(i, c) => {
                if let Some(r) = self.rules.get_mut(i) {
                    r[c] = text;
                }
            }
            Field::Method | Field::AddRule => {}
        }
    }

    pub fn scopes(&self) -> &'static [Scope] {
        match (&self.console, &self.typing) {
            (Some(console), _) if console.typing() => &[Scope::Rfm, Scope::Sql],
            (Some(_), _) => &[Scope::Rfm, Scope::SqlResult, Scope::Sql],
            (None, Some(_)) => &[Scope::RfmField],
            (None, None) => &[Scope::Rfm, Scope::RfmForm],
        }
    }

    pub fn typing(&self) -> bool {
        match &self.console {
            Some(console) => console.typing(),
            None => self.typing.is_some(),
        }
    }

    pub fn tick(&mut self) -> bool {
        self.console.as_mut().is_some_and(SqlEditor::tick)
    }

    pub fn busy(&self) -> bool {
        self.console.as_ref().is_some_and(SqlEditor::busy)
    }

    pub fn handle(&mut self, action: Option<Action>, key: &KeyEvent, env: &Env) -> Handled {
        let sales_map = self.spec.task == Task::SalesMap;
        if action == Some(Action::Console) {
            // For the sales map the console holds the answer's query; otherwise it is a
            // scratchpad that starts empty.
            let text = if sales_map { self.query.clone() } else { String::new() };
            self.console = match self.console.take() {
                Some(_) => None,
                None => self.preview.as_ref().ok().map(|seg| {
                    SqlEditor::new(&rfm::console_spec(seg), sql::Answer { sql: text, ..Default::default() })
                }),
            };
            return Handled::Consumed;
        }
        if let Some(console) = &mut self.console {
            return match console.handle(action, key, env) {
                Handled::Ignored => Handled::Ignored,
                Handled::Changed if sales_map => {
                    self.query = console.answer().sql;
                    Handled::Changed
                }
                _ => Handled::Consumed,
            };
        }
        if let Some(typing) = &mut self.typing {
            return match action {
                Some(Action::Confirm) => self.leave_field(false),
                Some(Action::Back) => self.leave_field(true),
                // The screen's keys (check, hint, tabs, help, Ctrl+C) are not text.
                Some(_) => Handled::Ignored,
                // Every change of the text goes into the draft at once.
                None if typing.input.input(*key) => Handled::Changed,
                None => Handled::Consumed,
            };
        }
        let rows = self.rows().len();
        match action {
            Some(Action::Up) => self.row = self.row.saturating_sub(1),
            Some(Action::Down) => self.row = (self.row + 1).min(rows - 1),
            Some(Action::Left) => self.column = self.column.saturating_sub(1),
            Some(Action::Right) => self.column += 1,
            Some(Action::PageUp) => self.customer_scroll = self.customer_scroll.saturating_sub(10),
            Some(Action::PageDown) => self.customer_scroll += 10,
            Some(Action::Choose) => return self.choose(),
            Some(Action::AddRule) => return self.add_rule(),
            Some(Action::Remove) => return self.remove(),
            _ => return Handled::Ignored,
        }
        self.column = self.column.min(self.rows()[self.row.min(rows - 1)].len() - 1);
        Handled::Consumed
    }

    fn next_method(&mut self) -> Handled {
        const ALL: [MethodName; 3] = [MethodName::Quantile, MethodName::RankFirst, MethodName::Thresholds];
        let i = ALL.iter().position(|m| *m == self.method).unwrap_or(0);
        self.method = ALL[(i + 1) % 3];
        self.refresh();
        Handled::Changed
    }

    /// Enter: the method's next value, a new rule, or typing into the field.
    fn choose(&mut self) -> Handled {
        match self.current() {
            Field::Method => self.next_method(),
            Field::AddRule => self.add_rule(),
            field => {
                self.typing = Some(Typing::new(field, self.text_of(field)));
                Handled::Consumed
            }
        }
    }

    /// Enter or Esc in a field: a valid text becomes the field's value. One that is not
    /// stays being typed and the form says why; Esc again on the same text gives the
    /// field its old value back — the only way typed text is let go, and said beforehand.
    fn leave_field(&mut self, esc: bool) -> Handled {
        let Some(typing) = self.typing.take() else { return Handled::Consumed };
        let text = typing.text();
        let valid = self.field_problem(typing.field, &text).is_none();
        let second_esc = esc && typing.warned.as_deref() == Some(text.as_str());
        if valid {
            self.set_text(typing.field, text);
            self.refresh();
            Handled::Changed
        } else if second_esc {
            Handled::Changed
        } else {
            let warned = if esc { Some(text) } else { typing.warned };
            self.typing = Some(Typing { show_problem: true, warned, ..typing });
            Handled::Consumed
        }
    }

    /// Before a check: the field being typed is left as with Enter, so that what is
    /// checked is what is on screen; `Err` says, in Russian, why it cannot be.
    pub fn accept_typing(&mut self) -> Result<Handled, String> {
        let Some((field, text)) = self.typing.as_ref().map(|t| (t.field, t.text())) else {
            return Ok(Handled::Consumed);
        };
        match self.field_problem(field, &text) {
            None => Ok(self.leave_field(false)),
            Some(problem) => {
                if let Some(typing) = &mut self.typing {
                    typing.show_problem = true;
                }
                Err(s::rfm_not_checked(&problem))
            }
        }
    }

    fn add_rule(&mut self) -> Handled {
        let at = match self.current() {
            Field::Rule(i, _) => i + 1,
            _ => self.rules.len(),
        };
        self.rules.insert(at, Default::default());
        let first_rule_row = self.rows().iter().position(|r| matches!(r[0], Field::Rule(..))).unwrap_or(0);
        self.row = first_rule_row + at;
        self.column = 0;
        self.refresh();
        Handled::Changed
    }

    fn remove(&mut self) -> Handled {
        match self.current() {
            Field::Rule(i, _) => {
                self.rules.remove(i);
                self.refresh();
                Handled::Changed
            }
            Field::Method | Field::AddRule => Handled::Consumed,
            field => {
                self.set_text(field, String::new());
                self.refresh();
                Handled::Changed
            }
        }
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        if let Some(console) = &mut self.console {
            let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
            let head_text =
                if self.spec.task == Task::SalesMap { s::rfm_map_console_head() } else { s::rfm_console_head() };
            frame.render_widget(Paragraph::new(Line::styled(head_text, view.theme.style(Role::Muted))), head);
            console.render(frame, body, view);
            return;
        }
        let form_width = (area.width * 11 / 20).max(40).min(area.width);
        let [form, preview] = Layout::horizontal([Constraint::Length(form_width), Constraint::Min(0)]).areas(area);
        self.render_form(frame, form, view);
        if preview.width > 10 {
            self.render_preview(frame, preview, view);
        }
    }

    fn render_form(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let current = self.current();
        let cell = |field: Field, w: usize| -> Span<'static> {
            let text = match &self.typing {
                Some(typing) if typing.field == field => format!("{}▏", typing.text()),
                _ => self.text_of(field),
            };
            let text = if text.is_empty() { "·".to_owned() } else { text };
            let shown = format!("{:<w$}", truncate(&text, w));
            let style = if field == current { theme.style(Role::Selected) } else { Style::default() };
            Span::styled(shown, style)
        };
        let label = |t: &str| Span::styled(t.to_owned(), theme.style(Role::Muted));
        let w = area.width as usize;
        let name_w = w.saturating_sub(4 + 3 * 7).clamp(8, 24);
        let mut lines = vec![Line::from(vec![
            label(s::RFM_METHOD),
            cell(Field::Method, 22),
            label(s::RFM_BINS),
            cell(Field::Bins, 4),
        ])];
        if self.method == MethodName::Thresholds {
            let mut spans = vec![label(s::RFM_THRESHOLDS)];
            for (a, axis) in AXES.iter().enumerate() {
                spans.push(label(&format!(" {axis}: ")));
                spans.push(cell(Field::Thresholds(a), 10));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(vec![label(s::RFM_FALLBACK), cell(Field::Fallback, 20)]));
        lines.push(Line::styled(s::RFM_RULES, theme.style(Role::Title)));
        lines.push(Line::from(label(&format!("  №  {:<name_w$} {:<6} {:<6} {:<6}", s::RFM_SEGMENT, "R", "F", "M"))));
        for i in 0..self.rules.len() {
            let mut spans = vec![Span::raw(format!("{:>3}  ", i + 1)), cell(Field::Rule(i, 0), name_w)];
            for c in 1..4 {
                spans.push(Span::raw(" "));
                spans.push(cell(Field::Rule(i, c), 6));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(vec![Span::raw("     "), cell(Field::AddRule, name_w)]));
        if self.spec.task == Task::SalesMap {
            lines.push(Line::from(""));
            lines.push(Line::styled(s::RFM_MAP, theme.style(Role::Title)));
            let query: Vec<&str> = self.query.lines().filter(|l| !l.trim().is_empty()).collect();
            if query.is_empty() {
                lines.push(Line::from(label(s::RFM_MAP_NO_QUERY)));
            }
            for line in query.iter().take(6) {
                lines.push(Line::raw(truncate(line, w)));
            }
            if query.len() > 6 {
                lines.push(Line::from(label("…")));
            }
            let answer = self.answer();
            if let Some((severity, message)) =
                view.mark("query", |checked| matches!(checked, Answer::Rfm(a) if a.query == answer.query))
            {
                lines.push(Line::styled(message.to_owned(), theme.style(severity_role(severity))));
            }
        }
        if let Some(problem) = &self.problem {
            lines.push(Line::from(""));
            lines.push(Line::styled(problem.clone(), theme.style(Role::Error)));
        }
        if let Some(typing) = self.typing.as_ref().filter(|t| t.show_problem) {
            let text = typing.text();
            if let Some(problem) = self.field_problem(typing.field, &text) {
                lines.push(Line::from(""));
                lines.push(Line::styled(problem, theme.style(Role::Error)));
                let note = if typing.warned.as_deref() == Some(text.as_str()) {
                    s::rfm_esc_again(&self.text_of(typing.field))
                } else {
                    s::rfm_field_kept().to_owned()
                };
                lines.push(Line::styled(note, theme.style(Role::Muted)));
            }
        }
        // The finding of the last check about the model, while the model is as checked.
        let answer = self.answer();
        if let Some((severity, message)) =
            view.mark("model", |checked| matches!(checked, Answer::Rfm(a) if a.model == answer.model))
        {
            lines.push(Line::styled(message.to_owned(), theme.style(severity_role(severity))));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    }

    fn render_preview(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let block = Block::bordered().title(s::rfm_preview_title()).border_style(theme.style(Role::Border));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let seg = match &self.preview {
            Ok(seg) => seg,
            Err(problems) => {
                let mut lines = vec![Line::styled(s::rfm_model_problems(), theme.style(Role::Error))];
                lines.extend(problems.iter().map(|p| Line::raw(format!("• {p}"))));
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
                return;
            }
        };
        let passed_map = self.spec.task == Task::SalesMap
            && view.checked.is_some_and(|c| c.verdict.passed() && c.answer == Answer::Rfm(self.answer()));
        let mut lines =
            if passed_map { self.map_chart(seg, view, inner.width) } else { self.group_chart(seg, view, inner.width) };
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!(
                "{:>6} {:>5} {:>4} {:>10}  R F M  {}",
                s::RFM_COL_ID,
                s::RFM_COL_DAYS,
                s::RFM_COL_FREQ,
                s::RFM_COL_SUM,
                s::RFM_SEGMENT
            ),
            theme.style(Role::Muted),
        ));
        let room = (inner.height as usize).saturating_sub(lines.len());
        let total = seg.table.len();
        let first = self.customer_scroll.min(total.saturating_sub(room.max(1)));
        for row in seg.segmentation.rows(&seg.table).skip(first).take(room) {
            let sum = format!("{:.2}", row.monetary as f64 / 100.0).replace('.', ",");
            let text = format!(
                "{:>6} {:>5} {:>4} {:>10}  {} {} {}  {}",
                truncate(&row.customer_id, 6),
                row.recency_days,
                row.frequency,
                sum,
                row.r,
                row.f,
                row.m,
                row.segment
            );
            lines.push(Line::raw(truncate(&text, inner.width as usize)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// One bar per segment: its customers; the fallback and missing groups in red.
    fn group_chart(&self, seg: &Segmented, view: &View, w: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let total = seg.table.len().max(1) as f64;
        let name_w = seg
            .map
            .segments
            .iter()
            .map(|f| width(&f.name))
            .chain(self.spec.groups.iter().map(|g| width(g)))
            .max()
            .unwrap_or(8)
            .min(22);
        let bar_w = (w as usize).saturating_sub(name_w + 16).max(4);
        let mut lines = Vec::new();
        let mut names: Vec<String> = seg.map.segments.iter().map(|f| f.name.clone()).collect();
        for g in &self.spec.groups {
            if !names.contains(g) {
                names.push(g.clone());
            }
        }
        let fallback = &seg.segmentation.names[seg.segmentation.fallback];
        // Bars are scaled to the largest group, so that small differences show.
        let largest = seg.map.segments.iter().map(|f| f.customers).max().unwrap_or(1).max(1) as f64;
        for name in names {
            let n = seg.map.get(&name).map_or(0, |f| f.customers);
            let bad = (n == 0 && self.spec.groups.contains(&name)) || (&name == fallback && n > 0);
            let filled = ((n as f64 / largest) * bar_w as f64).round() as usize;
            let style = if bad { theme.style(Role::Wrong) } else { theme.style(Role::Correct) };
            lines.push(Line::from(vec![
                Span::raw(format!("{:<name_w$} ", truncate(&name, name_w))),
                Span::styled("█".repeat(filled.min(bar_w)), style),
                Span::raw(format!(" {n} ({})", s::percent(100.0 * n as f64 / total))),
            ]));
        }
        lines
    }

    /// After a passed sales map: per segment, its share of customers against its share of revenue.
    fn map_chart(&self, seg: &Segmented, view: &View, w: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let name_w = seg.map.segments.iter().map(|f| width(&f.name)).max().unwrap_or(8).min(22);
        let bar_w = (w as usize).saturating_sub(name_w + 20).max(4);
        let mut lines = vec![Line::styled(s::RFM_MAP_CHART, theme.style(Role::Title))];
        // Both bars on one scale, the largest share of either kind filling the width.
        let largest = seg.map.segments.iter().flat_map(|f| [f.customer_share, f.revenue_share]).fold(1e-9, f64::max);
        for f in seg.map.segments.iter().filter(|f| f.customers > 0) {
            let bar = |share: f64| "█".repeat(((share / largest) * bar_w as f64).round() as usize);
            lines.push(Line::from(vec![
                Span::raw(format!("{:<name_w$} ", truncate(&f.name, name_w))),
                Span::styled(bar(f.customer_share), theme.style(Role::Accent)),
                Span::raw(format!(" {} {}", s::percent(f.customer_share), s::RFM_OF_CUSTOMERS)),
            ]));
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(name_w + 1)),
                Span::styled(bar(f.revenue_share), theme.style(Role::Correct)),
                Span::raw(format!(" {} {}", s::percent(f.revenue_share), s::RFM_OF_REVENUE)),
            ]));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::range_problem;

    #[test]
    fn a_range_field_takes_what_the_model_reads_as_a_range() {
        for ok in ["", " ", "4", "4-5", "4–5", " 2 - 3 ", "7"] {
            assert_eq!(range_problem(ok), None, "{ok:?}");
        }
        for bad in ["3-", "-1", "a", "4-5-6", "4,5"] {
            assert!(range_problem(bad).is_some_and(|p| p.contains("не диапазон")), "{bad:?}");
        }
        assert!(range_problem("5-3").is_some_and(|p| p.contains("больше конца")));
    }
}
