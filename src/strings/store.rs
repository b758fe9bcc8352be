//! Messages about the progress store (the SQLite file that keeps the student, attempts,
//! drafts and hints), and the word for an exercise nobody has tried yet.

use std::path::Path;

/// Status of an exercise without a single checked attempt.
pub const NOT_STARTED: &str = "не начато";

pub fn create_dir(dir: &Path, reason: &str) -> String {
    format!("не удалось создать папку для базы прогресса {}: {reason}", dir.display())
}

pub fn not_a_database(path: &Path) -> String {
    format!(
        "файл {} не является базой прогресса crm-workbook (это не база SQLite, или она повреждена); \
         укажите другой файл в --db или переименуйте этот",
        path.display()
    )
}

pub fn read_only(path: &Path) -> String {
    format!(
        "база прогресса {} доступна только для чтения: ответы некуда сохранить; \
         проверьте права на файл и на его папку или укажите другой файл в --db",
        path.display()
    )
}

pub fn cannot_open(path: &Path, reason: &str) -> String {
    format!("не удалось открыть базу прогресса {}: {reason}", path.display())
}

pub fn cannot_create() -> String {
    "файла нет, и создать его не удалось: нет папки или прав на запись в неё".into()
}

pub fn cannot_write() -> String {
    "файл читается, но открыть его для записи нельзя: проверьте права на файл и на его папку \
     (SQLite пишет рядом с файлом свой журнал)"
        .into()
}

pub fn too_new(path: &Path, found: i64, supported: i64) -> String {
    format!(
        "база прогресса {} создана более новой версией crm-workbook (версия схемы {found}, \
         эта программа понимает не выше {supported}); обновите программу",
        path.display()
    )
}

pub fn busy(path: &Path) -> String {
    format!(
        "база прогресса {} занята другой копией crm-workbook дольше нескольких секунд; попробуйте ещё раз",
        path.display()
    )
}

pub fn disk_full(path: &Path) -> String {
    format!("нет места на диске для базы прогресса {}", path.display())
}

pub fn sqlite(path: &Path, reason: &str) -> String {
    format!("ошибка базы прогресса {}: {reason}", path.display())
}

pub fn corrupt(path: &Path, what: &str) -> String {
    format!("в базе прогресса {} испорчена запись: {what}", path.display())
}

pub fn encode(reason: &str) -> String {
    format!("не удалось записать ответ в базу прогресса: {reason}")
}

pub fn no_data_dir() -> String {
    "не удалось определить папку данных пользователя; укажите файл базы прогресса: --db ПУТЬ".into()
}

/// Data a column holds that this program never writes (e.g. an unknown status).
pub fn bad_column(table: &str, column: &str, value: &str) -> String {
    format!("{table}.{column} = «{value}»")
}
