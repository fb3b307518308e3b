//! Recording progress on a task: the assignment, then one form and history per subject (each
//! target of a quantitative task, or the task itself for a milestone or ongoing task).
//!
//! Input is validated where it is typed; errors and warnings show next to the field, in the UI
//! language. Editing a past record adds a new record that supersedes it; deleting adds a
//! tombstone. Nothing is ever rewritten.

use leptos::prelude::*;
use taizhang_core::figure::{check_as_of, figure_warnings, parse_figure, FigureWarning};
use taizhang_core::filter::task_units;
use taizhang_core::ledger::{Entry, EntryValue, MilestoneState};
use taizhang_core::office::{ExtensionError, Month};
use taizhang_core::{Date, Decimal, Task, TaskKind};

use crate::components::chart_box::{ChartBox, ChartTable};
use crate::derived::use_derived;
use crate::fields::date_value;
use crate::i18n::{Lang, Msg};
use crate::labels::{
    describe_value, health_key, health_msg, state_key, state_msg, text_lang_of, words_lang,
    HEALTHS, MILESTONE_STATES,
};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// What is being recorded on a subject.
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    Figure {
        id: String,
        metric: String,
        unit: String,
        target: Decimal,
    },
    Milestone {
        id: String,
    },
    Ongoing {
        id: String,
    },
}

impl Subject {
    fn id(&self) -> &str {
        match self {
            Subject::Figure { id, .. } | Subject::Milestone { id } | Subject::Ongoing { id } => id,
        }
    }

    /// The subjects of a task: its targets, or the task itself.
    pub fn of_task(task: &Task) -> Vec<Subject> {
        match task.kind {
            TaskKind::Quantitative if !task.targets.is_empty() => task
                .targets
                .iter()
                .map(|t| Subject::Figure {
                    id: t.id.clone(),
                    metric: t.metric.clone(),
                    unit: t.unit.clone(),
                    target: t.value,
                })
                .collect(),
            TaskKind::Milestone => vec![Subject::Milestone {
                id: task.id.clone(),
            }],
            _ => vec![Subject::Ongoing {
                id: task.id.clone(),
            }],
        }
    }
}

/// The recording panel of one task.
#[component]
pub fn RecordPanel(task: Memo<Option<Task>>) -> impl IntoView {
    let subjects =
        Memo::new(move |_| task.with(|t| t.as_ref().map(Subject::of_task).unwrap_or_default()));
    view! {
        <div class="record-panel" data-testid="record-panel">
            <AssignmentEditor task />
            <ExtensionEditor task />
            <ReminderNote task />
            <For
                each=move || subjects.get()
                key=|s| format!("{s:?}")
                children=move |subject| view! { <SubjectRecorder subject /> }
            />
        </div>
    }
}

/// Lead unit, other units and deadline of a task; defaults come from the plan text.
#[component]
fn AssignmentEditor(task: Memo<Option<Task>>) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let current = move || {
        task.with(|t| {
            t.as_ref().map(|t| {
                let (lead, others) = session.data().with(|d| task_units(t, d));
                let deadline = session
                    .data()
                    .with(|d| d.assignment(&t.id).and_then(|a| a.deadline));
                (lead.unwrap_or_default(), others.join("、"), deadline)
            })
        })
    };
    let (lead0, others0, deadline0) = current().unwrap_or_default();
    let lead = RwSignal::new(lead0);
    let others = RwSignal::new(others0);
    let deadline = RwSignal::new(deadline0.map(|d| d.to_string()).unwrap_or_default());
    let error = RwSignal::new(None::<Msg>);
    let saved = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(task_id) = task.with_untracked(|t| t.as_ref().map(|t| t.id.clone())) else {
            return;
        };
        let deadline = deadline.get_untracked();
        let deadline = if deadline.trim().is_empty() {
            None
        } else {
            match deadline.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    error.set(Some(Msg::ErrDateInvalid));
                    return;
                }
            }
        };
        error.set(None);
        let others = others
            .get_untracked()
            .split(['、', ',', '，', ';', '；'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        session.assign(
            task_id,
            lead.get_untracked().trim().to_string(),
            others,
            deadline,
        );
        saved.set(true);
    };
    let period_end = move || derived.plan.with(|p| p.period.end.to_string());
    view! {
        <form class="entry-form assignment-form" data-testid="assignment-form" on:submit=save novalidate>
            <span class="form-legend">{ui.tr(Msg::Assignment)}</span>
            <label class="field">
                <span>{ui.tr(Msg::Lead)}</span>
                <input type="text" data-testid="field-lead" bind:value=lead on:input=move |_| saved.set(false) />
            </label>
            <label class="field">
                <span>{ui.tr(Msg::Others)}</span>
                <input type="text" data-testid="field-others" bind:value=others on:input=move |_| saved.set(false) />
            </label>
            <label class="field field-narrow">
                <span>{ui.tr(Msg::Deadline)}</span>
                <input type="date" data-testid="field-deadline" use:date_value=deadline />
            </label>
            <span class="field-hint">{ui.tr(Msg::PeriodEnd)} " " {period_end}</span>
            <button type="submit" class="btn btn-small" data-testid="save-assignment">{ui.tr(Msg::SaveAssignment)}</button>
            <Show when=move || saved.get()>
                <span class="saved-note" role="status">{ui.tr(Msg::Recorded)}</span>
            </Show>
            <p class="field-error" role="alert">{move || error.get().map(|m| ui.t(m))}</p>
        </form>
    }
}

/// The deadline in force, with the original one when it was extended, and the form to extend
/// it (延期): a later date, the reason and who approved it, each refused next to its field.
#[component]
fn ExtensionEditor(task: Memo<Option<Task>>) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    // (original, current, extensions so far) of the task, the period's end standing for no date.
    let deadlines = Memo::new(move |_| {
        let end = derived.plan.with(|p| p.period.end);
        task.with(|t| {
            t.as_ref().map(|t| {
                session.data().with(|d| {
                    (
                        d.original_deadline(&t.id, t.deadline).unwrap_or(end),
                        d.current_deadline(&t.id, t.deadline).unwrap_or(end),
                        d.extensions_of(&t.id)
                            .into_iter()
                            .cloned()
                            .collect::<Vec<_>>(),
                    )
                })
            })
        })
    });
    let open = RwSignal::new(false);
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let approver = RwSignal::new(String::new());
    // Which field an error belongs to, and the message.
    let error = RwSignal::new(None::<(&'static str, String)>);
    let error_for =
        move |field: &'static str| move || error.get().filter(|(f, _)| *f == field).map(|(_, m)| m);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(task_id) = task.with_untracked(|t| t.as_ref().map(|t| t.id.clone())) else {
            return;
        };
        let Some((_, current, _)) = deadlines.get_untracked() else {
            return;
        };
        let Ok(new) = to.get_untracked().parse::<Date>() else {
            error.set(Some(("to", ui.t(Msg::ErrDateInvalid).to_string())));
            return;
        };
        match session.extend(
            task_id,
            current,
            new,
            reason.get_untracked(),
            approver.get_untracked(),
        ) {
            Ok(()) => {
                error.set(None);
                to.set(String::new());
                reason.set(String::new());
                approver.set(String::new());
                open.set(false);
            }
            Err(ExtensionError::NotLater { current }) => error.set(Some((
                "to",
                ui.fill(Msg::ErrExtensionNotLater, &[&current]),
            ))),
            Err(ExtensionError::NoReason) => {
                error.set(Some(("reason", ui.t(Msg::ErrExtensionReason).to_string())))
            }
            Err(ExtensionError::NoApprover) => error.set(Some((
                "approver",
                ui.t(Msg::ErrExtensionApprover).to_string(),
            ))),
        }
    };
    let line = move || {
        deadlines.get().map(|(original, current, list)| {
            if list.is_empty() {
                ui.fill(Msg::DeadlineNow, &[&current])
            } else {
                ui.fill(Msg::DeadlineExtended, &[&original, &current])
            }
        })
    };
    let history = move || {
        deadlines.get().map(|(original, _, list)| {
            let mut from = original;
            list.into_iter()
                .map(|x| {
                    let text = ui.fill(
                        Msg::ExtensionLine,
                        &[
                            &crate::labels::format_time(x.recorded_at),
                            &x.from.unwrap_or(from),
                            &x.to,
                            &x.reason,
                            &x.approved_by,
                        ],
                    );
                    from = x.to;
                    view! { <li data-testid="extension-item">{text}</li> }
                })
                .collect_view()
        })
    };
    let readonly = session.readonly() || session.reviewing();
    view! {
        <div class="extension" data-testid="extension">
            <p class="deadline-line">
                <span data-testid="deadline-line">{line}</span>
                {(!readonly).then(|| view! {
                    " "
                    <button type="button" class="btn btn-small" data-testid="open-extension"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>{ui.tr(Msg::ExtendDeadline)}</button>
                })}
            </p>
            <ul class="extension-history small muted">{history}</ul>
            <Show when=move || open.get()>
                <form class="entry-form extension-form" data-testid="extension-form" on:submit=submit novalidate>
                    <span class="form-legend">{ui.tr(Msg::Extension)}</span>
                    <label class="field field-narrow">
                        <span>{ui.tr(Msg::NewDeadline)}</span>
                        <input type="date" data-testid="field-extend-to" use:date_value=to
                            aria-invalid=move || error_for("to")().is_some().to_string() />
                        <span class="field-error" role="alert" data-testid="error-extend-to">{error_for("to")}</span>
                    </label>
                    <label class="field field-wide">
                        <span>{ui.tr(Msg::ExtensionReason)}</span>
                        <input type="text" data-testid="field-extend-reason" bind:value=reason
                            aria-invalid=move || error_for("reason")().is_some().to_string() />
                        <span class="field-error" role="alert" data-testid="error-extend-reason">{error_for("reason")}</span>
                    </label>
                    <label class="field">
                        <span>{ui.tr(Msg::ApprovedBy)}</span>
                        <input type="text" data-testid="field-extend-approver" bind:value=approver
                            aria-invalid=move || error_for("approver")().is_some().to_string() />
                        <span class="field-error" role="alert" data-testid="error-extend-approver">{error_for("approver")}</span>
                    </label>
                    <button type="submit" class="btn btn-primary btn-small" data-testid="save-extension">{ui.tr(Msg::ExtendDeadline)}</button>
                </form>
            </Show>
        </div>
    }
}

/// The reminders (催办) that named the task or one of its targets: how many, and the last.
#[component]
fn ReminderNote(task: Memo<Option<Task>>) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let sent = Memo::new(move |_| {
        task.with(|t| {
            let t = t.as_ref()?;
            session.data().with(|d| {
                // A reminder naming the task and one of its targets counts once.
                let mut list: Vec<&taizhang_core::office::Reminder> =
                    std::iter::once(t.id.as_str())
                        .chain(t.targets.iter().map(|g| g.id.as_str()))
                        .flat_map(|id| d.reminders_of(id))
                        .collect();
                taizhang_core::order::sort_by(&mut list, |r| (r.recorded_at, 0, &r.id));
                list.dedup_by(|a, b| a.id == b.id);
                list.last().map(|last| (list.len(), last.recorded_at))
            })
        })
    });
    move || {
        sent.get().map(|(n, last)| {
            view! {
                <p class="reminded small" data-testid="reminded">
                    <span class="badge badge-reminded" aria-hidden="true">"⏰"</span> " "
                    {ui.fill(Msg::SentOn, &[&n, &crate::labels::format_time(last)])}
                </p>
            }
        })
    }
}

/// The form and history of one subject.
#[component]
fn SubjectRecorder(subject: Subject) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let subject = StoredValue::new(subject);
    let subject_id = subject.with_value(|s| s.id().to_string());
    let history = {
        let id = subject_id.clone();
        Memo::new(move |_| derived.ledger.with(|l| l.history(&id).to_vec()))
    };
    let as_of = RwSignal::new(ui.today.to_string());
    let figure = RwSignal::new(String::new());
    let choice = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<Entry>);
    let error = RwSignal::new(None::<Msg>);
    let saved = RwSignal::new(false);
    // The closed month the chosen date falls in, if any: the note is then the late entry's reason.
    let late_month = RwSignal::new(None::<Month>);
    Effect::new(move |_| {
        let month = as_of.get().parse::<Date>().ok().map(Month::of);
        let closed = month.filter(|m| session.data().with(|d| d.closing(*m).is_some()));
        late_month.set(closed);
    });
    let error_text = move || {
        error.get().map(|m| match (m, late_month.get()) {
            (Msg::LateReasonRequired, Some(month)) => ui.fill(m, &[&month]),
            _ => ui.t(m).to_string(),
        })
    };

    // Warnings for the figure being typed, against the last figure and the target.
    let warnings = move || {
        let Ok(value) = parse_figure(&figure.get()) else {
            return Vec::new();
        };
        subject.with_value(|s| match s {
            Subject::Figure { id, target, .. } => {
                let last = derived
                    .ledger
                    .with(|l| l.latest_figure(id, None).map(|(_, v)| v));
                figure_warnings(value, last, Some(*target))
            }
            _ => Vec::new(),
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let Ok(date) = as_of.get_untracked().parse::<Date>() else {
            error.set(Some(Msg::ErrDateInvalid));
            return;
        };
        if check_as_of(date, derived.plan.with_untracked(|p| p.period), ui.today).is_err() {
            error.set(Some(Msg::ErrDateRange));
            return;
        }
        let choice_v = choice.get_untracked();
        let note_v = note.get_untracked().trim().to_string();
        // A month the office closed takes late entries (补报) only with a reason.
        let closed = session
            .data()
            .with_untracked(|d| d.closing(Month::of(date)).is_some());
        if closed && note_v.is_empty() {
            error.set(Some(Msg::LateReasonRequired));
            late_month.set(Some(Month::of(date)));
            return;
        }
        let value = match subject.get_value() {
            Subject::Figure { .. } => match parse_figure(&figure.get_untracked()) {
                Ok(value) => EntryValue::Figure { value },
                Err(e) => {
                    error.set(Some(crate::labels::figure_error_msg(e)));
                    return;
                }
            },
            Subject::Milestone { .. } => {
                let state = MILESTONE_STATES
                    .into_iter()
                    .find(|s| state_key(*s) == choice_v)
                    .unwrap_or(MilestoneState::InProgress);
                if state == MilestoneState::Blocked && note_v.is_empty() {
                    error.set(Some(Msg::BlockedReasonRequired));
                    return;
                }
                EntryValue::Milestone { state }
            }
            Subject::Ongoing { .. } => {
                match HEALTHS.into_iter().find(|h| health_key(*h) == choice_v) {
                    Some(health) => EntryValue::Health { health },
                    None => EntryValue::Note,
                }
            }
        };
        error.set(None);
        let supersedes = editing.get_untracked().map(|e| e.id);
        session.record(
            subject.with_value(|s| s.id().to_string()),
            date,
            value,
            note_v,
            supersedes,
        );
        figure.set(String::new());
        note.set(String::new());
        editing.set(None);
        saved.set(true);
    };

    let start_edit = move |entry: Entry| {
        as_of.set(entry.as_of.to_string());
        note.set(entry.note.clone());
        match &entry.value {
            EntryValue::Figure { value } => figure.set(value.to_string()),
            EntryValue::Milestone { state } => choice.set(state_key(*state).to_string()),
            EntryValue::Health { health } => choice.set(health_key(*health).to_string()),
            _ => {}
        }
        editing.set(Some(entry));
        saved.set(false);
    };

    let label = subject.with_value(|s| match s {
        Subject::Figure { metric, .. } => metric.clone(),
        _ => String::new(),
    });
    let value_unit = subject.with_value(|s| match s {
        Subject::Figure { unit, .. } => unit.clone(),
        _ => String::new(),
    });
    let unit_for_history = StoredValue::new(value_unit.clone());
    let field = match subject.get_value() {
        Subject::Figure { .. } => view! {
            <label class="field field-narrow">
                <span>{move || ui.fill(Msg::FigureIn, &[&value_unit])}</span>
                <input type="text" inputmode="decimal" data-testid="field-figure" bind:value=figure
                    aria-invalid=move || error.get().is_some().to_string() />
            </label>
        }
        .into_any(),
        Subject::Milestone { .. } => {
            choice.set("in_progress".into());
            view! {
                <label class="field field-narrow">
                    <span>{ui.tr(Msg::MilestoneState)}</span>
                    <select data-testid="field-state" on:change=move |ev| choice.set(event_target_value(&ev)) prop:value=move || choice.get()>
                        {MILESTONE_STATES
                            .into_iter()
                            .map(|s| view! { <option value=state_key(s)>{move || ui.t(state_msg(s))}</option> })
                            .collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        Subject::Ongoing { .. } => {
            choice.set("good".into());
            view! {
                <label class="field field-narrow">
                    <span>{ui.tr(Msg::HealthState)}</span>
                    <select data-testid="field-health" on:change=move |ev| choice.set(event_target_value(&ev)) prop:value=move || choice.get()>
                        {HEALTHS
                            .into_iter()
                            .map(|h| view! { <option value=health_key(h)>{move || ui.t(health_msg(h))}</option> })
                            .collect_view()}
                        <option value="note">{ui.tr(Msg::NoteOnly)}</option>
                    </select>
                </label>
            }
            .into_any()
        }
    };

    let chart = match subject.get_value() {
        Subject::Figure { id, metric, .. } => {
            Some(view! { <TargetChartBox target_id=id metric /> })
        }
        _ => None,
    };

    view! {
        <div class="subject" data-testid="subject" data-subject=subject_id>
            {chart}
            <form class="entry-form" data-testid="entry-form" on:submit=submit novalidate>
                <span class="form-legend">{ui.tr(Msg::Record)} " " <span lang=words_lang(&label)>{label.clone()}</span></span>
                <Show when=move || editing.with(Option::is_some)>
                    <p class="editing-note" role="status">{ui.tr(Msg::EditingEntry)}</p>
                </Show>
                <label class="field field-narrow">
                    <span>{ui.tr(Msg::AsOf)}</span>
                    <input type="date" data-testid="field-as-of" use:date_value=as_of />
                </label>
                {field}
                <label class="field field-wide">
                    <span>{move || if late_month.get().is_some() { ui.t(Msg::LateReason) } else { ui.t(Msg::Note) }}</span>
                    <input type="text" data-testid="field-note" bind:value=note
                        aria-invalid=move || (error.get() == Some(Msg::LateReasonRequired)).to_string() />
                </label>
                {move || late_month.get().map(|m| view! {
                    <p class="field-hint late-hint" data-testid="late-hint">{ui.fill(Msg::LateHint, &[&m])}</p>
                })}
                <button type="submit" class="btn btn-primary btn-small" data-testid="save-entry">{ui.tr(Msg::Save)}</button>
                <Show when=move || saved.get()>
                    <span class="saved-note" role="status" data-testid="saved-note">"✓ " {ui.tr(Msg::Recorded)}</span>
                </Show>
                <p class="field-error" role="alert" data-testid="entry-error">{error_text}</p>
                <p class="field-warning" role="status" data-testid="entry-warning">
                    {move || {
                        warnings()
                            .into_iter()
                            .map(|w| match w {
                                FigureWarning::BelowLast => ui.t(Msg::WarnBelowLast),
                                FigureWarning::FarAboveTarget => ui.t(Msg::WarnFarAboveTarget),
                            })
                            .collect::<Vec<_>>()
                            .join("；")
                    }}
                </p>
            </form>
            <h4 class="subhead">{ui.tr(Msg::History)}</h4>
            <Show
                when=move || history.with(|h| !h.is_empty())
                fallback=move || view! { <p class="muted small">{ui.tr(Msg::NoEntries)}</p> }
            >
                <ol class="history" data-testid="history">
                    <For
                        each=move || history.get()
                        key=|e| e.id.clone()
                        children=move |entry| {
                            let value = entry.value.clone();
                            let described = move || unit_for_history.with_value(|u| describe_value(&value, u, ui.lang.get()));
                            let described_lang = text_lang_of(described.clone());
                            let late = session.data().with_untracked(|d| d.is_late(&entry));
                            let for_edit = entry.clone();
                            let for_delete = entry.clone();
                            view! {
                                <li class="history-item" data-testid="history-item">
                                    <span class="history-date">{entry.as_of.to_string()}</span>
                                    {late.then(|| view! { <span class="badge badge-late" data-testid="late-badge">"↺ " {ui.tr(Msg::Late)}</span> })}
                                    <span class="history-value" data-testid="history-value" lang=described_lang>{described}</span>
                                    <span class="history-note" lang=words_lang(&entry.note)>{entry.note.clone()}</span>
                                    <span class="history-unit muted" lang=words_lang(&entry.unit)>{entry.unit.clone()}</span>
                                    <span class="history-actions">
                                        <button type="button" class="btn btn-small" data-testid="edit-entry"
                                            on:click=move |_| start_edit(for_edit.clone())>{ui.tr(Msg::Edit)}</button>
                                        <button type="button" class="btn btn-small btn-danger" data-testid="delete-entry"
                                            on:click=move |_| session.delete_entry(&for_delete)>{ui.tr(Msg::Delete)}</button>
                                    </span>
                                </li>
                            }
                        }
                    />
                </ol>
            </Show>
        </div>
    }
}

/// A target's chart as of the chosen date: actual, pace, target, as-of marker, projection.
#[component]
fn TargetChartBox(target_id: String, metric: String) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let id = StoredValue::new(target_id);
    // The target and its chart data as of the chosen date (None once the target is gone).
    let chart = Memo::new(move |_| {
        let as_of = ui.as_of.get();
        derived.plan.with(|p| {
            let target = id.with_value(|id| p.targets().find(|t| &t.id == id).cloned())?;
            let profile = session
                .data()
                .with(|d| d.settings_in_force().profile(&target.id));
            let data = derived
                .ledger
                .with(|l| taizhang_core::chart::target_chart(&target, l, p.period, as_of, profile));
            Some((target, data, p.period))
        })
    });
    let svg = Signal::derive(move || {
        let as_of = ui.as_of.get();
        let lang = ui.lang.get();
        chart.with(|c| {
            let Some((target, data, period)) = c else {
                return String::new();
            };
            let t = |m: Msg| m.text(lang).to_string();
            let labels = crate::charts::TargetLabels {
                unit: target.unit.clone(),
                actual: t(Msg::ChartActual),
                pace: t(Msg::ChartPace),
                target: Msg::ChartTargetIs.fill(
                    lang,
                    &[&Msg::Amount.fill(lang, &[&target.value, &target.unit])],
                ),
                as_of: Msg::AsOfIs.fill(lang, &[&as_of]),
                projection: t(Msg::ChartProjection),
                month: match lang {
                    Lang::Zh => |m| Msg::MonthLabel.fill(Lang::Zh, &[&m]),
                    Lang::En => |m| Msg::MonthLabel.fill(Lang::En, &[&m]),
                },
            };
            crate::charts::target_svg(data, *period, &labels)
        })
    });
    // The chart's text alternative: each recorded figure with its date and the pace then.
    let table = Signal::derive(move || {
        let lang = ui.lang.get();
        let head = [Msg::AsOf, Msg::ChartActual, Msg::ChartPace]
            .map(|m| m.text(lang).to_string())
            .to_vec();
        let rows = chart.with(|c| {
            let Some((target, data, period)) = c else {
                return Vec::new();
            };
            let amount = |v: f64| Msg::Amount.fill(lang, &[&trim_number(v), &target.unit]);
            data.points
                .iter()
                .map(|&(day, value)| {
                    let date = period.start.days_since_epoch() + day.round() as i64;
                    let date = taizhang_core::Date::from_days_since_epoch(date)
                        .map(|d| d.to_string())
                        .unwrap_or_default();
                    vec![date, amount(value), amount(pace_at(&data.pace, day))]
                })
                .collect()
        });
        ChartTable { head, rows }
    });
    let name = format!("taizhang-{metric}");
    view! {
        <ChartBox svg name title=Signal::stored(metric) size=Signal::stored(crate::charts::TARGET_SIZE) table />
    }
}

/// The value of the polyline `line` (points by ascending x) at `x`.
fn pace_at(line: &[(f64, f64)], x: f64) -> f64 {
    let after = line.iter().position(|&(px, _)| px >= x);
    match after {
        None => line.last().map_or(0.0, |p| p.1),
        Some(0) => line[0].1,
        Some(i) => {
            let ((x0, y0), (x1, y1)) = (line[i - 1], line[i]);
            if x1 > x0 {
                y0 + (y1 - y0) * (x - x0) / (x1 - x0)
            } else {
                y1
            }
        }
    }
}

/// A figure for a table: at most two decimals, without trailing zeros.
fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
