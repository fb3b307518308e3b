//! The seed plan, read end to end. The expected list below is the spec: it was checked by hand
//! against `seeds/naidong-2025-work-points.txt`, target by target.

use taizhang_core::{parse_plan, Commitment, Comparator, Plan, TaskKind};

const SEED: &str = include_str!("../../../seeds/naidong-2025-work-points.txt");

fn seed() -> Plan {
    parse_plan(SEED)
}

/// One line per target: "point metric value unit comparator commitment".
fn render_targets(plan: &Plan) -> Vec<String> {
    let cmp = |c: Comparator| match c {
        Comparator::AtLeast => "≥",
        Comparator::AtMost => "≤",
        Comparator::About => "≈",
        Comparator::Maintain => "保持",
        Comparator::Exactly => "=",
    };
    let com = |c: Option<Commitment>| match c {
        Some(Commitment::Ensure) => " 确保",
        Some(Commitment::Strive) => " 力争",
        None => "",
    };
    plan.points()
        .flat_map(|p| p.tasks.iter().map(move |t| (p.number, t)))
        .flat_map(|(n, t)| t.targets.iter().map(move |g| (n, g)))
        .map(|(n, g)| {
            let growth = if g.growth { " 增速" } else { "" };
            format!(
                "{n} {} {}{} {}{}{growth}",
                g.metric,
                g.value,
                g.unit,
                cmp(g.comparator),
                com(g.commitment)
            )
        })
        .collect()
}

/// Compares the rendered targets with the expected list, showing both on failure.
fn check(plan: &Plan, expected: &[&str]) {
    let actual = render_targets(plan);
    assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
}

#[test]
fn every_quantitative_target_of_the_seed() {
    check(
        &seed(),
        &[
            "1 固定资产投资 40亿元 ≥ 力争",
            // A budget commitment: kept as a target, since the office tracks the money.
            "2 本级、援藏资金 500万元 =",
            "2 限额以上经营主体 10家 ≥ 力争",
            "3 高标准农田 9300亩 =",
            "3 粮食播种 5万亩 ≥ 确保",
            // "稳定在3万亩以上" is a floor: 以上 decides.
            "3 青稞种植 3万亩 ≥ 确保",
            "3 农业产业化龙头企业 1家 = 力争",
            "3 新认证绿色产品 2个 ≥",
            // The quoted “832平台” is a name; 2个 is the target.
            "3 新入驻“832平台”优质农特产品 2个 ≥ 力争",
            "4 规上工业 2家 = 力争",
            "5 文旅推介活动 4次 ≥",
            "6 农牧民技能培训 700人 ≥ 力争",
            "6 转移就业 1.36万人 ≥",
            "6 创收 4亿元 ≥",
            "6 高校毕业生专场招聘会 5场 =",
            "6 就业岗位 3000个 ≥",
            "6 应届高校毕业生就业率 98% ≥ 确保",
            "8 “三下乡”文艺惠民演出 60场次 ≥",
            "8 公益群众文化活动 50场次 ≥",
            "8 优秀文艺节目 13个 ≥",
            "8 县级非物质文化遗产 100个 =",
            // A quantified milestone: twelve plans to compile, trackable as a count.
            "9 城镇开发边界外社区实用性村庄规划编制 12个 =",
            "10 乡村振兴衔接资金 2200万元 =",
            "10 农村户厕改造 849户 =",
            "10 人畜分离存量任务 3114户 =",
            "10 自治区级美丽宜居示范村 2个 =",
            "11 营造林 2.88万亩 =",
            "12 空气质量达标率 99% 保持 确保",
            "12 集中式饮用水水质达标率 100% 保持 确保",
            "16 招商引资到位资金 20亿元 ≥ 力争",
        ],
    );
}

#[test]
fn header_sections_and_points() {
    let plan = seed();
    assert_eq!(plan.title, "乃东区人民政府2025年工作要点");
    assert_eq!(plan.issuer, "乃东区人民政府");
    assert_eq!(
        plan.issued_on.map(|d| d.to_string()).as_deref(),
        Some("2025-03-06")
    );
    assert_eq!(plan.period.start.to_string(), "2025-01-01");
    assert_eq!(plan.period.end.to_string(), "2025-12-31");
    assert!(plan
        .preamble
        .starts_with("2025年,区政府坚持以习近平新时代中国特色社会主义思想为指导"));
    assert_eq!(plan.sections.len(), 8);
    let numerals: Vec<&str> = plan.sections.iter().map(|s| s.numeral.as_str()).collect();
    assert_eq!(numerals, ["一", "二", "三", "四", "五", "六", "七", "八"]);
    assert_eq!(
        plan.sections[0].title,
        "坚持扩投促消,更大力度支撑经济发展走在前列"
    );
    let numbers: Vec<u32> = plan.points().map(|p| p.number).collect();
    assert_eq!(numbers, (1..=22).collect::<Vec<_>>());
    let titles: Vec<&str> = plan.points().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "持续扩大有效投资",
            "持续释放消费潜力",
            "加快传统产业升级",
            "培育好新质生产力",
            "加快文旅深度融合",
            "突出就业优先导向",
            "协同发展社会事业",
            "深入推进文化惠民",
            "持续加快城市建设",
            "推进乡村全面振兴",
            "践行绿色发展方式",
            "强化生态系统保护",
            "抓实环境问题整改",
            "深化重点领域改革",
            "持续优化营商环境",
            "提升招商引资质效",
            "全力维护社会稳定",
            "抓实抓细安全生产",
            "防范化解重大风险",
            "持续强化自身建设",
            "着力提升履职效能",
            "推进法治政府建设",
        ]
    );
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
}

#[test]
fn no_name_year_or_ordinal_becomes_a_target() {
    let plan = seed();
    for t in plan.targets() {
        assert!(
            !["年", "届", "轮", "期", "MW", "A"].contains(&t.unit.as_str()),
            "{t:?}"
        );
        let v = t.value.to_string();
        assert!(
            !["2025", "45", "832", "80", "4", "3"].contains(&v.as_str())
                || !t.phrase.contains(&format!("{v}年")),
            "{t:?}"
        );
        assert!(
            !t.phrase.contains("MW") && !t.phrase.contains("4A") && !t.phrase.contains("第45届"),
            "{t:?}"
        );
    }
    assert!(!plan
        .targets()
        .any(|t| t.value.to_string() == "832" || t.value.to_string() == "80"));
}

fn task_with<'a>(plan: &'a Plan, needle: &str) -> &'a taizhang_core::Task {
    plan.tasks()
        .find(|t| t.text.contains(needle))
        .unwrap_or_else(|| panic!("no task contains {needle}"))
}

#[test]
fn milestones_and_ongoing_tasks() {
    let plan = seed();
    for m in [
        "完成第四次全国文物普查",
        "办好第四届农牧民传统运动会",
        "建成亚堆乡才朋村80MW",
        "开工建设雅江中下游生态修复与综合治理工程",
        "办好首届农牧民增收大会",
    ] {
        assert_eq!(task_with(&plan, m).kind, TaskKind::Milestone, "{m}");
    }
    for o in [
        "常态化开展扫黑除恶",
        "深化金融体制改革",
        "持续抓好“无废城市”建设",
        "推进移风易俗",
    ] {
        assert_eq!(task_with(&plan, o).kind, TaskKind::Ongoing, "{o}");
    }
    assert_eq!(task_with(&plan, "849户").kind, TaskKind::Quantitative);
    // Every task has text and lies inside its point; every target inside its task.
    for p in plan.points() {
        for t in &p.tasks {
            assert!(!t.text.is_empty());
            assert!(p.span.contains(t.span), "{t:?}");
            for g in &t.targets {
                assert!(t.span.contains(g.span), "{g:?}");
                assert_eq!(
                    taizhang_core::text::slice_chars(&plan.source, g.span),
                    g.phrase
                );
            }
        }
    }
    assert!(
        plan.tasks().count() > 100,
        "only {} tasks",
        plan.tasks().count()
    );
}

#[test]
fn ids_are_unique_and_the_same_every_time() {
    let a = seed();
    let b = seed();
    let ids: Vec<&str> = a
        .tasks()
        .map(|t| t.id.as_str())
        .chain(a.targets().map(|t| t.id.as_str()))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    assert_eq!(
        ids,
        b.tasks()
            .map(|t| t.id.as_str())
            .chain(b.targets().map(|t| t.id.as_str()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_edit_elsewhere_does_not_change_ids() {
    let a = seed();
    // Rewrite point 2's first sentence and insert a sentence into point 20.
    let edited = SEED
        .replace("大力发展文旅经济、赛事经济、夜间经济", "大力发展文旅经济")
        .replace("驰而不息改进作风", "新增一句话。驰而不息改进作风");
    let b = parse_plan(&edited);
    let ids = |p: &Plan, n: u32| -> Vec<String> {
        p.points()
            .filter(|pt| pt.number == n)
            .flat_map(|pt| pt.tasks.iter())
            .flat_map(|t| {
                std::iter::once(t.id.clone()).chain(t.targets.iter().map(|g| g.id.clone()))
            })
            .collect()
    };
    for n in [1, 3, 6, 10, 11, 12, 16, 22] {
        assert_eq!(ids(&a, n), ids(&b, n), "point {n}");
    }
    assert_ne!(ids(&a, 2), ids(&b, 2));
}

#[test]
fn the_plan_json_has_the_documented_shape() {
    let json: serde_json::Value = serde_json::to_value(seed()).unwrap();
    let target = &json["sections"][0]["points"][0]["tasks"][2]["targets"][0];
    assert_eq!(target["value"], "40");
    assert_eq!(target["unit"], "亿元");
    assert_eq!(target["comparator"], "at_least");
    assert_eq!(target["commitment"], "strive");
    assert_eq!(target["growth"], false);
    assert!(json["sections"][0]["points"][0]["tasks"][0]["span"].is_array());
    let forest = json["sections"][4]["points"][0]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["targets"].as_array().unwrap().clone())
        .next()
        .unwrap();
    assert_eq!(forest["value"], "2.88");
}

/// The app embeds the seed with the texts that are their span's stretch of the source left out:
/// every point's and task's text and every target's phrase is one, so the embedded form carries
/// the text once, and it reads back as the plan itself, through JSON as build.rs writes it.
#[test]
fn the_embedded_form_carries_the_text_once_and_reads_back() {
    let plan = seed();
    let compact = plan.clone().without_span_texts();
    assert!(compact.points().all(|p| p.text.is_empty()));
    assert!(compact.tasks().all(|t| t.text.is_empty()));
    assert!(compact.targets().all(|t| t.phrase.is_empty()));
    let json = serde_json::to_string(&compact).unwrap();
    let full = serde_json::to_string(&plan).unwrap();
    assert!(
        json.len() * 10 < full.len() * 6,
        "{} of {} bytes",
        json.len(),
        full.len()
    );
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back.restore_span_texts(), plan);
}
