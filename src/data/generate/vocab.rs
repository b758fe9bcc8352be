//! Russian names, cities and the Latin spelling of names for e-mail addresses.

use super::rng::Rng;

pub const MALE_NAMES: &[&str] = &[
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артём",
    "Богдан",
    "Вадим",
    "Валерий",
    "Василий",
    "Виктор",
    "Владимир",
    "Владислав",
    "Георгий",
    "Глеб",
    "Григорий",
    "Данил",
    "Денис",
    "Дмитрий",
    "Евгений",
    "Егор",
    "Иван",
    "Игорь",
    "Илья",
    "Кирилл",
    "Константин",
    "Лев",
    "Леонид",
    "Максим",
    "Марк",
    "Матвей",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Пётр",
    "Роман",
    "Руслан",
    "Сергей",
    "Станислав",
    "Степан",
    "Тимофей",
    "Тимур",
    "Фёдор",
    "Юрий",
    "Ярослав",
];

pub const FEMALE_NAMES: &[&str] = &[
    "Алёна",
    "Алина",
    "Алиса",
    "Анастасия",
    "Анна",
    "Валентина",
    "Валерия",
    "Варвара",
    "Вера",
    "Вероника",
    "Виктория",
    "Галина",
    "Дарья",
    "Диана",
    "Ева",
    "Екатерина",
    "Елена",
    "Елизавета",
    "Жанна",
    "Зоя",
    "Ирина",
    "Карина",
    "Кира",
    "Ксения",
    "Лариса",
    "Любовь",
    "Людмила",
    "Маргарита",
    "Марина",
    "Мария",
    "Милана",
    "Надежда",
    "Наталья",
    "Нина",
    "Оксана",
    "Ольга",
    "Полина",
    "Светлана",
    "София",
    "Таисия",
    "Татьяна",
    "Ульяна",
    "Юлия",
    "Яна",
];

/// Surnames in their masculine form; [`surname`] derives the feminine one.
pub const SURNAMES: &[&str] = &[
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
    "Куликов",
    "Карпов",
    "Власов",
    "Мельников",
    "Денисов",
    "Гаврилов",
    "Тихонов",
    "Казаков",
    "Афанасьев",
    "Данилов",
    "Савельев",
    "Тимофеев",
    "Фомин",
    "Чернов",
    "Абрамов",
    "Мартынов",
    "Ефимов",
    "Федотов",
    "Щербаков",
    "Назаров",
    "Калинин",
    "Исаев",
    "Чернышёв",
    "Быков",
    "Маслов",
    "Родионов",
    "Коновалов",
    "Лазарев",
    "Воронин",
    "Климов",
    "Филатов",
    "Пономарёв",
    "Голубев",
    "Кудрявцев",
    "Прохоров",
    "Наумов",
    "Потапов",
    "Журавлёв",
    "Овчинников",
    "Трофимов",
    "Леонов",
    "Соболев",
    "Ермаков",
    "Колесников",
    "Гончаров",
    "Емельянов",
    "Никифоров",
    "Грачёв",
    "Котов",
    "Гришин",
    "Ефремов",
    "Архипов",
    "Громов",
    "Кириллов",
    "Малышев",
    "Панов",
    "Моисеев",
    "Румянцев",
    "Акимов",
    "Кондратьев",
    "Бирюков",
    "Горбунов",
    "Анисимов",
    "Еремин",
    "Тихомиров",
    "Галкин",
    "Лукьянов",
    "Михеев",
    "Скворцов",
    "Юдин",
    "Белоусов",
    "Нестеров",
    "Симонов",
    "Прокофьев",
    "Харитонов",
    "Князев",
    "Цветков",
    "Левин",
    "Митрофанов",
    "Воронов",
    "Аксёнов",
    "Софронов",
    "Мальцев",
    "Логинов",
    "Горшков",
    "Савин",
    "Краснов",
    "Майоров",
    "Демидов",
    "Елисеев",
    "Рыбаков",
    "Сафонов",
    "Плотников",
    "Буров",
    "Суханов",
    "Блинов",
    "Островский",
    "Вишневский",
    "Покровский",
    "Соколовский",
    "Шевченко",
    "Бондаренко",
    "Коваленко",
    "Ткаченко",
    "Кравец",
];

/// Patronymics as (masculine, feminine).
pub const PATRONYMICS: &[(&str, &str)] = &[
    ("Александрович", "Александровна"),
    ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"),
    ("Анатольевич", "Анатольевна"),
    ("Борисович", "Борисовна"),
    ("Васильевич", "Васильевна"),
    ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"),
    ("Игоревич", "Игоревна"),
    ("Константинович", "Константиновна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Олегович", "Олеговна"),
    ("Павлович", "Павловна"),
    ("Петрович", "Петровна"),
    ("Романович", "Романовна"),
    ("Сергеевич", "Сергеевна"),
    ("Юрьевич", "Юрьевна"),
    ("Валерьевич", "Валерьевна"),
    ("Максимович", "Максимовна"),
];

/// Cities with their weight (roughly by population of online shoppers).
pub const CITIES: &[(&str, u32)] = &[
    ("Москва", 220),
    ("Санкт-Петербург", 110),
    ("Новосибирск", 30),
    ("Екатеринбург", 30),
    ("Казань", 26),
    ("Нижний Новгород", 24),
    ("Челябинск", 22),
    ("Красноярск", 20),
    ("Самара", 20),
    ("Уфа", 20),
    ("Ростов-на-Дону", 20),
    ("Омск", 18),
    ("Краснодар", 20),
    ("Воронеж", 18),
    ("Пермь", 18),
    ("Волгоград", 17),
    ("Саратов", 14),
    ("Тюмень", 14),
    ("Тольятти", 11),
    ("Ижевск", 11),
    ("Барнаул", 11),
    ("Ульяновск", 10),
    ("Иркутск", 10),
    ("Хабаровск", 10),
    ("Ярославль", 10),
    ("Владивосток", 10),
    ("Махачкала", 9),
    ("Томск", 9),
    ("Оренбург", 9),
    ("Кемерово", 9),
    ("Рязань", 8),
    ("Калининград", 8),
    ("Тула", 8),
    ("Киров", 7),
    ("Сочи", 7),
];

pub fn city(rng: &mut Rng) -> &'static str {
    rng.weighted_pick(CITIES)
}

/// A city written the way some people type it: `г. Москва`, `москва`, a trailing space, `СПб`.
pub fn misspelt_city(rng: &mut Rng, city: &str) -> String {
    match rng.below(4) {
        0 => format!("г. {city}"),
        1 => city.to_lowercase(),
        2 => format!("{city} "),
        _ if city == "Санкт-Петербург" => "СПб".to_owned(),
        _ if city == "Москва" => "Мск".to_owned(),
        _ => format!("г.{city}"),
    }
}

/// The feminine form of a surname given in its masculine form.
pub fn surname(masculine: &str, female: bool) -> String {
    if !female {
        return masculine.to_owned();
    }
    if let Some(stem) = masculine.strip_suffix("ский") {
        format!("{stem}ская")
    } else if let Some(stem) = masculine.strip_suffix("цкий") {
        format!("{stem}цкая")
    } else if ["ов", "ев", "ёв", "ин", "ын"].iter().any(|s| masculine.ends_with(s)) {
        format!("{masculine}а")
    } else {
        masculine.to_owned()
    }
}

/// A person's name parts.
#[derive(Debug, Clone)]
pub struct Person {
    pub female: bool,
    /// Latin spelling of the first name and surname, for e-mail addresses.
    pub first_lat: String,
    pub surname_lat: String,
    pub full_name: String,
}

/// A random person; `female_bp` is the chance of a woman in basis points.
pub fn person(rng: &mut Rng, female_bp: u32) -> Person {
    let female = rng.chance(female_bp);
    let first = *rng.pick(if female { FEMALE_NAMES } else { MALE_NAMES });
    let masculine: &str = SURNAMES[rng.below(SURNAMES.len() as u64) as usize];
    let surname = surname(masculine, female);
    let &(pm, pf) = rng.pick(PATRONYMICS);
    let full_name = if rng.chance(1_200) {
        format!("{surname} {first}")
    } else {
        format!("{surname} {first} {}", if female { pf } else { pm })
    };
    Person { female, first_lat: translit(first), surname_lat: translit(&surname), full_name }
}

/// Lower-case Latin transliteration in the style people use in e-mail addresses.
pub fn translit(s: &str) -> String {
    // Lower case the quick way for the letters names are written in (the vocabulary's
    // Russian and Latin); any other letter comes out as nothing either way.
    let lower = |c: char| match c {
        'А'..='Я' => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
        'Ё' => 'ё',
        _ => c.to_ascii_lowercase(),
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(lower) {
        out.push_str(match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'й' | 'ы' => {
                if c == 'й' {
                    "y"
                } else {
                    "i"
                }
            }
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "sch",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            '-' => "-",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        });
    }
    out
}

pub const EMAIL_DOMAINS: &[(&str, u32)] = &[
    ("mail.ru", 34),
    ("yandex.ru", 28),
    ("gmail.com", 16),
    ("bk.ru", 6),
    ("inbox.ru", 5),
    ("list.ru", 5),
    ("rambler.ru", 4),
    ("ya.ru", 2),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feminine_surnames() {
        let cases = [
            ("Иванов", "Иванова"),
            ("Соловьёв", "Соловьёва"),
            ("Никитин", "Никитина"),
            ("Островский", "Островская"),
            ("Шевченко", "Шевченко"),
            ("Кравец", "Кравец"),
        ];
        for (m, f) in cases {
            assert_eq!(surname(m, true), f);
            assert_eq!(surname(m, false), m);
        }
    }

    #[test]
    fn transliteration() {
        let cases = [("Щербаков", "scherbakov"), ("Юлия", "yuliya"), ("Соловьёв", "solovev"), ("Жуков", "zhukov")];
        for (ru, lat) in cases {
            assert_eq!(translit(ru), lat);
        }
        // Every letter of the alphabets names are written in, upper and lower case, as
        // the general lower-casing would give.
        let general = |s: &str| translit(&s.chars().flat_map(char::to_lowercase).collect::<String>());
        for c in ('А'..='я').chain(['Ё', 'ё']).chain('A'..='Z').chain('a'..='z').chain('0'..='9').chain(['-', ' ', '.'])
        {
            let s = c.to_string();
            assert_eq!(translit(&s), general(&s), "{c}");
        }
    }
}
