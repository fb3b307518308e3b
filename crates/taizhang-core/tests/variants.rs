//! The parser on small texts, one phrasing at a time, through one `check` helper.

use taizhang_core::{parse_plan, Plan, TaskKind, UnitRole};

/// Wraps `body` (the text of point 1) in a minimal plan.
fn plan_with(body: &str) -> Plan {
    parse_plan(&format!(
        "某区2025年工作要点\n一、第一部分\n1.标题。{body}\n"
    ))
}

/// Renders each target of `body` as "metric value unit comparator commitment growth".
fn check(body: &str, expected: &[&str]) {
    let plan = plan_with(body);
    let actual: Vec<String> = plan
        .targets()
        .map(|t| {
            let c = serde_json::to_value(t.comparator).unwrap();
            let m = serde_json::to_value(t.commitment).unwrap();
            format!(
                "{} {}{} {} {} {}",
                t.metric,
                t.value,
                t.unit,
                c.as_str().unwrap(),
                m.as_str().unwrap_or("-"),
                t.growth
            )
        })
        .collect();
    assert_eq!(actual, expected, "for {body:?}");
}

#[test]
fn comparators() {
    check(
        "地区生产总值增长6%左右。",
        &["地区生产总值 6% about - true"],
    );
    check(
        "城镇调查失业率控制在5.5%以内。",
        &["城镇调查失业率 5.5% at_most - false"],
    );
    check(
        "万元GDP能耗控制在0.8吨。",
        &["万元GDP能耗 0.8吨 at_most - false"],
    );
    check("财政支出不超过3亿元。", &["财政支出 3亿元 at_most - false"]);
    check("债务率不高于80%。", &["债务率 80% at_most - false"]);
    check(
        "森林覆盖率保持在30%。",
        &["森林覆盖率 30% maintain - false"],
    );
    check(
        "青稞种植稳定在3万亩。",
        &["青稞种植 3万亩 maintain - false"],
    );
    check(
        "确保新增就业不低于500人。",
        &["就业 500人 at_least ensure false"],
    );
    check(
        "力争接待游客超过120万人次。",
        &["接待游客 120万人次 at_least strive false"],
    );
    check("建成小学2所以下。", &["小学 2所 at_most - false"]);
    check("完成植树1000株。", &["植树 1000株 exactly - false"]);
}

#[test]
fn several_targets_in_one_sentence() {
    check(
        "完成转移就业1.36万人以上，创收4亿元以上。",
        &[
            "转移就业 1.36万人 at_least - false",
            "创收 4亿元 at_least - false",
        ],
    );
    check(
        "确保空气质量达标率保持在99%、集中式饮用水水质达标率保持在100%。",
        &[
            "空气质量达标率 99% maintain ensure false",
            "集中式饮用水水质达标率 100% maintain ensure false",
        ],
    );
    check(
        "完成849户农村户厕改造，3114户人畜分离存量任务。",
        &[
            "农村户厕改造 849户 exactly - false",
            "人畜分离存量任务 3114户 exactly - false",
        ],
    );
}

#[test]
fn full_width_digits_and_punctuation() {
    check(
        "新增营造林２．８８万亩，完成公路１２公里。",
        &[
            "营造林 2.88万亩 exactly - false",
            "公路 12公里 exactly - false",
        ],
    );
    check(
        "新增营造林2.88万亩,完成公路12公里;",
        &[
            "营造林 2.88万亩 exactly - false",
            "公路 12公里 exactly - false",
        ],
    );
    check("覆盖率达到98％以上。", &["覆盖率 98% at_least - false"]);
}

#[test]
fn numbers_that_are_not_targets() {
    for body in [
        "筹办好第45届雅砻物资交流会。",
        "办好第四届农牧民传统运动会。",
        "2025年完成相关工作。",
        "力争新入驻“832平台”企业。",
        "推动雍布拉康国家4A旅游景区创建。",
        "建成80MW保障性并网风力发电项目。",
        "推进5G基站建设。",
        "深入实施“八五”普法，落实三年行动，实施“六大工程”。",
        "做好第二轮督察整改。",
        "争取雅江天街二期尽早开工。",
        "于3月底前完成。",
    ] {
        check(body, &[]);
    }
}

#[test]
fn a_number_without_a_unit_is_reported_not_guessed() {
    let plan = plan_with("完成指标123。");
    assert_eq!(plan.targets().count(), 0);
    assert!(
        plan.diagnostics
            .iter()
            .any(|d| d.code == "unclassified_number"),
        "{:?}",
        plan.diagnostics
    );
}

#[test]
fn heading_styles() {
    let plan = parse_plan("某县2024年工作计划\n（一）稳增长\n1、抓投资。完成投资10亿元。\n2、促消费。办好消费节。\n（二）惠民生\n（1）抓就业。新增就业300人。\n");
    assert_eq!(plan.sections.len(), 2);
    assert_eq!(plan.sections[1].numeral, "二");
    // Numbering restarts in the second section: numbers stay unique, the written ones are shown.
    let numbers: Vec<u32> = plan.points().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    let shown: Vec<String> = plan.points().map(|p| p.shown_number()).collect();
    assert_eq!(shown, ["1", "2", "1"]);
    assert_eq!(plan.period.start.to_string(), "2024-01-01");
    assert_eq!(plan.targets().count(), 2);
    // With "一、" sections present, "（一）" lines are not sections.
    let plan = parse_plan("计划\n一、甲\n1.子项。完成10个。\n二、乙\n2.子项。完成20个。\n");
    assert_eq!(plan.sections.len(), 2);
    assert_eq!(plan.points().count(), 2);
}

#[test]
fn responsible_units_named_in_the_text() {
    let plan = plan_with("完成投资10亿元（牵头单位：县发展和改革局；责任单位：县财政局、县自然资源局）。办好运动会。");
    let task = plan.tasks().next().unwrap();
    assert_eq!(task.text, "完成投资10亿元");
    let units: Vec<(&str, UnitRole)> = task
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.role))
        .collect();
    assert_eq!(
        units,
        [
            ("县发展和改革局", UnitRole::Lead),
            ("县财政局", UnitRole::Support),
            ("县自然资源局", UnitRole::Support)
        ]
    );
    assert_eq!(task.targets.len(), 1);
    // A trailing clause on its own names the units of every task of the point.
    let plan = plan_with("建成公园。办好运动会。（牵头单位：区文旅局）");
    assert_eq!(plan.tasks().count(), 2);
    assert!(plan
        .tasks()
        .all(|t| t.units.len() == 1 && t.units[0].name == "区文旅局"));
}

#[test]
fn kinds() {
    let plan = plan_with("建成公园。持续深化改革。完成投资10亿元。常态化开展巡查。召开推进大会。");
    let kinds: Vec<TaskKind> = plan.tasks().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TaskKind::Milestone,
            TaskKind::Ongoing,
            TaskKind::Quantitative,
            TaskKind::Ongoing,
            TaskKind::Milestone
        ]
    );
}

#[test]
fn header_without_a_notice_wrapper() {
    let plan = parse_plan("某某市人民政府\n某某市2026年重点工作\n一、甲\n1.乙。丙。");
    assert_eq!(plan.issuer, "某某市人民政府");
    assert_eq!(plan.period.start.to_string(), "2026-01-01");
    assert!(plan.diagnostics.iter().any(|d| d.code == "no_issue_date"));
}

#[test]
fn structural_problems_become_diagnostics() {
    let plan = parse_plan("标题\n1.先出现的要点。\n一、部分\n3.跳号。\n3.重复。\n");
    let codes: Vec<&str> = plan.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"point_outside_section"), "{codes:?}");
    assert!(codes.contains(&"point_out_of_order"), "{codes:?}");
    assert!(codes.contains(&"duplicate_point"), "{codes:?}");
    // A text without headings is read as paragraphs (issue #13), and the guess is said.
    let garbled = parse_plan("这不是一份工作要点。\n随便写的几句话。");
    assert!(garbled.has_structure());
    assert_eq!(garbled.points().count(), 2);
    let codes: Vec<&str> = garbled
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"no_headings"), "{codes:?}");
    assert!(!codes.contains(&"no_structure"), "{codes:?}");
    let blank = parse_plan(" \n ");
    assert!(!blank.has_structure());
    assert!(blank.diagnostics.iter().any(|d| d.code == "no_structure"));
}
