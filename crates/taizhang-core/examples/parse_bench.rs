//! How long the plan-text parser takes, printed as the median of repeated runs:
//!
//! ```text
//! cargo run --release -p taizhang-core --example parse_bench
//! ```
//!
//! It reads the seed, the largest text of `tests/corpus/`, a 100,000-char plan made by joining
//! the seed and every corpus text (repeated, then cut at 100,000 chars), and two hostile texts of
//! the same size (one line without punctuation full of numbers; one with every line a marker). The
//! parser must stay linear: issue #13 asks for at most 50 ms for 100,000 chars. This is a printed
//! figure, not a timed test, so a slow shared machine never fails the build.

use std::path::PathBuf;
use std::time::Instant;

use taizhang_core::parse_plan;

const RUNS: usize = 21;

fn median_ms(text: &str) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let plan = parse_plan(text);
            std::hint::black_box(&plan);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn cut(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seed = std::fs::read_to_string(root.join("seeds/naidong-2025-work-points.txt"))
        .expect("the seed is in the repository");
    let mut corpus: Vec<(String, String)> = std::fs::read_dir(root.join("tests/corpus"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    std::fs::read_to_string(e.path()).ok().map(|t| (name, t))
                })
                .collect()
        })
        .unwrap_or_default();
    corpus.sort();
    let largest = corpus
        .iter()
        .max_by_key(|(_, t)| t.chars().count())
        .cloned()
        .unwrap_or_else(|| ("(no corpus)".into(), String::new()));

    let mut joined = seed.clone();
    while joined.chars().count() < 100_000 {
        for (_, t) in &corpus {
            joined.push('\n');
            joined.push_str(t);
        }
        joined.push('\n');
        joined.push_str(&seed);
    }
    let joined = cut(&joined, 100_000);
    let numbers = cut(
        &"增长6%以上确保完成投资1,200亿元左右新建三所第45届2024年".repeat(4000),
        100_000,
    );
    let markers = cut(&"（一）1.①一、\n".repeat(20_000), 100_000);

    println!("parse_plan, median of {RUNS} runs (release build recommended):");
    for (name, text) in [
        ("seed".to_string(), seed.as_str()),
        (
            format!("largest corpus text ({})", largest.0),
            largest.1.as_str(),
        ),
        ("100,000-char concatenation".to_string(), joined.as_str()),
        (
            "100,000 chars, one line of numbers".to_string(),
            numbers.as_str(),
        ),
        (
            "100,000 chars, every line a marker".to_string(),
            markers.as_str(),
        ),
    ] {
        println!(
            "  {name:<48} {:>7} chars  {:>8.2} ms",
            text.chars().count(),
            median_ms(text)
        );
    }
}
