//! The course map: modules with their progress, exercises with status and score, and
//! on the right the module's intro or the exercise's facts.

use std::collections::BTreeMap;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph};

use super::{Effect, render_scrolled, scrolled, status_sign, wrapped};
use crate::course::Course;
use crate::grading::{self, Learner};
use crate::kinds::Status;
use crate::store::Progress;
use crate::strings::{store as store_msg, tui as s, verdict};
use crate::tui::editors::hit;
use crate::tui::keys::Action;
use crate::tui::text::{truncate, width};
use crate::tui::theme::{Role, Theme};

/// A line of the map's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Module(usize),
    /// An exercise, by its index in `course.exercises`.
    Exercise(usize),
}

pub struct Map {
    entries: Vec<Entry>,
    selected: usize,
    offset: usize,
    detail_scroll: usize,
    rects: Vec<(Rect, usize)>,
    /// What the map tells the learner (Enter on a module that has no exercises yet).
    pub message: Option<super::Message>,
}

/// Earned and possible points of some exercises: possible counts every exercise, tried
/// or not.
fn score<'a>(
    course: &Course,
    ids: impl Iterator<Item = &'a String>,
    progress: &BTreeMap<String, Progress>,
) -> (f64, f64) {
    ids.filter_map(|id| course.exercise(id)).fold((0.0, 0.0), |(e, p), ex| {
        (e + progress.get(&ex.id).map_or(0.0, |pr| pr.best_earned), p + f64::from(ex.points))
    })
}

/// The mark of an exercise's status on the map.
fn status_mark(progress: Option<&Progress>) -> (&'static str, Role) {
    progress.map_or(("·", Role::Muted), |p| status_sign(p.best_status))
}

impl Map {
    pub fn new(course: &Course) -> Map {
        let mut entries = Vec::new();
        for (m, module) in course.modules.iter().enumerate() {
            entries.push(Entry::Module(m));
            for id in &module.exercise_ids {
                if let Some(i) = course.exercises.iter().position(|e| &e.id == id) {
                    entries.push(Entry::Exercise(i));
                }
            }
        }
        let selected = entries.iter().position(|e| matches!(e, Entry::Exercise(_))).unwrap_or(0);
        Map { entries, selected, offset: 0, detail_scroll: 0, rects: Vec::new(), message: None }
    }

    /// Puts the cursor on an exercise (the one the learner comes back from).
    pub fn select_exercise(&mut self, index: usize) {
        if let Some(p) = self.entries.iter().position(|e| *e == Entry::Exercise(index)) {
            self.selected = p;
        }
    }

    /// Opens the exercise under the cursor; on a module's line, goes to its first exercise.
    fn open_selected(&mut self) -> Effect {
        match self.entries.get(self.selected) {
            Some(Entry::Exercise(i)) => Effect::Open(*i),
            Some(Entry::Module(_)) => {
                if let Some(Entry::Exercise(_)) = self.entries.get(self.selected + 1) {
                    self.selected += 1;
                    self.detail_scroll = 0;
                } else {
                    // A module «скоро»: say what it is rather than do nothing.
                    self.message = Some(super::Message::info(s::module_soon_opened()));
                }
                Effect::None
            }
            None => Effect::None,
        }
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        self.message = None;
        let last = self.entries.len().saturating_sub(1);
        let before = self.selected;
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Home => self.selected = 0,
            Action::End => self.selected = last,
            Action::PageUp | Action::PageDown => self.detail_scroll = scrolled(self.detail_scroll, action, 10),
            Action::Open => return self.open_selected(),
            Action::Settings => return Effect::Settings,
            Action::Quit => return Effect::Quit,
            Action::Help => return Effect::Help,
            Action::Submit => return Effect::Submit,
            _ => {}
        }
        if self.selected != before {
            self.detail_scroll = 0;
        }
        Effect::None
    }

    pub fn handle_mouse(&mut self, mouse: &MouseEvent) -> Effect {
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let Some(&(_, i)) = self.rects.iter().find(|(r, _)| hit(*r, mouse.column, mouse.row)) else {
                    return Effect::None;
                };
                if i == self.selected {
                    return self.open_selected();
                }
                self.selected = i;
                self.detail_scroll = 0;
                Effect::None
            }
            MouseEventKind::ScrollDown => self.handle(Action::Down),
            MouseEventKind::ScrollUp => self.handle(Action::Up),
            _ => Effect::None,
        }
    }

    pub fn render(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        course: &Course,
        learner: Option<&Learner>,
        progress: &BTreeMap<String, Progress>,
    ) {
        let [head, gauge, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let who = learner.map(|l| s::student_line(&l.name, &l.group)).unwrap_or_default();
        let title_room = (area.width as usize).saturating_sub(width(&who) + 2);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(truncate(&course.title, title_room), theme.style(Role::Title)),
                Span::raw("  "),
                Span::styled(who, theme.style(Role::Muted)),
            ])),
            head,
        );
        let all: Vec<&String> = course.modules.iter().flat_map(|m| m.exercise_ids.iter()).collect();
        let (earned, possible) = score(course, all.iter().copied(), progress);
        let passed =
            all.iter().filter(|id| progress.get(id.as_str()).is_some_and(|p| p.best_status == Status::Passed)).count();
        let ratio = if possible > 0.0 { (earned / possible).clamp(0.0, 1.0) } else { 0.0 };
        frame.render_widget(
            LineGauge::default()
                .ratio(ratio)
                .label(
                    s::course_progress(earned, possible, passed, all.len())
                        + &course.grade_for(earned).map(s::course_grade).unwrap_or_default(),
                )
                .filled_style(theme.style(Role::Correct))
                .unfilled_style(theme.style(Role::Muted)),
            gauge,
        );

        let [list, detail] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        self.render_list(frame, list, theme, course, progress);
        self.render_detail(frame, detail, theme, course, progress, learner);
    }

    fn render_list(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        course: &Course,
        progress: &BTreeMap<String, Progress>,
    ) {
        let block = Block::bordered().title(s::MAP_LIST_TITLE).border_style(theme.style(Role::FocusedBorder));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let height = inner.height as usize;
        self.offset =
            crate::tui::editors::keep_in_view(self.offset, self.selected, &vec![1; self.entries.len()], height);
        self.rects.clear();
        let w = inner.width as usize;
        for (slot, (i, entry)) in self.entries.iter().enumerate().skip(self.offset).take(height).enumerate() {
            let y = inner.y + slot as u16;
            let (text, role) = match entry {
                Entry::Module(m) => {
                    let module = &course.modules[*m];
                    let (earned, possible) = score(course, module.exercise_ids.iter(), progress);
                    let right = if possible > 0.0 {
                        format!(" {} {:>3.0}%", gauge_bar(earned / possible, 8), 100.0 * earned / possible)
                    } else {
                        format!(" {}", s::module_soon())
                    };
                    let title = truncate(&module.title, w.saturating_sub(width(&right)));
                    let pad = " ".repeat(w.saturating_sub(width(&title) + width(&right)));
                    (format!("{title}{pad}{right}"), Role::Title)
                }
                Entry::Exercise(e) => {
                    let ex = &course.exercises[*e];
                    let p = progress.get(&ex.id);
                    let (mark, _) = status_mark(p);
                    let right = match p {
                        Some(p) => format!(" {}/{}", verdict::points(p.best_earned), verdict::points(p.possible)),
                        None => format!(" –/{}", ex.points),
                    };
                    let left = format!("  {mark} ");
                    let title = truncate(&ex.title, w.saturating_sub(width(&left) + width(&right)));
                    let pad = " ".repeat(w.saturating_sub(width(&left) + width(&title) + width(&right)));
                    (format!("{left}{title}{pad}{right}"), status_mark(p).1)
                }
            };
            let mut style = theme.style(role);
            if i == self.selected {
                style = style.patch(theme.style(Role::Selected));
            }
            let rect = Rect::new(inner.x, y, inner.width, 1);
            frame.buffer_mut().set_style(rect, style);
            frame.buffer_mut().set_stringn(inner.x, y, text, w, style);
            self.rects.push((rect, i));
        }
    }

    fn render_detail(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        course: &Course,
        progress: &BTreeMap<String, Progress>,
        learner: Option<&Learner>,
    ) {
        let block = Block::bordered().title(s::MAP_DETAIL_TITLE).border_style(theme.style(Role::Border));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = inner.width;
        let mut lines: Vec<Line<'static>> = Vec::new();
        match self.entries.get(self.selected) {
            Some(Entry::Module(m)) => {
                let module = &course.modules[*m];
                lines.extend(wrapped(&module.title, w, theme.style(Role::Title)));
                let (earned, possible) = score(course, module.exercise_ids.iter(), progress);
                if module.exercise_ids.is_empty() {
                    lines.extend(wrapped(s::module_empty(), w, theme.style(Role::Muted)));
                } else {
                    lines.extend(wrapped(
                        &s::module_summary(earned, possible, module.exercise_ids.len()),
                        w,
                        theme.style(Role::Muted),
                    ));
                }
                if !course.grade_scale.is_empty() {
                    let bands: Vec<(String, f64)> =
                        course.grade_scale.iter().map(|b| (b.grade.clone(), b.from_percent)).collect();
                    lines.extend(wrapped(&s::grade_scale(&bands), w, theme.style(Role::Muted)));
                }
                lines.push(Line::from(""));
                lines.extend(wrapped(module.intro.trim(), w, ratatui::style::Style::default()));
            }
            Some(Entry::Exercise(e)) => {
                let ex = &course.exercises[*e];
                lines.extend(wrapped(&ex.title, w, theme.style(Role::Title)));
                lines.extend(wrapped(
                    &s::exercise_facts(ex.spec.label(), ex.points, ex.hints.len()),
                    w,
                    theme.style(Role::Muted),
                ));
                lines.push(Line::from(""));
                match progress.get(&ex.id) {
                    Some(p) => {
                        let (_, role) = status_mark(Some(p));
                        let text = s::exercise_progress(
                            verdict::status(p.best_status),
                            p.best_earned,
                            p.possible,
                            p.attempts,
                            p.hints_shown,
                        );
                        lines.extend(wrapped(&text, w, theme.style(role)));
                    }
                    None => lines.extend(wrapped(
                        &format!("{}. {}", s::capitalised(store_msg::NOT_STARTED), s::not_tried()),
                        w,
                        theme.style(Role::Muted),
                    )),
                }
                lines.push(Line::from(""));
                lines.extend(wrapped(
                    ex.prompt_for(&grading::context(&course.source, ex, learner.unwrap_or(&Learner::by_name(""))))
                        .trim(),
                    w,
                    ratatui::style::Style::default(),
                ));
            }
            None => {}
        }
        self.detail_scroll = render_scrolled(frame, inner, lines, self.detail_scroll);
    }
}

/// «████░░░░» for a share from 0 to 1.
fn gauge_bar(ratio: f64, cells: usize) -> String {
    let filled = ((ratio.clamp(0.0, 1.0) * cells as f64).round() as usize).min(cells);
    format!("{}{}", "█".repeat(filled), "░".repeat(cells - filled))
}
