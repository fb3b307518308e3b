//! The layouts of issue #13, one small text each, through one `check` helper that renders what the
//! parser read: sections, points, tasks (with units and deadline) and targets, then the codes of
//! the diagnostics that say what was guessed.

use taizhang_core::testkit::assert_spans_honest;
use taizhang_core::{parse_plan, Plan, UnitRole};

/// One line per node:
///
/// ```text
/// § 一 section title
///   1 point title
///     - task text [lead:单位 support:单位] @2025-06-30
///       = metric value+unit comparator commitment growth upper
/// ! diagnostic codes
/// ```
fn render(plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for s in &plan.sections {
        out.push(
            format!("§ {} {}", s.numeral, s.title)
                .trim_end()
                .to_string(),
        );
        for p in &s.points {
            out.push(format!("  {} {}", p.shown_number(), p.title));
            for t in &p.tasks {
                let mut line = format!("    - {}", t.text);
                if !t.units.is_empty() {
                    let units: Vec<String> = t
                        .units
                        .iter()
                        .map(|u| {
                            let role = match u.role {
                                UnitRole::Lead => "lead",
                                UnitRole::Support => "support",
                            };
                            format!("{role}:{}", u.name)
                        })
                        .collect();
                    line += &format!(" [{}]", units.join(" "));
                }
                if let Some(d) = t.deadline {
                    line += &format!(" @{d}");
                }
                out.push(line);
                for g in &t.targets {
                    let c = serde_json::to_value(g.comparator).expect("a comparator serialises");
                    let m = serde_json::to_value(g.commitment).expect("a commitment serialises");
                    let mut line = format!(
                        "      = {} {}{} {} {}{}",
                        g.metric,
                        g.value,
                        g.unit,
                        c.as_str().unwrap_or("?"),
                        m.as_str().unwrap_or("-"),
                        if g.growth { " growth" } else { "" }
                    );
                    if let Some(u) = g.upper {
                        line += &format!(" upper={u}");
                    }
                    out.push(line);
                }
            }
        }
    }
    let mut codes: Vec<&str> = plan
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| !matches!(*c, "no_title" | "no_issue_date" | "no_period"))
        .collect();
    codes.dedup();
    if !codes.is_empty() {
        out.push(format!("! {}", codes.join(" ")));
    }
    out
}

/// Parses `input` and compares what was read with `expected`, showing both on failure. Also checks
/// the laws every parse keeps: spans inside the text, tasks inside their points, targets inside
/// their tasks.
fn check(input: &str, expected: &str) {
    let plan = parse_plan(input);
    assert_spans_honest(&plan);
    let actual = render(&plan).join("\n");
    let expected = expected
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(actual, expected, "\nactual:\n{actual}\n");
}

#[test]
fn only_paren_headings_with_paragraphs() {
    check(
        "某县2025年重点工作安排\n（一）稳增长\n全年地区生产总值增长6%左右。\n固定资产投资增长8%。\n（二）惠民生\n新增城镇就业不少于5000人。\n",
        "
        § 一 稳增长
          1 全年地区生产总值增长6%左右
            - 全年地区生产总值增长6%左右
              = 地区生产总值 6% about - growth
          2 固定资产投资增长8%
            - 固定资产投资增长8%
              = 固定资产投资 8% exactly - growth
        § 二 惠民生
          1 新增城镇就业不少于5000人
            - 新增城镇就业不少于5000人
              = 城镇就业 5000人 at_least -
        ",
    );
}

#[test]
fn a_heading_line_that_goes_on_is_a_title_and_a_point() {
    check(
        "某区2025年工作要点\n（一）扩大有效投资。全年完成固定资产投资50亿元以上。\n（二）促进消费。办好消费节。\n",
        "
        § 一 扩大有效投资
          1 全年完成固定资产投资50亿元以上
            - 全年完成固定资产投资50亿元以上
              = 固定资产投资 50亿元 at_least -
        § 二 促进消费
          1 办好消费节
            - 办好消费节
        ",
    );
}

#[test]
fn a_flat_numbered_list_with_units_in_and_out_of_brackets() {
    check(
        "某县2025年民生实事\n1.新建三所幼儿园（牵头单位：县教育局；责任单位：县财政局）\n2.改造农村公路30公里。牵头单位：县交通运输局\n3.建成养老服务中心2个（责任单位：县民政局、各乡镇\n",
        "
        §
          1 新建三所幼儿园（牵头单位：县教育局；责任单位：县财政局）
            - 新建三所幼儿园 [lead:县教育局 support:县财政局]
              = 幼儿园 3所 exactly -
          2 改造农村公路30公里
            - 改造农村公路30公里 [lead:县交通运输局]
              = 改造农村公路 30公里 exactly -
          3 建成养老服务中心2个（责任单位：县民政局、各乡镇
            - 建成养老服务中心2个 [support:县民政局 support:各乡镇]
              = 养老服务中心 2个 exactly -
        ! no_sections
        ",
    );
}

#[test]
fn plain_paragraphs() {
    check(
        "今年全县粮食播种面积稳定在30万亩以上。\n城镇调查失业率控制在5.5%以内，居民消费价格涨幅3%左右。\n",
        "
        §
          1 今年全县粮食播种面积稳定在30万亩以上
            - 今年全县粮食播种面积稳定在30万亩以上
              = 全县粮食播种面积 30万亩 at_least -
          2 城镇调查失业率控制在5.5%以内
            - 城镇调查失业率控制在5.5%以内，居民消费价格涨幅3%左右
              = 城镇调查失业率 5.5% at_most -
              = 居民消费价格 3% about - growth
        ! no_headings
        ",
    );
}

#[test]
fn a_report_is_read_from_this_years_work_with_its_annex() {
    check(
        "政府工作报告\n——2025年1月8日在某县第十八届人民代表大会第五次会议上\n各位代表：\n一、2024年工作回顾\n过去一年，全县地区生产总值增长5.2%，新增就业6000人。\n二、2025年工作安排\n今年主要预期目标是：地区生产总值增长6%左右，城乡居民收入分别增长6%、6.5%。\n（一）抓项目。力争完成投资100亿元。\n附件\n2025年十件民生实事\n1.新建中小学2所（牵头单位：县教育局）\n",
        "
        § 二 2025年工作安排
          1 今年主要预期目标是
            - 今年主要预期目标是：地区生产总值增长6%左右，城乡居民收入分别增长6%、6.5%
              = 地区生产总值 6% about - growth
              = 城乡居民收入 6% exactly - growth
              = 城乡居民收入 6.5% exactly - growth
          1 抓项目
            - 力争完成投资100亿元
              = 投资 100亿元 exactly strive
        §  附件 2025年十件民生实事
          1 新建中小学2所（牵头单位：县教育局）
            - 新建中小学2所 [lead:县教育局]
              = 中小学 2所 exactly -
        ! review_skipped
        ",
    );
}

#[test]
fn a_tab_separated_table_from_word() {
    check(
        "某区2025年重点项目任务清单\n序号\t项目名称\t目标任务\t牵头单位\t责任单位\t完成时限\n1\t城区道路改造\t改造道路12公里\t区住建局\t区财政局、各街道\t2025年10月\n2\t公园建设\t建成口袋公园5个\t区园林局\t\t年底前\n",
        "
        §
          1 城区道路改造
            - 城区道路改造；改造道路12公里 [lead:区住建局 support:区财政局 support:各街道] @2025-10-31
              = 改造道路 12公里 exactly -
          2 公园建设
            - 公园建设；建成口袋公园5个 [lead:区园林局] @2025-12-31
              = 口袋公园 5个 exactly -
        ! no_sections
        ",
    );
}

#[test]
fn a_pipe_table_from_a_web_page_with_its_furniture() {
    check(
        "索引号：11522600/2025-00012\n发布机构：某市人民政府办公室\n成文日期：2025-03-06\n某市2025年民生实事项目\n| 序号 | 项目名称 | 牵头单位 |\n|---|---|---|\n| 1 | 新增停车位2000个 | 市城管局 |\n打印本页 关闭窗口\nhttps://www.example.gov.cn/art/2025/3/6/art_1.html\n",
        "
        §
          1 新增停车位2000个
            - 新增停车位2000个 [lead:市城管局]
              = 停车位 2000个 exactly -
        ! no_sections
        ",
    );
    let plan = parse_plan(
        "发布机构：某市人民政府办公室\n成文日期：2025-03-06\n某市2025年工作要点\n一、甲\n1.乙。\n",
    );
    assert_eq!(plan.issuer, "某市人民政府办公室");
    assert_eq!(
        plan.issued_on.map(|d| d.to_string()).as_deref(),
        Some("2025-03-06")
    );
    assert_eq!(plan.title, "某市2025年工作要点");
}

#[test]
fn every_depth_of_markers() {
    // Sections are the shallowest style, points the next; deeper items (1., （1）, ①) each end a
    // task, since the model has no level below the point.
    check(
        "某县2025年工作要点\n一、经济发展\n（一）抓投资\n1.重点项目。\n（1）新开工项目20个\n（2）竣工项目15个\n② 储备项目30个\n二、社会民生\n（一）教育\n1.新建学校3所。\n",
        "
        § 一 经济发展
          1 抓投资
            - 重点项目
            - 新开工项目20个
              = 新开工项目 20个 exactly -
            - 竣工项目15个
              = 竣工项目 15个 exactly -
            - 储备项目30个
              = 储备项目 30个 exactly -
        § 二 社会民生
          1 教育
            - 新建学校3所
              = 学校 3所 exactly -
        ",
    );
}

#[test]
fn growth_levels_and_ranges() {
    check(
        "某市2025年工作要点\n一、目标\n1.目标。地区生产总值增长5%—5.5%。单位生产总值能耗下降3%。研发投入强度提高0.2个百分点。社会消费品零售总额突破500亿元。常住人口城镇化率超60%。森林覆盖率不低于45%。确保粮食产量稳定在50万吨以上，力争达到52万吨。\n",
        "
        § 一 目标
          1 目标
            - 地区生产总值增长5%—5.5%
              = 地区生产总值 5% about - growth upper=5.5
            - 单位生产总值能耗下降3%
              = 单位生产总值能耗 3% exactly - growth
            - 研发投入强度提高0.2个百分点
              = 研发投入强度 0.2个百分点 exactly - growth
            - 社会消费品零售总额突破500亿元
              = 社会消费品零售总额 500亿元 at_least -
            - 常住人口城镇化率超60%
              = 常住人口城镇化率 60% at_least -
            - 森林覆盖率不低于45%
              = 森林覆盖率 45% at_least -
            - 确保粮食产量稳定在50万吨以上，力争达到52万吨
              = 粮食产量 50万吨 at_least ensure
              = 粮食产量 52万吨 exactly strive
        ",
    );
}

#[test]
fn counts_in_chinese_numerals() {
    check(
        "某县2025年工作要点\n一、民生\n1.民生。办好十件民生实事。新建三所小学。落实两个确保。实施六大工程。建设一批项目。\n",
        "
        § 一 民生
          1 民生
            - 办好十件民生实事
              = 民生实事 10件 exactly -
            - 新建三所小学
              = 小学 3所 exactly -
            - 落实两个确保
            - 实施六大工程
            - 建设一批项目
        ",
    );
}

#[test]
fn past_figures_names_codes_and_ratings_are_not_targets() {
    // "比上年增长6%" names its baseline, not the past: it is this year's target. The road code
    // G318 is skipped, the 12公里 after it is a length to build.
    check(
        "某县2025年工作要点\n一、甲\n1.乙。去年完成投资80亿元。2024年新增就业5000人。比上年增长6%。建成110千伏变电站。改造G318线12公里。推进5G基站建设。PM2.5浓度下降5%。创建国家4A级景区。畅通12345热线。推广藏青2000种植。\n",
        "
        § 一 甲
          1 乙
            - 去年完成投资80亿元
            - 2024年新增就业5000人
            - 比上年增长6%
              = 比上年 6% exactly - growth
            - 建成110千伏变电站
            - 改造G318线12公里
              = 改造G318线 12公里 exactly -
            - 推进5G基站建设
            - PM2.5浓度下降5%
              = PM2.5浓度 5% exactly - growth
            - 创建国家4A级景区
            - 畅通12345热线
            - 推广藏青2000种植
        ! unclassified_number
        ",
    );
}

#[test]
fn deadlines() {
    check(
        "某县2025年工作要点\n一、甲\n1.乙。6月底前完成规划编制。三季度开工建设。2025年10月建成投用。年底前全面完成。持续推进改革。\n",
        "
        § 一 甲
          1 乙
            - 6月底前完成规划编制 @2025-06-30
            - 三季度开工建设 @2025-09-30
            - 2025年10月建成投用 @2025-10-31
            - 年底前全面完成 @2025-12-31
            - 持续推进改革
        ",
    );
}

#[test]
fn a_news_copy_of_a_report_with_furniture_and_spaced_clauses() {
    check(
        "新华社受权播发《政府工作报告》\n2026-03-16 10:40:34 | 来源：某日报\n报告共分四个部分：一、2025年工作回顾；二、2026年政府工作任务。\n报告指出，今年发展主要预期目标是：经济增长4.5%-5%；城镇新增就业1200万人以上。\n实施堤防工程 包括挡墙13.46千米 道路8.72千米\n【全文链接】\n下载某新闻客户端，随时随地看新闻！\n",
        "
        §
          1 报告指出
            - 报告指出，今年发展主要预期目标是：经济增长4.5%-5%
              = 经济 4.5% about - growth upper=5
            - 城镇新增就业1200万人以上
              = 城镇新增就业 1200万人 at_least -
          2 实施堤防工程 包括挡墙13.46千米 道路8.72千米
            - 实施堤防工程 包括挡墙13.46千米 道路8.72千米
              = 包括挡墙 13.46千米 exactly -
              = 道路 8.72千米 exactly -
        ! review_skipped no_headings
        ",
    );
    assert_eq!(
        parse_plan(
            "报告共分两部分：一、2025年工作回顾；二、今年工作。\n今年主要预期目标是：增长5%。\n"
        )
        .period
        .start
        .to_string(),
        "2026-01-01"
    );
}

#[test]
fn furniture_and_plan_in_traditional_characters() {
    check(
        "- 索 引 號:QZ05101-3000-2025-00003\n- 發布機構:某市人民政府辦公室\n- 發布日期:2025-01-26\n某縣2025年民生實事項目\n一、教育\n1.新建幼兒園3所,新增學位900個(牽頭單位:縣教育局)。\n",
        "
        § 一 教育
          1 新建幼兒園3所,新增學位900個(牽頭單位:縣教育局)
            - 新建幼兒園3所,新增學位900個 [lead:縣教育局]
              = 幼儿园 3所 exactly -
              = 学位 900個 exactly -
        ",
    );
    let plan = parse_plan(
        "- 發布機構:某市人民政府辦公室\n- 發布日期:2025-01-26\n某縣2025年民生實事項目\n一、教育\n1.甲。\n",
    );
    assert_eq!(plan.issuer, "某市人民政府辦公室");
    assert_eq!(
        plan.issued_on.map(|d| d.to_string()).as_deref(),
        Some("2025-01-26")
    );
}

#[test]
fn a_news_report_of_a_reports_results_only_is_the_review() {
    // No 工作回顾 heading and no year to come: the paragraphs tell what was achieved (顺利通过,
    // 获评, 入选…) and none names a goal, so every figure, the headline's too, is a result.
    check(
        "2025年,某区新建口袋公园29处\n某区第十九届人民代表大会第五次会议开幕,区长作政府工作报告。\n报告提到,2025年,某区稳就业。顺利通过全省验收。新增城镇就业2.2万人。\n兴教育强体育。新增学位1710个,获评全国先进单位。\n入选国家试点区,新增托育机构12家。\n",
        "
        ! review_skipped no_structure
        ",
    );
    // The same paragraphs with a goal named are a plan: its figures are read.
    check(
        "某区政府工作报告\n今年主要预期目标是:新增城镇就业2万人。\n新增学位1710个,力争获评全国先进单位。\n",
        "
        §
          1 今年主要预期目标是
            - 今年主要预期目标是:新增城镇就业2万人
              = 城镇就业 2万人 exactly -
          2 新增学位1710个
            - 新增学位1710个,力争获评全国先进单位
              = 学位 1710个 exactly -
        ! no_headings
        ",
    );
}

#[test]
fn the_size_of_a_voted_list_and_its_voters_are_not_targets() {
    check(
        "到会的174名人大代表对10个民生实事候选项目进行票决,8个项目被确定为2025年民生实事项目,票决产生八个民生实事项目。\n实施51.5公里农村路提档升级。\n",
        "
        §
          1 到会的174名人大代表对10个民生实事候选项目进行票决
            - 到会的174名人大代表对10个民生实事候选项目进行票决,8个项目被确定为2025年民生实事项目,票决产生八个民生实事项目
          2 实施51.5公里农村路提档升级
            - 实施51.5公里农村路提档升级
              = 农村路提档升级 51.5公里 exactly -
        ! no_headings
        ",
    );
}

#[test]
fn a_news_report_of_how_far_work_was_done_is_a_review() {
    check(
        "某县召开2025年度民生实事项目完成情况新闻发布会。\n2025年,全县新改建农村公路18公里。目前,全县已建成151个日间照料中心。\n过去一年,超额完成充电桩建设任务,新建管网2.5公里。\n新的一年,我县将继续聚焦民生关切。\n",
        "
        ! review_skipped no_structure
        ",
    );
}
