//! The choice editor: options to tick, in the order drawn for the learner.

use crossterm::event::{KeyCode as K, KeyEvent, MouseEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Env, Handled, KindEditor, OpenEditor, Start, View, list, render_feedback, severity_role, severity_sign};
use crate::kinds::{Answer, Place, choice};
use crate::strings::{keys as k, tui as s};
use crate::tui::keys::{Action, Keymap, Scope, bar, bind, ch, plain};
use crate::tui::theme::Role;

pub static KEYS: Keymap = Keymap {
    name: "choice",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], Action::Up, k::UP),
        bind(&[plain(K::Down), ch('j')], Action::Down, k::DOWN),
        bar(&[ch(' '), plain(K::Enter), ch('x')], Action::Toggle, k::CHOICE_TOGGLE),
    ],
};

const IN_CHOICE: &[Scope] = &[&KEYS];

pub struct ChoiceEditor {
    spec: choice::Spec,
    /// Indices into the spec's options, in the order shown.
    order: Vec<usize>,
    selected: Vec<String>,
    cursor: usize,
    offset: usize,
    rects: Vec<(Rect, usize)>,
}

impl ChoiceEditor {
    pub fn new(spec: &choice::Spec, answer: choice::Answer, variant: u64) -> ChoiceEditor {
        ChoiceEditor {
            spec: spec.clone(),
            order: choice::display_order(spec, variant),
            selected: answer.selected,
            cursor: 0,
            offset: 0,
            rects: Vec::new(),
        }
    }

    pub fn kind_answer(&self) -> choice::Answer {
        choice::Answer { selected: self.selected.clone() }
    }

    fn option_id(&self, slot: usize) -> Option<String> {
        let index = *self.order.get(slot)?;
        Some(self.spec.options.get_ref()[index].id.get_ref().clone())
    }

    fn toggle(&mut self, slot: usize) -> Handled {
        let Some(id) = self.option_id(slot) else { return Handled::Consumed };
        if self.selected.contains(&id) {
            self.selected.retain(|s| s != &id);
        } else if self.spec.multiple {
            self.selected.push(id);
        } else {
            self.selected = vec![id];
        }
        Handled::Changed
    }

    pub fn handle(&mut self, action: Action) -> Handled {
        let last = self.order.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Toggle => return self.toggle(self.cursor),
            _ => return Handled::Ignored,
        }
        Handled::Consumed
    }
}

impl KindEditor for ChoiceEditor {
    fn answer(&self) -> Answer {
        Answer::Choice(self.kind_answer())
    }

    fn scopes(&self) -> &'static [Scope] {
        IN_CHOICE
    }

    fn handle_key(&mut self, action: Option<Action>, _key: &KeyEvent, _env: &Env) -> Handled {
        action.map_or(Handled::Ignored, |a| self.handle(a))
    }

    fn handle_mouse(&mut self, mouse: &MouseEvent) -> Handled {
        match list::mouse(&self.rects, mouse) {
            list::Mouse::Click(slot) => {
                self.cursor = slot;
                self.toggle(slot)
            }
            list::Mouse::Key(action) => self.handle(action),
            list::Mouse::Nothing => Handled::Ignored,
        }
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let intro = if self.spec.multiple { s::choice_multiple() } else { s::choice_single() };
        let status_height = 2u16.min(area.height);
        let list_area = Rect { y: area.y + 2, height: area.height.saturating_sub(2 + status_height), ..area };
        frame.render_widget(Paragraph::new(Line::styled(intro, theme.style(Role::Muted))), Rect { height: 1, ..area });

        let mut status = None;
        let items: Vec<list::Item> = self
            .order
            .iter()
            .enumerate()
            .map(|(slot, &index)| {
                let option = &self.spec.options.get_ref()[index];
                let id = option.id.get_ref();
                let ticked = self.selected.contains(id);
                let mark = view.mark(
                    &Place::Option(id.clone()),
                    |checked| matches!(checked, Answer::Choice(a) if a.selected.contains(id) == ticked),
                );
                if slot == self.cursor {
                    status = mark.map(|(sev, msg)| (sev, msg.to_owned()));
                }
                let boxed = match (self.spec.multiple, ticked) {
                    (true, true) => "[x]",
                    (true, false) => "[ ]",
                    (false, true) => "(•)",
                    (false, false) => "( )",
                };
                let sign = severity_sign(mark.map(|m| m.0));
                let style = mark.map_or(Style::default(), |(sev, _)| theme.style(severity_role(sev)));
                list::Item { lead: format!("{sign}{boxed} "), text: option.text.clone(), style }
            })
            .collect();
        let (offset, rects) = list::render(frame, list_area, theme, &items, self.cursor, self.offset);
        self.offset = offset;
        self.rects = rects;
        let at = Rect { y: area.y + area.height - status_height, height: status_height, ..area };
        render_feedback(frame, at, theme, status);
    }
}

impl OpenEditor for ChoiceEditor {
    type Kind = choice::Choice;
    const KEYMAPS: &'static [Scope] = IN_CHOICE;

    fn open(spec: &choice::Spec, answer: Option<choice::Answer>, start: &Start) -> ChoiceEditor {
        ChoiceEditor::new(spec, answer.unwrap_or_default(), start.variant)
    }
}
