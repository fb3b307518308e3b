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

/// The kind of a task that carries no target: a milestone if it names a one-time achievement,
/// otherwise ongoing (持续, 深化, 常态化, 加强… have no end state). Corrections use this too, when
/// a user removes the last target of a task.
pub fn classify_without_targets(text: &str) -> TaskKind {
    if MILESTONE_VERBS.iter().any(|v| text.contains(v)) {
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
