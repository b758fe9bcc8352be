//! The RFM editor (ПП2): a form for the segmentation model — method, number of groups or
//! thresholds, the rules that name the segments — and, for the sales map, the figures
//! the learner computed. Beside the form, the learner's own variant of the loyalty case
//! is segmented anew after every change: a chart of the groups and every participant's
//! scores and segment. F8 opens an SQL console over the segmented table (`rfm`).
//!
//! The form's fields and what they accept are in [`fields`], the form as drawn in
//! `form_view`, the preview in `preview`, the console's table in `console`; focus,
//! typing, validation and the draft of the field being typed are the shared
//! [`Form`](crate::tui::widgets::form::Form)'s: a field takes its text into the model when
//! the learner leaves it (Enter, Esc, or a check) and the text is valid, and what is being
//! typed is part of the draft after every key, so a killed program brings it back.

mod fields;
mod form_view;
mod preview;

use std::sync::Arc;

use crossterm::event::{KeyCode as K, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Env, Handled, KindEditor, OpenEditor, SqlEditor, Start, View, sql as sql_editor};
use crate::data::rfm::Table;
use crate::data::rfm::model::{ModelSpec, RuleSpec};
use crate::kinds::rfm::{self, Segmented, Task, console_spec};
use crate::kinds::{Answer, sql};
use crate::strings::{keys as k, tui as s};
use crate::tui::keys::{Action, Key, Keymap, Scope, bar, bind, ch, ctrl, plain, shift};
use crate::tui::theme::Role;
use crate::tui::widgets::form::{Choose, Edit, Form};
use fields::{Field, Values};

/// The editor, whatever it shows (form or console).
pub static KEYS: Keymap =
    Keymap { name: "rfm", notes: &[], bindings: &[bar(&[plain(K::F(8))], Action::Console, k::RFM_CONSOLE)] };

/// The form, moving between fields.
pub static FORM_KEYS: Keymap = Keymap {
    name: "rfm_form",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], Action::Up, k::FIELD_UP),
        bind(&[plain(K::Down), ch('j')], Action::Down, k::FIELD_DOWN),
        bind(&[plain(K::Left), ch('h')], Action::Left, k::FIELD_LEFT),
        bind(&[plain(K::Right), ch('l')], Action::Right, k::FIELD_RIGHT),
        bar(&[plain(K::Enter)], Action::Choose, k::RFM_CHOOSE),
        bar(&[plain(K::Insert), ch('+')], Action::AddRule, k::RFM_ADD_RULE),
        bar(&[plain(K::Delete)], Action::Remove, k::RFM_REMOVE),
        bind(&[Key::Code(K::Delete, KeyModifiers::CONTROL), ch('-')], Action::RemoveRule, k::RFM_REMOVE_RULE),
        bind(&[shift(K::Up)], Action::MoveUp, k::RFM_MOVE_UP),
        bind(&[shift(K::Down)], Action::MoveDown, k::RFM_MOVE_DOWN),
        bind(&[ctrl('z')], Action::Undo, k::RFM_UNDO),
        bind(&[plain(K::PageUp)], Action::PageUp, k::RFM_PAGE_UP),
        bind(&[plain(K::PageDown)], Action::PageDown, k::RFM_PAGE_DOWN),
    ],
};

/// Typing into a field of the form.
pub static FIELD_KEYS: Keymap = Keymap {
    name: "rfm_field",
    notes: &[],
    bindings: &[
        bar(&[plain(K::Enter)], Action::Confirm, k::FIELD_CONFIRM),
        bar(&[plain(K::Esc)], Action::Back, k::FIELD_LEAVE),
    ],
};

const IN_FORM: &[Scope] = &[&KEYS, &FORM_KEYS];
const IN_FIELD: &[Scope] = &[&FIELD_KEYS];
const CONSOLE_TEXT: &[Scope] = &[&KEYS, &sql_editor::KEYS, &sql_editor::TEXT_KEYS];
const CONSOLE_RESULT: &[Scope] = &[&KEYS, &sql_editor::RESULT_KEYS, &sql_editor::KEYS];

pub struct RfmEditor {
    spec: rfm::Spec,
    variant: u64,
    values: Values,
    /// The form as it was before each change, the last last: Ctrl+Z goes back.
    history: Vec<Values>,
    form: Form<Field>,
    /// The model as last read from the form: what is drafted and checked.
    model: ModelSpec,
    /// Why the form's numbers could not be read.
    problem: Option<String>,
    preview: Result<Segmented, Vec<String>>,
    customer_scroll: usize,
    /// The first line of the form shown, when it is taller than the screen.
    form_scroll: usize,
    console: Option<SqlEditor>,
    /// The learner's participants, read at the first segmentation and re-scored after
    /// every change of the model.
    table: Option<Arc<Table>>,
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
        let mut editor = RfmEditor {
            spec: spec.clone(),
            variant,
            values: Values::new(&answer),
            history: Vec::new(),
            form: Form::default(),
            model: answer.model,
            problem: None,
            preview: Err(Vec::new()),
            customer_scroll: 0,
            form_scroll: 0,
            console: None,
            table: None,
        };
        editor.refresh();
        if let Some(pending) = pending {
            editor.form.resume(&editor.values, pending);
        }
        editor
    }

    pub fn kind_answer(&self) -> rfm::Answer {
        let query = if self.spec.task == Task::SalesMap { self.values.query.clone() } else { String::new() };
        rfm::Answer::new(self.model.clone(), query)
    }

    /// What the console did, as the editor reports it: for the sales map the console's
    /// text is the answer, so its changes are the answer's; elsewhere it is a scratchpad.
    fn take_console(&mut self, handled: Handled) -> Handled {
        match (handled, &self.console) {
            (Handled::Ignored, _) => Handled::Ignored,
            (Handled::Changed, Some(console)) if self.spec.task == Task::SalesMap => {
                self.values.query = console.kind_answer().sql;
                Handled::Changed
            }
            _ => Handled::Consumed,
        }
    }

    /// The learner's participants: generated and read once per editor.
    fn table(&mut self) -> Result<Arc<Table>, String> {
        if let Some(table) = &self.table {
            return Ok(Arc::clone(table));
        }
        let table = rfm::variant_table(&self.spec, self.variant)?;
        self.table = Some(Arc::clone(&table));
        Ok(table)
    }

    /// Segments the learner's variant with the model as it stands.
    fn refresh(&mut self) {
        match self.values.model() {
            Ok(model) => {
                self.problem = None;
                self.preview = match self.table() {
                    Ok(table) => rfm::segment_table(table, &model),
                    Err(e) => Err(vec![e]),
                };
                self.model = model;
            }
            Err(problem) => self.problem = Some(problem),
        }
        if let (Some(console), Ok(seg)) = (&mut self.console, &self.preview) {
            console.replace_spec(console_spec(seg));
        }
    }

    /// Changes the form's values with `change` (which says whether it changed them),
    /// keeping what they were for Ctrl+Z, and segments the data anew.
    fn change(&mut self, change: impl FnOnce(&mut Values) -> bool) -> Handled {
        /// Changes Ctrl+Z can take back, at most.
        const HISTORY: usize = 200;
        let before = self.values.clone();
        if !change(&mut self.values) {
            return Handled::Consumed;
        }
        if self.history.len() == HISTORY {
            self.history.remove(0);
        }
        self.history.push(before);
        self.refresh();
        Handled::Changed
    }

    /// Ctrl+Z: the form as it was before its last change.
    fn undo(&mut self) -> Handled {
        let Some(before) = self.history.pop() else { return Handled::Consumed };
        self.values = before;
        self.refresh();
        Handled::Changed
    }

    /// Takes in what the form said of a key: an accepted text goes into the model.
    fn apply(&mut self, edit: Edit<Field>) -> Handled {
        match edit {
            Edit::Accept(field, text) => self.change(|v| {
                v.set_text(field, text);
                true
            }),
            edit => edit.handled(),
        }
    }

    /// Enter: the method's next value, a new rule, or typing into the field.
    fn choose(&mut self) -> Handled {
        match self.form.choose(&self.values) {
            Choose::Next(_) => self.change(|v| {
                v.next_method();
                true
            }),
            Choose::Press(_) => self.add_rule(),
            Choose::Typing | Choose::Nothing => Handled::Consumed,
        }
    }

    fn current_rule(&self) -> Option<(usize, usize)> {
        match self.form.current(&self.values) {
            Some(Field::Rule(i, c)) => Some((i, c)),
            _ => None,
        }
    }

    fn add_rule(&mut self) -> Handled {
        let at = self.current_rule().map_or(self.values.rules.len(), |(i, _)| i + 1);
        let handled = self.change(|v| {
            v.rules.insert(at, Default::default());
            true
        });
        self.form.focus(&self.values, Field::Rule(at, 0));
        handled
    }

    /// Del: the field under the cursor is emptied (a rule keeps its other fields).
    fn clear_field(&mut self) -> Handled {
        match self.form.current(&self.values) {
            Some(Field::Method | Field::AddRule) | None => Handled::Consumed,
            Some(field) => self.change(|v| {
                let had = crate::tui::widgets::form::FormModel::text(v, field);
                v.set_text(field, String::new());
                !had.is_empty()
            }),
        }
    }

    /// Ctrl+Del or «-»: the rule under the cursor goes (Ctrl+Z brings it back).
    fn remove_rule(&mut self) -> Handled {
        let Some((i, _)) = self.current_rule() else { return Handled::Consumed };
        self.change(|v| {
            v.rules.remove(i);
            true
        })
    }

    /// Shift+↑↓: the rule under the cursor changes places with the one above or below
    /// (the first rule that fits a participant names their segment); the cursor goes with it.
    fn move_rule(&mut self, down: bool) -> Handled {
        let Some((i, c)) = self.current_rule() else { return Handled::Consumed };
        let j = if down { i + 1 } else { i.wrapping_sub(1) };
        if j >= self.values.rules.len() {
            return Handled::Consumed;
        }
        let handled = self.change(|v| {
            v.rules.swap(i, j);
            true
        });
        self.form.focus(&self.values, Field::Rule(j, c));
        handled
    }
}

impl KindEditor for RfmEditor {
    fn answer(&self) -> Answer {
        Answer::Rfm(self.kind_answer())
    }

    /// The form and the preview need all of the room.
    fn shows_prompt(&self) -> bool {
        false
    }

    fn pending(&self) -> Option<String> {
        self.form.pending()
    }

    fn scopes(&self) -> &'static [Scope] {
        match (&self.console, self.form.typing()) {
            (Some(console), _) if console.typing() => CONSOLE_TEXT,
            (Some(_), _) => CONSOLE_RESULT,
            (None, Some(_)) => IN_FIELD,
            (None, None) => IN_FORM,
        }
    }

    fn typing(&self) -> bool {
        match &self.console {
            Some(console) => console.typing(),
            None => self.form.typing().is_some(),
        }
    }

    fn tick(&mut self) -> bool {
        self.console.as_mut().is_some_and(SqlEditor::tick)
    }

    fn busy(&self) -> bool {
        self.console.as_ref().is_some_and(SqlEditor::busy)
    }

    fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, env: &Env) -> Handled {
        let sales_map = self.spec.task == Task::SalesMap;
        if action == Some(Action::Console) {
            // For the sales map the console holds the answer's query; otherwise it is a
            // scratchpad that starts empty.
            let text = if sales_map { self.values.query.clone() } else { String::new() };
            self.console = match self.console.take() {
                Some(_) => None,
                None => self.preview.as_ref().ok().map(|seg| {
                    SqlEditor::new(&console_spec(seg), sql::Answer { sql: text, ..Default::default() }, None)
                }),
            };
            return Handled::Consumed;
        }
        if let Some(console) = &mut self.console {
            let handled = console.handle_key(action, key, env);
            return self.take_console(handled);
        }
        if self.form.typing().is_some() {
            // Every change of the text goes into the draft at once; the screen's keys
            // (check, hint, tabs, help, Ctrl+C) are not text.
            let edit = self.form.handle_typing(&self.values, action, key);
            return self.apply(edit);
        }
        match action {
            Some(a @ (Action::Up | Action::Down | Action::Left | Action::Right)) => {
                self.form.move_focus(&self.values, a);
            }
            Some(Action::PageUp) => self.customer_scroll = self.customer_scroll.saturating_sub(10),
            Some(Action::PageDown) => self.customer_scroll += 10,
            Some(Action::Choose) => return self.choose(),
            Some(Action::AddRule) => return self.add_rule(),
            Some(Action::Remove) => return self.clear_field(),
            Some(Action::RemoveRule) => return self.remove_rule(),
            Some(Action::MoveUp) => return self.move_rule(false),
            Some(Action::MoveDown) => return self.move_rule(true),
            Some(Action::Undo) => return self.undo(),
            _ => return Handled::Ignored,
        }
        Handled::Consumed
    }

    /// Into the console's text or the field being typed.
    fn handle_paste(&mut self, text: &str) -> Handled {
        if let Some(console) = &mut self.console {
            let handled = console.handle_paste(text);
            return self.take_console(handled);
        }
        let edit = self.form.paste(text);
        self.apply(edit)
    }

    /// Before a check: the field being typed is left as with Enter, so that what is
    /// checked is what is on screen; `Err` says, in Russian, why it cannot be.
    fn accept_typing(&mut self) -> Result<Handled, String> {
        match self.form.accept(&self.values) {
            Ok(edit) => Ok(self.apply(edit)),
            Err(problem) => Err(s::rfm_not_checked(&problem)),
        }
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        if let Some(console) = &mut self.console {
            // The head says what the table holds: on two lines when the screen is narrow.
            let head_text =
                if self.spec.task == Task::SalesMap { s::rfm_map_console_head() } else { s::rfm_console_head() };
            let head_height = (crate::tui::text::width(head_text) / area.width.max(1) as usize + 1).min(3) as u16;
            let [head, body] = Layout::vertical([Constraint::Length(head_height), Constraint::Min(3)]).areas(area);
            frame.render_widget(
                Paragraph::new(Line::styled(head_text, view.theme.style(Role::Muted)))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                head,
            );
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
}

impl OpenEditor for RfmEditor {
    type Kind = rfm::Rfm;
    const KEYMAPS: &'static [Scope] =
        &[&KEYS, &FORM_KEYS, &FIELD_KEYS, &sql_editor::TEXT_KEYS, &sql_editor::RESULT_KEYS, &sql_editor::KEYS];

    fn open(spec: &rfm::Spec, answer: Option<rfm::Answer>, start: &Start) -> RfmEditor {
        RfmEditor::new(spec, answer.unwrap_or_default(), start.variant, start.pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{self, CourseSource};
    use crate::kinds::Spec;

    /// The learner's participants are generated and read once; every change of the model
    /// re-scores that same table, and gives what segmenting the variant from scratch gives.
    #[test]
    fn a_change_of_the_model_rescores_the_table_read_once() {
        let course = course::load(CourseSource::Embedded).into_result().expect("built-in course");
        let Spec::Rfm(spec) = &course.exercise("pp2.rfm").expect("pp2.rfm").spec else { panic!("an rfm exercise") };
        let mut editor = RfmEditor::new(spec, rfm::Answer::default(), 7, None);
        let first = editor.table.clone().expect("read at the first segmentation");
        for bins in ["3", "4", "5"] {
            editor.values.bins = bins.to_owned();
            editor.refresh();
            let table = editor.table.clone().expect("kept");
            assert!(Arc::ptr_eq(&first, &table), "the same table after «{bins}»");
            let rescored = editor.preview.as_ref().expect("segments");
            let fresh = rfm::segment_variant(spec, &editor.model, 7).expect("segments");
            assert_eq!(rescored.segmentation, fresh.segmentation, "bins {bins}");
            assert_eq!(*rescored.table, *fresh.table);
        }
    }

    /// A rule named without the «» of the group, in other case or with е for ё, stands
    /// for the group in the chart as it does in grading: the group is not shown as missing.
    #[test]
    fn the_chart_reads_group_names_as_grading_does() {
        let course = course::load(CourseSource::Embedded).into_result().expect("built-in course");
        let Spec::Rfm(spec) = &course.exercise("pp2.rfm").expect("pp2.rfm").spec else { panic!("an rfm exercise") };
        let mut answer = rfm::Answer::default();
        answer.model.segments = spec
            .groups
            .iter()
            .map(|g| RuleSpec { name: g.replace(['«', '»'], "").to_uppercase(), ..RuleSpec::default() })
            .collect();
        let editor = RfmEditor::new(spec, answer, 7, None);
        let seg = editor.preview.as_ref().expect("segments");
        let theme = crate::tui::theme::Theme::plain();
        let chart = editor.group_chart(seg, &View { theme: &theme, checked: None }, 60);
        let text: Vec<String> = chart.iter().map(|l| l.to_string()).collect();
        assert!(text.iter().any(|l| l.contains("СПЯЩИЕ")), "{text:#?}");
        assert!(!text.iter().any(|l| l.contains("«Спящие»")), "the group is the learner's segment: {text:#?}");
        assert!(!text.iter().any(|l| l.contains("нет правила")), "{text:#?}");
    }
}
