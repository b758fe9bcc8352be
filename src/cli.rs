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
    /// RFM-сегментация файла заказов: давность, частота и сумма покупок каждого клиента,
    /// баллы R, F, M и сегмент по модели; --summary — карта продаж по сегментам.
    Rfm(RfmArgs),
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
        /// Раскладка orders.csv для замеров RFM: порядок строк (customer, date, shuffled),
        /// вид номеров клиентов (int, padded, code, uuid, email, phone) и доля строк
        /// в кавычках в процентах, например «shuffled,uuid,10».
        #[arg(long, value_name = "ORDER,IDS[,QUOTED%]", hide = true)]
        layout: Option<String>,
    },
}

/// `crm-workbook rfm`: see README.md («RFM-сегментация»).
#[derive(Debug, clap::Args)]
pub struct RfmArgs {
    /// Файл заказов: CSV с разделителем «,», «;» или табуляцией, UTF-8 (с BOM или без);
    /// «-» — стандартный ввод.
    #[arg(value_name = "ORDERS.csv")]
    pub orders: PathBuf,
    /// Дата отсчёта; по умолчанию — день после последнего заказа. Заказы позже неё не учитываются.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Модель сегментации: встроенная course7 (семь групп кейса ПП2) или classic (десять
    /// сегментов R×F), либо путь к своему файлу модели TOML.
    #[arg(long, value_name = "course7|classic|PATH", default_value = "course7")]
    pub model: String,
    /// Число групп для баллов R, F, M (вместо bins из модели).
    #[arg(long, value_name = "N")]
    pub bins: Option<u32>,
    /// Записать результат в файл, а не в стандартный вывод.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Формат вывода: csv (по умолчанию) или json; карта продаж без --format — таблица.
    #[arg(long, value_enum)]
    pub format: Option<RfmFormat>,
    /// Вывести карту продаж по сегментам вместо строк клиентов.
    #[arg(long)]
    pub summary: bool,
    /// Пропускать строки с ошибками (их число — в примечании), а не останавливаться.
    #[arg(long)]
    pub skip_bad: bool,
    /// Столбец с номером клиента.
    #[arg(long, value_name = "NAME", default_value = "customer_id")]
    pub customer_col: String,
    /// Столбец с датой заказа.
    #[arg(long, value_name = "NAME", default_value = "order_date")]
    pub date_col: String,
    /// Столбец с суммой заказа.
    #[arg(long, value_name = "NAME", default_value = "amount")]
    pub amount_col: String,
    /// Столбец с номером заказа (по умолчанию order_id, если он есть; без него частота —
    /// число строк).
    #[arg(long, value_name = "NAME")]
    pub order_col: Option<String>,
    /// Потоков чтения (по умолчанию — по числу ядер).
    #[arg(long, value_name = "N", hide = true)]
    pub threads: Option<usize>,
    /// Показывать ход чтения в stderr, даже если это не терминал (в терминале — всегда).
    #[arg(long)]
    pub progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RfmFormat {
    Csv,
    Json,
}
