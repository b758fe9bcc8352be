//! One editor per exercise kind. An editor holds the learner's answer being worked on
//! and its cursor, turns actions into changes of the answer, and draws itself; what it
//! edits is always a `kinds::Answer`, so what is drafted, checked and stored is exactly
//! what the learner sees.
//!
//! Every editor implements [`KindEditor`] — the exercise screen knows editors only
//! through it — and [`OpenEditor`], which ties it to its kind. The [`editors!`] list at
//! the end is the one place that names them all: adding a kind's editor is a file here
//! and a line there (docs/authoring.md walks through it).

pub mod choice;
pub mod freetext;
pub mod grid;
mod list;
pub mod numeric;
pub mod order;
pub mod rfm;
pub mod scenario;
pub mod sql;

use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::{Action, Scope};
use super::theme::Theme;
use crate::course::CourseSource;
use crate::kinds::{Answer, Kind, Place, Severity, Spec, Verdict};

pub use choice::ChoiceEditor;
pub use freetext::{FormEditor, TableEditor};
pub use grid::GridEditor;
pub use numeric::NumericEditor;
pub use order::OrderEditor;
pub use rfm::RfmEditor;
pub use scenario::ScenarioEditor;
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

/// The editor of one exercise, as the exercise screen sees it (the way gitui's
/// `Component` works): it takes key and mouse events and says whether it used them,
/// draws itself, and gives its answer. The defaults fit an editor with no typed text
/// beside its answer, no background work and no mouse.
pub trait KindEditor {
    /// The answer as it stands: what is drafted and checked.
    fn answer(&self) -> Answer;

    /// What the draft keeps beside the answer: text typed that is not part of the answer
    /// yet (a field of a form being typed), given back to [`OpenEditor::open`] in
    /// [`Start::pending`]. Editors whose text is their answer keep nothing.
    fn pending(&self) -> Option<String> {
        None
    }

    /// Before a check: what is being typed goes into the answer (`Changed`), or `Err`
    /// says in Russian why it cannot, and nothing should be checked.
    fn accept_typing(&mut self) -> Result<Handled, String> {
        Ok(Handled::Consumed)
    }

    /// The editor's keymaps as it stands, innermost first; the screen's follow them.
    /// Each binding carries what the help overlay and the bottom bar say about it.
    fn scopes(&self) -> &'static [Scope];

    /// Does the editor take typed characters as text?
    fn typing(&self) -> bool {
        false
    }

    /// A key press; `action` is what it means in [`KindEditor::scopes`] (`None`: a key
    /// bound to nothing, such as a character typed).
    fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent, env: &Env) -> Handled;

    fn handle_mouse(&mut self, _mouse: &MouseEvent) -> Handled {
        Handled::Ignored
    }

    /// Pasted text, all of it at once: an editor that takes text inserts it as one
    /// change (`Changed`), so the draft is written once, not once per character.
    fn handle_paste(&mut self, _text: &str) -> Handled {
        Handled::Ignored
    }

    /// Takes in what background work finished; true when the screen changed.
    fn tick(&mut self) -> bool {
        false
    }

    /// Is background work running?
    fn busy(&self) -> bool {
        false
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View);

    /// Does the answer tab show the prompt above the editor? Big editors need the room.
    fn shows_prompt(&self) -> bool {
        true
    }

    /// The rows the editor needs out of `height`; the prompt above it gets the rest.
    fn min_height(&self, height: u16) -> u16 {
        height - height / 3
    }

    /// Lines the prompt tab adds after the prompt (the grid's cards in full).
    fn reference(&self) -> Vec<Line<'static>> {
        Vec::new()
    }
}

/// What an editor starts from besides its spec and the learner's answer.
pub struct Start<'a> {
    /// The learner's variant of the exercise.
    pub variant: u64,
    /// What the draft kept of the editor's typing ([`KindEditor::pending`]).
    pub pending: Option<&'a str>,
}

/// Opening the editor of a kind.
pub trait OpenEditor: KindEditor + Sized + 'static {
    type Kind: Kind;

    /// Every keymap the editor may be in: the help and tests list them.
    const KEYMAPS: &'static [Scope];

    /// An editor for `spec`, starting from `answer` (a draft or the last attempt) or,
    /// without one, from what the kind starts with.
    fn open(spec: &<Self::Kind as Kind>::Spec, answer: Option<<Self::Kind as Kind>::Answer>, start: &Start) -> Self;
}

/// The editor of one exercise.
pub type Editor = Box<dyn KindEditor>;

/// The editors, one line per kind: `Variant => Editor` (the variant of `kinds::Spec`).
macro_rules! editors {
    ($( $variant:ident => $editor:ty ),* $(,)?) => {
        /// An editor for `spec`, starting from `answer` (a draft or the last attempt) when
        /// it is of the same kind, else from the kind's empty answer; `pending` is what
        /// the draft kept of the editor's typing beside the answer.
        pub fn open(spec: &Spec, answer: Option<Answer>, variant: u64, pending: Option<&str>) -> Editor {
            let start = Start { variant, pending };
            match spec {
                $( Spec::$variant(s) => {
                    #[allow(unreachable_patterns)]
                    let answer = match answer { Some(Answer::$variant(a)) => Some(a), _ => None };
                    Box::new(<$editor as OpenEditor>::open(s, answer, &start))
                } )*
            }
        }

        /// Every editor's keymaps.
        pub fn keymaps() -> Vec<Scope> {
            let mut all: Vec<Scope> = Vec::new();
            $( all.extend(<$editor as OpenEditor>::KEYMAPS.iter().filter(|k| !all.contains(k)).copied().collect::<Vec<_>>()); )*
            all
        }
    };
}

editors! {
    Grid => GridEditor,
    Choice => ChoiceEditor,
    Order => OrderEditor,
    Numeric => NumericEditor,
    Sql => SqlEditor,
    Rfm => RfmEditor,
    Scenario => ScenarioEditor,
    Table => TableEditor,
    Form => FormEditor,
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

/// A key for a text being typed (the SQL and scenario editors): undo, redo, indent, or
/// the text box's own editing keys (`action` `None`). `None`: not a key for the text.
pub fn text_key(
    text: &mut ratatui_textarea::TextArea<'static>,
    action: Option<Action>,
    key: &KeyEvent,
) -> Option<Handled> {
    let changed = match action {
        Some(Action::Undo) => text.undo(),
        Some(Action::Redo) => text.redo(),
        Some(Action::Indent) => text.insert_tab(),
        None => text.input(*key),
        Some(_) => return None,
    };
    Some(if changed { Handled::Changed } else { Handled::Consumed })
}

/// Pasted text into a text being typed, as one change.
pub fn paste_text(text: &mut ratatui_textarea::TextArea<'static>, pasted: &str) -> Handled {
    if text.insert_str(pasted) { Handled::Changed } else { Handled::Consumed }
}

/// Is the point (column, row) inside `r`?
pub fn hit(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}
