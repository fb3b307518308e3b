//! User corrections to what the parser read: they are user data and win over the parser.
//!
//! A correction names what it corrects by stable id (a target or a task), so it keeps applying
//! after a reload and after a parser change. A correction whose subject no longer exists is not
//! dropped: [`apply`] reports it as orphaned so the app can show it for re-attachment.

use serde::{Deserialize, Serialize};

use crate::{Commitment, Comparator, Decimal, Plan, Span, Target, TaskKind};

/// One correction. Later corrections win over earlier ones on the same subject.
///
/// Written as `{"op": "<variant>", <its fields>}`; read through [`RawCorrection`] rather than
/// serde's internally tagged reading, which buffers every field into a generic tree first (and
/// brings that code, ~16 KB of wasm, into the app's first screen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", try_from = "RawCorrection")]
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

/// A correction as read: its `op` and every field any operation has.
#[derive(Deserialize)]
struct RawCorrection {
    op: Op,
    #[serde(default)]
    target_id: Option<String>,
    #[serde(default)]
    task_id: Option<String>,
    #[serde(default)]
    record_id: Option<String>,
    #[serde(default)]
    metric: Option<String>,
    #[serde(default)]
    value: Option<Decimal>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    comparator: Option<Comparator>,
    #[serde(default)]
    target: Option<NewTarget>,
    #[serde(default)]
    kind: Option<TaskKind>,
}

/// The `op` of a correction as written.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Op {
    EditTarget,
    NotATarget,
    RestoreTarget,
    AddTarget,
    SetKind,
    Retract,
}

impl TryFrom<RawCorrection> for Correction {
    type Error = String;

    fn try_from(raw: RawCorrection) -> Result<Correction, String> {
        fn needed<T>(field: Option<T>, name: &str) -> Result<T, String> {
            field.ok_or_else(|| format!("missing field `{name}`"))
        }
        Ok(match raw.op {
            Op::EditTarget => Correction::EditTarget {
                target_id: needed(raw.target_id, "target_id")?,
                metric: raw.metric,
                value: raw.value,
                unit: raw.unit,
                comparator: raw.comparator,
            },
            Op::NotATarget => Correction::NotATarget {
                target_id: needed(raw.target_id, "target_id")?,
            },
            Op::RestoreTarget => Correction::RestoreTarget {
                target_id: needed(raw.target_id, "target_id")?,
            },
            Op::AddTarget => Correction::AddTarget {
                task_id: needed(raw.task_id, "task_id")?,
                target: needed(raw.target, "target")?,
            },
            Op::SetKind => Correction::SetKind {
                task_id: needed(raw.task_id, "task_id")?,
                kind: needed(raw.kind, "kind")?,
            },
            Op::Retract => Correction::Retract {
                record_id: needed(raw.record_id, "record_id")?,
            },
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Commitment, Comparator, Decimal, TaskKind};
    use proptest::prelude::*;

    fn arb_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-z0-9-]{1,8}",
            "[万亿元个%\"\\\\]{0,4}"
        ]
    }

    fn arb_comparator() -> impl Strategy<Value = Comparator> {
        prop_oneof![
            Just(Comparator::AtLeast),
            Just(Comparator::AtMost),
            Just(Comparator::About),
            Just(Comparator::Maintain),
            Just(Comparator::Exactly),
        ]
    }

    fn arb_correction() -> impl Strategy<Value = Correction> {
        let decimal = (-1_000_000i128..1_000_000, 0u8..4).prop_map(|(u, s)| Decimal::new(u, s));
        let kind = prop_oneof![
            Just(TaskKind::Quantitative),
            Just(TaskKind::Milestone),
            Just(TaskKind::Ongoing)
        ];
        let commitment = prop::option::of(prop_oneof![
            Just(Commitment::Ensure),
            Just(Commitment::Strive)
        ]);
        let new_target = (
            arb_text(),
            decimal.clone(),
            arb_text(),
            arb_comparator(),
            commitment,
            any::<bool>(),
        )
            .prop_map(
                |(metric, value, unit, comparator, commitment, growth)| NewTarget {
                    metric,
                    value,
                    unit,
                    comparator,
                    commitment,
                    growth,
                },
            );
        prop_oneof![
            (
                arb_text(),
                prop::option::of(arb_text()),
                prop::option::of(decimal),
                prop::option::of(arb_text()),
                prop::option::of(arb_comparator())
            )
                .prop_map(|(target_id, metric, value, unit, comparator)| {
                    Correction::EditTarget {
                        target_id,
                        metric,
                        value,
                        unit,
                        comparator,
                    }
                }),
            arb_text().prop_map(|target_id| Correction::NotATarget { target_id }),
            arb_text().prop_map(|target_id| Correction::RestoreTarget { target_id }),
            (arb_text(), new_target)
                .prop_map(|(task_id, target)| Correction::AddTarget { task_id, target }),
            (arb_text(), kind).prop_map(|(task_id, kind)| Correction::SetKind { task_id, kind }),
            arb_text().prop_map(|record_id| Correction::Retract { record_id }),
        ]
    }

    proptest! {
        /// Whatever is written reads back the same: the raw reading is the tagged writing's inverse.
        #[test]
        fn every_correction_reads_back_as_written(c in arb_correction()) {
            let text = serde_json::to_string(&c).unwrap();
            prop_assert_eq!(serde_json::from_str::<Correction>(&text).unwrap(), c);
        }
    }

    #[test]
    fn reads_the_written_form_and_says_what_is_missing() {
        let c: Correction =
            serde_json::from_str(r#"{"target_id":"t1","op":"not_a_target"}"#).unwrap();
        assert_eq!(
            c,
            Correction::NotATarget {
                target_id: "t1".into()
            }
        );
        let e = serde_json::from_str::<Correction>(r#"{"op":"set_kind","task_id":"k"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field `kind`"), "{e}");
        assert!(serde_json::from_str::<Correction>(r#"{"op":"rename","target_id":"t"}"#).is_err());
        assert!(serde_json::from_str::<Correction>(r#"{"target_id":"t"}"#).is_err());
    }
}
