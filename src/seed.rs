//! The plan the app ships with, embedded at compile time (no fetch at run time).
//!
//! The 2025 work points of 乃东区人民政府, exactly as issued, live in `seeds/`; build.rs parses
//! them when the app is built and embeds the structure as JSON (docs/plan-json.md), so start-up
//! reads a structure instead of parsing text.

use taizhang_core::Plan;

/// The embedded plan, as parsed at build time.
const PLAN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/plan.json"));

/// Reads the embedded plan. Called once at start-up; the result lives in the app context.
pub fn seed_plan() -> Plan {
    crate::perf::start("taizhang-plan");
    // build.rs wrote this with the same types: reading it back cannot fail (tested below).
    let plan = serde_json::from_str(PLAN_JSON).expect("the plan embedded at build time");
    crate::perf::end("taizhang-plan");
    plan
}

#[cfg(test)]
mod tests {
    /// The embedded structure is exactly what the parser makes of the seed text.
    #[test]
    fn the_embedded_plan_is_the_parsed_seed() {
        let text = include_str!(env!("TAIZHANG_SEED_FILE"));
        assert_eq!(super::seed_plan(), taizhang_core::parse_plan(text));
    }
}
