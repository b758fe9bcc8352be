//! `grid`: cards placed into the cells of a table. Serves tables to fill, matching
//! (one column) and categorisation (one row).
//!
//! Scoring (documented for instructors in docs/authoring.md):
//! - every cell the key names is worth one point; with `row_headers = "cards"` every
//!   row's header cell is worth one point too;
//! - a cell that should hold k cards earns `max(0, right − extra) / k`: each right card
//!   earns 1/k, each extra card (wrong, unknown, or expected nowhere) takes 1/k back;
//! - a cell the key names with an empty list must stay empty: one point if it does;
//! - a cell the key does not name must stay empty too: each such cell holding cards
//!   takes one point off the total (never below zero);
//! - with `row_headers = "cards"` the learner's rows are matched to the key's rows by
//!   the header card placed in them, in any order; a row without a valid header card (or
//!   with one another row already took) earns nothing for its cells.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Finding, GradeCtx, Kind, Outcome, Place, Validator, unique_ids};
use crate::strings::grading as msg;

pub struct Grid;

/// The column id of the row-header cells with `row_headers = "cards"`.
pub const HEADER: &str = "header";

/// How the rows of the table are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowHeaders {
    /// Each row shows its `title`.
    #[default]
    Fixed,
    /// The learner places a header card in each row (column `header`); rows may come in
    /// any order and are matched to the key by their header card.
    Cards,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub id: Spanned<String>,
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: Spanned<String>,
    pub text: String,
}

/// One row of the key: column id (or `header`) → the cards that belong in that cell.
pub type KeyRow = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Heading of the row-header column (e.g. «Маркетинговый подход»).
    #[serde(default)]
    pub corner: String,
    #[serde(default)]
    pub row_headers: RowHeaders,
    pub rows: Spanned<Vec<Line>>,
    pub columns: Spanned<Vec<Line>>,
    pub cards: Spanned<Vec<Card>>,
    /// May one card stand in several cells?
    #[serde(default)]
    pub reuse: bool,
    /// Row id → (column id, or `header` with `row_headers = "cards"`) → the cards that
    /// belong there. A cell the key does not name must stay empty.
    pub key: Spanned<BTreeMap<Spanned<String>, Spanned<KeyRow>>>,
}

/// The learner's table: `ROW/COL` (or `ROW/header`) → the cards placed there.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default)]
    pub cells: BTreeMap<String, Vec<String>>,
}

/// The answer key of a cell, `ROW/COL`.
pub fn cell_key(row: &str, column: &str) -> String {
    format!("{row}/{column}")
}

/// A row's or column's title, or its id when it has none.
fn titled(line: &Line) -> &str {
    if line.title.trim().is_empty() { line.id.get_ref() } else { &line.title }
}

fn at_cell(row: &str, column: &str) -> Place {
    Place::cell(row, column)
}

impl Spec {
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.get_ref().iter().find(|c| c.id.get_ref() == id)
    }

    /// The number a card is shown and typed by: its id when every card's id is a
    /// number, else its position in `cards` (from 1).
    pub fn card_number_at(&self, index: usize) -> String {
        let cards = self.cards.get_ref();
        let numeric =
            cards.iter().all(|c| !c.id.get_ref().is_empty() && c.id.get_ref().bytes().all(|b| b.is_ascii_digit()));
        match cards.get(index) {
            Some(card) if numeric => card.id.get_ref().clone(),
            _ => (index + 1).to_string(),
        }
    }

    /// The number of the card `id` as the screen shows it; an id that is no card's,
    /// as it was written.
    pub fn card_number(&self, id: &str) -> String {
        match self.cards.get_ref().iter().position(|c| c.id.get_ref() == id) {
            Some(index) => self.card_number_at(index),
            None => id.to_owned(),
        }
    }

    /// [`Spec::card_number`] of each card.
    fn card_numbers(&self, ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| self.card_number(id)).collect()
    }

    /// The cards the key puts in a cell (`None`: the key does not name the cell).
    pub fn expected(&self, row: &str, column: &str) -> Option<Vec<&str>> {
        let cards = self.key.get_ref().get(row)?.get_ref().get(column)?;
        Some(cards.iter().map(|c| c.get_ref().as_str()).collect())
    }

    /// The key row whose header card is `card` (with `row_headers = "cards"`).
    fn key_row_with_header(&self, card: &str) -> Option<&str> {
        self.key.get_ref().iter().find_map(|(row, cells)| {
            let header = cells.get_ref().get(HEADER)?;
            (header.len() == 1 && header[0].get_ref() == card).then_some(row.get_ref().as_str())
        })
    }

    /// The 1-based number of a row: rows labelled by header cards have no title.
    fn row_number(&self, id: &str) -> usize {
        self.rows.get_ref().iter().position(|r| r.id.get_ref() == id).map_or(0, |p| p + 1)
    }
}

impl Kind for Grid {
    const LABEL: &'static str = msg::KIND_GRID;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        let row_ids = unique_ids(v, "rows", spec.rows.get_ref().iter().map(|l| &l.id));
        let column_ids = unique_ids(v, "columns", spec.columns.get_ref().iter().map(|l| &l.id));
        let card_ids = unique_ids(v, "cards", spec.cards.get_ref().iter().map(|c| &c.id));
        for (list, span, len) in [
            ("rows", spec.rows.span(), row_ids.len()),
            ("columns", spec.columns.span(), column_ids.len()),
            ("cards", spec.cards.span(), card_ids.len()),
        ] {
            if len == 0 {
                v.error(Some(span), msg::grid_empty(list));
            }
        }
        for column in spec.columns.get_ref() {
            if column.id.get_ref() == HEADER {
                v.error(Some(column.id.span()), msg::grid_reserved_column());
            }
        }
        let cards_mode = spec.row_headers == RowHeaders::Cards;
        // Rows are labelled by their title unless header cards label them; columns always.
        let titled = [("rows", spec.rows.get_ref(), !cards_mode), ("columns", spec.columns.get_ref(), true)];
        for (list, lines, _) in titled.iter().filter(|(_, _, needs_title)| *needs_title) {
            for line in lines.iter().filter(|l| l.title.trim().is_empty()) {
                v.error(Some(line.id.span()), msg::grid_untitled(list, line.id.get_ref()));
            }
        }
        for card in spec.cards.get_ref().iter().filter(|c| c.text.trim().is_empty()) {
            v.error(Some(card.id.span()), msg::empty_text("cards", card.id.get_ref()));
        }
        if spec.key.get_ref().is_empty() {
            v.error(Some(spec.key.span()), msg::grid_key_empty());
        }

        let mut first_use: BTreeMap<&str, String> = BTreeMap::new();
        let mut header_of: BTreeMap<&str, &str> = BTreeMap::new();
        for (row, cells) in spec.key.get_ref() {
            let known_row = row_ids.contains(row.get_ref().as_str());
            if !known_row {
                v.error(Some(row.span()), msg::grid_key_unknown_row(row.get_ref()));
            }
            if cards_mode && known_row && !cells.get_ref().contains_key(HEADER) {
                v.error(Some(row.span()), msg::grid_row_without_header(row.get_ref()));
            }
            for (column, cards) in cells.get_ref() {
                if column.get_ref() == HEADER {
                    if !cards_mode {
                        v.error(Some(column.span()), msg::grid_header_without_cards_mode());
                        continue;
                    }
                    if cards.len() != 1 {
                        v.error(Some(column.span()), msg::grid_header_not_one_card());
                    } else if let Some(first_row) = header_of.insert(cards[0].get_ref(), row.get_ref()) {
                        v.error(Some(cards[0].span()), msg::grid_header_card_twice(cards[0].get_ref(), first_row));
                    }
                } else if !column_ids.contains(column.get_ref().as_str()) {
                    v.error(Some(column.span()), msg::grid_key_unknown_column(column.get_ref()));
                }
                let mut in_cell = BTreeSet::new();
                for card in cards {
                    let id = card.get_ref().as_str();
                    if !card_ids.contains(id) {
                        v.error(Some(card.span()), msg::grid_key_unknown_card(id));
                    } else if !in_cell.insert(id) {
                        v.error(Some(card.span()), msg::grid_key_card_twice_in_cell(id));
                    } else if !spec.reuse {
                        let here = cell_key(row.get_ref(), column.get_ref());
                        if let Some(first) = first_use.get(id) {
                            v.error(Some(card.span()), msg::grid_key_card_reused(id, first));
                        } else {
                            first_use.insert(id, here);
                        }
                    }
                }
            }
        }
        if cards_mode {
            for row in spec.rows.get_ref() {
                if !spec.key.get_ref().contains_key(row.id.get_ref().as_str()) {
                    v.error(Some(row.id.span()), msg::grid_row_without_header(row.id.get_ref()));
                }
            }
        }
    }

    fn place_label(spec: &Spec, at: &Place) -> Option<String> {
        let Place::Cell { row, column } = at else { return None };
        let rows = spec.rows.get_ref();
        let position = rows.iter().position(|r| r.id.get_ref() == row)?;
        let row_name = match spec.row_headers {
            RowHeaders::Fixed => titled(&rows[position]).to_owned(),
            RowHeaders::Cards => msg::grid_row_slot(position + 1),
        };
        let column_name = if column == HEADER && spec.row_headers == RowHeaders::Cards {
            msg::grid_header_place()
        } else {
            titled(spec.columns.get_ref().iter().find(|c| c.id.get_ref() == column)?).to_owned()
        };
        Some(msg::grid_place(&row_name, &column_name))
    }

    fn grade(spec: &Spec, answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        let mut findings = Vec::new();
        let placed = read_answer(spec, answer, &mut findings);
        let cards_mode = spec.row_headers == RowHeaders::Cards;
        let mut earned = 0.0;
        let mut possible = 0.0;

        // Which key row each of the learner's rows is graded against.
        let mut key_row_of: BTreeMap<&str, &str> = BTreeMap::new();
        let mut header_findings: BTreeMap<&str, Finding> = BTreeMap::new();
        if cards_mode {
            possible += spec.key.get_ref().len() as f64;
            let mut taken_by: BTreeMap<&str, &str> = BTreeMap::new();
            for row in spec.rows.get_ref() {
                let row = row.id.get_ref().as_str();
                let at = at_cell(row, HEADER);
                let header: &[&str] = placed.get(&(row, HEADER)).map_or(&[], Vec::as_slice);
                let finding = match header {
                    [] => Finding::missing(at, msg::grid_header_missing()),
                    [card] => match spec.key_row_with_header(card) {
                        None => Finding::wrong(at, msg::grid_header_not_a_header(&spec.card_number(card))),
                        Some(key_row) => match taken_by.get(key_row) {
                            Some(first) => Finding::wrong(
                                at,
                                msg::grid_header_taken(&spec.card_number(card), spec.row_number(first)),
                            ),
                            None => {
                                taken_by.insert(key_row, row);
                                key_row_of.insert(row, key_row);
                                earned += 1.0;
                                Finding::correct(at, msg::grid_header_right())
                            }
                        },
                    },
                    _ => Finding::wrong(at, msg::grid_header_several()),
                };
                header_findings.insert(row, finding);
            }
        } else {
            for row in spec.rows.get_ref() {
                key_row_of.insert(row.id.get_ref(), row.id.get_ref());
            }
        }
        for cells in spec.key.get_ref().values() {
            possible += cells.get_ref().keys().filter(|c| c.get_ref() != HEADER).count() as f64;
        }

        let mut penalty = 0usize;
        for row in spec.rows.get_ref() {
            let row = row.id.get_ref().as_str();
            findings.extend(header_findings.remove(row));
            let Some(key_row) = key_row_of.get(row) else { continue };
            for column in spec.columns.get_ref() {
                let column = column.id.get_ref().as_str();
                let cards: &[&str] = placed.get(&(row, column)).map_or(&[], Vec::as_slice);
                let at = at_cell(row, column);
                match spec.expected(key_row, column) {
                    Some(expected) => {
                        let (credit, finding) = grade_cell(spec, &expected, cards, at);
                        earned += credit;
                        findings.push(finding);
                    }
                    None if !cards.is_empty() => {
                        penalty += 1;
                        findings.push(Finding::wrong(at, msg::grid_cell_must_be_empty(&spec.card_numbers(cards))));
                    }
                    None => {}
                }
            }
        }
        if penalty > 0 {
            findings.push(Finding::note(msg::grid_penalty_note(penalty)));
        }
        Outcome { earned: (earned - penalty as f64).max(0.0), possible, findings, needs_review: false }
    }
}

/// The learner's cells as (row, column) → distinct cards, with every malformed part of
/// the answer reported: cells that do not exist, unknown cards, a card twice in a
/// cell, a card in several cells when cards may not be reused.
fn read_answer<'a>(
    spec: &'a Spec,
    answer: &'a Answer,
    findings: &mut Vec<Finding>,
) -> BTreeMap<(&'a str, &'a str), Vec<&'a str>> {
    let rows: BTreeSet<&str> = spec.rows.get_ref().iter().map(|r| r.id.get_ref().as_str()).collect();
    let columns: BTreeSet<&str> = spec.columns.get_ref().iter().map(|c| c.id.get_ref().as_str()).collect();
    let cards_mode = spec.row_headers == RowHeaders::Cards;
    let mut placed = BTreeMap::new();
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for (cell, cards) in &answer.cells {
        let at = Place::cell_key(cell);
        let Some((row, column)) = cell.split_once('/').and_then(|(r, c)| {
            let known = rows.contains(r) && (columns.contains(c) || (cards_mode && c == HEADER));
            known.then_some((r, c))
        }) else {
            if !cards.is_empty() {
                findings.push(Finding::wrong(at, msg::grid_no_such_cell(cell)));
            }
            continue;
        };
        let mut distinct: Vec<&str> = Vec::new();
        for card in cards {
            if distinct.contains(&card.as_str()) {
                findings.push(Finding::new(
                    Some(at.clone()),
                    super::Severity::Note,
                    msg::grid_card_twice_in_cell(&spec.card_number(card)),
                ));
                continue;
            }
            if spec.card(card).is_none() {
                findings.push(Finding::wrong(at.clone(), msg::grid_unknown_card(card)));
            } else {
                *uses.entry(card).or_default() += 1;
            }
            distinct.push(card);
        }
        placed.insert((row, column), distinct);
    }
    if !spec.reuse {
        for (card, count) in uses {
            if count > 1 {
                findings.push(Finding::note(msg::grid_card_used_in_several_cells(&spec.card_number(card), count)));
            }
        }
    }
    placed
}

/// One key cell: its credit (0..=1) and what to tell the learner. Extra cards are
/// named by their numbers on screen; missing ones only counted, not to give the key away.
fn grade_cell(spec: &Spec, expected: &[&str], placed: &[&str], at: Place) -> (f64, Finding) {
    let extra: Vec<&str> = placed.iter().copied().filter(|c| !expected.contains(c)).collect();
    let extra_numbers = spec.card_numbers(&extra);
    if expected.is_empty() {
        return if extra.is_empty() {
            (1.0, Finding::correct(at, msg::grid_cell_right_empty()))
        } else {
            (0.0, Finding::wrong(at, msg::grid_cell_must_be_empty(&extra_numbers)))
        };
    }
    let hits = placed.len() - extra.len();
    let missing = expected.len() - hits;
    let credit = (hits as f64 - extra.len() as f64).max(0.0) / expected.len() as f64;
    let finding = if missing == 0 && extra.is_empty() {
        Finding::correct(at, msg::grid_cell_right())
    } else if placed.is_empty() {
        Finding::missing(at, msg::grid_cell_empty(missing))
    } else if extra.is_empty() {
        Finding::missing(at, msg::grid_cell_partly(hits, expected.len(), &extra_numbers, missing))
    } else {
        Finding::wrong(at, msg::grid_cell_partly(hits, expected.len(), &extra_numbers, missing))
    };
    (credit, finding)
}

#[cfg(test)]
mod tests {
    use super::super::Severity::{Correct, Missing, Note, Wrong};
    use super::super::test_support::{at, grade, issues, spec};
    use super::*;

    /// Two rows, two columns; r1/c1 holds two cards, r2/c2 must stay empty, r1/c2 is not
    /// in the key; card 9 is a distractor.
    const FIXED: &str = r#"
        rows = [{ id = "r1", title = "Рынок" }, { id = "r2", title = "Цена" }]
        columns = [{ id = "c1", title = "А" }, { id = "c2", title = "Б" }]
        cards = [{ id = "1", text = "а" }, { id = "2", text = "б" }, { id = "3", text = "в" }, { id = "9", text = "г" }]
        [key]
        r1 = { c1 = ["1", "2"] }
        r2 = { c1 = ["3"], c2 = [] }
    "#;

    /// An answer written as (cell, cards) pairs.
    type Cells<'a> = &'a [(&'a str, &'a [&'a str])];

    fn answer(cells: Cells) -> Answer {
        Answer {
            cells: cells.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect(),
        }
    }

    #[test]
    fn fixed_rows_scoring() {
        let s = spec::<Grid>(FIXED);
        // (answer, earned, possible)
        let cases: &[(Cells, f64)] = &[
            (&[("r1/c1", &["1", "2"]), ("r2/c1", &["3"])], 3.0),
            (&[("r1/c1", &["2", "1"]), ("r2/c1", &["3"]), ("r2/c2", &[])], 3.0),
            (&[("r1/c1", &["1"]), ("r2/c1", &["3"])], 2.5),
            (&[("r1/c1", &["1", "9"]), ("r2/c1", &["3"])], 2.0),
            (&[("r1/c1", &["1", "2", "9"]), ("r2/c1", &["3"])], 2.5),
            (&[("r1/c1", &["3"]), ("r2/c1", &["1"])], 1.0),
            (&[("r1/c1", &["1", "2"]), ("r2/c1", &["3"]), ("r2/c2", &["9"])], 2.0),
            (&[("r1/c1", &["1", "2"]), ("r2/c1", &["3"]), ("r1/c2", &["9"])], 2.0),
            (&[], 1.0),
        ];
        for (cells, earned) in cases {
            let o = grade::<Grid>(&s, &answer(cells));
            assert_eq!((o.earned, o.possible), (*earned, 3.0), "{cells:?}: {:#?}", o.findings);
        }
    }

    #[test]
    fn findings_name_misplaced_cards_but_not_missing_ones() {
        let s = spec::<Grid>(FIXED);
        let o = grade::<Grid>(&s, &answer(&[("r1/c1", &["1", "9"]), ("r1/c2", &["2"]), ("r2/c2", &["3"])]));
        assert_eq!(
            at(&o, "cell:r1/c1"),
            vec![(Wrong, "верно 1 из 2; карточка 9 сюда не подходит — здесь нужна другая карточка".into())]
        );
        assert_eq!(
            at(&o, "cell:r1/c2"),
            vec![(Wrong, "эта ячейка должна остаться пустой: карточка 2 здесь лишняя".into())]
        );
        assert_eq!(at(&o, "cell:r2/c1"), vec![(Missing, "ячейка пуста: сюда нужна карточка".into())]);
        assert_eq!(
            at(&o, "cell:r2/c2"),
            vec![(Wrong, "эта ячейка должна остаться пустой: карточка 3 здесь лишняя".into())]
        );
        assert_eq!(o.earned, 0.0, "0.5 for r1/c1 minus one for r1/c2, floored");
        let o = grade::<Grid>(&s, &answer(&[("r1/c1", &["1"]), ("r2/c1", &["9"])]));
        assert_eq!(at(&o, "cell:r1/c1"), vec![(Missing, "верно 1 из 2; нужна ещё одна карточка".into())]);
        assert_eq!(
            at(&o, "cell:r2/c1"),
            vec![(Wrong, "карточка 9 сюда не подходит — здесь нужна другая карточка".into())]
        );
        let o = grade::<Grid>(&s, &answer(&[("r1/c1", &["3", "9"])]));
        assert_eq!(
            at(&o, "cell:r1/c1"),
            vec![(Wrong, "карточки 3, 9 сюда не подходят — здесь нужны другие карточки".into())]
        );
        let o = grade::<Grid>(&s, &answer(&[("r1/c1", &["1", "2", "3"])]));
        assert_eq!(at(&o, "cell:r1/c1"), vec![(Wrong, "верно 2 из 2; карточка 3 здесь лишняя".into())]);

        let right = grade::<Grid>(&s, &answer(&[("r1/c1", &["1", "2"]), ("r2/c1", &["3"])]));
        assert_eq!(at(&right, "cell:r1/c1"), vec![(Correct, "верно".into())]);
        assert_eq!(at(&right, "cell:r2/c2"), vec![(Correct, "верно: ячейка пустая".into())]);
        assert!(right.findings.iter().all(|f| f.severity == Correct), "{:#?}", right.findings);
    }

    #[test]
    fn malformed_answers_become_findings() {
        let s = spec::<Grid>(FIXED);
        let o = grade::<Grid>(
            &s,
            &answer(&[
                ("r1/c1", &["1", "1", "2", "zz"]),
                ("r7/c1", &["3"]),
                ("nonsense", &["3"]),
                ("r2/header", &["3"]),
                ("r2/c1", &["3"]),
            ]),
        );
        assert_eq!(
            at(&o, "cell:r1/c1"),
            vec![
                (Note, "карточка 1 положена в эту ячейку дважды; учтена один раз".into()),
                (Wrong, "карточки «zz» нет среди карточек упражнения".into()),
                (Wrong, "верно 2 из 2; карточка «zz» здесь лишняя".into()),
            ]
        );
        assert_eq!(at(&o, "cell:r7/c1"), vec![(Wrong, "ячейки «r7/c1» нет в таблице; её карточки не учтены".into())]);
        assert_eq!(at(&o, "cell:nonsense").len(), 1);
        assert_eq!(at(&o, "cell:r2/header").len(), 1, "header cells do not exist in a fixed-rows grid");
        assert_eq!(o.earned, 2.5, "r1/c1: two right, one extra = 1/2; r2/c1 right; r2/c2 stays empty");
    }

    #[test]
    fn a_card_in_two_cells_is_reported_without_reuse() {
        let s = spec::<Grid>(FIXED);
        let o = grade::<Grid>(&s, &answer(&[("r1/c1", &["1", "2"]), ("r2/c1", &["3", "1"])]));
        assert!(o.findings.iter().any(|f| f.at.is_none()
            && f.message == "карточка 1 использована в 2 ячейках, а каждую карточку можно положить только в одну"));
        assert_eq!(o.earned, 2.0);
    }

    const BY_HEADER: &str = r#"
        row_headers = "cards"
        rows = [{ id = "r1" }, { id = "r2" }]
        columns = [{ id = "mass", title = "Массовый" }, { id = "seg", title = "Сегмент" }]
        cards = [{ id = "1", text = "Целевой рынок" }, { id = "2", text = "Цена" },
                 { id = "3", text = "а" }, { id = "4", text = "б" }, { id = "5", text = "в" }, { id = "6", text = "г" }]
        [key]
        r1 = { header = ["1"], mass = ["3"], seg = ["4"] }
        r2 = { header = ["2"], mass = ["5"], seg = ["6"] }
    "#;

    #[test]
    fn rows_by_header_card_match_in_any_order() {
        let s = spec::<Grid>(BY_HEADER);
        let swapped = answer(&[
            ("r1/header", &["2"]),
            ("r1/mass", &["5"]),
            ("r1/seg", &["6"]),
            ("r2/header", &["1"]),
            ("r2/mass", &["3"]),
            ("r2/seg", &["4"]),
        ]);
        let o = grade::<Grid>(&s, &swapped);
        assert_eq!((o.earned, o.possible), (6.0, 6.0), "{:#?}", o.findings);
        assert_eq!(at(&o, "cell:r1/header"), vec![(Correct, "заголовок строки верный".into())]);

        // Row r2 has no header: its cells earn nothing even though they are right for r2.
        let o = grade::<Grid>(
            &s,
            &answer(&[("r1/header", &["1"]), ("r1/mass", &["3"]), ("r2/mass", &["5"]), ("r2/seg", &["6"])]),
        );
        assert_eq!(o.earned, 2.0);
        assert_eq!(
            at(&o, "cell:r2/header"),
            vec![(Missing, "нет карточки-заголовка: без него ячейки этой строки не засчитываются".into())]
        );
        assert!(at(&o, "cell:r2/mass").is_empty());
    }

    #[test]
    fn a_header_card_counts_once_and_must_be_a_header() {
        let s = spec::<Grid>(BY_HEADER);
        let o = grade::<Grid>(
            &s,
            &answer(&[("r1/header", &["1"]), ("r1/mass", &["3"]), ("r2/header", &["1"]), ("r2/mass", &["3"])]),
        );
        assert_eq!(
            at(&o, "cell:r2/header"),
            vec![(Wrong, "карточка 1 уже стоит заголовком в строке 1; эта строка не засчитывается".into())]
        );
        assert_eq!(o.earned, 2.0);
        let o = grade::<Grid>(&s, &answer(&[("r1/header", &["3"]), ("r2/header", &["1", "2"])]));
        assert_eq!(at(&o, "cell:r1/header")[0].0, Wrong);
        assert_eq!(at(&o, "cell:r2/header")[0].0, Wrong);
        assert_eq!(o.earned, 0.0);
    }

    /// Cards whose ids are words (as in pp1.crm-goals) are named by the number the screen
    /// shows them with, never by their ids.
    #[test]
    fn cards_with_word_ids_are_named_by_their_numbers_on_screen() {
        let s = spec::<Grid>(
            r#"
            rows = [{ id = "churn", title = "Отток" }, { id = "check", title = "Чек" }]
            columns = [{ id = "kpi", title = "KPI" }]
            cards = [{ id = "churn-rate", text = "Churn Rate" }, { id = "average-check", text = "Средний чек" },
                     { id = "open-rate", text = "Open Rate" }]
            [key]
            churn = { kpi = ["churn-rate"] }
            check = { kpi = ["average-check"] }
        "#,
        );
        assert_eq!(s.card_number("open-rate"), "3");
        assert_eq!(s.card_number("nothing"), "nothing");
        let o =
            grade::<Grid>(&s, &answer(&[("churn/kpi", &["open-rate", "open-rate"]), ("check/kpi", &["open-rate"])]));
        let all: Vec<String> = o.findings.iter().map(|f| f.message.clone()).collect();
        assert!(all.iter().all(|m| !m.contains("rate") && !m.contains("check")), "{all:#?}");
        assert_eq!(at(&o, "cell:churn/kpi")[0].1, "карточка 3 положена в эту ячейку дважды; учтена один раз");
        assert_eq!(at(&o, "cell:check/kpi")[0].1, "карточка 3 сюда не подходит — здесь нужна другая карточка");
        assert!(all.contains(
            &"карточка 3 использована в 2 ячейках, а каждую карточку можно положить только в одну".to_string()
        ));
    }

    #[test]
    fn places_are_named_by_titles() {
        let fixed = spec::<Grid>(FIXED);
        assert_eq!(Grid::place_label(&fixed, &Place::parse("cell:r2/c1")).as_deref(), Some("Цена — А"));
        assert_eq!(Grid::place_label(&fixed, &Place::parse("cell:r2/header")), None);
        assert_eq!(Grid::place_label(&fixed, &Place::parse("cell:r9/c1")), None);
        assert_eq!(Grid::place_label(&fixed, &Place::parse("option:a")), None);
        let cards = spec::<Grid>(BY_HEADER);
        assert_eq!(Grid::place_label(&cards, &Place::parse("cell:r2/seg")).as_deref(), Some("строка 2 — Сегмент"));
        assert_eq!(Grid::place_label(&cards, &Place::parse("cell:r1/header")).as_deref(), Some("строка 1 — заголовок"));
    }

    #[test]
    fn validation_reports_every_rule_at_its_place() {
        let text = r#"
rows = [{ id = "r1", title = "А" }, { id = "r1", title = "Б" }]
columns = [{ id = "c1", title = "В" }, { id = "header", title = "Г" }]
cards = [{ id = "1", text = "а" }, { id = "2", text = "б" }, { id = "a/b", text = "в" }]
[key]
r1 = { c1 = ["1", "1", "x"], cX = ["1"], header = ["2"] }
r9 = { c1 = ["2"] }
"#;
        let got = issues::<Grid>(text);
        let want: Vec<(String, String)> = [
            ("\"r1\"", "id «r1» повторяется в rows"),
            ("\"a/b\"", "id «a/b» в cards должен быть непустым и без «/» и пробелов"),
            ("\"header\"", "id столбца «header» зарезервирован для заголовков строк (row_headers = \"cards\")"),
            ("\"1\"", "карточка «1» дважды указана в одной ячейке ключа"),
            ("\"x\"", "в ключе карточка «x», которой нет в cards"),
            ("cX", "в ключе столбец «cX», которого нет в columns"),
            ("\"1\"", "карточка «1» уже стоит в ключе в ячейке r1/c1; при reuse = false каждая карточка занимает одну ячейку (поставьте reuse = true, если карточка нужна в нескольких)"),
            ("header", "ключ header допустим только при row_headers = \"cards\""),
            ("r9", "в ключе строка «r9», которой нет в rows"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn validation_wants_titles_and_card_texts() {
        let text = r#"
rows = [{ id = "r1" }, { id = "r2", title = "Цена" }]
columns = [{ id = "c1", title = " " }]
cards = [{ id = "1", text = "" }]
key = { r2 = { c1 = ["1"] } }
"#;
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            issues::<Grid>(text),
            vec![
                s("\"r1\"", "у строки «r1» нет title: без него таблицу не прочитать"),
                s("\"c1\"", "у столбца «c1» нет title: без него таблицу не прочитать"),
                s("\"1\"", "у «1» в cards пустой текст"),
            ]
        );
        // With header cards the rows need no titles.
        let by_cards = text.replace("rows = [", "row_headers = \"cards\"\nrows = [");
        assert!(!issues::<Grid>(&by_cards).iter().any(|(_, m)| m.contains("строки «r1» нет title")));
    }

    #[test]
    fn validation_of_empty_lists_and_header_rules() {
        let empty = "rows = []\ncolumns = []\ncards = []\nkey = {}\n";
        assert_eq!(
            issues::<Grid>(empty),
            vec![
                ("[]".to_string(), "в rows нет ни одной строки".to_string()),
                ("[]".to_string(), "в columns нет ни одного столбца".to_string()),
                ("[]".to_string(), "в cards нет ни одной карточки".to_string()),
                ("{}".to_string(), "ключ (key) пуст: нечего проверять".to_string()),
            ]
        );
        let headers = r#"
row_headers = "cards"
rows = [{ id = "r1" }, { id = "r2" }, { id = "r3" }]
columns = [{ id = "c1", title = "В" }]
cards = [{ id = "1", text = "а" }, { id = "2", text = "б" }]
reuse = true
[key]
r1 = { header = ["1"], c1 = ["2"] }
r2 = { header = ["1", "2"] }
r3 = { c1 = ["1"] }
r9 = { c1 = ["2"] }
"#;
        let got = issues::<Grid>(headers);
        assert_eq!(
            got,
            vec![
                (
                    "header".to_string(),
                    "в header ключа должна быть ровно одна карточка — по ней узнаётся строка".to_string()
                ),
                (
                    "r3".to_string(),
                    "при row_headers = \"cards\" у строки «r3» в ключе должен быть header (карточка-заголовок)"
                        .to_string()
                ),
                ("r9".to_string(), "в ключе строка «r9», которой нет в rows".to_string()),
            ]
        );
        let twice = headers
            .replace("header = [\"1\", \"2\"]", "header = [\"1\"]")
            .replace("r3 = { c1", "r3 = { header = [\"2\"], c1")
            .replace("r9 = { c1 = [\"2\"] }\n", "");
        assert_eq!(
            issues::<Grid>(&twice),
            vec![(
                "\"1\"".to_string(),
                "карточка «1» уже служит заголовком строки «r1»; заголовки строк должны различаться".to_string()
            )]
        );
    }
}
