//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Терминальный практикум по курсу «МДК 01.05 CRM-маркетинг».
#[derive(Debug, Parser)]
#[command(name = "crm-workbook", version, about)]
pub struct Cli {
    /// Папка курса (course.toml и папки модулей) вместо встроенного курса.
    #[arg(long, global = true, value_name = "DIR")]
    pub course: Option<PathBuf>,
    /// Файл базы прогресса (по умолчанию — в папке данных пользователя).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Имя студента: задаёт студента и пропускает вопрос при первом запуске.
    #[arg(long, global = true, value_name = "NAME")]
    pub student: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Проверить курс: синтаксис TOML, поля, ссылки; все ошибки с файлом, строкой и столбцом.
    Validate,
    /// Упражнения курса со статусом и баллами студента.
    List {
        /// Вывести JSON.
        #[arg(long)]
        json: bool,
    },
    /// Проверить файл ответа без интерфейса: код 0 — зачтено, 1 — нет, 2 — ошибка ввода.
    Check {
        /// Id упражнения, например pp1.target-market.
        id: String,
        /// Файл ответа (формат — в docs/authoring.md).
        #[arg(long, value_name = "FILE")]
        answer: PathBuf,
        /// Вывести вердикт в JSON.
        #[arg(long)]
        json: bool,
    },
    /// Наборы данных курса: создание генератором.
    Dataset {
        #[command(subcommand)]
        command: DatasetCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DatasetCommand {
    /// Создать наборы данных курса (CSV и JSONL) генератором: одно и то же зерно и размер
    /// дают побайтно одинаковые файлы.
    Generate {
        /// Зерно генератора: целое число от 0 до 18446744073709551615.
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        seed: Option<String>,
        /// Число клиентов магазина (от 1 до 100 000 000); строк заказов — около 9 на клиента.
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        customers: Option<String>,
        /// Число участников программы лояльности (по умолчанию — половина клиентов).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        participants: Option<String>,
        /// Папка для файлов (создаётся, если её нет; файлы в ней перезаписываются).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Только эти файлы, через запятую (имена без расширения, например orders,order_items);
        /// все имена — в datasets/README.md.
        #[arg(long, value_name = "FILES")]
        only: Option<String>,
    },
}
