//! Every string a learner, an instructor or a grader reads, in Russian, in one place:
//! one submodule per area.

pub mod cli;
pub mod course;
pub mod datasets;
pub mod freetext;
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
    match e.kind() {
        io::ErrorKind::NotFound => "файл не найден".into(),
        io::ErrorKind::PermissionDenied => "нет прав на чтение или запись".into(),
        _ => format!("ошибка ввода-вывода: {e}"),
    }
}
