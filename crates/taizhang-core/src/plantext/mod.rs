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
    diagnostics.sort_by_key(|d| d.span);
    Plan {
        id: crate::id::content_id("plan-", &format!("{}|{}", header.title, header.issuer)),
        title: header.title,
        issuer: header.issuer,
        issued_on: header.issued_on,
        period: header.period,
        fingerprint: crate::id::content_id("", input),
        preamble: header.preamble,
        sections,
        diagnostics,
        source: input.to_string(),
    }
}
