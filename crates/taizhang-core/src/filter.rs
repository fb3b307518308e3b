//! Filtering tasks by section, kind, unit, state and keyword — the ledger's "find mine" tool.

use crate::ledger::{LedgerView, MilestoneState};
use crate::userdata::UserData;
use crate::{Plan, Task, TaskKind, UnitRole};

/// What a task's latest record says, for filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    /// Nothing recorded for the task or any of its targets.
    NotReported,
    /// Something recorded.
    Reported,
    /// A milestone in this state.
    Milestone(MilestoneState),
}

/// The filter the user set; the default matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub section: Option<u32>,
    pub kind: Option<TaskKind>,
    /// A unit name: matches the lead or any other unit, as assigned or named in the text.
    pub unit: Option<String>,
    pub state: Option<StateFilter>,
    /// Matches task text and target metrics; case-insensitive, whitespace-trimmed.
    pub keyword: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.section.is_none()
            && self.kind.is_none()
            && self.unit.is_none()
            && self.state.is_none()
            && self.keyword.trim().is_empty()
    }
}

/// The units responsible for a task: the user's assignment if any, else those named in the text.
pub fn task_units(task: &Task, data: &UserData) -> (Option<String>, Vec<String>) {
    if let Some(a) = data
        .assignment(&task.id)
        .filter(|a| !a.lead.is_empty() || !a.others.is_empty())
    {
        let lead = (!a.lead.is_empty()).then(|| a.lead.clone());
        return (lead, a.others.clone());
    }
    let lead = task
        .units
        .iter()
        .find(|u| u.role == UnitRole::Lead)
        .map(|u| u.name.clone());
    let others = task
        .units
        .iter()
        .filter(|u| u.role == UnitRole::Support)
        .map(|u| u.name.clone())
        .collect();
    (lead, others)
}

/// Every unit named anywhere (text or assignments), sorted and deduplicated, for the unit filter.
pub fn all_units(plan: &Plan, data: &UserData) -> Vec<String> {
    let mut units: Vec<String> = plan
        .tasks()
        .flat_map(|t| {
            let (lead, others) = task_units(t, data);
            lead.into_iter().chain(others)
        })
        .filter(|u| !u.trim().is_empty())
        .collect();
    crate::order::sort_dedup_strings(&mut units);
    units
}

/// Whether `task` (in section `section`) passes `filter`.
pub fn task_matches(
    task: &Task,
    section: u32,
    filter: &Filter,
    data: &UserData,
    ledger: &LedgerView,
) -> bool {
    if filter.section.is_some_and(|s| s != section) || filter.kind.is_some_and(|k| k != task.kind) {
        return false;
    }
    if let Some(unit) = &filter.unit {
        let (lead, others) = task_units(task, data);
        if lead.as_ref() != Some(unit) && !others.contains(unit) {
            return false;
        }
    }
    if let Some(state) = filter.state {
        let subjects =
            std::iter::once(task.id.as_str()).chain(task.targets.iter().map(|t| t.id.as_str()));
        let reported = subjects.clone().any(|s| !ledger.history(s).is_empty());
        let ok = match state {
            StateFilter::NotReported => !reported,
            StateFilter::Reported => reported,
            StateFilter::Milestone(m) => {
                task.kind == TaskKind::Milestone
                    && ledger.latest_state(&task.id, None).map(|(_, s)| s) == Some(m)
            }
        };
        if !ok {
            return false;
        }
    }
    let keyword = filter.keyword.trim().to_lowercase();
    keyword.is_empty()
        || task.text.to_lowercase().contains(&keyword)
        || task
            .targets
            .iter()
            .any(|t| t.metric.to_lowercase().contains(&keyword))
}
