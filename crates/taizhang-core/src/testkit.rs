//! Builders shared by this crate's unit tests and its integration tests (`tests/`), so each test
//! states only what matters to it.
//!
//! Dev-only: compiled for `cargo test` (unit tests) and behind the `testkit` feature, which only
//! this crate's own dev-dependency on itself turns on (integration tests); the app never sees it.

use crate::ledger::{Entry, EntryValue, LedgerView};
use crate::{Comparator, Date, Period, Plan, Span, Target};

/// The seed plan's text, as shipped in `seeds/`.
pub const SEED: &str = include_str!("../../../seeds/naidong-2025-work-points.txt");

/// The seed plan, parsed.
pub fn seed() -> Plan {
    crate::parse_plan(SEED)
}

/// The id of the first target of `plan` measuring `metric`.
pub fn target_id(plan: &Plan, metric: &str) -> String {
    plan.targets()
        .find(|t| t.metric == metric)
        .unwrap_or_else(|| panic!("no target {metric}"))
        .id
        .clone()
}

/// The id of the first task of `plan` whose text contains `needle`.
pub fn task_id(plan: &Plan, needle: &str) -> String {
    plan.tasks()
        .find(|t| t.text.contains(needle))
        .unwrap_or_else(|| panic!("no task with {needle}"))
        .id
        .clone()
}

/// An entry about `subject` as of `as_of`, recorded at time 1 with no note or unit.
pub fn entry(id: &str, subject: &str, as_of: &str, value: EntryValue) -> Entry {
    Entry {
        id: id.into(),
        subject: subject.into(),
        as_of: d(as_of),
        value,
        note: String::new(),
        unit: String::new(),
        recorded_at: 1,
        supersedes: None,
    }
}

/// A figure as an entry value.
pub fn value(v: &str) -> EntryValue {
    EntryValue::Figure {
        value: v.parse().unwrap(),
    }
}

pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The calendar year 2025, the seed's period.
pub fn year_2025() -> Period {
    Period {
        start: d("2025-01-01"),
        end: d("2025-12-31"),
    }
}

/// A target with id "t".
pub fn target(metric: &str, value: &str, unit: &str, comparator: Comparator) -> Target {
    Target {
        id: "t".into(),
        metric: metric.into(),
        value: value.parse().unwrap(),
        upper: None,
        unit: unit.into(),
        comparator,
        commitment: None,
        growth: false,
        phrase: String::new(),
        span: Span(0, 0),
    }
}

/// A figure entry.
pub fn figure(id: &str, subject: &str, as_of: &str, value: &str, at: i64) -> Entry {
    Entry {
        id: id.into(),
        subject: subject.into(),
        as_of: d(as_of),
        value: EntryValue::Figure {
            value: value.parse().unwrap(),
        },
        note: String::new(),
        unit: String::new(),
        recorded_at: at,
        supersedes: None,
    }
}

/// A ledger of (date, value) figures for target "t", recorded in list order.
pub fn figures(list: &[(&str, &str)]) -> LedgerView {
    let entries: Vec<Entry> = list
        .iter()
        .enumerate()
        .map(|(i, (date, v))| figure(&format!("e{i}"), "t", date, v, i as i64))
        .collect();
    LedgerView::new(&entries)
}

/// The laws every parse keeps: every span inside the text, a point's text its span's slice,
/// tasks inside their points, targets inside their tasks (their phrase their span's slice),
/// diagnostics inside the text, and point numbers unique across the plan (the app keys points
/// by them), whatever the numbering as written.
pub fn assert_spans_honest(plan: &Plan) {
    use crate::text::slice_chars;
    let n = plan.source.chars().count();
    let inside = |s: Span| s.start() <= s.end() && s.end() <= n;
    for s in &plan.sections {
        assert!(inside(s.span), "section {:?}", s.span);
        for p in &s.points {
            assert!(inside(p.span), "point {:?}", p.span);
            assert_eq!(slice_chars(&plan.source, p.span), p.text);
            for t in &p.tasks {
                assert!(
                    p.span.contains(t.span),
                    "task {:?} outside its point",
                    t.text
                );
                for g in &t.targets {
                    assert!(t.span.contains(g.span), "target {g:?} outside its task");
                    assert_eq!(slice_chars(&plan.source, g.span), g.phrase);
                }
            }
        }
    }
    for d in &plan.diagnostics {
        assert!(inside(d.span), "diagnostic {d:?}");
    }
    let mut numbers: Vec<u32> = plan.points().map(|p| p.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), plan.points().count(), "point numbers repeat");
}
