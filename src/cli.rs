//! The command line. Help and errors speak Russian: clap's own help and version flags are
//! replaced by Russian ones, every command gets a Russian help template and usage line
//! ([`command`]), and parse errors are rendered from their kind by
//! [`crate::strings::cli::Russian`].

use std::path::PathBuf;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::strings::cli as msg;

/// Терминальный практикум по курсу «МДК 01.05 CRM-маркетинг».
#[derive(Debug, Parser)]
#[command(
    name = "crm-workbook",
    version,
    about,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Папка курса (course.toml и папки модулей) вместо встроенного курса.
    #[arg(long, value_name = "ПАПКА")]
    pub course: Option<PathBuf>,
    /// Файл базы прогресса (по умолчанию — в папке данных пользователя).
    #[arg(long, value_name = "ПУТЬ")]
    pub db: Option<PathBuf>,
    /// Имя студента: задаёт студента и пропускает вопрос при первом запуске.
    #[arg(long, value_name = "ИМЯ")]
    pub student: Option<String>,
    /// Группа студента — вместе с --student, при первом запуске.
    #[arg(long, value_name = "ГРУППА", requires = "student")]
    pub group: Option<String>,
    /// Показать эту справку.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, display_order = 1000)]
    help: Option<bool>,
    /// Показать версию программы.
    #[arg(short = 'V', long = "version", action = ArgAction::Version, display_order = 1001)]
    version: Option<bool>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the course and the learner's progress come from, for the commands that read
/// them; given after the command or, as before, before it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Progress {
    /// Папка курса вместо встроенного курса.
    #[arg(long, value_name = "ПАПКА")]
    pub course: Option<PathBuf>,
    /// Файл базы прогресса (по умолчанию — в папке данных пользователя).
    #[arg(long, value_name = "ПУТЬ")]
    pub db: Option<PathBuf>,
    /// Имя студента: чьи варианты и баллы (по умолчанию — студент из базы прогресса).
    #[arg(long, value_name = "ИМЯ")]
    pub student: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Проверить курс: синтаксис TOML, поля, ссылки; все ошибки с файлом, строкой и столбцом.
    Validate {
        /// Папка курса вместо встроенного курса.
        #[arg(long, value_name = "ПАПКА")]
        course: Option<PathBuf>,
    },
    /// Упражнения курса со статусом и баллами студента.
    List {
        #[command(flatten)]
        progress: Progress,
        /// Вывести JSON.
        #[arg(long)]
        json: bool,
    },
    /// Проверить файл ответа без интерфейса: код 0 — зачтено, 1 — нет, 2 — ошибка ввода.
    Check {
        /// Id упражнения, например pp1.target-market.
        #[arg(value_name = "ID")]
        id: String,
        /// Файл ответа: у sql — файл .sql (части — после строк «-- part: ID»), у остальных
        /// видов — TOML ([cells], selected, order, value или модель RFM); форматы —
        /// README.md, раздел «Файлы ответов для check».
        #[arg(long, value_name = "ФАЙЛ")]
        answer: PathBuf,
        #[command(flatten)]
        progress: Progress,
        /// Вывести вердикт в JSON.
        #[arg(long)]
        json: bool,
    },
    /// RFM-сегментация файла заказов: давность, частота и сумма покупок каждого клиента,
    /// баллы R, F, M и сегмент по модели; --summary — карта продаж по сегментам.
    Rfm(RfmArgs),
    /// Сценарии рассылок: проверить файл сценария или «запустить» его на данных курса.
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Наборы данных курса: создание генератором.
    Dataset {
        #[command(subcommand)]
        command: DatasetCommand,
    },
    /// Сдать работу: записать файл сдачи (JSON со всеми попытками) для преподавателя.
    Submit {
        #[command(flatten)]
        progress: Progress,
        /// Куда записать (по умолчанию — сдача-ГРУППА-ИМЯ.json в текущей папке).
        #[arg(long, value_name = "ФАЙЛ")]
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
    #[arg(long, global = true, value_name = "ПУТЬ")]
    pub gradebook: Option<PathBuf>,
    /// Папка курса преподавателя, которым перепроверяются ответы, вместо встроенного курса.
    #[arg(long, global = true, value_name = "ПАПКА")]
    pub course: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<GradeCommand>,
}

#[derive(Debug, Subcommand)]
pub enum GradeCommand {
    /// Импортировать файлы сдачи: каждый ответ перепроверяется курсом преподавателя (--course).
    Import {
        /// Файлы сдачи студентов (JSON), папки с ними (берутся все *.json папки) или шаблоны вида сдачи/*.json.
        #[arg(value_name = "ФАЙЛ", required = true)]
        bundles: Vec<PathBuf>,
        /// Кто импортирует (по умолчанию — имя пользователя системы).
        #[arg(long, value_name = "ИМЯ")]
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
        #[arg(value_name = "СТУДЕНТ")]
        student: String,
        /// Id упражнения.
        #[arg(value_name = "ID")]
        exercise: String,
        /// Баллы по критерию: КРИТЕРИЙ=БАЛЛЫ, по каждому критерию упражнения (имя без учёта регистра и ё/е; десятичная запятая или точка).
        #[arg(long = "points", value_name = "КРИТЕРИЙ=БАЛЛЫ")]
        points: Vec<String>,
        /// Комментарий студенту.
        #[arg(long, value_name = "ТЕКСТ", default_value = "", hide_default_value = true)]
        comment: String,
        /// Кто проверяет (по умолчанию — имя пользователя системы).
        #[arg(long, value_name = "ИМЯ")]
        by: Option<String>,
    },
    /// Возможное списывание: почти одинаковые тексты и SQL, одинаковые ответы при разных вариантах.
    Copies,
    /// Выгрузить оценки: csv (Excel), xlsx, json, moodle.
    Export {
        /// Формат: csv (для Excel), xlsx, json или moodle.
        #[arg(long, value_enum, value_name = "csv|xlsx|json|moodle", hide_possible_values = true)]
        format: ExportFormatArg,
        /// Только эта группа.
        #[arg(long, value_name = "ГРУППА")]
        group: Option<String>,
        /// Простой CSV (UTF-8 без BOM, «,», десятичная точка) вместо CSV для Excel.
        #[arg(long)]
        plain: bool,
        /// Файл выгрузки.
        #[arg(long, value_name = "ФАЙЛ")]
        out: PathBuf,
    },
    /// Записать по файлу отзыва на студента (баллы, проверки, комментарии).
    Feedback {
        /// Папка для файлов отзывов (создаётся, если её нет).
        #[arg(long, value_name = "ПАПКА")]
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
        /// Файл отзыва от преподавателя (JSON).
        #[arg(value_name = "ФАЙЛ")]
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
        #[arg(long, value_name = "ПАПКА")]
        out: Option<PathBuf>,
        /// Только эти файлы, через запятую (имена без расширения, например orders,order_items);
        /// все имена — в datasets/README.md.
        #[arg(long, value_name = "ФАЙЛЫ")]
        only: Option<String>,
        /// Раскладка orders.csv для замеров RFM: порядок строк (customer, date, shuffled),
        /// вид номеров клиентов (int, padded, code, uuid, email, phone) и доля строк
        /// в кавычках в процентах, например «shuffled,uuid,10».
        #[arg(long, value_name = "ORDER,IDS[,QUOTED%]", hide = true)]
        layout: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Проверить файл сценария: все ошибки в виде путь:строка:столбец: сообщение.
    Check {
        /// Файл сценария (TOML, формат — в docs/scenarios.md).
        file: PathBuf,
    },
    /// «Запустить» сценарий: прогнать его по данным магазина с моделью поведения клиентов.
    Run(ScenarioRunArgs),
}

/// `crm-workbook scenario run`: see docs/scenarios.md.
#[derive(Debug, clap::Args)]
pub struct ScenarioRunArgs {
    /// Файл сценария.
    pub file: PathBuf,
    /// Папка с данными магазина (customers.csv, orders.csv, campaign_sends.csv,
    /// site_events.jsonl); по умолчанию — данные курса.
    #[arg(long, value_name = "ПАПКА")]
    pub data: Option<PathBuf>,
    /// Первый день периода (по умолчанию — 2024-07-01, последний год данных курса).
    #[arg(long, value_name = "ГГГГ-ММ-ДД")]
    pub from: Option<String>,
    /// Последний день периода (по умолчанию — 2025-06-30).
    #[arg(long, value_name = "ГГГГ-ММ-ДД")]
    pub to: Option<String>,
    /// Зерно модели поведения: тот же сценарий, данные и зерно дают те же результаты.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = whole_number::<u64>)]
    pub seed: u64,
    /// Записать таблицы для Power BI (events, customers, steps, dates, daily) в папку.
    #[arg(long, value_name = "ПАПКА")]
    pub out: Option<PathBuf>,
    /// Записать те же таблицы одной книгой Excel: по листу на таблицу, заголовок закреплён,
    /// с фильтрами, числа — числами, даты — датами.
    #[arg(long, value_name = "ФАЙЛ.xlsx")]
    pub xlsx: Option<PathBuf>,
    /// Вывести сводку: воронку, причины неотправки, выходы, метрики и цель.
    #[arg(long)]
    pub summary: bool,
    /// Вывести путь одного клиента по сценарию.
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
    /// Потоков (по умолчанию — по числу ядер).
    #[arg(long, value_name = "N", hide = true, value_parser = whole_number::<usize>)]
    pub threads: Option<usize>,
}

/// `crm-workbook rfm`: see README.md («RFM-сегментация»).
#[derive(Debug, clap::Args)]
pub struct RfmArgs {
    /// Файл заказов: CSV с разделителем «,», «;» или табуляцией, UTF-8 (с BOM или без);
    /// «-» — стандартный ввод.
    #[arg(value_name = "ЗАКАЗЫ.csv")]
    pub orders: PathBuf,
    /// Дата отсчёта; по умолчанию — день после последнего заказа. Заказы позже неё не учитываются.
    #[arg(long, value_name = "ГГГГ-ММ-ДД")]
    pub as_of: Option<String>,
    /// Модель сегментации: встроенная course7 (семь групп кейса ПП2, по умолчанию) или
    /// classic (десять сегментов R×F), либо путь к своему файлу модели TOML.
    #[arg(long, value_name = "course7|classic|ФАЙЛ", default_value = "course7", hide_default_value = true)]
    pub model: String,
    /// Число групп для баллов R, F, M (вместо числа групп из модели).
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = whole_number::<u32>)]
    pub bins: Option<u32>,
    /// Записать результат в файл, а не в стандартный вывод.
    #[arg(long, value_name = "ПУТЬ")]
    pub out: Option<PathBuf>,
    /// Формат вывода: csv (по умолчанию) или json; карта продаж без --format — таблица.
    #[arg(long, value_enum, value_name = "csv|json", hide_possible_values = true)]
    pub format: Option<RfmFormat>,
    /// Вывести карту продаж по сегментам вместо строк клиентов.
    #[arg(long)]
    pub summary: bool,
    /// Пропускать строки с ошибками (их число — в примечании), а не останавливаться.
    #[arg(long)]
    pub skip_bad: bool,
    /// Столбец с номером клиента (по умолчанию customer_id).
    #[arg(long, value_name = "ИМЯ", default_value = "customer_id", hide_default_value = true)]
    pub customer_col: String,
    /// Столбец с датой заказа (по умолчанию order_date).
    #[arg(long, value_name = "ИМЯ", default_value = "order_date", hide_default_value = true)]
    pub date_col: String,
    /// Столбец с суммой заказа (по умолчанию amount).
    #[arg(long, value_name = "ИМЯ", default_value = "amount", hide_default_value = true)]
    pub amount_col: String,
    /// Столбец с номером заказа (по умолчанию order_id, если он есть; без него частота —
    /// число строк).
    #[arg(long, value_name = "ИМЯ")]
    pub order_col: Option<String>,
    /// Потоков чтения (по умолчанию — по числу ядер).
    #[arg(long, value_name = "N", hide = true, value_parser = whole_number::<usize>)]
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

/// A whole number from the command line, with a Russian message when it is not one.
fn whole_number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.trim().parse().map_err(|_| msg::not_a_whole_number(text))
}

/// The command with Russian help: a template and a usage line for every (sub)command.
pub fn command() -> clap::Command {
    let top = Cli::command().help_template(msg::help_template(false, true)).override_usage(msg::USAGE_TOP);
    top.mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        let positionals = sub.get_positionals().next().is_some();
        let subcommands = sub.has_subcommands();
        let sub = sub
            .help_template(msg::help_template(positionals, subcommands))
            .override_usage(msg::usage(&name))
            .subcommand_value_name(msg::COMMAND_VALUE)
            .subcommand_help_heading(msg::COMMANDS_HEADING);
        sub.mut_subcommands(|leaf| {
            let leaf_name = format!("{name} {}", leaf.get_name());
            let positionals = leaf.get_positionals().next().is_some();
            leaf.help_template(msg::help_template(positionals, false)).override_usage(msg::usage(&leaf_name))
        })
    })
}

impl Cli {
    /// Reads the command line; `Err` is a Russian error (or the help or version text,
    /// which [`clap::Error::exit`] prints to stdout with status 0).
    pub fn try_parse_russian<I, T>(args: I) -> Result<Cli, clap::error::Error<msg::Russian>>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = command().try_get_matches_from(args).map_err(clap::Error::apply::<msg::Russian>)?;
        Cli::from_arg_matches(&matches).map_err(clap::Error::apply::<msg::Russian>)
    }

    /// The options of a command that reads the course and the progress, given after it,
    /// take the place of those given before it; `Err` names an option given before a
    /// command that does not use it.
    pub fn resolved(mut self) -> Result<Cli, String> {
        match &mut self.command {
            Some(Command::Validate { course }) => {
                if self.student.is_some() {
                    return Err(msg::option_not_for("--student", "validate"));
                }
                self.course = course.take().or(self.course);
            }
            Some(
                Command::List { progress, .. } | Command::Check { progress, .. } | Command::Submit { progress, .. },
            ) => {
                let p = std::mem::take(progress);
                self.course = p.course.or(self.course);
                self.db = p.db.or(self.db);
                self.student = p.student.or(self.student);
            }
            Some(Command::Grade(args)) => {
                for (given, option) in [(self.student.is_some(), "--student"), (self.db.is_some(), "--db")] {
                    if given {
                        return Err(msg::option_not_for(option, "grade"));
                    }
                }
                self.course = args.course.take().or(self.course);
            }
            Some(Command::Feedback { .. }) => {
                for (given, option) in [(self.student.is_some(), "--student"), (self.course.is_some(), "--course")] {
                    if given {
                        return Err(msg::option_not_for(option, "feedback"));
                    }
                }
            }
            Some(Command::Rfm(_)) | Some(Command::Dataset { .. }) | Some(Command::Scenario { .. }) => {
                let name = match self.command {
                    Some(Command::Rfm(_)) => "rfm",
                    Some(Command::Scenario { .. }) => "scenario",
                    _ => "dataset",
                };
                if self.student.is_some() {
                    return Err(msg::option_not_for("--student", name));
                }
                if self.course.is_some() {
                    return Err(msg::option_not_for("--course", name));
                }
            }
            None => {}
        }
        Ok(self)
    }
}
