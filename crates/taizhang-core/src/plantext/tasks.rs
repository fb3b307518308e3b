//! Points into tasks: the point's title, its sentences as tasks with a kind, the responsible
//! units the text names, and stable ids.

use std::collections::HashMap;

use super::structure::RawSection;
use super::targets;
use super::text::Source;
use crate::{Diagnostic, Point, Section, Span, Task, TaskKind, UnitRef, UnitRole};

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
    (0..clause.len()).any(|at| {
        MILESTONE_VERBS.iter().any(|v| {
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
    let find = |stop: char, limit: usize| {
        (start..end.min(start + limit)).find(|&i| src.at(i) == Some(stop))
    };
    find('。', 60)
        .or_else(|| find('，', 40))
        .unwrap_or(end.min(start + 30))
}

/// Sentences of `span`, split at 。；; ！？ outside brackets and quotes, trimmed, non-empty.
fn sentences(src: &Source, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = span.start();
    for i in span.start()..span.end() {
        match src.at(i) {
            Some('（' | '(' | '“' | '《' | '「') => depth += 1,
            Some('）' | ')' | '”' | '》' | '」') => depth = (depth - 1).max(0),
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

/// A "（牵头单位：…；责任单位：…）" clause inside `span`: its span and the units it names.
fn unit_clause(src: &Source, span: Span) -> Option<(Span, Vec<UnitRef>)> {
    let text: Vec<char> = src.chars()[span.start()..span.end()].to_vec();
    let open = (0..text.len()).find(|&i| {
        matches!(text[i], '（' | '(')
            && ["牵头单位", "责任单位", "配合单位"]
                .iter()
                .any(|w| text[i + 1..].iter().take(4).copied().eq(w.chars()))
    })?;
    let close = (open..text.len())
        .find(|&i| matches!(text[i], '）' | ')'))
        .unwrap_or(text.len());
    let inner: String = text[open + 1..close].iter().collect();
    let mut units = Vec::new();
    for part in inner.split(['；', ';', '。']) {
        let Some((label, names)) = part.split_once(['：', ':']) else {
            continue;
        };
        let role = if label.contains("牵头") {
            UnitRole::Lead
        } else {
            UnitRole::Support
        };
        for name in names.split(['、', '，', ',']) {
            let name = name.trim();
            if !name.is_empty() {
                units.push(UnitRef {
                    name: name.to_string(),
                    role,
                });
            }
        }
    }
    Some((
        Span(
            span.start() + open,
            span.start() + (close + 1).min(text.len()),
        ),
        units,
    ))
}

struct DraftTask {
    text: String,
    span: Span,
    units: Vec<UnitRef>,
    targets: Vec<targets::Found>,
}

fn read_point(src: &Source, number: u32, span: Span, body_start: usize) -> (Point, Vec<DraftTask>) {
    let body = Span(body_start.min(span.end()), span.end());
    let t_end = title_end(src, body.start(), body.end());
    let title = src.slice(src.trim(Span(body.start(), t_end)));
    let rest = Span((t_end + 1).min(body.end()), body.end());
    let mut spans = sentences(src, rest);
    if spans.is_empty() {
        spans = sentences(src, body);
    }
    let mut drafts: Vec<DraftTask> = Vec::new();
    let mut point_units: Vec<UnitRef> = Vec::new();
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
        if !text.chars().any(char::is_alphanumeric) {
            // A sentence that is only a unit clause names the units of the whole point.
            point_units.extend(units);
            continue;
        }
        let found = targets::find(src, s, exclude);
        drafts.push(DraftTask {
            text,
            span: s,
            units,
            targets: found,
        });
    }
    for d in &mut drafts {
        if d.units.is_empty() {
            d.units = point_units.clone();
        }
    }
    let point = Point {
        number,
        title,
        text: src.slice(body),
        span: body,
        tasks: Vec::new(),
    };
    (point, drafts)
}

pub fn read(src: &Source, raw: Vec<RawSection>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Section> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut sections = Vec::new();
    for rs in raw {
        let mut points = Vec::new();
        for rp in rs.points {
            let (mut point, drafts) = read_point(src, rp.number, rp.span, rp.body_start);
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
