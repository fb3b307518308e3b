//! The monthly / quarterly report (月报 / 季报) as data: built from the plan, the ledger and the
//! assessment for an as-of date, optionally for one unit. The app turns it into a printable page
//! and CSV files; nothing in it is specific to the seed plan.

use crate::filter::task_units;
use crate::ledger::{EntryValue, LedgerView, MilestoneState};
use crate::pacing::{Assessment, ItemKind, Status};
use crate::userdata::UserData;
use crate::{Comparator, Date, Decimal, Plan};

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
    /// The milestone's deadline (its assignment's, else the end of the period).
    pub deadline: Option<Date>,
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
                data.assignment(&task.id)
                    .and_then(|a| a.deadline)
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
    }
}
