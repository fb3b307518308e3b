//! One task: its kind, text and targets, and the corrections a user can make to what the parser
//! read — change the kind, edit a target, mark a number as not a target (and restore it), add a
//! target the parser missed. Corrections are user data and win over the parser.

use leptos::prelude::*;
use taizhang_core::corrections::{Correction, NewTarget};
use taizhang_core::figure::parse_figure;
use taizhang_core::ledger::EntryValue;
use taizhang_core::{Comparator, Target, Task, TaskKind};

use crate::components::lazy::lazy_view;
use crate::components::status::PaceChip;
use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::{
    commitment_msg, comparator_from_key, comparator_key, comparator_msg, figure_error_msg,
    format_target, health_class, health_msg, kind_class, kind_key, kind_msg, percent, state_class,
    state_msg, text_lang_of, words_lang, COMPARATORS, KINDS,
};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// The units and the deadline the plan's text names for a task, if it names any.
fn named_duties(task: &Task) -> Option<(String, Option<taizhang_core::Date>)> {
    let units = task
        .units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    (!units.is_empty() || task.deadline.is_some()).then_some((units, task.deadline))
}

lazy_view! {
    plan, "record",
    /// The recording panel (assignment, entry forms, history, target chart): in the plan view's
    /// chunk (it is opened from there), loaded with it.
    fn record_panel(task: Memo<Option<Task>>) {
        view! { <crate::components::record::RecordPanel task /> }.into_any()
    }
}

/// A task, read by id from the current plan so that corrections update it in place.
#[component]
pub fn TaskRow(task_id: String) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let id = StoredValue::new(task_id);
    let task: Memo<Option<Task>> = Memo::new(move |_| {
        derived
            .plan
            .with(|p| id.with_value(|id| p.tasks().find(|t| &t.id == id).cloned()))
    });
    // Targets the parser found here that a correction excluded, so they can be restored.
    let excluded = Memo::new(move |_| {
        let current: Vec<String> = task.with(|t| {
            t.iter()
                .flat_map(|t| &t.targets)
                .map(|g| g.id.clone())
                .collect()
        });
        session.parsed.with_value(|p| {
            id.with_value(|id| {
                p.tasks()
                    .filter(|t| &t.id == id)
                    .flat_map(|t| t.targets.iter())
                    .filter(|g| !current.contains(&g.id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let corrected = Memo::new(move |_| {
        let subjects: Vec<String> = task.with(|t| {
            t.iter()
                .flat_map(|t| {
                    std::iter::once(t.id.clone()).chain(t.targets.iter().map(|g| g.id.clone()))
                })
                .collect()
        });
        session.data().with(|d| {
            d.corrections
                .iter()
                .any(|r| subjects.iter().any(|s| s == r.correction.subject()))
        })
    });
    let editing = RwSignal::new(false);
    let recording = RwSignal::new(false);
    // The latest record of a milestone or ongoing task, as a status chip. A memo, so that an
    // entry elsewhere re-renders no chip whose status it did not change.
    let status = Memo::new(move |_| {
        let (task_id, kind) = task.with(|t| t.as_ref().map(|t| (t.id.clone(), t.kind)))?;
        let as_of = ui.as_of.get();
        derived.ledger.with(|l| {
            let latest = l
                .history(&task_id)
                .iter()
                .find(|e| e.as_of <= as_of && !matches!(e.value, EntryValue::Note))?
                .clone();
            let (class, msg) = match latest.value {
                EntryValue::Milestone { state } if kind == TaskKind::Milestone => {
                    (state_class(state), state_msg(state))
                }
                EntryValue::Health { health } => (health_class(health), health_msg(health)),
                EntryValue::Milestone { state } => (state_class(state), state_msg(state)),
                _ => return None,
            };
            Some((class, msg, latest.as_of))
        })
    });
    let kind = move || task.with(|t| t.as_ref().map_or(TaskKind::Ongoing, |t| t.kind));
    let text = move || task.with(|t| t.as_ref().map(|t| t.text.clone()).unwrap_or_default());
    let targets = move || task.with(|t| t.as_ref().map(|t| t.targets.clone()).unwrap_or_default());

    let set_kind = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some(kind) = KINDS.into_iter().find(|k| kind_key(*k) == value) {
            session.correct(Correction::SetKind {
                task_id: id.get_value(),
                kind,
            });
        }
    };

    view! {
        <li class="task" data-testid="task" data-kind=move || kind_key(kind()) id=move || id.get_value()>
            <span class=move || kind_class(kind())>{move || ui.t(kind_msg(kind()))}</span>
            <div class="task-main">
                <span class="task-text" lang="zh-CN">{text}</span>
                {move || task.with(|t| t.as_ref().and_then(named_duties)).map(|(units, deadline)| view! {
                    <span class="task-duties muted small" data-testid="task-duties">
                        {(!units.is_empty()).then(|| view! { <span>{ui.tr(Msg::Lead)} "：" {units.clone()}</span> })}
                        {deadline.map(|d| view! { <span>{ui.tr(Msg::Deadline)} "：" {d.to_string()}</span> })}
                    </span>
                })}
                {move || status.get().map(|(class, msg, date)| view! {
                    <span class=class data-testid="task-status">{ui.t(msg)} <span class="chip-date">{date.to_string()}</span></span>
                })}
                <Show when=move || kind() == TaskKind::Milestone>
                    <PaceChip id=id.get_value() />
                </Show>
                <Show when=move || corrected.get()>
                    <span class="badge badge-corrected" data-testid="corrected">{ui.tr(Msg::Corrected)}</span>
                </Show>
            </div>
            <Show when=move || !session.readonly()>
            <div class="task-actions">
            <Show when=move || !session.reviewing()>
            <button
                type="button"
                class="btn btn-small btn-primary"
                data-testid="record-task"
                aria-expanded=move || recording.get().to_string()
                on:click=move |_| recording.update(|r| *r = !*r)
            >
                {move || if recording.get() { ui.t(Msg::CloseRecord) } else { ui.t(Msg::Record) }}
            </button>
            </Show>
            <button
                type="button"
                class="btn btn-small task-edit"
                data-testid="correct-task"
                aria-expanded=move || editing.get().to_string()
                on:click=move |_| editing.update(|e| *e = !*e)
            >
                {move || if editing.get() { ui.t(Msg::DoneEditing) } else { ui.t(Msg::Correct) }}
            </button>
            </div>
            </Show>
            <Show when=move || editing.get()>
                <label class="field field-inline">
                    <span>{ui.tr(Msg::TaskKind)}</span>
                    <select data-testid="kind-select" on:change=set_kind>
                        {KINDS
                            .into_iter()
                            .map(|k| view! {
                                <option value=kind_key(k) selected=move || kind() == k>{move || ui.t(kind_msg(k))}</option>
                            })
                            .collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || !targets().is_empty()>
                <table class="targets">
                    <thead>
                        <tr>
                            <th scope="col">{ui.tr(Msg::Metric)}</th>
                            <th scope="col">{ui.tr(Msg::Value)}</th>
                            <th scope="col">{ui.tr(Msg::Commitment)}</th>
                            <th scope="col">{ui.tr(Msg::Latest)}</th>
                            <th scope="col">{ui.tr(Msg::Status)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=targets
                            key=|g| (g.id.clone(), g.metric.clone(), g.value, g.unit.clone(), g.comparator)
                            children=move |g| view! { <TargetRow target=g editing /> }
                        />
                    </tbody>
                </table>
            </Show>
            <Show when=move || recording.get()>
                {record_panel(task)}
            </Show>
            <Show when=move || editing.get()>
                <div class="task-editor">
                    <Show when=move || !excluded.with(Vec::is_empty)>
                        <div class="excluded">
                            <span class="muted">{ui.tr(Msg::Excluded)} "："</span>
                            <For
                                each=move || excluded.get()
                                key=|g| g.id.clone()
                                children=move |g| {
                                    let target_id = g.id.clone();
                                    view! {
                                        <span class="excluded-item" data-testid="excluded-target">
                                            <s>{g.phrase.clone()}</s>
                                            <button type="button" class="btn btn-small" data-testid="restore-target"
                                                on:click=move |_| session.correct(Correction::RestoreTarget { target_id: target_id.clone() })>
                                                {ui.tr(Msg::Restore)}
                                            </button>
                                        </span>
                                    }
                                }
                            />
                        </div>
                    </Show>
                    <TargetForm
                        initial=None
                        legend=Msg::AddTarget
                        on_submit=Callback::new(move |t: NewTarget| {
                            session.correct(Correction::AddTarget { task_id: id.get_value(), target: t })
                        })
                    />
                </div>
            </Show>
        </li>
    }
}

/// One target row; in edit mode it carries the form to correct it and a "not a target" button.
#[component]
fn TargetRow(target: Target, editing: RwSignal<bool>) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let commitment = commitment_msg(target.commitment);
    let shown = target.clone();
    let target_id = StoredValue::new(target.id.clone());
    let original = StoredValue::new(target.clone());
    let unit = target.unit.clone();
    let target_value = target.value;
    // The latest cumulative figure and its completion against the target.
    let latest = move || {
        let as_of = ui.as_of.get();
        let found =
            target_id.with_value(|id| derived.ledger.with(|l| l.latest_figure(id, Some(as_of))));
        match found {
            Some((date, value)) => {
                let pct = if target_value.is_zero() {
                    String::new()
                } else {
                    format!(" · {}", percent(value.to_f64() / target_value.to_f64()))
                };
                format!("{value}{unit}{pct}（{date}）")
            }
            None => ui.t(Msg::NotReported).to_string(),
        }
    };
    let latest_lang = text_lang_of(latest.clone());
    let value_lang = {
        let shown = shown.clone();
        text_lang_of(move || format_target(&shown, ui.lang.get()))
    };
    view! {
        <tr data-testid="target" data-target=target.id.clone()>
            <td lang=words_lang(&target.metric)>{target.metric.clone()}</td>
            <td class="num" data-testid="target-value" lang=value_lang>{move || format_target(&shown, ui.lang.get())}</td>
            <td>{move || commitment.map(|m| ui.t(m)).unwrap_or("—")}</td>
            <td class="num" data-testid="target-latest" lang=latest_lang>{latest}</td>
            <td><PaceChip id=target.id.clone() /></td>
        </tr>
        <Show when=move || editing.get()>
            <tr class="target-edit-row">
                <td colspan="5">
                    <TargetForm
                        initial=Some(original.get_value())
                        legend=Msg::Correct
                        on_submit=Callback::new(move |t: NewTarget| {
                            let o = original.get_value();
                            session.correct(Correction::EditTarget {
                                target_id: target_id.get_value(),
                                metric: (t.metric != o.metric).then_some(t.metric),
                                value: (t.value != o.value).then_some(t.value),
                                unit: (t.unit != o.unit).then_some(t.unit),
                                comparator: (t.comparator != o.comparator).then_some(t.comparator),
                            })
                        })
                    />
                    <button type="button" class="btn btn-small btn-danger" data-testid="not-a-target"
                        on:click=move |_| session.correct(Correction::NotATarget { target_id: target_id.get_value() })>
                        {ui.tr(Msg::NotATarget)}
                    </button>
                </td>
            </tr>
        </Show>
    }
}

/// The fields of a target, validated where they are typed; submits a [`NewTarget`].
#[component]
fn TargetForm(
    initial: Option<Target>,
    legend: Msg,
    on_submit: Callback<NewTarget>,
) -> impl IntoView {
    let ui = use_prefs();
    let metric = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.metric.clone())
            .unwrap_or_default(),
    );
    let value = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.value.to_string())
            .unwrap_or_default(),
    );
    let unit = RwSignal::new(initial.as_ref().map(|t| t.unit.clone()).unwrap_or_default());
    let comparator = RwSignal::new(
        initial
            .as_ref()
            .map_or(Comparator::AtLeast, |t| t.comparator),
    );
    let commitment = initial.as_ref().and_then(|t| t.commitment);
    let growth = initial.as_ref().is_some_and(|t| t.growth);
    let error: RwSignal<Option<Msg>> = RwSignal::new(None);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = metric.get_untracked().trim().to_string();
        let u = unit.get_untracked().trim().to_string();
        let checked = if m.is_empty() {
            Err(Msg::ErrMetricRequired)
        } else if u.is_empty() {
            Err(Msg::ErrUnitRequired)
        } else {
            parse_figure(&value.get_untracked()).map_err(figure_error_msg)
        };
        match checked {
            Ok(v) => {
                error.set(None);
                on_submit.run(NewTarget {
                    metric: m,
                    value: v,
                    unit: u,
                    comparator: comparator.get_untracked(),
                    commitment,
                    growth,
                });
            }
            Err(msg) => error.set(Some(msg)),
        }
    };
    let error_id = format!("err-{}", web_sys::js_sys::Math::random().to_bits());
    let described = error_id.clone();
    view! {
        <form class="target-form" data-testid="target-form" on:submit=submit novalidate>
            <span class="target-form-legend">{move || ui.t(legend)}</span>
            <label class="field">
                <span>{ui.tr(Msg::Metric)}</span>
                <input type="text" data-testid="field-metric" bind:value=metric />
            </label>
            <label class="field field-narrow">
                <span>{ui.tr(Msg::Value)}</span>
                <input type="text" inputmode="decimal" data-testid="field-value" bind:value=value
                    aria-invalid=move || error.get().is_some().to_string() aria-describedby=described />
            </label>
            <label class="field field-narrow">
                <span>{ui.tr(Msg::Unit)}</span>
                <input type="text" data-testid="field-unit" bind:value=unit />
            </label>
            <label class="field field-narrow">
                <span>{ui.tr(Msg::Comparator)}</span>
                <select data-testid="field-comparator" on:change=move |ev| comparator.set(comparator_from_key(&event_target_value(&ev)))>
                    {COMPARATORS
                        .into_iter()
                        .map(|c| view! {
                            <option value=comparator_key(c) selected=move || comparator.get() == c>{move || ui.t(comparator_msg(c))}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="btn btn-primary btn-small" data-testid="save-target">{ui.tr(Msg::Save)}</button>
            <p class="field-error" id=error_id role="alert" data-testid="field-error">
                {move || error.get().map(|m| ui.t(m))}
            </p>
        </form>
    }
}
