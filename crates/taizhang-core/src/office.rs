//! The office's month (督查督办): deadline extensions (延期), month closing (月度关账) with late
//! entries (补报), and reminders to chase units (催办).
//!
//! Each is a record like every other in [`UserData`]: immutable, with a unique id, append-only,
//! merged by set union. Nothing here reads the browser; the app turns these into views.

use serde::{Deserialize, Serialize};

use crate::filter::task_units;
use crate::ledger::{EntryValue, Health, LedgerView, MilestoneState};
use crate::pacing::{Assessment, ItemKind, Status};
use crate::userdata::UserData;
use crate::{Date, Decimal, Plan, Task, TaskKind};

/// A task's deadline moved later (延期), with the reason and who approved it. The original
/// deadline stays visible; the latest extension (by recording time, then id) is in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub id: String,
    pub task_id: String,
    /// The deadline in force when the extension was made (`None`: the end of the period).
    #[serde(default)]
    pub from: Option<Date>,
    /// The new deadline.
    pub to: Date,
    pub reason: String,
    /// Who approved it (a leader or the office).
    pub approved_by: String,
    pub recorded_at: i64,
}

/// A calendar month, written `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

impl Month {
    /// The month a date falls in.
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> Option<Date> {
        Date::new(self.year, self.month, 1)
    }

    /// The month's last day.
    pub fn last_day(self) -> Option<Date> {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        let next = Date::new(y, m, 1)?;
        Date::from_days_since_epoch(next.days_since_epoch() - 1)
    }

    /// Whether `date` falls in this month.
    pub fn contains(self, date: Date) -> bool {
        Month::of(date) == self
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = crate::date::DateError;

    fn from_str(s: &str) -> Result<Month, Self::Err> {
        let day: Date = format!("{s}-01").parse()?;
        if s.len() != 7 {
            return Err(crate::date::DateError);
        }
        Ok(Month::of(day))
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom(format!("not a month (YYYY-MM): {s}")))
    }
}

/// A month closed by the office (月度关账): entries dated in it and recorded later are late
/// (补报), and its report stays as it was when it was closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    pub id: String,
    pub month: Month,
    /// Who closed it (the office), if given.
    #[serde(default)]
    pub closed_by: String,
    pub recorded_at: i64,
}

/// A reminder sent to a unit (催办): which items, as of which date, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: String,
    /// The unit reminded.
    pub unit: String,
    /// The as-of date the reminder was written for.
    pub as_of: Date,
    /// The task and target ids it named.
    pub items: Vec<String>,
    /// Who sent it, if given.
    #[serde(default)]
    pub sent_by: String,
    pub recorded_at: i64,
}

/// Why an extension is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtensionError {
    /// The new deadline is not after the one in force.
    NotLater { current: Date },
    /// No reason given.
    NoReason,
    /// Nobody named as approving it.
    NoApprover,
}

/// Why closing a month is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosingError {
    /// The month has not started yet.
    Future,
    /// The month is already closed.
    AlreadyClosed,
}

/// Checks an extension of a task whose deadline in force is `current` to `to`.
pub fn check_extension(
    current: Date,
    to: Date,
    reason: &str,
    approved_by: &str,
) -> Result<(), ExtensionError> {
    if to <= current {
        return Err(ExtensionError::NotLater { current });
    }
    if reason.trim().is_empty() {
        return Err(ExtensionError::NoReason);
    }
    if approved_by.trim().is_empty() {
        return Err(ExtensionError::NoApprover);
    }
    Ok(())
}

/// Checks closing `month` on `today`.
pub fn check_closing(data: &UserData, month: Month, today: Date) -> Result<(), ClosingError> {
    if month > Month::of(today) {
        return Err(ClosingError::Future);
    }
    if data.closing(month).is_some() {
        return Err(ClosingError::AlreadyClosed);
    }
    Ok(())
}

impl UserData {
    /// The extensions of `task_id`, oldest first.
    pub fn extensions_of(&self, task_id: &str) -> Vec<&Extension> {
        let mut list: Vec<&Extension> = self
            .extensions
            .iter()
            .filter(|e| e.task_id == task_id)
            .collect();
        crate::order::sort_by(&mut list, |x| (x.recorded_at, 0, &x.id));
        list
    }

    /// The deadline before any extension: the one the user assigned, else `named` (the text's).
    pub fn original_deadline(&self, task_id: &str, named: Option<Date>) -> Option<Date> {
        self.deadline(task_id).or(named)
    }

    /// The deadline in force: the latest extension's, else the original one.
    pub fn current_deadline(&self, task_id: &str, named: Option<Date>) -> Option<Date> {
        self.extensions_of(task_id)
            .last()
            .map(|e| e.to)
            .or_else(|| self.original_deadline(task_id, named))
    }

    /// The closing of `month`, if it is closed (the earliest record, when closed twice by two
    /// offices before they merged).
    pub fn closing(&self, month: Month) -> Option<&Closing> {
        self.closings
            .iter()
            .filter(|c| c.month == month)
            .min_by(|a, b| (a.recorded_at, &a.id).cmp(&(b.recorded_at, &b.id)))
    }

    /// Whether `entry` is late (补报): dated in a month that was closed before it was recorded.
    pub fn is_late(&self, entry: &crate::ledger::Entry) -> bool {
        self.closing(Month::of(entry.as_of))
            .is_some_and(|c| entry.recorded_at > c.recorded_at)
    }

    /// The data as it stood at `t` (milliseconds): every record made after it left out. The
    /// report of a closed month is built from this, so later records cannot change it.
    pub fn as_recorded_by(&self, t: i64) -> UserData {
        UserData {
            corrections: self.corrections.clone(),
            entries: self
                .entries
                .iter()
                .filter(|e| e.recorded_at <= t)
                .cloned()
                .collect(),
            assignments: self
                .assignments
                .iter()
                .filter(|a| a.recorded_at <= t)
                .cloned()
                .collect(),
            last_exported_at: self.last_exported_at,
            settings: self.settings.clone(),
            extensions: self
                .extensions
                .iter()
                .filter(|e| e.recorded_at <= t)
                .cloned()
                .collect(),
            closings: self
                .closings
                .iter()
                .filter(|c| c.recorded_at <= t)
                .cloned()
                .collect(),
            reminders: self
                .reminders
                .iter()
                .filter(|r| r.recorded_at <= t)
                .cloned()
                .collect(),
        }
    }

    /// Entries recorded after `month` was closed and dated on or before `through` (its report's
    /// date): the late entries (补报) its frozen report lists apart, oldest first. Empty when
    /// the month is not closed.
    pub fn late_entries(&self, month: Month, through: Date) -> Vec<&crate::ledger::Entry> {
        let Some(closing) = self.closing(month) else {
            return Vec::new();
        };
        let mut late: Vec<&crate::ledger::Entry> = self
            .entries
            .iter()
            .filter(|e| e.recorded_at > closing.recorded_at && e.as_of <= through)
            .collect();
        crate::order::sort_by(&mut late, |x| (x.recorded_at, 0, &x.id));
        late
    }

    /// The reminders that named `item` (a task or target id), oldest first.
    pub fn reminders_of(&self, item: &str) -> Vec<&Reminder> {
        let mut list: Vec<&Reminder> = self
            .reminders
            .iter()
            .filter(|r| r.items.iter().any(|i| i == item))
            .collect();
        crate::order::sort_by(&mut list, |x| (x.recorded_at, 0, &x.id));
        list
    }
}

/// Why an item is on a unit's reminder, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Problem {
    /// A milestone past its deadline and not done.
    Overdue,
    /// Behind the calendar (a target), or reported behind (an ongoing task).
    Behind,
    /// At risk (a target near the line, a blocked milestone, an ongoing task of concern).
    AtRisk,
    /// Reported, but not for longer than the settings allow.
    Stale,
    /// Nothing reported this month.
    NoReport,
}

/// One item on a reminder.
#[derive(Clone, Debug, PartialEq)]
pub struct ReminderItem {
    /// The target's or task's id.
    pub id: String,
    pub task_id: String,
    pub kind: TaskKind,
    /// The target's metric, or the task's text.
    pub label: String,
    pub problem: Problem,
    /// The target value and unit (targets).
    pub target: Option<(Decimal, String)>,
    /// The latest figure and its date (targets).
    pub latest: Option<(Date, Decimal)>,
    pub completion: Option<f64>,
    pub expected: Option<f64>,
    /// The latest milestone state (milestones).
    pub state: Option<MilestoneState>,
    /// The deadline in force, when the task has one.
    pub deadline: Option<Date>,
    /// True when the deadline was extended.
    pub extended: bool,
    /// The date of the last reminder that named this item, if any.
    pub last_reminded: Option<i64>,
}

/// What one unit is reminded of.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitReminder {
    pub unit: String,
    pub items: Vec<ReminderItem>,
}

/// Who is chased for a task: its lead unit, else every responsible unit named.
pub fn chased_units(task: &Task, data: &UserData) -> Vec<String> {
    let (lead, others) = task_units(task, data);
    match lead.filter(|l| !l.trim().is_empty()) {
        Some(l) => vec![l],
        None => others
            .into_iter()
            .filter(|o| !o.trim().is_empty())
            .collect(),
    }
}

/// Whether anything live was reported for `subject` dated in the month of `as_of`, on or before it.
fn reported_this_month(ledger: &LedgerView, subject: &str, as_of: Date) -> bool {
    let month = Month::of(as_of);
    ledger
        .history(subject)
        .iter()
        .any(|e| e.as_of <= as_of && month.contains(e.as_of) && !e.is_tombstone())
}

/// The reminders for `as_of`: per unit (sorted by name), the items behind, at risk, overdue, stale
/// or without a report this month, most urgent first. Done items are never chased. Tasks with no
/// unit anywhere cannot be chased and are returned apart (their ids).
pub fn reminders(
    plan: &Plan,
    data: &UserData,
    ledger: &LedgerView,
    assessment: &Assessment,
    as_of: Date,
) -> (Vec<UnitReminder>, Vec<String>) {
    let mut by_unit: std::collections::BTreeMap<String, Vec<(usize, ReminderItem)>> =
        Default::default();
    let mut unassigned = Vec::new();
    let mut order = 0usize;
    for task in plan.tasks() {
        let deadline = data.current_deadline(&task.id, task.deadline);
        let extended = !data.extensions_of(&task.id).is_empty();
        let last_reminded = |id: &str| data.reminders_of(id).last().map(|r| r.recorded_at);
        let mut items = Vec::new();
        // An item about the task itself (a milestone or an ongoing task).
        let task_item = |problem, state| ReminderItem {
            id: task.id.clone(),
            task_id: task.id.clone(),
            kind: task.kind,
            label: task.text.clone(),
            problem,
            target: None,
            latest: None,
            completion: None,
            expected: None,
            state,
            deadline,
            extended,
            last_reminded: last_reminded(&task.id),
        };
        let problem_of = |status: Status, id: &str| -> Option<Problem> {
            match status {
                Status::Done => None,
                Status::Behind => Some(Problem::Behind),
                Status::AtRisk => Some(Problem::AtRisk),
                Status::Stale => Some(Problem::Stale),
                Status::OnTrack | Status::NoData => {
                    (!reported_this_month(ledger, id, as_of)).then_some(Problem::NoReport)
                }
            }
        };
        match task.kind {
            TaskKind::Quantitative => {
                for target in &task.targets {
                    let Some(item) = assessment.items.iter().find(|i| i.id == target.id) else {
                        continue;
                    };
                    if let Some(problem) = problem_of(item.pace.status, &target.id) {
                        items.push(ReminderItem {
                            id: target.id.clone(),
                            task_id: task.id.clone(),
                            kind: task.kind,
                            label: target.metric.clone(),
                            problem,
                            target: Some((target.value, target.unit.clone())),
                            latest: ledger.latest_figure(&target.id, Some(as_of)),
                            completion: item.pace.completion,
                            expected: Some(item.pace.expected),
                            state: None,
                            deadline,
                            extended,
                            last_reminded: last_reminded(&target.id),
                        });
                    }
                }
            }
            TaskKind::Milestone => {
                let Some(item) = assessment
                    .items
                    .iter()
                    .find(|i| i.id == task.id && i.kind == ItemKind::Milestone)
                else {
                    continue;
                };
                let state = ledger.latest_state(&task.id, Some(as_of)).map(|(_, s)| s);
                let overdue = state != Some(MilestoneState::Done)
                    && deadline.unwrap_or(plan.period.end) < as_of;
                let problem = if overdue {
                    Some(Problem::Overdue)
                } else {
                    problem_of(item.pace.status, &task.id)
                };
                if let Some(problem) = problem {
                    items.push(task_item(problem, state));
                }
            }
            TaskKind::Ongoing => {
                let health = ledger
                    .latest(&task.id, Some(as_of))
                    .and_then(|e| match e.value {
                        EntryValue::Health { health } => Some(health),
                        _ => None,
                    });
                let problem = match health {
                    Some(Health::Behind) => Some(Problem::Behind),
                    Some(Health::Concern) => Some(Problem::AtRisk),
                    _ => {
                        (!reported_this_month(ledger, &task.id, as_of)).then_some(Problem::NoReport)
                    }
                };
                if let Some(problem) = problem {
                    items.push(task_item(problem, None));
                }
            }
        }
        if items.is_empty() {
            continue;
        }
        let units = chased_units(task, data);
        if units.is_empty() {
            unassigned.extend(items.into_iter().map(|i| i.id));
            continue;
        }
        for item in items {
            order += 1;
            for unit in &units {
                by_unit
                    .entry(unit.clone())
                    .or_default()
                    .push((order, item.clone()));
            }
        }
    }
    let list = by_unit
        .into_iter()
        .map(|(unit, mut items)| {
            crate::order::sort_by(&mut items, |(order, item)| {
                (item.problem as i64, *order as i64, "")
            });
            UnitReminder {
                unit,
                items: items.into_iter().map(|(_, i)| i).collect(),
            }
        })
        .collect();
    (list, unassigned)
}

/// What "my unit" has to do as of a date (我的任务): the unit's tasks (as lead or responsible
/// unit), those due this month, those overdue, and those without a report this month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MyTasks {
    /// Every task of the unit, in plan order.
    pub tasks: Vec<String>,
    /// Tasks whose deadline in force falls in the month of the as-of date, not done.
    pub due_this_month: Vec<String>,
    /// Tasks past their deadline in force and not done.
    pub overdue: Vec<String>,
    /// Tasks with nothing reported this month, for the task or any of its targets.
    pub no_report: Vec<String>,
}

/// The tasks of `unit` as of `as_of` (see [`MyTasks`]).
pub fn my_tasks(
    plan: &Plan,
    data: &UserData,
    ledger: &LedgerView,
    unit: &str,
    as_of: Date,
) -> MyTasks {
    let unit = unit.trim();
    let mut out = MyTasks::default();
    if unit.is_empty() {
        return out;
    }
    let month = Month::of(as_of);
    for task in plan.tasks() {
        let (lead, others) = task_units(task, data);
        if lead.as_deref() != Some(unit) && !others.iter().any(|o| o == unit) {
            continue;
        }
        out.tasks.push(task.id.clone());
        let done = match task.kind {
            TaskKind::Milestone => {
                ledger.latest_state(&task.id, Some(as_of)).map(|(_, s)| s)
                    == Some(MilestoneState::Done)
            }
            _ => false,
        };
        if let Some(deadline) = data.current_deadline(&task.id, task.deadline) {
            if !done && month.contains(deadline) && deadline >= as_of {
                out.due_this_month.push(task.id.clone());
            }
            if !done && deadline < as_of {
                out.overdue.push(task.id.clone());
            }
        }
        let subjects =
            std::iter::once(task.id.as_str()).chain(task.targets.iter().map(|t| t.id.as_str()));
        if !done
            && !subjects
                .into_iter()
                .any(|s| reported_this_month(ledger, s, as_of))
        {
            out.no_report.push(task.id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Entry, LedgerView};
    use crate::pacing::{assess, Settings};
    use crate::testkit::{d, entry, figure};

    const PLAN: &str = "山南市乃东区2025年重点工作任务分解\n一、经济发展\n1.完成固定资产投资40亿元（牵头单位：区发改委）。\n2.力争6月底前建成区级物流中心（牵头单位：区商务局）。\n3.持续优化营商环境（牵头单位：区发改委；责任单位：区市场监管局）。\n4.年底前完成老旧小区改造（责任单位：区住建局、区城管局）。\n5.推进全民阅读活动。\n";

    fn plan() -> Plan {
        crate::parse_plan(PLAN)
    }

    fn task(plan: &Plan, needle: &str) -> Task {
        plan.tasks()
            .find(|t| t.text.contains(needle))
            .unwrap()
            .clone()
    }

    fn extension(id: &str, task_id: &str, to: &str, at: i64) -> Extension {
        Extension {
            id: id.into(),
            task_id: task_id.into(),
            from: None,
            to: d(to),
            reason: "用地手续未批复".into(),
            approved_by: "区政府分管领导".into(),
            recorded_at: at,
        }
    }

    fn assessed(plan: &Plan, data: &UserData, ledger: &LedgerView, as_of: Date) -> Assessment {
        let deadline = |id: &str| {
            let named = plan.tasks().find(|t| t.id == id).and_then(|t| t.deadline);
            data.current_deadline(id, named)
        };
        assess(plan, &Settings::default(), deadline, ledger, as_of)
    }

    #[test]
    fn the_plan_reads_as_the_tests_expect() {
        let p = plan();
        assert_eq!(p.tasks().count(), 5);
        assert_eq!(task(&p, "物流中心").kind, TaskKind::Milestone);
        assert_eq!(task(&p, "物流中心").deadline, Some(d("2025-06-30")));
        assert_eq!(task(&p, "固定资产投资").kind, TaskKind::Quantitative);
    }

    #[test]
    fn months_parse_print_and_know_their_days() {
        let m: Month = "2025-02".parse().unwrap();
        assert_eq!(m.to_string(), "2025-02");
        assert_eq!(m.last_day(), Some(d("2025-02-28")));
        assert_eq!(
            "2024-12".parse::<Month>().unwrap().last_day(),
            Some(d("2024-12-31"))
        );
        for bad in ["2025-13", "2025-2", "25-02", "2025-02-01", "", "abcd-ef"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2025-02\"");
        assert_eq!(serde_json::from_str::<Month>("\"2025-02\"").unwrap(), m);
    }

    #[test]
    fn an_extension_must_be_later_with_a_reason_and_an_approver() {
        let now = d("2025-06-30");
        assert_eq!(
            check_extension(now, d("2025-06-01"), "理由", "领导"),
            Err(ExtensionError::NotLater { current: now })
        );
        assert_eq!(
            check_extension(now, now, "理由", "领导"),
            Err(ExtensionError::NotLater { current: now })
        );
        assert_eq!(
            check_extension(now, d("2025-09-30"), "  ", "领导"),
            Err(ExtensionError::NoReason)
        );
        assert_eq!(
            check_extension(now, d("2025-09-30"), "理由", ""),
            Err(ExtensionError::NoApprover)
        );
        assert_eq!(
            check_extension(now, d("2025-09-30"), "理由", "领导"),
            Ok(())
        );
    }

    #[test]
    fn the_latest_extension_is_in_force_and_the_original_stays_visible() {
        let p = plan();
        let t = task(&p, "物流中心");
        let mut data = UserData::default();
        assert_eq!(
            data.current_deadline(&t.id, t.deadline),
            Some(d("2025-06-30"))
        );
        data.extensions
            .push(extension("x2", &t.id, "2025-10-31", 20));
        data.extensions
            .push(extension("x1", &t.id, "2025-09-30", 10));
        assert_eq!(
            data.current_deadline(&t.id, t.deadline),
            Some(d("2025-10-31"))
        );
        assert_eq!(
            data.original_deadline(&t.id, t.deadline),
            Some(d("2025-06-30"))
        );
        assert_eq!(data.extensions_of(&t.id).len(), 2);
    }

    #[test]
    fn an_extension_moves_the_pacing_of_a_milestone() {
        let p = plan();
        let t = task(&p, "物流中心");
        let mut data = UserData::default();
        data.entries.push(entry(
            "e1",
            &t.id,
            "2025-07-01",
            EntryValue::Milestone {
                state: MilestoneState::InProgress,
            },
        ));
        let as_of = d("2025-07-15");
        let ledger = LedgerView::new(&data.entries);
        let before = assessed(&p, &data, &ledger, as_of);
        assert_eq!(before.pace(&t.id).unwrap().status, Status::Behind);
        data.extensions
            .push(extension("x1", &t.id, "2025-09-30", 10));
        let after = assessed(&p, &data, &ledger, as_of);
        assert_eq!(after.pace(&t.id).unwrap().status, Status::OnTrack);
    }

    #[test]
    fn closing_a_month_refuses_the_future_and_a_second_close() {
        let mut data = UserData::default();
        let today = d("2025-07-15");
        assert_eq!(
            check_closing(&data, "2025-08".parse().unwrap(), today),
            Err(ClosingError::Future)
        );
        assert_eq!(
            check_closing(&data, "2025-07".parse().unwrap(), today),
            Ok(())
        );
        assert_eq!(
            check_closing(&data, "2025-06".parse().unwrap(), today),
            Ok(())
        );
        data.closings.push(Closing {
            id: "m1".into(),
            month: "2025-06".parse().unwrap(),
            closed_by: String::new(),
            recorded_at: 100,
        });
        assert_eq!(
            check_closing(&data, "2025-06".parse().unwrap(), today),
            Err(ClosingError::AlreadyClosed)
        );
    }

    #[test]
    fn a_closed_months_report_data_ignores_late_entries_and_lists_them_apart() {
        let june: Month = "2025-06".parse().unwrap();
        let mut data = UserData {
            entries: vec![figure("e1", "k1", "2025-06-20", "10", 50)],
            ..UserData::default()
        };
        data.closings.push(Closing {
            id: "m1".into(),
            month: june,
            closed_by: "区政府办".into(),
            recorded_at: 100,
        });
        let late = figure("e2", "k1", "2025-06-30", "12", 150);
        let july = figure("e3", "k1", "2025-07-05", "13", 160);
        data.entries.push(late.clone());
        data.entries.push(july.clone());
        assert!(data.is_late(&late));
        assert!(!data.is_late(&july), "July is not closed");
        assert!(!data.is_late(&data.entries[0].clone()));
        let frozen = data.as_recorded_by(100);
        assert_eq!(frozen.entries.len(), 1);
        let through = june.last_day().unwrap();
        let listed: Vec<&str> = data
            .late_entries(june, through)
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(listed, ["e2"]);
        assert!(data
            .late_entries("2025-05".parse().unwrap(), through)
            .is_empty());
    }

    #[test]
    fn two_offices_closing_the_same_month_agree_on_the_earlier_close() {
        let june: Month = "2025-06".parse().unwrap();
        let close = |id: &str, at| Closing {
            id: id.into(),
            month: june,
            closed_by: String::new(),
            recorded_at: at,
        };
        let a = UserData {
            closings: vec![close("m2", 200)],
            ..UserData::default()
        };
        let b = UserData {
            closings: vec![close("m1", 100)],
            ..UserData::default()
        };
        let merged = crate::userdata::merge(&a, &b);
        assert_eq!(merged.closing(june).unwrap().id, "m1");
        assert_eq!(crate::userdata::merge(&b, &a), merged);
    }

    fn scenario() -> (Plan, UserData) {
        let p = plan();
        let invest = task(&p, "固定资产投资");
        let hub = task(&p, "物流中心");
        let env = task(&p, "营商环境");
        let mut data = UserData::default();
        // Investment: 10 of 40 by the end of July, far behind the calendar.
        data.entries
            .push(figure("e1", &invest.targets[0].id, "2025-07-31", "10", 1));
        // The hub: in progress, its deadline (end of June) passed.
        data.entries.push(Entry {
            recorded_at: 2,
            ..entry(
                "e2",
                &hub.id,
                "2025-07-10",
                EntryValue::Milestone {
                    state: MilestoneState::InProgress,
                },
            )
        });
        // The business environment: reported good in June, nothing in July.
        data.entries.push(Entry {
            recorded_at: 3,
            ..entry(
                "e3",
                &env.id,
                "2025-06-10",
                EntryValue::Health {
                    health: Health::Good,
                },
            )
        });
        (p, data)
    }

    #[test]
    fn reminders_name_each_units_items_with_the_reason() {
        let (p, data) = scenario();
        let as_of = d("2025-07-31");
        let ledger = LedgerView::new(&data.entries);
        let a = assessed(&p, &data, &ledger, as_of);
        let (list, unassigned) = reminders(&p, &data, &ledger, &a, as_of);
        let units: Vec<&str> = list.iter().map(|u| u.unit.as_str()).collect();
        let mut expected = vec!["区发改委", "区商务局", "区住建局", "区城管局"];
        expected.sort();
        assert_eq!(units, expected);
        let of = |unit: &str| -> Vec<(String, Problem)> {
            list.iter()
                .find(|u| u.unit == unit)
                .unwrap()
                .items
                .iter()
                .map(|i| (i.label.chars().take(6).collect(), i.problem))
                .collect()
        };
        assert_eq!(
            of("区发改委"),
            [
                ("固定资产投资".to_string(), Problem::Behind),
                ("持续优化营商".to_string(), Problem::NoReport)
            ]
        );
        assert_eq!(
            of("区商务局"),
            [("力争6月底前".to_string(), Problem::Overdue)]
        );
        // No lead: every responsible unit is chased.
        assert_eq!(of("区住建局"), of("区城管局"));
        // The market regulator supports a task whose lead is chased, so it gets nothing.
        assert!(!units.contains(&"区市场监管局"));
        // Reading has no unit anywhere: it cannot be chased and is said apart.
        assert_eq!(unassigned, [task(&p, "全民阅读").id]);
        let investment = &list.iter().find(|u| u.unit == "区发改委").unwrap().items[0];
        assert_eq!(
            investment.latest,
            Some((d("2025-07-31"), "10".parse().unwrap()))
        );
        assert_eq!(
            investment.target,
            Some(("40".parse().unwrap(), "亿元".into()))
        );
    }

    #[test]
    fn a_reminder_sent_shows_on_its_items_and_done_items_are_never_chased() {
        let (p, mut data) = scenario();
        let hub = task(&p, "物流中心");
        data.reminders.push(Reminder {
            id: "r1".into(),
            unit: "区商务局".into(),
            as_of: d("2025-07-31"),
            items: vec![hub.id.clone()],
            sent_by: String::new(),
            recorded_at: 42,
        });
        let as_of = d("2025-07-31");
        let ledger = LedgerView::new(&data.entries);
        let a = assessed(&p, &data, &ledger, as_of);
        let (list, _) = reminders(&p, &data, &ledger, &a, as_of);
        let hub_item = &list.iter().find(|u| u.unit == "区商务局").unwrap().items[0];
        assert_eq!(hub_item.last_reminded, Some(42));
        data.entries.push(Entry {
            recorded_at: 50,
            ..entry(
                "e9",
                &hub.id,
                "2025-07-30",
                EntryValue::Milestone {
                    state: MilestoneState::Done,
                },
            )
        });
        let ledger = LedgerView::new(&data.entries);
        let a = assessed(&p, &data, &ledger, as_of);
        let (list, _) = reminders(&p, &data, &ledger, &a, as_of);
        assert!(list.iter().all(|u| u.unit != "区商务局"));
    }

    #[test]
    fn my_tasks_are_the_units_as_lead_or_responsible() {
        let (p, data) = scenario();
        let ledger = LedgerView::new(&data.entries);
        let mine = my_tasks(&p, &data, &ledger, "区发改委", d("2025-07-31"));
        assert_eq!(
            mine.tasks,
            [task(&p, "固定资产投资").id, task(&p, "营商环境").id]
        );
        assert_eq!(mine.no_report, [task(&p, "营商环境").id]);
        let support = my_tasks(&p, &data, &ledger, "区市场监管局", d("2025-07-31"));
        assert_eq!(support.tasks, [task(&p, "营商环境").id]);
        let hub = my_tasks(&p, &data, &ledger, "区商务局", d("2025-07-31"));
        assert_eq!(hub.overdue, [task(&p, "物流中心").id]);
        let june = my_tasks(&p, &data, &ledger, "区商务局", d("2025-06-10"));
        assert_eq!(june.due_this_month, [task(&p, "物流中心").id]);
        assert!(my_tasks(&p, &data, &ledger, " ", d("2025-06-10"))
            .tasks
            .is_empty());
    }

    #[test]
    fn a_closed_months_report_does_not_change_when_a_late_entry_comes() {
        let (p, mut data) = scenario();
        let invest = task(&p, "固定资产投资").targets[0].id.clone();
        let as_of = d("2025-07-31");
        let before = crate::report::report_for(&p, &data, as_of, None);
        assert_eq!(before.closed, None);
        data.closings.push(Closing {
            id: "m7".into(),
            month: "2025-07".parse().unwrap(),
            closed_by: "区政府办".into(),
            recorded_at: 10,
        });
        let closed = crate::report::report_for(&p, &data, as_of, None);
        assert_eq!(
            closed.closed.map(|(m, at)| (m.to_string(), at)),
            Some(("2025-07".into(), 10))
        );
        data.entries.push(Entry {
            note: "统计口径调整后补报".into(),
            ..figure("late", &invest, "2025-07-31", "30", 20)
        });
        let after = crate::report::report_for(&p, &data, as_of, None);
        assert_eq!(
            after.sections, closed.sections,
            "the closed month's figures stay"
        );
        assert_eq!(after.counts, closed.counts);
        assert_eq!(
            after.late.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["late"]
        );
        // August is open: the late figure counts there.
        let august = crate::report::report_for(&p, &data, d("2025-08-31"), None);
        let row = august.sections[0]
            .rows
            .iter()
            .find(|r| r.id == invest)
            .unwrap();
        assert_eq!(row.latest, Some("30".parse().unwrap()));
    }

    #[test]
    fn the_report_shows_the_deadline_in_force_and_lists_extensions() {
        let (p, mut data) = scenario();
        let hub = task(&p, "物流中心");
        data.extensions
            .push(extension("x1", &hub.id, "2025-09-30", 10));
        let r = crate::report::report_for(&p, &data, d("2025-07-31"), None);
        let row = r.sections[0].rows.iter().find(|r| r.id == hub.id).unwrap();
        assert_eq!(row.deadline, Some(d("2025-09-30")));
        assert_eq!(row.original_deadline, Some(d("2025-06-30")));
        assert_eq!(row.status, Status::OnTrack);
        assert_eq!(r.extended.len(), 1);
        assert_eq!(r.extended[0].reason, "用地手续未批复");
        assert_eq!(r.extended[0].original, Some(d("2025-06-30")));
        let other = crate::report::report_for(&p, &data, d("2025-07-31"), Some("区发改委"));
        assert!(other.extended.is_empty(), "limited to the unit's tasks");
    }
}
