//! The filter bar: section, kind, unit, state and a keyword, shared by the plan and the grid.

use leptos::prelude::*;
use taizhang_core::filter::{all_units, StateFilter};
use taizhang_core::ledger::MilestoneState;
use taizhang_core::TaskKind;

use crate::components::record::{state_key, state_msg, MILESTONE_STATES};
use crate::components::task_row::kind_msg;
use crate::i18n::Msg;
use crate::state::use_app;

fn kind_from_key(key: &str) -> Option<TaskKind> {
    match key {
        "quantitative" => Some(TaskKind::Quantitative),
        "milestone" => Some(TaskKind::Milestone),
        "ongoing" => Some(TaskKind::Ongoing),
        _ => None,
    }
}

fn state_from_key(key: &str) -> Option<StateFilter> {
    match key {
        "not_reported" => Some(StateFilter::NotReported),
        "reported" => Some(StateFilter::Reported),
        other => MILESTONE_STATES
            .into_iter()
            .find(|s| state_key(*s) == other)
            .map(StateFilter::Milestone),
    }
}

#[component]
pub fn FilterBar() -> impl IntoView {
    let ctx = use_app();
    let f = ctx.filter;
    let units = Memo::new(move |_| ctx.plan.with(|p| ctx.data.with(|d| all_units(p, d))));
    let sections = move || {
        ctx.plan.with(|p| {
            p.sections
                .iter()
                .map(|s| (s.number, format!("{}、{}", s.numeral, s.title)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="filter-bar" role="search" data-testid="filter-bar" on:submit=|ev| ev.prevent_default()>
            <label class="field field-narrow">
                <span>{move || ctx.t(Msg::AsOf)}</span>
                <input type="date" data-testid="as-of"
                    prop:value=move || ctx.as_of.get().to_string()
                    on:change=move |ev| {
                        // An incomplete or cleared date keeps the last valid one.
                        if let Ok(d) = event_target_value(&ev).parse() {
                            ctx.as_of.set(d);
                        }
                    } />
            </label>
            <label class="field field-grow">
                <span>{move || ctx.t(Msg::Keyword)}</span>
                <input type="search" data-testid="filter-keyword"
                    prop:value=move || f.with(|f| f.keyword.clone())
                    on:input=move |ev| f.update(|f| f.keyword = event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{move || ctx.t(Msg::FilterSection)}</span>
                <select data-testid="filter-section" on:change=move |ev| f.update(|f| f.section = event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || f.with(|f| f.section.is_none())>{move || ctx.t(Msg::All)}</option>
                    {move || sections().into_iter().map(|(n, label)| view! {
                        <option value=n.to_string() selected=move || f.with(|f| f.section == Some(n))>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{move || ctx.t(Msg::FilterKind)}</span>
                <select data-testid="filter-kind" on:change=move |ev| f.update(|f| f.kind = kind_from_key(&event_target_value(&ev)))>
                    <option value="" selected=move || f.with(|f| f.kind.is_none())>{move || ctx.t(Msg::All)}</option>
                    {[("quantitative", TaskKind::Quantitative), ("milestone", TaskKind::Milestone), ("ongoing", TaskKind::Ongoing)]
                        .into_iter()
                        .map(|(key, k)| view! {
                            <option value=key selected=move || f.with(|f| f.kind == Some(k))>{move || ctx.t(kind_msg(k))}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{move || ctx.t(Msg::FilterUnit)}</span>
                <select data-testid="filter-unit" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    f.update(|f| f.unit = (!v.is_empty()).then_some(v));
                }>
                    <option value="" selected=move || f.with(|f| f.unit.is_none())>{move || ctx.t(Msg::All)}</option>
                    {move || units.get().into_iter().map(|u| {
                        let (value, label) = (u.clone(), u.clone());
                        view! { <option value=value selected=move || f.with(|f| f.unit.as_deref() == Some(u.as_str()))>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{move || ctx.t(Msg::FilterState)}</span>
                <select data-testid="filter-state" on:change=move |ev| f.update(|f| f.state = state_from_key(&event_target_value(&ev)))>
                    <option value="" selected=move || f.with(|f| f.state.is_none())>{move || ctx.t(Msg::All)}</option>
                    <option value="not_reported" selected=move || f.with(|f| f.state == Some(StateFilter::NotReported))>{move || ctx.t(Msg::NotReported)}</option>
                    <option value="reported" selected=move || f.with(|f| f.state == Some(StateFilter::Reported))>{move || ctx.t(Msg::Recorded)}</option>
                    {MILESTONE_STATES.into_iter().map(|s: MilestoneState| view! {
                        <option value=state_key(s) selected=move || f.with(|f| f.state == Some(StateFilter::Milestone(s)))>{move || ctx.t(state_msg(s))}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || !f.with(|f| f.is_empty())>
                <button type="button" class="btn btn-small" data-testid="filter-clear" on:click=move |_| f.set(Default::default())>
                    {move || ctx.t(Msg::ClearFilters)}
                </button>
            </Show>
        </form>
    }
}
