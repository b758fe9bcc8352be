//! A persona tied to one of the learner's RFM groups (ПП2, «Метод персонажей»): the
//! persona's age and city must be possible in that group of the learner's own variant of
//! the loyalty case — age within the group's birth years, city among its members' cities.
//!
//! The groups are the learner's segmentation when the answer carries their model from
//! `pp2.rfm` (the editor copies it), else the course's reference model `course7`. The
//! variant is the learner's through the exercise's `variant_group` (`pp2.loyalty`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Parsed, fold};
use crate::data::generate::loyalty;
use crate::data::rfm::{self, ModelSpec};
use crate::kinds::{Finding, Place};
use crate::strings::freetext as msg;

fn participants_default() -> u64 {
    750
}

/// Which fields of the form the check reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaCheck {
    /// Participants of the learner's variant (as in `pp2.rfm`).
    #[serde(default = "participants_default")]
    pub participants: u64,
    /// A choice field whose option titles are the groups' names.
    pub group_field: Spanned<String>,
    #[serde(default)]
    pub age_field: Option<Spanned<String>>,
    #[serde(default)]
    pub city_field: Option<Spanned<String>>,
}

/// The facts of one group in the learner's variant.
struct Group {
    members: usize,
    birth_years: Option<(i32, i32)>,
    /// Folded city → as written, with the number of members from it.
    cities: BTreeMap<String, (&'static str, usize)>,
}

/// The learner's group `name` under `model` (or course7) on variant `variant`.
fn group(model: Option<&ModelSpec>, name: &str, variant: u64, participants: u64) -> Result<Group, String> {
    let reference;
    let model = match model {
        Some(m) => m,
        None => {
            reference = toml::from_str::<ModelSpec>(rfm::model::COURSE7).map_err(|e| e.to_string())?;
            &reference
        }
    };
    let model = model.compile().map_err(|e| e.join("; "))?;
    let table = rfm::loyalty_table_shared(variant, participants).map_err(|e| e.to_string())?;
    let segmentation = rfm::segment(&table, &model);
    let data = loyalty::shared(variant, participants);
    let by_id: BTreeMap<u64, &loyalty::Participant> = data.participants.iter().map(|p| (p.id, p)).collect();
    let wanted = fold(name);
    let mut g = Group { members: 0, birth_years: None, cities: BTreeMap::new() };
    for (i, &s) in segmentation.segment.iter().enumerate() {
        let in_group = segmentation.names.get(usize::from(s)).is_some_and(|n| fold(n) == wanted);
        let Some(p) = table.ids.display(i).parse::<u64>().ok().and_then(|id| by_id.get(&id)) else { continue };
        if !in_group {
            continue;
        }
        g.members += 1;
        if let Some(y) = p.birth_year {
            g.birth_years = Some(g.birth_years.map_or((y, y), |(lo, hi)| (lo.min(y), hi.max(y))));
        }
        g.cities.entry(city_key(p.city)).or_insert((p.city, 0)).1 += 1;
    }
    Ok(g)
}

/// A city as compared: folded, without «г.» and hyphens written as spaces.
fn city_key(city: &str) -> String {
    let f = fold(city);
    let f = f.strip_prefix("город ").or_else(|| f.strip_prefix("г.")).or_else(|| f.strip_prefix("г ")).unwrap_or(&f);
    f.trim().replace('-', " ")
}

/// The checks' findings and how many of `possible` passed.
pub struct Consistency {
    pub findings: Vec<Finding>,
    pub passed: usize,
    pub possible: usize,
}

/// Checks the persona's age and city against the group the form names.
/// `group` is the title of the option chosen in the group field (`None`: not chosen,
/// and the field's own finding says so).
pub fn check(
    spec: &PersonaCheck,
    group_name: Option<&str>,
    fields: &BTreeMap<&str, Parsed>,
    values: &BTreeMap<String, String>,
    model: Option<&ModelSpec>,
    variant: u64,
) -> Consistency {
    let possible = usize::from(spec.age_field.is_some()) + usize::from(spec.city_field.is_some());
    let mut out = Consistency { findings: Vec::new(), passed: 0, possible };
    let Some(name) = group_name else { return out };
    let group_at = Place::Field(spec.group_field.get_ref().clone());
    let g = match group(model, name, variant, spec.participants) {
        Ok(g) => g,
        Err(e) => {
            out.findings.push(Finding::wrong(group_at, msg::persona_model_problem(&e)));
            return out;
        }
    };
    if g.members == 0 {
        out.findings.push(Finding::wrong(group_at, msg::persona_empty_group(name)));
        return out;
    }
    if let Some(field) = &spec.age_field
        && let Some(Parsed::Number(age)) = fields.get(field.get_ref().as_str())
    {
        let at = Place::Field(field.get_ref().clone());
        let year = chrono::Datelike::year(&loyalty::as_of());
        match g.birth_years {
            // Born in year y, one is y's age or a year younger on the as-of date.
            Some((lo, hi)) if *age >= f64::from(year - hi - 1) && *age <= f64::from(year - lo) => {
                out.passed += 1;
                out.findings.push(Finding::correct(at, msg::persona_age_fits(name, year - hi - 1, year - lo)));
            }
            Some((lo, hi)) => {
                out.findings.push(Finding::wrong(at, msg::persona_age_outside(name, *age, year - hi - 1, year - lo)));
            }
            None => out.passed += 1,
        }
    }
    if let Some(field) = &spec.city_field
        && let Some(city) = values.get(field.get_ref()).filter(|c| !c.trim().is_empty())
    {
        let at = Place::Field(field.get_ref().clone());
        if g.cities.contains_key(&city_key(city)) {
            out.passed += 1;
            out.findings.push(Finding::correct(at, msg::persona_city_fits(name, g.cities.len())));
        } else {
            let mut top: Vec<(&str, usize)> = g.cities.values().copied().collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let top: Vec<&str> = top.iter().take(3).map(|(c, _)| *c).collect();
            out.findings.push(Finding::wrong(at, msg::persona_city_outside(name, city.trim(), &top)));
        }
    }
    out
}
