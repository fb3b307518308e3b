//! Views whose code loads when they first open, so the first screen loads only what it needs.
//!
//! With the `split` feature (every Trunk build: see `index.html`), each function made by
//! [`lazy_view!`] is a split point (`wasm_split`, what Leptos' `#[lazy]` expands to, with a
//! module name of our choosing): after the build, `scripts/wasm-split.mjs` cuts the code only a
//! group reaches out of the main wasm into a module of its own (and code that several groups
//! share into shared chunks), fetched the first time one of its functions is called. Without the feature (native and wasm-bindgen tests, whose wasm
//! is not split) the same function is a plain `async fn`, so callers never differ.
//!
//! [`deferred`] shows such a view: a quiet placeholder of the view's size while the chunk
//! loads, then the view; once a chunk is in, the view shows at once (no placeholder flash).

use std::future::Future;

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::prefs::use_prefs;

/// Declares `async fn $name(args…) -> AnyView` returning `$body` built from the wasm chunk of
/// `$group` (with the `split` feature): the functions of one group share one module, loaded
/// together the first time any of them is called, so a view that goes with another (the plan
/// view and its record panel, say) costs one load, not several small ones. The body runs
/// untracked: a view's setup reads never subscribe the placeholder to signals.
macro_rules! lazy_view {
    ($group:ident, $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split)]
        $vis fn $name($($arg: $ty),*) -> leptos::prelude::AnyView {
            leptos::prelude::untrack(move || $body)
        }
        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> leptos::prelude::AnyView {
            leptos::prelude::untrack(move || $body)
        }
    };
}
pub(crate) use lazy_view;

/// Shows the view `load` resolves to, with a placeholder until its chunk is in.
pub fn deferred<Fut>(load: Fut, testid: &'static str) -> impl IntoView
where
    Fut: Future<Output = AnyView> + Send + 'static,
{
    view! {
        <Suspense fallback=move || view! { <Placeholder testid /> }>
            {Suspend::new(load)}
        </Suspense>
    }
}

/// What a view shows while its code arrives: one quiet line in the space the view will take.
#[component]
fn Placeholder(testid: &'static str) -> impl IntoView {
    let ui = use_prefs();
    view! {
        <div class="view-loading" role="status" aria-busy="true" data-testid="view-loading" data-view=testid>
            {move || ui.t(Msg::ViewLoading)}
        </div>
    }
}
