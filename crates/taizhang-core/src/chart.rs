//! Chart data as plain values: what a target chart or a section chart shows, computed from the
//! plan and the ledger without any drawing. The app draws these with plotters; tests check them
//! here, natively.

use crate::ledger::LedgerView;
use crate::pacing::{Pace, Profile, Status};
use crate::{Date, Period, Target};

/// The series of one target's chart. X values are days since the period start (0 = 1 January).
#[derive(Clone, Debug, PartialEq)]
pub struct TargetChart {
    /// Length of the period in days (the x range is 0…days).
    pub days: f64,
    /// The target value V.
    pub target: f64,
    /// Cumulative figures as a step line: (day, value), starting at (0, 0).
    pub actual: Vec<(f64, f64)>,
    /// The recorded figures themselves, as points.
    pub points: Vec<(f64, f64)>,
    /// The pace line from (0, 0) to (days, V), following the profile if any.
    pub pace: Vec<(f64, f64)>,
    /// The as-of marker's day.
    pub as_of: f64,
    /// A straight projection from the origin through the latest figure to period end, if any.
    pub projection: Option<[(f64, f64); 2]>,
    /// The y range upper bound: the largest of V, the figures and the projection, plus headroom.
    pub y_max: f64,
}

fn day_of(period: Period, date: Date) -> f64 {
    period.start.days_until(date) as f64
}

/// The chart of `target` as of `as_of`: figures recorded on or before it.
pub fn target_chart(
    target: &Target,
    ledger: &LedgerView,
    period: Period,
    as_of: Date,
    profile: Option<Profile>,
) -> TargetChart {
    let days = day_of(period, period.end) + 1.0;
    let v = target.value.to_f64();
    let mut figures: Vec<(f64, f64)> = ledger
        .history(&target.id)
        .iter()
        .filter(|e| e.as_of <= as_of)
        .filter_map(|e| match e.value {
            crate::ledger::EntryValue::Figure { value } => {
                Some((day_of(period, e.as_of).clamp(0.0, days), value.to_f64()))
            }
            _ => None,
        })
        .collect();
    crate::order::sort_by(&mut figures, |f| (crate::order::f64_key(f.0), 0, ""));
    // One figure per day: the newest recorded (history is newest first, so keep the first seen).
    figures.dedup_by(|later, earlier| later.0 == earlier.0);

    let mut actual = vec![(0.0, 0.0)];
    for &(x, y) in &figures {
        let last = actual.last().map_or(0.0, |p| p.1);
        actual.push((x, last));
        actual.push((x, y));
    }
    let as_of_day = day_of(period, as_of).clamp(0.0, days);
    if let Some(&(x, y)) = figures.last() {
        if as_of_day > x {
            actual.push((as_of_day, y));
        }
    }
    // The pace line is piecewise linear: straight for a linear pace, bending at quarter ends for
    // a quarterly profile.
    let pace: Vec<(f64, f64)> = match profile {
        None => vec![(0.0, 0.0), (days, v)],
        Some(Profile([q1, q2, q3])) => [0.0, q1, q2, q3, 1.0]
            .iter()
            .enumerate()
            .map(|(k, share)| (days * k as f64 / 4.0, v * share))
            .collect(),
    };
    let projection = figures
        .last()
        .filter(|(x, _)| *x > 0.0)
        .map(|&(x, y)| [(0.0, 0.0), (days, y / x * days)]);
    let y_top = figures
        .iter()
        .map(|p| p.1)
        .chain(projection.iter().map(|p| p[1].1))
        .fold(v, f64::max);
    TargetChart {
        days,
        target: v,
        actual,
        points: figures,
        pace,
        as_of: as_of_day,
        projection,
        y_max: (y_top * 1.1).max(1e-9),
    }
}

/// One bar of a section chart: a target's completion, coloured by its status.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    /// Completion in percent, capped at 150 for drawing.
    pub percent: f64,
    pub status: Status,
}

/// Bars for a section chart from (label, pace) pairs; targets without a figure show as 0.
pub fn bars(items: &[(String, Pace)]) -> Vec<Bar> {
    items
        .iter()
        .map(|(label, pace)| Bar {
            label: label.clone(),
            percent: (pace.completion.unwrap_or(0.0) * 100.0).clamp(0.0, 150.0),
            status: pace.status,
        })
        .collect()
}

/// Month ticks for the x axis: (day, month number) for the first day of each month.
pub fn month_ticks(period: Period) -> Vec<(f64, u8)> {
    let mut out = Vec::new();
    let mut d = period.start;
    while d <= period.end {
        if d.day() == 1 {
            out.push((day_of(period, d), d.month()));
        }
        match Date::from_days_since_epoch(d.days_since_epoch() + 1) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pacing::Pace;
    use crate::testkit::{d, figures, target, year_2025};
    use crate::Comparator;

    fn setup() -> (Target, LedgerView, Period) {
        let target = target("营造林", "2.88", "万亩", Comparator::Exactly);
        let ledger = figures(&[
            ("2025-03-31", "0.3"),
            ("2025-06-30", "1.2"),
            ("2025-09-30", "2.1"),
        ]);
        (target, ledger, year_2025())
    }

    #[test]
    fn a_target_chart_steps_through_the_figures_up_to_the_as_of_date() {
        let (target, ledger, period) = setup();
        let c = target_chart(&target, &ledger, period, d("2025-07-15"), None);
        assert_eq!(c.days, 365.0);
        assert_eq!(c.points, vec![(89.0, 0.3), (180.0, 1.2)]);
        assert_eq!(
            c.actual,
            vec![
                (0.0, 0.0),
                (89.0, 0.0),
                (89.0, 0.3),
                (180.0, 0.3),
                (180.0, 1.2),
                (195.0, 1.2)
            ]
        );
        assert_eq!(c.as_of, 195.0);
        assert_eq!(c.pace, vec![(0.0, 0.0), (365.0, 2.88)]);
        let profiled = target_chart(
            &target,
            &ledger,
            period,
            d("2025-07-15"),
            Some(Profile([0.15, 0.45, 0.75])),
        );
        assert_eq!(profiled.pace.len(), 5);
        assert!((profiled.pace[2].1 - 2.88 * 0.45).abs() < 1e-12);
        let end = c.pace.last().unwrap();
        assert!((end.0 - 365.0).abs() < 1e-9 && (end.1 - 2.88).abs() < 1e-9);
        let proj = c.projection.unwrap();
        assert!((proj[1].1 - 1.2 / 180.0 * 365.0).abs() < 1e-9);
        assert!(c.y_max >= 2.88 * 1.1 - 1e-9);
    }

    #[test]
    fn no_figures_means_a_flat_start_and_no_projection() {
        let (target, _, period) = setup();
        let c = target_chart(
            &target,
            &LedgerView::default(),
            period,
            d("2025-07-15"),
            None,
        );
        assert_eq!(c.actual, vec![(0.0, 0.0)]);
        assert!(c.points.is_empty() && c.projection.is_none());
    }

    #[test]
    fn bars_and_ticks() {
        let pace = |completion, status| Pace {
            status,
            expected: 0.5,
            completion,
            as_of: None,
        };
        let b = bars(&[
            ("a".into(), pace(Some(0.42), Status::OnTrack)),
            ("b".into(), pace(None, Status::NoData)),
            ("c".into(), pace(Some(3.0), Status::Done)),
        ]);
        assert_eq!(
            b.iter().map(|b| b.percent.round()).collect::<Vec<_>>(),
            [42.0, 0.0, 150.0]
        );
        let (_, _, period) = setup();
        let ticks = month_ticks(period);
        assert_eq!(ticks.len(), 12);
        assert_eq!(ticks[1], (31.0, 2));
    }
}
