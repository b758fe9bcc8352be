//! Every string a learner, an instructor or a grader reads, in Russian, in one place:
//! one submodule per area.

pub mod cli;
pub mod course;
pub mod datasets;
pub mod freetext;
pub mod grader;
pub mod grading;
pub mod keys;
pub mod list;
pub mod rfm;
pub mod scenario;
pub mod scenario_kind;
pub mod sql;
pub mod sqlite;
pub mod store;
pub mod tui;
pub mod verdict;

use std::io;

/// An I/O error in words a learner understands.
pub fn io_error(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "файл не найден".into(),
        K::PermissionDenied => "нет прав на чтение или запись".into(),
        K::IsADirectory => "это папка, а не файл".into(),
        K::NotADirectory => "часть пути — файл, а не папка".into(),
        K::AlreadyExists => "файл или папка с таким именем уже есть".into(),
        K::StorageFull => "на диске нет места".into(),
        K::ReadOnlyFilesystem => "диск только для чтения".into(),
        K::InvalidData => "файл не в кодировке UTF-8 или повреждён".into(),
        K::UnexpectedEof => "файл обрывается".into(),
        K::InvalidFilename => "недопустимое имя файла".into(),
        K::FileTooLarge => "файл слишком большой".into(),
        _ => format!("ошибка ввода-вывода: {e}"),
    }
}

/// A file larger than a program reads of its kind.
pub fn file_too_large(max: u64) -> String {
    format!("файл больше {} МБ — это не файл такого вида", max.div_ceil(1024 * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_said_in_russian_with_the_system_text_only_as_a_last_resort() {
        let dir = tempfile::tempdir().expect("temp");
        let read_dir = std::fs::read_to_string(dir.path()).expect_err("a folder is not read as a file");
        assert_eq!(io_error(&read_dir), "это папка, а не файл");
        let file = dir.path().join("f");
        std::fs::write(&file, [0xff, 0xfe, 0x00]).expect("write");
        let not_utf8 = std::fs::read_to_string(&file).expect_err("not UTF-8");
        assert_eq!(io_error(&not_utf8), "файл не в кодировке UTF-8 или повреждён");
        let under_file = std::fs::create_dir_all(file.join("x")).expect_err("a file is in the way");
        assert_eq!(io_error(&under_file), "часть пути — файл, а не папка");
        let exists = std::fs::create_dir(&file).expect_err("the name is taken");
        assert_eq!(io_error(&exists), "файл или папка с таким именем уже есть");
        let other = io::Error::other("что-то своё");
        assert_eq!(io_error(&other), "ошибка ввода-вывода: что-то своё");
    }
}
