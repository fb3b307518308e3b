//! The storage banner: tells the user, in their language, when their data could not be read or
//! saved, and offers the data as a file so nothing is lost.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::state::use_app;
use crate::storage::StorageProblem;

#[component]
pub fn StorageBanner() -> impl IntoView {
    let ctx = use_app();
    let message = move || {
        ctx.problem.with(|p| {
            p.as_ref().map(|p| match p {
                StorageProblem::Unavailable => ctx.t(Msg::StorageUnavailable).to_string(),
                StorageProblem::Unreadable {
                    error, backup_key, ..
                } => {
                    let kept = match backup_key {
                        Some(_) => ctx.t(Msg::StorageUnreadableKept),
                        None => ctx.t(Msg::StorageUnreadableNotKept),
                    };
                    format!("{} {} ({error})", ctx.t(Msg::StorageUnreadable), kept)
                }
                StorageProblem::Full => ctx.t(Msg::StorageFull).to_string(),
                StorageProblem::WriteFailed(why) => {
                    format!("{} ({why})", ctx.t(Msg::StorageWriteFailed))
                }
            })
        })
    };
    let download_unreadable = move |_| {
        ctx.problem.with_untracked(|p| {
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
        let json = ctx.data.with_untracked(taizhang_core::userdata::encode);
        crate::files::download("taizhang-data.json", "application/json", &json);
    };
    let is_unreadable = move || {
        ctx.problem
            .with(|p| matches!(p, Some(StorageProblem::Unreadable { .. })))
    };
    view! {
        <Show when=move || ctx.problem.with(Option::is_some)>
            <div class="banner banner-warn" role="alert" data-testid="storage-banner">
                <span class="banner-icon" aria-hidden="true">"!"</span>
                <p class="banner-text">{message}</p>
                <div class="banner-actions">
                    <Show
                        when=is_unreadable
                        fallback=move || view! {
                            <button type="button" class="btn" on:click=download_current>
                                {move || ctx.t(Msg::DownloadData)}
                            </button>
                        }
                    >
                        <button type="button" class="btn" data-testid="download-unreadable" on:click=download_unreadable>
                            {move || ctx.t(Msg::DownloadUnreadable)}
                        </button>
                    </Show>
                    <button type="button" class="btn" on:click=move |_| ctx.problem.set(None)>
                        {move || ctx.t(Msg::Dismiss)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Tells the user about corrections and entries whose task or target is no longer in the plan.
/// They are kept (never dropped) and stay in exports, ready to be re-attached.
#[component]
pub fn OrphanNotice() -> impl IntoView {
    let ctx = use_app();
    let orphan_entries = Memo::new(move |_| {
        ctx.plan.with(|p| {
            let known: std::collections::HashSet<&str> = p
                .tasks()
                .map(|t| t.id.as_str())
                .chain(p.targets().map(|t| t.id.as_str()))
                .collect();
            ctx.ledger
                .with(|l| l.subjects().filter(|s| !known.contains(s)).count())
        })
    });
    let count = move || ctx.orphans.with(Vec::len) + orphan_entries.get();
    view! {
        <Show when=move || { count() > 0 }>
            <div class="banner banner-info" role="status" data-testid="orphan-notice">
                <span class="banner-icon" aria-hidden="true">"i"</span>
                <p class="banner-text">{count} " " {move || ctx.t(Msg::OrphanCorrections)}</p>
            </div>
        </Show>
    }
}
