//! The one module that touches localStorage.
//!
//! It loads the user's data through the same versioned decoder that imports use
//! ([`taizhang_core::userdata::decode`]) and saves after every change. Failures never panic and
//! never lose data:
//! - storage unavailable (private mode, disabled): the app runs from memory and says so;
//! - a stored value it cannot read: the raw value is first copied aside under a backup key, and
//!   the main key is only written again once that copy exists;
//! - storage full: the last good value stays, and the user is told and offered an export.

use taizhang_core::exchange::{self, Mode};
use taizhang_core::plans::{self, Registry, Tracked};
use taizhang_core::userdata::{self, BaseIndex, DecodeError, UserData};
use wasm_bindgen::JsValue;
use web_sys::{js_sys, Storage};

/// The key of the embedded plan's data (and of all data, before plans could be added: it stays
/// where it was). The version in the document, not the key, drives migrations.
pub const KEY: &str = "taizhang.data";
/// Prefix of keys holding values that could not be read, kept for the user to download.
pub const UNREADABLE_PREFIX: &str = "taizhang.unreadable.";
/// The state before the latest import or restore: `{"saved_at": ms, "doc": <stored document>}`.
pub const BACKUP_KEY: &str = "taizhang.backup";
/// Changes whenever [`KEY`] is *replaced* rather than merged into (an import in replace mode, a
/// restore). A tab that sees it change adopts the stored data instead of merging its old copy
/// back in, which would undo the replace.
pub const EPOCH_KEY: &str = "taizhang.epoch";
/// The registry of tracked plans (`taizhang_core::plans`).
pub const PLANS_KEY: &str = "taizhang.plans";
/// Prefix of the keys of a plan a person added: `taizhang.plan.<id>.text` (its text),
/// `.data`, `.log`, `.backup`, `.epoch` (as [`KEY`], [`LOG_KEY`], [`BACKUP_KEY`], [`EPOCH_KEY`]
/// for the embedded plan).
pub const PLAN_PREFIX: &str = "taizhang.plan.";
/// The embedded plan's log: what was recorded since [`KEY`] (the *base*) was last written, so
/// that a save writes what changed rather than the whole ledger (see [`save`]).
pub const LOG_KEY: &str = "taizhang.data.log";
/// A log longer than this (characters) is folded into the base by the next save: about 1,400
/// entries, written in a few milliseconds; the fold writes the whole ledger once.
pub const LOG_CAP: usize = 100_000;
/// Fewer characters than any entry takes in a log (an id, a date, a kind and a time of
/// recording alone are more).
const MIN_ROW: usize = 30;

/// The storage keys of one plan's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    /// The base document: every record up to the last fold, readable by every release.
    pub data: String,
    /// The log: what was recorded since the base was written.
    pub log: String,
    pub backup: String,
    pub epoch: String,
}

impl Keys {
    /// The embedded plan's keys: the ones every release has used, so data stored before plans
    /// could be added belongs to it as it is (no migration step, nothing to lose).
    pub fn embedded() -> Keys {
        Keys {
            data: KEY.into(),
            log: LOG_KEY.into(),
            backup: BACKUP_KEY.into(),
            epoch: EPOCH_KEY.into(),
        }
    }

    /// The keys of a plan a person added.
    pub fn added(id: &str) -> Keys {
        Keys {
            data: format!("{PLAN_PREFIX}{id}.data"),
            log: format!("{PLAN_PREFIX}{id}.log"),
            backup: format!("{PLAN_PREFIX}{id}.backup"),
            epoch: format!("{PLAN_PREFIX}{id}.epoch"),
        }
    }

    /// The key of an added plan's text.
    pub fn text(id: &str) -> String {
        format!("{PLAN_PREFIX}{id}.text")
    }
}

/// What went wrong with storage, for the banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// localStorage is not available at all.
    Unavailable,
    /// The stored value could not be read; it was kept under `backup_key` (if the copy worked)
    /// and is in `raw` for download.
    Unreadable {
        error: DecodeError,
        backup_key: Option<String>,
        raw: String,
    },
    /// The browser refused to store more (QuotaExceededError).
    Full,
    /// Any other write failure, with the browser's message.
    WriteFailed(String),
}

/// The result of loading at start-up.
pub struct Loaded {
    pub data: UserData,
    pub problem: Option<StorageProblem>,
    /// False when saving must not touch [`KEY`] (its unreadable value could not be kept aside).
    pub may_save: bool,
}

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Loads the user's data of the plan stored under `keys`; never fails (see the module docs).
pub fn load(keys: &Keys) -> Loaded {
    let Some(storage) = local_storage() else {
        return Loaded {
            data: UserData::default(),
            problem: Some(StorageProblem::Unavailable),
            may_save: false,
        };
    };
    let raw = match storage.get_item(&keys.data) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Loaded {
                data: UserData::default(),
                problem: None,
                may_save: true,
            }
        }
        Err(_) => {
            return Loaded {
                data: UserData::default(),
                problem: Some(StorageProblem::Unavailable),
                may_save: false,
            }
        }
    };
    match userdata::decode_meta(&raw) {
        Ok((base, meta)) => {
            known(&keys.data, |k| {
                k.base = BaseIndex::of_data(&base, meta.rev);
                k.log_written = None;
            });
            let data = with_log(&storage, keys, base);
            Loaded {
                data,
                problem: None,
                may_save: true,
            }
        }
        Err(error) => {
            let backup_key = keep_aside(&storage, &raw);
            Loaded {
                data: UserData::default(),
                may_save: backup_key.is_some(),
                problem: Some(StorageProblem::Unreadable {
                    error,
                    backup_key,
                    raw,
                }),
            }
        }
    }
}

/// `base` with the stored log of `keys` absorbed, when the log belongs to the stored epoch (a
/// log of an earlier epoch was replaced by an import or a restore and is ignored). A log that
/// cannot be read is kept aside, never lost, and left out.
fn with_log(storage: &Storage, keys: &Keys, base: UserData) -> UserData {
    let Some(raw) = storage.get_item(&keys.log).ok().flatten() else {
        return base;
    };
    let epoch = storage
        .get_item(&keys.epoch)
        .ok()
        .flatten()
        .unwrap_or_default();
    match userdata::decode_log(&raw) {
        Ok((log, _, log_epoch)) if log_epoch == epoch => {
            known(&keys.data, |k| k.log_written = Some(raw));
            userdata::absorb(&base, &log).unwrap_or(base)
        }
        Ok(_) => base,
        Err(_) => {
            keep_aside(storage, &raw);
            base
        }
    }
}

/// Copies an unreadable value to a backup key (reusing one that already holds the same value)
/// and returns that key, or `None` if the browser refused the copy.
fn keep_aside(storage: &Storage, raw: &str) -> Option<String> {
    let len = storage.length().unwrap_or(0);
    for i in 0..len {
        if let Ok(Some(key)) = storage.key(i) {
            if key.starts_with(UNREADABLE_PREFIX)
                && storage.get_item(&key).ok().flatten().as_deref() == Some(raw)
            {
                return Some(key);
            }
        }
    }
    let key = format!("{UNREADABLE_PREFIX}{}", js_sys::Date::now() as u64);
    storage.set_item(&key, raw).ok().map(|()| key)
}

/// The stored epoch ("" when none was ever written).
pub fn epoch(keys: &Keys) -> String {
    local_storage()
        .and_then(|s| s.get_item(&keys.epoch).ok().flatten())
        .unwrap_or_default()
}

/// A copy of the user's data kept before an import or a restore replaced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub saved_at: i64,
    pub data: UserData,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredBackup {
    saved_at: i64,
    doc: String,
}

/// The backup kept by the latest import or restore, if any can be read.
pub fn load_backup(keys: &Keys) -> Option<Backup> {
    let raw = local_storage()?.get_item(&keys.backup).ok().flatten()?;
    let stored: StoredBackup = serde_json::from_str(&raw).ok()?;
    Some(Backup {
        saved_at: stored.saved_at,
        data: userdata::decode(&stored.doc).ok()?,
    })
}

/// What [`BACKUP_KEY`] held before a new backup was written, so that a failed import can put
/// it back and leave storage exactly as it was.
struct PreviousBackup(Option<String>);

fn undo_backup(keys: &Keys, previous: PreviousBackup) {
    if let Some(storage) = local_storage() {
        let _ = match previous.0 {
            Some(raw) => storage.set_item(&keys.backup, &raw),
            None => storage.remove_item(&keys.backup),
        };
    }
}

/// The one way to replace the stored data (an import, a restore): keep `backup` first, then write
/// `next` under `epoch`. If the backup cannot be kept, nothing is written; if `next` cannot be
/// written, the previous backup is put back, so storage is exactly as it was.
pub fn replace_after_backup(
    keys: &Keys,
    backup: &Backup,
    next: &UserData,
    epoch: &str,
) -> Result<(), StorageProblem> {
    crate::perf::start("taizhang-import-backup");
    let previous = save_backup(keys, backup)?;
    crate::perf::end("taizhang-import-backup");
    crate::perf::start("taizhang-import-write");
    let written = replace(keys, next, epoch).inspect_err(|_| undo_backup(keys, previous));
    crate::perf::end("taizhang-import-write");
    written
}

/// What an import did: the data now current, the backup it kept, the epoch it wrote under.
pub struct Imported {
    pub data: UserData,
    pub backup: Backup,
    pub epoch: String,
}

/// The one import path, for a file and a share link alike: the data after importing `incoming`
/// into `current` in `mode`, written after keeping `current` as the backup (when `write`; a
/// browser without storage imports in memory). A replace starts a new epoch, so other tabs adopt
/// it; a merge keeps `epoch`. On any failure storage is exactly as it was.
pub fn import(
    keys: &Keys,
    current: UserData,
    incoming: &UserData,
    mode: Mode,
    epoch: &str,
    write: bool,
) -> Result<Imported, StorageProblem> {
    let data = exchange::apply(&current, incoming, mode);
    let epoch = match mode {
        Mode::Replace => crate::clock::new_id(),
        Mode::Merge => epoch.to_string(),
    };
    let backup = Backup {
        saved_at: crate::clock::now_ms(),
        data: current,
    };
    if write {
        replace_after_backup(keys, &backup, &data, &epoch)?;
    }
    Ok(Imported {
        data,
        backup,
        epoch,
    })
}

/// Keeps `backup` under [`BACKUP_KEY`] and returns what the key held before. When storage is
/// unavailable there is nothing to protect on disk and the caller keeps the backup in memory;
/// any other failure is returned, and the caller must then not go on with the replace.
fn save_backup(keys: &Keys, backup: &Backup) -> Result<PreviousBackup, StorageProblem> {
    let Some(storage) = local_storage() else {
        return Ok(PreviousBackup(None));
    };
    let previous = PreviousBackup(storage.get_item(&keys.backup).ok().flatten());
    let stored = StoredBackup {
        saved_at: backup.saved_at,
        doc: userdata::encode(&backup.data),
    };
    let raw = serde_json::to_string(&stored).unwrap_or_default();
    storage
        .set_item(&keys.backup, &raw)
        .map_err(|e| classify_write_error(&e))?;
    Ok(previous)
}

/// Writes `data` under [`KEY`] as it is — no merge with what is stored — under `epoch` (a new
/// one makes other tabs adopt it). Only for imports and restores, after a backup was kept (see
/// [`replace_after_backup`]); public for the storage tests.
///
/// The data becomes the new base, whole; the log of the previous epoch is ignored by every
/// reader from the moment the new epoch is written (a log names its epoch), and removed once the
/// base is written. If the base cannot be written, the epoch is put back and the old base and
/// log are exactly as they were.
pub fn replace(keys: &Keys, data: &UserData, epoch: &str) -> Result<(), StorageProblem> {
    let storage = local_storage().ok_or(StorageProblem::Unavailable)?;
    // The epoch goes first: a tab woken by the data's `storage` event must already see it.
    let before = storage.get_item(&keys.epoch).ok().flatten();
    storage
        .set_item(&keys.epoch, epoch)
        .map_err(|e| classify_write_error(&e))?;
    let rev = crate::clock::new_id();
    storage
        .set_item(&keys.data, &userdata::encode_base(data, &rev))
        .map_err(|e| {
            // Put the epoch back: the data did not change.
            let _ = match &before {
                Some(b) => storage.set_item(&keys.epoch, b),
                None => storage.remove_item(&keys.epoch),
            };
            classify_write_error(&e)
        })?;
    let _ = storage.remove_item(&keys.log);
    known(&keys.data, |k| {
        k.base = BaseIndex::of_data(data, rev);
        k.log_written = None;
    });
    Ok(())
}

/// The stored data as it is now (base and log), for an import preview and its backup; `None` if
/// the base is unreadable.
pub fn stored(keys: &Keys) -> Option<UserData> {
    let storage = local_storage()?;
    let raw = storage.get_item(&keys.data).ok().flatten()?;
    let base = userdata::decode(&raw).ok()?;
    Some(with_log(&storage, keys, base))
}

/// What this tab knows of one plan's stored base and log.
#[derive(Default)]
struct Known {
    /// The base as this tab last read or wrote it.
    base: BaseIndex,
    /// The log as this tab last wrote or read it: while the stored log is exactly that, no other
    /// tab (of this release) has saved since, and a save need not decode and merge it.
    log_written: Option<String>,
}

thread_local! {
    /// Per data key (one per plan), see [`Known`]. Absent: nothing known, the next save reads
    /// the base.
    static KNOWN: std::cell::RefCell<rustc_hash::FxHashMap<String, Known>> = Default::default();
}

/// Updates what is known of the plan whose base is under `key`.
fn known<R>(key: &str, f: impl FnOnce(&mut Known) -> R) -> R {
    KNOWN.with(|k| f(k.borrow_mut().entry(key.to_string()).or_default()))
}

fn is_known(key: &str) -> bool {
    KNOWN.with(|k| k.borrow().contains_key(key))
}

/// Forgets what this tab knows of the stored data under `keys` (the storage tests play another
/// tab, or a fresh load, this way).
pub fn forget(keys: &Keys) {
    KNOWN.with(|k| k.borrow_mut().remove(&keys.data));
}

/// Says that the data of the plan under `keys` was replaced rather than appended to (an import,
/// a restore, another tab's data adopted): the next [`save`] compares all of it with the base.
pub fn rescan(keys: &Keys) {
    KNOWN.with(|k| {
        if let Some(known) = k.borrow_mut().get_mut(&keys.data) {
            known.base.rescan();
        }
    });
}

/// What [`save`] did.
#[derive(Debug)]
pub enum Saved {
    /// Nothing else was stored since this tab's last write: `data` was written as it is.
    Written,
    /// Wrote the union of `data` and what was stored; the caller adopts it if it holds more.
    Merged(UserData),
    /// Another tab replaced the stored data (an import or a restore) since this tab last synced:
    /// nothing was written, and the caller adopts the stored data and epoch instead of merging
    /// its older copy back in.
    Replaced { data: UserData, epoch: String },
}

/// Saves `data` by read-merge-write: whatever another tab stored meanwhile is merged in (a set
/// union, so nothing recorded in either is lost). `epoch` is the epoch this tab last synced with
/// (see [`EPOCH_KEY`]).
///
/// Only the log is written: what `data` holds that the base does not. The base (a city's whole
/// ledger, 3.7 M characters) is read only when this tab does not know it yet or another tab
/// folded a log into it (the log then names a base revision this tab has not seen), and written
/// only when the log outgrows [`LOG_CAP`] (the fold). A fold that does not fit leaves the log
/// longer instead: nothing is lost, storage-full is reported only if the log cannot be written.
///
/// If a stored value has become unreadable since start-up, it is kept aside first, exactly as
/// at load; if that copy fails, nothing is written.
pub fn save(keys: &Keys, data: &UserData, epoch: &str) -> Result<Saved, StorageProblem> {
    let storage = local_storage().ok_or(StorageProblem::Unavailable)?;
    let stored_epoch = storage
        .get_item(&keys.epoch)
        .ok()
        .flatten()
        .unwrap_or_default();
    if stored_epoch != epoch {
        // Another tab replaced the data: adopt it, when there is something readable to adopt.
        if let Some(theirs) = stored(keys) {
            return Ok(Saved::Replaced {
                data: theirs,
                epoch: stored_epoch,
            });
        }
    }
    // Nothing readable under another epoch: write under the stored one, so readers take the log.
    let epoch = stored_epoch.as_str();
    let log_raw = storage.get_item(&keys.log).ok().flatten();
    let foreign_log = match &log_raw {
        Some(raw)
            if known(&keys.data, |k| {
                k.log_written.as_deref() != Some(raw.as_str())
            }) =>
        {
            match userdata::decode_log(raw) {
                Ok((log, base, log_epoch)) => Some((log, base, log_epoch == epoch)),
                Err(error) => {
                    if keep_aside(&storage, raw).is_none() {
                        return Err(StorageProblem::Unreadable {
                            error,
                            backup_key: None,
                            raw: raw.clone(),
                        });
                    }
                    None
                }
            }
        }
        _ => None,
    };
    let mut merged: Option<UserData> = None;
    // The base: read again when unknown, or when another tab's log completes a base this tab has
    // not seen (it folded its log in, or replaced).
    let stale = !is_known(&keys.data)
        || foreign_log
            .as_ref()
            .is_some_and(|(_, base, _)| known(&keys.data, |k| k.base.rev != *base));
    if stale {
        match storage.get_item(&keys.data) {
            Ok(Some(raw)) => match userdata::decode_meta(&raw) {
                Ok((base, meta)) => {
                    merged = userdata::absorb(data, &base);
                    known(&keys.data, |k| k.base = BaseIndex::of(&base, meta.rev));
                }
                Err(error) => {
                    if keep_aside(&storage, &raw).is_none() {
                        return Err(StorageProblem::Unreadable {
                            error,
                            backup_key: None,
                            raw,
                        });
                    }
                    // The unreadable base is kept aside: this tab's data becomes the base.
                    known(&keys.data, |k| k.base = BaseIndex::default());
                }
            },
            _ => known(&keys.data, |k| k.base = BaseIndex::default()),
        }
    }
    if let Some((log, _, true)) = &foreign_log {
        if let Some(m) = userdata::absorb(merged.as_ref().unwrap_or(data), log) {
            merged = Some(m);
        }
    }
    let current = merged.as_ref().unwrap_or(data);
    let no_base = known(&keys.data, |k| {
        k.base.rev.is_empty() && k.base.entries() == 0
    });
    // A log is encoded only when it may fit: with no base, or with more entries missing from the
    // base than the cap can hold (a row is never under MIN_ROW characters), the fold below writes
    // everything anyway — encoding a city's ledger twice would only block the page longer. Only
    // the entries appended since the last save are looked up (see `rescan`).
    let (mut doc, fold) = known(&keys.data, |k| {
        if no_base || userdata::missing_appended(current, &mut k.base) * MIN_ROW > LOG_CAP {
            return (String::new(), true);
        }
        let delta = userdata::delta_appended(current, &mut k.base);
        let doc = userdata::encode_log(&delta, &k.base.rev, epoch);
        let fold = doc.len() > LOG_CAP;
        (doc, fold)
    });
    // No base stored yet, or the log outgrew its cap: fold everything into a new base.
    if fold {
        // The base may have been rewritten meanwhile by a tab of an older release (which knows
        // nothing of logs): read it once more and keep what it holds.
        if let Some(Ok(theirs)) = (!no_base)
            .then(|| storage.get_item(&keys.data).ok().flatten())
            .flatten()
            .map(|raw| userdata::decode(&raw))
        {
            if let Some(m) = userdata::absorb(current, &theirs) {
                merged = Some(m);
            }
        }
        let current = merged.as_ref().unwrap_or(data);
        let rev = crate::clock::new_id();
        crate::perf::start("taizhang-fold-encode");
        let base = userdata::encode_base(current, &rev);
        crate::perf::end("taizhang-fold-encode");
        crate::perf::start("taizhang-fold-write");
        let written = storage.set_item(&keys.data, &base);
        crate::perf::end("taizhang-fold-write");
        drop(base);
        match written {
            Ok(()) => {
                crate::perf::start("taizhang-fold-index");
                known(&keys.data, |k| {
                    k.base = BaseIndex::of_data(current, rev.clone())
                });
                crate::perf::end("taizhang-fold-index");
                doc = userdata::encode_log(&UserData::default(), &rev, epoch);
            }
            // The log, longer, keeps everything instead (the base as it was stays valid).
            Err(_) if !no_base => {
                if doc.is_empty() {
                    doc = known(&keys.data, |k| {
                        let delta = userdata::delta_appended(current, &mut k.base);
                        userdata::encode_log(&delta, &k.base.rev, epoch)
                    });
                }
            }
            Err(e) => return Err(classify_write_error(&e)),
        }
    }
    storage
        .set_item(&keys.log, &doc)
        .map_err(|e| classify_write_error(&e))?;
    known(&keys.data, |k| k.log_written = Some(doc));
    Ok(match merged {
        Some(m) => Saved::Merged(m),
        None => Saved::Written,
    })
}

/// Decodes a value another tab stored (from a `storage` event); `None` if it is unreadable.
pub fn decode_foreign(raw: &str) -> Option<UserData> {
    userdata::decode(raw).ok()
}

/// Decodes a log another tab stored (from a `storage` event): its data, when it was written
/// under `epoch` (a log of another epoch belongs to data that was replaced); `None` otherwise.
pub fn decode_foreign_log(raw: &str, epoch: &str) -> Option<UserData> {
    match userdata::decode_log(raw) {
        Ok((log, _, log_epoch)) if log_epoch == epoch => Some(log),
        _ => None,
    }
}

/// The plans tracked here. Missing (a first visit, or data stored before plans could be added):
/// the embedded plan alone, whose data is where it always was. Unreadable: kept aside like
/// unreadable data (never overwritten unkept), and the embedded plan alone is shown; the added
/// plans' texts and data stay in storage untouched.
pub fn load_registry(embedded_id: &str) -> (Registry, Option<StorageProblem>) {
    let fallback = || Registry::with_embedded(embedded_id);
    let Some(storage) = local_storage() else {
        return (fallback(), None);
    };
    match storage.get_item(PLANS_KEY) {
        Ok(Some(raw)) => match plans::decode(&raw) {
            Ok(registry) => (registry, None),
            Err(e) => {
                let kept = keep_aside(&storage, &raw);
                (
                    fallback(),
                    Some(StorageProblem::Unreadable {
                        error: match e {
                            plans::RegistryError::NewerVersion(v) => DecodeError::FutureVersion(v),
                            plans::RegistryError::NotJson => {
                                DecodeError::NotJson("the plan registry".into())
                            }
                            plans::RegistryError::WrongFormat => DecodeError::WrongFormat,
                        },
                        backup_key: kept,
                        raw,
                    }),
                )
            }
        },
        _ => (fallback(), None),
    }
}

/// Writes the registry.
pub fn save_registry(registry: &Registry) -> Result<(), StorageProblem> {
    let storage = local_storage().ok_or(StorageProblem::Unavailable)?;
    storage
        .set_item(PLANS_KEY, &plans::encode(registry))
        .map_err(|e| classify_write_error(&e))
}

/// The text of a plan a person added.
pub fn plan_text(id: &str) -> Option<String> {
    local_storage()?.get_item(&Keys::text(id)).ok().flatten()
}

/// Adds a plan: its text and its first data (the corrections made while reviewing it) are
/// written first, the registry last — the registry is the commit point. If any write fails
/// (storage full), everything written is removed again and the registry is unchanged.
pub fn add_plan(
    registry: &Registry,
    tracked: Tracked,
    text: &str,
    data: &UserData,
) -> Result<Registry, StorageProblem> {
    let storage = local_storage().ok_or(StorageProblem::Unavailable)?;
    let keys = Keys::added(&tracked.id);
    // A plan added again under the id of one deleted earlier starts with nothing known.
    forget(&keys);
    let mut next = registry.clone();
    // A plan deleted earlier and added again: its old keys go, so it starts clean.
    if next.trash.as_ref().is_some_and(|t| t.id == tracked.id) {
        next.trash = None;
    }
    if !next.add(tracked.clone()) {
        return Ok(next);
    }
    let written = [
        (Keys::text(&tracked.id), text.to_string()),
        (keys.data.clone(), userdata::encode(data)),
    ];
    let rollback = |storage: &Storage| {
        for key in [
            Keys::text(&tracked.id),
            keys.data.clone(),
            keys.log.clone(),
            keys.backup.clone(),
            keys.epoch.clone(),
        ] {
            let _ = storage.remove_item(&key);
        }
    };
    for (key, value) in &written {
        if let Err(e) = storage.set_item(key, value) {
            rollback(&storage);
            return Err(classify_write_error(&e));
        }
    }
    if let Err(e) = storage.set_item(PLANS_KEY, &plans::encode(&next)) {
        rollback(&storage);
        return Err(classify_write_error(&e));
    }
    Ok(next)
}

/// Frees the storage of a plan that left the trash (its text, data, log, backup and epoch). The
/// embedded plan's data is never freed this way: its text ships with the app, and its keys are
/// the ones older releases read.
pub fn free_plan(tracked: &Tracked) {
    if tracked.embedded {
        return;
    }
    if let Some(storage) = local_storage() {
        let keys = Keys::added(&tracked.id);
        forget(&keys);
        for key in [
            Keys::text(&tracked.id),
            keys.data,
            keys.log,
            keys.backup,
            keys.epoch,
        ] {
            let _ = storage.remove_item(&key);
        }
    }
}

/// How many characters each plan takes in storage (text, data, log, backup, epoch), and all keys of
/// this app together. Browsers allow about 5 M characters per site.
pub fn usage(registry: &Registry) -> (Vec<(String, usize)>, usize) {
    let Some(storage) = local_storage() else {
        return (Vec::new(), 0);
    };
    let size = |key: &str| {
        storage
            .get_item(key)
            .ok()
            .flatten()
            .map_or(0, |v| v.len() + key.len())
    };
    let per_plan = registry
        .plans
        .iter()
        .map(|p| {
            let keys = if p.embedded {
                Keys::embedded()
            } else {
                Keys::added(&p.id)
            };
            let text = if p.embedded {
                0
            } else {
                size(&Keys::text(&p.id))
            };
            (
                p.id.clone(),
                text + size(&keys.data) + size(&keys.log) + size(&keys.backup) + size(&keys.epoch),
            )
        })
        .collect();
    let mut total = 0;
    for i in 0..storage.length().unwrap_or(0) {
        if let Ok(Some(key)) = storage.key(i) {
            if key.starts_with("taizhang.") {
                total += size(&key);
            }
        }
    }
    (per_plan, total)
}

/// Small per-browser preferences (UI language, the user's reporting unit). Losing them is
/// harmless, so failures are ignored.
pub mod prefs {
    use super::local_storage;

    const PREFIX: &str = "taizhang.pref.";

    pub fn get(name: &str) -> Option<String> {
        local_storage()?
            .get_item(&format!("{PREFIX}{name}"))
            .ok()
            .flatten()
    }

    pub fn set(name: &str, value: &str) {
        if let Some(s) = local_storage() {
            let _ = s.set_item(&format!("{PREFIX}{name}"), value);
        }
    }
}

/// Asks the browser to keep this site's data under storage pressure. Fire and forget: the answer
/// only changes how safe the data is, and the "last exported" note covers the rest.
pub fn request_persistence() {
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
}

fn classify_write_error(e: &JsValue) -> StorageProblem {
    let name = js_field(e, "name");
    // Firefox historically used NS_ERROR_DOM_QUOTA_REACHED; code 22 is the legacy quota code.
    if name == "QuotaExceededError"
        || name == "NS_ERROR_DOM_QUOTA_REACHED"
        || js_field(e, "code") == "22"
    {
        StorageProblem::Full
    } else {
        StorageProblem::WriteFailed(js_field(e, "message"))
    }
}

/// A property of a JS error object as a string ("" when absent).
fn js_field(e: &JsValue, field: &str) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str(field))
        .ok()
        .and_then(|v| v.as_string().or_else(|| v.as_f64().map(|n| n.to_string())))
        .unwrap_or_default()
}
