//! Beside the form: the learner's variant segmented with the model as it stands — a bar
//! per group (or, after a passed sales map, customers' share against revenue's), then
//! every participant with their figures, scores and segment.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::RfmEditor;
use crate::kinds::Answer;
use crate::kinds::rfm::{self, Segmented, Task};
use crate::strings::tui as s;
use crate::tui::editors::View;
use crate::tui::text::{truncate, width};
use crate::tui::theme::Role;

impl RfmEditor {
    pub(super) fn render_preview(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let title = if area.width as usize >= crate::tui::text::width(s::rfm_preview_title()) + 2 {
            s::rfm_preview_title()
        } else {
            s::rfm_preview_title_short()
        };
        let block = Block::bordered().title(title).border_style(theme.style(Role::Border));
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
        // Narrow, the sum gives way, then the days and purchases: the scores and the
        // segment are what the form is about, and the segment's name is never cut.
        let w = inner.width as usize;
        let columns = if w >= 55 {
            3
        } else if w >= 44 {
            2
        } else {
            1
        };
        let head = match columns {
            3 => format!(
                "{:>6} {:>5} {:>4} {:>10}  {}  {}",
                s::RFM_COL_ID,
                s::RFM_COL_DAYS,
                s::RFM_COL_FREQ,
                s::RFM_COL_SUM,
                s::RFM_COL_SCORES,
                s::RFM_SEGMENT
            ),
            2 => format!(
                "{:>6} {:>5} {:>4}  {}  {}",
                s::RFM_COL_ID,
                s::RFM_COL_DAYS,
                s::RFM_COL_FREQ,
                s::RFM_COL_SCORES,
                s::RFM_SEGMENT
            ),
            _ => format!("{:>6}  {}  {}", s::RFM_COL_ID, s::RFM_COL_SCORES, s::RFM_SEGMENT),
        };
        lines.push(Line::styled(truncate(&head, w), theme.style(Role::Muted)));
        let room = (inner.height as usize).saturating_sub(lines.len());
        let total = seg.table.len();
        let first = self.customer_scroll.min(total.saturating_sub(room.max(1)));
        for row in seg.segmentation.rows(&seg.table).skip(first).take(room) {
            let id = truncate(&row.customer_id, 6);
            let (r, f, m, segment) = (row.r, row.f, row.m, row.segment);
            let text = match columns {
                3 => {
                    let sum = format!("{:.2}", row.monetary as f64 / 100.0).replace('.', ",");
                    format!("{id:>6} {:>5} {:>4} {sum:>10}  {r} {f} {m}  {segment}", row.recency_days, row.frequency)
                }
                2 => format!("{id:>6} {:>5} {:>4}  {r} {f} {m}  {segment}", row.recency_days, row.frequency),
                _ => format!("{id:>6}  {r} {f} {m}  {segment}"),
            };
            lines.push(Line::raw(truncate(&text, w)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// One bar per segment: its customers. An empty group the exercise asks for and a
    /// fallback with customers are marked ✗ and drawn in red (the mark stays without
    /// colour), and under the bars each empty group says why it is empty.
    pub(super) fn group_chart(&self, seg: &Segmented, view: &View, w: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let w = w as usize;
        let total = seg.table.len().max(1) as f64;
        let mut names: Vec<String> = seg.map.segments.iter().map(|f| f.name.clone()).collect();
        // A group is the learner's segment whatever its quotes, case or ё (as grading
        // reads names); only a group no segment stands for is added, empty.
        for g in &self.spec.groups {
            if !names.iter().any(|n| rfm::group_key(n) == rfm::group_key(g)) {
                names.push(g.clone());
            }
        }
        let fallback = &seg.segmentation.names[seg.segmentation.fallback];
        let longest = names.iter().map(|name| width(name)).max().unwrap_or(8).min(22);
        let counts: Vec<u64> = names.iter().map(|name| seg.map.get(name).map_or(0, |f| f.customers)).collect();
        // Room: the mark (2), the name, a space, the bar (at least 6), the count and its
        // share. Narrow, the share gives way before the names are cut.
        let tail = |n: u64, share: bool| {
            if share { format!(" {n} ({})", s::percent(100.0 * n as f64 / total)) } else { format!(" {n}") }
        };
        let tail_width = |share: bool| counts.iter().map(|n| width(&tail(*n, share))).max().unwrap_or(0);
        let share = 2 + longest + 1 + 6 + tail_width(true) <= w;
        let tail_w = tail_width(share);
        let rows: Vec<(String, u64, String)> =
            names.into_iter().zip(counts.iter()).map(|(name, &n)| (name, n, tail(n, share))).collect();
        let name_w = longest.min(w.saturating_sub(2 + 1 + 3 + tail_w)).max(6);
        let bar_w = w.saturating_sub(2 + name_w + 1 + tail_w).max(1);
        // Bars are scaled to the largest group, so that small differences show.
        let largest = seg.map.segments.iter().map(|f| f.customers).max().unwrap_or(1).max(1) as f64;
        let mut lines = Vec::new();
        let mut why = Vec::new();
        for (name, n, tail) in rows {
            let required = rfm::group_named(&self.spec.groups, &name).is_some();
            let bad = (n == 0 && required) || (&name == fallback && n > 0);
            let filled = ((n as f64 / largest) * bar_w as f64).round() as usize;
            let (mark, style) =
                if bad { ("✗ ", theme.style(Role::Wrong)) } else { ("  ", theme.style(Role::Correct)) };
            let text_style = if bad { style } else { ratatui::style::Style::default() };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark}{:<name_w$} ", truncate(&name, name_w)), text_style),
                Span::styled("█".repeat(filled.min(bar_w)), style),
                Span::styled(tail, text_style),
            ]));
            if n == 0 && required {
                why.push(why_empty(seg, &name));
            }
        }
        for reason in why {
            lines.extend(
                crate::tui::text::wrap(&reason, w).into_iter().map(|l| Line::styled(l, theme.style(Role::Wrong))),
            );
        }
        lines
    }

    /// After a passed sales map: per segment, its share of customers against its share of revenue.
    fn map_chart(&self, seg: &Segmented, view: &View, w: u16) -> Vec<Line<'static>> {
        let theme = view.theme;
        let tail_w = 1 + width(&s::percent(100.0)) + 1 + width(s::RFM_OF_CUSTOMERS).max(width(s::RFM_OF_REVENUE));
        let longest = seg.map.segments.iter().map(|f| width(&f.name)).max().unwrap_or(8).min(22);
        let name_w = longest.min((w as usize).saturating_sub(1 + 3 + tail_w)).max(6);
        let bar_w = (w as usize).saturating_sub(name_w + 1 + tail_w).max(1);
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

/// Why a group the exercise asks for has nobody: no rule names it, no participant fits
/// its rule, or the participants who fit were taken by a rule above it (the rule that
/// took most of them is named).
fn why_empty(seg: &Segmented, group: &str) -> String {
    let model = &seg.model;
    let key = rfm::group_key(group);
    let rules: Vec<_> =
        model.rules.iter().filter(|r| model.names.get(r.segment).is_some_and(|n| rfm::group_key(n) == key)).collect();
    if rules.is_empty() {
        return s::rfm_group_no_rule(group);
    }
    let scores = &seg.segmentation.scores;
    let mut taken: std::collections::BTreeMap<usize, u64> = std::collections::BTreeMap::new();
    for (i, &segment) in seg.segmentation.segment.iter().enumerate() {
        if rules.iter().any(|r| r.matches(scores.r[i], scores.f[i], scores.m[i])) {
            *taken.entry(usize::from(segment)).or_default() += 1;
        }
    }
    let fitting: u64 = taken.values().sum();
    match taken.iter().max_by_key(|(_, n)| **n).and_then(|(s, _)| model.names.get(*s)) {
        Some(by) if fitting > 0 => s::rfm_group_taken(group, by, fitting),
        _ => s::rfm_group_nobody_fits(group),
    }
}
