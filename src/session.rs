//! The session: the plan being tracked and the user's data about it, with every command that
//! changes that data (record, correct, assign, import, undo…).
//!
//! The data is exposed read-only ([`Session::data`]); the commands here are the one write path,
//! and each appends records (history is never rewritten). Saving is [`Persistence`]'s job.

use std::sync::Arc;

use leptos::prelude::*;
use taizhang_core::corrections::{Correction, CorrectionRecord};
use taizhang_core::exchange::Mode;
use taizhang_core::ledger::{Entry, EntryValue};
use taizhang_core::office::{
    self, Closing, ClosingError, Extension, ExtensionError, Month, Reminder,
};
use taizhang_core::pacing::Settings;
use taizhang_core::plans::Tracked;
use taizhang_core::snapshot::Snapshot;
use taizhang_core::userdata::{Assignment, UserData};
use taizhang_core::{Date, Plan};

use crate::clock::{new_id, now_ms};
use crate::persist::Persistence;
use crate::storage::StorageProblem;

/// A change made in this tab, remembered so that undo can add its compensating record.
#[derive(Clone, Debug)]
enum Change {
    Entry(String),
    Correction(String),
    Assignment {
        task_id: String,
        previous: Option<Assignment>,
    },
    /// An import or a restore: undone by restoring the backup it kept.
    Replace,
}

/// What a session may do with its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// This browser's own data: everything, saved.
    Full,
    /// A share link's data: nothing can be changed and nothing is saved.
    ReadOnly,
    /// A plan being reviewed before it is tracked: corrections only, kept in memory until the
    /// plan is added (then they are its first data) or dropped with it.
    Review,
}

/// The session context: cheap to copy, so components take it by value.
#[derive(Clone, Copy)]
pub struct Session {
    /// The plan as parsed, before corrections.
    pub parsed: StoredValue<Arc<Plan>>,
    data: RwSignal<UserData>,
    /// What may be done with the data (see [`Access`]).
    pub access: Access,
    /// The plan's entry in the registry (its id, name, and what was set when reviewing it).
    pub tracked: StoredValue<Tracked>,
    /// The shared snapshot shown read-only, when the page was opened from a share link.
    pub shared: StoredValue<Option<Arc<Snapshot>>>,
    /// This tab's changes, most recent last, for undo.
    undo: RwSignal<Vec<Change>>,
    persist: Persistence,
    /// The unit entries are recorded for (a preference, see [`crate::prefs::Prefs::my_unit`]).
    my_unit: RwSignal<String>,
}

impl Session {
    pub fn new(
        parsed: Plan,
        tracked: Tracked,
        data: UserData,
        shared: Option<Snapshot>,
        persist: Persistence,
        my_unit: RwSignal<String>,
        access: Access,
    ) -> Session {
        let data = RwSignal::new(data);
        persist.keep(data);
        Session {
            parsed: StoredValue::new(Arc::new(parsed)),
            data,
            access,
            tracked: StoredValue::new(tracked),
            shared: StoredValue::new(shared.map(Arc::new)),
            undo: RwSignal::new(Vec::new()),
            persist,
            my_unit,
        }
    }

    /// True when showing a share link: nothing can be changed and nothing is saved.
    pub fn readonly(self) -> bool {
        self.access == Access::ReadOnly
    }

    /// True while reviewing a plan before tracking it (corrections only).
    pub fn reviewing(self) -> bool {
        self.access == Access::Review
    }

    /// Everything the user recorded, read-only: changes go through the commands below.
    pub fn data(self) -> ReadSignal<UserData> {
        self.data.read_only()
    }

    /// How many changes of this tab can be undone.
    pub fn undo_depth(self) -> Signal<usize> {
        let undo = self.undo;
        Signal::derive(move || undo.with(Vec::len))
    }

    fn remember(self, change: Change) {
        self.undo.update(|s| s.push(change));
    }

    /// Records a correction (it wins over the parser from now on).
    pub fn correct(self, correction: Correction) {
        if self.readonly() {
            return;
        }
        let id = new_id();
        let record = CorrectionRecord {
            id: id.clone(),
            recorded_at: now_ms(),
            correction,
        };
        self.data.update(|d| d.corrections.push(record));
        self.remember(Change::Correction(id));
    }

    /// Appends an entry to the ledger, for this browser's unit; returns its id.
    pub fn record(
        self,
        subject: String,
        as_of: Date,
        value: EntryValue,
        note: String,
        supersedes: Option<String>,
    ) -> String {
        if self.readonly() {
            return String::new();
        }
        let id = new_id();
        let entry = Entry {
            id: id.clone(),
            subject,
            as_of,
            value,
            note,
            unit: self.my_unit.get_untracked().trim().to_string(),
            recorded_at: now_ms(),
            supersedes,
        };
        self.data.update(|d| d.entries.push(entry));
        self.remember(Change::Entry(id.clone()));
        id
    }

    /// Deletes an entry by adding a tombstone for it.
    pub fn delete_entry(self, entry: &Entry) {
        if self.readonly() {
            return;
        }
        let tombstone = entry.tombstone(new_id(), now_ms());
        let id = tombstone.id.clone();
        self.data.update(|d| d.entries.push(tombstone));
        self.remember(Change::Entry(id));
    }

    /// Sets who carries out a task and by when.
    pub fn assign(
        self,
        task_id: String,
        lead: String,
        others: Vec<String>,
        deadline: Option<Date>,
    ) {
        if self.readonly() {
            return;
        }
        let previous = self
            .data
            .with_untracked(|d| d.assignment(&task_id).cloned());
        let record = Assignment {
            id: new_id(),
            task_id: task_id.clone(),
            lead,
            others,
            deadline,
            recorded_at: now_ms(),
        };
        self.data.update(|d| d.assignments.push(record));
        self.remember(Change::Assignment { task_id, previous });
    }

    /// Extends `task_id`'s deadline from `current` (the one in force) to `to`, with the reason
    /// and who approved it; refused, with nothing stored, when the rules of
    /// [`office::check_extension`] say no.
    pub fn extend(
        self,
        task_id: String,
        current: Date,
        to: Date,
        reason: String,
        approved_by: String,
    ) -> Result<(), ExtensionError> {
        office::check_extension(current, to, &reason, &approved_by)?;
        if self.readonly() {
            return Ok(());
        }
        let record = Extension {
            id: new_id(),
            task_id,
            from: Some(current),
            to,
            reason: reason.trim().to_string(),
            approved_by: approved_by.trim().to_string(),
            recorded_at: now_ms(),
        };
        self.data.update(|d| d.extensions.push(record));
        Ok(())
    }

    /// Closes `month` (月度关账) on `today`; refused, with nothing stored, for a future month or
    /// one already closed.
    pub fn close_month(self, month: Month, today: Date, by: String) -> Result<(), ClosingError> {
        self.data
            .with_untracked(|d| office::check_closing(d, month, today))?;
        if self.readonly() {
            return Ok(());
        }
        let record = Closing {
            id: new_id(),
            month,
            closed_by: by.trim().to_string(),
            recorded_at: now_ms(),
        };
        self.data.update(|d| d.closings.push(record));
        Ok(())
    }

    /// Merges records pulled from a sync server (already checked) into the data: a set union,
    /// as for a file. Not on the undo stack: the server holds them.
    pub fn merge_pulled(self, pulled: UserData) {
        if self.readonly() || self.reviewing() {
            return;
        }
        // Added at the end, in place, not re-sorted: a batch of 500 into a city's ledger stays
        // cheap (no copy of the ledger), and the live ledger is extended rather than rebuilt.
        self.data
            .maybe_update(|d| taizhang_core::userdata::absorb_into(d, pulled));
    }

    /// Records that `unit` was reminded (催办) of `items` as of `as_of`.
    pub fn log_reminder(self, unit: String, as_of: Date, items: Vec<String>) {
        if self.readonly() || items.is_empty() {
            return;
        }
        let record = Reminder {
            id: new_id(),
            unit,
            as_of,
            items,
            sent_by: self.my_unit.get_untracked().trim().to_string(),
            recorded_at: now_ms(),
        };
        self.data.update(|d| d.reminders.push(record));
    }

    /// Replaces the pacing settings (the newest settings win on merge). The caller validated
    /// them with [`Settings::validate`], the one rule every reader applies.
    pub fn set_settings(self, mut settings: Settings) {
        if self.readonly() || settings.validate().is_err() {
            return;
        }
        settings.recorded_at = now_ms();
        self.data.update(|d| d.settings = Some(settings));
    }

    /// Marks the data as exported now.
    pub fn mark_exported(self) {
        self.data.update(|d| d.last_exported_at = Some(now_ms()));
    }

    /// Imports `incoming` in `mode`: into this session's data, or — when the page shows a share
    /// link — into this browser's stored data. Either way the current state is backed up first,
    /// and on any failure nothing changed.
    pub fn import(self, incoming: &UserData, mode: Mode) -> Result<(), StorageProblem> {
        if self.readonly() {
            return self.persist.import_into_stored(incoming, mode);
        }
        self.persist.import(self.data, incoming, mode)?;
        self.remember(Change::Replace);
        Ok(())
    }

    /// Puts back the state kept before the latest import or restore (itself undoable).
    pub fn restore_backup(self) -> Result<(), StorageProblem> {
        if self.readonly() {
            return Ok(());
        }
        if self.persist.restore(self.data)? {
            self.remember(Change::Replace);
        }
        Ok(())
    }

    /// Undoes this tab's most recent change by appending its compensating record; history is
    /// never rewritten. An import is undone by restoring the backup it kept.
    pub fn undo(self) {
        let Some(change) = self.undo.try_update(|s| s.pop()).flatten() else {
            return;
        };
        let now = now_ms();
        match change {
            // Undoing an import is not itself put on the undo stack.
            Change::Replace => {
                if let Err(problem) = self.persist.restore(self.data) {
                    self.persist.problem.set(Some(problem));
                }
            }
            Change::Entry(id) => self.data.update(|d| {
                if let Some(undo) = d
                    .entries
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.tombstone(new_id(), now))
                {
                    d.entries.push(undo);
                }
            }),
            Change::Correction(record_id) => self.data.update(|d| {
                d.corrections.push(CorrectionRecord {
                    id: new_id(),
                    recorded_at: now,
                    correction: Correction::Retract { record_id },
                })
            }),
            Change::Assignment { task_id, previous } => {
                let mut restored = previous.unwrap_or(Assignment {
                    id: String::new(),
                    task_id,
                    lead: String::new(),
                    others: Vec::new(),
                    deadline: None,
                    recorded_at: 0,
                });
                restored.id = new_id();
                restored.recorded_at = now;
                self.data.update(|d| d.assignments.push(restored));
            }
        }
    }
}

/// The session; panics only outside [`crate::App`], a programming error.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
