//! Persistence: keeping the session's data in localStorage — the debounced read-merge-write save
//! loop, other tabs' writes merged in, the epoch that tells a replace from a merge, the backup
//! kept before a replace, and the storage problem the banner shows. The storage calls themselves
//! are in [`crate::storage`]; this is their reactive side.

use std::time::Duration;

use leptos::leptos_dom::helpers::{set_timeout_with_handle, window_event_listener, TimeoutHandle};
use leptos::prelude::*;
use taizhang_core::exchange::Mode;
use taizhang_core::userdata::{self, UserData};

use crate::clock::{new_id, now_ms};
use crate::storage::{self, Backup, Keys, StorageProblem};

/// How long after the last change the data is written (a burst of typing is one write).
const SAVE_DELAY: Duration = Duration::from_millis(250);

/// How long after start-up the browser is asked to keep this site's data.
const PERSIST_ASK_DELAY: Duration = Duration::from_secs(2);

/// The persistence context: cheap to copy.
#[derive(Clone, Copy)]
pub struct Persistence {
    /// The latest storage problem, for the banner (which may dismiss it).
    pub problem: RwSignal<Option<StorageProblem>>,
    backup: RwSignal<Option<Backup>>,
    /// The storage keys of the plan shown.
    keys: StoredValue<Keys>,
    /// The storage epoch this tab last synced with (see [`storage::EPOCH_KEY`]).
    epoch: StoredValue<String>,
    /// Whether the data is written to localStorage at all (not for a share link, nor over an
    /// unreadable value that could not be kept aside).
    may_save: bool,
    /// How many writes of this tab succeeded (sync keeps a feed position only after one).
    pub saved: RwSignal<u64>,
}

impl Persistence {
    pub fn new(keys: Keys, problem: Option<StorageProblem>, may_save: bool) -> Persistence {
        Persistence {
            problem: RwSignal::new(problem),
            backup: RwSignal::new(if may_save {
                storage::load_backup(&keys)
            } else {
                None
            }),
            epoch: StoredValue::new(storage::epoch(&keys)),
            keys: StoredValue::new(keys),
            may_save,
            saved: RwSignal::new(0),
        }
    }

    /// The state kept before the latest import or restore, for "restore previous state".
    pub fn backup(self) -> ReadSignal<Option<Backup>> {
        self.backup.read_only()
    }

    /// Writes `data` through after every change (debounced), flushes when the page is hidden or
    /// closed, and merges what other tabs write. Does nothing when the data may not be saved.
    pub fn keep(self, data: RwSignal<UserData>) {
        if !self.may_save {
            return;
        }
        // Asked after start-up, not in its first tick: the answer only matters under storage
        // pressure.
        leptos::leptos_dom::helpers::set_timeout(storage::request_persistence, PERSIST_ASK_DELAY);
        let pending: StoredValue<Option<TimeoutHandle>, LocalStorage> =
            StoredValue::new_local(None);
        let flush = move || {
            if let Some(handle) = pending.try_get_value().flatten() {
                handle.clear();
                pending.set_value(None);
            }
            // Measured by scripts/bench.sh ("taizhang-save": serialise, read-merge-write).
            crate::perf::start("taizhang-save");
            // Read in place: at a city's scale a copy of the data costs tens of milliseconds.
            // The `try_` reads keep a flush safe while the plan's view is being taken down.
            let result = self.epoch.try_get_value().and_then(|epoch| {
                self.keys.try_with_value(|keys| {
                    data.try_with_untracked(|d| storage::save(keys, d, &epoch))
                })
            });
            crate::perf::end("taizhang-save");
            let Some(Some(result)) = result else {
                return;
            };
            match result {
                Ok(saved) => {
                    self.saved.try_update(|n| *n += 1);
                    match saved {
                        storage::Saved::Written => {}
                        storage::Saved::Merged(written) => {
                            if data.try_with_untracked(|d| written != *d) == Some(true) {
                                // Another tab had recorded more: adopt the union.
                                data.try_set(written);
                            }
                        }
                        storage::Saved::Replaced {
                            data: theirs,
                            epoch,
                        } => self.adopt(data, theirs, epoch),
                    }
                    if matches!(
                        self.problem.get_untracked(),
                        Some(StorageProblem::Full | StorageProblem::WriteFailed(_))
                    ) {
                        self.problem.set(None);
                    }
                }
                Err(problem) => self.problem.set(Some(problem)),
            }
        };
        Effect::new(move |previous: Option<()>| {
            data.track();
            // The first run only registers the dependency: what was just loaded needs no write.
            if previous.is_none() {
                return;
            }
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            pending.set_value(set_timeout_with_handle(flush, SAVE_DELAY).ok());
        });
        // Never lose the last keystrokes to the debounce: write when the page goes away, and
        // when the view of this plan goes (another plan is opened).
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| {
            if pending.get_value().is_some() {
                flush();
            }
        });
        let on_storage = window_event_listener(leptos::ev::storage, move |ev| {
            let key = ev.key();
            if self
                .keys
                .with_value(|k| key.as_deref() == Some(k.log.as_str()))
            {
                // Another tab saved its log: take in what it recorded (a log of another epoch
                // belongs to data that was replaced; the base's own event says so).
                let epoch = self.epoch.get_value();
                let Some(log) = ev
                    .new_value()
                    .as_deref()
                    .and_then(|raw| storage::decode_foreign_log(raw, &epoch))
                else {
                    return;
                };
                if let Some(more) = data.with_untracked(|ours| userdata::absorb(ours, &log)) {
                    data.set(more);
                }
                return;
            }
            if self
                .keys
                .with_value(|k| key.as_deref() != Some(k.data.as_str()))
            {
                return;
            }
            let Some(theirs) = ev.new_value().as_deref().and_then(storage::decode_foreign) else {
                return;
            };
            let stored_epoch = self.keys.with_value(storage::epoch);
            if stored_epoch != self.epoch.get_value() {
                // Another tab imported or restored: take its data as it is.
                self.adopt(data, theirs, stored_epoch);
                return;
            }
            if let Some(more) = data.with_untracked(|ours| userdata::absorb(ours, &theirs)) {
                data.set(more);
            }
        });
        on_cleanup(move || {
            if pending.try_get_value().flatten().is_some() {
                flush();
            }
            on_hide.remove();
            on_storage.remove();
        });
    }

    /// Takes the data another tab wrote by replacing (not merging), with its epoch. Changes this
    /// tab made before are in that data or were replaced by the user's choice; the backup the
    /// other tab kept is this tab's backup too.
    fn adopt(self, data: RwSignal<UserData>, theirs: UserData, epoch: String) {
        self.epoch.set_value(epoch);
        self.backup.set(self.keys.with_value(storage::load_backup));
        self.keys.with_value(storage::rescan);
        if data.with_untracked(|d| *d != theirs) {
            data.set(theirs);
        }
    }

    /// This tab's data together with whatever other tabs saved (read straight from storage, so
    /// nothing recorded anywhere is left out of an import or a backup).
    fn everywhere(self, data: RwSignal<UserData>) -> UserData {
        let mine = data.get_untracked();
        if !self.may_save {
            return mine;
        }
        let (stored, epoch) = self
            .keys
            .with_value(|k| (storage::stored(k), storage::epoch(k)));
        match stored {
            Some(stored) if epoch == self.epoch.get_value() => userdata::merge(&mine, &stored),
            Some(stored) => stored,
            None => mine,
        }
    }

    /// Imports `incoming` into `data` in `mode`, keeping a backup of the current state first.
    /// On any failure the data is exactly as it was.
    pub fn import(
        self,
        data: RwSignal<UserData>,
        incoming: &UserData,
        mode: Mode,
    ) -> Result<(), StorageProblem> {
        let current = self.everywhere(data);
        let imported = storage::import(
            &self.keys.get_value(),
            current,
            incoming,
            mode,
            &self.epoch.get_value(),
            self.may_save,
        )?;
        self.epoch.set_value(imported.epoch);
        self.backup.set(Some(imported.backup));
        crate::perf::start("taizhang-import-render");
        self.keys.with_value(storage::rescan);
        data.set(imported.data);
        crate::perf::end("taizhang-import-render");
        Ok(())
    }

    /// Imports a shared snapshot's data into this browser's *stored* data of the plan, through
    /// the same path as a file (the page shows the link, not the stored data, and is not changed).
    pub fn import_into_stored(self, incoming: &UserData, mode: Mode) -> Result<(), StorageProblem> {
        let keys = self.keys.get_value();
        let loaded = storage::load(&keys);
        if !loaded.may_save {
            return Err(loaded.problem.unwrap_or(StorageProblem::Unavailable));
        }
        let epoch = storage::epoch(&keys);
        storage::import(&keys, loaded.data, incoming, mode, &epoch, true).map(|_| ())
    }

    /// The stored data of the plan (for a share link's preview: what an import would merge into).
    pub fn stored(self) -> Option<UserData> {
        self.keys.with_value(storage::stored)
    }

    /// Puts back the state kept before the latest import or restore; the state it replaces
    /// becomes the backup, so restoring twice returns to where one started. Returns false when
    /// there was no backup.
    pub fn restore(self, data: RwSignal<UserData>) -> Result<bool, StorageProblem> {
        let Some(previous) = self.backup.get_untracked() else {
            return Ok(false);
        };
        let backup = Backup {
            saved_at: now_ms(),
            data: self.everywhere(data),
        };
        let epoch = new_id();
        if self.may_save {
            self.keys.with_value(|k| {
                storage::replace_after_backup(k, &backup, &previous.data, &epoch)
            })?;
            self.epoch.set_value(epoch);
        }
        self.backup.set(Some(backup));
        self.keys.with_value(storage::rescan);
        data.set(previous.data);
        Ok(true)
    }
}

/// The persistence context; panics only outside [`crate::App`], a programming error.
pub fn use_persistence() -> Persistence {
    expect_context::<Persistence>()
}
