//! The scenario editor: the scenario's text with line numbers, checked as it is typed
//! (every error with its line and column, the step it is in marked in the outline), the
//! steps as a list beside it (insert, delete, move a step; the cursor shows the step's
//! fields), and a launch on the learner's variant of the shop on the worker thread, whose
//! results — the funnel as bars, messages and purchases per day, sends not made and why,
//! customers' paths — replace the text until F3. F4 opens the form of the table under
//! the cursor (a step, the brief, the trigger, the entry, the exit): its fields as inputs,
//! each change written into the text at once, errors beside their fields (`form`).

mod form;

use crossterm::event::{KeyCode as K, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea};

use super::{Env, Handled, KindEditor, OpenEditor, Start, View};
use crate::kinds::scenario::{Answer as ScenarioAnswer, ScenarioKind, Spec};
use crate::kinds::{Answer, Place};
use crate::scenario::edit::{Doc, Section};
use crate::scenario::{self, report, sim};
use crate::strings::{keys as k, scenario as s, tui as ts};
use crate::tui::job::{Job, Poll};
use crate::tui::keys::{Action, Key, Keymap, Scope, bar, bind, ctrl, plain};
use crate::tui::text::truncate;
use crate::tui::theme::Role;
use crate::tui::widgets::form::{Choose, Edit, Form, FormModel};

const fn alt(code: K) -> Key {
    Key::Code(code, KeyModifiers::ALT)
}

/// Launching, the results, the steps.
pub static KEYS: Keymap = Keymap {
    name: "scenario",
    notes: &[],
    bindings: &[
        bar(&[ctrl('r'), plain(K::F(9))], Action::Run, k::SCENARIO_RUN),
        bar(&[plain(K::F(3))], Action::Focus, k::SCENARIO_RESULTS),
    ],
};

/// Editing the text and its steps.
pub static TEXT_KEYS: Keymap = Keymap {
    name: "scenario_text",
    notes: k::SQL_EDITING,
    bindings: &[
        bar(&[plain(K::F(4))], Action::Open, k::SCENARIO_FORM),
        bar(&[ctrl('n')], Action::AddRule, k::SCENARIO_ADD_STEP),
        bind(&[plain(K::F(8))], Action::RemoveRule, k::SCENARIO_REMOVE_STEP),
        bind(&[alt(K::Up)], Action::MoveUp, k::SCENARIO_STEP_UP),
        bind(&[alt(K::Down)], Action::MoveDown, k::SCENARIO_STEP_DOWN),
        bind(&[ctrl('z')], Action::Undo, k::SQL_UNDO),
        bind(&[ctrl('y')], Action::Redo, k::SQL_REDO),
        bind(&[plain(K::Tab)], Action::Indent, k::SQL_INDENT),
    ],
};

/// The form of a step (brief, trigger, entry, exit), moving between fields.
pub static FORM_KEYS: Keymap = Keymap {
    name: "scenario_form",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up)], Action::Up, k::FIELD_UP),
        bind(&[plain(K::Down)], Action::Down, k::FIELD_DOWN),
        bar(&[plain(K::Enter)], Action::Choose, k::SCENARIO_FORM_CHOOSE),
        bind(&[plain(K::Delete)], Action::Remove, k::SCENARIO_FORM_CLEAR),
        bar(&[plain(K::Esc), plain(K::F(4))], Action::Back, k::SCENARIO_FORM_CLOSE),
        bind(&[ctrl('z')], Action::Undo, k::SCENARIO_FORM_UNDO),
        bind(&[ctrl('y')], Action::Redo, k::SQL_REDO),
    ],
};

/// Reading the results.
pub static RESULT_KEYS: Keymap = Keymap {
    name: "scenario_results",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Left)], Action::Left, k::SCENARIO_PATH_PREV),
        bind(&[plain(K::Right)], Action::Right, k::SCENARIO_PATH_NEXT),
    ],
};

use super::sql::{PARTS_KEYS, text_area};

const IN_TEXT: &[Scope] = &[&KEYS, &TEXT_KEYS];
const ON_RESULTS: &[Scope] = &[&RESULT_KEYS, &KEYS];
const IN_TEXT_OF_PARTS: &[Scope] = &[&KEYS, &PARTS_KEYS, &TEXT_KEYS];
const ON_RESULTS_OF_PARTS: &[Scope] = &[&RESULT_KEYS, &PARTS_KEYS, &KEYS];
const IN_FORM: &[Scope] = &[&FORM_KEYS, &KEYS];
const IN_FORM_FIELD: &[Scope] = &[&super::rfm::FIELD_KEYS];

/// What a launch shows: computed on the worker thread, drawn from here.
#[derive(Default)]
pub struct RunView {
    pub error: Option<String>,
    pub head: String,
    pub goal: Option<String>,
    /// Step id and customers who reached it.
    pub funnel: Vec<(String, u64)>,
    /// Per day from the period's start: messages sent and purchases attributed.
    pub sent: Vec<(f64, f64)>,
    pub conversions: Vec<(f64, f64)>,
    pub days: (String, String),
    pub suppressed: Vec<(String, u64)>,
    /// Some customers' paths, as lines.
    pub paths: Vec<Vec<String>>,
}

/// Customers whose paths the results keep.
const PATHS: usize = 30;

/// Launches `text` on the learner's variant of the shop, as grading does.
pub fn launch(spec: &Spec, variant: u64, text: &str) -> RunView {
    let mut view = RunView::default();
    let sc = match scenario::parse(text) {
        Ok(sc) => sc,
        Err(issues) => {
            let (line, col) = crate::base::text::line_column(text, issues[0].span.as_ref().map_or(0, |r| r.start));
            view.error = Some(s::editor_error_at(line, col, &issues[0].message));
            return view;
        }
    };
    let (from, to) = spec.period();
    let set = sim::Settings { from, to, seed: variant, audit: sim::Audit::default(), threads: 2, record_events: true };
    // The learner's shop is generated and loaded once; later launches start from it.
    let l = match scenario::launch_generated(&sc, variant, *spec.customers.get_ref(), &set) {
        Ok(l) => l,
        Err(e) => {
            view.error = Some(e);
            return view;
        }
    };
    let r = &l.results;
    view.head = s::editor_head(r.groups[0].n, r.groups[1].n, r.reached, r.target);
    view.goal = l.scenario.brief.as_ref().map(|b| s::goal_line(&b.goal, report::goal_status(r, &b.goal)));
    view.funnel = l.scenario.steps.iter().zip(&r.steps).map(|(st, x)| (st.id.clone(), x.entered)).collect();
    view.sent = r.daily.iter().enumerate().map(|(d, x)| (d as f64, x.sent as f64)).collect();
    view.conversions = r.daily.iter().enumerate().map(|(d, x)| (d as f64, x.conversions as f64)).collect();
    let day = |t: i64| crate::data::rfm::parse::format_day(crate::data::generate::calendar::day_of(t));
    view.days = (day(from), day(l.data.data_end.min(to - 1)));
    view.suppressed = sim::Reason::ALL.iter().map(|&x| (s::reason(x).to_owned(), r.suppressed[x as usize])).collect();
    let mut who: Vec<u32> = Vec::new();
    for e in &r.events {
        if who.len() < PATHS && !who.contains(&e.customer) {
            who.push(e.customer);
        }
    }
    for i in who {
        let events: Vec<sim::Event> = r.events.iter().filter(|e| e.customer == i).copied().collect();
        let text = report::path_text(&l.scenario, &l.data, i as usize, &events);
        view.paths.push(text.lines().map(str::to_owned).collect());
    }
    view
}

/// The `[[step]]` blocks of a text: (first line, line after the last), in order. A block
/// runs to the next table header.
pub fn step_blocks(lines: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if t.starts_with('[') {
            if let Some(s) = open.take() {
                out.push((s, i));
            }
            if t.starts_with("[[step]]") {
                open = Some(i);
            }
        }
    }
    if let Some(s) = open {
        out.push((s, lines.len()));
    }
    out
}

/// A step's id and type as its block says them.
fn step_label(lines: &[String]) -> String {
    let value = |key: &str| {
        lines.iter().find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
        })
    };
    let id = value("id").unwrap_or_default();
    let ty = value("type").unwrap_or_default();
    let channel = value("channel").map_or(String::new(), |c| format!(" {c}"));
    format!("{id} · {ty}{channel}")
}

/// The table the cursor's line is in: the last header at or above it.
fn section_at(lines: &[String], row: usize) -> Option<Section> {
    let mut steps = 0;
    let mut current = None;
    for l in lines.iter().take(row + 1) {
        let t = l.trim_start();
        if t.starts_with("[[step]]") {
            current = Some(Section::Step(steps));
            steps += 1;
        } else if t.starts_with("[[") {
            // [[step.variants]] belongs to its step.
            if !t.starts_with("[[step.") {
                current = None;
            }
        } else if let Some(rest) = t.strip_prefix('[') {
            let name = rest.split(']').next().unwrap_or("").trim();
            current = match name {
                "trigger" => Some(Section::Trigger),
                "entry" => Some(Section::Entry),
                "exit" => Some(Section::Exit),
                "brief" | "brief.goal" => Some(Section::Brief),
                _ => None,
            };
        }
    }
    current
}

/// An error of the text: line, column (1-based), message, and its byte in the text.
type TextError = (usize, usize, String, usize);

/// The form open over the text.
struct OpenForm {
    fields: form::Fields,
    form: Form<usize>,
    /// The value of the field being typed when typing began: Esc twice gives it back.
    before: String,
}

/// What the draft keeps beside the answer while the form is open: the part, the table,
/// and the field being typed.
#[derive(serde::Serialize, serde::Deserialize)]
struct FormPending {
    part: usize,
    section: Section,
    typing: Option<String>,
}

pub struct ScenarioEditor {
    spec: Spec,
    texts: Vec<TextArea<'static>>,
    /// Per part, the draft it started from (the exercise's or the workbook's): a part
    /// still as it was is not part of the answer — it is no work of the learner's.
    starters: Vec<String>,
    current: usize,
    on_results: bool,
    results: Option<RunView>,
    path: usize,
    running: Option<Job<RunView>>,
    /// Step operations (insert, delete, move) at the top of the text's undo history, and
    /// those undone that redo can bring back: each is two changes of the text box (the old
    /// text cut, the new one put in), undone and redone together.
    block_undos: usize,
    block_redos: usize,
    /// The text last checked and its errors (line, column, message): checked as typed.
    checked: Option<(String, Vec<TextError>)>,
    form: Option<OpenForm>,
    /// Why the form did not open, shown until the next key.
    note: Option<String>,
}

impl ScenarioEditor {
    pub fn new(spec: &Spec, answer: Option<ScenarioAnswer>) -> ScenarioEditor {
        let single = spec.parts.len() == 1;
        let starters: Vec<String> = spec
            .parts
            .iter()
            .map(|p| p.starter.as_ref().map_or(s::SCENARIO_TEMPLATE, |t| t.get_ref()).to_owned())
            .collect();
        let texts = spec
            .parts
            .iter()
            .zip(&starters)
            .map(|(p, starter)| {
                let given = answer
                    .as_ref()
                    .and_then(|a| a.parts.get(p.id.get_ref()).or_else(|| if single { a.parts.get("") } else { None }));
                text_area(given.unwrap_or(starter).trim_start_matches('\n'))
            })
            .collect();
        ScenarioEditor {
            spec: spec.clone(),
            texts,
            starters,
            current: 0,
            on_results: false,
            results: None,
            path: 0,
            running: None,
            block_undos: 0,
            block_redos: 0,
            checked: None,
            form: None,
            note: None,
        }
    }

    fn text(&self) -> String {
        self.texts.get(self.current).map_or_else(String::new, |t| t.lines().join("\n"))
    }

    pub fn kind_answer(&self) -> ScenarioAnswer {
        let parts = self
            .spec
            .parts
            .iter()
            .zip(&self.texts)
            .zip(&self.starters)
            .map(|((p, t), starter)| {
                (p.id.get_ref().clone(), t.lines().join("\n").trim_end().to_owned() + "\n", starter)
            })
            .filter(|(_, t, starter)| !t.trim().is_empty() && t.trim() != starter.trim())
            .map(|(id, t, _)| (id, t))
            .collect();
        ScenarioAnswer { parts }
    }

    /// The current text's errors, checked again only when it changed.
    fn errors(&mut self) -> &[TextError] {
        let text = self.text();
        if self.checked.as_ref().is_none_or(|c| c.0 != text) {
            let errors = match scenario::parse(&text) {
                Ok(_) => Vec::new(),
                Err(issues) => issues
                    .into_iter()
                    .map(|i| {
                        let at = i.span.map_or(0, |r| r.start);
                        let (l, c) = crate::base::text::line_column(&text, at);
                        (l, c, i.message, at)
                    })
                    .collect(),
            };
            self.checked = Some((text, errors));
        }
        self.checked.as_ref().map_or(&[], |c| &c.1)
    }

    /// Replaces the current text's lines, the cursor on `row` (one change to undo is lost:
    /// the text box's history does not span a rebuilt text).
    fn set_lines(&mut self, lines: Vec<String>, row: usize) -> Handled {
        let t = &mut self.texts[self.current];
        t.select_all();
        t.cut();
        t.insert_str(lines.join("\n"));
        t.move_cursor(CursorMove::Jump(row.min(u16::MAX as usize) as u16, 0));
        self.block_undos += 1;
        self.block_redos = 0;
        Handled::Changed
    }

    fn lines(&self) -> Vec<String> {
        self.texts[self.current].lines().to_vec()
    }

    fn cursor_block(&self, blocks: &[(usize, usize)]) -> Option<usize> {
        let row = self.texts[self.current].cursor().0;
        blocks.iter().position(|&(a, b)| row >= a && row < b)
    }

    fn add_step(&mut self) -> Handled {
        let mut lines = self.lines();
        let blocks = step_blocks(&lines);
        let at = self.cursor_block(&blocks).map_or(lines.len(), |k| blocks[k].1);
        let mut new: Vec<String> = s::step_template(blocks.len() + 1).lines().map(str::to_owned).collect();
        if at > 0 && !lines[at - 1].trim().is_empty() {
            new.insert(0, String::new());
        }
        let row = at + new.len() - 2;
        lines.splice(at..at, new);
        self.set_lines(lines, row)
    }

    fn remove_step(&mut self) -> Handled {
        let mut lines = self.lines();
        let blocks = step_blocks(&lines);
        let Some(k) = self.cursor_block(&blocks) else { return Handled::Consumed };
        let (a, b) = blocks[k];
        lines.drain(a..b);
        if lines.is_empty() {
            lines.push(String::new());
        }
        self.set_lines(lines, a.saturating_sub(1))
    }

    fn move_step(&mut self, up: bool) -> Handled {
        let mut lines = self.lines();
        let blocks = step_blocks(&lines);
        let Some(k) = self.cursor_block(&blocks) else { return Handled::Consumed };
        let other = if up { k.checked_sub(1) } else { Some(k + 1).filter(|&o| o < blocks.len()) };
        let Some(o) = other else { return Handled::Consumed };
        let (first, second) = if up { (blocks[o], blocks[k]) } else { (blocks[k], blocks[o]) };
        // Only blocks next to each other swap.
        if first.1 != second.0 {
            return Handled::Consumed;
        }
        let mut a: Vec<String> = lines[first.0..first.1].to_vec();
        let b: Vec<String> = lines[second.0..second.1].to_vec();
        if a.last().is_some_and(|l| !l.trim().is_empty()) {
            a.push(String::new());
        }
        let moved_row =
            if up { first.0 } else { first.0 + b.len() + usize::from(b.last().is_some_and(|l| !l.trim().is_empty())) };
        let mut swapped = b.clone();
        if swapped.last().is_some_and(|l| !l.trim().is_empty()) {
            swapped.push(String::new());
        }
        swapped.extend(a);
        while swapped.last().is_some_and(|l| l.trim().is_empty()) && second.1 == lines.len() {
            swapped.pop();
        }
        lines.splice(first.0..second.1, swapped);
        self.set_lines(lines, moved_row)
    }

    /// F4: the form of the table under the cursor.
    fn open_form(&mut self) -> Handled {
        let row = self.texts[self.current].cursor().0;
        let Some(section) = section_at(&self.lines(), row) else {
            self.note = Some(s::FORM_NOT_HERE.to_owned());
            return Handled::Consumed;
        };
        self.open_form_at(section);
        Handled::Consumed
    }

    fn open_form_at(&mut self, section: Section) {
        let text = self.text();
        match Doc::parse(&text) {
            Ok(doc) => match form::Fields::read(&doc, section) {
                Some(fields) => self.form = Some(OpenForm { fields, form: Form::default(), before: String::new() }),
                None => self.note = Some(s::FORM_NOT_HERE.to_owned()),
            },
            Err((span, m)) => {
                let (l, c) = crate::base::text::line_column(&text, span.map_or(0, |r| r.start));
                self.note = Some(s::form_text_unreadable(l, c, &m));
            }
        }
    }

    /// Esc: back to the text, the cursor on the table the form showed.
    fn close_form(&mut self) -> Handled {
        let Some(f) = self.form.take() else { return Handled::Consumed };
        let text = self.text();
        if let Ok(doc) = Doc::parse(&text)
            && let Some(at) = doc.start(f.fields.section)
        {
            let (line, _) = crate::base::text::line_column(&text, at);
            let t = &mut self.texts[self.current];
            t.move_cursor(CursorMove::Jump(line.saturating_sub(1).min(u16::MAX as usize) as u16, 0));
        }
        Handled::Consumed
    }

    /// Reads the form's values again from the text (after any change of it).
    fn refresh_form(&mut self) {
        let text = self.text();
        let Some(f) = &mut self.form else { return };
        if let Ok(doc) = Doc::parse(&text)
            && let Some(fields) = form::Fields::read(&doc, f.fields.section)
        {
            f.fields = fields;
        }
    }

    /// Writes what is in a field of the form into the text (`typed` as the learner typed
    /// it; empty takes the key out). A step given a new type loses the fields the old
    /// type read and the new one does not.
    fn form_write(&mut self, field: usize, typed: &str) -> Handled {
        let Some(def) = self.form.as_ref().and_then(|f| f.fields.defs.get(field).copied()) else {
            return Handled::Consumed;
        };
        // A value as it was is left as it is written ('…' stays '…', 1.50 stays 1.50).
        if self.form.as_ref().is_some_and(|f| f.fields.values.get(field).is_some_and(|v| v == typed)) {
            return Handled::Consumed;
        }
        let Ok(literal) = form::literal(&def, typed) else { return Handled::Consumed };
        let text = self.text();
        let Ok(doc) = Doc::parse(&text) else { return Handled::Consumed };
        let mut new = match doc.set(def.section, def.key, literal.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                self.note = Some(e);
                return Handled::Consumed;
            }
        };
        if let (Section::Step(k), "type") = (def.section, def.key)
            && let Ok(doc) = Doc::parse(&new)
        {
            let mut after = new.clone();
            for key in form::Fields::foreign_keys(&doc, k, typed.trim()) {
                if let Ok(changed) =
                    Doc::parse(&after).and_then(|d| d.set(def.section, &key, None).map_err(|e| (None, e)))
                {
                    after = changed;
                }
            }
            new = after;
        }
        if new == text {
            return Handled::Consumed;
        }
        let row = self.texts[self.current].cursor().0;
        let handled = self.set_lines(new.split('\n').map(str::to_owned).collect(), row);
        self.refresh_form();
        handled
    }

    /// A key while the form is open.
    fn form_key(&mut self, action: Option<Action>, key: &KeyEvent) -> Option<Handled> {
        let f = self.form.as_mut()?;
        if f.form.typing().is_some() {
            let edit = f.form.handle_typing(&f.fields, action, key);
            let field = f.form.current(&f.fields).unwrap_or(0);
            return Some(match edit {
                Edit::Ignored => return None,
                Edit::Consumed => Handled::Consumed,
                // Each key that leaves a value the field can hold is written through, so
                // the check sees it at once; an emptied field is taken out when left.
                Edit::Changed => {
                    let typed = f.form.typed_text().unwrap_or_default();
                    if typed.trim().is_empty() {
                        Handled::Changed
                    } else {
                        self.form_write(field, &typed);
                        Handled::Changed
                    }
                }
                Edit::Accept(field, text) => {
                    self.form_write(field, &text);
                    Handled::Changed
                }
                Edit::Revert => {
                    let before = f.before.clone();
                    self.form_write(field, &before);
                    Handled::Changed
                }
            });
        }
        Some(match action {
            Some(a @ (Action::Up | Action::Down)) => {
                f.form.move_focus(&f.fields, a);
                Handled::Consumed
            }
            Some(Action::Choose) => match f.form.choose(&f.fields) {
                Choose::Typing => {
                    f.before = f.form.current(&f.fields).map(|i| f.fields.text(i)).unwrap_or_default();
                    Handled::Changed
                }
                Choose::Next(field) => match f.fields.next_option(field) {
                    Some(next) => self.form_write(field, &next),
                    None => Handled::Consumed,
                },
                Choose::Press(_) | Choose::Nothing => Handled::Consumed,
            },
            Some(Action::Remove) => match f.form.current(&f.fields) {
                Some(field) => {
                    if let Some(def) = f.fields.defs.get(field)
                        && let Err(e) = form::literal(def, "")
                    {
                        self.note = Some(e);
                        return Some(Handled::Consumed);
                    }
                    self.form_write(field, "")
                }
                None => Handled::Consumed,
            },
            Some(Action::Back) => self.close_form(),
            _ => return None,
        })
    }

    fn render_form(&mut self, frame: &mut Frame, area: Rect, view: &View, errors: &[TextError]) {
        let Some(f) = &self.form else { return };
        let on_fields: Vec<(usize, String)> =
            errors.iter().filter_map(|e| f.fields.field_at(e.3).map(|i| (i, e.2.clone()))).collect();
        let id = match f.fields.section {
            Section::Step(_) => f.fields.values.first().cloned().unwrap_or_default(),
            _ => String::new(),
        };
        let title = form::title(&f.fields, &id);
        form::render(frame, area, view.theme, &f.form, &f.fields, &on_fields, title);
    }

    fn run(&mut self, env: &Env) {
        if self.running.is_some() {
            return;
        }
        let (spec, variant, text) = (self.spec.clone(), env.variant, self.text());
        self.on_results = true;
        self.path = 0;
        self.running = Some(Job::spawn(move || launch(&spec, variant, &text)));
    }

    fn render_text(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let [text_area, side] = Layout::horizontal([Constraint::Min(30), Constraint::Length(26)]).areas(area);
        let [text_area, errors_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(text_area);
        let errors: Vec<TextError> = self.errors().to_vec();
        let lines = self.lines();
        let blocks = step_blocks(&lines);
        let here = self.cursor_block(&blocks);
        let title = self.spec.parts.get(self.current).map_or_else(String::new, |p| format!(" {} ", p.title));
        let here = match self.form.as_ref().map(|f| f.fields.section) {
            Some(Section::Step(k) | Section::Variant(k, _)) => Some(k),
            Some(_) => None,
            None => here,
        };
        let row = self.texts[self.current].cursor().0 + 1;
        // The errors: in the form, those not at one of its fields; in the text, the one on
        // the cursor's line first.
        let mut shown: Vec<&TextError> = match &self.form {
            Some(f) => errors.iter().filter(|e| f.fields.field_at(e.3).is_none()).collect(),
            None => errors.iter().filter(|e| e.0 == row).collect(),
        };
        if self.form.is_none() {
            shown.extend(errors.iter().filter(|e| e.0 != row));
        }
        if self.form.is_some() {
            self.render_form(frame, text_area, view, &errors);
        } else {
            let t = &mut self.texts[self.current];
            t.set_block(Block::bordered().title(title).border_style(theme.style(Role::FocusedBorder)));
            t.set_cursor_style(Style::default().reversed());
            frame.render_widget(&*t, text_area);
        }
        let mut out: Vec<Line> = Vec::new();
        if let Some(note) = &self.note {
            out.push(Line::styled(note.clone(), theme.style(Role::Accent)));
        } else if errors.is_empty() {
            out.push(Line::styled(s::EDITOR_NO_ERRORS, theme.style(Role::Correct)));
        } else {
            out.push(Line::styled(s::editor_errors(errors.len()), theme.style(Role::Error)));
            for e in shown.iter().take(2) {
                out.push(Line::styled(s::editor_error_at(e.0, e.1, &e.2), theme.style(Role::Error)));
            }
        }
        frame.render_widget(Paragraph::new(out).wrap(Wrap { trim: true }), errors_area);
        // The steps, the one under the cursor marked, those with errors crossed.
        let block = Block::bordered().title(format!(" {} ", s::EDITOR_STEPS)).border_style(theme.style(Role::Border));
        let inner = block.inner(side);
        frame.render_widget(block, side);
        let answer = self.kind_answer();
        let part_id = self.spec.parts.get(self.current).map(|p| p.id.get_ref().clone()).unwrap_or_default();
        let mut out: Vec<Line> = Vec::new();
        for (k, &(a, b)) in blocks.iter().enumerate() {
            let bad = errors.iter().any(|e| e.0 > a && e.0 <= b);
            let label = step_label(&lines[a..b]);
            let id = label.split(" · ").next().unwrap_or("").to_owned();
            let place = Place::Scenario { part: part_id.clone(), field: format!("step:{id}") };
            let mark = view.mark(
                &place,
                |checked| matches!(checked, Answer::Scenario(c) if c.parts.get(&part_id) == answer.parts.get(&part_id)),
            );
            let sign = if bad { "✗" } else { super::severity_sign(mark.map(|m| m.0)) };
            let role = if Some(k) == here {
                Role::Selected
            } else if bad {
                Role::Error
            } else {
                mark.map_or(Role::Muted, |m| super::severity_role(m.0))
            };
            out.push(Line::styled(
                truncate(&format!("{sign}{} {label}", k + 1), inner.width as usize),
                theme.style(role),
            ));
        }
        frame.render_widget(Paragraph::new(out), inner);
    }

    fn render_results(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        if self.running.is_some() {
            frame.render_widget(Paragraph::new(Line::styled(s::EDITOR_RUNNING, theme.style(Role::Accent))), area);
            return;
        }
        let Some(r) = &self.results else {
            frame.render_widget(Paragraph::new(s::EDITOR_NOT_RUN).wrap(Wrap { trim: true }), area);
            return;
        };
        if let Some(e) = &r.error {
            frame.render_widget(
                Paragraph::new(Line::styled(e.clone(), theme.style(Role::Error))).wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let [head, top, bottom] =
            Layout::vertical([Constraint::Length(2), Constraint::Percentage(55), Constraint::Min(4)]).areas(area);
        let mut lines = vec![Line::raw(r.head.clone())];
        if let Some(g) = &r.goal {
            lines.push(Line::styled(g.clone(), theme.style(Role::Accent)));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), head);
        let [funnel, daily] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);
        let bars: Vec<Bar> =
            r.funnel.iter().map(|(id, n)| Bar::default().label(Line::raw(truncate(id, 12))).value(*n)).collect();
        let chart = BarChart::default()
            .block(Block::bordered().title(s::EDITOR_FUNNEL).border_style(theme.style(Role::Border)))
            .direction(ratatui::layout::Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .bar_style(theme.style(Role::Accent))
            .data(BarGroup::default().bars(&bars));
        frame.render_widget(chart, funnel);
        let max = r.sent.iter().chain(&r.conversions).map(|p| p.1).fold(1.0, f64::max);
        let days = r.sent.len().max(1) as f64;
        let datasets = vec![
            Dataset::default()
                .name(s::EDITOR_SENT)
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.style(Role::Accent))
                .data(&r.sent),
            Dataset::default()
                .name(s::EDITOR_CONVERSIONS)
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.style(Role::Correct))
                .data(&r.conversions),
        ];
        let chart = Chart::new(datasets)
            .block(Block::bordered().title(s::EDITOR_DAILY).border_style(theme.style(Role::Border)))
            .x_axis(Axis::default().bounds([0.0, days]).labels([r.days.0.clone(), r.days.1.clone()]))
            .y_axis(Axis::default().bounds([0.0, max]).labels(["0".to_owned(), format!("{max:.0}")]));
        frame.render_widget(chart, daily);
        let [suppressed, path] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(bottom);
        let lines: Vec<Line> = r
            .suppressed
            .iter()
            .map(|(why, n)| Line::raw(truncate(&format!("{n:>6} {why}"), suppressed.width.saturating_sub(2) as usize)))
            .collect();
        frame.render_widget(
            Paragraph::new(lines)
                .block(Block::bordered().title(s::EDITOR_SUPPRESSED).border_style(theme.style(Role::Border))),
            suppressed,
        );
        let n = r.paths.len();
        let block = Block::bordered()
            .title(s::editor_path_title(self.path.min(n.saturating_sub(1)) + usize::from(n > 0), n))
            .border_style(theme.style(Role::FocusedBorder));
        let lines: Vec<Line> = match r.paths.get(self.path) {
            Some(p) => p.iter().map(|l| Line::raw(l.trim().to_owned())).collect(),
            None => vec![Line::styled(s::EDITOR_NO_PATHS, theme.style(Role::Muted))],
        };
        frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), path);
    }

    fn render_parts(&self, frame: &mut Frame, area: Rect, view: &View) {
        let mut spans = Vec::new();
        for (i, p) in self.spec.parts.iter().enumerate() {
            let role = if i == self.current { Role::Selected } else { Role::Muted };
            spans.push(Span::styled(format!(" {}. {} ", i + 1, p.title), view.theme.style(role)));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }
}

impl KindEditor for ScenarioEditor {
    fn answer(&self) -> Answer {
        Answer::Scenario(self.kind_answer())
    }

    fn shows_prompt(&self) -> bool {
        false
    }

    fn scopes(&self) -> &'static [Scope] {
        match (&self.form, self.on_results) {
            (Some(f), false) if f.form.typing().is_some() => return IN_FORM_FIELD,
            (Some(_), false) => return IN_FORM,
            _ => {}
        }
        match (self.on_results, self.spec.parts.len() > 1) {
            (false, false) => IN_TEXT,
            (true, false) => ON_RESULTS,
            (false, true) => IN_TEXT_OF_PARTS,
            (true, true) => ON_RESULTS_OF_PARTS,
        }
    }

    fn typing(&self) -> bool {
        !self.on_results && self.form.as_ref().is_none_or(|f| f.form.typing().is_some())
    }

    fn pending(&self) -> Option<String> {
        let f = self.form.as_ref()?;
        let p = FormPending { part: self.current, section: f.fields.section, typing: f.form.pending() };
        serde_json::to_string(&p).ok()
    }

    /// Before a check: the field being typed goes into the text, or `Err` says why not.
    fn accept_typing(&mut self) -> Result<Handled, String> {
        let Some(f) = &mut self.form else { return Ok(Handled::Consumed) };
        match f.form.accept(&f.fields) {
            Ok(Edit::Accept(field, text)) => Ok(self.form_write(field, &text)),
            Ok(edit) => Ok(edit.handled()),
            Err(problem) => Err(s::form_not_checked(&problem)),
        }
    }

    fn tick(&mut self) -> bool {
        let Some(job) = &self.running else { return false };
        let view = match job.poll() {
            Poll::Running => return false,
            Poll::Done(v) => v,
            Poll::Lost => RunView { error: Some(ts::job_lost().to_owned()), ..RunView::default() },
        };
        self.running = None;
        self.results = Some(view);
        true
    }

    fn busy(&self) -> bool {
        self.running.is_some()
    }

    fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, env: &Env) -> Handled {
        self.note = None;
        let in_form = self.form.as_ref().map(|f| f.form.typing().is_some());
        if !self.on_results && in_form != Some(true) {
            // A step operation (and a change made in the form) is undone and redone as one
            // change.
            let t = &mut self.texts[self.current];
            let undone = match action {
                Some(Action::Undo) if self.block_undos > 0 => {
                    self.block_undos -= 1;
                    self.block_redos += 1;
                    t.undo();
                    t.undo();
                    true
                }
                Some(Action::Redo) if self.block_redos > 0 => {
                    self.block_redos -= 1;
                    self.block_undos += 1;
                    t.redo();
                    t.redo();
                    true
                }
                _ => false,
            };
            if undone {
                self.refresh_form();
                return Handled::Changed;
            }
        }
        if !self.on_results && self.form.is_some() {
            if let Some(handled) = self.form_key(action, key) {
                return handled;
            }
        } else if !self.on_results {
            let t = &mut self.texts[self.current];
            if let Some(handled) = super::text_key(t, action, key) {
                if handled == Handled::Changed && !matches!(action, Some(Action::Undo | Action::Redo)) {
                    self.block_undos = 0;
                    self.block_redos = 0;
                }
                return handled;
            }
        }
        let parts = self.spec.parts.len();
        match action {
            Some(Action::Run) => self.run(env),
            Some(Action::Focus) => self.on_results = !self.on_results,
            Some(Action::NextPart) if self.current + 1 < parts => {
                self.current += 1;
                self.results = None;
                self.form = None;
            }
            Some(Action::PrevPart) if self.current > 0 => {
                self.current -= 1;
                self.results = None;
                self.form = None;
            }
            Some(Action::Open) if !self.on_results && self.form.is_none() => return self.open_form(),
            Some(Action::Undo | Action::Redo) if self.form.is_some() => {}
            Some(Action::Left) if self.on_results => self.path = self.path.saturating_sub(1),
            Some(Action::Right) if self.on_results => {
                let n = self.results.as_ref().map_or(0, |r| r.paths.len());
                self.path = (self.path + 1).min(n.saturating_sub(1));
            }
            Some(Action::AddRule) if !self.on_results => return self.add_step(),
            Some(Action::RemoveRule) if !self.on_results => return self.remove_step(),
            Some(Action::MoveUp) if !self.on_results => return self.move_step(true),
            Some(Action::MoveDown) if !self.on_results => return self.move_step(false),
            Some(_) | None => return Handled::Ignored,
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str) -> Handled {
        if self.on_results {
            return Handled::Ignored;
        }
        if let Some(f) = &mut self.form {
            let field = f.form.current(&f.fields).unwrap_or(0);
            return match f.form.paste(text) {
                Edit::Changed => {
                    let typed = f.form.typed_text().unwrap_or_default();
                    self.form_write(field, &typed);
                    Handled::Changed
                }
                edit => edit.handled(),
            };
        }
        super::paste_text(&mut self.texts[self.current], text)
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let parts_height = u16::from(self.spec.parts.len() > 1);
        let [parts, main] = Layout::vertical([Constraint::Length(parts_height), Constraint::Min(3)]).areas(area);
        if parts_height > 0 {
            self.render_parts(frame, parts, view);
        }
        if self.on_results {
            self.render_results(frame, main, view);
        } else {
            self.render_text(frame, main, view);
        }
    }
}

impl OpenEditor for ScenarioEditor {
    type Kind = ScenarioKind;
    const KEYMAPS: &'static [Scope] =
        &[&TEXT_KEYS, &PARTS_KEYS, &RESULT_KEYS, &KEYS, &FORM_KEYS, &super::rfm::FIELD_KEYS];

    /// A form open when the program was left opens again, with what was being typed.
    fn open(spec: &Spec, answer: Option<ScenarioAnswer>, start: &Start) -> ScenarioEditor {
        let mut editor = ScenarioEditor::new(spec, answer);
        if let Some(p) = start.pending.and_then(|p| serde_json::from_str::<FormPending>(p).ok())
            && p.part < editor.texts.len()
        {
            editor.current = p.part;
            editor.open_form_at(p.section);
            editor.note = None;
            if let (Some(f), Some(typing)) = (&mut editor.form, &p.typing) {
                f.form.resume(&f.fields, typing);
                f.before = f.form.current(&f.fields).map(|i| f.fields.text(i)).unwrap_or_default();
            }
        }
        editor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn step_blocks_run_to_the_next_table() {
        let l = lines("[trigger]\nevent = \"x\"\n[[step]]\nid = \"a\"\n\n[[step]]\nid = \"b\"\n[limits]\n");
        assert_eq!(step_blocks(&l), [(2, 5), (5, 7)]);
        assert_eq!(step_label(&l[2..5]), "a · ");
    }

    fn editor(text: &str) -> ScenarioEditor {
        let spec: Spec = toml::from_str("[[parts]]\nid = \"p\"\ntitle = \"П\"\n").unwrap();
        let answer = ScenarioAnswer { parts: [("p".to_owned(), text.to_owned())].into() };
        ScenarioEditor::new(&spec, Some(answer))
    }

    const TWO: &str = "[trigger]\nevent = \"registration\"\n\n[[step]]\nid = \"a\"\ntype = \"tag\"\ntag = \"x\"\n\n[[step]]\nid = \"b\"\ntype = \"exit\"";

    #[test]
    fn steps_are_inserted_deleted_and_moved() {
        let mut e = editor(TWO);
        e.texts[0].move_cursor(CursorMove::Jump(4, 0));
        assert_eq!(e.add_step(), Handled::Changed);
        let text = e.text();
        let ids: Vec<String> = step_blocks(&e.lines()).iter().map(|&(a, b)| step_label(&e.lines()[a..b])).collect();
        assert_eq!(ids, ["a · tag", "step-3 · wait", "b · exit"], "{text}");
        assert!(scenario::parse(&text).is_ok(), "{text}");
        // The cursor is in the new step: move it down, below b.
        assert_eq!(e.move_step(false), Handled::Changed);
        let ids: Vec<String> = step_blocks(&e.lines()).iter().map(|&(a, b)| step_label(&e.lines()[a..b])).collect();
        assert_eq!(ids, ["a · tag", "b · exit", "step-3 · wait"], "{}", e.text());
        assert_eq!(e.move_step(true), Handled::Changed);
        assert_eq!(e.move_step(true), Handled::Changed);
        let ids: Vec<String> = step_blocks(&e.lines()).iter().map(|&(a, b)| step_label(&e.lines()[a..b])).collect();
        assert_eq!(ids, ["step-3 · wait", "a · tag", "b · exit"], "{}", e.text());
        assert_eq!(e.remove_step(), Handled::Changed);
        let ids: Vec<String> = step_blocks(&e.lines()).iter().map(|&(a, b)| step_label(&e.lines()[a..b])).collect();
        assert_eq!(ids, ["a · tag", "b · exit"], "{}", e.text());
        assert!(scenario::parse(&e.text()).is_ok(), "{}", e.text());
    }

    #[test]
    fn a_deleted_step_comes_back_with_undo() {
        let mut e = editor(TWO);
        e.texts[0].move_cursor(CursorMove::Jump(9, 0));
        assert_eq!(e.remove_step(), Handled::Changed);
        assert_ne!(e.text(), TWO);
        let env_source = crate::course::CourseSource::Embedded;
        let env = Env { source: &env_source, variant: 1 };
        let key = KeyEvent::new(K::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(e.handle_key(Some(Action::Undo), &key, &env), Handled::Changed);
        assert_eq!(e.text(), TWO, "one Ctrl+Z brings the step back");
        assert_eq!(e.handle_key(Some(Action::Redo), &key, &env), Handled::Changed);
        assert_eq!(step_blocks(&e.lines()).len(), 1, "Ctrl+Y deletes it again");
    }

    #[test]
    fn an_untouched_starter_is_not_an_answer() {
        let spec: Spec =
            toml::from_str("[[parts]]\nid = \"a\"\ntitle = \"А\"\n[[parts]]\nid = \"b\"\ntitle = \"Б\"\n").unwrap();
        let mut e = ScenarioEditor::new(&spec, None);
        assert!(e.kind_answer().parts.is_empty());
        e.texts[0].insert_str("# мой\n");
        assert_eq!(e.kind_answer().parts.keys().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn errors_are_found_as_the_text_changes() {
        let mut e = editor(TWO);
        assert!(e.errors().is_empty());
        e.texts[0].move_cursor(CursorMove::Jump(6, 0));
        e.texts[0].move_cursor(CursorMove::End);
        e.texts[0].insert_str("\ndays = -1");
        let errors = e.errors().to_vec();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, 8);
        assert!(errors[0].2.contains("не относится к шагу"), "{errors:?}");
    }

    // --- The form -------------------------------------------------------------------

    const SEND: &str = "[trigger]\nevent = \"registration\"\n\n[[step]]\n# первое письмо\nid = \"hello\"\ntype = \"send\"\nchannel = \"email\"  # канал письма\nsubject = \"Привет\"\ntext = \"Здравствуйте, {имя}!\"\n\n[[step]]\nid = \"pause\"\ntype = \"wait\"\ndays = 1 # сутки\n";

    fn press(e: &mut ScenarioEditor, action: Option<Action>, code: K) -> Handled {
        let source = crate::course::CourseSource::Embedded;
        let env = Env { source: &source, variant: 1 };
        e.handle_key(action, &KeyEvent::new(code, KeyModifiers::NONE), &env)
    }

    fn type_in(e: &mut ScenarioEditor, text: &str) {
        for c in text.chars() {
            press(e, None, K::Char(c));
        }
    }

    /// The form of the table at `row`, with the focus on `field`.
    fn form_at(text: &str, row: u16, field: usize) -> ScenarioEditor {
        let mut e = editor(text);
        e.texts[0].move_cursor(CursorMove::Jump(row, 0));
        press(&mut e, Some(Action::Open), K::F(4));
        let f = e.form.as_mut().expect("the form opens");
        assert!(f.form.focus(&f.fields, field));
        e
    }

    fn screen(e: &mut ScenarioEditor) -> Vec<String> {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        let theme = crate::tui::theme::Theme::plain();
        t.draw(|f| e.render(f, f.area(), &View { theme: &theme, checked: None })).expect("draw");
        let b = t.backend().buffer();
        (0..b.area.height).map(|y| (0..b.area.width).map(|x| b[(x, y)].symbol()).collect::<String>()).collect()
    }

    /// The form's errors beside field `i`, as the form shows them.
    fn field_errors(e: &mut ScenarioEditor, i: usize) -> Vec<String> {
        let errors = e.errors().to_vec();
        let f = e.form.as_ref().expect("form");
        errors.iter().filter(|x| f.fields.field_at(x.3) == Some(i)).map(|x| x.2.clone()).collect()
    }

    #[test]
    fn the_form_changes_a_send_steps_channel_in_the_text_and_the_check_follows() {
        let mut e = form_at(SEND, 5, 2);
        // The text box holds the text without its last line break.
        let before = e.text();
        assert_eq!(before, SEND.trim_end());
        assert_eq!(e.form.as_ref().unwrap().fields.section, Section::Step(0));
        assert_eq!(e.form.as_ref().unwrap().fields.values[..3], ["hello", "send", "email"]);
        assert!(e.errors().is_empty());
        // Enter on the channel: the next one, written into the text where it was; the
        // comments and everything else as they were.
        assert_eq!(press(&mut e, Some(Action::Choose), K::Enter), Handled::Changed);
        assert_eq!(e.text(), before.replace("\"email\"  #", "\"sms\"  #"));
        assert!(e.text().contains("# первое письмо") && e.text().contains("channel = \"sms\"  # канал письма"));
        assert_eq!(e.form.as_ref().unwrap().fields.values[2], "sms");
        // The live check: an SMS has no subject — said at the subject's field.
        assert_eq!(field_errors(&mut e, 3), [s::SUBJECT_EMAIL_ONLY]);
        assert!(screen(&mut e).iter().any(|l| l.contains("✗ тема (subject) бывает только у письма")));
        // The answer (what is drafted) is the text.
        assert!(e.kind_answer().parts["p"].contains("channel = \"sms\""));
        press(&mut e, Some(Action::Choose), K::Enter);
        press(&mut e, Some(Action::Choose), K::Enter);
        assert_eq!(e.text(), before, "email again after push");
        // One Ctrl+Z takes a change of the form back.
        press(&mut e, Some(Action::Choose), K::Enter);
        assert_eq!(press(&mut e, Some(Action::Undo), K::Char('z')), Handled::Changed);
        assert_eq!(e.text(), before);
        assert_eq!(e.form.as_ref().unwrap().fields.values[2], "email");
    }

    #[test]
    fn a_wrong_duration_shows_its_error_at_its_field_as_it_is_typed() {
        let mut e = form_at(SEND, 14, 2);
        assert_eq!(e.form.as_ref().unwrap().fields.section, Section::Step(1));
        press(&mut e, Some(Action::Choose), K::Enter);
        press(&mut e, None, K::Backspace);
        type_in(&mut e, "-1");
        assert!(e.text().contains("days = -1 # сутки"), "written as typed: {}", e.text());
        assert_eq!(field_errors(&mut e, 2), [s::NEGATIVE_WAIT]);
        let shown = screen(&mut e);
        let at = shown.iter().position(|l| l.contains("дней (days)")).expect("the field");
        assert!(shown[at].contains("-1▏"), "{shown:?}");
        assert!(shown[at + 1].contains("✗ ожидание не может быть отрицательным"), "{shown:?}");
        // Not a number: the text keeps the last number, the form says why at the field.
        type_in(&mut e, "x");
        assert!(e.text().contains("days = -1 # сутки"));
        press(&mut e, Some(Action::Confirm), K::Enter);
        assert!(screen(&mut e).iter().any(|l| l.contains("дней (days): нужно число")), "{:?}", screen(&mut e));
        // Esc twice: the value the field had.
        press(&mut e, Some(Action::Back), K::Esc);
        press(&mut e, Some(Action::Back), K::Esc);
        assert_eq!(e.text(), SEND.trim_end());
        assert!(e.form.as_ref().unwrap().form.typing().is_none());
    }

    #[test]
    fn esc_goes_back_to_the_text_on_the_step() {
        let mut e = form_at(SEND, 15, 0);
        assert!(!e.typing(), "letters are keys in the form");
        assert_eq!(e.scopes(), IN_FORM);
        press(&mut e, Some(Action::Back), K::Esc);
        assert!(e.form.is_none());
        assert_eq!(e.texts[0].cursor().0, 11, "the cursor on the step's [[step]]");
        assert!(e.typing());
        // Outside a table with a form: said, nothing opens.
        e.texts[0].move_cursor(CursorMove::Jump(0, 0));
        let mut e2 = editor("name = \"x\"\n[trigger]\nevent = \"registration\"\n");
        press(&mut e2, Some(Action::Open), K::F(4));
        assert!(e2.form.is_none());
        assert_eq!(e2.note.as_deref(), Some(s::FORM_NOT_HERE));
    }

    #[test]
    fn a_new_type_takes_out_the_fields_the_old_one_read() {
        let mut e = form_at(SEND, 14, 1);
        press(&mut e, Some(Action::Choose), K::Enter);
        assert_eq!(e.text(), SEND.replace("type = \"wait\"\ndays = 1 # сутки\n", "type = \"send\""));
        let f = e.form.as_ref().unwrap();
        let keys: Vec<&str> = f.fields.defs.iter().map(|d| d.key).collect();
        assert_eq!(keys, ["id", "type", "channel", "subject", "text", "offer", "discount", "next"]);
        // What a send step lacks is said at its type.
        assert_eq!(field_errors(&mut e, 1), [s::step_needs("channel"), s::step_needs("text")]);
    }

    #[test]
    fn the_form_and_the_field_being_typed_come_back_from_the_draft() {
        let mut e = form_at(SEND, 5, 3);
        press(&mut e, Some(Action::Choose), K::Enter);
        type_in(&mut e, "!");
        assert!(e.text().contains("subject = \"Привет!\""), "written through: {}", e.text());
        let pending = e.pending().expect("pending");
        let spec: Spec = toml::from_str("[[parts]]\nid = \"p\"\ntitle = \"П\"\n").unwrap();
        let start = Start { variant: 1, pending: Some(&pending) };
        let again = <ScenarioEditor as OpenEditor>::open(&spec, Some(e.kind_answer()), &start);
        let f = again.form.as_ref().expect("the form is open again");
        assert_eq!((f.fields.section, f.form.typing()), (Section::Step(0), Some(3)));
        assert_eq!(f.form.typed_with_cursor(3).as_deref(), Some("Привет!▏"));
    }

    #[test]
    fn the_brief_and_a_splits_shares_have_forms_too() {
        let text = "# бриф\n[brief]\ngoal = { metric = \"orders\", change = 5, period_days = 30 } # цель\nkpi = [\"orders\"]\n\n[trigger]\nevent = \"registration\"\n\n[[step]]\nid = \"ab\"\ntype = \"split\"\nvariants = [{ share = 50, next = \"a\" }, { share = 50, next = \"b\" }]\n\n[[step]]\nid = \"a\"\ntype = \"exit\"\n\n[[step]]\nid = \"b\"\ntype = \"exit\"";
        let mut e = form_at(text, 2, 1);
        assert_eq!(e.form.as_ref().unwrap().fields.values, ["orders", "5", "", "30", "", "orders"]);
        press(&mut e, Some(Action::Choose), K::Enter);
        press(&mut e, None, K::Backspace);
        type_in(&mut e, "7,5");
        press(&mut e, Some(Action::Confirm), K::Enter);
        assert_eq!(e.text(), text.replace("change = 5,", "change = 7.5,"));
        // KPI typed as a list.
        press(&mut e, Some(Action::Down), K::Down);
        for _ in 0..4 {
            press(&mut e, Some(Action::Down), K::Down);
        }
        press(&mut e, Some(Action::Choose), K::Enter);
        type_in(&mut e, ", revenue");
        press(&mut e, Some(Action::Confirm), K::Enter);
        assert!(e.text().contains("kpi = [\"orders\", \"revenue\"]\n"), "{}", e.text());
        press(&mut e, Some(Action::Back), K::Esc);
        assert_eq!(e.texts[0].cursor().0, 1, "back on [brief]");

        // The split: a share per variant; shares that do not sum to 100 are said at the type.
        let mut e = form_at(text, 10, 2);
        let keys: Vec<String> = e.form.as_ref().unwrap().fields.defs.iter().map(form::label).collect();
        assert_eq!(
            keys[2..],
            ["1 доля, % (share)", "1 следующий шаг (next)", "2 доля, % (share)", "2 следующий шаг (next)"]
        );
        press(&mut e, Some(Action::Choose), K::Enter);
        press(&mut e, None, K::Backspace);
        press(&mut e, None, K::Backspace);
        type_in(&mut e, "60");
        assert!(e.text().contains("variants = [{ share = 60, next = \"a\" }, { share = 50"), "{}", e.text());
        assert_eq!(field_errors(&mut e, 1), [s::shares_sum(110.0)]);
    }

    #[test]
    fn a_field_left_as_it_was_keeps_its_writing_and_its_line_breaks() {
        let text = "[trigger]\nevent = \"registration\"\n\n[[step]]\nid = \"m\"\ntype = \"send\"\nchannel = \"email\"\nsubject = 'Тема'\ntext = \"\"\"\nСтрока 1\nСтрока 2\"\"\"\n";
        let mut e = form_at(text, 5, 3);
        let before = e.text();
        // Enter, Enter on the subject and on the text: nothing changes, not even the quotes.
        press(&mut e, Some(Action::Choose), K::Enter);
        press(&mut e, Some(Action::Confirm), K::Enter);
        press(&mut e, Some(Action::Down), K::Down);
        assert_eq!(e.form.as_ref().unwrap().fields.values[4], "Строка 1\\nСтрока 2", "a line break shows as \\n");
        press(&mut e, Some(Action::Choose), K::Enter);
        press(&mut e, Some(Action::Confirm), K::Enter);
        assert_eq!(e.text(), before);
        // Typed on, the line break stays one.
        press(&mut e, Some(Action::Choose), K::Enter);
        type_in(&mut e, "!");
        press(&mut e, Some(Action::Confirm), K::Enter);
        assert!(
            e.text().contains("text = \"Строка 1\\nСтрока 2!\"\n")
                || e.text().ends_with("text = \"Строка 1\\nСтрока 2!\""),
            "{}",
            e.text()
        );
        let sc = crate::scenario::parse(&e.text()).expect("checks");
        match &sc.steps[0].action {
            crate::scenario::model::Action::Send { text, .. } => assert_eq!(text, "Строка 1\nСтрока 2!"),
            other => panic!("{other:?}"),
        }
    }
}
