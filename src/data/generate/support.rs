//! Support requests: most about an order (delivery, a return, a repair), some not.

use super::calendar::{self, Stamp};
use super::orders::{CustomerOrders, Status};
use super::out::{Line, Sink};
use super::rng::Rng;
use super::{GenError, stream};

pub const CHANNELS: &[(&str, u32)] = &[("телефон", 35), ("e-mail", 20), ("чат на сайте", 30), ("мессенджер", 15)];

const TOPIC_DELIVERY: &str = "доставка";
const TOPIC_RETURN: &str = "возврат товара";
const TOPIC_COMPLAINT: &str = "жалоба на обслуживание";
const TOPIC_ADVICE: &str = "консультация по товару";
const ORDER_TOPICS: &[(&str, u32)] = &[
    (TOPIC_DELIVERY, 35),
    ("гарантийный ремонт", 15),
    ("оплата", 15),
    (TOPIC_ADVICE, 15),
    (TOPIC_COMPLAINT, 12),
    (TOPIC_RETURN, 8),
];

pub struct Request {
    pub id: u64,
    pub created_at: Stamp,
    pub channel: &'static str,
    pub topic: &'static str,
    pub order_id: Option<u64>,
    pub status: &'static str,
    pub resolved_at: Option<Stamp>,
    pub satisfaction: Option<u8>,
}

/// The customer's requests, in time order, numbered from `next_id`.
pub fn generate(
    seed: u64,
    customer_id: u64,
    registered_at: Stamp,
    orders: &CustomerOrders,
    next_id: &mut u64,
    out: &mut Vec<Request>,
) {
    out.clear();
    let mut rng = Rng::for_item(seed, stream::SUPPORT, customer_id);
    for o in &orders.orders {
        let (chance, topic) = match o.status {
            Status::Return => (3_500, Some(TOPIC_RETURN)),
            Status::InDelivery => (2_000, Some(TOPIC_DELIVERY)),
            Status::Cancelled => (1_500, None),
            Status::Completed => (250, None),
        };
        if rng.chance(chance) {
            let order_id = if o.status == Status::Return { o.return_of } else { Some(o.id) };
            let at = o.at + rng.range(600, 10 * calendar::SECS_PER_DAY);
            let topic = topic.unwrap_or_else(|| rng.weighted_pick(ORDER_TOPICS));
            push(&mut rng, out, at, topic, order_id);
        }
    }
    if rng.chance(500) {
        let from = registered_at.max(i64::from(calendar::SHOP_START) * calendar::SECS_PER_DAY);
        let at = rng.range(from, calendar::LAST_STAMP);
        push(&mut rng, out, at, TOPIC_ADVICE, None);
    }
    out.retain(|r| r.created_at <= calendar::LAST_STAMP);
    out.sort_by_key(|r| r.created_at);
    for r in out.iter_mut() {
        r.id = *next_id;
        *next_id += 1;
    }
}

fn push(rng: &mut Rng, out: &mut Vec<Request>, at: Stamp, topic: &'static str, order_id: Option<u64>) {
    let channel = rng.weighted_pick(CHANNELS);
    let recent = at > calendar::LAST_STAMP - 5 * calendar::SECS_PER_DAY;
    let (status, resolved_at) = if recent && rng.chance(5_000) {
        ("в работе", None)
    } else {
        let solved = rng.chance(if topic == TOPIC_COMPLAINT { 6_500 } else { 8_700 });
        let closed = (at + rng.range(600, 3 * calendar::SECS_PER_DAY)).min(calendar::LAST_STAMP);
        (if solved { "решено" } else { "не решено" }, Some(closed))
    };
    let satisfaction = match (resolved_at, status) {
        (None, _) => None,
        _ if rng.chance(4_000) => None,
        (_, "решено") if topic != TOPIC_COMPLAINT => {
            Some(rng.weighted_pick(&[(5, 50), (4, 30), (3, 12), (2, 5), (1, 3)]))
        }
        _ => Some(rng.weighted_pick(&[(1, 40), (2, 28), (3, 20), (4, 8), (5, 4)])),
    };
    out.push(Request { id: 0, created_at: at, channel, topic, order_id, status, resolved_at, satisfaction });
}

pub const COLUMNS: &[&str] = &[
    "request_id",
    "customer_id",
    "created_at",
    "channel",
    "topic",
    "order_id",
    "status",
    "resolved_at",
    "satisfaction",
];

pub fn write(sink: &mut Sink, line: &mut Line, customer_id: u64, requests: &[Request]) -> Result<(), GenError> {
    for r in requests {
        line.clear();
        line.int(r.id as i64)
            .int(customer_id as i64)
            .stamp(r.created_at)
            .text(r.channel)
            .text(r.topic)
            .opt_int(r.order_id.map(|v| v as i64))
            .text(r.status)
            .opt_stamp(r.resolved_at)
            .opt_int(r.satisfaction.map(i64::from));
        sink.row(line)?;
    }
    Ok(())
}
