//! Deadlines named in a task's text: "6月底前", "2025年10月", "三季度", "年底前", "上半年".
//!
//! Each phrase stands for the last day of the time it names (a month, a quarter, a half, the
//! year); "6月30日前" for that day, "10月中旬" for the 20th and "10月上旬" for the 10th. A month
//! without a year is in the plan's year. When a task names several times ("3月底前启动，6月底前
//! 完成"), the latest is its deadline: that is when the whole task is due.

use super::text::{chinese_number, digit};
use crate::Date;

/// The number written at `cs[i..]` in ASCII, full-width or Chinese digits: (value, length).
fn number_at(cs: &[char], i: usize) -> Option<(u32, usize)> {
    let n = cs[i..].iter().take_while(|c| digit(**c).is_some()).count();
    if n > 0 {
        let v = cs[i..i + n]
            .iter()
            .filter_map(|c| digit(*c))
            .fold(0u32, |v, d| v.saturating_mul(10).saturating_add(d));
        return Some((v, n));
    }
    let n = cs[i..]
        .iter()
        .take(3)
        .take_while(|c| "一二三四五六七八九十".contains(**c))
        .count();
    (1..=n).rev().find_map(|len| {
        chinese_number(&cs[i..i + len].iter().collect::<String>()).map(|v| (v, len))
    })
}

fn starts_with_at(cs: &[char], i: usize, word: &str) -> bool {
    (i..).zip(word.chars()).all(|(k, w)| cs.get(k) == Some(&w))
}

fn last_day(year: i32, month: u32) -> Option<Date> {
    let m = u8::try_from(month).ok()?;
    (28..=31).rev().find_map(|d| Date::new(year, m, d))
}

/// The latest deadline `text` names, in `year` unless the text names another year.
pub fn find(text: &str, year: i32) -> Option<Date> {
    let cs: Vec<char> = text.chars().collect();
    let mut best: Option<Date> = None;
    let mut keep = |d: Option<Date>| {
        if let Some(d) = d {
            best = Some(best.map_or(d, |b| b.max(d)));
        }
    };
    let mut i = 0;
    while i < cs.len() {
        // Most chars open no time phrase: a cheap look at the first char keeps the scan fast.
        if digit(cs[i]).is_none()
            && !matches!(
                cs[i],
                '年' | '上'
                    | '下'
                    | '一'
                    | '二'
                    | '三'
                    | '四'
                    | '五'
                    | '六'
                    | '七'
                    | '八'
                    | '九'
                    | '十'
            )
        {
            i += 1;
            continue;
        }
        // A four-digit year directly before a month or 年底 sets the year of what follows.
        let mut y = year;
        let mut at = i;
        if let Some((v, 4)) = number_at(&cs, i).filter(|(_, n)| *n == 4) {
            if cs.get(i + 4) == Some(&'年') && (1900..=2200).contains(&v) {
                y = v as i32;
                at = i + 5;
            }
        }
        let prev_is_digit = i > 0 && number_at(&cs, i - 1).is_some();
        if starts_with_at(&cs, at, "年底") || starts_with_at(&cs, at, "年末") {
            // "2025年底" or, without a year, "年底前".
            if at > i || !prev_is_digit {
                keep(Date::new(y, 12, 31));
            }
            i = at + 2;
            continue;
        }
        if at == i && (starts_with_at(&cs, i, "年内") || starts_with_at(&cs, i, "下半年")) {
            if !prev_is_digit {
                keep(Date::new(y, 12, 31));
            }
            i += 2;
            continue;
        }
        if at == i && starts_with_at(&cs, i, "上半年") {
            keep(Date::new(y, 6, 30));
            i += 3;
            continue;
        }
        if let Some((q, n)) = number_at(&cs, at) {
            if prev_is_digit && at == i {
                i += 1;
                continue;
            }
            let after = at + n;
            if starts_with_at(&cs, after, "季度") && (1..=4).contains(&q) {
                keep(last_day(y, q * 3));
                i = after + 2;
                continue;
            }
            if cs.get(after) == Some(&'月') && (1..=12).contains(&q) {
                let mut date = last_day(y, q);
                let rest = after + 1;
                if let Some((d, dn)) = number_at(&cs, rest) {
                    if matches!(cs.get(rest + dn), Some('日' | '号')) {
                        date = u8::try_from(d)
                            .ok()
                            .and_then(|d| Date::new(y, q as u8, d))
                            .or(date);
                    }
                } else if starts_with_at(&cs, rest, "上旬") {
                    date = Date::new(y, q as u8, 10);
                } else if starts_with_at(&cs, rest, "中旬") {
                    date = Date::new(y, q as u8, 20);
                }
                keep(date);
                i = rest;
                continue;
            }
            i = after.max(i + 1);
            continue;
        }
        i += 1;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<&str>) {
        let got = find(text, 2025).map(|d| d.to_string());
        assert_eq!(got.as_deref(), expected, "{text}");
    }

    #[test]
    fn deadlines() {
        check("6月底前完成", Some("2025-06-30"));
        check("年底前建成", Some("2025-12-31"));
        check("三季度开工", Some("2025-09-30"));
        check("第一季度", Some("2025-03-31"));
        check("2025年10月", Some("2025-10-31"));
        check("2026年6月30日前", Some("2026-06-30"));
        check("3月底前启动，6月底前完成", Some("2025-06-30"));
        check("10月中旬", Some("2025-10-20"));
        check("上半年", Some("2025-06-30"));
        check("2月底", Some("2025-02-28"));
        check("持续推进", None);
        check("完成投资10亿元", None);
        check("实施三年行动", None);
        check("12个月", None);
    }
}
