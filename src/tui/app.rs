//! The app: owns the course, the store and the screens; turns terminal events into
//! actions through the keymap and carries out what the screens ask for.

use std::collections::BTreeMap;

use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Paragraph, Wrap};

use super::keys::{self, Action, Scope, action_for};
use super::screens::exercise::ExerciseScreen;
use super::screens::help::Help;
use super::screens::map::Map;
use super::screens::student::StudentForm;
use super::screens::{Effect, Message, render_bar, render_message};
use super::theme::{Role, Theme};
use crate::course::Course;
use crate::grading::Learner;
use crate::store::{Progress, Store, StoreError};
use crate::strings::tui as s;

/// The name-and-group form's keys: at the first start Esc quits, later it cancels.
fn form_keys(form: &StudentForm) -> Scope {
    if form.is_settings() { &keys::SETTINGS_FORM } else { &keys::STUDENT_FORM }
}

/// The smallest terminal the screens are laid out for: the grid shows a whole table at
/// this size.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

enum Screen {
    Student(Box<StudentForm>),
    Map,
    Exercise(Box<ExerciseScreen>),
}

pub struct App {
    course: Course,
    store: Store,
    theme: Theme,
    learner: Option<Learner>,
    screen: Screen,
    map: Map,
    help: Option<Help>,
    progress: BTreeMap<String, Progress>,
    message: Option<Message>,
    quit: bool,
    /// Where the course map's submit key writes the submission file.
    submit_dir: std::path::PathBuf,
}

impl App {
    /// The app on `course` with the progress in `store`. The learner is the store's
    /// (`student` names one for a store that has none yet, as `--student` does); without
    /// one the first-start form asks. A learner who has worked before is taken back to
    /// the exercise they had open last.
    pub fn new(course: Course, store: Store, theme: Theme) -> Result<App, StoreError> {
        let learner = store.learner()?;
        let progress = store.progress()?;
        let map = Map::new(&course);
        let mut app = App {
            course,
            store,
            theme,
            screen: if learner.is_some() { Screen::Map } else { Screen::Student(Box::default()) },
            learner,
            map,
            help: None,
            progress,
            message: None,
            quit: false,
            submit_dir: std::env::current_dir().unwrap_or_default(),
        };
        if app.learner.is_some() {
            app.resume()?;
        }
        Ok(app)
    }

    fn resume(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.store.last_exercise()? else { return Ok(()) };
        if let Some(index) = self.course.exercises.iter().position(|e| e.id == id) {
            self.map.select_exercise(index);
            self.open(index);
        }
        Ok(())
    }

    /// Where the submit key writes the submission file (the current folder by default).
    pub fn set_submit_dir(&mut self, dir: std::path::PathBuf) {
        self.submit_dir = dir;
    }

    /// The progress store, for tests that look at what was recorded.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Quits as the quit key does: what was typed since the last write goes into the draft.
    pub fn quit(&mut self) {
        self.apply(Effect::Quit);
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The learner the exercises are shown to (nobody yet on the first-start form).
    fn learner(&self) -> Learner {
        self.learner.clone().unwrap_or_else(|| Learner::by_name(""))
    }

    /// The key scopes of what is on screen, innermost first.
    fn scopes(&self) -> Vec<Scope> {
        if self.help.is_some() {
            return vec![&keys::HELP, &keys::GLOBAL];
        }
        match &self.screen {
            Screen::Student(form) => vec![form_keys(form), &keys::GLOBAL],
            Screen::Map => vec![&keys::MAP, &keys::GLOBAL],
            Screen::Exercise(e) => e.scopes(),
        }
    }

    /// The scopes the help overlay describes: those of the screen under it.
    fn screen_scopes(&self) -> Vec<Scope> {
        match &self.screen {
            Screen::Student(form) => vec![form_keys(form), &keys::GLOBAL],
            Screen::Map => vec![&keys::MAP, &keys::GLOBAL],
            Screen::Exercise(e) => e.scopes(),
        }
    }

    fn typing(&self) -> bool {
        match &self.screen {
            Screen::Student(_) => true,
            Screen::Map => false,
            Screen::Exercise(e) => self.help.is_none() && e.typing(),
        }
    }

    pub fn handle(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(&key),
            Event::Mouse(mouse) => self.handle_mouse(&mouse),
            Event::Paste(text) => self.handle_paste(&text),
            // Resizes need nothing but the redraw that follows every event.
            _ => {}
        }
    }

    fn handle_key(&mut self, key: &KeyEvent) {
        let action = action_for(&self.scopes(), key, self.typing());
        if let Some(help) = &mut self.help {
            match action {
                Some(Action::Back) => self.help = None,
                Some(Action::Quit) => self.quit = true,
                Some(a @ (Action::Up | Action::Down)) => help.scroll = super::screens::scrolled(help.scroll, a, 1),
                _ => {}
            }
            return;
        }
        self.message = None;
        let effect = match &mut self.screen {
            Screen::Student(form) => {
                let (effect, typed) = form.handle(action, key);
                if let Some((name, group)) = typed {
                    match self.store.set_student(&name, &group).and_then(|()| self.store.learner()) {
                        Ok(learner) => self.learner = learner,
                        Err(e) => {
                            self.message = Some(Message::error(s::store_failed(&e)));
                            return;
                        }
                    }
                }
                effect
            }
            Screen::Map => action.map_or(Effect::None, |a| self.map.handle(a)),
            Screen::Exercise(screen) => {
                let learner = self.learner.clone().unwrap_or_else(|| Learner::by_name(""));
                screen.handle_key(action, key, &self.course, &self.store, &learner)
            }
        };
        self.apply(effect);
    }

    /// Pasted text (bracketed paste): one event, however long.
    fn handle_paste(&mut self, text: &str) {
        if self.help.is_some() {
            return;
        }
        match &mut self.screen {
            Screen::Student(form) => form.paste(text),
            Screen::Map => {}
            Screen::Exercise(screen) => screen.handle_paste(text),
        }
    }

    /// Writes what changed of the answer being worked on: once per batch of events.
    fn flush_draft(&mut self) {
        if let Screen::Exercise(screen) = &mut self.screen {
            screen.flush_draft(&self.course, &self.store);
        }
    }

    /// Writes the draft if the answer changed, and takes in background work that
    /// finished (a check, an SQL run). The run loop calls it after the events of a batch.
    pub fn tick(&mut self) {
        self.flush_draft();
        if let Screen::Exercise(screen) = &mut self.screen {
            let effect = screen.tick(&self.course, &self.store);
            self.apply(effect);
        }
    }

    /// Is background work running? (Tests wait for it.)
    pub fn busy(&self) -> bool {
        matches!(&self.screen, Screen::Exercise(screen) if screen.busy())
    }

    fn handle_mouse(&mut self, mouse: &MouseEvent) {
        if self.help.is_some() {
            return;
        }
        let effect = match &mut self.screen {
            Screen::Student(_) => Effect::None,
            Screen::Map => self.map.handle_mouse(mouse),
            Screen::Exercise(screen) => screen.handle_mouse(mouse),
        };
        self.apply(effect);
    }

    fn apply(&mut self, effect: Effect) {
        // Leaving the exercise: what was typed since the last write goes into the draft.
        if matches!(effect, Effect::Back | Effect::Quit | Effect::Open(_)) {
            self.flush_draft();
        }
        match effect {
            Effect::None => {}
            Effect::Quit => self.quit = true,
            Effect::Help => self.help = Some(Help::default()),
            Effect::StudentSet => self.screen = Screen::Map,
            Effect::Back => {
                if let Screen::Exercise(e) = &self.screen {
                    self.map.select_exercise(e.index);
                }
                self.refresh_progress();
                self.screen = Screen::Map;
            }
            Effect::Open(index) => self.open(index),
            Effect::Checked => self.refresh_progress(),
            Effect::Submit => {
                let out = self.submit_dir.join(crate::grader::bundle::default_file_name(&self.learner()));
                self.message = Some(match crate::grader::bundle::submit(&self.store, &self.course, &out) {
                    Ok((path, ..)) => Message::info(crate::strings::grader::submitted_short(&path)),
                    Err(e) => Message::error(e),
                });
            }
            Effect::Settings => {
                let (name, group) = self.learner.as_ref().map_or(("", ""), |s| (s.name.as_str(), s.group.as_str()));
                self.screen = Screen::Student(Box::new(StudentForm::settings(name, group)));
            }
        }
    }

    fn open(&mut self, index: usize) {
        let id = self.course.exercises[index].id.clone();
        match ExerciseScreen::open(&self.course, index, &self.store, &self.learner()) {
            Ok(screen) => {
                self.screen = Screen::Exercise(Box::new(screen));
                if let Err(e) = self.store.set_last_exercise(&id) {
                    self.message = Some(Message::error(s::store_failed(&e)));
                }
            }
            Err(e) => self.message = Some(Message::error(s::store_failed(&e))),
        }
    }

    fn refresh_progress(&mut self) {
        match self.store.progress() {
            Ok(p) => self.progress = p,
            Err(e) => self.message = Some(Message::error(s::store_failed(&e))),
        }
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = s::too_small(area.width, area.height, MIN_WIDTH, MIN_HEIGHT);
            frame.render_widget(
                Paragraph::new(text).wrap(Wrap { trim: true }).style(self.theme.style(Role::Accent)),
                area,
            );
            return;
        }
        let [body, message, bar] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)]).areas(area);
        let theme = self.theme;
        match &mut self.screen {
            Screen::Student(form) => form.render(frame, body, &theme, &self.course.title),
            Screen::Map => self.map.render(frame, body, &theme, &self.course, self.learner.as_ref(), &self.progress),
            Screen::Exercise(screen) => {
                let best =
                    self.progress.get(&self.course.exercises[screen.index].id).map(|p| (p.best_earned, p.possible));
                screen.render(frame, body, &theme, &self.course, best);
            }
        }
        let screen_message = match &self.screen {
            Screen::Exercise(e) => e.message.clone(),
            Screen::Student(form) => form.error.map(Message::error),
            Screen::Map => self.map.message.clone(),
        };
        if let Some(m) = self.message.as_ref().or(screen_message.as_ref()) {
            render_message(frame, message, &theme, m);
        }
        let scopes = self.scopes();
        render_bar(frame, bar, &theme, &scopes, self.typing());
        let under = self.screen_scopes();
        let typing = match &self.screen {
            Screen::Exercise(e) => e.typing(),
            _ => matches!(self.screen, Screen::Student(_)),
        };
        if let Some(help) = &mut self.help {
            help.render(frame, area, &theme, &under, typing);
        }
    }
}
