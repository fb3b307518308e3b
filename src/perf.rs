//! Timing marks for scripts/bench.sh: a stage of work is recorded as a Performance API measure
//! between [`start`] and [`end`], so the benchmark can print where the time of an import goes.

/// The page's Performance API; none off the browser (the app's native unit tests draw charts).
fn performance() -> Option<web_sys::Performance> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window().and_then(|w| w.performance())
    } else {
        None
    }
}

/// Marks a moment (`name`), such as the wasm starting to run.
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Marks the start of the stage `name`.
pub fn start(name: &str) {
    mark(&format!("{name}:start"));
}

/// Records the stage `name` as a measure from its [`start`] until now.
pub fn end(name: &str) {
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, &format!("{name}:start"));
    }
}
