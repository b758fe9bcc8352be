//! Running the real `crm-workbook` binary from integration tests.

#![allow(dead_code)] // each test crate uses part of this module

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The last non-empty line of stdout (the summary of `validate`).
    pub fn last_line(&self) -> &str {
        self.stdout.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
    }

    /// stdout and stderr together, for assertion messages.
    pub fn both(&self) -> String {
        format!("--- stdout\n{}--- stderr\n{}", self.stdout, self.stderr)
    }
}

/// Runs `crm-workbook ARGS` with a throw-away progress database, so tests never touch
/// the user's data directory.
pub fn run(args: &[&str]) -> Run {
    let db = tempfile::NamedTempFile::new().expect("temporary file");
    let output = Command::new(env!("CARGO_BIN_EXE_crm-workbook"))
        .current_dir(manifest_dir())
        .arg("--db")
        .arg(db.path())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the crm-workbook binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A path inside the crate, as a string for the command line.
pub fn crate_path(relative: &str) -> String {
    manifest_dir().join(relative).display().to_string()
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every exercise file of the built-in course as (module/name.toml path, parsed TOML).
pub fn builtin_exercise_files() -> Vec<(PathBuf, toml::Table)> {
    let root = manifest_dir().join("exercises");
    let mut out = Vec::new();
    for module in std::fs::read_dir(&root).expect("exercises/ exists").flatten() {
        if !module.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(module.path()).expect("module folder").flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).expect("readable exercise file");
                let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((path, table));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

pub fn str_field<'a>(table: &'a toml::Table, key: &str, path: &Path) -> &'a str {
    table.get(key).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{}: no string field {key}", path.display()))
}

/// The reference table of pp1.target-market row by row, as a learner types it: each row's
/// header card, then the cards under «Массовый маркетинг», «Сегментация рынка» and
/// «Множественная сегментация». Read from `tests/answers/pp1.target-market.toml`, so the
/// key lives in one place.
pub fn target_market_rows() -> Vec<[String; 4]> {
    let text = std::fs::read_to_string(manifest_dir().join("tests/answers/pp1.target-market.toml")).expect("answer");
    let table: toml::Table = toml::from_str(&text).expect("answer file parses");
    let cells = table["cells"].as_table().expect("[cells]");
    let card = |row: &str, column: &str| -> String {
        let cards = cells[&format!("{row}/{column}")].as_array().expect("a list of cards");
        cards[0].as_str().expect("a card id").to_owned()
    };
    ["target", "product", "price", "distribution", "promotion", "emphasis"]
        .iter()
        .map(|row| ["header", "mass", "segment", "multi"].map(|column| card(row, column)))
        .collect()
}
