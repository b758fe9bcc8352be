//! The gradebook, the review queue, the sheet and copy detection on hand-made data.

use chrono::Local;

use super::bundle::{Bundle, BundleCourse, BundleLearner, TimeSpent};
use super::gradebook::Gradebook;
use super::regrade::{self, Regraded, RegradedBundle};
use super::sheet::{self, Book, CellStatus};
use super::similarity;
use crate::course::{self, Course, CourseSource};
use crate::grading::{self, GradedAttempt, Learner};
use crate::kinds::{Answer, Finding, Status, Verdict, sql};

fn builtin() -> Course {
    course::load(CourseSource::Embedded).into_result().expect("the built-in course")
}

fn bundle_for(learner: &Learner, course: &Course) -> Bundle {
    Bundle {
        format: super::bundle::FORMAT.into(),
        version: super::bundle::VERSION,
        created: Local::now().fixed_offset(),
        program: "test".into(),
        learner: BundleLearner {
            id: learner.id.clone(),
            name: learner.name.clone(),
            group: learner.group.clone(),
            variant_seed: learner.variant_seed().into(),
        },
        course: BundleCourse { title: course.title.clone(), content_hash: course.content_hash.clone() },
        time_spent: TimeSpent::default(),
        exercises: Vec::new(),
    }
}

fn learner(n: u32, group: &str) -> Learner {
    let id = format!("L-{n:032x}");
    Learner::new(id.clone(), format!("Студент {n}"), group.into(), id)
}

/// A re-graded bundle with the given (exercise, answer, verdict) attempts, as
/// `regrade_bundle` would make (the verdict given, not computed: to stand in for kinds
/// this branch does not have, such as free text awaiting review).
fn regraded(course: &Course, l: &Learner, attempts: Vec<(&str, Answer, Verdict)>, tag: &str) -> RegradedBundle {
    let bundle = bundle_for(l, course);
    let attempts = attempts
        .into_iter()
        .enumerate()
        .map(|(seq, (id, answer, verdict))| {
            let exercise = course.exercise(id).expect("exercise");
            let answer_json = serde_json::to_string(&answer).expect("json");
            Regraded {
                exercise_id: id.into(),
                seq: seq as u32,
                answer_hash: regrade::answer_hash(&answer_json),
                answer_json,
                at: Local::now().fixed_offset(),
                hints_shown: 1,
                claimed_earned: verdict.earned,
                graded: GradedAttempt {
                    variant: grading::variant(exercise, l),
                    spec_fingerprint: grading::spec_fingerprint(exercise),
                    grader_version: grading::GRADER_VERSION.into(),
                    verdict,
                },
            }
        })
        .collect();
    RegradedBundle {
        text: format!("{}{tag}", super::bundle::to_json(&bundle)),
        bundle,
        attempts,
        problems: vec![],
        other_course: false,
    }
}

fn verdict(earned: f64, possible: f64, status: Status) -> Verdict {
    Verdict { earned, possible, status, findings: vec![Finding::note("предварительно")] }
}

fn sql_answer(text: &str) -> Answer {
    Answer::Sql(sql::Answer { sql: text.into(), parts: Default::default() })
}

fn temp_book() -> (tempfile::TempDir, Gradebook) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = Gradebook::open(&dir.path().join("grades.db")).expect("gradebook");
    (dir, book)
}

#[test]
fn an_attempt_awaiting_review_is_queued_until_reviewed_and_the_review_then_scores_it() {
    let course = builtin();
    let (_dir, book) = temp_book();
    let anna = learner(1, "Р-21");
    let points = f64::from(course.exercise("pp1.segments").expect("segments").points);
    let rb = regraded(
        &course,
        &anna,
        vec![("pp1.segments", sql_answer("SELECT 1 -- свободный текст"), verdict(1.0, points, Status::AwaitingReview))],
        "",
    );
    book.import("a.json", &rb, &course.content_hash, "тест").expect("import");

    let data = Book::read(&book).expect("read");
    let queue = data.review_queue(&course);
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].exercise_id, "pp1.segments");
    let exercise = course.exercise("pp1.segments").expect("exercise");
    assert_eq!(data.cell(&anna.id, exercise).status, CellStatus::AwaitingReview);

    let rubric = sheet::rubric(exercise);
    assert!(sheet::check_points(&rubric, &[("Оценка".into(), points + 1.0)]).is_err(), "over the maximum");
    assert!(sheet::check_points(&rubric, &[("Нет такого".into(), 1.0)]).is_err());
    let criteria = sheet::check_points(&rubric, &[("Оценка".into(), 2.5)]).expect("in range");
    book.add_review(&anna.id, "pp1.segments", &queue[0].answer_hash, "Петрова", &criteria, points, "Неплохо")
        .expect("review");

    let data = Book::read(&book).expect("read");
    assert!(data.review_queue(&course).is_empty());
    let cell = data.cell(&anna.id, exercise);
    assert_eq!((cell.status, cell.earned), (CellStatus::Reviewed, 2.5));
    let review = &data.reviews[0];
    assert_eq!((review.reviewer.as_str(), review.comment.as_str()), ("Петрова", "Неплохо"));
    assert!(!review.at.is_empty());
}

#[test]
fn reviews_are_append_only() {
    let course = builtin();
    let (_dir, book) = temp_book();
    let anna = learner(1, "Р-21");
    let rb = regraded(
        &course,
        &anna,
        vec![("theory.nps", Answer::Numeric(Default::default()), verdict(0.0, 1.0, Status::Failed))],
        "",
    );
    book.import("a.json", &rb, &course.content_hash, "тест").expect("import");
    let c = vec![crate::store::CriterionPoints { name: "Оценка".into(), points: 1.0, max: 1.0 }];
    book.add_review(&anna.id, "theory.nps", "h", "А", &c, 1.0, "первый").expect("first");
    book.add_review(&anna.id, "theory.nps", "h", "Б", &c, 1.0, "второй").expect("second");
    assert!(book.conn().execute("UPDATE review SET comment = 'x'", []).is_err());
    assert!(book.conn().execute("DELETE FROM review", []).is_err());
    let reviews = book.reviews().expect("reviews");
    assert_eq!(reviews.iter().map(|r| r.comment.as_str()).collect::<Vec<_>>(), ["первый", "второй"]);
}

#[test]
fn importing_a_learner_again_keeps_history_and_reports_what_changed() {
    let course = builtin();
    let (_dir, book) = temp_book();
    let anna = learner(1, "Р-21");
    let first = regraded(
        &course,
        &anna,
        vec![("theory.nps", Answer::Numeric(Default::default()), verdict(0.0, 1.0, Status::Failed))],
        "1",
    );
    let r1 = book.import("a.json", &first, &course.content_hash, "тест").expect("first import");
    assert!(!r1.again);
    assert!(book.import("a.json", &first, &course.content_hash, "тест").expect("same").unchanged);
    let second = regraded(
        &course,
        &anna,
        vec![
            ("theory.nps", Answer::Numeric(Default::default()), verdict(0.0, 1.0, Status::Failed)),
            ("theory.nps", Answer::Numeric(Default::default()), verdict(1.0, 1.0, Status::Passed)),
        ],
        "2",
    );
    let r2 = book.import("a2.json", &second, &course.content_hash, "тест").expect("second import");
    assert!(r2.again);
    assert_eq!(r2.changes, vec![("theory.nps".to_string(), Some(0.0), Some(1.0))]);
    assert_eq!(book.imports().expect("imports").len(), 2, "history kept");
    assert_eq!(book.attempts(false).expect("all").len(), 3);
    assert_eq!(book.attempts(true).expect("current").len(), 2);
}

#[test]
fn the_sheet_totals_and_grades_by_the_course_scale_and_filters_a_group() {
    let course = builtin();
    assert!(!course.grade_scale.is_empty(), "the built-in course sets a scale");
    let (_dir, book) = temp_book();
    let total = course.total_points();
    for (n, group, share) in [(1, "Р-21", 1.0), (2, "Р-22", 0.0)] {
        let l = learner(n, group);
        let attempts = course
            .exercises
            .iter()
            .map(|e| {
                let p = f64::from(e.points);
                (
                    e.id.as_str(),
                    e.spec.empty_answer(),
                    verdict(p * share, p, if share > 0.0 { Status::Passed } else { Status::Failed }),
                )
            })
            .collect();
        book.import(&format!("{n}.json"), &regraded(&course, &l, attempts, ""), &course.content_hash, "т")
            .expect("import");
    }
    let data = Book::read(&book).expect("read");
    let sheet = data.sheet(&course, None);
    assert_eq!(sheet.students.len(), 2);
    assert_eq!(sheet.students[0].total, total);
    assert_eq!(sheet.students[0].grade.as_deref(), Some("5"));
    assert_eq!(sheet.students[1].grade.as_deref(), Some("2"));
    assert_eq!(sheet.summary[0].pass_rate, 50.0);
    assert_eq!(data.sheet(&course, Some("Р-22")).students.len(), 1);
    assert_eq!(course.grade_for(total * 0.7), Some("4"));
    assert_eq!(course.grade_for(total * 0.69), Some("3"));
}

#[test]
fn near_identical_sql_between_students_is_flagged_and_different_sql_is_not() {
    let course = builtin();
    let (_dir, book) = temp_book();
    let q = "SELECT c.city, COUNT(*) AS customers FROM customers c WHERE c.city IS NOT NULL GROUP BY c.city ORDER BY customers DESC";
    let answers = [
        q.to_string(),
        q.to_lowercase().replace(" as customers", " as customers -- мой\n"),
        "SELECT name FROM products WHERE price > 100 ORDER BY price".to_string(),
    ];
    for (n, sql) in answers.iter().enumerate() {
        let l = learner(n as u32 + 1, "Р-21");
        book.import(
            &format!("{n}"),
            &regraded(&course, &l, vec![("pp1.segments", sql_answer(sql), verdict(1.0, 5.0, Status::Partial))], ""),
            &course.content_hash,
            "т",
        )
        .expect("import");
    }
    let data = Book::read(&book).expect("read");
    let flags = similarity::find_copies(&course, &data);
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!((flags[0].a.as_str(), flags[0].b.as_str()), (learner(1, "").id.as_str(), learner(2, "").id.as_str()));
    assert!(matches!(flags[0].why, similarity::Why::SimilarText { similarity } if similarity >= similarity::THRESHOLD));
}

#[test]
fn the_same_numeric_answer_fitting_another_learners_variant_is_flagged() {
    let course = builtin();
    let (_dir, book) = temp_book();
    // A numeric exercise whose parameters differ between two learners.
    let (exercise, a, b) = course
        .exercises
        .iter()
        .filter(|e| matches!(e.spec, crate::kinds::Spec::Numeric(_)))
        .find_map(|e| {
            let (a, b) = (learner(1, "Р-21"), learner(2, "Р-21"));
            let ctx = |l: &Learner| grading::context(&course.source, e, l);
            (e.spec.prompt_vars(&ctx(&a)) != e.spec.prompt_vars(&ctx(&b))).then_some((e, a, b))
        })
        .expect("a numeric exercise with per-learner parameters");
    // A's right answer: found by trying the values the prompt implies is out of reach
    // here; instead take the answer key through grading: search a small grid for a
    // value that passes in A's variant.
    let passing = (0..=20000)
        .map(|i| format!("{}", f64::from(i) / 100.0).replace('.', ","))
        .map(|v| Answer::Numeric(crate::kinds::numeric::Answer { value: v }))
        .find(|ans| grading::grade(&course, exercise, ans, &a).is_ok_and(|g| g.verdict.passed()))
        .expect("a value in 0–200 passes in A's variant");
    let ga = grading::grade(&course, exercise, &passing, &a).expect("a").verdict;
    let gb = grading::grade(&course, exercise, &passing, &b).expect("b").verdict;
    assert!(!gb.passed(), "the same value should not pass in B's variant");
    book.import(
        "a",
        &regraded(&course, &a, vec![(exercise.id.as_str(), passing.clone(), ga)], ""),
        &course.content_hash,
        "т",
    )
    .expect("a");
    book.import("b", &regraded(&course, &b, vec![(exercise.id.as_str(), passing, gb)], ""), &course.content_hash, "т")
        .expect("b");
    let flags = similarity::find_copies(&course, &Book::read(&book).expect("read"));
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0].b, b.id);
    assert!(matches!(flags[0].why, similarity::Why::AnswerForOtherVariant { .. }));
}

#[test]
fn two_graders_importing_into_one_gradebook_at_once_lose_nothing() {
    let course = builtin();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("grades.db");
    std::thread::scope(|s| {
        for grader in 0..2u32 {
            let (course, path) = (&course, &path);
            s.spawn(move || {
                let book = Gradebook::open(path).expect("open");
                for n in 0..25 {
                    let l = learner(grader * 1000 + n, "Р-21");
                    let rb = regraded(
                        course,
                        &l,
                        vec![("theory.nps", Answer::Numeric(Default::default()), verdict(0.0, 1.0, Status::Failed))],
                        "",
                    );
                    book.import("x", &rb, &course.content_hash, &format!("grader {grader}")).expect("import");
                }
            });
        }
    });
    let book = Gradebook::open(&path).expect("open");
    assert_eq!(book.learners().expect("learners").len(), 50);
    assert_eq!(book.attempts(false).expect("attempts").len(), 50);
}

#[test]
fn regrading_the_gradebook_judges_every_attempt_of_every_import_even_when_answers_repeat() {
    // A learner's second bundle carries the first one's attempts again, and an answer
    // may repeat within a bundle: graded once, each attempt is still judged on its own.
    let course = builtin();
    let (_dir, book) = temp_book();
    let (anna, bob) = (learner(1, "Р-21"), learner(2, "Р-21"));
    let empty = || Answer::Numeric(Default::default());
    let claimed_pass = || verdict(1.0, 1.0, Status::Passed);
    let first = regraded(&course, &anna, vec![("theory.nps", empty(), claimed_pass())], "1");
    let second = regraded(
        &course,
        &anna,
        vec![
            ("theory.nps", empty(), claimed_pass()),
            ("theory.nps", empty(), claimed_pass()),
            ("pp1.segments", sql_answer("SELECT 1"), verdict(10.0, 10.0, Status::Passed)),
        ],
        "2",
    );
    let nps = course.exercise("theory.nps").expect("exercise");
    let bobs = grading::grade(&course, nps, &empty(), &bob).expect("grade").verdict;
    // Bob's right answer, for his own numbers: right for him, wrong in Anna's variant. A
    // grading shared across variants would judge Anna's copy by Bob's.
    let crate::kinds::Spec::Numeric(spec) = &nps.spec else { panic!("numeric") };
    let bobs_numbers = crate::kinds::numeric::instance(spec, grading::variant(nps, &bob)).expect("numbers");
    let annas_numbers = crate::kinds::numeric::instance(spec, grading::variant(nps, &anna)).expect("numbers");
    assert!((bobs_numbers.expected - annas_numbers.expected).abs() > 0.5, "the two variants differ");
    let right_for_bob =
        || Answer::Numeric(crate::kinds::numeric::Answer { value: format!("{:.1}", bobs_numbers.expected) });
    let bob_right = grading::grade(&course, nps, &right_for_bob(), &bob).expect("grade").verdict;
    assert_eq!(bob_right.status, Status::Passed);
    let third = regraded(
        &course,
        &bob,
        vec![("theory.nps", empty(), bobs), ("theory.nps", right_for_bob(), bob_right.clone())],
        "3",
    );
    // Anna's bundle claims what Bob's answer earns him.
    let fourth = regraded(&course, &anna, vec![("theory.nps", right_for_bob(), bob_right)], "4");
    for (file, rb) in [("a1.json", &first), ("a2.json", &second), ("b.json", &third), ("a3.json", &fourth)] {
        book.import(file, rb, &course.content_hash, "тест").expect("import");
    }
    let (changes, problems) = super::gradebook::regrade_gradebook(&course, &book).expect("regrade");
    assert!(problems.is_empty(), "{problems:?}");
    let mut anna_attempts: Vec<i64> =
        book.attempts(false).expect("attempts").iter().filter(|a| a.learner_id == anna.id).map(|a| a.id).collect();
    anna_attempts.sort_unstable();
    let mut changed: Vec<i64> = changes.iter().map(|c| c.attempt_id).collect();
    changed.sort_unstable();
    assert_eq!(changed, anna_attempts, "each of Anna's five attempts (Bob's answer too), none of Bob's");
    let stored = book.attempts(false).expect("attempts");
    for c in &changes {
        let exercise = course.exercise(&c.exercise_id).expect("exercise");
        let row = stored.iter().find(|a| a.id == c.attempt_id).expect("the attempt");
        let answer: Answer = serde_json::from_value(row.answer.clone()).expect("answer");
        let direct = grading::grade(&course, exercise, &answer, &anna).expect("grade");
        assert_eq!(c.after, direct.verdict, "{}", c.exercise_id);
        assert_eq!(c.after.status, Status::Failed);
    }
}

#[test]
fn files_are_handed_over_in_the_order_given_while_later_ones_finish_first() {
    let course = builtin();
    let dir = tempfile::tempdir().expect("temp");
    // The first learner's bundle is slow to grade (SQL on the shop's data, their own loyalty
    // variant); the others hold nothing to grade, and two files are not bundles at all.
    let slow = |n: u32| {
        let l = learner(n, "Р-21");
        let mut b = bundle_for(&l, &course);
        for id in ["pp1.segments", "pp2.rfm-metrics"] {
            let exercise = course.exercise(id).expect(id);
            let mut answer = exercise.spec.empty_answer();
            if let Answer::Sql(a) = &mut answer {
                a.sql = "SELECT participant_id, count(*) FROM loyalty_events GROUP BY 1".into();
            }
            b.exercises.push(super::bundle::BundleExercise {
                id: id.into(),
                hints_shown: 0,
                unreadable_attempts: 0,
                attempts: vec![super::bundle::BundleAttempt {
                    answer: serde_json::to_value(&answer).expect("answer"),
                    at: Local::now().fixed_offset(),
                    hints_shown: 0,
                    variant: None,
                    spec_fingerprint: None,
                    grader_version: None,
                    informational: super::bundle::InformationalScore {
                        earned: 0.0,
                        possible: 10.0,
                        status: Status::Failed,
                    },
                }],
            });
        }
        b
    };
    let mut paths = Vec::new();
    for n in 0..12u32 {
        let path = dir.path().join(format!("{n:02}.json"));
        match n {
            0 | 1 => super::bundle::write(&slow(n), &path).expect("write"),
            5 | 9 => std::fs::write(&path, "{\"format\": ").expect("write"),
            _ => super::bundle::write(&bundle_for(&learner(n, "Р-22"), &course), &path).expect("write"),
        }
        paths.push(path);
    }
    let mut seen = Vec::new();
    regrade::regrade_files(&course, &paths, |path, result| {
        match &result {
            Ok(rb) => assert_eq!(rb.bundle.learner.id, learner(seen.len() as u32, "").id),
            Err(e) => assert!(e.starts_with(&path.display().to_string()), "{e}"),
        }
        seen.push((path.to_path_buf(), result.is_ok()));
    });
    let expected: Vec<_> = paths.iter().enumerate().map(|(n, p)| (p.clone(), n != 5 && n != 9)).collect();
    assert_eq!(seen, expected);
}

#[test]
fn answers_checked_again_in_a_bundle_keep_their_own_attempts_and_their_own_answers_verdicts() {
    let course = builtin();
    let l = learner(7, "Р-21");
    let mut b = bundle_for(&l, &course);
    let exercise = course.exercise("theory.nps").expect("theory.nps");
    let crate::kinds::Spec::Numeric(spec) = &exercise.spec else { panic!("numeric") };
    let numbers = crate::kinds::numeric::instance(spec, grading::variant(exercise, &l)).expect("numbers");
    let right = format!("{:.1}", numbers.expected);
    let wrong = format!("{:.1}", numbers.expected + 7.0);
    let numeric = |text: &str| {
        let mut answer = exercise.spec.empty_answer();
        if let Answer::Numeric(a) = &mut answer {
            a.value = text.into();
        }
        serde_json::to_value(&answer).expect("answer")
    };
    let attempt = |answer: serde_json::Value, minute: u32| super::bundle::BundleAttempt {
        answer,
        at: Local::now().fixed_offset() + chrono::Duration::minutes(i64::from(minute)),
        hints_shown: minute,
        variant: None,
        spec_fingerprint: None,
        grader_version: None,
        informational: super::bundle::InformationalScore { earned: 0.0, possible: 1.0, status: Status::Failed },
    };
    b.exercises.push(super::bundle::BundleExercise {
        id: exercise.id.clone(),
        hints_shown: 0,
        unreadable_attempts: 0,
        attempts: vec![
            attempt(numeric(&wrong), 0),
            attempt(numeric(&right), 1),
            attempt(numeric(&wrong), 2),
            attempt(numeric(&right), 3),
        ],
    });
    let rb = regrade::regrade_bundle(&course, b, String::new());
    assert!(rb.problems.is_empty(), "{:?}", rb.problems);
    let seqs: Vec<(u32, u32)> = rb.attempts.iter().map(|a| (a.seq, a.hints_shown)).collect();
    assert_eq!(seqs, [(0, 0), (1, 1), (2, 2), (3, 3)], "every attempt kept, each with its own place and hints");
    let statuses: Vec<Status> = rb.attempts.iter().map(|a| a.graded.verdict.status).collect();
    assert_eq!(statuses, [Status::Failed, Status::Passed, Status::Failed, Status::Passed]);
    for a in &rb.attempts {
        let answer: Answer = serde_json::from_str(&a.answer_json).expect("answer");
        let direct = grading::grade(&course, exercise, &answer, &l).expect("grade");
        assert_eq!(a.graded.verdict, direct.verdict, "attempt {}", a.seq);
    }
    assert_eq!(rb.attempts[0].answer_json, rb.attempts[2].answer_json);
}

#[test]
fn a_gradebook_that_is_no_database_or_a_folder_is_said_in_russian() {
    let dir = tempfile::tempdir().expect("temp");
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "это заметки, а не журнал\n".repeat(200)).expect("write");
    let err = Gradebook::open(&text).err().expect("not a gradebook");
    assert_eq!(
        err,
        format!(
            "журнал оценок {}: файл не база SQLite или повреждён; укажите другой файл в --gradebook",
            text.display()
        )
    );
    let err = Gradebook::open(dir.path()).err().expect("a folder");
    assert_eq!(err, format!("журнал оценок {}: это папка, а не файл", dir.path().display()));
}
