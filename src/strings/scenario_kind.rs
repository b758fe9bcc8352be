//! Findings of the `scenario` kind and problems of its exercise specs.

pub const KIND_SCENARIO: &str = "сценарий рассылок";
pub const NO_PARTS: &str = "[scenario]: нужна хотя бы одна часть в parts";
pub const BAD_CUSTOMERS: &str = "[scenario]: customers — размер варианта данных, от 10 до 200 000 клиентов";
pub const NO_ENTRIES: &str =
    "на данных вашего варианта в сценарий не вошёл ни один клиент: проверьте триггер и условия входа";
pub const CONSENT_OK: &str = "ни одной попытки отправки без согласия на обработку ПД или без подписки на канал";
pub const NO_BRIEF: &str = "в сценарии нет брифа [brief]: цели, целевого сегмента и KPI";
pub const NO_SEND: &str = "в сценарии нет ни одного шага отправки (type = \"send\") на пути от первого шага";
pub const EXIT_OK: &str = "клиент выходит из сценария, когда цель достигнута (покупка)";
pub const EXIT_BAD: &str = "клиент, который уже купил, продолжает получать сообщения: добавьте [exit] on_goal = true";
pub const CONTROL_BAD: &str =
    "нет контрольной группы: без неё прирост от сценария не измерить — entry.control_percent, например 10";
pub const NO_SEGMENT: &str = "в брифе нет целевого сегмента (brief.segment — условие на данные)";
pub const SEGMENT_EMPTY: &str = "целевой сегмент не выбирает ни одного клиента из тех, для кого сработал триггер";

pub fn bad_date(d: &str) -> String {
    format!("[scenario]: «{d}» — не дата ГГГГ-ММ-ДД")
}

pub fn bad_part_id(id: &str) -> String {
    format!("[scenario]: id части «{id}» пуст, с пробелом или повторяется")
}

pub fn unknown_in(part: &str, field: &str, value: &str) -> String {
    format!("[scenario] часть «{part}»: {field} — неизвестное значение «{value}»")
}

pub fn bad_starter(part: &str, e: &str) -> String {
    format!("[scenario] часть «{part}»: заготовка (starter) не проходит проверку: {e}")
}

pub fn out_of_range(part: &str, field: &str, range: &str) -> String {
    format!("[scenario] часть «{part}»: {field} — вне допустимого диапазона {range}")
}

/// A place inside a part: `step:ID/FIELD`, `brief/goal`, `limits/cap`, …
pub fn place(field: &str) -> String {
    match field.split_once('/') {
        Some((step, f)) if step.starts_with("step:") => format!("шаг «{}», поле {f}", &step[5..]),
        _ if field.starts_with("step:") => format!("шаг «{}»", &field[5..]),
        _ => format!("поле {field}"),
    }
}

pub fn part_missing(title: &str) -> String {
    format!("сценария «{title}» нет в ответе")
}

pub fn parse_error(line: usize, col: usize, m: &str) -> String {
    format!("строка {line}, столбец {col}: {m}")
}

pub fn run_failed(e: &str) -> String {
    format!("сценарий не запустился на данных: {e}")
}

pub fn runs(entries: u64, control: u64) -> String {
    format!("сценарий запущен на вашем варианте данных: {entries} входов, в контрольной группе {control}")
}

pub fn consent_bad(no_consent: u64, not_subscribed: u64, step: &str) -> String {
    let at = if step.is_empty() { String::new() } else { format!(" (впервые на шаге «{step}»)") };
    format!(
        "сценарий пытался писать клиентам без согласия на обработку ПД ({no_consent}) или без подписки на канал ({not_subscribed}){at}; платформа их не отправила, но так нельзя (152-ФЗ, штраф до 300 000 ₽): добавьте в условие входа pd_consent и подписку на канал (email_subscribed и т. п.), для другого канала — ветку по его подписке, и выход при отписке"
    )
}

pub fn quiet_ok(from: &str, to: &str) -> String {
    format!("ни одного сообщения с {from} до {to}")
}

pub fn quiet_bad(from: &str, to: &str, n: u64, example: Option<(u64, &str)>) -> String {
    let ex = example.map_or(String::new(), |(id, t)| format!(", например клиенту {id} в {t}"));
    format!("{n} сообщений ушло с {from} до {to}{ex}: задайте [limits] quiet_hours")
}

pub fn cap_ok(m: u32, d: i64) -> String {
    format!("никто не получил больше {m} сообщений за {d} дн. (вместе с рассылками магазина)")
}

pub fn cap_bad(m: u32, d: i64, n: u64, example: Option<(u64, &str)>) -> String {
    let ex = example.map_or(String::new(), |(id, t)| format!(", например клиент {id} ({t})"));
    format!(
        "{n} клиентов получили больше {m} сообщений за {d} дн. (вместе с рассылками магазина){ex}: задайте [limits] cap = {{ messages = {m}, days = {d} }}"
    )
}

pub fn reach(reached: u64, target: u64, share: f64, min: f64, ok: bool) -> String {
    let verdict = if ok { "не меньше" } else { "меньше" };
    format!(
        "охват целевого сегмента {share:.1} % ({reached} из {target} клиентов вне контрольной группы получили сообщение) — {verdict} требуемых {min} %"
    )
}

pub fn trigger_ok(t: &str) -> String {
    format!("триггер «{t}» подходит")
}

pub fn trigger_bad(t: &str, allowed: &[String]) -> String {
    format!("триггер «{t}» не подходит к задаче: нужен {}", allowed.join(" или "))
}

pub fn first_ok(step: &str, hours: f64) -> String {
    format!("первое сообщение («{step}») — через {hours:.1} ч после триггера")
}

pub fn first_bad(step: &str, hours: f64, max: f64) -> String {
    format!("первое сообщение («{step}») уходит через {hours:.1} ч после триггера, а нужно не позже чем через {max} ч")
}

pub fn channels_ok(allowed: &[String]) -> String {
    format!("каналы из разрешённых: {}", allowed.join(", "))
}

pub fn channel_bad(step: &str, c: &str, allowed: &[String]) -> String {
    format!("шаг «{step}» отправляет через {c}, а в задаче разрешены {}", allowed.join(", "))
}

pub fn sends(n: usize, min: usize, ok: bool) -> String {
    if ok {
        format!("шагов отправки: {n}")
    } else {
        format!("шагов отправки {n}, а нужно не меньше {min}")
    }
}

pub fn control_ok(pct: f64) -> String {
    format!("контрольная группа {pct} %")
}

pub fn goal_metric_bad(m: &str, allowed: &[String]) -> String {
    format!("цель измеряется метрикой {m}, а задача — про {}", allowed.join(" или "))
}

pub fn goal_not_kpi(m: &str) -> String {
    format!("метрики цели {m} нет среди KPI: части ТЗ должны согласовываться")
}

pub fn kpi_few(n: usize, min: usize) -> String {
    format!("KPI {n}, а нужно не меньше {min}")
}

pub fn brief_ok(m: &str, kpi: usize) -> String {
    format!("бриф: цель измерима ({m}), сегмент выбирает клиентов, KPI: {kpi}")
}
