//! End-to-end tests of the `taizhang-cli` binary: real process, real files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang-cli"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn seed() -> String {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../seeds/naidong-2025-work-points.txt");
    root.to_string_lossy().into_owned()
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("taizhang-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn parse_prints_the_seed_plan_as_json() {
    let out = run(&["parse", &seed()]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(plan["title"], "乃东区人民政府2025年工作要点");
    assert_eq!(plan["issuer"], "乃东区人民政府");
    assert_eq!(plan["issued_on"], "2025-03-06");
    assert_eq!(plan["period"]["start"], "2025-01-01");
    assert_eq!(plan["period"]["end"], "2025-12-31");
    let sections = plan["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 8);
    let points: Vec<u64> = sections
        .iter()
        .flat_map(|s| s["points"].as_array().unwrap())
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    assert_eq!(points, (1..=22).collect::<Vec<_>>());
    // The JSON decodes back into the model the app uses.
    let typed: taizhang_core::Plan = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(typed.sections[0].points[0].title, "持续扩大有效投资");
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = run(&["parse", "/nonexistent/plan.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no such file"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn directory_is_a_clear_error() {
    let out = run(&["parse", "/"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn non_utf8_is_a_clear_error() {
    // "一、" in GBK: a common way a plan arrives from an office PC.
    let path = temp_file("gbk.txt", &[0xd2, 0xbb, 0xa1, 0xa2, b'\n']);
    let out = run(&["parse", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not UTF-8"), "{}", stderr(&out));
}

#[test]
fn text_without_structure_is_read_with_a_diagnostic() {
    // Issue #13: no hard refusal. Paragraphs without headings are read as points, and the plan
    // says what was guessed.
    let path = temp_file(
        "garbled.txt",
        "这不是一份工作要点。\n随便写的几句话。".as_bytes(),
    );
    let out = run(&["parse", &path]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let codes: Vec<&str> = plan["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"no_headings"), "{codes:?}");
    assert_eq!(plan["sections"][0]["points"].as_array().unwrap().len(), 2);
}

#[test]
fn empty_or_blank_text_is_a_clear_error() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", " \n\t\n".as_bytes()),
        ("bom.txt", "\u{feff}\u{3000}\n".as_bytes()),
    ] {
        let path = temp_file(name, bytes);
        let out = run(&["parse", &path]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).contains("empty or blank"), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate", "x"]).status.code(), Some(2));
    assert!(run(&["--help"]).status.success());
}

/// Every real plan of the corpus reads as a plan, on stdout, with exit 0 — whatever its layout.
#[test]
fn parse_prints_a_plan_for_every_corpus_text() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    assert!(texts.len() >= 12, "{} corpus texts", texts.len());
    for path in texts {
        let out = run(&["parse", &path.to_string_lossy()]);
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
        assert!(plan["sections"].is_array(), "{}", path.display());
        assert!(plan["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("plan-")));
    }
}
