//! Parses the plan embedded in the app, at build time: `seeds/naidong-2025-work-points.txt`, unless
//! the environment variable `TAIZHANG_SEED` names another file (scripts/bench.sh builds the app once
//! more with a generated city-sized plan that way). The app embeds the parsed plan as JSON
//! (`$OUT_DIR/plan.json`, the format of docs/plan-json.md) and reads that at start-up: reading the
//! structure takes a fraction of parsing the text (≈ 1 ms against ≈ 10 ms for the district's plan,
//! 56 ms for the city's). Plans a person adds are parsed in the browser.

use std::path::Path;

fn main() {
    // With the `split` feature (Trunk's builds), the app's wasm keeps the linker's relocations:
    // the splitter (scripts/wasm-split.mjs) reads them to cut the lazily loaded views out. Only
    // the app's binary: a module that is not split must not keep them (wasm-opt cannot then
    // drop what the relocations still name: a bare counter built so grew from 35 to 216 KB gzip).
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some()
        && std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
    {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
    println!("cargo:rerun-if-env-changed=TAIZHANG_SEED");
    let path = std::env::var("TAIZHANG_SEED").unwrap_or_else(|_| {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
        format!("{dir}/seeds/naidong-2025-work-points.txt")
    });
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the plan text {path}: {e}"));
    // Texts that are their span's stretch of the source are left out and read back at start-up
    // (`Plan::restore_span_texts`): the embedded plan carries its text once.
    let plan = taizhang_core::parse_plan(&text).without_span_texts();
    let json = serde_json::to_string(&plan).expect("a plan serialises");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("plan.json"), json).expect("OUT_DIR is writable");
    // Kept for the native test that checks the embedded structure against a fresh parse.
    println!("cargo:rustc-env=TAIZHANG_SEED_FILE={path}");
}
