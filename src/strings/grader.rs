//! The grader's side: submissions, the gradebook, reviews, exports, feedback.

use std::path::Path;

use super::verdict::points;

pub const BUNDLE_FILE_PREFIX: &str = "сдача";
pub const FEEDBACK_FILE_PREFIX: &str = "отзыв";
pub const NO_GROUP: &str = "Без группы";
pub const WHOLE_ANSWER_CRITERION: &str = "Оценка";
pub const WHOLE_ANSWER_DESCRIPTION: &str = "Ответ целиком: насколько он верен и полон";
pub const NOT_FEEDBACK: &str = "это не файл отзыва crm-workbook (нет поля \"format\": \"crm-workbook-feedback\")";

pub const SHEET_HEAD: [&str; 3] = ["Студент", "Группа", "Id"];
pub const SHEET_TAIL: [&str; 4] = ["Итого", "Из", "Процент", "Оценка"];
pub const MOODLE_HEAD: [&str; 3] = ["Идентификатор", "Студент", "Группа"];
pub const MOODLE_TOTAL: &str = "Итог курса";
pub const ATTEMPTS_SHEET: &str = "Попытки";
pub const ATTEMPTS_HEAD: [&str; 9] =
    ["Студент", "Группа", "Упражнение", "Попытка", "Время", "Баллы", "Из", "Статус", "Подсказок"];
pub const SUMMARY_SHEET: &str = "Сводка";
pub const SUMMARY_HEAD: [&str; 7] =
    ["Упражнение", "Название", "Баллов", "Средний балл", "Зачтено, %", "Подсказок всего", "Студентов с подсказками"];

pub fn learner_label(name: &str, group: &str) -> String {
    if group.trim().is_empty() { name.trim().to_owned() } else { format!("{} ({})", name.trim(), group.trim()) }
}

// --- submission bundles

pub fn submit_no_learner() -> String {
    "в базе прогресса ещё нет студента: запустите практикум и представьтесь (или укажите --student ИМЯ)".into()
}

pub fn time_spent_method(gap_minutes: i64) -> String {
    format!(
        "сумма промежутков между записанными действиями (проверки ответов, открытые подсказки, \
         последнее сохранение черновика); перерыв дольше {gap_minutes} минут начинает новый сеанс и не \
         считается; время до первого действия сеанса не видно, поэтому это оценка снизу"
    )
}

pub fn submitted(path: &Path, exercises: usize, attempts: usize) -> String {
    format!(
        "Работа сохранена в файл {}\nУпражнений: {exercises}, попыток: {attempts}. Отправьте этот файл преподавателю.",
        path.display()
    )
}

pub fn bundle_error(path: &Path, what: &str) -> String {
    format!("{}: {what}", path.display())
}

pub fn no_bundles_in_folder() -> String {
    "в папке нет файлов сдачи (*.json)".into()
}

pub fn no_files_match() -> String {
    "ни один файл не подходит под шаблон".into()
}

pub fn bundle_truncated(line: usize, column: usize) -> String {
    format!("файл обрывается (строка {line}, столбец {column}): он записан не полностью или обрезан при пересылке")
}

pub fn bundle_not_json(line: usize, column: usize, error: &str) -> String {
    format!("не JSON: строка {line}, столбец {column}: {error}")
}

pub fn not_a_bundle(format: Option<&str>) -> String {
    match format {
        Some(f) => format!("не файл сдачи crm-workbook: \"format\" = \"{f}\", ожидалось \"crm-workbook-submission\""),
        None => "не файл сдачи crm-workbook: нет поля \"format\": \"crm-workbook-submission\"".into(),
    }
}

pub fn bundle_too_new(found: u64, supported: u32) -> String {
    format!("файл формата версии {found}, а эта программа читает версию {supported}: обновите crm-workbook")
}

pub fn bundle_bad_version(found: Option<u64>) -> String {
    match found {
        Some(v) => format!("неизвестная версия формата {v}"),
        None => "нет поля \"version\" (целое число)".into(),
    }
}

pub fn bundle_bad_field(error: &str) -> String {
    format!("поле не на месте или неверного вида: {error}")
}

pub fn bundle_no_identity() -> String {
    "в файле нет id студента или зерна его варианта (learner.id, learner.variant_seed): \
     без них нельзя перепроверить ответы в его варианте"
        .into()
}

pub fn other_course_version(title: &str, theirs: &str, ours: &str) -> String {
    format!(
        "работа сделана по другой версии курса «{title}» (хеш {theirs}, у преподавателя {ours}): \
         ответы перепроверены по курсу преподавателя"
    )
}

pub fn unknown_exercise_in_bundle(id: &str, attempts: usize) -> String {
    format!("упражнения «{id}» нет в курсе преподавателя: попыток пропущено — {attempts}")
}

pub fn attempt_place(exercise_id: &str, n: usize) -> String {
    format!("{exercise_id}, попытка {n}")
}

pub fn unreadable_answer(place: &str, error: &str) -> String {
    format!("{place}: ответ не читается ({error}); попытка пропущена")
}

pub fn variant_differs(place: &str, theirs: u64, ours: u64) -> String {
    format!("{place}: в файле вариант {theirs}, по зерну студента — {ours}; проверено в варианте по зерну")
}

// --- gradebook

pub fn gradebook_error(path: &Path, what: &str) -> String {
    format!("журнал оценок {}: {what}", path.display())
}

pub fn gradebook_not_a_database() -> String {
    "файл не база SQLite или повреждён; укажите другой файл в --gradebook".into()
}

pub fn gradebook_read_only() -> String {
    "файл только для чтения: записать в журнал нельзя".into()
}

pub fn gradebook_busy(seconds: u64) -> String {
    format!("журнал занят другим процессом дольше {seconds} с; повторите, когда он закончит")
}

pub fn gradebook_disk_full() -> String {
    "на диске нет места: журнал не изменён".into()
}

pub fn gradebook_sqlite(text: &str) -> String {
    format!("ошибка SQLite: {text}")
}

pub fn gradebook_too_new(path: &Path, found: i64, supported: i64) -> String {
    format!(
        "журнал оценок {} версии {found}, а эта программа знает версии до {supported}: обновите crm-workbook",
        path.display()
    )
}

pub fn no_gradebook_dir() -> String {
    "не найдена папка данных пользователя для журнала оценок; укажите файл в --gradebook".into()
}

pub fn imported(file: &Path, learner: &str, attempts: usize) -> String {
    format!("{}: {learner} — попыток перепроверено: {attempts}", file.display())
}

pub fn imported_unchanged(file: &Path, learner: &str) -> String {
    format!("{}: {learner} — этот файл уже в журнале, ничего не изменилось", file.display())
}

pub fn imported_again(changes: usize) -> String {
    if changes == 0 {
        "  повторная сдача: баллы не изменились".into()
    } else {
        format!("  повторная сдача: изменились баллы за упражнения — {changes}")
    }
}

pub fn score_change(exercise: &str, before: Option<f64>, after: Option<f64>) -> String {
    let show = |p: Option<f64>| p.map_or("—".to_owned(), points);
    format!("    {exercise}: {} → {}", show(before), show(after))
}

pub fn claimed_differs(n: usize) -> String {
    format!("  в файле у попыток указаны другие баллы ({n}): учтены баллы перепроверки")
}

pub fn problem(text: &str) -> String {
    format!("  ! {text}")
}

pub fn import_summary(ok: usize, failed: usize) -> String {
    format!("Импортировано файлов: {ok}, с ошибками: {failed}")
}

pub fn regrade_change(learner: &str, exercise: &str, seq: u32, before: f64, after: f64, status: &str) -> String {
    format!("{learner}: {exercise}, попытка {}: {} → {} ({status})", seq + 1, points(before), points(after))
}

pub fn regrade_summary(changes: usize, dry_run: bool) -> String {
    match (changes, dry_run) {
        (0, _) => "Перепроверка: ни один балл не меняется".into(),
        (n, true) => format!("Перепроверка: изменились бы баллы попыток — {n} (журнал не изменён: --dry-run)"),
        (n, false) => format!("Перепроверка: баллы попыток изменены — {n}"),
    }
}

// --- reviews

/// What a derived criterion of a form's field looks for: the field's help and the
/// main thoughts of its rubric.
pub fn derived_field_description(help: &str, labels: &[&str]) -> String {
    derived("Поле", help, labels)
}

/// The same for a table's column: every cell of it.
pub fn derived_column_description(help: &str, labels: &[&str]) -> String {
    derived("Все ячейки столбца", help, labels)
}

fn derived(what: &str, help: &str, labels: &[&str]) -> String {
    let mut out = if help.is_empty() {
        format!("{what}: заполнено верно и по делу")
    } else {
        format!("{what}: {help}")
    };
    if !labels.is_empty() {
        out.push_str(&format!("; главные мысли: {}", labels.join("; ")));
    }
    out
}

/// Unknown criteria named and criteria left without points, in one message.
pub fn criteria_problems(unknown: &[&str], missing: &[&str], known: &[&str]) -> String {
    let quoted = |names: &[&str]| names.iter().map(|n| format!("«{n}»")).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !unknown.is_empty() {
        parts.push(format!("нет таких критериев: {}", quoted(unknown)));
    }
    if !missing.is_empty() {
        parts.push(format!("не заданы баллы по критериям: {}", quoted(missing)));
    }
    format!("{}. Баллы ставятся по каждому критерию упражнения: {}", parts.join("; "), quoted(known))
}

pub fn points_out_of_range(name: &str, given: f64, max: f64) -> String {
    format!("по критерию «{name}» можно поставить от 0 до {}, а не {}", points(max), points(given))
}

pub fn criterion_twice(name: &str) -> String {
    format!("критерий «{name}» указан дважды")
}

pub fn bad_points_arg(arg: &str) -> String {
    format!("«{arg}»: ожидалось КРИТЕРИЙ=БАЛЛЫ, например Оценка=4,5")
}

pub fn no_such_learner(who: &str) -> String {
    format!("в журнале нет студента «{who}» (укажите id, имя или имя с группой, как в grade list)")
}

pub fn ambiguous_learner(who: &str, n: usize) -> String {
    format!("«{who}»: подходят {n} студентов; укажите id")
}

pub fn no_attempt(learner: &str, exercise: &str) -> String {
    format!("у {learner} нет попыток упражнения «{exercise}»")
}

pub fn reviewed(learner: &str, exercise: &str, total: f64, possible: f64) -> String {
    format!("Проверено: {learner}, {exercise} — {} из {}", points(total), points(possible))
}

pub fn queue_empty() -> String {
    "Очередь проверки пуста".into()
}

pub fn queue_line(learner: &str, exercise: &str, seq: u32, provisional: f64) -> String {
    format!("{learner}: {exercise}, попытка {} — предварительно {}", seq + 1, points(provisional))
}

pub fn copy_similar(exercise: &str, a: &str, b: &str, similarity: f64) -> String {
    format!("{exercise}: {a} и {b} — почти одинаковый текст (сходство {:.0} %)", similarity * 100.0)
}

pub fn copy_other_variant(exercise: &str, a: &str, b: &str, own: f64, in_a: f64) -> String {
    format!(
        "{exercise}: у {b} тот же ответ, что у {a}, а варианты разные; в своём варианте он даёт {}, в варианте {a} — {}",
        points(own),
        points(in_a)
    )
}

pub fn no_copies() -> String {
    "Похожих ответов не найдено".into()
}

// --- exports and feedback

pub fn export_error(path: &Path, what: &str) -> String {
    format!("выгрузка {}: {what}", path.display())
}

pub fn exported(path: &Path, students: usize) -> String {
    format!("Выгружено студентов: {students} → {}", path.display())
}

pub fn feedback_written(dir: &Path, files: usize) -> String {
    format!("Файлов отзывов: {files} → {}", dir.display())
}

pub fn feedback_error(path: &Path, what: &str) -> String {
    format!("{}: {what}", path.display())
}

pub fn feedback_other_learner(path: &Path, theirs: &str, ours: &str) -> String {
    format!(
        "{}: отзыв для студента «{theirs}», а в этой базе прогресса — «{ours}»; укажите свою базу в --db",
        path.display()
    )
}

pub fn feedback_imported(added: usize, total: usize) -> String {
    format!("Отзывов добавлено: {added} (в файле {total}); они видны на вкладке результата упражнения")
}

pub fn unknown_group(group: &str, known: &[String]) -> String {
    format!("в журнале нет группы «{group}»; группы: {}", known.join(", "))
}

// --- the grader's screen

pub const TUI_GROUPS: &str = "Группы";
pub const TUI_TOTAL: &str = "Итог";
pub const TUI_CHECK: &str = "Проверка";
pub const TUI_RUBRIC: &str = "Критерии";
pub const TUI_COMMENT: &str = "Комментарий студенту";
pub const TUI_REVIEW_FORM: &str = "Баллы по критериям";

/// Under the review form's criteria: the points typed so far.
pub fn tui_total(sum: f64, max: f64, complete: bool) -> String {
    let rest = if complete { "" } else { " (не всё задано)" };
    format!("Итого: {} из {}{rest}", points(sum), points(max))
}

pub fn tui_title(course: &str, students: usize, queue: usize) -> String {
    format!("Журнал оценок · {course} · студентов: {students} · ждут проверки: {queue}")
}

pub fn tui_keys_hint() -> String {
    "Tab — журнал / очередь проверки, Enter — открыть, Esc — назад, q — выход".into()
}

pub fn tui_empty() -> String {
    "Журнал пуст. Импортируйте файлы сдачи: crm-workbook grade import ФАЙЛ…".into()
}

pub fn tui_group_line(group: &str, students: usize) -> String {
    format!("{group} — студентов: {students}")
}

pub fn tui_matrix_title(group: &str) -> String {
    format!("Группа {group}: баллы по упражнениям (· — не начато, … — ждёт проверки)")
}

pub fn tui_column(n: usize, id: &str, title: &str, points: u32) -> String {
    format!("{n}. {id} — {title} ({points} б.)")
}

pub fn tui_queue_title(n: usize) -> String {
    format!("Очередь проверки: {n}")
}

pub fn tui_attempt(seq: u32, at: &str, hints: u32) -> String {
    format!("Попытка {}, {at}, подсказок открыто: {hints}", seq + 1)
}

pub fn tui_reviewed(reviewer: &str, at: &str, earned: f64, possible: f64) -> String {
    format!("Проверено: {reviewer}, {at} — {} из {}", points(earned), points(possible))
}

/// A criterion in the rubric (`None`) or as the review form's field with what is typed.
pub fn tui_criterion(name: &str, max: f64, typed: Option<&str>) -> String {
    match typed {
        Some(t) => format!("[{t:<5}] из {} · {name}", points(max)),
        None => format!("{name}: 0–{}", points(max)),
    }
}

/// Over the focused criterion's description in the review form (the criterion's line
/// above is selected).
pub fn tui_criterion_heading(max: f64) -> String {
    format!("Что ищет проверяющий (до {}):", points(max))
}

/// The course map's message after the submit key: where the file is.
/// On the map's message line (80 columns): the file's name only; it is in the folder the
/// workbook was started from.
pub fn submitted_short(path: &Path) -> String {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    format!("Сдано: {name} — отправьте этот файл преподавателю")
}

pub const TUI_GRADE: &str = "Оц.";
