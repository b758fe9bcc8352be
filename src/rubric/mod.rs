//! The rubric matcher: which concepts a free-text answer names and which it lacks.
//!
//! A concept is a set of Russian words and phrases (synonyms), any one of which counts;
//! words are compared by stem ([`text`]), phrases word by word in order. A rubric asks
//! for concepts with weights (full credit at `need`, by default all of them) and may
//! name concepts that must not appear. What the learner is told names a concept only by
//! its `label`, written so as not to give the key words away; validation checks that
//! it does not.
//!
//! Pure and bounded: used by the free-text kinds' grading and, later, by reviewers'
//! tools.

pub mod text;

use serde::{Deserialize, Serialize};

pub use text::{MAX_MATCHED_WORDS, Stemmed, stems, word_count};

fn one() -> f64 {
    1.0
}

/// One idea an answer should (or must not) contain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// What the concept is about, shown to the learner without its key words
    /// («как часто приходят сообщения», not «частота»).
    pub label: String,
    /// Words and phrases, any of which counts («раз в неделю», «ежедневно», …).
    pub terms: Vec<String>,
    #[serde(default = "one")]
    pub weight: f64,
    /// The terms' stems, made once: a grader's import checks the same terms in every
    /// learner's every answer.
    #[serde(skip)]
    pub term_stems: TermStems,
}

/// [`Concept::terms`] stemmed, when first asked for. Not part of what a concept is: two
/// concepts with the same terms are equal whether or not either was stemmed yet.
#[derive(Debug, Clone, Default)]
pub struct TermStems(std::sync::OnceLock<Vec<Vec<String>>>);

impl PartialEq for TermStems {
    fn eq(&self, _: &TermStems) -> bool {
        true
    }
}

impl Concept {
    /// Each term's stems, in the order of [`Concept::terms`].
    fn stemmed_terms(&self) -> &[Vec<String>] {
        self.term_stems.0.get_or_init(|| self.terms.iter().map(|t| stems(t)).collect())
    }
}

/// The concepts asked of one cell or field: a column's and a cell's own, together.
#[derive(Debug, Clone, Default)]
pub struct Rubric<'a> {
    pub concepts: Vec<&'a Concept>,
    /// The weight that earns full credit; `None`: all the concepts' weight.
    pub need: Option<f64>,
    pub forbidden: Vec<&'a Concept>,
}

/// What a text holds of a rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched<'a> {
    pub found: Vec<&'a Concept>,
    pub missing: Vec<&'a Concept>,
    /// Concepts that must not appear and do.
    pub forbidden: Vec<&'a Concept>,
    /// 0..=1: the found weight over the needed weight, less the forbidden weight over
    /// it; 1 for a rubric without concepts unless something forbidden appears.
    pub credit: f64,
}

impl Matched<'_> {
    pub fn complete(&self) -> bool {
        self.credit >= 1.0 - 1e-9
    }
}

fn mentions(text: &Stemmed, concept: &Concept) -> bool {
    concept.stemmed_terms().iter().any(|stems| text.contains(stems))
}

impl<'a> Rubric<'a> {
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty() && self.forbidden.is_empty()
    }

    /// The weight that earns full credit, never more than there is nor below a trace.
    pub fn needed(&self) -> f64 {
        let total: f64 = self.concepts.iter().map(|c| c.weight).sum();
        self.need.map_or(total, |n| n.min(total)).max(f64::EPSILON)
    }

    pub fn check(&self, text: &Stemmed) -> Matched<'a> {
        let (found, missing): (Vec<&Concept>, Vec<&Concept>) = self.concepts.iter().partition(|c| mentions(text, c));
        let forbidden: Vec<&Concept> = self.forbidden.iter().copied().filter(|c| mentions(text, c)).collect();
        let needed = self.needed();
        let positive = if self.concepts.is_empty() {
            1.0
        } else {
            (found.iter().map(|c| c.weight).sum::<f64>() / needed).min(1.0)
        };
        let penalty = forbidden.iter().map(|c| c.weight).sum::<f64>() / needed.max(1.0);
        Matched { found, missing, forbidden, credit: (positive - penalty).clamp(0.0, 1.0) }
    }
}

/// What is wrong with a concept as written, for `validate`: an empty label or term list,
/// a term with no words, a weight that is not positive, and — for a concept the answer
/// should hold — a label that gives one of its words away (stems of five letters and
/// more: short ones are function words like «после»). A forbidden concept's label may
/// name its words: it is shown only when the learner wrote them.
pub fn concept_problems(concept: &Concept, forbidden: bool) -> Vec<String> {
    use crate::strings::freetext as msg;
    let mut problems = Vec::new();
    if concept.label.trim().is_empty() {
        problems.push(msg::SPEC_CONCEPT_NO_LABEL.to_owned());
    }
    if concept.terms.is_empty() {
        problems.push(msg::spec_concept_no_terms(&concept.label));
    }
    if !(concept.weight.is_finite() && concept.weight > 0.0) {
        problems.push(msg::spec_concept_weight(&concept.label));
    }
    let label = stems(&concept.label);
    for term in &concept.terms {
        let term_stems = stems(term);
        if term_stems.is_empty() {
            problems.push(msg::spec_concept_empty_term(&concept.label, term));
        } else if !forbidden {
            // A phrase gives itself away when the label holds all its significant stems.
            let significant: Vec<&String> = term_stems.iter().filter(|s| s.chars().count() > 4).collect();
            if !significant.is_empty() && significant.iter().all(|s| label.contains(s)) {
                let given: Vec<&str> = significant.iter().map(|s| s.as_str()).collect();
                problems.push(msg::spec_concept_label_gives_away(&concept.label, term, &given.join(" ")));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concept_stemmed_already_equals_one_not_stemmed_yet() {
        let a = concept("частота", &["раз в неделю", "ежедневно"], 1.0);
        let b = a.clone();
        assert_eq!(a.stemmed_terms(), [stems("раз в неделю"), stems("ежедневно")]);
        assert_eq!(a, b, "the stems are no part of the concept");
    }

    fn concept(label: &str, terms: &[&str], weight: f64) -> Concept {
        Concept {
            label: label.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            weight,
            term_stems: Default::default(),
        }
    }

    #[test]
    fn inflected_forms_of_a_term_find_one_concept() {
        let c = concept("кому адресовано", &["клиенты"], 1.0);
        let rubric = Rubric { concepts: vec![&c], ..Rubric::default() };
        for text in ["письма клиентов", "пишем клиентам", "работа с клиентами", "КЛИЕНТУ — подарок"]
        {
            assert_eq!(rubric.check(&Stemmed::new(text)).found, vec![&c], "{text}");
        }
        assert_eq!(rubric.check(&Stemmed::new("покупателям")).missing, vec![&c]);
    }

    #[test]
    fn synonyms_weights_need_and_forbidden_concepts() {
        let channel = concept("как доставляется сообщение", &["email", "электронное письмо", "смс", "sms"], 2.0);
        let time = concept("как часто", &["раз в неделю", "ежемесячно"], 1.0);
        // «подарок» and «подарки» stem differently (a fleeting vowel): a rubric lists both.
        let gift = concept("чем порадовать", &["подарок", "подарки", "бонус"], 1.0);
        let mass = concept("скидки всем подряд обесценивают статус", &["скидка всем"], 1.0);
        let rubric = Rubric { concepts: vec![&channel, &time, &gift], need: Some(3.0), forbidden: vec![&mass] };

        let m = rubric.check(&Stemmed::new("Электронные письма раз в неделю"));
        assert_eq!((m.found.len(), m.missing.clone()), (2, vec![&gift]));
        assert!(m.complete(), "need 3 of 4: {m:?}");

        let m = rubric.check(&Stemmed::new("СМС с подарком"));
        assert!((m.credit - 1.0).abs() < 1e-9);

        let m = rubric.check(&Stemmed::new("подарок"));
        assert!((m.credit - 1.0 / 3.0).abs() < 1e-9);

        let m = rubric.check(&Stemmed::new("sms: скидки всем участникам раз в неделю"));
        assert_eq!(m.forbidden, vec![&mass]);
        assert!((m.credit - (1.0 - 1.0 / 3.0)).abs() < 1e-9, "{m:?}");
    }

    #[test]
    fn a_rubric_without_concepts_gives_full_credit_unless_forbidden() {
        let bad = concept("обещание, которое нельзя проверить", &["лучший в мире"], 1.0);
        let rubric = Rubric { forbidden: vec![&bad], ..Rubric::default() };
        assert!(rubric.check(&Stemmed::new("что угодно")).complete());
        assert_eq!(rubric.check(&Stemmed::new("Лучший в мире сервис")).credit, 0.0);
    }

    #[test]
    fn labels_must_not_give_the_key_words_away() {
        assert_eq!(
            concept_problems(&concept("как часто", &["раз в неделю", "ежедневно"], 1.0), false),
            Vec::<String>::new()
        );
        let given = concept_problems(&concept("частота рассылок", &["частота"], 1.0), false);
        assert_eq!(concept_problems(&concept("частота рассылок", &["частота"], 1.0), true), Vec::<String>::new());
        assert_eq!(given.len(), 1, "{given:?}");
        assert!(given[0].contains("частот"), "{given:?}");
        assert_eq!(concept_problems(&concept("", &[], 0.0), false).len(), 3);
        assert_eq!(concept_problems(&concept("x", &["—"], 1.0), false).len(), 1);
        assert_eq!(concept_problems(&concept("то, что после", &["после покупки"], 1.0), false), Vec::<String>::new());
        assert_eq!(concept_problems(&concept("одна покупка", &["вторая покупка"], 1.0), false).len(), 1);
        assert_eq!(
            concept_problems(&concept("одна покупка", &["повторная покупка"], 1.0), false),
            Vec::<String>::new()
        );
    }
}
