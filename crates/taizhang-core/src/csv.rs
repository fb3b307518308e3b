//! CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order mark so that
//! Excel and WPS open Chinese text correctly.

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// One field, quoted when it holds a comma, a quote, a line break or leading/trailing spaces.
/// A field that starts with = + - @ (a formula in a spreadsheet) is prefixed with an apostrophe,
/// so a hostile note cannot run as a formula.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && !is_number(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    let needs_quotes = s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn is_number(s: &str) -> bool {
    s.parse::<crate::Decimal>().is_ok()
}

/// A whole document: BOM, then each row's fields joined by commas, rows ended by CRLF.
pub fn document<R, F>(rows: R) -> String
where
    R: IntoIterator<Item = F>,
    F: IntoIterator<Item = String>,
{
    let mut out = String::from(BOM);
    for row in rows {
        let line: Vec<String> = row.into_iter().map(|f| field(&f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A moment in milliseconds since 1970 as "YYYY-MM-DD HH:MM:SS UTC".
pub fn utc_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let date =
        crate::Date::from_days_since_epoch(days).map_or_else(|| "?".to_string(), |d| d.to_string());
    format!(
        "{date} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads a CSV document written by [`document`] back into rows (for tests and round trips).
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cur.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cur)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cur));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cur.push(c),
        }
    }
    if !cur.is_empty() || !row.is_empty() {
        row.push(cur);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quoting_bom_and_line_ends() {
        let doc = document([
            vec!["指标".to_string(), "备注".to_string()],
            vec![
                "营造林".to_string(),
                "上半年完成,含\"补植\"\n第二行".to_string(),
            ],
            vec!["=1+1".to_string(), "-3".to_string()],
        ]);
        assert!(doc.starts_with('\u{feff}'));
        assert_eq!(
            doc,
            "\u{feff}指标,备注\r\n营造林,\"上半年完成,含\"\"补植\"\"\n第二行\"\r\n'=1+1,-3\r\n"
        );
        assert_eq!(parse(&doc)[1][1], "上半年完成,含\"补植\"\n第二行");
    }

    #[test]
    fn utc_times() {
        assert_eq!(utc_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_time(1_751_284_800_123), "2025-06-30 12:00:00 UTC");
    }

    proptest! {
        #[test]
        fn write_then_read_is_identity(rows in proptest::collection::vec(proptest::collection::vec("[^=+\\-@ ][\\PC\n\r,\"]{0,12}", 1..5), 1..6)) {
            let doc = document(rows.clone());
            prop_assert_eq!(parse(&doc), rows);
        }
    }
}
