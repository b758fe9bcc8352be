//! The SQL console (F8) over the segmented table: the SQL editor in a sandbox that holds
//! the table `rfm`, rebuilt whenever the model changes. Its text is a scratchpad, not
//! part of the answer.

use crate::kinds::rfm::Segmented;
use crate::kinds::sql;

/// An SQL spec whose sandbox holds the segmented table `rfm`: one row per participant.
pub(super) fn console_spec(seg: &Segmented) -> sql::Spec {
    let mut setup = String::from(
        "CREATE TABLE rfm (participant_id TEXT PRIMARY KEY, recency_days INTEGER, frequency INTEGER, \
         monetary REAL, r INTEGER, f INTEGER, m INTEGER, segment TEXT);\n",
    );
    let quote = |t: &str| format!("'{}'", t.replace('\'', "''"));
    let rows: Vec<String> = seg
        .segmentation
        .rows(&seg.table)
        .map(|r| {
            format!(
                "({}, {}, {}, {:.2}, {}, {}, {}, {})",
                quote(&r.customer_id),
                r.recency_days,
                r.frequency,
                r.monetary as f64 / 100.0,
                r.r,
                r.f,
                r.m,
                quote(r.segment)
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        setup.push_str("INSERT INTO rfm VALUES ");
        setup.push_str(&chunk.join(", "));
        setup.push_str(";\n");
    }
    sql::Spec::console(setup)
}
