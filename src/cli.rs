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
    /// Сдать работу: записать файл сдачи (JSON со всеми попытками) для преподавателя.
    Submit {
        /// Куда записать (по умолчанию — сдача-ГРУППА-ИМЯ.json в текущей папке).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Для преподавателя: журнал оценок — импорт сдач, перепроверка, проверка, выгрузки, отзывы.
    Grade(GradeArgs),
    /// Отзывы преподавателя в практикуме студента.
    Feedback {
        #[command(subcommand)]
        command: FeedbackCommand,
    },
}

#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// Файл журнала оценок (по умолчанию — gradebook.db в папке данных пользователя).
    #[arg(long, global = true, value_name = "PATH")]
    pub gradebook: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<GradeCommand>,
}

#[derive(Debug, Subcommand)]
pub enum GradeCommand {
    /// Импортировать файлы сдачи: каждый ответ перепроверяется курсом преподавателя (--course).
    Import {
        #[arg(value_name = "BUNDLE", required = true)]
        bundles: Vec<PathBuf>,
        /// Кто импортирует (по умолчанию — имя пользователя системы).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// Перепроверить весь журнал текущим курсом (после исправления ключа) и перечислить изменения.
    Regrade {
        /// Только показать, какие баллы изменятся, не меняя журнал.
        #[arg(long)]
        dry_run: bool,
    },
    /// Студенты журнала: итог, процент, оценка.
    List,
    /// Очередь проверки: попытки, ждущие преподавателя.
    Queue,
    /// Оценить ответ студента по критериям и оставить комментарий (отзывы не изменяются и не удаляются).
    Review {
        /// Студент: id, имя или «имя (группа)».
        student: String,
        /// Id упражнения.
        exercise: String,
        /// Баллы по критерию: КРИТЕРИЙ=БАЛЛЫ (можно повторять; десятичная запятая или точка).
        #[arg(long = "points", value_name = "КРИТЕРИЙ=БАЛЛЫ")]
        points: Vec<String>,
        /// Комментарий студенту.
        #[arg(long, default_value = "")]
        comment: String,
        /// Кто проверяет (по умолчанию — имя пользователя системы).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// Возможное списывание: почти одинаковые тексты и SQL, одинаковые ответы при разных вариантах.
    Copies,
    /// Выгрузить оценки: csv (Excel), xlsx, json, moodle.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormatArg,
        /// Только эта группа.
        #[arg(long, value_name = "G")]
        group: Option<String>,
        /// Простой CSV (UTF-8 без BOM, «,», десятичная точка) вместо CSV для Excel.
        #[arg(long)]
        plain: bool,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Записать по файлу отзыва на студента (баллы, проверки, комментарии).
    Feedback {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormatArg {
    Csv,
    Xlsx,
    Json,
    Moodle,
}

#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// Загрузить файл отзыва преподавателя в базу прогресса.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
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

/// `crm-workbook rfm`: see README.md («RFM-сегментация»).
#[derive(Debug, clap::Args)]
pub struct RfmArgs {
    /// Файл заказов: CSV с разделителем «,», «;» или табуляцией, UTF-8 (с BOM или без).
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RfmFormat {
    Csv,
    Json,
}
