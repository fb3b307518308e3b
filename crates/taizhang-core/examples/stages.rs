//! Native timings of the import stages on a snapshot file (a profiling aid for scripts/bench.sh,
//! whose figures are the ones that count): `cargo run --release -p taizhang-core --example
//! stages -- target/bench/city-data/city-snapshot.json target/bench/city-data/city-plan.txt`.
use std::time::Instant;
use taizhang_core::{exchange, ledger::LedgerView, pacing, snapshot, userdata};

/// Runs `f` five times and prints the quickest (the host is shared and noisy).
fn time<T>(label: &str, f: impl Fn() -> T) -> T {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..5 {
        let t = Instant::now();
        out = Some(f());
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("{label:>24}: {best:8.2} ms");
    out.expect("ran at least once")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let raw = std::fs::read_to_string(&args[0]).expect("snapshot file");
    let plan_text = std::fs::read_to_string(&args[1]).expect("plan text");
    let plan = taizhang_core::plantext::parse_plan(&plan_text);
    {
        let s = time("decode", || {
            snapshot::decode(&raw).expect("a valid snapshot")
        });
        let subjects: rustc_hash::FxHashSet<String> = plan
            .tasks()
            .map(|t| t.id.clone())
            .chain(plan.targets().map(|t| t.id.clone()))
            .collect();
        let empty = userdata::UserData::default();
        time("preview", || exchange::preview(&empty, &s.data, &subjects));
        let merged = time("merge", || userdata::merge(&empty, &s.data));
        let stored = time("encode (local v2)", || userdata::encode(&merged));
        time("decode (local v2)", || {
            userdata::decode(&stored).expect("readable")
        });
        let view = time("ledger view", || LedgerView::new(&merged.entries));
        let as_of = taizhang_core::Date::new(2025, 12, 31).unwrap();
        time("assess", || {
            pacing::assess(
                &plan,
                &merged.settings_in_force(),
                |id| merged.deadline(id),
                &view,
                as_of,
            )
        });
        println!();
    }
}
