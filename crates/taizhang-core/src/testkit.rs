//! Builders shared by this crate's unit tests, so each test states only what matters to it.

use crate::ledger::{Entry, EntryValue, LedgerView};
use crate::{Comparator, Date, Period, Span, Target};

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
