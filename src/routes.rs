//! The views and the URL fragment that names them, so a view can be bookmarked, reloaded and
//! reached with Back and Forward: `#/overview`, `#/plan`… for the embedded plan (the fragments
//! every release has used), `#/p/<plan id>/overview`… for a plan a person added.

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
    /// 督办: reminders per unit (催办) and closing a month (月度关账).
    Office,
    /// 数据交换: export, import (with preview), backup and share links.
    Exchange,
    /// 新建计划: bring a plan's text, review its reading, track it; and the list of plans.
    Plans,
}

impl View {
    const ALL: [View; 7] = [
        View::Dashboard,
        View::Plan,
        View::QuickEntry,
        View::Report,
        View::Office,
        View::Exchange,
        View::Plans,
    ];

    /// The view's segment of the URL fragment.
    pub fn segment(self) -> &'static str {
        match self {
            View::Dashboard => "overview",
            View::Plan => "plan",
            View::QuickEntry => "entry",
            View::Report => "report",
            View::Office => "office",
            View::Exchange => "exchange",
            View::Plans => "plans",
        }
    }
}

/// A place in the app: a plan (`None`: the embedded one) and a view of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub plan: Option<String>,
    pub view: View,
}

impl Route {
    /// The URL fragment of the route.
    pub fn hash(&self) -> String {
        match &self.plan {
            None => format!("#/{}", self.view.segment()),
            Some(id) => format!("#/p/{id}/{}", self.view.segment()),
        }
    }

    /// The route a URL fragment names; `None` for anything else (a share link, say).
    pub fn parse(hash: &str) -> Option<Route> {
        let path = hash.strip_prefix("#/")?;
        let (plan, segment) = match path.strip_prefix("p/") {
            Some(rest) => {
                let (id, segment) = rest.split_once('/').unwrap_or((rest, "plan"));
                let ok = !id.is_empty()
                    && id.len() <= 64
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                (Some(id.to_string()).filter(|_| ok)?, segment)
            }
            None => (String::new(), path),
        };
        let view = View::ALL.into_iter().find(|v| v.segment() == segment)?;
        Some(Route {
            plan: Some(plan).filter(|p| !p.is_empty()),
            view,
        })
    }
}

pub fn current_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// The route the URL names now, if any.
pub fn current() -> Option<Route> {
    current_hash().as_deref().and_then(Route::parse)
}

/// Keeps `view` and the URL fragment in step, both ways, for the plan shown (`plan`: `None` for
/// the embedded one). A share link keeps its fragment (it *is* the data), so with `readonly` the
/// URL is left alone.
pub fn follow_url(view: RwSignal<View>, plan: Option<String>, readonly: bool) {
    if readonly {
        return;
    }
    let plan = StoredValue::new(plan);
    Effect::new(move |_| {
        let hash = Route {
            plan: plan.get_value(),
            view: view.get(),
        }
        .hash();
        if current_hash().as_deref() != Some(hash.as_str()) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash(&hash);
            }
        }
    });
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(route) = current() {
            if route.plan == plan.get_value() && view.get_untracked() != route.view {
                view.set(route.view);
            }
        }
    });
    on_cleanup(move || on_hash.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_a_plan_and_a_view() {
        let seed = Route {
            plan: None,
            view: View::Dashboard,
        };
        assert_eq!(seed.hash(), "#/overview");
        assert_eq!(Route::parse("#/overview"), Some(seed));
        let added = Route {
            plan: Some("plan-abc123".into()),
            view: View::Report,
        };
        assert_eq!(added.hash(), "#/p/plan-abc123/report");
        assert_eq!(Route::parse(&added.hash()), Some(added));
        assert_eq!(
            Route::parse("#/p/plan-abc123").map(|r| r.view),
            Some(View::Plan)
        );
        for bad in ["#share=abc", "#/nowhere", "#/p//plan", "#/p/a b/plan", ""] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }
}
