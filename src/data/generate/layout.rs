//! Other layouts of `orders.csv`, as real exports come: rows by date or in no order,
//! customer ids as strings of several kinds, a share of fields in quotes as Excel writes
//! them. The same orders and customers, so an RFM of any layout is the same customers'
//! (only their ids differ). Used by the RFM benchmark (`dataset generate --layout`).

use super::rng::{Rng, mix};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOrder {
    /// As generated: by customer.
    Customer,
    /// By order date and time (a customer's rows all over the file).
    Date,
    Shuffled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// As generated: 1, 2, 3, …
    Int,
    /// Digits with leading zeros for half the customers: `0012345` and `12345` are two.
    Padded,
    /// `C0012345`.
    Code,
    Uuid,
    Email,
    /// `+7 (912) 345-67-89`.
    Phone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub order: RowOrder,
    pub ids: IdKind,
    /// Rows (in percent) whose text fields are quoted.
    pub quoted_percent: u32,
}

impl Layout {
    /// `order,ids[,quoted%]`, e.g. `shuffled,uuid,10`.
    pub fn parse(text: &str) -> Option<Layout> {
        let mut parts = text.split(',').map(str::trim);
        let order = match parts.next()? {
            "customer" => RowOrder::Customer,
            "date" => RowOrder::Date,
            "shuffled" => RowOrder::Shuffled,
            _ => return None,
        };
        let ids = match parts.next().unwrap_or("int") {
            "int" => IdKind::Int,
            "padded" => IdKind::Padded,
            "code" => IdKind::Code,
            "uuid" => IdKind::Uuid,
            "email" => IdKind::Email,
            "phone" => IdKind::Phone,
            _ => return None,
        };
        let quoted_percent = match parts.next() {
            Some(p) => p.trim_end_matches('%').parse().ok().filter(|p| *p <= 100)?,
            None => 0,
        };
        parts.next().is_none().then_some(Layout { order, ids, quoted_percent })
    }
}

/// The customer id `n` (1, 2, …) written as `kind`; distinct customers get distinct ids.
pub fn customer_id(kind: IdKind, n: u64, out: &mut Vec<u8>) {
    use std::io::Write;
    let _ = match kind {
        IdKind::Int => write!(out, "{n}"),
        IdKind::Padded if n.is_multiple_of(2) => write!(out, "{}", n / 2),
        IdKind::Padded => write!(out, "{:07}", n / 2),
        IdKind::Code => write!(out, "C{n:07}"),
        IdKind::Uuid => {
            // `mix` is a bijection, and all 64 bits of `a` are written: distinct ids.
            let (a, b) = (mix(n), mix(n ^ 0x5555_5555));
            write!(
                out,
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xFFFF,
                b & 0xFFF,
                0x8000 | ((b >> 12) & 0x3FFF),
                ((b >> 32) << 16 | (a & 0xFFFF)) & 0xFFFF_FFFF_FFFF
            )
        }
        IdKind::Email => {
            const NAMES: [&str; 8] =
                ["ivanov", "petrova", "smirnov", "kuznetsova", "popov", "sokolova", "lebedev", "kozlova"];
            const DOMAINS: [&str; 4] = ["mail.ru", "yandex.ru", "gmail.com", "bk.ru"];
            let h = mix(n);
            write!(out, "{}.{n}@{}", NAMES[(h % 8) as usize], DOMAINS[((h >> 8) % 4) as usize])
        }
        IdKind::Phone => {
            // A bijection of 0..10^9 (the multiplier is prime to 10).
            let d = (n % 1_000_000_000).wrapping_mul(2_654_435_761) % 1_000_000_000;
            let d = 9_000_000_000 + d;
            write!(out, "+7 ({}) {}-{:02}-{:02}", d / 10_000_000, (d / 10_000) % 1000, (d / 100) % 100, d % 100)
        }
    };
}

/// `orders.csv` (as generated: header `order_id,customer_id,order_date,…`) in `layout`.
pub fn reshape(orders: &[u8], layout: Layout, seed: u64) -> Vec<u8> {
    let mut lines = orders.split(|&b| b == b'\n').filter(|l| !l.is_empty());
    let header = lines.next().unwrap_or_default();
    let mut rows: Vec<&[u8]> = lines.collect();
    match layout.order {
        RowOrder::Customer => {}
        // order_date is the third field; ISO text sorts as time.
        RowOrder::Date => rows.sort_by_key(|l| l.split(|&b| b == b',').nth(2).unwrap_or_default()),
        RowOrder::Shuffled => Rng::new(seed ^ 0x1A70_u64).shuffle(&mut rows),
    }
    let mut rng = Rng::new(seed ^ 0x0707);
    let mut out = Vec::with_capacity(orders.len() * 2);
    out.extend_from_slice(header);
    out.push(b'\n');
    for row in rows {
        let quoted = rng.below(100) < u64::from(layout.quoted_percent);
        for (k, field) in row.split(|&b| b == b',').enumerate() {
            if k > 0 {
                out.push(b',');
            }
            // Excel quotes text; here: the customer id, date, status and channel.
            let text = matches!(k, 1..=4);
            if quoted && text {
                out.push(b'"');
            }
            if k == 1 {
                let n = std::str::from_utf8(field).ok().and_then(|t| t.parse().ok()).unwrap_or_default();
                customer_id(layout.ids, n, &mut out);
            } else {
                out.extend_from_slice(field);
            }
            if quoted && text {
                out.push(b'"');
            }
        }
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_every_kind_are_distinct() {
        for kind in [IdKind::Int, IdKind::Padded, IdKind::Code, IdKind::Uuid, IdKind::Email, IdKind::Phone] {
            let mut seen = std::collections::HashSet::new();
            for n in 1..=200_000 {
                let mut id = Vec::new();
                customer_id(kind, n, &mut id);
                assert!(!id.contains(&b',') && !id.contains(&b'"'), "{kind:?} {n}");
                assert!(seen.insert(id), "{kind:?} {n}");
            }
        }
        let id = |kind, n| {
            let mut v = Vec::new();
            customer_id(kind, n, &mut v);
            String::from_utf8(v).unwrap()
        };
        assert_eq!((id(IdKind::Padded, 24690), id(IdKind::Padded, 24691)), ("12345".into(), "0012345".into()));
        assert_eq!(id(IdKind::Code, 12345), "C0012345");
        assert!(id(IdKind::Phone, 7).starts_with("+7 (9"), "{}", id(IdKind::Phone, 7));
        assert_eq!(id(IdKind::Uuid, 1).len(), 36);
    }

    #[test]
    fn reshaping_keeps_every_row() {
        let orders = b"order_id,customer_id,order_date,status,channel,amount,return_of\n\
            1,1,2024-03-01 10:00:00,a,b,10.00,\n2,1,2024-01-01 10:00:00,a,b,5.00,\n3,2,2024-02-01 10:00:00,a,b,7.50,\n";
        let by_date = reshape(orders, Layout::parse("date,code,100").unwrap(), 1);
        assert_eq!(
            String::from_utf8(by_date).unwrap(),
            "order_id,customer_id,order_date,status,channel,amount,return_of\n\
             2,\"C0000001\",\"2024-01-01 10:00:00\",\"a\",\"b\",5.00,\n\
             3,\"C0000002\",\"2024-02-01 10:00:00\",\"a\",\"b\",7.50,\n\
             1,\"C0000001\",\"2024-03-01 10:00:00\",\"a\",\"b\",10.00,\n"
        );
        let shuffled = reshape(orders, Layout::parse("shuffled,int").unwrap(), 1);
        let mut a: Vec<&[u8]> = shuffled.split(|&b| b == b'\n').collect();
        let mut b: Vec<&[u8]> = orders.split(|&b| b == b'\n').collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(Layout::parse("bydate"), None);
        assert_eq!(Layout::parse("date,uuid,101"), None);
    }
}
