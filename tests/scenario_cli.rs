//! `crm-workbook scenario check|run` through the real binary.

mod support;

use support::{crate_path, run};

#[test]
fn check_reports_every_error_with_path_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[trigger]\nevent = \"registration\"\n\n[[step]]\nid = \"w\"\ntype = \"wait\"\ndays = -1\n\n[[step]]\nid = \"s\"\ntype = \"send\"\nchannel = \"viber\"\ntext = \"t\"\nnext = \"w\"\n",
    )
    .unwrap();
    let path = file.display().to_string();
    let out = run(&["scenario", "check", &path]);
    assert_eq!(out.code, 1, "{}", out.both());
    assert!(out.stderr.contains(&format!("{path}:7:8: ожидание не может быть отрицательным")), "{}", out.both());
    assert!(out.stderr.contains(&format!("{path}:12:11: канала «viber» нет в данных")), "{}", out.both());
    assert!(out.stderr.contains(" 12 | channel = \"viber\""), "{}", out.both());

    let good = run(&["scenario", "check", &crate_path("tests/answers/pp4.tech-spec.toml")]);
    assert_eq!(good.code, 0, "{}", good.both());
    assert!(good.stdout.contains("ошибок нет, шагов: 6"), "{}", good.both());
}

#[test]
fn run_prints_the_summary_a_path_and_writes_tables_for_power_bi() {
    let spec = crate_path("tests/answers/pp4.tech-spec.toml");
    let out = run(&["scenario", "run", &spec, "--summary", "--seed", "3"]);
    assert_eq!(out.code, 0, "{}", out.both());
    for want in [
        "Воронка по шагам:",
        "mail-discount",
        "Не отправлено — почему:",
        "Цель «повторных покупок на клиента» +20 % за 90 дн.",
        "Модель поведения (по данным): Open Rate e-mail",
    ] {
        assert!(out.stdout.contains(want), "{want}\n{}", out.both());
    }
    // Deterministic for a seed.
    assert_eq!(run(&["scenario", "run", &spec, "--summary", "--seed", "3"]).stdout, out.stdout);

    let dir = tempfile::tempdir().unwrap();
    let dir_s = dir.path().display().to_string();
    let out = run(&["scenario", "run", &spec, "--out", &dir_s, "--from", "2025-01-01", "--to", "2025-03-31"]);
    assert_eq!(out.code, 0, "{}", out.both());
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let events = read("events.csv");
    assert!(events.starts_with("customer_id,event_time,date,event,step_id,channel,reason,amount,group\n"));
    assert!(events.contains(",sent,mail-discount,email,,,treatment\n"), "{}", &events[..500.min(events.len())]);
    assert!(events.contains(",control_entry,,,,,control\n"));
    assert!(read("steps.csv").starts_with("step_order,step_id,type,channel,entered,sent,suppressed,opened,clicked,unsubscribed,converted,revenue\n1,mail-discount,send,email,"));
    let dates = read("dates.csv");
    assert!(dates.contains("\n2025-01-01,2025,1,1,3\n"), "2025-01-01 was a Wednesday");
    assert!(read("daily.csv").lines().count() > 90);
    assert!(
        read("customers.csv").starts_with("customer_id,first_name,city,gender,acquisition_channel,rfm_group,group\n")
    );

    // A customer's path: the first customer who got the first e-mail.
    let line = events.lines().find(|l| l.contains(",sent,mail-discount,")).unwrap();
    let id = line.split(',').next().unwrap();
    let out = run(&["scenario", "run", &spec, "--customer", id, "--from", "2025-01-01", "--to", "2025-03-31"]);
    assert_eq!(out.code, 0, "{}", out.both());
    assert!(out.stdout.starts_with(&format!("Путь клиента {id} (")), "{}", out.both());
    assert!(out.stdout.contains("«mail-discount»: отправлено (email)"), "{}", out.both());
}

#[test]
fn bad_arguments_and_missing_data_are_input_errors() {
    let spec = crate_path("tests/answers/pp4.tech-spec.toml");
    let out = run(&["scenario", "run", &spec, "--from", "2025-13-01"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(out.stderr.contains("--from 2025-13-01: нужна дата ГГГГ-ММ-ДД"), "{}", out.both());
    let out = run(&["scenario", "run", &spec, "--from", "2025-03-01", "--to", "2025-01-01"]);
    assert_eq!(out.code, 2, "{}", out.both());
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["scenario", "run", &spec, "--data", &empty.path().display().to_string()]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(out.stderr.contains("нет файла customers.csv"), "{}", out.both());
    let out = run(&["scenario", "run", &spec, "--customer", "99999999"]);
    assert_eq!(out.code, 2, "{}", out.both());
}
