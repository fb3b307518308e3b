//! 数据交换: export the whole snapshot or chosen units' entries, import a file (picker or
//! drag-and-drop) through a preview, restore the state kept before the latest import, and make
//! a read-only share link.
//!
//! Nothing changes until the user confirms a preview; a refused file or a failed write leaves
//! the data exactly as it was (see `Session::import`, the one import path for a file and a link).

use std::collections::HashSet;

use leptos::leptos_dom::helpers::window_event_listener;
use leptos::prelude::*;
use leptos::task::spawn_local;
use taizhang_core::exchange::{preview, units_of, Mode, Preview};
use taizhang_core::share;
use taizhang_core::snapshot::{self, PlanMatch, Snapshot};
use wasm_bindgen::JsCast;

use crate::derived::use_derived;
use crate::derived::Derived;
use crate::i18n::{snapshot_error, Msg};
use crate::labels::{format_time, storage_problem_text};
use crate::library::{use_library, Draft, Library};
use crate::perf;
use crate::persist::use_persistence;
use crate::prefs::use_prefs;
use crate::prefs::Prefs;
use crate::routes::View;
use crate::session::use_session;
use crate::session::Session;

/// A file read and checked, waiting for the user's decision.
#[derive(Clone)]
struct Pending {
    name: String,
    snapshot: Snapshot,
    preview: Preview,
    plan_match: PlanMatch,
}

/// What the import card says after the latest action.
#[derive(Clone)]
enum Outcome {
    Refused(String),
    /// The file belongs to another plan tracked here: it goes there, never into this one.
    OtherPlan {
        id: String,
        name: String,
        file: String,
        snapshot: Box<Snapshot>,
    },
    /// The file belongs to a plan not tracked here, and carries its text: add it first.
    NewPlan {
        name: String,
        draft: Box<Draft>,
    },
    Failed(String),
    Done,
    Restored,
}

/// Every task and target id of the plan as shown: entries about anything else are orphans.
fn subjects(derived: Derived) -> rustc_hash::FxHashSet<String> {
    derived.plan.with_untracked(|p| {
        p.tasks()
            .map(|t| t.id.clone())
            .chain(p.targets().map(|t| t.id.clone()))
            .collect()
    })
}

/// The data an import is compared with: this tab's, or — when showing a share link — what this
/// browser has stored.
fn local_data(session: Session) -> taizhang_core::userdata::UserData {
    if session.readonly() {
        use_persistence().stored().unwrap_or_default()
    } else {
        session.data().get_untracked()
    }
}

/// Checks a snapshot against this plan and previews it. (Contexts are passed in: this runs
/// after a file is read, outside the component's reactive owner.)
fn prepare(
    (ui, session, derived): (Prefs, Session, Derived),
    name: String,
    snapshot: Snapshot,
) -> Result<Pending, String> {
    let plan_match = session
        .parsed
        .with_value(|p| snapshot::check_plan(&snapshot, p))
        .map_err(|e| snapshot_error(&e, ui.lang.get_untracked()))?;
    let preview = preview(&local_data(session), &snapshot.data, &subjects(derived));
    Ok(Pending {
        name,
        snapshot,
        preview,
        plan_match,
    })
}

/// Where a file of another plan goes: to that plan when it is tracked here, to a review of its
/// text when it carries one; never into the plan shown. `Ok` is a file for the plan shown (or an
/// old backup that names no plan).
fn elsewhere(
    library: Library,
    session: Session,
    file: &str,
    snapshot: Snapshot,
) -> Result<Snapshot, Outcome> {
    let shown = session.tracked.with_value(|t| t.id.clone());
    if snapshot.plan.id.is_empty() || snapshot.plan.id == shown {
        return Ok(snapshot);
    }
    if let Some(tracked) = library
        .registry
        .with_untracked(|r| r.get(&snapshot.plan.id).cloned())
    {
        return Err(Outcome::OtherPlan {
            id: tracked.id.clone(),
            name: library.name_of(&tracked),
            file: file.to_string(),
            snapshot: Box::new(snapshot),
        });
    }
    match snapshot.plan.text.clone() {
        Some(text) => Err(Outcome::NewPlan {
            name: snapshot.plan.title.clone(),
            draft: Box::new(Draft::new(
                text,
                file.to_string(),
                snapshot.plan.overrides.clone(),
                Some(snapshot.data),
            )),
        }),
        // Nothing to add it from: `prepare` refuses it, naming the plan.
        None => Ok(snapshot),
    }
}

#[component]
pub fn Exchange() -> impl IntoView {
    let library = use_library();
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let store = use_persistence();
    let pending: RwSignal<Option<Pending>> = RwSignal::new(None);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let dragging = RwSignal::new(false);

    // A file chosen in another plan's view, for this plan: preview it here.
    if let Some((name, snapshot)) = library.incoming.try_update(Option::take).flatten() {
        match prepare((ui, session, derived), name, snapshot) {
            Ok(p) => pending.set(Some(p)),
            Err(e) => outcome.set(Some(Outcome::Refused(e))),
        }
    }
    // Opened from a share link: the shared snapshot is what would be imported.
    if session.readonly() {
        if let Some(shared) = session.shared.get_value() {
            match prepare(
                (ui, session, derived),
                ui.t(Msg::ShareTitle).to_string(),
                (*shared).clone(),
            ) {
                Ok(p) => pending.set(Some(p)),
                Err(e) => outcome.set(Some(Outcome::Refused(e))),
            }
        }
    }

    let take_file = move |file: web_sys::File| {
        let name = file.name();
        pending.set(None);
        outcome.set(None);
        spawn_local(async move {
            let lang = ui.lang.get_untracked();
            perf::start("taizhang-import-read");
            let read = crate::transfer::read_file(file).await;
            perf::end("taizhang-import-read");
            let result = match read {
                Err(e) => Err(snapshot_error(&e, lang)),
                Ok(text) => {
                    perf::start("taizhang-import-decode");
                    let decoded = snapshot::decode(&text);
                    perf::end("taizhang-import-decode");
                    match decoded {
                        Err(e) => Err(snapshot_error(&e, lang)),
                        Ok(s) => match elsewhere(library, session, &name, s) {
                            Ok(s) => {
                                perf::start("taizhang-import-preview");
                                let p = prepare((ui, session, derived), name, s);
                                perf::end("taizhang-import-preview");
                                p
                            }
                            Err(other) => {
                                outcome.set(Some(other));
                                return;
                            }
                        },
                    }
                }
            };
            match result {
                Ok(p) => pending.set(Some(p)),
                Err(e) => outcome.set(Some(Outcome::Refused(e))),
            }
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            take_file(file);
        }
        // Choosing the same file again must fire `change` again.
        input.set_value("");
    };

    // The whole page accepts a dropped file while this view is open (and a file dropped outside
    // the drop zone never makes the browser navigate away from the app).
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        ev.prevent_default();
        dragging.set(true);
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        dragging.set(false);
        if session.readonly() {
            return;
        }
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(file);
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });

    let mode = RwSignal::new(Mode::Merge);
    let apply = move |_| {
        perf::start("taizhang-import-apply");
        // Read in place: the pending snapshot may hold tens of thousands of entries.
        let result = pending.with_untracked(|p| {
            p.as_ref()
                .map(|p| session.import(&p.snapshot.data, mode.get_untracked()))
        });
        perf::end("taizhang-import-apply");
        let Some(result) = result else {
            return;
        };
        match result {
            Ok(()) => {
                pending.set(None);
                outcome.set(Some(Outcome::Done));
            }
            Err(problem) => outcome.set(Some(Outcome::Failed(storage_problem_text(
                &problem,
                Msg::StorageFull,
                ui.lang.get_untracked(),
            )))),
        }
    };
    let cancel = move |_| {
        pending.set(None);
        outcome.set(None);
    };
    let restore = move |_| match session.restore_backup() {
        Ok(()) => outcome.set(Some(Outcome::Restored)),
        Err(problem) => outcome.set(Some(Outcome::Failed(storage_problem_text(
            &problem,
            Msg::StorageFull,
            ui.lang.get_untracked(),
        )))),
    };

    view! {
        <section class="exchange" data-testid="exchange" aria-labelledby="ex-title">
            <h1 id="ex-title" class="view-title">{ui.tr(Msg::NavExchange)}</h1>
            <p class="muted">{ui.tr(Msg::ExchangeIntro)}</p>
            <div class="exchange-grid">
                <Show when=move || !session.readonly()>
                    <ExportCard />
                </Show>
                <div class="card" data-testid="import-card">
                    <h2>{move || if session.readonly() { ui.t(Msg::ImportShared) } else { ui.t(Msg::ImportTitle) }}</h2>
                    <Show when=move || !session.readonly()>
                        <label class="drop-zone" class:dragging=move || dragging.get()>
                            <span class="drop-icon" aria-hidden="true">"⇪"</span>
                            <span>{move || if dragging.get() { ui.t(Msg::DropHere) } else { ui.t(Msg::ChooseFile) }}</span>
                            <input type="file" class="visually-hidden" data-testid="import-file"
                                accept=".json,application/json" on:change=on_pick />
                        </label>
                    </Show>
                    {move || outcome.get().map(|o| match o {
                        Outcome::Refused(msg) => view! {
                            <div class="notice notice-bad" role="alert" data-testid="import-error">
                                <span class="notice-icon" aria-hidden="true">"!"</span>
                                <p><strong>{ui.t(Msg::ImportRefused)}</strong> " " {msg}</p>
                            </div>
                        }.into_any(),
                        Outcome::OtherPlan { id, name, file, snapshot } => {
                            let snapshot = StoredValue::new(Some((file, *snapshot)));
                            view! {
                                <div class="notice notice-info" role="status" data-testid="import-other-plan">
                                    <span class="notice-icon" aria-hidden="true">"i"</span>
                                    <p>{ui.fill(Msg::OtherPlanFile, &[&name])}</p>
                                    <button type="button" class="btn btn-primary" data-testid="switch-and-import"
                                        on:click=move |_| {
                                            library.incoming.set(snapshot.get_value());
                                            library.show(&id, View::Exchange);
                                        }>
                                        {ui.t(Msg::SwitchAndImport)}
                                    </button>
                                </div>
                            }.into_any()
                        }
                        Outcome::NewPlan { name, draft } => {
                            let draft = StoredValue::new(*draft);
                            view! {
                                <div class="notice notice-info" role="status" data-testid="import-new-plan">
                                    <span class="notice-icon" aria-hidden="true">"i"</span>
                                    <p>{ui.fill(Msg::AddPlanFromFile, &[&name])}</p>
                                    <button type="button" class="btn btn-primary" data-testid="review-new-plan"
                                        on:click=move |_| {
                                            library.draft.set(Some(draft.get_value()));
                                            ui.view.set(View::Plans);
                                        }>
                                        {ui.t(Msg::ReviewAndAdd)}
                                    </button>
                                </div>
                            }.into_any()
                        }
                        Outcome::Failed(msg) => view! {
                            <div class="notice notice-bad" role="alert" data-testid="import-error">
                                <span class="notice-icon" aria-hidden="true">"!"</span>
                                <p><strong>{ui.t(Msg::ImportFailed)}</strong> " " {msg}</p>
                            </div>
                        }.into_any(),
                        Outcome::Done => view! {
                            <div class="notice notice-ok" role="status" data-testid="import-done">
                                <span class="notice-icon" aria-hidden="true">"✓"</span>
                                <p>{ui.t(Msg::ImportDone)}</p>
                                <Show when=move || session.readonly()>
                                    <a class="btn btn-primary" href="./#/overview" data-testid="open-mine">{ui.t(Msg::OpenMine)}</a>
                                </Show>
                            </div>
                        }.into_any(),
                        Outcome::Restored => view! {
                            <div class="notice notice-ok" role="status" data-testid="restored">
                                <span class="notice-icon" aria-hidden="true">"✓"</span>
                                <p>{ui.t(Msg::Restored)}</p>
                            </div>
                        }.into_any(),
                    })}
                    {move || pending.get().map(|p| view! { <PreviewPanel p mode apply cancel /> })}
                </div>
                <Show when=move || !session.readonly()>
                    <div class="card" data-testid="backup-card">
                        <h2>{ui.tr(Msg::BackupTitle)}</h2>
                        {move || match store.backup().get() {
                            None => view! { <p class="muted" data-testid="no-backup">{ui.t(Msg::BackupNone)}</p> }.into_any(),
                            Some(b) => view! {
                                <p data-testid="backup-info">
                                    {ui.t(Msg::BackupKept)} " " {format_time(b.saved_at)} "，"
                                    {ui.fill(Msg::BackupEntries, &[&b.data.entries.len()])}
                                </p>
                                <button type="button" class="btn" data-testid="restore-backup" on:click=restore>
                                    "↺ " {ui.t(Msg::RestoreBackup)}
                                </button>
                            }.into_any(),
                        }}
                    </div>
                    <ShareCard />
                    <crate::components::sync_panel::SyncPanel />
                </Show>
            </div>
        </section>
    }
}

#[component]
fn PreviewPanel(
    p: Pending,
    mode: RwSignal<Mode>,
    apply: impl Fn(leptos::ev::MouseEvent) + 'static,
    cancel: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let ui = use_prefs();
    let derived = use_derived();
    let v = p.preview.clone();
    let row = move |msg: Msg, n: usize, id: &'static str| {
        view! {
            <tr>
                <th scope="row">{move || ui.t(msg)}</th>
                <td class="num" data-testid=id>{n}</td>
            </tr>
        }
    };
    let source = {
        let s = &p.snapshot;
        let mut parts = vec![p.name.clone()];
        if let Some(u) = &s.unit {
            parts.push(u.clone());
        }
        if s.exported_at > 0 {
            parts.push(format_time(s.exported_at));
        }
        parts.join(" · ")
    };
    let plan_note = match p.plan_match {
        PlanMatch::Same => None,
        PlanMatch::Revised => Some(Msg::PlanRevised),
        PlanMatch::Assumed => Some(Msg::PlanAssumed),
    };
    let nothing = v.changes_nothing();
    let conflicts = v.conflicts.clone();
    let task_text = move |id: &str| {
        derived.plan.with_untracked(|plan| {
            plan.tasks()
                .find(|t| t.id == id)
                .map(|t| {
                    let mut short: String = t.text.chars().take(60).collect();
                    if t.text.chars().count() > 60 {
                        short.push('…');
                    }
                    short
                })
                .unwrap_or_else(|| id.to_string())
        })
    };
    let describe = |a: &taizhang_core::userdata::Assignment| {
        let mut s = a.lead.clone();
        if !a.others.is_empty() {
            s.push_str(" / ");
            s.push_str(&a.others.join("、"));
        }
        if let Some(d) = a.deadline {
            s.push_str(&format!(" · {d}"));
        }
        s
    };
    view! {
        <div class="preview" data-testid="import-preview" role="region" aria-labelledby="preview-title">
            <h3 id="preview-title">{ui.tr(Msg::PreviewTitle)}</h3>
            <p class="muted"><span>{ui.tr(Msg::PreviewFrom)}</span> "：" <span data-testid="preview-source">{source}</span></p>
            {plan_note.map(|m| view! { <p class="notice notice-warn" data-testid="plan-note"><span class="notice-icon" aria-hidden="true">"!"</span>{move || ui.t(m)}</p> })}
            <table class="preview-table">
                <tbody>
                    {row(Msg::PreviewTotal, v.total, "preview-total")}
                    {row(Msg::PreviewNew, v.new, "preview-new")}
                    {row(Msg::PreviewPresent, v.already_present, "preview-present")}
                    {row(Msg::PreviewSuperseded, v.superseded, "preview-superseded")}
                    {row(Msg::PreviewOrphaned, v.orphaned, "preview-orphaned")}
                    {row(Msg::PreviewCorrections, v.new_corrections, "preview-corrections")}
                    {row(Msg::PreviewAssignments, v.new_assignments, "preview-assignments")}
                    {row(Msg::PreviewOfficeRecords, v.new_office_records, "preview-office")}
                    {row(Msg::PreviewConflicts, v.conflicts.len(), "preview-conflicts")}
                </tbody>
            </table>
            {(!conflicts.is_empty()).then(|| view! {
                <ul class="conflicts" data-testid="conflict-list">
                    {conflicts.into_iter().map(|c| view! {
                        <li>
                            <span class="conflict-task">{task_text(&c.task_id)}</span>
                            <span>{ui.tr(Msg::ConflictOurs)} "：" {describe(&c.ours)}</span>
                            <span>{ui.tr(Msg::ConflictTheirs)} "：" {describe(&c.theirs)}</span>
                            <span class="muted">{move || if c.theirs_wins { ui.t(Msg::ConflictTheirsWin) } else { ui.t(Msg::ConflictOursWin) }}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {nothing.then(|| view! { <p class="muted" data-testid="nothing-new">{ui.tr(Msg::NothingNew)}</p> })}
            <fieldset class="mode">
                <legend class="visually-hidden">{ui.tr(Msg::PreviewTitle)}</legend>
                <label>
                    <input type="radio" name="import-mode" data-testid="mode-merge"
                        prop:checked=move || mode.get() == Mode::Merge
                        on:change=move |_| mode.set(Mode::Merge) />
                    {ui.tr(Msg::ModeMerge)}
                </label>
                <label>
                    <input type="radio" name="import-mode" data-testid="mode-replace"
                        prop:checked=move || mode.get() == Mode::Replace
                        on:change=move |_| mode.set(Mode::Replace) />
                    {ui.tr(Msg::ModeReplace)}
                </label>
            </fieldset>
            <div class="preview-actions">
                <button type="button" class="btn btn-primary" data-testid="import-apply" on:click=apply>
                    {ui.tr(Msg::ApplyImport)}
                </button>
                <button type="button" class="btn" data-testid="import-cancel" on:click=cancel>
                    {ui.tr(Msg::Cancel)}
                </button>
            </div>
        </div>
    }
}

#[component]
fn ExportCard() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let units = Memo::new(move |_| session.data().with(units_of));
    let chosen: RwSignal<HashSet<String>> = RwSignal::new(HashSet::new());
    let export_all = move |_| {
        crate::transfer::export(session, ui, None);
    };
    let export_chosen = move |_| {
        let set = chosen.get_untracked();
        if !set.is_empty() {
            crate::transfer::export(session, ui, Some(&set));
        }
    };
    view! {
        <div class="card" data-testid="export-card">
            <h2>{ui.tr(Msg::ExportTitle)}</h2>
            <button type="button" class="btn btn-primary" data-testid="export-all" on:click=export_all>
                "⇩ " {ui.tr(Msg::ExportAll)}
            </button>
            <fieldset class="unit-choice">
                <legend>{ui.tr(Msg::ExportByUnit)}</legend>
                <Show when=move || !units.with(Vec::is_empty)
                    fallback=move || view! { <p class="muted">{ui.tr(Msg::NoUnitsYet)}</p> }>
                    <For each=move || units.get() key=|u| u.clone() children=move |u| {
                        let name = u.clone();
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            let name = name.clone();
                            chosen.update(|c| {
                                if on {
                                    c.insert(name);
                                } else {
                                    c.remove(&name);
                                }
                            });
                        };
                        view! {
                            <label class="check">
                                <input type="checkbox" data-testid="unit-check" value=u.clone() on:change=toggle />
                                {u.clone()}
                            </label>
                        }
                    } />
                    <button type="button" class="btn" data-testid="export-units"
                        disabled=move || chosen.with(HashSet::is_empty) on:click=export_chosen>
                        "⇩ " {ui.tr(Msg::ExportChosen)}
                    </button>
                </Show>
            </fieldset>
        </div>
    }
}

#[component]
fn ShareCard() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    // The link made, or None when the browser could not compress.
    let link: RwSignal<Option<Option<String>>> = RwSignal::new(None);
    let copied = RwSignal::new(false);
    let without_plan = RwSignal::new(false);
    let make = move |_| {
        copied.set(false);
        let mut snap = crate::transfer::snapshot_of(session, ui, None);
        // The embedded plan is in every copy of the app: its text need not travel.
        let embedded = session.tracked.with_value(|t| t.embedded);
        if embedded {
            snap.plan.text = None;
        }
        spawn_local(async move {
            let mut fragment = crate::transfer::share_fragment(&snap).await;
            // The plan's text travels when the link still fits a chat message with it;
            // otherwise the link carries the data only, and says the file is needed.
            if fragment
                .as_ref()
                .is_some_and(|f| f.len() > share::CHAT_LIMIT && snap.plan.text.is_some())
            {
                snap.plan.text = None;
                fragment = crate::transfer::share_fragment(&snap).await;
                without_plan.set(true);
            } else {
                without_plan.set(false);
            }
            let base = window()
                .location()
                .href()
                .ok()
                .map(|h| h.split('#').next().unwrap_or_default().to_string())
                .unwrap_or_default();
            link.set(Some(fragment.map(|f| format!("{base}{f}"))));
        });
    };
    let copy = move |_| {
        if let Some(Some(url)) = link.get_untracked() {
            let _ = window().navigator().clipboard().write_text(&url);
            copied.set(true);
        }
    };
    let select_all = |ev: leptos::ev::FocusEvent| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    };
    view! {
        <div class="card" data-testid="share-card">
            <h2>{ui.tr(Msg::ShareTitle)}</h2>
            <p class="muted">{ui.tr(Msg::ShareIntro)}</p>
            <button type="button" class="btn" data-testid="share-make" on:click=make>
                {ui.tr(Msg::MakeLink)}
            </button>
            <Show when=move || without_plan.get()>
                <p class="notice notice-info" role="status" data-testid="share-without-plan">
                    <span class="notice-icon" aria-hidden="true">"i"</span>
                    {ui.tr(Msg::LinkWithoutPlan)}
                </p>
            </Show>
            {move || link.get().map(|made| match made {
                None => view! { <p class="notice notice-bad" role="alert"><span class="notice-icon" aria-hidden="true">"!"</span>{ui.t(Msg::LinkFailed)}</p> }.into_any(),
                Some(url) => {
                    let chars = url.chars().count();
                    let too_long = chars > share::CHAT_LIMIT;
                    view! {
                        <label class="field field-wide">
                            <span>{ui.tr(Msg::ShareTitle)}</span>
                            <input type="text" readonly data-testid="share-link" value=url.clone() on:focus=select_all />
                        </label>
                        <p data-testid="share-size">
                            {move || ui.fill(Msg::LinkSize, &[&chars])}
                            " (" {share::kilobytes(url.len())} ")"
                        </p>
                        {if too_long {
                            view! {
                                <div class="notice notice-warn" role="status" data-testid="share-too-long">
                                    <span class="notice-icon" aria-hidden="true">"!"</span>
                                    <p>{ui.tr(Msg::LinkTooLong)}</p>
                                    <button type="button" class="btn" data-testid="share-file-instead"
                                        on:click=move |_| { crate::transfer::export(session, ui, None); }>
                                        "⇩ " {ui.tr(Msg::SendFileInstead)}
                                    </button>
                                </div>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class="btn" data-testid="share-copy" on:click=copy>
                                    {move || if copied.get() { ui.t(Msg::Copied) } else { ui.t(Msg::CopyLink) }}
                                </button>
                            }.into_any()
                        }}
                    }.into_any()
                }
            })}
        </div>
    }
}
