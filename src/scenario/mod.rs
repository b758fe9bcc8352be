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

use crate::data::generate::calendar;

/// The period a run covers by default: the last year of the course's shop data.
pub fn default_period() -> (i64, i64) {
    (i64::from(calendar::day(2024, 7, 1)) * data::DAY, i64::from(calendar::day(2025, 7, 1)) * data::DAY)
}

/// A run: the data loaded for the scenario, the scenario bound to it, the results.
pub struct Launched {
    pub data: data::Data,
    pub scenario: Scenario,
    pub results: sim::Results,
}

/// Loads what the scenario needs and runs it. The error is a Russian message (a file
/// and line for bad data, or a channel the data has no sends of).
pub fn launch(sc: &Scenario, files: &dyn data::Files, set: &sim::Settings) -> Result<Launched, String> {
    let rfm = match sc.rfm_model.as_str() {
        "classic" => "classic",
        _ => "course7",
    };
    let need = data::Need { from: set.from, site: sc.uses_site(), rfm: sc.uses_rfm().then_some(rfm) };
    let data = data::load(files, need)?;
    if let Some(c) = report::channels_without_data(sc, &data).first() {
        return Err(crate::strings::scenario::channel_without_data(c.key()));
    }
    let scenario = sim::bind(sc, &data);
    let results = sim::run(&scenario, &data, set);
    Ok(Launched { data, scenario, results })
}

#[cfg(test)]
mod tests;
