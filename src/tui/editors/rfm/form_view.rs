//! The RFM form as drawn: the method and its numbers, the fallback, the rules, and the
//! sales map's figures; under them what keeps the form from being a model.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::RfmEditor;
use super::fields::{AXES, Field};
use crate::data::rfm::model::MethodName;
use crate::kinds::rfm::Task;
use crate::kinds::{Answer, Place};
use crate::strings::tui as s;
use crate::tui::editors::{View, severity_role};
use crate::tui::text::truncate;
use crate::tui::theme::Role;
use crate::tui::widgets::form::FormModel;

impl RfmEditor {
    pub(super) fn render_form(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let values = &self.values;
        let current = self.form.current(values);
        let cell = |field: Field, w: usize| -> Span<'static> {
            let text = self.form.typed_with_cursor(field).unwrap_or_else(|| values.text(field));
            let text = if text.is_empty() { "·".to_owned() } else { text };
            let shown = format!("{:<w$}", truncate(&text, w));
            let style = if Some(field) == current { theme.style(Role::Selected) } else { Style::default() };
            Span::styled(shown, style)
        };
        let label = |t: &str| Span::styled(t.to_owned(), theme.style(Role::Muted));
        let w = area.width as usize;
        let name_w = w.saturating_sub(4 + 3 * 7).clamp(8, 24);
        let mut lines = vec![Line::from(vec![
            label(s::RFM_METHOD),
            cell(Field::Method, 22),
            label(s::RFM_BINS),
            cell(Field::Bins, 4),
        ])];
        if values.method == MethodName::Thresholds {
            let mut spans = vec![label(s::RFM_THRESHOLDS)];
            for (a, axis) in AXES.iter().enumerate() {
                spans.push(label(&format!(" {axis}: ")));
                spans.push(cell(Field::Thresholds(a), 10));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(vec![label(s::RFM_FALLBACK), cell(Field::Fallback, 20)]));
        lines.push(Line::styled(s::RFM_RULES, theme.style(Role::Title)));
        lines.push(Line::from(label(&format!("  №  {:<name_w$} {:<6} {:<6} {:<6}", s::RFM_SEGMENT, "R", "F", "M"))));
        for i in 0..values.rules.len() {
            let mut spans = vec![Span::raw(format!("{:>3}  ", i + 1)), cell(Field::Rule(i, 0), name_w)];
            for c in 1..4 {
                spans.push(Span::raw(" "));
                spans.push(cell(Field::Rule(i, c), 6));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(vec![Span::raw("     "), cell(Field::AddRule, name_w)]));
        if self.spec.task == Task::SalesMap {
            lines.push(Line::from(""));
            lines.push(Line::styled(s::RFM_MAP, theme.style(Role::Title)));
            let seg_w = w.saturating_sub(4 * 9).clamp(6, 22);
            let mut head = format!("{:<seg_w$}", s::RFM_SEGMENT);
            for c in s::RFM_MAP_COLUMNS {
                head.push_str(&format!("{:<9}", truncate(c, 8)));
            }
            lines.push(Line::from(label(&head)));
            for (i, row) in values.map.iter().enumerate() {
                let mut spans = vec![Span::raw(format!("{:<seg_w$}", truncate(&row.segment, seg_w.saturating_sub(1))))];
                for c in 0..4 {
                    spans.push(cell(Field::Map(i, c), 8));
                    spans.push(Span::raw(" "));
                }
                lines.push(Line::from(spans));
            }
        }
        if let Some(problem) = &self.problem {
            lines.push(Line::from(""));
            lines.push(Line::styled(problem.clone(), theme.style(Role::Error)));
        }
        if let Some((problem, note)) = self.form.problem_lines(values) {
            lines.push(Line::from(""));
            lines.push(Line::styled(problem, theme.style(Role::Error)));
            lines.push(Line::styled(note, theme.style(Role::Muted)));
        }
        // The finding of the last check about the model, while the model is as checked.
        let answer = self.kind_answer();
        if let Some((severity, message)) =
            view.mark(&Place::Model, |checked| matches!(checked, Answer::Rfm(a) if a.model == answer.model))
        {
            lines.push(Line::styled(message.to_owned(), theme.style(severity_role(severity))));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    }
}
