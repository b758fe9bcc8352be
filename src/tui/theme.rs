//! Colours and emphasis. Only the terminal's own named colours are used, never a fixed
//! background, so the screens read on dark and light themes alike; with `NO_COLOR` set
//! (https://no-color.org) only bold, dim, underline and reverse remain, and every state
//! a colour shows is also shown by a mark (✓ ✗ ○) or a word.

use ratatui::style::{Color, Modifier, Style};

/// What a piece of the screen is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    Accent,
    Muted,
    /// The line or cell under the cursor.
    Selected,
    Correct,
    Wrong,
    Missing,
    Key,
    Error,
    Border,
    FocusedBorder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    pub fn colored() -> Theme {
        Theme { color: true }
    }

    pub fn style(&self, role: Role) -> Style {
        let base = Style::default();
        let (color, modifier) = match role {
            Role::Title => (None, Modifier::BOLD),
            Role::Accent => (Some(Color::Cyan), Modifier::BOLD),
            Role::Muted => (None, Modifier::DIM),
            Role::Selected => (None, Modifier::REVERSED),
            Role::Correct => (Some(Color::Green), Modifier::empty()),
            Role::Wrong => (Some(Color::Red), Modifier::BOLD),
            Role::Missing => (Some(Color::Yellow), Modifier::empty()),
            Role::Key => (Some(Color::Cyan), Modifier::BOLD),
            Role::Error => (Some(Color::Red), Modifier::BOLD),
            Role::Border => (None, Modifier::DIM),
            Role::FocusedBorder => (Some(Color::Cyan), Modifier::empty()),
        };
        let style = base.add_modifier(modifier);
        match color {
            Some(c) if self.color => style.fg(c),
            _ => style,
        }
    }
}
