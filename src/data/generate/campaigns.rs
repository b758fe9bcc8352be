//! E-mail, SMS and push campaigns: who got each send, who opened it and who clicked.

use super::calendar::{self, Stamp};
use super::channel::Channel;
use super::customers::Customer;
use super::out::{Line, Sink};
use super::rng::Rng;
use super::{GenError, stream};

/// A campaign: its name, channel, the day and hour it went out, and the share of the
/// channel's subscribers it targeted (basis points).
pub struct Campaign {
    pub name: &'static str,
    pub channel: Channel,
    pub date: (i32, u32, u32),
    pub hour: i64,
    pub reach_bp: u32,
}

const fn c(name: &'static str, channel: Channel, date: (i32, u32, u32), hour: i64, reach_bp: u32) -> Campaign {
    Campaign { name, channel, date, hour, reach_bp }
}

pub const CAMPAIGNS: &[Campaign] = &[
    c("Весенняя распродажа 2023", Channel::Email, (2023, 3, 15), 10, 6_000),
    c("Снова в школу 2023", Channel::Email, (2023, 8, 21), 11, 5_000),
    c("Чёрная пятница 2023", Channel::Email, (2023, 11, 24), 9, 9_000),
    c("Чёрная пятница 2023", Channel::Sms, (2023, 11, 24), 12, 7_000),
    c("Новый год 2024", Channel::Email, (2023, 12, 15), 10, 9_000),
    c("Новый год 2024", Channel::Push, (2023, 12, 20), 19, 8_000),
    c("8 Марта 2024", Channel::Email, (2024, 3, 4), 10, 6_000),
    c("Летние скидки 2024", Channel::Push, (2024, 7, 10), 18, 7_000),
    c("Снова в школу 2024", Channel::Email, (2024, 8, 20), 11, 5_000),
    c("Чёрная пятница 2024", Channel::Email, (2024, 11, 29), 9, 9_000),
    c("Чёрная пятница 2024", Channel::Sms, (2024, 11, 29), 12, 7_000),
    c("Чёрная пятница 2024", Channel::Push, (2024, 11, 29), 19, 8_000),
    c("Новый год 2025", Channel::Email, (2024, 12, 16), 10, 9_000),
    c("Новый год 2025", Channel::Push, (2024, 12, 22), 19, 8_000),
    c("23 Февраля 2025", Channel::Email, (2025, 2, 18), 10, 6_000),
    c("8 Марта 2025", Channel::Sms, (2025, 3, 5), 12, 6_000),
    c("Майские праздники 2025", Channel::Push, (2025, 4, 28), 18, 7_000),
    c("Лето 2025", Channel::Email, (2025, 6, 16), 10, 8_000),
];

pub struct Send {
    pub id: u64,
    pub campaign: &'static str,
    pub channel: Channel,
    pub sent_at: Stamp,
    pub opened_at: Option<Stamp>,
    pub clicked_at: Option<Stamp>,
}

/// Chance (basis points) that a campaign reaches a customer who did not subscribe to its
/// channel: the deliberate segmentation error.
const WRONG_SEGMENT_BP: u32 = 25;

pub fn generate(seed: u64, c: &Customer, next_id: &mut u64, out: &mut Vec<Send>) {
    out.clear();
    let mut rng = Rng::for_item(seed, stream::CAMPAIGNS, c.core.id);
    for (k, camp) in CAMPAIGNS.iter().enumerate() {
        let (y, m, d) = camp.date;
        let sent_at = i64::from(calendar::day(y, m, d)) * calendar::SECS_PER_DAY + camp.hour * 3600 + k as i64 * 7;
        if c.core.registered_at >= sent_at {
            continue;
        }
        let reached = if c.consent && c.subscribed(camp.channel) {
            rng.chance(camp.reach_bp)
        } else {
            let reachable = match camp.channel {
                Channel::Email => c.email.is_some(),
                Channel::Sms => c.phone.is_some(),
                Channel::Push => true,
            };
            reachable && rng.chance(WRONG_SEGMENT_BP)
        };
        if !reached {
            continue;
        }
        let sent_at = sent_at + rng.below(1_800) as i64;
        let interested = c.core.interests != 0;
        let (open_bp, click_bp) = match camp.channel {
            Channel::Email => (2_200, if interested { 1_900 } else { 1_200 }),
            Channel::Push => (900, 4_000),
            Channel::Sms => (0, 300),
        };
        let opened_at = (camp.channel != Channel::Sms && rng.chance(open_bp))
            .then(|| sent_at + delay(&mut rng))
            .filter(|&t| t <= calendar::LAST_STAMP);
        let clicked_at = match (camp.channel, opened_at) {
            (Channel::Sms, _) => rng.chance(click_bp).then(|| sent_at + delay(&mut rng)),
            (_, Some(o)) => rng.chance(click_bp).then(|| o + rng.range(5, 600)),
            (_, None) => None,
        }
        .filter(|&t| t <= calendar::LAST_STAMP);
        out.push(Send { id: *next_id, campaign: camp.name, channel: camp.channel, sent_at, opened_at, clicked_at });
        *next_id += 1;
    }
}

/// Most people react within the hour, some the next day.
fn delay(rng: &mut Rng) -> Stamp {
    match rng.weighted(&[60, 30, 10]) {
        0 => rng.range(30, 3_600),
        1 => rng.range(3_600, 12 * 3_600),
        _ => rng.range(12 * 3_600, 3 * calendar::SECS_PER_DAY),
    }
}

pub const COLUMNS: &[&str] = &["send_id", "campaign", "channel", "customer_id", "sent_at", "opened_at", "clicked_at"];

pub fn write(sink: &mut Sink, line: &mut Line, customer_id: u64, sends: &[Send]) -> Result<(), GenError> {
    for s in sends {
        line.clear();
        line.int(s.id as i64)
            .text(s.campaign)
            .text(s.channel.label())
            .int(customer_id as i64)
            .stamp(s.sent_at)
            .opt_stamp(s.opened_at)
            .opt_stamp(s.clicked_at);
        sink.row(line)?;
    }
    Ok(())
}
