//! The storage banner: tells the user, in their language, when their data could not be read or
//! saved, and offers the data as a file so nothing is lost.

use leptos::prelude::*;

use taizhang_core::ledger::{Entry, EntryValue};

use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::describe_value;
use crate::persist::use_persistence;
use crate::prefs::use_prefs;
use crate::session::use_session;
use crate::storage::StorageProblem;

#[component]
pub fn StorageBanner() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let store = use_persistence();
    let message = move || {
        store.problem.with(|p| {
            p.as_ref().map(|p| match p {
                StorageProblem::Unavailable => ui.t(Msg::StorageUnavailable).to_string(),
                StorageProblem::Unreadable {
                    error, backup_key, ..
                } => {
                    let template = match backup_key {
                        Some(_) => Msg::StorageUnreadableKept,
                        None => Msg::StorageUnreadableNotKept,
                    };
                    ui.fill(template, &[error])
                }
                StorageProblem::Full => ui.t(Msg::StorageFull).to_string(),
                StorageProblem::WriteFailed(why) => ui.fill(Msg::StorageWriteFailed, &[why]),
            })
        })
    };
    let download_unreadable = move |_| {
        store.problem.with_untracked(|p| {
            if let Some(StorageProblem::Unreadable { raw, .. }) = p {
                crate::files::download(
                    "taizhang-unreadable-data.txt",
                    "text/plain;charset=utf-8",
                    raw,
                );
            }
        })
    };
    let download_current = move |_| {
        let json = session
            .data()
            .with_untracked(taizhang_core::userdata::encode);
        crate::files::download("taizhang-data.json", "application/json", &json);
    };
    let is_unreadable = move || {
        store
            .problem
            .with(|p| matches!(p, Some(StorageProblem::Unreadable { .. })))
    };
    view! {
        <Show when=move || store.problem.with(Option::is_some)>
            <div class="banner banner-warn" role="alert" data-testid="storage-banner">
                <span class="banner-icon" aria-hidden="true">"!"</span>
                <p class="banner-text">{message}</p>
                <div class="banner-actions">
                    <Show
                        when=is_unreadable
                        fallback=move || view! {
                            <button type="button" class="btn" on:click=download_current>
                                {ui.tr(Msg::DownloadData)}
                            </button>
                        }
                    >
                        <button type="button" class="btn" data-testid="download-unreadable" on:click=download_unreadable>
                            {ui.tr(Msg::DownloadUnreadable)}
                        </button>
                    </Show>
                    <button type="button" class="btn" on:click=move |_| store.problem.set(None)>
                        {ui.tr(Msg::Dismiss)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Tells the user about corrections and entries whose task or target is no longer in the plan.
/// They are kept (never dropped), stay in exports, and an entry can be re-attached to a current
/// target or task: the re-attached copy supersedes the orphan, so history stays append-only.
#[component]
pub fn OrphanNotice() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let orphan_entries = Memo::new(move |_| {
        let (plan, ledger) = (derived.plan.get(), derived.ledger.get());
        crate::perf::start("taizhang-orphans");
        let orphans = {
            let p = &plan;
            let known: std::collections::HashSet<&str> = p
                .tasks()
                .map(|t| t.id.as_str())
                .chain(p.targets().map(|t| t.id.as_str()))
                .collect();
            let l = &ledger;
            let mut list: Vec<Entry> = l
                .subjects()
                .filter(|s| !known.contains(s))
                .flat_map(|s| l.history(s).iter().cloned())
                .collect();
            taizhang_core::order::sort_by(&mut list, |e| (e.as_of.days_since_epoch(), 0, &e.id));
            list
        };
        crate::perf::end("taizhang-orphans");
        orphans
    });
    // Where an orphan can go: targets for figures, tasks for everything else.
    let choices = Memo::new(move |_| {
        derived.plan.with(|p| {
            let targets: Vec<(String, String)> = p
                .points()
                .flat_map(|pt| {
                    pt.tasks.iter().flat_map(move |t| {
                        t.targets
                            .iter()
                            .map(move |g| (g.id.clone(), format!("{}. {}", pt.number, g.metric)))
                    })
                })
                .collect();
            let tasks: Vec<(String, String)> = p
                .points()
                .flat_map(|pt| {
                    pt.tasks.iter().map(move |t| {
                        (
                            t.id.clone(),
                            format!(
                                "{}. {}",
                                pt.number,
                                t.text.chars().take(24).collect::<String>()
                            ),
                        )
                    })
                })
                .collect();
            (targets, tasks)
        })
    });
    let count = move || derived.orphans.with(Vec::len) + orphan_entries.with(Vec::len);
    view! {
        <Show when=move || { count() > 0 }>
            <div class="banner banner-info" role="status" data-testid="orphan-notice">
                <span class="banner-icon" aria-hidden="true">"i"</span>
                <p class="banner-text">{move || ui.fill(Msg::OrphanCorrections, &[&count()])}</p>
                <Show when=move || orphan_entries.with(|l| !l.is_empty())>
                    <details class="orphans">
                        <summary>{ui.tr(Msg::Reattach)}</summary>
                        <ul>
                            <For
                                each=move || orphan_entries.get()
                                key=|e| e.id.clone()
                                children=move |entry| {
                                    let is_figure = matches!(entry.value, EntryValue::Figure { .. });
                                    let chosen = RwSignal::new(String::new());
                                    let label = format!(
                                        "{} · {} · {}",
                                        entry.as_of,
                                        describe_value(&entry.value, "", ui.lang.get_untracked()),
                                        entry.note
                                    );
                                    let options = move || {
                                        choices.with(|(targets, tasks)| if is_figure { targets.clone() } else { tasks.clone() })
                                    };
                                    let reattach = {
                                        let entry = entry.clone();
                                        move |_| {
                                            let to = chosen.get_untracked();
                                            if !to.is_empty() {
                                                session.record(to, entry.as_of, entry.value.clone(), entry.note.clone(), Some(entry.id.clone()));
                                            }
                                        }
                                    };
                                    view! {
                                        <li data-testid="orphan-entry">
                                            <span>{label}</span>
                                            {(!session.readonly()).then(move || view! {
                                            <select aria-label=ui.tr(Msg::Reattach) data-testid="orphan-target"
                                                on:change=move |ev| chosen.set(event_target_value(&ev))>
                                                <option value="">"—"</option>
                                                {move || options().into_iter().map(|(id, text)| view! { <option value=id>{text}</option> }).collect_view()}
                                            </select>
                                            <button type="button" class="btn btn-small" data-testid="orphan-reattach" on:click=reattach>
                                                {ui.tr(Msg::Reattach)}
                                            </button>
                                            })}
                                        </li>
                                    }
                                }
                            />
                        </ul>
                    </details>
                </Show>
            </div>
        </Show>
    }
}
