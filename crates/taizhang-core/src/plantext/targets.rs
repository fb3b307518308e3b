//! Quantitative targets inside a task's sentence: metric, exact value, unit, comparator,
//! commitment and growth.
//!
//! A number is a target only when a unit of measure follows it. Numbers that are names or
//! ordinals are skipped on purpose: those after 第 (第45届), those followed by 年/届/轮/期… (2025年),
//! those inside quotes or book-title marks (“832平台”), and those glued to Latin letters (4A, 80MW,
//! 5G) — ratings, capacities in a project's name. Chinese-numeral slogans (三个赋予, 八五普法) have
//! no Arabic digits and are never read as numbers. Budget allocations ("统筹…资金2200万元") are
//! kept as targets: the amount is a commitment the office tracks.

use super::text::{digit, Source};
use crate::{Commitment, Comparator, Decimal, Diagnostic, Span, Target};

/// Units of measure, longest first so that 万亩 wins over 亩 and 场次 over 场.
const UNITS: [&str; 43] = [
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
];

/// What follows a number that marks it as a year, an ordinal or a name, not a quantity.
const NOT_QUANTITY_AFTER: [&str; 10] =
    ["年", "届", "轮", "期", "号", "月", "日", "季度", "级", "星"];

/// Words right before a number that make it a change rather than a level: "增长6%",
/// "提高5个百分点", "增加500人". ("新增" is not among them: "新增营造林2.88万亩" is the level of
/// new planting, and it does not end in any of these.)
const GROWTH_WORDS: [&str; 5] = ["增长", "增速", "提高", "提升", "增加"];

/// Comparators written before the number, longest first.
const PREFIXES: [(&str, Comparator); 9] = [
    ("不少于", Comparator::AtLeast),
    ("不低于", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("控制在", Comparator::AtMost),
    ("保持在", Comparator::Maintain),
    ("稳定在", Comparator::Maintain),
    ("超过", Comparator::AtLeast),
    ("达到", Comparator::Exactly),
];

/// Comparators written after the unit.
const SUFFIXES: [(&str, Comparator); 4] = [
    ("以上", Comparator::AtLeast),
    ("以内", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("左右", Comparator::About),
];

/// Leading words of a clause that say what is done, not what is measured; longest first.
const VERBS: [&str; 23] = [
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
        for w in GROWTH_WORDS.iter().chain(&["同比", "达到", "为"]) {
            s = s.strip_suffix(w).unwrap_or(s);
        }
        if s == before {
            break;
        }
    }
    s.trim().to_string()
}

pub fn find(src: &Source, sentence: Span, exclude: Option<Span>) -> Vec<Found> {
    // Everything below looks no further than the sentence's end.
    let end = sentence.end().min(src.len());
    let cs = &src.chars()[..end];
    let sentence = Span(sentence.start().min(end), end);
    let mask = masked(cs, sentence, exclude);
    let is_masked = |i: usize| mask.get(i - sentence.start()).copied().unwrap_or(true);
    let digit_at = |i: usize| cs.get(i).is_some_and(|c| digit(*c).is_some());
    let clause_breaks: Vec<usize> = (sentence.start()..sentence.end())
        .filter(|&i| matches!(cs[i], '，' | ',' | '：' | ':') && !is_masked(i))
        // The comma of "1,200" separates thousands, not clauses.
        .filter(|&i| !(cs[i] == ',' && digit_at(i.wrapping_sub(1)) && digit_at(i + 1)))
        .collect();
    let clause_of = |i: usize| {
        let start = clause_breaks
            .iter()
            .rev()
            .find(|&&b| b < i)
            .map_or(sentence.start(), |b| b + 1);
        let stop = clause_breaks
            .iter()
            .find(|&&b| b > i)
            .copied()
            .unwrap_or(sentence.end());
        (start, stop)
    };

    let mut found: Vec<Found> = Vec::new();
    let mut last_end = sentence.start();
    let mut i = sentence.start();
    while i < sentence.end() {
        let starts_number = digit(cs[i]).is_some()
            && (i == sentence.start()
                || (digit(cs[i - 1]).is_none() && !matches!(cs[i - 1], '.' | '．')));
        if !starts_number {
            i += 1;
            continue;
        }
        // The number: digits (with ASCII thousands separators, "1,200"), optionally a decimal
        // point and more digits.
        let a = i;
        let mut b = i;
        loop {
            while b < sentence.end() && digit(cs[b]).is_some() {
                b += 1;
            }
            match thousands_group(cs, a, b, sentence.end()) {
                Some(next) => b = next,
                None => break,
            }
        }
        if b + 1 < sentence.end() && matches!(cs[b], '.' | '．') && digit(cs[b + 1]).is_some() {
            b += 1;
            while b < sentence.end() && digit(cs[b]).is_some() {
                b += 1;
            }
        }
        i = b;
        let after_letter = cs.get(b).is_some_and(|c| c.is_ascii_alphabetic());
        let before_letter = a > 0 && cs[a - 1].is_ascii_alphabetic();
        if is_masked(a) || (a > 0 && cs[a - 1] == '第') || after_letter || before_letter {
            continue;
        }
        if NOT_QUANTITY_AFTER.iter().any(|w| starts_with_at(cs, b, w)) {
            continue;
        }
        let number: String = cs[a..b]
            .iter()
            .filter(|c| **c != ',')
            .map(|c| match digit(*c) {
                Some(d) => char::from(b'0' + d as u8),
                None => '.',
            })
            .collect();
        let Some(unit) = UNITS.iter().find(|u| starts_with_at(cs, b, u)) else {
            found.push(Found::unclassified(Span(a, b)));
            continue;
        };
        let Ok(value) = number.parse::<Decimal>() else {
            found.push(Found::unclassified(Span(a, b)));
            continue;
        };
        let unit_end = b + unit.chars().count();
        i = unit_end;
        let (clause_start, clause_end) = clause_of(a);

        let suffix = SUFFIXES
            .iter()
            .find(|(w, _)| starts_with_at(cs, unit_end, w));
        let phrase_end = suffix.map_or(unit_end, |(w, _)| unit_end + w.chars().count());
        let prefix = PREFIXES.iter().find(|(w, _)| ends_with_at(cs, a, w));
        let growth = GROWTH_WORDS.iter().any(|w| ends_with_at(cs, a, w));
        let comparator = match (prefix.map(|p| p.1), suffix.map(|s| s.1)) {
            // "稳定在3万亩以上": a floor, whatever verb precedes it.
            (_, Some(s)) => s,
            (Some(p), None) => p,
            (None, None) => Comparator::Exactly,
        };

        // The commitment: the nearest 确保 or 力争 before the number in the sentence.
        let commitment = (sentence.start()..a).rev().find_map(|k| {
            if starts_with_at(cs, k, "确保") {
                Some(Commitment::Ensure)
            } else if starts_with_at(cs, k, "力争") {
                Some(Commitment::Strive)
            } else {
                None
            }
        });

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
            metric = phrase.clone();
        }
        last_end = phrase_end;
        found.push(Found {
            metric,
            value,
            unit: if *unit == "％" {
                "%".to_string()
            } else {
                unit.to_string()
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
