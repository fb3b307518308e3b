//! Pacing (时序进度): is each target where the calendar says it should be?
//!
//! For a target of value V with latest cumulative figure A as of date d, completion r = A / V is
//! compared with the expected fraction f of the period elapsed by d (linear by default, or a
//! quarterly profile). The thresholds live in [`Thresholds`], in one place:
//!
//! | status | rule (r and f as fractions) |
//! |---|---|
//! | 已完成 done | r ≥ 1 |
//! | 正常 on track | r ≥ f − 0.10 |
//! | 关注 at risk | r ≥ f − 0.30 |
//! | 滞后 behind | otherwise |
//! | 未填报 no data | no figure on or before d |
//! | 长期未更新 stale | the latest figure is older than 45 days at d and would say on track or at risk (behind stays behind) |
//!
//! "Maintain" targets (保持在99%) and rates (a `%` unit with at-least/at-most/about) compare the
//! latest measured level with the threshold instead; growth targets compare the measured growth
//! rate. "At most" cumulative targets invert: spending faster than the calendar is the risk.
//! Milestones are behind when past their deadline and not done.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ledger::{LedgerView, MilestoneState};
use crate::{Comparator, Date, Period, Target};

/// The thresholds of the pacing rule, as fractions (0.10 = 10 percentage points).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// On track while completion is at most this far behind the calendar.
    pub on_track: f64,
    /// At risk while completion is at most this far behind; behind beyond it.
    pub at_risk: f64,
    /// A figure older than this many days is stale.
    pub stale_days: i64,
}

impl Default for Thresholds {
    /// The common 序时进度 rule of Chinese government supervision: −10 / −30 points, 45 days.
    fn default() -> Self {
        Thresholds {
            on_track: 0.10,
            at_risk: 0.30,
            stale_days: 45,
        }
    }
}

/// Pacing settings as the user keeps them (in percentage points and days), shared through
/// snapshots: the thresholds, and per target a quarterly profile and a roll-up weight.
///
/// Every reader of settings — the settings form, the snapshot reader — accepts exactly what
/// [`Settings::validate`] accepts, so a file can never carry settings the form would refuse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// On track while completion is at most this many percentage points behind the calendar.
    pub on_track_points: f64,
    /// At risk down to this many points behind; behind beyond.
    pub at_risk_points: f64,
    /// Days after which a figure is stale.
    pub stale_days: i64,
    /// Quarterly profiles by target id: cumulative % expected by the end of Q1, H1 and Q3.
    #[serde(default)]
    pub profiles: BTreeMap<String, [f64; 3]>,
    /// Roll-up weights by target or task id (default 1).
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    pub recorded_at: i64,
}

/// The range of [`Settings::stale_days`]: a day up to a year (a leap year included).
pub const STALE_DAYS: std::ops::RangeInclusive<i64> = 1..=366;
/// The largest roll-up weight (weights are relative; this only keeps sums finite).
pub const MAX_WEIGHT: f64 = 1e6;

/// What is wrong with a [`Settings`]: the first rule broken, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsError {
    /// A threshold outside 0–100, or the at-risk threshold below the on-track one.
    Thresholds { field: &'static str },
    /// Stale days outside [`STALE_DAYS`].
    StaleDays,
    /// A quarterly profile with a share outside 0–100, or decreasing from one quarter to the next.
    Profile { target_id: String },
    /// A weight that is negative, not finite or above [`MAX_WEIGHT`].
    Weight { id: String },
}

impl SettingsError {
    /// The field's path inside the settings object, e.g. `stale_days` or `weights.<id>`.
    pub fn field(&self) -> String {
        match self {
            SettingsError::Thresholds { field } => (*field).to_string(),
            SettingsError::StaleDays => "stale_days".to_string(),
            SettingsError::Profile { target_id } => format!("profiles.{target_id}"),
            SettingsError::Weight { id } => format!("weights.{id}"),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let t = Thresholds::default();
        Settings {
            on_track_points: t.on_track * 100.0,
            at_risk_points: t.at_risk * 100.0,
            stale_days: t.stale_days,
            profiles: BTreeMap::new(),
            weights: BTreeMap::new(),
            recorded_at: 0,
        }
    }
}

impl Settings {
    /// The one set of rules for settings, used by the form and by every reader.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let percent = |x: f64| x.is_finite() && (0.0..=100.0).contains(&x);
        if !percent(self.on_track_points) {
            return Err(SettingsError::Thresholds {
                field: "on_track_points",
            });
        }
        if !percent(self.at_risk_points) || self.at_risk_points < self.on_track_points {
            return Err(SettingsError::Thresholds {
                field: "at_risk_points",
            });
        }
        if !STALE_DAYS.contains(&self.stale_days) {
            return Err(SettingsError::StaleDays);
        }
        if let Some((id, _)) = self
            .profiles
            .iter()
            .find(|(_, p)| !(p.iter().all(|x| percent(*x)) && p[0] <= p[1] && p[1] <= p[2]))
        {
            return Err(SettingsError::Profile {
                target_id: id.clone(),
            });
        }
        if let Some((id, _)) = self
            .weights
            .iter()
            .find(|(_, w)| !(w.is_finite() && (0.0..=MAX_WEIGHT).contains(*w)))
        {
            return Err(SettingsError::Weight { id: id.clone() });
        }
        Ok(())
    }

    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            on_track: self.on_track_points / 100.0,
            at_risk: self.at_risk_points / 100.0,
            stale_days: self.stale_days,
        }
    }

    pub fn profile(&self, target_id: &str) -> Option<Profile> {
        self.profiles
            .get(target_id)
            .map(|p| Profile(p.map(|v| v / 100.0)))
    }

    pub fn weight(&self, id: &str) -> f64 {
        self.weights
            .get(id)
            .copied()
            .filter(|w| w.is_finite() && *w >= 0.0)
            .unwrap_or(1.0)
    }
}

/// A pacing status. Ordered from most to least urgent for the 督办清单.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Behind,
    AtRisk,
    Stale,
    NoData,
    OnTrack,
    Done,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Done,
        Status::OnTrack,
        Status::AtRisk,
        Status::Behind,
        Status::NoData,
        Status::Stale,
    ];

    /// Statuses that belong on the 督办清单 (supervision list).
    pub fn needs_attention(self) -> bool {
        matches!(self, Status::Behind | Status::AtRisk | Status::Stale)
    }
}

/// A quarterly profile: the cumulative share expected by the end of Q1, Q2, Q3 (Q4 is 100%).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Profile(pub [f64; 3]);

/// Where a target or milestone stands as of a date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    pub status: Status,
    /// Expected completion by the as-of date (0…1).
    pub expected: f64,
    /// Completion r = A / V, if there is a figure (may exceed 1).
    pub completion: Option<f64>,
    /// The date of the latest figure used.
    pub as_of: Option<Date>,
}

impl Pace {
    /// How far behind the calendar, in fractions (positive = behind), for sorting.
    pub fn shortfall(&self) -> f64 {
        self.expected - self.completion.unwrap_or(0.0)
    }
}

/// The fraction of `period` elapsed by the end of `as_of` (0 before it starts, 1 after it ends).
pub fn elapsed(period: Period, as_of: Date) -> f64 {
    let total = period.start.days_until(period.end) + 1;
    let done = period.start.days_until(as_of) + 1;
    (done as f64 / total as f64).clamp(0.0, 1.0)
}

/// The expected completion by `as_of`: the elapsed fraction, or the profile interpolated linearly
/// within each quarter.
pub fn expected(period: Period, as_of: Date, profile: Option<Profile>) -> f64 {
    let f = elapsed(period, as_of);
    let Some(Profile([q1, q2, q3])) = profile else {
        return f;
    };
    let points = [(0.0, 0.0), (0.25, q1), (0.5, q2), (0.75, q3), (1.0, 1.0)];
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if f <= x1 {
            return y0 + (y1 - y0) * (f - x0) / (x1 - x0);
        }
    }
    1.0
}

fn classify(r: f64, f: f64, t: Thresholds) -> Status {
    // A tiny epsilon keeps exact edges (r = f − 0.10) on the generous side despite float error.
    const EPS: f64 = 1e-9;
    if r >= 1.0 - EPS {
        Status::Done
    } else if r + EPS >= f - t.on_track {
        Status::OnTrack
    } else if r + EPS >= f - t.at_risk {
        Status::AtRisk
    } else {
        Status::Behind
    }
}

/// Whether a target states a level to hold (a rate, a maintain target) rather than an amount to
/// accumulate over the period.
pub fn is_level(target: &Target) -> bool {
    target.growth || target.comparator == Comparator::Maintain || target.unit == "%"
}

/// The pace of a quantitative target as of `as_of`.
pub fn target_pace(
    target: &Target,
    ledger: &LedgerView,
    period: Period,
    as_of: Date,
    profile: Option<Profile>,
    t: Thresholds,
) -> Pace {
    let f = expected(period, as_of, profile);
    let Some((date, value)) = ledger.latest_figure(&target.id, Some(as_of)) else {
        return Pace {
            status: Status::NoData,
            expected: f,
            completion: None,
            as_of: None,
        };
    };
    let v = target.value.to_f64();
    let a = value.to_f64();
    let r = if v == 0.0 {
        if a <= 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        a / v
    };
    let status = if is_level(target) {
        // A level: held or not. About allows 10% either side.
        let ok = match target.comparator {
            Comparator::AtMost => a <= v,
            Comparator::About => (a - v).abs() <= 0.1 * v.abs(),
            _ => a >= v,
        };
        if ok {
            Status::OnTrack
        } else {
            Status::Behind
        }
    } else if target.comparator == Comparator::AtMost {
        // Spending against a ceiling: ahead of the calendar is the risk; over the ceiling is behind.
        if r > 1.0 {
            Status::Behind
        } else if r <= f + t.on_track {
            Status::OnTrack
        } else {
            Status::AtRisk
        }
    } else {
        classify(r, f, t)
    };
    // Stale flags an old figure that still looks fine; behind stays behind, the more urgent word.
    let stale =
        matches!(status, Status::OnTrack | Status::AtRisk) && date.days_until(as_of) > t.stale_days;
    Pace {
        status: if stale { Status::Stale } else { status },
        expected: f,
        completion: Some(r),
        as_of: Some(date),
    }
}

/// The pace of a milestone with `deadline`, as of `as_of`.
pub fn milestone_pace(
    task_id: &str,
    ledger: &LedgerView,
    period: Period,
    deadline: Date,
    as_of: Date,
    t: Thresholds,
) -> Pace {
    let f = elapsed(period, as_of);
    let latest = ledger.latest_state(task_id, Some(as_of));
    let overdue = as_of > deadline;
    let status = match latest.map(|(_, s)| s) {
        Some(MilestoneState::Done) => Status::Done,
        _ if overdue => Status::Behind,
        Some(MilestoneState::Blocked) => Status::AtRisk,
        Some(_) => Status::OnTrack,
        None => Status::NoData,
    };
    let stale = matches!(status, Status::OnTrack | Status::AtRisk)
        && latest.is_some_and(|(d, _)| d.days_until(as_of) > t.stale_days);
    Pace {
        status: if stale { Status::Stale } else { status },
        expected: f,
        completion: latest.map(|(_, s)| if s == MilestoneState::Done { 1.0 } else { 0.0 }),
        as_of: latest.map(|(d, _)| d),
    }
}

/// A roll-up of several paces (a point, a section, the plan).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rollup {
    /// How many items have each status, in [`Status::ALL`] order.
    pub counts: [usize; 6],
    /// Weighted mean completion of all items (those without a figure count as 0), each capped at
    /// 100%; `None` when there is nothing to weigh.
    pub completion: Option<f64>,
}

impl Rollup {
    pub fn count(&self, status: Status) -> usize {
        Status::ALL
            .iter()
            .position(|s| *s == status)
            .map_or(0, |i| self.counts[i])
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// Rolls up (pace, weight) pairs; weights default to 1 and are editable in the settings.
pub fn rollup<'a>(paces: impl IntoIterator<Item = (&'a Pace, f64)>) -> Rollup {
    let mut counts = [0usize; 6];
    let (mut sum, mut weights) = (0.0, 0.0);
    for (p, w) in paces {
        if let Some(i) = Status::ALL.iter().position(|s| *s == p.status) {
            counts[i] += 1;
        }
        sum += w * p.completion.unwrap_or(0.0).clamp(0.0, 1.0);
        weights += w;
    }
    Rollup {
        counts,
        completion: (weights > 0.0).then(|| sum / weights),
    }
}

/// What is assessed: a quantitative target, or a milestone task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Target,
    Milestone,
}

/// One assessed item of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The target's or the milestone task's id.
    pub id: String,
    pub task_id: String,
    pub section: u32,
    pub point: u32,
    /// The metric of a target, or the text of a milestone task.
    pub label: String,
    pub kind: ItemKind,
    pub pace: Pace,
    pub weight: f64,
}

/// The whole plan assessed as of a date.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub as_of: Date,
    /// Elapsed share of the period (0…1).
    pub elapsed: f64,
    pub items: Vec<Item>,
    /// Roll-ups per section number, in plan order.
    pub sections: Vec<(u32, Rollup)>,
    /// Roll-ups per point number, in plan order.
    pub points: Vec<(u32, Rollup)>,
    pub plan: Rollup,
}

impl Assessment {
    pub fn pace(&self, id: &str) -> Option<&Pace> {
        self.items.iter().find(|i| i.id == id).map(|i| &i.pace)
    }

    /// The 督办清单: items behind, at risk or stale (overdue milestones are behind), most urgent
    /// first, then by how far behind the calendar.
    pub fn attention(&self) -> Vec<&Item> {
        let mut list: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| i.pace.status.needs_attention())
            .collect();
        // Most urgent status first, then the largest shortfall, then by id.
        crate::order::sort_by(&mut list, |i| {
            let shortfall = crate::order::f64_key(i.pace.shortfall());
            (i.pace.status as i64, !shortfall, &i.id)
        });
        list
    }
}

/// Assesses every target and milestone of `plan` as of `as_of`, with `settings`, and each
/// milestone due by `deadline(task_id)` (the plan's period end when it has none).
pub fn assess(
    plan: &crate::Plan,
    settings: &Settings,
    deadline: impl Fn(&str) -> Option<Date>,
    ledger: &LedgerView,
    as_of: Date,
) -> Assessment {
    let t = settings.thresholds();
    let mut items = Vec::new();
    for section in &plan.sections {
        for point in &section.points {
            for task in &point.tasks {
                let item = |id: &str, label: String, kind, pace| Item {
                    id: id.to_string(),
                    task_id: task.id.clone(),
                    section: section.number,
                    point: point.number,
                    label,
                    kind,
                    pace,
                    weight: settings.weight(id),
                };
                match task.kind {
                    crate::TaskKind::Quantitative => {
                        for target in &task.targets {
                            let pace = target_pace(
                                target,
                                ledger,
                                plan.period,
                                as_of,
                                settings.profile(&target.id),
                                t,
                            );
                            items.push(item(
                                &target.id,
                                target.metric.clone(),
                                ItemKind::Target,
                                pace,
                            ));
                        }
                    }
                    crate::TaskKind::Milestone => {
                        let deadline = deadline(&task.id).unwrap_or(plan.period.end);
                        let pace =
                            milestone_pace(&task.id, ledger, plan.period, deadline, as_of, t);
                        items.push(item(&task.id, task.text.clone(), ItemKind::Milestone, pace));
                    }
                    crate::TaskKind::Ongoing => {}
                }
            }
        }
    }
    let sections = plan
        .sections
        .iter()
        .map(|s| {
            (
                s.number,
                rollup(
                    items
                        .iter()
                        .filter(|i| i.section == s.number)
                        .map(|i| (&i.pace, i.weight)),
                ),
            )
        })
        .collect();
    let points = plan
        .points()
        .map(|p| {
            let of_point = items.iter().filter(|i| i.point == p.number);
            (p.number, rollup(of_point.map(|i| (&i.pace, i.weight))))
        })
        .collect();
    let plan_rollup = rollup(items.iter().map(|i| (&i.pace, i.weight)));
    Assessment {
        as_of,
        elapsed: elapsed(plan.period, as_of),
        items,
        sections,
        points,
        plan: plan_rollup,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Entry, EntryValue};
    use crate::testkit::{d, figures, year_2025 as period};

    fn target(value: &str, unit: &str, comparator: Comparator) -> Target {
        crate::testkit::target("m", value, unit, comparator)
    }

    fn status(t: &Target, ledger: &LedgerView, as_of: &str) -> Status {
        target_pace(t, ledger, period(), d(as_of), None, Thresholds::default()).status
    }

    #[test]
    fn elapsed_time_is_inclusive_and_clamped() {
        assert!((elapsed(period(), d("2025-12-31")) - 1.0).abs() < 1e-12);
        assert!((elapsed(period(), d("2025-07-02")) - 183.0 / 365.0).abs() < 1e-12);
        assert_eq!(elapsed(period(), d("2024-06-30")), 0.0);
        assert_eq!(elapsed(period(), d("2026-06-30")), 1.0);
    }

    #[test]
    fn the_thresholds_at_their_edges() {
        let t = Thresholds::default();
        assert_eq!(classify(0.40, 0.50, t), Status::OnTrack); // exactly f − 10
        assert_eq!(classify(0.3999, 0.50, t), Status::AtRisk);
        assert_eq!(classify(0.20, 0.50, t), Status::AtRisk); // exactly f − 30
        assert_eq!(classify(0.1999, 0.50, t), Status::Behind);
        assert_eq!(classify(1.0, 0.50, t), Status::Done);
        assert_eq!(classify(0.9, 1.0, t), Status::OnTrack);
    }

    #[test]
    fn cumulative_targets_follow_the_calendar_and_the_as_of_date() {
        let t = target("2.88", "万亩", Comparator::Exactly);
        let ledger = figures(&[
            ("2025-03-31", "0.3"),
            ("2025-06-30", "1.2"),
            ("2025-09-30", "2.9"),
        ]);
        assert_eq!(status(&t, &ledger, "2025-03-30"), Status::NoData);
        assert_eq!(status(&t, &ledger, "2025-04-10"), Status::AtRisk); // 10% vs 27%
        assert_eq!(status(&t, &ledger, "2025-07-01"), Status::OnTrack); // 42% vs 50%
        assert_eq!(status(&t, &ledger, "2025-10-01"), Status::Done);
        // The June figure, seen from late August, is stale.
        assert_eq!(status(&t, &ledger, "2025-08-20"), Status::Stale);
        let p = target_pace(
            &t,
            &ledger,
            period(),
            d("2025-07-01"),
            None,
            Thresholds::default(),
        );
        assert!((p.completion.unwrap() - 1.2 / 2.88).abs() < 1e-12);
        assert_eq!(p.as_of, Some(d("2025-06-30")));
    }

    #[test]
    fn levels_maintain_at_most_and_growth() {
        let air = target("99", "%", Comparator::Maintain);
        assert_eq!(
            status(&air, &figures(&[("2025-06-30", "99.2")]), "2025-07-01"),
            Status::OnTrack
        );
        assert_eq!(
            status(&air, &figures(&[("2025-06-30", "97")]), "2025-07-01"),
            Status::Behind
        );
        let unemployment = target("5.5", "%", Comparator::AtMost);
        assert_eq!(
            status(
                &unemployment,
                &figures(&[("2025-06-30", "5.1")]),
                "2025-07-01"
            ),
            Status::OnTrack
        );
        assert_eq!(
            status(
                &unemployment,
                &figures(&[("2025-06-30", "6")]),
                "2025-07-01"
            ),
            Status::Behind
        );
        let mut gdp = target("6", "%", Comparator::About);
        gdp.growth = true;
        assert_eq!(
            status(&gdp, &figures(&[("2025-06-30", "5.6")]), "2025-07-01"),
            Status::OnTrack
        );
        assert_eq!(
            status(&gdp, &figures(&[("2025-06-30", "4")]), "2025-07-01"),
            Status::Behind
        );
        // A ceiling on an amount: spending ahead of the calendar is a risk, over the ceiling behind.
        let budget = target("100", "万元", Comparator::AtMost);
        assert_eq!(
            status(&budget, &figures(&[("2025-06-30", "40")]), "2025-07-01"),
            Status::OnTrack
        );
        assert_eq!(
            status(&budget, &figures(&[("2025-06-30", "80")]), "2025-07-01"),
            Status::AtRisk
        );
        assert_eq!(
            status(&budget, &figures(&[("2025-06-30", "120")]), "2025-07-01"),
            Status::Behind
        );
    }

    #[test]
    fn quarterly_profiles() {
        let profile = Some(Profile([0.15, 0.45, 0.75]));
        assert!((expected(period(), d("2025-12-31"), profile) - 1.0).abs() < 1e-12);
        let mid_q1 = expected(period(), d("2025-02-14"), profile);
        assert!(mid_q1 > 0.05 && mid_q1 < 0.10, "{mid_q1}");
        let end_h1 = expected(period(), d("2025-07-01"), profile);
        assert!((end_h1 - 0.45).abs() < 0.01, "{end_h1}");
        let t = target("100", "个", Comparator::AtLeast);
        let ledger = figures(&[("2025-06-30", "36")]);
        // 36% by mid-year: at risk on the linear pace (50%), on track on a back-loaded profile.
        assert_eq!(
            target_pace(
                &t,
                &ledger,
                period(),
                d("2025-07-01"),
                None,
                Thresholds::default()
            )
            .status,
            Status::AtRisk
        );
        assert_eq!(
            target_pace(
                &t,
                &ledger,
                period(),
                d("2025-07-01"),
                profile,
                Thresholds::default()
            )
            .status,
            Status::OnTrack
        );
    }

    #[test]
    fn milestones_are_behind_when_overdue_and_not_done() {
        let entry = |state| Entry {
            id: "m1".into(),
            subject: "k".into(),
            as_of: d("2025-05-01"),
            value: EntryValue::Milestone { state },
            note: String::new(),
            unit: String::new(),
            recorded_at: 1,
            supersedes: None,
        };
        let t = Thresholds::default();
        let deadline = d("2025-06-30");
        let run = |entries: &[Entry], as_of: &str| {
            milestone_pace(
                "k",
                &LedgerView::new(entries),
                period(),
                deadline,
                d(as_of),
                t,
            )
            .status
        };
        assert_eq!(run(&[], "2025-05-02"), Status::NoData);
        assert_eq!(run(&[], "2025-07-01"), Status::Behind);
        assert_eq!(
            run(&[entry(MilestoneState::InProgress)], "2025-05-02"),
            Status::OnTrack
        );
        assert_eq!(
            run(&[entry(MilestoneState::Blocked)], "2025-05-02"),
            Status::AtRisk
        );
        assert_eq!(
            run(&[entry(MilestoneState::InProgress)], "2025-07-01"),
            Status::Behind
        );
        assert_eq!(
            run(&[entry(MilestoneState::Done)], "2025-12-01"),
            Status::Done
        );
        assert_eq!(
            run(&[entry(MilestoneState::InProgress)], "2025-06-20"),
            Status::Stale
        );
    }

    #[test]
    fn rollups_count_and_average_with_weights() {
        let p = |status, completion| Pace {
            status,
            expected: 0.5,
            completion,
            as_of: None,
        };
        let paces = [
            p(Status::Done, Some(1.4)),
            p(Status::Behind, Some(0.2)),
            p(Status::NoData, None),
        ];
        let r = rollup(paces.iter().map(|p| (p, 1.0)));
        assert_eq!(r.counts, [1, 0, 0, 1, 1, 0]);
        assert!((r.completion.unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(r.count(Status::Behind), 1);
        assert_eq!(r.total(), 3);
        // Weights: the done target counts three times.
        let weighted = rollup(paces.iter().zip([3.0, 1.0, 1.0]));
        assert!((weighted.completion.unwrap() - 3.2 / 5.0).abs() < 1e-12);
        assert_eq!(rollup(std::iter::empty()).completion, None);
    }
}
