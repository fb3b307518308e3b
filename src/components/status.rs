//! Pacing statuses as words and chips: one palette, always with text and an icon.

use leptos::prelude::*;
use taizhang_core::pacing::Status;

use crate::i18n::Msg;
use crate::state::use_app;

pub fn status_msg(s: Status) -> Msg {
    match s {
        Status::Done => Msg::StatusDone,
        Status::OnTrack => Msg::StatusOnTrack,
        Status::AtRisk => Msg::StatusAtRisk,
        Status::Behind => Msg::StatusBehind,
        Status::NoData => Msg::StatusNoData,
        Status::Stale => Msg::StatusStale,
    }
}

/// The chip class; the CSS gives each its icon (✓ ▶ ! ✕ ○ ⏱) as well as its colour.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Done => "chip pace-done",
        Status::OnTrack => "chip pace-on-track",
        Status::AtRisk => "chip pace-at-risk",
        Status::Behind => "chip pace-behind",
        Status::NoData => "chip pace-no-data",
        Status::Stale => "chip pace-stale",
    }
}

pub fn status_key(s: Status) -> &'static str {
    match s {
        Status::Done => "done",
        Status::OnTrack => "on_track",
        Status::AtRisk => "at_risk",
        Status::Behind => "behind",
        Status::NoData => "no_data",
        Status::Stale => "stale",
    }
}

/// The pace status of a target or milestone, as a chip; nothing if the id is not assessed.
#[component]
pub fn PaceChip(#[prop(into)] id: String) -> impl IntoView {
    let ctx = use_app();
    let status = Memo::new(move |_| ctx.assessment.with(|a| a.pace(&id).map(|p| p.status)));
    move || {
        status.get().map(|s| {
            view! { <span class=status_class(s) data-testid="pace" data-status=status_key(s)>{ctx.t(status_msg(s))}</span> }
        })
    }
}
