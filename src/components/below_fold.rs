//! The part of a view below its first screen, built after start-up.

use leptos::prelude::*;

/// Builds `children` once the first screen has been shown: at the page's first idle moment, or
/// at once when its place comes within a screen's height of the viewport or the page is printed.
/// Until then an empty block `height` high (a CSS length) keeps its place, so the page's height
/// and scroll bar hardly move when it comes. `built` is set when it is built.
#[component]
pub fn BelowTheFold(
    /// The height kept for it until it is built.
    height: String,
    /// Set when it is built (tests and the benchmark read it as the view's `data-complete`).
    built: RwSignal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    let place = NodeRef::<leptos::html::Div>::new();
    place.on_load(move |el| crate::later::when_near(&el, built));
    crate::later::when_printed(built);
    leptos::task::spawn_local(async move {
        crate::later::idle().await;
        crate::later::raise(built);
    });
    view! {
        <Show
            when=move || built.get()
            fallback=move || view! { <div class="below-fold" style:min-height=height.clone() node_ref=place></div> }
        >
            {children()}
        </Show>
    }
}
