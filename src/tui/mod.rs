//! The terminal interface: the course map, the exercises and their editors.
//!
//! Everything here draws and reacts; grading, the course and the store know nothing of
//! it. The terminal is restored on every way out: a normal quit, an error, a panic (the
//! hook restores it before the panic message prints), and Ctrl+C, which in raw mode is a
//! key like any other and quits through the keymap.

pub mod app;
pub mod editors;
pub mod grader;
mod job;
pub mod keys;
pub mod screens;
pub mod text;
pub mod theme;
pub mod widgets;

use std::io::{self, IsTerminal, Stdout};
use std::process::ExitCode;

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::course::Course;
use crate::store::{Store, StoreError};
use crate::strings::tui as s;
pub use app::App;
use theme::Theme;

/// Why the workbook could not run, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{}", s::not_a_terminal())]
    NotATerminal,
    #[error("{0}")]
    Start(#[from] StoreError),
    #[error("{}", s::terminal_error(.0))]
    Terminal(#[from] io::Error),
}

impl RunError {
    /// The process's exit status: 2 for what the user can change (the input, the
    /// progress file), 1 for a terminal that failed.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            RunError::NotATerminal | RunError::Start(_) => ExitCode::from(2),
            RunError::Terminal(_) => ExitCode::FAILURE,
        }
    }
}

/// Runs the workbook on a loaded course and an open progress file until the learner quits.
pub fn run(course: Course, store: Store) -> Result<(), RunError> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(RunError::NotATerminal);
    }
    let mut app = App::new(course, store, Theme::from_env())?;
    Ok(run_app(&mut app)?)
}

/// How often the screen looks at jobs running in the background.
const TICK: std::time::Duration = std::time::Duration::from_millis(50);

/// What the terminal loop runs: the workbook or the grader's screen.
pub trait Running {
    fn draw(&mut self, frame: &mut ratatui::Frame);
    fn handle(&mut self, event: crossterm::event::Event);
    fn tick(&mut self);
    fn should_quit(&self) -> bool;
    /// Quits as the quit key would (the workbook writes the open draft first).
    fn quit(&mut self);
}

impl Running for App {
    fn draw(&mut self, frame: &mut ratatui::Frame) {
        App::draw(self, frame);
    }
    fn handle(&mut self, event: crossterm::event::Event) {
        App::handle(self, event);
    }
    fn tick(&mut self) {
        App::tick(self);
    }
    fn should_quit(&self) -> bool {
        App::should_quit(self)
    }
    fn quit(&mut self) {
        App::quit(self);
    }
}

/// The grader's screen on a gradebook (`crm-workbook grade`).
pub fn run_grader(app: &mut grader::GraderApp) -> Result<(), RunError> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(RunError::NotATerminal);
    }
    Ok(run_app(app)?)
}

fn run_app(app: &mut impl Running) -> io::Result<()> {
    let mut terminal = TerminalGuard::enter()?;
    while !app.should_quit() {
        terminal.0.draw(|frame| app.draw(frame))?;
        // Waiting at most a tick, so that a job finished meanwhile shows at once; then
        // every event already there before the next frame (pasted text, fast typing).
        let mut wait = TICK;
        while !app.should_quit() && crossterm::event::poll(wait)? {
            let event = crossterm::event::read()?;
            dispatch(app, event, terminal.0.size()?);
            wait = std::time::Duration::ZERO;
        }
        app.tick();
    }
    Ok(())
}

/// Hands `event` to the app, unless the window is below the minimum: the screen then
/// shows only how to fix that, and a key would act on a screen nobody sees (open an
/// answer, save a review), so only the quit keys act.
fn dispatch(app: &mut impl Running, event: crossterm::event::Event, size: ratatui::layout::Size) {
    if size.width >= app::MIN_WIDTH && size.height >= app::MIN_HEIGHT {
        app.handle(event);
        return;
    }
    if let crossterm::event::Event::Key(key) = &event
        && key.kind != crossterm::event::KeyEventKind::Release
        && keys::action_for(&[&keys::GLOBAL], key, false) == Some(keys::Action::Quit)
    {
        app.quit();
    }
}

/// The terminal in raw mode on the alternate screen with the mouse captured, for as
/// long as the value lives.
struct TerminalGuard(Terminal<CrosstermBackend<Stdout>>);

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        // A panic on the main thread ends the program: give the terminal back first. (A
        // background job's panic is reported on its screen instead.)
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("main") {
                restore();
            }
            previous(info);
        }));
        enable_raw_mode()?;
        // Bracketed paste: a paste arrives as one event, not a key per character.
        let entered = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste)
            .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match entered {
            Ok(terminal) => Ok(TerminalGuard(terminal)),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        let _ = self.0.show_cursor();
    }
}

/// Leaves the terminal as it was found; errors are ignored, there is nothing better to do.
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture, LeaveAlternateScreen);
}

#[cfg(test)]
mod tests {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Size;

    use super::*;

    #[derive(Default)]
    struct Recorder {
        handled: Vec<Event>,
        quit: bool,
    }

    impl Running for Recorder {
        fn draw(&mut self, _: &mut ratatui::Frame) {}
        fn handle(&mut self, event: Event) {
            self.handled.push(event);
        }
        fn tick(&mut self) {}
        fn should_quit(&self) -> bool {
            self.quit
        }
        fn quit(&mut self) {
            self.quit = true;
        }
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn a_window_below_the_minimum_takes_only_the_quit_keys() {
        let small = Size::new(60, 20);
        let mut app = Recorder::default();
        for event in [
            key(KeyCode::Enter, KeyModifiers::NONE),
            key(KeyCode::F(5), KeyModifiers::NONE),
            key(KeyCode::Char('s'), KeyModifiers::CONTROL),
            Event::Paste("текст".into()),
            Event::Resize(60, 20),
        ] {
            dispatch(&mut app, event, small);
        }
        assert!(app.handled.is_empty() && !app.quit, "{:?}", app.handled);
        dispatch(&mut app, key(KeyCode::Char('q'), KeyModifiers::NONE), small);
        assert!(app.quit);
        let mut app = Recorder::default();
        dispatch(&mut app, key(KeyCode::Char('c'), KeyModifiers::CONTROL), Size::new(80, 23));
        assert!(app.quit && app.handled.is_empty());
    }

    #[test]
    fn a_window_at_the_minimum_gets_every_event() {
        let mut app = Recorder::default();
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        dispatch(&mut app, enter.clone(), Size::new(80, 24));
        dispatch(&mut app, q.clone(), Size::new(120, 40));
        assert_eq!(app.handled, [enter, q], "the app decides what q means there (text in an editor)");
        assert!(!app.quit);
    }
}
