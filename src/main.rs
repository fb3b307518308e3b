//! The browser entry point: install the panic hook, then mount the app.

fn main() {
    // The moment the wasm is running (read by scripts/bench.sh: before it, download and compile).
    taizhang::perf::mark("taizhang-main");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(taizhang::App);
}
