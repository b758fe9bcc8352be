//! The help overlay: every key of the screen under it, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::render_scrolled;
use crate::strings::tui as s;
use crate::tui::keys::{Scope, help_lines};
use crate::tui::text::{width, wrap};
use crate::tui::theme::{Role, Theme};

#[derive(Debug, Default)]
pub struct Help {
    pub scroll: usize,
}

impl Help {
    /// Draws the keys of `scopes` (the screen's, innermost first) over `area`.
    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, scopes: &[Scope], typing: bool) {
        let entries = help_lines(scopes, typing);
        let keys_width = entries.iter().map(|(k, _)| width(k)).max().unwrap_or(0).min(28);
        let w = (area.width.saturating_sub(4)).min(76);
        // What a key does wraps under itself, past the keys' column.
        let label_width = (w as usize).saturating_sub(2 + keys_width + 2).max(10);
        let mut lines: Vec<Line<'static>> = Vec::new();
        for (keys, label) in entries {
            let pad = " ".repeat(keys_width.saturating_sub(width(&keys)) + 2);
            for (i, part) in wrap(label, label_width).into_iter().enumerate() {
                lines.push(if i == 0 {
                    Line::from(vec![
                        Span::styled(keys.clone(), theme.style(Role::Key)),
                        Span::raw(format!("{pad}{part}")),
                    ])
                } else {
                    Line::raw(format!("{}{part}", " ".repeat(keys_width + 2)))
                });
            }
        }
        lines.push(Line::from(""));
        lines.extend(
            wrap(s::help_footer(), (w as usize).saturating_sub(2))
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Role::Muted))),
        );
        let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2)).max(3);
        let rect = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height.saturating_sub(h)) / 2, w, h);
        let mut block = Block::bordered().title(s::help_title()).border_style(theme.style(Role::FocusedBorder));
        // More keys than fit: the frame says how to see them.
        if lines.len() + 2 > h as usize {
            block = block.title_bottom(s::help_more());
        }
        let inner = block.inner(rect);
        frame.render_widget(Clear, rect);
        frame.render_widget(block, rect);
        self.scroll = render_scrolled(frame, inner, lines, self.scroll);
    }
}
