//! The one module that draws charts, with plotters into SVG strings, entirely on the client.
//!
//! Charts take chart data (from `taizhang_core::chart`) and labels, never app state. Each status
//! has one colour, used everywhere, and every coloured mark also carries text (a legend or a
//! label), so no chart relies on colour alone.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use taizhang_core::chart::{month_ticks, Bar, TargetChart};
use taizhang_core::pacing::Status;
use taizhang_core::Period;

/// The status palette (shared with the CSS chips).
pub fn status_color(s: Status) -> RGBColor {
    match s {
        Status::Done => RGBColor(0x1e, 0x7b, 0x4f),
        Status::OnTrack => RGBColor(0x2f, 0x6d, 0xb5),
        Status::AtRisk => RGBColor(0xc2, 0x7c, 0x0e),
        Status::Behind => RGBColor(0xb3, 0x26, 0x1e),
        Status::NoData => RGBColor(0x9a, 0xa6, 0xb6),
        Status::Stale => RGBColor(0x6b, 0x4f, 0xa0),
    }
}

const INK: RGBColor = RGBColor(0x1c, 0x24, 0x30);
const MUTED: RGBColor = RGBColor(0x6b, 0x76, 0x86);
const GRID: RGBColor = RGBColor(0xdd, 0xe2, 0xe9);
const ACTUAL: RGBColor = RGBColor(0x1f, 0x3a, 0x5f);
const TARGET: RGBColor = RGBColor(0xb3, 0x26, 0x1e);
const FONT: &str = "sans-serif";

/// The words a target chart shows, in the UI language.
pub struct TargetLabels {
    pub unit: String,
    pub actual: String,
    pub pace: String,
    pub target: String,
    pub as_of: String,
    pub projection: String,
    /// Formats a month number for the x axis ("3月" / "Mar").
    pub month: fn(u8) -> String,
}

/// The size of a chart in px; SVG scales, so this sets proportions and text size.
pub const TARGET_SIZE: (u32, u32) = (640, 320);

/// Draws one target's chart: cumulative actual as a step line with points, the pace line, the
/// target line, the as-of marker and a linear projection to period end.
pub fn target_svg(c: &TargetChart, period: Period, labels: &TargetLabels) -> String {
    let mut svg = String::new();
    // Drawing into a String cannot fail for I/O reasons; a plotting error leaves a partial chart
    // rather than a panic.
    let _ = draw_target(&mut svg, c, period, labels);
    svg
}

fn draw_target<'s>(
    svg: &'s mut String,
    c: &TargetChart,
    period: Period,
    l: &TargetLabels,
) -> Result<(), Box<dyn std::error::Error + 's>> {
    let root = SVGBackend::with_string(svg, TARGET_SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..c.days, 0f64..c.y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_labels(0)
        .y_desc(l.unit.as_str())
        .label_style((FONT, 13).into_font().color(&INK))
        .draw()?;

    chart.draw_series(DashedLineSeries::new(
        c.pace.iter().copied(),
        6,
        4,
        MUTED.stroke_width(2),
    ))?;
    chart.draw_series(LineSeries::new(
        [(0.0, c.target), (c.days, c.target)],
        TARGET.stroke_width(1),
    ))?;
    if let Some(p) = c.projection {
        chart.draw_series(DashedLineSeries::new(
            p,
            3,
            3,
            ACTUAL.mix(0.5).stroke_width(1),
        ))?;
    }
    chart.draw_series(LineSeries::new(
        c.actual.iter().copied(),
        ACTUAL.stroke_width(3),
    ))?;
    chart.draw_series(c.points.iter().map(|p| Circle::new(*p, 4, ACTUAL.filled())))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(c.as_of, 0.0), (c.as_of, c.y_max)],
        MUTED.stroke_width(1),
    )))?;
    // Month labels at the first day of each month (plotters' own ticks would fall mid-month).
    for (day, month) in month_ticks(period) {
        let (x, y) = chart.backend_coord(&(day, 0.0));
        root.draw(&Text::new(
            (l.month)(month),
            (x, y + 8),
            (FONT, 12).into_font().color(&INK),
        ))?;
    }
    // The as-of label sits right of its marker, or left of it where it would leave the chart
    // (an as-of date late in the period).
    let (ax, ay) = chart.backend_coord(&(c.as_of, c.y_max));
    let (right_edge, _) = chart.backend_coord(&(c.days, c.y_max));
    let style = (FONT, 12).into_font().color(&MUTED);
    if ax + 4 + text_width(&l.as_of, 12) <= right_edge {
        root.draw(&Text::new(l.as_of.clone(), (ax + 4, ay + 2), style))?;
    } else {
        let style = style.pos(Pos::new(HPos::Right, VPos::Top));
        root.draw(&Text::new(l.as_of.clone(), (ax - 4, ay + 2), style))?;
    }
    // The legend, drawn here rather than by plotters' series labels: those measure every label
    // in the live page (a forced layout per label), which made each chart cost a page layout.
    // Each sample is drawn like its line (dashed where the line is), so the legend does not rely
    // on colour alone.
    let mut items = vec![
        LegendItem {
            label: &l.actual,
            style: ACTUAL.stroke_width(3),
            dash: None,
        },
        LegendItem {
            label: &l.pace,
            style: MUTED.stroke_width(2),
            dash: Some((6, 4)),
        },
        LegendItem {
            label: &l.target,
            style: TARGET.stroke_width(1),
            dash: None,
        },
    ];
    if c.projection.is_some() {
        items.push(LegendItem {
            label: &l.projection,
            style: ACTUAL.mix(0.5).stroke_width(1),
            dash: Some((3, 3)),
        });
    }
    let (lx, ly) = chart.backend_coord(&(0.0, c.y_max));
    draw_legend(&root, (lx + 8, ly + 6), &items)?;
    root.present()?;
    Ok(())
}

/// The width of `text` at `size` px, estimated without the page: CJK characters are one em
/// wide, others about 0.6 em (enough to size a legend box; the browser lays out the text).
fn text_width(text: &str, size: i32) -> i32 {
    text.chars()
        .map(|c| {
            if u32::from(c) >= 0x2E80 {
                size
            } else {
                size * 3 / 5
            }
        })
        .sum()
}

/// One row of a legend: a line sample drawn in `style` (dashed as `(dash, gap)` when given).
struct LegendItem<'a> {
    label: &'a str,
    style: ShapeStyle,
    dash: Option<(i32, i32)>,
}

/// A boxed legend at `origin` (top left): one row per item, its line sample then its label.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    origin: (i32, i32),
    items: &[LegendItem<'_>],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    const ROW: i32 = 18;
    let (x, y) = origin;
    let widest = items
        .iter()
        .map(|i| text_width(i.label, 12))
        .max()
        .unwrap_or(0);
    let bottom = y + 6 + ROW * items.len() as i32;
    root.draw(&Rectangle::new(
        [(x, y), (x + 40 + widest, bottom)],
        WHITE.mix(0.9).filled(),
    ))?;
    root.draw(&Rectangle::new([(x, y), (x + 40 + widest, bottom)], GRID))?;
    for (i, LegendItem { label, style, dash }) in items.iter().enumerate() {
        let row_y = y + 4 + ROW * i as i32;
        let sample = vec![(x + 8, row_y + ROW / 2), (x + 26, row_y + ROW / 2)];
        match dash {
            Some((size, gap)) => root.draw(&plotters::element::DashedPathElement::new(
                sample, *size, *gap, *style,
            ))?,
            None => root.draw(&PathElement::new(sample, *style))?,
        }
        root.draw(&Text::new(
            label.to_string(),
            (x + 32, row_y + 3),
            (FONT, 12).into_font().color(&INK),
        ))?;
    }
    Ok(())
}

/// One row of a horizontal bar chart: a label, coloured segments (width, colour), and a note
/// drawn at the bar's end (the text that goes with the colour).
pub struct HRow {
    pub label: String,
    pub segments: Vec<(f64, RGBColor)>,
    pub note: String,
}

/// A vertical reference line across a bar chart, with its label (e.g. elapsed time).
pub struct VLine {
    pub x: f64,
    pub label: String,
}

/// The height of a bar chart's legend, in px.
const HBARS_LEGEND_H: u32 = 26;

/// The size in px of a bar chart of `rows` rows (with a legend or not): 30 px a row.
pub fn hbars_size(rows: usize, legend: bool) -> (u32, u32) {
    let legend_h = if legend { HBARS_LEGEND_H } else { 0 };
    (640, 40 + legend_h + 30 * rows.max(1) as u32)
}

/// Draws horizontal bars, `x_max` wide, with an optional reference line and a legend of
/// (text, colour) pairs. Each drawing is timed for the benchmark ("taizhang-chart").
pub fn hbars_svg(
    rows: &[HRow],
    x_max: f64,
    vline: Option<&VLine>,
    legend: &[(String, RGBColor)],
    x_suffix: &str,
) -> String {
    crate::perf::start("taizhang-chart");
    let svg = hbars_svg_inner(rows, x_max, vline, legend, x_suffix);
    crate::perf::end("taizhang-chart");
    svg
}

fn hbars_svg_inner(
    rows: &[HRow],
    x_max: f64,
    vline: Option<&VLine>,
    legend: &[(String, RGBColor)],
    x_suffix: &str,
) -> String {
    let mut svg = String::new();
    let _ = draw_hbars(&mut svg, rows, x_max, vline, legend, x_suffix);
    svg
}

fn draw_hbars<'s>(
    svg: &'s mut String,
    rows: &[HRow],
    x_max: f64,
    vline: Option<&VLine>,
    legend: &[(String, RGBColor)],
    x_suffix: &str,
) -> Result<(), Box<dyn std::error::Error + 's>> {
    let legend_h = if legend.is_empty() { 0 } else { HBARS_LEGEND_H };
    let root = SVGBackend::with_string(svg, hbars_size(rows.len(), !legend.is_empty()))
        .into_drawing_area();
    root.fill(&WHITE)?;
    let n = rows.len().max(1) as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(8 + legend_h)
        .margin_right(90)
        .margin_left(8)
        .x_label_area_size(24)
        .y_label_area_size(170)
        .build_cartesian_2d(0f64..x_max, 0f64..n)?;
    let suffix = x_suffix.to_string();
    let fmt = move |x: &f64| format!("{x:.0}{suffix}");
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_labels(6)
        .x_label_formatter(&fmt)
        .label_style((FONT, 12).into_font().color(&INK))
        .draw()?;
    let label_font = (FONT, 13).into_font().color(&INK);
    for (i, row) in rows.iter().enumerate() {
        // Rows top to bottom: row 0 at the top.
        let y0 = n - i as f64 - 0.8;
        let y1 = n - i as f64 - 0.2;
        let mut x = 0.0;
        for (w, color) in &row.segments {
            if *w > 0.0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x, y0), (x + w, y1)],
                    color.filled(),
                )))?;
            }
            x += w;
        }
        let (px, py) = chart.backend_coord(&(0.0, (y0 + y1) / 2.0));
        let label: String = row.label.chars().take(12).collect();
        root.draw(&Text::new(label, (px - 164, py - 7), label_font.clone()))?;
        let (ex, _) = chart.backend_coord(&(x.min(x_max), 0.0));
        root.draw(&Text::new(
            row.note.clone(),
            (ex + 6, py - 7),
            (FONT, 12).into_font().color(&MUTED),
        ))?;
    }
    if let Some(v) = vline {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(v.x, 0.0), (v.x, n)],
            TARGET.stroke_width(2),
        )))?;
        let (vx, vy) = chart.backend_coord(&(v.x, n));
        root.draw(&Text::new(
            v.label.clone(),
            (vx + 4, vy),
            (FONT, 12).into_font().color(&TARGET),
        ))?;
    }
    let mut lx = 178;
    for (text, color) in legend {
        root.draw(&Rectangle::new([(lx, 10), (lx + 12, 22)], color.filled()))?;
        root.draw(&Text::new(
            text.clone(),
            (lx + 16, 9),
            (FONT, 12).into_font().color(&INK),
        ))?;
        lx += 28 + text_width(text, 12);
    }
    root.present()?;
    Ok(())
}

/// Rows for a section chart: each target's completion coloured by status, with "42% 正常" beside.
pub fn section_rows(bars: &[Bar], status_text: impl Fn(Status) -> String) -> Vec<HRow> {
    bars.iter()
        .map(|b| HRow {
            label: b.label.clone(),
            segments: vec![(b.percent, status_color(b.status))],
            note: format!("{}% {}", b.percent.round(), status_text(b.status)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use taizhang_core::chart::target_chart;
    use taizhang_core::ledger::{Entry, EntryValue, LedgerView};
    use taizhang_core::{Comparator, Span, Target};

    fn period() -> Period {
        Period {
            start: "2025-01-01".parse().unwrap(),
            end: "2025-12-31".parse().unwrap(),
        }
    }

    #[test]
    fn a_target_chart_is_svg_with_its_series_and_chinese_labels() {
        let target = Target {
            id: "t".into(),
            metric: "营造林".into(),
            value: "2.88".parse().unwrap(),
            upper: None,
            unit: "万亩".into(),
            comparator: Comparator::Exactly,
            commitment: None,
            growth: false,
            phrase: String::new(),
            span: Span(0, 0),
        };
        let entry = Entry {
            id: "e".into(),
            subject: "t".into(),
            as_of: "2025-06-30".parse().unwrap(),
            value: EntryValue::Figure {
                value: "1.2".parse().unwrap(),
            },
            note: String::new(),
            unit: String::new(),
            recorded_at: 1,
            supersedes: None,
        };
        let data = target_chart(
            &target,
            &LedgerView::new(&[entry]),
            period(),
            "2025-07-15".parse().unwrap(),
            None,
        );
        let labels = TargetLabels {
            unit: "万亩".into(),
            actual: "累计完成".into(),
            pace: "序时进度".into(),
            target: "目标".into(),
            as_of: "截至 2025-07-15".into(),
            projection: "趋势预测".into(),
            month: |m| format!("{m}月"),
        };
        let svg = target_svg(&data, period(), &labels);
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
        for text in [
            "累计完成",
            "序时进度",
            "目标",
            "截至 2025-07-15",
            "趋势预测",
            "万亩",
            "3月",
            "12月",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(
            svg.contains("<circle"),
            "the recorded figure is drawn as a point"
        );
        assert!(
            svg.matches("<polyline").count() >= 3,
            "pace, target and actual lines"
        );
    }

    #[test]
    fn bar_charts_carry_text_with_every_colour() {
        let rows = section_rows(
            &[
                Bar {
                    label: "营造林".into(),
                    percent: 42.0,
                    status: Status::OnTrack,
                },
                Bar {
                    label: "户厕".into(),
                    percent: 10.0,
                    status: Status::Behind,
                },
            ],
            |s| format!("{s:?}"),
        );
        let svg = hbars_svg(
            &rows,
            150.0,
            Some(&VLine {
                x: 54.0,
                label: "时间进度 54%".into(),
            }),
            &[("正常".into(), status_color(Status::OnTrack))],
            "%",
        );
        for text in [
            "营造林",
            "户厕",
            "42% OnTrack",
            "10% Behind",
            "时间进度 54%",
            "正常",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(svg.contains("<rect"));
    }
}
