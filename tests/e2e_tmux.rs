//! The real binary in a real terminal: tmux runs `crm-workbook` at 100×30 on a
//! temporary progress file, `send-keys` types as a learner would, `capture-pane` reads
//! the screen. Needs tmux (`.ci/run` installs it).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// One tmux server of its own (a socket per test), killed when dropped.
struct Tmux {
    socket: String,
}

const WAIT: Duration = Duration::from_secs(15);

impl Tmux {
    fn new(name: &str) -> Tmux {
        let tmux = Tmux { socket: format!("crm-workbook-test-{name}-{}", std::process::id()) };
        let version = Command::new("tmux").arg("-V").output();
        assert!(version.is_ok_and(|o| o.status.success()), "tmux is needed for this test: apt-get install -y tmux");
        tmux
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux").args(["-L", &self.socket, "-f", "/dev/null"]).args(args).output().expect("tmux runs")
    }

    /// Starts the workbook on `db` in a 100×30 window.
    fn start(&self, db: &Path) {
        let command = format!(
            "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '{}' --db '{}'",
            env!("CARGO_BIN_EXE_crm-workbook"),
            db.display()
        );
        let out = self.tmux(&["new-session", "-d", "-x", "100", "-y", "30", "-s", "w", &command]);
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend_from_slice(keys);
        let out = self.tmux(&args);
        assert!(out.status.success(), "send-keys {keys:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Types text as it is (Cyrillic included), not as key names.
    fn text(&self, text: &str) {
        // tmux takes a `;` ending an argument for the end of its command: escape it.
        let text = match text.strip_suffix(';') {
            Some(rest) => format!("{rest}\\;"),
            None => text.to_owned(),
        };
        let out = self.tmux(&["send-keys", "-t", "w", "-l", &text]);
        assert!(out.status.success());
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "w"]).stdout).into_owned()
    }

    /// Waits until the screen shows `text`; fails with the screen after `WAIT`.
    fn wait_for(&self, text: &str) -> String {
        self.wait_for_all(&[text])
    }

    /// Waits until the screen shows every one of `texts` at once (a screen is drawn in
    /// one go, but tmux may be read halfway through it).
    fn wait_for_all(&self, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            assert!(start.elapsed() < WAIT, "waited for {texts:?}, the screen shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the program has exited (its window is gone).
    fn wait_exit(&self) {
        let start = Instant::now();
        while self.tmux(&["has-session", "-t", "w"]).status.success() {
            assert!(start.elapsed() < WAIT, "the program did not exit; the screen shows:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Fills pp1.target-market row by row from the first header cell: each row is
    /// the header card and the three cards under the approaches.
    fn fill_table(&self, rows: &[[String; 4]]) {
        for (r, row) in rows.iter().enumerate() {
            for card in row {
                self.text(card);
                self.wait_for(&format!("номер {card}▏"));
                self.keys(&["Enter", "Right"]);
            }
            self.keys(&["Down", "Left", "Left", "Left"]);
            self.wait_for(&format!("строка {} — заголовок", (r + 2).min(rows.len())));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn temp_db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("progress.db")
}

/// Starts the workbook for a new learner (name only) and waits for the course map.
fn new_learner_at_the_map(t: &Tmux, db: &Path) {
    t.start(db);
    t.wait_for("Первый запуск");
    t.text("Иванова Анна");
    t.keys(&["Enter", "Enter"]);
    t.wait_for("Модули и упражнения");
}

/// Opens pp1.target-market for a new learner and goes to its answer tab.
fn new_learner_opens_the_table(t: &Tmux, db: &Path) {
    t.start(db);
    t.wait_for("Первый запуск");
    t.text("Иванова Анна");
    t.keys(&["Tab"]);
    t.text("РК-21");
    t.keys(&["Enter"]);
    t.wait_for("Студент: Иванова Анна, группа РК-21");
    // The cursor starts on the course's first exercise.
    t.keys(&["Enter"]);
    t.wait_for("Задание 1. Заполните столбцы таблицы");
    t.keys(&["Tab"]);
    t.wait_for("В таблице 0 из 24 карточек");
}

#[test]
fn a_learner_fills_the_target_market_table_passes_and_finds_it_passed_next_time() {
    let t = Tmux::new("pass");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = temp_db(&dir);
    new_learner_opens_the_table(&t, &db);
    t.fill_table(&support::target_market_rows());
    t.wait_for("В таблице 24 из 24 карточек");
    t.keys(&["F5"]);
    t.wait_for("Зачтено — 24 из 24 баллов");
    t.keys(&["q"]);
    t.wait_exit();

    // Next start: the workbook resumes in the exercise, still passed, and the map says so.
    t.start(&db);
    t.wait_for_all(&["Результат ✓", "лучший результат 24 из 24"]);
    t.keys(&["Escape"]);
    t.wait_for_all(&["Модули и упражнения", "✓ Методы разработки целевого рынка", "24/24"]);
    t.keys(&["q"]);
    t.wait_exit();
}

#[test]
fn a_wrong_table_gets_findings_cell_by_cell() {
    let t = Tmux::new("wrong");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = temp_db(&dir);
    new_learner_opens_the_table(&t, &db);
    // «Все возможные» and «все подходящие» торговые точки swapped in row 4.
    let mut rows = support::target_market_rows();
    assert_eq!(rows[3], ["2", "17", "7", "5"], "row 4 of the key: distribution");
    rows[3].swap(1, 2);
    t.fill_table(&rows);
    t.keys(&["F5"]);
    t.wait_for_all(&[
        "Частично — 22 из 24 баллов",
        "✗ строка 4 — Массовый маркетинг: карточка 7 сюда не подходит",
        "✗ строка 4 — Сегментация рынка: карточка 17 сюда не подходит",
        "✓ строка 4 — Множественная сегментация: верно",
    ]);
    // Back on the answer tab the two cells are marked, the others ticked.
    t.keys(&["BTab"]);
    t.wait_for_all(&["Маркетинговый подход", "✗ 7. Все подходящие", "✗ 17. Все возможные", "✓ 5. Все подходящие"]);
    // Ctrl+C quits even here, and the terminal is left as it was.
    t.keys(&["C-c"]);
    t.wait_exit();
}

#[test]
fn a_learner_writes_a_schema_sees_a_failing_probe_fixes_it_and_passes() {
    let t = Tmux::new("schema");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = temp_db(&dir);
    let reference =
        std::fs::read_to_string(format!("{}/tests/answers/pp1.customer-db.sql", env!("CARGO_MANIFEST_DIR")))
            .expect("reference answer");
    // The reference schema without UNIQUE on the e-mail: the duplicate e-mail probe passes.
    let flawed = reference.replace("email TEXT UNIQUE CHECK", "email TEXT CHECK");
    assert_ne!(flawed, reference);

    new_learner_at_the_map(&t, &db);
    // pp1's third exercise: Задание 2, the customer database.
    t.keys(&["Down", "Down", "Enter"]);
    t.wait_for("Задание 2");
    t.keys(&["Tab"]);
    t.wait_for("Ctrl+R выполнить");
    for line in flawed.lines().filter(|l| !l.starts_with("--")) {
        t.text(line);
        t.keys(&["Enter"]);
    }
    t.wait_for(" 43 ");
    // Running the DDL shows it ran, then the check finds the hole.
    t.keys(&["C-r"]);
    t.wait_for("6 запросов");
    t.keys(&["F5"]);
    t.wait_for_all(&[
        "Частично",
        "✗ столбец customers.email: значения могут повторяться: нужен UNIQUE",
        "✗ проверка «второй клиент с тем же e-mail»: прошла, а должна быть отклонена",
    ]);
    // The fix: a unique index, typed after the last line.
    t.keys(&["BTab"]);
    t.wait_for("Ctrl+R выполнить");
    t.text("CREATE UNIQUE INDEX customers_email ON customers (email);");
    t.keys(&["F5"]);
    t.wait_for("Зачтено — 12 из 12 баллов");
    t.keys(&["q"]);
    t.wait_exit();
}

#[test]
fn a_learner_writes_a_welcome_mailing_launches_it_and_checks_it() {
    let t = Tmux::new("scenario");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = temp_db(&dir);
    new_learner_at_the_map(&t, &db);
    // pp1's fifth exercise: Задание 4, the automatic mailings.
    t.keys(&["Down", "Down", "Down", "Down", "Enter"]);
    t.wait_for("Задание 4. Настройка автоматических рассылок");
    t.keys(&["Tab"]);
    t.wait_for_all(&["1. Приветствие", "welcome · send email", "ошибок нет"]);
    // A typo is an error at its line at once; fixed, it is gone.
    t.text("[exit");
    t.wait_for("ошибок: 1");
    t.text("]");
    t.keys(&["Enter"]);
    t.text("on_goal = true");
    t.keys(&["Enter", "Enter"]);
    t.wait_for("ошибок нет");
    // The launch runs in the background and shows the funnel, the days and a path.
    t.keys(&["F9"]);
    t.wait_for_all(&["Воронка: вошли в шаг", "По дням", "Не отправлено", "Путь клиента 1/"]);
    t.keys(&["F3"]);
    t.wait_for("Шаги");
    // Checked: the welcome part passes, the other two are not written yet.
    t.keys(&["F5"]);
    t.wait_for_all(&["Частично", "сценария «Брошенная корзина» нет в ответе"]);
    t.keys(&["C-c"]);
    t.wait_exit();
}

/// ПП2's strategies table in a real terminal: a large text pasted into a cell is cut to
/// the cell's room and counted, a cell is cleared, the first row is typed cell after cell
/// with Tab, the check marks the cells, and the table is there after a restart.
#[test]
fn a_learner_fills_the_strategies_table_pasting_a_large_text() {
    let t = Tmux::new("freetext");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = temp_db(&dir);
    new_learner_at_the_map(&t, &db);
    // Down the map until the strategies table is under the cursor (its task on the right);
    // each step waits for the screen to change, so a slow frame is not skipped over.
    for _ in 0..20 {
        let before = t.screen();
        if before.contains("Третий шаг кейса") {
            break;
        }
        t.keys(&["Down"]);
        let start = Instant::now();
        while t.screen() == before && start.elapsed() < WAIT {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    t.wait_for("Третий шаг кейса");
    t.keys(&["Enter"]);
    t.wait_for("Стратегии коммуникаций для семи RFM-групп  10 баллов");
    t.keys(&["Tab"]);
    t.wait_for_all(&["Группа", "Цель", "Канал", "0 слов · нужно от 2 до 60"]);

    // A book pasted at once (bracketed paste): the cell keeps 20 000 characters.
    let book = "Вторая покупка клиента и привычка вводить коды. ".repeat(2_000);
    let kept: String = book.chars().take(20_000).collect();
    let words = crm_workbook::rubric::word_count(&kept);
    let file = dir.path().join("book.txt");
    std::fs::write(&file, &book).expect("write the book");
    t.keys(&["Enter"]);
    let out = t.tmux(&["load-buffer", "-b", "book", &file.display().to_string()]);
    assert!(out.status.success(), "load-buffer: {}", String::from_utf8_lossy(&out.stderr));
    let out = t.tmux(&["paste-buffer", "-p", "-d", "-b", "book", "-t", "w"]);
    assert!(out.status.success(), "paste-buffer: {}", String::from_utf8_lossy(&out.stderr));
    t.wait_for_all(&[&format!("{words} слов"), "ячейка вмещает не больше 20000 символов"]);
    t.keys(&["F5"]);
    t.wait_for(&format!("{words} слов — слишком много"));
    // Back to the table: the cell is cleared and typed again, then the row cell by cell.
    t.keys(&["BTab"]);
    t.wait_for("Новые покупатели — Цель");
    t.keys(&["Delete"]);
    t.wait_for("0 слов · нужно от 2 до 60");
    t.keys(&["Enter"]);
    for (i, cell) in [
        "Вторая покупка и привычка вводить коды",
        "Email и push",
        "Приветственная серия: как работает программа; бонусные баллы за вторую покупку",
        "Раз в две недели",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            t.keys(&["Tab"]);
        }
        t.text(cell);
    }
    t.keys(&["Escape"]);
    // Esc ends typing (its bar says so) before F5, which would else read as Alt+F5.
    t.wait_for("Del очистить");
    t.keys(&["F5"]);
    t.wait_for("Частично");
    t.keys(&["BTab"]);
    t.wait_for_all(&["✓ Вторая пок", "✓ Email и p", "✓ Раз в две"]);
    t.keys(&["q"]);
    t.wait_exit();

    // The next start opens the same exercise with the row as it was typed and checked…
    t.start(&db);
    // … on its answer tab, the cells marked by the last check.
    t.wait_for_all(&["лучший результат 1,43 из 10", "✓ Вторая пок", "✓ Email и p"]);
    t.keys(&["q"]);
    t.wait_exit();
}
