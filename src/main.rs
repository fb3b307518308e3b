//! The browser entry point: install the panic hook, then mount the app.

fn main() {
    // The moment the wasm is running (read by scripts/bench.sh: before it, download and compile).
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("taizhang-main");
    }
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(taizhang::App);
}
