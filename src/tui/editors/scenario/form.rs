//! The form of one table of the scenario — a step, the brief, the trigger, the entry or
//! the exit: its fields as typed inputs, per step type the fields that type reads. The
//! form holds no answer of its own: its values are read from the scenario's text, and
//! every change of a field is written back into the text at once ([`edit::Doc::set`]),
//! the rest of the text byte for byte, so the text and the form are two views of one
//! answer. Focus, typing and the draft of the field being typed are the shared
//! [`Form`]'s.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::scenario::check::{STEP_TYPES, step_fields};
use crate::scenario::edit::{self, Doc, Section};
use crate::scenario::model::{Channel, Metric, Offer, Trigger, WaitEvent};
use crate::strings::{scenario as s, tui as ts};
use crate::tui::text::{truncate, width, wrap};
use crate::tui::theme::{Role, Theme};
use crate::tui::widgets::form::{FieldKind, Form, FormModel};

/// What a field holds and how it is written in TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Text,
    /// A whole number.
    Whole,
    /// A number, fractions allowed.
    Number,
    /// A string from a list; `""` first in the list: the key may be left out.
    Choice(&'static [&'static str]),
    /// `true` or `false`, written bare.
    Flag,
    /// An array of strings, typed as «a, b».
    List,
}

/// A field: which key of which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Def {
    pub section: Section,
    pub key: &'static str,
    pub kind: Kind,
}

const CHANNELS: [&str; 3] = [Channel::Email.key(), Channel::Sms.key(), Channel::Push.key()];
const OFFERS: [&str; 6] = ["", Offer::KEYS[0], Offer::KEYS[1], Offer::KEYS[2], Offer::KEYS[3], Offer::KEYS[4]];
const EVENTS: [&str; 6] =
    ["", WaitEvent::KEYS[0], WaitEvent::KEYS[1], WaitEvent::KEYS[2], WaitEvent::KEYS[3], WaitEvent::KEYS[4]];
const BRANCH_IF: [&str; 4] = ["opened", "clicked", "purchased", "condition"];
const REENTRY: [&str; 4] = ["", "never", "after_exit", "after_days"];
const UNITS: [&str; 3] = ["", "%", "pp"];
const GOAL_METRICS: [&str; 6] = [
    Metric::Conversion.key(),
    Metric::RepeatConversion.key(),
    Metric::RepeatPurchases.key(),
    Metric::Orders.key(),
    Metric::Revenue.key(),
    Metric::AverageCheck.key(),
];

/// The fields of `section` as the text stands: a step's depend on its type (and a
/// split's on its variants).
pub fn defs(doc: &Doc, section: Section) -> Vec<Def> {
    let d = |key, kind| Def { section, key, kind };
    match section {
        Section::Step(k) => {
            let mut out = vec![d("id", Kind::Text), d("type", Kind::Choice(&STEP_TYPES))];
            let ty = doc.get(section, "type").map(|w| w.text).unwrap_or_default();
            let text = |key| d(key, Kind::Text);
            match ty.as_str() {
                "wait" => out.extend([
                    d("days", Kind::Number),
                    d("hours", Kind::Number),
                    d("minutes", Kind::Number),
                    text("until"),
                    d("event", Kind::Choice(&EVENTS)),
                    text("on_timeout"),
                    text("next"),
                ]),
                "send" => out.extend([
                    d("channel", Kind::Choice(&CHANNELS)),
                    text("subject"),
                    text("text"),
                    d("offer", Kind::Choice(&OFFERS)),
                    d("discount", Kind::Whole),
                    text("next"),
                ]),
                "branch" => out.extend([
                    d("if", Kind::Choice(&BRANCH_IF)),
                    text("of"),
                    text("condition"),
                    text("then"),
                    text("else"),
                ]),
                "split" => {
                    for i in 0..doc.variants(k) {
                        let v = Section::Variant(k, i);
                        out.push(Def { section: v, key: "share", kind: Kind::Number });
                        out.push(Def { section: v, key: "next", kind: Kind::Text });
                    }
                }
                "tag" => out.extend([text("tag"), text("next")]),
                _ => {}
            }
            out
        }
        Section::Trigger => vec![
            d("event", Kind::Choice(&Trigger::KEYS)),
            d("days", Kind::Whole),
            d("hours", Kind::Whole),
            d("number", Kind::Whole),
            d("condition", Kind::Text),
        ],
        Section::Entry => vec![
            d("condition", Kind::Text),
            d("control_percent", Kind::Number),
            d("reentry", Kind::Choice(&REENTRY)),
            d("reentry_days", Kind::Whole),
        ],
        Section::Exit => vec![d("on_goal", Kind::Flag), d("on_unsubscribe", Kind::Flag)],
        Section::Brief | Section::Goal => {
            let g = |key, kind| Def { section: Section::Goal, key, kind };
            vec![
                g("metric", Kind::Choice(&GOAL_METRICS)),
                g("change", Kind::Number),
                g("unit", Kind::Choice(&UNITS)),
                g("period_days", Kind::Whole),
                Def { section: Section::Brief, key: "segment", kind: Kind::Text },
                Def { section: Section::Brief, key: "kpi", kind: Kind::List },
            ]
        }
        Section::Variant(k, _) => defs(doc, Section::Step(k)),
    }
}

/// The table's name in the text.
fn table_name(section: Section) -> &'static str {
    match section {
        Section::Step(_) | Section::Variant(..) => "step",
        Section::Trigger => "trigger",
        Section::Entry => "entry",
        Section::Exit => "exit",
        Section::Brief => "brief",
        Section::Goal => "goal",
    }
}

/// The label of a field: its Russian name and its key in the text.
pub fn label(def: &Def) -> String {
    let name = s::form_label(table_name(def.section), def.key);
    match def.section {
        Section::Variant(_, i) => format!("{} {name} ({})", i + 1, def.key),
        _ => format!("{name} ({})", def.key),
    }
}

/// The TOML of what is typed into a field: `None` takes the key out of the text.
pub fn literal(def: &Def, typed: &str) -> Result<Option<String>, String> {
    let t = typed.trim();
    if t.is_empty() {
        return if matches!(def.key, "id" | "type") && matches!(def.section, Section::Step(_)) {
            Err(ts::form_required(&label(def)))
        } else {
            Ok(None)
        };
    }
    match def.kind {
        Kind::Text => Ok(Some(edit::string(&typed.replace(LINE_BREAK, "\n")))),
        Kind::List => Ok(Some(edit::string_list(typed))),
        Kind::Whole | Kind::Number => edit::number(t, def.kind == Kind::Whole)
            .map(Some)
            .ok_or_else(|| ts::form_field_problem(&label(def), s::form_not_a_number(def.kind == Kind::Whole))),
        Kind::Choice(options) if options.contains(&t) => Ok(Some(edit::string(t))),
        Kind::Flag if t == "true" || t == "false" => Ok(Some(t.to_owned())),
        Kind::Choice(_) | Kind::Flag => Err(ts::form_not_an_option(&label(def), t)),
    }
}

/// How a line break of a text shows in its field (a field is one line): typed so, it is
/// a line break again.
const LINE_BREAK: &str = "\\n";

/// A value as its field shows it.
fn shown(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\n', LINE_BREAK)
}

/// The options Enter steps through.
fn options(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Choice(o) => o,
        Kind::Flag => &["true", "false"],
        _ => &[],
    }
}

/// The form's fields and their values, as read from the text.
pub struct Fields {
    pub section: Section,
    pub defs: Vec<Def>,
    pub values: Vec<String>,
    /// Where each field is written (key to the end of its value).
    pub spans: Vec<Option<Range<usize>>>,
    /// Where the table starts: errors about the whole step are at its `type`.
    pub start: usize,
}

impl Fields {
    /// The fields of `section` in `doc`; `None` when the text has no such table.
    pub fn read(doc: &Doc, section: Section) -> Option<Fields> {
        if !doc.has(section) && section != Section::Brief {
            return None;
        }
        let defs = defs(doc, section);
        let written: Vec<Option<edit::Written>> = defs.iter().map(|d| doc.get(d.section, d.key)).collect();
        Some(Fields {
            section,
            values: written.iter().map(|w| w.as_ref().map_or_else(String::new, |w| shown(&w.text))).collect(),
            spans: written.iter().map(|w| w.as_ref().map(|w| w.span.clone())).collect(),
            start: doc.start(section).unwrap_or(0),
            defs,
        })
    }

    /// The value after `current` in a choice's list.
    pub fn next_option(&self, field: usize) -> Option<String> {
        let def = self.defs.get(field)?;
        let opts = options(def.kind);
        if opts.is_empty() {
            return None;
        }
        let current = self.values.get(field).map_or("", String::as_str);
        let i = opts.iter().position(|o| *o == current).map_or(0, |i| (i + 1) % opts.len());
        Some(opts[i].to_owned())
    }

    /// The field an error at byte `at` of the text is about: the field written there, or
    /// the step's type for an error about the step as a whole.
    pub fn field_at(&self, at: usize) -> Option<usize> {
        let on = self.spans.iter().position(|r| r.as_ref().is_some_and(|r| at >= r.start && at <= r.end));
        on.or_else(|| {
            let ty = self.defs.iter().position(|d| d.key == "type")?;
            let r = self.spans.get(ty)?.as_ref()?;
            (at == self.start || (at >= r.start && at <= r.end)).then_some(ty)
        })
    }

    /// Keys of the step that its new type `ty` does not read.
    pub fn foreign_keys(doc: &Doc, k: usize, ty: &str) -> Vec<String> {
        let allowed = step_fields(ty).unwrap_or(&[]);
        doc.keys(Section::Step(k))
            .into_iter()
            .filter(|key| key != "id" && key != "type" && !allowed.contains(&key.as_str()))
            .collect()
    }
}

impl FormModel for Fields {
    type Field = usize;

    fn rows(&self) -> Vec<Vec<usize>> {
        (0..self.defs.len()).map(|i| vec![i]).collect()
    }

    fn kind(&self, field: usize) -> FieldKind {
        match self.defs.get(field).map(|d| d.kind) {
            Some(Kind::Choice(_) | Kind::Flag) => FieldKind::Choice,
            Some(Kind::Whole | Kind::Number) => FieldKind::Number,
            Some(Kind::Text | Kind::List) => FieldKind::Text,
            None => FieldKind::Button,
        }
    }

    fn text(&self, field: usize) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    fn problem(&self, field: usize, text: &str) -> Option<String> {
        literal(self.defs.get(field)?, text).err()
    }
}

/// The form's title: which table it is.
pub fn title(fields: &Fields, step_id: &str) -> String {
    match fields.section {
        Section::Step(k) | Section::Variant(k, _) => s::form_title_step(k + 1, step_id),
        other => s::form_title(table_name(other)).to_owned(),
    }
}

/// The end of `text` in `w` columns, «…» before it when cut: a field being typed shows
/// its cursor, which is at the end.
fn tail(text: &str, w: usize) -> String {
    if width(text) <= w {
        return text.to_owned();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    std::iter::once('…').chain(out.into_iter().rev()).collect()
}

/// Draws the form: a field per line, the label, then the value (the text being typed,
/// with its cursor), the field in focus highlighted; under a field, the errors the check
/// finds in it, and the form's own problem with what is typed. Scrolled so that the
/// field in focus shows.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    form: &Form<usize>,
    fields: &Fields,
    errors: &[(usize, String)],
    title: String,
) {
    let block = Block::bordered().title(title).border_style(theme.style(Role::FocusedBorder));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let labels: Vec<String> = fields.defs.iter().map(label).collect();
    let label_w = labels.iter().map(|l| width(l)).max().unwrap_or(0).min(inner.width as usize / 2);
    let value_w = (inner.width as usize).saturating_sub(label_w + 2).max(1);
    let current = form.current(fields);
    let problem = form.problem_lines(fields);
    let mut lines: Vec<Line> = Vec::new();
    let mut focus = (0, 0);
    for (i, def) in fields.defs.iter().enumerate() {
        let first = lines.len();
        let typed = form.typed_with_cursor(i).map(|t| tail(&t, value_w));
        let value = typed.unwrap_or_else(|| {
            let v = fields.values.get(i).cloned().unwrap_or_default();
            match def.kind {
                Kind::Choice(_) | Kind::Flag => format!("{} ▸", if v.is_empty() { "·" } else { &v }),
                _ if v.is_empty() => "·".to_owned(),
                _ => v,
            }
        });
        let style = if current == Some(i) { theme.style(Role::Selected) } else { Style::default() };
        let pad = " ".repeat(label_w.saturating_sub(width(&labels[i])));
        lines.push(Line::from(vec![
            Span::styled(format!("{}{pad}  ", truncate(&labels[i], label_w)), theme.style(Role::Muted)),
            Span::styled(truncate(&value, value_w), style),
        ]));
        let mut under: Vec<String> = errors.iter().filter(|e| e.0 == i).map(|e| format!("✗ {}", e.1)).collect();
        if let (Some((p, note)), Some(typed)) = (&problem, form.typing())
            && typed == i
        {
            under.push(format!("✗ {p}"));
            under.push(note.clone());
        }
        for e in under {
            for l in wrap(&e, (inner.width as usize).saturating_sub(2)) {
                lines.push(Line::styled(format!("  {l}"), theme.style(Role::Error)));
            }
        }
        if current == Some(i) {
            focus = (first, lines.len());
        }
    }
    let height = inner.height as usize;
    let scroll = focus.1.saturating_sub(height).min(focus.0);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0)), inner);
}
