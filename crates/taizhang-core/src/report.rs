//! The monthly / quarterly report (月报 / 季报) as data: built from the plan, the ledger and the
//! assessment for an as-of date, optionally for one unit. The app turns it into a printable page
//! and CSV files; nothing in it is specific to the seed plan.

use crate::filter::task_units;
use crate::ledger::{Entry, EntryValue, LedgerView, MilestoneState};
use crate::office::Month;
use crate::pacing::{assess, Assessment, ItemKind, Status};
use crate::userdata::UserData;
use crate::{Comparator, Date, Decimal, Plan};

/// Assesses `plan` with the user's data: their settings, and each milestone due by its deadline in
/// force (the latest extension, else the one assigned, else the one the text names, else the end
/// of the period).
pub fn assess_with(plan: &Plan, data: &UserData, ledger: &LedgerView, as_of: Date) -> Assessment {
    let named: rustc_hash::FxHashMap<&str, Date> = plan
        .tasks()
        .filter_map(|t| Some((t.id.as_str(), t.deadline?)))
        .collect();
    let settings = data.settings_in_force();
    let deadline = |id: &str| data.current_deadline(id, named.get(id).copied());
    assess(plan, &settings, deadline, ledger, as_of)
}

/// One line of the report: a target or a milestone.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub point: u32,
    pub kind: ItemKind,
    /// The metric of a target, or the text of a milestone.
    pub item: String,
    pub target_value: Option<Decimal>,
    pub unit: String,
    pub comparator: Option<Comparator>,
    /// The latest figure on or before the as-of date (targets).
    pub latest: Option<Decimal>,
    /// The latest state on or before the as-of date (milestones).
    pub state: Option<MilestoneState>,
    /// The date of the latest figure or state.
    pub latest_date: Option<Date>,
    pub completion: Option<f64>,
    pub expected: f64,
    pub status: Status,
    /// The milestone's deadline in force (see [`assess_with`]).
    pub deadline: Option<Date>,
    /// The deadline before it was extended, when it was.
    pub original_deadline: Option<Date>,
    pub lead: String,
    /// The latest non-empty note (a reason when blocked or behind).
    pub note: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub number: u32,
    pub numeral: String,
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub issuer: String,
    pub as_of: Date,
    pub period: crate::Period,
    pub elapsed: f64,
    pub completion: Option<f64>,
    /// Counts by status in [`Status::ALL`] order, over the rows in the report.
    pub counts: [usize; 6],
    /// The unit the report is limited to, if any.
    pub unit: Option<String>,
    pub sections: Vec<Section>,
    /// The 督办清单: rows behind, at risk or stale, most urgent first.
    pub supervision: Vec<Row>,
    /// Tasks of the report whose deadline was extended, in plan order.
    pub extended: Vec<Extended>,
    /// When the as-of date's month is closed: the month and when it was closed. The report then
    /// shows the data as it stood at that moment.
    pub closed: Option<(Month, i64)>,
    /// Entries recorded after the closing and dated on or before the as-of date (补报), oldest
    /// first: listed apart, never counted in a closed month's report.
    pub late: Vec<Entry>,
}

/// A task whose deadline was extended.
#[derive(Clone, Debug, PartialEq)]
pub struct Extended {
    pub task_id: String,
    pub text: String,
    pub original: Option<Date>,
    pub current: Date,
    /// The latest extension's reason and approver.
    pub reason: String,
    pub approved_by: String,
}

/// The report for `as_of` as the office sees it: when the month of `as_of` is closed, built from
/// the data as it stood when it was closed, with the late entries apart; otherwise from all of it.
pub fn report_for(plan: &Plan, data: &UserData, as_of: Date, unit: Option<&str>) -> Report {
    let month = Month::of(as_of);
    match data.closing(month) {
        Some(closing) => {
            let frozen = data.as_recorded_by(closing.recorded_at);
            let ledger = LedgerView::new(&frozen.entries);
            let assessment = assess_with(plan, &frozen, &ledger, as_of);
            let mut report = build(plan, &frozen, &ledger, &assessment, unit);
            report.closed = Some((month, closing.recorded_at));
            report.late = data
                .late_entries(month, as_of)
                .into_iter()
                .cloned()
                .collect();
            report
        }
        None => {
            let ledger = LedgerView::new(&data.entries);
            let assessment = assess_with(plan, data, &ledger, as_of);
            build(plan, data, &ledger, &assessment, unit)
        }
    }
}

/// Builds the report for `assessment.as_of`, limited to the tasks of `unit` when given.
pub fn build(
    plan: &Plan,
    data: &UserData,
    ledger: &LedgerView,
    assessment: &Assessment,
    unit: Option<&str>,
) -> Report {
    let as_of = assessment.as_of;
    let row_of = |item: &crate::pacing::Item| -> Option<Row> {
        let task = plan.tasks().find(|t| t.id == item.task_id)?;
        let (lead, others) = task_units(task, data);
        if let Some(u) = unit {
            if lead.as_deref() != Some(u) && !others.iter().any(|o| o == u) {
                return None;
            }
        }
        let target = task.targets.iter().find(|t| t.id == item.id);
        let history = ledger.history(&item.id);
        let latest_entry = history
            .iter()
            .find(|e| e.as_of <= as_of && !matches!(e.value, EntryValue::Note));
        let note = history
            .iter()
            .filter(|e| e.as_of <= as_of)
            .find(|e| !e.note.is_empty())
            .map(|e| e.note.clone());
        Some(Row {
            id: item.id.clone(),
            point: item.point,
            kind: item.kind,
            item: item.label.clone(),
            target_value: target.map(|t| t.value),
            unit: target.map(|t| t.unit.clone()).unwrap_or_default(),
            comparator: target.map(|t| t.comparator),
            latest: ledger.latest_figure(&item.id, Some(as_of)).map(|(_, v)| v),
            state: ledger.latest_state(&item.id, Some(as_of)).map(|(_, s)| s),
            latest_date: latest_entry.map(|e| e.as_of),
            completion: item.pace.completion,
            expected: item.pace.expected,
            status: item.pace.status,
            deadline: (item.kind == ItemKind::Milestone).then(|| {
                data.current_deadline(&task.id, task.deadline)
                    .unwrap_or(plan.period.end)
            }),
            original_deadline: (!data.extensions_of(&task.id).is_empty()).then(|| {
                data.original_deadline(&task.id, task.deadline)
                    .unwrap_or(plan.period.end)
            }),
            lead: lead.unwrap_or_default(),
            note: note.unwrap_or_default(),
        })
    };
    let sections: Vec<Section> = plan
        .sections
        .iter()
        .map(|s| Section {
            number: s.number,
            numeral: s.numeral.clone(),
            title: s.title.clone(),
            rows: assessment
                .items
                .iter()
                .filter(|i| i.section == s.number)
                .filter_map(row_of)
                .collect(),
        })
        .filter(|s| !s.rows.is_empty())
        .collect();
    let supervision: Vec<Row> = assessment
        .attention()
        .into_iter()
        .filter_map(row_of)
        .collect();
    let rows: Vec<&Row> = sections.iter().flat_map(|s| &s.rows).collect();
    let mut counts = [0usize; 6];
    for r in &rows {
        if let Some(i) = Status::ALL.iter().position(|s| *s == r.status) {
            counts[i] += 1;
        }
    }
    let completion = (!rows.is_empty()).then(|| {
        rows.iter()
            .map(|r| r.completion.unwrap_or(0.0).clamp(0.0, 1.0))
            .sum::<f64>()
            / rows.len() as f64
    });
    let in_unit = |task: &crate::Task| {
        let Some(u) = unit else { return true };
        let (lead, others) = task_units(task, data);
        lead.as_deref() == Some(u) || others.iter().any(|o| o == u)
    };
    let extended = plan
        .tasks()
        .filter(|t| in_unit(t))
        .filter_map(|t| {
            let latest = *data.extensions_of(&t.id).last()?;
            Some(Extended {
                task_id: t.id.clone(),
                text: t.text.clone(),
                original: data.original_deadline(&t.id, t.deadline),
                current: latest.to,
                reason: latest.reason.clone(),
                approved_by: latest.approved_by.clone(),
            })
        })
        .collect();
    Report {
        title: plan.title.clone(),
        issuer: plan.issuer.clone(),
        as_of,
        period: plan.period,
        elapsed: assessment.elapsed,
        completion: if unit.is_some() {
            completion
        } else {
            assessment.plan.completion
        },
        counts,
        unit: unit.map(str::to_string),
        sections,
        supervision,
        extended,
        closed: None,
        late: Vec::new(),
    }
}
