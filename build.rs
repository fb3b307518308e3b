//! Chooses the plan text embedded in the app: `seeds/naidong-2025-work-points.txt`, unless the
//! environment variable `TAIZHANG_SEED` names another file (scripts/bench.sh builds the app once
//! more with a generated city-sized plan that way).

fn main() {
    println!("cargo:rerun-if-env-changed=TAIZHANG_SEED");
    let path = std::env::var("TAIZHANG_SEED").unwrap_or_else(|_| {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
        format!("{dir}/seeds/naidong-2025-work-points.txt")
    });
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rustc-env=TAIZHANG_SEED_FILE={path}");
}
