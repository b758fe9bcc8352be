//! Orders and their items, one customer at a time: seasonal dates, a long tail of one-time
//! buyers, cancellations, returns as rows of their own, and accessories bought with phones.

use std::ops::Range;

use super::calendar::{self, Day, Stamp};
use super::customers::{Buyer, Core};
use super::out::{Line, Sink};
use super::products::{self, Category, catalogue};
use super::rng::Rng;
use super::{GenError, stream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Completed,
    Cancelled,
    InDelivery,
    Return,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Completed => "выполнен",
            Status::Cancelled => "отменён",
            Status::InDelivery => "в доставке",
            Status::Return => "возврат",
        }
    }
}

pub const CHANNELS: &[(&str, u32)] =
    &[("сайт", 45), ("мобильное приложение", 25), ("магазин", 22), ("телефон", 6), ("", 2)];

#[derive(Debug, Clone)]
pub struct Order {
    pub id: u64,
    pub at: Stamp,
    pub status: Status,
    pub channel: &'static str,
    /// Kopecks; negative for a return.
    pub amount: i64,
    pub return_of: Option<u64>,
    /// Into [`CustomerOrders::items`].
    pub items: Range<usize>,
    /// Position before sorting by time (what `return_of_local` refers to).
    local: usize,
    return_of_local: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub product_id: u32,
    pub qty: u32,
    /// Kopecks per unit in this order.
    pub price: i64,
}

/// One customer's orders, in time order; the buffers are reused between customers.
#[derive(Debug, Default)]
pub struct CustomerOrders {
    pub orders: Vec<Order>,
    pub items: Vec<Item>,
    ids: Vec<u64>,
    stamps: Vec<Stamp>,
}

/// Days before the end in which fresh orders may still be on their way.
const DELIVERY_DAYS: i64 = 4;

/// Fills `out` with the customer's orders, numbering them from `next_id`.
pub fn generate(seed: u64, c: &Core, next_id: &mut u64, out: &mut CustomerOrders) {
    out.orders.clear();
    out.items.clear();
    let mut rng = Rng::for_item(seed, stream::ORDERS, c.id);
    let start = c.registered_day().max(calendar::SHOP_START);
    if start > calendar::LAST_DAY {
        return;
    }
    let days = i64::from(calendar::LAST_DAY - start) + 1;
    let wanted = match c.buyer {
        Buyer::Never => 0,
        Buyer::OneTime => 1,
        Buyer::Occasional => rng.range(2, 5),
        Buyer::Regular => rng.range(6, 25),
        Buyer::Heavy => rng.range(26, 80),
    };
    let n = wanted.min(1 + days / 4);
    if n == 0 {
        return;
    }
    // Many customers stop buying at some point; the rest stay to the end.
    let end = if n > 1 && rng.chance(4_000) {
        (start + rng.range((days / 4).max(1), days - 1) as Day).min(calendar::LAST_DAY)
    } else {
        calendar::LAST_DAY
    };
    let first_on_registration = c.registered_day() >= calendar::SHOP_START && rng.chance(6_000);
    let mut stamps = std::mem::take(&mut out.stamps);
    stamps.clear();
    stamps.extend((0..n).map(|i| {
        let d = if i == 0 && first_on_registration { start } else { calendar::seasonal_day(&mut rng, start, end) };
        let t = calendar::stamp_on(&mut rng, d);
        if d == c.registered_day() { t.max(c.registered_at) } else { t }
    }));
    stamps.sort_unstable();

    let channel_of_customer = rng.weighted_pick(CHANNELS);
    let mut interests = [Category::Accessories; products::CATEGORIES.len()];
    let mut k = 0;
    for cat in products::interest_categories(c.interests) {
        interests[k] = cat;
        k += 1;
    }
    let interests = &interests[..k];
    for &at in &stamps {
        let from = out.items.len();
        add_items(&mut rng, interests, calendar::civil(calendar::day_of(at)).1, &mut out.items);
        let amount = out.items[from..].iter().map(|i| i64::from(i.qty) * i.price).sum();
        let status = if at > calendar::LAST_STAMP - DELIVERY_DAYS * calendar::SECS_PER_DAY && rng.chance(7_500) {
            Status::InDelivery
        } else if rng.chance(300) {
            Status::Cancelled
        } else {
            Status::Completed
        };
        let channel = if rng.chance(6_000) { channel_of_customer } else { rng.weighted_pick(CHANNELS) };
        let local = out.orders.len();
        out.orders.push(Order {
            id: 0,
            at,
            status,
            channel,
            amount,
            return_of: None,
            items: from..out.items.len(),
            local,
            return_of_local: None,
        });
        if status == Status::Completed && rng.chance(400) {
            let back = at + rng.range(calendar::SECS_PER_DAY, 14 * calendar::SECS_PER_DAY);
            if back <= calendar::LAST_STAMP {
                let bought = out.items[rng.range(from as i64, out.items.len() as i64 - 1) as usize];
                let qty = rng.range(1, i64::from(bought.qty)) as u32;
                let item_from = out.items.len();
                let return_local = out.orders.len();
                out.items.push(Item { qty, ..bought });
                out.orders.push(Order {
                    id: 0,
                    at: back,
                    status: Status::Return,
                    channel,
                    amount: -(i64::from(qty) * bought.price),
                    return_of: None,
                    items: item_from..out.items.len(),
                    local: return_local,
                    return_of_local: Some(local),
                });
            }
        }
    }
    out.stamps = stamps;
    // Number in time order; a return always comes after its order.
    out.orders.sort_by_key(|o| (o.at, o.local));
    out.ids.clear();
    out.ids.resize(out.orders.len(), 0);
    for o in &mut out.orders {
        o.id = *next_id;
        *next_id += 1;
        out.ids[o.local] = o.id;
    }
    for o in &mut out.orders {
        o.return_of = o.return_of_local.map(|l| out.ids[l]);
    }
}

/// Discount in percent by month: Black Friday in November, New Year sales in December.
fn discount(rng: &mut Rng, month: u32) -> i64 {
    match month {
        11 => rng.weighted_pick(&[(0, 35), (10, 30), (15, 20), (20, 15)]),
        12 => rng.weighted_pick(&[(0, 50), (5, 20), (10, 20), (15, 10)]),
        _ => rng.weighted_pick(&[(0, 68), (5, 15), (10, 12), (15, 3), (20, 2)]),
    }
}

fn add_items(rng: &mut Rng, interests: &[Category], month: u32, items: &mut Vec<Item>) {
    let from = items.len();
    let count = 1 + rng.weighted(&[55, 27, 12, 6]);
    let cat = catalogue();
    for k in 0..count {
        let has_phone =
            items[from..].iter().any(|i| cat.get(i.product_id).is_some_and(|p| p.category == Category::Smartphones));
        let category = if has_phone && rng.chance(4_500) {
            Category::Accessories
        } else if k == 0 && !interests.is_empty() && rng.chance(6_500) {
            *rng.pick(interests)
        } else {
            products::pick_category(rng)
        };
        let p = cat.pick_in(rng, category);
        let qty = match category {
            Category::Accessories | Category::SmartHome => 1 + rng.weighted(&[75, 18, 7]) as u32,
            _ => 1,
        };
        if let Some(same) = items[from..].iter_mut().find(|i| i.product_id == p.id) {
            same.qty += qty;
            continue;
        }
        let rubles = p.price / 100;
        let price = rubles * (100 - discount(rng, month)) / 100 * 100;
        items.push(Item { product_id: p.id, qty, price });
    }
}

pub const ORDER_COLUMNS: &[&str] =
    &["order_id", "customer_id", "order_date", "status", "channel", "amount", "return_of"];
pub const ITEM_COLUMNS: &[&str] = &["order_id", "product_id", "qty", "price"];

pub fn write_orders(
    sink: &mut Sink,
    line: &mut Line,
    customer_id: u64,
    orders: &CustomerOrders,
) -> Result<(), GenError> {
    for o in &orders.orders {
        line.clear();
        line.int(o.id as i64)
            .int(customer_id as i64)
            .stamp(o.at)
            .text(o.status.label())
            .text(o.channel)
            .money(o.amount)
            .opt_int(o.return_of.map(|v| v as i64));
        sink.row(line)?;
    }
    Ok(())
}

pub fn write_items(sink: &mut Sink, line: &mut Line, orders: &CustomerOrders) -> Result<(), GenError> {
    for o in &orders.orders {
        for item in &orders.items[o.items.clone()] {
            line.clear();
            line.int(o.id as i64).int(i64::from(item.product_id)).int(i64::from(item.qty)).money(item.price);
            sink.row(line)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::generate::customers;

    #[test]
    fn orders_are_consistent_for_many_customers() {
        let total = 500;
        let mut next = 1;
        let mut buf = CustomerOrders::default();
        for id in 1..=total {
            let c = customers::core(11, id, total);
            let first = next;
            generate(11, &c, &mut next, &mut buf);
            assert_eq!(next - first, buf.orders.len() as u64);
            for (k, o) in buf.orders.iter().enumerate() {
                assert_eq!(o.id, first + k as u64);
                assert!(o.at >= c.registered_at && o.at <= calendar::LAST_STAMP);
                assert!(o.at >= i64::from(calendar::SHOP_START) * calendar::SECS_PER_DAY);
                let items = &buf.items[o.items.clone()];
                assert!(!items.is_empty());
                let sum: i64 = items.iter().map(|i| i64::from(i.qty) * i.price).sum();
                match o.status {
                    Status::Return => {
                        assert_eq!(o.amount, -sum);
                        let original = buf.orders.iter().find(|x| Some(x.id) == o.return_of).unwrap();
                        assert!(original.id < o.id && original.status == Status::Completed);
                    }
                    _ => {
                        assert_eq!(o.amount, sum);
                        assert!(o.return_of.is_none());
                    }
                }
                let mut products: Vec<u32> = items.iter().map(|i| i.product_id).collect();
                products.sort_unstable();
                products.dedup();
                assert_eq!(products.len(), items.len(), "a product twice in one order");
            }
        }
    }
}
