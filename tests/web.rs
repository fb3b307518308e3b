//! Browser tests: the app mounted into a real DOM in headless Chromium (wasm-bindgen-test).
//! Run with `cargo test -p taizhang --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element, on the plan view (`#/plan`; an address that names no
/// view opens 总览), and returns it with the handle that keeps it mounted.
fn mount() -> (HtmlElement, impl Drop) {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/plan")
        .unwrap();
    let doc = document();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), taizhang::App);
    (host, handle)
}

fn count(host: &HtmlElement, selector: &str) -> u32 {
    host.query_selector_all(selector).unwrap().length()
}

fn text_of(host: &HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn shows_the_seed_plan_structure() {
    let (host, _handle) = mount();
    leptos::task::tick().await;
    assert_eq!(
        text_of(&host, "[data-testid=plan-title]"),
        "乃东区人民政府2025年工作要点"
    );
    assert_eq!(text_of(&host, "[data-testid=plan-issued-on]"), "2025-03-06");
    assert_eq!(count(&host, "[data-testid=section]"), 8);
    assert_eq!(count(&host, "[data-testid=point]"), 22);
    assert_eq!(
        text_of(&host, "[data-testid=stat-points] .stat-value"),
        "22"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn a_point_expands_to_its_full_text() {
    let (host, _handle) = mount();
    leptos::task::tick().await;
    let first = host.query_selector("[data-testid=point]").unwrap().unwrap();
    assert!(first.get_attribute("open").is_none());
    let summary: HtmlElement = first
        .query_selector("summary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    summary.click();
    leptos::task::tick().await;
    assert!(first.has_attribute("open"));
    let text = first
        .query_selector("[data-testid=point-text]")
        .unwrap()
        .unwrap();
    assert!(text
        .text_content()
        .unwrap()
        .contains("力争完成固定资产投资40亿元以上"));
    host.remove();
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_labels_and_html_lang() {
    let (host, _handle) = mount();
    leptos::task::tick().await;
    let label = || text_of(&host, "[data-testid=stat-points] .stat-label");
    assert_eq!(label(), "要点");
    let button: HtmlElement = host
        .query_selector("[data-testid=lang-switch]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    leptos::task::tick().await;
    assert_eq!(label(), "Points");
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    button.click();
    leptos::task::tick().await;
    assert_eq!(label(), "要点");
    host.remove();
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn storage_keeps_an_unreadable_value_aside_and_never_overwrites_it_unkept() {
    use taizhang::storage::{self, StorageProblem};
    let ls = local_storage();
    ls.clear().unwrap();
    ls.set_item(storage::KEY, "{\"format\":\"taizhang-local\",\"vers")
        .unwrap();
    let loaded = storage::load(&storage::Keys::embedded());
    assert!(loaded.may_save);
    let Some(StorageProblem::Unreadable {
        backup_key: Some(key),
        raw,
        ..
    }) = loaded.problem
    else {
        panic!("expected an unreadable-storage problem");
    };
    assert_eq!(ls.get_item(&key).unwrap().as_deref(), Some(raw.as_str()));
    // Loading again reuses the same backup instead of piling up copies.
    let again = storage::load(&storage::Keys::embedded());
    let Some(StorageProblem::Unreadable {
        backup_key: Some(key2),
        ..
    }) = again.problem
    else {
        panic!("expected an unreadable-storage problem");
    };
    assert_eq!(key, key2);
    ls.clear().unwrap();
}

#[wasm_bindgen_test]
fn storage_save_merges_what_another_tab_wrote() {
    use taizhang::storage;
    use taizhang_core::userdata::{encode, UserData};
    let ls = local_storage();
    ls.clear().unwrap();
    // A tab that has not read the stored data yet (other tests ran in this one).
    storage::forget(&storage::Keys::embedded());
    let theirs = UserData {
        last_exported_at: Some(5),
        ..UserData::default()
    };
    ls.set_item(storage::KEY, &encode(&theirs)).unwrap();
    let ours = UserData {
        last_exported_at: Some(3),
        ..UserData::default()
    };
    let storage::Saved::Merged(written) =
        storage::save(&storage::Keys::embedded(), &ours, "").unwrap()
    else {
        panic!("no other tab replaced the data: expected a merge");
    };
    assert_eq!(written.last_exported_at, Some(5));
    ls.clear().unwrap();
}

#[wasm_bindgen_test]
fn storage_save_adopts_a_replace_made_by_another_tab() {
    use taizhang::storage;
    use taizhang_core::userdata::{decode, UserData};
    let ls = local_storage();
    ls.clear().unwrap();
    let replaced = UserData {
        last_exported_at: Some(1),
        ..UserData::default()
    };
    // Another tab replaced the data (an import in replace mode) and started epoch "e2".
    storage::replace(&storage::Keys::embedded(), &replaced, "e2").unwrap();
    assert_eq!(storage::epoch(&storage::Keys::embedded()), "e2");
    let ours_from_before = UserData {
        last_exported_at: Some(9),
        ..UserData::default()
    };
    match storage::save(&storage::Keys::embedded(), &ours_from_before, "e1").unwrap() {
        storage::Saved::Replaced { data, epoch } => {
            assert_eq!(data, replaced);
            assert_eq!(epoch, "e2");
        }
        other => panic!("expected the replace to be adopted, got {other:?}"),
    }
    // Nothing of the old copy was merged back in.
    let stored = decode(&ls.get_item(storage::KEY).unwrap().unwrap()).unwrap();
    assert_eq!(stored, replaced);
    ls.clear().unwrap();
}

#[wasm_bindgen_test]
fn backups_round_trip_through_storage() {
    use taizhang::storage::{self, Backup};
    // An added plan's keys: its data, backup and epoch are its own.
    let keys = storage::Keys::added("plan-test");
    use taizhang_core::userdata::UserData;
    let ls = local_storage();
    ls.clear().unwrap();
    assert_eq!(storage::load_backup(&keys), None);
    let backup = Backup {
        saved_at: 42,
        data: UserData {
            last_exported_at: Some(7),
            ..UserData::default()
        },
    };
    let next = UserData {
        last_exported_at: Some(9),
        ..UserData::default()
    };
    storage::replace_after_backup(&keys, &backup, &next, "e1").unwrap();
    assert_eq!(storage::load_backup(&keys), Some(backup));
    assert_eq!(storage::stored(&keys), Some(next));
    assert_eq!(storage::epoch(&keys), "e1");
    // The embedded plan's keys were not touched.
    assert_eq!(ls.get_item(storage::KEY).unwrap(), None);
    assert_eq!(ls.get_item(storage::BACKUP_KEY).unwrap(), None);
    ls.clear().unwrap();
}

/// Drawing a chart never touches the page. plotters' own legend measured each label by adding
/// a span to the body and reading its size — a forced page layout per label, which made an entry
/// on a long plan view cost several layouts.
#[wasm_bindgen_test]
fn drawing_a_target_chart_leaves_the_page_alone() {
    use taizhang::charts::{target_svg, TargetLabels};
    use taizhang_core::chart::TargetChart;
    let body = document().body().unwrap();
    let noop = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {});
    let observer = web_sys::MutationObserver::new(noop.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    observer.observe_with_options(&body, &init).unwrap();
    let chart = TargetChart {
        days: 365.0,
        target: 100.0,
        actual: vec![(0.0, 0.0), (90.0, 30.0)],
        points: vec![(90.0, 30.0)],
        pace: vec![(0.0, 0.0), (365.0, 100.0)],
        as_of: 120.0,
        projection: Some([(0.0, 0.0), (365.0, 121.0)]),
        y_max: 130.0,
    };
    let labels = TargetLabels {
        unit: "万亩".into(),
        actual: "累计完成".into(),
        pace: "序时进度".into(),
        target: "目标".into(),
        as_of: "截至 2025-05-01".into(),
        projection: "趋势预测".into(),
        month: |m| format!("{m}月"),
    };
    let period = taizhang_core::Period {
        start: "2025-01-01".parse().unwrap(),
        end: "2025-12-31".parse().unwrap(),
    };
    let svg = target_svg(&chart, period, &labels);
    let records = observer.take_records();
    observer.disconnect();
    let changes = records.length();
    let touched: Vec<String> = (0..changes)
        .filter_map(|i| records.get(i).dyn_into::<web_sys::MutationRecord>().ok())
        .flat_map(|r| {
            let added = r.added_nodes();
            let removed = r.removed_nodes();
            (0..added.length())
                .chain(0..removed.length())
                .filter_map(move |j| added.item(j).or_else(|| removed.item(j)))
                .filter_map(|n| n.text_content())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        svg.contains("累计完成") && svg.contains("趋势预测"),
        "the legend is drawn"
    );
    assert_eq!(
        changes, 0,
        "drawing the chart added or removed nodes in the page: {touched:?}"
    );
}

fn entries(prefix: &str, n: usize) -> Vec<taizhang_core::ledger::Entry> {
    use taizhang_core::ledger::{Entry, EntryValue};
    (0..n)
        .map(|i| Entry {
            id: format!("{prefix}{i:05}"),
            subject: format!("k{}", i % 50),
            as_of: taizhang_core::Date::new(2025, 6, 28).unwrap(),
            value: EntryValue::Figure {
                value: taizhang_core::Decimal::new(i as i128, 1),
            },
            note: String::new(),
            unit: "区发改委".into(),
            recorded_at: 1_750_000_000_000 + i as i64,
            supersedes: None,
        })
        .collect()
}

/// A save writes only the log — what the base lacks — and never the base while the log is short;
/// another tab's log (same release) is merged in; past the cap the log is folded into the base,
/// and the fold keeps what a tab of an older release wrote to the base meanwhile.
#[wasm_bindgen_test]
fn storage_save_writes_the_log_and_folds_it_into_the_base_past_its_cap() {
    use taizhang::storage::{self, Keys, LOG_CAP};
    use taizhang_core::userdata::{decode, decode_log, decode_meta, encode, encode_log, UserData};
    let keys = Keys::embedded();
    let ls = local_storage();
    ls.clear().unwrap();
    storage::forget(&keys);
    let mut ours = UserData {
        entries: entries("a", 100),
        ..UserData::default()
    };
    // Nothing stored: the first save writes the base.
    assert!(matches!(
        storage::save(&keys, &ours, "").unwrap(),
        storage::Saved::Written
    ));
    let base = ls.get_item(storage::KEY).unwrap().unwrap();
    assert_eq!(decode(&base).unwrap(), ours);
    // An entry: only the log changes, and it holds that entry alone.
    ours.entries.extend(entries("b", 1));
    assert!(matches!(
        storage::save(&keys, &ours, "").unwrap(),
        storage::Saved::Written
    ));
    assert_eq!(ls.get_item(storage::KEY).unwrap().unwrap(), base);
    let log = ls.get_item(storage::LOG_KEY).unwrap().unwrap();
    let (delta, rev, epoch) = decode_log(&log).unwrap();
    assert_eq!(delta.entries, entries("b", 1));
    assert_eq!(
        (rev.as_str(), epoch.as_str()),
        (decode_meta(&base).unwrap().1.rev.as_str(), "")
    );
    assert_eq!(storage::stored(&keys), Some(ours.clone()));
    // A fresh load (another tab, a reload) reads base and log together.
    storage::forget(&keys);
    assert_eq!(storage::load(&keys).data, ours);

    // Another tab of this release saves its log: the next save merges it in.
    let mut theirs = UserData {
        entries: entries("b", 1),
        ..UserData::default()
    };
    theirs.entries.extend(entries("c", 2));
    ls.set_item(storage::LOG_KEY, &encode_log(&theirs, &rev, ""))
        .unwrap();
    let storage::Saved::Merged(merged) = storage::save(&keys, &ours, "").unwrap() else {
        panic!("another tab saved: expected a merge");
    };
    assert_eq!(merged.entries.len(), 103);
    assert_eq!(storage::stored(&keys).unwrap().entries.len(), 103);
    ours = merged;

    // A tab of an older release rewrites the base (it knows nothing of logs); then this tab's
    // log passes its cap: the fold reads the base again and keeps that tab's record.
    let mut older = decode(&ls.get_item(storage::KEY).unwrap().unwrap()).unwrap();
    older.entries.extend(entries("old", 1));
    ls.set_item(storage::KEY, &encode(&older)).unwrap();
    ours.entries.extend(entries("d", 2_000));
    let storage::Saved::Merged(folded) = storage::save(&keys, &ours, "").unwrap() else {
        panic!("the fold found the older release's record: expected a merge");
    };
    assert_eq!(folded.entries.len(), 103 + 2_000 + 1);
    let base = ls.get_item(storage::KEY).unwrap().unwrap();
    assert!(base.len() > LOG_CAP);
    assert_eq!(decode(&base).unwrap().entries.len(), 2_104);
    let (delta, rev, _) = decode_log(&ls.get_item(storage::LOG_KEY).unwrap().unwrap()).unwrap();
    assert_eq!(delta, UserData::default());
    assert_eq!(rev, decode_meta(&base).unwrap().1.rev);
    ls.clear().unwrap();
    storage::forget(&keys);
}

/// Storage full: a save that cannot write (neither the fold nor the log fits) is reported and
/// leaves base and log exactly as they were; a small log still fits and is written.
#[wasm_bindgen_test]
fn storage_full_never_leaves_a_half_written_state() {
    use taizhang::storage::{self, Keys, StorageProblem};
    use taizhang_core::userdata::UserData;
    let keys = Keys::embedded();
    let ls = local_storage();
    ls.clear().unwrap();
    storage::forget(&keys);
    let small = UserData {
        entries: entries("a", 10),
        ..UserData::default()
    };
    storage::save(&keys, &small, "").unwrap();
    let stored = |k: &str| ls.get_item(k).unwrap();
    let (base, log) = (stored(storage::KEY), stored(storage::LOG_KEY));
    // Leave room for about 50 K characters: not for 2,000 more entries (about 140 K).
    let filler = fill_storage(&ls, 50_000);
    let mut big = small.clone();
    big.entries.extend(entries("b", 2_000));
    assert_eq!(
        storage::save(&keys, &big, "").unwrap_err(),
        StorageProblem::Full
    );
    assert_eq!(
        (stored(storage::KEY), stored(storage::LOG_KEY)),
        (base.clone(), log)
    );
    assert_eq!(storage::stored(&keys), Some(small.clone()));
    // One entry fits: only the log is written.
    let mut one = small.clone();
    one.entries.extend(entries("c", 1));
    storage::save(&keys, &one, "").unwrap();
    assert_eq!(stored(storage::KEY), base);
    assert_eq!(storage::stored(&keys), Some(one.clone()));
    for key in filler {
        ls.remove_item(&key).unwrap();
    }
    // Room again: the next save writes everything.
    big.entries.extend(entries("c", 1));
    storage::save(&keys, &big, "").unwrap();
    assert_eq!(storage::stored(&keys).unwrap().entries.len(), 2_011);
    ls.clear().unwrap();
    storage::forget(&keys);
}

/// Fills localStorage until about `room` characters are left; returns the keys it wrote.
fn fill_storage(ls: &web_sys::Storage, room: usize) -> Vec<String> {
    ls.set_item("reserved", &"x".repeat(room)).unwrap();
    let mut keys = Vec::new();
    let mut size = 1 << 20;
    while size >= 256 {
        let key = format!("filler.{}", keys.len());
        if ls.set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 2;
        }
    }
    ls.remove_item("reserved").unwrap();
    keys
}
