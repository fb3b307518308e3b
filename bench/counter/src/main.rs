//! A bare Leptos counter: the smallest useful Leptos CSR app, as a size and start-up baseline.

use leptos::prelude::*;

#[component]
fn Counter() -> impl IntoView {
    let count = RwSignal::new(0);
    Effect::new(move |_| {
        if let Some(perf) = window().performance() {
            let _ = perf.mark("counter-mounted");
        }
    });
    view! {
        <button type="button" on:click=move |_| count.update(|c| *c += 1)>
            "count: " {move || count.get()}
        </button>
    }
}

fn main() {
    leptos::mount::mount_to_body(Counter);
}
