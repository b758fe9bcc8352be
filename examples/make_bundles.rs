//! Generates submission bundles for the re-grading benchmark (bench/regrade.sh):
//! `cargo run --release --example make_bundles -- N OUT_DIR [ID,ID,...] [--final-only]`.
//! Each learner has their own id and seed and, at every exercise of the built-in course
//! (or only at the exercises listed), a wrong (or empty) attempt then the reference answer
//! from tests/answers where there is one; with `--final-only`, only the last of the two.

use std::path::PathBuf;

use chrono::Local;
use crm_workbook::grader::bundle::{
    self, Bundle, BundleAttempt, BundleCourse, BundleExercise, BundleLearner, InformationalScore, TimeSpent,
};
use crm_workbook::kinds::Status;

mod support;

fn main() {
    let final_only = std::env::args().any(|a| a == "--final-only");
    let mut args = std::env::args().skip(1).filter(|a| a != "--final-only");
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(300);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "bundles".into()));
    let only: Vec<String> = args.next().map(|l| l.split(',').map(str::to_owned).collect()).unwrap_or_default();
    let course = support::course();
    if let Some(unknown) = only.iter().find(|id| course.exercise(id).is_none()) {
        eprintln!("no exercise {unknown} in the built-in course");
        std::process::exit(2);
    }
    let mut exercises = Vec::new();
    for e in course.exercises.iter().filter(|e| only.is_empty() || only.contains(&e.id)) {
        let (wrong, right) = support::answers(e);
        let first = wrong.unwrap_or_else(|| e.spec.empty_answer());
        let second = right;
        let attempt = |answer| BundleAttempt {
            answer: serde_json::to_value(answer).unwrap_or_default(),
            at: Local::now().fixed_offset(),
            hints_shown: 0,
            variant: None,
            spec_fingerprint: None,
            grader_version: None,
            informational: InformationalScore { earned: 0.0, possible: f64::from(e.points), status: Status::Failed },
        };
        let attempts = match (&second, final_only) {
            (Some(right), true) => vec![attempt(right)],
            (None, true) => vec![attempt(&first)],
            (_, false) => std::iter::once(&first).chain(second.as_ref()).map(attempt).collect(),
        };
        exercises.push(BundleExercise { id: e.id.clone(), hints_shown: 0, unreadable_attempts: 0, attempts });
    }
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("{}: {e}", out.display());
        std::process::exit(2);
    }
    for i in 0..n {
        let id = format!("L-{:032x}", 0xbe00_0000_u64 + i as u64);
        let b = Bundle {
            format: bundle::FORMAT.into(),
            version: bundle::VERSION,
            created: Local::now().fixed_offset(),
            program: "make_bundles".into(),
            learner: BundleLearner {
                id: id.clone(),
                name: format!("Студент {i:03}"),
                group: format!("Р-{}", 21 + i % 4),
                variant_seed: id,
            },
            course: BundleCourse { title: course.title.clone(), content_hash: course.content_hash.clone() },
            time_spent: TimeSpent::default(),
            exercises: exercises.clone(),
        };
        if let Err(e) = bundle::write(&b, &out.join(format!("{i:03}.json"))) {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
    let answers: usize = exercises.iter().map(|e| e.attempts.len()).sum();
    println!("{n} bundles × {} exercises, {answers} answers each → {}", exercises.len(), out.display());
}
