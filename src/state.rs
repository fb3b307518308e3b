//! The typed app context every component reads through [`use_app`].
//!
//! The plan shown is derived, never stored: the parsed seed plan with the user's corrections
//! applied. The user's data lives in one signal; one effect saves it (debounced, read-merge-write),
//! and a `storage` listener merges what other tabs save, so no entry recorded in either is lost.

use std::sync::Arc;
use std::time::Duration;

use leptos::leptos_dom::helpers::{set_timeout_with_handle, window_event_listener, TimeoutHandle};
use leptos::prelude::*;
use taizhang_core::corrections::{self, Correction, CorrectionRecord};
use taizhang_core::exchange::{self, Mode};
use taizhang_core::filter::Filter;
use taizhang_core::ledger::{Entry, EntryValue, LedgerView};
use taizhang_core::pacing::{assess, Assessment};
use taizhang_core::snapshot::Snapshot;
use taizhang_core::userdata::{self, Assignment, Settings, UserData};
use taizhang_core::{Date, Plan};

use crate::i18n::{Lang, Msg};
use crate::storage::{self, StorageProblem};

/// How long after the last change the data is written (a burst of typing is one write).
const SAVE_DELAY: Duration = Duration::from_millis(250);

/// The app's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// 总览: headline, status by section, the 督办清单, section charts and settings.
    Dashboard,
    /// The plan with its tasks, targets and per-task recording.
    Plan,
    /// 本月填报: every target in one keyboard-friendly grid.
    QuickEntry,
    /// 报告: the printable monthly / quarterly report and the CSV exports.
    Report,
    /// 数据交换: export, import (with preview), backup and share links.
    Exchange,
}

impl View {
    /// The URL fragment of the view, so a view can be bookmarked, reloaded and reached with Back.
    pub fn hash(self) -> &'static str {
        match self {
            View::Dashboard => "#/overview",
            View::Plan => "#/plan",
            View::QuickEntry => "#/entry",
            View::Report => "#/report",
            View::Exchange => "#/exchange",
        }
    }

    /// The view named by a URL fragment; `None` for anything else (the default view is shown).
    pub fn from_hash(hash: &str) -> Option<View> {
        [
            View::Dashboard,
            View::Plan,
            View::QuickEntry,
            View::Report,
            View::Exchange,
        ]
        .into_iter()
        .find(|v| v.hash() == hash)
    }
}

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

/// Where the data shown comes from.
pub enum Source {
    /// This browser's own data, loaded from localStorage and saved back.
    Local(storage::Loaded),
    /// A snapshot opened from a share link: shown read-only, never saved.
    Shared(Snapshot),
}

/// Shared state: cheap to copy, so components take it by value.
#[derive(Clone, Copy)]
pub struct AppCtx {
    /// The plan as parsed, before corrections.
    pub parsed: StoredValue<Arc<Plan>>,
    /// The plan as shown: parsed, with the user's corrections applied.
    pub plan: Memo<Arc<Plan>>,
    /// Ids of corrections whose task or target is not in the plan (kept, shown for re-attachment).
    pub orphans: Memo<Vec<String>>,
    /// Everything the user recorded; saved to localStorage after every change.
    pub data: RwSignal<UserData>,
    /// The live ledger, derived from `data`.
    pub ledger: Memo<Arc<LedgerView>>,
    /// The date every view is shown as of (the June report can be made in July).
    pub as_of: RwSignal<Date>,
    /// The whole plan assessed as of `as_of`: statuses, roll-ups, the 督办清单.
    pub assessment: Memo<Arc<Assessment>>,
    /// The latest storage problem, for the banner.
    pub problem: RwSignal<Option<StorageProblem>>,
    /// The UI language.
    pub lang: RwSignal<Lang>,
    /// The view shown.
    pub view: RwSignal<View>,
    /// The task filter, shared by the plan view and the quick-entry grid.
    pub filter: RwSignal<Filter>,
    /// Today's date in the browser's time zone.
    pub today: Date,
    /// The unit this browser reports for (填报单位), remembered between visits.
    pub my_unit: RwSignal<String>,
    undo_stack: StoredValue<Vec<Change>>,
    /// How many changes of this tab can be undone.
    pub undo_depth: RwSignal<usize>,
    /// The shared snapshot shown read-only, when the page was opened from a share link.
    pub shared: StoredValue<Option<Arc<Snapshot>>>,
    /// True when showing a share link: nothing can be changed and nothing is saved.
    pub readonly: bool,
    /// Whether changes are written to localStorage.
    may_save: bool,
    /// The storage epoch this tab last synced with (see [`storage::EPOCH_KEY`]).
    epoch: StoredValue<String>,
    /// The state kept before the latest import or restore, for "restore previous state".
    pub backup: RwSignal<Option<storage::Backup>>,
}

fn current_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Milliseconds since 1970 now.
pub fn now_ms() -> i64 {
    web_sys::js_sys::Date::now() as i64
}

/// Today's date in the browser's local time zone.
pub fn local_today() -> Date {
    let d = web_sys::js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .unwrap_or_else(|| Date::new(2025, 1, 1).expect("a valid constant date"))
}

/// A record id unique enough across users and tabs: time plus randomness, hex.
pub fn new_id() -> String {
    let rand = (web_sys::js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("{:011x}{rand:08x}", now_ms())
}

impl AppCtx {
    /// Builds the context from the parsed plan and what storage held, and starts saving.
    pub fn new(parsed: Plan, source: Source) -> AppCtx {
        let parsed = StoredValue::new(Arc::new(parsed));
        let (loaded, shared) = match source {
            Source::Local(loaded) => (loaded, None),
            Source::Shared(snapshot) => (
                storage::Loaded {
                    data: snapshot.data.clone(),
                    problem: None,
                    may_save: false,
                },
                Some(Arc::new(snapshot)),
            ),
        };
        let readonly = shared.is_some();
        let data = RwSignal::new(loaded.data);
        // The plan depends on the corrections only: recording an entry (or importing thousands)
        // must not rebuild it. Comparing the small correction list is cheaper than re-applying.
        let corrections = Memo::new(move |_| data.with(|d| d.corrections.clone()));
        let applied = Memo::new(move |_| {
            corrections.with(|c| {
                let (plan, orphans) = corrections::apply(
                    &parsed.get_value(),
                    c,
                    taizhang_core::plantext::kind_without_targets,
                );
                (Arc::new(plan), orphans)
            })
        });
        let lang = Lang::saved();
        let plan = Memo::new(move |_| applied.with(|(p, _)| p.clone()));
        let ledger = Memo::new(move |_| data.with(|d| Arc::new(LedgerView::new(&d.entries))));
        let today = local_today();
        let as_of = RwSignal::new(today);
        let assessment = Memo::new(move |_| {
            let (plan, ledger, as_of) = (plan.get(), ledger.get(), as_of.get());
            crate::perf::start("taizhang-assess");
            let a = data.with(|d| Arc::new(assess(&plan, d, &ledger, as_of)));
            crate::perf::end("taizhang-assess");
            a
        });
        let ctx = AppCtx {
            parsed,
            plan,
            orphans: Memo::new(move |_| applied.with(|(_, o)| o.clone())),
            data,
            ledger,
            as_of,
            assessment,
            problem: RwSignal::new(loaded.problem),
            lang: RwSignal::new(lang),
            view: RwSignal::new(
                current_hash()
                    .as_deref()
                    .and_then(View::from_hash)
                    .unwrap_or(View::Plan),
            ),
            filter: RwSignal::new(Filter::default()),
            today,
            my_unit: RwSignal::new(storage::prefs::get("unit").unwrap_or_default()),
            undo_stack: StoredValue::new(Vec::new()),
            undo_depth: RwSignal::new(0),
            shared: StoredValue::new(shared),
            readonly,
            may_save: loaded.may_save,
            epoch: StoredValue::new(storage::epoch()),
            backup: RwSignal::new(if readonly {
                None
            } else {
                storage::load_backup()
            }),
        };
        if loaded.may_save {
            ctx.start_saving();
        }
        Effect::new(move |_| {
            storage::prefs::set(
                "lang",
                if ctx.lang.get() == Lang::En {
                    "en"
                } else {
                    "zh"
                },
            )
        });
        Effect::new(move |_| storage::prefs::set("unit", &ctx.my_unit.get()));
        // The view and the URL fragment follow each other (Back and Forward move between views).
        // A share link keeps its fragment: it *is* the data.
        Effect::new(move |_| {
            if readonly {
                return;
            }
            let hash = ctx.view.get().hash();
            if current_hash().as_deref() != Some(hash) {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_hash(hash);
                }
            }
        });
        let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
            if readonly {
                return;
            }
            if let Some(view) = current_hash().as_deref().and_then(View::from_hash) {
                if ctx.view.get_untracked() != view {
                    ctx.view.set(view);
                }
            }
        });
        on_cleanup(move || on_hash.remove());
        storage::request_persistence();
        ctx
    }

    /// Writes the data through after every change (debounced), flushes when the page is hidden
    /// or closed, and merges what other tabs write.
    fn start_saving(self) {
        let pending: StoredValue<Option<TimeoutHandle>, LocalStorage> =
            StoredValue::new_local(None);
        let flush = move || {
            if let Some(handle) = pending.get_value() {
                handle.clear();
                pending.set_value(None);
            }
            // Measured by scripts/bench.sh ("taizhang-save": serialise, read-merge-write).
            crate::perf::start("taizhang-save");
            let epoch = self.epoch.get_value();
            // Read in place: at a city's scale a copy of the data costs tens of milliseconds.
            let result = self.data.with_untracked(|d| storage::save(d, &epoch));
            crate::perf::end("taizhang-save");
            match result {
                Ok(saved) => {
                    match saved {
                        storage::Saved::Written => {}
                        storage::Saved::Merged(written) => {
                            if self.data.with_untracked(|d| written != *d) {
                                // Another tab had recorded more: adopt the union.
                                self.data.set(written);
                            }
                        }
                        storage::Saved::Replaced { data, epoch } => self.adopt(data, epoch),
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
            self.data.track();
            // The first run only registers the dependency: what was just loaded needs no write.
            if previous.is_none() {
                return;
            }
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            pending.set_value(set_timeout_with_handle(flush, SAVE_DELAY).ok());
        });
        // Never lose the last keystrokes to the debounce: write when the page goes away.
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| {
            if pending.get_value().is_some() {
                flush();
            }
        });
        let on_storage = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().as_deref() != Some(storage::KEY) {
                return;
            }
            let Some(theirs) = ev.new_value().as_deref().and_then(storage::decode_foreign) else {
                return;
            };
            let stored_epoch = storage::epoch();
            if stored_epoch != self.epoch.get_value() {
                // Another tab imported or restored: take its data as it is.
                self.adopt(theirs, stored_epoch);
                return;
            }
            let merged = self
                .data
                .with_untracked(|ours| userdata::merge(ours, &theirs));
            if self.data.with_untracked(|ours| *ours != merged) {
                self.data.set(merged);
            }
        });
        on_cleanup(move || {
            on_hide.remove();
            on_storage.remove();
        });
    }

    /// A reactive translation of `msg` into the current language.
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// Takes the data another tab wrote by replacing (not merging), with its epoch. Changes this
    /// tab made before are in that data or were replaced by the user's choice; the backup the
    /// other tab kept is this tab's backup too.
    fn adopt(self, data: UserData, epoch: String) {
        self.epoch.set_value(epoch);
        self.backup.set(storage::load_backup());
        if self.data.with_untracked(|d| *d != data) {
            self.data.set(data);
        }
    }

    /// The data to import into and to back up: this tab's data together with whatever other tabs
    /// saved (read straight from storage, so nothing recorded anywhere is left out).
    fn current_everywhere(self) -> UserData {
        let mine = self.data.get_untracked();
        if !self.may_save {
            return mine;
        }
        match storage::stored() {
            Some(stored) if storage::epoch() == self.epoch.get_value() => {
                userdata::merge(&mine, &stored)
            }
            Some(stored) => stored,
            None => mine,
        }
    }

    /// Replaces the data with `next` after keeping `backup` (in storage first: if the backup
    /// cannot be written, nothing changes). A merge keeps the epoch so other tabs merge as
    /// usual; a replace starts a new one so they adopt it.
    fn replace_with(
        self,
        next: UserData,
        backup: storage::Backup,
        new_epoch: bool,
    ) -> Result<(), StorageProblem> {
        if self.may_save {
            let epoch = if new_epoch {
                new_id()
            } else {
                self.epoch.get_value()
            };
            storage::replace_after_backup(&backup, &next, &epoch)?;
            self.epoch.set_value(epoch);
        }
        self.backup.set(Some(backup));
        crate::perf::start("taizhang-import-render");
        self.data.set(next);
        crate::perf::end("taizhang-import-render");
        self.remember(Change::Replace);
        Ok(())
    }

    /// Imports `incoming` in `mode`, keeping a backup of the current state first. On any failure
    /// the data is exactly as it was.
    pub fn import(self, incoming: &UserData, mode: Mode) -> Result<(), StorageProblem> {
        if self.readonly {
            return Ok(());
        }
        let current = self.current_everywhere();
        let next = exchange::apply(&current, incoming, mode);
        let backup = storage::Backup {
            saved_at: now_ms(),
            data: current,
        };
        self.replace_with(next, backup, mode == Mode::Replace)
    }

    /// Puts back the state kept before the latest import or restore; the state it replaces
    /// becomes the backup, so restoring twice returns to where one started.
    pub fn restore_backup(self) -> Result<(), StorageProblem> {
        let Some(previous) = self.backup.get_untracked() else {
            return Ok(());
        };
        let current = self.current_everywhere();
        let backup = storage::Backup {
            saved_at: now_ms(),
            data: current,
        };
        self.replace_with(previous.data, backup, true)
    }

    fn remember(self, change: Change) {
        self.undo_stack.update_value(|s| s.push(change));
        self.undo_depth.set(self.undo_stack.with_value(Vec::len));
    }

    /// Records a correction (it wins over the parser from now on).
    pub fn correct(self, correction: Correction) {
        if self.readonly {
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

    /// Appends an entry to the ledger; returns its id.
    pub fn record(
        self,
        subject: String,
        as_of: Date,
        value: EntryValue,
        note: String,
        supersedes: Option<String>,
    ) -> String {
        if self.readonly {
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
        if self.readonly {
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
        if self.readonly {
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

    /// Undoes this tab's most recent change by appending its compensating record; history is
    /// never rewritten. An import is undone by restoring the backup it kept.
    pub fn undo(self) {
        let Some(change) = self.undo_stack.try_update_value(|s| s.pop()).flatten() else {
            return;
        };
        self.undo_depth.set(self.undo_stack.with_value(Vec::len));
        if matches!(change, Change::Replace) {
            if let Err(problem) = self.restore_backup() {
                self.problem.set(Some(problem));
            }
            // The restore remembered itself; undoing an import is not itself undoable twice.
            self.undo_stack.update_value(|s| {
                s.pop();
            });
            self.undo_depth.set(self.undo_stack.with_value(Vec::len));
            return;
        }
        let now = now_ms();
        self.data.update(|d| match change {
            Change::Entry(id) => {
                if let Some(undo) = d
                    .entries
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.tombstone(new_id(), now))
                {
                    d.entries.push(undo);
                }
            }
            Change::Correction(record_id) => d.corrections.push(CorrectionRecord {
                id: new_id(),
                recorded_at: now,
                correction: Correction::Retract { record_id },
            }),
            Change::Replace => {}
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
                d.assignments.push(restored);
            }
        });
    }

    /// Replaces the pacing settings (the newest settings win on merge).
    pub fn set_settings(self, mut settings: Settings) {
        if self.readonly {
            return;
        }
        settings.recorded_at = now_ms();
        self.data.update(|d| d.settings = Some(settings));
    }

    /// Marks the data as exported now.
    pub fn mark_exported(self) {
        self.data.update(|d| d.last_exported_at = Some(now_ms()));
    }
}

/// The app context; panics only if called outside [`crate::App`], which is a programming error.
pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}
