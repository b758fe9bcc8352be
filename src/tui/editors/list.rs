//! A list of items that wrap over several lines, one of them under the cursor: what the
//! choice and order editors draw.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{hit, keep_in_view};
use crate::tui::keys::Action;
use crate::tui::text::{width, wrap};
use crate::tui::theme::{Role, Theme};

pub struct Item {
    /// A fixed-width lead: «[x] », «3. ».
    pub lead: String,
    pub text: String,
    pub style: Style,
}

/// Draws `items` into `area`, scrolled from `offset` so that `selected` shows; returns
/// the new offset and each shown item's area (for the mouse), by index.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    items: &[Item],
    selected: usize,
    offset: usize,
) -> (usize, Vec<(Rect, usize)>) {
    let lines: Vec<Vec<String>> = items
        .iter()
        .map(|item| wrap(&item.text, (area.width as usize).saturating_sub(width(&item.lead)).max(1)))
        .collect();
    // One blank line between items when there is room for it.
    let gap = usize::from(lines.iter().map(Vec::len).sum::<usize>() + items.len() <= area.height as usize);
    let heights: Vec<usize> = lines.iter().map(|l| l.len() + gap).collect();
    let offset = keep_in_view(offset, selected, &heights, area.height as usize);
    let mut rects = Vec::new();
    let mut y = area.y;
    let bottom = area.y + area.height;
    let buf = frame.buffer_mut();
    for (index, (item, text)) in items.iter().zip(&lines).enumerate().skip(offset) {
        if y >= bottom {
            break;
        }
        let height = (text.len() as u16).min(bottom - y);
        let rect = Rect::new(area.x, y, area.width, height);
        let style = if index == selected { item.style.patch(theme.style(Role::Selected)) } else { item.style };
        buf.set_style(rect, style);
        let indent = " ".repeat(width(&item.lead));
        for (i, line) in text.iter().take(height as usize).enumerate() {
            let lead = if i == 0 { &item.lead } else { &indent };
            buf.set_stringn(area.x, y + i as u16, format!("{lead}{line}"), area.width as usize, style);
        }
        rects.push((rect, index));
        y += height + gap as u16;
    }
    (offset, rects)
}

/// What a mouse event means to a list drawn by [`render`].
pub enum Mouse {
    /// A click on the item with this index.
    Click(usize),
    /// The wheel, taken as ↑ or ↓.
    Key(Action),
    Nothing,
}

pub fn mouse(rects: &[(Rect, usize)], event: &MouseEvent) -> Mouse {
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => rects
            .iter()
            .find(|(r, _)| hit(*r, event.column, event.row))
            .map_or(Mouse::Nothing, |&(_, index)| Mouse::Click(index)),
        MouseEventKind::ScrollDown => Mouse::Key(Action::Down),
        MouseEventKind::ScrollUp => Mouse::Key(Action::Up),
        _ => Mouse::Nothing,
    }
}
