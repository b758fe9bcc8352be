//! `crm-workbook scenario check|run`: a scenario file checked like `validate` checks a
//! course, and «launched» on the shop's data (docs/scenarios.md).

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_INPUT;
use crate::cli::{ScenarioCommand, ScenarioRunArgs};
use crate::course::Diagnostic;
use crate::data::rfm::parse;
use crate::scenario::{self, data, report, sim, tables};
use crate::strings::{self, scenario as msg};

pub fn run(command: &ScenarioCommand) -> ExitCode {
    match command {
        ScenarioCommand::Check { file } => check(file),
        ScenarioCommand::Run(args) => run_scenario(args),
    }
}

/// Reads and checks a scenario file, printing every problem as `path:line:column`.
fn read(file: &Path) -> Result<(String, scenario::Scenario), ExitCode> {
    let path = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {}", strings::io_error(&e));
            return Err(ExitCode::from(EXIT_INPUT));
        }
    };
    match scenario::parse(&text) {
        Ok(sc) => Ok((text, sc)),
        Err(issues) => {
            for i in &issues {
                eprintln!("{}", Diagnostic::at(&path, &text, i.span.clone(), i.message.clone()));
            }
            eprintln!("{}", msg::check_failed(issues.len()));
            Err(ExitCode::FAILURE)
        }
    }
}

fn check(file: &Path) -> ExitCode {
    match read(file) {
        Ok((_, sc)) => {
            println!("{}: {}", file.display(), msg::check_ok(sc.steps.len()));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn day_arg(flag: &str, value: Option<&str>, default: i64) -> Result<i64, String> {
    match value {
        None => Ok(default),
        Some(v) => match parse::date(v.as_bytes()) {
            Ok(d) if v.trim().len() == 10 => Ok(i64::from(d) * data::DAY),
            _ => Err(msg::bad_date_arg(flag, v)),
        },
    }
}

fn run_scenario(a: &ScenarioRunArgs) -> ExitCode {
    let (_, sc) = match read(&a.file) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let (dfrom, dto) = scenario::default_period();
    let from = day_arg("--from", a.from.as_deref(), dfrom);
    // --to names the last day; the run's end is the next midnight.
    let to = day_arg("--to", a.to.as_deref(), dto - data::DAY).map(|t| t + data::DAY);
    let (from, to) = match (from, to) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    if from >= to {
        eprintln!("{}", msg::period_reversed(a.from.as_deref().unwrap_or(""), a.to.as_deref().unwrap_or("")));
        return ExitCode::from(EXIT_INPUT);
    }
    let threads = a.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let set = sim::Settings {
        from,
        to,
        seed: a.seed,
        audit: sim::Audit::default(),
        threads,
        record_events: a.out.is_some() || a.xlsx.is_some(),
    };
    let files: Box<dyn data::Files> = match &a.data {
        Some(dir) => Box::new(data::Dir(dir.clone())),
        None => Box::new(data::Memory::from_reader(&|n| {
            crate::kinds::Datasets::read(&crate::course::CourseSource::Embedded, n).map(|b| b.into_owned())
        })),
    };
    let launched = match scenario::launch(&sc, files.as_ref(), &set) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let scenario::Launched { data, scenario: sc, results } = &launched;
    if let Some(id) = &a.customer {
        let Some(i) = id.trim().parse::<u64>().ok().and_then(|id| data.customers.iter().position(|c| c.id == id))
        else {
            eprintln!("{}", msg::no_customer(id));
            return ExitCode::from(EXIT_INPUT);
        };
        print!("{}", report::path_text(sc, data, i, &sim::path(sc, data, &set, i)));
    }
    if a.summary || (a.customer.is_none() && a.out.is_none() && a.xlsx.is_none()) {
        print!("{}", report::summary(sc, data, results, from, to));
    }
    if let Some(dir) = &a.out {
        if let Err(e) = tables::write_csv(dir, sc, data, results) {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
        eprintln!("{}", msg::wrote_out(&dir.display().to_string()));
    }
    if let Some(file) = &a.xlsx {
        if let Err(e) = tables::write_xlsx(file, sc, data, results) {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
        eprintln!("{}", msg::wrote_xlsx(&file.display().to_string()));
    }
    ExitCode::SUCCESS
}
