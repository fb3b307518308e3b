//! `taizhang-cli`: the native companion to the web app.
//!
//! `taizhang-cli parse FILE` prints the plan parsed from a plan text file as the same JSON the app
//! uses (see `docs/plan-json.md`). It exits with status 1 and a message on stderr only when the
//! input cannot be read as a plan text at all: the file is missing, a directory, unreadable, not
//! UTF-8, or empty or blank. Any other text is parsed: what the parser had to guess is in the
//! plan's `diagnostics`. Status 2 is a usage error.

use std::io::Write;
use std::process::ExitCode;

mod city;

const USAGE: &str = "usage: taizhang-cli parse FILE\n       taizhang-cli city DIR\n\nparse: prints the plan parsed from the plan text FILE as JSON on stdout.\ncity:  writes a generated city-sized plan (city-plan.txt) and a year of its ledger\n       (city-snapshot.json, 48,000 entries) into DIR, for scripts/bench.sh.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, file] if cmd == "parse" => match parse_file(file) {
            Ok(json) => {
                let mut out = std::io::stdout().lock();
                // A closed pipe (e.g. `| head`) is not an error worth reporting.
                let _ = out
                    .write_all(json.as_bytes())
                    .and_then(|()| out.write_all(b"\n"));
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("taizhang-cli: {message}");
                ExitCode::FAILURE
            }
        },
        [cmd, dir] if cmd == "city" => match write_city(dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("taizhang-cli: {dir}: {e}");
                ExitCode::FAILURE
            }
        },
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Reads, decodes and parses `path`, returning the plan JSON or a one-line reason.
fn parse_file(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{path}: no such file"),
        std::io::ErrorKind::PermissionDenied => format!("{path}: permission denied"),
        _ if std::path::Path::new(path).is_dir() => format!("{path}: is a directory, not a file"),
        _ => format!("{path}: cannot read: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path}: not UTF-8 text (invalid byte at offset {}); save the plan as UTF-8 and retry",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(format!(
            "{path}: the file is empty or blank; there is no plan text to read"
        ));
    }
    let plan = taizhang_core::parse_plan(&text);
    serde_json::to_string_pretty(&plan).map_err(|e| format!("cannot encode plan as JSON: {e}"))
}

fn write_city(dir: &str) -> std::io::Result<()> {
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir)?;
    let text = city::plan_text();
    let plan = taizhang_core::parse_plan(&text);
    std::fs::write(dir.join("city-plan.txt"), &text)?;
    let snap = city::snapshot(&plan, 48_000);
    std::fs::write(
        dir.join("city-snapshot.json"),
        taizhang_core::snapshot::encode_compact(&snap),
    )
}
