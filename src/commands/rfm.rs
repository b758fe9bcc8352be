//! `crm-workbook rfm ORDERS.csv`: the RFM engine on a marketer's own file.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::cli::{RfmArgs, RfmFormat};
use crate::commands::EXIT_INPUT;
use crate::data::rfm::{self, Model, ModelSpec, ReadOptions, Source, model, output, parse};
use crate::strings::{self, rfm as msg};

pub fn run(args: &RfmArgs) -> ExitCode {
    match execute(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_INPUT)
        }
        Err(Failure::Output(message)) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    /// Bad arguments, model or input file: exit 2.
    Input(String),
    /// Writing the result failed: exit 1.
    Output(String),
}

fn execute(args: &RfmArgs) -> Result<(), Failure> {
    let as_of = match &args.as_of {
        Some(text) => Some(parse::date(text.as_bytes()).map_err(|_| Failure::Input(msg::bad_as_of(text)))?),
        None => None,
    };
    let model = load_model(&args.model, args.bins)?;
    let opts = ReadOptions {
        customer_col: args.customer_col.clone(),
        date_col: args.date_col.clone(),
        amount_col: args.amount_col.clone(),
        order_col: args.order_col.clone().unwrap_or_else(|| "order_id".into()),
        order_col_required: args.order_col.is_some(),
        as_of,
        skip_bad: args.skip_bad,
        threads: args.threads.unwrap_or(0),
    };
    let started = Instant::now();
    let progress = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    let stdin = args.orders.as_os_str() == "-";
    let source = if stdin { Source::Stdin } else { Source::File(&args.orders) };
    let total = if stdin { 0 } else { std::fs::metadata(&args.orders).map(|m| m.len()).unwrap_or(0) };
    let terminal = io::stderr().is_terminal();
    let result = std::thread::scope(|scope| {
        if terminal || args.progress {
            scope.spawn(|| show_progress(&progress, &done, total, terminal));
        }
        let r = rfm::reader::read(&source, &opts, &progress);
        done.store(true, Ordering::Relaxed);
        r
    });
    let (table, report) = result.map_err(|e| Failure::Input(e.to_string()))?;
    let as_of_text = parse::format_day(table.as_of);
    if report.after_as_of > 0 {
        eprintln!("{}", msg::after_as_of(report.after_as_of, &as_of_text));
    }
    if let Some(first) = &report.first_skipped {
        eprintln!("{}", msg::skipped(report.skipped, first));
    }
    if io::stderr().is_terminal() {
        eprintln!("{}", msg::read_summary(report.rows, table.len(), &as_of_text, started.elapsed().as_secs_f64()));
    }

    let seg = rfm::segment(&table, &model);
    let write = |w: &mut dyn Write| -> io::Result<()> {
        match (args.summary, args.format) {
            (false, None | Some(RfmFormat::Csv)) => output::write_customers_csv(w, &table, &seg),
            (false, Some(RfmFormat::Json)) => output::write_customers_json(w, &table, &seg),
            (true, None) => output::write_map_table(w, &rfm::sales_map(&table, &seg)),
            (true, Some(RfmFormat::Csv)) => output::write_map_csv(w, &rfm::sales_map(&table, &seg)),
            (true, Some(RfmFormat::Json)) => output::write_map_json(w, &rfm::sales_map(&table, &seg)),
        }
    };
    let written = match &args.out {
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| Failure::Input(format!("{}: {}", path.display(), strings::io_error(&e))))?;
            let mut w = BufWriter::with_capacity(1 << 20, file);
            write(&mut w).and_then(|()| w.flush()).map_err(|e| (path.display().to_string(), e))
        }
        None => {
            let mut w = BufWriter::with_capacity(1 << 20, io::stdout().lock());
            write(&mut w).and_then(|()| w.flush()).map_err(|e| ("stdout".to_string(), e))
        }
    };
    match written {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error.
        Err((_, e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err((to, e)) => Err(Failure::Output(format!("{to}: {}", strings::io_error(&e)))),
    }
}

/// A built-in model by name, or a model file; `--bins` replaces the model's bins.
fn load_model(name: &str, bins: Option<u32>) -> Result<Model, Failure> {
    let (label, text) = match model::builtin(name) {
        Some(text) => (name.to_owned(), text.to_owned()),
        None => match std::fs::read_to_string(name) {
            Ok(text) => (name.to_owned(), text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Failure::Input(msg::unknown_model(name))),
            Err(e) => return Err(Failure::Input(format!("{name}: {}", strings::io_error(&e)))),
        },
    };
    let mut spec = ModelSpec::from_toml(&text).map_err(|e| Failure::Input(format!("{label}:{e}")))?;
    if let Some(b) = bins {
        if spec.scoring.method == model::MethodName::Thresholds {
            return Err(Failure::Input(msg::bins_with_thresholds()));
        }
        spec.scoring.bins = Some(b);
    }
    spec.compile()
        .map_err(|errors| Failure::Input(errors.iter().map(|e| format!("{label}: {e}")).collect::<Vec<_>>().join("\n")))
}

/// Progress on stderr while a long read goes on: one line redrawn on a terminal, a line
/// a second otherwise (`--progress` into a log). `total` 0: a stream of unknown length.
fn show_progress(progress: &AtomicU64, done: &AtomicBool, total: u64, terminal: bool) {
    let started = Instant::now();
    let mut shown = false;
    let mut last_line = Duration::ZERO;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        let elapsed = started.elapsed();
        if elapsed < Duration::from_millis(700) || (!terminal && elapsed - last_line < Duration::from_secs(1)) {
            continue;
        }
        last_line = elapsed;
        let read = progress.load(Ordering::Relaxed);
        let line = if total == 0 {
            msg::progress_stream(read >> 20)
        } else {
            let read = read.min(total);
            msg::progress(read * 100 / total, read >> 20, total >> 20)
        };
        if terminal {
            eprint!("\r{line}");
        } else {
            eprintln!("{line}");
        }
        shown = true;
    }
    if shown && terminal {
        eprint!("\r\x1b[2K");
    }
    if !terminal {
        // Into a log: the last line says how much was read, however short the read.
        let read = progress.load(Ordering::Relaxed);
        eprintln!(
            "{}",
            if total == 0 { msg::progress_stream(read >> 20) } else { msg::progress(100, total >> 20, total >> 20) }
        );
    }
}
