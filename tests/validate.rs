//! `crm-workbook validate --course DIR` on broken courses under
//! `tests/fixtures/broken/`: every error is reported, each as `path:line:column: message`
//! followed by the offending line and a caret, then the summary; exit status 1.

mod support;

use support::{Run, run};

const FIXTURES: &str = "tests/fixtures/broken";

/// Runs `validate` on a fixture course given relative to the crate (the test's working
/// directory), so the paths in messages are stable.
fn validate(case: &str) -> Run {
    run(&["validate", "--course", &format!("{FIXTURES}/{case}")])
}

/// The first line of every diagnostic: everything but the source-line excerpts
/// (` N | …`, `   | ^`) and the final summary.
fn diagnostic_lines(out: &Run) -> Vec<String> {
    let lines: Vec<&str> = out.stdout.lines().collect();
    let (_, body) = lines.split_last().expect("validate prints a summary");
    body.iter().filter(|l| !l.starts_with(' ')).map(|l| l.to_string()).collect()
}

/// Asserts the exact diagnostics (paths relative to the fixture folder) and summary.
fn assert_reports(case: &str, expected: &[&str], summary: &str) {
    let out = validate(case);
    assert_eq!(out.code, 1, "{case}: a broken course exits with 1\n{}", out.both());
    let expected: Vec<String> = expected.iter().map(|e| format!("{FIXTURES}/{case}/{e}")).collect();
    assert_eq!(diagnostic_lines(&out), expected, "{case}\n{}", out.both());
    assert_eq!(out.last_line(), summary, "{case}");
    assert!(out.stderr.is_empty(), "{case}: nothing on stderr, no panic\n{}", out.stderr);
}

#[test]
fn bad_toml_syntax() {
    assert_reports(
        "syntax",
        &["pp1/quiz.toml:2:27: ошибка TOML: invalid basic string, expected `\"`"],
        "1 модуль, 1 упражнение, 1 ошибка",
    );
}

#[test]
fn unknown_field_names_the_allowed_ones() {
    assert_reports(
        "unknown-field",
        &["pp1/table.toml:12:8: неизвестное поле `colums`; допустимы: `corner`, `row_headers`, `rows`, `columns`, \
           `cards`, `reuse`, `key`"],
        "1 модуль, 1 упражнение, 1 ошибка",
    );
}

#[test]
fn wrong_type() {
    assert_reports(
        "wrong-type",
        &["pp1/order.toml:5:10: неверный тип: строка \"десять\", а ожидается целое число не меньше нуля"],
        "1 модуль, 1 упражнение, 1 ошибка",
    );
}

#[test]
fn duplicate_ids_of_a_card_and_a_module() {
    assert_reports(
        "duplicate-id",
        &["pp1/match.toml:25:6: id «x» повторяется в cards", "course.toml:10:6: модуль «pp1» объявлен дважды"],
        "2 модуля, 1 упражнение, 2 ошибки",
    );
}

#[test]
fn module_listing_a_missing_exercise() {
    assert_reports(
        "missing-exercise",
        &["course.toml:7:29: упражнение «pp1.absent» не найдено: ожидался файл \
           tests/fixtures/broken/missing-exercise/pp1/absent.toml"],
        "1 модуль, 1 упражнение, 1 ошибка",
    );
}

#[test]
fn grid_key_naming_an_unknown_card() {
    assert_reports(
        "unknown-card",
        &["pp1/grid.toml:30:6: в ключе карточка «three», которой нет в cards"],
        "1 модуль, 1 упражнение, 1 ошибка",
    );
}

#[test]
fn numeric_answer_without_tolerance() {
    assert_reports(
        "no-tolerance",
        &["theory/check.toml:8:10: не задан допуск: укажите tolerance (абсолютный) или relative_tolerance \
           (относительный, 0.01 = 1 %)"],
        "1 модуль, 1 упражнение, 1 ошибка",
    );
}

/// The message about `essay.toml`'s unknown kind, listing every kind this build knows.
fn unknown_essay() -> String {
    format!(
        "pp1/essay.toml:3:8: неизвестный вид упражнения «essay»; допустимы: {}",
        crm_workbook::kinds::KIND_NAMES.join(", ")
    )
}

#[test]
fn unknown_kind_names_the_known_ones() {
    assert!(unknown_essay().contains("допустимы: grid, choice, order, numeric, sql"), "{}", unknown_essay());
    assert_reports("unknown-kind", &[unknown_essay().as_str()], "1 модуль, 1 упражнение, 1 ошибка");
}

/// Several errors in several files of one course: all of them are reported, not only
/// the first.
#[test]
fn every_error_of_a_course_is_reported() {
    assert_reports(
        "many-errors",
        &[
            unknown_essay().as_str(),
            "pp1/goals.toml:32:8: в ключе карточка «npss», которой нет в cards",
            "pp1/steps.toml:6:1: неизвестное поле `hint`; допустимы: `id`, `title`, `kind`, `prompt`, `points`, \
             `hints`, `explanation`, `variant_group`, `rubric`, `order`",
            "theory/arpu.toml:8:10: не задан допуск: укажите tolerance (абсолютный) или relative_tolerance \
             (относительный, 0.01 = 1 %)",
            "theory/fine.toml:5:10: неверный тип: дробное число `1.5`, а ожидается целое число не меньше нуля",
            "course.toml:7:40: упражнение «pp1.ghost» не найдено: ожидался файл \
             tests/fixtures/broken/many-errors/pp1/ghost.toml",
        ],
        "2 модуля, 5 упражнений, 6 ошибок",
    );
}

#[test]
fn each_message_shows_the_offending_line_with_a_caret() {
    let out = validate("unknown-card");
    let expected = format!(
        "{FIXTURES}/unknown-card/pp1/grid.toml:30:6: в ключе карточка «three», которой нет в cards\n 30 | b = [\"three\"]\n    |      ^\n"
    );
    assert!(out.stdout.starts_with(&expected), "{}", out.both());
}

#[test]
fn every_fixture_is_covered_by_a_test() {
    let cases: Vec<String> = std::fs::read_dir(support::manifest_dir().join(FIXTURES))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let this_file = include_str!("validate.rs");
    for case in cases {
        assert!(this_file.contains(&format!("\"{case}\"")), "fixture {case} has no test");
    }
}

#[test]
fn an_empty_variant_group_is_named_where_it_stands() {
    assert_reports(
        "empty-variant-group",
        &["theory/check.toml:6:17: поле variant_group пусто"],
        "1 модуль, 1 упражнение, 1 ошибка",
    );
}

/// A formula of 50 000 terms (found by fuzzing: it overflowed the stack and aborted
/// `validate` with exit 134) is refused with a message at the formula.
#[test]
fn a_huge_formula_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let course = dir.path();
    std::fs::create_dir(course.join("m")).expect("module dir");
    std::fs::write(
        course.join("course.toml"),
        "format_version = 1\ntitle = \"К\"\n[[module]]\nid = \"m\"\ntitle = \"М\"\nexercises = [\"m.sum\"]\n",
    )
    .expect("course.toml");
    let formula = format!("a{}", "+1".repeat(50_000));
    std::fs::write(
        course.join("m/sum.toml"),
        format!(
            "id = \"m.sum\"\ntitle = \"Сумма\"\nkind = \"numeric\"\nprompt = \"?\"\npoints = 1\n[numeric]\n\
             answer = \"{formula}\"\ntolerance = 0\n[numeric.params]\na = {{ min = 1, max = 2 }}\n"
        ),
    )
    .expect("exercise file");
    let out = run(&["validate", "--course", &course.display().to_string()]);
    assert_eq!(out.code, 1, "{}", out.both());
    let first = diagnostic_lines(&out).into_iter().next().unwrap_or_default();
    assert!(first.contains("m/sum.toml:7:10: формула answer: символ "), "{}", out.both());
    assert!(first.ends_with("формула слишком длинная: больше 1000 чисел, имён и действий; упростите её"), "{first}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

/// A scenario exercise's requirements, each wrong one at its own key: the data size, a
/// date, an unknown trigger, channel, points name and goal metric, a share out of
/// 0–100, a time of day that is none, a cap of no messages, and a starter that does not
/// check — at the line inside the starter.
#[test]
fn wrong_scenario_requirements_point_at_their_keys() {
    let p = "pp1/mailings.toml";
    let expected = [
        format!("{p}:8:13: [scenario]: customers — размер варианта данных, от 10 до 200 000 клиентов"),
        format!("{p}:9:6: [scenario]: «2025-13-01» — не дата ГГГГ-ММ-ДД"),
        format!("{p}:14:40: [scenario] часть «welcome»: trigger — неизвестное значение «signup»"),
        format!("{p}:14:72: [scenario] часть «welcome»: channels — неизвестное значение «fax»"),
        format!("{p}:15:22: [scenario] часть «welcome»: points — неизвестное значение «speed»"),
        format!("{p}:14:96: [scenario] часть «welcome»: reach_percent — вне допустимого диапазона 0–100"),
        format!("{p}:32:17: [scenario] часть «cart»: goal_metrics — неизвестное значение «open_rate»"),
        format!("{p}:33:38: [scenario] часть «cart»: quiet_hours — неизвестное значение «25:00»"),
        format!("{p}:34:20: [scenario] часть «cart»: cap.messages — вне допустимого диапазона 1–1000"),
        format!(
            "{p}:27:11: [scenario] часть «cart»: заготовка (starter) не проходит проверку: канала «pigeon» нет в \
             данных: в рассылках магазина есть email, sms и push"
        ),
    ];
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_reports("scenario-require", &expected, "1 модуль, 1 упражнение, 10 ошибок");
}

/// A stated review rubric: names non-empty and unique (case and ё/е aside), points
/// positive, descriptions non-empty, and the points adding up to the exercise's.
#[test]
fn review_rubric_errors_point_at_the_criterion() {
    assert_reports(
        "rubric",
        &[
            "pp3/case.toml:13:8: критерий проверки «методы» назван дважды (регистр и ё/е не различаются)",
            "pp3/case.toml:14:10: баллы критерия проверки «методы» (points) должны быть числом больше нуля",
            "pp3/case.toml:15:15: у критерия проверки «методы» пустое описание (description): что проверяющий ищет",
            "pp3/case.toml:18:8: у критерия проверки ([[rubric]]) пустое имя (name)",
            "pp3/case.toml:19:10: баллы критерия проверки (points) должны быть числом больше нуля",
            "pp3/table.toml:15:1: баллы критериев проверки ([[rubric]]) в сумме 9,5, а упражнение стоит 10 \
             (points): сумма должна быть равна",
        ],
        "1 модуль, 2 упражнения, 6 ошибок",
    );
}
