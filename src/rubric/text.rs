//! Free text as the rubric sees it: normalised (case, ё/е, punctuation, invisible and
//! combining marks), split into words, each word reduced to its stem by the Snowball
//! Russian stemmer (`rust-stemmers`), so that «клиентов», «клиентам» and «клиентами»
//! are one word.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// Words past this many are not matched (they are still counted): a cell of a few
/// hundred words is the most any exercise asks for, and a pasted book must not make
/// grading slow.
pub const MAX_MATCHED_WORDS: usize = 5_000;

/// Longer words are cut: no real word is this long, and the stemmer's work stays small.
const MAX_WORD_CHARS: usize = 64;

/// Characters that do not show and must not split a word: soft hyphen, zero-width
/// spaces and joiners, direction marks and embeddings, the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// Walks the words of `text`, lowercased, with ё as е, and calls `word` with each.
/// A combining breve after «и» makes «й»; other combining marks (a decomposed «ё», an
/// accent over a stressed vowel) are dropped.
fn for_each_word(text: &str, mut word: impl FnMut(&str) -> bool) {
    let mut current = String::new();
    let mut chars_in_word = 0usize;
    let mut flush = |current: &mut String, chars_in_word: &mut usize| -> bool {
        let go_on = current.is_empty() || word(current);
        current.clear();
        *chars_in_word = 0;
        go_on
    };
    for c in text.chars() {
        if is_invisible(c) {
            continue;
        }
        if is_combining(c) {
            if c == '\u{306}' && current.ends_with('и') {
                current.pop();
                current.push('й');
            }
            continue;
        }
        if c.is_alphanumeric() {
            if chars_in_word < MAX_WORD_CHARS {
                for l in c.to_lowercase() {
                    current.push(if l == 'ё' { 'е' } else { l });
                }
            }
            chars_in_word += 1;
        } else if !flush(&mut current, &mut chars_in_word) {
            return;
        }
    }
    flush(&mut current, &mut chars_in_word);
}

/// The number of words in `text` (letters and digits between anything else). Linear,
/// no allocation per word: safe on megabytes.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_invisible(c) || is_combining(c) {
            continue;
        }
        let letter = c.is_alphanumeric();
        if letter && !in_word {
            count += 1;
        }
        in_word = letter;
    }
    count
}

fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::Russian)
}

/// The stems of a term or phrase of a rubric, in order.
pub fn stems(text: &str) -> Vec<String> {
    let stemmer = stemmer();
    let mut out = Vec::new();
    for_each_word(text, |w| {
        out.push(stemmer.stem(w).into_owned());
        true
    });
    out
}

/// A learner's text ready for matching: the stems of its first [`MAX_MATCHED_WORDS`]
/// words and where each stem stands.
#[derive(Debug, Default)]
pub struct Stemmed {
    stems: Vec<String>,
    at: HashMap<String, Vec<usize>>,
    /// More words than were matched.
    pub truncated: bool,
}

impl Stemmed {
    pub fn new(text: &str) -> Stemmed {
        let stemmer = stemmer();
        let mut s = Stemmed::default();
        for_each_word(text, |w| {
            if s.stems.len() == MAX_MATCHED_WORDS {
                s.truncated = true;
                return false;
            }
            let stem = stemmer.stem(w).into_owned();
            s.at.entry(stem.clone()).or_default().push(s.stems.len());
            s.stems.push(stem);
            true
        });
        s
    }

    /// Does the text hold these stems one after another?
    pub fn contains(&self, phrase: &[String]) -> bool {
        let Some((first, rest)) = phrase.split_first() else { return false };
        self.at.get(first).is_some_and(|starts| {
            starts.iter().any(|&i| rest.iter().enumerate().all(|(k, stem)| self.stems.get(i + 1 + k) == Some(stem)))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_one_stem() {
        let forms = ["клиент", "клиенты", "клиентов", "клиентам", "клиентами", "клиенту", "КЛИЕНТАХ"];
        let all: Vec<Vec<String>> = forms.iter().map(|f| stems(f)).collect();
        for (form, s) in forms.iter().zip(&all) {
            assert_eq!(s, &all[0], "{form}");
        }
        assert_eq!(stems("рассылка рассылки рассылкой"), vec!["рассылк"; 3]);
    }

    #[test]
    fn case_yo_punctuation_and_invisible_marks_do_not_matter() {
        assert_eq!(stems("Ещё!"), stems("еще"));
        assert_eq!(stems("«Лояльные», — клиенты..."), stems("лояльные клиенты"));
        // a soft hyphen and a zero-width space inside a word, a right-to-left mark before it
        assert_eq!(stems("\u{200f}кли\u{ad}ен\u{200b}тов"), stems("клиентов"));
        // «й» and «ё» typed as a letter and a combining mark
        assert_eq!(stems("новыи\u{306}"), stems("новый"));
        assert_eq!(stems("пое\u{308}м"), stems("поем"));
    }

    #[test]
    fn phrases_match_only_in_order_and_adjacent() {
        let text = Stemmed::new("Напоминаем: ваши баллы сгорают через неделю, успейте обменять их на скидку.");
        assert!(text.contains(&stems("баллы сгорают")));
        assert!(text.contains(&stems("балл")));
        assert!(text.contains(&stems("скидки")));
        assert!(!text.contains(&stems("сгорают баллы")));
        assert!(!text.contains(&stems("баллы неделю")));
        assert!(!text.contains(&[]));
    }

    #[test]
    fn words_are_counted_on_any_text_and_matched_up_to_a_bound() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  ,,, — "), 0);
        assert_eq!(word_count("раз в 2 недели, e-mail"), 6);
        let huge = "слово ".repeat(MAX_MATCHED_WORDS + 10);
        assert_eq!(word_count(&huge), MAX_MATCHED_WORDS + 10);
        let s = Stemmed::new(&huge);
        assert!(s.truncated);
        assert_eq!(s.stems.len(), MAX_MATCHED_WORDS);
        let long_word = "а".repeat(100_000);
        assert!(Stemmed::new(&long_word).stems[0].chars().count() <= MAX_WORD_CHARS);
    }
}
