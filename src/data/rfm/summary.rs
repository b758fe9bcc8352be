//! The sales map («карта продаж»): per segment the customers and their share, revenue
//! and its share, orders, average check, mean recency and frequency.

use super::{Segmentation, Table};

#[derive(Debug, Clone, PartialEq)]
pub struct SegmentFigures {
    pub name: String,
    pub customers: u64,
    /// Percent of all customers.
    pub customer_share: f64,
    /// Kopecks.
    pub revenue: i64,
    /// Percent of all revenue (0 when the total is not positive).
    pub revenue_share: f64,
    pub orders: u64,
    /// Rubles per order: revenue / orders (0 without orders).
    pub average_check: f64,
    pub mean_recency_days: f64,
    pub mean_frequency: f64,
}

/// Segments in the model's order; the fallback only when someone is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesMap {
    pub segments: Vec<SegmentFigures>,
    pub total: SegmentFigures,
}

impl SalesMap {
    pub fn get(&self, name: &str) -> Option<&SegmentFigures> {
        self.segments.iter().find(|s| s.name == name)
    }
}

pub fn sales_map(table: &Table, seg: &Segmentation) -> SalesMap {
    #[derive(Default, Clone, Copy)]
    struct Sums {
        customers: u64,
        revenue: i128,
        orders: u64,
        recency: i128,
    }
    let mut sums = vec![Sums::default(); seg.names.len()];
    for i in 0..table.len() {
        let s = &mut sums[usize::from(seg.segment[i])];
        s.customers += 1;
        s.revenue += i128::from(table.monetary[i]);
        s.orders += u64::from(table.frequency[i]);
        s.recency += i128::from(table.recency_days[i]);
    }
    let total = sums.iter().fold(Sums::default(), |a, s| Sums {
        customers: a.customers + s.customers,
        revenue: a.revenue + s.revenue,
        orders: a.orders + s.orders,
        recency: a.recency + s.recency,
    });
    let figures = |name: &str, s: &Sums| {
        let per = |x: f64, n: u64| if n == 0 { 0.0 } else { x / n as f64 };
        SegmentFigures {
            name: name.to_owned(),
            customers: s.customers,
            customer_share: per(100.0 * s.customers as f64, total.customers),
            revenue: s.revenue.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
            revenue_share: if total.revenue > 0 { 100.0 * s.revenue as f64 / total.revenue as f64 } else { 0.0 },
            orders: s.orders,
            average_check: per(s.revenue as f64 / 100.0, s.orders),
            mean_recency_days: per(s.recency as f64, s.customers),
            mean_frequency: per(s.orders as f64, s.customers),
        }
    };
    let segments = seg
        .names
        .iter()
        .zip(&sums)
        .enumerate()
        .filter(|(k, (_, s))| *k != seg.fallback || s.customers > 0)
        .map(|(_, (name, s))| figures(name, s))
        .collect();
    SalesMap { segments, total: figures(crate::strings::rfm::TOTAL, &total) }
}
