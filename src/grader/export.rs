//! Exports of the grade sheet: CSV for Excel (Russian locale, or plain), XLSX, JSON
//! with everything, and Moodle's gradebook import CSV.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use super::gradebook::{AttemptRow, Gradebook, ImportInfo, Review};
use super::sheet::{Book, CellStatus, Sheet};
use super::similarity::{self, CopyFlag};
use crate::course::Course;
use crate::strings::grader as msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Excel in Russian locale: UTF-8 with BOM, `;`, decimal comma.
    CsvExcel,
    /// Plain CSV: UTF-8 without BOM, `,`, decimal point.
    CsvPlain,
    Xlsx,
    Json,
    Moodle,
}

/// A number with at most two decimals and no trailing zeros, with `comma` as the decimal
/// mark if asked.
pub fn number(x: f64, comma: bool) -> String {
    let mut s = format!("{:.2}", (x * 100.0).round() / 100.0);
    while s.contains('.') && (s.ends_with('0') || s.ends_with('.')) {
        s.pop();
    }
    if s == "-0" {
        s = "0".into();
    }
    if comma { s.replace('.', ",") } else { s }
}

/// Writes the export of `sheet` (and, for JSON, everything else) to `out`.
pub fn write(
    format: ExportFormat,
    course: &Course,
    gradebook: &Gradebook,
    book: &Book,
    sheet: &Sheet,
    out: &Path,
) -> Result<(), String> {
    let io = |e: std::io::Error| msg::export_error(out, &crate::strings::io_error(&e));
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    match format {
        ExportFormat::CsvExcel => std::fs::write(out, csv_sheet(sheet, true)).map_err(io),
        ExportFormat::CsvPlain => std::fs::write(out, csv_sheet(sheet, false)).map_err(io),
        ExportFormat::Moodle => std::fs::write(out, moodle(sheet)).map_err(io),
        ExportFormat::Json => {
            let everything = everything(course, gradebook, book, sheet)?;
            let text = serde_json::to_string_pretty(&everything).map_err(|e| msg::export_error(out, &e.to_string()))?;
            std::fs::write(out, text + "\n").map_err(io)
        }
        ExportFormat::Xlsx => xlsx(sheet, book, out).map_err(|e| msg::export_error(out, &e.to_string())),
    }
}

fn csv_writer(comma_decimal: bool) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().delimiter(if comma_decimal { b';' } else { b',' }).from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>, bom: bool) -> Vec<u8> {
    let mut out = if bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// Students × exercises with totals and the grade.
pub fn csv_sheet(sheet: &Sheet, excel: bool) -> Vec<u8> {
    let mut w = csv_writer(excel);
    let mut header: Vec<String> = msg::SHEET_HEAD.iter().map(|s| s.to_string()).collect();
    header.extend(sheet.exercises.iter().map(|e| e.id.clone()));
    header.extend(msg::SHEET_TAIL.iter().map(|s| s.to_string()));
    // A Vec<u8> writer does not fail.
    let _ = w.write_record(&header);
    for s in &sheet.students {
        let mut row = vec![s.learner.name.clone(), s.learner.group.clone(), s.learner.id.clone()];
        row.extend(s.cells.iter().map(|c| cell_text(c.earned, c.status, excel)));
        row.push(number(s.total, excel));
        row.push(number(sheet.total_points, excel));
        row.push(number(s.percent, excel));
        row.push(s.grade.clone().unwrap_or_default());
        let _ = w.write_record(&row);
    }
    finish(w, excel)
}

fn cell_text(earned: f64, status: CellStatus, comma: bool) -> String {
    match status {
        CellStatus::NotStarted => String::new(),
        _ => number(earned, comma),
    }
}

/// Moodle's grade import (Оценки → Импорт → CSV-файл): comma-separated UTF-8, an
/// identifier column to map to the learner, then one column per grade item, decimal
/// point.
pub fn moodle(sheet: &Sheet) -> Vec<u8> {
    let mut w = csv_writer(false);
    let mut header: Vec<String> = msg::MOODLE_HEAD.iter().map(|s| s.to_string()).collect();
    header.extend(sheet.exercises.iter().map(|e| format!("{} ({})", e.title, e.id)));
    header.push(msg::MOODLE_TOTAL.to_string());
    let _ = w.write_record(&header);
    for s in &sheet.students {
        let mut row = vec![s.learner.id.clone(), s.learner.name.clone(), s.learner.group.clone()];
        row.extend(s.cells.iter().map(|c| cell_text(c.earned, c.status, false)));
        row.push(number(s.total, false));
        let _ = w.write_record(&row);
    }
    finish(w, false)
}

/// The JSON export: the sheet, every attempt (history too) with its findings, every
/// review, every import and the likely copies.
#[derive(Serialize)]
pub struct Everything<'a> {
    pub format: &'static str,
    pub version: u32,
    pub exported_at: String,
    pub sheet: &'a Sheet,
    pub attempts: Vec<AttemptRow>,
    pub reviews: &'a [Review],
    pub imports: Vec<ImportInfo>,
    pub copies: Vec<CopyFlag>,
}

fn everything<'a>(
    course: &Course,
    gradebook: &Gradebook,
    book: &'a Book,
    sheet: &'a Sheet,
) -> Result<Everything<'a>, String> {
    let ids: std::collections::BTreeSet<&str> = sheet.students.iter().map(|s| s.learner.id.as_str()).collect();
    Ok(Everything {
        format: "crm-workbook-gradebook",
        version: 1,
        exported_at: chrono::Local::now().to_rfc3339(),
        sheet,
        attempts: gradebook.attempts(false)?.into_iter().filter(|a| ids.contains(a.learner_id.as_str())).collect(),
        reviews: &book.reviews,
        imports: gradebook.imports()?.into_iter().filter(|i| ids.contains(i.learner_id.as_str())).collect(),
        copies: similarity::find_copies(course, book)
            .into_iter()
            .filter(|c| ids.contains(c.a.as_str()) || ids.contains(c.b.as_str()))
            .collect(),
    })
}

/// A worksheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
pub fn sheet_name(group: &str, taken: &mut Vec<String>) -> String {
    let base: String = group.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect::<String>().trim().to_owned();
    let base = if base.is_empty() { msg::NO_GROUP.to_owned() } else { base };
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut name = cut(&base, 31);
    let mut i = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" ({i})");
        name = format!("{}{suffix}", cut(&base, 31 - suffix.chars().count()));
        i += 1;
    }
    taken.push(name.clone());
    name
}

/// A sheet per group (students × exercises, frozen header, filters, totals and the
/// grade), a sheet of attempts and a summary per exercise.
pub fn xlsx(sheet: &Sheet, book: &Book, out: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let points = Format::new().set_num_format("0.##");
    let mut taken = Vec::new();
    let mut groups: Vec<&str> = sheet.students.iter().map(|s| s.learner.group.as_str()).collect();
    groups.dedup();
    if groups.is_empty() {
        groups.push("");
    }
    for group in groups {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(group, &mut taken))?;
        let mut col: u16 = 0;
        let mut head = |ws: &mut Worksheet, text: &str| -> Result<(), XlsxError> {
            ws.write_string_with_format(0, col, text, &bold)?;
            col += 1;
            Ok(())
        };
        for h in msg::SHEET_HEAD {
            head(ws, h)?;
        }
        for e in &sheet.exercises {
            head(ws, &e.id)?;
        }
        for h in msg::SHEET_TAIL {
            head(ws, h)?;
        }
        let last_col = col.saturating_sub(1);
        let mut row: u32 = 1;
        for s in sheet.students.iter().filter(|s| s.learner.group == group) {
            ws.write_string(row, 0, &s.learner.name)?;
            ws.write_string(row, 1, &s.learner.group)?;
            ws.write_string(row, 2, &s.learner.id)?;
            let mut c: u16 = 3;
            for cell in &s.cells {
                if cell.status != CellStatus::NotStarted {
                    ws.write_number_with_format(row, c, cell.earned, &points)?;
                }
                c += 1;
            }
            ws.write_number_with_format(row, c, s.total, &points)?;
            ws.write_number_with_format(row, c + 1, sheet.total_points, &points)?;
            ws.write_number_with_format(row, c + 2, s.percent, &points)?;
            ws.write_string(row, c + 3, s.grade.as_deref().unwrap_or_default())?;
            row += 1;
        }
        ws.set_freeze_panes(1, 1)?;
        ws.autofilter(0, 0, row.saturating_sub(1).max(1), last_col)?;
        ws.set_column_width(0, 28)?;
        ws.set_column_width(2, 12)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(msg::ATTEMPTS_SHEET, &mut taken))?;
    for (i, h) in msg::ATTEMPTS_HEAD.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    let students: std::collections::BTreeMap<&str, &super::gradebook::LearnerRow> =
        sheet.students.iter().map(|s| (s.learner.id.as_str(), &s.learner)).collect();
    let mut row = 1;
    for a in &book.attempts {
        let Some(l) = students.get(a.learner_id.as_str()) else { continue };
        ws.write_string(row, 0, &l.name)?;
        ws.write_string(row, 1, &l.group)?;
        ws.write_string(row, 2, &a.exercise_id)?;
        ws.write_number(row, 3, a.seq + 1)?;
        ws.write_string(row, 4, &a.at)?;
        ws.write_number_with_format(row, 5, a.verdict.earned, &points)?;
        ws.write_number_with_format(row, 6, a.verdict.possible, &points)?;
        ws.write_string(row, 7, crate::strings::verdict::status(a.verdict.status))?;
        ws.write_number(row, 8, a.hints_shown)?;
        row += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), msg::ATTEMPTS_HEAD.len() as u16 - 1)?;

    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(msg::SUMMARY_SHEET, &mut taken))?;
    for (i, h) in msg::SUMMARY_HEAD.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (i, (e, s)) in sheet.exercises.iter().zip(&sheet.summary).enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &e.id)?;
        ws.write_string(row, 1, &e.title)?;
        ws.write_number(row, 2, e.points)?;
        ws.write_number_with_format(row, 3, s.mean, &points)?;
        ws.write_number_with_format(row, 4, s.pass_rate, &points)?;
        ws.write_number(row, 5, s.hints_used)?;
        ws.write_number(row, 6, s.learners_with_hints)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, sheet.exercises.len().max(1) as u32, msg::SUMMARY_HEAD.len() as u16 - 1)?;
    ws.set_column_width(1, 40)?;
    wb.save(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_two_decimals_at_most_and_the_mark_asked_for() {
        assert_eq!(number(3.5, true), "3,5");
        assert_eq!(number(4.0, false), "4");
        assert_eq!(number(3.333, false), "3.33");
        assert_eq!(number(-0.0, true), "0");
    }

    #[test]
    fn sheet_names_are_cut_cleaned_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("Р-21/а", &mut taken), "Р-21а");
        assert_eq!(sheet_name("", &mut taken), msg::NO_GROUP);
        let long = "очень длинное название группы для листа";
        let a = sheet_name(long, &mut taken);
        let b = sheet_name(long, &mut taken);
        assert!(a.chars().count() <= 31 && b.chars().count() <= 31 && a != b, "{a} / {b}");
    }
}
