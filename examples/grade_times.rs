//! Times grading per exercise of the built-in course (the reference answer, or the wrong
//! one, or an empty answer), for several learners: which exercises cost the re-grade its
//! time. `cargo run --release --example grade_times -- [LEARNERS]`; prints the exercises
//! slowest first with the mean time per graded answer.

use std::time::Instant;

use crm_workbook::grading::{self, Learner};

mod support;

fn main() {
    let learners: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let only = std::env::args().nth(2).unwrap_or_default();
    let course = support::course();
    // Each exercise's answers: the wrong one, then the reference (or an empty answer).
    let exercises: Vec<_> = course
        .exercises
        .iter()
        .filter(|e| e.id.starts_with(&only))
        .map(|e| {
            let (wrong, right) = support::answers(e);
            let mut answers: Vec<_> = wrong.into_iter().chain(right).collect();
            if answers.is_empty() {
                answers.push(e.spec.empty_answer());
            }
            (e, answers)
        })
        .collect();
    // Learner by learner, exercise by exercise, as an import re-grades a bundle. Per
    // exercise: the time of a learner's first answer (which may meet their variant's data
    // afresh) and of the later ones.
    let mut times = vec![(0.0f64, 0.0f64, 0u32); exercises.len()];
    let mut total = 0.0;
    for i in 0..learners {
        let id = format!("L-{:032x}", 0xbe00_0000_u64 + i as u64);
        let learner = Learner::new(id.clone(), format!("Студент {i:03}"), String::new(), id);
        for ((e, answers), t) in exercises.iter().zip(&mut times) {
            for (j, a) in answers.iter().enumerate() {
                let start = Instant::now();
                let _ = grading::grade(&course, e, a, &learner);
                let secs = start.elapsed().as_secs_f64();
                total += secs;
                if j == 0 {
                    t.0 += secs;
                } else {
                    t.1 += secs;
                    t.2 += 1;
                }
            }
        }
    }
    let mut rows: Vec<_> = exercises
        .iter()
        .zip(&times)
        .map(|((e, _), &(first, later, n))| {
            let later = if n > 0 { later / f64::from(n) } else { 0.0 };
            (first / learners.max(1) as f64, later, e.id.clone(), e.spec.kind_name())
        })
        .collect();
    rows.sort_by(|a, b| (b.0 + b.1).total_cmp(&(a.0 + a.1)));
    println!("   first     later   exercise (ms per answer: a learner's first answer, the others)");
    for (first, later, id, kind) in &rows {
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), "{:>8.2} {:>9.2}   {id} ({kind})", first * 1000.0, later * 1000.0);
    }
    println!(
        "total {total:.2} s for {learners} learners, {:.1} ms per learner",
        total * 1000.0 / learners.max(1) as f64
    );
}
