//! Reading a number typed by a person: "1.5", "１.５", "1,234", " 40 ".
//!
//! Staff type figures with Chinese input methods on, so full-width digits and punctuation are
//! normal input, as are thousands separators. The result is an exact [`Decimal`].

use crate::{Date, Decimal};

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

/// Things about a plausible-looking figure worth a second look (warned, never blocked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureWarning {
    /// Below the last cumulative figure: cumulative figures rarely go down.
    BelowLast,
    /// More than three times the target: often a unit slip (万 vs 个).
    FarAboveTarget,
}

/// Warnings for a new cumulative `figure`, given the last one recorded and the target value.
pub fn figure_warnings(
    figure: Decimal,
    last: Option<Decimal>,
    target: Option<Decimal>,
) -> Vec<FigureWarning> {
    let mut out = Vec::new();
    if last.is_some_and(|last| figure < last) {
        out.push(FigureWarning::BelowLast);
    }
    if target
        .is_some_and(|t| !t.is_zero() && !t.is_negative() && figure.to_f64() > 3.0 * t.to_f64())
    {
        out.push(FigureWarning::FarAboveTarget);
    }
    out
}

/// Why an as-of date is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsOfError {
    /// More than a year before the period, or after both the period and today by over a year.
    OutOfRange,
}

/// Checks that an as-of date is sane for a plan `period`: from a year before the period starts
/// to a year after the later of its end and `today` (reports are often made after the period).
pub fn check_as_of(date: Date, period: crate::Period, today: Date) -> Result<(), AsOfError> {
    let lo = period.start.days_since_epoch() - 366;
    let hi = period.end.max(today).days_since_epoch() + 366;
    let d = date.days_since_epoch();
    if d < lo || d > hi {
        Err(AsOfError::OutOfRange)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_below_last_and_far_above_target() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            figure_warnings(d("5"), Some(d("6")), Some(d("10"))),
            [FigureWarning::BelowLast]
        );
        assert_eq!(
            figure_warnings(d("31"), None, Some(d("10"))),
            [FigureWarning::FarAboveTarget]
        );
        assert_eq!(figure_warnings(d("30"), Some(d("30")), Some(d("10"))), []);
        assert_eq!(figure_warnings(d("7"), None, Some(d("0"))), []);
    }

    #[test]
    fn as_of_dates_stay_in_a_sane_range() {
        let period = crate::Period {
            start: "2025-01-01".parse().unwrap(),
            end: "2025-12-31".parse().unwrap(),
        };
        let today: Date = "2026-11-28".parse().unwrap();
        for ok in ["2025-06-30", "2024-01-02", "2027-11-28", "2026-01-15"] {
            assert_eq!(
                check_as_of(ok.parse().unwrap(), period, today),
                Ok(()),
                "{ok}"
            );
        }
        for bad in ["2023-06-30", "2027-12-31", "1900-01-01", "9999-12-31"] {
            assert_eq!(
                check_as_of(bad.parse().unwrap(), period, today),
                Err(AsOfError::OutOfRange),
                "{bad}"
            );
        }
    }

    fn check(input: &str, expected: Result<&str, FigureError>) {
        assert_eq!(
            parse_figure(input).map(|d| d.to_string()),
            expected.map(str::to_string),
            "{input:?}"
        );
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
        check(
            "12345678901234567890123456789012345",
            Err(FigureError::TooLong),
        );
    }
}
