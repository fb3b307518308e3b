//! Helpers over char-offset spans, shared by the app and the tests.

use crate::Span;

/// The text of `span` within `source`, where the span counts chars. Out-of-range parts are
/// clipped, so a stale span never panics.
pub fn slice_chars(source: &str, span: Span) -> &str {
    if span.is_empty() {
        return "";
    }
    let mut indices = source
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(source.len()));
    let Some(start) = indices.nth(span.start()) else {
        return "";
    };
    let end = indices.nth(span.len() - 1).unwrap_or(source.len());
    &source[start..end]
}

/// One run of text in [`segments`]: its span, and the index of the mark covering it, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub span: Span,
    pub mark: Option<usize>,
}

/// Cuts `outer` into consecutive runs, marking those covered by `marks` (which may be in any
/// order; overlapping or out-of-range marks are clipped, the earlier-starting one wins). The runs
/// cover `outer` exactly, in order, with no gaps.
pub fn segments(outer: Span, marks: &[Span]) -> Vec<Segment> {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    crate::order::sort_by(&mut order, |&i| {
        (marks[i].start() as i64, marks[i].end() as i64, "")
    });
    let mut out = Vec::new();
    let mut at = outer.start();
    for i in order {
        let start = marks[i].start().max(at);
        let end = marks[i].end().min(outer.end());
        if start >= end {
            continue;
        }
        if start > at {
            out.push(Segment {
                span: Span(at, start),
                mark: None,
            });
        }
        out.push(Segment {
            span: Span(start, end),
            mark: Some(i),
        });
        at = end;
    }
    if at < outer.end() {
        out.push(Segment {
            span: Span(at, outer.end()),
            mark: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slices_by_chars_not_bytes() {
        let s = "完成849户农村户厕改造";
        assert_eq!(slice_chars(s, Span(2, 6)), "849户");
        assert_eq!(slice_chars(s, Span(0, 0)), "");
        assert_eq!(slice_chars(s, Span(10, 99)), "改造");
        assert_eq!(slice_chars(s, Span(50, 60)), "");
    }

    #[test]
    fn segments_mark_the_covered_runs() {
        let segs = segments(Span(0, 10), &[Span(6, 8), Span(2, 4)]);
        let runs: Vec<(usize, usize, Option<usize>)> =
            segs.iter().map(|s| (s.span.0, s.span.1, s.mark)).collect();
        assert_eq!(
            runs,
            vec![
                (0, 2, None),
                (2, 4, Some(1)),
                (4, 6, None),
                (6, 8, Some(0)),
                (8, 10, None)
            ]
        );
    }

    proptest! {
        #[test]
        fn segments_tile_the_outer_span(start in 0usize..50, len in 0usize..50,
                                        marks in proptest::collection::vec((0usize..120, 0usize..20), 0..8)) {
            let outer = Span(start, start + len);
            let marks: Vec<Span> = marks.into_iter().map(|(a, l)| Span(a, a + l)).collect();
            let segs = segments(outer, &marks);
            let mut at = outer.start();
            for s in &segs {
                prop_assert_eq!(s.span.start(), at);
                prop_assert!(s.span.end() > s.span.start());
                at = s.span.end();
            }
            prop_assert_eq!(at, outer.end());
        }
    }
}
