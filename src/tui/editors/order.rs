//! The order editor: items to put in sequence, starting from the learner's shuffle.

use crossterm::event::{KeyCode as K, KeyEvent, MouseEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{Env, Handled, KindEditor, OpenEditor, Start, View, list, render_feedback, severity_role, severity_sign};
use crate::kinds::{Answer, Place, order};
use crate::strings::{keys as k, tui as s};
use crate::tui::keys::{Action, Keymap, Scope, bar, bind, ch, plain, shift};
use crate::tui::theme::Role;

pub static KEYS: Keymap = Keymap {
    name: "order",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], Action::Up, k::UP),
        bind(&[plain(K::Down), ch('j')], Action::Down, k::DOWN),
        bar(&[shift(K::Up), ch('K')], Action::MoveUp, k::ORDER_MOVE_UP),
        bar(&[shift(K::Down), ch('J')], Action::MoveDown, k::ORDER_MOVE_DOWN),
        bar(&[ch(' '), plain(K::Enter)], Action::Grab, k::ORDER_GRAB),
    ],
};

const IN_ORDER: &[Scope] = &[&KEYS];

pub struct OrderEditor {
    spec: order::Spec,
    order: Vec<String>,
    cursor: usize,
    /// The item under the cursor moves with it.
    grabbed: bool,
    offset: usize,
    rects: Vec<(Rect, usize)>,
}

impl OrderEditor {
    /// Starts from `answer` when there is one, else from the learner's shuffle. Items
    /// the answer lacks (the course gained one) are added at the end.
    pub fn new(spec: &order::Spec, answer: Option<order::Answer>, variant: u64) -> OrderEditor {
        let mut order = answer.map(|a| a.order).unwrap_or_else(|| order::initial_order(spec, variant));
        let ids: Vec<String> = spec.items.get_ref().iter().map(|i| i.id.get_ref().clone()).collect();
        let mut seen = Vec::new();
        order.retain(|id| {
            ids.contains(id) && !seen.contains(id) && {
                seen.push(id.clone());
                true
            }
        });
        for id in ids {
            if !order.contains(&id) {
                order.push(id);
            }
        }
        OrderEditor { spec: spec.clone(), order, cursor: 0, grabbed: false, offset: 0, rects: Vec::new() }
    }

    pub fn kind_answer(&self) -> order::Answer {
        order::Answer { order: self.order.clone() }
    }

    fn shift(&mut self, down: bool) -> Handled {
        let to = if down { self.cursor + 1 } else { self.cursor.wrapping_sub(1) };
        if to >= self.order.len() {
            return Handled::Consumed;
        }
        self.order.swap(self.cursor, to);
        self.cursor = to;
        Handled::Changed
    }

    pub fn handle(&mut self, action: Action) -> Handled {
        let last = self.order.len().saturating_sub(1);
        match action {
            Action::Up if self.grabbed => self.shift(false),
            Action::Down if self.grabbed => self.shift(true),
            Action::MoveUp => self.shift(false),
            Action::MoveDown => self.shift(true),
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Handled::Consumed
            }
            Action::Down => {
                self.cursor = (self.cursor + 1).min(last);
                Handled::Consumed
            }
            Action::Grab => {
                self.grabbed = !self.grabbed;
                Handled::Consumed
            }
            _ => Handled::Ignored,
        }
    }
}

impl KindEditor for OrderEditor {
    fn answer(&self) -> Answer {
        Answer::Order(self.kind_answer())
    }

    fn scopes(&self) -> &'static [Scope] {
        IN_ORDER
    }

    fn handle_key(&mut self, action: Option<Action>, _key: &KeyEvent, _env: &Env) -> Handled {
        action.map_or(Handled::Ignored, |a| self.handle(a))
    }

    fn handle_mouse(&mut self, mouse: &MouseEvent) -> Handled {
        match list::mouse(&self.rects, mouse) {
            // A click on another item while one is held moves the held item there.
            list::Mouse::Click(slot) if self.grabbed && slot != self.cursor => {
                let item = self.order.remove(self.cursor);
                self.order.insert(slot, item);
                self.cursor = slot;
                self.grabbed = false;
                Handled::Changed
            }
            list::Mouse::Click(slot) => {
                self.grabbed = slot == self.cursor && !self.grabbed;
                self.cursor = slot;
                Handled::Consumed
            }
            list::Mouse::Key(action) => self.handle(action),
            list::Mouse::Nothing => Handled::Ignored,
        }
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let intro = Paragraph::new(Line::styled(s::order_intro(), theme.style(Role::Muted))).wrap(Wrap { trim: true });
        frame.render_widget(intro, Rect { height: 2.min(area.height), ..area });
        let status_height = 2u16.min(area.height);
        let list_area = Rect { y: area.y + 3, height: area.height.saturating_sub(3 + status_height), ..area };
        let unchanged = |checked: &Answer| matches!(checked, Answer::Order(a) if a.order == self.order);
        let mut status = None;
        let items: Vec<list::Item> = self
            .order
            .iter()
            .enumerate()
            .map(|(slot, id)| {
                let text = self.spec.items.get_ref().iter().find(|i| i.id.get_ref() == id).map_or("", |i| &i.text);
                let mark = view.mark(&Place::Item(id.clone()), unchanged);
                if slot == self.cursor {
                    status = mark.map(|(sev, msg)| (sev, msg.to_owned()));
                }
                let sign = severity_sign(mark.map(|m| m.0));
                let grab = if self.grabbed && slot == self.cursor { "⇅" } else { " " };
                let style = mark.map_or(Style::default(), |(sev, _)| theme.style(severity_role(sev)));
                list::Item { lead: format!("{sign}{grab}{:>2}. ", slot + 1), text: text.to_owned(), style }
            })
            .collect();
        let (offset, rects) = list::render(frame, list_area, theme, &items, self.cursor, self.offset);
        self.offset = offset;
        self.rects = rects;
        let at = Rect { y: area.y + area.height - status_height, height: status_height, ..area };
        render_feedback(frame, at, theme, status);
    }
}

impl OpenEditor for OrderEditor {
    type Kind = order::Order;
    const KEYMAPS: &'static [Scope] = IN_ORDER;

    fn open(spec: &order::Spec, answer: Option<order::Answer>, start: &Start) -> OrderEditor {
        OrderEditor::new(spec, answer, start.variant)
    }
}
