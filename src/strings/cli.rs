//! The command line's help and errors, in Russian: help templates and usage lines for
//! every command, and [`Russian`], which renders clap's parse errors from their kind and
//! context instead of clap's English text.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};

pub const COMMAND_VALUE: &str = "КОМАНДА";
pub const COMMANDS_HEADING: &str = "Команды";
pub const USAGE_TOP: &str = "crm-workbook [ПАРАМЕТРЫ] [КОМАНДА]";

/// The usage line of a command, `name` as typed after `crm-workbook` («dataset generate»).
pub fn usage(name: &str) -> String {
    let rest = match name {
        "validate" => "[--course ПАПКА]",
        "check" => "ID --answer ФАЙЛ [ПАРАМЕТРЫ]",
        "rfm" => "ЗАКАЗЫ.csv [ПАРАМЕТРЫ]",
        "dataset" => "КОМАНДА",
        _ => "[ПАРАМЕТРЫ]",
    };
    format!("crm-workbook {name} {rest}")
}

/// A help page: what the command does, its usage, its commands and arguments if it has
/// them, its options.
pub fn help_template(positionals: bool, subcommands: bool) -> String {
    let mut t = String::from("{about-with-newline}\nИспользование: {usage}\n");
    if subcommands {
        t.push_str("\nКоманды:\n{subcommands}\n");
    }
    if positionals {
        t.push_str("\nАргументы:\n{positionals}\n");
    }
    t.push_str("\nПараметры:\n{options}\n");
    t
}

pub fn not_a_whole_number(text: &str) -> String {
    format!("«{text}» — не целое неотрицательное число")
}

pub fn option_not_for(option: &str, command: &str) -> String {
    format!("ошибка: параметр {option} не относится к команде {command}")
}

/// Renders clap's errors in Russian. Help and version pages arrive already written (from
/// the Russian templates) and are printed as they are.
pub struct Russian;

impl ErrorFormatter for Russian {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut text = format!("ошибка: {}", message(error));
        for tip in tips(error) {
            text.push_str(&format!("\n\n  подсказка: {tip}"));
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.trim_start().strip_prefix("Usage:").unwrap_or(&usage).trim();
            text.push_str(&format!("\n\nИспользование: {usage}"));
        }
        text.push_str("\n\nСправка: --help.\n");
        StyledStr::from(text)
    }
}

fn string(error: &clap::error::Error<Russian>, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

fn strings(error: &clap::error::Error<Russian>, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::Strings(list)) => list.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn quoted_list(items: &[String]) -> String {
    items.iter().map(|i| format!("«{i}»")).collect::<Vec<_>>().join(", ")
}

/// «a», «b» или «c».
fn alternatives(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("«{one}»"),
        [init @ .., last] => format!("{} или «{last}»", quoted_list(init)),
    }
}

/// What went wrong, by the error's kind.
fn message(error: &clap::error::Error<Russian>) -> String {
    let arg = string(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(error, ContextKind::InvalidValue).unwrap_or_default();
    let source = std::error::Error::source(error).map(|s| s.to_string());
    match error.kind() {
        ErrorKind::UnknownArgument => format!("неизвестный аргумент «{arg}»"),
        ErrorKind::InvalidSubcommand => {
            format!("неизвестная команда «{}»", string(error, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("у параметра {arg} не указано значение"),
        ErrorKind::InvalidValue => {
            let valid = strings(error, ContextKind::ValidValue);
            let valid = if valid.is_empty() {
                String::new()
            } else {
                format!(" (допустимо: {})", quoted_list(&valid))
            };
            format!("неверное значение «{value}» для {arg}{valid}")
        }
        ErrorKind::ValueValidation => match source {
            Some(why) => format!("неверное значение «{value}» для {arg}: {why}"),
            None => format!("неверное значение «{value}» для {arg}"),
        },
        ErrorKind::MissingRequiredArgument => {
            format!("не указаны обязательные аргументы: {}", strings(error, ContextKind::InvalidArg).join(", "))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let valid = strings(error, ContextKind::ValidSubcommand);
            let name = string(error, ContextKind::InvalidSubcommand).unwrap_or_else(|| "crm-workbook".into());
            if valid.is_empty() {
                format!("после «{name}» нужна команда")
            } else {
                format!("после «{name}» нужна команда: {}", quoted_list(&valid))
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = string(error, ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                format!("параметр {arg} указан больше одного раза")
            } else {
                format!("параметр {arg} нельзя указывать вместе с {prior}")
            }
        }
        ErrorKind::TooManyValues => format!("лишнее значение «{value}» для {arg}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("неверное число значений для {arg}"),
        ErrorKind::NoEquals => format!("значение {arg} пишется через знак «=»"),
        ErrorKind::InvalidUtf8 => "аргумент — не текст в UTF-8".to_owned(),
        ErrorKind::Io | ErrorKind::Format => match source {
            Some(why) => format!("не удалось вывести текст: {why}"),
            None => "не удалось вывести текст".to_owned(),
        },
        // Help and version are written by clap from the Russian templates; any other
        // kind a later clap may add is named by its message.
        _ => source.unwrap_or_else(|| "неверная командная строка".to_owned()),
    }
}

/// What to try instead: a close argument, command or value.
fn tips(error: &clap::error::Error<Russian>) -> Vec<String> {
    let mut tips = Vec::new();
    let suggested = |kind| strings(error, kind);
    let subcommands = suggested(ContextKind::SuggestedSubcommand);
    if !subcommands.is_empty() {
        tips.push(format!("может быть, команда {}?", alternatives(&subcommands)));
    }
    let args = suggested(ContextKind::SuggestedArg);
    if !args.is_empty() {
        tips.push(format!("может быть, {}?", alternatives(&args)));
    }
    let values = suggested(ContextKind::SuggestedValue);
    if !values.is_empty() {
        tips.push(format!("может быть, {}?", alternatives(&values)));
    }
    if let Some(ContextValue::StyledStrs(extra)) = error.get(ContextKind::Suggested) {
        for tip in extra {
            let tip = tip.to_string();
            // clap's tips are English: «to pass 'X' as a value, use '-- X'» and «'sub --x' exists».
            if let Some(rest) = tip.strip_prefix("to pass '")
                && let Some((value, _)) = rest.split_once('\'')
            {
                tips.push(format!("чтобы передать «{value}» как значение, поставьте перед ним «--»"));
            } else if let Some(rest) = tip.strip_prefix('\'')
                && let Some((what, _)) = rest.split_once('\'')
            {
                tips.push(format!("такой параметр есть у команды: «{what}»"));
            }
        }
    }
    tips
}
