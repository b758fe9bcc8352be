//! The grading screens at 80×24 (TestBackend + insta): the student's map with the
//! course grade and the submit key, the result tab with the instructor's feedback and
//! every attempt, and the grader's groups, matrix, answer, review queue and review form.

use chrono::Local;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crm_workbook::course::{self, Course, CourseSource};
use crm_workbook::grader::bundle::{self, Bundle};
use crm_workbook::grader::gradebook::Gradebook;
use crm_workbook::grader::regrade::{self, Regraded, RegradedBundle};
use crm_workbook::grading::{self, GradedAttempt, Learner};
use crm_workbook::kinds::{Answer, Finding, Status, Verdict, numeric, sql};
use crm_workbook::store::{CriterionPoints, Feedback, Store};
use crm_workbook::tui::App;
use crm_workbook::tui::grader::GraderApp;
use crm_workbook::tui::theme::Theme;

fn builtin() -> Course {
    course::load(CourseSource::Embedded).into_result().expect("built-in course")
}

fn learner(n: u32, name: &str, group: &str) -> Learner {
    let id = format!("L-{n:032x}");
    Learner::new(id.clone(), name.into(), group.into(), id)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The screen as text: trailing blanks cut, times and temporary folders masked.
fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let line: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect();
        out.push_str(&mask(line.trim_end()));
        out.push('\n');
    }
    out
}

/// «01.12.2026 18:46» → «ДД.ММ.ГГГГ чч:мм»; «/tmp/.tmpAbC123» → «/tmp/.tmpXXXXXX».
fn mask(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let shape: Vec<char> = "00.00.0000 00:00".chars().collect();
    while i < chars.len() {
        let fits = i + shape.len() <= chars.len()
            && shape
                .iter()
                .enumerate()
                .all(|(k, s)| if *s == '0' { chars[i + k].is_ascii_digit() } else { chars[i + k] == *s });
        if fits {
            out.push_str("ДД.ММ.ГГГГ чч:мм");
            i += shape.len();
        } else if chars[i..].starts_with(&['.', 't', 'm', 'p']) {
            out.push_str(".tmpXXXXXX");
            i = (i + 10).min(chars.len());
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn numeric(value: &str) -> Answer {
    Answer::Numeric(numeric::Answer { value: value.into() })
}

#[test]
fn the_map_shows_the_grade_and_the_submit_key_writes_the_bundle() {
    let course = builtin();
    let store = Store::open_in_memory().expect("store");
    let anna = learner(1, "Иванова Анна", "РК-21");
    store.set_learner(&anna).expect("learner");
    let exercise = course.exercise("theory.nps").expect("nps");
    let graded = grading::grade(&course, exercise, &numeric("1"), &anna).expect("graded");
    store.record_attempt("theory.nps", &numeric("1"), &graded).expect("attempt");
    let dir = tempfile::tempdir().expect("temp");
    let mut app = App::new(course, store, Theme::plain()).expect("app");
    app.set_submit_dir(dir.path().to_path_buf());
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| app.draw(f)).expect("draw");
    assert!(text(&terminal).contains("оценка 2"), "{}", text(&terminal));
    // Shift+s: `s` alone is the name and group.
    app.handle(Event::Key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT)));
    terminal.draw(|f| app.draw(f)).expect("draw");
    let screen = text(&terminal);
    insta::assert_snapshot!("map_submitted_80x24", screen);
    let files: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 1, "one bundle written");
    let bundle: Bundle = bundle::read(&files[0]).expect("a readable bundle");
    assert_eq!(bundle.learner.id, anna.id);
    assert_eq!(bundle.exercises[0].attempts.len(), 1);
}

#[test]
fn the_result_tab_shows_the_feedback_and_every_attempt_with_the_best_marked() {
    let course = builtin();
    let store = Store::open_in_memory().expect("store");
    let anna = learner(1, "Иванова Анна", "РК-21");
    store.set_learner(&anna).expect("learner");
    let exercise = course.exercise("theory.nps").expect("nps");
    for value in ["1", "2"] {
        let graded = grading::grade(&course, exercise, &numeric(value), &anna).expect("graded");
        store.record_attempt("theory.nps", &numeric(value), &graded).expect("attempt");
    }
    store
        .import_feedback(&[Feedback {
            exercise_id: "theory.nps".into(),
            reviewer: "Петрова И. В.".into(),
            reviewed_at: Local::now(),
            points: 1.0,
            possible: f64::from(exercise.points),
            criteria: vec![CriterionPoints {
                name: "Оценка".into(), points: 1.0, max: f64::from(exercise.points)
            }],
            comment: "Формула верная, ошибка в данных: пересчитайте долю критиков.".into(),
        }])
        .expect("feedback");
    store.set_last_exercise("theory.nps").expect("last");
    let mut app = App::new(course, store, Theme::plain()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| app.draw(f)).expect("draw");
    app.handle(key(KeyCode::Tab));
    terminal.draw(|f| app.draw(f)).expect("draw");
    let screen = text(&terminal);
    assert!(screen.contains("Отзыв преподавателя") && screen.contains("пересчитайте"), "{screen}");
    assert!(screen.contains("Все попытки") && screen.contains("★ лучшая"), "{screen}");
    insta::assert_snapshot!("result_feedback_history_80x24", screen);
}

/// A gradebook with two learners of one group: Anna's SQL answer awaits review (a
/// verdict made by hand, standing in for the free-text kinds), Boris has a numeric
/// attempt graded for real.
fn gradebook(dir: &std::path::Path) -> (Course, Gradebook) {
    let entries = vec![
        (
            learner(1, "Иванова Анна", "РК-21"),
            "pp1.segments",
            Answer::Sql(sql::Answer {
                sql: "SELECT city, COUNT(*) FROM customers GROUP BY city".into(),
                parts: Default::default(),
            }),
            true,
        ),
        (learner(2, "Борисов Борис", "РК-21"), "theory.nps", numeric("12"), false),
    ];
    gradebook_of(dir, entries)
}

/// A gradebook of these attempts (learner, exercise, answer, whether its verdict is
/// replaced by one awaiting review), each imported as it is graded.
fn gradebook_of(dir: &std::path::Path, entries: Vec<(Learner, &str, Answer, bool)>) -> (Course, Gradebook) {
    let course = builtin();
    let book = Gradebook::open(&dir.join("grades.db")).expect("gradebook");
    for (l, id, answer, review) in entries {
        let exercise = course.exercise(id).expect("exercise");
        let mut graded = grading::grade(&course, exercise, &answer, &l).expect("graded");
        if review {
            graded = GradedAttempt {
                verdict: Verdict {
                    earned: 2.0,
                    possible: f64::from(exercise.points),
                    status: Status::AwaitingReview,
                    findings: vec![Finding::note("Текст обоснования проверяет преподаватель")],
                },
                ..graded
            };
        }
        let answer_json = serde_json::to_string(&answer).expect("json");
        let mut b = bundle::parse(&fake_bundle(&course, &l)).expect("bundle");
        b.exercises.clear();
        let rb = RegradedBundle {
            text: bundle::to_json(&b),
            bundle: b,
            attempts: vec![Regraded {
                exercise_id: id.into(),
                seq: 0,
                answer_hash: regrade::answer_hash(&answer_json),
                answer_json,
                at: Local::now().fixed_offset(),
                hints_shown: 1,
                claimed_earned: graded.verdict.earned,
                graded,
            }],
            problems: vec![],
            other_course: false,
        };
        book.import("test", &rb, &course.content_hash, "тест").expect("import");
    }
    (course, book)
}

fn fake_bundle(course: &Course, l: &Learner) -> String {
    serde_json::json!({
        "format": bundle::FORMAT, "version": bundle::VERSION, "created": Local::now().fixed_offset(),
        "program": "test",
        "learner": {"id": l.id, "name": l.name, "group": l.group, "variant_seed": l.variant_seed()},
        "course": {"title": course.title, "content_hash": course.content_hash},
        "time_spent": {"total_seconds": 0, "sessions": 0, "per_exercise_seconds": {}, "method": ""},
        "exercises": []
    })
    .to_string()
}

#[test]
fn the_grader_moves_from_groups_to_the_matrix_to_an_answer_and_reviews_the_queue() {
    let dir = tempfile::tempdir().expect("temp");
    let (course, book) = gradebook(dir.path());
    let mut app = GraderApp::new(course, book, "Петрова И. В.".into(), Theme::plain()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut shot = |app: &mut GraderApp, name: &str| {
        terminal.draw(|f| app.draw(f)).expect("draw");
        let screen = text(&terminal);
        insta::assert_snapshot!(name, screen.clone());
        screen
    };
    shot(&mut app, "grader_groups_80x24");
    app.handle(key(KeyCode::Enter));
    // To theory.nps's column (the course's order: pp1 first, then pp2, then theory).
    let nps = builtin().exercises.iter().position(|e| e.id == "theory.nps").expect("nps");
    for _ in 0..nps {
        app.handle(key(KeyCode::Right));
    }
    let matrix = shot(&mut app, "grader_matrix_80x24");
    assert!(matrix.contains("Борисов Борис") && matrix.contains("theory.nps"), "{matrix}");
    app.handle(key(KeyCode::Enter));
    let answer = shot(&mut app, "grader_answer_80x24");
    assert!(answer.contains("Борисов Борис") && answer.contains("12"), "{answer}");
    app.handle(key(KeyCode::Esc));
    app.handle(key(KeyCode::Tab));
    let queue = shot(&mut app, "grader_queue_80x24");
    assert!(queue.contains("Иванова Анна (РК-21): pp1.segments"), "{queue}");
    app.handle(key(KeyCode::Enter));
    app.handle(key(KeyCode::Enter));
    for c in "7,5".chars() {
        app.handle(key(KeyCode::Char(c)));
    }
    app.handle(key(KeyCode::Tab));
    for c in "Группировка верная".chars() {
        app.handle(key(KeyCode::Char(c)));
    }
    shot(&mut app, "grader_review_form_80x24");
    app.handle(Event::Key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)));
    let after = shot(&mut app, "grader_queue_done_80x24");
    assert!(after.contains("Очередь проверки пуста"), "{after}");
    let reopened = Gradebook::open(&dir.path().join("grades.db")).expect("reopen");
    let reviews = reopened.reviews().expect("reviews");
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        (reviews[0].points, reviews[0].reviewer.as_str(), reviews[0].comment.as_str()),
        (7.5, "Петрова И. В.", "Группировка верная")
    );
}

/// The review form of an exercise with a rubric of several criteria (pp3.tourism-case
/// states four): each with its maximum and what the reviewer looks for, a points field
/// per criterion, the total so far and the comment; the findings under the answer. The
/// review saved holds the points per criterion.
#[test]
fn the_review_form_lists_every_criterion_with_its_description_and_the_total() {
    let dir = tempfile::tempdir().expect("temp");
    let answer_file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/answers/pp3.tourism-case.toml"),
    )
    .expect("answer file");
    let course = builtin();
    let exercise = course.exercise("pp3.tourism-case").expect("case");
    let answer = exercise.spec.parse_answer_file(&answer_file).expect("answer parses");
    let (course, book) =
        gradebook_of(dir.path(), vec![(learner(1, "Иванова Анна", "РК-21"), "pp3.tourism-case", answer, false)]);
    let mut app = GraderApp::new(course, book, "Петрова И. В.".into(), Theme::plain()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Enter));
    app.handle(key(KeyCode::Enter));
    for points in ["3", "1,5"] {
        for c in points.chars() {
            app.handle(key(KeyCode::Char(c)));
        }
        app.handle(key(KeyCode::Tab));
    }
    terminal.draw(|f| app.draw(f)).expect("draw");
    let screen = text(&terminal);
    for part in [
        "Баллы по критериям",
        "[3    ] из 3 · Методы для иностранных",
        "[1,5  ] из 2 · Учтено, что рынок",
        "[     ] из 3 · Методы для внутреннего",
        "[     ] из 2 · Аудитории и связность",
        "Итого: 4,5 из 10 (не всё задано)",
        "Что ищет проверяющий (до 3):",
        "Названо не меньше пяти методов",
        "повтор ответа про иностранцев.",
    ] {
        assert!(screen.contains(part), "«{part}» missing:\n{screen}");
    }
    insta::assert_snapshot!("grader_review_rubric_80x24", screen);
    // Saved with two criteria left empty: they are named and nothing is stored.
    app.handle(Event::Key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)));
    terminal.draw(|f| app.draw(f)).expect("draw");
    let refused = text(&terminal);
    assert!(refused.contains("не заданы баллы по критериям: «Методы для внутреннего"), "{refused}");
    assert!(Gradebook::open(&dir.path().join("grades.db")).expect("open").reviews().expect("reviews").is_empty());
    for points in ["2", "2"] {
        for c in points.chars() {
            app.handle(key(KeyCode::Char(c)));
        }
        app.handle(key(KeyCode::Tab));
    }
    app.handle(key(KeyCode::Char('Х')));
    app.handle(Event::Key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)));
    let reopened = Gradebook::open(&dir.path().join("grades.db")).expect("reopen");
    let reviews = reopened.reviews().expect("reviews");
    assert_eq!(reviews.len(), 1, "saved");
    let given: Vec<(&str, f64, f64)> = reviews[0].criteria.iter().map(|c| (c.name.as_str(), c.points, c.max)).collect();
    assert_eq!(
        given,
        [
            ("Методы для иностранных туристов", 3.0, 3.0),
            ("Учтено, что рынок не изучен", 1.5, 2.0),
            ("Методы для внутреннего туризма", 2.0, 3.0),
            ("Аудитории и связность", 2.0, 2.0),
        ]
    );
    assert_eq!(reviews[0].points, 8.5);
}

/// Below 80×24 the grader's screen says how to fix the window, whole, in the lines it
/// has (the workbook's does the same: tui_screens, too_small_60x20).
#[test]
fn the_grader_in_a_window_below_the_minimum_says_so_in_full() {
    let dir = tempfile::tempdir().expect("temp");
    let (course, book) = gradebook(dir.path());
    let mut app = GraderApp::new(course, book, "Петрова И. В.".into(), Theme::plain()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(40, 10)).expect("terminal");
    terminal.draw(|f| app.draw(f)).expect("draw");
    let screen = text(&terminal);
    insta::assert_snapshot!("grader_too_small_40x10", screen.clone());
    let joined = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in ["40×10", "Нужно не меньше 80×24", "уменьшите шрифт", "q — выйти"] {
        assert!(joined.contains(part), "{part}: {screen}");
    }
}
