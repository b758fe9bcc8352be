//! `form`: named typed fields (a persona card, a case's answers). Each field is worth
//! its weight (see [`super`] for one value's credit); a persona form also checks that
//! the persona is possible in the learner's RFM group ([`super::persona`]), one unit per
//! check. With `review = true` a form whose fields are all filled and well-formed goes
//! to the instructor: its points are provisional and its status «ждёт проверки».

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::persona::{self, PersonaCheck};
use super::{Field, FieldType, Parsed, check_value, read_values};
use crate::data::rfm::ModelSpec;
use crate::kinds::{Finding, GradeCtx, Kind, Outcome, Place, Validator, unique_ids};
use crate::strings::freetext as msg;

pub struct Form;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The learner's answer waits for an instructor; the automatic points are provisional.
    #[serde(default)]
    pub review: bool,
    pub fields: Spanned<Vec<Field>>,
    /// Ties the form to one of the learner's RFM groups (a persona card).
    #[serde(default)]
    pub persona: Option<PersonaCheck>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Field id → the value as typed.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// The learner's RFM model from `pp2.rfm`, for a persona form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfm_model: Option<ModelSpec>,
}

/// The key of an answer file that holds the RFM model rather than a field.
const MODEL_KEY: &str = "rfm_model";

/// The place of a field in findings (`field:ID` in stored verdicts).
pub fn at_field(id: &str) -> Place {
    Place::Field(id.to_owned())
}

impl Spec {
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.get_ref().iter().find(|f| f.id.get_ref() == id)
    }
}

impl Kind for Form {
    const LABEL: &'static str = msg::KIND_FORM;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        let ids = unique_ids(v, "fields", spec.fields.get_ref().iter().map(|f| &f.id));
        if ids.is_empty() {
            v.error(Some(spec.fields.span()), msg::SPEC_NO_FIELDS);
        }
        if ids.contains(MODEL_KEY) {
            v.error(Some(spec.fields.span()), msg::spec_reserved_field(MODEL_KEY));
        }
        for field in spec.fields.get_ref() {
            field.validate(v);
        }
        if let Some(p) = &spec.persona {
            let wanted = [
                (Some(&p.group_field), FieldType::Choice),
                (p.age_field.as_ref(), FieldType::Number),
                (p.city_field.as_ref(), FieldType::Text),
            ];
            for (id, ty) in wanted {
                let Some(id) = id else { continue };
                match spec.field(id.get_ref()) {
                    None => v.error(Some(id.span()), msg::spec_unknown_field(id.get_ref())),
                    Some(f) if f.ty != ty => v.error(Some(id.span()), msg::spec_rule_column_type(id.get_ref(), ty)),
                    Some(_) => {}
                }
            }
            if !(8..=100_000).contains(&p.participants) {
                v.error(Some(p.group_field.span()), crate::strings::rfm::spec_participants(p.participants));
            }
        }
    }

    fn grade(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
        let mut findings = Vec::new();
        for key in answer.fields.keys().filter(|k| spec.field(k).is_none()) {
            findings.push(Finding::note(msg::unknown_field(key)));
        }
        let (mut earned, mut possible, mut ready) = (0.0, 0.0, true);
        let mut parsed = BTreeMap::new();
        for field in spec.fields.get_ref() {
            let id = field.id.get_ref().as_str();
            let value = answer.fields.get(id).map_or("", String::as_str);
            let checked = check_value(field, &field.rubric(None), value, &at_field(id));
            possible += field.weight;
            earned += checked.credit * field.weight;
            ready &= checked.ready;
            findings.extend(checked.findings);
            parsed.insert(id, checked.parsed);
        }
        if let Some(p) = &spec.persona {
            let group =
                spec.field(p.group_field.get_ref()).and_then(|field| match parsed.get(field.id.get_ref().as_str()) {
                    Some(Parsed::Choice(id)) => {
                        field.options.iter().find(|o| o.id.get_ref() == id).map(|o| o.title.as_str())
                    }
                    _ => None,
                });
            let c = persona::check(p, group, &parsed, &answer.fields, answer.rfm_model.as_ref(), ctx.variant);
            possible += c.possible as f64;
            earned += c.passed as f64;
            ready &= c.passed == c.possible;
            findings.extend(c.findings);
        }
        if spec.review && ready {
            findings.push(Finding::note(msg::SENT_FOR_REVIEW));
        }
        Outcome { earned, possible: possible.max(1.0), findings, needs_review: spec.review && ready }
    }

    fn parse_answer_file(text: &str) -> Result<Answer, String> {
        let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| crate::course::toml_error_message(text, &e))?;
        let rfm_model = match table.iter().find(|(k, _)| k.get_ref() == MODEL_KEY) {
            None => None,
            Some((_, value)) => Some(value.get_ref().clone().try_into::<ModelSpec>().map_err(|e| {
                let (line, column) = crate::course::line_column(text, value.span().start);
                format!("{line}:{column}: {}", crate::strings::course::toml_error(e.message()))
            })?),
        };
        Ok(Answer { fields: read_values(text, &table, &[MODEL_KEY])?, rfm_model })
    }

    fn place_label(spec: &Spec, at: &Place) -> Option<String> {
        let Place::Field(id) = at else { return None };
        Some(spec.field(id)?.title.clone())
    }
}
