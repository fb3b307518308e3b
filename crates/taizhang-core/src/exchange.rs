//! Working together without a server: what an import would do before it is done, and the
//! department export.
//!
//! An import is always previewed with [`preview`] — computed from the current data and the
//! incoming snapshot without changing either — and then applied by [`apply`] as a merge (the
//! default: a set union, see [`crate::userdata::merge`]) or a replace.

use std::collections::HashSet;

use rustc_hash::FxHashSet;

use crate::ledger::{entry_units, live_of};
use crate::userdata::{merge, Assignment, UserData};

/// How an import is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Keep everything here and add everything from the file (set union).
    Merge,
    /// Drop what is here and take the file's data (a backup of the current state is kept first).
    Replace,
}

/// A task whose assignment differs between here and the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentConflict {
    pub task_id: String,
    pub ours: Assignment,
    pub theirs: Assignment,
    /// True when the file's assignment is the newer one and so becomes current on merge.
    pub theirs_wins: bool,
}

/// What importing a snapshot would do, counted before anything changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// Entries in the file.
    pub total: usize,
    /// Entries not yet here.
    pub new: usize,
    /// Entries already here (same id): importing them changes nothing.
    pub already_present: usize,
    /// New entries that are not live once merged (replaced by a later entry or deleted): they
    /// join the history but change no figure.
    pub superseded: usize,
    /// New entries whose task or target is not in this plan: kept, but shown as orphaned.
    pub orphaned: usize,
    /// Corrections and assignment records not yet here.
    pub new_corrections: usize,
    pub new_assignments: usize,
    /// Office records not yet here: deadline extensions, month closings and reminders.
    pub new_office_records: usize,
    /// Tasks whose current assignment differs here and in the file.
    pub conflicts: Vec<AssignmentConflict>,
    /// The reporting units of the file's entries, sorted.
    pub units: Vec<String>,
}

impl Preview {
    /// True when a merge would change nothing at all.
    pub fn changes_nothing(&self) -> bool {
        self.new == 0
            && self.new_corrections == 0
            && self.new_assignments == 0
            && self.new_office_records == 0
    }
}

/// Counts what importing `incoming` into `current` would do. `subjects` holds every task and
/// target id of the plan as shown; entries about anything else are orphaned.
pub fn preview<S: std::hash::BuildHasher>(
    current: &UserData,
    incoming: &UserData,
    subjects: &HashSet<String, S>,
) -> Preview {
    let here: FxHashSet<&str> = current.entries.iter().map(|e| e.id.as_str()).collect();
    // Liveness over both ledgers together, without copying them into a merged one.
    let live = live_of(
        current.entries.iter().chain(
            incoming
                .entries
                .iter()
                .filter(|e| !here.contains(e.id.as_str())),
        ),
    );
    let mut p = Preview {
        total: incoming.entries.len(),
        ..Preview::default()
    };
    let mut units = FxHashSet::default();
    for e in &incoming.entries {
        if !e.unit.is_empty() {
            units.insert(e.unit.as_str());
        }
        if here.contains(e.id.as_str()) {
            p.already_present += 1;
            continue;
        }
        p.new += 1;
        if e.is_tombstone() || !live.is_live(&e.id) {
            p.superseded += 1;
        }
        if !subjects.contains(&e.subject) {
            p.orphaned += 1;
        }
    }
    p.units = units.into_iter().map(str::to_string).collect();
    crate::order::sort_by(&mut p.units, |u| (0, 0, u));
    let known_corrections: FxHashSet<&str> =
        current.corrections.iter().map(|c| c.id.as_str()).collect();
    p.new_corrections = incoming
        .corrections
        .iter()
        .filter(|c| !known_corrections.contains(c.id.as_str()))
        .count();
    let known_assignments: FxHashSet<&str> =
        current.assignments.iter().map(|a| a.id.as_str()).collect();
    p.new_assignments = incoming
        .assignments
        .iter()
        .filter(|a| !known_assignments.contains(a.id.as_str()))
        .count();
    fn new_ids<'a>(
        here: impl Iterator<Item = &'a str>,
        there: impl Iterator<Item = &'a str>,
    ) -> usize {
        let here: FxHashSet<&str> = here.collect();
        there.filter(|id| !here.contains(id)).count()
    }
    p.new_office_records = new_ids(
        current.extensions.iter().map(|e| e.id.as_str()),
        incoming.extensions.iter().map(|e| e.id.as_str()),
    ) + new_ids(
        current.closings.iter().map(|c| c.id.as_str()),
        incoming.closings.iter().map(|c| c.id.as_str()),
    ) + new_ids(
        current.reminders.iter().map(|r| r.id.as_str()),
        incoming.reminders.iter().map(|r| r.id.as_str()),
    );
    let mut tasks: Vec<&str> = incoming
        .assignments
        .iter()
        .map(|a| a.task_id.as_str())
        .collect();
    crate::order::sort_dedup_strings(&mut tasks);
    for task in tasks {
        let (Some(ours), Some(theirs)) = (current.assignment(task), incoming.assignment(task))
        else {
            continue;
        };
        let same = (&ours.lead, &ours.others, ours.deadline)
            == (&theirs.lead, &theirs.others, theirs.deadline);
        if !same {
            p.conflicts.push(AssignmentConflict {
                task_id: task.to_string(),
                ours: ours.clone(),
                theirs: theirs.clone(),
                // The latest record wins on merge (see `UserData::assignment`).
                theirs_wins: (theirs.recorded_at, &theirs.id) > (ours.recorded_at, &ours.id),
            });
        }
    }
    p
}

/// The data after importing `incoming` into `current` in `mode`.
pub fn apply(current: &UserData, incoming: &UserData, mode: Mode) -> UserData {
    match mode {
        Mode::Merge => merge(current, incoming),
        Mode::Replace => {
            let mut data = incoming.clone();
            // When this browser last exported is a fact about this browser, not about the file.
            data.last_exported_at = current.last_exported_at;
            data
        }
    }
}

/// A department's share of the data: the entries recorded by one of `units`, with the deletions
/// and undos of those entries (tombstones carry no unit of their own), and the corrections, so
/// that entries on a target added by correction are not orphaned at the office. Assignments,
/// settings, extensions, closings and reminders are the office's business and stay out.
pub fn department(data: &UserData, units: &HashSet<String>) -> UserData {
    // A tombstone follows the entry it deletes; a chain of undos follows its root.
    let unit_of = entry_units(&data.entries);
    UserData {
        corrections: data.corrections.clone(),
        entries: data
            .entries
            .iter()
            .filter(|e| {
                unit_of
                    .get(e.id.as_str())
                    .is_some_and(|u| units.contains(*u))
            })
            .cloned()
            .collect(),
        ..UserData::default()
    }
}

/// Every reporting unit named by an entry, sorted, for choosing a department export.
pub fn units_of(data: &UserData) -> Vec<String> {
    let mut units: Vec<String> = data
        .entries
        .iter()
        .filter(|e| !e.unit.trim().is_empty())
        .map(|e| e.unit.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    crate::order::sort_by(&mut units, |u| (0, 0, u));
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Entry, EntryValue};
    use crate::{Date, Decimal};
    use proptest::prelude::*;

    fn entry(id: &str, subject: &str, unit: &str, at: i64, supersedes: Option<&str>) -> Entry {
        Entry {
            id: id.into(),
            subject: subject.into(),
            as_of: Date::new(2025, 6, 30).unwrap(),
            value: EntryValue::Figure {
                value: Decimal::new(at.into(), 0),
            },
            note: String::new(),
            unit: unit.into(),
            recorded_at: at,
            supersedes: supersedes.map(Into::into),
        }
    }

    fn assignment(id: &str, task: &str, lead: &str, at: i64) -> Assignment {
        Assignment {
            id: id.into(),
            task_id: task.into(),
            lead: lead.into(),
            others: vec![],
            deadline: None,
            recorded_at: at,
        }
    }

    fn subjects() -> HashSet<String> {
        ["t1", "t2"].into_iter().map(String::from).collect()
    }

    #[test]
    fn preview_counts_new_present_superseded_orphaned_and_conflicts() {
        let current = UserData {
            entries: vec![entry("a", "t1", "发改委", 10, None)],
            assignments: vec![assignment("x", "task", "区发改委", 5)],
            ..UserData::default()
        };
        let incoming = UserData {
            entries: vec![
                entry("a", "t1", "发改委", 10, None),
                // Replaced by "c" in the same file.
                entry("b", "t2", "林草局", 11, None),
                entry("c", "t2", "林草局", 12, Some("b")),
                entry("d", "gone", "林草局", 13, None),
            ],
            assignments: vec![assignment("y", "task", "区林草局", 9)],
            ..UserData::default()
        };
        let p = preview(&current, &incoming, &subjects());
        assert_eq!(
            (p.total, p.new, p.already_present, p.superseded, p.orphaned),
            (4, 3, 1, 1, 1)
        );
        assert_eq!(p.new_assignments, 1);
        assert_eq!(p.conflicts.len(), 1);
        assert!(p.conflicts[0].theirs_wins);
        assert_eq!(p.units, vec!["发改委".to_string(), "林草局".to_string()]);
        assert!(!p.changes_nothing());
        // Previewing the merged result again: nothing left to do.
        let merged = apply(&current, &incoming, Mode::Merge);
        assert!(preview(&merged, &incoming, &subjects()).changes_nothing());
    }

    #[test]
    fn replace_takes_the_file_but_keeps_this_browsers_export_date() {
        let current = UserData {
            entries: vec![entry("a", "t1", "发改委", 10, None)],
            last_exported_at: Some(7),
            ..UserData::default()
        };
        let incoming = UserData {
            entries: vec![entry("b", "t1", "林草局", 11, None)],
            ..UserData::default()
        };
        let replaced = apply(&current, &incoming, Mode::Replace);
        assert_eq!(replaced.entries, incoming.entries);
        assert_eq!(replaced.last_exported_at, Some(7));
    }

    #[test]
    fn department_export_keeps_its_entries_and_their_deletions() {
        let mut dead = entry("a", "t1", "发改委", 10, None);
        dead.note = "x".into();
        let data = UserData {
            entries: vec![
                dead.clone(),
                dead.tombstone("a-del".into(), 20),
                entry("b", "t1", "林草局", 11, None),
                entry("c", "t2", "", 12, None),
            ],
            assignments: vec![assignment("x", "task", "区发改委", 5)],
            ..UserData::default()
        };
        let only: HashSet<String> = ["发改委".to_string()].into();
        let part = department(&data, &only);
        let ids: Vec<&str> = part.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-del"]);
        assert!(part.assignments.is_empty());
        assert_eq!(units_of(&data), ["发改委", "林草局"]);
    }

    /// Valid user data: ids unique (as every decoded snapshot's are), so it goes through a merge.
    fn arb_data() -> impl Strategy<Value = UserData> {
        proptest::collection::vec((0u8..12, 0u8..3, 0u8..3, 0i64..50, 0u8..14), 0..10).prop_map(
            |rows| {
                merge(
                    &UserData::default(),
                    &UserData {
                        entries: rows
                            .into_iter()
                            .map(|(id, s, u, at, sup)| {
                                let sup = format!("e{sup}");
                                entry(
                                    &format!("e{id}"),
                                    &format!("t{s}"),
                                    ["发改委", "林草局", ""][usize::from(u)],
                                    at,
                                    (sup != format!("e{id}") && at % 2 == 0)
                                        .then_some(sup.as_str()),
                                )
                            })
                            .collect(),
                        ..UserData::default()
                    },
                )
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Importing the same file twice changes nothing, in any order of files.
        #[test]
        fn importing_is_idempotent_and_order_free(here in arb_data(), a in arb_data(), b in arb_data()) {
            let once = apply(&here, &a, Mode::Merge);
            prop_assert_eq!(apply(&once, &a, Mode::Merge), once.clone());
            let ab = apply(&once, &b, Mode::Merge);
            let ba = apply(&apply(&here, &b, Mode::Merge), &a, Mode::Merge);
            prop_assert_eq!(ab, ba);
        }

        /// The preview's counts add up and agree with what the merge does.
        #[test]
        fn preview_agrees_with_the_merge(here in arb_data(), file in arb_data()) {
            let p = preview(&here, &file, &subjects());
            prop_assert_eq!(p.new + p.already_present, p.total);
            let merged = apply(&here, &file, Mode::Merge);
            let before: HashSet<&str> = here.entries.iter().map(|e| e.id.as_str()).collect();
            let added = merged.entries.iter().filter(|e| !before.contains(e.id.as_str())).count();
            prop_assert_eq!(added, p.new);
            prop_assert!(p.superseded <= p.new && p.orphaned <= p.new);
            // Unless one id holds two different records (only a hand-edited file can), the
            // superseded count is exactly what the merge makes of the new entries.
            let conflicting = file.entries.iter().any(|f| here.entries.iter().any(|h| h.id == f.id && h != f));
            if !conflicting {
                let live = crate::ledger::live_ids(&merged.entries);
                let dead_new = merged.entries.iter()
                    .filter(|e| !before.contains(e.id.as_str()))
                    .filter(|e| e.is_tombstone() || !live.is_live(&e.id))
                    .count();
                prop_assert_eq!(dead_new, p.superseded);
            }
        }

        /// Department exports of disjoint unit sets merge back to every unit's entries.
        #[test]
        fn department_exports_merge_back(data in arb_data()) {
            let a: HashSet<String> = ["发改委".to_string()].into();
            let b: HashSet<String> = ["林草局".to_string()].into();
            let both = merge(&department(&data, &a), &department(&data, &b));
            let all: HashSet<String> = a.union(&b).cloned().collect();
            prop_assert_eq!(both.entries, department(&data, &all).entries);
        }
    }
}
