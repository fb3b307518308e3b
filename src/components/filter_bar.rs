//! The filter bar: section, kind, unit, state and a keyword, shared by the plan and the grid.

use leptos::prelude::*;
use taizhang_core::filter::{all_units, StateFilter};
use taizhang_core::ledger::MilestoneState;
use taizhang_core::TaskKind;

use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::{
    kind_from_key, kind_msg, section_label, state_key, state_msg, words_lang, MILESTONE_STATES,
};
use crate::prefs::use_prefs;
use crate::session::use_session;

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
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let f = ui.filter;
    let units = Memo::new(move |_| {
        derived
            .plan
            .with(|p| session.data().with(|d| all_units(p, d)))
    });
    let sections = move || {
        derived.plan.with(|p| {
            p.sections
                .iter()
                .map(|s| (s.number, section_label(&s.numeral, &s.title, ui.lang.get())))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="filter-bar" role="search" data-testid="filter-bar" on:submit=|ev| ev.prevent_default()>
            <label class="field field-narrow">
                <span>{ui.tr(Msg::AsOf)}</span>
                <input type="date" data-testid="as-of"
                    prop:value=move || ui.as_of.get().to_string()
                    on:change=move |ev| {
                        // An incomplete or cleared date keeps the last valid one.
                        if let Ok(d) = event_target_value(&ev).parse() {
                            ui.as_of.set(d);
                        }
                    } />
            </label>
            <label class="field field-grow">
                <span>{ui.tr(Msg::Keyword)}</span>
                <input type="search" data-testid="filter-keyword"
                    prop:value=move || f.with(|f| f.keyword.clone())
                    on:input=move |ev| f.update(|f| f.keyword = event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{ui.tr(Msg::FilterSection)}</span>
                <select data-testid="filter-section" on:change=move |ev| f.update(|f| f.section = event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || f.with(|f| f.section.is_none())>{ui.tr(Msg::All)}</option>
                    {move || sections().into_iter().map(|(n, label)| {
                        let lang = words_lang(&label);
                        view! {
                            <option value=n.to_string() selected=move || f.with(|f| f.section == Some(n)) lang=lang>{label}</option>
                        }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{ui.tr(Msg::FilterKind)}</span>
                <select data-testid="filter-kind" on:change=move |ev| f.update(|f| f.kind = kind_from_key(&event_target_value(&ev)))>
                    <option value="" selected=move || f.with(|f| f.kind.is_none())>{ui.tr(Msg::All)}</option>
                    {[("quantitative", TaskKind::Quantitative), ("milestone", TaskKind::Milestone), ("ongoing", TaskKind::Ongoing)]
                        .into_iter()
                        .map(|(key, k)| view! {
                            <option value=key selected=move || f.with(|f| f.kind == Some(k))>{move || ui.t(kind_msg(k))}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{ui.tr(Msg::FilterUnit)}</span>
                <select data-testid="filter-unit" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    f.update(|f| f.unit = (!v.is_empty()).then_some(v));
                }>
                    <option value="" selected=move || f.with(|f| f.unit.is_none())>{ui.tr(Msg::All)}</option>
                    {move || units.get().into_iter().map(|u| {
                        let (value, label, lang) = (u.clone(), u.clone(), words_lang(&u));
                        view! { <option value=value selected=move || f.with(|f| f.unit.as_deref() == Some(u.as_str())) lang=lang>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{ui.tr(Msg::FilterState)}</span>
                <select data-testid="filter-state" on:change=move |ev| f.update(|f| f.state = state_from_key(&event_target_value(&ev)))>
                    <option value="" selected=move || f.with(|f| f.state.is_none())>{ui.tr(Msg::All)}</option>
                    <option value="not_reported" selected=move || f.with(|f| f.state == Some(StateFilter::NotReported))>{ui.tr(Msg::NotReported)}</option>
                    <option value="reported" selected=move || f.with(|f| f.state == Some(StateFilter::Reported))>{ui.tr(Msg::Recorded)}</option>
                    {MILESTONE_STATES.into_iter().map(|s: MilestoneState| view! {
                        <option value=state_key(s) selected=move || f.with(|f| f.state == Some(StateFilter::Milestone(s)))>{move || ui.t(state_msg(s))}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || !f.with(|f| f.is_empty())>
                <button type="button" class="btn btn-small" data-testid="filter-clear" on:click=move |_| f.set(Default::default())>
                    {ui.tr(Msg::ClearFilters)}
                </button>
            </Show>
        </form>
    }
}
