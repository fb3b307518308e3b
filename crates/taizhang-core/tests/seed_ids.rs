//! The seed's identity, pinned: every section, point, task and target id, with kinds, units and
//! targets, exactly as the parser read them before issue #13 widened it. Users' recorded entries
//! point at these ids, so a change to the parser must never move one of them.
//!
//! `tests/fixtures/seed-ids.txt` was written from the parse of the seed taken before the first
//! change of issue #13 (`/tmp/seed-before.json`); a failure here means the parser now reads the
//! seed differently. Fields added to the model later (ranges, deadlines) are left out on purpose:
//! the seed must stay as it was in everything it already had.

use taizhang_core::{parse_plan, Plan};

const SEED: &str = include_str!("../../../seeds/naidong-2025-work-points.txt");
const EXPECTED: &str = include_str!("fixtures/seed-ids.txt");

/// One line per node, indented by depth, with every field the seed's users depend on.
fn render(plan: &Plan) -> String {
    let mut out = format!("plan {} {} {}\n", plan.id, plan.title, plan.issuer);
    for s in &plan.sections {
        out += &format!("section {} {} {:?}\n", s.number, s.title, s.span);
        for p in &s.points {
            out += &format!("  point {} {} {:?}\n", p.number, p.title, p.span);
            for t in &p.tasks {
                let kind = serde_json::to_value(t.kind).expect("a kind serialises");
                let units: Vec<String> = t
                    .units
                    .iter()
                    .map(|u| format!("{}:{:?}", u.name, u.role))
                    .collect();
                out += &format!(
                    "    task {} {} {:?} [{}] {}\n",
                    t.id,
                    kind.as_str().unwrap_or("?"),
                    t.span,
                    units.join(","),
                    t.text
                );
                for g in &t.targets {
                    out += &format!(
                        "      target {} {} {}{} {:?} {:?} growth={} {:?} {}\n",
                        g.id,
                        g.metric,
                        g.value,
                        g.unit,
                        g.comparator,
                        g.commitment,
                        g.growth,
                        g.span,
                        g.phrase
                    );
                }
            }
        }
    }
    out
}

#[test]
fn the_seed_reads_exactly_as_before() {
    let actual = render(&parse_plan(SEED));
    if actual != EXPECTED {
        let first = actual
            .lines()
            .zip(EXPECTED.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(EXPECTED.lines().count()));
        panic!(
            "the seed's parse changed; first difference at line {}:\n  now:    {:?}\n  before: {:?}",
            first + 1,
            actual.lines().nth(first),
            EXPECTED.lines().nth(first)
        );
    }
}
