//! The RFM form as drawn: the method and its numbers, the fallback, the rules, and the
//! sales map's query; under them what keeps the form from being a model.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RfmEditor;
use super::fields::{AXES, Field};
use crate::data::rfm::model::MethodName;
use crate::kinds::rfm::Task;
use crate::kinds::{Answer, Place};
use crate::strings::tui as s;
use crate::tui::editors::{View, keep_in_view, severity_role};
use crate::tui::text::truncate;
use crate::tui::theme::Role;
use crate::tui::widgets::form::FormModel;

impl RfmEditor {
    /// Draws the form, scrolled so that the field in focus is in view (at 80×24 the
    /// sales map's query is below the rules).
    pub(super) fn render_form(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        // The line of the field in focus, for the scroll.
        let mut focus_line = 0;
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
        // The ranges' columns narrow before the segments' names are cut.
        let range_w = if w >= 48 { 6 } else { 5 };
        let name_w = w.saturating_sub(5 + 3 * (range_w + 1)).clamp(8, 24);
        // Narrow, the bins' label is shorter, so that the first row stays one line.
        let (method_w, bins_label) = if w >= 50 { (22, s::RFM_BINS) } else { (18, s::RFM_BINS_SHORT) };
        let mut lines = vec![Line::from(vec![
            label(s::RFM_METHOD),
            cell(Field::Method, method_w),
            label(bins_label),
            cell(Field::Bins, 4),
        ])];
        if values.method == MethodName::Thresholds {
            let mut spans = vec![label(s::RFM_THRESHOLDS)];
            for (a, axis) in AXES.iter().enumerate() {
                spans.push(label(&format!(" {axis}: ")));
                spans.push(cell(Field::Thresholds(a), 10));
            }
            if matches!(current, Some(Field::Thresholds(_))) {
                focus_line = lines.len();
            }
            lines.push(Line::from(spans));
        }
        if current == Some(Field::Fallback) {
            focus_line = lines.len();
        }
        lines.push(Line::from(vec![label(s::RFM_FALLBACK), cell(Field::Fallback, 20)]));
        lines.push(Line::styled(s::RFM_RULES, theme.style(Role::Title)));
        lines.push(Line::from(label(&format!(
            "  №  {:<name_w$} {:<range_w$} {:<range_w$} {:<range_w$}",
            s::RFM_SEGMENT,
            "R",
            "F",
            "M"
        ))));
        for i in 0..values.rules.len() {
            let mut spans = vec![Span::raw(format!("{:>3}  ", i + 1)), cell(Field::Rule(i, 0), name_w)];
            for c in 1..4 {
                spans.push(Span::raw(" "));
                spans.push(cell(Field::Rule(i, c), range_w));
            }
            if matches!(current, Some(Field::Rule(r, _)) if r == i) {
                focus_line = lines.len();
            }
            lines.push(Line::from(spans));
        }
        if current == Some(Field::AddRule) {
            focus_line = lines.len();
        }
        lines.push(Line::from(vec![Span::raw("     "), cell(Field::AddRule, name_w)]));
        if self.spec.task == Task::SalesMap {
            lines.push(Line::from(""));
            let title = theme.style(Role::Title);
            lines.extend(crate::tui::text::wrap(s::RFM_MAP, w).into_iter().map(|l| Line::styled(l, title)));
            let query: Vec<&str> = values.query.lines().filter(|l| !l.trim().is_empty()).collect();
            if query.is_empty() {
                let muted = theme.style(Role::Muted);
                lines
                    .extend(crate::tui::text::wrap(s::RFM_MAP_NO_QUERY, w).into_iter().map(|l| Line::styled(l, muted)));
            }
            for line in query.iter().take(6) {
                lines.push(Line::raw(truncate(line, w)));
            }
            if query.len() > 6 {
                lines.push(Line::from(label("…")));
            }
            let answer = self.kind_answer();
            if let Some((severity, message)) =
                view.mark(&Place::Query, |checked| matches!(checked, Answer::Rfm(a) if a.query == answer.query))
            {
                let style = theme.style(severity_role(severity));
                lines.extend(crate::tui::text::wrap(message, w).into_iter().map(|l| Line::styled(l, style)));
            }
        }
        // Messages wrap here, so that every line below is one row and the scroll is exact.
        let say = |lines: &mut Vec<Line<'static>>, text: &str, role: Role| {
            lines.extend(crate::tui::text::wrap(text, w).into_iter().map(|l| Line::styled(l, theme.style(role))));
        };
        if let Some(problem) = &self.problem {
            lines.push(Line::from(""));
            say(&mut lines, problem, Role::Error);
        }
        if let Some((problem, note)) = self.form.problem_lines(values) {
            lines.push(Line::from(""));
            say(&mut lines, &problem, Role::Error);
            say(&mut lines, &note, Role::Muted);
        }
        // The finding of the last check about the model, while the model is as checked.
        let answer = self.kind_answer();
        if let Some((severity, message)) =
            view.mark(&Place::Model, |checked| matches!(checked, Answer::Rfm(a) if a.model == answer.model))
        {
            lines.extend(
                crate::tui::text::wrap(message, w)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(severity_role(severity)))),
            );
        }
        let heights = vec![1; lines.len()];
        self.form_scroll = keep_in_view(self.form_scroll, focus_line, &heights, area.height as usize);
        frame.render_widget(Paragraph::new(lines).scroll((self.form_scroll as u16, 0)), area);
    }
}
