//! User corrections applied over the parser's reading, and the task filter.

use taizhang_core::corrections::{apply, Correction, CorrectionRecord, NewTarget};
use taizhang_core::filter::{task_matches, Filter, StateFilter};
use taizhang_core::ledger::{Entry, EntryValue, LedgerView, MilestoneState};
use taizhang_core::plantext::kind_without_targets;
use taizhang_core::userdata::{Assignment, UserData};
use taizhang_core::{parse_plan, Comparator, Plan, TaskKind};

fn plan() -> Plan {
    parse_plan("某区2025年工作要点\n一、甲\n1.标题。完成投资10亿元以上，创收4亿元。建成公园。持续深化改革。\n二、乙\n2.标题。办好运动会（牵头单位：区文旅局）。\n")
}

fn record(id: &str, correction: Correction) -> CorrectionRecord {
    CorrectionRecord {
        id: id.into(),
        recorded_at: 0,
        correction,
    }
}

fn apply_all(plan: &Plan, records: &[CorrectionRecord]) -> (Plan, Vec<String>) {
    apply(plan, records, kind_without_targets)
}

#[test]
fn edits_win_over_the_parser_and_keep_the_id() {
    let p = plan();
    let target = p.targets().next().unwrap().clone();
    let (out, orphans) = apply_all(
        &p,
        &[record(
            "c1",
            Correction::EditTarget {
                target_id: target.id.clone(),
                metric: Some("固定资产投资".into()),
                value: Some("12.5".parse().unwrap()),
                unit: None,
                comparator: Some(Comparator::About),
            },
        )],
    );
    let t = out.targets().find(|t| t.id == target.id).unwrap();
    assert_eq!(
        (
            t.metric.as_str(),
            t.value.to_string().as_str(),
            t.unit.as_str(),
            t.comparator
        ),
        ("固定资产投资", "12.5", "亿元", Comparator::About)
    );
    assert!(orphans.is_empty());
}

#[test]
fn not_a_target_then_restore_and_the_kind_follows() {
    let p = plan();
    let task = p.tasks().next().unwrap().clone();
    let [a, b] = [&task.targets[0], &task.targets[1]].map(|t| t.id.clone());
    let mut records = vec![
        record(
            "c1",
            Correction::NotATarget {
                target_id: a.clone(),
            },
        ),
        record(
            "c2",
            Correction::NotATarget {
                target_id: b.clone(),
            },
        ),
    ];
    let (out, _) = apply_all(&p, &records);
    let t = out.tasks().next().unwrap();
    assert!(t.targets.is_empty());
    assert_eq!(
        t.kind,
        TaskKind::Milestone,
        "完成… is a one-time achievement once it has no target"
    );
    records.push(record(
        "c3",
        Correction::RestoreTarget {
            target_id: a.clone(),
        },
    ));
    let (out, _) = apply_all(&p, &records);
    let t = out.tasks().next().unwrap();
    assert_eq!(
        t.targets.iter().map(|g| g.id.clone()).collect::<Vec<_>>(),
        [a]
    );
    assert_eq!(t.kind, TaskKind::Quantitative);
}

#[test]
fn added_targets_kind_changes_retractions_and_orphans() {
    let p = plan();
    let park = p
        .tasks()
        .find(|t| t.text.contains("公园"))
        .unwrap()
        .id
        .clone();
    let reform = p
        .tasks()
        .find(|t| t.text.contains("深化改革"))
        .unwrap()
        .id
        .clone();
    let new = NewTarget {
        metric: "公园".into(),
        value: "2".parse().unwrap(),
        unit: "个".into(),
        comparator: Comparator::AtLeast,
        commitment: None,
        growth: false,
    };
    let records = vec![
        record(
            "c1",
            Correction::AddTarget {
                task_id: park.clone(),
                target: new,
            },
        ),
        record(
            "c2",
            Correction::SetKind {
                task_id: reform.clone(),
                kind: TaskKind::Milestone,
            },
        ),
        record(
            "c3",
            Correction::NotATarget {
                target_id: "k-gone-123".into(),
            },
        ),
        record(
            "c4",
            Correction::SetKind {
                task_id: park.clone(),
                kind: TaskKind::Ongoing,
            },
        ),
        record(
            "c5",
            Correction::Retract {
                record_id: "c4".into(),
            },
        ),
    ];
    let (out, orphans) = apply_all(&p, &records);
    let park_task = out.tasks().find(|t| t.id == park).unwrap();
    assert_eq!(park_task.kind, TaskKind::Quantitative);
    assert_eq!(park_task.targets[0].id, format!("{park}-uc1"));
    assert_eq!(
        out.tasks().find(|t| t.id == reform).unwrap().kind,
        TaskKind::Milestone
    );
    assert_eq!(orphans, ["c3"]);
}

#[test]
fn filters_by_section_kind_unit_state_and_keyword() {
    let p = plan();
    let mut data = UserData::default();
    let park = p.tasks().find(|t| t.text.contains("公园")).unwrap().clone();
    data.assignments.push(Assignment {
        id: "a1".into(),
        task_id: park.id.clone(),
        lead: "区住建局".into(),
        others: vec![],
        deadline: None,
        recorded_at: 1,
    });
    data.entries.push(Entry {
        id: "e1".into(),
        subject: park.id.clone(),
        as_of: "2025-06-30".parse().unwrap(),
        value: EntryValue::Milestone {
            state: MilestoneState::InProgress,
        },
        note: String::new(),
        unit: String::new(),
        recorded_at: 1,
        supersedes: None,
    });
    let ledger = LedgerView::new(&data.entries);
    let matching = |f: Filter| -> Vec<String> {
        p.sections
            .iter()
            .flat_map(|s| {
                s.points
                    .iter()
                    .flat_map(move |pt| pt.tasks.iter().map(move |t| (s.number, t)))
            })
            .filter(|(n, t)| task_matches(t, *n, &f, &data, &ledger))
            .map(|(_, t)| t.text.clone())
            .collect()
    };
    assert_eq!(matching(Filter::default()).len(), 4);
    assert_eq!(
        matching(Filter {
            section: Some(2),
            ..Filter::default()
        }),
        ["办好运动会"]
    );
    assert_eq!(
        matching(Filter {
            unit: Some("区文旅局".into()),
            ..Filter::default()
        }),
        ["办好运动会"]
    );
    assert_eq!(
        matching(Filter {
            unit: Some("区住建局".into()),
            ..Filter::default()
        }),
        ["建成公园"]
    );
    assert_eq!(
        matching(Filter {
            kind: Some(TaskKind::Ongoing),
            ..Filter::default()
        }),
        ["持续深化改革"]
    );
    assert_eq!(
        matching(Filter {
            state: Some(StateFilter::Milestone(MilestoneState::InProgress)),
            ..Filter::default()
        }),
        ["建成公园"]
    );
    assert_eq!(
        matching(Filter {
            state: Some(StateFilter::NotReported),
            ..Filter::default()
        })
        .len(),
        3
    );
    assert_eq!(
        matching(Filter {
            keyword: " 创收 ".into(),
            ..Filter::default()
        })
        .len(),
        1
    );
    assert!(Filter {
        keyword: "  ".into(),
        ..Filter::default()
    }
    .is_empty());
}
