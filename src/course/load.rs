//! Loading a course: every file read, every problem collected (not only the first),
//! each located by path, line and column.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::source::Unreadable;
use super::{Course, CourseSource, Diagnostic, Exercise, GradeBand, Module, SourceFile};
use crate::kinds::{self, Datasets, Validator};
use crate::strings::course as msg;

/// The course format this build reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    format_version: Spanned<u32>,
    title: String,
    #[serde(default, rename = "module")]
    modules: Vec<ModuleFile>,
    /// The grade a share of the course's points maps to (`[[grade_scale]]`).
    #[serde(default)]
    grade_scale: Vec<Spanned<GradeBandFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeBandFile {
    grade: String,
    from_percent: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleFile {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    intro: String,
    #[serde(default)]
    exercises: Vec<Spanned<String>>,
}

/// Only the `kind` of an exercise file, read before the file is read whole.
#[derive(Deserialize)]
struct KindOnly {
    kind: Option<Spanned<String>>,
}

/// The result of loading: the course if it could be built, and every problem found.
/// A course with any diagnostic must not be shown to a learner.
pub struct Loaded {
    pub course: Option<Course>,
    pub diagnostics: Vec<Diagnostic>,
    pub module_count: usize,
    pub exercise_count: usize,
}

impl Loaded {
    /// The course when it loaded without a problem, else every diagnostic.
    pub fn into_result(self) -> Result<Course, Vec<Diagnostic>> {
        match self.course {
            Some(course) if self.diagnostics.is_empty() => Ok(course),
            _ => Err(self.diagnostics),
        }
    }
}

/// How much of a course [`load_with`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// Every file, field, reference and rule, without running anything on the datasets:
    /// enough to show a course whose data checks passed before (the built-in one, checked
    /// by `validate` in the tests of every build).
    Structure,
    /// Also runs each spec on its datasets (the SQL kinds' reference queries, setups and
    /// probes): `validate`, and a course from disk.
    Data,
}

/// Reads and checks a whole course, data included.
pub fn load(source: CourseSource) -> Loaded {
    load_with(source, Checks::Data)
}

/// Reads a course and checks it as far as `checks` says.
pub fn load_with(source: CourseSource, checks: Checks) -> Loaded {
    let mut diags = Vec::new();
    let course_file = match source.course_file() {
        Ok(file) => file,
        Err(u) => {
            diags.push(unreadable(u));
            return Loaded { course: None, diagnostics: diags, module_count: 0, exercise_count: 0 };
        }
    };
    let parsed: Option<CourseFile> = match toml::from_str(&course_file.text) {
        Ok(c) => Some(c),
        Err(e) => {
            diags.push(toml_diagnostic(&course_file, &e));
            None
        }
    };

    let dataset_exists = |name: &str| source.read(name).is_some();
    let mut exercises: BTreeMap<String, (Exercise, SourceFile)> = BTreeMap::new();
    // Exercise files that exist but could not be read: already reported, so a module
    // listing them must not also call them missing.
    let mut unloadable: BTreeSet<String> = BTreeSet::new();
    for file in source.exercise_files() {
        match file {
            Err(u) => diags.push(unreadable(u)),
            Ok(file) => {
                let datasets: Option<&dyn Datasets> = (checks == Checks::Data).then_some(&source);
                let Some(ex) = load_exercise(&file, &dataset_exists, datasets, &mut diags) else {
                    unloadable.insert(expected_id(&file.relative).1);
                    continue;
                };
                if let Some((first, _)) = exercises.get(&ex.id) {
                    let msg = msg::duplicate_exercise_id(&ex.id, &first.path);
                    diags.push(Diagnostic::at(&file.path, &file.text, find_key_span(&file.text, "id"), msg));
                } else {
                    exercises.insert(ex.id.clone(), (ex, file));
                }
            }
        }
    }
    let exercise_count = exercises.len() + unloadable.len();

    let Some(parsed) = parsed else {
        return Loaded { course: None, diagnostics: diags, module_count: 0, exercise_count };
    };
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::at(&course_file.path, &course_file.text, Some(span), message)
    };

    if *parsed.format_version.get_ref() != FORMAT_VERSION {
        diags.push(at(
            parsed.format_version.span(),
            msg::format_version(*parsed.format_version.get_ref(), FORMAT_VERSION),
        ));
    }
    let mut modules = Vec::new();
    let mut module_ids = BTreeSet::new();
    let mut listed = BTreeSet::new();
    for m in &parsed.modules {
        let id = m.id.get_ref();
        if !module_ids.insert(id.clone()) {
            diags.push(at(m.id.span(), msg::duplicate_module_id(id)));
        }
        if !is_identifier(id) {
            diags.push(at(m.id.span(), msg::bad_module_id(id)));
        }
        for ex_id in &m.exercises {
            let ex_id_str = ex_id.get_ref();
            if !listed.insert(ex_id_str.clone()) {
                diags.push(at(ex_id.span(), msg::exercise_listed_twice(ex_id_str)));
            }
            match exercises.get(ex_id_str) {
                None if unloadable.contains(ex_id_str) => {}
                None => diags.push(at(
                    ex_id.span(),
                    msg::missing_exercise(ex_id_str, &source.display_path(&expected_file(ex_id_str))),
                )),
                Some((ex, _)) if ex.module != *id => {
                    diags.push(at(ex_id.span(), msg::exercise_in_other_module(ex_id_str, &ex.module)))
                }
                Some(_) => {}
            }
        }
        modules.push(Module {
            id: id.clone(),
            title: m.title.clone(),
            intro: m.intro.clone(),
            exercise_ids: m.exercises.iter().map(|e| e.get_ref().clone()).collect(),
        });
    }
    for (id, (ex, file)) in &exercises {
        if !listed.contains(id) {
            let message = if module_ids.contains(&ex.module) {
                msg::exercise_not_listed(id, &ex.module)
            } else {
                msg::unknown_module_dir(&ex.module)
            };
            diags.push(Diagnostic::at(&file.path, &file.text, find_key_span(&file.text, "id"), message));
        }
    }

    let mut by_id: BTreeMap<String, Exercise> = exercises.into_iter().map(|(id, (ex, _))| (id, ex)).collect();
    let ordered: Vec<Exercise> =
        modules.iter().flat_map(|m| m.exercise_ids.iter()).filter_map(|id| by_id.remove(id)).collect();
    let module_count = modules.len();
    let grade_scale = grade_scale(&parsed.grade_scale, &mut |span, message| diags.push(at(span, message)));
    let content_hash = content_hash(&course_file, &source);
    let course = Course { title: parsed.title, modules, exercises: ordered, source, grade_scale, content_hash };
    Loaded { course: Some(course), diagnostics: diags, module_count, exercise_count }
}

/// The scale's bands, highest first; a band out of 0–100 %, a repeated threshold or an
/// empty grade is reported.
fn grade_scale(
    bands: &[Spanned<GradeBandFile>],
    report: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> Vec<GradeBand> {
    let mut scale: Vec<GradeBand> = Vec::new();
    for band in bands {
        let b = band.get_ref();
        if !(0.0..=100.0).contains(&b.from_percent) {
            report(band.span(), msg::grade_band_out_of_range(b.from_percent));
        } else if b.grade.trim().is_empty() {
            report(band.span(), msg::empty_field("grade"));
        } else if scale.iter().any(|s| s.from_percent == b.from_percent) {
            report(band.span(), msg::grade_band_repeated(b.from_percent));
        } else {
            scale.push(GradeBand { grade: b.grade.trim().to_owned(), from_percent: b.from_percent });
        }
    }
    scale.sort_by(|a, b| b.from_percent.total_cmp(&a.from_percent));
    scale
}

/// A hash of the course as read: `course.toml` and every exercise file (path and text),
/// as 16 hex digits. It tells two copies of a course apart; it is not a signature.
fn content_hash(course_file: &SourceFile, source: &CourseSource) -> String {
    let files: Vec<SourceFile> = source.exercise_files().into_iter().flatten().collect();
    let mut parts: Vec<&[u8]> = vec![course_file.text.as_bytes()];
    for f in &files {
        parts.extend([b"\x1e".as_slice(), f.relative.as_bytes(), b"\x1f", f.text.as_bytes()]);
    }
    format!("{:016x}", kinds::stable_hash(&parts))
}

/// Reads one exercise file; problems go to `diags`. Returns the exercise when it could
/// be built (it may still have had validation problems).
fn load_exercise(
    file: &SourceFile,
    dataset_exists: &dyn Fn(&str) -> bool,
    datasets: Option<&dyn Datasets>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Exercise> {
    let head: KindOnly = match toml::from_str(&file.text) {
        Ok(h) => h,
        Err(e) => {
            diags.push(toml_diagnostic(file, &e));
            return None;
        }
    };
    let Some(kind) = head.kind else {
        diags.push(Diagnostic::at(&file.path, &file.text, None, msg::missing_kind(kinds::KIND_NAMES)));
        return None;
    };
    let (common, spec) = match kinds::parse_exercise(kind.get_ref(), &file.text) {
        None => {
            diags.push(Diagnostic::at(
                &file.path,
                &file.text,
                Some(kind.span()),
                msg::unknown_kind(kind.get_ref(), kinds::KIND_NAMES),
            ));
            return None;
        }
        Some(Err(e)) => {
            diags.push(toml_diagnostic(file, &e));
            return None;
        }
        Some(Ok(parsed)) => parsed,
    };

    let here = |span, message| Diagnostic::at(&file.path, &file.text, span, message);
    let (module, expected_id) = expected_id(&file.relative);
    let id = common.id.get_ref().clone();
    if id != expected_id {
        diags.push(here(Some(common.id.span()), msg::id_does_not_match_path(&id, &expected_id)));
    }
    if *common.points.get_ref() == 0 {
        diags.push(here(Some(common.points.span()), msg::zero_points()));
    }
    if common.title.trim().is_empty() {
        diags.push(here(find_key_span(&file.text, "title"), msg::empty_field("title")));
    }
    if common.prompt.trim().is_empty() {
        diags.push(here(find_key_span(&file.text, "prompt"), msg::empty_field("prompt")));
    }
    if let Some(group) = common.variant_group.as_ref().filter(|g| g.get_ref().trim().is_empty()) {
        diags.push(here(Some(group.span()), msg::empty_field("variant_group")));
    }
    let mut validator = Validator::new(dataset_exists);
    if let Some(datasets) = datasets {
        validator = validator.with_datasets(datasets);
    }
    spec.validate(&mut validator);
    for issue in validator.into_issues() {
        diags.push(here(issue.span, issue.message));
    }
    let rubric = super::read_rubric(&common.rubric, *common.points.get_ref(), &mut |span, message| {
        diags.push(here(Some(span), message))
    });
    let variant_key = common.variant_group.map_or_else(|| expected_id.clone(), |g| g.into_inner());
    Some(Exercise {
        id: expected_id,
        module,
        title: common.title,
        prompt: common.prompt,
        points: *common.points.get_ref(),
        hints: common.hints,
        explanation: common.explanation,
        variant_key,
        spec,
        rubric,
        path: file.path.clone(),
    })
}

/// `pp1/target-market.toml` → (`pp1`, `pp1.target-market`).
fn expected_id(relative: &str) -> (String, String) {
    let relative = relative.replace('\\', "/");
    let (module, name) = relative.rsplit_once('/').unwrap_or(("", relative.as_str()));
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    (module.to_owned(), format!("{module}.{stem}"))
}

/// `pp1.target-market` → `pp1/target-market.toml`.
fn expected_file(id: &str) -> String {
    match id.split_once('.') {
        Some((module, name)) => format!("{module}/{name}.toml"),
        None => format!("{id}.toml"),
    }
}

fn is_identifier(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The span of a top-level `key = …` line, for messages about a whole field.
fn find_key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            return None;
        }
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

fn unreadable(u: Unreadable) -> Diagnostic {
    Diagnostic { path: u.path, line: 1, column: 1, message: u.message, source_line: None }
}

fn toml_diagnostic(file: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    Diagnostic::at(&file.path, &file.text, e.span(), msg::toml_error(e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_file_layout() {
        assert_eq!(expected_id("pp1/target-market.toml"), ("pp1".into(), "pp1.target-market".into()));
        assert_eq!(expected_file("theory.metrics"), "theory/metrics.toml");
    }

    #[test]
    fn key_span_is_found_only_at_top_level() {
        let text = "title = \"x\"\nid = \"a\"\n[grid]\nid = \"b\"\n";
        assert_eq!(find_key_span(text, "id"), Some(12..14));
        assert_eq!(find_key_span("[grid]\nid = 1\n", "id"), None);
    }
}
