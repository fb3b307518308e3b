//! Property tests: the parser never panics and keeps every span inside the input, whatever the
//! text — arbitrary Unicode, the seed with random cuts, insertions and replacements, or text made
//! of the pieces of every layout issue #13 reads (tables, reports, annexes, furniture). It is also
//! deterministic: the same text gives the same plan, ids included.

use proptest::prelude::*;
use taizhang_core::{parse_plan, Plan, Span};

const SEED: &str = include_str!("../../../seeds/naidong-2025-work-points.txt");

fn assert_spans_inside(plan: &Plan) -> Result<(), TestCaseError> {
    let n = plan.source.chars().count();
    let ok = |s: Span| s.start() <= s.end() && s.end() <= n;
    for d in &plan.diagnostics {
        prop_assert!(ok(d.span), "diagnostic {:?}", d);
    }
    for s in &plan.sections {
        prop_assert!(ok(s.span));
        for p in &s.points {
            prop_assert!(ok(p.span));
            for t in &p.tasks {
                prop_assert!(
                    ok(t.span) && p.span.contains(t.span),
                    "task {:?} outside {:?}",
                    t.span,
                    p.span
                );
                for g in &t.targets {
                    prop_assert!(ok(g.span) && t.span.contains(g.span), "target {:?}", g);
                }
            }
        }
    }
    Ok(())
}

/// Pieces that make mutations plan-like: headings, markers, numbers, units, quotes.
const PIECES: [&str; 16] = [
    "\n",
    "一、",
    "（一）",
    "1.",
    "（1）",
    "12",
    "3.5",
    "万亩",
    "%",
    "以上",
    "“",
    "”",
    "第",
    "（牵头单位：",
    "）",
    "。",
];

fn mutate(seed: &str, cuts: Vec<(usize, usize, usize)>) -> String {
    let mut cs: Vec<char> = seed.chars().collect();
    for (at, len, piece) in cuts {
        let at = at % (cs.len() + 1);
        let end = (at + len % 40).min(cs.len());
        cs.splice(at..end, PIECES[piece % PIECES.len()].chars());
    }
    cs.into_iter().collect()
}

/// Pieces of every layout: markers at each depth, table separators and headers, report and annex
/// cues, furniture, units clauses, deadlines, ranges, Chinese counts, traditional characters.
const LAYOUT_PIECES: [&str; 32] = [
    "\n",
    "一、",
    "（一）",
    "1.",
    "2、",
    "（1）",
    "①",
    "\t",
    " | ",
    "序号\t项目名称\t牵头单位\t完成时限\n",
    "|---|---|\n",
    "附件\n",
    "2024年工作回顾\n",
    "2025年——\n",
    "今年主要预期目标是：",
    "过去一年，",
    "索引号：12\n",
    "https://x.gov.cn\n",
    "（牵头单位：县发改局；责任单位：",
    "牵头单位：",
    "6月底前",
    "三季度",
    "增长5%—5.5%",
    "分别增长6%、6.5%",
    "十件民生实事",
    "新建三所",
    "萬元",
    "30",
    "亿元",
    "以上",
    "。",
    "，",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        assert_spans_inside(&parse_plan(&text))?;
    }

    #[test]
    fn plan_like_text_never_panics(text in "(一、|1\\.|（1）|\n|[0-9]{1,3}|\\.|,|,000|万亩|%|个百分点|以上|第|“|”|。|，|（牵头单位：|）|[甲乙丙]){0,80}") {
        assert_spans_inside(&parse_plan(&text))?;
    }

    #[test]
    fn layout_like_text_never_panics(pieces in proptest::collection::vec(0usize..LAYOUT_PIECES.len(), 0..120)) {
        let text: String = pieces.iter().map(|i| LAYOUT_PIECES[*i]).collect();
        let plan = parse_plan(&text);
        assert_spans_inside(&plan)?;
        // Determinism: the same text, the same plan, ids and all.
        prop_assert_eq!(&plan, &parse_plan(&text));
        // The embedded form (texts that are their span's stretch of the source left out) reads
        // back as the plan itself.
        prop_assert_eq!(&plan.clone().without_span_texts().restore_span_texts(), &plan);
    }

    #[test]
    fn mutated_seed_is_deterministic(cuts in proptest::collection::vec((0usize..20_000, 0usize..200, 0usize..64), 1..4)) {
        let text = mutate(SEED, cuts);
        prop_assert_eq!(parse_plan(&text), parse_plan(&text));
    }

    #[test]
    fn mutated_seed_never_panics(cuts in proptest::collection::vec((0usize..20_000, 0usize..200, 0usize..64), 1..8)) {
        let plan = parse_plan(&mutate(SEED, cuts));
        assert_spans_inside(&plan)?;
        prop_assert_eq!(&plan.clone().without_span_texts().restore_span_texts(), &plan);
    }
}

#[test]
fn edge_inputs() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\u{0}\u{1}\u{fffd}",
        "1.",
        "一、",
        "（",
        "1.5万亩",
        &"很长的一行".repeat(5000),
        &"1.\n".repeat(500),
    ] {
        let plan = parse_plan(text);
        let n = plan.source.chars().count();
        assert!(plan.diagnostics.iter().all(|d| d.span.end() <= n));
    }
}
