//! Work put off until the page can take it: its next idle moment ([`idle`]), or an element
//! coming near the screen ([`when_near`]). What the first screen does not show is built or drawn
//! this way, so start-up does not wait for it.

use leptos::prelude::*;

/// Waits until the page is idle (`requestIdleCallback`, at most 2 s), or 200 ms where the
/// browser has no idle callbacks.
pub async fn idle() {
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(2000);
        if window()
            .request_idle_callback_with_options(&resolve, &options)
            .is_err()
        {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Sets `flag` once `el` comes within a screen's height of the viewport (at once where the
/// browser has no IntersectionObserver). The observer stops once it has fired, and with the
/// reactive owner it was started in.
pub fn when_near(el: &web_sys::Element, flag: RwSignal<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::js_sys::Array;
    use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

    let on_change = Closure::<dyn FnMut(Array, IntersectionObserver)>::new(
        move |entries: Array, observer: IntersectionObserver| {
            let near = entries.iter().any(|e| {
                e.unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if near {
                observer.disconnect();
                raise(flag);
            }
        },
    );
    let init = IntersectionObserverInit::new();
    init.set_root_margin("100% 0px");
    let Ok(observer) =
        IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &init)
    else {
        raise(flag);
        return;
    };
    observer.observe(el);
    // The callback lives as long as its owner; its end stops the observer.
    let kept = StoredValue::new_local(Some((observer, on_change)));
    on_cleanup(move || {
        if let Some((observer, _)) = kept.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
    });
}

/// Sets `flag` when the page is about to be printed (`beforeprint`: Chromium's print and
/// print-to-PDF both send it), until the reactive owner it was called in ends.
pub fn when_printed(flag: RwSignal<bool>) {
    let print =
        leptos::leptos_dom::helpers::window_event_listener_untyped("beforeprint", move |_| {
            raise(flag)
        });
    on_cleanup(move || print.remove());
}

/// Sets `flag` if it is not set yet (a set flag is not set again, so what follows it runs once),
/// and if it still exists.
pub fn raise(flag: RwSignal<bool>) {
    if flag.try_get_untracked() == Some(false) {
        flag.set(true);
    }
}
