//! Form field helpers shared by the views.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// `use:date_value=signal` on a date or month input: the input shows `signal` and typing or
/// stepping in it sets `signal`, like `bind:value`, except that the input is written only when it
/// shows something else.
///
/// While a user steps or types a date, its parts can form an impossible one for a moment (the
/// 30th of June stepped up is June 31), which the input reports as "". `bind:value` wrote that ""
/// straight back, and writing a value blanks every part of the field under the user's hands.
pub fn date_value(el: web_sys::Element, signal: RwSignal<String>) {
    let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() else {
        return;
    };
    input.set_value(&signal.get_untracked());
    let on_input =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Some(target) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                signal.set(target.value());
            }
        });
    let _ = input.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    // The listener is dropped with the view that shows the input (its owner).
    StoredValue::new_local(on_input);
    Effect::new(move |_| {
        let value = signal.get();
        if input.value() != value {
            input.set_value(&value);
        }
    });
}
