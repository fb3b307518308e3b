//! The plan as Taizhang understands it: sections, points, tasks and targets.
//!
//! These types serialise (with serde) to the public plan JSON printed by
//! `taizhang-cli parse` and embedded in snapshots; `docs/plan-json.md` documents the shape.
//! Spans are `[start, end)` offsets counted in Unicode scalar values (chars) into
//! [`Plan::source`], so any consumer can slice the source text with them.

use serde::{Deserialize, Serialize};

use crate::{Date, Decimal};

/// A half-open `[start, end)` range of char offsets into the plan's source text.
/// Serialised as a two-element array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span(pub usize, pub usize);

impl Span {
    pub fn start(self) -> usize {
        self.0
    }
    pub fn end(self) -> usize {
        self.1
    }
    pub fn len(self) -> usize {
        self.1.saturating_sub(self.0)
    }
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
    pub fn contains(self, other: Span) -> bool {
        self.0 <= other.0 && other.1 <= self.1
    }
}

/// The period a plan covers, both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Stable id derived from title and issuer.
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub issued_on: Option<Date>,
    pub period: Period,
    /// Content hash of `source`: two plans with the same fingerprint are the same text.
    pub fingerprint: String,
    /// The opening paragraph(s) before the first section (the guiding ideas).
    pub preamble: String,
    pub sections: Vec<Section>,
    pub diagnostics: Vec<Diagnostic>,
    /// The full plan text all spans point into.
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// 1-based ordinal (一 = 1).
    pub number: u32,
    /// The heading's numeral as written: "一", "二"…
    pub numeral: String,
    pub title: String,
    pub span: Span,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// The point's number, unique across the plan: as written (1…22) when the plan numbers its
    /// points through, else its position in the plan (see [`Point::label`]).
    pub number: u32,
    /// The number as written, when it differs from `number` (plans whose numbering restarts in
    /// every section: 一、 1. 2. 二、 1. 2.). Empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The first clause, e.g. 持续扩大有效投资.
    pub title: String,
    /// The full text after the number, title included.
    pub text: String,
    pub span: Span,
    pub tasks: Vec<Task>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Carries one or more targets.
    Quantitative,
    /// Something happens once: 建成, 开工建设, 完成, 办好…
    Milestone,
    /// No end state: 持续, 深化, 常态化…
    Ongoing,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// Stable id derived from the task's own text (see [`crate::id`]).
    pub id: String,
    pub text: String,
    pub kind: TaskKind,
    pub span: Span,
    /// Responsible units named in the text, e.g. "（牵头单位：县发展和改革局）".
    pub units: Vec<UnitRef>,
    pub targets: Vec<Target>,
    /// When the task is due, as the text says: "6月底前" is 30 June of the plan's year, "三季度"
    /// the last day of September, "年底前" 31 December. `None` when the text names no time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    /// 牵头单位.
    Lead,
    /// 责任单位 / 配合单位.
    Support,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub name: String,
    pub role: UnitRole,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// 以上 / 不少于 / 不低于 / 超过.
    AtLeast,
    /// 以内 / 以下 / 控制在 / 不超过.
    AtMost,
    /// 左右.
    About,
    /// 保持在 / 稳定在.
    Maintain,
    /// No qualifier.
    Exactly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commitment {
    /// 确保: a floor that must be met.
    Ensure,
    /// 力争: a stretch goal.
    Strive,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Stable id: the task's id plus the target's ordinal within the task.
    pub id: String,
    /// What is measured, e.g. 固定资产投资.
    pub metric: String,
    /// The value exactly as written (a JSON string such as "1.36"). For a range ("增长5%—5.5%")
    /// the lower end; see [`Target::upper`].
    pub value: Decimal,
    /// The upper end of a range such as "5—5.5%" (then `value` is the lower end), else `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<Decimal>,
    /// The unit as written: 亿元, 万亩, %, 户…
    pub unit: String,
    pub comparator: Comparator,
    pub commitment: Option<Commitment>,
    /// A rate of change ("增长6%") rather than a level.
    pub growth: bool,
    /// The phrase the target came from, e.g. "力争完成固定资产投资40亿元以上".
    pub phrase: String,
    pub span: Span,
}

/// Something the parser read but could not place. Parsing never fails outright; it returns what
/// it could read plus these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub span: Span,
    /// A stable, machine-readable code such as `no_sections`.
    pub code: String,
    /// A human-readable explanation (Chinese).
    pub message: String,
}

impl Point {
    /// The number to show: as written.
    pub fn shown_number(&self) -> String {
        if self.label.is_empty() {
            self.number.to_string()
        } else {
            self.label.clone()
        }
    }
}

impl Plan {
    /// All points of all sections, in document order.
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.sections.iter().flat_map(|s| s.points.iter())
    }

    /// All tasks, in document order.
    pub fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.points().flat_map(|p| p.tasks.iter())
    }

    /// All targets, in document order.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.tasks().flat_map(|t| t.targets.iter())
    }

    /// True when the text had recognisable structure: at least one section with a point.
    pub fn has_structure(&self) -> bool {
        self.points().next().is_some()
    }

    /// Empties every point's and task's text and every target's phrase that is exactly the
    /// stretch of `source` its span covers, so an embedded copy of the plan carries its text once
    /// (the seed's structure: 69 KB of JSON, 18.6 KB gzip, against 39 KB and 12.9 KB without the
    /// copies). [`Plan::restore_span_texts`] puts them back.
    ///
    /// # Panics
    /// When a text is empty but its span covers text: restoring would then change the plan.
    pub fn without_span_texts(mut self) -> Plan {
        let source = std::mem::take(&mut self.source);
        let spanned = Spanned::new(&source);
        self.each_span_text(|text, span| {
            if text.is_empty() {
                assert!(
                    spanned.get(span).is_none_or(str::is_empty),
                    "an empty text over a span of text"
                );
            } else if spanned.get(span) == Some(text.as_str()) {
                text.clear();
            }
        });
        self.source = source;
        self
    }

    /// Fills back what [`Plan::without_span_texts`] emptied: each empty text becomes the stretch
    /// of `source` its span covers (nothing, when the span is not one).
    pub fn restore_span_texts(mut self) -> Plan {
        let source = std::mem::take(&mut self.source);
        let spanned = Spanned::new(&source);
        self.each_span_text(|text, span| {
            if text.is_empty() {
                text.push_str(spanned.get(span).unwrap_or_default());
            }
        });
        self.source = source;
        self
    }

    fn each_span_text(&mut self, mut f: impl FnMut(&mut String, Span)) {
        for point in self.sections.iter_mut().flat_map(|s| s.points.iter_mut()) {
            f(&mut point.text, point.span);
            for task in &mut point.tasks {
                f(&mut task.text, task.span);
                for target in &mut task.targets {
                    f(&mut target.phrase, target.span);
                }
            }
        }
    }
}

/// Slices a text by char spans: the byte offset of every char, worked out once.
struct Spanned<'a> {
    source: &'a str,
    bytes: Vec<usize>,
}

impl<'a> Spanned<'a> {
    fn new(source: &'a str) -> Self {
        let bytes = source
            .char_indices()
            .map(|(at, _)| at)
            .chain(std::iter::once(source.len()))
            .collect();
        Spanned { source, bytes }
    }

    /// The stretch of the source that `span` covers, when it is one.
    fn get(&self, span: Span) -> Option<&'a str> {
        let start = *self.bytes.get(span.start())?;
        let end = *self.bytes.get(span.end())?;
        self.source.get(start..end)
    }
}
