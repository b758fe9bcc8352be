//! An exercise: four tabs — the prompt, the answer (the kind's editor), the result of
//! the last check with its findings (then the instructor's reviews and every attempt,
//! the best marked), and the hints revealed so far.
//!
//! Every change to the answer is saved as a draft at once; every check is recorded as
//! an attempt, every hint revealed is recorded before it is shown.

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Effect, Message, render_scrolled, scrolled, status_sign, wrapped};
use crate::course::{Course, Exercise};
use crate::grading::{self, GradedAttempt, Learner};
use crate::kinds::{Answer, Status, Verdict};
use crate::store::{Attempt, Feedback, Store};
use crate::strings::{tui as s, verdict as verdict_msg};
use crate::tui::editors::{self, Checked, Editor, Env, Handled, View, hit, severity_role};
use crate::tui::job::{Job, Poll};
use crate::tui::keys::{self, Action, Scope};
use crate::tui::text::width;
use crate::tui::theme::{Role, Theme};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Prompt,
    Answer,
    Result,
    Hints,
}

const TABS: [Tab; 4] = [Tab::Prompt, Tab::Answer, Tab::Result, Tab::Hints];

pub struct ExerciseScreen {
    /// Index in `course.exercises`.
    pub index: usize,
    pub tab: Tab,
    editor: Editor,
    prompt: String,
    checked: Option<Checked>,
    /// Number of the last checked attempt and when it was made.
    attempt_info: Option<(usize, String)>,
    /// The attempt that counts: the highest score, the latest among equals (as the course
    /// map and the grader count it).
    best: Option<Best>,
    hints_shown: u32,
    /// Reading positions of the prompt, result and hints tabs.
    scroll: [usize; 4],
    page: usize,
    tab_rects: Vec<(Rect, Tab)>,
    pub message: Option<Message>,
    /// The answer changed since the draft was last written ([`Self::flush_draft`]).
    draft_changed: bool,
    /// A check running in the background, with the answer it grades.
    checking: Option<(Answer, Job<Result<GradedAttempt, String>>)>,
    /// Every attempt's time and verdict, oldest first, and how many could not be read.
    history: Vec<(String, Verdict)>,
    unreadable: u32,
    /// The instructor's reviews (`crm-workbook feedback import`).
    feedback: Vec<Feedback>,
}

/// The learner's own RFM segmentation model: their draft or last attempt of the
/// module's segmentation exercise.
fn learner_model(course: &Course, exercise: &Exercise, store: &Store) -> Option<crate::data::rfm::ModelSpec> {
    use crate::kinds::{Spec, rfm};
    let source = course
        .exercises
        .iter()
        .filter(|e| e.module == exercise.module)
        .find(|e| matches!(&e.spec, Spec::Rfm(s) if s.task == rfm::Task::Segmentation))?;
    match earlier_answer(store, &source.id)? {
        Answer::Rfm(a) => Some(a.model),
        _ => None,
    }
}

/// The learner's draft of another exercise, else their last attempt of it.
fn earlier_answer(store: &Store, id: &str) -> Option<Answer> {
    store.draft(id).ok().flatten().or_else(|| store.attempts(id).ok().and_then(|a| a.last().map(|a| a.answer.clone())))
}

/// An answer a fresh exercise starts from that the learner gave elsewhere: the sales
/// map starts from the learner's own segmentation model, a scenario from the one the
/// exercise names in `draft_from` (pp5's launch from the pp4 specification).
fn carried_over(course: &Course, exercise: &Exercise, store: &Store) -> Option<Answer> {
    use crate::kinds::{Spec, rfm};
    if let Spec::Scenario(spec) = &exercise.spec {
        let Answer::Scenario(a) = earlier_answer(store, spec.draft_from.as_deref()?)? else { return None };
        let text = a.parts.into_values().find(|t| !t.trim().is_empty())?;
        let part = spec.parts.first()?.id.get_ref().clone();
        return Some(Answer::Scenario(crate::kinds::scenario::Answer { parts: [(part, text)].into() }));
    }
    let Spec::Rfm(spec) = &exercise.spec else { return None };
    if spec.task != rfm::Task::SalesMap {
        return None;
    }
    let model = learner_model(course, exercise, store)?;
    Some(Answer::Rfm(rfm::Answer::new(model, String::new())))
}

/// A persona form always carries the learner's current segmentation model, so that its
/// group is the learner's group as it stands now.
fn with_current_model(course: &Course, exercise: &Exercise, store: &Store, answer: Option<Answer>) -> Option<Answer> {
    use crate::kinds::Spec;
    let Spec::Form(spec) = &exercise.spec else { return answer };
    if spec.persona.is_none() {
        return answer;
    }
    let mut form = match answer {
        Some(Answer::Form(a)) => a,
        None => Default::default(),
        other => return other,
    };
    form.rfm_model = learner_model(course, exercise, store);
    Some(Answer::Form(form))
}

/// «Модуль › Упражнение» in `room` columns: the module's title is cut first, so that
/// the exercise's title stays whole as long as it fits.
fn header_title(module: &str, title: &str, room: usize) -> String {
    use crate::tui::text::truncate;
    let full = s::exercise_header(module, title);
    if width(&full) <= room {
        return full;
    }
    let module_room = room.saturating_sub(width(&s::exercise_header("", title)));
    if module_room >= 8 { s::exercise_header(&truncate(module, module_room), title) } else { truncate(title, room) }
}

/// The attempt that counts for the exercise.
struct Best {
    /// 1-based, in the order the attempts were made.
    number: usize,
    earned: f64,
    possible: f64,
    status: Status,
}

impl Best {
    /// Takes attempt `number` when it scores at least as much as the best so far.
    fn keep_better(best: &mut Option<Best>, number: usize, verdict: &Verdict) {
        if best.as_ref().is_none_or(|b| verdict.earned >= b.earned) {
            *best = Some(Best { number, earned: verdict.earned, possible: verdict.possible, status: verdict.status });
        }
    }
}

/// The time of an attempt as the learner reads it.
fn when(a: &Attempt) -> String {
    a.at.format("%d.%m.%Y %H:%M").to_string()
}

impl ExerciseScreen {
    /// Opens exercise `index` for `learner`: the editor starts from the draft, else from
    /// the last attempt, else empty; the last attempt's verdict is shown.
    pub fn open(
        course: &Course,
        index: usize,
        store: &Store,
        learner: &Learner,
    ) -> Result<ExerciseScreen, crate::store::StoreError> {
        let exercise = &course.exercises[index];
        let ctx = grading::context(&course.source, exercise, learner);
        let attempts = store.attempts(&exercise.id)?;
        let last = attempts.last();
        let draft = store.draft_pending(&exercise.id)?;
        // Someone who has worked on it goes straight to the answer; a newcomer reads first.
        let tab = if last.is_some() || draft.is_some() { Tab::Answer } else { Tab::Prompt };
        let pending = draft.as_ref().and_then(|d| d.pending.clone());
        let start = draft
            .map(|d| d.answer)
            .or_else(|| last.map(|a| a.answer.clone()))
            .or_else(|| carried_over(course, exercise, store));
        let start = with_current_model(course, exercise, store, start);
        let editor = editors::open(&exercise.spec, start, ctx.variant, pending.as_deref());
        let hints_shown = store.hints_shown(&exercise.id)?.min(exercise.hints.len() as u32);
        let checked = last.map(|a| Checked { answer: a.answer.clone(), verdict: a.verdict.clone() });
        let attempt_info = last.map(|a| (attempts.len(), when(a)));
        let mut best = None;
        for (i, a) in attempts.iter().enumerate() {
            Best::keep_better(&mut best, i + 1, &a.verdict);
        }
        Ok(ExerciseScreen {
            index,
            tab,
            editor,
            prompt: exercise.prompt_for(&ctx),
            checked,
            attempt_info,
            best,
            hints_shown,
            scroll: [0; 4],
            page: 10,
            tab_rects: Vec::new(),
            message: None,
            draft_changed: false,
            checking: None,
            history: attempts.iter().map(|a| (when(a), a.verdict.clone())).collect(),
            unreadable: store.unreadable_attempts(&exercise.id)?,
            feedback: store.feedback(&exercise.id)?,
        })
    }

    fn tab_index(tab: Tab) -> usize {
        TABS.iter().position(|t| *t == tab).unwrap_or(0)
    }

    /// The key scopes of the screen as it stands, innermost first.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut scopes: Vec<Scope> =
            if self.tab == Tab::Answer { self.editor.scopes().to_vec() } else { vec![&keys::READING] };
        scopes.extend([&keys::EXERCISE, &keys::GLOBAL]);
        scopes
    }

    pub fn typing(&self) -> bool {
        self.tab == Tab::Answer && self.editor.typing()
    }

    pub fn handle_key(
        &mut self,
        action: Option<Action>,
        key: &KeyEvent,
        course: &Course,
        store: &Store,
        learner: &Learner,
    ) -> Effect {
        let exercise = &course.exercises[self.index];
        if self.tab == Tab::Answer {
            let env = Env { source: &course.source, variant: grading::variant(exercise, learner) };
            match self.editor.handle_key(action, key, &env) {
                Handled::Changed => {
                    self.draft_changed = true;
                    return Effect::None;
                }
                Handled::Consumed => return Effect::None,
                Handled::Ignored => {}
            }
        }
        let Some(action) = action else { return Effect::None };
        self.message = None;
        match action {
            Action::Quit => return Effect::Quit,
            Action::Help => return Effect::Help,
            // A check under way is recorded when it ends: leaving now would lose it.
            Action::Back if self.checking.is_some() => self.message = Some(Message::info(s::checking())),
            Action::Back => return Effect::Back,
            Action::Check => self.check(course, store, learner),
            Action::Hint => self.reveal_hint(exercise, store),
            Action::NextTab => self.tab = TABS[(Self::tab_index(self.tab) + 1) % TABS.len()],
            Action::PrevTab => self.tab = TABS[(Self::tab_index(self.tab) + TABS.len() - 1) % TABS.len()],
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                let i = Self::tab_index(self.tab);
                self.scroll[i] = scrolled(self.scroll[i], action, self.page);
            }
            _ => {}
        }
        Effect::None
    }

    pub fn handle_mouse(&mut self, mouse: &MouseEvent) -> Effect {
        if let MouseEventKind::Down(MouseButton::Left) = mouse.kind
            && let Some(&(_, tab)) = self.tab_rects.iter().find(|(r, _)| hit(*r, mouse.column, mouse.row))
        {
            self.tab = tab;
            return Effect::None;
        }
        if self.tab == Tab::Answer {
            if self.editor.handle_mouse(mouse) == Handled::Changed {
                self.draft_changed = true;
            }
            return Effect::None;
        }
        let i = Self::tab_index(self.tab);
        match mouse.kind {
            MouseEventKind::ScrollDown => self.scroll[i] = scrolled(self.scroll[i], Action::Down, 1),
            MouseEventKind::ScrollUp => self.scroll[i] = scrolled(self.scroll[i], Action::Up, 1),
            _ => {}
        }
        Effect::None
    }

    /// Pasted text, taken in at once: one change of the answer, one draft written.
    pub fn handle_paste(&mut self, text: &str) {
        if self.tab == Tab::Answer && self.editor.handle_paste(text) == Handled::Changed {
            self.draft_changed = true;
        }
    }

    /// Writes the draft if the answer changed since it was last written. Changes are
    /// written once per batch of events (the app calls this after taking in every event
    /// already there, and before leaving the exercise): pasted or fast-typed text is one
    /// write, not one per character.
    pub fn flush_draft(&mut self, course: &Course, store: &Store) {
        if self.draft_changed {
            self.save_draft(&course.exercises[self.index], store);
        }
    }

    fn save_draft(&mut self, exercise: &Exercise, store: &Store) {
        self.draft_changed = false;
        self.message = store
            .save_draft_pending(&exercise.id, &self.editor.answer(), self.editor.pending().as_deref())
            .err()
            .map(|e| Message::error(s::store_failed(&e)));
    }

    /// Starts grading the answer as it stands, with the same code as `crm-workbook
    /// check`, on a thread of its own (an SQL answer may take seconds); [`Self::tick`]
    /// records the attempt and shows the result when it is done. A field being typed is
    /// written first, so that what is checked is what is on screen; one whose text cannot
    /// be written is named, and nothing is checked.
    fn check(&mut self, course: &Course, store: &Store, learner: &Learner) {
        if self.checking.is_some() {
            return;
        }
        match self.editor.accept_typing() {
            Ok(Handled::Changed) => self.save_draft(&course.exercises[self.index], store),
            Ok(_) => {}
            Err(problem) => {
                self.tab = Tab::Answer;
                self.message = Some(Message::error(problem));
                return;
            }
        }
        let exercise = course.exercises[self.index].clone();
        let answer = self.editor.answer();
        let source = course.source.clone();
        let learner = learner.clone();
        let graded = answer.clone();
        let job = Job::spawn(move || {
            grading::grade_on(&source, &exercise, &graded, &learner).map_err(|e| s::grading_failed(&e))
        });
        self.checking = Some((answer, job));
        self.message = Some(Message::info(s::checking()));
    }

    /// Is a check or a run in the background?
    pub fn busy(&self) -> bool {
        self.checking.is_some() || self.editor.busy()
    }

    /// Takes in what background work finished: a check is recorded and shown.
    pub fn tick(&mut self, course: &Course, store: &Store) -> Effect {
        self.editor.tick();
        let Some((_, job)) = &self.checking else { return Effect::None };
        let result = match job.poll() {
            Poll::Running => return Effect::None,
            Poll::Done(result) => result,
            Poll::Lost => Err(s::job_lost().to_owned()),
        };
        let Some((answer, _)) = self.checking.take() else { return Effect::None };
        let exercise = &course.exercises[self.index];
        let graded = match result {
            Ok(graded) => graded,
            Err(message) => {
                self.message = Some(Message::error(message));
                return Effect::None;
            }
        };
        // The draft first: a failed attempt record must not lose the answer.
        self.save_draft(exercise, store);
        match store.record_attempt(&exercise.id, &answer, &graded) {
            Ok(attempt) => {
                let number = self.attempt_info.as_ref().map_or(0, |(n, _)| *n) + 1;
                self.attempt_info = Some((number, when(&attempt)));
                self.history.push((when(&attempt), graded.verdict.clone()));
                Best::keep_better(&mut self.best, number, &graded.verdict);
                let verdict = &graded.verdict;
                self.message = Some(Message::info(s::checked_message(
                    verdict_msg::status(verdict.status),
                    verdict.earned,
                    verdict.possible,
                )));
            }
            Err(e) => self.message = Some(Message::error(s::store_failed(&e))),
        }
        self.checked = Some(Checked { answer, verdict: graded.verdict });
        self.scroll[Self::tab_index(Tab::Result)] = 0;
        self.tab = Tab::Result;
        Effect::Checked
    }

    fn reveal_hint(&mut self, exercise: &Exercise, store: &Store) {
        self.tab = Tab::Hints;
        if (self.hints_shown as usize) >= exercise.hints.len() {
            return;
        }
        // Recorded before it is shown: a hint seen is a hint on record.
        match store.record_hint(&exercise.id, self.hints_shown) {
            Ok(()) => {
                self.hints_shown += 1;
                self.scroll[Self::tab_index(Tab::Hints)] = usize::MAX / 2;
            }
            Err(e) => self.message = Some(Message::error(s::store_failed(&e))),
        }
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, course: &Course, best: Option<(f64, f64)>) {
        let exercise = &course.exercises[self.index];
        let [head, tabs, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let module = course.module(&exercise.module).map_or("", |m| m.title.as_str());
        let points = s::points_total(exercise.points);
        let mut right = match best {
            Some((earned, possible)) => format!("{points} · {}", s::best_score(earned, possible)),
            None => points.clone(),
        };
        // The exercise's title comes first: the best score gives way to it, then the module.
        if width(&exercise.title) + width(&right) + 2 > head.width as usize {
            right = points;
        }
        let left_room = (head.width as usize).saturating_sub(width(&right) + 2);
        let title = header_title(module, &exercise.title, left_room);
        let pad = " ".repeat((head.width as usize).saturating_sub(width(&title) + width(&right)));
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(title, theme.style(Role::Title)),
                Span::raw(pad),
                Span::styled(right, theme.style(Role::Muted)),
            ])),
            head,
        );
        self.render_tabs(frame, tabs, theme, exercise);
        let block = Block::bordered().border_style(theme.style(Role::FocusedBorder));
        let inner = block.inner(body);
        frame.render_widget(block, body);
        self.page = inner.height.saturating_sub(1).max(1) as usize;
        let i = Self::tab_index(self.tab);
        match self.tab {
            Tab::Prompt => {
                let mut lines = wrapped(&self.prompt, inner.width, Style::default());
                for line in self.editor.reference() {
                    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                    lines.extend(wrapped(&text, inner.width, line.spans.first().map_or(line.style, |s| s.style)));
                }
                self.scroll[i] = render_scrolled(frame, inner, lines, self.scroll[i]);
            }
            Tab::Answer => {
                let area = self.render_prompt_above(frame, inner, theme);
                let view = View { theme, checked: self.checked.as_ref() };
                self.editor.render(frame, area, &view);
            }
            Tab::Result => {
                let lines = self.result_lines(exercise, theme, inner.width);
                self.scroll[i] = render_scrolled(frame, inner, lines, self.scroll[i]);
            }
            Tab::Hints => {
                let lines = self.hint_lines(exercise, theme, inner.width);
                self.scroll[i] = render_scrolled(frame, inner, lines, self.scroll[i]);
            }
        }
    }

    /// Editors that leave room show the prompt above themselves (a question, a
    /// calculation's numbers); the grid needs all of the area.
    /// Returns the area left for the editor.
    fn render_prompt_above(&self, frame: &mut Frame, area: Rect, theme: &Theme) -> Rect {
        if !self.editor.shows_prompt() {
            return area;
        }
        let mut lines = wrapped(self.prompt.trim(), area.width, Style::default());
        let room = area.height.saturating_sub(self.editor.min_height(area.height)).max(2) as usize;
        if lines.len() > room {
            lines.truncate(room.saturating_sub(1));
            lines.extend(wrapped(s::prompt_continues(), area.width, theme.style(Role::Muted)));
        }
        let height = lines.len() as u16;
        frame.render_widget(Paragraph::new(lines), Rect { height, ..area });
        let rule_y = area.y + height;
        frame.buffer_mut().set_stringn(
            area.x,
            rule_y,
            "─".repeat(area.width as usize),
            area.width as usize,
            theme.style(Role::Border),
        );
        Rect { y: rule_y + 1, height: area.height.saturating_sub(height + 1), ..area }
    }

    fn render_tabs(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, exercise: &Exercise) {
        self.tab_rects.clear();
        let mut x = area.x;
        for tab in TABS {
            let label = match tab {
                Tab::Prompt => s::TAB_PROMPT.to_owned(),
                Tab::Answer => s::TAB_ANSWER.to_owned(),
                Tab::Result => match &self.checked {
                    Some(c) => format!("{} {}", s::TAB_RESULT, status_sign(c.verdict.status).0),
                    None => s::TAB_RESULT.to_owned(),
                },
                Tab::Hints => s::tab_hints(self.hints_shown, exercise.hints.len()),
            };
            let text = format!(" {label} ");
            let w = width(&text) as u16;
            if x + w > area.x + area.width {
                break;
            }
            let style = if tab == self.tab {
                theme.style(Role::Selected).patch(theme.style(Role::Title))
            } else {
                theme.style(Role::Muted)
            };
            let rect = Rect::new(x, area.y, w, 1);
            frame.buffer_mut().set_stringn(x, area.y, &text, w as usize, style);
            self.tab_rects.push((rect, tab));
            x += w + 1;
        }
    }

    fn result_lines(&self, exercise: &Exercise, theme: &Theme, w: u16) -> Vec<Line<'static>> {
        let Some(checked) = &self.checked else { return wrapped(s::not_checked(), w, theme.style(Role::Muted)) };
        let verdict = &checked.verdict;
        let role = status_sign(verdict.status).1;
        let mut lines = wrapped(
            &s::verdict_heading(verdict_msg::status(verdict.status), verdict.earned, verdict.possible),
            w,
            theme.style(role).patch(theme.style(Role::Title)),
        );
        if let Some((n, at)) = &self.attempt_info {
            let changed = self.editor.answer() != checked.answer;
            lines.extend(wrapped(&s::verdict_when(*n, at, changed), w, theme.style(Role::Muted)));
            // A later, worse attempt takes nothing away: say which one counts.
            if let Some(best) = self.best.as_ref().filter(|b| b.number != *n && b.earned > verdict.earned) {
                let text =
                    s::best_attempt_counts(best.number, verdict_msg::status(best.status), best.earned, best.possible);
                lines.extend(wrapped(&text, w, theme.style(status_sign(best.status).1)));
            }
        }
        lines.push(Line::from(""));
        // What to fix first, then remarks, then what is right.
        for row in grading::report::rows_problems_first(exercise, verdict) {
            let text = row.text();
            let style = theme.style(severity_role(row.severity));
            // Continuation lines are indented under the text, past the mark.
            for (i, line) in crate::tui::text::wrap(&text, w.saturating_sub(2) as usize).into_iter().enumerate() {
                lines.push(Line::styled(if i == 0 { line } else { format!("  {line}") }, style));
            }
        }
        // Once passed, the explanation stays, whatever a later attempt gave.
        if self.best.as_ref().is_some_and(|b| b.status == Status::Passed)
            && let Some(explanation) = &exercise.explanation
        {
            lines.push(Line::from(""));
            lines.push(Line::styled(s::EXPLANATION, theme.style(Role::Title)));
            lines.extend(wrapped(explanation.trim(), w, Style::default()));
        }
        lines.extend(self.feedback_lines(theme, w));
        lines.extend(self.history_lines(exercise, theme, w));
        lines
    }

    fn feedback_lines(&self, theme: &Theme, w: u16) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for f in &self.feedback {
            lines.push(Line::from(""));
            lines.push(Line::styled(s::FEEDBACK, theme.style(Role::Title)));
            let at = f.reviewed_at.format("%d.%m.%Y %H:%M").to_string();
            lines.extend(wrapped(
                &s::feedback_heading(&f.reviewer, &at, f.points, f.possible),
                w,
                theme.style(Role::Accent),
            ));
            if f.criteria.len() > 1 {
                for c in &f.criteria {
                    lines.extend(wrapped(&s::feedback_criterion(&c.name, c.points, c.max), w, Style::default()));
                }
            }
            if !f.comment.trim().is_empty() {
                lines.extend(wrapped(f.comment.trim(), w, Style::default()));
            }
        }
        lines
    }

    /// Every attempt with its score, the best marked (the highest, the latest among
    /// equals, as the map counts it), each with what to fix.
    fn history_lines(&self, exercise: &Exercise, theme: &Theme, w: u16) -> Vec<Line<'static>> {
        if self.history.len() < 2 && self.unreadable == 0 {
            return Vec::new();
        }
        // The same attempt the line under the verdict names (`Best`).
        let best = self.best.as_ref().map(|b| b.number - 1);
        let mut lines = vec![Line::from(""), Line::styled(s::HISTORY, theme.style(Role::Title))];
        for (i, (at, v)) in self.history.iter().enumerate() {
            let text = s::history_line(i + 1, at, verdict_msg::status(v.status), v.earned, v.possible, best == Some(i));
            lines.extend(wrapped(&text, w, theme.style(status_sign(v.status).1)));
            for row in grading::report::rows_problems_first(exercise, v)
                .into_iter()
                .filter(|r| !matches!(r.severity, crate::kinds::Severity::Correct))
            {
                let style = theme.style(severity_role(row.severity));
                for line in crate::tui::text::wrap(&row.text(), w.saturating_sub(3) as usize) {
                    lines.push(Line::styled(format!("   {line}"), style));
                }
            }
        }
        if self.unreadable > 0 {
            lines.extend(wrapped(&s::history_unreadable(self.unreadable), w, theme.style(Role::Muted)));
        }
        lines
    }

    fn hint_lines(&self, exercise: &Exercise, theme: &Theme, w: u16) -> Vec<Line<'static>> {
        let total = exercise.hints.len();
        if total == 0 {
            return wrapped(s::no_hints(), w, theme.style(Role::Muted));
        }
        if self.hints_shown == 0 {
            return wrapped(&s::hints_none_shown(total), w, theme.style(Role::Muted));
        }
        let mut lines = Vec::new();
        for (i, hint) in exercise.hints.iter().take(self.hints_shown as usize).enumerate() {
            lines.push(Line::styled(s::hint_heading(i as u32 + 1, total), theme.style(Role::Accent)));
            lines.extend(wrapped(hint.trim(), w, Style::default()));
            lines.push(Line::from(""));
        }
        let left = total - self.hints_shown as usize;
        let tail = if left > 0 { s::hints_more(left) } else { s::hints_all_shown().to_owned() };
        lines.extend(wrapped(&tail, w, theme.style(Role::Muted)));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::header_title;
    use crate::tui::text::width;

    #[test]
    fn the_header_cuts_the_module_before_the_exercise_title() {
        let module =
            "Практическая подготовка 2. Сегментация клиентской базы. Метод персонажей. Сервисы по созданию персонажей";
        let title = "RFM-сегментация участников программы лояльности";
        let header = header_title(module, title, 86);
        assert!(header.ends_with(&format!("› {title}")), "{header}");
        assert!(header.starts_with("Практическая подготовка 2"), "{header}");
        assert!(width(&header) <= 86);
        // Too narrow for both: the title alone, cut.
        let header = header_title(module, title, 30);
        assert!(header.starts_with("RFM-сегментация") && width(&header) <= 30, "{header}");
        assert_eq!(header_title("М", "У", 40), "М › У");
    }
}
