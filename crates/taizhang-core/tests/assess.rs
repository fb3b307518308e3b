//! The whole seed plan assessed as of a date: counts by status, roll-ups, the 督办清单.

use taizhang_core::ledger::{EntryValue, LedgerView, MilestoneState};
use taizhang_core::pacing::Settings;
use taizhang_core::pacing::{assess, ItemKind, Status};
use taizhang_core::testkit::{entry, seed, target_id, task_id, value};
use taizhang_core::userdata::{Assignment, UserData};

#[test]
fn the_seed_as_of_mid_year() {
    let plan = seed();
    let mut data = UserData {
        entries: vec![
            entry(
                "e1",
                &target_id(&plan, "营造林"),
                "2025-06-30",
                value("1.2"),
            ), // 42% vs 50%: on track
            entry(
                "e2",
                &target_id(&plan, "固定资产投资"),
                "2025-06-30",
                value("8"),
            ), // 20% vs 50%: at risk
            entry(
                "e3",
                &target_id(&plan, "农村户厕改造"),
                "2025-06-30",
                value("900"),
            ), // done
            entry(
                "e4",
                &target_id(&plan, "转移就业"),
                "2025-06-30",
                value("0.1"),
            ), // 7%: behind
            entry(
                "e5",
                &target_id(&plan, "招商引资到位资金"),
                "2025-03-31",
                value("9"),
            ), // stale by July
            entry(
                "e6",
                &task_id(&plan, "完成第四次全国文物普查"),
                "2025-06-01",
                EntryValue::Milestone {
                    state: MilestoneState::InProgress,
                },
            ),
        ],
        ..UserData::default()
    };
    let census = task_id(&plan, "完成第四次全国文物普查");
    data.assignments.push(Assignment {
        id: "a".into(),
        task_id: census.clone(),
        lead: "区文旅局".into(),
        others: vec![],
        deadline: Some("2025-06-30".parse().unwrap()),
        recorded_at: 1,
    });
    let ledger = LedgerView::new(&data.entries);
    let a = assess(
        &plan,
        &data.settings_in_force(),
        |id| data.deadline(id),
        &ledger,
        "2025-07-01".parse().unwrap(),
    );

    let targets = a
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Target)
        .count();
    assert_eq!(targets, 30);
    assert_eq!(a.plan.total(), a.items.len());
    assert_eq!(a.plan.count(Status::Done), 1);
    assert_eq!(a.plan.count(Status::OnTrack), 1);
    assert_eq!(a.plan.count(Status::AtRisk), 1);
    assert_eq!(a.plan.count(Status::Stale), 1);
    // Behind: the 转移就业 target and the overdue census milestone.
    assert_eq!(a.plan.count(Status::Behind), 2);
    assert!((a.elapsed - 182.0 / 365.0).abs() < 1e-9);

    let list: Vec<(&str, Status)> = a
        .attention()
        .iter()
        .map(|i| (i.label.as_str(), i.pace.status))
        .collect();
    // Both behind: the overdue census (nothing done, 50% due) before 转移就业 (7% done, 50% due).
    assert_eq!(list[0].1, Status::Behind, "{list:?}");
    assert!(list[0].0.contains("第四次全国文物普查"));
    assert_eq!(list[1], ("转移就业", Status::Behind));
    assert_eq!(list[2], ("固定资产投资", Status::AtRisk));
    assert_eq!(list[3], ("招商引资到位资金", Status::Stale));
    assert_eq!(list.len(), 4);

    // As of March nothing recorded yet is due; the census is not overdue.
    let march = assess(
        &plan,
        &data.settings_in_force(),
        |id| data.deadline(id),
        &ledger,
        "2025-03-01".parse().unwrap(),
    );
    assert_eq!(march.plan.count(Status::Behind), 0);
    assert!(march.plan.count(Status::NoData) > 40);

    // Looser thresholds in the settings move the at-risk target to on track.
    data.settings = Some(Settings {
        on_track_points: 35.0,
        at_risk_points: 50.0,
        ..Settings::default()
    });
    let loose = assess(
        &plan,
        &data.settings_in_force(),
        |id| data.deadline(id),
        &ledger,
        "2025-07-01".parse().unwrap(),
    );
    assert_eq!(
        loose
            .pace(&target_id(&plan, "固定资产投资"))
            .unwrap()
            .status,
        Status::OnTrack
    );
    // Point 11: one target with a figure (营造林, 42%); its milestones have none and count as 0.
    let p11 = &loose.points.iter().find(|(n, _)| *n == 11).unwrap().1;
    let n = loose.items.iter().filter(|i| i.point == 11).count();
    assert!(n >= 2, "point 11 has {n} items");
    assert_eq!(p11.total(), n);
    assert!((p11.completion.unwrap() - 1.2 / 2.88 / n as f64).abs() < 1e-9);
    assert_eq!(loose.points.len(), 22);
    let sections: Vec<u32> = loose.sections.iter().map(|(n, _)| *n).collect();
    assert_eq!(sections, (1..=8).collect::<Vec<_>>());
}
