//! One point of the plan: a collapsible card with its full text (targets highlighted) and its
//! tasks, each with its kind and targets.

use leptos::prelude::*;
use taizhang_core::text::{segments, slice_chars};
use taizhang_core::Point;

use crate::components::task_row::TaskRow;
use crate::i18n::Msg;
use crate::state::use_app;

/// A collapsible point. The structure (number, title, text) comes from `point`; tasks and
/// targets are read from the current plan, so corrections show without re-rendering the card.
#[component]
pub fn PointCard(point: Point) -> impl IntoView {
    let ctx = use_app();
    let number = point.number;
    let tasks = Memo::new(move |_| {
        ctx.plan.with(|p| p.points().find(|pt| pt.number == number).map(|pt| pt.tasks.clone()).unwrap_or_default())
    });
    let target_count = move || tasks.with(|ts| ts.iter().map(|t| t.targets.len()).sum::<usize>());
    let task_count = move || tasks.with(Vec::len);
    let point_span = point.span;

    let full_text = move || {
        ctx.plan.with(|p| {
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
        <details class="point" data-testid="point" data-point=number>
            <summary class="point-summary">
                <span class="point-number">{number}</span>
                <span class="point-title" data-testid="point-title">{point.title.clone()}</span>
                <span class="point-badges">
                    <span class="badge" title=move || ctx.t(Msg::Tasks)>
                        {task_count} " " {move || ctx.t(Msg::Tasks)}
                    </span>
                    <Show when=move || { target_count() > 0 }>
                        <span class="badge badge-target">
                            {target_count} " " {move || ctx.t(Msg::Targets)}
                        </span>
                    </Show>
                </span>
            </summary>
            <div class="point-body">
                <h3 class="visually-hidden">{move || ctx.t(Msg::FullText)}</h3>
                <p class="point-text" data-testid="point-text">{full_text}</p>
                <h3 class="subhead">{move || ctx.t(Msg::Tasks)}</h3>
                <Show
                    when=move || tasks.with(|t| !t.is_empty())
                    fallback=move || view! { <p class="muted">{move || ctx.t(Msg::NoTasks)}</p> }
                >
                    <ol class="tasks">
                        <For each=move || tasks.with(|ts| ts.iter().map(|t| t.id.clone()).collect::<Vec<_>>()) key=|id| id.clone() children=move |task_id| view! { <TaskRow task_id /> } />
                    </ol>
                </Show>
            </div>
        </details>
    }
}
