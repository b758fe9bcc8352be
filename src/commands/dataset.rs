//! `crm-workbook dataset generate`: the course's datasets at any size.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::DatasetCommand;
use crate::commands::EXIT_INPUT;
use crate::data::generate::layout::{Layout, reshape};
use crate::data::generate::{self, FileKind, GenError, Options};
use crate::strings::datasets as s;

const MAX_CUSTOMERS: u64 = 100_000_000;
const MAX_PARTICIPANTS: u64 = 10_000_000;

pub fn run(command: &DatasetCommand) -> ExitCode {
    match command {
        DatasetCommand::Generate { seed, customers, participants, out, only, layout } => {
            let opts = match options(seed.as_deref(), customers.as_deref(), participants.as_deref(), only.as_deref()) {
                Ok(opts) => opts,
                Err(message) => return input_error(&message),
            };
            let layout = match layout.as_deref().map(|text| (text, Layout::parse(text))) {
                None => None,
                Some((_, Some(l))) if opts.files.contains(&FileKind::Orders) => Some(l),
                Some((text, _)) => return input_error(&s::bad_layout(text)),
            };
            let Some(out) = out else {
                return input_error(&s::missing_option("--out", "datasets"));
            };
            let code = generate_into(&opts, out);
            match layout {
                Some(l) if code == ExitCode::SUCCESS => relayout(&out.join(FileKind::Orders.file_name()), l, opts.seed),
                _ => code,
            }
        }
    }
}

/// Rewrites the generated orders file in another layout.
fn relayout(path: &Path, layout: Layout, seed: u64) -> ExitCode {
    let written = std::fs::read(path).and_then(|orders| std::fs::write(path, reshape(&orders, layout, seed)));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crm-workbook dataset generate: {}: {}", path.display(), crate::strings::io_error(&e));
            ExitCode::FAILURE
        }
    }
}

fn input_error(message: &str) -> ExitCode {
    eprintln!("crm-workbook dataset generate: {message}");
    ExitCode::from(EXIT_INPUT)
}

/// The options from the raw arguments, or a message in Russian.
fn options(
    seed: Option<&str>,
    customers: Option<&str>,
    participants: Option<&str>,
    only: Option<&str>,
) -> Result<Options, String> {
    let seed = number("--seed", seed.ok_or_else(|| s::missing_option("--seed", "2025"))?, 0, u64::MAX)?;
    let customers =
        number("--customers", customers.ok_or_else(|| s::missing_option("--customers", "1500"))?, 1, MAX_CUSTOMERS)?;
    let mut opts = Options::new(seed, customers);
    if let Some(p) = participants {
        opts.participants = number("--participants", p, 1, MAX_PARTICIPANTS)?;
    }
    opts.participants = opts.participants.min(MAX_PARTICIPANTS);
    if let Some(list) = only {
        let mut files = Vec::new();
        for name in list.split(',').filter(|n| !n.trim().is_empty()) {
            let known = || FileKind::ALL.map(|k| k.file_name().split('.').next().unwrap_or_default()).join(", ");
            files.push(FileKind::from_name(name).ok_or_else(|| s::unknown_file(name.trim(), &known()))?);
        }
        if files.is_empty() {
            return Err(s::missing_option("--only", "orders,order_items"));
        }
        files.sort_unstable();
        files.dedup();
        opts.files = files;
    }
    Ok(opts)
}

fn number(option: &str, value: &str, min: u64, max: u64) -> Result<u64, String> {
    let cleaned: String = value.trim().chars().filter(|c| *c != '_' && *c != ' ').collect();
    match cleaned.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(s::bad_number(option, value, min, max)),
    }
}

fn generate_into(opts: &Options, out: &Path) -> ExitCode {
    let started = Instant::now();
    match generate::generate(opts, out) {
        Ok(summary) => {
            println!("{}", s::generated(out));
            let mut total = 0;
            for (kind, rows) in &summary.rows {
                println!("{}", s::file_rows(kind.file_name(), *rows));
                total += rows;
            }
            let secs = started.elapsed().as_secs_f64();
            println!("{}", s::elapsed(secs, total as f64 / secs.max(1e-9)));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crm-workbook dataset generate: {e}");
            match e {
                GenError::NotADirectory { .. } | GenError::CreateDir { .. } | GenError::Create { .. } => {
                    ExitCode::from(EXIT_INPUT)
                }
                GenError::Write { .. } => ExitCode::FAILURE,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_options() {
        let ok = options(Some("7"), Some("1_000"), None, Some("orders, order_items.csv")).unwrap();
        assert_eq!((ok.seed, ok.customers, ok.participants), (7, 1000, 500));
        assert_eq!(ok.files, vec![FileKind::Orders, FileKind::OrderItems]);
        let bad = [
            (None, Some("10"), None, None, "--seed"),
            (Some("1"), None, None, None, "--customers"),
            (Some("x"), Some("10"), None, None, "--seed"),
            (Some("1"), Some("0"), None, None, "--customers"),
            (Some("1"), Some("-5"), None, None, "--customers"),
            (Some("1"), Some("10"), Some("0"), None, "--participants"),
            (Some("1"), Some("10"), None, Some("ordrs"), "ordrs"),
            (Some("1"), Some("10"), None, Some(","), "--only"),
        ];
        for (seed, customers, participants, only, mentions) in bad {
            let err = options(seed, customers, participants, only).unwrap_err();
            assert!(err.contains(mentions), "{err}");
        }
    }
}
