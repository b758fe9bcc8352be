//! Start-up as a learner meets it, in-process (`cargo bench --bench startup`, or through
//! `bench/startup.sh`): the course map's first frame and every exercise's first frame,
//! each from nothing — the course read and checked, the progress file opened, the app
//! built and one 80×24 frame drawn. Prints the median and the slowest of repeated runs.

use std::time::{Duration, Instant};

use crm_workbook::course::{self, Checks, CourseSource};
use crm_workbook::grading::{Learner, name_seed};
use crm_workbook::store::Store;
use crm_workbook::tui::App;
use crm_workbook::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const RUNS: usize = 15;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("progress.db");
    {
        let store = Store::open(&db).expect("store");
        let learner = Learner::new("L-bench".into(), "Иванова Анна".into(), "РК-21".into(), name_seed("Иванова Анна"));
        store.set_learner(&learner).expect("learner");
    }
    let ids: Vec<String> = course::load_with(CourseSource::Embedded, Checks::Structure)
        .into_result()
        .expect("the built-in course loads")
        .exercises
        .iter()
        .map(|e| e.id.clone())
        .collect();

    println!("   медиана     худший  первый кадр");
    report("карта курса", &median_of(|| first_frame(&db, None)));
    let mut worst = ("", Duration::ZERO);
    for id in &ids {
        let times = median_of(|| first_frame(&db, Some(id)));
        report(id, &times);
        if times[RUNS / 2] > worst.1 {
            worst = (id, times[RUNS / 2]);
        }
    }
    println!("самое медленное упражнение: {} ({:.1} мс)", worst.0, ms(worst.1));
}

/// From nothing to one frame drawn: the map, or the exercise the learner had open last.
fn first_frame(db: &std::path::Path, exercise: Option<&str>) {
    let store = Store::open(db).expect("store");
    match exercise {
        Some(id) => store.set_last_exercise(id).expect("last exercise"),
        None => store.set_last_exercise("нет такого").expect("last exercise"),
    }
    let course = course::load_with(CourseSource::Embedded, Checks::Structure).into_result().expect("course");
    let mut app = App::new(course, store, Theme::plain()).expect("the app starts");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| app.draw(f)).expect("draw");
}

fn median_of(mut run: impl FnMut()) -> Vec<Duration> {
    run(); // warm-up: the page cache, the allocator
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn report(what: &str, sorted: &[Duration]) {
    println!("{:7.1} мс {:7.1} мс  {what}", ms(sorted[RUNS / 2]), ms(sorted[RUNS - 1]));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
