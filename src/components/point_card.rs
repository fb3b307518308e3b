//! One point of the plan: a collapsible card with its full text (targets highlighted) and its
//! tasks, each with its kind and targets.

use leptos::prelude::*;
use taizhang_core::filter::{task_matches, Filter};
use taizhang_core::pacing::Status;
use taizhang_core::text::{segments, slice_chars};
use taizhang_core::Point;
use wasm_bindgen::JsCast;

use crate::components::task_row::TaskRow;
use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::{percent, status_class, status_key, status_msg};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// A collapsible point. The structure (number, title, text) comes from `point`; tasks and
/// targets are read from the current plan, so corrections show without re-rendering the card.
#[component]
pub fn PointCard(point: Point, section: u32) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let number = point.number;
    let shown_number = point.shown_number();
    let tasks = Memo::new(move |_| {
        derived.plan.with(|p| {
            p.points()
                .find(|pt| pt.number == number)
                .map(|pt| pt.tasks.clone())
                .unwrap_or_default()
        })
    });
    // The tasks the filter lets through; with a filter set, matching points open by themselves.
    let shown = Memo::new(move |_| {
        let filter = ui.filter.get();
        tasks.with(|ts| {
            ts.iter()
                .filter(|t| {
                    filter.is_empty()
                        || session.data().with(|d| {
                            derived
                                .ledger
                                .with(|l| task_matches(t, section, &filter, d, l))
                        })
                })
                .map(|t| t.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let filtering = Memo::new(move |_| !ui.filter.with(Filter::is_empty));
    // While a plan is reviewed, a point's body (its text and task rows) is built when it is first
    // opened: a 15,000-character plan has hundreds of points, and the review must show at once.
    // A tracked plan builds every body, so find-in-page and the outline reach every task.
    let lazy = session.reviewing();
    let opened = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        if !opened.get_untracked()
            && ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                .is_some_and(|d| d.open())
        {
            opened.set(true);
        }
    };
    let body_shown = move || !lazy || opened.get() || filtering.get();
    let hidden = move || filtering.get() && shown.with(Vec::is_empty);
    let target_count = move || tasks.with(|ts| ts.iter().map(|t| t.targets.len()).sum::<usize>());
    let task_count = move || tasks.with(Vec::len);
    let point_span = point.span;
    // The point's roll-up as of the chosen date: its completion, and its most urgent status when
    // anything needs attention.
    let point_rollup = Memo::new(move |_| {
        derived.assessment.with(|a| {
            let (_, r) = a.points.iter().find(|(n, _)| *n == number)?;
            let pct = percent(r.completion?);
            let worst = [Status::Behind, Status::AtRisk, Status::Stale]
                .into_iter()
                .find(|s| r.count(*s) > 0);
            Some((ui.fill(Msg::CompletionIs, &[&pct]), worst))
        })
    });

    let full_text = move || {
        derived.plan.with(|p| {
            let marks: Vec<_> = tasks.with(|ts| ts.iter().flat_map(|t| t.targets.iter().map(|g| g.span)).collect());
            segments(point_span, &marks)
                .into_iter()
                .map(|seg| {
                    let text = slice_chars(&p.source, seg.span).to_string();
                    match seg.mark {
                        Some(_) => view! { <mark class="target-mark" data-testid="target-mark">{text}</mark> }.into_any(),
                        None => text.into_any(),
                    }
                })
                .collect_view()
        })
    };

    view! {
        <details class="point" data-testid="point" data-point=number prop:open=move || filtering.get() style:display=move || if hidden() { "none" } else { "" } on:toggle=on_toggle>
            <summary class="point-summary">
                <span class="point-number">{shown_number.clone()}</span>
                <span class="point-title" data-testid="point-title" lang="zh-CN">{point.title.clone()}</span>
                <span class="point-badges">
                    <span class="badge" title=ui.tr(Msg::Tasks)>
                        {task_count} " " {ui.tr(Msg::Tasks)}
                    </span>
                    {move || point_rollup.get().map(|(pct, worst)| view! {
                        <span class="badge" data-testid="point-progress">{pct}</span>
                        {worst.map(|s| view! { <span class=status_class(s) data-status=status_key(s)>{ui.t(status_msg(s))}</span> })}
                    })}
                    <Show when=move || { target_count() > 0 }>
                        <span class="badge badge-target">
                            {target_count} " " {ui.tr(Msg::Targets)}
                        </span>
                    </Show>
                </span>
            </summary>
            <Show when=body_shown>
            <div class="point-body">
                <h3 class="visually-hidden">{ui.tr(Msg::FullText)}</h3>
                <p class="point-text" data-testid="point-text" lang="zh-CN">{full_text}</p>
                <h3 class="subhead">{ui.tr(Msg::Tasks)}</h3>
                <Show
                    when=move || tasks.with(|t| !t.is_empty())
                    fallback=move || view! { <p class="muted">{ui.tr(Msg::NoTasks)}</p> }
                >
                    <ol class="tasks">
                        <For each=move || shown.get() key=|id| id.clone() children=move |task_id| view! { <TaskRow task_id /> } />
                    </ol>
                </Show>
            </div>
            </Show>
        </details>
    }
}
