//! Phrasings of the parser's spec (issue #3) not pinned elsewhere: full-width and half-width
//! markers, points that are only a title, identical task texts, the seed's multi-target
//! sentences read on their own, and the honesty of every span on small inputs.
//!
//! `variants.rs` covers comparators, growth and the negatives; `seed.rs` the seed as a whole;
//! `fuzz.rs` arbitrary input. This file fills the gaps between them.

use taizhang_core::testkit::assert_spans_honest;
use taizhang_core::{parse_plan, Plan, TaskKind};

/// Wraps `body` (the text of point 1) in a minimal plan with a title and one section.
fn plan_with(body: &str) -> Plan {
    parse_plan(&format!(
        "某区2025年工作要点\n一、第一部分\n1.标题。{body}\n"
    ))
}

/// One line per target: "metric value+unit comparator commitment growth", as JSON names.
fn render(plan: &Plan) -> Vec<String> {
    plan.targets()
        .map(|t| {
            let c = serde_json::to_value(t.comparator).expect("a comparator serialises");
            let m = serde_json::to_value(t.commitment).expect("a commitment serialises");
            format!(
                "{} {}{} {} {} {}",
                t.metric,
                t.value,
                t.unit,
                c.as_str().unwrap_or("?"),
                m.as_str().unwrap_or("-"),
                t.growth
            )
        })
        .collect()
}

/// Checks the targets read from `body`, and that every span of the plan is honest: inside the
/// source, tasks inside their point, targets inside their task, and each target's phrase exactly
/// the source text its span covers.
fn check(body: &str, expected: &[&str]) {
    let plan = plan_with(body);
    assert_spans_honest(&plan);
    let actual = render(&plan);
    assert_eq!(actual, expected, "for {body:?}");
}

#[test]
fn the_seeds_multi_target_sentences_on_their_own() {
    check(
        "举办5场高校毕业生专场招聘会，提供不少于3000个就业岗位，确保应届高校毕业生就业率达到98%以上。",
        &[
            "高校毕业生专场招聘会 5场 exactly - false",
            "就业岗位 3000个 at_least - false",
            "应届高校毕业生就业率 98% at_least ensure false",
        ],
    );
    check(
        "组织开展“三下乡”文艺惠民演出60场次以上，公益群众文化活动50场次以上，争创优秀文艺节目不少于13个。",
        &[
            "“三下乡”文艺惠民演出 60场次 at_least - false",
            "公益群众文化活动 50场次 at_least - false",
            "优秀文艺节目 13个 at_least - false",
        ],
    );
    // One 力争 at the head of a sentence governs every target after it.
    check(
        "力争完成固定资产投资40亿元以上，新增限额以上经营主体10家以上。",
        &[
            "固定资产投资 40亿元 at_least strive false",
            "限额以上经营主体 10家 at_least strive false",
        ],
    );
}

#[test]
fn growth_is_a_rate_not_a_level() {
    check(
        "地区生产总值同比增长6%左右，城镇居民人均可支配收入增长8%。",
        &[
            "地区生产总值 6% about - true",
            "城镇居民人均可支配收入 8% exactly - true",
        ],
    );
    check(
        "社会消费品零售总额达到20亿元。",
        &["社会消费品零售总额 20亿元 exactly - false"],
    );
}

#[test]
fn quantified_milestones_and_names_with_numbers() {
    // Decision: a count inside a one-time job is still a count worth tracking.
    check(
        "启动城镇开发边界外12个社区实用性村庄规划编制。",
        &["城镇开发边界外社区实用性村庄规划编制 12个 exactly - false"],
    );
    // The quoted name “832平台” is not a quantity; 2个 is.
    check(
        "力争新入驻“832平台”优质农特产品2个以上。",
        &["新入驻“832平台”优质农特产品 2个 at_least strive false"],
    );
    // The capacity inside a project's name is no target, and the task is a milestone.
    let plan = plan_with("建成亚堆乡才朋村80MW保障性并网风力发电+储能项目。");
    assert_eq!(plan.targets().count(), 0);
    assert_eq!(
        plan.tasks().map(|t| t.kind).collect::<Vec<_>>(),
        [TaskKind::Milestone]
    );
    for body in [
        "加快“雅江一号”智算中心交付运营。",
        "争取雅江天街二期尽早开工。",
        "办好首届农牧民增收大会。",
        "坚持“三个赋予一个有利于”。",
        "高质量完成第二轮中央环保督察反馈意见整改。",
    ] {
        check(body, &[]);
    }
}

#[test]
fn full_width_markers_and_half_width_headings() {
    let plan = parse_plan(
        "某区2025年工作要点\n(一)稳增长\n１．抓投资。完成投资１０亿元。\n２．促消费。办好消费节。\n(二)惠民生\n（3）抓就业。新增就业300人以上。\n",
    );
    assert_spans_honest(&plan);
    let sections: Vec<(u32, &str, &str)> = plan
        .sections
        .iter()
        .map(|s| (s.number, s.numeral.as_str(), s.title.as_str()))
        .collect();
    assert_eq!(sections, [(1, "一", "稳增长"), (2, "二", "惠民生")]);
    let points: Vec<(u32, &str)> = plan
        .points()
        .map(|p| (p.number, p.title.as_str()))
        .collect();
    assert_eq!(points, [(1, "抓投资"), (2, "促消费"), (3, "抓就业")]);
    assert_eq!(
        render(&plan),
        ["投资 10亿元 exactly - false", "就业 300人 at_least - false"]
    );
}

#[test]
fn points_under_dun_sections_may_use_parentheses() {
    let plan =
        parse_plan("某区2025年工作要点\n一、甲\n（1）子项。完成10个。\n(2)子项。完成20个。\n");
    let numbers: Vec<u32> = plan.points().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(plan.sections.len(), 1);
    assert!(plan.diagnostics.iter().all(|d| d.code != "no_structure"));
}

#[test]
fn a_point_that_is_only_a_title_is_its_own_task() {
    let plan = plan_with("");
    let texts: Vec<&str> = plan.tasks().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["标题"]);
    let plan = parse_plan("某区2025年工作要点\n一、甲\n1.完成全民所有自然资源资产清查\n");
    let task = plan.tasks().next().expect("the title is the task");
    assert_eq!(task.text, "完成全民所有自然资源资产清查");
    assert_eq!(task.kind, TaskKind::Milestone);
}

#[test]
fn identical_task_texts_get_distinct_deterministic_ids() {
    let text = "某区2025年工作要点\n一、甲\n1.一。开展巡查。\n2.二。开展巡查。\n";
    let ids = |p: &Plan| p.tasks().map(|t| t.id.clone()).collect::<Vec<_>>();
    let a = ids(&parse_plan(text));
    assert_eq!(a.len(), 2);
    assert_eq!(a[1], format!("{}-2", a[0]));
    assert_eq!(a, ids(&parse_plan(text)));
}

#[test]
fn whitespace_and_line_wrapping_do_not_change_ids() {
    let one = parse_plan("某区2025年工作要点\n一、甲\n1.标题。完成投资10亿元。建成公园。\n");
    let wrapped = parse_plan(
        "某区2025年工作要点\r\n\r\n一、甲\r\n1.标题。完成投资\r\n10亿元。建成 公园。\r\n",
    );
    let ids = |p: &Plan| {
        p.tasks()
            .flat_map(|t| {
                std::iter::once(t.id.clone()).chain(t.targets.iter().map(|g| g.id.clone()))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&one), ids(&wrapped));
}

#[test]
fn empty_and_blank_inputs_have_no_structure() {
    for text in ["", " \n\t\u{3000}\n", "\u{feff}"] {
        let plan = parse_plan(text);
        assert!(!plan.has_structure(), "{text:?}");
        assert!(
            plan.diagnostics.iter().any(|d| d.code == "no_structure"),
            "{text:?}: {:?}",
            plan.diagnostics
        );
        assert_eq!(plan.source, text);
        assert_spans_honest(&plan);
    }
}

#[test]
fn header_fields_and_the_fingerprint() {
    let text =
        "某某县人民政府\n2024年12月30日\n某某县2025年工作要点\n开篇的话。\n一、甲\n1.乙。丙。\n";
    let plan = parse_plan(text);
    assert_eq!(plan.title, "某某县2025年工作要点");
    assert_eq!(plan.issuer, "某某县人民政府");
    assert_eq!(
        plan.issued_on.map(|d| d.to_string()).as_deref(),
        Some("2024-12-30")
    );
    // The title's year wins over the year of issue.
    assert_eq!(plan.period.start.to_string(), "2025-01-01");
    assert_eq!(plan.period.end.to_string(), "2025-12-31");
    assert_eq!(plan.preamble, "开篇的话。");
    assert_eq!(
        plan.id,
        taizhang_core::id::content_id("plan-", "某某县2025年工作要点|某某县人民政府")
    );
    assert_eq!(plan.fingerprint, taizhang_core::id::content_id("", text));
    let edited = parse_plan(&text.replace("丙", "丁"));
    assert_eq!(edited.id, plan.id);
    assert_ne!(edited.fingerprint, plan.fingerprint);
}

#[test]
fn a_units_clause_is_no_part_of_a_metric_or_phrase() {
    let plan = plan_with(
        "完成投资10亿元（牵头单位：县发改局；责任单位：县财政局）；（牵头单位：县住建局）建成公园2个。",
    );
    assert_spans_honest(&plan);
    let targets: Vec<(&str, &str)> = plan
        .targets()
        .map(|t| (t.metric.as_str(), t.phrase.as_str()))
        .collect();
    assert_eq!(
        targets,
        [("投资", "完成投资10亿元"), ("公园", "建成公园2个")]
    );
}

#[test]
fn thousands_separators_and_percentage_points() {
    check(
        "安排资金1,200万元，建设道路3.5公里。",
        &[
            "安排资金 1200万元 exactly - false",
            "建设道路 3.5公里 exactly - false",
        ],
    );
    check("完成投资1,234,567元。", &["投资 1234567元 exactly - false"]);
    // A comma before more or fewer than three digits separates clauses.
    check(
        "完成投资12亿元,5个项目开工。",
        &[
            "投资 12亿元 exactly - false",
            "项目开工 5个 exactly - false",
        ],
    );
    check(
        "城镇化率提高1.5个百分点，新增就业增加500人。",
        &[
            "城镇化率 1.5个百分点 exactly - true",
            "就业 500人 exactly - true",
        ],
    );
    let plan = plan_with("安排资金1,200万元。");
    assert!(
        plan.diagnostics
            .iter()
            .all(|d| d.code != "unclassified_number"),
        "{:?}",
        plan.diagnostics
    );
}

#[test]
fn milestone_verbs_used_as_nouns_or_in_standing_efforts_are_ongoing() {
    for (text, kind) in [
        // The seed's milestones.
        ("完成第四次全国文物普查", TaskKind::Milestone),
        ("办好第四届农牧民传统运动会", TaskKind::Milestone),
        (
            "深化爱国卫生运动，推动国家级卫生城市创建",
            TaskKind::Milestone,
        ),
        (
            "巩固“三区三线”划定成果，推动雅砻风景名胜区完成调规",
            TaskKind::Milestone,
        ),
        ("推动中国软件、灰鲸数据开工建设", TaskKind::Milestone),
        // A verb in a list of nouns, or heading a noun phrase.
        (
            "着力在产业链条打造、消费升级等领域下功夫",
            TaskKind::Ongoing,
        ),
        ("提高预算编制科学性、合规性、合理性", TaskKind::Ongoing),
        ("巩固兴开养殖场搬迁、砖厂整治工作成效", TaskKind::Ongoing),
        // A clause opened by 持续/坚持…, and 办好 of a standing duty.
        ("持续开展民族团结进步创建", TaskKind::Ongoing),
        ("高质量办好基础教育", TaskKind::Ongoing),
    ] {
        assert_eq!(
            taizhang_core::plantext::kind_without_targets(text),
            kind,
            "{text}"
        );
    }
}

#[test]
fn plain_paragraphs_are_points_and_the_guess_is_said() {
    // Issue #13: text without any heading is no longer refused. Each paragraph is a point, and a
    // diagnostic says so.
    let plan = parse_plan("第一段。\n第二段。");
    assert!(plan.has_structure());
    let points: Vec<&str> = plan.points().map(|p| p.text.as_str()).collect();
    assert_eq!(points, ["第一段。", "第二段。"]);
    assert!(
        plan.diagnostics.iter().any(|d| d.code == "no_headings"),
        "{:?}",
        plan.diagnostics
    );
    assert!(plan.diagnostics.iter().all(|d| d.code != "no_structure"));
    assert_spans_honest(&plan);
}
