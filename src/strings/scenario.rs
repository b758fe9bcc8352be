//! Texts of trigger scenarios: the file's checks, the simulator, `crm-workbook scenario`
//! and the `scenario` kind's findings.

use crate::scenario::vocab::{
    Estimate, EventKind, ExitReason, Field, FieldType, Goal, GoalStatus, GoalUnit, Metric, Rates, Reason,
};

// Conditions.
pub const CONDITION_EMPTY: &str = "пустое условие";
pub const CONDITION_TRAILING: &str = "лишнее после конца условия (между частями нужно and или or)";
pub const CONDITION_BANG: &str = "«!» бывает только в «!=»";
pub const CONDITION_UNCLOSED: &str = "кавычка не закрыта";
pub const CONDITION_NO_CLOSE: &str = "не хватает закрывающей скобки «)»";
pub const CONDITION_TOO_DEEP: &str = "слишком глубокая вложенность скобок и not (не больше 32)";
pub const CONDITION_NEEDS_FIELD: &str = "здесь ожидалось поле клиента, например orders или city";
pub const CONDITION_NEEDS_VALUE: &str = "после сравнения нужно значение: число или текст в кавычках";

pub fn condition_too_long(max: usize) -> String {
    format!("условие длиннее {max} байт")
}

pub fn condition_bad_number(t: &str) -> String {
    format!("не число: «{t}»")
}

pub fn condition_bad_char(c: char) -> String {
    format!("непонятный знак «{c}»")
}

pub fn unknown_field(name: &str) -> String {
    let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    let close = keys.iter().map(|k| (strsim::osa_distance(&name.to_lowercase(), k), *k)).min();
    match close {
        Some((d, k)) if d <= 3 => format!("в данных нет поля «{name}» — может быть, {k}? Поля: {}", keys.join(", ")),
        _ => format!("в данных нет поля «{name}»; поля: {}", keys.join(", ")),
    }
}

pub fn condition_needs_op(field: &str) -> String {
    format!("после {field} нужно сравнение: =, !=, <, <=, >, >= (или contains для списков)")
}

pub fn condition_type(field: &str, ty: FieldType) -> String {
    match ty {
        FieldType::Number => format!("{field} — число: сравнивайте с числом (=, !=, <, <=, >, >=)"),
        FieldType::Flag => format!("{field} — да/нет: пишите {field}, not {field} или {field} = 1"),
        FieldType::Text => format!("{field} — текст: сравнивайте = или != с текстом в кавычках"),
        FieldType::List => format!("{field} — список: пишите {field} contains \"значение\""),
    }
}

pub fn unknown_group(group: &str, groups: &[String]) -> String {
    let list: Vec<String> = groups.iter().map(|g| format!("«{g}»")).collect();
    format!("в модели RFM нет группы «{group}»; группы: {}", list.join(", "))
}

pub fn unknown_rfm_model(name: &str) -> String {
    format!(
        "нет модели RFM «{name}»: уберите rfm_model — по умолчанию берутся семь групп ПП2; классические группы — rfm_model = \"classic\""
    )
}

// The file.
pub const NO_STEPS: &str = "в сценарии нет шагов: нужен хотя бы один [[step]]";
pub const BAD_CONTROL: &str = "control_percent — доля контрольной группы в процентах, от 0 до 50";
pub const BAD_REENTRY_DAYS: &str = "при reentry = \"after_days\" нужно reentry_days — целое число дней от 1 до 3650";
pub const BAD_CAP_MESSAGES: &str = "cap.messages — сколько сообщений можно за период, целое от 1 до 1000";
pub const BAD_CAP_DAYS: &str = "cap.days — период ограничения в днях, целое от 1 до 365";
pub const QUIET_EMPTY: &str = "тихие часы: начало и конец совпадают";
pub const BAD_CHANGE: &str = "change — на сколько должна измениться метрика: число больше 0 (не больше 1000)";
pub const POINTS_NOT_RATE: &str =
    "unit = \"pp\" (процентные пункты) — только для долей: conversion, repeat_conversion; для остальных — \"%\"";
pub const BAD_PERIOD: &str = "period_days — срок цели в днях, целое от 1 до 365";
pub const BAD_ORDER_NUMBER: &str = "number — номер заказа клиента, целое от 1 до 1000";
pub const BAD_CART_HOURS: &str =
    "hours — через сколько часов без заказа корзина считается брошенной, целое от 1 до 168";
pub const NEGATIVE_WAIT: &str = "ожидание не может быть отрицательным";
pub const WAIT_TOO_LONG: &str = "ожидание длиннее 10 лет";
pub const WAIT_NEEDS: &str = "шаг wait: укажите days, hours или minutes, until = \"ЧЧ:ММ\" или event с тайм-аутом";
pub const UNTIL_AND_DURATION: &str = "until (время суток) не сочетается с days/hours/minutes";
pub const EVENT_NEEDS_TIMEOUT: &str =
    "ожидание события: сколько ждать (days, hours или minutes, больше нуля) — это тайм-аут";
pub const SUBJECT_EMAIL_ONLY: &str = "тема (subject) бывает только у письма (channel = \"email\")";
pub const BAD_DISCOUNT: &str = "discount — скидка в процентах, целое от 1 до 90";
pub const DISCOUNT_WITHOUT_OFFER: &str = "discount задают вместе с offer = \"discount\"";
pub const PLACEHOLDER_UNCLOSED: &str = "фигурная скобка «{» не закрыта";
pub const DISCOUNT_PLACEHOLDER: &str = "{скидка} — только в сообщении с offer = \"discount\"";
pub const SPLIT_NEEDS_TWO: &str = "A/B-тест: нужно не меньше двух вариантов (variants)";
pub const BAD_SHARE: &str = "share — доля варианта в процентах, больше нуля";

pub fn shares_sum(total: f64) -> String {
    format!("доли вариантов в сумме {total} %, а должны — 100 %")
}

pub fn unknown_value(field: &str, value: &str, allowed: &[&str]) -> String {
    format!("{field} = «{value}»: допустимо {}", allowed.join(", "))
}

pub fn unknown_metric(name: &str, goal: bool) -> String {
    let list: Vec<&str> = Metric::ALL.iter().filter(|m| !goal || m.is_goal()).map(|m| m.key()).collect();
    format!("неизвестная метрика «{name}»; из списка: {}", list.join(", "))
}

pub fn not_a_goal(name: &str) -> String {
    format!(
        "{name} — показатель рассылки, его не с чем сравнить в контрольной группе (ей ничего не отправляют); цель — метрика покупок: conversion, repeat_conversion, repeat_purchases, orders, revenue, average_check"
    )
}

pub fn bad_trigger_days(lo: i64, hi: i64) -> String {
    format!("days — целое от {lo} до {hi}")
}

pub fn trigger_needs(field: &str) -> String {
    format!("у этого триггера нужно поле {field}")
}

pub fn field_not_for(what: &str, field: &str, kind: &str) -> String {
    match what {
        "trigger" => format!("поле {field} не относится к триггеру «{kind}»"),
        _ => format!("поле {field} не относится к шагу типа «{kind}»"),
    }
}

pub fn bad_time(t: &str) -> String {
    format!("«{t}» — не время суток: пишите ЧЧ:ММ, например 09:00")
}

pub fn too_many_steps(n: usize, max: usize) -> String {
    format!("в сценарии {n} шагов, а можно не больше {max}: здесь начинается лишний")
}

pub fn bad_step_id(id: &str) -> String {
    format!("id шага «{id}»: нужен непустой id без пробелов, не «end» (это слово значит «конец сценария»)")
}

pub fn duplicate_step(id: &str) -> String {
    format!("шаг с id «{id}» уже есть")
}

pub fn unknown_step(id: &str) -> String {
    format!("нет шага с id «{id}» (конец сценария — \"end\")")
}

pub fn not_a_send(id: &str) -> String {
    format!("шаг «{id}» не отправляет сообщение: открытия и переходы бывают только у шагов send")
}

pub fn step_needs(field: &str) -> String {
    format!("у шага нужно поле {field}")
}

pub fn unknown_channel(c: &str) -> String {
    format!("канала «{c}» нет в данных: в рассылках магазина есть email, sms и push")
}

pub fn unknown_placeholder(name: &str, known: &[&str]) -> String {
    let list: Vec<String> = known.iter().map(|k| format!("{{{k}}}")).collect();
    format!("подстановка {{{name}}} неизвестна; есть {}", list.join(", "))
}

pub fn cycle(from: &str, to: &str) -> String {
    format!("цикл: из шага «{from}» сценарий возвращается к шагу «{to}», и клиент ходил бы по кругу")
}

pub fn unreachable(id: &str) -> String {
    format!("до шага «{id}» сценарий никогда не доходит: на него не ведёт ни один шаг")
}

// Data.
pub const INTERNAL: &str = "внутренняя ошибка чтения данных";
pub const LINE_TOO_LONG: &str = "строка длиннее 64 МБ: вероятно, не закрыта кавычка";
pub const EMPTY_DATA_FILE: &str = "файл пуст: нужна строка заголовка";
pub const BAD_SITE_LINE: &str = "строка журнала не похожа на событие: нужны ключи ts, visitor_id и event";

pub fn missing_file(name: &str) -> String {
    format!("нет файла {name} в папке данных")
}

pub fn no_column(name: &str) -> String {
    format!("нет столбца «{name}»")
}

pub fn bad_id(t: &str) -> String {
    format!("не номер клиента: «{t}»")
}

pub fn channel_without_data(channel: &str) -> String {
    format!(
        "в данных нет ни одной отправки по каналу {channel}: вероятности открытия и перехода не из чего оценить — выберите другой канал"
    )
}

// The run.
pub fn summary_head(name: &str, from: &str, to: &str, customers: u64) -> String {
    let name = if name.is_empty() { "Сценарий".to_owned() } else { format!("Сценарий «{name}»") };
    format!("{name}: период {from} — {to}, клиентов в данных {customers}")
}

pub fn summary_entries(entries: u64, customers: u64, control: u64, control_customers: u64) -> String {
    format!(
        "Входов в сценарий: {entries} (клиентов {customers}); контрольная группа: {control} входов (клиентов {control_customers}) — им ничего не отправлялось"
    )
}

pub fn summary_reach(reached: u64, target: u64, share: f64) -> String {
    format!(
        "Охват целевого сегмента: {reached} из {target} клиентов ({share:.1} %) получили хотя бы одно сообщение (без контрольной группы)"
    )
}

pub const SUMMARY_STEPS: &str = "Воронка по шагам:";
pub const SUMMARY_STEPS_HEAD: &str =
    "шаг                тип        вошли  отправл.  не отпр.  открыли  перешли   покупки        выручка";
pub const SUMMARY_SUPPRESSED: &str = "Не отправлено — почему:";
pub const SUMMARY_EXITS: &str = "Выходы из сценария:";

pub fn summary_window(days: i64, attribution: i64) -> String {
    format!(
        "Результат за {days} дн. после входа (покупки приписываются сообщению, если были в течение {attribution} дн. после открытия, перехода или SMS); разница с контрольной группой — с 95-процентным доверительным интервалом:"
    )
}

pub fn reason(r: Reason) -> &'static str {
    match r {
        Reason::NoConsent => "нет согласия на обработку ПД",
        Reason::NoContact => "нет адреса или телефона",
        Reason::NotSubscribed => "не подписан на канал",
        Reason::QuietHours => "тихие часы (пропущено)",
        Reason::Cap => "ограничение частоты",
    }
}

pub fn exit_reason(r: ExitReason) -> &'static str {
    match r {
        ExitReason::Goal => "цель достигнута (покупка)",
        ExitReason::Unsubscribe => "отписался",
        ExitReason::Completed => "прошёл все шаги",
        ExitReason::DataEnd => "данные закончились",
    }
}

pub fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::Conversion => "конверсия в покупку",
        Metric::RepeatConversion => "конверсия в повторную покупку",
        Metric::RepeatPurchases => "повторных покупок на клиента",
        Metric::Orders => "покупок на клиента",
        Metric::Revenue => "выручка на клиента, ₽",
        Metric::AverageCheck => "средний чек, ₽",
        Metric::OpenRate => "Open Rate",
        Metric::Ctr => "CTR",
        Metric::UnsubscribeRate => "доля отписок",
    }
}

fn unit(m: Metric) -> &'static str {
    if m.is_rate() || matches!(m, Metric::OpenRate | Metric::Ctr | Metric::UnsubscribeRate) { " %" } else { "" }
}

pub fn metric_line(m: Metric, e: &Estimate) -> String {
    let name = metric_name(m);
    let u = unit(m);
    match (e.control, e.diff) {
        (Some(c), Some((d, lo, hi))) => {
            let rel = e.relative().map_or(String::new(), |(r, rlo, rhi)| format!("; {r:+.1} % [{rlo:+.1}; {rhi:+.1}]"));
            let pp = if m.is_rate() { " п.п." } else { "" };
            format!(
                "{name}: {:.3}{u} против {:.3}{u} в контроле, разница {d:+.3}{pp} [{lo:+.3}; {hi:+.3}]{rel}",
                e.treatment, c
            )
        }
        _ if e.n[1] == 0 && m.is_goal() => {
            format!("{name}: {:.3}{u} (контрольной группы нет — прирост не измерить)", e.treatment)
        }
        _ => format!("{name}: {:.3}{u}", e.treatment),
    }
}

pub fn goal_line(goal: &Goal, s: GoalStatus) -> String {
    let unit = match goal.unit {
        GoalUnit::Percent => "%",
        GoalUnit::Points => "п.п.",
    };
    let target = format!("«{}» +{} {unit} за {} дн.", metric_name(goal.metric), goal.change, goal.period_days);
    match s {
        GoalStatus::Reached { change, significant: true } => {
            format!("Цель {target}: достигнута ({change:+.1} {unit}, разница значима)")
        }
        GoalStatus::Reached { change, significant: false } => {
            format!(
                "Цель {target}: достигнута по оценке ({change:+.1} {unit}), но интервал захватывает ноль — нужно больше клиентов или дольше период"
            )
        }
        GoalStatus::NotReached { change } => format!("Цель {target}: не достигнута ({change:+.1} {unit})"),
        GoalStatus::Unmeasurable => {
            format!(
                "Цель {target}: не измерить — нужна контрольная группа (entry.control_percent) и входы в обеих группах"
            )
        }
    }
}

pub fn calibration(r: &Rates, base_rate: f64, average_check: f64) -> String {
    format!(
        "Модель поведения (по данным): Open Rate e-mail {:.1} %, push {:.1} %; переходы из открытых e-mail {:.1} %, push {:.1} %, из SMS {:.1} %; покупок на клиента в месяц {:.3}; средний чек {:.2} ₽",
        r.open[0] * 100.0,
        r.open[2] * 100.0,
        r.click[0] * 100.0,
        r.click[2] * 100.0,
        r.click[1] * 100.0,
        base_rate * 30.0,
        average_check / 100.0
    )
}

pub fn path_head(id: u64, name: &str) -> String {
    format!("Путь клиента {id} ({name}):")
}

pub fn event_text(k: EventKind, step: &str, amount: i64) -> String {
    let rub = amount as f64 / 100.0;
    match k {
        EventKind::Entry { control: false } => "вошёл в сценарий".into(),
        EventKind::Entry { control: true } => "вошёл в сценарий — контрольная группа, сообщений не будет".into(),
        EventKind::Step => format!("шаг «{step}»"),
        EventKind::Delayed => format!("«{step}»: тихие часы — отправка отложена до их конца"),
        EventKind::Sent(c) => format!("«{step}»: отправлено ({})", c.key()),
        EventKind::Suppressed(r) => format!("«{step}»: не отправлено — {}", reason(r)),
        EventKind::Opened => format!("«{step}»: открыл"),
        EventKind::Clicked => format!("«{step}»: перешёл по ссылке"),
        EventKind::Unsubscribed => format!("«{step}»: отписался"),
        EventKind::Purchase => format!("покупка на {rub:.2} ₽ (из данных)"),
        EventKind::InducedPurchase => format!("покупка на {rub:.2} ₽ (вызвана сценарием, модель)"),
        EventKind::Exit(r) => format!("вышел: {}", exit_reason(r)),
    }
}

// The command.
pub fn bad_date_arg(flag: &str, value: &str) -> String {
    format!("{flag} {value}: нужна дата ГГГГ-ММ-ДД")
}

pub fn period_reversed(from: &str, to: &str) -> String {
    format!("--from {from} позже --to {to}")
}

pub fn no_customer(id: &str) -> String {
    format!("--customer {id}: такого клиента нет в данных")
}

pub fn check_ok(steps: usize) -> String {
    format!("ошибок нет, шагов: {steps}")
}

pub fn check_failed(n: usize) -> String {
    format!("ошибок: {n}")
}

pub fn wrote_out(dir: &str) -> String {
    format!("Файлы для Power BI записаны в {dir}: events.csv, customers.csv, steps.csv, dates.csv, daily.csv")
}

pub fn wrote_xlsx(file: &str) -> String {
    format!("Книга Excel для Power BI записана в {file}: листы events, customers, steps, dates, daily")
}

pub fn xlsx_too_many_rows(sheet: &str, max: u32) -> String {
    format!(
        "в таблице {sheet} больше {max} строк — столько не помещается на лист Excel: запишите таблицы в CSV (--out ПАПКА) \
         или сократите период (--from, --to)"
    )
}

pub const XLSX_NO_SHEET: &str = "в книге Excel нет листа для строки таблицы";

// The editor.
pub const EDITOR_STEPS: &str = "Шаги";
pub const EDITOR_NO_ERRORS: &str = "ошибок нет — F9: запустить";
pub const EDITOR_RUNNING: &str = "запуск на ваших данных…";
pub const EDITOR_NOT_RUN: &str = "Сценарий ещё не запускался: F9 — запустить на вашем варианте данных.";
pub const EDITOR_FUNNEL: &str = " Воронка: вошли в шаг ";
pub const EDITOR_DAILY: &str = " По дням ";
pub const EDITOR_SENT: &str = "отправлено";
pub const EDITOR_CONVERSIONS: &str = "покупки";
pub const EDITOR_SUPPRESSED: &str = " Не отправлено ";
pub const EDITOR_NO_PATHS: &str = "никто не вошёл в сценарий";

/// A new step inserted by the editor.
pub fn step_template(n: usize) -> String {
    format!("[[step]]\nid = \"step-{n}\"\ntype = \"wait\"\ndays = 1\n")
}

/// What a part starts with when the exercise gives no draft.
pub const SCENARIO_TEMPLATE: &str = "# Сценарий: триггер, условия входа, шаги (формат — docs/scenarios.md)
[trigger]
event = \"registration\"

[entry]
condition = \"pd_consent and email_subscribed\"

[[step]]
id = \"welcome\"
type = \"send\"
channel = \"email\"
subject = \"{имя}, добро пожаловать!\"
text = \"Здравствуйте, {имя}!\"
";

pub fn editor_errors(n: usize) -> String {
    format!("ошибок: {n}")
}

pub fn editor_error_at(line: usize, col: usize, m: &str) -> String {
    format!("{line}:{col}: {m}")
}

pub fn editor_head(entries: u64, control: u64, reached: u64, target: u64) -> String {
    format!("Входов {entries}, в контроле {control}; охват сегмента {reached} из {target}")
}

pub fn editor_path_title(k: usize, n: usize) -> String {
    format!(" Путь клиента {k}/{n} (←→) ")
}

// --- The scenario editor's form -------------------------------------------------------

pub const FORM_CANNOT_REMOVE: &str = "это поле записано отдельными таблицами — уберите его в тексте";
pub const FORM_NO_SECTION: &str = "этой таблицы нет в тексте сценария — добавьте её в тексте";
pub const FORM_NOT_HERE: &str = "Форма есть у шага, брифа, триггера, условий входа и выхода: поставьте курсор в \
     [[step]], [brief], [trigger], [entry] или [exit]";

pub fn form_text_unreadable(line: usize, column: usize, m: &str) -> String {
    format!("Форма не открывается: текст сценария не читается ({line}:{column}: {m}) — исправьте его в тексте")
}

pub fn form_title_step(n: usize, id: &str) -> String {
    format!(" Шаг {n} «{id}» — форма (Esc — к тексту) ")
}

/// The title of the form of a table other than a step.
pub fn form_title(table: &str) -> &'static str {
    match table {
        "trigger" => " Триггер — форма (Esc — к тексту) ",
        "entry" => " Условия входа — форма (Esc — к тексту) ",
        "exit" => " Выход из сценария — форма (Esc — к тексту) ",
        _ => " Бриф — форма (Esc — к тексту) ",
    }
}

pub fn form_not_a_number(whole: bool) -> &'static str {
    if whole {
        "нужно целое число"
    } else {
        "нужно число (дробь — через точку или запятую)"
    }
}

/// A field of the form by its table and key: what the learner reads beside the key.
pub fn form_label(table: &str, key: &str) -> &'static str {
    match (table, key) {
        (_, "id") => "код шага",
        (_, "type") => "вид шага",
        (_, "next") => "следующий шаг",
        (_, "days") => "дней",
        (_, "hours") => "часов",
        (_, "minutes") => "минут",
        (_, "until") => "до времени ЧЧ:ММ",
        ("trigger", "event") => "событие-триггер",
        (_, "event") => "ждать события",
        (_, "on_timeout") => "если не дождались",
        (_, "channel") => "канал",
        (_, "subject") => "тема письма",
        (_, "text") => "текст",
        (_, "offer") => "предложение",
        (_, "discount") => "скидка, %",
        (_, "if") => "проверить",
        (_, "of") => "какое сообщение",
        (_, "condition") => "условие",
        (_, "then") => "если да",
        (_, "else") => "если нет",
        (_, "share") => "доля, %",
        (_, "tag") => "метка",
        (_, "number") => "номер заказа",
        (_, "control_percent") => "контрольная группа, %",
        (_, "reentry") => "повторный вход",
        (_, "reentry_days") => "через дней",
        (_, "on_goal") => "выход при цели",
        (_, "on_unsubscribe") => "выход при отписке",
        (_, "metric") => "цель: метрика",
        (_, "change") => "цель: изменение",
        (_, "unit") => "цель: единица",
        (_, "period_days") => "цель: за дней",
        (_, "segment") => "целевой сегмент",
        (_, "kpi") => "KPI",
        _ => "поле",
    }
}

pub fn form_not_checked(problem: &str) -> String {
    format!("Не проверено: поле формы не записано — {problem}")
}
