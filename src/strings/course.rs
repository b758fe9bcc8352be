//! Messages about course files, shown by `validate` and when the workbook refuses a
//! broken course.

pub fn toml_error(raw: &str) -> String {
    translate_toml(raw.trim())
}

/// toml (and serde) speak English; the common messages are put in Russian, the rest kept
/// as they are after a Russian lead-in.
fn translate_toml(raw: &str) -> String {
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        return match rest.split_once(", expected ") {
            Some((field, expected)) => {
                format!("неизвестное поле {field}; допустимы: {}", expected.trim_start_matches("one of "))
            }
            None => format!("неизвестное поле {rest}"),
        };
    }
    if let Some(field) = raw.strip_prefix("missing field ") {
        return format!("нет обязательного поля {field}");
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!("неверный тип: {}, а ожидается {}", found_type(found), expected_type(expected))
            }
            None => format!("неверный тип: {}", found_type(rest)),
        };
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        return format!(
            "недопустимое значение {}",
            rest.replace(", expected one of ", "; допустимы: ").replace(", expected ", "; допустимо: ")
        );
    }
    if raw.starts_with("duplicate key") {
        return format!("ключ повторяется ({raw})");
    }
    format!("ошибка TOML: {raw}")
}

/// serde's name of the value found («string "x"», «integer `5`») in Russian.
fn found_type(found: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("string ", "строка "),
        ("integer ", "целое число "),
        ("floating point ", "дробное число "),
        ("boolean ", "логическое значение "),
        ("sequence", "массив"),
        ("map", "таблица"),
    ];
    for (en, ru) in NAMES {
        if let Some(rest) = found.strip_prefix(en) {
            return format!("{ru}{rest}").trim_end().to_owned();
        }
    }
    found.to_owned()
}

/// serde's name of the type expected (Rust type names, «a string», …) in Russian.
fn expected_type(expected: &str) -> String {
    let ru = match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "целое число не меньше нуля",
        "i8" | "i16" | "i32" | "i64" | "isize" => "целое число",
        "f32" | "f64" => "число",
        "a string" | "string" | "a borrowed string" => "строка",
        "a boolean" | "bool" => "true или false",
        "a sequence" => "массив",
        "a map" => "таблица",
        "a character" | "char" => "один символ",
        _ => return expected.to_owned(),
    };
    ru.to_owned()
}

pub fn duplicate_exercise_id(id: &str, first_path: &str) -> String {
    format!("упражнение «{id}» уже определено в {first_path}")
}

pub fn format_version(found: u32, supported: u32) -> String {
    format!("format_version = {found} не поддерживается: эта версия программы читает format_version = {supported}")
}

pub fn duplicate_module_id(id: &str) -> String {
    format!("модуль «{id}» объявлен дважды")
}

pub fn bad_module_id(id: &str) -> String {
    format!("id модуля «{id}» должен состоять из латинских букв, цифр, «-» и «_»")
}

pub fn exercise_listed_twice(id: &str) -> String {
    format!("упражнение «{id}» перечислено дважды")
}

pub fn missing_exercise(id: &str, expected_path: &str) -> String {
    format!("упражнение «{id}» не найдено: ожидался файл {expected_path}")
}

pub fn exercise_in_other_module(id: &str, module: &str) -> String {
    format!("упражнение «{id}» лежит в папке модуля «{module}», а перечислено в другом модуле")
}

pub fn exercise_not_listed(id: &str, module: &str) -> String {
    format!("упражнение «{id}» не перечислено в exercises модуля «{module}» в course.toml")
}

pub fn unknown_module_dir(module: &str) -> String {
    format!("папка «{module}» не соответствует ни одному модулю в course.toml")
}

pub fn missing_kind(known: &[&str]) -> String {
    format!("нет поля kind; допустимы: {}", known.join(", "))
}

pub fn unknown_kind(kind: &str, known: &[&str]) -> String {
    format!("неизвестный вид упражнения «{kind}»; допустимы: {}", known.join(", "))
}

pub fn id_does_not_match_path(id: &str, expected: &str) -> String {
    format!("id «{id}» не совпадает с расположением файла: ожидается «{expected}»")
}

pub fn grade_band_out_of_range(from: f64) -> String {
    format!("порог оценки from_percent = {from} вне пределов 0–100 %")
}

pub fn grade_band_repeated(from: f64) -> String {
    format!("порог оценки from_percent = {from} уже задан для другой оценки")
}

pub fn zero_points() -> String {
    "points должно быть больше нуля".into()
}

pub fn rubric_empty_name() -> String {
    "у критерия проверки ([[rubric]]) пустое имя (name)".into()
}

pub fn rubric_name_twice(name: &str) -> String {
    format!("критерий проверки «{name}» назван дважды (регистр и ё/е не различаются)")
}

pub fn rubric_points(name: &str) -> String {
    let name = if name.is_empty() { String::new() } else { format!(" «{name}»") };
    format!("баллы критерия проверки{name} (points) должны быть числом больше нуля")
}

pub fn rubric_empty_description(name: &str) -> String {
    format!("у критерия проверки «{name}» пустое описание (description): что проверяющий ищет")
}

pub fn rubric_sum(sum: f64, points: u32) -> String {
    let sum = super::verdict::points(sum);
    format!(
        "баллы критериев проверки ([[rubric]]) в сумме {sum}, а упражнение стоит {points} (points): сумма должна быть равна"
    )
}

pub fn empty_field(field: &str) -> String {
    format!("поле {field} пусто")
}

pub fn summary(modules: usize, exercises: usize, errors: usize) -> String {
    format!(
        "{modules} {}, {exercises} {}, {errors} {}",
        plural(modules, "модуль", "модуля", "модулей"),
        plural(exercises, "упражнение", "упражнения", "упражнений"),
        plural(errors, "ошибка", "ошибки", "ошибок")
    )
}

/// Russian plural form for a count: 1 модуль, 2 модуля, 5 модулей, 21 модуль.
pub fn plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms() {
        assert_eq!(summary(5, 23, 0), "5 модулей, 23 упражнения, 0 ошибок");
        assert_eq!(summary(1, 21, 2), "1 модуль, 21 упражнение, 2 ошибки");
        assert_eq!(summary(12, 11, 111), "12 модулей, 11 упражнений, 111 ошибок");
    }

    #[test]
    fn toml_messages_are_translated() {
        assert_eq!(toml_error("missing field `title`"), "нет обязательного поля `title`");
        assert_eq!(
            toml_error("unknown field `titel`, expected one of `id`, `title`"),
            "неизвестное поле `titel`; допустимы: `id`, `title`"
        );
        assert_eq!(
            toml_error("invalid type: string \"x\", expected u32"),
            "неверный тип: строка \"x\", а ожидается целое число не меньше нуля"
        );
        assert_eq!(
            toml_error("invalid type: floating point `1.5`, expected a sequence"),
            "неверный тип: дробное число `1.5`, а ожидается массив"
        );
    }
}
