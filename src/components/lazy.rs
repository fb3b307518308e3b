//! Views whose code loads when they first open, so the first screen loads only what it needs.
//!
//! With the `split` feature (every Trunk build: see `index.html`), each view declared with
//! [`lazy_view!`] is a split point (`wasm_split`, what Leptos' `#[lazy]` expands to, with a
//! module name of our choosing): after the build, `scripts/wasm-split.mjs` cuts the code only a
//! group reaches out of the main wasm into a module of its own (and code that several groups
//! share into shared chunks), fetched the first time one of its views opens. Without the feature
//! (native and wasm-bindgen tests, whose wasm is not split) the same view is built at once, so
//! callers never differ.
//!
//! [`deferred`] shows such a view: a quiet placeholder of the view's size while the chunk
//! loads, then the view; once a chunk is in, the view shows at once (no placeholder flash).
//!
//! **Who owns a lazily loaded view.** The view is always built synchronously, inside the
//! reactive closure that shows it, once its chunk is in: only the chunk's *loading* is awaited
//! in a task, never the view's setup. So the view's components run under the owner of the place
//! that shows them (they read that shell's contexts, and are disposed with it), and their state
//! is dropped at once when that place is redrawn. A view built inside an awaited future (Leptos'
//! `Suspend` under a `<Suspense>`) is not: its state lives in the Suspense's effect until that
//! effect's task next runs, so when one signal change both remounts the shell (a plan renamed or
//! deleted, another plan shown) and updates the old view, the old view's effects ran after the
//! shell that owned their signals was disposed ("Tried to access a reactive value that has
//! already been disposed").

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Msg;
use crate::later::idle;
use crate::prefs::use_prefs;

/// Declares `fn $name(args…) -> impl IntoView`: the view `$body` (an `AnyView`), whose code is
/// in the wasm chunk of `$group` (with the `split` feature), shown by [`deferred`] with the
/// placeholder's `data-view` set to `$testid`. The views of one group share one module, loaded
/// together the first time any of them opens, so a view that goes with another (the plan view
/// and its record panel, say) costs one load, not several small ones. The arguments are copied
/// into the view (they must be `Copy`). The body runs untracked: a view's setup reads never
/// subscribe the place that shows it to signals.
///
/// Beside the function, a module of the same name holds the split point itself: `view(args…)`
/// (async: loads the chunk if needed, then builds the view) and `load()` (loads the chunk only).
/// Each split point keeps its own loading state: a view whose group's module is already in still
/// waits one turn of the event loop at its first `load()`, so [`warm_up`] is given every one.
macro_rules! lazy_view {
    ($group:ident, $testid:literal, $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) -> impl ::leptos::prelude::IntoView {
            $crate::components::lazy::deferred(move || $name::view($($arg),*), $name::load, $testid)
        }
        #[allow(non_snake_case)]
        pub(crate) mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[cfg(feature = "split")]
            #[::leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, preload(load), fallible)]
            pub fn view($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::components::lazy::ChunkError> {
                Ok(::leptos::prelude::untrack(move || $body))
            }
            #[cfg(not(feature = "split"))]
            pub async fn view($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::components::lazy::ChunkError> {
                Ok(::leptos::prelude::untrack(move || $body))
            }
            #[cfg(not(feature = "split"))]
            pub async fn load() -> Result<(), $crate::components::lazy::ChunkError> {
                Ok(())
            }
        }
    };
}
pub(crate) use lazy_view;

/// A view's code could not be fetched (the connection dropped before the service worker kept
/// the release): shown as such with a retry, never a panic (which would stop the whole app).
#[derive(Clone, Debug)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> ChunkError {
        ChunkError
    }
}

/// Where the loading of a view's chunk stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arrival {
    /// Not asked yet, or asked again after a failure.
    Asking,
    Arrived,
    Failed,
}

/// Shows the view `build` resolves to, with a placeholder until its chunk (`load`) is in, and
/// a message with a retry button if it cannot be fetched.
///
/// `build` is only ever polled once its chunk is loaded, when it is ready at its first poll: the
/// view is built here, under the current owner, and never in a task that may outlive it.
pub fn deferred<V, L, E>(
    build: impl Fn() -> V + Send + Sync + 'static,
    load: impl Fn() -> L + Send + Sync + 'static,
    testid: &'static str,
) -> impl IntoView
where
    V: Future<Output = Result<AnyView, ChunkError>>,
    L: Future<Output = Result<(), E>> + 'static,
    E: 'static,
{
    let arrival = RwSignal::new(Arrival::Asking);
    let failed = move || {
        view! { <LoadFailed testid retry=move || arrival.set(Arrival::Asking) /> }.into_any()
    };
    move || {
        if arrival.get() == Arrival::Failed {
            return failed();
        }
        let mut loading = Box::pin(load());
        match poll_once(loading.as_mut()) {
            None => {
                // The chunk is on its way: wait for it in a task (only the load, never the
                // view), then draw again. If this place is gone by then, the signal is too:
                // nothing runs.
                spawn_local(async move {
                    let outcome = loading.await;
                    let _ = arrival.try_set(if outcome.is_ok() {
                        Arrival::Arrived
                    } else {
                        Arrival::Failed
                    });
                });
                return view! { <Placeholder testid /> }.into_any();
            }
            Some(Err(_)) => return failed(),
            Some(Ok(())) => {}
        }
        let mut building = Box::pin(build());
        // Loaded chunks stay loaded, so the view is ready at once; were it not, the placeholder
        // stays rather than building the view outside this owner.
        match poll_once(building.as_mut()) {
            Some(Ok(view)) => view,
            Some(Err(_)) => failed(),
            None => view! { <Placeholder testid /> }.into_any(),
        }
    }
}

/// Polls `fut` once: its output when it is ready at once, else `None`.
pub fn poll_once<F: Future + ?Sized>(fut: Pin<&mut F>) -> Option<F::Output> {
    let mut cx = Context::from_waker(Waker::noop());
    match fut.poll(&mut cx) {
        Poll::Ready(out) => Some(out),
        Poll::Pending => None,
    }
}

/// What a view shows while its code arrives: one quiet line in the space the view will take.
#[component]
fn Placeholder(testid: &'static str) -> impl IntoView {
    let ui = use_prefs();
    view! {
        <div class="view-loading" role="status" aria-busy="true" data-testid="view-loading" data-view=testid>
            {ui.tr(Msg::ViewLoading)}
        </div>
    }
}

/// What a view shows when its code could not be fetched: what happened, that nothing recorded is
/// affected, and a button to try again.
#[component]
fn LoadFailed(testid: &'static str, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let ui = use_prefs();
    view! {
        <div class="view-loading view-failed" role="alert" data-testid="view-failed" data-view=testid>
            <p>{ui.tr(Msg::ViewLoadFailed)}</p>
            <button type="button" class="btn" data-testid="view-retry" on:click=move |_| retry()>
                {ui.tr(Msg::Retry)}
            </button>
        </div>
    }
}

/// Loads a split point's chunk ahead of its first opening (a `load` from [`lazy_view!`]).
pub type Warm = fn() -> Pin<Box<dyn Future<Output = ()>>>;

/// Loads the chunks of the split points `points` (most likely next first) ahead of their first
/// opening, so a view opens at once even the first time: one split point per idle period of the
/// page, and only once the service worker controls the page, so every file comes from its cache
/// (the worker fetches the whole release on the first visit anyway): nothing is downloaded twice,
/// and a page without the worker (an insecure origin, or one that refuses it) loads nothing
/// ahead. Measured as `taizhang-warm` (from the first load to the last: tests and the benchmark
/// wait for it). A chunk that fails to load is left for its first opening (which says so, with
/// a retry).
pub fn warm_up(points: &'static [Warm]) {
    if !cfg!(feature = "split") {
        return;
    }
    spawn_local(async move {
        // The service worker container is first touched with the worker's registration, a
        // second after start-up (see `register_worker`): creating it costs the main thread some
        // milliseconds, which at start-up delayed the dashboard and right after it a view
        // clicked at once (interleaved A/B).
        crate::clock::sleep(WORKER_DELAY_MS).await;
        idle().await;
        if !controlled().await {
            return;
        }
        idle().await;
        crate::perf::start("taizhang-warm");
        for (i, load) in points.iter().enumerate() {
            if i > 0 {
                idle().await;
            }
            load().await;
        }
        crate::perf::end("taizhang-warm");
    });
}

/// How long after start-up the service worker is registered (then at the next idle moment).
const WORKER_DELAY_MS: i32 = 1000;

/// Registers the service worker (`sw.js`, beside index.html) a second after start-up, at an idle
/// moment: its install fetches the whole release, which must not compete with what the user is
/// waiting for. At the page's load event it delayed the dashboard (rendered at 252–268 ms
/// instead of 173); at the first idle moment, a view opened at once after the first screen
/// (145–188 ms against 99–149 ms a second later, interleaved). Where workers are not offered (an
/// insecure origin), nothing happens; a refusal is ignored (the app works the same, only not
/// offline).
pub fn register_worker() {
    spawn_local(async {
        crate::clock::sleep(WORKER_DELAY_MS).await;
        idle().await;
        let Some(container) = worker_container() else {
            return;
        };
        let _ = wasm_bindgen_futures::JsFuture::from(container.register("./sw.js")).await;
    });
}

/// The page's service worker container, if workers are offered here.
fn worker_container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = window().navigator();
    // Absent where service workers are not offered (an insecure origin).
    web_sys::js_sys::Reflect::get(&navigator, &"serviceWorker".into())
        .is_ok_and(|c| !c.is_undefined())
        .then(|| navigator.service_worker())
}

/// Whether the page is (or becomes) controlled by the service worker: at once on a repeat visit;
/// on the first, once the worker has the release cached and takes over (`controllerchange`).
async fn controlled() -> bool {
    use wasm_bindgen::JsCast;
    let Some(container) = worker_container() else {
        return false;
    };
    if container.controller().is_some() {
        return true;
    }
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = container.add_event_listener_with_callback_and_add_event_listener_options(
            "controllerchange",
            resolve.unchecked_ref(),
            &options,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    true
}
