//! Every key binding of the workbook, in one table. Screens never look at key codes
//! themselves: they ask [`action_for`] what a key press means in their scopes, and the
//! help overlay and the bottom bar are generated from the same table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

use crate::strings::keys as s;

/// What a key press asks for. Serializable, so bindings are data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Back,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    NextTab,
    PrevTab,
    Check,
    Hint,
    /// Choose a card for the cell under the cursor (grid).
    Choose,
    /// Put the chosen card in the cell (grid card list).
    Place,
    /// Take the cards out of the cell under the cursor (grid).
    Remove,
    /// Tick or untick the option under the cursor (choice).
    Toggle,
    /// Pick up or put down the item under the cursor (order).
    Grab,
    MoveUp,
    MoveDown,
    /// A digit: a card by its number (grid).
    Digit,
    /// Delete the last digit typed (grid card list).
    EraseDigit,
    NextField,
    /// Back to the previous cell of a table or field of a form being typed.
    PrevField,
    Confirm,
    /// Run the SQL being written (sql).
    Run,
    /// Run the SQL up to the statement under the cursor and show that statement's result.
    RunToCursor,
    NextPart,
    PrevPart,
    /// Move between the SQL text and its result (sql).
    Focus,
    /// Show or hide the tables and columns (sql).
    Schema,
    /// Add a segment rule after the one under the cursor (rfm), a row after the cursor
    /// (a table whose rows the learner adds).
    AddRule,
    /// Open or close the SQL console over the segmented table (rfm).
    Console,
    /// Take back the last change of a text or a form.
    Undo,
    /// Redo what Undo took back.
    Redo,
    /// Indent the text at the cursor (a Tab typed into a text).
    Indent,
    /// Scroll a list beside the editor (the SQL editor's tables).
    ListUp,
    ListDown,
    /// Delete the rule under the cursor (rfm).
    RemoveRule,
    /// Change the learner's name and group (the map).
    Settings,
    /// Write the submission file for the instructor (the map).
    Submit,
}

/// A set of bindings that apply together: a screen's, an editor's, a mode of an editor
/// (the grid's card list, a field being typed). A screen passes the keymaps it is in,
/// innermost first; editors keep theirs beside their code.
pub struct Keymap {
    /// For messages about the table itself (tests).
    pub name: &'static str,
    pub bindings: &'static [Binding],
    /// Keys the help overlay lists that are not bindings — what they do to a text being
    /// typed (`(keys, what they do)`): editing keys go to the text box, not the keymap.
    pub notes: &'static [(&'static str, &'static str)],
}

/// Keymaps are told apart by identity: each is one `static`.
impl PartialEq for Keymap {
    fn eq(&self, other: &Keymap) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for Keymap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Where a binding applies.
pub type Scope = &'static Keymap;

/// One key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode, KeyModifiers),
    /// Any of 0–9 without modifiers.
    AnyDigit,
}

pub const fn plain(code: KeyCode) -> Key {
    Key::Code(code, KeyModifiers::NONE)
}
pub const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}
pub const fn ctrl(c: char) -> Key {
    Key::Code(KeyCode::Char(c), KeyModifiers::CONTROL)
}
pub const fn shift(code: KeyCode) -> Key {
    Key::Code(code, KeyModifiers::SHIFT)
}

/// A binding: any of `keys` means `action`. `help` says what it does in the help
/// overlay; a binding with `bar` is in the bottom bar, with those words.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    pub bar: Option<&'static str>,
}

/// A binding the help overlay lists.
pub const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help, bar: None }
}

/// A binding the bottom bar shows too: `(help, bar)`.
pub const fn bar(keys: &'static [Key], action: Action, (help, bar): s::BarLabel) -> Binding {
    Binding { keys, action, help, bar: Some(bar) }
}

use Action as A;
use KeyCode as K;

/// Everywhere.
pub static GLOBAL: Keymap = Keymap {
    name: "global",
    notes: &[],
    bindings: &[bar(&[ch('q'), ctrl('c')], A::Quit, s::QUIT), bar(&[plain(K::F(1)), ch('?')], A::Help, s::HELP)],
};

/// The course map.
pub static MAP: Keymap = Keymap {
    name: "map",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], A::Up, s::MAP_UP),
        bind(&[plain(K::Down), ch('j')], A::Down, s::MAP_DOWN),
        bar(&[plain(K::Enter), plain(K::Right), ch('l')], A::Open, s::MAP_OPEN),
        bind(&[plain(K::PageUp)], A::PageUp, s::PAGE_UP),
        bind(&[plain(K::PageDown)], A::PageDown, s::PAGE_DOWN),
        bind(&[plain(K::Home), ch('g')], A::Home, s::HOME),
        bind(&[plain(K::End), ch('G')], A::End, s::END),
        bar(&[ch('s'), plain(K::F(9))], A::Settings, s::MAP_SETTINGS),
        bar(&[ch('S')], A::Submit, s::MAP_SUBMIT),
    ],
};

/// An exercise, whatever its tab.
pub static EXERCISE: Keymap = Keymap {
    name: "exercise",
    notes: &[],
    bindings: &[
        bar(&[plain(K::F(5)), ctrl('s')], A::Check, s::CHECK),
        bar(&[plain(K::F(2)), ctrl('t')], A::Hint, s::HINT),
        bar(&[plain(K::Tab)], A::NextTab, s::NEXT_TAB),
        bind(&[shift(K::BackTab), plain(K::BackTab)], A::PrevTab, s::PREV_TAB),
        bar(&[plain(K::Esc)], A::Back, s::TO_MAP),
    ],
};

/// Reading a text: the prompt, the verdict, the hints.
pub static READING: Keymap = Keymap {
    name: "reading",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], A::Up, s::SCROLL_UP),
        bind(&[plain(K::Down), ch('j')], A::Down, s::SCROLL_DOWN),
        bind(&[plain(K::PageUp)], A::PageUp, s::PAGE_UP),
        bind(&[plain(K::PageDown), ch(' ')], A::PageDown, s::PAGE_DOWN),
        bind(&[plain(K::Home), ch('g')], A::Home, s::HOME),
        bind(&[plain(K::End), ch('G')], A::End, s::END),
    ],
};

/// The first-start form.
pub static STUDENT_FORM: Keymap = Keymap {
    name: "student_form",
    notes: &[],
    bindings: &[
        bar(&[plain(K::Tab), plain(K::Down), plain(K::Up), shift(K::BackTab)], A::NextField, s::FORM_NEXT_FIELD),
        bar(&[plain(K::Enter)], A::Confirm, s::FORM_START),
        bar(&[plain(K::Esc)], A::Quit, s::FORM_QUIT),
    ],
};

/// The name and group changed later, from the map.
pub static SETTINGS_FORM: Keymap = Keymap {
    name: "settings_form",
    notes: &[],
    bindings: &[
        bar(&[plain(K::Tab), plain(K::Down), plain(K::Up), shift(K::BackTab)], A::NextField, s::FORM_NEXT_FIELD),
        bar(&[plain(K::Enter)], A::Confirm, s::FORM_SAVE),
        bar(&[plain(K::Esc)], A::Back, s::FORM_CANCEL),
    ],
};

/// The help overlay.
pub static HELP: Keymap = Keymap {
    name: "help",
    notes: &[],
    bindings: &[
        bar(&[plain(K::Esc), ch('?'), plain(K::F(1)), ch('q')], A::Back, s::HELP_CLOSE),
        bind(&[plain(K::Up), ch('k')], A::Up, s::SCROLL_UP),
        bind(&[plain(K::Down), ch('j')], A::Down, s::SCROLL_DOWN),
    ],
};

/// The keymaps of the screens; the editors list theirs (`editors::keymaps`).
pub const SCREEN_KEYMAPS: &[Scope] = &[&GLOBAL, &MAP, &EXERCISE, &READING, &STUDENT_FORM, &SETTINGS_FORM, &HELP];

/// Does `key` match the pressed key? Shift is ignored for characters (it only picks
/// the character), so `G` and Shift+G are one key.
fn matches(key: &Key, event: &KeyEvent) -> bool {
    let pressed = event.modifiers & !KeyModifiers::SHIFT;
    match (*key, event.code) {
        (Key::AnyDigit, KeyCode::Char(c)) => c.is_ascii_digit() && pressed.is_empty(),
        (Key::AnyDigit, _) => false,
        (Key::Code(KeyCode::Char(want), mods), KeyCode::Char(got)) => want == got && mods == pressed,
        (Key::Code(code, mods), got) => code == got && mods == event.modifiers,
    }
}

/// A key typed as text: a character with no modifier but Shift.
fn is_text(key: &Key) -> bool {
    match key {
        Key::AnyDigit => true,
        Key::Code(KeyCode::Char(_), mods) => (*mods & !KeyModifiers::SHIFT).is_empty(),
        Key::Code(..) => false,
    }
}

/// What `event` means in `scopes` (innermost first). While the learner types text
/// (`typing`), keys that type a character are text, not commands.
pub fn action_for(scopes: &[Scope], event: &KeyEvent, typing: bool) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        scope
            .bindings
            .iter()
            .find(|b| b.keys.iter().any(|k| !(typing && is_text(k)) && matches(k, event)))
            .map(|b| b.action)
    })
}

/// A key as the learner reads it: «Ctrl+S», «F5», «↑», «Пробел».
pub fn key_label(key: &Key) -> String {
    let Key::Code(code, mods) = key else { return "0–9".into() };
    let name = match code {
        KeyCode::Char(' ') => crate::strings::tui::KEY_SPACE.to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift+Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Insert => "Ins".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        // A letter is written as on the key: Ctrl+S; a key's name as it is: Ctrl+Del.
        let name = if name.chars().count() == 1 { name.to_uppercase() } else { name };
        format!("Ctrl+{name}")
    } else if mods.contains(KeyModifiers::SHIFT) && *code != KeyCode::BackTab {
        format!("Shift+{name}")
    } else {
        name
    }
}

/// The keys of the bindings active in `scopes`, as (keys, what they do) lines.
/// Each keymap's notes follow its bindings.
pub fn help_lines(scopes: &[Scope], typing: bool) -> Vec<(String, &'static str)> {
    let active = active(scopes, typing);
    let mut lines = Vec::new();
    for scope in scopes {
        for (_, b, keys) in active.iter().filter(|(s, ..)| s == scope) {
            let mut labels: Vec<String> = Vec::new();
            for label in keys.iter().map(key_label) {
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            lines.push((labels.join(", "), b.help));
        }
        lines.extend(scope.notes.iter().map(|(keys, what)| ((*keys).to_owned(), *what)));
    }
    lines
}

/// The bottom bar's (key, what it does) pairs for `scopes`: the first key of each
/// binding marked for the bar.
pub fn bar_items(scopes: &[Scope], typing: bool) -> Vec<(String, &'static str)> {
    let mut items: Vec<(Scope, String, &'static str)> = active(scopes, typing)
        .into_iter()
        .filter_map(|(scope, b, keys)| Some((scope, key_label(&keys[0]), b.bar?)))
        .collect();
    // What every exercise has (check, hint, tabs) comes first, the program's own keys last.
    items.sort_by_key(|(scope, ..)| match scope {
        s if *s == &EXERCISE => 0,
        s if *s == &GLOBAL => 2,
        _ => 1,
    });
    items.into_iter().map(|(_, key, label)| (key, label)).collect()
}

/// The bindings in `scopes` with the keys that reach them, as [`action_for`] decides: a
/// key an inner scope binds, or that is text while typing, does not reach an outer one.
/// Bindings no key reaches are left out.
fn active(scopes: &[Scope], typing: bool) -> Vec<(Scope, &'static Binding, Vec<Key>)> {
    let mut claimed: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for scope in scopes {
        let mut claimed_here = Vec::new();
        for b in scope.bindings {
            let keys: Vec<Key> =
                b.keys.iter().copied().filter(|k| !(claimed.contains(k) || typing && is_text(k))).collect();
            claimed_here.extend(keys.iter().copied());
            if !keys.is_empty() {
                out.push((*scope, b, keys));
            }
        }
        claimed.extend(claimed_here);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::editors::{self, grid, numeric};

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    const NUMERIC: &[Scope] = &[&numeric::KEYS, &EXERCISE, &GLOBAL];

    #[test]
    fn the_innermost_scope_wins() {
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(&[&grid::PICKER_KEYS, &grid::KEYS, &EXERCISE], &enter, false), Some(A::Place));
        assert_eq!(action_for(&[&grid::KEYS, &EXERCISE], &enter, false), Some(A::Choose));
    }

    #[test]
    fn typing_turns_letters_into_text_but_keeps_control_keys() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(NUMERIC, &q, false), Some(A::Quit));
        assert_eq!(action_for(NUMERIC, &q, true), None);
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(NUMERIC, &ctrl_c, true), Some(A::Quit));
        let f5 = press(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(action_for(NUMERIC, &f5, true), Some(A::Check));
    }

    #[test]
    fn shift_only_picks_the_character() {
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&[&MAP], &big_g, false), Some(A::End));
        let digit = press(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(action_for(&[&grid::KEYS], &digit, false), Some(A::Digit));
        let alt_digit = press(KeyCode::Char('7'), KeyModifiers::ALT);
        assert_eq!(action_for(&[&grid::KEYS], &alt_digit, false), None);
    }

    /// Every keymap of the program: the screens', every editor's and the grader's.
    fn all_keymaps() -> Vec<Scope> {
        SCREEN_KEYMAPS.iter().copied().chain(editors::keymaps()).chain(crate::tui::grader::keymaps()).collect()
    }

    #[test]
    fn every_binding_has_a_russian_label_and_no_key_is_bound_twice_in_a_keymap() {
        let keymaps = all_keymaps();
        assert!(keymaps.len() > SCREEN_KEYMAPS.len(), "the editors' keymaps are listed");
        for keymap in keymaps {
            for b in keymap.bindings {
                let russian = |t: &str| t.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё'));
                assert!(russian(b.help), "{keymap:?} {:?}: {:?}", b.action, b.help);
                assert!(b.bar.is_none_or(|t| !t.trim().is_empty()), "{keymap:?} {:?}: {:?}", b.action, b.bar);
                for other in keymap.bindings.iter().filter(|o| !std::ptr::eq(*o, b)) {
                    for k in b.keys {
                        assert!(!other.keys.contains(k), "{k:?} bound twice in {keymap:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn help_and_bar_come_from_the_table() {
        let help = help_lines(NUMERIC, true);
        assert!(help.iter().any(|(keys, _)| keys == "F5, Ctrl+S"));
        // While typing, `q` is text: the quit line lists Ctrl+C only.
        assert!(help.iter().any(|(keys, label)| keys == "Ctrl+C" && *label == s::QUIT.0));
        // Esc closes the card list; it does not also go back to the map.
        let picker = help_lines(&[&grid::PICKER_KEYS, &EXERCISE, &GLOBAL], false);
        assert!(picker.iter().all(|(_, label)| *label != s::TO_MAP.0), "{picker:?}");
        let bar = bar_items(&[&grid::KEYS, &EXERCISE, &GLOBAL], false);
        let keys: Vec<&str> = bar.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["F5", "F2", "Tab", "Esc", "Enter", "0–9", "Del", "q", "F1"]);
    }
}
