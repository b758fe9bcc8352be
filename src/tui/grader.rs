//! `crm-workbook grade` without a subcommand: the grader's screen. Groups → students ×
//! exercises as a matrix of scores (coloured by status), a student's answer with its
//! findings, and the review queue: each attempt awaiting review beside the exercise's
//! rubric and the automatic findings; the reviewer gives points per criterion and a
//! comment, saves, and the next one opens.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::keys::{Action, Binding, GLOBAL, Keymap, Scope, action_for, bar, bind, ch, ctrl, plain, shift};
use super::screens::{Message, render_bar, render_message, render_scrolled, scrolled, wrapped};
use super::text::truncate;
use super::theme::{Role, Theme};
use crate::course::{Course, Exercise};
use crate::grader::gradebook::{AttemptRow, Gradebook};
use crate::grader::sheet::{self, Book, CellStatus, Criterion};
use crate::grader::similarity;
use crate::kinds::Verdict;
use crate::strings::{grader as gmsg, keys as k, tui as s, verdict as vmsg};

use Action as A;
use KeyCode as K;

const UP: Binding = bind(&[plain(K::Up), ch('k')], A::Up, k::UP);
const DOWN: Binding = bind(&[plain(K::Down), ch('j')], A::Down, k::DOWN);

/// The lists: groups, the review queue.
pub static LIST_KEYS: Keymap = Keymap {
    name: "grade_list",
    notes: &[],
    bindings: &[
        UP,
        DOWN,
        bar(&[plain(K::Enter), plain(K::Right)], A::Open, k::GRADE_LIST_OPEN),
        bar(&[plain(K::Tab)], A::NextTab, k::GRADE_SWITCH),
        bar(&[plain(K::Esc), plain(K::Left)], A::Back, k::GRADE_BACK),
    ],
};

/// The matrix of students × exercises.
pub static MATRIX_KEYS: Keymap = Keymap {
    name: "grade_matrix",
    notes: &[],
    bindings: &[
        UP,
        DOWN,
        bind(&[plain(K::Left), ch('h')], A::Left, k::GRADE_MATRIX_LEFT),
        bind(&[plain(K::Right), ch('l')], A::Right, k::GRADE_MATRIX_RIGHT),
        bar(&[plain(K::Enter)], A::Open, k::GRADE_MATRIX_OPEN),
        bar(&[plain(K::Tab)], A::NextTab, k::GRADE_SWITCH),
        bar(&[plain(K::Esc)], A::Back, k::GRADE_BACK),
    ],
};

/// A student's answer with its findings.
pub static ANSWER_KEYS: Keymap = Keymap {
    name: "grade_answer",
    notes: &[],
    bindings: &[
        bind(&[plain(K::Up), ch('k')], A::Up, k::SCROLL_UP),
        bind(&[plain(K::Down), ch('j')], A::Down, k::SCROLL_DOWN),
        bind(&[plain(K::PageUp)], A::PageUp, k::PAGE_UP),
        bind(&[plain(K::PageDown), ch(' ')], A::PageDown, k::PAGE_DOWN),
        bar(&[plain(K::Enter), ch('r')], A::Open, k::GRADE_ANSWER_REVIEW),
        bar(&[plain(K::Esc)], A::Back, k::GRADE_BACK),
    ],
};

/// Typing a review: points per criterion and a comment.
pub static REVIEW_KEYS: Keymap = Keymap {
    name: "grade_review",
    notes: &[],
    bindings: &[
        bar(
            &[plain(K::Tab), plain(K::Down), plain(K::Up), shift(K::BackTab)],
            A::NextField,
            k::GRADE_REVIEW_NEXT_FIELD,
        ),
        bar(&[plain(K::F(5)), ctrl('s')], A::Check, k::GRADE_REVIEW_SAVE),
        bind(&[plain(K::Backspace)], A::EraseDigit, k::GRADE_REVIEW_ERASE),
        bar(&[plain(K::Esc)], A::Back, k::GRADE_REVIEW_CANCEL),
    ],
};

/// The grader screen's keymaps (for the keymap tests).
pub fn keymaps() -> [Scope; 4] {
    [&LIST_KEYS, &MATRIX_KEYS, &ANSWER_KEYS, &REVIEW_KEYS]
}

#[derive(Debug, Clone, PartialEq)]
enum View {
    Groups,
    Matrix,
    /// An attempt opened from the matrix or the queue.
    Answer {
        attempt: i64,
        from_queue: bool,
    },
    Queue,
    Review(ReviewForm),
}

#[derive(Debug, Clone, PartialEq)]
struct ReviewForm {
    attempt: i64,
    criteria: Vec<Criterion>,
    /// What is typed per criterion, then the comment last.
    fields: Vec<String>,
    focus: usize,
    from_queue: bool,
}

pub struct GraderApp {
    course: Course,
    gradebook: Gradebook,
    book: Book,
    reviewer: String,
    theme: Theme,
    view: View,
    groups: Vec<String>,
    group: usize,
    student: usize,
    column: usize,
    queue: usize,
    scroll: usize,
    message: Option<Message>,
    quit: bool,
}

fn cell_role(status: CellStatus) -> Role {
    match status {
        CellStatus::NotStarted => Role::Muted,
        CellStatus::Passed | CellStatus::Reviewed => Role::Correct,
        CellStatus::Partial => Role::Missing,
        CellStatus::Failed => Role::Wrong,
        CellStatus::AwaitingReview => Role::Accent,
    }
}

impl GraderApp {
    pub fn new(course: Course, gradebook: Gradebook, reviewer: String, theme: Theme) -> Result<GraderApp, String> {
        let book = Book::read(&gradebook)?;
        let groups = book.groups();
        Ok(GraderApp {
            course,
            gradebook,
            book,
            reviewer,
            theme,
            view: View::Groups,
            groups,
            group: 0,
            student: 0,
            column: 0,
            queue: 0,
            scroll: 0,
            message: None,
            quit: false,
        })
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    fn scopes(&self) -> Vec<Scope> {
        let inner: Scope = match self.view {
            View::Groups | View::Queue => &LIST_KEYS,
            View::Matrix => &MATRIX_KEYS,
            View::Answer { .. } => &ANSWER_KEYS,
            View::Review(_) => &REVIEW_KEYS,
        };
        vec![inner, &GLOBAL]
    }

    fn typing(&self) -> bool {
        matches!(self.view, View::Review(_))
    }

    fn students(&self) -> Vec<&crate::grader::gradebook::LearnerRow> {
        let group = self.groups.get(self.group).map(String::as_str).unwrap_or_default();
        self.book.learners.iter().filter(|l| l.group.trim() == group).collect()
    }

    fn attempt(&self, id: i64) -> Option<&AttemptRow> {
        self.book.attempts.iter().find(|a| a.id == id)
    }

    pub fn handle(&mut self, event: Event) {
        let Event::Key(key) = event else { return };
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.message = None;
        let action = action_for(&self.scopes(), &key, self.typing());
        if let View::Review(form) = &mut self.view {
            match action {
                Some(Action::Quit) => self.quit = true,
                Some(Action::NextField) => {
                    let n = form.fields.len();
                    form.focus = if key.code == KeyCode::Up || key.code == KeyCode::BackTab {
                        (form.focus + n - 1) % n
                    } else {
                        (form.focus + 1) % n
                    };
                }
                Some(Action::EraseDigit) => {
                    form.fields[form.focus].pop();
                }
                Some(Action::Back) => {
                    let (attempt, from_queue) = (form.attempt, form.from_queue);
                    self.view = View::Answer { attempt, from_queue };
                }
                Some(Action::Check) => self.save_review(),
                _ => type_into(form, &key),
            }
            return;
        }
        let Some(action) = action else { return };
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.message = Some(Message::info(gmsg::tui_keys_hint())),
            Action::NextTab => {
                self.view = if self.view == View::Queue { View::Groups } else { View::Queue };
                self.scroll = 0;
            }
            _ => self.navigate(action),
        }
    }

    fn navigate(&mut self, action: Action) {
        let queue_len = self.book.review_queue(&self.course).len();
        match (&self.view, action) {
            (View::Groups, Action::Up) => self.group = self.group.saturating_sub(1),
            (View::Groups, Action::Down) => self.group = (self.group + 1).min(self.groups.len().saturating_sub(1)),
            (View::Groups, Action::Open) if !self.groups.is_empty() => {
                self.view = View::Matrix;
                self.student = 0;
            }
            (View::Groups, Action::Back) => self.quit = true,
            (View::Matrix, Action::Up) => self.student = self.student.saturating_sub(1),
            (View::Matrix, Action::Down) => {
                self.student = (self.student + 1).min(self.students().len().saturating_sub(1))
            }
            (View::Matrix, Action::Left) => self.column = self.column.saturating_sub(1),
            (View::Matrix, Action::Right) => {
                self.column = (self.column + 1).min(self.course.exercises.len().saturating_sub(1));
            }
            (View::Matrix, Action::Back) => self.view = View::Groups,
            (View::Matrix, Action::Open) => {
                let Some(l) = self.students().get(self.student).map(|l| l.id.clone()) else { return };
                let Some(exercise) = self.course.exercises.get(self.column) else { return };
                match self.book.cell(&l, exercise).best_attempt {
                    Some(attempt) => {
                        self.view = View::Answer { attempt, from_queue: false };
                        self.scroll = 0;
                    }
                    None => self.message = Some(Message::info(gmsg::no_attempt(&l, &exercise.id))),
                }
            }
            (View::Queue, Action::Up) => self.queue = self.queue.saturating_sub(1),
            (View::Queue, Action::Down) => self.queue = (self.queue + 1).min(queue_len.saturating_sub(1)),
            (View::Queue, Action::Back) => self.view = View::Groups,
            (View::Queue, Action::Open) => {
                if let Some(a) = self.book.review_queue(&self.course).get(self.queue) {
                    self.view = View::Answer { attempt: a.id, from_queue: true };
                    self.scroll = 0;
                }
            }
            (View::Answer { attempt, from_queue }, Action::Open) => {
                let (attempt, from_queue) = (*attempt, *from_queue);
                let Some(a) = self.attempt(attempt) else { return };
                let Some(exercise) = self.course.exercise(&a.exercise_id) else { return };
                let criteria = sheet::rubric(exercise);
                let mut fields = vec![String::new(); criteria.len()];
                fields.push(String::new());
                self.view = View::Review(ReviewForm { attempt, criteria, fields, focus: 0, from_queue });
            }
            (View::Answer { from_queue, .. }, Action::Back) => {
                self.view = if *from_queue { View::Queue } else { View::Matrix };
            }
            (View::Answer { .. }, a) => self.scroll = scrolled(self.scroll, a, 10),
            _ => {}
        }
    }

    fn save_review(&mut self) {
        let View::Review(form) = &self.view else { return };
        let Some(a) = self.attempt(form.attempt).cloned() else { return };
        let Some(exercise) = self.course.exercise(&a.exercise_id) else { return };
        // An empty field is a criterion without points: `check_points` names them all.
        let parsed: Result<Vec<(String, f64)>, String> = form
            .criteria
            .iter()
            .zip(&form.fields)
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(c, text)| {
                let value = text.trim().replace(',', ".");
                value
                    .parse::<f64>()
                    .map(|v| (c.name.clone(), v))
                    .map_err(|_| gmsg::bad_points_arg(&format!("{}={text}", c.name)))
            })
            .collect();
        let comment = form.fields.last().cloned().unwrap_or_default();
        let from_queue = form.from_queue;
        let saved = parsed.and_then(|given| sheet::check_points(&form.criteria, &given)).and_then(|criteria| {
            self.gradebook.add_review(
                &a.learner_id,
                &a.exercise_id,
                &a.answer_hash,
                &self.reviewer,
                &criteria,
                f64::from(exercise.points),
                comment.trim(),
            )
        });
        match saved.and_then(|r| Book::read(&self.gradebook).map(|b| (r, b))) {
            Ok((review, book)) => {
                self.book = book;
                let label = self.learner_label(&a.learner_id);
                self.message =
                    Some(Message::info(gmsg::reviewed(&label, &a.exercise_id, review.points, review.possible)));
                // On to the next attempt awaiting review, or back where the review began.
                let queue = self.book.review_queue(&self.course);
                self.view = match (from_queue, queue.get(self.queue.min(queue.len().saturating_sub(1)))) {
                    (true, Some(next)) => View::Answer { attempt: next.id, from_queue: true },
                    (true, None) => View::Queue,
                    (false, _) => View::Matrix,
                };
                self.queue = self.queue.min(queue.len().saturating_sub(1));
                self.scroll = 0;
            }
            Err(e) => self.message = Some(Message::error(e)),
        }
    }

    fn learner_label(&self, id: &str) -> String {
        self.book.learners.iter().find(|l| l.id == id).map_or(id.to_owned(), |l| gmsg::learner_label(&l.name, &l.group))
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < super::app::MIN_WIDTH || area.height < super::app::MIN_HEIGHT {
            let text = s::too_small(area.width, area.height, super::app::MIN_WIDTH, super::app::MIN_HEIGHT);
            frame.render_widget(
                Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }).style(self.theme.style(Role::Accent)),
                area,
            );
            return;
        }
        let [head, body, message, bar] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)])
                .areas(area);
        let queue_len = self.book.review_queue(&self.course).len();
        let title = gmsg::tui_title(&self.course.title, self.book.learners.len(), queue_len);
        frame.render_widget(
            Paragraph::new(Line::styled(truncate(&title, area.width as usize), self.theme.style(Role::Title))),
            head,
        );
        match self.view.clone() {
            View::Groups => self.draw_groups(frame, body),
            View::Matrix => self.draw_matrix(frame, body),
            View::Queue => self.draw_queue(frame, body),
            View::Answer { attempt, .. } => self.draw_answer(frame, body, attempt, None),
            View::Review(form) => self.draw_answer(frame, body, form.attempt, Some(&form)),
        }
        if let Some(m) = &self.message {
            render_message(frame, message, &self.theme, m);
        }
        render_bar(frame, bar, &self.theme, &self.scopes(), self.typing());
    }

    fn list(&self, frame: &mut Frame, area: Rect, title: &str, items: &[(String, Role)], selected: usize) {
        let block = Block::bordered().title(title.to_owned()).border_style(self.theme.style(Role::FocusedBorder));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let height = inner.height as usize;
        let offset = selected.saturating_sub(height.saturating_sub(1));
        for (slot, (i, (text, role))) in items.iter().enumerate().skip(offset).take(height).enumerate() {
            let mut style = self.theme.style(*role);
            if i == selected {
                style = style.patch(self.theme.style(Role::Selected));
            }
            let rect = Rect::new(inner.x, inner.y + slot as u16, inner.width, 1);
            frame.buffer_mut().set_style(rect, style);
            frame.buffer_mut().set_stringn(inner.x, rect.y, text, inner.width as usize, style);
        }
    }

    fn draw_groups(&self, frame: &mut Frame, area: Rect) {
        if self.groups.is_empty() {
            frame.render_widget(
                Paragraph::new(wrapped(&gmsg::tui_empty(), area.width, self.theme.style(Role::Muted))),
                area,
            );
            return;
        }
        let items: Vec<(String, Role)> = self
            .groups
            .iter()
            .map(|g| {
                let sheet = self.book.sheet(&self.course, Some(g));
                let shown = if g.is_empty() { gmsg::NO_GROUP } else { g };
                (gmsg::tui_group_line(shown, sheet.students.len()), Role::Title)
            })
            .collect();
        self.list(frame, area, gmsg::TUI_GROUPS, &items, self.group);
    }

    fn draw_matrix(&self, frame: &mut Frame, area: Rect) {
        let group = self.groups.get(self.group).cloned().unwrap_or_default();
        let sheet = self.book.sheet(&self.course, Some(&group));
        let block = Block::bordered()
            .title(gmsg::tui_matrix_title(if group.is_empty() { gmsg::NO_GROUP } else { &group }))
            .border_style(self.theme.style(Role::FocusedBorder));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        const NAME: usize = 20;
        const CELL: usize = 5;
        const TOTAL: usize = 11;
        let room = (inner.width as usize).saturating_sub(NAME + TOTAL) / CELL;
        let first = self.column.saturating_sub(room.saturating_sub(1));
        let columns: Vec<usize> = (first..sheet.exercises.len()).take(room.max(1)).collect();
        let buf_w = inner.width as usize;
        // Header: exercise numbers.
        let mut head = vec![Span::raw(format!("{:<NAME$}", ""))];
        for &c in &columns {
            let style = if c == self.column { self.theme.style(Role::Selected) } else { self.theme.style(Role::Muted) };
            head.push(Span::styled(format!("{:>CELL$}", c + 1), style));
        }
        head.push(Span::styled(
            format!("{:>6} {:>4}", gmsg::TUI_TOTAL, gmsg::TUI_GRADE),
            self.theme.style(Role::Title),
        ));
        let mut lines = vec![Line::from(head)];
        let rows = (inner.height as usize).saturating_sub(3);
        let offset = self.student.saturating_sub(rows.saturating_sub(1));
        for (i, st) in sheet.students.iter().enumerate().skip(offset).take(rows) {
            let name_style = if i == self.student { self.theme.style(Role::Selected) } else { Style::default() };
            let mut spans = vec![Span::styled(format!("{:<NAME$}", truncate(&st.learner.name, NAME - 1)), name_style)];
            for &c in &columns {
                let cell = &st.cells[c];
                let text = match cell.status {
                    CellStatus::NotStarted => "·".to_owned(),
                    CellStatus::AwaitingReview => format!("{}…", vmsg::points(cell.earned)),
                    _ => vmsg::points(cell.earned),
                };
                let mut style = self.theme.style(cell_role(cell.status));
                if i == self.student && c == self.column {
                    style = style.patch(self.theme.style(Role::Selected));
                }
                spans.push(Span::styled(format!("{:>CELL$}", truncate(&text, CELL - 1)), style));
            }
            let total = format!("{:>6} {:>4}", vmsg::points(st.total), st.grade.clone().unwrap_or_default());
            spans.push(Span::styled(total, self.theme.style(Role::Title)));
            lines.push(Line::from(spans));
        }
        if let Some(e) = sheet.exercises.get(self.column) {
            lines.push(Line::from(""));
            let about = gmsg::tui_column(self.column + 1, &e.id, &e.title, e.points);
            lines.push(Line::styled(truncate(&about, buf_w), self.theme.style(Role::Muted)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_queue(&self, frame: &mut Frame, area: Rect) {
        let queue = self.book.review_queue(&self.course);
        if queue.is_empty() {
            frame.render_widget(
                Paragraph::new(wrapped(&gmsg::queue_empty(), area.width, self.theme.style(Role::Muted))),
                area,
            );
            return;
        }
        let items: Vec<(String, Role)> = queue
            .iter()
            .map(|a| {
                (
                    gmsg::queue_line(&self.learner_label(&a.learner_id), &a.exercise_id, a.seq, a.verdict.earned),
                    Role::Accent,
                )
            })
            .collect();
        self.list(frame, area, &gmsg::tui_queue_title(queue.len()), &items, self.queue.min(queue.len() - 1));
    }

    /// The answer on the left; on the right the automatic findings and the rubric. When
    /// reviewing, the findings go under the answer and the right side is the form: each
    /// criterion with its maximum, what the reviewer looks for and its points field, the
    /// total, the comment.
    fn draw_answer(&mut self, frame: &mut Frame, area: Rect, attempt: i64, form: Option<&ReviewForm>) {
        let Some(a) = self.attempt(attempt).cloned() else { return };
        let Some(exercise) = self.course.exercise(&a.exercise_id).cloned() else { return };
        let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
        let (answer_area, findings_area) = match form {
            Some(_) => {
                let [top, bottom] =
                    Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(left);
                (top, Some(bottom))
            }
            None => (left, None),
        };
        let block = Block::bordered()
            .title(truncate(
                &format!("{} — {}", self.learner_label(&a.learner_id), a.exercise_id),
                answer_area.width as usize - 2,
            ))
            .border_style(self.theme.style(if form.is_some() { Role::Border } else { Role::FocusedBorder }));
        let inner = block.inner(answer_area);
        frame.render_widget(block, answer_area);
        let w = inner.width;
        let at = crate::grader::gradebook::parse_time(&a.at)
            .map_or(a.at.clone(), |t| t.format("%d.%m.%Y %H:%M").to_string());
        let mut lines = wrapped(&gmsg::tui_attempt(a.seq, &at, a.hints_shown), w, self.theme.style(Role::Muted));
        lines.push(Line::from(""));
        let text = similarity::answer_text(&a.answer);
        if text.trim().is_empty() {
            // The answer's JSON, line by line with its indentation.
            let json = serde_json::to_string_pretty(&a.answer).unwrap_or_default();
            lines.extend(json.lines().map(|l| Line::raw(truncate(l, w as usize))));
        } else {
            lines.extend(wrapped(&text, w, Style::default()));
        }
        self.scroll = render_scrolled(frame, inner, lines, self.scroll);

        let check = |area: Rect, focused: bool| {
            let block = Block::bordered()
                .title(gmsg::TUI_CHECK.to_owned())
                .border_style(self.theme.style(if focused { Role::FocusedBorder } else { Role::Border }));
            (block.inner(area), block)
        };
        if let (Some(form), Some(findings_area)) = (form, findings_area) {
            let (inner, block) = check(findings_area, false);
            frame.render_widget(block, findings_area);
            let mut lines = findings(&exercise, &a.verdict, &self.theme, inner.width);
            lines.extend(self.review_lines(&a, inner.width));
            render_scrolled(frame, inner, lines, 0);

            let block = Block::bordered()
                .title(gmsg::TUI_REVIEW_FORM.to_owned())
                .border_style(self.theme.style(Role::FocusedBorder));
            let inner = block.inner(right);
            frame.render_widget(block, right);
            let (lines, focused) = form_lines(form, &exercise, &self.theme, inner.width);
            // The focused field and what it looks for stay in view.
            let height = inner.height as usize;
            let scroll = if focused.end <= height { 0 } else { (focused.end - height).min(focused.start) };
            render_scrolled(frame, inner, lines, scroll);
            return;
        }
        let (inner, block) = check(right, false);
        frame.render_widget(block, right);
        let w = inner.width;
        let mut lines = findings(&exercise, &a.verdict, &self.theme, w);
        lines.extend(self.review_lines(&a, w));
        lines.push(Line::from(""));
        lines.push(Line::styled(gmsg::TUI_RUBRIC, self.theme.style(Role::Title)));
        for c in sheet::rubric(&exercise) {
            lines.extend(wrapped(&gmsg::tui_criterion(&c.name, c.max, None), w, Style::default()));
            lines.extend(wrapped(&c.description, w, self.theme.style(Role::Muted)));
        }
        render_scrolled(frame, inner, lines, 0);
    }

    /// The latest review of the attempt's answer, if there is one.
    fn review_lines(&self, a: &AttemptRow, w: u16) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(r) = self.book.review_of(&a.learner_id, &a.exercise_id, &a.answer_hash) {
            lines.push(Line::from(""));
            let at = crate::grader::gradebook::parse_time(&r.at)
                .map_or(r.at.clone(), |t| t.format("%d.%m.%Y %H:%M").to_string());
            lines.extend(wrapped(
                &gmsg::tui_reviewed(&r.reviewer, &at, r.points, r.possible),
                w,
                self.theme.style(Role::Correct),
            ));
            if !r.comment.is_empty() {
                lines.extend(wrapped(&r.comment, w, Style::default()));
            }
        }
        lines
    }
}

/// The review form's lines — one line per criterion with its points field and maximum,
/// the total so far, the comment, then the focused criterion's full name and what the
/// reviewer looks for — and the lines of the focused field.
fn form_lines(
    form: &ReviewForm,
    exercise: &Exercise,
    theme: &Theme,
    w: u16,
) -> (Vec<Line<'static>>, std::ops::Range<usize>) {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut focused = 0..0;
    let selected = |on: bool| if on { theme.style(Role::Selected) } else { Style::default() };
    for (i, c) in form.criteria.iter().enumerate() {
        let typed = form.fields.get(i).map_or("", String::as_str);
        let line = gmsg::tui_criterion(&c.name, c.max, Some(typed));
        if form.focus == i {
            focused = lines.len()..lines.len() + 1;
        }
        lines.push(Line::styled(truncate(&line, w as usize), selected(form.focus == i)));
    }
    let typed: Vec<Option<f64>> =
        form.fields.iter().take(form.criteria.len()).map(|t| t.trim().replace(',', ".").parse::<f64>().ok()).collect();
    let sum: f64 = typed.iter().flatten().sum();
    let complete = typed.iter().all(Option::is_some);
    lines.push(Line::styled(gmsg::tui_total(sum, f64::from(exercise.points), complete), theme.style(Role::Title)));
    let start = lines.len();
    let on_comment = form.focus + 1 == form.fields.len();
    lines.push(Line::styled(gmsg::TUI_COMMENT, theme.style(Role::Title)));
    let comment = form.fields.last().cloned().unwrap_or_default();
    let mut c = wrapped(&format!("{comment}{}", if on_comment { "▏" } else { "" }), w, selected(on_comment));
    if c.is_empty() {
        c.push(Line::styled("▏", selected(on_comment)));
    }
    lines.extend(c);
    if on_comment {
        focused = start..lines.len();
    }
    if let Some(c) = form.criteria.get(form.focus) {
        lines.extend(wrapped(&gmsg::tui_criterion_heading(c.max), w, theme.style(Role::Title)));
        lines.extend(wrapped(&c.description, w, theme.style(Role::Muted)));
    }
    (lines, focused)
}

fn findings(exercise: &Exercise, verdict: &Verdict, theme: &Theme, w: u16) -> Vec<Line<'static>> {
    let (_, role) = super::screens::status_sign(verdict.status);
    let mut lines = wrapped(
        &s::verdict_heading(vmsg::status(verdict.status), verdict.earned, verdict.possible),
        w,
        theme.style(role),
    );
    for row in crate::grading::report::rows_problems_first(exercise, verdict) {
        lines.extend(wrapped(&row.text(), w, theme.style(super::editors::severity_role(row.severity))));
    }
    lines
}

/// A typed character into the focused field: digits, a decimal mark, and in the
/// comment any text.
fn type_into(form: &mut ReviewForm, key: &KeyEvent) {
    let KeyCode::Char(c) = key.code else { return };
    let comment = form.focus == form.fields.len() - 1;
    if comment || c.is_ascii_digit() || c == ',' || c == '.' {
        form.fields[form.focus].push(c);
    }
}

impl super::Running for GraderApp {
    fn draw(&mut self, frame: &mut Frame) {
        GraderApp::draw(self, frame);
    }
    fn handle(&mut self, event: Event) {
        GraderApp::handle(self, event);
    }
    fn tick(&mut self) {}
    fn should_quit(&self) -> bool {
        self.quit
    }
    fn quit(&mut self) {
        self.quit = true;
    }
}
