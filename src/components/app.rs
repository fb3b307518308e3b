//! The app shell: top bar (views, undo, export, language), then the current view.

use leptos::prelude::*;

use crate::components::banner::{OrphanNotice, StorageBanner};
use crate::components::dashboard::Dashboard;
use crate::components::filter_bar::FilterBar;
use crate::components::plan_header::PlanHeader;
use crate::components::quick_entry::QuickEntry;
use crate::components::report::ReportView;
use crate::components::section_list::{Outline, SectionList};
use crate::i18n::{Lang, Msg};
use crate::state::{now_ms, use_app, AppCtx, View};

/// The whole app. Mount it with `leptos::mount::mount_to_body(App)`.
#[component]
pub fn App() -> impl IntoView {
    let ctx = AppCtx::new(crate::seed::seed_plan(), crate::storage::load());
    provide_context(ctx);

    // Keep <html lang> in step with the UI language, for screen readers and font selection.
    Effect::new(move |_| {
        let lang = ctx.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.html_lang());
        }
    });
    // The static "loading" note in index.html has served its purpose once we are mounted.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }

    view! {
        <TopBar />
        <div class="layout">
            <aside class="outline-pane">
                <Outline />
            </aside>
            <main id="main" class="content">
                <StorageBanner />
                <OrphanNotice />
                <FilterBar />
                {move || match ctx.view.get() {
                    View::Dashboard => view! { <Dashboard /> }.into_any(),
                    View::QuickEntry => view! { <QuickEntry /> }.into_any(),
                    View::Report => view! { <ReportView /> }.into_any(),
                    View::Plan => view! { <PlanHeader /> <SectionList /> }.into_any(),
                }}
            </main>
        </div>
        <footer class="footer">{move || ctx.t(Msg::Footer)}</footer>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let ctx = use_app();
    let toggle_lang = move |_| {
        ctx.lang.update(|l| {
            *l = match l {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        })
    };
    let nav = move |view: View, msg: Msg, id: &'static str| {
        view! {
            <button type="button" class="nav-tab" data-testid=id
                aria-current=move || (ctx.view.get() == view).then_some("page")
                on:click=move |_| ctx.view.set(view)>
                {move || ctx.t(msg)}
            </button>
        }
    };
    let export = move |_| {
        let json = ctx.data.with_untracked(taizhang_core::userdata::encode);
        let unit = ctx.my_unit.get_untracked();
        let name = format!(
            "taizhang-{}{}-{}.json",
            ctx.plan.with_untracked(|p| p.title.clone()),
            if unit.trim().is_empty() {
                String::new()
            } else {
                format!("-{}", unit.trim())
            },
            ctx.today
        );
        if crate::files::download(&name, "application/json", &json) {
            ctx.mark_exported();
        }
    };
    let exported_note = move || {
        let last = ctx.data.with(|d| d.last_exported_at);
        match last {
            None => ctx.t(Msg::NeverExported).to_string(),
            Some(at) => {
                let days = (now_ms() - at).max(0) / 86_400_000;
                if days == 0 {
                    ctx.t(Msg::ExportedToday).to_string()
                } else {
                    format!("{days} {}", ctx.t(Msg::ExportedDaysAgo))
                }
            }
        }
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"账"</span>
                <span class="brand-name">{move || ctx.t(Msg::AppName)}</span>
                <span class="brand-tagline">{move || ctx.t(Msg::AppTagline)}</span>
            </div>
            <nav class="nav" aria-label=move || ctx.t(Msg::AppName)>
                {nav(View::Dashboard, Msg::NavDashboard, "nav-dashboard")}
                {nav(View::Plan, Msg::NavPlan, "nav-plan")}
                {nav(View::QuickEntry, Msg::NavQuickEntry, "nav-quick-entry")}
                {nav(View::Report, Msg::NavReport, "nav-report")}
            </nav>
            <div class="topbar-actions">
                <button type="button" class="btn btn-ghost" data-testid="undo"
                    disabled=move || ctx.undo_depth.get() == 0
                    title=move || if ctx.undo_depth.get() == 0 { ctx.t(Msg::NothingToUndo) } else { ctx.t(Msg::Undo) }
                    on:click=move |_| ctx.undo()>
                    "↶ " {move || ctx.t(Msg::Undo)}
                </button>
                <button type="button" class="btn btn-ghost" data-testid="export" on:click=export title=exported_note>
                    {move || ctx.t(Msg::Export)}
                </button>
                <span class="export-note" data-testid="export-note">{exported_note}</span>
                <button type="button" class="btn btn-ghost" data-testid="lang-switch" on:click=toggle_lang>
                    {move || ctx.t(Msg::SwitchLanguage)}
                </button>
            </div>
        </header>
    }
}
