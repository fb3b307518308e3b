//! The plan the app ships with, embedded at compile time (no fetch at run time).

use taizhang_core::Plan;

/// The 2025 work points of 乃东区人民政府, exactly as issued (`seeds/`; build.rs lets the
/// benchmark build embed a generated plan instead).
pub const SEED_TEXT: &str = include_str!(env!("TAIZHANG_SEED_FILE"));

/// Parses the embedded plan. Called once at start-up; the result lives in the app context.
pub fn seed_plan() -> Plan {
    crate::perf::start("taizhang-parse");
    let plan = taizhang_core::parse_plan(SEED_TEXT);
    crate::perf::end("taizhang-parse");
    plan
}
