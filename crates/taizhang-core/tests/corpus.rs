//! The corpus: real published plans (`tests/corpus/NAME.txt`) with hand-made keys
//! (`NAME.key.json`), read with the parser and scored. See `tests/corpus/README.md` for the keys'
//! rules.
//!
//! A key target is found when a parsed target's span covers the position of the key's number in
//! its anchor and the value and unit agree (and `upper`, when the key has one). The test prints a
//! table per plan and in total (run with `-- --nocapture` to see it) and fails when a plan's recall
//! is under 95%, when more than 5% of a plan's parsed targets match no key target, or when any
//! negative (a number that must not be a target) is read as one.

use std::path::PathBuf;

use serde_json::Value;
use taizhang_core::{parse_plan, Decimal, Plan, Target};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Folds the few traditional characters that units use, and full-width %, so that "萬元" as
/// written and "万元" agree.
fn fold_unit(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '萬' => '万',
            '億' => '亿',
            '個' => '个',
            '畝' => '亩',
            '戶' => '户',
            '項' => '项',
            '噸' => '吨',
            '條' => '条',
            '間' => '间',
            '輛' => '辆',
            '處' => '处',
            '場' => '场',
            '張' => '张',
            '頭' => '头',
            '點' => '点',
            '臺' => '台',
            '％' => '%',
            c => c,
        })
        .collect()
}

/// The char offset of the `occurrence`-th (1-based) occurrence of `needle` in `text`.
fn find_nth(text: &str, needle: &str, occurrence: usize) -> Option<usize> {
    let mut from = 0;
    let mut at = None;
    for _ in 0..occurrence.max(1) {
        let i = text[from..].find(needle)? + from;
        at = Some(i);
        from = i + needle.len().max(1);
    }
    at.map(|b| text[..b].chars().count())
}

/// Where, inside `anchor`, the number `number` is written: as digits (not inside a longer
/// number), else the first Chinese numeral. A char offset into the anchor.
fn number_in_anchor(anchor: &str, number: &str) -> Option<usize> {
    let cs: Vec<char> = anchor.chars().collect();
    let ns: Vec<char> = number.chars().collect();
    let is_num = |c: char| c.is_ascii_digit() || c == '.';
    let by_digits = (0..cs.len()).find(|&i| {
        cs[i..].starts_with(&ns)
            && (i == 0 || !is_num(cs[i - 1]))
            && cs.get(i + ns.len()).is_none_or(|c| !c.is_ascii_digit())
    });
    by_digits.or_else(|| {
        cs.iter()
            .position(|c| "一二两三四五六七八九十兩".contains(*c))
    })
}

#[derive(Default, Clone, Copy)]
struct Score {
    keyed: usize,
    found: usize,
    comparator_agree: usize,
    parsed: usize,
    extras: usize,
    negatives: usize,
    negatives_hit: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.keyed += o.keyed;
        self.found += o.found;
        self.comparator_agree += o.comparator_agree;
        self.parsed += o.parsed;
        self.extras += o.extras;
        self.negatives += o.negatives;
        self.negatives_hit += o.negatives_hit;
    }
    fn recall(&self) -> f64 {
        if self.keyed == 0 {
            1.0
        } else {
            self.found as f64 / self.keyed as f64
        }
    }
    fn extras_share(&self) -> f64 {
        if self.parsed == 0 {
            0.0
        } else {
            self.extras as f64 / self.parsed as f64
        }
    }
    fn row(&self, name: &str) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "   –".to_string()
            } else {
                format!("{:>3.0}%", 100.0 * a as f64 / b as f64)
            }
        };
        format!(
            "{name:<32} {:>5} {:>5} {} {:>5} {} {:>6} {:>5} {:>3}/{:<3}",
            self.keyed,
            self.found,
            pct(self.found, self.keyed),
            self.comparator_agree,
            pct(self.comparator_agree, self.found),
            self.parsed,
            self.extras,
            self.negatives_hit,
            self.negatives
        )
    }
}

fn json_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Scores one plan against its key; `misses` collects what went wrong, for the report.
fn score(plan: &Plan, key: &Value, misses: &mut Vec<String>) -> Score {
    let text = &plan.source;
    let targets: Vec<&Target> = plan.targets().collect();
    let mut matched = vec![false; targets.len()];
    let mut s = Score {
        parsed: targets.len(),
        ..Score::default()
    };
    for k in key["targets"].as_array().into_iter().flatten() {
        s.keyed += 1;
        let anchor = k["anchor"].as_str().unwrap_or_default();
        let occurrence = k["occurrence"].as_u64().unwrap_or(1) as usize;
        let value = json_str(&k["value"]).unwrap_or_default();
        let unit = fold_unit(k["unit"].as_str().unwrap_or_default());
        let upper = json_str(&k["upper"]);
        let pos = find_nth(text, anchor, occurrence)
            .and_then(|a| number_in_anchor(anchor, &value).map(|n| a + n));
        let want: Option<Decimal> = value.parse().ok();
        let hit = pos.and_then(|p| {
            targets.iter().position(|t| {
                t.span.start() <= p
                    && p < t.span.end()
                    && Some(t.value) == want
                    && fold_unit(&t.unit) == unit
                    && upper.as_ref().is_none_or(|u| {
                        t.upper.map(|x| x.to_string())
                            == u.parse::<Decimal>().ok().map(|x| x.to_string())
                    })
            })
        });
        match hit {
            Some(i) => {
                s.found += 1;
                matched[i] = true;
                let cmp = serde_json::to_value(targets[i].comparator).unwrap_or_default();
                if cmp.as_str() == k["comparator"].as_str() {
                    s.comparator_agree += 1;
                } else {
                    misses.push(format!(
                        "  comparator {anchor:?}: key {} parsed {}",
                        k["comparator"], cmp
                    ));
                }
            }
            None => misses.push(format!("  missed {anchor:?} ({value}{unit})")),
        }
    }
    for (t, m) in targets.iter().zip(&matched) {
        if !m {
            s.extras += 1;
            misses.push(format!("  extra {:?} ({}{})", t.phrase, t.value, t.unit));
        }
    }
    for n in key["negatives"].as_array().into_iter().flatten() {
        s.negatives += 1;
        let anchor = n["anchor"].as_str().unwrap_or_default();
        let number = json_str(&n["number"]).unwrap_or_default();
        let occurrence = n["occurrence"].as_u64().unwrap_or(1) as usize;
        let pos = find_nth(text, anchor, occurrence)
            .and_then(|a| number_in_anchor(anchor, &number).map(|k| a + k));
        let hit = pos.is_some_and(|p| {
            targets.iter().any(|t| {
                t.span.start() <= p
                    && p < t.span.end()
                    && (Some(t.value) == number.parse().ok()
                        || !number.chars().all(|c| c.is_ascii_digit() || c == '.'))
            })
        });
        if hit {
            s.negatives_hit += 1;
            misses.push(format!("  NEGATIVE hit {anchor:?} ({number})"));
        }
    }
    s
}

#[test]
fn the_corpus_is_read_as_keyed() {
    let dir = corpus_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".key.json"))
                .map(|n| n.trim_end_matches(".key.json").to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let header = format!(
        "{:<32} {:>5} {:>5} {:>4} {:>5} {:>4} {:>6} {:>5} {:>7}",
        "plan", "keyed", "found", "rec", "cmp=", "agr", "parsed", "extra", "neg hit"
    );
    let mut lines = vec![header.clone(), "-".repeat(header.chars().count())];
    let mut total = Score::default();
    let mut failures = Vec::new();
    let mut details = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap_or_default();
        let key: Value = std::fs::read_to_string(dir.join(format!("{name}.key.json")))
            .ok()
            .and_then(|k| serde_json::from_str(&k).ok())
            .unwrap_or(Value::Null);
        let plan = parse_plan(&text);
        // Any plan embedded as build.rs does (texts read back from their spans) is itself.
        assert_eq!(
            plan.clone().without_span_texts().restore_span_texts(),
            plan,
            "{name}: the embedded form"
        );
        let mut misses = Vec::new();
        let s = score(&plan, &key, &mut misses);
        lines.push(s.row(name));
        if !misses.is_empty() {
            details.push(format!("{name}:\n{}", misses.join("\n")));
        }
        if s.recall() < 0.95 {
            failures.push(format!("{name}: recall {:.0}%", 100.0 * s.recall()));
        }
        if s.extras_share() > 0.05 {
            failures.push(format!("{name}: extras {:.0}%", 100.0 * s.extras_share()));
        }
        if s.negatives_hit > 0 {
            failures.push(format!("{name}: {} negatives hit", s.negatives_hit));
        }
        total.add(s);
    }
    lines.push("-".repeat(header.chars().count()));
    lines.push(total.row("TOTAL"));
    println!("{}", lines.join("\n"));
    if !details.is_empty() {
        println!("\n{}", details.join("\n"));
    }
    assert!(!names.is_empty(), "no corpus found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}
