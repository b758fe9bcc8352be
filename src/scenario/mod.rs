//! Trigger scenarios: the file format students write (docs/scenarios.md), its checks
//! with every error at its line and column, and the simulator that «launches» a scenario
//! on the course's shop data.
//!
//! Data flows one way: text → [`check::parse`] → [`model::Scenario`] → [`data::load`] +
//! [`sim::run`] → [`report`]. Nothing here does terminal I/O.

pub mod check;
pub mod condition;
pub mod data;
pub mod edit;
pub mod file;
pub mod model;
pub mod report;
pub mod sim;
pub mod tables;
pub mod vocab;

pub use check::{Issue, parse};
pub use model::Scenario;

use std::sync::Arc;

use crate::base::hash::stable_hash;
use crate::base::memo::Memo;
use crate::data::generate::calendar;

/// The period a run covers by default: the last year of the course's shop data.
pub fn default_period() -> (i64, i64) {
    (i64::from(calendar::day(2024, 7, 1)) * data::DAY, i64::from(calendar::day(2025, 7, 1)) * data::DAY)
}

/// A run: the data loaded for the scenario, the scenario bound to it, the results.
pub struct Launched {
    pub data: Arc<data::Data>,
    pub scenario: Scenario,
    pub results: sim::Results,
}

/// Loads what the scenario needs and runs it. The error is a Russian message (a file
/// and line for bad data, or a channel the data has no sends of).
pub fn launch(sc: &Scenario, files: &dyn data::Files, set: &sim::Settings) -> Result<Launched, String> {
    let data = Arc::new(data::load(files, need(sc, set))?);
    launch_on(sc, data, set)
}

/// [`launch`] on a learner's variant of the shop (`customers` of them, generated for
/// `seed`): generated and loaded once while the variant is in use, since grading a
/// learner's every attempt and part launches on the same shop.
pub fn launch_generated(sc: &Scenario, seed: u64, customers: u64, set: &sim::Settings) -> Result<Launched, String> {
    static MEMO: Memo<data::Data> = Memo::new();
    let need = need(sc, set);
    let key = stable_hash(&[
        b"scenario shop",
        &seed.to_le_bytes(),
        &customers.to_le_bytes(),
        &need.from.to_le_bytes(),
        &[u8::from(need.site)],
        need.rfm.unwrap_or("").as_bytes(),
    ]);
    let data = MEMO.get_or_try(key, false, || data::generated(seed, customers, need))?;
    launch_on(sc, data, set)
}

/// What the scenario needs loaded.
fn need(sc: &Scenario, set: &sim::Settings) -> data::Need {
    let rfm = match sc.rfm_model.as_str() {
        "classic" => "classic",
        _ => "course7",
    };
    data::Need { from: set.from, site: sc.uses_site(), rfm: sc.uses_rfm().then_some(rfm) }
}

fn launch_on(sc: &Scenario, data: Arc<data::Data>, set: &sim::Settings) -> Result<Launched, String> {
    if let Some(c) = report::channels_without_data(sc, &data).first() {
        return Err(crate::strings::scenario::channel_without_data(c.key()));
    }
    let scenario = sim::bind(sc, &data);
    let results = sim::run(&scenario, &data, set);
    Ok(Launched { data, scenario, results })
}

#[cfg(test)]
mod tests;
