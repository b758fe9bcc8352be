//! One editor per exercise kind. An editor holds the learner's answer being worked on
//! and its cursor, turns actions into changes of the answer, and draws itself; what it
//! edits is always a `kinds::Answer`, so what is drafted, checked and stored is exactly
//! what the learner sees.

mod choice;
mod grid;
mod list;
mod numeric;
mod order;
mod rfm;
mod sql;

use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::{Action, Scope};
use super::theme::Theme;
use crate::course::CourseSource;
use crate::kinds::{Answer, Place, Severity, Spec, Verdict};

pub use choice::ChoiceEditor;
pub use grid::GridEditor;
pub use numeric::NumericEditor;
pub use order::OrderEditor;
pub use rfm::RfmEditor;
pub use sql::SqlEditor;

/// What handling an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// Not for this editor.
    Ignored,
    /// Used, the answer unchanged (a cursor moved).
    Consumed,
    /// The answer, or what is being typed into it, changed: save the draft.
    Changed,
}

/// The last checked answer and its verdict: editors mark the places of the answer that
/// are still as they were checked.
pub struct Checked {
    pub answer: Answer,
    pub verdict: Verdict,
}

/// Where the learner's data comes from: the SQL editor runs queries on it.
pub struct Env<'a> {
    pub source: &'a CourseSource,
    /// The learner's variant of the exercise.
    pub variant: u64,
}

/// What an editor needs to draw besides itself.
pub struct View<'a> {
    pub theme: &'a Theme,
    pub checked: Option<&'a Checked>,
}

impl<'a> View<'a> {
    /// The severity of the last check's finding at `at`, when `unchanged` says the place
    /// is as it was checked.
    pub fn mark(&self, at: &Place, unchanged: impl FnOnce(&Answer) -> bool) -> Option<(Severity, &'a str)> {
        let checked = self.checked?;
        if !unchanged(&checked.answer) {
            return None;
        }
        checked
            .verdict
            .findings
            .iter()
            .find(|f| f.at.as_ref() == Some(at) && f.severity != Severity::Note)
            .map(|f| (f.severity, f.message.as_str()))
    }
}

/// The editor of one exercise. Only one lives at a time, so the size of the largest
/// variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Editor {
    Grid(GridEditor),
    Choice(ChoiceEditor),
    Order(OrderEditor),
    Numeric(NumericEditor),
    Sql(SqlEditor),
    Rfm(RfmEditor),
}

impl Editor {
    /// An editor for `spec`, starting from `answer` (a draft or the last attempt) when
    /// it is of the same kind, else from the kind's empty answer; `pending` is what the
    /// draft kept of the editor's typing beside the answer ([`Editor::pending`]).
    pub fn new(spec: &Spec, answer: Option<Answer>, variant: u64, pending: Option<&str>) -> Editor {
        match spec {
            Spec::Grid(s) => Editor::Grid(GridEditor::new(
                s,
                match answer {
                    Some(Answer::Grid(a)) => a,
                    _ => Default::default(),
                },
            )),
            Spec::Choice(s) => Editor::Choice(ChoiceEditor::new(
                s,
                match answer {
                    Some(Answer::Choice(a)) => a,
                    _ => Default::default(),
                },
                variant,
            )),
            Spec::Order(s) => Editor::Order(OrderEditor::new(
                s,
                match answer {
                    Some(Answer::Order(a)) => Some(a),
                    _ => None,
                },
                variant,
            )),
            Spec::Numeric(s) => Editor::Numeric(NumericEditor::new(
                s,
                match answer {
                    Some(Answer::Numeric(a)) => a,
                    _ => Default::default(),
                },
            )),
            Spec::Sql(s) => Editor::Sql(SqlEditor::new(
                s,
                match answer {
                    Some(Answer::Sql(a)) => a,
                    _ => Default::default(),
                },
            )),
            Spec::Rfm(s) => Editor::Rfm(RfmEditor::new(
                s,
                match answer {
                    Some(Answer::Rfm(a)) => a,
                    _ => Default::default(),
                },
                variant,
                pending,
            )),
        }
    }

    /// The answer as it stands.
    pub fn answer(&self) -> Answer {
        match self {
            Editor::Grid(e) => Answer::Grid(e.answer()),
            Editor::Choice(e) => Answer::Choice(e.answer()),
            Editor::Order(e) => Answer::Order(e.answer()),
            Editor::Numeric(e) => Answer::Numeric(e.answer()),
            Editor::Sql(e) => Answer::Sql(e.answer()),
            Editor::Rfm(e) => Answer::Rfm(e.answer()),
        }
    }

    /// What the draft keeps beside the answer: text typed that is not part of the answer
    /// yet (a field of the RFM form being typed). The other editors' text is their answer.
    pub fn pending(&self) -> Option<String> {
        match self {
            Editor::Rfm(e) => e.pending(),
            Editor::Grid(_) | Editor::Choice(_) | Editor::Order(_) | Editor::Numeric(_) | Editor::Sql(_) => None,
        }
    }

    /// Before a check: what is being typed goes into the answer (`Changed`), or `Err`
    /// says in Russian why it cannot, and nothing should be checked.
    pub fn accept_typing(&mut self) -> Result<Handled, String> {
        match self {
            Editor::Rfm(e) => e.accept_typing(),
            Editor::Grid(_) | Editor::Choice(_) | Editor::Order(_) | Editor::Numeric(_) | Editor::Sql(_) => {
                Ok(Handled::Consumed)
            }
        }
    }

    /// The editor's key scopes, innermost first.
    pub fn scopes(&self) -> &'static [Scope] {
        match self {
            Editor::Grid(e) => e.scopes(),
            Editor::Choice(_) => &[Scope::Choice],
            Editor::Order(_) => &[Scope::Order],
            Editor::Numeric(_) => &[Scope::Numeric],
            Editor::Sql(e) => e.scopes(),
            Editor::Rfm(e) => e.scopes(),
        }
    }

    /// Does the editor take typed characters as text?
    pub fn typing(&self) -> bool {
        match self {
            Editor::Numeric(_) => true,
            Editor::Sql(e) => e.typing(),
            Editor::Rfm(e) => e.typing(),
            Editor::Grid(_) | Editor::Choice(_) | Editor::Order(_) => false,
        }
    }

    pub fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, env: &Env) -> Handled {
        match self {
            Editor::Grid(e) => e.handle(action, key),
            Editor::Choice(e) => action.map_or(Handled::Ignored, |a| e.handle(a)),
            Editor::Order(e) => action.map_or(Handled::Ignored, |a| e.handle(a)),
            Editor::Numeric(e) => e.handle(action, key),
            Editor::Sql(e) => e.handle(action, key, env),
            Editor::Rfm(e) => e.handle(action, key, env),
        }
    }

    /// Takes in what background work finished; true when the screen changed.
    pub fn tick(&mut self) -> bool {
        match self {
            Editor::Sql(e) => e.tick(),
            Editor::Rfm(e) => e.tick(),
            Editor::Grid(_) | Editor::Choice(_) | Editor::Order(_) | Editor::Numeric(_) => false,
        }
    }

    /// Is background work running?
    pub fn busy(&self) -> bool {
        match self {
            Editor::Sql(e) => e.busy(),
            Editor::Rfm(e) => e.busy(),
            Editor::Grid(_) | Editor::Choice(_) | Editor::Order(_) | Editor::Numeric(_) => false,
        }
    }

    pub fn handle_mouse(&mut self, mouse: &MouseEvent) -> Handled {
        match self {
            Editor::Grid(e) => e.handle_mouse(mouse),
            Editor::Choice(e) => e.handle_mouse(mouse),
            Editor::Order(e) => e.handle_mouse(mouse),
            Editor::Numeric(_) | Editor::Sql(_) | Editor::Rfm(_) => Handled::Ignored,
        }
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        match self {
            Editor::Grid(e) => e.render(frame, area, view),
            Editor::Choice(e) => e.render(frame, area, view),
            Editor::Order(e) => e.render(frame, area, view),
            Editor::Numeric(e) => e.render(frame, area, view),
            Editor::Sql(e) => e.render(frame, area, view),
            Editor::Rfm(e) => e.render(frame, area, view),
        }
    }

    /// Does the answer tab show the prompt above the editor? The grid needs the room.
    pub fn shows_prompt(&self) -> bool {
        !matches!(self, Editor::Grid(_) | Editor::Sql(_) | Editor::Rfm(_))
    }

    /// The rows the editor needs out of `height`; the prompt above it gets the rest.
    pub fn min_height(&self, height: u16) -> u16 {
        match self {
            // A line to type in and the feedback under it; the prompt holds the numbers.
            Editor::Numeric(_) => 7,
            Editor::Grid(_) | Editor::Choice(_) | Editor::Order(_) | Editor::Sql(_) | Editor::Rfm(_) => {
                height - height / 3
            }
        }
    }

    /// Lines the prompt tab adds after the prompt (the grid's cards in full).
    pub fn reference(&self) -> Vec<Line<'static>> {
        match self {
            Editor::Grid(e) => e.reference(),
            Editor::Choice(_) | Editor::Order(_) | Editor::Numeric(_) | Editor::Sql(_) | Editor::Rfm(_) => Vec::new(),
        }
    }
}

/// The mark a severity shows before a place.
pub fn severity_role(severity: Severity) -> super::theme::Role {
    use super::theme::Role;
    match severity {
        Severity::Correct => Role::Correct,
        Severity::Wrong => Role::Wrong,
        Severity::Missing => Role::Missing,
        Severity::Note => Role::Muted,
    }
}

/// The sign a finding's severity puts before a place; a blank without one.
pub fn severity_sign(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Correct) => "✓",
        Some(Severity::Wrong) => "✗",
        Some(Severity::Missing) => "○",
        Some(Severity::Note) | None => " ",
    }
}

/// The finding about the place under the cursor, at the foot of an editor.
pub fn render_feedback(
    frame: &mut Frame,
    area: Rect,
    theme: &super::theme::Theme,
    feedback: Option<(Severity, String)>,
) {
    if let Some((severity, message)) = feedback {
        let text = ratatui::widgets::Paragraph::new(Line::styled(message, theme.style(severity_role(severity))))
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(text, area);
    }
}

/// A list's scroll offset that keeps `selected` in view of `height` rows of items
/// whose heights are `heights`.
pub fn keep_in_view(offset: usize, selected: usize, heights: &[usize], height: usize) -> usize {
    if heights.is_empty() {
        return 0;
    }
    let selected = selected.min(heights.len() - 1);
    let mut offset = offset.min(selected);
    loop {
        let used: usize = heights[offset..=selected].iter().sum();
        if used <= height || offset >= selected {
            return offset;
        }
        offset += 1;
    }
}

/// Is the point (column, row) inside `r`?
pub fn hit(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}
