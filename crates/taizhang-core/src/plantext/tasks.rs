//! Points into tasks: the point's title, its sentences as tasks with a kind, the responsible
//! units the text names, and stable ids.

use std::collections::HashMap;

use super::structure::{RawPoint, RawSection, Row};
use super::targets;
use super::text::{digit, Source};
use crate::{Date, Diagnostic, Point, Section, Span, Task, TaskKind, UnitRef, UnitRole};

/// Verbs that make a task a milestone: something happens once and is then done. Checked after
/// targets (a task with a target is quantitative whatever its verb).
const MILESTONE_VERBS: [&str; 27] = [
    "建成",
    "开工建设",
    "开工",
    "完成",
    "办好",
    "举办",
    "开办",
    "出版发行",
    "出版",
    "召开",
    "成立",
    "启动",
    "交付",
    "争创",
    "创成",
    "创建",
    "打造",
    "制定",
    "编制",
    "搬迁",
    "申报",
    "建立",
    "挂牌",
    "投运",
    "投产",
    "竣工",
    "验收",
];

/// Words that open a clause with no end state: a milestone verb inside such a clause
/// ("持续开展民族团结进步创建", "巩固…搬迁…工作成效") names the field of a standing effort, not a
/// one-time achievement.
const ONGOING_OPENERS: [&str; 9] = [
    "持续",
    "常态化",
    "不断",
    "坚持",
    "深化",
    "深入",
    "巩固",
    "加强",
    "继续",
];

/// What may follow a milestone verb when it is used as a noun: an item in a list
/// ("产业链条打造、消费升级") or the head of a noun phrase ("预算编制科学性", "搬迁工作成效").
const NOMINAL_AFTER: [&str; 5] = ["、", "科学性", "工作成效", "成效", "成果"];

/// What the object of 办好 must mention for it to be a one-time event ("办好第四届…运动会",
/// "办好首届…狂欢节"); "高质量办好基础教育" is a standing duty.
const EVENT_WORDS: [&str; 10] = [
    "第", "首届", "会", "节", "赛", "周", "展", "活动", "论坛", "仪式",
];

/// Whether `verb` at char index `at` of `clause` is used as a milestone verb there.
fn is_milestone_use(clause: &[char], at: usize, verb: &str) -> bool {
    let after: String = clause[at + verb.chars().count()..].iter().collect();
    if NOMINAL_AFTER.iter().any(|w| after.starts_with(w)) {
        return false;
    }
    verb != "办好" || EVENT_WORDS.iter().any(|w| after.contains(w))
}

/// Whether `clause` (already trimmed) names a one-time achievement.
fn clause_is_milestone(clause: &[char]) -> bool {
    let text: String = clause.iter().collect();
    if ONGOING_OPENERS.iter().any(|w| text.starts_with(w)) {
        return false;
    }
    // A cheap look at the first char spares most positions the comparison with every verb.
    let firsts: Vec<char> = MILESTONE_VERBS
        .iter()
        .filter_map(|v| v.chars().next())
        .collect();
    (0..clause.len()).any(|at| {
        firsts.contains(&clause[at])
            && MILESTONE_VERBS.iter().any(|v| {
                (at..)
                    .zip(v.chars())
                    .all(|(k, c)| clause.get(k) == Some(&c))
                    && is_milestone_use(clause, at, v)
            })
    })
}

/// The kind of a task that carries no target: a milestone if one of its clauses names a one-time
/// achievement (a milestone verb used as a verb, outside a clause opened by 持续, 深化, 巩固…),
/// otherwise ongoing (持续, 深化, 常态化, 加强… have no end state). Corrections use this too, when
/// a user removes the last target of a task.
pub fn classify_without_targets(text: &str) -> TaskKind {
    let chars: Vec<char> = text.chars().collect();
    let milestone = chars
        .split(|c| matches!(c, '，' | ',' | '；' | ';' | '。'))
        .map(|clause| {
            let start = clause.iter().take_while(|c| c.is_whitespace()).count();
            &clause[start..]
        })
        .any(clause_is_milestone);
    if milestone {
        TaskKind::Milestone
    } else {
        TaskKind::Ongoing
    }
}

/// Text without whitespace: what a task id hashes, so reflowing lines never changes an id.
fn normalise(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where a point's title (its first clause) ends: at the first 。 if it comes soon, else at the
/// first ，, else after at most 30 chars.
fn title_end(src: &Source, start: usize, end: usize) -> usize {
    // A title never runs past its line: the next line may be a deeper item.
    let end = (start..end)
        .find(|&i| matches!(src.at(i), Some('\n' | '\r')))
        .unwrap_or(end);
    let find = |stop: char, limit: usize| {
        (start..end.min(start + limit)).find(|&i| src.at(i) == Some(stop))
    };
    find('。', 60)
        .or_else(|| find('，', 40))
        .unwrap_or(end.min(start + 30))
}

/// Sentences of `span`, split at 。；; ！？ outside brackets and quotes, trimmed, non-empty. A
/// bracket never spans a line: a line break closes any bracket left open, so a missing "）" cannot
/// swallow the rest of a point.
fn sentences(src: &Source, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = span.start();
    for i in span.start()..span.end() {
        match src.at(i) {
            Some('（' | '(' | '“' | '《' | '「') => depth += 1,
            Some('）' | ')' | '”' | '》' | '」') => depth = (depth - 1).max(0),
            Some('\n' | '\r') => depth = 0,
            Some('。' | '；' | ';' | '！' | '？' | '!' | '?') if depth == 0 => {
                out.push(Span(start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(Span(start, span.end()));
    out.into_iter()
        .map(|s| src.trim(s))
        .filter(|s| src.slice(*s).chars().any(|c| c.is_alphanumeric()))
        .collect()
}

/// Labels that introduce responsible units.
const UNIT_LABELS: [&str; 9] = [
    "牵头单位",
    "责任单位",
    "配合单位",
    "牵头部门",
    "责任部门",
    "配合部门",
    "协办单位",
    "参与单位",
    "责任主体",
];

/// Labels that introduce a time limit inside a units clause.
const TIME_LABELS: [&str; 4] = ["完成时限", "完成时间", "时间节点", "时限"];

/// Splits a list of unit names: 县发改局、县财政局，各乡镇.
fn unit_names(s: &str, role: UnitRole, out: &mut Vec<UnitRef>) {
    for name in s.split(['、', '，', ',', '；', ';', '/', ' ', '\u{3000}', '\t']) {
        let name = name.trim().trim_end_matches(['。', '）', ')']).trim();
        let name = name.strip_suffix('等').unwrap_or(name);
        if !name.is_empty() && name.chars().count() <= 40 {
            out.push(UnitRef {
                name: name.to_string(),
                role,
            });
        }
    }
}

/// A units clause inside `span`, with or without its brackets: "（牵头单位：…；责任单位：…）",
/// "牵头单位：…" after a colon, "（责任单位：…" with its bracket missing, or "（县发改局牵头，县
/// 财政局配合）". Returns the clause's span and the units it names; a time limit inside it
/// ("完成时限：6月底前") is read as the task's deadline by the caller, from the raw text.
fn unit_clause(src: &Source, span: Span) -> Option<(Span, Vec<UnitRef>)> {
    let text: Vec<char> = src.chars()[span.start()..span.end()].to_vec();
    // Labels are matched on the folded text; names are taken as written, at the same offsets.
    let orig: Vec<char> = src.slice(span).chars().collect();
    let at = |i: usize, w: &str| (i..).zip(w.chars()).all(|(k, c)| text.get(k) == Some(&c));
    // Every label opens with 牵, 责, 配, 协, 参: a cheap look at the first char first.
    let label = (0..text.len()).find(|&i| {
        matches!(text[i], '牵' | '责' | '配' | '协' | '参') && UNIT_LABELS.iter().any(|w| at(i, w))
    });
    let (open, close) = match label {
        Some(l) => {
            let before = (0..l).rev().find(|&k| !text[k].is_whitespace());
            let open = match before {
                Some(k) if matches!(text[k], '（' | '(' | '【' | '[') => Some(k),
                _ => None,
            };
            // The clause ends at the bracket that closes it, or at the end of the sentence.
            let mut depth = 0i32;
            let close = (l..text.len()).find(|&k| {
                match text[k] {
                    '（' | '(' => depth += 1,
                    '）' | ')' | '】' | ']' => depth -= 1,
                    _ => {}
                }
                depth < 0
            });
            (open.unwrap_or(l), close)
        }
        None => {
            // "（县发改局牵头，县财政局配合）" at the end of the sentence.
            let last = text.len().checked_sub(1)?;
            if !matches!(text[last], '）' | ')') {
                return None;
            }
            let open = (0..last).rev().find(|&k| matches!(text[k], '（' | '('))?;
            let inner: String = text[open + 1..last].iter().collect();
            let ok = ["牵头", "负责", "配合"].iter().any(|w| inner.ends_with(w))
                && inner.chars().count() <= 80;
            if !ok {
                return None;
            }
            let inner_o: String = orig[open + 1..last].iter().collect();
            let mut units = Vec::new();
            let seps = ['，', ',', '；', ';'];
            for (part, part_o) in inner.split(seps).zip(inner_o.split(seps)) {
                let (cut, role) = if part.ends_with("牵头") || part.ends_with("负责") {
                    (2, UnitRole::Lead)
                } else if part.ends_with("配合") || part.ends_with("参与") {
                    (2, UnitRole::Support)
                } else {
                    (0, UnitRole::Support)
                };
                let keep = part_o.chars().count().saturating_sub(cut);
                let name: String = part_o.chars().take(keep).collect();
                unit_names(&name, role, &mut units);
            }
            return Some((Span(span.start() + open, span.start() + last + 1), units));
        }
    };
    let end = close.unwrap_or(text.len());
    let inner_start = if open < label.unwrap_or(open) {
        open + 1
    } else {
        open
    };
    let inner: String = text[inner_start..end].iter().collect();
    let inner_o: Vec<char> = orig[inner_start..end].to_vec();
    let mut units = Vec::new();
    // Cut the clause before each label, so "牵头单位：甲 责任单位：乙" splits without a "；".
    let ics: Vec<char> = inner.chars().collect();
    let starts: Vec<usize> = (0..ics.len())
        .filter(|&i| {
            UNIT_LABELS
                .iter()
                .chain(&TIME_LABELS)
                .any(|w| (i..).zip(w.chars()).all(|(k, c)| ics.get(k) == Some(&c)))
        })
        .collect();
    let mut cuts = starts.clone();
    cuts.push(ics.len());
    for w in cuts.windows(2) {
        let part: String = ics[w[0]..w[1]].iter().collect();
        if TIME_LABELS.iter().any(|t| part.starts_with(t)) {
            continue;
        }
        let Some((label, _)) = part.split_once(['：', ':']) else {
            continue;
        };
        let role = if label.contains("牵头") {
            UnitRole::Lead
        } else {
            UnitRole::Support
        };
        let names: String = inner_o[w[0]..w[1]]
            .iter()
            .skip(label.chars().count() + 1)
            .collect();
        unit_names(&names, role, &mut units);
    }
    let clause_end = close.map_or(text.len(), |c| c + 1);
    Some((Span(span.start() + open, span.start() + clause_end), units))
}

struct DraftTask {
    text: String,
    span: Span,
    units: Vec<UnitRef>,
    targets: Vec<targets::Found>,
    deadline: Option<Date>,
}

/// Whether a point's title sentence also says what is to be done: it carries a target, so it is
/// read as a task too ("1.全年完成投资10亿元。"). A number that is a name ("推进第1项重点任务")
/// leaves it a heading.
fn title_is_task(src: &Source, span: Span, ctx: &Context) -> bool {
    (span.start()..span.end()).any(|i| src.at(i).is_some_and(|c| digit(c).is_some()))
        && targets::find(src, span, None, ctx)
            .iter()
            .any(|f| f.diagnostic.is_none())
}

fn read_point(src: &Source, rp: &RawPoint, ctx: &Context) -> (Point, Vec<DraftTask>) {
    let span = rp.span;
    let body = Span(rp.body_start.min(span.end()), span.end());
    let t_end = title_end(src, body.start(), body.end());
    let title = src.slice(src.trim(Span(body.start(), t_end)));
    let point = |title: String| Point {
        number: rp.number,
        label: String::new(),
        title,
        text: src.slice(body),
        span: body,
        tasks: Vec::new(),
    };
    if let Some(row) = &rp.row {
        return (
            point(row_title(src, row)),
            vec![row_task(src, row, body, ctx)],
        );
    }
    // The point's text without its title, cut into items at deeper markers (（1）…, ①…).
    let first_item = rp.items.first().map_or(body.end(), |(s, _)| *s);
    let rest_start = if !rp.titled || title_is_task(src, Span(body.start(), t_end), ctx) {
        body.start()
    } else {
        (t_end + 1).min(first_item)
    };
    let mut pieces = vec![Span(rest_start.min(first_item), first_item)];
    for (k, (_, item_body)) in rp.items.iter().enumerate() {
        let next = rp.items.get(k + 1).map_or(body.end(), |(s, _)| *s);
        pieces.push(Span((*item_body).min(next), next));
    }
    let mut spans: Vec<Span> = pieces.into_iter().flat_map(|p| sentences(src, p)).collect();
    if spans.is_empty() {
        spans = sentences(src, body);
    }
    let mut drafts: Vec<DraftTask> = Vec::new();
    let mut point_units: Vec<UnitRef> = Vec::new();
    let mut point_deadline: Option<Date> = None;
    for s in spans {
        let (text, units, exclude) = match unit_clause(src, s) {
            Some((clause, units)) => {
                let before = src.slice(Span(s.start(), clause.start()));
                let after = src.slice(Span(clause.end(), s.end()));
                (
                    format!("{before}{after}").trim().to_string(),
                    units,
                    Some(clause),
                )
            }
            None => (src.slice(s), Vec::new(), None),
        };
        let deadline = super::deadline::find(&src.slice(s), ctx.year);
        if !text.chars().any(char::is_alphanumeric) {
            // A sentence that is only a unit clause names the units of the whole point.
            point_units.extend(units);
            point_deadline = point_deadline.or(deadline);
            continue;
        }
        let found = targets::find(src, s, exclude, ctx);
        drafts.push(DraftTask {
            text,
            span: s,
            units,
            targets: found,
            deadline,
        });
    }
    for d in &mut drafts {
        if d.units.is_empty() {
            d.units = point_units.clone();
        }
        d.deadline = d.deadline.or(point_deadline);
    }
    let title = if rp.titled {
        title
    } else {
        short_title(&title)
    };
    (point(title), drafts)
}

/// A paragraph's title: its first clause, at most 30 chars.
fn short_title(s: &str) -> String {
    let first = s.split(['，', ',', '：', ':']).next().unwrap_or(s);
    first.chars().take(30).collect()
}

fn row_title(src: &Source, row: &Row) -> String {
    row.text
        .first()
        .map(|c| short_title(&src.slice(*c)))
        .unwrap_or_default()
}

/// A table row's one task: its text cells joined, its units and deadline from their columns.
fn row_task(src: &Source, row: &Row, body: Span, ctx: &Context) -> DraftTask {
    let text = row
        .text
        .iter()
        .map(|c| src.slice(*c))
        .collect::<Vec<_>>()
        .join("；");
    let mut units = Vec::new();
    for c in &row.lead {
        unit_names(&src.slice(*c), UnitRole::Lead, &mut units);
    }
    for c in &row.support {
        unit_names(&src.slice(*c), UnitRole::Support, &mut units);
    }
    let mut found = Vec::new();
    for c in &row.text {
        found.extend(targets::find(src, *c, None, ctx));
    }
    let name = row.text.first().map(|c| src.slice(*c)).unwrap_or_default();
    for (cell, unit) in &row.amounts {
        found.extend(targets::amount(src, *cell, *unit, &name));
    }
    crate::order::sort_by(&mut found, |f| (f.span.0 as i64, f.span.1 as i64, ""));
    let deadline = row
        .deadline
        .and_then(|c| super::deadline::find(&src.slice(c), ctx.year))
        .or_else(|| super::deadline::find(&text, ctx.year));
    DraftTask {
        text,
        span: body,
        units,
        targets: found,
        deadline,
    }
}

/// What every stage below the structure needs to know about the plan as a whole.
pub struct Context {
    /// The plan's year: a month without a year is in it, an earlier year is the past.
    pub year: i32,
}

pub fn read(
    src: &Source,
    raw: Vec<RawSection>,
    ctx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Section> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut sections = Vec::new();
    for rs in raw {
        let mut points = Vec::new();
        for rp in rs.points {
            let (mut point, drafts) = read_point(src, &rp, ctx);
            for d in drafts {
                let base = crate::id::content_id("k", &normalise(&d.text));
                let n = seen.entry(base.clone()).or_insert(0);
                *n += 1;
                let id = if *n == 1 { base } else { format!("{base}-{n}") };
                diagnostics.extend(d.targets.iter().flat_map(|f| f.diagnostic.clone()));
                let targets = targets::into_targets(&id, d.targets);
                let kind = if targets.is_empty() {
                    classify_without_targets(&d.text)
                } else {
                    TaskKind::Quantitative
                };
                point.tasks.push(Task {
                    id,
                    text: d.text,
                    kind,
                    span: d.span,
                    units: d.units,
                    targets,
                    deadline: d.deadline,
                });
            }
            points.push(point);
        }
        sections.push(Section {
            number: rs.number,
            numeral: rs.numeral,
            title: rs.title,
            span: rs.span,
            points,
        });
    }
    sections
}
