//! The screens as a learner sees them: the real app on the built-in course, drawn into
//! ratatui's TestBackend at fixed sizes after a sequence of keys, and compared with
//! snapshots (insta). Besides the pictures, each test checks what the keys recorded.

mod support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crm_workbook::course::{self, Course, CourseSource};
use crm_workbook::grading::{self, Learner};
use crm_workbook::kinds::{Answer, Status};
use crm_workbook::store::Store;
use crm_workbook::tui::App;
use crm_workbook::tui::theme::Theme;

/// The learner of these tests, with a fixed id; her variants are those her name gave
/// before progress files had ids, so the screens below show the same numbers and data.
fn anna() -> Learner {
    Learner::new(
        "L-00000000000000000000000000000001".into(),
        "Иванова Анна".into(),
        "РК-21".into(),
        grading::name_seed("Иванова Анна"),
    )
}

fn builtin() -> Course {
    course::load(CourseSource::Embedded).into_result().expect("the built-in course loads")
}

struct Harness {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl Harness {
    /// The app at `width`×`height` on a store prepared by `setup`.
    fn new(width: u16, height: u16, store: Store) -> Harness {
        let app = App::new(builtin(), store, Theme::plain()).expect("the app starts");
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        Harness { app, terminal }
    }

    /// A learner «Иванова Анна» who has opened `exercise` (the app resumes there).
    fn at_exercise(width: u16, height: u16, exercise: &str) -> Harness {
        let store = Store::open_in_memory().expect("store");
        store.set_learner(&anna()).expect("student");
        store.set_last_exercise(exercise).expect("last exercise");
        Harness::new(width, height, store)
    }

    fn press(&mut self, code: KeyCode) -> &mut Self {
        self.press_with(code, KeyModifiers::NONE)
    }

    fn press_with(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Self {
        self.draw();
        self.app.handle(Event::Key(KeyEvent::new(code, mods)));
        self.settle();
        self
    }

    /// A key press without waiting for the work it starts.
    fn press_now(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Self {
        self.draw();
        self.app.handle(Event::Key(KeyEvent::new(code, mods)));
        self
    }

    /// Waits for what the key started in the background (a check, an SQL run).
    fn settle(&mut self) {
        let start = std::time::Instant::now();
        self.app.tick();
        while self.app.busy() {
            assert!(start.elapsed() < std::time::Duration::from_secs(20), "background work did not end");
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.app.tick();
        }
    }

    fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
        self
    }

    fn click(&mut self, column: u16, row: u16) -> &mut Self {
        self.draw();
        self.app.handle(Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }));
        // As the run loop does after every batch of events: the draft is written.
        self.app.tick();
        self
    }

    fn draw(&mut self) {
        self.terminal.draw(|f| self.app.draw(f)).expect("draw");
    }

    /// The screen as text, trailing blanks cut, the time of an attempt masked.
    fn screen(&mut self) -> String {
        self.draw();
        let buffer = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            for x in 0..buffer.area.width {
                line.push_str(buffer[(x, y)].symbol());
            }
            out.push_str(mask_time(line.trim_end()).as_str());
            out.push('\n');
        }
        out
    }

    /// Fills a row of pp1.target-market from its header cell: the header card, then
    /// the three cards left to right; ends at the next row's header cell.
    fn fill_row(&mut self, cards: &[String; 4]) -> &mut Self {
        for card in cards {
            self.type_text(card).press(KeyCode::Enter).press(KeyCode::Right);
        }
        self.press(KeyCode::Down).press(KeyCode::Left).press(KeyCode::Left).press(KeyCode::Left)
    }
}

/// «01.12.2026 18:46» → «ДД.ММ.ГГГГ чч:мм»: attempts are stamped with the clock.
fn mask_time(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let shape = "00.00.0000 00:00";
    let n = shape.chars().count();
    let fits = |i: usize| {
        shape.chars().enumerate().all(|(k, s)| {
            let c = chars[i + k];
            if s == '0' { c.is_ascii_digit() } else { c == s }
        })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + n <= chars.len() && fits(i) {
            out.push_str("ДД.ММ.ГГГГ чч:мм");
            i += n;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn answer_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/answers/{name}", env!("CARGO_MANIFEST_DIR"))).expect("answer file")
}

#[test]
fn first_start_asks_for_the_learner_once() {
    let mut h = Harness::new(80, 24, Store::open_in_memory().expect("store"));
    insta::assert_snapshot!("first_start", h.screen());
    // Enter with an empty name is refused with a reason.
    h.press(KeyCode::Enter).press(KeyCode::Enter);
    assert!(h.screen().contains("Введите фамилию и имя"), "{}", h.screen());
    h.type_text("Иванова Анна").press(KeyCode::Tab).type_text("РК-21").press(KeyCode::Enter);
    let student = h.app.store().student().expect("read").expect("student set");
    assert_eq!((student.name.as_str(), student.group.as_str()), ("Иванова Анна", "РК-21"));
    insta::assert_snapshot!("map_new_learner", h.screen());
}

#[test]
fn grid_fills_with_keys_and_passes() {
    let mut h = Harness::at_exercise(80, 24, "pp1.target-market");
    insta::assert_snapshot!("grid_prompt_80x24", h.screen());
    h.press(KeyCode::Tab);
    insta::assert_snapshot!("grid_empty_80x24", h.screen());
    h.type_text("1");
    insta::assert_snapshot!("grid_picker_80x24", h.screen());
    h.press(KeyCode::Esc);
    for row in &support::target_market_rows() {
        h.fill_row(row);
    }
    insta::assert_snapshot!("grid_filled_80x24", h.screen());
    h.press(KeyCode::F(5));
    let screen = h.screen();
    assert!(screen.contains("Зачтено — 24 из 24 баллов"), "{screen}");
    let attempts = h.app.store().attempts("pp1.target-market").expect("attempts");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].verdict.status, Status::Passed);
    // Passing shows the worked explanation after the findings.
    let mut pages = 0;
    while !h.screen().contains("Разбор") && pages < 10 {
        h.press(KeyCode::PageDown);
        pages += 1;
    }
    assert!(h.screen().contains("Разбор"), "{}", h.screen());
}

#[test]
fn a_wrong_table_is_marked_cell_by_cell() {
    let store = Store::open_in_memory().expect("store");
    store.set_learner(&anna()).expect("student");
    store.set_last_exercise("pp1.target-market").expect("last");
    let course = builtin();
    let exercise = course.exercise("pp1.target-market").expect("exercise");
    let wrong = exercise.spec.parse_answer_file(&answer_file("pp1.target-market.wrong.toml")).expect("answer");
    store.save_draft("pp1.target-market", &wrong).expect("draft");
    let mut h = Harness::new(100, 30, store);
    h.press(KeyCode::F(5));
    insta::assert_snapshot!("grid_wrong_result_100x30", h.screen());
    h.press(KeyCode::BackTab);
    insta::assert_snapshot!("grid_wrong_marks_100x30", h.screen());
    // The cursor's cell says what is wrong with it: row 4 under «Массовый маркетинг».
    h.press(KeyCode::Down).press(KeyCode::Down).press(KeyCode::Down).press(KeyCode::Right);
    let screen = h.screen();
    assert!(screen.contains("строка 4 — Массовый маркетинг"), "{screen}");
    assert!(screen.contains("✗"), "{screen}");
    // Changing the cell takes its mark away: it is no longer what was checked.
    h.press(KeyCode::Delete);
    let cell_line = h.screen().lines().find(|l| l.contains("строка 4 — Массовый маркетинг")).map(str::to_owned);
    assert!(cell_line.is_some_and(|l| l.contains("Ячейка пуста")));
}

#[test]
fn the_mouse_picks_a_cell_and_a_card() {
    let mut h = Harness::at_exercise(100, 30, "pp1.target-market");
    h.press(KeyCode::Tab);
    // The body starts on row 3 (header, tabs, border); the first table row on row 6.
    // Column 30 is under «Массовый маркетинг».
    h.click(30, 6);
    assert!(h.screen().contains("строка 1 — Массовый маркетинг: Ячейка пуста"), "{}", h.screen());
    h.click(30, 6);
    let screen = h.screen();
    assert!(screen.contains("Карточка для «строка 1 — Массовый маркетинг»"), "{screen}");
    let (y, _) = screen.lines().enumerate().find(|(_, l)| l.contains("1. Широкий круг")).expect("card 1 listed");
    h.click(30, y as u16);
    match h.app.store().draft("pp1.target-market").expect("draft") {
        Some(Answer::Grid(a)) => assert_eq!(a.cells.get("target/mass"), Some(&vec!["1".to_owned()])),
        other => panic!("a grid draft, not {other:?}"),
    }
}

#[test]
fn choice_order_and_numeric_editors() {
    let mut h = Harness::at_exercise(80, 24, "theory.crm-terms");
    h.press(KeyCode::Tab);
    insta::assert_snapshot!("choice_80x24", h.screen());
    h.press(KeyCode::Char(' ')).press(KeyCode::Down).press(KeyCode::Char(' '));
    match h.app.store().draft("theory.crm-terms").expect("draft") {
        Some(Answer::Choice(a)) => assert_eq!(a.selected.len(), 1, "single choice keeps one tick: {a:?}"),
        other => panic!("a choice draft, not {other:?}"),
    }

    let mut h = Harness::at_exercise(80, 24, "theory.strategy-steps");
    h.press(KeyCode::Tab);
    insta::assert_snapshot!("order_80x24", h.screen());
    assert_eq!(h.app.store().draft("theory.strategy-steps").expect("draft"), None, "no draft before a change");
    h.press(KeyCode::Char(' ')).press(KeyCode::Down).press(KeyCode::Char(' '));
    match h.app.store().draft("theory.strategy-steps").expect("draft") {
        Some(Answer::Order(a)) => assert_eq!(a.order.len(), 7),
        other => panic!("an order draft, not {other:?}"),
    }

    let mut h = Harness::at_exercise(80, 24, "theory.retention-rate");
    h.press(KeyCode::Tab);
    insta::assert_snapshot!("numeric_80x24", h.screen());
    // While typing, `q` is a letter, not quit; Ctrl+C still quits.
    h.type_text("12,5q");
    assert!(!h.app.should_quit());
    match h.app.store().draft("theory.retention-rate").expect("draft") {
        Some(Answer::Numeric(a)) => assert_eq!(a.value, "12,5q"),
        other => panic!("a numeric draft, not {other:?}"),
    }
    h.press(KeyCode::Enter);
    assert_eq!(h.app.store().attempts("theory.retention-rate").expect("attempts").len(), 1, "Enter checks");
    h.press_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.should_quit());
}

#[test]
fn hints_are_revealed_one_at_a_time_and_recorded() {
    let mut h = Harness::at_exercise(80, 24, "pp1.target-market");
    h.press(KeyCode::F(2));
    insta::assert_snapshot!("hint_1_80x24", h.screen());
    assert_eq!(h.app.store().hints_shown("pp1.target-market").expect("hints"), 1);
    h.press(KeyCode::F(2)).press(KeyCode::F(2)).press(KeyCode::F(2));
    assert_eq!(h.app.store().hints_shown("pp1.target-market").expect("hints"), 3, "three hints, no more");
    assert!(h.screen().contains("Подсказки 3/3"));
}

#[test]
fn help_lists_the_keys_of_the_screen_under_it() {
    let mut h = Harness::at_exercise(100, 30, "pp1.target-market");
    h.press(KeyCode::Tab).press(KeyCode::Char('?'));
    insta::assert_snapshot!("help_grid_100x30", h.screen());
    h.press(KeyCode::Esc);
    assert!(!h.screen().contains(" Клавиши "));
}

#[test]
fn a_small_terminal_gets_a_message_and_keys_still_work() {
    let mut h = Harness::at_exercise(60, 20, "pp1.target-market");
    insta::assert_snapshot!("too_small_60x20", h.screen());
    h.terminal.backend_mut().resize(100, 30);
    h.terminal.resize(ratatui::layout::Rect::new(0, 0, 100, 30)).expect("resize");
    assert!(h.screen().contains("Методы разработки целевого рынка"));
    h.press(KeyCode::Esc).press(KeyCode::Char('q'));
    assert!(h.app.should_quit());
}

#[test]
fn the_map_shows_scores_after_coming_back() {
    let mut h = Harness::at_exercise(100, 30, "pp1.target-market");
    h.press(KeyCode::Tab);
    for row in &support::target_market_rows() {
        h.fill_row(row);
    }
    h.press(KeyCode::F(5)).press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("✓ Методы разработки целевого рынка"), "{screen}");
    assert!(screen.contains("24/24"), "{screen}");
    insta::assert_snapshot!("map_after_pass_100x30", screen);
}

#[test]
fn work_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.db");
    {
        let store = Store::open(&path).expect("store");
        store.set_learner(&anna()).expect("student");
        let mut h = Harness::new(100, 30, store);
        h.press(KeyCode::Enter).press(KeyCode::Tab);
        h.fill_row(&support::target_market_rows()[0]);
        // Dropped without quitting: as when the terminal is closed.
    }
    let mut h = Harness::new(100, 30, Store::open(&path).expect("reopen"));
    let screen = h.screen();
    assert!(screen.contains("Методы разработки целевого рынка"), "resumes in the exercise: {screen}");
    assert!(screen.contains("В таблице 4 из 24 карточек"), "the draft is back: {screen}");
}

#[test]
fn the_sql_editor_runs_queries_shows_tables_and_checks_parts() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    h.type_text("SELECT customer_id, full_name, city FROM customers WHERE city = 'Тула' ORDER BY customer_id");
    h.press_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("sql_query_result_100x30", h.screen());
    // An error names the line and says what SQLite said, in Russian.
    h.press(KeyCode::Enter).type_text("LIMIT nonsense");
    h.press(KeyCode::F(9));
    let screen = h.screen();
    assert!(screen.contains("строка 2: нет столбца nonsense; если это значение, а не имя столбца"), "{screen}");
    h.press(KeyCode::F(4));
    insta::assert_snapshot!("sql_tables_100x30", h.screen());
    // Checking grades every part; the parts not written are missing.
    h.press(KeyCode::F(5));
    let screen = h.screen();
    assert!(screen.contains("Не зачтено"), "{screen}");
    let attempts = h.app.store().attempts("pp1.segments").expect("attempts");
    assert_eq!(attempts.len(), 1);
    match &attempts[0].answer {
        Answer::Sql(a) => assert_eq!(a.parts.len(), 1, "one part written: {a:?}"),
        other => panic!("an SQL answer, not {other:?}"),
    }
}

#[test]
fn a_runaway_query_is_stopped_at_its_time_limit_and_the_screen_answers_meanwhile() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    h.type_text("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r");
    let started = std::time::Instant::now();
    h.press_now(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(h.app.busy(), "the query runs in the background");
    assert!(h.screen().contains("Выполняется…"), "{}", h.screen());
    // Keys still work while it runs: the prompt tab opens and closes.
    h.press_now(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert!(h.screen().contains("Задание 3"), "{}", h.screen());
    h.press_now(KeyCode::Tab, KeyModifiers::NONE);
    h.settle();
    let elapsed = started.elapsed();
    let screen = h.screen();
    assert!(screen.contains("выполнялся дольше 2 с и прерван"), "the time limit is named: {screen}");
    assert!(elapsed < std::time::Duration::from_secs(15), "stopped by the limit, not by luck: {elapsed:?}");
}

/// A learner in memory whose pp2.rfm draft is the reference model, opening at `last`.
fn learner_with_reference_model(course: &Course, last: &str) -> Store {
    let store = Store::open_in_memory().expect("store");
    store.set_learner(&anna()).expect("student");
    store.set_last_exercise(last).expect("last");
    store.save_draft("pp2.rfm", &reference_model(course)).expect("draft");
    store
}

/// The learner's own segmentation, as the reference answer file gives it.
fn reference_model(course: &Course) -> Answer {
    let exercise = course.exercise("pp2.rfm").expect("pp2.rfm");
    exercise.spec.parse_answer_file(&answer_file("pp2.rfm.toml")).expect("reference model")
}

#[test]
fn the_rfm_form_segments_the_learners_data_as_they_edit() {
    let mut h = Harness::at_exercise(110, 32, "pp2.rfm");
    h.press(KeyCode::Tab);
    // A fresh form names the seven groups; the model has no ranges yet.
    let screen = h.screen();
    assert!(screen.contains("ВИП-клиенты") && screen.contains("«Спящие»"), "{screen}");
    // Bins: the second field of the first row.
    h.press(KeyCode::Right).press(KeyCode::Enter).type_text("4").press(KeyCode::Enter);
    match h.app.store().draft("pp2.rfm").expect("draft") {
        Some(Answer::Rfm(a)) => assert_eq!(a.model.scoring.bins, Some(4)),
        other => panic!("an rfm draft, not {other:?}"),
    }
    // Not a number: the field says so and the model keeps its last good value.
    h.press(KeyCode::Enter).press(KeyCode::Backspace).type_text("x").press(KeyCode::Enter);
    assert!(h.screen().contains("не число групп"), "{}", h.screen());
    let model = drafted_model(h.app.store());
    assert_eq!((model.scoring.bins, model.segments.len()), (Some(4), 7), "the draft keeps the last good model");

    // The reference model passes, and the preview shows every group with its people.
    let course = builtin();
    let store = learner_with_reference_model(&course, "pp2.rfm");
    let mut h = Harness::new(110, 32, store);
    h.press(KeyCode::F(5));
    assert!(h.screen().contains("Зачтено"), "{}", h.screen());
    h.press(KeyCode::BackTab);
    insta::assert_snapshot!("rfm_form_110x32", h.screen());
    // F8: the segmented table in the SQL console.
    h.press(KeyCode::F(8));
    h.type_text("SELECT segment, count(*) AS n FROM rfm GROUP BY segment ORDER BY n DESC");
    h.press_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let screen = h.screen();
    assert!(screen.contains("7 строк"), "seven groups in the console: {screen}");
}

#[test]
fn the_sales_map_starts_from_the_learners_model_and_is_drawn_once_right() {
    let course = builtin();
    // The learner's pp2.rfm: the map starts from that model.
    let store = learner_with_reference_model(&course, "pp2.sales-map");
    let mut h = Harness::new(110, 32, store);
    h.press(KeyCode::Tab);
    assert!(h.screen().contains("запрос ещё не написан"), "{}", h.screen());
    // F8: the console over the table rfm; the query typed there is the answer.
    h.press(KeyCode::F(8));
    assert!(h.screen().contains("ваш ответ (F5 — проверить)"), "{}", h.screen());
    h.type_text(
        "SELECT segment, count(*) AS customers, 100.0 * count(*) / (SELECT count(*) FROM rfm) AS customer_share, \
         100.0 * sum(monetary) / (SELECT sum(monetary) FROM rfm) AS revenue_share, \
         sum(monetary) / sum(frequency) AS average_check FROM rfm GROUP BY segment",
    );
    match h.app.store().draft("pp2.sales-map").expect("draft") {
        Some(Answer::Rfm(a)) => assert!(a.query.starts_with("SELECT segment, count(*)"), "{}", a.query),
        other => panic!("an rfm draft, not {other:?}"),
    }
    h.press(KeyCode::F(5));
    let screen = h.screen();
    assert!(screen.contains("Зачтено"), "{screen}");
    h.press(KeyCode::BackTab);
    h.press(KeyCode::F(8));
    let screen = h.screen();
    assert!(screen.contains("Карта продаж: доля клиентов и доля выручки"), "{screen}");
    insta::assert_snapshot!("sales_map_passed_110x32", screen);
}

#[test]
fn the_sql_editor_runs_up_to_the_statement_under_the_cursor() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    h.type_text("CREATE TEMP VIEW tula AS SELECT customer_id, city FROM customers WHERE city = 'Тула';");
    h.press(KeyCode::Enter).type_text("SELECT count(*) AS in_tula FROM tula;");
    h.press(KeyCode::Enter).type_text("SELECT 'last' AS which;");
    // Ctrl+R: the whole text, the last statement's result.
    h.press_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(h.screen().contains("3 запроса, 1 строка"), "{}", h.screen());
    assert!(h.screen().contains("││which"), "the last statement's column: {}", h.screen());
    // Up one line, Ctrl+E: the view and the count run, the last SELECT does not.
    h.press(KeyCode::Up);
    h.press_with(KeyCode::Char('e'), KeyModifiers::CONTROL);
    let screen = h.screen();
    assert!(screen.contains("2 запроса, 1 строка"), "two statements ran: {screen}");
    assert!(screen.contains("││in_tula") && !screen.contains("││which"), "the count's result: {screen}");
}

#[test]
fn the_mouse_ticks_an_option_and_moves_a_held_item() {
    let mut h = Harness::at_exercise(80, 24, "theory.crm-terms");
    h.press(KeyCode::Tab);
    let screen = h.screen();
    let (y, _) = screen.lines().enumerate().find(|(_, l)| l.contains("другое название")).expect("option shown");
    h.click(20, y as u16);
    match h.app.store().draft("theory.crm-terms").expect("draft") {
        Some(Answer::Choice(a)) => assert_eq!(a.selected.len(), 1, "{a:?}"),
        other => panic!("a choice draft, not {other:?}"),
    }
    assert!(h.screen().contains("(•) CRM-маркетинг — другое название"), "{}", h.screen());

    let mut h = Harness::at_exercise(80, 24, "theory.strategy-steps");
    h.press(KeyCode::Tab);
    let line_of = |screen: &str, n: &str| screen.lines().position(|l| l.contains(n)).expect("item shown") as u16;
    let screen = h.screen();
    let (first, second) = (line_of(&screen, " 1. "), line_of(&screen, " 2. "));
    // A click on the item under the cursor (the first) holds it; a click on the second
    // place moves it there.
    h.click(20, first).click(20, second);
    match h.app.store().draft("theory.strategy-steps").expect("draft") {
        Some(Answer::Order(a)) => {
            let start = crm_workbook::kinds::order::initial_order(
                match &builtin().exercise("theory.strategy-steps").expect("exercise").spec {
                    crm_workbook::kinds::Spec::Order(s) => s,
                    _ => panic!("an order exercise"),
                },
                grading::variant(
                    builtin().exercise("theory.strategy-steps").expect("exercise"),
                    &h.app.store().learner().expect("store").expect("a learner"),
                ),
            );
            assert_eq!((&a.order[0], &a.order[1]), (&start[1], &start[0]), "the first two swapped");
        }
        other => panic!("an order draft, not {other:?}"),
    }
}

/// A learner «Иванова Анна» in the progress file at `path`, who has opened `exercise`.
fn progress_file(path: &std::path::Path, exercise: &str) -> Store {
    let store = Store::open(path).expect("store");
    store.set_learner(&anna()).expect("student");
    store.set_last_exercise(exercise).expect("last exercise");
    store
}

/// The model of the pp2.rfm draft.
fn drafted_model(store: &Store) -> crm_workbook::data::rfm::ModelSpec {
    match store.draft("pp2.rfm").expect("draft") {
        Some(Answer::Rfm(a)) => a.model,
        other => panic!("an rfm draft, not {other:?}"),
    }
}

fn range(text: &str) -> Option<crm_workbook::data::rfm::model::RangeText> {
    Some(crm_workbook::data::rfm::model::RangeText::Text(text.to_owned()))
}

#[test]
fn a_field_being_typed_in_the_rfm_form_survives_a_killed_program() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.db");
    let mut h = Harness::new(110, 32, progress_file(&path, "pp2.rfm"));
    h.press(KeyCode::Tab);
    // Bins «4», written with Enter; then rule 1's R: «4-5» typed, no Enter.
    h.press(KeyCode::Right).press(KeyCode::Enter).type_text("4").press(KeyCode::Enter);
    h.press(KeyCode::Down).press(KeyCode::Down).press(KeyCode::Right);
    h.press(KeyCode::Enter).type_text("4-5");
    // The program is killed: no quit, no Enter, the App simply goes away.
    drop(h);
    let mut h = Harness::new(110, 32, Store::open(&path).expect("the same file"));
    let screen = h.screen();
    assert!(screen.contains("4-5▏"), "the typed range is back, still being typed: {screen}");
    let model = drafted_model(h.app.store());
    assert_eq!((model.scoring.bins, &model.segments[0].r), (Some(4), &None), "not written yet");
    // Typing goes on where it stopped; Enter writes it into the model.
    h.press(KeyCode::Backspace).type_text("5").press(KeyCode::Enter);
    assert_eq!(drafted_model(h.app.store()).segments[0].r, range("4-5"));

    // Not a range yet («3-»): back after a kill as it was typed, the model as it was.
    h.press(KeyCode::Right).press(KeyCode::Enter).type_text("3-");
    drop(h);
    let mut h = Harness::new(110, 32, Store::open(&path).expect("the same file"));
    let screen = h.screen();
    assert!(screen.contains("3-▏"), "{screen}");
    assert!(screen.contains("«3-» не диапазон"), "what is wrong with it is said: {screen}");
    let model = drafted_model(h.app.store());
    assert_eq!((model.scoring.bins, &model.segments[0].r, &model.segments[0].f), (Some(4), &range("4-5"), &None));
    // Enter does not write a range that is not one; the field stays open.
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("3-▏"), "{}", h.screen());
    assert_eq!(drafted_model(h.app.store()).segments[0].f, None);
    h.type_text("4").press(KeyCode::Enter);
    assert_eq!(drafted_model(h.app.store()).segments[0].f, range("3-4"));

    // A non-number in bins, then Ctrl+C: quitting while typing keeps the text too.
    h.press(KeyCode::Up).press(KeyCode::Up).press(KeyCode::Right).press(KeyCode::Enter);
    h.press(KeyCode::Backspace).type_text("x");
    h.press_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.should_quit(), "Ctrl+C quits while a field is being typed");
    drop(h);
    let mut h = Harness::new(110, 32, Store::open(&path).expect("the same file"));
    let screen = h.screen();
    assert!(screen.contains("Групп на ось: x▏"), "{screen}");
    assert_eq!(drafted_model(h.app.store()).scoring.bins, Some(4), "the last valid number of groups");
}

#[test]
fn leaving_an_rfm_field_keeps_what_was_typed() {
    let mut h = Harness::at_exercise(110, 32, "pp2.rfm");
    h.press(KeyCode::Tab);
    // Esc out of a field with a valid value writes it, as Enter does; Esc again goes to
    // the map, and the exercise opens again with it (on the answer tab).
    h.press(KeyCode::Right).press(KeyCode::Enter).type_text("4").press(KeyCode::Esc);
    assert_eq!(drafted_model(h.app.store()).scoring.bins, Some(4));
    h.press(KeyCode::Esc).press(KeyCode::Enter);
    assert!(h.screen().contains("Групп на ось: 4 "), "{}", h.screen());
    // A value that is not valid is not thrown away by one Esc: the field says what is
    // wrong and how to get the old value back; a second Esc does that.
    h.press(KeyCode::Right).press(KeyCode::Enter).type_text("0x");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("40x▏") && screen.contains("не число групп"), "{screen}");
    assert!(screen.contains("Esc ещё раз"), "{screen}");
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("Групп на ось: 4 ") && !screen.contains("40x"), "{screen}");
    assert_eq!(drafted_model(h.app.store()).scoring.bins, Some(4));
}

#[test]
fn checking_with_an_rfm_field_being_typed_writes_it_or_says_what_is_wrong() {
    let course = builtin();
    let store = learner_with_reference_model(&course, "pp2.rfm");
    let mut h = Harness::new(110, 32, store);
    // Bins «5» → «5x», not written: F5 does not grade, and names the field.
    h.press(KeyCode::Right).press(KeyCode::Enter).type_text("x");
    h.press(KeyCode::F(5));
    let screen = h.screen();
    assert!(screen.contains("Групп на ось") && screen.contains("не число групп"), "{screen}");
    assert!(h.app.store().attempts("pp2.rfm").expect("attempts").is_empty(), "nothing graded");
    // Valid again («5» → «4»), still not written: F5 writes it and grades what is on screen.
    h.press(KeyCode::Backspace).press(KeyCode::Backspace).type_text("4");
    h.press(KeyCode::F(5));
    let attempts = h.app.store().attempts("pp2.rfm").expect("attempts");
    assert_eq!(attempts.len(), 1);
    match &attempts[0].answer {
        Answer::Rfm(a) => assert_eq!(a.model.scoring.bins, Some(4), "the typed value was graded"),
        other => panic!("an rfm answer, not {other:?}"),
    }
    assert_eq!(drafted_model(h.app.store()).scoring.bins, Some(4));
}

#[test]
fn an_rfm_draft_saved_before_typed_text_was_kept_still_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.db");
    // A file as the program wrote it before (schema version 1), with an RFM draft in the
    // JSON of then.
    {
        let conn = crm_workbook::data::sql::open_with_flags(&path, rusqlite::OpenFlags::default()).expect("file");
        conn.execute_batch(include_str!("../src/store/schema/v1.sql")).expect("schema 1");
        conn.pragma_update(None, "user_version", 1).expect("version 1");
        conn.execute(
            "INSERT INTO draft (exercise_id, answer, updated) VALUES ('pp2.rfm', ?1, '2025-11-03T10:00:00+03:00')",
            [r#"{"kind":"rfm","model":{"scoring":{"method":"quantile","bins":4},"segment":[{"name":"ВИП-клиенты","r":"4","f":"3-4"},{"name":"Лояльные","r":"3-4"}]}}"#],
        )
        .expect("old draft");
    }
    let mut h = Harness::new(110, 32, progress_file(&path, "pp2.rfm"));
    let screen = h.screen();
    assert!(screen.contains("Групп на ось: 4 "), "{screen}");
    assert!(screen.contains("ВИП-клиенты") && screen.contains("3-4") && screen.contains("Лояльные"), "{screen}");
    assert!(!screen.contains('▏'), "no field is being typed: {screen}");
    // And it is worked on as before.
    h.press(KeyCode::Right).press(KeyCode::Enter).press(KeyCode::Backspace).type_text("5").press(KeyCode::Enter);
    assert_eq!(drafted_model(h.app.store()).scoring.bins, Some(5));
}

/// A megabyte of SQL pasted (bracketed paste: one event) is one change: in the draft at
/// once, not a write per character.
#[test]
fn a_pasted_megabyte_of_sql_is_in_the_draft_within_a_second() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    let line = "SELECT customer_id, full_name, city FROM customers WHERE city = 'Тула' ORDER BY customer_id;\n";
    let text: String = line.repeat(1_000_000 / line.len() + 1);
    let started = std::time::Instant::now();
    h.app.handle(Event::Paste(text.clone()));
    h.app.tick();
    let elapsed = started.elapsed();
    match h.app.store().draft("pp1.segments").expect("draft") {
        Some(Answer::Sql(a)) => {
            let written = a.parts.values().next().expect("the part pasted into");
            assert_eq!(written.as_str(), text.trim_end(), "the whole paste, as pasted");
        }
        other => panic!("an SQL draft, not {other:?}"),
    }
    assert!(elapsed < std::time::Duration::from_secs(1), "pasted and drafted in {elapsed:?}");
    // The screen still draws, and a key typed after it is one more change.
    assert!(h.screen().contains("SELECT customer_id"));
    h.press(KeyCode::Char('x'));
    match h.app.store().draft("pp1.segments").expect("draft") {
        Some(Answer::Sql(a)) => assert!(a.parts.values().next().is_some_and(|t| t.ends_with('x'))),
        other => panic!("an SQL draft, not {other:?}"),
    }
}

/// Typed keys that arrive together (fast typing, a paste a terminal sends as keys) are
/// written to the draft once, when the batch is taken in.
#[test]
fn keys_of_one_batch_are_drafted_once_after_it() {
    let mut h = Harness::at_exercise(100, 30, "theory.retention-rate");
    h.press(KeyCode::Tab);
    for c in "12,5".chars() {
        h.app.handle(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    assert_eq!(h.app.store().draft("theory.retention-rate").expect("draft"), None, "not written per key");
    h.app.tick();
    match h.app.store().draft("theory.retention-rate").expect("draft") {
        Some(Answer::Numeric(a)) => assert_eq!(a.value, "12,5"),
        other => panic!("a numeric draft, not {other:?}"),
    }
}

/// The text of the current part of the pp1.segments draft.
fn drafted_part(store: &Store, part: &str) -> String {
    match store.draft("pp1.segments").expect("draft") {
        Some(Answer::Sql(a)) => a.parts.get(part).cloned().unwrap_or_default(),
        other => panic!("an SQL draft, not {other:?}"),
    }
}

#[test]
fn the_sql_result_says_how_many_rows_the_query_gave() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    h.type_text("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 882) SELECT n FROM r");
    h.press_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let screen = h.screen();
    assert!(screen.contains("строки 1–500 из 882"), "{screen}");
}

#[test]
fn a_long_sql_line_wraps_and_keeps_its_line_number_and_the_first_column_stays() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    let columns: Vec<String> = (1..=12).map(|i| format!("'значение номер {i}' AS column_number_{i}")).collect();
    h.type_text(&format!("SELECT customer_id AS first_id, {} FROM customers", columns.join(", ")));
    let screen = h.screen();
    assert!(screen.contains("│ 1 SELECT customer_id AS first_id"), "the line number and the line's start: {screen}");
    assert!(screen.contains("FROM customers"), "the end of the line, wrapped: {screen}");
    h.press_with(KeyCode::Char('r'), KeyModifiers::CONTROL).press(KeyCode::F(3));
    for _ in 0..4 {
        h.press(KeyCode::Right);
    }
    let screen = h.screen();
    assert!(screen.contains("first_id"), "the first column stays when the others scroll: {screen}");
    assert!(screen.contains("column_number_4") && !screen.contains("column_number_2 "), "{screen}");
}

#[test]
fn the_sql_text_has_undo_and_tab_indents_it() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    h.type_text("SELECT 1");
    h.press_with(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(drafted_part(h.app.store(), "sleeping-90"), "SELECT");
    h.press_with(KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert_eq!(drafted_part(h.app.store(), "sleeping-90"), "SELECT 1");
    h.press(KeyCode::Enter).press(KeyCode::Tab).type_text("FROM x");
    assert_eq!(drafted_part(h.app.store(), "sleeping-90"), "SELECT 1\n    FROM x");
    assert!(h.screen().contains("Давно не покупали"), "still on the answer tab");
    // Shift+Tab still leaves for the other tabs.
    h.press_with(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert!(h.screen().contains("Задание 3"), "{}", h.screen());
}

#[test]
fn help_in_the_sql_editor_lists_its_editing_keys() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab).press(KeyCode::F(1));
    let screen = h.screen();
    for expected in ["Ctrl+Z", "отменить правку текста", "по тексту", "Ctrl+←, Ctrl+→", "отступ"]
    {
        assert!(screen.contains(expected), "{expected}: {screen}");
    }
}

#[test]
fn the_sql_tables_list_scrolls() {
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab).press(KeyCode::F(4));
    let screen = h.screen();
    assert!(screen.contains("↓ ещё") && !screen.contains("  total real"), "{screen}");
    for _ in 0..5 {
        h.press_with(KeyCode::PageDown, KeyModifiers::SHIFT);
    }
    let screen = h.screen();
    assert!(!screen.contains("customer_id integer PK"), "scrolled past customers: {screen}");
    assert!(screen.contains("orders"), "{screen}");
}

#[test]
fn parts_are_only_offered_when_there_are_several_and_shared_text_is_explained() {
    let mut h = Harness::at_exercise(100, 30, "pp2.rfm-metrics");
    h.press(KeyCode::Tab);
    let screen = h.screen();
    assert!(!screen.contains("F7 часть") && !screen.contains("Общее"), "one part: {screen}");
    let mut h = Harness::at_exercise(100, 30, "pp1.segments");
    h.press(KeyCode::Tab);
    assert!(h.screen().contains("F7 часть"));
    h.press(KeyCode::F(6));
    let screen = h.screen();
    assert!(screen.contains("Общее — выполняется перед каждой частью"), "{screen}");
}

#[test]
fn the_sql_part_the_learner_was_on_is_restored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.db");
    {
        let store = Store::open(&path).expect("store");
        store.set_student("Иванова Анна", "РК-21").expect("student");
        store.set_last_exercise("pp1.segments").expect("last");
        let mut h = Harness::new(100, 30, store);
        h.press(KeyCode::Tab).press(KeyCode::F(7)).press(KeyCode::F(7));
        assert!(h.screen().contains("3. Интерес к фото и видео в Москве"));
    }
    let mut h = Harness::new(100, 30, Store::open(&path).expect("reopen"));
    let screen = h.screen();
    assert!(screen.contains("3. Интерес к фото и видео в Москве"), "reopens on part 3: {screen}");
}

/// Item by item, the screens at 80×24, the documented minimum: nothing cut that the
/// learner needs to read (RFM form and preview, the console, the sales map, the SQL
/// editor and its tables, help, a verdict).
#[test]
fn every_screen_reads_whole_at_80x24() {
    let course = builtin();
    let mut h = Harness::new(80, 24, learner_with_reference_model(&course, "pp2.rfm"));
    insta::assert_snapshot!("rfm_form_80x24", h.screen());
    h.press(KeyCode::F(5));
    insta::assert_snapshot!("rfm_result_80x24", h.screen());
    h.press(KeyCode::BackTab).press(KeyCode::F(1));
    insta::assert_snapshot!("rfm_help_80x24", h.screen());
    h.press(KeyCode::Esc).press(KeyCode::F(8));
    insta::assert_snapshot!("rfm_console_80x24", h.screen());

    let mut h = Harness::new(80, 24, learner_with_reference_model(&course, "pp2.sales-map"));
    h.press(KeyCode::Tab);
    for _ in 0..14 {
        h.press(KeyCode::Down);
    }
    insta::assert_snapshot!("sales_map_rows_80x24", h.screen());

    let mut h = Harness::at_exercise(80, 24, "pp1.segments");
    h.press(KeyCode::Tab);
    h.type_text("SELECT customer_id, full_name, city FROM customers WHERE city = 'Тула' ORDER BY customer_id");
    h.press_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("sql_query_result_80x24", h.screen());
    h.press(KeyCode::F(4));
    insta::assert_snapshot!("sql_tables_80x24", h.screen());
    h.press(KeyCode::F(4)).press(KeyCode::F(1));
    insta::assert_snapshot!("sql_help_80x24", h.screen());
}

#[test]
fn the_exercise_title_stays_in_the_header() {
    let mut h = Harness::at_exercise(100, 30, "pp2.rfm");
    let head = h.screen().lines().next().unwrap_or_default().to_owned();
    assert!(head.contains("› RFM-сегментация участников программы лояльности"), "{head}");
    let mut h = Harness::at_exercise(80, 24, "pp2.rfm");
    let head = h.screen().lines().next().unwrap_or_default().to_owned();
    assert!(head.contains("RFM-сегментация участников программы лояльности"), "{head}");
}

#[test]
fn rfm_rules_are_cleared_removed_moved_and_restored() {
    let course = builtin();
    let mut h = Harness::new(80, 24, learner_with_reference_model(&course, "pp2.rfm"));
    // Method, fallback, then the rules: rule 1 is the third row; its R is the second field.
    h.press(KeyCode::Down).press(KeyCode::Down).press(KeyCode::Right);
    h.press(KeyCode::Delete);
    let model = drafted_model(h.app.store());
    assert_eq!(
        (model.segments.len(), model.segments[0].name.as_str(), &model.segments[0].r),
        (7, "ВИП-клиенты", &None)
    );
    h.press_with(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(drafted_model(h.app.store()).segments[0].r, range("4-5"), "Ctrl+Z brings the field back");
    // Ctrl+Del takes the rule away; Ctrl+Z brings it back.
    h.press_with(KeyCode::Delete, KeyModifiers::CONTROL);
    assert_eq!(drafted_model(h.app.store()).segments[0].name, "Лояльные");
    h.press_with(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(drafted_model(h.app.store()).segments[0].name, "ВИП-клиенты");
    // Shift+↓ moves ВИП-клиенты below Лояльные, who catch them first: the group is empty,
    // marked, and the preview says why.
    h.press_with(KeyCode::Down, KeyModifiers::SHIFT);
    let names: Vec<String> = drafted_model(h.app.store()).segments.iter().map(|r| r.name.clone()).collect();
    assert_eq!(names[..2], ["Лояльные", "ВИП-клиенты"]);
    let screen = h.screen();
    assert!(screen.contains("✗ ВИП-клиенты"), "{screen}");
    assert!(screen.contains("забрало правило выше") && screen.contains("«Лояльные»"), "{screen}");
    insta::assert_snapshot!("rfm_empty_group_80x24", screen);
    // The cursor went with the rule: Shift+↑ puts it back.
    h.press_with(KeyCode::Up, KeyModifiers::SHIFT);
    assert_eq!(drafted_model(h.app.store()).segments[0].name, "ВИП-клиенты");
}

#[test]
fn an_empty_group_is_red_and_a_quoted_name_is_not_quoted_twice() {
    let course = builtin();
    let store = learner_with_reference_model(&course, "pp2.rfm");
    let mut app = App::new(builtin(), store, Theme::colored()).expect("the app starts");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let key = |code, mods| Event::Key(KeyEvent::new(code, mods));
    for k in [KeyCode::Down, KeyCode::Down] {
        app.handle(key(k, KeyModifiers::NONE));
    }
    app.handle(key(KeyCode::Down, KeyModifiers::SHIFT));
    app.tick();
    terminal.draw(|f| app.draw(f)).expect("draw");
    let buffer = terminal.backend().buffer();
    let at = (0..buffer.area.height)
        .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
        .find(|&(x, y)| buffer[(x, y)].symbol() == "✗")
        .expect("an empty group is marked");
    let name = buffer[(at.0 + 2, at.1)].clone();
    assert_eq!(name.fg, ratatui::style::Color::Red, "the empty group's name is red");

    // A range that is not one, in the rule of «Спящие» (named with its quotes).
    let mut h = Harness::new(80, 24, learner_with_reference_model(&course, "pp2.rfm"));
    for _ in 0..5 {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Right).press(KeyCode::Enter).type_text("x").press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Правило 4 «Спящие», R"), "{screen}");
    assert!(!screen.contains("««"), "{screen}");
}

#[test]
fn enter_on_a_module_still_to_come_says_what_it_is() {
    // The built-in course has no module to come any more: a course that has one.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/list");
    let course = course::load(CourseSource::Dir(dir)).into_result().expect("the fixture course loads");
    let store = Store::open_in_memory().expect("store");
    store.set_student("Иванова Анна", "РК-21").expect("student");
    let app = App::new(course, store, Theme::plain()).expect("the app starts");
    let terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let mut h = Harness { app, terminal };
    // From the first exercise down to the last module, which has none yet (its intro on
    // the right).
    for _ in 0..4 {
        h.press(KeyCode::Down);
    }
    assert!(h.screen().contains("Упражнения появятся позже."), "{}", h.screen());
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Модуль ещё готовится: упражнения появятся позже"), "{screen}");
    insta::assert_snapshot!("map_soon_module_80x24", screen);
    h.press(KeyCode::Up);
    assert!(!h.screen().contains("Модуль ещё готовится"), "the message goes with the next key");
}

#[test]
fn the_name_and_group_can_be_changed_from_the_map() {
    let store = Store::open_in_memory().expect("store");
    store.set_student("Иванова Анна", "РК-21").expect("student");
    let mut h = Harness::new(80, 24, store);
    assert!(h.screen().contains("s имя и группа"), "the bar offers it: {}", h.screen());
    h.press(KeyCode::Char('s'));
    insta::assert_snapshot!("settings_80x24", h.screen());
    // Esc leaves it as it was.
    h.type_text("ова").press(KeyCode::Esc);
    assert!(h.screen().contains("Студент: Иванова Анна, группа РК-21"), "{}", h.screen());
    // The group is corrected: Tab to it, a new one typed, Enter saves.
    h.press(KeyCode::Char('s')).press(KeyCode::Tab);
    for _ in 0..5 {
        h.press(KeyCode::Backspace);
    }
    h.type_text("РК-22").press(KeyCode::Enter);
    let student = h.app.store().student().expect("read").expect("student");
    assert_eq!((student.name.as_str(), student.group.as_str()), ("Иванова Анна", "РК-22"));
    assert!(h.screen().contains("Студент: Иванова Анна, группа РК-22"), "{}", h.screen());
}

/// A worse attempt after a pass takes nothing away: the result tab says which attempt
/// counts, and the explanation stays.
#[test]
fn a_worse_attempt_keeps_the_best_and_its_explanation() {
    let store = Store::open_in_memory().expect("store");
    store.set_learner(&anna()).expect("student");
    store.set_last_exercise("theory.crm-terms").expect("last exercise");
    let right = Answer::Choice(crm_workbook::kinds::choice::Answer { selected: vec!["strategy".into()] });
    store.save_draft("theory.crm-terms", &right).expect("draft");
    let mut h = Harness::new(80, 24, store);
    h.press(KeyCode::F(5));
    let screen = h.screen();
    assert!(screen.contains("Зачтено") && screen.contains("Разбор"), "{screen}");
    // Another option chosen: a wrong answer.
    h.press(KeyCode::BackTab);
    for _ in 0..8 {
        h.press(KeyCode::Down).press(KeyCode::Char(' '));
        if h.app.store().draft("theory.crm-terms").expect("draft") != Some(right.clone()) {
            break;
        }
    }
    h.press(KeyCode::F(5));
    let screen = h.screen();
    assert!(!screen.contains("Зачтено —"), "the new verdict is shown as it is: {screen}");
    assert!(screen.contains("В зачёт идёт лучшая попытка — 1-я: зачтено"), "{screen}");
    assert!(screen.contains("Разбор"), "the explanation stays once passed: {screen}");
    assert_eq!(h.app.store().attempts("theory.crm-terms").expect("attempts").len(), 2);
}

/// An empty or non-numeric answer is not checked and not recorded as a failed attempt:
/// the learner is told what is wrong.
#[test]
fn a_numeric_answer_that_is_no_number_is_refused_without_an_attempt() {
    let mut h = Harness::at_exercise(80, 24, "theory.nps");
    h.press(KeyCode::Tab);
    h.press(KeyCode::F(5));
    assert!(h.screen().contains("попыткой не считается: ответ не введён"), "{}", h.screen());
    h.type_text("abc").press(KeyCode::Enter);
    assert!(h.screen().contains("«abc» — не число"), "{}", h.screen());
    assert!(h.app.store().attempts("theory.nps").expect("attempts").is_empty());
    h.press(KeyCode::Backspace).press(KeyCode::Backspace).press(KeyCode::Backspace).type_text("12,5");
    h.press(KeyCode::F(5));
    assert_eq!(h.app.store().attempts("theory.nps").expect("attempts").len(), 1, "a number is checked");
}

/// The scenario editor at 80×24: the text checked as it is typed, a step added, a
/// launch on the learner's data with the funnel, the days, the sends not made and a path.
#[test]
fn the_scenario_editor_checks_as_typed_adds_steps_and_launches() {
    let mut h = Harness::at_exercise(80, 24, "pp5.smart-scenario");
    h.press(KeyCode::Tab);
    insta::assert_snapshot!("scenario_text_80x24", h.screen());
    // A new step goes after the others; the cursor is on its type.
    h.press_with(KeyCode::Char('n'), KeyModifiers::CONTROL);
    let screen = h.screen();
    assert!(screen.contains("2 step-2 · wait"), "{screen}");
    assert!(screen.contains("ошибок нет"), "{screen}");
    // A mistake is reported at its line while typing, and the step is crossed.
    h.press(KeyCode::End).type_text("x");
    let screen = h.screen();
    assert!(screen.contains("ошибок: 1"), "{screen}");
    h.press(KeyCode::Backspace);
    assert!(h.screen().contains("ошибок нет"));
    // The draft holds the new step.
    h.app.tick();
    let draft = h.app.store().draft("pp5.smart-scenario").expect("draft").expect("a draft");
    match draft {
        Answer::Scenario(a) => assert!(a.parts["scenario"].contains("id = \"step-2\""), "{:?}", a.parts),
        other => panic!("{other:?}"),
    }
    h.press(KeyCode::F(9));
    insta::assert_snapshot!("scenario_results_80x24", h.screen());
    h.press(KeyCode::Right);
    assert!(h.screen().contains("Путь клиента 2/"), "{}", h.screen());
    h.press(KeyCode::F(3));
    assert!(h.screen().contains("Шаги"));
}

/// The scenario's draft in the store (the one part of pp5).
fn scenario_draft(store: &Store) -> String {
    match store.draft("pp5.smart-scenario").expect("draft") {
        Some(Answer::Scenario(a)) => a.parts["scenario"].clone(),
        other => panic!("a scenario draft, not {other:?}"),
    }
}

/// F4 on a step opens its form at 80×24: the step's fields as inputs, the channel a
/// choice. A change in the form is a change of the text (the draft), the comment above
/// the trigger kept; the live check's error shows at its field; a field being typed
/// survives a killed program; Esc goes back to the text on the step.
#[test]
fn the_scenario_step_form_edits_the_text_and_shows_errors_at_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.db");
    let mut h = Harness::new(80, 24, progress_file(&path, "pp5.smart-scenario"));
    h.press(KeyCode::Tab);
    for _ in 0..9 {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::F(4));
    insta::assert_snapshot!("scenario_step_form_80x24", h.screen());
    // The channel: e-mail → SMS, in the text at once; an SMS has no subject.
    h.press(KeyCode::Down).press(KeyCode::Down).press(KeyCode::Enter);
    let draft = scenario_draft(h.app.store());
    assert!(draft.contains("channel = \"sms\"\nsubject = "), "{draft}");
    assert!(draft.starts_with("# Сценарий: триггер, условия входа, шаги"), "the comment is kept: {draft}");
    let screen = h.screen();
    assert!(screen.contains("канал (channel)") && screen.contains("sms ▸"), "{screen}");
    assert!(screen.contains("✗ тема (subject) бывает только у письма"), "{screen}");
    // Typing into the text: written through with every key, and kept by a kill.
    h.press(KeyCode::Down).press(KeyCode::Down).press(KeyCode::Enter).type_text(" Ждём вас");
    assert!(scenario_draft(h.app.store()).contains("Ждём вас\""), "{}", scenario_draft(h.app.store()));
    drop(h);
    let mut h = Harness::new(80, 24, Store::open(&path).expect("the same file"));
    let screen = h.screen();
    assert!(screen.contains("Ждём вас▏"), "the form is back, the field being typed: {screen}");
    h.press(KeyCode::Enter).press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("│ 8 [[step]]") || screen.contains("  8 [[step]]"), "back to the text: {screen}");
    assert!(!screen.contains("— форма"), "{screen}");
}

#[test]
fn table_editor_types_into_cells_moves_with_tab_and_saves_every_key() {
    let mut h = Harness::at_exercise(80, 24, "pp2.strategies");
    h.press(KeyCode::Tab);
    insta::assert_snapshot!("table_80x24", h.screen());
    h.press(KeyCode::Enter).type_text("Вторая покупка");
    let cell = |h: &Harness, row: &str, column: &str| match h.app.store().draft("pp2.strategies").expect("draft") {
        Some(Answer::Table(a)) => {
            a.rows.iter().find(|r| r.id == row).and_then(|r| r.cells.get(column).cloned()).unwrap_or_default()
        }
        other => panic!("a table draft, not {other:?}"),
    };
    assert_eq!(cell(&h, "new", "goal"), "Вторая покупка", "the draft holds every key typed");
    // Enter in the text box is a new line, not a check; Tab goes on to the next cell.
    h.press(KeyCode::Enter).type_text("и привычка");
    h.press(KeyCode::Tab).type_text("Email");
    insta::assert_snapshot!("table_editing_80x24", h.screen());
    h.press(KeyCode::Esc);
    assert_eq!(cell(&h, "new", "goal"), "Вторая покупка\nи привычка");
    assert_eq!(cell(&h, "new", "channel"), "Email");
    assert_eq!(h.app.store().attempts("pp2.strategies").expect("attempts").len(), 0, "nothing checked yet");
    // A cell that was typed and checked shows its mark, and what is missing under it.
    h.press(KeyCode::F(5));
    assert!(h.screen().contains("Частично — "), "{}", h.screen());
    h.press(KeyCode::BackTab);
    let screen = h.screen();
    assert!(screen.contains("✓ Email"), "{screen}");
    insta::assert_snapshot!("table_checked_80x24", screen);
}

#[test]
fn added_rows_take_a_large_paste_within_bounds_and_go_away_when_empty() {
    let mut h = Harness::at_exercise(80, 24, "pp5.secondary-sources");
    h.press(KeyCode::Tab);
    let rows = |h: &Harness| match h.app.store().draft("pp5.secondary-sources").expect("draft") {
        Some(Answer::Table(a)) => a.rows,
        None => Vec::new(),
        other => panic!("a table draft, not {other:?}"),
    };
    h.press(KeyCode::Insert).press(KeyCode::Insert);
    assert_eq!(rows(&h).len(), 3, "one row to start with and two added");
    h.press(KeyCode::Delete);
    assert_eq!(rows(&h).len(), 2, "Del on an empty added row removes it");
    // A book pasted into the first row's justification: the cell keeps 20 000 characters
    // and says so.
    h.press(KeyCode::Up).press(KeyCode::Up);
    for _ in 0..4 {
        h.press(KeyCode::Right);
    }
    let book = "Росстат публикует данные о продажах.\n".repeat(20_000);
    h.draw();
    h.app.handle(Event::Paste(book));
    h.settle();
    let why = rows(&h)[0].cells.get("why").cloned().unwrap_or_default();
    assert_eq!(why.chars().count(), 20_000, "the paste is cut to the cell's room");
    let screen = h.screen();
    assert!(screen.contains("ячейка вмещает не больше 20000 символов"), "{screen}");
    h.press(KeyCode::Esc).press(KeyCode::Delete);
    assert_eq!(rows(&h)[0].cells.get("why").map(String::as_str), Some(""), "Del clears a filled cell");
}

#[test]
fn form_editor_cycles_choices_and_types_fields() {
    let mut h = Harness::at_exercise(80, 24, "pp2.persona");
    h.press(KeyCode::Tab);
    insta::assert_snapshot!("form_80x24", h.screen());
    h.press(KeyCode::Enter).press(KeyCode::Enter);
    h.press(KeyCode::Down).press(KeyCode::Enter).type_text("Анна");
    h.press(KeyCode::Tab).type_text("35").press(KeyCode::Esc);
    match h.app.store().draft("pp2.persona").expect("draft") {
        Some(Answer::Form(a)) => {
            assert_eq!(a.fields.get("group").map(String::as_str), Some("Лояльные"), "Enter twice: the second option");
            assert_eq!(a.fields.get("name").map(String::as_str), Some("Анна"));
            assert_eq!(a.fields.get("age").map(String::as_str), Some("35"));
        }
        other => panic!("a form draft, not {other:?}"),
    }
    insta::assert_snapshot!("form_filled_80x24", h.screen());
}

#[test]
fn the_persona_carries_the_learners_own_segmentation_model() {
    let course = builtin();
    let mut h = Harness::new(80, 24, learner_with_reference_model(&course, "pp2.persona"));
    h.press(KeyCode::Tab).press(KeyCode::Enter);
    let Answer::Rfm(model) = reference_model(&course) else { panic!("an RFM answer") };
    match h.app.store().draft("pp2.persona").expect("draft") {
        Some(Answer::Form(a)) => assert_eq!(a.rfm_model, Some(model.model), "the model of pp2.rfm, as it stands"),
        other => panic!("a form draft, not {other:?}"),
    }
    // Without a model of their own the persona is checked on the course's reference groups.
    let mut h = Harness::at_exercise(80, 24, "pp2.persona");
    h.press(KeyCode::Tab).press(KeyCode::Enter);
    match h.app.store().draft("pp2.persona").expect("draft") {
        Some(Answer::Form(a)) => assert_eq!(a.rfm_model, None),
        other => panic!("a form draft, not {other:?}"),
    }
}

/// pp5's launch starts from the learner's pp4 specification while pp5 is not begun.
#[test]
fn the_smart_scenario_starts_from_the_learners_specification() {
    let course = builtin();
    let store = Store::open_in_memory().expect("store");
    store.set_learner(&anna()).expect("student");
    store.set_last_exercise("pp5.smart-scenario").expect("last");
    let spec = course.exercise("pp4.tech-spec").expect("pp4.tech-spec");
    let answer = spec.spec.parse_answer_file(&answer_file("pp4.tech-spec.toml")).expect("pp4 answer");
    store.save_draft("pp4.tech-spec", &answer).expect("draft");
    let mut h = Harness::new(80, 24, store);
    h.press(KeyCode::Tab);
    let screen = h.screen();
    assert!(screen.contains("1 mail-discount · send") && screen.contains("6 sms-personal"), "{screen}");
    assert!(screen.contains("Повторные покупки"), "{screen}");
}
