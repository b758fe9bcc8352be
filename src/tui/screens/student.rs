//! The learner's name and group: asked at the first start and kept in the store, and
//! changed later from the map (the same form, filled in, with Esc to cancel).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Effect;
use crate::strings::tui as s;
use crate::tui::keys::Action;
use crate::tui::theme::{Role, Theme};
use crate::tui::widgets::line_input::LineInput;

#[derive(Default)]
pub struct StudentForm {
    name: LineInput,
    group: LineInput,
    on_group: bool,
    /// Opened from the map to change the name and group, not at the first start.
    settings: bool,
    pub error: Option<&'static str>,
}

fn text(t: &LineInput) -> String {
    t.text().trim().to_owned()
}

impl StudentForm {
    /// The form to change the learner's `name` and `group` later.
    pub fn settings(name: &str, group: &str) -> StudentForm {
        StudentForm {
            name: LineInput::new(name),
            group: LineInput::new(group),
            settings: true,
            ..StudentForm::default()
        }
    }

    pub fn is_settings(&self) -> bool {
        self.settings
    }

    /// The name and group typed, once the learner confirms a non-empty name.
    pub fn handle(&mut self, action: Option<Action>, key: &KeyEvent) -> (Effect, Option<(String, String)>) {
        match action {
            Some(Action::Quit) => return (Effect::Quit, None),
            Some(Action::Back) => return (Effect::Back, None),
            Some(Action::NextField) => self.on_group = !self.on_group,
            Some(Action::Confirm) if !self.settings && !self.on_group && text(&self.group).is_empty() => {
                self.on_group = true
            }
            Some(Action::Confirm) => {
                let name = text(&self.name);
                if name.is_empty() {
                    self.error = Some(s::name_required());
                    self.on_group = false;
                } else {
                    return (Effect::StudentSet, Some((name, text(&self.group))));
                }
            }
            Some(Action::Help) => return (Effect::Help, None),
            Some(_) => {}
            None => {
                let field = if self.on_group { &mut self.group } else { &mut self.name };
                field.input(key);
                self.error = None;
            }
        }
        (Effect::None, None)
    }

    /// Pasted text goes into the field being typed, as one line.
    pub fn paste(&mut self, text: &str) {
        let field = if self.on_group { &mut self.group } else { &mut self.name };
        field.paste(text);
        self.error = None;
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, course_title: &str) {
        let w = area.width.min(70);
        let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, area.height.saturating_sub(2).min(18));
        let (title, intro) = if self.settings {
            (s::SETTINGS_TITLE, s::settings_intro().to_owned())
        } else {
            (s::WELCOME_TITLE, s::welcome(course_title))
        };
        let block = Block::bordered().title(title).border_style(theme.style(Role::FocusedBorder));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let intro = Paragraph::new(intro).wrap(Wrap { trim: true });
        frame.render_widget(intro, Rect { height: 5.min(inner.height), ..inner });
        for (i, (label, focused)) in
            [(s::NAME_LABEL, !self.on_group), (s::GROUP_LABEL, self.on_group)].into_iter().enumerate()
        {
            let y = inner.y + 6 + i as u16 * 3;
            if y + 3 > inner.y + inner.height {
                break;
            }
            let role = if focused { Role::FocusedBorder } else { Role::Border };
            let field = if i == 0 { &mut self.name } else { &mut self.group };
            let block = Block::bordered().title(label).border_style(theme.style(role));
            field.render(frame, Rect::new(inner.x, y, inner.width, 3), block, focused);
        }
        if let Some(error) = self.error {
            let y = inner.y + 12;
            if y < inner.y + inner.height {
                frame.render_widget(
                    Paragraph::new(error).style(theme.style(Role::Error)).wrap(Wrap { trim: true }),
                    Rect::new(inner.x, y, inner.width, 2.min(inner.y + inner.height - y)),
                );
            }
        }
    }
}
