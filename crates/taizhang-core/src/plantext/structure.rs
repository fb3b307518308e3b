//! Sections (一、… or （一）…) and numbered points (1. 1． 1、 （1） (1)), found line by line.
//!
//! A line that is neither a heading nor a point continues the point before it (plans pasted from
//! a word processor often wrap). Lines before the first heading are the header.

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
}

pub struct Structure {
    pub sections: Vec<RawSection>,
    /// Index of the first heading or point line (the header is the lines before it).
    pub first_heading_line: usize,
}

/// Which heading styles a line can have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SectionStyle {
    /// 一、
    Dun,
    /// （一）
    Paren,
}

/// A section heading at the start of `line`: (style, number, numeral, title span).
fn section_heading(src: &Source, line: Line) -> Option<(SectionStyle, u32, String, Span)> {
    let cs = &src.chars()[line.span.start()..line.span.end()];
    let is_numeral = |c: &char| "一二三四五六七八九十".contains(*c);
    let (style, open) = match cs.first()? {
        '（' | '(' => (SectionStyle::Paren, 1),
        c if is_numeral(c) => (SectionStyle::Dun, 0),
        _ => return None,
    };
    let n_len = cs[open..].iter().take_while(|c| is_numeral(c)).count();
    if n_len == 0 || n_len > 3 {
        return None;
    }
    let numeral: String = cs[open..open + n_len].iter().collect();
    let number = chinese_number(&numeral)?;
    let close = open + n_len;
    let ok = match style {
        SectionStyle::Dun => matches!(cs.get(close), Some('、')),
        SectionStyle::Paren => matches!(cs.get(close), Some('）' | ')')),
    };
    if !ok {
        return None;
    }
    let title = src.trim(Span(line.span.start() + close + 1, line.span.end()));
    Some((style, number, numeral, title))
}

/// A numbered point at the start of `line`: (number, where its text starts).
fn point_marker(src: &Source, line: Line) -> Option<(u32, usize)> {
    let cs = &src.chars()[line.span.start()..line.span.end()];
    let open = usize::from(matches!(cs.first(), Some('（' | '(')));
    let digits: Vec<u32> = cs[open..].iter().map_while(|c| digit(*c)).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let number = digits.iter().fold(0u32, |n, d| n * 10 + d);
    let after = open + digits.len();
    let ok = if open == 1 {
        matches!(cs.get(after), Some('）' | ')'))
    } else {
        // "1." but not "1.5": a decimal point followed by a digit is a number, not a marker.
        matches!(cs.get(after), Some('.' | '．' | '、'))
            && cs.get(after + 1).is_none_or(|c| digit(*c).is_none())
    };
    (ok && number > 0).then_some((number, line.span.start() + after + 1))
}

pub fn read(src: &Source, lines: &[Line], diagnostics: &mut Vec<Diagnostic>) -> Structure {
    // Sections are "一、" headings when the text has any; otherwise "（一）" headings.
    let has_dun = lines
        .iter()
        .any(|l| matches!(section_heading(src, *l), Some((SectionStyle::Dun, ..))));
    let section_style = if has_dun {
        SectionStyle::Dun
    } else {
        SectionStyle::Paren
    };

    let mut sections: Vec<RawSection> = Vec::new();
    let mut first_heading_line = lines.len();
    let mut last_point: Option<u32> = None;
    let mut seen_points: Vec<u32> = Vec::new();

    for (i, line) in lines.iter().enumerate() {
        if let Some((style, number, numeral, title)) = section_heading(src, *line) {
            if style == section_style {
                first_heading_line = first_heading_line.min(i);
                sections.push(RawSection {
                    number,
                    numeral,
                    title: src.slice(title),
                    span: line.span,
                    points: Vec::new(),
                });
                continue;
            }
        }
        if let Some((number, body_start)) = point_marker(src, *line) {
            first_heading_line = first_heading_line.min(i);
            if sections.is_empty() {
                diagnostics.push(Diagnostic {
                    span: line.span,
                    code: "point_outside_section".into(),
                    message: format!("第{number}条要点前没有部分标题，已归入未命名部分。"),
                });
                sections.push(RawSection {
                    number: 0,
                    numeral: String::new(),
                    title: String::new(),
                    span: Span(line.span.start(), line.span.start()),
                    points: Vec::new(),
                });
            }
            if seen_points.contains(&number) {
                diagnostics.push(Diagnostic {
                    span: Span(line.span.start(), body_start),
                    code: "duplicate_point".into(),
                    message: format!("要点编号{number}重复出现。"),
                });
            } else if last_point.is_some_and(|p| number != p + 1 && number != 1) {
                diagnostics.push(Diagnostic {
                    span: Span(line.span.start(), body_start),
                    code: "point_out_of_order".into(),
                    message: format!(
                        "要点编号{number}不连续（上一条是{}）。",
                        last_point.unwrap_or(0)
                    ),
                });
            }
            seen_points.push(number);
            last_point = Some(number);
            if let Some(section) = sections.last_mut() {
                section.points.push(RawPoint {
                    number,
                    span: line.span,
                    body_start,
                });
            }
            continue;
        }
        // A continuation line: it belongs to the point before it, if any.
        if let Some(point) = sections.last_mut().and_then(|s| s.points.last_mut()) {
            point.span = Span(point.span.start(), line.span.end());
        }
    }
    // Sections without points are kept (they are in the text) but tell the reader.
    for s in &sections {
        if s.points.is_empty() && s.number != 0 {
            diagnostics.push(Diagnostic {
                span: s.span,
                code: "empty_section".into(),
                message: format!("“{}、{}”下没有编号要点。", s.numeral, s.title),
            });
        }
    }
    Structure {
        sections,
        first_heading_line,
    }
}
