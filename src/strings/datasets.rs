//! Texts of the datasets and of `crm-workbook dataset generate`.

use std::io;
use std::path::Path;

use super::io_error;

// The seven groups of the loyalty case (seed 000, ПП2).
pub const SEGMENT_NEW: &str = "Новые покупатели";
pub const SEGMENT_LOYAL: &str = "Лояльные";
pub const SEGMENT_VIP: &str = "ВИП-клиенты";
pub const SEGMENT_AT_RISK: &str = "В зоне риска";
pub const SEGMENT_ATTENTION: &str = "Требующие внимания";
pub const SEGMENT_ONE_TIME: &str = "Разовые покупатели";
pub const SEGMENT_SLEEPING: &str = "«Спящие»";
/// The seven groups in the order the seed lists them.
pub const SEVEN_SEGMENTS: [&str; 7] =
    [SEGMENT_NEW, SEGMENT_LOYAL, SEGMENT_VIP, SEGMENT_AT_RISK, SEGMENT_ATTENTION, SEGMENT_ONE_TIME, SEGMENT_SLEEPING];

// Event types of the loyalty programme: both count as a purchase.
pub const EVENT_CODE_ENTRY: &str = "ввод кода с упаковки";
pub const EVENT_POINTS_EXCHANGE: &str = "обмен баллов на скидку";

pub fn create_dir_failed(path: &Path, e: &io::Error) -> String {
    format!("не удалось создать папку «{}»: {}", path.display(), io_error(e))
}

pub fn not_a_directory(path: &Path) -> String {
    format!("«{}» — это файл, а не папка: укажите в --out папку", path.display())
}

pub fn create_file_failed(path: &Path, e: &io::Error) -> String {
    format!("не удалось создать файл «{}»: {}", path.display(), io_error(e))
}

pub fn write_failed(path: &Path, e: &io::Error) -> String {
    format!("ошибка записи в файл «{}»: {}", path.display(), io_error(e))
}

/// A missing required option of `dataset generate`.
pub fn missing_option(option: &str, example: &str) -> String {
    format!("не указан параметр {option} (например, {option} {example})")
}

/// A numeric option out of its range or not a number.
pub fn bad_number(option: &str, value: &str, min: u64, max: u64) -> String {
    format!("{option}: ожидается целое число от {min} до {max}, а указано «{value}»")
}

pub fn unknown_file(name: &str, known: &str) -> String {
    format!("--only: нет такого файла «{name}»; можно: {known}")
}

pub fn generated(dir: &Path) -> String {
    format!("Наборы данных записаны в папку «{}»:", dir.display())
}

/// `  orders.csv — 14 218 строк`
pub fn file_rows(file: &str, rows: u64) -> String {
    format!("  {file:<26} {} {}", thousands(rows), rows_word(rows))
}

pub fn elapsed(seconds: f64, rows_per_second: f64) -> String {
    format!("Готово за {seconds:.1} с ({} строк в секунду).", thousands(rows_per_second as u64))
}

/// `14218` → `14 218`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// «строка», «строки» or «строк» for a count.
pub fn rows_word(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => "строка",
        (2..=4, r) if !(12..=14).contains(&r) => "строки",
        _ => "строк",
    }
}

/// `--layout` not understood (or without orders.csv among the files).
pub fn bad_layout(text: &str) -> String {
    format!(
        "--layout «{text}»: нужно «порядок,номера[,процент в кавычках]» — порядок customer, date или shuffled; \
         номера int, padded, code, uuid, email или phone; файл orders среди создаваемых"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_and_grouping() {
        let cases =
            [(1, "строка"), (2, "строки"), (5, "строк"), (11, "строк"), (12, "строк"), (21, "строка"), (104, "строки")];
        for (n, w) in cases {
            assert_eq!(rows_word(n), w, "{n}");
        }
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_234_567), "1 234 567");
        assert_eq!(thousands(999), "999");
    }
}
