//! The header: title, issuer, date of issue, the period covered, and the preamble.
//!
//! A plan usually arrives wrapped in its 通知 ("关于印发《…》的通知", addressees, a sentence, the
//! issuer, the date), then the plan's own title and an opening paragraph. The title is the
//! document line that names the plan; failing that, the name inside 《》 of the notice.

use super::text::{digit, Line, Source};
use crate::{Date, Diagnostic, Period, Span};

pub struct Header {
    pub title: String,
    pub issuer: String,
    pub issued_on: Option<Date>,
    pub period: Period,
    pub preamble: String,
}

/// Words that end the name of a plan document.
const PLAN_WORDS: [&str; 16] = [
    "政府工作报告",
    "工作报告",
    "责任分工",
    "任务分工",
    "民生实事",
    "工作要点",
    "工作计划",
    "实施方案",
    "行动方案",
    "工作方案",
    "重点工作",
    "工作安排",
    "任务清单",
    "要点",
    "计划",
    "方案",
];
/// Words that end the name of an issuing body.
const ISSUER_ENDS: [&str; 8] = [
    "人民政府",
    "办公室",
    "委员会",
    "政府",
    "办事处",
    "局",
    "委",
    "厅",
];

/// A date written "2025年3月6日" (ASCII or full-width digits), as the whole of `s`.
fn parse_date_line(s: &str) -> Option<Date> {
    let mut nums = Vec::new();
    let mut cur: Option<u32> = None;
    let mut seps = String::new();
    for c in s.chars() {
        if let Some(d) = digit(c) {
            cur = Some(cur.unwrap_or(0).saturating_mul(10).saturating_add(d));
        } else {
            nums.extend(cur.take());
            seps.push(c);
        }
    }
    nums.extend(cur);
    if seps != "年月日" || nums.len() != 3 {
        return None;
    }
    Date::new(
        i32::try_from(nums[0]).ok()?,
        u8::try_from(nums[1]).ok()?,
        u8::try_from(nums[2]).ok()?,
    )
}

/// The first four-digit year followed by 年 in `s`.
fn year_in(s: &str) -> Option<i32> {
    let cs: Vec<char> = s.chars().collect();
    (0..cs.len()).find_map(|i| {
        let ds: Vec<u32> = cs[i..].iter().take(5).map_while(|c| digit(*c)).collect();
        let starts_number = i == 0 || digit(cs[i - 1]).is_none();
        (starts_number && ds.len() == 4 && cs.get(i + 4) == Some(&'年'))
            .then(|| ds.iter().fold(0i32, |n, d| n * 10 + *d as i32))
            .filter(|y| (1900..=2200).contains(y))
    })
}

/// The name inside the first 《…》 of `s`.
fn book_title(s: &str) -> Option<String> {
    let start = s.find('《')? + '《'.len_utf8();
    let end = start + s[start..].find('》')?;
    Some(s[start..end].to_string()).filter(|t| !t.is_empty())
}

fn is_title_line(s: &str) -> bool {
    !s.starts_with("关于") && s.chars().count() <= 60 && PLAN_WORDS.iter().any(|w| s.ends_with(w))
}

/// A date line: "2025年3月6日".
pub fn is_date_line(s: &str) -> bool {
    parse_date_line(s).is_some()
}

/// A line that signs a document off: the issuer's name alone or a date alone.
pub fn is_signature_line(s: &str) -> bool {
    is_issuer_line(s) || parse_date_line(s).is_some()
}

/// The value of a metadata line such as "成文日期：2025-03-06" or "发布机构：某市人民政府", when
/// the line opens with one of `labels`.
fn labelled<'a>(s: &'a str, labels: &[&str]) -> Option<&'a str> {
    let s = s.trim_start_matches(['【', '[', '-', '•', '·', '*', ' ', '\u{3000}']);
    labels.iter().find_map(|l| {
        let rest = s.strip_prefix(l)?.trim_start_matches(['】', ']', ' ']);
        let rest = rest.strip_prefix(['：', ':'])?.trim();
        Some(rest.split([' ', '\u{3000}', '\t']).next().unwrap_or(rest)).filter(|v| !v.is_empty())
    })
}

/// A date written 2025年3月6日, 2025-03-06 or 2025/3/6.
fn parse_any_date(s: &str) -> Option<Date> {
    parse_date_line(s).or_else(|| {
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        match parts.as_slice() {
            [y, m, d] => Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
            _ => None,
        }
    })
}

fn is_issuer_line(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n)
        && ISSUER_ENDS.iter().any(|w| s.ends_with(w))
        && !s.chars().any(|c| "，,。：:；;、()（）".contains(c))
}

pub fn read(
    src: &Source,
    lines: &[Line],
    year_hint: Option<i32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Header {
    let all: Vec<String> = lines.iter().map(|l| src.slice(l.span)).collect();
    // Folded copies (發布機構 reads as 发布机构), char for char the same length.
    let folded: Vec<String> = lines.iter().map(|l| src.folded(l.span)).collect();
    // Web-page furniture (索引号, 发布机构, 成文日期…) is read for the issuer and the date only.
    // The label is matched on the folded line; the value is taken as written.
    let value_of = |labels: &[&str]| {
        folded.iter().zip(&all).find_map(|(f, t)| {
            let v = labelled(f, labels)?;
            let at = f.find(v)?;
            let start = f[..at].chars().count();
            let len = v.chars().count();
            Some(t.chars().skip(start).take(len).collect::<String>())
        })
    };
    let meta_issuer = value_of(&["发布机构", "发文机关", "发文单位"]);
    // A page's 标题 field names the notice ("某办公室关于印发《…》的通知"): the plan is what it is
    // about, without the issuer, 关于 and 的通知.
    let meta_title = value_of(&["标题", "文件名称", "名称"]).map(|t| {
        let about = ["关于印发", "关于", "關于", "關於"]
            .iter()
            .find_map(|w| t.find(w).map(|i| i + w.len()))
            .unwrap_or(0);
        let t = &t[about..];
        t.strip_suffix("的通知").unwrap_or(t).to_string()
    });
    let meta_date = value_of(&[
        "成文日期",
        "发文日期",
        "印发日期",
        "发布日期",
        "公文生成日期",
    ])
    .and_then(|d| parse_any_date(&d));
    let all_dates: Vec<Date> = folded
        .iter()
        .filter_map(|f| {
            let head: String = f.chars().take(10).collect();
            parse_any_date(&head)
        })
        .collect();
    let (lines, texts): (Vec<Line>, Vec<String>) = lines
        .iter()
        .zip(all)
        .zip(&folded)
        .filter(|(_, f)| !super::structure::is_chrome(f))
        .map(|((l, t), _)| (*l, t))
        .unzip();
    let lines = &lines[..];

    let title_idx = texts.iter().rposition(|t| is_title_line(t));
    let title = match title_idx {
        Some(i) => texts[i].clone(),
        None => match meta_title
            .clone()
            .or_else(|| texts.iter().find_map(|t| book_title(t)))
        {
            Some(t) => t,
            None => {
                diagnostics.push(Diagnostic {
                    span: lines.first().map_or(Span(0, 0), |l| l.span),
                    code: "no_title".into(),
                    message: "未识别出计划标题（如“××2025年工作要点”）。".into(),
                });
                // The first line that is not the issuer or a date is the best guess.
                texts
                    .iter()
                    .find(|t| !is_issuer_line(t) && parse_date_line(t).is_none())
                    .cloned()
                    .unwrap_or_default()
            }
        },
    };

    let issued = lines
        .iter()
        .zip(&texts)
        .find_map(|(l, t)| parse_date_line(t).map(|d| (l.span, d)));
    let issued = issued.or_else(|| meta_date.map(|d| (Span(0, 0), d)));
    if issued.is_none() {
        diagnostics.push(Diagnostic {
            span: lines.first().map_or(Span(0, 0), |l| l.span),
            code: "no_issue_date".into(),
            message: "未找到印发日期（如“2025年3月6日”）。".into(),
        });
    }

    // The issuer: a short line naming a body, else the title's prefix before its year.
    let issuer = texts
        .iter()
        .find(|t| is_issuer_line(t))
        .cloned()
        .or(meta_issuer)
        .unwrap_or_else(|| {
            let prefix: String = title.chars().take_while(|c| digit(*c).is_none()).collect();
            if ISSUER_ENDS.iter().any(|w| prefix.ends_with(w)) {
                prefix
            } else {
                String::new()
            }
        });

    // The period: the year the title names, else the year of issue.
    let year = year_in(&title)
        .or(year_hint)
        .or(issued.map(|(_, d)| d.year()))
        .or_else(|| texts.iter().find_map(|t| year_in(t)))
        // A page's date of publication ("2026-03-16 10:40 | 来源：…") says the year too.
        .or_else(|| all_dates.iter().map(|d| d.year()).next());
    let year = year.unwrap_or_else(|| {
        diagnostics.push(Diagnostic {
            span: lines.first().map_or(Span(0, 0), |l| l.span),
            code: "no_period".into(),
            message: "未能从标题或日期确定计划年度，暂按2025年处理，请核对。".into(),
        });
        2025
    });
    let year = year.clamp(1, 9999);
    let period = Period {
        start: Date::new(year, 1, 1).expect("1 January exists in every supported year"),
        end: Date::new(year, 12, 31).expect("31 December exists in every supported year"),
    };

    // The preamble: the lines after the title (or after the date) up to the first heading.
    let from = title_idx.map(|i| i + 1).unwrap_or(0);
    let preamble = texts[from.min(texts.len())..]
        .iter()
        .filter(|t| !is_issuer_line(t) && parse_date_line(t).is_none())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");

    Header {
        title,
        issuer,
        issued_on: issued.map(|(_, d)| d),
        period,
        preamble,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_years_and_book_titles() {
        assert_eq!(parse_date_line("2025年3月6日"), Date::new(2025, 3, 6));
        assert_eq!(parse_date_line("２０２５年３月６日"), Date::new(2025, 3, 6));
        assert_eq!(parse_date_line("2025年2月30日"), None);
        assert_eq!(parse_date_line("2025年3月"), None);
        assert_eq!(year_in("乃东区人民政府2025年工作要点"), Some(2025));
        assert_eq!(year_in("第12025年"), None);
        assert_eq!(
            book_title("关于印发《乃东区人民政府2025年工作要点》的通知").as_deref(),
            Some("乃东区人民政府2025年工作要点")
        );
        assert!(is_issuer_line("乃东区人民政府"));
        assert!(!is_issuer_line(
            "各乡(镇)人民政府、街道办事处,区政府各部门:"
        ));
    }
}
