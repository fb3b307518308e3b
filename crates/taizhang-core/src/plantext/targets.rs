//! Quantitative targets inside a task's sentence: metric, exact value, unit, comparator,
//! commitment and growth.
//!
//! A number is a target only when a unit of measure follows it. Numbers that are names or
//! ordinals are skipped on purpose: those after 第 (第45届), those followed by 年/届/轮/期… (2025年),
//! those inside quotes or book-title marks (“832平台”), and those glued to Latin letters (4A, 80MW,
//! 5G) — ratings, capacities in a project's name. Chinese-numeral slogans (三个赋予, 八五普法) have
//! no Arabic digits and are never read as numbers. Budget allocations ("统筹…资金2200万元") are
//! kept as targets: the amount is a commitment the office tracks.

use super::tasks::Context;
use super::text::{digit, Source};
use crate::{Commitment, Comparator, Decimal, Diagnostic, Span, Target};

/// Units of measure. The longest that follows a number wins, so 万亩 beats 亩 and 场次 beats 场.
const UNITS: [&str; 96] = [
    "个百分点",
    "万平方米",
    "平方公里",
    "平方米",
    "万千瓦",
    "千瓦时",
    "百分点",
    "万人次",
    "人次",
    "万元",
    "亿元",
    "万亩",
    "万人",
    "万吨",
    "万户",
    "场次",
    "公里",
    "千瓦",
    "%",
    "％",
    "元",
    "亩",
    "人",
    "户",
    "个",
    "家",
    "场",
    "次",
    "台",
    "套",
    "张",
    "头",
    "所",
    "项",
    "名",
    "吨",
    "座",
    "条",
    "间",
    "辆",
    "株",
    "处",
    "篇",
    // Added for issue #13, read from other governments' plans.
    "件",
    "万亿元",
    "亿美元",
    "万美元",
    "美元",
    "千米",
    "公顷",
    "万公顷",
    "立方米",
    "万立方米",
    "亿立方米",
    "万千瓦时",
    "亿千瓦时",
    "万吨标准煤",
    "吨标准煤",
    "兆瓦",
    "万辆",
    "万台",
    "万套",
    "万个",
    "万家",
    "万张",
    "万株",
    "万头",
    "万只",
    "万羽",
    "只",
    "羽",
    "床",
    "公斤",
    "千克",
    "万斤",
    "亿斤",
    "斤",
    "册",
    "部",
    "栋",
    "幢",
    "宗",
    "倍",
    "‰",
    "亿人次",
    "家次",
    "岁",
    "天",
    "小时",
    "米",
    "盏",
    "万名",
    "万亿斤",
    "万亿千瓦时",
    "亿吨",
    "万公里",
];

/// Words right before a number that make it a description of reach or of a list, not a goal:
/// "惠及17个乡镇", "受益群众5万人", "涉及34个牵头单位", "明确133项具体任务", "共10个项目".
const REACH_WORDS: [&str; 4] = ["惠及", "受益", "涉及", "辐射"];
const LIST_WORDS: [&str; 11] = [
    "明确", "细化", "梳理", "分解", "列出", "共计", "合计", "共有", "包括", "涵盖", "共",
];
/// Places that "在17个…" or "覆盖…个" name as the scope of a task, not as what it delivers.
const PLACES: [&str; 8] = ["乡镇", "村", "社区", "街道", "镇", "乡", "县", "区"];
/// Units of capacity: a number with one, followed by a product and 项目, names a project
/// ("150万吨乙烯等重大产业项目"), and after 年产 or 产能 it describes one.
const CAPACITY_UNITS: [&str; 8] = [
    "吨",
    "万吨",
    "千瓦",
    "万千瓦",
    "兆瓦",
    "万头",
    "万只",
    "万羽",
];
/// Words before a length that make it a design dimension, not a length to build: "路基宽度24米".
const DIMENSION_WORDS: [&str; 10] = [
    "宽度", "宽", "高度", "高", "深度", "厚度", "直径", "跨径", "×", "*",
];

/// Units that measure a level only after a verb that sets one ("人均预期寿命达到79岁", "优良天数
/// 达到330天"): without it, "3岁以下婴幼儿" or "7天" are descriptions, not targets.
const LEVEL_ONLY_UNITS: [&str; 3] = ["岁", "天", "小时"];

/// What follows a number that marks it as a year, an ordinal or a name, not a quantity.
const NOT_QUANTITY_AFTER: [&str; 10] =
    ["年", "届", "轮", "期", "号", "月", "日", "季度", "级", "星"];

/// Words right before a number that make it a change rather than a level: "增长6%",
/// "提高5个百分点", "增加500人". ("新增" is not among them: "新增营造林2.88万亩" is the level of
/// new planting, and it does not end in any of these.)
const GROWTH_WORDS: [&str; 13] = [
    "增长",
    "增速",
    "提高",
    "提升",
    "增加",
    "下降",
    "降低",
    "减少",
    "涨幅",
    "增幅",
    "降幅",
    "上涨",
    "增长率",
];

/// Comparators written before the number, longest first.
const PREFIXES: [(&str, Comparator); 16] = [
    ("不少于", Comparator::AtLeast),
    ("不低于", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("控制在", Comparator::AtMost),
    ("保持在", Comparator::Maintain),
    ("稳定在", Comparator::Maintain),
    ("超过", Comparator::AtLeast),
    ("突破", Comparator::AtLeast),
    ("高于", Comparator::AtLeast),
    ("低于", Comparator::AtMost),
    ("达到", Comparator::Exactly),
    ("超", Comparator::AtLeast),
    ("逾", Comparator::AtLeast),
    ("达", Comparator::Exactly),
    ("约", Comparator::About),
];

/// Comparators written after the unit.
const SUFFIXES: [(&str, Comparator); 4] = [
    ("以上", Comparator::AtLeast),
    ("以内", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("左右", Comparator::About),
];

/// Leading words of a clause that say what is done, not what is measured; longest first.
const VERBS: [&str; 24] = [
    "今年",
    "建设和改造",
    "组织开展",
    "挖掘申报",
    "确保",
    "力争",
    "开展",
    "完成",
    "实现",
    "新增",
    "新建",
    "建成",
    "举办",
    "提供",
    "打造",
    "争创",
    "统筹",
    "启动",
    "实施",
    "达到",
    "累计",
    "全年",
    "再",
    "要",
];

/// A target as found, before it gets its id.
pub struct Found {
    pub metric: String,
    pub value: Decimal,
    pub upper: Option<Decimal>,
    pub unit: String,
    pub comparator: Comparator,
    pub commitment: Option<Commitment>,
    pub growth: bool,
    pub phrase: String,
    pub span: Span,
    /// Set when the number could not be classified (no unit, not a known non-quantity).
    pub diagnostic: Option<Diagnostic>,
}

fn starts_with_at(cs: &[char], i: usize, word: &str) -> bool {
    (i..).zip(word.chars()).all(|(k, w)| cs.get(k) == Some(&w))
}

fn ends_with_at(cs: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with_at(cs, end - n, word)
}

/// Marks chars that are inside quotes or book-title marks (names, not quantities) or inside
/// the excluded span (a responsible-units clause).
fn masked(cs: &[char], span: Span, exclude: Option<Span>) -> Vec<bool> {
    let mut mask = vec![false; span.len()];
    let mut depth = 0i32;
    let mut in_ascii_quote = false;
    for (k, i) in (span.start()..span.end()).enumerate() {
        let c = cs[i];
        match c {
            '“' | '《' | '「' => depth += 1,
            '"' => in_ascii_quote = !in_ascii_quote,
            _ => {}
        }
        mask[k] = depth > 0
            || in_ascii_quote
            || c == '"'
            || exclude.is_some_and(|e| e.start() <= i && i < e.end());
        if matches!(c, '”' | '》' | '」') {
            mask[k] = true;
            depth = (depth - 1).max(0);
        }
    }
    mask
}

/// Strips leading verbs and trailing comparator words from a metric candidate.
fn clean_metric(mut s: &str) -> String {
    loop {
        let before = s;
        for v in VERBS {
            s = s.strip_prefix(v).unwrap_or(s);
        }
        s = s.trim_start_matches(['，', ',', '、', ' ']);
        if s == before {
            break;
        }
    }
    loop {
        let before = s;
        for (p, _) in PREFIXES {
            s = s.strip_suffix(p).unwrap_or(s);
        }
        for w in GROWTH_WORDS
            .iter()
            .chain(&["同比", "达到", "为", "分别", "均"])
        {
            s = s.strip_suffix(w).unwrap_or(s);
        }
        if s == before {
            break;
        }
    }
    s.trim().to_string()
}

/// The longest unit that starts at `i`.
fn unit_at(cs: &[char], i: usize) -> Option<&'static str> {
    UNITS
        .iter()
        .filter(|u| starts_with_at(cs, i, u))
        .max_by_key(|u| u.chars().count())
        .copied()
}

/// For each position of a sentence, whether a number there reports the past: it comes after
/// 去年, 上年, 过去一年 or an earlier year in its sentence, with no 今年, 全年 or the plan's year in
/// between. "比上年", "较2020年" name a baseline, not the past. One pass, so a long sentence with
/// many numbers stays linear.
fn past_marks(cs: &[char], sentence: Span, year: i32) -> Vec<bool> {
    let from = sentence.start();
    let baseline = |k: usize| k > from && "比较同于与到至从自超".contains(cs[k - 1]);
    let mut out = vec![false; sentence.len() + 1];
    let mut past = false;
    let mut k = from;
    while k < sentence.end() {
        out[k - from] = past;
        let mut skip = 1;
        // Most chars open no marker: a cheap look at the first char keeps the pass fast.
        if !matches!(cs[k], '今' | '全' | '明' | '去' | '上' | '过' | '一')
            && digit(cs[k]).is_none()
        {
            k += 1;
            continue;
        }
        if starts_with_at(cs, k, "今年")
            || starts_with_at(cs, k, "全年")
            || starts_with_at(cs, k, "明年")
        {
            past = false;
        } else if ((starts_with_at(cs, k, "去年") || starts_with_at(cs, k, "上年")) && !baseline(k))
            || ["过去一年", "过去的一年", "一年来", "过去五年"]
                .iter()
                .any(|w| starts_with_at(cs, k, w))
        {
            past = true;
        } else if k + 4 < cs.len()
            && (k == from || digit(cs[k - 1]).is_none())
            && (k..k + 4).all(|j| digit(cs[j]).is_some())
            && cs[k + 4] == '年'
        {
            let y = (k..k + 4).fold(0i32, |n, j| n * 10 + digit(cs[j]).unwrap_or(0) as i32);
            if y >= year {
                past = false;
            } else if !baseline(k) {
                past = true;
            }
            skip = 5;
        }
        for j in k + 1..(k + skip).min(sentence.end()) {
            out[j - from] = past;
        }
        k += skip;
    }
    out[sentence.len()] = past;
    out
}

/// For each position of a sentence, the nearest 确保 or 力争 before it in the sentence.
fn commitment_marks(cs: &[char], sentence: Span) -> Vec<Option<Commitment>> {
    let mut out = Vec::with_capacity(sentence.len() + 1);
    let mut last = None;
    for k in sentence.start()..sentence.end() {
        out.push(last);
        if !matches!(cs[k], '确' | '力') {
            continue;
        }
        if starts_with_at(cs, k, "确保") {
            last = Some(Commitment::Ensure);
        } else if starts_with_at(cs, k, "力争") {
            last = Some(Commitment::Strive);
        }
    }
    out.push(last);
    out
}

/// Chinese numerals that count, and the value of one at `cs[i..]`: (value, length), 1 to 99. A
/// lone "一" counts only right after a verb of building ("提升改造一个工作站"): elsewhere it is
/// an article (一批, 一个).
fn chinese_count_at(cs: &[char], i: usize) -> Option<(u32, usize)> {
    if !is_chinese_digit(cs[i]) {
        return None;
    }
    let n = cs[i..]
        .iter()
        .take(3)
        .take_while(|c| is_chinese_digit(**c))
        .count();
    (1..=n).rev().find_map(|len| {
        let s: String = cs[i..i + len]
            .iter()
            .map(|c| if *c == '两' { '二' } else { *c })
            .collect();
        super::text::chinese_number(&s)
            .filter(|v| {
                (2..=99).contains(v)
                    || (*v == 1 && COUNT_VERBS.iter().any(|w| ends_with_at(cs, i, w)))
            })
            .map(|v| (v, len))
    })
}

/// Whether the number `cs[a..]` with `unit` ending at `unit_end` describes rather than sets a
/// goal: the reach of a project (惠及17个乡镇, 受益群众5万人, 9万人口, 4万户用热居民), the size of a
/// list (明确133项具体任务, 共10个项目), a scope (在39个村), an aspect count (6个方面), a capacity
/// in a project's name (150万吨乙烯等…项目, 年产10万吨), a design dimension (路基宽度24米,
/// 15米沥青路面), or a unit that belongs to a longer word (9万人口).
fn describes(cs: &[char], clause_start: usize, a: usize, unit_end: usize, unit: &str) -> bool {
    let before: String = cs[clause_start.max(a.saturating_sub(8))..a]
        .iter()
        .collect();
    if REACH_WORDS.iter().any(|w| before.contains(w)) {
        return true;
    }
    if LIST_WORDS.iter().any(|w| ends_with_at(cs, a, w)) {
        return true;
    }
    let after: String = cs[unit_end..(unit_end + 12).min(cs.len())].iter().collect();
    if NOT_COUNTED.iter().any(|w| after.starts_with(w)) && ["个", "项", "大"].contains(&unit) {
        return true;
    }
    // The size of a 民生实事 list being voted on (10个民生实事候选项目, 8个项目被确定为…, 十件民生
    // 实事), and the deputies who vote (174名人大代表): they describe the list and its making.
    let list_of_items = ["个", "件", "项"].contains(&unit)
        && (["民生实事", "候选", "为民办实事"]
            .iter()
            .any(|w| after.starts_with(w))
            || ["项目被", "事项被"].iter().any(|w| after.starts_with(w)));
    let voters = ["名", "位", "人"].contains(&unit)
        && ["人大代表", "代表", "委员"]
            .iter()
            .any(|w| after.starts_with(w));
    if list_of_items || voters {
        return true;
    }
    if (unit.ends_with('人') && after.starts_with('口'))
        || ((unit.ends_with('户') || unit.ends_with('人'))
            && ["居民", "用热居民", "群众", "农户"]
                .iter()
                .any(|w| after.starts_with(w)))
    {
        return true;
    }
    let scope_word = ["在", "覆盖", "辐射", "全县", "全市", "全区"]
        .iter()
        .any(|w| ends_with_at(cs, a, w));
    if scope_word && unit == "个" && PLACES.iter().any(|p| after.starts_with(p)) {
        return true;
    }
    if CAPACITY_UNITS.contains(&unit) {
        let named = after.chars().next().is_some_and(is_cjk)
            && !SUFFIXES.iter().any(|(w, _)| after.starts_with(w))
            && after.contains("项目");
        let rated = ["年产", "产能", "年处理", "日处理", "年加工", "装机"]
            .iter()
            .any(|w| before.contains(w));
        if named || rated {
            return true;
        }
    }
    if unit == "米" {
        // "宽度约33米": a qualifier may stand between the dimension and its figure.
        let at = if a > 0 && matches!(cs[a - 1], '约' | '为' | '达') {
            a - 1
        } else {
            a
        };
        let dimension = DIMENSION_WORDS.iter().any(|w| ends_with_at(cs, at, w));
        let modifies = after
            .chars()
            .next()
            .is_some_and(|c| is_cjk(c) && !"及和与等".contains(c))
            && !SUFFIXES.iter().any(|(w, _)| after.starts_with(w));
        if dimension || modifies {
            return true;
        }
    }
    false
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A table cell that holds a bare amount, in a column whose header names the unit ("年度投资金额
/// （万元）"): a target with that unit, its metric the row's name.
pub fn amount(src: &Source, cell: Span, unit: Span, metric: &str) -> Option<Found> {
    let cs = src.chars();
    let cell = src.trim(cell);
    if cell.is_empty() || cell.end() > cs.len() {
        return None;
    }
    let (a, b) = number_span(cs, cell.start(), cell.end());
    if a == b || b != cell.end() {
        return None;
    }
    let value = decimal(cs, a, b)?;
    Some(Found {
        metric: metric.to_string(),
        value,
        upper: None,
        unit: src.slice(unit),
        comparator: Comparator::Exactly,
        commitment: None,
        growth: false,
        phrase: src.slice(cell),
        span: cell,
        diagnostic: None,
    })
}

fn is_chinese_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Verbs after which a Chinese numeral and a unit count things to be done: 新建三所, 办好十件.
const COUNT_VERBS: [&str; 14] = [
    "新建",
    "建成",
    "新增",
    "新改建",
    "改扩建",
    "改造",
    "创建",
    "办好",
    "培育",
    "引进",
    "新开工",
    "建设",
    "完成",
    "打造",
];
/// Units a Chinese-numeral count may have.
const COUNT_UNITS: [&str; 12] = [
    "件", "所", "个", "家", "座", "条", "项", "场", "处", "台", "套", "栋",
];
/// What, after the unit, makes a Chinese-numeral count a slogan rather than a count: 三个方面,
/// 两个确保, 五大工程.
const NOT_COUNTED: [&str; 12] = [
    "方面", "领域", "环节", "层面", "维度", "统筹", "结合", "确保", "转变", "坚持", "优先", "到位",
];

pub fn find(src: &Source, sentence: Span, exclude: Option<Span>, ctx: &Context) -> Vec<Found> {
    // Everything below looks no further than the sentence's end.
    let end = sentence.end().min(src.len());
    let cs = &src.chars()[..end];
    let sentence = Span(sentence.start().min(end), end);
    let mask = masked(cs, sentence, exclude);
    let is_masked = |i: usize| mask.get(i - sentence.start()).copied().unwrap_or(true);
    let digit_at = |i: usize| cs.get(i).is_some_and(|c| digit(*c).is_some());
    let clause_breaks: Vec<usize> = (sentence.start()..sentence.end())
        .filter(|&i| {
            // News copies separate clauses with spaces ("挡墙13.46千米 道路8.72千米"): a space
            // between a unit or a word and the next word breaks a clause too.
            let spaced = matches!(cs[i], ' ' | '\u{3000}')
                && i > sentence.start()
                && cs.get(i + 1).is_some_and(|c| is_cjk(*c))
                && (is_cjk(cs[i - 1]) || cs[i - 1] == '%');
            (matches!(cs[i], '，' | ',' | '：' | ':') || spaced) && !is_masked(i)
        })
        // The comma of "1,200" separates thousands, not clauses.
        .filter(|&i| !(cs[i] == ',' && digit_at(i.wrapping_sub(1)) && digit_at(i + 1)))
        .collect();
    // The clause around `i`: between the breaks before and after it (a binary search, so a long
    // sentence with many numbers stays linear).
    let clause_of = |i: usize| {
        let k = clause_breaks.partition_point(|&b| b < i);
        let start = k
            .checked_sub(1)
            .map_or(sentence.start(), |k| clause_breaks[k] + 1);
        let after = clause_breaks.partition_point(|&b| b <= i);
        let stop = clause_breaks.get(after).copied().unwrap_or(sentence.end());
        (start, stop)
    };
    let past = past_marks(cs, sentence, ctx.year);
    let is_past = |a: usize| past.get(a - sentence.start()).copied().unwrap_or(false);
    let commitments = commitment_marks(cs, sentence);
    let commitment_at = |a: usize| commitments.get(a - sentence.start()).copied().flatten();

    let mut found: Vec<Found> = Vec::new();
    let mut last_end = sentence.start();
    let mut i = sentence.start();
    while i < sentence.end() {
        // A Chinese-numeral count: "新建三所", "办好十件民生实事".
        if let Some((v, len)) = chinese_count_at(cs, i).filter(|_| !is_masked(i)) {
            let a = i;
            let b = i + len;
            let unit = COUNT_UNITS.iter().find(|u| starts_with_at(cs, b, u));
            let glued =
                a > 0 && "一二两三四五六七八九十百千万第前后这那每逾近约".contains(cs[a - 1]);
            if let Some(unit) = unit.filter(|_| !glued) {
                let unit_end = b + unit.chars().count();
                let after_verb = COUNT_VERBS.iter().any(|w| ends_with_at(cs, a, w));
                // Units that only ever count buildings and bodies count without a verb too:
                // "西苑小区、宏昌小区三所老旧小区".
                let strong = ["所", "座", "家", "处", "栋"].contains(unit) && v >= 2;
                let affairs = ["民生实事", "件实事", "大民生实事", "项民生实事", "实事"]
                    .iter()
                    .any(|w| starts_with_at(cs, unit_end, w));
                let slogan = NOT_COUNTED.iter().any(|w| starts_with_at(cs, unit_end, w))
                    || starts_with_at(cs, unit_end, "大");
                // "票决产生八个民生实事项目": the size of the list a vote chose, not a goal.
                let voted = ["票决产生", "票决出", "票选出", "确定"]
                    .iter()
                    .any(|w| ends_with_at(cs, a, w));
                if (after_verb || affairs || strong) && !slogan && !voted && !is_past(a) {
                    let (_, clause_end) = clause_of(a);
                    let in_excluded =
                        |k: usize| exclude.is_some_and(|e| e.start() <= k && k < e.end());
                    let tail_end = (unit_end..clause_end)
                        .find(|&k| {
                            cs[k] == '、'
                                || digit(cs[k]).is_some()
                                || in_excluded(k)
                                || cs[k] == '（'
                        })
                        .unwrap_or(clause_end);
                    let metric = clean_metric(&cs[unit_end..tail_end].iter().collect::<String>());
                    // The phrase starts at the numeral: what is counted follows it.
                    let phrase_span = src.trim(Span(a, tail_end.max(unit_end)));
                    let commitment = commitment_at(a);
                    found.push(Found {
                        metric: if metric.is_empty() {
                            src.slice(phrase_span)
                        } else {
                            metric
                        },
                        value: Decimal::new(i128::from(v), 0),
                        upper: None,
                        unit: unit.to_string(),
                        comparator: Comparator::Exactly,
                        commitment,
                        growth: false,
                        phrase: src.slice(phrase_span),
                        span: phrase_span,
                        diagnostic: None,
                    });
                    last_end = tail_end;
                    i = tail_end.max(i + 1);
                    continue;
                }
            }
            i += len;
            continue;
        }
        let starts_number = digit(cs[i]).is_some()
            && (i == sentence.start()
                || (digit(cs[i - 1]).is_none() && !matches!(cs[i - 1], '.' | '．')));
        if !starts_number {
            i += 1;
            continue;
        }
        let (a, b) = number_span(cs, i, sentence.end());
        i = b;
        let after_letter = cs.get(b).is_some_and(|c| c.is_ascii_alphabetic());
        let before_letter = a > 0 && cs[a - 1].is_ascii_alphabetic();
        if is_masked(a) || (a > 0 && cs[a - 1] == '第') || after_letter || before_letter {
            continue;
        }
        if NOT_QUANTITY_AFTER.iter().any(|w| starts_with_at(cs, b, w)) {
            continue;
        }
        // A range: "5—5.5%", "5%—5.5%", "5%至5.5%", "3-5个".
        let mut first_unit = unit_at(cs, b);
        let after_first = b + first_unit.map_or(0, |u| u.chars().count());
        let dash_len = ["——", "—", "–", "-", "~", "～", "－", "至", "到"]
            .iter()
            .find(|d| starts_with_at(cs, after_first, d))
            .map(|d| d.chars().count());
        let mut upper: Option<(usize, usize)> = None;
        if let Some(dl) = dash_len {
            let c = after_first + dl;
            if digit_at(c) {
                let (c, d) = number_span(cs, c, sentence.end());
                let second = unit_at(cs, d);
                if second.is_some() && (first_unit.is_none() || first_unit == second) {
                    upper = Some((c, d));
                    first_unit = second;
                }
            }
        }
        let value_end = upper.map_or(b, |(_, d)| d);
        let Some(unit) = first_unit else {
            found.push(Found::unclassified(Span(a, b)));
            continue;
        };
        let Some(value) = decimal(cs, a, b) else {
            found.push(Found::unclassified(Span(a, b)));
            continue;
        };
        let upper_value = upper.and_then(|(c, d)| decimal(cs, c, d));
        // The unit as written (萬元 stays 萬元), from the original text.
        let written_unit = src.slice(Span(value_end, value_end + unit.chars().count()));
        let unit_end = value_end + unit.chars().count();
        i = unit_end;
        if is_past(a) {
            continue;
        }
        let (clause_start, clause_end) = clause_of(a);
        if describes(cs, clause_start, a, unit_end, unit) {
            continue;
        }

        let suffix = SUFFIXES
            .iter()
            .find(|(w, _)| starts_with_at(cs, unit_end, w));
        let phrase_end = suffix.map_or(unit_end, |(w, _)| unit_end + w.chars().count());
        let prefix = PREFIXES
            .iter()
            .find(|(w, _)| ends_with_at(cs, a, w))
            .filter(|(w, _)| {
                // 约 qualifies a number ("约4.3公里") but not in 节约, 制约, 签约….
                *w != "约" || a < 2 || !"节制签预合条公契邀".contains(cs[a - 2])
            });
        // The words right before the number, less a comparator: "增速保持在6%" is a change.
        let lead_end = prefix.map_or(a, |(w, _)| a - w.chars().count());
        let lead_end = ["同比", "年均", "比上年", "较上年", "分别"]
            .iter()
            .find(|w| ends_with_at(cs, lead_end, w))
            .map_or(lead_end, |w| lead_end - w.chars().count());
        let mut growth = GROWTH_WORDS.iter().any(|w| ends_with_at(cs, lead_end, w));
        // "分别增长6%、6.5%": a number right after the previous target, joined by 、 or 和, shares
        // its growth and its comparator.
        let previous = found
            .iter()
            .rev()
            .find(|f| f.diagnostic.is_none())
            .filter(|f| {
                let gap: String = cs[f.span.end().min(a)..a].iter().collect();
                matches!(gap.as_str(), "、" | "和" | "与" | "，")
            });
        let mut comparator = match (prefix.map(|p| p.1), suffix.map(|s| s.1)) {
            // "稳定在3万亩以上": a floor, whatever verb precedes it.
            (_, Some(s)) => s,
            (Some(p), None) => p,
            (None, None) => Comparator::Exactly,
        };
        let mut inherited_metric = None;
        if let Some(prev) = previous.filter(|p| p.growth && p.unit == unit) {
            growth = true;
            if prefix.is_none() && suffix.is_none() {
                comparator = prev.comparator;
            }
            inherited_metric = Some(prev.metric.clone());
        }
        if LEVEL_ONLY_UNITS.contains(&unit) && prefix.is_none() && !growth {
            continue;
        }
        if upper_value.is_some() && suffix.is_none() {
            // A range with no other qualifier ("降低3.6%—3.8%") is read as `about`, with `upper`
            // for its upper end: the plan names a band to land in, not a floor.
            comparator = Comparator::About;
        }

        let commitment = commitment_at(a);

        // The metric: the words before the number in its clause, starting after an earlier
        // target of the same clause (and the 、 that lists the next one), else the words after
        // the unit ("完成849户农村户厕改造").
        let in_excluded = |k: usize| exclude.is_some_and(|e| e.start() <= k && k < e.end());
        // A units clause before the number ("（牵头单位：…）完成…") is not part of the metric.
        let clause_start = exclude
            .filter(|e| clause_start < e.end() && e.end() <= a)
            .map_or(clause_start, |e| e.end());
        let seg_start = if last_end > clause_start {
            (last_end..a)
                .find(|&k| cs[k] == '、' && !is_masked(k))
                .map_or(last_end, |k| k + 1)
        } else {
            clause_start
        }
        .min(a);
        let before: String = cs[seg_start..a].iter().collect();
        let mut metric = clean_metric(before.trim_start_matches(['、', '，', ',']));
        let mut phrase_end = phrase_end;
        if suffix.is_none() {
            let tail_end = (unit_end..clause_end)
                .find(|&k| {
                    cs[k] == '、'
                        || in_excluded(k)
                        || digit(cs[k]).is_some()
                        || starts_with_at(cs, k, "用于")
                        || starts_with_at(cs, k, "的")
                })
                .unwrap_or(clause_end);
            let after: String = cs[unit_end..tail_end].iter().collect();
            let after = clean_metric(&after);
            if !after.is_empty() {
                metric.push_str(&after);
                phrase_end = tail_end;
            }
        }
        let phrase_span = src.trim(Span(seg_start, phrase_end.max(unit_end)));
        let phrase = src.slice(phrase_span);
        if metric.is_empty() {
            // "稳定在50万吨以上，力争达到52万吨": the second figure measures what the first did.
            let same_unit = found
                .iter()
                .rev()
                .find(|f| f.diagnostic.is_none() && f.unit == unit)
                .map(|f| f.metric.clone());
            metric = inherited_metric
                .or(same_unit)
                .unwrap_or_else(|| phrase.clone());
        }
        last_end = phrase_end;
        found.push(Found {
            metric,
            value,
            upper: upper_value,
            unit: if unit == "％" {
                "%".to_string()
            } else {
                written_unit
            },
            comparator,
            commitment,
            growth,
            phrase,
            span: phrase_span,
            diagnostic: None,
        });
    }
    found
}

/// The number starting at `a`: digits (with ASCII thousands separators, "1,200"), optionally a
/// decimal point and more digits. Returns its span.
fn number_span(cs: &[char], a: usize, end: usize) -> (usize, usize) {
    let mut b = a;
    loop {
        while b < end && digit(cs[b]).is_some() {
            b += 1;
        }
        match thousands_group(cs, a, b, end) {
            Some(next) => b = next,
            None => break,
        }
    }
    if b + 1 < end && matches!(cs[b], '.' | '．') && digit(cs[b + 1]).is_some() {
        b += 1;
        while b < end && digit(cs[b]).is_some() {
            b += 1;
        }
    }
    (a, b)
}

/// The exact value of the number `cs[a..b]`.
fn decimal(cs: &[char], a: usize, b: usize) -> Option<Decimal> {
    let number: String = cs[a..b]
        .iter()
        .filter(|c| **c != ',')
        .map(|c| match digit(*c) {
            Some(d) => char::from(b'0' + d as u8),
            None => '.',
        })
        .collect();
    number.parse::<Decimal>().ok()
}

/// Where a thousands group ",ddd" that continues the digits `a..b` ends, if one does: a comma
/// right after one to three digits (counted from `a` or the previous comma), followed by exactly
/// three digits. Only the ASCII comma counts; the full-width "，" always separates clauses.
fn thousands_group(cs: &[char], a: usize, b: usize, end: usize) -> Option<usize> {
    if cs.get(b) != Some(&',') || b + 4 > end {
        return None;
    }
    let group = (a..b).rev().take_while(|&k| cs[k] != ',').count();
    let three = (b + 1..b + 4).all(|k| digit(cs[k]).is_some());
    let then_no_digit = cs.get(b + 4).is_none_or(|c| digit(*c).is_none());
    ((1..=3).contains(&group) && three && then_no_digit).then_some(b + 4)
}

impl Found {
    fn unclassified(span: Span) -> Found {
        Found {
            metric: String::new(),
            value: Decimal::ZERO,
            upper: None,
            unit: String::new(),
            comparator: Comparator::Exactly,
            commitment: None,
            growth: false,
            phrase: String::new(),
            span,
            diagnostic: Some(Diagnostic {
                span,
                code: "unclassified_number".into(),
                message: "此处数字后没有可识别的计量单位，未作为量化指标；如是指标，请手动添加。"
                    .into(),
            }),
        }
    }
}

/// The targets of task `task_id`, with stable ids: the task id plus a hash of the value, unit and
/// occurrence, so a change to how metrics are read never orphans a target's entries.
pub fn into_targets(task_id: &str, found: Vec<Found>) -> Vec<Target> {
    let mut seen: Vec<String> = Vec::new();
    found
        .into_iter()
        .filter(|f| f.diagnostic.is_none())
        .map(|f| {
            let key = format!("{}{}", f.value, f.unit);
            let k = seen.iter().filter(|s| **s == key).count();
            seen.push(key.clone());
            let hash = crate::id::content_id("", &format!("{key}#{k}"));
            Target {
                id: format!("{task_id}-{}", &hash[..6]),
                metric: f.metric,
                value: f.value,
                upper: f.upper,
                unit: f.unit,
                comparator: f.comparator,
                commitment: f.commitment,
                growth: f.growth,
                phrase: f.phrase,
                span: f.span,
            }
        })
        .collect()
}
