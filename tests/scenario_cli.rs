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

/// The XML of a file inside an XLSX (a zip).
fn xlsx_part(path: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_string(&mut text).unwrap();
    text
}

/// The cells of row `r` of a sheet's XML: (reference, type attribute, value).
fn xlsx_row(sheet: &str, r: usize) -> Vec<(String, String, String)> {
    let start = sheet.find(&format!("<row r=\"{r}\"")).unwrap_or_else(|| panic!("row {r}"));
    let row = &sheet[start..start + sheet[start..].find("</row>").unwrap()];
    row.split("<c ")
        .skip(1)
        .map(|c| {
            let attr =
                |a: &str| c.split(&format!("{a}=\"")).nth(1).map_or("", |v| &v[..v.find('"').unwrap()]).to_owned();
            let value = c.split("<v>").nth(1).map_or("", |v| &v[..v.find("</v>").unwrap()]).to_owned();
            (attr("r"), attr("t"), value)
        })
        .collect()
}

/// `--xlsx` writes the CSV tables as one workbook: a sheet per table with as many rows,
/// the header frozen with filters, numbers and dates as numbers (dates as Excel's serial
/// days with a date format), text as text.
#[test]
fn run_writes_the_tables_as_one_xlsx_workbook() {
    let spec = crate_path("tests/answers/pp4.tech-spec.toml");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("run.xlsx");
    let csv = dir.path().join("csv");
    let period = ["--from", "2025-01-01", "--to", "2025-03-31"];
    let (book_s, csv_s) = (book.display().to_string(), csv.display().to_string());
    let mut args = vec!["scenario", "run", &spec, "--xlsx", &book_s, "--out", &csv_s];
    args.extend(period);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.both());
    assert!(out.stderr.contains(&format!("Книга Excel для Power BI записана в {book_s}")), "{}", out.both());

    let workbook = xlsx_part(&book, "xl/workbook.xml");
    let names: Vec<&str> = workbook.split("<sheet name=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(names, ["events", "customers", "steps", "dates", "daily"]);
    for (k, name) in names.iter().enumerate() {
        let sheet = xlsx_part(&book, &format!("xl/worksheets/sheet{}.xml", k + 1));
        let lines = std::fs::read_to_string(csv.join(format!("{name}.csv"))).unwrap().lines().count();
        assert!(lines > 1, "{name}: a table with rows");
        assert_eq!(sheet.matches("<row ").count(), lines, "{name}: as many rows as the CSV file");
        assert!(sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"1\""), "{name}: the header frozen");
        let last = (b'A' + xlsx_row(&sheet, 1).len() as u8 - 1) as char;
        assert!(sheet.contains(&format!("<autoFilter ref=\"A1:{last}{lines}\"/>")), "{name}: filters\n{sheet:.600}");
        assert!(xlsx_row(&sheet, 1).iter().all(|c| c.1 == "s"), "{name}: the header is text");
    }
    // events: customer id a number, the time and the date numbers (serial days), the event text.
    let events = xlsx_part(&book, "xl/worksheets/sheet1.xml");
    let row = xlsx_row(&events, 2);
    let first = std::fs::read_to_string(csv.join("events.csv")).unwrap().lines().nth(1).unwrap().to_owned();
    let fields: Vec<&str> = first.split(',').collect();
    assert_eq!((row[0].1.as_str(), row[0].2.as_str()), ("", fields[0]), "customer_id is a number");
    let (time, date): (f64, f64) = (row[1].2.parse().unwrap(), row[2].2.parse().unwrap());
    // 2025-01-01 is Excel's day 45658.
    assert!((45_658.0..45_748.0).contains(&date) && time >= date && time < date + 1.0, "{row:?}");
    assert_eq!(row[3].1, "s", "the event is text");
    // dates: the first day of the period as Excel's day, with a date format.
    let dates = xlsx_part(&book, "xl/worksheets/sheet4.xml");
    let row = xlsx_row(&dates, 2);
    assert_eq!(row[0].2, "45658", "{row:?}");
    assert_eq!(row.iter().skip(1).map(|c| c.2.as_str()).collect::<Vec<_>>(), ["2025", "1", "1", "3"]);
    let styles = xlsx_part(&book, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"yyyy-mm-dd\"") && styles.contains("formatCode=\"0.00\""), "{styles:.800}");
    // steps: the funnel's numbers as the CSV has them.
    let steps = xlsx_part(&book, "xl/worksheets/sheet3.xml");
    let csv_steps = std::fs::read_to_string(csv.join("steps.csv")).unwrap();
    let want: Vec<&str> = csv_steps.lines().nth(1).unwrap().split(',').collect();
    let row = xlsx_row(&steps, 2);
    assert_eq!(row[4].2, want[4], "entered");
    assert_eq!(row[11].2.parse::<f64>().unwrap(), want[11].parse::<f64>().unwrap(), "revenue");

    // Alone, without --out, and into a folder that does not exist yet.
    let alone = dir.path().join("new/alone.xlsx");
    let alone_s = alone.display().to_string();
    let mut args = vec!["scenario", "run", &spec, "--xlsx", &alone_s];
    args.extend(period);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.both());
    assert!(out.stdout.is_empty(), "no summary unless asked\n{}", out.both());
    assert!(std::fs::read(&alone).unwrap().len() > 1000, "a workbook written");
}
