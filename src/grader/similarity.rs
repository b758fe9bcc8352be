//! Likely copying, flagged for the reviewer (never a score change):
//! - near-identical texts and SQL between two learners: the answer's text is cut into
//!   tokens (words, numbers, single punctuation marks; SQL comments dropped, case
//!   ignored), the tokens into overlapping [`SHINGLE`]-token shingles, and two answers
//!   whose shingle sets have a Jaccard similarity (shared ÷ all) of at least
//!   [`THRESHOLD`] are flagged. Answers with fewer than [`MIN_SHINGLES`] shingles are too
//!   short to tell copying from the one obvious answer and are left out;
//! - identical answers where each learner had their own variant: both were graded, each
//!   in their own variant, so the same answer's two scores say where it fits; when it
//!   earns more in the other learner's variant than in its author's own, it was made for
//!   someone else's numbers. No answer is graded again for this.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::sheet::Book;
use crate::course::Course;
use crate::kinds::stable_hash;

/// Jaccard similarity from which two answers are flagged.
pub const THRESHOLD: f64 = 0.8;
/// Tokens per shingle.
pub const SHINGLE: usize = 3;
/// Shingles an answer needs to be compared at all (about eight words).
pub const MIN_SHINGLES: usize = 6;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Why {
    /// Near-identical text (Jaccard similarity of shingles).
    SimilarText { similarity: f64 },
    /// `b` gave `a`'s answer, which fits `a`'s variant better than `b`'s own:
    /// `b_earned_own` in their variant, `b_earned_in_a` in `a`'s.
    AnswerForOtherVariant { b_earned_own: f64, b_earned_in_a: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyFlag {
    pub exercise_id: String,
    pub a: String,
    pub b: String,
    pub why: Why,
}

/// The words of an answer worth comparing: every string in its JSON with a space in it
/// (SQL, free text), joined. Ids of cards and options have no spaces and are left out.
pub fn answer_text(answer: &serde_json::Value) -> String {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if s.trim().contains(char::is_whitespace) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut parts = Vec::new();
    walk(answer, &mut parts);
    parts.join("\n")
}

/// Lowercased tokens with SQL comments dropped.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    while let Some(c) = chars.next() {
        if c == '-' && chars.peek() == Some(&'-') {
            flush(&mut word, &mut out);
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else if c == '/' && chars.peek() == Some(&'*') {
            flush(&mut word, &mut out);
            chars.next();
            let mut prev = ' ';
            for c in chars.by_ref() {
                if prev == '*' && c == '/' {
                    break;
                }
                prev = c;
            }
        } else if c.is_alphanumeric() || c == '_' {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

pub fn shingles(text: &str) -> BTreeSet<u64> {
    let tokens = tokens(text);
    tokens
        .windows(SHINGLE)
        .map(|w| {
            let parts: Vec<&[u8]> = w.iter().flat_map(|t| [t.as_bytes(), b"\x1f".as_slice()]).collect();
            stable_hash(&parts)
        })
        .collect()
}

pub fn jaccard(a: &BTreeSet<u64>, b: &BTreeSet<u64>) -> f64 {
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    if all == 0 { 0.0 } else { shared as f64 / all as f64 }
}

/// Every likely copy among the learners' scored answers (the attempt each cell's score
/// comes from).
pub fn find_copies(course: &Course, book: &Book) -> Vec<CopyFlag> {
    let by_id: BTreeMap<i64, &super::gradebook::AttemptRow> = book.attempts.iter().map(|a| (a.id, a)).collect();
    let mut flags = Vec::new();
    for exercise in &course.exercises {
        let answers: Vec<(&super::gradebook::LearnerRow, &super::gradebook::AttemptRow)> = book
            .learners
            .iter()
            .filter_map(|l| book.cell(&l.id, exercise).best_attempt.and_then(|id| by_id.get(&id)).map(|a| (l, *a)))
            .collect();
        let texts: Vec<BTreeSet<u64>> = answers.iter().map(|(_, a)| shingles(&answer_text(&a.answer))).collect();
        for i in 0..answers.len() {
            for j in i + 1..answers.len() {
                let ((la, aa), (lb, ab)) = (answers[i], answers[j]);
                if aa.answer_hash == ab.answer_hash && aa.variant != ab.variant {
                    // The same answer, graded in each one's variant: it belongs to the
                    // variant where it earns more.
                    let (ea, eb) = (aa.verdict.earned, ab.verdict.earned);
                    if (ea - eb).abs() > 1e-9 {
                        let ((lhi, ehi), (llo, elo)) =
                            if ea > eb { ((la, ea), (lb, eb)) } else { ((lb, eb), (la, ea)) };
                        flags.push(CopyFlag {
                            exercise_id: exercise.id.clone(),
                            a: lhi.id.clone(),
                            b: llo.id.clone(),
                            why: Why::AnswerForOtherVariant { b_earned_own: elo, b_earned_in_a: ehi },
                        });
                        continue;
                    }
                }
                if texts[i].len() < MIN_SHINGLES || texts[j].len() < MIN_SHINGLES {
                    continue;
                }
                let similarity = jaccard(&texts[i], &texts[j]);
                if similarity >= THRESHOLD {
                    flags.push(CopyFlag {
                        exercise_id: exercise.id.clone(),
                        a: la.id.clone(),
                        b: lb.id.clone(),
                        why: Why::SimilarText { similarity: (similarity * 100.0).round() / 100.0 },
                    });
                }
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_identical_sql_is_close_and_different_sql_is_not() {
        let a = shingles("SELECT name, city FROM customers WHERE city = 'Москва' ORDER BY name; -- мой запрос");
        let b = shingles("select name , city\nfrom customers\nwhere city = 'Москва'\norder by name;");
        let c = shingles("SELECT city, COUNT(*) AS n FROM orders JOIN customers USING (customer_id) GROUP BY city");
        assert!(a.len() >= MIN_SHINGLES);
        assert_eq!(jaccard(&a, &b), 1.0, "case, layout and comments do not matter");
        assert!(jaccard(&a, &c) < 0.2);
        let d = shingles("SELECT name, city FROM customers WHERE city = 'Москва' ORDER BY name DESC");
        let j = jaccard(&a, &d);
        assert!(j >= THRESHOLD, "one word added: {j}");
    }

    #[test]
    fn only_strings_with_spaces_are_text() {
        let v = serde_json::json!({"kind": "grid", "cells": {"r1/c1": ["a", "b"]}, "note": "два слова"});
        assert_eq!(answer_text(&v), "два слова");
    }
}
