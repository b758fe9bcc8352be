//! docs/authoring.md cannot rot: every TOML and SQL example in it is a file (its first
//! line says which; a CSV dataset names its file in the block's info string), written
//! into a temporary folder; the example course must load without a
//! single diagnostic and hold an exercise of every kind; and every `$ crm-workbook …`
//! command in a console block is run with the real binary and must print exactly what
//! the document shows.

use std::fs;
use std::path::Path;
use std::process::Command;

use crm_workbook::course::{self, CourseSource};
use crm_workbook::kinds::KIND_NAMES;

const FILE_MARK: &str = "# файл: ";
const SQL_FILE_MARK: &str = "-- файл: ";
/// A dataset block: ```` ```csv файл: PATH ````.
const DATA_FILE_MARK: &str = "файл: ";
const EXAMPLE_COURSE: &str = "мой-курс";

struct Block {
    lang: String,
    lines: Vec<String>,
}

fn fenced_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for line in markdown.lines() {
        match (current.take(), line.strip_prefix("```")) {
            (None, Some(lang)) => current = Some(Block { lang: lang.trim().to_owned(), lines: Vec::new() }),
            (Some(block), Some(_)) => blocks.push(block),
            (Some(mut block), None) => {
                block.lines.push(line.to_owned());
                current = Some(block);
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "an unclosed code block in docs/authoring.md");
    blocks
}

/// Splits a shell-like command line: words separated by spaces, "double quotes" group.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut in_word = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            ' ' if !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

struct Run {
    args: Vec<String>,
    expected: Vec<String>,
}

fn console_runs(block: &Block) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for line in &block.lines {
        if let Some(cmd) = line.strip_prefix("$ ") {
            let mut words = shell_words(cmd);
            assert_eq!(words.first().map(String::as_str), Some("crm-workbook"), "{line}");
            words.remove(0);
            runs.push(Run { args: words, expected: Vec::new() });
        } else {
            runs.last_mut().unwrap_or_else(|| panic!("output before a command: {line}")).expected.push(line.clone());
        }
    }
    runs
}

#[test]
fn every_example_in_the_authoring_guide_is_valid_and_prints_what_it_shows() {
    let markdown = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
        .expect("docs/authoring.md exists");
    let blocks = fenced_blocks(&markdown);
    let dir = tempfile::tempdir().expect("temp dir");

    let mut files = 0;
    for block in &blocks {
        let first = block.lines.first().map(String::as_str).unwrap_or_default();
        let path = match block.lang.split_once(' ') {
            _ if block.lang == "toml" => first
                .strip_prefix(FILE_MARK)
                .unwrap_or_else(|| panic!("a TOML example must start with «{FILE_MARK}PATH», found {first:?}")),
            _ if block.lang == "sql" => first
                .strip_prefix(SQL_FILE_MARK)
                .unwrap_or_else(|| panic!("an SQL example must start with «{SQL_FILE_MARK}PATH», found {first:?}")),
            Some(("csv" | "jsonl", info)) => info
                .strip_prefix(DATA_FILE_MARK)
                .unwrap_or_else(|| panic!("a dataset block names its file: «```csv {DATA_FILE_MARK}PATH»")),
            _ => continue,
        };
        let target = dir.path().join(path);
        fs::create_dir_all(target.parent().expect("a file has a folder")).expect("create folder");
        fs::write(&target, block.lines.join("\n") + "\n").expect("write example");
        files += 1;
    }
    assert!(files >= 10, "the guide should hold the course, an example per kind and answer files; found {files}");

    let loaded = course::load(CourseSource::Dir(dir.path().join(EXAMPLE_COURSE)));
    let shown: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "the example course has problems:\n{}", shown.join("\n"));
    let course = loaded.course.expect("the example course loads");
    for kind in KIND_NAMES {
        assert!(
            course.exercises.iter().any(|e| e.spec.kind_name() == *kind),
            "docs/authoring.md has no example of kind «{kind}»"
        );
    }
    for mode in ["schema", "query", "script"] {
        assert!(
            course.exercises.iter().any(|e| matches!(&e.spec, crm_workbook::kinds::Spec::Sql(s)
                if format!("{:?}", s.mode.get_ref()).to_lowercase() == mode)),
            "docs/authoring.md has no example of sql mode «{mode}»"
        );
    }

    let mut commands = 0;
    for block in blocks.iter().filter(|b| b.lang == "console") {
        for run in console_runs(block) {
            let output = Command::new(env!("CARGO_BIN_EXE_crm-workbook"))
                .args(&run.args)
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .env("HOME", dir.path())
                .env("XDG_DATA_HOME", dir.path().join("data"))
                .output()
                .expect("run crm-workbook");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let got: Vec<&str> = stdout.lines().collect();
            assert_eq!(
                got,
                run.expected,
                "`crm-workbook {}` printed something else (stderr: {})",
                run.args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
            let last = run.expected.last().map(String::as_str).unwrap_or_default();
            let first = run.expected.first().map(String::as_str).unwrap_or_default();
            let should_succeed = if run.args.iter().any(|a| a == "validate") {
                last.ends_with(" 0 ошибок")
            } else {
                first.contains(" — зачтено:")
            };
            assert_eq!(output.status.success(), should_succeed, "exit status of `crm-workbook {}`", run.args.join(" "));
            commands += 1;
        }
    }
    assert!(commands >= 8, "the guide should show check and validate at work; found {commands} commands");
}
