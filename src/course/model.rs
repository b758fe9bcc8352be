//! The typed course model.

use crate::kinds::{GradeCtx, Spec};

use super::{CourseSource, ReviewCriterion};

/// A whole course, exercises in the order the modules list them.
#[derive(Debug)]
pub struct Course {
    pub title: String,
    pub modules: Vec<Module>,
    pub exercises: Vec<Exercise>,
    pub source: CourseSource,
    /// The grade each share of the points maps to, highest threshold first; empty when
    /// the course sets no scale.
    pub grade_scale: Vec<GradeBand>,
    /// A hash of the course's files as read (see `load`): which version of the course a
    /// submission was made with.
    pub content_hash: String,
}

/// One step of a course's grade scale: `grade` from `from_percent` % of the points up.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeBand {
    pub grade: String,
    pub from_percent: f64,
}

#[derive(Debug, Clone)]
pub struct Module {
    pub id: String,
    pub title: String,
    /// Plain text shown before the module's exercises (the seed's «Алгоритм выполнения
    /// работы» and the like).
    pub intro: String,
    pub exercise_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Exercise {
    /// `MODULE.NAME`, e.g. `pp1.target-market`; answers and progress are keyed by it.
    pub id: String,
    pub module: String,
    pub title: String,
    pub prompt: String,
    pub points: u32,
    /// Revealed one at a time, in order.
    pub hints: Vec<String>,
    /// A worked explanation shown once the exercise is passed.
    pub explanation: Option<String>,
    /// What the learner's variant is drawn from: the exercise's `variant_group`, else its id.
    pub variant_key: String,
    pub spec: Spec,
    /// The review rubric the file states; empty when it states none (the grader then
    /// derives one from the kind, see `grader::rubric`).
    pub rubric: Vec<ReviewCriterion>,
    /// Where the exercise was read from, for messages.
    pub path: String,
}

impl Course {
    /// The points of every exercise together.
    pub fn total_points(&self) -> f64 {
        self.exercises.iter().map(|e| f64::from(e.points)).sum()
    }

    /// The grade `earned` of the course's points maps to; `None` without a scale (or
    /// below its lowest step).
    pub fn grade_for(&self, earned: f64) -> Option<&str> {
        let total = self.total_points();
        let percent = if total > 0.0 { earned / total * 100.0 } else { 0.0 };
        // Shown percentages are rounded to hundredths; a share shown as 85 % is 85 %.
        let percent = (percent * 100.0).round() / 100.0;
        self.grade_scale.iter().find(|b| percent >= b.from_percent).map(|b| b.grade.as_str())
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// The exercises of a module, in its order.
    pub fn module_exercises<'a>(&'a self, module: &'a Module) -> impl Iterator<Item = &'a Exercise> + 'a {
        module.exercise_ids.iter().filter_map(|id| self.exercise(id))
    }
}

impl Exercise {
    /// The prompt with this learner's parameters substituted for `{name}`.
    pub fn prompt_for(&self, ctx: &GradeCtx) -> String {
        let mut text = self.prompt.clone();
        for (name, value) in self.spec.prompt_vars(ctx) {
            text = text.replace(&format!("{{{name}}}"), &value);
        }
        text
    }
}
