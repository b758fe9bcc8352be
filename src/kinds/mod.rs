//! Exercise kinds. Each kind is a unit struct implementing [`Kind`]: its spec (the
//! kind's table in the exercise file), its answer (what is stored and re-graded), a
//! validation of the spec, and a pure `grade`. The [`kinds!`] list below generates the
//! `Spec` and `Answer` enums and their dispatch, so adding a kind is one line there and
//! the compiler then lists every `match` that must learn it.

pub mod choice;
mod formula;
pub mod freetext;
pub mod grid;
pub mod numeric;
pub mod order;
pub mod place;
mod random;
pub mod rfm;
pub mod scenario;
pub mod sql;
#[cfg(test)]
mod test_support;
pub mod verdict;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use crate::base::hash::stable_hash;
pub use place::Place;
pub use verdict::{Finding, Outcome, Severity, Status, Verdict};

/// The behaviour every exercise kind provides.
pub trait Kind {
    /// The kind's name for the learner, in Russian («таблица из карточек»): the course
    /// map says what kind of exercise it is with it.
    const LABEL: &'static str;

    /// The kind's table in the exercise file (`[grid]`, `[choice]`, …).
    type Spec: DeserializeOwned + Serialize + Debug + Clone;
    /// The learner's answer: stored as JSON, re-graded later, written by hand in an
    /// answer file for `crm-workbook check`.
    type Answer: DeserializeOwned + Serialize + Debug + Clone + PartialEq + Default;

    /// Checks the spec beyond what its types enforce (dangling references, impossible
    /// keys, …), reporting every problem to `v`.
    fn validate(spec: &Self::Spec, v: &mut Validator);

    /// Grades an answer. Pure and deterministic: the same spec, answer and context give
    /// the same outcome. Never panics on a malformed answer: it becomes findings.
    fn grade(spec: &Self::Spec, answer: &Self::Answer, ctx: &GradeCtx) -> Outcome;

    /// Reads an answer file written by hand (TOML unless the kind says otherwise).
    fn parse_answer_file(text: &str) -> Result<Self::Answer, String> {
        toml::from_str(text).map_err(|e| crate::base::text::toml_error_message(text, &e))
    }

    /// A short Russian name of a place in the answer (a finding's `at`), for findings
    /// listed away from the editor (`crm-workbook check`, a verdict panel): «Снижение
    /// оттока — Показатель (KPI)». `None` when the place is unknown or the message already
    /// says where it is.
    fn place_label(_spec: &Self::Spec, _at: &Place) -> Option<String> {
        None
    }

    /// Values substituted for `{name}` in the prompt for this learner (numeric
    /// exercises draw their parameters per learner).
    fn prompt_vars(_spec: &Self::Spec, _ctx: &GradeCtx) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// Read access to the course's datasets (embedded or on disk).
pub trait Datasets {
    fn read(&self, name: &str) -> Option<Cow<'_, [u8]>>;

    /// A key that changes with the dataset's content (`None`: there is no such dataset):
    /// what grading's memos tell data apart by. Hashing what [`Datasets::read`] gives is
    /// always right; a source that knows its files do not change can remember it.
    fn content_key(&self, name: &str) -> Option<u64> {
        self.read(name).map(|bytes| crate::base::hash::stable_hash(&[&bytes]))
    }
}

/// No datasets at all: for kinds and tests that need none.
pub struct NoDatasets;

impl Datasets for NoDatasets {
    fn read(&self, _name: &str) -> Option<Cow<'_, [u8]>> {
        None
    }
}

/// What grading may depend on besides the spec and the answer.
pub struct GradeCtx<'a> {
    /// Per learner and exercise: picks the learner's variant of parameters and data
    /// (`crate::grading::variant`).
    pub variant: u64,
    pub datasets: &'a dyn Datasets,
}

/// A problem in a spec, at a byte span of the exercise file.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecIssue {
    pub span: Option<Range<usize>>,
    pub message: String,
}

/// Collects the problems of one exercise's spec.
pub struct Validator<'a> {
    dataset_exists: &'a dyn Fn(&str) -> bool,
    datasets: &'a dyn Datasets,
    on_data: bool,
    issues: Vec<SpecIssue>,
}

impl<'a> Validator<'a> {
    pub fn new(dataset_exists: &'a dyn Fn(&str) -> bool) -> Self {
        Validator { dataset_exists, datasets: &NoDatasets, on_data: false, issues: Vec::new() }
    }

    /// Lets validation run the spec on the datasets (the `sql` kind runs its reference
    /// queries on them): what `validate` does, and what a course from disk gets before a
    /// learner sees it. Without it only the spec itself is checked.
    pub fn with_datasets(mut self, datasets: &'a dyn Datasets) -> Self {
        self.datasets = datasets;
        self.on_data = true;
        self
    }

    /// Are the checks that run the spec on the data wanted?
    pub fn checks_data(&self) -> bool {
        self.on_data
    }

    pub fn datasets(&self) -> &'a dyn Datasets {
        self.datasets
    }

    /// Reports a problem; `span` comes from a `toml::Spanned` field of the spec.
    pub fn error(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        self.issues.push(SpecIssue { span, message: message.into() });
    }

    pub fn dataset_exists(&self, name: &str) -> bool {
        (self.dataset_exists)(name)
    }

    pub fn into_issues(self) -> Vec<SpecIssue> {
        self.issues
    }
}

/// Collects a list's ids, reporting duplicates and ids that cannot stand in an answer
/// place (`cell:ROW/COL`, `option:ID`, …): empty, with «/» or with spaces.
pub(crate) fn unique_ids<'a>(
    v: &mut Validator,
    list: &str,
    ids: impl Iterator<Item = &'a toml::Spanned<String>>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    for id in ids {
        let text = id.get_ref().as_str();
        if text.is_empty() || text.contains('/') || text.contains(char::is_whitespace) {
            v.error(Some(id.span()), crate::strings::grading::bad_id(list, text));
        }
        if !seen.insert(text) {
            v.error(Some(id.span()), crate::strings::grading::duplicate_id(list, text));
        }
    }
    seen
}

/// The answer given does not belong to the exercise's kind.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("ответ вида «{answer}» не подходит к упражнению вида «{spec}»")]
pub struct KindMismatch {
    pub spec: &'static str,
    pub answer: &'static str,
}

/// The common fields every exercise file has, besides its kind's table.
#[derive(Debug, Clone)]
pub struct CommonFields {
    pub id: toml::Spanned<String>,
    pub title: String,
    pub prompt: String,
    pub points: toml::Spanned<u32>,
    pub hints: Vec<String>,
    pub explanation: Option<String>,
    /// Exercises naming the same group share each learner's variant (their data and
    /// numbers); without one an exercise has a variant of its own.
    pub variant_group: Option<toml::Spanned<String>>,
    /// The review rubric the file states (`[[rubric]]`); empty when it states none.
    pub rubric: Vec<toml::Spanned<RubricEntry>>,
}

/// One criterion of an exercise's review rubric as the file states it: the reviewer
/// gives up to `points` for it (see docs/authoring.md, «Критерии проверки»).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricEntry {
    pub name: toml::Spanned<String>,
    pub points: toml::Spanned<f64>,
    pub description: toml::Spanned<String>,
}

macro_rules! kinds {
    ($( $variant:ident($kind:ty) = $field:ident ),* $(,)?) => {
        /// An exercise's kind-specific part.
        #[derive(Debug, Clone, Serialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Spec { $( $variant(<$kind as Kind>::Spec), )* }

        /// A learner's answer to an exercise of some kind.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Answer { $( $variant(<$kind as Kind>::Answer), )* }

        /// The kind names an exercise file may give in `kind = "…"`.
        pub const KIND_NAMES: &[&str] = &[$( stringify!($field), )*];

        mod files {
            use super::*;
            $(
                /// The whole exercise file of this kind, read in one pass so that toml
                /// reports unknown and missing fields with their line and column.
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                #[allow(dead_code)] // `kind` is read only to be allowed
                pub struct $variant {
                    pub id: toml::Spanned<String>,
                    pub title: String,
                    pub kind: String,
                    pub prompt: String,
                    pub points: toml::Spanned<u32>,
                    #[serde(default)]
                    pub hints: Vec<String>,
                    #[serde(default)]
                    pub explanation: Option<String>,
                    #[serde(default)]
                    pub variant_group: Option<toml::Spanned<String>>,
                    #[serde(default)]
                    pub rubric: Vec<toml::Spanned<RubricEntry>>,
                    pub $field: <$kind as Kind>::Spec,
                }
            )*
        }

        /// Reads an exercise file whose `kind` is `kind`; `None` for an unknown kind.
        pub fn parse_exercise(kind: &str, text: &str) -> Option<Result<(CommonFields, Spec), toml::de::Error>> {
            match kind {
                $( stringify!($field) => Some(toml::from_str::<files::$variant>(text).map(|f| (
                    CommonFields { id: f.id, title: f.title, prompt: f.prompt, points: f.points, hints: f.hints, explanation: f.explanation, variant_group: f.variant_group, rubric: f.rubric },
                    Spec::$variant(f.$field),
                ))), )*
                _ => None,
            }
        }

        impl Spec {
            pub fn kind_name(&self) -> &'static str {
                match self { $( Spec::$variant(_) => stringify!($field), )* }
            }

            /// The kind's Russian name (`Kind::LABEL`).
            pub fn label(&self) -> &'static str {
                match self { $( Spec::$variant(_) => <$kind as Kind>::LABEL, )* }
            }

            pub fn validate(&self, v: &mut Validator) {
                match self { $( Spec::$variant(s) => <$kind as Kind>::validate(s, v), )* }
            }

            pub fn grade(&self, answer: &Answer, ctx: &GradeCtx) -> Result<Outcome, KindMismatch> {
                match (self, answer) {
                    $( (Spec::$variant(s), Answer::$variant(a)) => Ok(<$kind as Kind>::grade(s, a, ctx)), )*
                    #[allow(unreachable_patterns)]
                    _ => Err(KindMismatch { spec: self.kind_name(), answer: answer.kind_name() }),
                }
            }

            /// The answer an editor starts from before the learner has done anything.
            pub fn empty_answer(&self) -> Answer {
                match self { $( Spec::$variant(_) => Answer::$variant(Default::default()), )* }
            }

            pub fn parse_answer_file(&self, text: &str) -> Result<Answer, String> {
                match self { $( Spec::$variant(_) => <$kind as Kind>::parse_answer_file(text).map(Answer::$variant), )* }
            }

            pub fn place_label(&self, at: &Place) -> Option<String> {
                match self { $( Spec::$variant(s) => <$kind as Kind>::place_label(s, at), )* }
            }

            pub fn prompt_vars(&self, ctx: &GradeCtx) -> Vec<(String, String)> {
                match self { $( Spec::$variant(s) => <$kind as Kind>::prompt_vars(s, ctx), )* }
            }
        }

        impl Answer {
            pub fn kind_name(&self) -> &'static str {
                match self { $( Answer::$variant(_) => stringify!($field), )* }
            }
        }
    };
}

kinds! {
    Grid(grid::Grid) = grid,
    Choice(choice::Choice) = choice,
    Order(order::Order) = order,
    Numeric(numeric::Numeric) = numeric,
    Sql(sql::Sql) = sql,
    Rfm(rfm::Rfm) = rfm,
    Scenario(scenario::ScenarioKind) = scenario,
    Table(freetext::table::Table) = table,
    Form(freetext::form::Form) = form,
}

#[cfg(test)]
mod tests {
    use super::random::SplitMix64;
    use super::*;

    /// Random answers made of right ids, unknown ids, repeats, odd cell names and junk
    /// numbers: grading must never panic and must stay within 0..=possible.
    #[test]
    fn grading_never_panics_on_random_answers() {
        let grid: grid::Spec = toml::from_str(
            r#"
            row_headers = "cards"
            rows = [{ id = "r1" }, { id = "r2" }]
            columns = [{ id = "c1" }, { id = "c2" }]
            cards = [{ id = "1", text = "a" }, { id = "2", text = "b" }, { id = "3", text = "c" }, { id = "4", text = "d" }]
            [key]
            r1 = { header = ["1"], c1 = ["3"], c2 = [] }
            r2 = { header = ["2"], c1 = ["4", "3"] }
            "#,
        )
        .expect("grid spec");
        let choice: choice::Spec = toml::from_str(
            r#"multiple = true
            options = [{ id = "a", text = "x", correct = true }, { id = "b", text = "y" }]"#,
        )
        .expect("choice spec");
        let order: order::Spec =
            toml::from_str(r#"items = [{ id = "a", text = "x" }, { id = "b", text = "y" }, { id = "c", text = "z" }]"#)
                .expect("order spec");
        let numeric: numeric::Spec = toml::from_str(
            "answer = \"a / b\"\nrelative_tolerance = 0.01\nunit = \"%\"\n[params]\na = { min = 1, max = 9 }\nb = { min = 1, max = 3 }",
        )
        .expect("numeric spec");
        let sql: sql::Spec = toml::from_str(
            r#"mode = "query"
            setup = "CREATE TABLE t (x INTEGER, y TEXT); INSERT INTO t VALUES (1, 'a'), (2, NULL);"
            parts = [{ id = "a", title = "А", reference = "SELECT x FROM t" }, { id = "b", title = "Б", reference = "SELECT y, x FROM t ORDER BY x", ordered = true }]"#,
        )
        .expect("sql spec");
        let specs =
            [Spec::Grid(grid), Spec::Choice(choice), Spec::Order(order), Spec::Numeric(numeric), Spec::Sql(sql)];
        let fragments = [
            "SELECT",
            " x",
            " y",
            " *",
            " FROM t",
            " FROM nowhere",
            " WHERE",
            " x > 1",
            " ORDER BY x",
            ";",
            "'",
            "\"",
            " --",
            "/*",
            " UNION ALL SELECT 2",
            "\n",
            " DROP TABLE t",
            " ATTACH 'f' AS f",
            " PRAGMA writable_schema = 1",
            " (",
            ")",
            ",",
            " NULL",
            " VACUUM",
            "é",
            "\0",
        ];

        let ids = ["1", "2", "3", "4", "a", "b", "c", "", "zz", "r1", "/"];
        let cells = ["r1/c1", "r1/c2", "r2/c1", "r2/c2", "r1/header", "r2/header", "r3/c1", "r1", "/", ""];
        let texts = ["", "3", "3 %", "3,0%", "1 234,5", "−2", ",", "1.2.3", "12 5", "∞", "NaN", "3 руб", "   "];
        let mut rng = SplitMix64::new(2024);
        let mut pick = |n: usize| rng.below(n as u64) as usize;
        for round in 0..2000u64 {
            let list = |pick: &mut dyn FnMut(usize) -> usize| -> Vec<String> {
                (0..pick(6)).map(|_| ids[pick(ids.len())].to_string()).collect()
            };
            let answers = [
                Answer::Grid(grid::Answer {
                    cells: (0..pick(7)).map(|_| (cells[pick(cells.len())].to_string(), list(&mut pick))).collect(),
                }),
                Answer::Choice(choice::Answer { selected: list(&mut pick) }),
                Answer::Order(order::Answer { order: list(&mut pick) }),
                Answer::Numeric(numeric::Answer { value: texts[pick(texts.len())].to_string() }),
                Answer::Sql(sql::Answer {
                    sql: (0..pick(8)).map(|_| fragments[pick(fragments.len())]).collect(),
                    parts: (0..pick(3))
                        .map(|_| {
                            let id = ["a", "b", "c", ""][pick(4)].to_string();
                            (id, (0..pick(10)).map(|_| fragments[pick(fragments.len())]).collect())
                        })
                        .collect(),
                }),
            ];
            for (spec, answer) in specs.iter().zip(&answers) {
                let outcome =
                    spec.grade(answer, &GradeCtx { variant: round, datasets: &NoDatasets }).expect("same kind");
                assert!(
                    outcome.earned >= 0.0 && outcome.earned <= outcome.possible && outcome.possible > 0.0,
                    "{answer:?}: {outcome:?}"
                );
            }
        }
    }
}
