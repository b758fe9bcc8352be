//! The numeric exercises of the built-in course, checked against formulas written here
//! independently of the course files and of the formula evaluator: for many learners,
//! the drawn numbers are sensible, the prompt shows them, the right answer (rounded as
//! the prompt asks) passes and an answer 10 % off fails.

mod support;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use crm_workbook::course::{self, Course, CourseSource, Exercise};
use crm_workbook::grading::{self, Learner};
use crm_workbook::kinds::{self, GradeCtx, NoDatasets, Spec, Verdict, numeric};

type Params = BTreeMap<String, f64>;

/// The seeds' formulas (and the standard ones where the seeds give none), with the range
/// every learner's answer must fall in for the task to make sense.
struct Metric {
    id: &'static str,
    formula: fn(&Params) -> f64,
    sensible: RangeInclusive<f64>,
}

fn p(params: &Params, name: &str) -> f64 {
    *params.get(name).unwrap_or_else(|| panic!("no parameter {name} among {params:?}"))
}

const METRICS: &[Metric] = &[
    // Seed 003, table 2: УУ = Куд / К.
    Metric {
        id: "theory.satisfaction-level", formula: |x| p(x, "Куд") / p(x, "К") * 100.0, sensible: 30.0..=100.0
    },
    // Seed 003, table 2: КУ = (Ккп − Кнов) / Кнп.
    Metric {
        id: "theory.retention-rate",
        formula: |x| (p(x, "Ккп") - p(x, "Кнов")) / p(x, "Кнп") * 100.0,
        sensible: 30.0..=100.0,
    },
    // Seed 001 defines churn as the inverse of retention: those who stopped buying.
    Metric { id: "theory.churn-rate", formula: |x| p(x, "Кушл") / p(x, "Кнп") * 100.0, sensible: 1.0..=50.0 },
    // Seed 003, table 2: Чсред = Д / З.
    Metric { id: "theory.average-check", formula: |x| p(x, "Д") / p(x, "З"), sensible: 300.0..=20_000.0 },
    // Seed 003, table 2: ДОпол = КОпол / КО.
    Metric {
        id: "theory.positive-reviews", formula: |x| p(x, "КОпол") / p(x, "КО") * 100.0, sensible: 10.0..=100.0
    },
    // Seed 003, table 2: ДОж = КОж / К, К the number of clients (not of reviews).
    Metric { id: "theory.complaints", formula: |x| p(x, "КОж") / p(x, "К") * 100.0, sensible: 0.1..=10.0 },
    // Seeds 001/002 define LTV in words; the standard simplified product.
    Metric {
        id: "theory.ltv", formula: |x| p(x, "Чсред") * p(x, "Ч") * p(x, "Т"), sensible: 1_000.0..=1_000_000.0
    },
    // Seed 001: average revenue per active client over the period.
    Metric { id: "theory.arpu", formula: |x| p(x, "В") / p(x, "Ка"), sensible: 100.0..=20_000.0 },
    // Standard NPS: % promoters − % detractors; kept away from 0 so that 10 % off is a
    // real difference.
    Metric {
        id: "theory.nps",
        formula: |x| (p(x, "П") - p(x, "Кр")) / (p(x, "П") + p(x, "Н") + p(x, "Кр")) * 100.0,
        sensible: 10.0..=100.0,
    },
    // Standard CSI: importance-weighted mean score, as a percentage of the 10-point scale.
    Metric {
        id: "theory.csi",
        formula: |x| {
            let weighted = p(x, "В1") * p(x, "О1") + p(x, "В2") * p(x, "О2") + p(x, "В3") * p(x, "О3");
            weighted / (p(x, "В1") + p(x, "В2") + p(x, "В3")) / 10.0 * 100.0
        },
        sensible: 50.0..=100.0,
    },
    // Standard: opens / delivered.
    Metric { id: "theory.open-rate", formula: |x| p(x, "Оп") / p(x, "Дост") * 100.0, sensible: 1.0..=100.0 },
    // Standard email CTR: clicks / delivered.
    Metric { id: "theory.ctr", formula: |x| p(x, "Кл") / p(x, "Дост") * 100.0, sensible: 0.3..=30.0 },
];

const STUDENTS: usize = 60;

fn builtin() -> Course {
    course::load(CourseSource::Embedded)
        .into_result()
        .unwrap_or_else(|d| panic!("the built-in course is broken: {d:?}"))
}

fn numeric_spec(ex: &Exercise) -> &numeric::Spec {
    match &ex.spec {
        Spec::Numeric(spec) => spec,
        other => panic!("{} is {}, not numeric", ex.id, other.kind_name()),
    }
}

fn ctx(student: &str, ex: &Exercise) -> GradeCtx<'static> {
    GradeCtx { variant: Learner::by_name(student).variant(&ex.id), datasets: &NoDatasets }
}

fn grade(ex: &Exercise, ctx: &GradeCtx, value: &str) -> Verdict {
    let answer = kinds::Answer::Numeric(numeric::Answer { value: value.to_owned() });
    let outcome = ex.spec.grade(&answer, ctx).expect("a numeric answer to a numeric exercise");
    Verdict::from_outcome(f64::from(ex.points), outcome)
}

/// A number as a learner types it: rounded to the decimals the prompt asks for, with a
/// decimal comma.
fn typed(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

#[test]
fn every_numeric_exercise_has_an_independent_formula() {
    let course = builtin();
    let numeric: Vec<&str> =
        course.exercises.iter().filter(|e| matches!(e.spec, Spec::Numeric(_))).map(|e| e.id.as_str()).collect();
    let checked: Vec<&str> = METRICS.iter().map(|m| m.id).collect();
    let mut a = numeric.clone();
    let mut b = checked.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "numeric exercises in the course vs formulas in this test");
}

#[test]
fn right_answers_pass_and_answers_ten_percent_off_fail() {
    let course = builtin();
    for metric in METRICS {
        let ex = course.exercise(metric.id).unwrap_or_else(|| panic!("no exercise {}", metric.id));
        let spec = numeric_spec(ex);
        let decimals = spec.decimals.unwrap_or(0) as usize;
        for n in 0..STUDENTS {
            let student = format!("Студент {n}");
            let ctx = ctx(&student, ex);
            let inst = numeric::instance(spec, ctx.variant).expect("a valid spec draws numbers");
            let expected = (metric.formula)(&inst.params);
            assert!(
                (expected - inst.expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "{}: formula in the course gives {}, the seed's formula {expected} for {:?}",
                metric.id,
                inst.expected,
                inst.params
            );
            assert!(metric.sensible.contains(&expected), "{}: {expected} for {:?}", metric.id, inst.params);

            let right = typed(expected, decimals);
            let verdict = grade(ex, &ctx, &right);
            assert!(verdict.passed(), "{} ({student}): {right} should pass: {verdict:?}", metric.id);
            if let Some(unit) = &spec.unit {
                let with_unit = format!("{right} {unit}");
                assert!(grade(ex, &ctx, &with_unit).passed(), "{}: {with_unit} should pass", metric.id);
            }
            for off in [expected * 1.1, expected * 0.9] {
                let wrong = typed(off, decimals);
                let verdict = grade(ex, &ctx, &wrong);
                assert!(!verdict.passed(), "{} ({student}): {wrong} (expected {right}) should fail", metric.id);
                assert_eq!(verdict.earned, 0.0);
            }
        }
    }
}

#[test]
fn the_prompt_shows_each_learners_own_numbers() {
    let course = builtin();
    for metric in METRICS {
        let ex = course.exercise(metric.id).unwrap();
        let spec = numeric_spec(ex);
        for name in spec.params.keys() {
            assert!(ex.prompt.contains(&format!("{{{name}}}")), "{}: parameter {name} is not in the prompt", ex.id);
        }
        let mut prompts = std::collections::BTreeSet::new();
        for n in 0..STUDENTS {
            let ctx = ctx(&format!("Студент {n}"), ex);
            let prompt = ex.prompt_for(&ctx);
            assert!(!prompt.contains('{') && !prompt.contains('}'), "{}: unfilled placeholder in\n{prompt}", ex.id);
            let inst = numeric::instance(spec, ctx.variant).unwrap();
            for value in inst.params.values() {
                assert!(prompt.contains(&numeric::format_number(*value, None)), "{}: {value} not shown", ex.id);
            }
            assert_eq!(prompt, ex.prompt_for(&ctx), "{}: the same learner sees the same numbers", ex.id);
            prompts.insert(prompt);
        }
        assert!(prompts.len() > STUDENTS / 2, "{}: only {} different variants", ex.id, prompts.len());
    }
}

/// Every combination of each parameter's min and max still gives a sensible task, so no
/// learner, however unlucky the draw, gets an absurd one.
#[test]
fn the_sensible_range_holds_at_every_corner_of_the_parameters() {
    let course = builtin();
    for metric in METRICS {
        let spec = numeric_spec(course.exercise(metric.id).unwrap());
        let names: Vec<&String> = spec.params.keys().collect();
        for corner in 0..(1u32 << names.len()) {
            let params: Params = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let range = spec.params[*name].get_ref();
                    ((*name).clone(), if corner & (1 << i) == 0 { range.min } else { range.max })
                })
                .collect();
            let value = (metric.formula)(&params);
            assert!(metric.sensible.contains(&value), "{}: {value} at {params:?}", metric.id);
        }
    }
}

/// The real binary grades a learner's answer with that learner's numbers.
#[test]
fn check_command_uses_the_students_numbers() {
    let course = builtin();
    let ex = course.exercise("theory.retention-rate").unwrap();
    let spec = numeric_spec(ex);
    let anna = numeric::instance(spec, Learner::by_name("Иванова Анна").variant(&ex.id)).unwrap();
    let expected = (METRICS[1].formula)(&anna.params);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.toml");
    std::fs::write(&file, format!("value = \"{} %\"\n", typed(expected, 1))).unwrap();
    let file = file.display().to_string();

    let out = support::run(&["--student", "Иванова Анна", "check", "theory.retention-rate", "--answer", &file]);
    assert_eq!(out.code, 0, "{}", out.both());
    assert!(out.stdout.starts_with("theory.retention-rate — зачтено"), "{}", out.both());

    // Another learner has other numbers; the same answer fails unless they happen to
    // lead to the same value.
    let petr = numeric::instance(spec, Learner::by_name("Петров Пётр").variant(&ex.id)).unwrap();
    if ((METRICS[1].formula)(&petr.params) - expected).abs() > 0.1 {
        let out = support::run(&["--student", "Петров Пётр", "check", "theory.retention-rate", "--answer", &file]);
        assert_eq!(out.code, 1, "{}", out.both());
    }
}

/// Exercises of one `variant_group` give a learner one variant; others, their own.
#[test]
fn a_variant_group_shares_the_learners_variant() {
    let course = crm_workbook::course::load(crm_workbook::course::CourseSource::Embedded)
        .into_result()
        .expect("built-in course");
    let anna = Learner::by_name("Иванова Анна");
    let variant = |id: &str| grading::variant(course.exercise(id).expect(id), &anna);
    assert_eq!(variant("pp2.rfm-metrics"), variant("pp2.rfm"));
    assert_eq!(variant("pp2.rfm"), variant("pp2.sales-map"));
    assert_ne!(variant("pp2.rfm"), variant("theory.ltv"), "outside the group, a variant of its own");
    assert_ne!(
        variant("pp2.rfm"),
        grading::variant(course.exercise("pp2.rfm").expect("pp2.rfm"), &Learner::by_name("Петров Пётр")),
        "and every learner has their own"
    );
}

/// With `--db`, `check` grades in the variant of the progress file's learner — the
/// numbers the workbook showed them — whatever `--student` says, so an answer that
/// passed in the workbook passes here too.
#[test]
fn check_with_a_progress_file_uses_its_learners_numbers() {
    let course = builtin();
    let ex = course.exercise("theory.retention-rate").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    let store = crm_workbook::store::Store::open(&db).unwrap();
    store.set_student("Иванова Анна", "ИС-21").unwrap();
    let learner = store.learner().unwrap().expect("the learner");
    drop(store);
    let mine = numeric::instance(numeric_spec(ex), grading::variant(ex, &learner)).unwrap();
    let by_name = numeric::instance(numeric_spec(ex), Learner::by_name("Иванова Анна").variant(&ex.id)).unwrap();
    let expected = (METRICS[1].formula)(&mine.params);
    assert!(
        ((METRICS[1].formula)(&by_name.params) - expected).abs() > 0.1,
        "this learner's id gives other numbers than the name alone (else the test proves nothing)"
    );
    let file = dir.path().join("answer.toml");
    std::fs::write(&file, format!("value = \"{} %\"\n", typed(expected, 1))).unwrap();
    let (db, file) = (db.display().to_string(), file.display().to_string());
    let check = |extra: &[&str]| {
        let mut args = vec!["--db", &db];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["check", "theory.retention-rate", "--answer", &file]);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crm-workbook")).args(&args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    for extra in [&[][..], &["--student", "Иванова Анна"], &["--student", "Петров Пётр"]] {
        let (code, stdout) = check(extra);
        assert_eq!(code, Some(0), "{extra:?}: {stdout}");
        assert!(stdout.starts_with("theory.retention-rate — зачтено"), "{extra:?}: {stdout}");
    }
}

/// NPS is a difference of two percentages: «26 %», «26 п.п.», «26 пунктов» and «26
/// процентных пунктов» are all the right answer; a unit of another quantity is not, and
/// the learner is told which unit the answer is in.
#[test]
fn nps_takes_percentage_points_in_any_spelling() {
    let course = builtin();
    let ex = course.exercise("theory.nps").expect("theory.nps");
    for n in 0..10 {
        let ctx = ctx(&format!("Студент {n}"), ex);
        let inst = numeric::instance(numeric_spec(ex), ctx.variant).unwrap();
        let right = typed(inst.expected, 1);
        for unit in ["", " %", "%", " п.п.", " п. п.", " пп", " пунктов", " процентных пунктов", " процентного пункта"]
        {
            let typed = format!("{right}{unit}");
            let verdict = grade(ex, &ctx, &typed);
            assert!(verdict.passed(), "{typed:?} should pass: {verdict:?}");
        }
        for unit in [" ₽", " дн.", " баллов"] {
            let verdict = grade(ex, &ctx, &format!("{right}{unit}"));
            assert!(!verdict.passed());
            let message = &verdict.findings[0].message;
            assert!(message.contains("не подходит") && message.contains("п. п."), "{message}");
        }
    }
}
