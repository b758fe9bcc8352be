//! The shop's catalogue: fixed (the same for every seed), so exercises can name products.

use std::sync::OnceLock;

use super::out::{Line, Sink};
use super::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Smartphones,
    Laptops,
    Tablets,
    Tvs,
    Audio,
    Watches,
    Photo,
    Games,
    Appliances,
    SmartHome,
    Accessories,
}

/// Every category with its name in the catalogue, its interest tag (none for accessories,
/// which nobody names as an interest), its share of demand, and its products (name, rubles).
/// A category of the catalogue.
pub type CategorySpec = (Category, &'static str, Option<&'static str>, u32, &'static [(&'static str, i64)]);

pub const CATEGORIES: &[CategorySpec] = &[
    (
        Category::Smartphones,
        "Смартфоны",
        Some("смартфоны"),
        22,
        &[
            ("Смартфон Nova A3 64 ГБ", 9_990),
            ("Смартфон Nova A3 128 ГБ", 11_990),
            ("Смартфон Nova X5 128 ГБ", 19_990),
            ("Смартфон Nova X5 256 ГБ", 23_990),
            ("Смартфон Nova X7 Pro 256 ГБ", 42_990),
            ("Смартфон Zeta 12 128 ГБ", 27_990),
            ("Смартфон Zeta 12 256 ГБ", 32_990),
            ("Смартфон Zeta 13 Ultra 512 ГБ", 89_990),
            ("Смартфон Orion S1 64 ГБ", 7_490),
            ("Смартфон Orion S2 128 ГБ", 12_490),
            ("Смартфон Orion M 256 ГБ", 24_990),
            ("Смартфон Lumo Fold 512 ГБ", 129_990),
            ("Смартфон Lumo 9 256 ГБ", 59_990),
            ("Смартфон Lumo 9 Lite 128 ГБ", 34_990),
        ],
    ),
    (
        Category::Laptops,
        "Ноутбуки",
        Some("ноутбуки"),
        8,
        &[
            ("Ноутбук Vektor Book 14 i3/8/256", 39_990),
            ("Ноутбук Vektor Book 15 i5/16/512", 62_990),
            ("Ноутбук Vektor Pro 16 i7/32/1024", 124_990),
            ("Ноутбук Aero Slim 13 R5/16/512", 69_990),
            ("Ноутбук Aero Slim 14 R7/16/1024", 89_990),
            ("Ноутбук Aero Gamer 15 RTX/16/1024", 139_990),
            ("Ноутбук Kvant Edu 11 Celeron/4/128", 21_990),
            ("Ноутбук Kvant Office 15 i5/8/512", 49_990),
            ("Ноутбук Kvant Studio 16 i9/32/2048", 189_990),
            ("Ноутбук Aero Gamer 17 RTX/32/2048", 209_990),
            ("Ноутбук Vektor Book 14 R3/8/512", 42_990),
            ("Ноутбук Kvant Office 14 i3/8/256", 36_990),
        ],
    ),
    (
        Category::Tablets,
        "Планшеты",
        Some("планшеты"),
        6,
        &[
            ("Планшет Nova Tab 10 64 ГБ", 14_990),
            ("Планшет Nova Tab 11 128 ГБ", 21_990),
            ("Планшет Zeta Pad 12 256 ГБ", 49_990),
            ("Планшет Zeta Pad Mini 128 ГБ", 34_990),
            ("Планшет Orion Kids 8 32 ГБ", 8_990),
            ("Планшет Lumo Tab S 256 ГБ", 64_990),
            ("Планшет Orion Tab 10 64 ГБ", 11_990),
            ("Электронная книга Litera 6", 12_990),
            ("Электронная книга Litera 7 Color", 19_990),
            ("Планшет Nova Tab 11 256 ГБ", 26_990),
            ("Графический планшет Lumo Draw M", 9_990),
            ("Планшет Zeta Pad 12 512 ГБ", 59_990),
        ],
    ),
    (
        Category::Tvs,
        "Телевизоры",
        Some("телевизоры"),
        9,
        &[
            ("Телевизор Vista 32\" HD", 14_990),
            ("Телевизор Vista 43\" 4K", 27_990),
            ("Телевизор Vista 50\" 4K", 34_990),
            ("Телевизор Vista 55\" 4K QLED", 49_990),
            ("Телевизор Vista 65\" 4K QLED", 74_990),
            ("Телевизор Quadro 55\" OLED", 119_990),
            ("Телевизор Quadro 65\" OLED", 169_990),
            ("Телевизор Quadro 75\" Mini LED", 199_990),
            ("Телевизор Polar 24\" HD", 10_990),
            ("Телевизор Polar 43\" Full HD", 22_990),
            ("Проектор Vista Home 1080p", 39_990),
            ("Медиаплеер Vista Stick 4K", 5_990),
            ("Телевизор Polar 50\" 4K", 31_990),
            ("Кронштейн для ТВ 32–65\"", 2_490),
        ],
    ),
    (
        Category::Audio,
        "Аудио",
        Some("аудио"),
        12,
        &[
            ("Наушники Sonar Buds", 3_990),
            ("Наушники Sonar Buds Pro", 9_990),
            ("Наушники Sonar Over 700", 19_990),
            ("Наушники Beat Sport", 2_490),
            ("Наушники Beat Studio", 14_990),
            ("Колонка Sonar Go", 4_990),
            ("Колонка Sonar Boom 20", 11_990),
            ("Саундбар Sonar Bar 300", 24_990),
            ("Саундбар Sonar Bar 700 Atmos", 59_990),
            ("Домашний кинотеатр Sonar Cinema 5.1", 79_990),
            ("Умная колонка Alfa Mini", 5_990),
            ("Умная колонка Alfa Max", 17_990),
            ("Проигрыватель винила Retro One", 21_990),
            ("Наушники Beat Kids", 1_990),
        ],
    ),
    (
        Category::Watches,
        "Умные часы",
        Some("умные часы"),
        6,
        &[
            ("Фитнес-браслет Pulse 7", 2_990),
            ("Фитнес-браслет Pulse 8 NFC", 3_990),
            ("Умные часы Pulse Watch 3", 9_990),
            ("Умные часы Pulse Watch 4 Pro", 19_990),
            ("Умные часы Zeta Watch 6", 29_990),
            ("Умные часы Zeta Watch 6 Classic", 39_990),
            ("Детские часы Orion Kid GPS", 4_990),
            ("Умные часы Lumo Run", 24_990),
            ("Умное кольцо Pulse Ring", 14_990),
            ("Фитнес-браслет Orion Band", 1_990),
            ("Умные часы Lumo Trek", 44_990),
            ("Детские часы Orion Kid 4G", 7_990),
        ],
    ),
    (
        Category::Photo,
        "Фото и видео",
        Some("фото и видео"),
        4,
        &[
            ("Фотоаппарат Optix Z50 kit", 89_990),
            ("Фотоаппарат Optix Z30 body", 64_990),
            ("Объектив Optix 50mm f/1.8", 24_990),
            ("Экшн-камера Drift 4K", 19_990),
            ("Экшн-камера Drift 5 Pro", 34_990),
            ("Квадрокоптер Sky Mini", 44_990),
            ("Стабилизатор Gimbal S3", 9_990),
            ("Карта памяти SD 128 ГБ", 1_990),
            ("Фотоаппарат моментальной печати Insta 12", 8_990),
            ("Штатив Optix Travel", 4_490),
            ("Квадрокоптер Sky Air 3", 99_990),
            ("Видеокамера Optix HC 4K", 54_990),
        ],
    ),
    (
        Category::Games,
        "Игры",
        Some("игры"),
        6,
        &[
            ("Игровая консоль Nexus S", 39_990),
            ("Игровая консоль Nexus X 1 ТБ", 59_990),
            ("Портативная консоль Nexus Go", 34_990),
            ("Геймпад Nexus", 6_490),
            ("Геймпад Nexus Elite", 16_990),
            ("Игра «Дальний рубеж» для Nexus", 4_990),
            ("Игра «Гонки 25» для Nexus", 5_490),
            ("Игровая гарнитура Storm 7.1", 7_990),
            ("Игровая мышь Storm M2", 3_490),
            ("Игровая клавиатура Storm K1", 6_990),
            ("Игровое кресло Storm Throne", 24_990),
            ("Карта оплаты Nexus 2000 ₽", 2_000),
            ("VR-шлем Nexus VR2", 49_990),
        ],
    ),
    (
        Category::Appliances,
        "Бытовая техника",
        Some("бытовая техника"),
        12,
        &[
            ("Пылесос Vortex C5", 12_990),
            ("Робот-пылесос Vortex R9", 29_990),
            ("Вертикальный пылесос Vortex V12", 24_990),
            ("Стиральная машина Aqua 6 кг", 32_990),
            ("Стиральная машина Aqua 8 кг инвертор", 44_990),
            ("Холодильник Frost 185 см", 49_990),
            ("Холодильник Frost No Frost 200 см", 69_990),
            ("Микроволновая печь Wave 20 л", 7_990),
            ("Электрочайник Teo 1,7 л", 2_490),
            ("Кофемашина Crema Auto", 34_990),
            ("Мультиварка Chef 5 л", 6_990),
            ("Посудомоечная машина Aqua 45 см", 36_990),
            ("Утюг Steam 2400", 3_990),
            ("Фен Breeze 2000", 4_490),
            ("Блендер Mix Pro", 5_990),
        ],
    ),
    (
        Category::SmartHome,
        "Умный дом",
        Some("умный дом"),
        4,
        &[
            ("Умная лампа Alfa E27", 990),
            ("Умная розетка Alfa Plug", 1_290),
            ("Датчик протечки Alfa Aqua", 1_490),
            ("Датчик движения Alfa Motion", 1_390),
            ("Хаб Alfa Home", 4_990),
            ("Видеоглазок Alfa Eye", 7_990),
            ("Камера Alfa Cam 360", 3_990),
            ("Умный замок Alfa Lock", 14_990),
            ("Термостат Alfa Heat", 6_990),
            ("Умная лента Alfa LED 5 м", 2_490),
            ("Комплект «Безопасный дом»", 9_990),
            ("Видеодомофон Alfa Door", 12_990),
        ],
    ),
    (
        Category::Accessories,
        "Аксессуары",
        None,
        11,
        &[
            ("Чехол для смартфона силиконовый", 990),
            ("Чехол-книжка для смартфона", 1_490),
            ("Защитное стекло для смартфона", 790),
            ("Зарядное устройство 33 Вт USB-C", 1_990),
            ("Зарядное устройство 65 Вт GaN", 3_490),
            ("Кабель USB-C — USB-C 1 м", 690),
            ("Кабель USB-C — Lightning 1 м", 990),
            ("Внешний аккумулятор 10 000 мА·ч", 2_490),
            ("Внешний аккумулятор 20 000 мА·ч", 3_990),
            ("Беспроводная зарядка 15 Вт", 2_290),
            ("Держатель для смартфона в авто", 1_290),
            ("Сумка для ноутбука 15,6\"", 2_990),
            ("Мышь беспроводная Storm Air", 1_490),
            ("Подставка для смартфона", 690),
            ("Чехол для планшета", 1_990),
            ("Ремешок для умных часов", 890),
            ("Флешка USB 64 ГБ", 890),
        ],
    ),
];

#[derive(Debug, Clone)]
pub struct Product {
    pub id: u32,
    pub name: &'static str,
    pub category: Category,
    pub category_name: &'static str,
    /// List price in kopecks.
    pub price: i64,
}

/// The catalogue, in `product_id` order, and for each category the indices of its products.
pub struct Catalogue {
    pub products: Vec<Product>,
    /// Per category in [`CATEGORIES`] order: its products' indices and the running sums of
    /// their weights.
    by_category: Vec<(Category, Vec<usize>, Vec<u64>)>,
}

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(build)
}

fn build() -> Catalogue {
    let mut products = Vec::new();
    let mut by_category = Vec::new();
    for &(category, name, _, _, items) in CATEGORIES {
        let mut indices = Vec::new();
        let mut weights = Vec::new();
        for (rank, &(item, rubles)) in items.iter().enumerate() {
            // Zipf-like: the first products of a list sell most.
            let weight = 1_200 / (rank as u32 + 2);
            indices.push(products.len());
            weights.push(weight);
            products.push(Product {
                id: products.len() as u32 + 1,
                name: item,
                category,
                category_name: name,
                price: rubles * 100,
            });
        }
        let cumulative = weights
            .iter()
            .scan(0u64, |sum, &w| {
                *sum += u64::from(w);
                Some(*sum)
            })
            .collect();
        by_category.push((category, indices, cumulative));
    }
    Catalogue { products, by_category }
}

impl Catalogue {
    /// A product of the category, best sellers more often.
    pub fn pick_in(&self, rng: &mut Rng, category: Category) -> &Product {
        let (_, indices, cumulative) = match self.by_category.get(category as usize) {
            Some(at) if at.0 == category => at,
            _ => self.by_category.iter().find(|(c, _, _)| *c == category).unwrap_or(&self.by_category[0]),
        };
        &self.products[indices[rng.weighted_cumulative(cumulative)]]
    }

    pub fn get(&self, id: u32) -> Option<&Product> {
        self.products.get((id as usize).checked_sub(1)?)
    }
}

/// Categories drawn by demand (accessories included).
pub fn pick_category(rng: &mut Rng) -> Category {
    /// The running sums of the categories' shares of demand.
    const CUMULATIVE: [u64; CATEGORIES.len()] = {
        let mut t = [0u64; CATEGORIES.len()];
        let mut sum = 0u64;
        let mut i = 0;
        while i < CATEGORIES.len() {
            sum += CATEGORIES[i].3 as u64;
            t[i] = sum;
            i += 1;
        }
        t
    };
    CATEGORIES[rng.weighted_cumulative(&CUMULATIVE)].0
}

/// The category a customer's interest tag (bit `i` of the mask = `CATEGORIES[i]`) points at.
pub fn interest_categories(mask: u16) -> impl Iterator<Item = Category> {
    CATEGORIES.iter().enumerate().filter(move |(i, _)| mask & (1 << i) != 0).map(|(_, c)| c.0)
}

pub const COLUMNS: &[&str] = &["product_id", "name", "category", "price"];

pub fn write(sink: &mut Sink) -> Result<(), super::GenError> {
    sink.header(COLUMNS)?;
    let mut line = Line::new();
    for p in &catalogue().products {
        line.clear();
        line.int(i64::from(p.id)).text(p.name).text(p.category_name).money(p.price);
        sink.row(&line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_unique_ids_and_names() {
        let c = catalogue();
        assert_eq!(c.products.len(), 147);
        let mut names: Vec<_> = c.products.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), c.products.len());
        for (i, p) in c.products.iter().enumerate() {
            assert_eq!(p.id as usize, i + 1);
            assert!(p.price > 0);
        }
    }
}
