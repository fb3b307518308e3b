//! An exact decimal number as written in a plan ("1.36", "2.88", "40").
//!
//! Targets must keep the value exactly as the document states it: a float would print 1.36 as
//! 1.3599999 somewhere down the line. Plans only ever need to store, compare and display such
//! values, and to divide one by another for a completion ratio (where an `f64` is fine), so a
//! small unscaled-integer-plus-scale type does the job without pulling a decimal crate into the
//! wasm bundle.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// An exact, finite decimal: `units / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    units: i128,
    scale: u8,
}

/// Why a string is not a decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalError {
    Empty,
    Invalid,
    TooLong,
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecimalError::Empty => "empty number",
            DecimalError::Invalid => "not a decimal number",
            DecimalError::TooLong => "too many digits",
        })
    }
}

impl std::error::Error for DecimalError {}

/// At most this many fractional digits are kept; plans never need more.
const MAX_SCALE: u8 = 12;

impl Decimal {
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    /// Builds `units / 10^scale`, normalising away trailing fractional zeros.
    pub fn new(units: i128, scale: u8) -> Decimal {
        let mut d = Decimal { units, scale };
        while d.scale > 0 && d.units % 10 == 0 {
            d.units /= 10;
            d.scale -= 1;
        }
        d
    }

    /// The nearest `f64`, for ratios and drawing only; never for storage.
    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(i32::from(self.scale))
    }

    pub fn is_zero(self) -> bool {
        self.units == 0
    }

    pub fn is_negative(self) -> bool {
        self.units < 0
    }

    /// Both values at the same scale, or `None` on overflow.
    fn aligned(self, other: Decimal) -> Option<(i128, i128)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .units
            .checked_mul(10i128.checked_pow(u32::from(scale - self.scale))?)?;
        let b = other
            .units
            .checked_mul(10i128.checked_pow(u32::from(scale - other.scale))?)?;
        Some((a, b))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.aligned(*other) {
            Some((a, b)) => a.cmp(&b),
            // Only reachable with absurd magnitudes; fall back to the float order.
            None => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    /// Accepts an optional sign, ASCII digits and at most one '.', e.g. "40", "-3", "1.36".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(DecimalError::Empty);
        }
        let (negative, body) = match s.as_bytes()[0] {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
            return Err(DecimalError::Invalid);
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > usize::from(MAX_SCALE) || int.len() + frac.len() > 30 {
            return Err(DecimalError::TooLong);
        }
        let mut units: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units * 10 + i128::from(b - b'0');
        }
        if negative {
            units = -units;
        }
        Ok(Decimal::new(units, frac.len() as u8))
    }
}

impl fmt::Display for Decimal {
    /// Digits written by hand into a buffer, not through `write!` with `u128` arithmetic: a
    /// city's 48,000 stored figures are written at every import (11 ms of wasm before).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // 39 digits at most for an i128, a fractional part padded to `scale`, a sign and a dot.
        let mut buf = [0u8; 300];
        let mut end = buf.len();
        let mut push = |b: u8| {
            end -= 1;
            buf[end] = b;
        };
        let mut abs = self.units.unsigned_abs();
        let mut written = 0usize;
        let scale = usize::from(self.scale);
        // Digits from the last; the dot after `scale` of them; at least one before it.
        loop {
            if written == scale && scale > 0 {
                push(b'.');
            }
            let digit = if let Ok(small) = u64::try_from(abs) {
                let d = (small % 10) as u8;
                abs = u128::from(small / 10);
                d
            } else {
                let d = (abs % 10) as u8;
                abs /= 10;
                d
            };
            push(b'0' + digit);
            written += 1;
            if abs == 0 && written > scale {
                break;
            }
        }
        if self.units < 0 {
            push(b'-');
        }
        // Only ASCII digits, '.' and '-' were written.
        f.write_str(std::str::from_utf8(&buf[end..]).unwrap_or_default())
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(input: &str, expected: &str) {
        let d: Decimal = input.parse().unwrap();
        assert_eq!(d.to_string(), expected, "{input}");
    }

    #[test]
    fn parses_and_prints_exactly() {
        check("1.36", "1.36");
        check("2.88", "2.88");
        check("40", "40");
        check("0.50", "0.5");
        check("-3.0", "-3");
        check("007", "7");
        check(".5", "0.5");
        check("3.", "3");
    }

    #[test]
    fn refuses_what_is_not_a_decimal() {
        for bad in [
            "", " ", ".", "1.2.3", "1e5", "abc", "1,5", "--1", "NaN", "inf",
        ] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn orders_across_scales() {
        let a: Decimal = "1.36".parse().unwrap();
        let b: Decimal = "1.4".parse().unwrap();
        assert!(a < b);
        assert_eq!("2.50".parse::<Decimal>().unwrap(), "2.5".parse().unwrap());
    }

    #[test]
    fn serialises_as_a_json_string() {
        let d: Decimal = "2.88".parse().unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2.88\"");
        let back: Decimal = serde_json::from_str("\"2.88\"").unwrap();
        assert_eq!(back, d);
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(units in -10i128.pow(20)..10i128.pow(20), scale in 0u8..=8) {
            let d = Decimal::new(units, scale);
            prop_assert_eq!(d.to_string().parse::<Decimal>().unwrap(), d);
        }

        /// The hand-written digits are what `write!` gives, over the whole range of `i128`.
        #[test]
        fn display_is_the_plain_formatting(units in any::<i128>(), scale in 0u8..=30) {
            let d = Decimal { units, scale };
            let abs = units.unsigned_abs();
            let sign = if units < 0 { "-" } else { "" };
            let plain = if scale == 0 {
                format!("{sign}{abs}")
            } else {
                let pow = 10u128.pow(u32::from(scale));
                format!("{sign}{}.{:0width$}", abs / pow, abs % pow, width = usize::from(scale))
            };
            prop_assert_eq!(d.to_string(), plain);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = s.parse::<Decimal>();
        }
    }
}
