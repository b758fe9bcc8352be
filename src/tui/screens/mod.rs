//! The screens: the first-start form, the course map, an exercise, and the help overlay
//! that can stand over any of them. Each owns its state and draws itself; what it asks
//! of the app (open an exercise, go back, quit) it returns as an [`Effect`].

pub mod exercise;
pub mod help;
pub mod map;
pub mod student;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keys::{Scope, bar_items};
use super::text::width;
use super::theme::{Role, Theme};
use crate::kinds::Status;

/// The sign and colour of a verdict's status: on the map, on the result tab.
pub fn status_sign(status: Status) -> (&'static str, Role) {
    match status {
        Status::Passed => ("✓", Role::Correct),
        Status::Partial => ("◐", Role::Missing),
        Status::Failed => ("✗", Role::Wrong),
        Status::AwaitingReview => ("…", Role::Accent),
    }
}

/// What a screen asks the app to do after an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    Quit,
    Back,
    Help,
    /// Open the exercise with this index in `course.exercises`.
    Open(usize),
    /// The learner is set: go on to the map.
    StudentSet,
    /// An answer was checked: scores changed.
    Checked,
    /// Write the submission file for the instructor.
    Submit,
    /// Change the learner's name and group.
    Settings,
}

/// The bottom bar: the keys of the current scopes, as many as fit.
pub fn render_bar(frame: &mut Frame, area: Rect, theme: &Theme, scopes: &[Scope], typing: bool) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in bar_items(scopes, typing) {
        let w = width(&key) + width(label) + 3;
        if used + w > area.width as usize {
            break;
        }
        spans.push(Span::styled(key, theme.style(Role::Key)));
        spans.push(Span::raw(format!(" {label}  ")));
        used += w;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A message line: an error in its colour, else a remark.
pub fn render_message(frame: &mut Frame, area: Rect, theme: &Theme, message: &Message) {
    let role = if message.error { Role::Error } else { Role::Accent };
    frame.render_widget(Paragraph::new(Line::styled(message.text.clone(), theme.style(role))), area);
}

/// Something the app tells the learner on the line above the bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

impl Message {
    pub fn info(text: impl Into<String>) -> Message {
        Message { text: text.into(), error: false }
    }
    pub fn error(text: impl Into<String>) -> Message {
        Message { text: text.into(), error: true }
    }
}

/// Pre-wrapped lines scrolled by `scroll` (clamped so the last line stays in view);
/// returns the clamped scroll.
pub fn render_scrolled(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, scroll: usize) -> usize {
    let max = lines.len().saturating_sub(area.height as usize);
    let scroll = scroll.min(max);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(area.height as usize).collect();
    frame.render_widget(Paragraph::new(shown), area);
    scroll
}

/// `text` wrapped to `width` as lines of one style.
pub fn wrapped(text: &str, width: u16, style: ratatui::style::Style) -> Vec<Line<'static>> {
    super::text::wrap(text, width as usize).into_iter().map(|l| Line::styled(l, style)).collect()
}

/// A scroll position after a reading action.
pub fn scrolled(scroll: usize, action: super::keys::Action, page: usize) -> usize {
    use super::keys::Action;
    match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll + 1,
        Action::PageUp => scroll.saturating_sub(page.max(1)),
        Action::PageDown => scroll + page.max(1),
        Action::Home => 0,
        Action::End => usize::MAX / 2,
        _ => scroll,
    }
}
