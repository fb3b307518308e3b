//! The plan the app ships with, embedded at compile time (no fetch at run time).
//!
//! The 2025 work points of 乃东区人民政府, exactly as issued, live in `seeds/`; build.rs parses
//! them when the app is built and embeds the structure as JSON (docs/plan-json.md), so start-up
//! reads a structure instead of parsing text. The texts of points, tasks and targets that are
//! their span's stretch of the plan's text are left out of it and read back from their spans.

use taizhang_core::Plan;

/// The embedded plan, as parsed at build time.
const PLAN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/plan.json"));

/// Reads the embedded plan. Called once at start-up; the result lives in the app context.
pub fn seed_plan() -> Plan {
    crate::perf::start("taizhang-plan");
    // build.rs wrote this with the same types: reading it back cannot fail (tested below).
    let plan: Plan = serde_json::from_str(PLAN_JSON).expect("the plan embedded at build time");
    let plan = plan.restore_span_texts();
    crate::perf::end("taizhang-plan");
    plan
}

#[cfg(test)]
mod tests {
    use taizhang_core::id::content_id;

    /// The seed's ids, hashed in document order: users' entries point at these ids, so a change
    /// of this digest means recorded data would be orphaned. Update it only with a migration.
    const SEED_IDS_DIGEST: &str = "h0r665n5w0";

    /// The embedded structure is the seed as checked by hand (tests/seed.rs in the core holds
    /// the list): its counts, its plan id, and every task and target id, unchanged.
    #[test]
    fn the_embedded_plan_is_the_seed_with_its_ids() {
        let plan = super::seed_plan();
        assert_eq!(plan.title, "乃东区人民政府2025年工作要点");
        assert_eq!(plan.sections.len(), 8);
        assert_eq!(plan.points().count(), 22);
        assert_eq!(plan.tasks().count(), 146);
        assert_eq!(plan.targets().count(), 30);
        assert_eq!(plan.id, "plan-9f72a4ga38");
        let ids: Vec<&str> = plan
            .tasks()
            .flat_map(|t| {
                std::iter::once(t.id.as_str()).chain(t.targets.iter().map(|g| g.id.as_str()))
            })
            .collect();
        assert_eq!(content_id("", &ids.join("\n")), SEED_IDS_DIGEST);
        // And it is what the parser makes of the seed text today.
        let text = include_str!(env!("TAIZHANG_SEED_FILE"));
        assert_eq!(plan, taizhang_core::parse_plan(text));
    }
}
