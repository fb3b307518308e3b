//! The pace status chip: one palette, always with text and an icon (labels in [`crate::labels`]).

use leptos::prelude::*;

use crate::derived::use_derived;
use crate::labels::{status_class, status_key, status_msg};
use crate::prefs::use_prefs;

/// The pace status of a target or milestone, as a chip; nothing if the id is not assessed.
#[component]
pub fn PaceChip(#[prop(into)] id: String) -> impl IntoView {
    let ui = use_prefs();
    let derived = use_derived();
    let status = Memo::new(move |_| derived.assessment.with(|a| a.pace(&id).map(|p| p.status)));
    move || {
        status.get().map(|s| {
            view! { <span class=status_class(s) data-testid="pace" data-status=status_key(s)>{ui.t(status_msg(s))}</span> }
        })
    }
}
