//! The user's own data (everything that is not the plan text) and its stored form.
//!
//! The browser keeps [`UserData`] in localStorage as a versioned JSON document. [`decode`] reads
//! every version ever written and migrates it; it refuses, with a precise [`DecodeError`], anything
//! it cannot read — including a document from a newer version of the app — so that the caller can
//! keep the unreadable value aside instead of overwriting it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::corrections::CorrectionRecord;
use crate::ledger::Entry;
use crate::office::{Closing, Extension, Reminder};
use crate::pacing::Settings;
use crate::Date;

/// The name in the `format` field of every stored document.
pub const FORMAT: &str = "taizhang-local";
/// The version [`encode`] writes. Version 2 stores entries as compact rows (see [`Row`]) so that
/// a city-sized ledger (48,000 entries) fits in localStorage's 5 M characters; version 1 (entries
/// as objects) is still read.
pub const VERSION: u32 = 2;

/// Everything the user has recorded. Every collection is append-only and keyed by unique ids,
/// so two copies merge by set union ([`merge`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserData {
    /// Corrections to the parser's reading of the plan, in the order they were made.
    #[serde(default)]
    pub corrections: Vec<CorrectionRecord>,
    /// The ledger: progress entries, append-only (see [`crate::ledger`]).
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// Who carries out each task and by when; the latest record per task wins.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// When this browser last exported its data (milliseconds since 1970), if ever.
    #[serde(default)]
    pub last_exported_at: Option<i64>,
    /// Pacing settings; the most recently recorded one wins on merge.
    #[serde(default)]
    pub settings: Option<Settings>,
    /// Deadline extensions (延期), see [`crate::office`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    /// Months closed by the office (月度关账).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closings: Vec<Closing>,
    /// Reminders sent to units (催办).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<Reminder>,
}

/// Who carries out a task and by when (牵头单位, 责任单位, deadline). Append-only: the record with
/// the latest `recorded_at` (then id) for a task is the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: String,
    pub task_id: String,
    /// 牵头单位.
    #[serde(default)]
    pub lead: String,
    /// 责任单位.
    #[serde(default)]
    pub others: Vec<String>,
    /// Deadline; `None` means the end of the plan period.
    #[serde(default)]
    pub deadline: Option<Date>,
    pub recorded_at: i64,
}

impl UserData {
    /// The settings pacing uses: the user's, when they keep the rules of
    /// [`Settings::validate`]; the defaults otherwise. (Every reader refuses invalid settings;
    /// only a document stored by an older release, which read looser ranges, could hold some.)
    pub fn settings_in_force(&self) -> Settings {
        self.settings
            .clone()
            .filter(|s| s.validate().is_ok())
            .unwrap_or_default()
    }

    /// The deadline the user set for `task_id`, if any.
    pub fn deadline(&self, task_id: &str) -> Option<Date> {
        self.assignment(task_id).and_then(|a| a.deadline)
    }

    /// The current assignment of `task_id`, if the user set one.
    pub fn assignment(&self, task_id: &str) -> Option<&Assignment> {
        self.assignments
            .iter()
            .filter(|a| a.task_id == task_id)
            .max_by(|a, b| (a.recorded_at, &a.id).cmp(&(b.recorded_at, &b.id)))
    }
}

/// Union by id of two lists, in a canonical order (recording time, then id), so that the result
/// does not depend on which side came first. On an id present in both with different content
/// (only possible through a hand-edited file) the greater serialisation wins, deterministically.
fn union_by_id<T: Clone + PartialEq + Serialize>(
    a: &[T],
    b: &[T],
    key: impl Fn(&T) -> (i64, &str),
) -> Vec<T> {
    // One side empty and the other already in the canonical order with unique ids (a file
    // imported into a fresh profile, a city's 48,000 entries): it is its own union.
    let only = match (a.is_empty(), b.is_empty()) {
        (true, _) => Some(b),
        (_, true) => Some(a),
        _ => None,
    };
    if let Some(only) = only {
        let mut ids = FxHashSet::default();
        ids.reserve(only.len());
        if only.windows(2).all(|w| key(&w[0]) < key(&w[1]))
            && only.iter().all(|item| ids.insert(key(item).1))
        {
            return only.to_vec();
        }
    }
    let mut by_id: FxHashMap<&str, &T> = FxHashMap::default();
    by_id.reserve(a.len().max(b.len()));
    for item in a.iter().chain(b) {
        let slot = by_id.entry(key(item).1).or_insert(item);
        // Serialise only when one id holds two different contents, which only a hand-edited file
        // can cause; the same record arriving twice (the usual case) compares equal.
        if *slot != item {
            let (old, new) = (
                serde_json::to_string(*slot).unwrap_or_default(),
                serde_json::to_string(item).unwrap_or_default(),
            );
            if new > old {
                *slot = item;
            }
        }
    }
    let mut out: Vec<&T> = by_id.into_values().collect();
    crate::order::sort_by(&mut out, |x| {
        let (at, id) = key(x);
        (at, 0, id)
    });
    out.into_iter().cloned().collect()
}

/// The more recently recorded of two settings; on a tie, the greater serialisation (so the
/// choice does not depend on argument order).
fn latest_settings(a: Option<&Settings>, b: Option<&Settings>) -> Option<Settings> {
    match (a, b) {
        (Some(x), Some(y)) => {
            let key = |s: &Settings| (s.recorded_at, serde_json::to_string(s).unwrap_or_default());
            Some(if key(x) >= key(y) {
                x.clone()
            } else {
                y.clone()
            })
        }
        (x, y) => x.or(y).cloned(),
    }
}

/// Merges two copies of the user's data: a set union of every append-only collection. Merging is
/// idempotent, commutative and associative (property-tested), so the order in which snapshots or
/// tabs are merged never matters and merging the same one twice changes nothing.
pub fn merge(a: &UserData, b: &UserData) -> UserData {
    UserData {
        corrections: union_by_id(&a.corrections, &b.corrections, |c| {
            (c.recorded_at, c.id.as_str())
        }),
        entries: union_by_id(&a.entries, &b.entries, |e| (e.recorded_at, e.id.as_str())),
        assignments: union_by_id(&a.assignments, &b.assignments, |s| {
            (s.recorded_at, s.id.as_str())
        }),
        last_exported_at: a.last_exported_at.max(b.last_exported_at),
        settings: latest_settings(a.settings.as_ref(), b.settings.as_ref()),
        extensions: union_by_id(&a.extensions, &b.extensions, |e| {
            (e.recorded_at, e.id.as_str())
        }),
        closings: union_by_id(&a.closings, &b.closings, |c| (c.recorded_at, c.id.as_str())),
        reminders: union_by_id(&a.reminders, &b.reminders, |r| {
            (r.recorded_at, r.id.as_str())
        }),
    }
}

/// What a tab knows of the stored *base* document: the ids of its records, its settings and
/// export time, and its revision. Enough to tell what of a tab's data the base does not hold
/// ([`delta`]) without reading the base again.
#[derive(Clone, Debug, Default)]
pub struct BaseIndex {
    /// The base's revision ("" for a document written without one).
    pub rev: String,
    entries: FxHashSet<String>,
    corrections: FxHashSet<String>,
    assignments: FxHashSet<String>,
    /// The office's records (extensions, closings, reminders) as `x:`, `m:`, `r:` + id.
    office: FxHashSet<String>,
    settings: Option<Settings>,
    last_exported_at: Option<i64>,
    /// How far a tab's entries were compared with this base (see [`delta_appended`]).
    scanned: Scanned,
}

/// The entries of a tab's data already compared with the base at its previous save: the first
/// `len` of them, the last of which had the id `last`, of which those at `outside` were not in
/// the base. Valid while the tab's entries only grow at the end, which is how the session changes
/// them; anything else (an import, a restore, another tab's replacement) writes a new base, and
/// with it a new [`BaseIndex`] that starts from nothing.
#[derive(Clone, Debug, Default)]
struct Scanned {
    len: usize,
    last: String,
    outside: Vec<usize>,
}

/// The office's records of `data` with their kind prefix, as [`BaseIndex`] keeps them.
fn office_keys(data: &UserData) -> impl Iterator<Item = String> + '_ {
    data.extensions
        .iter()
        .map(|x| format!("x:{}", x.id))
        .chain(data.closings.iter().map(|m| format!("m:{}", m.id)))
        .chain(data.reminders.iter().map(|r| format!("r:{}", r.id)))
}

impl BaseIndex {
    /// The index of `base`, stored under revision `rev`.
    pub fn of(base: &UserData, rev: String) -> BaseIndex {
        BaseIndex {
            rev,
            entries: base.entries.iter().map(|e| e.id.clone()).collect(),
            corrections: base.corrections.iter().map(|c| c.id.clone()).collect(),
            assignments: base.assignments.iter().map(|a| a.id.clone()).collect(),
            office: office_keys(base).collect(),
            settings: base.settings.clone(),
            last_exported_at: base.last_exported_at,
            scanned: Scanned::default(),
        }
    }

    /// The index of `base` when the tab's data begins with it: its entries, in the same order,
    /// are the first of the data's (the data was just read as the base and its log, or written
    /// as the base). A save then compares only the entries after them.
    pub fn of_data(base: &UserData, rev: String) -> BaseIndex {
        let mut index = BaseIndex::of(base, rev);
        index.scanned = Scanned {
            len: base.entries.len(),
            last: base
                .entries
                .last()
                .map(|e| e.id.clone())
                .unwrap_or_default(),
            outside: Vec::new(),
        };
        index
    }

    /// Forgets how far a tab's entries were compared (its data was replaced, not appended to):
    /// the next [`delta_appended`] compares them all.
    pub fn rescan(&mut self) {
        self.scanned = Scanned::default();
    }

    /// How many entries the base holds.
    pub fn entries(&self) -> usize {
        self.entries.len()
    }
}

/// What of `data` the base indexed by `base` does not hold: the records whose ids it lacks, the
/// settings if they differ, the export time if later. Merging the base with it gives the base
/// merged with `data` (property-tested), so a log holding only this loses nothing.
pub fn delta(data: &UserData, base: &BaseIndex) -> UserData {
    UserData {
        entries: data
            .entries
            .iter()
            .filter(|e| !base.entries.contains(&e.id))
            .cloned()
            .collect(),
        ..delta_but_entries(data, base)
    }
}

/// [`delta`] without the entries (left empty).
fn delta_but_entries(data: &UserData, base: &BaseIndex) -> UserData {
    UserData {
        corrections: data
            .corrections
            .iter()
            .filter(|c| !base.corrections.contains(&c.id))
            .cloned()
            .collect(),
        entries: Vec::new(),
        assignments: data
            .assignments
            .iter()
            .filter(|a| !base.assignments.contains(&a.id))
            .cloned()
            .collect(),
        last_exported_at: data
            .last_exported_at
            .filter(|&t| base.last_exported_at.is_none_or(|b| t > b)),
        settings: data
            .settings
            .clone()
            .filter(|s| Some(s) != base.settings.as_ref()),
        extensions: data
            .extensions
            .iter()
            .filter(|x| !base.office.contains(&format!("x:{}", x.id)))
            .cloned()
            .collect(),
        closings: data
            .closings
            .iter()
            .filter(|m| !base.office.contains(&format!("m:{}", m.id)))
            .cloned()
            .collect(),
        reminders: data
            .reminders
            .iter()
            .filter(|r| !base.office.contains(&format!("r:{}", r.id)))
            .cloned()
            .collect(),
    }
}

/// [`delta`], comparing with the base only the entries appended since the previous call: at a
/// city's scale (48,000 entries) a save after one entry otherwise looks up every id (2–4 ms in
/// wasm). The same result as [`delta`] as long as `data`'s entries only grew at the end since that
/// call; after `data` was replaced in any other way the caller says so with
/// [`BaseIndex::rescan`] (property-tested both ways). Fewer entries than compared, or another id
/// where the last compared one was, are caught and compared anew, but a reordering that keeps
/// that id in place would not be: hence the rule.
pub fn delta_appended(data: &UserData, base: &mut BaseIndex) -> UserData {
    scan_appended(data, base);
    UserData {
        entries: base
            .scanned
            .outside
            .iter()
            .map(|&i| data.entries[i].clone())
            .collect(),
        ..delta_but_entries(data, base)
    }
}

/// How many entries [`delta_appended`] would give, found the same way (only the entries appended
/// since its previous call are looked up), without copying any: a save can tell that a log would
/// outgrow its cap before building it.
pub fn missing_appended(data: &UserData, base: &mut BaseIndex) -> usize {
    scan_appended(data, base);
    base.scanned.outside.len()
}

/// Brings `base`'s record of `data`'s entries outside it up to date (see [`delta_appended`]).
fn scan_appended(data: &UserData, base: &mut BaseIndex) {
    let entries = &data.entries;
    let scanned = &mut base.scanned;
    let valid = scanned.len <= entries.len()
        && (scanned.len == 0 || entries[scanned.len - 1].id == scanned.last);
    if !valid {
        *scanned = Scanned::default();
    }
    for (i, e) in entries.iter().enumerate().skip(scanned.len) {
        if !base.entries.contains(&e.id) {
            scanned.outside.push(i);
        }
    }
    scanned.len = entries.len();
    scanned.last = entries.last().map(|e| e.id.clone()).unwrap_or_default();
}

/// `data` with whatever of `extra` it lacks added: the same records as [`merge`] (but for an id
/// that both hold with different contents, which only a hand-edited file can cause: `data`'s is
/// kept), without re-sorting `data` (a city's ledger with a few new records from a log or another
/// tab). Returns `None` when `extra` adds nothing.
pub fn absorb(data: &UserData, extra: &UserData) -> Option<UserData> {
    fn missing<'a, T>(ours: &[T], theirs: &'a [T], id: impl Fn(&T) -> &str) -> Vec<&'a T> {
        if theirs.is_empty() {
            return Vec::new();
        }
        let have: FxHashSet<&str> = ours.iter().map(&id).collect();
        theirs.iter().filter(|t| !have.contains(id(t))).collect()
    }
    let corrections = missing(&data.corrections, &extra.corrections, |c| &c.id);
    let entries = missing(&data.entries, &extra.entries, |e| &e.id);
    let assignments = missing(&data.assignments, &extra.assignments, |a| &a.id);
    let extensions = missing(&data.extensions, &extra.extensions, |x| &x.id);
    let closings = missing(&data.closings, &extra.closings, |m| &m.id);
    let reminders = missing(&data.reminders, &extra.reminders, |r| &r.id);
    let settings = latest_settings(data.settings.as_ref(), extra.settings.as_ref());
    let last_exported_at = data.last_exported_at.max(extra.last_exported_at);
    if corrections.is_empty()
        && entries.is_empty()
        && assignments.is_empty()
        && extensions.is_empty()
        && closings.is_empty()
        && reminders.is_empty()
        && settings == data.settings
        && last_exported_at == data.last_exported_at
    {
        return None;
    }
    let mut out = data.clone();
    out.corrections.extend(corrections.into_iter().cloned());
    out.entries.extend(entries.into_iter().cloned());
    out.assignments.extend(assignments.into_iter().cloned());
    out.extensions.extend(extensions.into_iter().cloned());
    out.closings.extend(closings.into_iter().cloned());
    out.reminders.extend(reminders.into_iter().cloned());
    out.settings = settings;
    out.last_exported_at = last_exported_at;
    Some(out)
}

/// [`absorb`] in place, taking `extra`'s records by value: the same records are added, without
/// a copy of `data` (a city's ledger costs tens of milliseconds to copy, for every batch a sync
/// pulls). Returns whether anything changed.
pub fn absorb_into(data: &mut UserData, extra: UserData) -> bool {
    fn add<T>(ours: &mut Vec<T>, theirs: Vec<T>, id: impl Fn(&T) -> &str) -> bool {
        if theirs.is_empty() {
            return false;
        }
        // The ids of the few records coming are indexed, and ours looked up in them: a city's
        // ledger is not indexed again for every batch (nor for every part of one).
        let keep: Vec<bool> = {
            let coming: FxHashSet<&str> = theirs.iter().map(&id).collect();
            let have: FxHashSet<&str> = ours
                .iter()
                .map(&id)
                .filter(|i| coming.contains(i))
                .collect();
            theirs.iter().map(|t| !have.contains(id(t))).collect()
        };
        let before = ours.len();
        ours.extend(
            theirs
                .into_iter()
                .zip(keep)
                .filter_map(|(t, k)| k.then_some(t)),
        );
        ours.len() > before
    }
    let UserData {
        corrections,
        entries,
        assignments,
        extensions,
        closings,
        reminders,
        settings,
        last_exported_at,
    } = extra;
    let mut changed = add(&mut data.corrections, corrections, |c| &c.id);
    changed |= add(&mut data.entries, entries, |e| &e.id);
    changed |= add(&mut data.assignments, assignments, |a| &a.id);
    changed |= add(&mut data.extensions, extensions, |x| &x.id);
    changed |= add(&mut data.closings, closings, |m| &m.id);
    changed |= add(&mut data.reminders, reminders, |r| &r.id);
    let settings = latest_settings(data.settings.as_ref(), settings.as_ref());
    if settings != data.settings {
        data.settings = settings;
        changed = true;
    }
    let last = data.last_exported_at.max(last_exported_at);
    if last != data.last_exported_at {
        data.last_exported_at = last;
        changed = true;
    }
    changed
}

/// `data` in parts of at most `entries` entries each (at least one part), in order: the first
/// part also carries every other record, the settings and the export time. Absorbing the parts
/// one after another gives what absorbing `data` gives; a large batch pulled from a server is
/// taken in a part at a time, so the page redraws in between.
pub fn split(mut data: UserData, entries: usize) -> Vec<UserData> {
    let size = entries.max(1);
    if data.entries.len() <= size {
        return vec![data];
    }
    let rest = data.entries.split_off(size);
    let mut parts = vec![data];
    let mut rest = rest.into_iter().peekable();
    while rest.peek().is_some() {
        parts.push(UserData {
            entries: rest.by_ref().take(size).collect(),
            ..UserData::default()
        });
    }
    parts
}

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    /// A base document's revision (see [`encode_base`]); absent from plain documents.
    #[serde(skip_serializing_if = "str::is_empty")]
    rev: &'a str,
    /// A log's base revision and epoch (see [`encode_log`]); absent from other documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    epoch: Option<&'a str>,
    data: Compact<'a>,
}

/// One entry as stored in version 2: `[id, subject, as_of, kind, payload, note, unit,
/// recorded_at, supersedes]`, where `subject` and `unit` index the document's `subjects` and
/// `units` tables, `kind` is `f` (figure), `m` (milestone), `h` (health), `n` (note) or `t`
/// (tombstone), and `payload` is the figure's decimal string, the state or the health (empty
/// for the others). About 70 characters where an entry object takes about 165.
/// The kind and the payload borrow from the stored text when they hold no escapes (always, as
/// written): two allocations fewer per row, 96,000 in a city's ledger.
#[derive(Deserialize)]
struct Row<'a>(
    String,
    u32,
    Date,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    String,
    u32,
    i64,
    Option<String>,
);

/// A [`Row`] as written: the same array, borrowing the entry's strings instead of copying them.
#[derive(Serialize)]
struct RowRef<'a>(
    &'a str,
    u32,
    Date,
    &'static str,
    Payload<'a>,
    &'a str,
    u32,
    i64,
    Option<&'a str>,
);

/// The stored form of [`UserData`] in version 2: the same, with entries as [`Row`]s.
#[derive(Serialize)]
struct Compact<'a> {
    corrections: &'a [CorrectionRecord],
    assignments: &'a [Assignment],
    last_exported_at: Option<i64>,
    settings: &'a Option<Settings>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extensions: &'a [Extension],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    closings: &'a [Closing],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    reminders: &'a [Reminder],
    subjects: Vec<&'a str>,
    units: Vec<&'a str>,
    entries: Vec<RowRef<'a>>,
}

/// A row's payload as written, straight into the output: no string built for it first.
enum Payload<'a> {
    Figure(&'a crate::decimal::Decimal),
    Name(&'static str),
}

impl Serialize for Payload<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Payload::Figure(d) => s.collect_str(d),
            Payload::Name(n) => s.serialize_str(n),
        }
    }
}

#[derive(Deserialize)]
struct CompactOwned<'a> {
    #[serde(default)]
    corrections: Vec<CorrectionRecord>,
    #[serde(default)]
    assignments: Vec<Assignment>,
    #[serde(default)]
    last_exported_at: Option<i64>,
    #[serde(default)]
    settings: Option<Settings>,
    #[serde(default)]
    extensions: Vec<Extension>,
    #[serde(default)]
    closings: Vec<Closing>,
    #[serde(default)]
    reminders: Vec<Reminder>,
    #[serde(default)]
    subjects: Vec<String>,
    #[serde(default)]
    units: Vec<String>,
    #[serde(default, borrow)]
    entries: Vec<Row<'a>>,
}

fn compact(data: &UserData) -> Compact<'_> {
    use crate::ledger::EntryValue as V;
    let mut subjects: Vec<&str> = Vec::new();
    let mut units: Vec<&str> = Vec::new();
    let mut subject_ix: FxHashMap<&str, u32> = Default::default();
    let mut unit_ix: FxHashMap<&str, u32> = Default::default();
    let mut rows = Vec::with_capacity(data.entries.len());
    for e in &data.entries {
        let s = *subject_ix.entry(e.subject.as_str()).or_insert_with(|| {
            subjects.push(e.subject.as_str());
            (subjects.len() - 1) as u32
        });
        let u = *unit_ix.entry(e.unit.as_str()).or_insert_with(|| {
            units.push(e.unit.as_str());
            (units.len() - 1) as u32
        });
        let (kind, payload) = match &e.value {
            V::Figure { value } => ("f", Payload::Figure(value)),
            V::Milestone { state } => ("m", Payload::Name(state.name())),
            V::Health { health } => ("h", Payload::Name(health.name())),
            V::Note => ("n", Payload::Name("")),
            V::Tombstone => ("t", Payload::Name("")),
        };
        rows.push(RowRef(
            &e.id,
            s,
            e.as_of,
            kind,
            payload,
            &e.note,
            u,
            e.recorded_at,
            e.supersedes.as_deref(),
        ));
    }
    Compact {
        corrections: &data.corrections,
        assignments: &data.assignments,
        last_exported_at: data.last_exported_at,
        settings: &data.settings,
        extensions: &data.extensions,
        closings: &data.closings,
        reminders: &data.reminders,
        subjects,
        units,
        entries: rows,
    }
}

fn expand(c: CompactOwned<'_>) -> Result<UserData, DecodeError> {
    use crate::ledger::EntryValue as V;
    let bad = |i: usize, what: &str| DecodeError::Invalid(format!("data.entries[{i}]: {what}"));
    let mut entries = Vec::with_capacity(c.entries.len());
    for (i, Row(id, s, as_of, kind, payload, note, u, recorded_at, supersedes)) in
        c.entries.into_iter().enumerate()
    {
        let subject = c
            .subjects
            .get(s as usize)
            .ok_or_else(|| bad(i, "subject index out of range"))?
            .clone();
        let unit = c
            .units
            .get(u as usize)
            .ok_or_else(|| bad(i, "unit index out of range"))?
            .clone();
        // The state's own name, read without building a JSON value (48,000 rows in a city).
        fn named<'de, T: Deserialize<'de>>(name: &'de str) -> Option<T> {
            use serde::de::IntoDeserializer;
            T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(name))
                .ok()
        }
        let value = match &*kind {
            "f" => V::Figure {
                value: payload.parse().map_err(|_| bad(i, "not a decimal"))?,
            },
            "m" => V::Milestone {
                state: named(&payload).ok_or_else(|| bad(i, "unknown state"))?,
            },
            "h" => V::Health {
                health: named(&payload).ok_or_else(|| bad(i, "unknown health"))?,
            },
            "n" => V::Note,
            "t" => V::Tombstone,
            _ => return Err(bad(i, "unknown kind")),
        };
        entries.push(Entry {
            id,
            subject,
            as_of,
            value,
            note,
            unit,
            recorded_at,
            supersedes,
        });
    }
    Ok(UserData {
        corrections: c.corrections,
        entries,
        assignments: c.assignments,
        last_exported_at: c.last_exported_at,
        settings: c.settings,
        extensions: c.extensions,
        closings: c.closings,
        reminders: c.reminders,
    })
}

/// Why a stored document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all (truncated, random bytes…), with the parser's reason.
    NotJson(String),
    /// JSON, but not a Taizhang document.
    WrongFormat,
    /// Written by a newer version of the app than this one.
    FutureVersion(u32),
    /// The right format and version, but a field is missing or of the wrong type.
    Invalid(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotJson(e) => write!(f, "not JSON: {e}"),
            DecodeError::WrongFormat => write!(f, "not a Taizhang document"),
            DecodeError::FutureVersion(v) => {
                write!(f, "written by a newer version (format version {v})")
            }
            DecodeError::Invalid(e) => write!(f, "invalid content: {e}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The stored form of `data` at the current [`VERSION`].
pub fn encode(data: &UserData) -> String {
    encode_with(data, "", None)
}

fn encode_with(data: &UserData, rev: &str, log: Option<(&str, &str)>) -> String {
    let envelope = Envelope {
        format: FORMAT,
        version: VERSION,
        rev,
        base: log.map(|(base, _)| base),
        epoch: log.map(|(_, epoch)| epoch),
        data: compact(data),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string(&envelope).unwrap_or_default()
}

/// The stored form of `data` as a *base* document: an ordinary document (every release reads it
/// as version 2, the extra field is ignored) that also names its revision `rev`, so that a log
/// can say which base it completes.
pub fn encode_base(data: &UserData, rev: &str) -> String {
    encode_with(data, rev, None)
}

/// The stored form of a *log*: what a tab recorded that its base document (revision `base`) does
/// not hold yet, written under `epoch`. Also an ordinary version-2 document, so [`decode`] reads
/// its data; [`decode_log`] reads its base and epoch too. Saving only the log keeps a save's
/// cost to what changed since the base was last written, not the whole ledger.
pub fn encode_log(delta: &UserData, base: &str, epoch: &str) -> String {
    encode_with(delta, "", Some((base, epoch)))
}

/// The current stored document, read in one typed pass.
#[derive(Deserialize)]
struct Current<'a> {
    format: String,
    version: u32,
    #[serde(default)]
    rev: String,
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    epoch: Option<String>,
    #[serde(borrow)]
    data: CompactOwned<'a>,
}

/// A base's or a log's revision metadata (empty for a plain document).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// A base document's own revision.
    pub rev: String,
    /// A log's: the revision of the base it completes.
    pub base: Option<String>,
    /// A log's: the epoch it was written under.
    pub epoch: Option<String>,
}

/// Reads a stored document of any known version.
pub fn decode(raw: &str) -> Result<UserData, DecodeError> {
    decode_meta(raw).map(|(data, _)| data)
}

/// Reads a log written by [`encode_log`]: its data, the revision of the base it completes and
/// its epoch. A document without them is refused (it is not a log).
pub fn decode_log(raw: &str) -> Result<(UserData, String, String), DecodeError> {
    match decode_meta(raw)? {
        (
            data,
            Meta {
                base: Some(base),
                epoch: Some(epoch),
                ..
            },
        ) => Ok((data, base, epoch)),
        _ => Err(DecodeError::Invalid("not a log: no base or epoch".into())),
    }
}

/// What a stored document says it is, each field kept as its raw JSON text (read only when the
/// typed reading of the current version failed).
#[derive(Deserialize)]
struct Header<'a> {
    #[serde(borrow)]
    format: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    version: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    data: Option<&'a serde_json::value::RawValue>,
}

/// Reads a stored document of any known version with its revision metadata (see [`Meta`]).
pub fn decode_meta(raw: &str) -> Result<(UserData, Meta), DecodeError> {
    // The usual case, the current version, in one pass; anything else (an older version, an
    // error to explain) through the generic reading below.
    let current_error = match serde_json::from_str::<Current>(raw) {
        Ok(doc) if doc.format == FORMAT && doc.version == VERSION => {
            let meta = Meta {
                rev: doc.rev,
                base: doc.base,
                epoch: doc.epoch,
            };
            return expand(doc.data).map(|data| (data, meta));
        }
        other => other.err(),
    };
    // Only the fields that say what the document is are read, each as its raw text: no
    // `serde_json::Value` (its reader is ~27 KB of wasm the app would load for this one path).
    let header: Header = serde_json::from_str(raw).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => DecodeError::WrongFormat,
        _ => DecodeError::NotJson(e.to_string()),
    })?;
    let format = header
        .format
        .and_then(|f| serde_json::from_str::<String>(f.get()).ok());
    if format.as_deref() != Some(FORMAT) {
        return Err(DecodeError::WrongFormat);
    }
    let version = header
        .version
        .and_then(|v| serde_json::from_str::<u64>(v.get()).ok())
        .ok_or_else(|| DecodeError::Invalid("version: expected a whole number".into()))?;
    match version {
        1 => serde_json::from_str(header.data.map_or("null", |d| d.get()))
            .map(|data| (data, Meta::default()))
            .map_err(|e| DecodeError::Invalid(format!("data: {e}"))),
        // The typed reading above failed on the data itself: its message says where.
        2 => Err(DecodeError::Invalid(match current_error {
            Some(e) => format!("data: {e}"),
            None => "data: unreadable".into(),
        })),
        v => Err(DecodeError::FutureVersion(
            u32::try_from(v).unwrap_or(u32::MAX),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corrections::Correction;
    use proptest::prelude::*;

    /// A document exactly as version 1 of the app stores it; kept as a fixture so that later
    /// versions prove they still read it.
    /// The same data as version 2 (compact rows) writes it.
    const V2_FIXTURE: &str = include_str!("../tests/fixtures/local-v2.json");

    #[test]
    fn reads_the_v2_fixture_as_the_same_data_as_v1() {
        assert_eq!(decode(V2_FIXTURE).unwrap(), decode(V1_FIXTURE).unwrap());
        assert_eq!(encode(&decode(V1_FIXTURE).unwrap()), V2_FIXTURE.trim_end());
    }

    #[test]
    fn a_batch_splits_into_parts_of_entries_the_first_carrying_the_rest() {
        let data = decode(V2_FIXTURE).unwrap();
        let mut big = data.clone();
        for i in 0..7 {
            let mut e = data.entries[0].clone();
            e.id = format!("extra{i}");
            big.entries.push(e);
        }
        let n = big.entries.len();
        let parts = split(big.clone(), 3);
        assert_eq!(parts.len(), n.div_ceil(3));
        assert!(parts.iter().all(|p| p.entries.len() <= 3));
        assert_eq!(parts[0].corrections, big.corrections);
        assert!(parts[1..].iter().all(|p| p.corrections.is_empty()));
        let joined: Vec<Entry> = parts.into_iter().flat_map(|p| p.entries).collect();
        assert_eq!(joined, big.entries);
        assert_eq!(split(data.clone(), 1000), vec![data]);
    }

    #[test]
    fn refuses_a_v2_row_that_points_nowhere() {
        let bad = V2_FIXTURE.replace(r#""subjects":["kabc-2"]"#, r#""subjects":[]"#);
        assert!(
            matches!(decode(&bad), Err(DecodeError::Invalid(m)) if m.contains("subject index"))
        );
        let bad = V2_FIXTURE.replace(r#""f","0.42""#, r#""x","0.42""#);
        assert!(matches!(decode(&bad), Err(DecodeError::Invalid(m)) if m.contains("unknown kind")));
    }

    #[test]
    fn a_v2_document_of_the_wrong_shape_is_refused_with_where() {
        // A number where a row holds its kind: the typed reading fails and says where.
        let bad = V2_FIXTURE.replace(r#""f","0.42""#, r#"5,"0.42""#);
        match decode(&bad) {
            Err(DecodeError::Invalid(m)) => {
                assert!(m.starts_with("data: ") && m.contains("line"), "{m}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn arb_any_entry() -> impl Strategy<Value = Entry> {
        use crate::ledger::{EntryValue, Health, MilestoneState};
        let value = prop_oneof![
            (0i64..100_000, 0u8..4).prop_map(|(v, s)| EntryValue::Figure {
                value: crate::Decimal::new(i128::from(v), s)
            }),
            prop_oneof![
                Just(MilestoneState::NotStarted),
                Just(MilestoneState::InProgress),
                Just(MilestoneState::Done),
                Just(MilestoneState::Blocked)
            ]
            .prop_map(|state| EntryValue::Milestone { state }),
            prop_oneof![
                Just(Health::Good),
                Just(Health::Concern),
                Just(Health::Behind)
            ]
            .prop_map(|health| EntryValue::Health { health }),
            Just(EntryValue::Note),
            Just(EntryValue::Tombstone),
        ];
        (
            "[a-z0-9]{1,20}",
            "[a-z0-9-]{1,12}",
            value,
            "\\PC{0,10}",
            "\\PC{0,6}",
            any::<i64>(),
            proptest::option::of("[a-z0-9]{1,8}"),
        )
            .prop_map(
                |(id, subject, value, note, unit, recorded_at, supersedes)| Entry {
                    id,
                    subject,
                    as_of: Date::new(2025, 6, 30).unwrap(),
                    value,
                    note,
                    unit,
                    recorded_at,
                    supersedes,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Every kind of entry, any note, unit and time: the compact rows read back as written.
        #[test]
        fn compact_rows_round_trip(entries in proptest::collection::vec(arb_any_entry(), 0..30)) {
            let data = UserData { entries, ..UserData::default() };
            prop_assert_eq!(decode(&encode(&data)).unwrap(), data);
        }
    }

    const V1_FIXTURE: &str = r#"{"format":"taizhang-local","version":1,"data":{"corrections":[{"id":"c1","recorded_at":1740000000000,"correction":{"op":"not_a_target","target_id":"kabc-1"}},{"id":"c2","recorded_at":1740000000001,"correction":{"op":"edit_target","target_id":"kabc-2","value":"1.36","unit":"万人"}}],"entries":[{"id":"e1","subject":"kabc-2","as_of":"2025-03-31","type":"figure","value":"0.42","note":"一季度","unit":"区人社局","recorded_at":1743400000000}],"assignments":[{"id":"a1","task_id":"kabc","lead":"区人社局","others":["各乡镇"],"deadline":"2025-11-30","recorded_at":1743400000000}],"last_exported_at":null}}"#;

    #[test]
    fn reads_the_v1_fixture() {
        let data = decode(V1_FIXTURE).unwrap();
        assert_eq!(data.corrections.len(), 2);
        assert_eq!(data.entries.len(), 1);
        assert_eq!(data.assignment("kabc").unwrap().lead, "区人社局");
        assert_eq!(
            data.corrections[0].correction,
            Correction::NotATarget {
                target_id: "kabc-1".into()
            }
        );
        match &data.corrections[1].correction {
            Correction::EditTarget { value, unit, .. } => {
                assert_eq!(value.unwrap().to_string(), "1.36");
                assert_eq!(unit.as_deref(), Some("万人"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn encode_then_decode_is_identity_for_the_fixture() {
        let data = decode(V1_FIXTURE).unwrap();
        assert_eq!(decode(&encode(&data)).unwrap(), data);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(matches!(decode(""), Err(DecodeError::NotJson(_))));
        assert!(matches!(
            decode(&V1_FIXTURE[..40]),
            Err(DecodeError::NotJson(_))
        ));
        assert!(matches!(
            decode("\u{0}\u{7f}garbage"),
            Err(DecodeError::NotJson(_))
        ));
        assert_eq!(decode("[1,2]"), Err(DecodeError::WrongFormat));
        assert_eq!(
            decode(r#"{"format":"other","version":1}"#),
            Err(DecodeError::WrongFormat)
        );
        assert_eq!(
            decode(r#"{"format":"taizhang-local","version":99,"data":{}}"#),
            Err(DecodeError::FutureVersion(99))
        );
        assert!(matches!(
            decode(r#"{"format":"taizhang-local","version":"1"}"#),
            Err(DecodeError::Invalid(_))
        ));
        assert!(matches!(
            decode(r#"{"format":"taizhang-local","version":1,"data":{"corrections":[{"id":3}]}}"#),
            Err(DecodeError::Invalid(_))
        ));
    }

    fn arb_entry() -> impl Strategy<Value = Entry> {
        use crate::ledger::{EntryValue, MilestoneState};
        (
            0u8..12,
            0u8..3,
            1u8..28,
            0i64..40,
            0u32..1000,
            proptest::option::of(0u8..12),
            any::<bool>(),
        )
            .prop_map(
                |(id, subject, day, at, value, supersedes, milestone)| Entry {
                    id: format!("e{id}"),
                    subject: format!("s{subject}"),
                    as_of: Date::new(2025, 3, day).unwrap(),
                    value: if milestone {
                        EntryValue::Milestone {
                            state: MilestoneState::InProgress,
                        }
                    } else {
                        EntryValue::Figure {
                            value: crate::Decimal::new(i128::from(value), 1),
                        }
                    },
                    note: String::new(),
                    unit: String::new(),
                    recorded_at: at,
                    supersedes: supersedes.map(|s| format!("e{s}")),
                },
            )
    }

    fn arb_data() -> impl Strategy<Value = UserData> {
        let correction = (0u8..6, 0i64..20).prop_map(|(id, at)| CorrectionRecord {
            id: format!("c{id}"),
            recorded_at: at,
            correction: Correction::NotATarget {
                target_id: format!("t{id}"),
            },
        });
        let assignment = (0u8..6, 0u8..3, 0i64..20).prop_map(|(id, task, at)| Assignment {
            id: format!("a{id}"),
            task_id: format!("k{task}"),
            lead: format!("单位{id}"),
            others: vec![],
            deadline: None,
            recorded_at: at,
        });
        let day = |n: u8| Date::new(2025, n % 12 + 1, n % 28 + 1).unwrap();
        // An office record's content follows from its id (the same id is the same record, as in
        // real data), so that generated copies conflict only where a hand-edited file would.
        let extension = (0u8..12).prop_map(move |n| crate::office::Extension {
            id: format!("x{n}"),
            task_id: format!("k{}", n % 3),
            from: (n % 2 == 0).then(|| day(n)),
            to: day(n + 1),
            reason: format!("原因{n}"),
            approved_by: "区政府办".into(),
            recorded_at: i64::from(n % 5),
        });
        let closing = (0u8..12).prop_map(|n| crate::office::Closing {
            id: format!("m{n}"),
            month: crate::office::Month {
                year: 2025,
                month: n % 12 + 1,
            },
            closed_by: String::new(),
            recorded_at: i64::from(n % 7),
        });
        let reminder = (0u8..12).prop_map(move |n| crate::office::Reminder {
            id: format!("r{n}"),
            unit: format!("单位{}", n % 3),
            as_of: day(n),
            items: vec![format!("s{}", n % 3)],
            sent_by: String::new(),
            recorded_at: i64::from(n % 4),
        });
        let office = (
            proptest::collection::vec(extension, 0..4),
            proptest::collection::vec(closing, 0..3),
            proptest::collection::vec(reminder, 0..4),
        );
        (
            proptest::collection::vec(correction, 0..5),
            proptest::collection::vec(arb_entry(), 0..8),
            proptest::collection::vec(assignment, 0..4),
            proptest::option::of(0i64..100),
            office,
        )
            .prop_map(
                |(corrections, entries, assignments, last_exported_at, office)| {
                    let (extensions, closings, reminders) = office;
                    // Canonical form: what merging with nothing gives.
                    let settings = last_exported_at.map(|n| Settings {
                        stale_days: n % 7 + 30,
                        recorded_at: n % 3,
                        ..Settings::default()
                    });
                    merge(
                        &UserData {
                            corrections,
                            entries,
                            assignments,
                            last_exported_at,
                            settings,
                            extensions,
                            closings,
                            reminders,
                        },
                        &UserData::default(),
                    )
                },
            )
    }

    /// No id is held by both with different contents (only a hand-edited file can do that).
    fn no_conflicts(a: &UserData, b: &UserData) -> bool {
        a.entries
            .iter()
            .all(|x| b.entries.iter().all(|y| x.id != y.id || x == y))
            && a.corrections
                .iter()
                .all(|x| b.corrections.iter().all(|y| x.id != y.id || x == y))
            && a.assignments
                .iter()
                .all(|x| b.assignments.iter().all(|y| x.id != y.id || x == y))
            && a.extensions
                .iter()
                .all(|x| b.extensions.iter().all(|y| x.id != y.id || x == y))
            && a.closings
                .iter()
                .all(|x| b.closings.iter().all(|y| x.id != y.id || x == y))
            && a.reminders
                .iter()
                .all(|x| b.reminders.iter().all(|y| x.id != y.id || x == y))
    }

    #[test]
    fn a_base_document_is_read_by_the_plain_reader_and_a_plain_one_has_no_revision() {
        let data = decode(V1_FIXTURE).unwrap();
        let base = encode_base(&data, "r7");
        assert!(base.starts_with(r#"{"format":"taizhang-local","version":2,"rev":"r7","data""#));
        assert_eq!(decode(&base).unwrap(), data);
        assert_eq!(decode_meta(V2_FIXTURE).unwrap().1, Meta::default());
        assert_eq!(decode_meta(V1_FIXTURE).unwrap().1, Meta::default());
        assert!(matches!(
            decode_log(V2_FIXTURE),
            Err(DecodeError::Invalid(_))
        ));
    }

    proptest! {
        #[test]
        fn merge_is_idempotent(a in arb_data()) {
            prop_assert_eq!(merge(&a, &a), a);
        }

        #[test]
        fn merge_is_commutative(a in arb_data(), b in arb_data()) {
            prop_assert_eq!(merge(&a, &b), merge(&b, &a));
        }

        #[test]
        fn merge_is_associative(a in arb_data(), b in arb_data(), c in arb_data()) {
            prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
        }

        #[test]
        fn the_ledger_view_does_not_depend_on_entry_order(a in arb_data(), b in arb_data()) {
            let ab = merge(&a, &b);
            let mut reversed = ab.entries.clone();
            reversed.reverse();
            let v1 = crate::ledger::LedgerView::new(&ab.entries);
            let v2 = crate::ledger::LedgerView::new(&reversed);
            for s in ["s0", "s1", "s2"] {
                prop_assert_eq!(v1.history(s), v2.history(s));
            }
        }

        #[test]
        fn encode_then_decode_is_identity(a in arb_data()) {
            prop_assert_eq!(decode(&encode(&a)).unwrap(), a);
        }

        /// Saving after appends compares only what was appended, with the same delta; data
        /// replaced by other data (fewer entries, or others in the compared places) is compared
        /// anew, with the same delta too.
        #[test]
        fn the_appended_delta_is_the_delta(
            base in arb_data(),
            steps in proptest::collection::vec((arb_data(), 0u8..4), 1..6),
        ) {
            let mut index = BaseIndex::of_data(&base, "r1".into());
            let mut data = base.clone();
            for (other, how) in steps {
                data = match how {
                    // The session appends an entry, or absorbs another tab's records.
                    0 => {
                        let mut d = data.clone();
                        d.entries.extend(other.entries.iter().take(1).cloned());
                        d
                    }
                    1 => absorb(&data, &other).unwrap_or(data),
                    // Replaced, and said so: sorted by a merge, or other data altogether.
                    2 => {
                        index.rescan();
                        merge(&data, &other)
                    }
                    _ => {
                        index.rescan();
                        other
                    }
                };
                // Counted first (as a save does before building a log), then built.
                let n = missing_appended(&data, &mut index);
                prop_assert_eq!(n, delta(&data, &index).entries.len());
                prop_assert_eq!(delta_appended(&data, &mut index), delta(&data, &index));
            }
        }

        /// A log holding only the delta against the base loses nothing: base + log is everything.
        #[test]
        fn base_merged_with_the_delta_is_everything(a in arb_data(), b in arb_data()) {
            prop_assume!(no_conflicts(&a, &b));
            let all = merge(&a, &b);
            let d = delta(&all, &BaseIndex::of(&a, "r1".into()));
            prop_assert_eq!(merge(&a, &d), all.clone());
            // And it holds nothing the base has.
            prop_assert!(d.entries.iter().all(|e| !a.entries.iter().any(|x| x.id == e.id)));
            prop_assert_eq!(delta(&a, &BaseIndex::of(&a, String::new())), UserData::default());
        }

        #[test]
        fn absorbing_is_merging(a in arb_data(), b in arb_data()) {
            prop_assume!(no_conflicts(&a, &b));
            let absorbed = absorb(&a, &b);
            let canonical = merge(absorbed.as_ref().unwrap_or(&a), &UserData::default());
            prop_assert_eq!(&canonical, &merge(&a, &b));
            prop_assert_eq!(absorbed.is_none(), merge(&a, &b) == a);
            // In place, the same records in the same order.
            let mut inplace = a.clone();
            let changed = absorb_into(&mut inplace, b.clone());
            prop_assert_eq!(changed, absorbed.is_some());
            prop_assert_eq!(&inplace, absorbed.as_ref().unwrap_or(&a));
            // And a part at a time.
            let mut parts = a.clone();
            for part in split(b.clone(), 3) {
                absorb_into(&mut parts, part);
            }
            prop_assert_eq!(&parts, &inplace);
        }

        #[test]
        fn bases_and_logs_round_trip(a in arb_data(), rev in "[a-z0-9]{0,8}", epoch in "\\PC{0,8}") {
            let (data, meta) = decode_meta(&encode_base(&a, &rev)).unwrap();
            prop_assert_eq!(&data, &a);
            prop_assert_eq!(meta.rev, rev.clone());
            prop_assert_eq!(decode_log(&encode_log(&a, &rev, &epoch)).unwrap(), (a.clone(), rev.clone(), epoch));
            // Both are ordinary documents for any reader; a base is not a log.
            prop_assert_eq!(decode(&encode_log(&a, &rev, "e")).unwrap(), a.clone());
            prop_assert!(decode_log(&encode_base(&a, &rev)).is_err());
        }

        #[test]
        fn decode_never_panics(raw in "\\PC{0,200}") {
            let _ = decode(&raw);
        }

        #[test]
        fn decode_never_panics_on_mutated_fixtures(cut in 0usize..300, insert in "\\PC{0,8}") {
            let mut s: Vec<char> = V1_FIXTURE.chars().collect();
            let at = cut.min(s.len());
            s.splice(at..at, insert.chars());
            let s: String = s.into_iter().collect();
            let _ = decode(&s);
        }
    }
}
