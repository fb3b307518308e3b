//! Sections and points, found line by line, whatever numbering the plan uses.
//!
//! Every line is first classified: web-page or document furniture (索引号, 来源, 打印本页, 抄送…),
//! a heading or item marker (一、 （一） 1. 1、 （1） ①), a table row, or plain text. Then:
//!
//! - In a 政府工作报告 the review of last year is skipped: the plan starts where this year's work
//!   does (2025年工作安排, 今年主要预期目标…). See [`report_start`].
//! - Annexes (附件…, a 民生实事 list) start a region of their own, read the same way.
//! - In each region the shallowest marker style present makes the sections; in each section, the
//!   shallowest style below it makes the points; deeper markers split a point into tasks.
//! - A section without points reads each paragraph as a point; a region without headings reads
//!   its numbered items (or, failing those, its paragraphs) as the points of one unnamed section.
//! - A table with a header row (序号, 项目名称, 牵头单位, 完成时限…) reads each row as a point
//!   with one task, its columns telling the task's text, units and deadline.
//!
//! A plain line after a point continues it (plans pasted from a word processor often wrap). Lines
//! before the plan proper are the header. Whatever was guessed is said in a diagnostic.

use super::text::{chinese_number, digit, Line, Source};
use crate::{Diagnostic, Span};

pub struct RawSection {
    pub number: u32,
    pub numeral: String,
    pub title: String,
    pub span: Span,
    pub points: Vec<RawPoint>,
}

pub struct RawPoint {
    pub number: u32,
    /// From the point's number to the end of its last line.
    pub span: Span,
    /// Where the text after the number marker starts.
    pub body_start: usize,
    /// Whether the point's first sentence is a heading (a numbered point's title) rather than a
    /// task of its own: false for paragraphs read as points.
    pub titled: bool,
    /// Deeper items inside the point (（1）…, ①…): where each starts and where its text starts.
    /// Each item ends the task before it.
    pub items: Vec<(usize, usize)>,
    /// Set when the point is a table row.
    pub row: Option<Row>,
}

/// The cells of a table row, by what their column means.
#[derive(Default)]
pub struct Row {
    /// Cells that make the task's text (项目名称, 目标任务…), in column order.
    pub text: Vec<Span>,
    /// 牵头单位 cells.
    pub lead: Vec<Span>,
    /// 责任单位 / 配合单位 cells.
    pub support: Vec<Span>,
    /// The 完成时限 cell.
    pub deadline: Option<Span>,
    /// Cells of amount columns, each with the span of the unit its header names.
    pub amounts: Vec<(Span, Span)>,
}

pub struct Structure {
    pub sections: Vec<RawSection>,
    /// Index of the first line of the plan proper (the header is the lines before it).
    pub first_heading_line: usize,
    /// The year a report's work heading names ("2026年——"), when there is one.
    pub year: Option<i32>,
}

/// Marker styles, shallowest first: the usual order of a Chinese official document.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Style {
    /// 一、
    Dun,
    /// （一）
    Paren,
    /// 1. 1． 1、
    Digit,
    /// （1）
    ParenDigit,
    /// ①
    Circled,
}

/// What a column of a table holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    Number,
    Text,
    Lead,
    Support,
    Deadline,
    Ignored,
    /// A column of amounts whose unit the header names: "年度投资金额（万元）". The span is the
    /// header cell.
    Amount(Span),
}

#[derive(Clone, Debug)]
enum Kind {
    /// Furniture: never part of the plan's structure.
    Chrome,
    Marker {
        style: Style,
        number: u32,
        numeral: String,
        body: usize,
    },
    TableHeader(char, Vec<Column>),
    /// Cells of a row split at the separator, trimmed.
    Cells(char, Vec<Span>),
    Text,
}

/// Words that open a line of web-page or document furniture.
const CHROME_OPENERS: &[&str] = &[
    "文件名称",
    "公开目录",
    "公开责任部门",
    "公开形式",
    "公开方式",
    "公开范围",
    "公开日期",
    "组配分类",
    "时效性",
    "索引号",
    "发布机构",
    "发文机关",
    "成文日期",
    "发布日期",
    "发文日期",
    "生效日期",
    "废止日期",
    "有效性",
    "主题分类",
    "主题词",
    "公文种类",
    "体裁分类",
    "信息来源",
    "来源",
    "文号",
    "发文字号",
    "字号",
    "标题",
    "名称",
    "分类",
    "作者",
    "浏览次数",
    "访问量",
    "点击数",
    "责任编辑",
    "编辑",
    "打印本页",
    "打印",
    "关闭窗口",
    "分享到",
    "扫一扫",
    "【字体",
    "字体",
    "抄送",
    "上一篇",
    "下一篇",
    "相关链接",
    "相关文件",
    "附件下载",
    "版权所有",
    "主办单位",
    "网站标识码",
    "政策解读",
    "公文生成日期",
    "备注/文号",
    "备注",
    "信息索取号",
    "首页",
];

/// Whether a line is furniture: a URL, a metadata field, print and share buttons, the 抄送 and
/// 印发 lines at the foot of a document, a bare date or signature after the header.
pub(super) fn is_chrome(s: &str) -> bool {
    // A short label in 【】 (【全文链接】, 【打印】).
    if s.starts_with('【') && s.ends_with('】') && s.chars().count() <= 20 {
        return true;
    }
    // List bullets of a page's metadata block ("- 索 引 号：…") and brackets go first.
    let s = s.trim_start_matches(['【', '[', '〔', '-', '•', '·', '*', ' ', '\u{3000}']);
    // A breadcrumb: 首页 > 政务公开 > …
    if s.matches(['>', '»', '›']).count() >= 2 && s.chars().count() <= 80 {
        return true;
    }
    // A label spaced out for alignment ("索 引 号：") reads as the label.
    let compact: String = s.chars().take(12).filter(|c| !c.is_whitespace()).collect();
    if CHROME_OPENERS.iter().any(|w| {
        compact
            .strip_prefix(w)
            .is_some_and(|rest| rest.starts_with(['：', ':', '】', ']', '|']))
    }) && s.chars().count() <= 120
    {
        return true;
    }
    if s.contains("http://") || s.contains("https://") || s.starts_with("www.") {
        return true;
    }
    if s.contains("ICP备") || s.contains("公网安备") {
        return true;
    }
    // Table rules and empty rows: |---|---|, ||||, ------.
    if s.chars().all(|c| "|-:—－ +=_\t".contains(c)) {
        return true;
    }
    let short = s.chars().count() <= 60;
    let first = s.chars().next().unwrap_or(' ');
    if short
        && CHROME_OPENERS.iter().any(|w| {
            w.starts_with(first)
                && s.strip_prefix(w).is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.is_empty()
                        || rest.len() < s.len() - w.len()
                        || rest.starts_with(['：', ':', '】', ']', '|'])
                        || *w == "打印本页"
                        || *w == "关闭窗口"
                })
        })
    {
        return true;
    }
    // Share and download buttons, copyright lines.
    if [
        "客户端",
        "扫码",
        "二维码",
        "版权所有",
        "Copyright",
        "©",
        "分享到",
    ]
    .iter()
    .any(|w| s.contains(w))
        && short
    {
        return true;
    }
    let no_sentence = !s.contains(['。', '；', '，']);
    short
        && no_sentence
        && (s.ends_with("印发")
            || s.starts_with("（此件")
            || s.starts_with("(此件")
            || s.contains("大 中 小")
            || s.contains("【大】")
            || s == "打印"
            || s == "关闭")
}

/// A heading or item marker at the start of the line's chars `cs`: style, number, numeral as
/// written, and the offset (within `cs`) where the text after the marker starts.
fn marker(cs: &[char]) -> Option<(Style, u32, String, usize)> {
    let is_numeral = |c: &char| "一二三四五六七八九十".contains(*c);
    let first = *cs.first()?;
    if let Some(n) = circled(first) {
        return Some((Style::Circled, n, first.to_string(), 1));
    }
    let open = usize::from(matches!(first, '（' | '('));
    let closes = |c: Option<&char>| matches!(c, Some('）' | ')'));
    // Chinese numerals: 一、 or （一）.
    let n_len = cs[open..].iter().take_while(|c| is_numeral(c)).count();
    if (1..=3).contains(&n_len) {
        let numeral: String = cs[open..open + n_len].iter().collect();
        let number = chinese_number(&numeral)?;
        let close = open + n_len;
        return match open {
            0 if cs.get(close) == Some(&'、') => Some((Style::Dun, number, numeral, close + 1)),
            1 if closes(cs.get(close)) => Some((Style::Paren, number, numeral, close + 1)),
            _ => None,
        };
    }
    // Digits: 1. 1． 1、 or （1）.
    let digits: Vec<u32> = cs[open..].iter().map_while(|c| digit(*c)).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let number = digits.iter().fold(0u32, |n, d| n * 10 + d);
    let after = open + digits.len();
    let numeral: String = cs[open..after].iter().collect();
    let style = if open == 1 {
        closes(cs.get(after)).then_some(Style::ParenDigit)
    } else {
        // "1." but not "1.5": a decimal point followed by a digit is a number, not a marker.
        (matches!(cs.get(after), Some('.' | '．' | '、'))
            && cs.get(after + 1).is_none_or(|c| digit(*c).is_none()))
        .then_some(Style::Digit)
    }?;
    (number > 0).then_some((style, number, numeral, after + 1))
}

/// The value of a circled number ①…⑳.
fn circled(c: char) -> Option<u32> {
    let v = c as u32;
    (0x2460..=0x2473).contains(&v).then(|| v - 0x2460 + 1)
}

/// Header words of a table and what their column holds; the first that a cell contains wins. A
/// header cell that names a unit in brackets ("投资（万元）") makes an amount column instead.
const COLUMN_WORDS: &[(&str, Column)] = &[
    ("序号", Column::Number),
    ("市长", Column::Ignored),
    ("县长", Column::Ignored),
    ("区长", Column::Ignored),
    ("负责人", Column::Ignored),
    ("建设时间", Column::Ignored),
    ("建设地点", Column::Ignored),
    ("地点", Column::Ignored),
    ("编号", Column::Number),
    ("牵头", Column::Lead),
    ("责任领导", Column::Ignored),
    ("分管领导", Column::Ignored),
    ("领导", Column::Ignored),
    ("责任单位", Column::Support),
    ("责任部门", Column::Support),
    ("配合", Column::Support),
    ("协办", Column::Support),
    ("完成时限", Column::Deadline),
    ("完成时间", Column::Deadline),
    ("时间节点", Column::Deadline),
    ("时限", Column::Deadline),
    ("进展", Column::Ignored),
    ("完成情况", Column::Ignored),
    ("备注", Column::Ignored),
    ("项目名称", Column::Text),
    ("目标任务", Column::Text),
    ("工作任务", Column::Text),
    ("主要内容", Column::Text),
    ("任务", Column::Text),
    ("内容", Column::Text),
    ("名称", Column::Text),
];

/// Splits a line at tabs or `|` into trimmed cells, when it has at least two separators' worth.
fn cells(src: &Source, line: Line) -> Option<(char, Vec<Span>)> {
    let cs = &src.chars()[line.span.start()..line.span.end()];
    let sep = if cs.contains(&'\t') {
        '\t'
    } else if cs.iter().filter(|c| **c == '|').count() >= 2 {
        '|'
    } else {
        return None;
    };
    let mut out = Vec::new();
    let mut start = line.span.start();
    for i in line.span.start()..=line.span.end() {
        if i == line.span.end() || src.at(i) == Some(sep) {
            out.push(src.trim(Span(start, i)));
            start = i + 1;
        }
    }
    // Leading and trailing pipes of a Markdown row leave empty cells at the ends.
    if sep == '|' {
        if out.first().is_some_and(|s| s.is_empty()) {
            out.remove(0);
        }
        if out.last().is_some_and(|s| s.is_empty()) {
            out.pop();
        }
    }
    // A Markdown separator row (|---|:---:|) is no row at all.
    let rule = out.iter().all(|c| {
        src.slice(*c)
            .chars()
            .all(|ch| matches!(ch, '-' | ':' | '—' | '－' | ' '))
    });
    (out.len() >= 2 && !rule).then_some((sep, out))
}

/// The columns of a header row, when the cells read as one: at least two cells name a known
/// column, one of them a text or units column.
fn header_columns(src: &Source, cells: &[Span]) -> Option<Vec<Column>> {
    let cols: Vec<Option<Column>> = cells
        .iter()
        .map(|c| {
            let t = src.slice(*c);
            let folded: String = src.chars()[c.start()..c.end()].iter().collect();
            if t.chars().count() > 16 {
                return None;
            }
            if let Some(unit) = bracketed_unit(src, *c) {
                return Some(Column::Amount(unit));
            }
            COLUMN_WORDS
                .iter()
                .find(|(w, _)| folded.contains(w))
                .map(|x| x.1)
        })
        .collect();
    let known = cols.iter().flatten().count();
    let useful = cols
        .iter()
        .flatten()
        .any(|c| matches!(c, Column::Text | Column::Lead | Column::Support));
    // Unknown header cells (项目, 指标…) are read as text.
    (known >= 2 && useful).then(|| {
        cols.into_iter()
            .map(|c| c.unwrap_or(Column::Text))
            .collect()
    })
}

/// The unit a header cell names in brackets, "金额（万元）" or "投资 (萬元)": its span.
fn bracketed_unit(src: &Source, cell: Span) -> Option<Span> {
    let cs = &src.chars()[cell.start()..cell.end()];
    let open = cs.iter().position(|c| matches!(c, '（' | '('))?;
    let close = open + cs[open..].iter().position(|c| matches!(c, '）' | ')'))?;
    let inner: String = cs[open + 1..close].iter().collect();
    [
        "万元",
        "亿元",
        "元",
        "公里",
        "万平方米",
        "平方米",
        "亩",
        "万亩",
        "个",
        "人",
        "户",
    ]
    .contains(&inner.trim())
    .then(|| Span(cell.start() + open + 1, cell.start() + close))
}

fn classify(src: &Source, lines: &[Line]) -> Vec<Kind> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let text = src.folded(line.span);
        let cs = &src.chars()[line.span.start()..line.span.end()];
        let kind = if is_chrome(&text) {
            Kind::Chrome
        } else if let Some((sep, cells)) = cells(src, *line) {
            match header_columns(src, &cells) {
                Some(cols) => Kind::TableHeader(sep, cols),
                None => Kind::Cells(sep, cells),
            }
        } else if let Some((style, number, numeral, body)) = marker(cs) {
            Kind::Marker {
                style,
                number,
                numeral,
                body: line.span.start() + body,
            }
        } else {
            Kind::Text
        };
        out.push(kind);
    }
    out
}

/// Cues that a line opens the review of last year in a 政府工作报告.
const REVIEW_CUES: [&str; 6] = [
    "工作回顾",
    "过去一年",
    "过去的一年",
    "一年来",
    "过去五年",
    "回顾过去",
];

/// Cues that a line opens this year's work.
const WORK_CUES: [&str; 14] = [
    "年工作安排",
    "年重点工作",
    "年主要工作",
    "年工作总体要求",
    "年政府工作",
    "今年工作",
    "今年重点",
    "今年主要",
    "今年政府工作",
    "主要预期目标",
    "重点抓好以下",
    "重点做好以下",
    "着力抓好以下",
    "做好以下",
];

/// The year a short heading opens with, after any bullet or marker: "■ 2024年成绩单",
/// "2026年——", "一、2024年工作回顾".
fn heading_year(text: &str, kind: &Kind) -> Option<i32> {
    if text.chars().count() > 30 || matches!(kind, Kind::Chrome | Kind::Cells(..)) {
        return None;
    }
    let cs: Vec<char> = text.chars().collect();
    let skip = match marker(&cs) {
        Some((.., body)) => body,
        None => cs
            .iter()
            .take_while(|c| "■●◆▲★•·◎○□◇—-* \u{3000}".contains(**c))
            .count(),
    };
    let ds: Vec<u32> = cs[skip..].iter().map_while(|c| digit(*c)).collect();
    (ds.len() == 4 && cs.get(skip + 4) == Some(&'年'))
        .then(|| ds.iter().fold(0i32, |n, d| n * 10 + *d as i32))
}

/// In a 政府工作报告, the review of last year: the lines `[review, work)` to skip, and the year of
/// the work when a heading names it. Read in this order:
///
/// 1. Two short headings that open with years, an earlier then a later one ("■ 2024年成绩单" …
///    "■ 2025年…主要预期目标", "2025年——" … "2026年——"): the first starts the review, the later
///    starts the work.
/// 2. A review cue (…工作回顾 anywhere in a line; 过去一年, 一年来… at its start), then the first
///    line with a work cue (2025年工作安排, 今年主要预期目标, 重点抓好以下工作…). When no work
///    cue follows, a review *heading* (a marker line, or a line naming 工作回顾) runs to the end of
///    the text; a review paragraph without one is left alone.
fn report_start(texts: &[String], kinds: &[Kind]) -> Option<Report> {
    let years: Vec<(usize, i32)> = texts
        .iter()
        .zip(kinds)
        .enumerate()
        .filter_map(|(i, (t, k))| heading_year(t, k).map(|y| (i, y)))
        .collect();
    if let Some(&(review, first)) = years.first() {
        if let Some(&(work, year)) = years.iter().find(|(_, y)| *y > first) {
            let review_heading = !WORK_CUES.iter().any(|c| texts[review].contains(c));
            if review_heading {
                return Some(Report {
                    review,
                    work,
                    year: Some(year),
                    strong: true,
                });
            }
        }
    }
    let review = texts.iter().zip(kinds).position(|(t, k)| {
        let head: String = t.chars().take(24).collect();
        !matches!(k, Kind::Chrome)
            && (REVIEW_CUES.iter().any(|c| head.contains(c)) || t.contains("工作回顾"))
    })?;
    let work = (review + 1..texts.len()).find(|&i| {
        let head: String = texts[i].chars().take(40).collect();
        WORK_CUES.iter().any(|c| head.contains(c))
    });
    let Some(work) = work else {
        let heading =
            matches!(kinds[review], Kind::Marker { .. }) || texts[review].contains("工作回顾");
        return heading.then_some(Report {
            review,
            work: texts.len(),
            year: None,
            strong: true,
        });
    };
    // A short heading just before a cue in a paragraph (二、2025年工作安排 then 今年主要预期目标
    // 是…) opens the work.
    let work = if work > review + 1
        && !matches!(kinds[work], Kind::Marker { .. })
        && matches!(kinds[work - 1], Kind::Marker { .. })
        && texts[work - 1].chars().count() <= 30
    {
        let before: String = texts[work - 1].chars().take(24).collect();
        if REVIEW_CUES.iter().any(|c| before.contains(c)) {
            work
        } else {
            work - 1
        }
    } else {
        work
    };
    // The year: the one the work heading names, else the year after the one reviewed
    // ("一、2025年工作回顾" reviews 2025 for a plan of 2026).
    let year = heading_year(&texts[work], &kinds[work]).or_else(|| {
        let t = &texts[review];
        let at = t.find("年工作回顾")?;
        let digits: String = t[..at]
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .map(|y| y + 1)
    });
    Some(Report {
        review,
        work,
        year,
        strong: texts[review].contains("工作回顾"),
    })
}

/// Words that tell a result already achieved: 获评, 入选, 顺利通过…
const RESULT_CUES: [&str; 12] = [
    "已建成",
    "已完成",
    "过去一年",
    "获评",
    "荣获",
    "入选",
    "被评为",
    "被授予",
    "顺利通过",
    "圆满完成",
    "超额完成",
    "成功举办",
];

/// Words that tell a goal for a year to come: 目标, 力争, 确保, 今年…
const GOAL_CUES: [&str; 11] = [
    "目标", "力争", "确保", "争取", "计划", "预期", "今年", "明年", "拟", "将于", "将要",
];

/// A text about a 政府工作报告 or about how far work was done (完成情况) — typically a news report
/// — that tells only what was achieved — at least two paragraphs say something 获评/入选/顺利通过/
/// 已建成…, and no line names a goal (目标, 力争, 确保, 计划, 今年…) or this year's work — is a
/// review, with no heading to say so: everything after the header is skipped, headline included.
fn results_only(texts: &[String], kinds: &[Kind], header_top: usize) -> Option<Report> {
    let about_report = texts
        .iter()
        .any(|t| t.contains("工作报告") || t.contains("完成情况"));
    let results = texts
        .iter()
        .zip(kinds)
        .skip(header_top)
        .filter(|(t, k)| !matches!(k, Kind::Chrome) && RESULT_CUES.iter().any(|c| t.contains(c)))
        .count();
    let goals = texts.iter().any(|t| {
        GOAL_CUES.iter().any(|c| t.contains(c)) || WORK_CUES.iter().any(|c| t.contains(c))
    });
    (about_report && results >= 2 && !goals && header_top < texts.len()).then_some(Report {
        review: header_top,
        work: texts.len(),
        year: None,
        strong: true,
    })
}

/// A report's review of last year, found by [`report_start`].
struct Report {
    /// The first line of the review.
    review: usize,
    /// The first line of this year's work (the end of the text when none).
    work: usize,
    /// The year the work heading names.
    year: Option<i32>,
    /// Whether a heading said so (years, 工作回顾), rather than a cue at the start of a paragraph.
    strong: bool,
}

/// Where the notice that wraps a plan ends, when its own text is not the plan: a notice line
/// ("现将《…》印发给你们", "关于印发…的通知") followed by its signature date. The plan starts
/// after the signature (and its 附件 line), so the notice's own numbered paragraphs (一、责任到人…)
/// are never read as the plan's sections.
fn notice_end(texts: &[String], kinds: &[Kind]) -> Option<usize> {
    let notice = texts.iter().take(12).position(|t| {
        t.contains("印发给你们") || t.starts_with("关于印发") || t.contains("现将")
    })?;
    let signed = (notice + 1..texts.len()).find(|&i| super::header::is_date_line(&texts[i]))?;
    // Only worth it when something other than furniture follows the signature.
    (signed + 1..texts.len())
        .any(|i| !matches!(kinds[i], Kind::Chrome))
        .then_some(signed + 1)
}

/// Whether a line opens an annex: 附件, 附件1, 附件：…, or a short plain heading naming a
/// 民生实事 list.
fn is_annex_start(text: &str, kind: &Kind) -> bool {
    let short = text.chars().count() <= 40;
    let plain = matches!(kind, Kind::Text);
    let annex_word = text.starts_with("附件")
        && text
            .chars()
            .nth(2)
            .is_none_or(|c| c.is_ascii_digit() || "：:一二三四五六七八九 ".contains(c));
    short && plain && (annex_word || (text.contains("民生实事") && !text.contains(['。', '，'])))
}

/// Whether a line belongs to the header of a text without headings: short, no sentence inside,
/// or a line of the notice that wraps the plan.
fn header_like(text: &str) -> bool {
    let n = text.chars().count();
    let notice = text.starts_with("关于")
        || text.contains("印发给你们")
        || text.contains("请认真贯彻")
        || text.contains("请结合实际")
        || (text.ends_with(['：', ':']) && n <= 60);
    notice || (n <= 40 && !text.contains(['。', '；', '，', ',']))
}

struct Builder<'a> {
    src: &'a Source,
    lines: &'a [Line],
    kinds: &'a [Kind],
    sections: Vec<RawSection>,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The number of the last numbered point, across sections: numbering may restart at 1 in a
    /// section, or run on, but a jump is worth a word.
    last_number: Option<u32>,
}

pub fn read(src: &Source, lines: &[Line], diagnostics: &mut Vec<Diagnostic>) -> Structure {
    let mut kinds = classify(src, lines);
    // Folded text: every rule below matches words, so 工作回顧 reads as 工作回顾.
    let texts: Vec<String> = lines.iter().map(|l| src.folded(l.span)).collect();

    // The plan proper starts at its first marker or table; without one, after the run of short
    // header lines at the top; in a report, where this year's work starts.
    let first_structured = kinds
        .iter()
        .position(|k| matches!(k, Kind::Marker { .. } | Kind::TableHeader(..)));
    let header_top = texts
        .iter()
        .zip(&kinds)
        .position(|(t, k)| !matches!(k, Kind::Chrome) && !header_like(t))
        .unwrap_or(lines.len());
    let mut start = first_structured.unwrap_or(header_top);
    if let Some(after) = notice_end(&texts, &kinds) {
        start = start.max(after);
    }
    let mut header_end = start;
    let mut year = None;
    let mut skipped_review = false;
    if let Some(Report {
        review,
        work,
        year: work_year,
        strong,
    }) = report_start(&texts, &kinds).or_else(|| results_only(&texts, &kinds, header_top))
    {
        if review <= start || strong {
            header_end = review.min(header_top);
            let last = work.min(lines.len()).saturating_sub(1).max(header_end);
            diagnostics.push(Diagnostic {
                span: Span(lines[header_end].span.start(), lines[last].span.end()),
                code: "review_skipped".into(),
                message: "这部分是上年工作回顾，不是今年的计划，已跳过。".into(),
            });
            for k in &mut kinds[header_end..work.min(lines.len())] {
                *k = Kind::Chrome;
            }
            start = work;
            year = work_year;
            skipped_review = true;
        }
    }
    // Signature and date lines after the header are furniture too.
    for i in start..lines.len() {
        if matches!(kinds[i], Kind::Text) && super::header::is_signature_line(&texts[i]) {
            kinds[i] = Kind::Chrome;
        }
    }
    let mut sections = build(src, lines, &kinds, &texts, start, diagnostics);
    if !sections.iter().any(|s| !s.points.is_empty()) && start > 0 && !skipped_review {
        // Everything looked like a header: read the lines after the first as paragraphs, or the
        // only line as one.
        let retry = if lines.len() > 1 { 1 } else { 0 };
        let mut more = Vec::new();
        let retried = build(src, lines, &kinds, &texts, retry, &mut more);
        if retried.iter().any(|s| !s.points.is_empty()) {
            sections = retried;
            diagnostics.extend(more);
            start = retry;
            header_end = retry;
        }
    }
    for s in &sections {
        if s.points.is_empty() && s.number != 0 {
            diagnostics.push(Diagnostic {
                span: s.span,
                code: "empty_section".into(),
                message: format!("“{}、{}”下没有要点。", s.numeral, s.title),
            });
        }
    }
    Structure {
        sections,
        first_heading_line: header_end.min(start),
        year,
    }
}

/// Reads the plan proper from line `start` on: the main text, then one region per annex.
fn build(
    src: &Source,
    lines: &[Line],
    kinds: &[Kind],
    texts: &[String],
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawSection> {
    let mut b = Builder {
        src,
        lines,
        kinds,
        sections: Vec::new(),
        diagnostics,
        last_number: None,
    };
    let mut region_start = start;
    for i in start..lines.len() {
        // A bare "附件" line and the title under it open one annex, not two.
        let title_of_bare_annex = i == region_start + 1
            && is_annex_start(&texts[region_start], &kinds[region_start])
            && texts[region_start].chars().count() <= 4;
        if i > region_start && is_annex_start(&texts[i], &kinds[i]) && !title_of_bare_annex {
            let annex = (region_start > start
                || is_annex_start(&texts[region_start], &kinds[region_start]))
            .then_some(region_start);
            b.region(region_start, i, annex);
            region_start = i;
        }
    }
    if region_start < lines.len() {
        let annex = (region_start > start
            || is_annex_start(&texts[region_start], &kinds[region_start]))
        .then_some(region_start);
        b.region(region_start, lines.len(), annex);
    }
    b.sections
}

impl Builder<'_> {
    fn text(&self, i: usize) -> String {
        self.src.slice(self.lines[i].span)
    }

    fn push_section(&mut self, number: u32, numeral: String, title: String, span: Span) {
        self.sections.push(RawSection {
            number,
            numeral,
            title,
            span,
            points: Vec::new(),
        });
    }

    /// An unnamed section for points that come before any heading.
    fn ensure_section(&mut self, at: usize) {
        if self.sections.is_empty() {
            self.push_section(0, String::new(), String::new(), Span(at, at));
        }
    }

    /// Reads lines `[from, to)`. `annex` is the line that opened an annex, if this region is one.
    fn region(&mut self, from: usize, to: usize, annex: Option<usize>) {
        let mut from = from;
        if let Some(a) = annex {
            // The annex's own lines (附件2, then its title) make one section heading.
            let mut title = self.text(a);
            let mut span = self.lines[a].span;
            from = a + 1;
            let bare = title.chars().count() <= 4 || title.ends_with(['：', ':']);
            if bare && from < to && matches!(self.kinds[from], Kind::Text) {
                // The annex's title: any short plain line, 民生实事 list names included.
                let next = self.text(from);
                if next.chars().count() <= 40 && !next.contains('。') {
                    title = format!("{title} {next}");
                    span = Span(span.start(), self.lines[from].span.end());
                    from += 1;
                }
            }
            let number = self.sections.iter().map(|s| s.number).max().unwrap_or(0) + 1;
            self.push_section(number, String::new(), title, span);
        }
        let mut styles: Vec<Style> = (from..to)
            .filter_map(|i| match &self.kinds[i] {
                Kind::Marker { style, .. } => Some(*style),
                _ => None,
            })
            .collect();
        crate::order::sort_by(&mut styles, |s| (*s as i64, 0, ""));
        styles.dedup();
        let has_table = (from..to).any(|i| matches!(self.kinds[i], Kind::TableHeader(..)));
        // The section style: the shallowest heading style present, when it is a Chinese numeral
        // or when a deeper style sits under it.
        let section_style = match styles.as_slice() {
            [] => None,
            [only] if *only >= Style::Digit => None,
            [first, ..] => Some(*first),
        };
        if section_style.is_none() && annex.is_none() {
            let (code, message) = if styles.is_empty() && !has_table {
                (
                    "no_headings",
                    "未找到部分标题和编号要点：每段读作一个要点。",
                )
            } else {
                (
                    "no_sections",
                    "未找到部分标题：编号条目归入一个未命名部分。",
                )
            };
            let span = Span(
                self.lines[from.min(to.saturating_sub(1))].span.start(),
                self.lines[to.saturating_sub(1)].span.end(),
            );
            if from < to {
                self.diagnostics.push(Diagnostic {
                    span,
                    code: code.into(),
                    message: message.into(),
                });
            }
        }
        let mut i = from;
        while i < to {
            // One section: its heading (if any) and the lines up to the next heading.
            let heading = match &self.kinds[i] {
                Kind::Marker {
                    style,
                    number,
                    numeral,
                    body,
                } if Some(*style) == section_style => Some((*number, numeral.clone(), *body)),
                _ => None,
            };
            let end = (i + 1..to)
                .find(|&k| matches!(&self.kinds[k], Kind::Marker { style, .. } if Some(*style) == section_style))
                .unwrap_or(to);
            let body_from = match heading {
                Some((number, numeral, body)) => {
                    let line = self.lines[i].span;
                    let (title, rest) = self.heading_title(body, line.end());
                    self.push_section(number, numeral, self.src.slice(title), line);
                    if let Some(rest) = rest {
                        // "（一）扩大内需。全年完成投资…": the text after the title is a point.
                        self.paragraph_point(rest);
                    }
                    i + 1
                }
                None => i,
            };
            self.section_body(body_from, end, section_style);
            i = end;
        }
    }

    /// A heading's title and, when the heading line goes on after its first sentence, the rest.
    fn heading_title(&self, body: usize, end: usize) -> (Span, Option<Span>) {
        let stop = (body..end).find(|&k| self.src.at(k) == Some('。'));
        match stop {
            Some(k) if self.src.trim(Span(k + 1, end)).len() > 1 => (
                self.src.trim(Span(body, k)),
                Some(self.src.trim(Span(k + 1, end))),
            ),
            _ => (self.src.trim(Span(body, end)), None),
        }
    }

    fn next_paragraph_number(&self) -> u32 {
        self.sections
            .last()
            .and_then(|s| s.points.last())
            .map_or(1, |p| p.number + 1)
    }

    /// A paragraph read as a point: its first sentence is a task too.
    fn paragraph_point(&mut self, span: Span) {
        self.ensure_section(span.start());
        let number = self.next_paragraph_number();
        if let Some(s) = self.sections.last_mut() {
            s.points.push(RawPoint {
                number,
                span,
                body_start: span.start(),
                titled: false,
                items: Vec::new(),
                row: None,
            });
        }
    }

    /// The lines of one section, `[from, to)`, below its heading.
    fn section_body(&mut self, from: usize, to: usize, section_style: Option<Style>) {
        let point_style = (from..to)
            .filter_map(|k| match &self.kinds[k] {
                Kind::Marker { style, .. } if Some(*style) != section_style => Some(*style),
                _ => None,
            })
            .min();
        let mut table: Option<(char, Vec<Column>)> = None;
        // Whether the last line opened or continued a numbered point (so plain lines continue it).
        let mut in_point = false;
        let mut seen: Vec<u32> = Vec::new();
        for k in from..to {
            let line = self.lines[k].span;
            match self.kinds[k].clone() {
                Kind::Chrome => {}
                Kind::TableHeader(sep, cols) => {
                    table = Some((sep, cols));
                    in_point = false;
                }
                Kind::Cells(sep, cells) => match &table {
                    Some((tsep, cols)) if *tsep == sep => {
                        let cols = cols.clone();
                        self.row_point(line, &cells, &cols);
                        in_point = true;
                    }
                    _ => {
                        // A row of a table without a header: its cells read as one paragraph.
                        self.plain_line(line, in_point);
                        in_point = true;
                    }
                },
                Kind::Marker {
                    style,
                    number,
                    body,
                    ..
                } if Some(style) == point_style => {
                    self.ensure_section(line.start());
                    if section_style.is_some()
                        && self.sections.last().is_some_and(|s| s.number == 0)
                        && self.sections.len() == 1
                        && seen.is_empty()
                    {
                        self.diagnostics.push(Diagnostic {
                            span: line,
                            code: "point_outside_section".into(),
                            message: format!("第{number}条要点前没有部分标题，已归入未命名部分。"),
                        });
                    }
                    if seen.contains(&number) {
                        self.diagnostics.push(Diagnostic {
                            span: Span(line.start(), body),
                            code: "duplicate_point".into(),
                            message: format!("要点编号{number}重复出现。"),
                        });
                    } else if self
                        .last_number
                        .is_some_and(|p| number != p + 1 && number != 1)
                    {
                        self.diagnostics.push(Diagnostic {
                            span: Span(line.start(), body),
                            code: "point_out_of_order".into(),
                            message: format!(
                                "要点编号{number}不连续（上一条是{}）。",
                                self.last_number.unwrap_or(0)
                            ),
                        });
                    }
                    seen.push(number);
                    self.last_number = Some(number);
                    if let Some(s) = self.sections.last_mut() {
                        s.points.push(RawPoint {
                            number,
                            span: line,
                            body_start: body,
                            titled: true,
                            items: Vec::new(),
                            row: None,
                        });
                    }
                    in_point = true;
                    table = None;
                }
                Kind::Marker { body, .. } if in_point => {
                    // A deeper item: it continues the point and starts a task of its own.
                    if let Some(p) = self.last_point() {
                        p.span = Span(p.span.start(), line.end());
                        p.items.push((line.start(), body));
                    }
                }
                Kind::Marker { .. } | Kind::Text => {
                    self.plain_line(line, in_point);
                    in_point = true;
                }
            }
        }
    }

    fn last_point(&mut self) -> Option<&mut RawPoint> {
        self.sections.last_mut().and_then(|s| s.points.last_mut())
    }

    /// A plain line: it continues the point before it, or is a paragraph point of its own.
    fn plain_line(&mut self, line: Span, in_point: bool) {
        if in_point {
            let numbered = self
                .sections
                .last()
                .and_then(|s| s.points.last())
                .is_some_and(|p| p.titled && p.row.is_none());
            if numbered {
                if let Some(p) = self.last_point() {
                    p.span = Span(p.span.start(), line.end());
                }
                return;
            }
        }
        self.paragraph_point(line);
    }

    /// A table row: one point with one task.
    fn row_point(&mut self, line: Span, cells: &[Span], cols: &[Column]) {
        let mut row = Row::default();
        let mut number = None;
        // A merged cell (分管领导 spanning rows) leaves later rows a cell short: when the row opens
        // with its number, line it up with the 序号 column.
        let number_col = cols.iter().position(|c| *c == Column::Number).unwrap_or(0);
        let opens_with_number = cells.first().is_some_and(|c| {
            !c.is_empty() && self.src.slice(*c).chars().all(|ch| ch.is_ascii_digit())
        });
        let skip = if cells.len() < cols.len() && opens_with_number {
            number_col
        } else {
            0
        };
        for (cell, col) in cells.iter().zip(
            cols.iter()
                .skip(skip)
                .chain(std::iter::repeat(&Column::Text)),
        ) {
            if cell.is_empty() {
                continue;
            }
            match col {
                Column::Number => {
                    let t = self.src.slice(*cell);
                    number = t.parse::<u32>().ok().or_else(|| chinese_number(&t));
                }
                Column::Text => row.text.push(*cell),
                Column::Lead => row.lead.push(*cell),
                Column::Support => row.support.push(*cell),
                Column::Deadline => row.deadline = Some(*cell),
                Column::Amount(unit) => row.amounts.push((*cell, *unit)),
                Column::Ignored => {}
            }
        }
        if row.text.is_empty() {
            // A row with no text column (a category line, a subtotal): nothing to track.
            return;
        }
        self.ensure_section(line.start());
        let number = number.unwrap_or_else(|| self.next_paragraph_number());
        let body_start = row
            .text
            .iter()
            .chain(row.amounts.iter().map(|(c, _)| c))
            .map(|c| c.start())
            .min()
            .unwrap_or(line.start());
        if let Some(s) = self.sections.last_mut() {
            s.points.push(RawPoint {
                number,
                span: line,
                body_start,
                titled: false,
                items: Vec::new(),
                row: Some(row),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style_of(s: &str) -> Option<(Style, u32)> {
        let cs: Vec<char> = s.chars().collect();
        marker(&cs).map(|(st, n, ..)| (st, n))
    }

    #[test]
    fn markers() {
        assert_eq!(style_of("一、总体要求"), Some((Style::Dun, 1)));
        assert_eq!(style_of("（十二）民生"), Some((Style::Paren, 12)));
        assert_eq!(style_of("12.抓投资"), Some((Style::Digit, 12)));
        assert_eq!(style_of("3、抓投资"), Some((Style::Digit, 3)));
        assert_eq!(style_of("(3)抓投资"), Some((Style::ParenDigit, 3)));
        assert_eq!(style_of("②抓投资"), Some((Style::Circled, 2)));
        assert_eq!(style_of("1.5万亩"), None);
        assert_eq!(style_of("2025年"), None);
        assert_eq!(style_of("一是抓投资"), None);
    }

    #[test]
    fn chrome() {
        for s in [
            "索引号：11522600/2025-00012",
            "发布机构：某市人民政府办公室",
            "来源：某市政府网",
            "https://www.example.gov.cn/a.html",
            "【字体：大 中 小】",
            "打印本页 关闭窗口",
            "抄送：市委各部门",
            "某市人民政府办公室 2025年3月1日印发",
        ] {
            assert!(is_chrome(s), "{s}");
        }
        for s in ["1.完成投资10亿元。", "来源于群众的意见要认真办理。"] {
            assert!(!is_chrome(s), "{s}");
        }
    }
}
