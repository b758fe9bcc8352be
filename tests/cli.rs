//! The command line speaks Russian: help of every command, usage lines, parse errors
//! with tips, number errors; `--student` only where it is used. All through the real
//! binary.

mod support;

use support::run;

/// English that clap writes by itself and that must never reach the user.
const ENGLISH: [&str; 14] = [
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Print help",
    "Print version",
    "error:",
    "tip:",
    "unexpected argument",
    "For more information",
    "possible values",
    "[default:",
    "invalid digit",
    "required arguments",
];

fn assert_russian(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "«{word}» in:\n{text}");
    }
}

const COMMANDS: [&[&str]; 7] =
    [&[], &["validate"], &["list"], &["check"], &["rfm"], &["dataset"], &["dataset", "generate"]];

#[test]
fn every_command_has_russian_help() {
    for command in COMMANDS {
        for flag in ["--help", "-h"] {
            let mut args = command.to_vec();
            args.push(flag);
            let out = run(&args);
            assert_eq!(out.code, 0, "{args:?}\n{}", out.both());
            assert_russian(&out.stdout);
            assert!(out.stdout.contains("Использование: crm-workbook"), "{args:?}\n{}", out.stdout);
            assert!(out.stdout.contains("Параметры:\n"), "{args:?}\n{}", out.stdout);
            assert!(out.stdout.contains("-h, --help") && out.stdout.contains("Показать эту справку"));
        }
    }
    let top = run(&["--help"]).stdout;
    assert!(top.contains("Команды:\n  validate"), "{top}");
    assert!(!top.contains("  help "), "no English help subcommand:\n{top}");
    let version = run(&["--version"]);
    assert_eq!(
        (version.code, version.stdout.trim()),
        (0, format!("crm-workbook {}", env!("CARGO_PKG_VERSION")).as_str())
    );
}

/// `--student` is listed where it changes something (the workbook, list, check), not on
/// commands that ignore it, and given before such a command it is an error.
#[test]
fn student_is_an_option_only_where_it_is_used() {
    for (command, listed) in [
        (&["--help"][..], true),
        (&["list", "--help"][..], true),
        (&["check", "--help"][..], true),
        (&["validate", "--help"][..], false),
        (&["rfm", "--help"][..], false),
        (&["dataset", "generate", "--help"][..], false),
    ] {
        let help = run(command).stdout;
        assert_eq!(help.contains("--student"), listed, "{command:?}\n{help}");
    }
    let out = run(&["--student", "Иванова Анна", "rfm", "datasets/loyalty_events.csv"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert_eq!(out.stderr.trim(), "ошибка: параметр --student не относится к команде rfm");
    let out = run(&["validate", "--student", "Иванова Анна"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(out.stderr.starts_with("ошибка: неизвестный аргумент «--student»"), "{}", out.stderr);
    // After the command or before it, for the commands that use it.
    for args in [
        ["check", "pp1.crm-goals", "--answer", "tests/answers/pp1.crm-goals.toml", "--student", "Иванова Анна"],
        ["--student", "Иванова Анна", "check", "pp1.crm-goals", "--answer", "tests/answers/pp1.crm-goals.toml"],
    ] {
        let out = run(&args);
        assert_eq!(out.code, 0, "{args:?}\n{}", out.both());
    }
    let out = run(&["validate", "--course", "exercises"]);
    assert_eq!(out.code, 0, "{}", out.both());
}

#[test]
fn check_help_says_the_answer_file_format_and_where_it_is_documented() {
    let help = run(&["check", "--help"]).stdout;
    let line = help.lines().find(|l| l.contains("--answer <ФАЙЛ>")).expect("the --answer line");
    for part in ["файл .sql", "-- part: ID", "TOML", "[cells]", "selected", "order", "value", "модель RFM"] {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(line.contains("README.md, раздел «Файлы ответов для check»"), "{line}");
    let readme = std::fs::read_to_string(support::crate_path("README.md")).expect("README");
    assert!(readme.contains("\n## Файлы ответов для check\n"), "the README has the section the help names");
}

#[test]
fn errors_are_russian_with_usage_and_tips() {
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["lsit"],
            &[
                "ошибка: неизвестная команда «lsit»",
                "подсказка: может быть, команда",
                "«list»",
                "Использование: crm-workbook [ПАРАМЕТРЫ] [КОМАНДА]",
            ],
        ),
        (
            &["list", "--jsn"],
            &[
                "ошибка: неизвестный аргумент «--jsn»",
                "подсказка: может быть, «--json»?",
                "Использование: crm-workbook list [ПАРАМЕТРЫ]",
            ],
        ),
        (&["list", "extra"], &["ошибка: неизвестный аргумент «extra»"]),
        (
            &["rfm", "x.csv", "--bins", "abc"],
            &["ошибка: неверное значение «abc» для --bins <N>: «abc» — не целое неотрицательное число"],
        ),
        (&["rfm", "x.csv", "--bins", "-3"], &["«-3» — не целое неотрицательное число"]),
        (
            &["rfm", "x.csv", "--format", "xml"],
            &["ошибка: неверное значение «xml» для --format <csv|json> (допустимо: «csv», «json»)"],
        ),
        (
            &["check"],
            &[
                "ошибка: не указаны обязательные аргументы: --answer <ФАЙЛ>, <ID>",
                "Использование: crm-workbook check ID --answer ФАЙЛ [ПАРАМЕТРЫ]",
            ],
        ),
        (&["check", "x", "--answer"], &["ошибка: у параметра --answer <ФАЙЛ> не указано значение"]),
    ];
    for (args, expected) in cases {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}\n{}", out.both());
        assert!(out.stdout.is_empty(), "{args:?}: errors go to stderr");
        assert_russian(&out.stderr);
        for part in expected {
            assert!(out.stderr.contains(part), "{args:?}: «{part}» in\n{}", out.stderr);
        }
    }
    // A command that needs a command after it shows its help on stderr, in Russian.
    let out = run(&["dataset"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert_russian(&out.stderr);
    assert!(out.stderr.contains("Команды:\n  generate"), "{}", out.stderr);
}

/// The submission, gradebook and feedback commands follow the same conventions: Russian
/// help and value names, options after the command or before it, and options a command
/// does not use refused.
#[test]
fn the_grading_commands_speak_russian_and_refuse_options_they_do_not_use() {
    for command in [
        &["submit"][..],
        &["grade"],
        &["grade", "import"],
        &["grade", "review"],
        &["grade", "export"],
        &["grade", "feedback"],
        &["feedback"],
        &["feedback", "import"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let out = run(&args);
        assert_eq!(out.code, 0, "{args:?}\n{}", out.both());
        assert_russian(&out.stdout);
        assert!(out.stdout.contains("Использование: crm-workbook"), "{args:?}\n{}", out.stdout);
        for english in ["<FILE>", "<PATH>", "<NAME>", "<DIR>", "<BUNDLE>", "<G>", "<COMMENT>", "<STUDENT>", "<OUT>"] {
            assert!(!out.stdout.contains(english), "{english} in {args:?}:\n{}", out.stdout);
        }
    }
    assert!(run(&["submit", "--help"]).stdout.contains("--student"));
    assert!(run(&["grade", "import", "--help"]).stdout.contains("--course <ПАПКА>"));
    for (args, option, command) in [
        (&["--student", "Иванова Анна", "grade", "list"][..], "--student", "grade"),
        (&["--course", "exercises", "feedback", "import", "x.json"], "--course", "feedback"),
        (&["--student", "Иванова Анна", "feedback", "import", "x.json"], "--student", "feedback"),
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}\n{}", out.both());
        assert_eq!(out.stderr.trim(), format!("ошибка: параметр {option} не относится к команде {command}"));
    }
}
