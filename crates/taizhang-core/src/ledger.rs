//! The ledger: append-only progress entries, and what they say as of a date.
//!
//! History is never rewritten. Correcting an entry adds one that supersedes it; deleting adds a
//! tombstone; undo adds a tombstone for the change it undoes. An entry is *live* when no live
//! entry supersedes or deletes it, so a tombstoned correction brings the corrected entry back.
//! Because nothing is ever removed, two ledgers merge by set union (see [`crate::userdata::merge`]).

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::{Date, Decimal};

/// The state of a milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// 未开始.
    NotStarted,
    /// 推进中.
    InProgress,
    /// 已完成.
    Done,
    /// 受阻 (with a reason in the note).
    Blocked,
}

impl MilestoneState {
    /// The name it is written under (serde's, as a constant: a city's ledger writes it 48,000
    /// times).
    pub fn name(self) -> &'static str {
        match self {
            MilestoneState::NotStarted => "not_started",
            MilestoneState::InProgress => "in_progress",
            MilestoneState::Done => "done",
            MilestoneState::Blocked => "blocked",
        }
    }
}

/// The health of an ongoing task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// 正常.
    Good,
    /// 关注.
    Concern,
    /// 滞后.
    Behind,
}

impl Health {
    /// The name it is written under (as [`MilestoneState::name`]).
    pub fn name(self) -> &'static str {
        match self {
            Health::Good => "good",
            Health::Concern => "concern",
            Health::Behind => "behind",
        }
    }
}

/// What an entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntryValue {
    /// A cumulative figure for a target, in the target's unit.
    Figure { value: Decimal },
    /// A milestone's state.
    Milestone { state: MilestoneState },
    /// An ongoing task's health.
    Health { health: Health },
    /// A dated note only.
    Note,
    /// Deletes (or undoes) the entry named in `supersedes`.
    Tombstone,
}

/// One record of the ledger.
///
/// Serialised flat: `{"id", "subject", "as_of", "type", <the value's fields>, "note", "unit",
/// "recorded_at", "supersedes"}`. Read through [`RawEntry`] rather than `#[serde(flatten)]`,
/// which buffers every field of every entry and made reading a city's 48,000 entries slow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawEntry")]
pub struct Entry {
    /// Unique id (time and randomness, assigned when recorded).
    pub id: String,
    /// The task or target id this entry is about.
    pub subject: String,
    /// The date the figure or state holds for.
    pub as_of: Date,
    #[serde(flatten)]
    pub value: EntryValue,
    #[serde(default)]
    pub note: String,
    /// The reporting unit (填报单位), e.g. 区发改委.
    #[serde(default)]
    pub unit: String,
    /// When it was recorded, in milliseconds since 1970-01-01 UTC.
    pub recorded_at: i64,
    /// The entry this one replaces (a correction) or deletes (a tombstone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

/// An entry as read, before its `type` and value fields are put together.
#[derive(Deserialize)]
struct RawEntry {
    id: String,
    subject: String,
    as_of: Date,
    #[serde(rename = "type")]
    kind: Kind,
    #[serde(default)]
    value: Option<Decimal>,
    #[serde(default)]
    state: Option<MilestoneState>,
    #[serde(default)]
    health: Option<Health>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    unit: String,
    recorded_at: i64,
    #[serde(default)]
    supersedes: Option<String>,
}

/// The `type` of an entry as written (an enum rather than a string: no allocation per entry).
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Figure,
    Milestone,
    Health,
    Note,
    Tombstone,
}

impl TryFrom<RawEntry> for Entry {
    type Error = String;

    fn try_from(r: RawEntry) -> Result<Entry, String> {
        let missing =
            |field: &str, kind: &str| format!("missing field `{field}` for type `{kind}`");
        let value = match r.kind {
            Kind::Figure => EntryValue::Figure {
                value: r.value.ok_or_else(|| missing("value", "figure"))?,
            },
            Kind::Milestone => EntryValue::Milestone {
                state: r.state.ok_or_else(|| missing("state", "milestone"))?,
            },
            Kind::Health => EntryValue::Health {
                health: r.health.ok_or_else(|| missing("health", "health"))?,
            },
            Kind::Note => EntryValue::Note,
            Kind::Tombstone => EntryValue::Tombstone,
        };
        Ok(Entry {
            id: r.id,
            subject: r.subject,
            as_of: r.as_of,
            value,
            note: r.note,
            unit: r.unit,
            recorded_at: r.recorded_at,
            supersedes: r.supersedes,
        })
    }
}

impl Entry {
    pub fn is_tombstone(&self) -> bool {
        matches!(self.value, EntryValue::Tombstone)
    }

    /// The tombstone that deletes (or, for a tombstone, undoes) this entry. It is recorded at
    /// `now_ms` or just after this entry, whichever is later, so it always counts as newer.
    pub fn tombstone(&self, id: String, now_ms: i64) -> Entry {
        Entry {
            id,
            subject: self.subject.clone(),
            as_of: self.as_of,
            value: EntryValue::Tombstone,
            note: String::new(),
            unit: String::new(),
            recorded_at: now_ms.max(self.recorded_at + 1),
            supersedes: Some(self.id.clone()),
        }
    }
}

/// The ledger's live view, computed once from all entries (and extended cheaply when entries are
/// only appended, see [`LedgerView::extended`]).
#[derive(Clone, Debug, Default)]
pub struct LedgerView {
    /// Live, non-tombstone entries per subject, newest first (by as-of date, then recording time).
    /// Shared lists: extending the view copies only the lists of the subjects that changed.
    by_subject: HashMap<String, std::sync::Arc<Vec<Entry>>>,
    /// How many entries the view was built from, and the id of the last one.
    built_from: usize,
    last_id: Option<String>,
    /// Every id some entry supersedes (an appended entry named here must not be taken as live
    /// without the full pass).
    superseded: std::sync::Arc<rustc_hash::FxHashSet<String>>,
}

impl PartialEq for LedgerView {
    /// Two views are equal when they show the same live entries.
    fn eq(&self, other: &LedgerView) -> bool {
        self.by_subject == other.by_subject
    }
}

/// A subject's history order: newest first by as-of date, then recording time, then id.
fn newest_first(e: &Entry) -> crate::order::Key<'_> {
    (e.as_of.days_since_epoch(), e.recorded_at, &e.id)
}

/// The order in which an entry may replace another: recorded later, ties broken by id.
fn order_key(e: &Entry) -> (i64, &str) {
    (e.recorded_at, e.id.as_str())
}

/// The unit each entry counts for: its own, or for a deletion (which carries none) the unit of
/// the entry it deletes, followed down a chain of undos. Looks entries up by id only when the
/// ledger holds such a deletion, so asking for a few entries of a large ledger stays cheap.
pub struct EntryUnits<'a> {
    by_id: Option<rustc_hash::FxHashMap<&'a str, &'a Entry>>,
}

impl<'a> EntryUnits<'a> {
    pub fn new(entries: &'a [Entry]) -> EntryUnits<'a> {
        let needed = entries
            .iter()
            .any(|e| e.is_tombstone() && e.unit.is_empty());
        EntryUnits {
            by_id: needed.then(|| entries.iter().map(|e| (e.id.as_str(), e)).collect()),
        }
    }

    /// The unit `e` (an entry of the ledger given to [`EntryUnits::new`]) counts for.
    pub fn of(&self, e: &'a Entry) -> &'a str {
        let mut cur = e;
        let mut steps = 0;
        while cur.is_tombstone() && cur.unit.is_empty() && steps < 64 {
            match (cur.supersedes.as_deref(), &self.by_id) {
                (Some(id), Some(by_id)) => match by_id.get(id) {
                    Some(next) => cur = next,
                    None => break,
                },
                _ => break,
            }
            steps += 1;
        }
        cur.unit.as_str()
    }
}

/// The unit each entry counts for, by id (see [`EntryUnits`]).
pub fn entry_units(entries: &[Entry]) -> HashMap<&str, &str> {
    let units = EntryUnits::new(entries);
    entries
        .iter()
        .map(|e| (e.id.as_str(), units.of(e)))
        .collect()
}

/// Which entries are live. An entry is dead when a live entry supersedes it *and was recorded
/// after it*: a link pointing back in time (which only a hand-made or hostile file can hold) is
/// ignored. That makes "kills" follow one total order, so walking entries from newest to oldest
/// decides every killer before its victim, with the same answer for any input order.
pub fn live_ids(entries: &[Entry]) -> Liveness<'_> {
    live_of(entries)
}

/// The answer of [`live_ids`]: the ids of the dead entries; every other id is live.
#[derive(Debug, Default)]
pub struct Liveness<'a> {
    dead: rustc_hash::FxHashSet<&'a str>,
}

impl Liveness<'_> {
    /// Whether the entry `id` is live (an id the entries did not hold is).
    pub fn is_live(&self, id: &str) -> bool {
        !self.dead.contains(id)
    }
}

/// [`live_ids`] over any collection of entries (an import preview passes two ledgers' entries
/// without copying them into one). Only entries that supersede another can kill, so only they
/// are walked (newest first) and only their victims are looked up: a city's 48,000 entries are
/// passed over twice, not indexed and sorted (property-tested against that plain reading).
pub fn live_of<'a>(entries: impl IntoIterator<Item = &'a Entry> + Clone) -> Liveness<'a> {
    // The killers, one per id (the last one given, as an index by id would keep).
    let mut killers: HashMap<&str, &Entry> = HashMap::default();
    for e in entries.clone() {
        if e.supersedes.is_some() {
            killers.insert(e.id.as_str(), e);
        } else {
            // An id given again without a link replaces an earlier one that had it.
            killers.remove(e.id.as_str());
        }
    }
    if killers.is_empty() {
        return Liveness::default();
    }
    let named: rustc_hash::FxHashSet<&str> = killers
        .values()
        .filter_map(|e| e.supersedes.as_deref())
        .collect();
    // The victims, one per id, likewise the last given.
    let mut victims: HashMap<&str, &Entry> = HashMap::default();
    for e in entries {
        if named.contains(e.id.as_str()) {
            victims.insert(e.id.as_str(), e);
        }
    }
    let mut sorted: Vec<&Entry> = killers.into_values().collect();
    // One entry per id, so keys are unique and the order is total.
    crate::order::sort_by_desc(&mut sorted, |e| (e.recorded_at, 0, &e.id));
    let mut dead = rustc_hash::FxHashSet::default();
    for e in sorted {
        if dead.contains(e.id.as_str()) {
            continue;
        }
        let Some(victim) = e.supersedes.as_deref().and_then(|v| victims.get(v)) else {
            continue;
        };
        if order_key(victim) < order_key(e) {
            dead.insert(victim.id.as_str());
        }
    }
    Liveness { dead }
}

impl LedgerView {
    pub fn new(entries: &[Entry]) -> LedgerView {
        let live = live_ids(entries);
        let mut by_subject: HashMap<String, Vec<Entry>> = HashMap::default();
        for e in entries {
            if e.is_tombstone() || !live.is_live(&e.id) {
                continue;
            }
            // Look up before inserting: the subject's name is copied once, not once per entry.
            match by_subject.get_mut(e.subject.as_str()) {
                Some(list) => list.push(e.clone()),
                None => {
                    by_subject.insert(e.subject.clone(), vec![e.clone()]);
                }
            }
        }
        for list in by_subject.values_mut() {
            // Ids are unique within a ledger view, so the order is total.
            crate::order::sort_by_desc(list, newest_first);
        }
        LedgerView {
            by_subject: by_subject
                .into_iter()
                .map(|(k, v)| (k, std::sync::Arc::new(v)))
                .collect(),
            built_from: entries.len(),
            last_id: entries.last().map(|e| e.id.clone()),
            superseded: std::sync::Arc::new(
                entries
                    .iter()
                    .filter_map(|e| e.supersedes.clone())
                    .collect(),
            ),
        }
    }

    /// The view of `entries` when they are the entries this view was built from with more
    /// appended (a new entry, a few records absorbed from another tab): only the subjects of the
    /// appended entries are touched, instead of a pass over the whole ledger (48,000 entries in a
    /// city). `None` when that cannot be told cheaply and safely — fewer entries, a different
    /// last entry where this view's last one was, or an appended entry that supersedes one, is a
    /// tombstone or is itself superseded — and the caller builds anew with [`LedgerView::new`].
    /// Appended ids must be new to the ledger, as every write path makes them.
    pub fn extended(&self, entries: &[Entry]) -> Option<LedgerView> {
        let n = self.built_from;
        if entries.len() < n
            || (n > 0 && entries.get(n - 1).map(|e| &e.id) != self.last_id.as_ref())
        {
            return None;
        }
        let added = &entries[n..];
        // Each appended entry is inserted in place (a shift of its subject's list): right for a
        // few, slower than building anew for many (an import into an empty ledger: 48,000).
        if added.len() > 64 && added.len() > n / 8 {
            return None;
        }
        if added
            .iter()
            .any(|e| e.supersedes.is_some() || e.is_tombstone() || self.superseded.contains(&e.id))
        {
            return None;
        }
        let mut view = self.clone();
        for e in added {
            let list = view.by_subject.entry(e.subject.clone()).or_default();
            let list = std::sync::Arc::make_mut(list);
            let at = list.partition_point(|x| newest_first(e) < newest_first(x));
            list.insert(at, e.clone());
        }
        view.built_from = entries.len();
        view.last_id = entries.last().map(|e| e.id.clone());
        Some(view)
    }

    /// Live entries about `subject`, newest first.
    pub fn history(&self, subject: &str) -> &[Entry] {
        self.by_subject
            .get(subject)
            .map(|l| l.as_slice())
            .unwrap_or(&[])
    }

    /// The latest live entry about `subject` holding on or before `as_of` (any date if `None`).
    pub fn latest(&self, subject: &str, as_of: Option<Date>) -> Option<&Entry> {
        self.history(subject)
            .iter()
            .find(|e| as_of.is_none_or(|d| e.as_of <= d))
    }

    /// The latest figure for a target on or before `as_of`.
    pub fn latest_figure(&self, subject: &str, as_of: Option<Date>) -> Option<(Date, Decimal)> {
        self.history(subject)
            .iter()
            .filter(|e| as_of.is_none_or(|d| e.as_of <= d))
            .find_map(|e| match e.value {
                EntryValue::Figure { value } => Some((e.as_of, value)),
                _ => None,
            })
    }

    /// The latest milestone state on or before `as_of`.
    pub fn latest_state(
        &self,
        subject: &str,
        as_of: Option<Date>,
    ) -> Option<(Date, MilestoneState)> {
        self.history(subject)
            .iter()
            .filter(|e| as_of.is_none_or(|d| e.as_of <= d))
            .find_map(|e| match e.value {
                EntryValue::Milestone { state } => Some((e.as_of, state)),
                _ => None,
            })
    }

    /// Subjects with at least one live entry.
    pub fn subjects(&self) -> impl Iterator<Item = &str> {
        self.by_subject.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_state_and_a_health_are_named_as_serde_writes_them() {
        use super::{Health, MilestoneState};
        for s in [
            MilestoneState::NotStarted,
            MilestoneState::InProgress,
            MilestoneState::Done,
            MilestoneState::Blocked,
        ] {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.name())
            );
        }
        for h in [Health::Good, Health::Concern, Health::Behind] {
            assert_eq!(
                serde_json::to_string(&h).unwrap(),
                format!("\"{}\"", h.name())
            );
        }
    }

    #[test]
    fn every_kind_of_entry_reads_back_as_written_and_incomplete_ones_are_refused() {
        let base = |value| Entry {
            id: "e".into(),
            subject: "k".into(),
            as_of: Date::new(2025, 6, 30).unwrap(),
            value,
            note: "n".into(),
            unit: "u".into(),
            recorded_at: 5,
            supersedes: Some("d".into()),
        };
        for value in [
            EntryValue::Figure {
                value: Decimal::new(136, 2),
            },
            EntryValue::Milestone {
                state: MilestoneState::Blocked,
            },
            EntryValue::Health {
                health: Health::Concern,
            },
            EntryValue::Note,
            EntryValue::Tombstone,
        ] {
            let e = base(value);
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), e, "{json}");
        }
        let no_value =
            r#"{"id":"e","subject":"k","as_of":"2025-06-30","type":"figure","recorded_at":1}"#;
        assert!(serde_json::from_str::<Entry>(no_value)
            .unwrap_err()
            .to_string()
            .contains("missing field `value`"));
        let odd = r#"{"id":"e","subject":"k","as_of":"2025-06-30","type":"party","recorded_at":1}"#;
        assert!(serde_json::from_str::<Entry>(odd).is_err());
    }

    use super::*;
    use crate::testkit::{d, figure};

    fn replacing(mut e: Entry, old: &str) -> Entry {
        e.supersedes = Some(old.into());
        e
    }

    fn tombstone_of(id: &str, of: &str, at: i64) -> Entry {
        Entry {
            value: EntryValue::Tombstone,
            ..replacing(figure(id, "t", "2025-01-01", "0", at), of)
        }
    }

    #[test]
    fn latest_figure_follows_as_of_then_recording_time() {
        let entries = vec![
            figure("a", "t", "2025-03-31", "10", 1),
            figure("b", "t", "2025-06-30", "20", 2),
            figure("c", "t", "2025-04-30", "15", 3),
        ];
        let view = LedgerView::new(&entries);
        assert_eq!(view.latest_figure("t", None).unwrap().1.to_string(), "20");
        assert_eq!(
            view.latest_figure("t", Some(d("2025-05-01")))
                .unwrap()
                .1
                .to_string(),
            "15"
        );
        assert_eq!(
            view.latest_figure("t", Some(d("2025-03-31")))
                .unwrap()
                .1
                .to_string(),
            "10"
        );
        assert!(view.latest_figure("t", Some(d("2025-03-30"))).is_none());
        let ids: Vec<&str> = view.history("t").iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
    }

    #[test]
    fn a_correction_supersedes_and_its_tombstone_restores() {
        let mut entries = vec![
            figure("a", "t", "2025-03-31", "10", 1),
            replacing(figure("b", "t", "2025-03-31", "12", 2), "a"),
        ];
        let ids = |es: &[Entry]| {
            LedgerView::new(es)
                .history("t")
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&entries), ["b"]);
        entries.push(tombstone_of("c", "b", 3));
        assert_eq!(ids(&entries), ["a"]);
        entries.push(tombstone_of("d", "c", 4));
        assert_eq!(ids(&entries), ["b"]);
    }

    #[test]
    fn undo_is_a_tombstone_and_undoing_the_undo_brings_the_entry_back() {
        let mut entries = vec![
            figure("a", "t", "2025-03-31", "10", 1),
            figure("b", "t", "2025-04-30", "20", 2),
        ];
        let latest = |es: &[Entry]| {
            LedgerView::new(es)
                .latest_figure("t", None)
                .unwrap()
                .1
                .to_string()
        };
        // A clock behind the entry's own time still yields a newer tombstone.
        let undo = entries[1].tombstone("u1".into(), 0);
        assert!(undo.recorded_at > entries[1].recorded_at);
        entries.push(undo.clone());
        assert_eq!(latest(&entries), "10");
        entries.push(undo.tombstone("u2".into(), 5));
        assert_eq!(latest(&entries), "20");
    }

    #[test]
    fn a_cycle_from_a_hostile_file_is_decided_by_recording_order_whatever_the_input_order() {
        let mut entries = vec![
            replacing(figure("a", "t", "2025-03-31", "10", 1), "b"),
            replacing(figure("b", "t", "2025-03-31", "12", 2), "a"),
        ];
        let ids = |es: &[Entry]| {
            LedgerView::new(es)
                .history("t")
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&entries), ["b"]);
        entries.reverse();
        assert_eq!(ids(&entries), ["b"]);
    }

    /// An entry of a random ledger: unique id `e<i>`, one of three subjects, sometimes
    /// superseding or deleting an earlier or later one.
    fn arb_ledger() -> impl proptest::strategy::Strategy<Value = Vec<Entry>> {
        use proptest::prelude::*;
        proptest::collection::vec(
            (
                0u8..3,
                1u8..28,
                0i64..30,
                proptest::option::of(0usize..30),
                0u8..6,
            ),
            0..30,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (subject, day, at, supersedes, kind))| {
                    let mut e = figure(
                        &format!("e{i}"),
                        &format!("s{subject}"),
                        &format!("2025-03-{day:02}"),
                        "1",
                        at,
                    );
                    if kind == 0 {
                        e.value = EntryValue::Tombstone;
                    }
                    if kind <= 1 {
                        e.supersedes = supersedes.map(|s| format!("e{s}"));
                    }
                    e
                })
                .collect()
        })
    }

    /// The plain reading of liveness: every entry indexed by id, all walked newest first.
    fn live_reference(entries: &[Entry]) -> HashMap<&str, bool> {
        let by_id: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut sorted: Vec<&Entry> = by_id.values().copied().collect();
        sorted.sort_unstable_by(|a, b| order_key(b).cmp(&order_key(a)));
        let mut live: HashMap<&str, bool> = sorted.iter().map(|e| (e.id.as_str(), true)).collect();
        for e in sorted {
            if !live[e.id.as_str()] {
                continue;
            }
            let Some(victim) = e.supersedes.as_deref().and_then(|v| by_id.get(v)) else {
                continue;
            };
            if order_key(victim) < order_key(e) {
                live.insert(victim.id.as_str(), false);
            }
        }
        live
    }

    proptest::proptest! {
        /// Liveness walking only the entries that supersede agrees with the plain reading, also
        /// when an id is given twice (two ledgers passed together).
        #[test]
        fn liveness_agrees_with_the_plain_reading(entries in arb_ledger(), again in arb_ledger()) {
            let mut all = entries.clone();
            all.extend(again.into_iter().take(5));
            let fast = live_ids(&all);
            for (id, live) in live_reference(&all) {
                proptest::prop_assert_eq!(fast.is_live(id), live, "{}", id);
            }
        }

        /// Extending a view by appended entries gives the view built from scratch, or declines.
        #[test]
        fn an_extended_view_is_the_view_built_anew(entries in arb_ledger(), cut in 0usize..30) {
            let cut = cut.min(entries.len());
            let before = LedgerView::new(&entries[..cut]);
            if let Some(extended) = before.extended(&entries) {
                proptest::prop_assert_eq!(&extended, &LedgerView::new(&entries));
                // And it extends again from there.
                proptest::prop_assert_eq!(extended.extended(&entries), Some(LedgerView::new(&entries)));
            }
            // Plain figures appended are always taken in.
            let mut more = entries.clone();
            more.push(figure("new1", "s1", "2025-03-05", "2", 99));
            more.push(figure("new2", "s9", "2025-03-06", "3", 100));
            let plain = LedgerView::new(&entries).extended(&more);
            proptest::prop_assert_eq!(plain, Some(LedgerView::new(&more)));
        }
    }

    #[test]
    fn a_view_declines_to_extend_what_it_cannot_tell_cheaply() {
        let a = vec![
            figure("a", "t", "2025-03-31", "10", 1),
            figure("b", "t", "2025-04-30", "20", 2),
        ];
        let view = LedgerView::new(&a);
        // Fewer entries, or another entry where the last one was.
        assert!(view.extended(&a[..1]).is_none());
        assert!(view
            .extended(&[a[0].clone(), figure("c", "t", "2025-04-30", "20", 2)])
            .is_none());
        // A tombstone appended.
        let mut b = a.clone();
        b.push(tombstone_of("d", "b", 3));
        assert!(view.extended(&b).is_none());
        assert_eq!(
            LedgerView::new(&b)
                .latest_figure("t", None)
                .unwrap()
                .1
                .to_string(),
            "10"
        );
    }

    #[test]
    fn entries_serialise_flat() {
        let e = figure("a", "t", "2025-03-31", "1.36", 1);
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains(r#""type":"figure","value":"1.36""#), "{json}");
        assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), e);
    }
}
