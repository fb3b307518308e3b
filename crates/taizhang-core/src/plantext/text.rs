//! A char-indexed view of the input, so that every span counts chars and slicing never splits
//! a multi-byte character.

use crate::Span;

pub struct Source {
    chars: Vec<char>,
}

/// One line: its span without the line break, trimmed of surrounding whitespace.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub span: Span,
}

impl Source {
    pub fn new(input: &str) -> Source {
        Source {
            chars: input.chars().collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The text of `span` (clipped to the input).
    pub fn slice(&self, span: Span) -> String {
        let end = span.end().min(self.chars.len());
        let start = span.start().min(end);
        self.chars[start..end].iter().collect()
    }

    pub fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Non-empty lines, trimmed (full-width spaces included).
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 0..=self.chars.len() {
            if i == self.chars.len() || self.chars[i] == '\n' || self.chars[i] == '\r' {
                let span = self.trim(Span(start, i));
                if !span.is_empty() {
                    out.push(Line { span });
                }
                start = i + 1;
            }
        }
        out
    }

    /// `span` without leading and trailing whitespace.
    pub fn trim(&self, span: Span) -> Span {
        let (mut a, mut b) = (span.start(), span.end().min(self.chars.len()));
        while a < b && self.chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && self.chars[b - 1].is_whitespace() {
            b -= 1;
        }
        Span(a, b)
    }
}

/// The value of an ASCII or full-width digit.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese numeral such as 一, 十二, 二十一 (1..=99), as used in headings.
pub fn chinese_number(s: &str) -> Option<u32> {
    let d = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|p| p as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => d(*a).filter(|v| *v > 0),
        ['十', b] => d(*b).map(|v| 10 + v),
        [a, '十'] => d(*a).map(|v| v * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}
