//! User corrections to what the parser read: they are user data and win over the parser.
//!
//! A correction names what it corrects by stable id (a target or a task), so it keeps applying
//! after a reload and after a parser change. A correction whose subject no longer exists is not
//! dropped: [`apply`] reports it as orphaned so the app can show it for re-attachment.

use serde::{Deserialize, Serialize};

use crate::{Commitment, Comparator, Decimal, Plan, Span, Target, TaskKind};

/// One correction. Later corrections win over earlier ones on the same subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Correction {
    /// Change what the parser read for a target; `None` fields stay as they are.
    EditTarget {
        target_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        metric: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Decimal>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comparator: Option<Comparator>,
    },
    /// The parser took a number for a target that is not one.
    NotATarget { target_id: String },
    /// Undo a [`Correction::NotATarget`]: the number is a target after all.
    RestoreTarget { target_id: String },
    /// A target the parser missed.
    AddTarget { task_id: String, target: NewTarget },
    /// The task is of another kind than the parser decided.
    SetKind { task_id: String, kind: TaskKind },
    /// Takes back the correction `record_id` (how undo works without rewriting history).
    Retract { record_id: String },
}

/// The fields a user gives for a target the parser missed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTarget {
    pub metric: String,
    pub value: Decimal,
    pub unit: String,
    pub comparator: Comparator,
    #[serde(default)]
    pub commitment: Option<Commitment>,
    #[serde(default)]
    pub growth: bool,
}

/// A correction as stored: with its own id (used for added targets' ids and for undo) and the
/// time it was made (milliseconds since 1970), which orders corrections after a merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionRecord {
    pub id: String,
    #[serde(default)]
    pub recorded_at: i64,
    pub correction: Correction,
}

impl Correction {
    /// The id of the task or target this correction is about.
    pub fn subject(&self) -> &str {
        match self {
            Correction::EditTarget { target_id, .. }
            | Correction::NotATarget { target_id }
            | Correction::RestoreTarget { target_id } => target_id,
            Correction::AddTarget { task_id, .. } | Correction::SetKind { task_id, .. } => task_id,
            Correction::Retract { record_id } => record_id,
        }
    }
}

/// The id given to a target added by the correction `record_id` on task `task_id`.
pub fn added_target_id(task_id: &str, record_id: &str) -> String {
    format!("{task_id}-u{record_id}")
}

/// Applies `records` in order to a copy of `plan`. Returns the corrected plan and the ids of the
/// records whose subject is not in the plan (orphans, kept for re-attachment).
///
/// A task left without targets by corrections is no longer quantitative; `fallback_kind` (given
/// the task text) says what it is then, unless a [`Correction::SetKind`] says otherwise.
pub fn apply(
    plan: &Plan,
    records: &[CorrectionRecord],
    fallback_kind: impl Fn(&str) -> TaskKind,
) -> (Plan, Vec<String>) {
    let mut out = plan.clone();
    let mut orphans = Vec::new();
    // Targets removed by NotATarget are kept aside so a later RestoreTarget can bring them back.
    let mut removed: Vec<(String, Target)> = Vec::new();
    let mut kind_set: Vec<String> = Vec::new();

    let retracted: std::collections::HashSet<&str> = records
        .iter()
        .filter_map(|r| match &r.correction {
            Correction::Retract { record_id } => Some(record_id.as_str()),
            _ => None,
        })
        .collect();
    for record in records {
        if retracted.contains(record.id.as_str())
            || matches!(record.correction, Correction::Retract { .. })
        {
            continue;
        }
        let found = apply_one(&mut out, record, &mut removed, &mut kind_set);
        if !found {
            orphans.push(record.id.clone());
        }
    }
    for task in out
        .sections
        .iter_mut()
        .flat_map(|s| s.points.iter_mut())
        .flat_map(|p| p.tasks.iter_mut())
    {
        if kind_set.contains(&task.id) {
            continue;
        }
        if task.targets.is_empty() && task.kind == TaskKind::Quantitative {
            task.kind = fallback_kind(&task.text);
        } else if !task.targets.is_empty() {
            task.kind = TaskKind::Quantitative;
        }
    }
    (out, orphans)
}

fn apply_one(
    plan: &mut Plan,
    record: &CorrectionRecord,
    removed: &mut Vec<(String, Target)>,
    kind_set: &mut Vec<String>,
) -> bool {
    let tasks = plan
        .sections
        .iter_mut()
        .flat_map(|s| s.points.iter_mut())
        .flat_map(|p| p.tasks.iter_mut());
    match &record.correction {
        Correction::EditTarget {
            target_id,
            metric,
            value,
            unit,
            comparator,
        } => {
            let Some(target) = tasks
                .flat_map(|t| t.targets.iter_mut())
                .find(|g| &g.id == target_id)
            else {
                return false;
            };
            if let Some(m) = metric {
                target.metric.clone_from(m);
            }
            if let Some(v) = value {
                target.value = *v;
            }
            if let Some(u) = unit {
                target.unit.clone_from(u);
            }
            if let Some(c) = comparator {
                target.comparator = *c;
            }
            true
        }
        Correction::NotATarget { target_id } => {
            for task in tasks {
                if let Some(i) = task.targets.iter().position(|g| &g.id == target_id) {
                    let target = task.targets.remove(i);
                    removed.push((task.id.clone(), target));
                    return true;
                }
            }
            false
        }
        Correction::RestoreTarget { target_id } => {
            let Some(i) = removed.iter().position(|(_, g)| &g.id == target_id) else {
                return false;
            };
            let (task_id, target) = removed.remove(i);
            match tasks.into_iter().find(|t| t.id == task_id) {
                Some(task) => {
                    let at = task
                        .targets
                        .iter()
                        .position(|g| g.span > target.span)
                        .unwrap_or(task.targets.len());
                    task.targets.insert(at, target);
                    true
                }
                None => false,
            }
        }
        Correction::AddTarget { task_id, target } => {
            let Some(task) = tasks.into_iter().find(|t| &t.id == task_id) else {
                return false;
            };
            task.targets.push(Target {
                id: added_target_id(task_id, &record.id),
                metric: target.metric.clone(),
                value: target.value,
                upper: None,
                unit: target.unit.clone(),
                comparator: target.comparator,
                commitment: target.commitment,
                growth: target.growth,
                phrase: String::new(),
                // An added target has no place in the source text: an empty span at the task.
                span: Span(task.span.start(), task.span.start()),
            });
            true
        }
        Correction::Retract { .. } => true,
        Correction::SetKind { task_id, kind } => {
            let Some(task) = tasks.into_iter().find(|t| &t.id == task_id) else {
                return false;
            };
            task.kind = *kind;
            kind_set.push(task_id.clone());
            true
        }
    }
}
