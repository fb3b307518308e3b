//! A calendar date (proleptic Gregorian), serialised as `YYYY-MM-DD`.
//!
//! Pacing needs day counts between dates and nothing else of a date library, so the civil-day
//! conversion (Howard Hinnant's algorithm) lives here rather than pulling a time crate into the
//! wasm bundle.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateError;

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a valid date (expected YYYY-MM-DD)")
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// A date, if `year` is within 1..=9999 and the day exists in that month.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if it is within the supported years.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }

    /// Whole days from `self` to `other` (negative if `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Exactly `YYYY-MM-DD` in ASCII digits (read byte by byte: snapshots hold one per entry).
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError);
        }
        let num = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let (Some(y), Some(m), Some(d)) = (num(&b[..4]), num(&b[5..7]), num(&b[8..])) else {
            return Err(DateError);
        };
        Date::new(y as i32, m as u8, d as u8).ok_or(DateError)
    }
}

impl Date {
    /// `YYYY-MM-DD` without the formatting machinery, for years 0–9999 (`None` otherwise).
    fn iso_bytes(&self) -> Option<[u8; 10]> {
        let y = u32::try_from(self.year).ok().filter(|y| *y <= 9999)?;
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (m, d) = (u32::from(self.month), u32::from(self.day));
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.iso_bytes() {
            Some(b) => s.serialize_str(std::str::from_utf8(&b).map_err(serde::ser::Error::custom)?),
            None => s.collect_str(self),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_valid_and_refuses_invalid_dates() {
        assert_eq!(
            "2025-03-06".parse::<Date>().unwrap(),
            Date::new(2025, 3, 6).unwrap()
        );
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "25-03-06",
            "2025-3-6",
            "",
            "2025-03-06-1",
            "+025-03-06",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_days() {
        let a = Date::new(2025, 1, 1).unwrap();
        let b = Date::new(2025, 12, 31).unwrap();
        assert_eq!(a.days_until(b), 364);
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
    }

    proptest! {
        #[test]
        fn epoch_days_round_trip(days in -700_000i64..2_900_000) {
            if let Some(d) = Date::from_days_since_epoch(days) {
                prop_assert_eq!(d.days_since_epoch(), days);
                prop_assert_eq!(d.to_string().parse::<Date>().unwrap(), d);
            }
        }

        /// The fast serialisation writes exactly what `Display` writes, for every year.
        #[test]
        fn serialises_as_displayed(days in -800_000i64..3_700_000) {
            if let Some(d) = Date::from_days_since_epoch(days) {
                let json = serde_json::to_string(&d).unwrap();
                prop_assert_eq!(&json, &format!("\"{d}\""));
                if (0..=9999).contains(&d.year()) {
                    prop_assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), d);
                }
            }
        }
    }
}
