//! The report model over the seed: rows, counts, the unit filter and the 督办清单.

use taizhang_core::ledger::{Entry, EntryValue, LedgerView, MilestoneState};
use taizhang_core::pacing::{assess, ItemKind, Status};
use taizhang_core::report::build;
use taizhang_core::testkit::{entry, seed, target_id};
use taizhang_core::userdata::{Assignment, UserData};

/// An entry with a note (the report shows the latest note).
fn noted(id: &str, subject: &str, as_of: &str, value: EntryValue, note: &str) -> Entry {
    Entry {
        note: note.into(),
        ..entry(id, subject, as_of, value)
    }
}

#[test]
fn the_june_report_made_in_july() {
    let plan = seed();
    let census = plan
        .tasks()
        .find(|t| t.text.contains("完成第四次全国文物普查"))
        .unwrap()
        .id
        .clone();
    let data = UserData {
        entries: vec![
            noted(
                "e1",
                &target_id(&plan, "营造林"),
                "2025-06-30",
                EntryValue::Figure {
                    value: "1.2".parse().unwrap(),
                },
                "上半年",
            ),
            noted(
                "e2",
                &target_id(&plan, "营造林"),
                "2025-07-20",
                EntryValue::Figure {
                    value: "1.9".parse().unwrap(),
                },
                "七月",
            ),
            noted(
                "e3",
                &census,
                "2025-06-15",
                EntryValue::Milestone {
                    state: MilestoneState::Blocked,
                },
                "经费未到位",
            ),
        ],
        assignments: vec![Assignment {
            id: "a".into(),
            task_id: census.clone(),
            lead: "区文旅局".into(),
            others: vec![],
            deadline: Some("2025-09-30".parse().unwrap()),
            recorded_at: 1,
        }],
        ..UserData::default()
    };
    let ledger = LedgerView::new(&data.entries);
    let a = assess(
        &plan,
        &data.settings_in_force(),
        |id| data.deadline(id),
        &ledger,
        "2025-06-30".parse().unwrap(),
    );
    let r = build(&plan, &data, &ledger, &a, None);

    assert_eq!(r.title, "乃东区人民政府2025年工作要点");
    assert_eq!(r.as_of.to_string(), "2025-06-30");
    let rows: Vec<_> = r.sections.iter().flat_map(|s| &s.rows).collect();
    assert_eq!(
        rows.iter().filter(|r| r.kind == ItemKind::Target).count(),
        30
    );
    // The July figure is not in the June report.
    let forest = rows.iter().find(|r| r.item == "营造林").unwrap();
    assert_eq!(forest.latest.map(|v| v.to_string()).as_deref(), Some("1.2"));
    assert_eq!(forest.note, "上半年");
    assert_eq!(forest.status, Status::OnTrack);
    let c = rows.iter().find(|r| r.id == census).unwrap();
    assert_eq!(
        (c.state, c.status, c.lead.as_str(), c.note.as_str()),
        (
            Some(MilestoneState::Blocked),
            Status::AtRisk,
            "区文旅局",
            "经费未到位"
        )
    );
    assert_eq!(
        c.deadline.map(|d| d.to_string()).as_deref(),
        Some("2025-09-30")
    );
    assert_eq!(r.supervision.len(), 1);
    assert_eq!(r.supervision[0].id, census);
    assert_eq!(r.counts.iter().sum::<usize>(), rows.len());

    // Limited to one unit: only that unit's tasks.
    let mine = build(&plan, &data, &ledger, &a, Some("区文旅局"));
    let mine_rows: Vec<_> = mine.sections.iter().flat_map(|s| &s.rows).collect();
    assert_eq!(mine_rows.len(), 1);
    assert_eq!(mine.sections.len(), 1);
    assert_eq!(mine.completion, Some(0.0));
}
