//! The plan-text parser: from a government work plan's text to a [`Plan`].
//!
//! It reads the way a careful staff member would: the header (title, issuer, date), the
//! sections (一、…) and numbered points (1.…), each point's sentences as tasks, and inside them
//! the quantitative targets with their exact values. It never fails and never panics: whatever it
//! cannot place becomes a [`Diagnostic`] with a span. All offsets count chars, not bytes.
//!
//! The stages, one file each: [`text`] (a char view of the input), [`header`], [`structure`]
//! (sections and points), [`tasks`] (sentences, kinds, responsible units) and [`targets`].

mod deadline;
mod header;
mod structure;
mod targets;
mod tasks;
mod text;

use crate::{Diagnostic, Plan, Span};

pub use tasks::classify_without_targets as kind_without_targets;

/// Parses a plan text. Never panics, never fails: returns what it could read plus diagnostics.
pub fn parse_plan(input: &str) -> Plan {
    let src = text::Source::new(input);
    let mut diagnostics = Vec::new();
    let lines = src.lines();
    let structure = structure::read(&src, &lines, &mut diagnostics);
    let header = header::read(
        &src,
        &lines[..structure.first_heading_line],
        structure.year,
        &mut diagnostics,
    );
    let ctx = tasks::Context {
        year: header.period.start.year(),
    };
    let sections = tasks::read(&src, structure.sections, &ctx, &mut diagnostics);
    if sections.iter().all(|s| s.points.is_empty()) {
        // Only an empty or blank text (or one that is all web-page furniture) comes to this.
        diagnostics.push(Diagnostic {
            span: Span(0, src.len()),
            code: "no_structure".into(),
            message: "文本为空或只有网页信息，没有读出任何要点。".into(),
        });
    }
    crate::order::sort_by(&mut diagnostics, |d| (d.span.0 as i64, d.span.1 as i64, ""));
    let sections = number_points_through(sections);
    let fingerprint = crate::id::content_id("", input);
    // A plan is known by its title and issuer, so a revised text of it keeps its id (its entries
    // stay attached). Without an issuer, a title such as 2026年政府工作报告 is shared by many
    // governments' plans: then the text itself tells them apart.
    let id = if header.issuer.is_empty() {
        crate::id::content_id("plan-", &format!("{}|text:{fingerprint}", header.title))
    } else {
        crate::id::content_id("plan-", &format!("{}|{}", header.title, header.issuer))
    };
    Plan {
        id,
        title: header.title,
        issuer: header.issuer,
        issued_on: header.issued_on,
        period: header.period,
        fingerprint,
        preamble: header.preamble,
        sections,
        diagnostics,
        source: input.to_string(),
    }
}

/// Makes point numbers unique across the plan. Plans that number their points through keep
/// them as written; plans whose numbering restarts in each section (一、 1. 2. 二、 1. 2.) get
/// their position in the plan as `number`, and keep the written number as `label`.
fn number_points_through(mut sections: Vec<crate::Section>) -> Vec<crate::Section> {
    let mut seen = rustc_hash::FxHashSet::default();
    let unique = sections
        .iter()
        .flat_map(|s| &s.points)
        .all(|p| seen.insert(p.number));
    if unique {
        return sections;
    }
    let mut ordinal = 0;
    for point in sections.iter_mut().flat_map(|s| s.points.iter_mut()) {
        ordinal += 1;
        point.label = point.number.to_string();
        point.number = ordinal;
    }
    sections
}
