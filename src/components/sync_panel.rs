//! 服务器同步: connecting this plan to a CouchDB server (address, database, login), testing the
//! connection with an exact reason when it fails, and the sync status in the top bar.

use leptos::prelude::*;
use taizhang_core::sync::{database_for, valid_database};

use crate::i18n::Msg;
use crate::persist::use_persistence;
use crate::prefs::use_prefs;
use crate::session::use_session;
use crate::sync::{check, use_sync, SyncConfig, SyncError, SyncStatus};

/// The message for a sync error.
pub fn error_text(e: &SyncError, ui: crate::prefs::Prefs) -> String {
    match e {
        SyncError::Unreachable => ui.t(Msg::SyncErrUnreachable).to_string(),
        SyncError::NotCouch => ui.t(Msg::SyncErrNotCouch).to_string(),
        SyncError::WrongPassword => ui.t(Msg::SyncErrPassword).to_string(),
        SyncError::NotLoggedIn => ui.t(Msg::SyncErrLogin).to_string(),
        SyncError::NoDatabase => ui.t(Msg::SyncErrNoDb).to_string(),
        SyncError::NoPermission => ui.t(Msg::SyncErrPermission).to_string(),
        SyncError::OtherPlan(plan) => ui.fill(Msg::SyncErrOtherPlan, &[plan]),
        SyncError::Status(s) => ui.fill(Msg::SyncErrStatus, &[s]),
        SyncError::Aborted => String::new(),
    }
}

/// The sync status in words, with its icon (never colour alone).
fn status_text(s: &SyncStatus, ui: crate::prefs::Prefs) -> (&'static str, String) {
    match s {
        SyncStatus::Off => ("○", ui.t(Msg::SyncOff).to_string()),
        SyncStatus::Syncing(n) => ("⟳", ui.fill(Msg::SyncSyncing, &[n])),
        SyncStatus::Synced => ("✓", ui.t(Msg::SyncSynced).to_string()),
        SyncStatus::Waiting(n) => ("↑", ui.fill(Msg::SyncWaiting, &[n])),
        SyncStatus::Offline(0) => ("⏸", ui.t(Msg::SyncOffline).to_string()),
        SyncStatus::Offline(n) => ("⏸", ui.fill(Msg::SyncOfflineWaiting, &[n])),
        SyncStatus::Error(e) => ("!", ui.fill(Msg::SyncErrorIs, &[&error_text(e, ui)])),
        SyncStatus::SignIn => ("◎", ui.t(Msg::SyncSignIn).to_string()),
    }
}

/// The top bar's sync status, shown only while sync is on.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let ui = use_prefs();
    let sync = use_sync();
    move || {
        sync.config.with(Option::is_some).then(|| {
            let status = sync.status.get();
            let (icon, text) = status_text(&status, ui);
            let class = match status {
                SyncStatus::Error(_) => "sync-badge sync-error",
                SyncStatus::Offline(_) | SyncStatus::SignIn => "sync-badge sync-offline",
                SyncStatus::Synced => "sync-badge sync-ok",
                _ => "sync-badge",
            };
            view! {
                <span class=class role="status" data-testid="sync-status" data-state=format!("{status:?}")>
                    <span aria-hidden="true">{icon}</span> " " {text}
                </span>
            }
        })
    }
}

/// The connection form and what the server said.
#[component]
pub fn SyncPanel() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let persist = use_persistence();
    let sync = use_sync();
    let saved = sync.config.get_untracked();
    let plan_id = session.parsed.with_value(|p| p.id.clone());
    let url = RwSignal::new(saved.as_ref().map(|c| c.url.clone()).unwrap_or_default());
    let db = RwSignal::new(
        saved
            .as_ref()
            .map(|c| c.db.clone())
            .unwrap_or_else(|| database_for(&plan_id)),
    );
    let user = RwSignal::new(saved.as_ref().map(|c| c.user.clone()).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(saved.as_ref().is_none_or(|c| c.remember));
    // The outcome of the last test or connect: Ok(message) or Err(message).
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);

    let config = move || -> Result<SyncConfig, String> {
        let u = url.get_untracked().trim().to_string();
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            return Err(ui.t(Msg::SyncBadUrl).to_string());
        }
        let d = db.get_untracked().trim().to_string();
        if !valid_database(&d) {
            return Err(ui.t(Msg::SyncBadDb).to_string());
        }
        let name = user.get_untracked().trim().to_string();
        if name.is_empty() {
            return Err(ui.t(Msg::SyncNeedUser).to_string());
        }
        Ok(SyncConfig {
            url: u,
            db: d,
            user: name,
            remember: remember.get_untracked(),
            last_seq: None,
        })
    };
    let run = move |connect: bool| {
        let c = match config() {
            Ok(c) => c,
            Err(message) => {
                outcome.set(Some(Err(message)));
                return;
            }
        };
        let pw = password.get_untracked();
        // A login that is not remembered is made on this page, with the password: never from a
        // cookie the browser kept from an earlier visit.
        if pw.is_empty() && !sync.logged_in_here(&c) {
            outcome.set(Some(Err(ui.t(Msg::SyncNeedPassword).to_string())));
            return;
        }
        busy.set(true);
        outcome.set(Some(Ok(ui.t(Msg::SyncTesting).to_string())));
        leptos::task::spawn_local(async move {
            let result = check(&c, &pw, &sync.plan()).await;
            // The password is used once, for the login, and never kept.
            password.set(String::new());
            busy.set(false);
            match result {
                Ok(checked) => {
                    outcome.set(Some(Ok(
                        ui.fill(Msg::SyncOk, &[&checked.docs, &checked.roles.join("、")])
                    )));
                    if connect {
                        sync.connect(c, session, persist);
                    }
                }
                Err(e) => outcome.set(Some(Err(error_text(&e, ui)))),
            }
        });
    };
    let connected = move || sync.config.with(Option::is_some);
    let disconnect = move || {
        busy.set(true);
        outcome.set(Some(Ok(ui.t(Msg::SyncDisconnecting).to_string())));
        leptos::task::spawn_local(async move {
            let result = sync.disconnect().await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(()) => Ok(ui.t(Msg::SyncDisconnected).to_string()),
                Err(e) => Err(ui.fill(Msg::SyncDisconnectedNoLogout, &[&error_text(&e, ui)])),
            }));
        });
    };

    view! {
        <section class="card sync-panel" data-testid="sync-panel" aria-labelledby="sync-title">
            <h2 id="sync-title">{ui.tr(Msg::SyncTitle)}</h2>
            <p class="muted small">{ui.tr(Msg::SyncIntro)}</p>
            <form class="sync-form" on:submit=move |ev| { ev.prevent_default(); run(true); } novalidate>
                <label class="field field-wide">
                    <span>{ui.tr(Msg::SyncUrl)}</span>
                    <input type="url" data-testid="sync-url" bind:value=url placeholder="https://couchdb.example.gov.cn" autocomplete="url" />
                </label>
                <label class="field field-wide">
                    <span>{ui.tr(Msg::SyncDb)}</span>
                    <input type="text" data-testid="sync-db" bind:value=db autocapitalize="off" spellcheck="false" />
                </label>
                <label class="field">
                    <span>{ui.tr(Msg::SyncUser)}</span>
                    <input type="text" data-testid="sync-user" bind:value=user autocomplete="username" autocapitalize="off" />
                </label>
                <label class="field">
                    <span>{ui.tr(Msg::SyncPassword)}</span>
                    <input type="password" data-testid="sync-password" bind:value=password autocomplete="current-password" />
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="sync-remember" bind:checked=remember />
                    {ui.tr(Msg::SyncRemember)}
                </label>
                <div class="sync-actions">
                    <button type="button" class="btn" data-testid="sync-test" disabled=move || busy.get()
                        on:click=move |_| run(false)>{ui.tr(Msg::SyncTest)}</button>
                    <button type="submit" class="btn btn-primary" data-testid="sync-connect" disabled=move || busy.get()>{ui.tr(Msg::SyncConnect)}</button>
                    <Show when=connected>
                        <button type="button" class="btn" data-testid="sync-disconnect"
                            on:click=move |_| disconnect()>{ui.tr(Msg::SyncDisconnect)}</button>
                    </Show>
                </div>
            </form>
            {move || outcome.get().map(|o| match o {
                Ok(m) => view! { <p class="saved-note" role="status" data-testid="sync-outcome">{m}</p> }.into_any(),
                Err(m) => view! { <p class="field-error" role="alert" data-testid="sync-outcome" data-error="true">{m}</p> }.into_any(),
            })}
            <Show when=connected>
                <p class="small" data-testid="sync-connected">
                    {move || sync.config.get().map(|c| ui.fill(Msg::SyncConnectedTo, &[&c.url, &c.db, &c.user]))}
                    " · "
                    {move || ui.fill(Msg::SyncReceived, &[&sync.pulled.get()])}
                </p>
                <SyncBadge />
                <Show when=move || sync.status.with(|s| *s == SyncStatus::SignIn)>
                    <p class="small" data-testid="sync-signin">{ui.tr(Msg::SyncSignInNote)}</p>
                </Show>
                <Show when=move || matches!(sync.status.get(), SyncStatus::Syncing(_) | SyncStatus::Waiting(_))>
                    <progress class="sync-progress" data-testid="sync-progress"
                        aria-label=ui.tr(Msg::SyncTitle)></progress>
                </Show>
            </Show>
            <Show when=move || sync.problems.with(|p| !p.is_empty())>
                <div class="sync-problems" data-testid="sync-problems">
                    <p>{ui.tr(Msg::SyncProblems)}</p>
                    <ul>
                        {move || sync.problems.get().into_iter().take(20).map(|p| view! {
                            <li data-testid="sync-problem"><code>{p.id}</code> " — " {p.reason}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
        </section>
    }
}
