//! Sync through CouchDB (or anything that speaks its replication API, such as PouchDB Server):
//! every record of [`UserData`] is one document, and documents never change.
//!
//! A record's document id is its kind and id (`e:<entry id>`, `c:`, `a:`, `x:`, `m:`, `r:`); its
//! revision is derived from its content (`1-<hash>`), so that the same record has the same
//! revision in every browser and pushing it twice — or two browsers pushing it — is a no-op for
//! the server (`_revs_diff` says it is not missing; `_bulk_docs` with `new_edits: false` stores
//! that exact revision). Replication can therefore never conflict.
//!
//! Every document carries `plan` (the plan id, so that a database of another plan is refused),
//! `type`, and `unit`: the reporting unit an entry belongs to (for a deletion, the unit of the
//! entry it deletes), empty for the office's records. The server's `validate_doc_update`
//! (`couchdb/design.json`) lets a department write only entries of its own unit.
//!
//! Reading is as strict as reading a file: each document pulled is checked on its own and one
//! that fails is skipped with its reason, never applied.

use rustc_hash::FxHashSet;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use crate::ledger::{Entry, EntryUnits};
use crate::userdata::{merge, UserData};
use crate::Date;

/// The design document installed in every plan's database (validation of writes).
pub const DESIGN_DOC: &str = include_str!("../../../couchdb/design.json");

/// The kinds of record, with their document id prefix.
const KINDS: [(&str, &str); 6] = [
    ("entry", "e"),
    ("correction", "c"),
    ("assignment", "a"),
    ("extension", "x"),
    ("closing", "m"),
    ("reminder", "r"),
];

/// A record as a document to push: its id, its content-derived revision and the whole body.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub id: String,
    pub rev: String,
    pub body: Value,
}

/// A database name for a plan: CouchDB's rules (lower case, starts with a letter).
pub fn database_for(plan_id: &str) -> String {
    let clean: String = plan_id
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_')
        .collect();
    format!("taizhang-{clean}")
}

/// Whether `name` is a valid CouchDB database name.
pub fn valid_database(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= 238
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c))
}

fn rev_of(canonical: &str) -> String {
    // Two 64-bit FNV-1a hashes (the second over a salted copy) make a 32-hex-digit revision.
    let a = crate::id::fnv1a64(canonical);
    let b = crate::id::fnv1a64(&format!("taizhang\u{0}{canonical}"));
    format!("1-{a:016x}{b:016x}")
}

fn doc<T: Serialize>(
    plan: &str,
    kind: &str,
    prefix: &str,
    id: &str,
    unit: &str,
    record: &T,
) -> Doc {
    let record = serde_json::to_value(record).unwrap_or(Value::Null);
    let canonical = record.to_string();
    let id = format!("{prefix}:{id}");
    Doc {
        rev: rev_of(&canonical),
        body: json!({ "_id": id, "plan": plan, "type": kind, "unit": unit, "record": record }),
        id,
    }
}

/// A record of [`UserData`] to push: which list it is in and where, its document id and the
/// unit it counts for. Listing these for a whole ledger is cheap (no document is built); the
/// documents are built a batch at a time, right before they are sent ([`docs_at`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// Index into [`KINDS`].
    kind: usize,
    /// Position in that list of the data it was listed from.
    index: usize,
    /// The document id (`e:<record id>`…).
    pub id: String,
    /// The unit an entry counts for (for a deletion, the unit of the entry it deletes); empty
    /// for the office's records.
    pub unit: String,
}

/// The records of `data` not known to be on the server (`known` holds document ids), in the
/// order of [`docs_of`]: every record for the office (`units` `None`), else only the entries of
/// `units` (a department's share: what the server lets it write). Settings are not synced: they
/// are each office's own.
pub fn outgoing(
    data: &UserData,
    known: &FxHashSet<String>,
    units: Option<&[String]>,
) -> Vec<Outgoing> {
    let mut out = Vec::new();
    // One buffer for the ids looked up: most records are known after the first sync, and a
    // city's ledger is tens of thousands of them.
    let mut id = String::new();
    let mut add = |kind: usize, index: usize, record: &str, unit: &str| {
        id.clear();
        id.push_str(KINDS[kind].1);
        id.push(':');
        id.push_str(record);
        if !known.contains(&id) {
            out.push(Outgoing {
                kind,
                index,
                id: id.clone(),
                unit: unit.to_string(),
            });
        }
    };
    let unit_of = EntryUnits::new(&data.entries);
    for (i, e) in data.entries.iter().enumerate() {
        let unit = unit_of.of(e);
        let mine = match units {
            None => true,
            Some(units) => !unit.is_empty() && units.iter().any(|u| u == unit),
        };
        if mine {
            add(0, i, &e.id, unit);
        }
    }
    if units.is_some() {
        return out;
    }
    for (i, c) in data.corrections.iter().enumerate() {
        add(1, i, &c.id, "");
    }
    for (i, a) in data.assignments.iter().enumerate() {
        add(2, i, &a.id, "");
    }
    for (i, x) in data.extensions.iter().enumerate() {
        add(3, i, &x.id, "");
    }
    for (i, m) in data.closings.iter().enumerate() {
        add(4, i, &m.id, "");
    }
    for (i, r) in data.reminders.iter().enumerate() {
        add(5, i, &r.id, "");
    }
    out
}

/// The documents of plan `plan` for `picks` (listed by [`outgoing`], perhaps from an earlier
/// state of `data`). A pick whose record is no longer where it was listed (the data was replaced
/// meanwhile) is left out: it was never sent, so the next round lists it again if it still
/// exists.
pub fn docs_at(plan: &str, data: &UserData, picks: &[Outgoing]) -> Vec<Doc> {
    fn at<'a, T>(list: &'a [T], i: usize, id: &str, own: impl Fn(&T) -> &str) -> Option<&'a T> {
        list.get(i).filter(|r| id.get(2..) == Some(own(r)))
    }
    picks
        .iter()
        .filter_map(|p| {
            let (kind, prefix) = KINDS[p.kind];
            let rid = &p.id[prefix.len() + 1..];
            Some(match p.kind {
                0 => doc(
                    plan,
                    kind,
                    prefix,
                    rid,
                    &p.unit,
                    at(&data.entries, p.index, &p.id, |e| &e.id)?,
                ),
                1 => doc(
                    plan,
                    kind,
                    prefix,
                    rid,
                    "",
                    at(&data.corrections, p.index, &p.id, |c| &c.id)?,
                ),
                2 => doc(
                    plan,
                    kind,
                    prefix,
                    rid,
                    "",
                    at(&data.assignments, p.index, &p.id, |a| &a.id)?,
                ),
                3 => doc(
                    plan,
                    kind,
                    prefix,
                    rid,
                    "",
                    at(&data.extensions, p.index, &p.id, |x| &x.id)?,
                ),
                4 => doc(
                    plan,
                    kind,
                    prefix,
                    rid,
                    "",
                    at(&data.closings, p.index, &p.id, |m| &m.id)?,
                ),
                _ => doc(
                    plan,
                    kind,
                    prefix,
                    rid,
                    "",
                    at(&data.reminders, p.index, &p.id, |r| &r.id)?,
                ),
            })
        })
        .collect()
}

/// Every record of `data` as a document of plan `plan`, skipping those whose ids are in `skip`
/// (already known to be on the server); [`outgoing`] then [`docs_at`] in one go.
pub fn docs_of(plan: &str, data: &UserData, skip: &FxHashSet<String>) -> Vec<Doc> {
    docs_at(plan, data, &outgoing(data, skip, None))
}

/// How many records of `data` are not known to be on the server (`known` holds document ids):
/// all of them for the office (`units` `None`), else the entries of `units` only (a department's
/// share: what it would push).
pub fn pending(data: &UserData, known: &FxHashSet<String>, units: Option<&[String]>) -> usize {
    outgoing(data, known, units).len()
}

/// The document ids of every record of `data` (what the server holds once all is pushed).
pub fn doc_ids(data: &UserData) -> FxHashSet<String> {
    let mut ids = FxHashSet::default();
    ids.extend(data.entries.iter().map(|e| format!("e:{}", e.id)));
    ids.extend(data.corrections.iter().map(|c| format!("c:{}", c.id)));
    ids.extend(data.assignments.iter().map(|a| format!("a:{}", a.id)));
    ids.extend(data.extensions.iter().map(|x| format!("x:{}", x.id)));
    ids.extend(data.closings.iter().map(|m| format!("m:{}", m.id)));
    ids.extend(data.reminders.iter().map(|r| format!("r:{}", r.id)));
    ids
}

/// A document pulled that was not applied, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub id: String,
    pub reason: String,
}

/// What a batch of pulled documents gives: the records to merge, the document ids they came
/// from, and the documents skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pulled {
    pub data: UserData,
    pub ids: Vec<String>,
    pub skipped: Vec<Skipped>,
}

fn in_range(d: &Date) -> bool {
    (1900..=2200).contains(&d.year())
}

fn typed<T: DeserializeOwned>(record: &Value) -> Result<T, String> {
    T::deserialize(record).map_err(|e| {
        let text = e.to_string();
        text.chars().take(120).collect()
    })
}

/// Reads one document of plan `plan` into `into`, or says why not.
fn read_doc(plan: &str, doc: &Value, into: &mut UserData) -> Result<(), String> {
    let obj = doc.as_object().ok_or("not an object")?;
    let id = obj.get("_id").and_then(Value::as_str).ok_or("no _id")?;
    if obj.get("plan").and_then(Value::as_str) != Some(plan) {
        return Err("belongs to another plan".into());
    }
    let kind = obj.get("type").and_then(Value::as_str).ok_or("no type")?;
    let prefix = KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, p)| *p)
        .ok_or("unknown type")?;
    let record = obj.get("record").ok_or("no record")?;
    let own_id = record
        .get("id")
        .and_then(Value::as_str)
        .ok_or("record without id")?;
    if id != format!("{prefix}:{own_id}") {
        return Err("document id does not match the record".into());
    }
    match kind {
        "entry" => {
            let e: Entry = typed(record)?;
            if !in_range(&e.as_of) {
                return Err("date out of range".into());
            }
            into.entries.push(e);
        }
        "correction" => into.corrections.push(typed(record)?),
        "assignment" => {
            let a: crate::userdata::Assignment = typed(record)?;
            if a.deadline.as_ref().is_some_and(|d| !in_range(d)) {
                return Err("date out of range".into());
            }
            into.assignments.push(a);
        }
        "extension" => {
            let x: crate::office::Extension = typed(record)?;
            if !in_range(&x.to) || x.from.as_ref().is_some_and(|d| !in_range(d)) {
                return Err("date out of range".into());
            }
            if x.reason.trim().is_empty() || x.approved_by.trim().is_empty() {
                return Err("extension without a reason or an approver".into());
            }
            into.extensions.push(x);
        }
        "closing" => {
            let m: crate::office::Closing = typed(record)?;
            if !(1900..=2200).contains(&m.month.year) {
                return Err("month out of range".into());
            }
            into.closings.push(m);
        }
        _ => {
            let r: crate::office::Reminder = typed(record)?;
            if !in_range(&r.as_of) {
                return Err("date out of range".into());
            }
            into.reminders.push(r);
        }
    }
    Ok(())
}

/// Reads the documents of a `_changes` batch (each `doc` of its `results`) for plan `plan`:
/// design documents and deletions are passed over, every other document is checked on its own
/// and either read or skipped with its reason.
pub fn read_docs<'a>(plan: &str, docs: impl IntoIterator<Item = &'a Value>) -> Pulled {
    let mut out = Pulled::default();
    let mut batch = UserData::default();
    for doc in docs {
        let id = doc
            .get("_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if id.starts_with("_design/") || doc.get("_deleted").and_then(Value::as_bool) == Some(true)
        {
            continue;
        }
        match read_doc(plan, doc, &mut batch) {
            Ok(()) => out.ids.push(id),
            Err(reason) => out.skipped.push(Skipped { id, reason }),
        }
    }
    // The union with nothing: duplicates within the batch collapse, order is canonical.
    out.data = merge(&batch, &UserData::default());
    out
}

/// The plan a database holds, when it is not `plan`: read from a page of its documents (an
/// `_all_docs` answer with `include_docs`). `None` when any of them belongs to `plan`, or none
/// names a plan (an empty database, design documents only): only a database that holds records
/// and none of this plan's is another plan's. Connecting there (a name mistyped, or copied from
/// another plan's settings) would push this plan's records into it.
pub fn other_plan_in(all_docs: &Value, plan: &str) -> Option<String> {
    let plans = all_docs
        .get("rows")
        .and_then(Value::as_array)?
        .iter()
        .filter_map(|row| row.get("doc")?.get("plan")?.as_str())
        .filter(|p| !p.is_empty());
    let mut other = None;
    for p in plans {
        if p == plan {
            return None;
        }
        other.get_or_insert_with(|| p.to_string());
    }
    other
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::EntryValue;
    use crate::testkit::{d, figure};
    use proptest::prelude::*;

    #[test]
    fn a_database_is_another_plans_only_when_it_holds_none_of_this_plans_records() {
        use serde_json::json;
        let page = |plans: &[&str]| json!({ "rows": plans.iter().map(|p| json!({ "id": "e:1", "doc": { "plan": p } })).collect::<Vec<_>>() });
        assert_eq!(
            other_plan_in(&page(&["plan-b", "plan-b"]), "plan-a"),
            Some("plan-b".into())
        );
        assert_eq!(other_plan_in(&page(&["plan-b", "plan-a"]), "plan-a"), None);
        assert_eq!(other_plan_in(&page(&[]), "plan-a"), None);
        assert_eq!(other_plan_in(&page(&[""]), "plan-a"), None);
        // Design documents and rows without a document name no plan.
        let odd = json!({ "rows": [{ "id": "_design/taizhang", "doc": { "language": "javascript" } }, { "id": "e:2" }] });
        assert_eq!(other_plan_in(&odd, "plan-a"), None);
        assert_eq!(other_plan_in(&json!("<html>"), "plan-a"), None);
    }

    fn sample() -> UserData {
        let mut data = UserData {
            entries: vec![
                Entry {
                    unit: "区发改委".into(),
                    ..figure("e1", "k1", "2025-06-30", "10", 5)
                },
                Entry {
                    id: "t1".into(),
                    subject: "k1".into(),
                    as_of: d("2025-06-30"),
                    value: EntryValue::Tombstone,
                    note: String::new(),
                    unit: String::new(),
                    recorded_at: 6,
                    supersedes: Some("e1".into()),
                },
            ],
            ..UserData::default()
        };
        data.closings.push(crate::office::Closing {
            id: "m1".into(),
            month: "2025-06".parse().unwrap(),
            closed_by: String::new(),
            recorded_at: 7,
        });
        data
    }

    #[test]
    fn database_names_follow_couchdbs_rules() {
        assert_eq!(database_for("plan-9f72a4ga38"), "taizhang-plan-9f72a4ga38");
        assert!(valid_database(&database_for("plan-9f72a4ga38")));
        assert!(!valid_database("Taizhang"));
        assert!(!valid_database("1abc"));
        assert!(!valid_database(""));
        assert!(!valid_database("a b"));
    }

    #[test]
    fn each_record_is_a_document_and_a_deletion_counts_for_the_unit_it_deletes_from() {
        let docs = docs_of("plan-x", &sample(), &FxHashSet::default());
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["e:e1", "e:t1", "m:m1"]);
        assert_eq!(docs[0].body["unit"], "区发改委");
        assert_eq!(
            docs[1].body["unit"], "区发改委",
            "the tombstone counts for 区发改委"
        );
        assert_eq!(docs[2].body["unit"], "");
        assert_eq!(docs[2].body["type"], "closing");
        assert!(docs
            .iter()
            .all(|d| d.rev.len() == 34 && d.rev.starts_with("1-")));
        let known: FxHashSet<String> = ["e:e1".to_string()].into_iter().collect();
        assert_eq!(docs_of("plan-x", &sample(), &known).len(), 2);
        assert_eq!(doc_ids(&sample()).len(), 3);
        assert_eq!(pending(&sample(), &known, None), 2);
        let units = ["区发改委".to_string()];
        assert_eq!(
            pending(&sample(), &known, Some(&units)),
            1,
            "the deletion, of its unit"
        );
        assert_eq!(pending(&sample(), &FxHashSet::default(), Some(&[])), 0);
    }

    #[test]
    fn records_are_listed_cheaply_and_built_a_batch_at_a_time() {
        let data = sample();
        let all = outgoing(&data, &FxHashSet::default(), None);
        assert_eq!(
            all.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
            ["e:e1", "e:t1", "m:m1"]
        );
        // Built in batches, the documents are the same as built at once.
        let batched: Vec<Doc> = all.chunks(2).flat_map(|c| docs_at("p", &data, c)).collect();
        assert_eq!(batched, docs_of("p", &data, &FxHashSet::default()));
        // A department lists only its units' entries (a deletion counts for the unit it deletes from).
        let mine = outgoing(
            &data,
            &FxHashSet::default(),
            Some(&["区发改委".to_string()]),
        );
        assert_eq!(
            mine.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
            ["e:e1", "e:t1"]
        );
        assert!(outgoing(
            &data,
            &FxHashSet::default(),
            Some(&["区林草局".to_string()])
        )
        .is_empty());
        // The data replaced after the listing: a pick no longer at its place is left out.
        let mut replaced = data.clone();
        replaced.entries.swap(0, 1);
        let docs = docs_at("p", &replaced, &all);
        assert_eq!(
            docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["m:m1"]
        );
        replaced.entries.clear();
        assert_eq!(docs_at("p", &replaced, &all).len(), 1);
    }

    #[test]
    fn the_same_record_has_the_same_revision_and_another_content_another() {
        let a = docs_of("p", &sample(), &FxHashSet::default());
        let b = docs_of("p", &sample(), &FxHashSet::default());
        assert_eq!(a, b);
        let mut changed = sample();
        changed.entries[0].note = "改".into();
        assert_ne!(
            docs_of("p", &changed, &FxHashSet::default())[0].rev,
            a[0].rev
        );
    }

    #[test]
    fn hostile_or_foreign_documents_are_skipped_with_their_reason() {
        let good = docs_of("p", &sample(), &FxHashSet::default());
        let mut docs: Vec<Value> = good.iter().map(|d| d.body.clone()).collect();
        docs.push(json!({"_id": "_design/taizhang", "validate_doc_update": "function(){}"}));
        docs.push(json!({"_id": "e:gone", "_deleted": true}));
        docs.push(json!({"_id": "e:x1", "plan": "other", "type": "entry", "record": {"id": "x1"}}));
        docs.push(json!({"_id": "e:x2", "plan": "p", "type": "entry", "record": {"id": "x3"}}));
        docs.push(json!({"_id": "e:x4", "plan": "p", "type": "entry", "record": {"id": "x4", "subject": "k", "as_of": "1800-01-01", "type": "note", "recorded_at": 1}}));
        docs.push(json!({"_id": "e:x5", "plan": "p", "type": "entry", "record": {"id": "x5", "subject": "k", "as_of": "2025-01-01", "type": "figure", "value": 12, "recorded_at": 1}}));
        docs.push(json!({"_id": "x:x6", "plan": "p", "type": "extension", "record": {"id": "x6", "task_id": "k", "to": "2025-09-30", "reason": " ", "approved_by": "甲", "recorded_at": 1}}));
        docs.push(json!({"_id": "q:x7", "plan": "p", "type": "virus", "record": {"id": "x7"}}));
        docs.push(json!("<script>alert(1)</script>"));
        let pulled = read_docs("p", &docs);
        assert_eq!(pulled.ids, ["e:e1", "e:t1", "m:m1"]);
        assert_eq!(pulled.data, merge(&sample(), &UserData::default()));
        let reasons: Vec<(&str, &str)> = pulled
            .skipped
            .iter()
            .map(|s| (s.id.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(reasons[0], ("e:x1", "belongs to another plan"));
        assert_eq!(
            reasons[1],
            ("e:x2", "document id does not match the record")
        );
        assert_eq!(reasons[2], ("e:x4", "date out of range"));
        assert_eq!(reasons[3].0, "e:x5", "a figure as a JSON number is refused");
        assert_eq!(
            reasons[4],
            ("x:x6", "extension without a reason or an approver")
        );
        assert_eq!(reasons[5], ("q:x7", "unknown type"));
        assert_eq!(reasons[6], ("", "not an object"));
    }

    #[test]
    fn the_design_document_is_json_with_a_validator() {
        let design: Value = serde_json::from_str(DESIGN_DOC).unwrap();
        assert_eq!(design["_id"], "_design/taizhang");
        let f = design["validate_doc_update"].as_str().unwrap();
        assert!(f.starts_with("function"));
        for kind in KINDS.iter().map(|(k, _)| k) {
            assert!(f.contains(kind), "the validator knows {kind}");
        }
    }

    fn arb_data() -> impl Strategy<Value = UserData> {
        proptest::collection::vec((0u16..40, 0u8..4, 1u8..29, 0i64..1000, 0u8..3), 0..20).prop_map(
            |rows| {
                let entries = rows
                    .into_iter()
                    .map(|(id, s, day, v, u)| Entry {
                        unit: ["区发改委", "区林草局", ""][u as usize].into(),
                        note: format!("<b>{v}</b>"),
                        ..figure(
                            &format!("e{id}"),
                            &format!("k{s}"),
                            &format!("2025-03-{day:02}"),
                            &v.to_string(),
                            v,
                        )
                    })
                    .collect();
                merge(
                    &UserData {
                        entries,
                        ..UserData::default()
                    },
                    &UserData::default(),
                )
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Pushing every record and pulling them back gives the same data (settings aside).
        #[test]
        fn push_then_pull_is_the_identity(a in arb_data()) {
            let docs = docs_of("p", &a, &FxHashSet::default());
            let bodies: Vec<Value> = docs.iter().map(|d| d.body.clone()).collect();
            let pulled = read_docs("p", &bodies);
            prop_assert!(pulled.skipped.is_empty());
            prop_assert_eq!(pulled.data, a);
        }

        /// Two browsers that pull each other's documents converge, whatever the order.
        #[test]
        fn two_profiles_converge(a in arb_data(), b in arb_data()) {
            let via = |x: &UserData| read_docs("p", &docs_of("p", x, &FxHashSet::default()).iter().map(|d| d.body.clone()).collect::<Vec<_>>()).data;
            let at_a = merge(&a, &via(&b));
            let at_b = merge(&b, &via(&a));
            prop_assert_eq!(at_a, at_b);
        }
    }
}
