//! Starting the workbook's interface from the command line when it cannot run: a
//! broken course, no terminal. It must say why, exit non-zero and never panic.

mod support;

use support::{crate_path, run};

#[test]
fn a_broken_course_is_refused_with_the_validate_messages() {
    let course = crate_path("tests/fixtures/broken/unknown-field");
    let tui = run(&["--course", &course]);
    let validate = run(&["--course", &course, "validate"]);
    assert_eq!(tui.code, 1, "{}", tui.both());
    assert!(!tui.stderr.contains("panicked"), "{}", tui.both());
    // Every diagnostic validate prints is what the interface says too.
    let diagnostics: Vec<&str> = validate.stdout.lines().filter(|l| l.contains(".toml:")).collect();
    assert!(!diagnostics.is_empty(), "{}", validate.both());
    for d in diagnostics {
        assert!(tui.stderr.contains(d), "missing «{d}» in:\n{}", tui.both());
    }
}

#[test]
fn without_a_terminal_it_says_what_to_use_instead() {
    // The test harness gives the program pipes, not a terminal.
    let r = run(&["--student", "Иванова Анна"]);
    assert_eq!(r.code, 2, "{}", r.both());
    assert!(r.stderr.contains("не терминал"), "{}", r.both());
    assert!(r.stderr.contains("list, check и validate"), "{}", r.both());
}
