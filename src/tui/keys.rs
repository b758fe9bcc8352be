//! Every key binding of the workbook, in one table. Screens never look at key codes
//! themselves: they ask [`action_for`] what a key press means in their scopes, and the
//! help overlay and the bottom bar are generated from the same table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

use crate::strings::tui as s;

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
    /// Add a segment rule after the one under the cursor (rfm).
    AddRule,
    /// Open or close the SQL console over the segmented table (rfm).
    Console,
    /// Write the submission file for the instructor (course map).
    Submit,
}

/// Where a binding applies. A screen passes the scopes it is in, innermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Map,
    Exercise,
    /// Reading a text: the prompt, the verdict, the hints.
    Reading,
    Grid,
    GridPicker,
    Choice,
    Order,
    Numeric,
    /// Writing SQL.
    Sql,
    /// Reading the result of the SQL run.
    SqlResult,
    /// The RFM editor, whatever it shows (form or console).
    Rfm,
    /// The RFM form, moving between fields.
    RfmForm,
    /// Typing into a field of the RFM form.
    RfmField,
    StudentForm,
    Help,
    /// The grader's lists: groups, the review queue.
    GradeList,
    /// The grader's matrix of students × exercises.
    GradeMatrix,
    /// Reading a student's answer with its findings (grader).
    GradeAnswer,
    /// Typing a review: points per criterion and a comment (grader).
    GradeReview,
}

/// One key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode, KeyModifiers),
    /// Any of 0–9 without modifiers.
    AnyDigit,
}

const fn plain(code: KeyCode) -> Key {
    Key::Code(code, KeyModifiers::NONE)
}
const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}
const fn ctrl(c: char) -> Key {
    Key::Code(KeyCode::Char(c), KeyModifiers::CONTROL)
}
const fn shift(code: KeyCode) -> Key {
    Key::Code(code, KeyModifiers::SHIFT)
}

/// A binding: in `scope`, any of `keys` means `action`; `bar` puts it in the bottom bar.
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub bar: bool,
}

const fn bind(scope: Scope, keys: &'static [Key], action: Action, bar: bool) -> Binding {
    Binding { scope, keys, action, bar }
}

use Action as A;
use KeyCode as K;
use Scope as S;

/// The keymap. Order matters only for the help overlay and the bar.
pub const BINDINGS: &[Binding] = &[
    // Everywhere.
    bind(S::Global, &[ch('q'), ctrl('c')], A::Quit, true),
    bind(S::Global, &[plain(K::F(1)), ch('?')], A::Help, true),
    // The course map.
    bind(S::Map, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::Map, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::Map, &[plain(K::Enter), plain(K::Right), ch('l')], A::Open, true),
    bind(S::Map, &[plain(K::PageUp)], A::PageUp, false),
    bind(S::Map, &[plain(K::PageDown)], A::PageDown, false),
    bind(S::Map, &[plain(K::Home), ch('g')], A::Home, false),
    bind(S::Map, &[plain(K::End), ch('G')], A::End, false),
    bind(S::Map, &[ch('s')], A::Submit, true),
    // An exercise, whatever its tab.
    bind(S::Exercise, &[plain(K::F(5)), ctrl('s')], A::Check, true),
    bind(S::Exercise, &[plain(K::F(2)), ctrl('t')], A::Hint, true),
    bind(S::Exercise, &[plain(K::Tab)], A::NextTab, true),
    bind(S::Exercise, &[shift(K::BackTab), plain(K::BackTab)], A::PrevTab, false),
    bind(S::Exercise, &[plain(K::Esc)], A::Back, true),
    // Reading the prompt, the verdict or the hints.
    bind(S::Reading, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::Reading, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::Reading, &[plain(K::PageUp)], A::PageUp, false),
    bind(S::Reading, &[plain(K::PageDown), ch(' ')], A::PageDown, false),
    bind(S::Reading, &[plain(K::Home), ch('g')], A::Home, false),
    bind(S::Reading, &[plain(K::End), ch('G')], A::End, false),
    // The grid editor.
    bind(S::Grid, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::Grid, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::Grid, &[plain(K::Left), ch('h')], A::Left, false),
    bind(S::Grid, &[plain(K::Right), ch('l')], A::Right, false),
    bind(S::Grid, &[plain(K::Enter), ch(' ')], A::Choose, true),
    bind(S::Grid, &[Key::AnyDigit], A::Digit, true),
    bind(S::Grid, &[plain(K::Delete), plain(K::Backspace), ch('x')], A::Remove, true),
    // The grid's list of cards.
    bind(S::GridPicker, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::GridPicker, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::GridPicker, &[plain(K::PageUp)], A::PageUp, false),
    bind(S::GridPicker, &[plain(K::PageDown)], A::PageDown, false),
    bind(S::GridPicker, &[plain(K::Enter), ch(' ')], A::Place, true),
    bind(S::GridPicker, &[Key::AnyDigit], A::Digit, true),
    bind(S::GridPicker, &[plain(K::Backspace)], A::EraseDigit, false),
    bind(S::GridPicker, &[plain(K::Esc)], A::Back, true),
    // The choice editor.
    bind(S::Choice, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::Choice, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::Choice, &[ch(' '), plain(K::Enter), ch('x')], A::Toggle, true),
    // The order editor.
    bind(S::Order, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::Order, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::Order, &[shift(K::Up), ch('K')], A::MoveUp, true),
    bind(S::Order, &[shift(K::Down), ch('J')], A::MoveDown, true),
    bind(S::Order, &[ch(' '), plain(K::Enter)], A::Grab, true),
    // The numeric editor: a line of text; Enter checks.
    bind(S::Numeric, &[plain(K::Enter)], A::Check, false),
    // The SQL editor: a text; its result.
    bind(S::Sql, &[ctrl('r'), plain(K::F(9))], A::Run, true),
    bind(S::Sql, &[ctrl('e'), plain(K::F(10))], A::RunToCursor, false),
    bind(S::Sql, &[plain(K::F(7))], A::NextPart, true),
    bind(S::Sql, &[plain(K::F(6))], A::PrevPart, false),
    bind(S::Sql, &[plain(K::F(3))], A::Focus, true),
    bind(S::Sql, &[plain(K::F(4))], A::Schema, true),
    bind(S::SqlResult, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::SqlResult, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::SqlResult, &[plain(K::Left), ch('h')], A::Left, false),
    bind(S::SqlResult, &[plain(K::Right), ch('l')], A::Right, false),
    bind(S::SqlResult, &[plain(K::PageUp)], A::PageUp, false),
    bind(S::SqlResult, &[plain(K::PageDown)], A::PageDown, false),
    // The RFM editor: the form, a field being typed, the console.
    bind(S::Rfm, &[plain(K::F(8))], A::Console, true),
    bind(S::RfmForm, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::RfmForm, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::RfmForm, &[plain(K::Left), ch('h')], A::Left, false),
    bind(S::RfmForm, &[plain(K::Right), ch('l')], A::Right, false),
    bind(S::RfmForm, &[plain(K::Enter)], A::Choose, true),
    bind(S::RfmForm, &[plain(K::Insert), ch('+')], A::AddRule, true),
    bind(S::RfmForm, &[plain(K::Delete)], A::Remove, true),
    bind(S::RfmForm, &[plain(K::PageUp)], A::PageUp, false),
    bind(S::RfmForm, &[plain(K::PageDown)], A::PageDown, false),
    bind(S::RfmField, &[plain(K::Enter)], A::Confirm, true),
    bind(S::RfmField, &[plain(K::Esc)], A::Back, true),
    // The first-start form.
    bind(S::StudentForm, &[plain(K::Tab), plain(K::Down), plain(K::Up), shift(K::BackTab)], A::NextField, true),
    bind(S::StudentForm, &[plain(K::Enter)], A::Confirm, true),
    bind(S::StudentForm, &[plain(K::Esc)], A::Quit, true),
    // The grader's gradebook.
    bind(S::GradeList, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::GradeList, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::GradeList, &[plain(K::Enter), plain(K::Right)], A::Open, true),
    bind(S::GradeList, &[plain(K::Tab)], A::NextTab, true),
    bind(S::GradeList, &[plain(K::Esc), plain(K::Left)], A::Back, true),
    bind(S::GradeMatrix, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::GradeMatrix, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::GradeMatrix, &[plain(K::Left), ch('h')], A::Left, false),
    bind(S::GradeMatrix, &[plain(K::Right), ch('l')], A::Right, false),
    bind(S::GradeMatrix, &[plain(K::Enter)], A::Open, true),
    bind(S::GradeMatrix, &[plain(K::Tab)], A::NextTab, true),
    bind(S::GradeMatrix, &[plain(K::Esc)], A::Back, true),
    bind(S::GradeAnswer, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::GradeAnswer, &[plain(K::Down), ch('j')], A::Down, false),
    bind(S::GradeAnswer, &[plain(K::PageUp)], A::PageUp, false),
    bind(S::GradeAnswer, &[plain(K::PageDown), ch(' ')], A::PageDown, false),
    bind(S::GradeAnswer, &[plain(K::Enter), ch('r')], A::Open, true),
    bind(S::GradeAnswer, &[plain(K::Esc)], A::Back, true),
    bind(S::GradeReview, &[plain(K::Tab), plain(K::Down), plain(K::Up), shift(K::BackTab)], A::NextField, true),
    bind(S::GradeReview, &[plain(K::F(5)), ctrl('s')], A::Check, true),
    bind(S::GradeReview, &[plain(K::Backspace)], A::EraseDigit, false),
    bind(S::GradeReview, &[plain(K::Esc)], A::Back, true),
    // The help overlay.
    bind(S::Help, &[plain(K::Esc), ch('?'), plain(K::F(1)), ch('q')], A::Back, true),
    bind(S::Help, &[plain(K::Up), ch('k')], A::Up, false),
    bind(S::Help, &[plain(K::Down), ch('j')], A::Down, false),
];

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
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.iter().any(|k| !(typing && is_text(k)) && matches(k, event)))
            .map(|b| b.action)
    })
}

/// A key as the learner reads it: «Ctrl+S», «F5», «↑», «Пробел».
pub fn key_label(key: &Key) -> String {
    let Key::Code(code, mods) = key else { return "0–9".into() };
    let name = match code {
        KeyCode::Char(' ') => s::KEY_SPACE.to_owned(),
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
        format!("Ctrl+{}", name.to_uppercase())
    } else if mods.contains(KeyModifiers::SHIFT) && *code != KeyCode::BackTab {
        format!("Shift+{name}")
    } else {
        name
    }
}

/// The keys of the bindings active in `scopes`, as (keys, what they do) lines.
pub fn help_lines(scopes: &[Scope], typing: bool) -> Vec<(String, &'static str)> {
    active(scopes, typing)
        .into_iter()
        .map(|(b, keys)| {
            let mut labels: Vec<String> = Vec::new();
            for label in keys.iter().map(key_label) {
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            (labels.join(", "), s::action_label(b.action, b.scope))
        })
        .collect()
}

/// The bottom bar's (key, what it does) pairs for `scopes`: the first key of each
/// binding marked for the bar.
pub fn bar_items(scopes: &[Scope], typing: bool) -> Vec<(String, &'static str)> {
    let mut items: Vec<(Scope, String, &'static str)> = active(scopes, typing)
        .into_iter()
        .filter(|(b, _)| b.bar)
        .map(|(b, keys)| (b.scope, key_label(&keys[0]), s::bar_label(b.action, b.scope)))
        .collect();
    // What every exercise has (check, hint, tabs) comes first, the program's own keys last.
    items.sort_by_key(|(scope, ..)| match scope {
        Scope::Exercise => 0,
        Scope::Global => 2,
        _ => 1,
    });
    items.into_iter().map(|(_, key, label)| (key, label)).collect()
}

/// The bindings in `scopes` with the keys that reach them, as [`action_for`] decides: a
/// key an inner scope binds, or that is text while typing, does not reach an outer one.
/// Bindings no key reaches are left out.
fn active(scopes: &[Scope], typing: bool) -> Vec<(&'static Binding, Vec<Key>)> {
    let mut claimed: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for scope in scopes {
        let mut claimed_here = Vec::new();
        for b in BINDINGS.iter().filter(|b| b.scope == *scope) {
            let keys: Vec<Key> =
                b.keys.iter().copied().filter(|k| !(claimed.contains(k) || typing && is_text(k))).collect();
            claimed_here.extend(keys.iter().copied());
            if !keys.is_empty() {
                out.push((b, keys));
            }
        }
        claimed.extend(claimed_here);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_innermost_scope_wins() {
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(&[S::GridPicker, S::Grid, S::Exercise], &enter, false), Some(A::Place));
        assert_eq!(action_for(&[S::Grid, S::Exercise], &enter, false), Some(A::Choose));
    }

    #[test]
    fn typing_turns_letters_into_text_but_keeps_control_keys() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(&[S::Numeric, S::Exercise, S::Global], &q, false), Some(A::Quit));
        assert_eq!(action_for(&[S::Numeric, S::Exercise, S::Global], &q, true), None);
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&[S::Numeric, S::Exercise, S::Global], &ctrl_c, true), Some(A::Quit));
        let f5 = press(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(action_for(&[S::Numeric, S::Exercise, S::Global], &f5, true), Some(A::Check));
    }

    #[test]
    fn shift_only_picks_the_character() {
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&[S::Map], &big_g, false), Some(A::End));
        let digit = press(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(action_for(&[S::Grid], &digit, false), Some(A::Digit));
        let alt_digit = press(KeyCode::Char('7'), KeyModifiers::ALT);
        assert_eq!(action_for(&[S::Grid], &alt_digit, false), None);
    }

    #[test]
    fn every_binding_has_a_russian_label_and_no_key_is_bound_twice_in_a_scope() {
        for b in BINDINGS {
            assert!(!s::action_label(b.action, b.scope).is_empty());
            for other in BINDINGS.iter().filter(|o| o.scope == b.scope && !std::ptr::eq(*o, b)) {
                for k in b.keys {
                    assert!(!other.keys.contains(k), "{k:?} bound twice in {:?}", b.scope);
                }
            }
        }
    }

    #[test]
    fn help_and_bar_come_from_the_table() {
        let help = help_lines(&[S::Numeric, S::Exercise, S::Global], true);
        assert!(help.iter().any(|(keys, _)| keys == "F5, Ctrl+S"));
        // While typing, `q` is text: the quit line lists Ctrl+C only.
        assert!(help.iter().any(|(keys, label)| keys == "Ctrl+C" && *label == s::action_label(A::Quit, S::Global)));
        // Esc closes the card list; it does not also go back to the map.
        let picker = help_lines(&[S::GridPicker, S::Exercise, S::Global], false);
        assert!(picker.iter().all(|(_, label)| *label != s::action_label(A::Back, S::Exercise)), "{picker:?}");
        let bar = bar_items(&[S::Grid, S::Exercise, S::Global], false);
        let keys: Vec<&str> = bar.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["F5", "F2", "Tab", "Esc", "Enter", "0–9", "Del", "q", "F1"]);
    }
}
