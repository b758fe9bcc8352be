use super::*;
use crate::kinds::{NoDatasets, Status, Verdict};

fn exercise(path: &str) -> (String, Spec) {
    let text = std::fs::read_to_string(format!("{}/exercises/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path);
    #[derive(serde::Deserialize)]
    struct File {
        id: String,
        scenario: Spec,
    }
    let f: File = toml::from_str(&text).expect("exercise toml");
    (f.id, f.scenario)
}

fn grade(path: &str, answer: &str) -> Verdict {
    grade_in(path, answer, None)
}

/// Grades in the variant of `learner` (default: one fixed per exercise).
fn grade_in(path: &str, answer: &str, learner: Option<u64>) -> Verdict {
    let (id, spec) = exercise(path);
    let mut v = Validator::new(&|_| true);
    ScenarioKind::validate(&spec, &mut v);
    assert!(v.into_issues().is_empty(), "{path}: the spec validates");
    let text = std::fs::read_to_string(format!("{}/tests/answers/{answer}", env!("CARGO_MANIFEST_DIR"))).expect(answer);
    let a = ScenarioKind::parse_answer_file(&text).expect("answer");
    let variant = learner
        .map_or_else(|| crate::base::hash::stable_hash(&[id.as_bytes()]), |l| l.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let ctx = GradeCtx { variant, datasets: &NoDatasets };
    Verdict::from_outcome(10.0, ScenarioKind::grade(&spec, &a, &ctx))
}

fn show(v: &Verdict) -> String {
    v.findings.iter().map(|f| format!("{:?} {:?}: {}", f.severity, f.at, f.message)).collect::<Vec<_>>().join("\n")
}

#[test]
fn reference_answers_pass_partial_ones_score_part_wrong_ones_fail() {
    // (exercise, answer, points out of 10 at least, at most)
    let cases = [
        ("pp1/auto-mailings.toml", "pp1.auto-mailings.toml", 10.0, 10.0),
        ("pp1/auto-mailings.toml", "pp1.auto-mailings.partial.toml", 3.0, 7.0),
        ("pp1/auto-mailings.toml", "pp1.auto-mailings.wrong.toml", 0.0, 3.0),
        ("pp4/tech-spec.toml", "pp4.tech-spec.toml", 10.0, 10.0),
        ("pp4/tech-spec.toml", "pp4.tech-spec.partial.toml", 4.0, 8.0),
        ("pp4/tech-spec.toml", "pp4.tech-spec.wrong.toml", 0.0, 3.0),
        ("pp5/smart-scenario.toml", "pp5.smart-scenario.toml", 10.0, 10.0),
        ("pp5/smart-scenario.toml", "pp5.smart-scenario.wrong.toml", 0.0, 4.0),
    ];
    for (ex, answer, lo, hi) in cases {
        let v = grade(ex, answer);
        assert!(v.earned >= lo && v.earned <= hi, "{answer}: {} points\n{}", v.earned, show(&v));
        assert_eq!(v.status == Status::Passed, lo == 10.0, "{answer}\n{}", show(&v));
    }
}

/// The reference answers pass for every learner, not only in one variant of the data.
#[test]
fn reference_answers_pass_in_other_variants() {
    for learner in 1..=3 {
        for (ex, answer) in [
            ("pp1/auto-mailings.toml", "pp1.auto-mailings.toml"),
            ("pp4/tech-spec.toml", "pp4.tech-spec.toml"),
            ("pp5/smart-scenario.toml", "pp5.smart-scenario.toml"),
        ] {
            let v = grade_in(ex, answer, Some(learner));
            assert_eq!(v.status, Status::Passed, "{answer}, learner {learner}\n{}", show(&v));
        }
    }
}

#[test]
fn wrong_answers_are_told_where_and_why() {
    let v = grade("pp1/auto-mailings.toml", "pp1.auto-mailings.wrong.toml");
    let at = |p: &str| {
        v.findings.iter().any(|f| {
            f.at.as_ref().map(|a| a.to_string()).as_deref() == Some(p.replace("part:", "scenario:").as_str())
                && f.severity == crate::kinds::Severity::Wrong
        })
    };
    assert!(at("part:welcome/trigger/event"), "{}", show(&v));
    assert!(at("part:welcome/step:sms/channel"), "{}", show(&v));
    assert!(at("part:cart/step:sms"), "the first message is too late: {}", show(&v));
    assert!(v.findings.iter().any(|f| f.message.contains("без согласия")), "{}", show(&v));
    assert!(v.earned <= 3.0, "{}", v.earned);

    let v = grade("pp5/smart-scenario.toml", "pp5.smart-scenario.wrong.toml");
    for p in [
        "part:scenario/limits/quiet_hours",
        "part:scenario/limits/cap",
        "part:scenario/entry/control_percent",
        "part:scenario/brief/kpi",
    ] {
        assert!(
            v.findings.iter().any(|f| f.at.as_ref().map(|a| a.to_string()).as_deref()
                == Some(p.replace("part:", "scenario:").as_str())
                && f.severity == crate::kinds::Severity::Wrong),
            "{p}\n{}",
            show(&v)
        );
    }
    // The goal is a remark worth nothing.
    assert!(
        v.findings
            .iter()
            .any(|f| f.at.as_ref().map(|a| a.to_string()).as_deref() == Some("scenario:scenario/brief/goal")
                && f.severity == crate::kinds::Severity::Note),
        "{}",
        show(&v)
    );
}

#[test]
fn a_broken_file_is_reported_with_line_and_column_and_scores_nothing() {
    let (id, spec) = exercise("pp4/tech-spec.toml");
    let a = ScenarioKind::parse_answer_file(
        "[trigger]\nevent = \"registration\"\n\n[[step]]\nid = \"w\"\ntype = \"wait\"\ndays = -1\n",
    )
    .unwrap();
    let ctx = GradeCtx { variant: crate::base::hash::stable_hash(&[id.as_bytes()]), datasets: &NoDatasets };
    let o = ScenarioKind::grade(&spec, &a, &ctx);
    assert_eq!(o.earned, 0.0);
    assert!(o.possible >= 8.0, "{}", o.possible);
    assert!(o.findings.iter().any(|f| f.message.starts_with("строка 7, столбец 8:")), "{:?}", o.findings);
}

#[test]
fn parts_keep_their_line_numbers() {
    let parts = split_parts("# part: a\nx = 1\n# part: b\ny = 2\n");
    assert_eq!(parts["a"], "\nx = 1\n");
    assert_eq!(parts["b"], "\n\n\ny = 2\n");
    assert_eq!(split_parts("x = 1\n")[""], "x = 1\n");
}

#[test]
fn places_read_in_russian() {
    let (_, spec) = exercise("pp1/auto-mailings.toml");
    assert_eq!(
        ScenarioKind::place_label(&spec, &Place::parse("scenario:cart/step:mail/channel")).as_deref(),
        Some("Брошенная корзина — шаг «mail», поле channel")
    );
}
