//! 我的任务: the chosen unit's tasks (as lead or responsible unit) as of the chosen date — due
//! this month, overdue, without a report this month — with that unit's export in one click. The
//! unit is a preference (the same one entries are recorded for), never a lock.

use std::collections::HashSet;

use leptos::prelude::*;
use taizhang_core::filter::{all_units, Filter};
use taizhang_core::office::my_tasks;

use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::words_lang;
use crate::prefs::use_prefs;
use crate::routes::View;
use crate::session::use_session;

#[component]
pub fn MyTasks() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let units = Memo::new(move |_| {
        derived
            .plan
            .with(|p| session.data().with(|d| all_units(p, d)))
    });
    let mine = Memo::new(move |_| {
        let unit = ui.my_unit.get();
        let as_of = ui.as_of.get();
        derived.plan.with(|p| {
            session.data().with(|d| {
                derived.ledger.with(|l| {
                    let m = my_tasks(p, d, l, &unit, as_of);
                    let text = |ids: &[String]| -> Vec<(String, String)> {
                        ids.iter()
                            .filter_map(|id| {
                                p.tasks()
                                    .find(|t| &t.id == id)
                                    .map(|t| (t.id.clone(), t.text.clone()))
                            })
                            .collect()
                    };
                    (
                        m.tasks.len(),
                        text(&m.due_this_month),
                        text(&m.overdue),
                        text(&m.no_report),
                    )
                })
            })
        })
    });
    let show_in_plan = move |_| {
        let unit = ui.my_unit.get_untracked().trim().to_string();
        ui.filter.set(Filter {
            unit: Some(unit),
            ..Filter::default()
        });
        ui.view.set(View::Plan);
    };
    let export = move |_| {
        let unit = ui.my_unit.get_untracked().trim().to_string();
        let set: HashSet<String> = std::iter::once(unit).collect();
        crate::transfer::export(session, ui, Some(&set));
    };
    let list = move |testid: &'static str, title: Msg, items: Vec<(String, String)>| {
        view! {
            <div class="my-list" data-testid=testid>
                <h3>{move || ui.t(title)} " " <span class="count">{items.len()}</span></h3>
                {if items.is_empty() {
                    view! { <p class="muted small">{ui.tr(Msg::NoneHere)}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {items.into_iter().map(|(id, text)| {
                                let lang = words_lang(&text);
                                view! { <li data-testid="my-task" data-task=id lang=lang>{text}</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        }
    };
    let has_unit = move || !ui.my_unit.with(|u| u.trim().is_empty());
    view! {
        <section class="card my-tasks" data-testid="my-tasks" aria-labelledby="my-tasks-title">
            <h2 id="my-tasks-title" class="subtitle">{ui.tr(Msg::MyTasks)}</h2>
            <div class="my-tasks-controls">
                <label class="field">
                    <span>{ui.tr(Msg::MyUnit)}</span>
                    <input type="text" list="my-unit-options" data-testid="my-unit" bind:value=ui.my_unit
                        autocomplete="organization" />
                </label>
                <datalist id="my-unit-options">
                    {move || units.get().into_iter().map(|u| view! { <option value=u></option> }).collect_view()}
                </datalist>
                <Show when=has_unit>
                    <button type="button" class="btn btn-small" data-testid="my-tasks-in-plan" on:click=show_in_plan>{ui.tr(Msg::ShowMyTasksInPlan)}</button>
                    <button type="button" class="btn btn-small" data-testid="export-my-unit" on:click=export>{ui.tr(Msg::ExportMyUnit)}</button>
                </Show>
            </div>
            <Show
                when=has_unit
                fallback=move || view! { <p class="muted small">{ui.tr(Msg::MyUnitHint)}</p> }
            >
                {move || {
                    let (total, due, overdue, no_report) = mine.get();
                    let unit = ui.my_unit.get();
                    if total == 0 {
                        return view! { <p class="muted" data-testid="my-tasks-none">{ui.fill(Msg::MyUnitNoTasks, &[&unit.trim()])}</p> }.into_any();
                    }
                    view! {
                        <p data-testid="my-tasks-summary">{ui.fill(Msg::MyTasksSummary, &[&unit.trim(), &total])}</p>
                        <div class="my-lists">
                            {list("my-overdue", Msg::OverdueTasks, overdue)}
                            {list("my-due", Msg::DueThisMonth, due)}
                            {list("my-no-report", Msg::NoReportThisMonth, no_report)}
                        </div>
                    }.into_any()
                }}
            </Show>
        </section>
    }
}
