//! The views and the URL fragment that names them (`#/overview`, `#/plan`…), so a view can be
//! bookmarked, reloaded and reached with Back and Forward.

use leptos::leptos_dom::helpers::window_event_listener;
use leptos::prelude::*;

/// The app's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// 总览: headline, status by section, the 督办清单, section charts and settings.
    Dashboard,
    /// The plan with its tasks, targets and per-task recording.
    Plan,
    /// 本月填报: every target in one keyboard-friendly grid.
    QuickEntry,
    /// 报告: the printable monthly / quarterly report and the CSV exports.
    Report,
    /// 数据交换: export, import (with preview), backup and share links.
    Exchange,
}

impl View {
    const ALL: [View; 5] = [
        View::Dashboard,
        View::Plan,
        View::QuickEntry,
        View::Report,
        View::Exchange,
    ];

    /// The URL fragment of the view.
    pub fn hash(self) -> &'static str {
        match self {
            View::Dashboard => "#/overview",
            View::Plan => "#/plan",
            View::QuickEntry => "#/entry",
            View::Report => "#/report",
            View::Exchange => "#/exchange",
        }
    }

    /// The view named by a URL fragment; `None` for anything else.
    pub fn from_hash(hash: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.hash() == hash)
    }
}

fn current_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// The view the URL names at start-up (the plan when it names none).
pub fn initial_view() -> View {
    current_hash()
        .as_deref()
        .and_then(View::from_hash)
        .unwrap_or(View::Plan)
}

/// Keeps `view` and the URL fragment in step, both ways. A share link keeps its fragment (it
/// *is* the data), so with `readonly` the URL is left alone.
pub fn follow_url(view: RwSignal<View>, readonly: bool) {
    if readonly {
        return;
    }
    Effect::new(move |_| {
        let hash = view.get().hash();
        if current_hash().as_deref() != Some(hash) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash(hash);
            }
        }
    });
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(v) = current_hash().as_deref().and_then(View::from_hash) {
            if view.get_untracked() != v {
                view.set(v);
            }
        }
    });
    on_cleanup(move || on_hash.remove());
}
