//! Beside the form: the learner's variant segmented with the model as it stands — a bar
//! per group (or, after a passed sales map, customers' share against revenue's), then
//! every participant with their figures, scores and segment.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::RfmEditor;
use crate::kinds::Answer;
use crate::kinds::rfm::{Segmented, Task};
use crate::strings::tui as s;
use crate::tui::editors::View;
use crate::tui::text::{truncate, width};
use crate::tui::theme::Role;

impl RfmEditor {
    pub(super) fn render_preview(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let block = Block::bordered().title(s::rfm_preview_title()).border_style(theme.style(Role::Border));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let seg = match &self.preview {
            Ok(seg) => seg,
            Err(problems) => {
                let mut lines = vec![Line::styled(s::rfm_model_problems(), theme.style(Role::Error))];
                lines.extend(problems.iter().map(|p| Line::raw(format!("• {p}"))));
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
                return;
            }
        };
        let passed_map = self.spec.task == Task::SalesMap
            && view.checked.is_some_and(|c| c.verdict.passed() && c.answer == Answer::Rfm(self.kind_answer()));
        let mut lines =
            if passed_map { self.map_chart(seg, view, inner.width) } else { self.group_chart(seg, view, inner.width) };
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!(
                "{:>6} {:>5} {:>4} {:>10}  R F M  {}",
                s::RFM_COL_ID,
                s::RFM_COL_DAYS,
                s::RFM_COL_FREQ,
                s::RFM_COL_SUM,
                s::RFM_SEGMENT
            ),
            theme.style(Role::Muted),
        ));
        let room = (inner.height as usize).saturating_sub(lines.len());
        let total = seg.table.len();
        let first = self.customer_scroll.min(total.saturating_sub(room.max(1)));
        for row in seg.segmentation.rows(&seg.table).skip(first).take(room) {
            let sum = format!("{:.2}", row.monetary as f64 / 100.0).replace('.', ",");
            let text = format!(
                "{:>6} {:>5} {:>4} {:>10}  {} {} {}  {}",
                truncate(&row.customer_id, 6),
                row.recency_days,
                row.frequency,
                sum,
                row.r,
                row.f,
                row.m,
                row.segment
            );
            lines.push(Line::raw(truncate(&text, inner.width as usize)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// One bar per segment: its customers; the fallback and missing groups in red.
    fn group_chart(&self, seg: &Segmented, view: &View, w: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let total = seg.table.len().max(1) as f64;
        let name_w = seg
            .map
            .segments
            .iter()
            .map(|f| width(&f.name))
            .chain(self.spec.groups.iter().map(|g| width(g)))
            .max()
            .unwrap_or(8)
            .min(22);
        let bar_w = (w as usize).saturating_sub(name_w + 16).max(4);
        let mut lines = Vec::new();
        let mut names: Vec<String> = seg.map.segments.iter().map(|f| f.name.clone()).collect();
        for g in &self.spec.groups {
            if !names.contains(g) {
                names.push(g.clone());
            }
        }
        let fallback = &seg.segmentation.names[seg.segmentation.fallback];
        // Bars are scaled to the largest group, so that small differences show.
        let largest = seg.map.segments.iter().map(|f| f.customers).max().unwrap_or(1).max(1) as f64;
        for name in names {
            let n = seg.map.get(&name).map_or(0, |f| f.customers);
            let bad = (n == 0 && self.spec.groups.contains(&name)) || (&name == fallback && n > 0);
            let filled = ((n as f64 / largest) * bar_w as f64).round() as usize;
            let style = if bad { theme.style(Role::Wrong) } else { theme.style(Role::Correct) };
            lines.push(Line::from(vec![
                Span::raw(format!("{:<name_w$} ", truncate(&name, name_w))),
                Span::styled("█".repeat(filled.min(bar_w)), style),
                Span::raw(format!(" {n} ({})", s::percent(100.0 * n as f64 / total))),
            ]));
        }
        lines
    }

    /// After a passed sales map: per segment, its share of customers against its share of revenue.
    fn map_chart(&self, seg: &Segmented, view: &View, w: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let name_w = seg.map.segments.iter().map(|f| width(&f.name)).max().unwrap_or(8).min(22);
        let bar_w = (w as usize).saturating_sub(name_w + 20).max(4);
        let mut lines = vec![Line::styled(s::RFM_MAP_CHART, theme.style(Role::Title))];
        // Both bars on one scale, the largest share of either kind filling the width.
        let largest = seg.map.segments.iter().flat_map(|f| [f.customer_share, f.revenue_share]).fold(1e-9, f64::max);
        for f in seg.map.segments.iter().filter(|f| f.customers > 0) {
            let bar = |share: f64| "█".repeat(((share / largest) * bar_w as f64).round() as usize);
            lines.push(Line::from(vec![
                Span::raw(format!("{:<name_w$} ", truncate(&f.name, name_w))),
                Span::styled(bar(f.customer_share), theme.style(Role::Accent)),
                Span::raw(format!(" {} {}", s::percent(f.customer_share), s::RFM_OF_CUSTOMERS)),
            ]));
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(name_w + 1)),
                Span::styled(bar(f.revenue_share), theme.style(Role::Correct)),
                Span::raw(format!(" {} {}", s::percent(f.revenue_share), s::RFM_OF_REVENUE)),
            ]));
        }
        lines
    }
}
