//! Reading a number typed by a person: "1.5", "１.５", "1,234", " 40 ".
//!
//! Staff type figures with Chinese input methods on, so full-width digits and punctuation are
//! normal input, as are thousands separators. The result is an exact [`Decimal`].

use crate::Decimal;

/// Why typed text is not a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureError {
    Empty,
    NotANumber,
    TooLong,
}

/// Parses a typed figure. Full-width digits, '．', '。' as a decimal point, ',', '，' and '_' as
/// thousands separators, spaces and a leading '+' / '-' (also full-width) are accepted.
pub fn parse_figure(input: &str) -> Result<Decimal, FigureError> {
    let mut s = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            '０'..='９' => s.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '0'..='9' | '.' | '-' | '+' => s.push(c),
            '．' | '。' => s.push('.'),
            '－' => s.push('-'),
            '＋' => s.push('+'),
            ',' | '，' | '_' | ' ' | '\u{3000}' => {}
            _ => return Err(FigureError::NotANumber),
        }
    }
    if s.is_empty() {
        return Err(FigureError::Empty);
    }
    s.parse::<Decimal>().map_err(|e| match e {
        crate::decimal::DecimalError::TooLong => FigureError::TooLong,
        _ => FigureError::NotANumber,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, FigureError>) {
        assert_eq!(parse_figure(input).map(|d| d.to_string()), expected.map(str::to_string), "{input:?}");
    }

    #[test]
    fn reads_what_people_type() {
        check("1.5", Ok("1.5"));
        check("１.５", Ok("1.5"));
        check("１．５", Ok("1.5"));
        check("1,234", Ok("1234"));
        check("1，234.50", Ok("1234.5"));
        check("  40 ", Ok("40"));
        check("－3", Ok("-3"));
        check("", Err(FigureError::Empty));
        check("   ", Err(FigureError::Empty));
        check("abc", Err(FigureError::NotANumber));
        check("1e9", Err(FigureError::NotANumber));
        check("NaN", Err(FigureError::NotANumber));
        check("Infinity", Err(FigureError::NotANumber));
        check("1.2.3", Err(FigureError::NotANumber));
        check("四十", Err(FigureError::NotANumber));
        check("12345678901234567890123456789012345", Err(FigureError::TooLong));
    }
}
