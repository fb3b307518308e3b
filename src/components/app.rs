//! The app shell: top bar (views, undo, export, language), then the current view.

use leptos::prelude::*;

use leptos::leptos_dom::helpers::window_event_listener;
use leptos::task::spawn_local;
use taizhang_core::share;
use taizhang_core::snapshot::Snapshot;

use crate::clock::now_ms;
use crate::components::banner::{OrphanNotice, StorageBanner};
use crate::components::dashboard::Dashboard;
use crate::components::filter_bar::FilterBar;
use crate::components::lazy::{lazy_view, poll_once, register_worker, warm_up, Warm};
use crate::components::section_list::Outline;
use crate::derived::Derived;
use crate::i18n::{Lang, Msg};
use crate::labels::{format_time, words_lang};
use crate::library::{use_library, Library, Opened};
use crate::persist::Persistence;
use crate::prefs::{use_prefs, Prefs};
use crate::routes::View;
use crate::session::{use_session, Access, Session};
use crate::storage::Loaded;
use crate::sync::Sync;
use crate::transfer::OpenError;
use taizhang_core::plans::PeriodState;

/// Where the data shown comes from.
pub enum Source {
    /// This browser's own data, loaded from localStorage and saved back.
    Local(Loaded),
    /// A snapshot opened from a share link: shown read-only, never saved.
    Shared(Snapshot),
}

/// Opening a share link: its data is decompressed and checked before anything is shown.
#[derive(Clone)]
enum LinkState {
    Opening,
    Broken(String),
    /// The plan and the snapshot, taken once by the shell that shows them.
    Ready(StoredValue<Option<(Opened, Snapshot)>, LocalStorage>),
}

/// The whole app. Mount it with `leptos::mount::mount_to_body(App)`.
///
/// A URL whose fragment is a share link (`#share=…`) opens that snapshot read-only; anything
/// else opens this browser's own data, of the plan the URL names (the embedded plan by default).
#[component]
pub fn App() -> impl IntoView {
    let hash = window().location().hash().unwrap_or_default();
    let opened_shared = share::payload_of(&hash).is_some();
    // A share link pasted into this tab, another link, or leaving a shared view: start over, so
    // that the page always shows exactly one source of data, decided at start-up.
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if opened_shared || share::payload_of(&hash).is_some() {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || on_hash.remove());
    let (library, registry_problem) = Library::new(crate::seed::seed_plan());
    provide_context(library);
    library.follow_other_tabs();
    register_worker();
    warm_up(WARM_UP);
    let Some(payload) = share::payload_of(&hash).map(str::to_string) else {
        // Another plan named in the URL (Back, Forward, a pasted link): show it.
        let on_route = window_event_listener(leptos::ev::hashchange, move |_| {
            let Some(route) = crate::routes::current() else {
                return;
            };
            let id = route.plan.unwrap_or_else(|| library.embedded_id());
            if id != library.active.get_untracked()
                && library.registry.with_untracked(|r| r.get(&id).is_some())
            {
                library.active.set(id);
            }
        });
        on_cleanup(move || on_route.remove());
        let problem = StoredValue::new(registry_problem);
        // What the shown plan is read with: a rename (a new title over the text's) re-reads it.
        let shown = Memo::new(move |_| {
            let id = library.active.get();
            let overrides = library
                .registry
                .with(|r| r.get(&id).map(|t| t.overrides.clone()));
            (id, overrides)
        });
        // The shell is mounted afresh for each plan: its own session, data and preferences.
        // The embedded plan opens at once; an added one may first wait for the plan reader's
        // chunk, while the page's loading note (index.html) stays; then the shell mounts.
        let arrived = StoredValue::new_local(None::<(String, Option<Opened>)>);
        let arrivals = RwSignal::new(0u32);
        return (move || {
            let id = shown.with(|(id, _)| id.clone());
            arrivals.track();
            let opened = match arrived.try_update_value(Option::take).flatten() {
                Some((for_id, opened)) if for_id == id => opened,
                _ => {
                    let mut opening = Box::pin(open_shown(library, id.clone()));
                    match poll_once(opening.as_mut()) {
                        Some(opened) => opened,
                        None => {
                            spawn_local(async move {
                                let opened = opening.await;
                                arrived.set_value(Some((id, opened)));
                                arrivals.update(|n| *n += 1);
                            });
                            return ().into_any();
                        }
                    }
                }
            };
            match opened {
                Some(opened) => {
                    crate::perf::start("taizhang-load");
                    let mut loaded = crate::storage::load(&opened.keys);
                    crate::perf::end("taizhang-load");
                    if loaded.problem.is_none() {
                        loaded.problem = problem.get_value();
                    }
                    view! { <Shell opened source=Source::Local(loaded) /> }.into_any()
                }
                None => view! { <p class="boot" role="alert">{Msg::PlanMissing.text(Lang::saved())}</p> }.into_any(),
            }
        })
        .into_any();
    };
    let state = RwSignal::new(LinkState::Opening);
    let lang = Lang::saved();
    spawn_local(async move {
        state.set(match open_link(library, payload, lang).await {
            Ok(ready) => LinkState::Ready(StoredValue::new_local(Some(ready))),
            Err(reason) => LinkState::Broken(reason),
        });
    });
    let broken = move |reason: String| {
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        view! {
            <main class="link-broken">
                <div class="notice notice-bad" role="alert" data-testid="link-error">
                    <span class="notice-icon" aria-hidden="true">"!"</span>
                    <p><strong>{Msg::LinkBroken.text(lang)}</strong> " " {reason}</p>
                </div>
                <a class="btn btn-primary" href="./#/overview" data-testid="open-mine">{Msg::OpenMine.text(lang)}</a>
            </main>
        }
        .into_any()
    };
    view! {
        {move || match state.get() {
            LinkState::Opening => view! {
                <p class="boot" role="status" data-testid="link-opening">{Msg::LinkOpening.text(lang)}</p>
            }.into_any(),
            LinkState::Broken(reason) => broken(reason),
            LinkState::Ready(ready) => match ready.try_update_value(Option::take).flatten() {
                Some((opened, snapshot)) => view! { <Shell opened source=Source::Shared(snapshot) /> }.into_any(),
                None => ().into_any(),
            },
        }}
    }
    .into_any()
}

/// The plan `id`, or the first tracked one when `id` is gone.
async fn open_shown(library: Library, id: String) -> Option<Opened> {
    match library.open(&id).await {
        Some(opened) => Some(opened),
        None => {
            let first = library.registry.with_untracked(|r| r.plans[0].id.clone());
            library.open(&first).await
        }
    }
}

/// Opens a share link: its snapshot decompressed and decoded, and the plan it is about. Its code
/// (the snapshot reader, and the plan reader for a plan not tracked here) is a chunk of its own
/// with the `split` feature, loaded only when a link is opened.
#[cfg(feature = "split")]
#[leptos::lazy]
async fn open_link(
    library: Library,
    payload: String,
    lang: Lang,
) -> Result<(Opened, Snapshot), String> {
    open_link_now(library, payload, lang).await
}

#[cfg(not(feature = "split"))]
async fn open_link(
    library: Library,
    payload: String,
    lang: Lang,
) -> Result<(Opened, Snapshot), String> {
    open_link_now(library, payload, lang).await
}

async fn open_link_now(
    library: Library,
    payload: String,
    lang: Lang,
) -> Result<(Opened, Snapshot), String> {
    let snapshot = match crate::transfer::open_payload(&payload).await {
        Ok(snapshot) => snapshot,
        Err(OpenError::Link(e)) => return Err(crate::i18n::link_error(&e, lang)),
        Err(OpenError::Snapshot(e)) => return Err(crate::i18n::snapshot_error(&e, lang)),
    };
    let opened = shared_plan(library, &snapshot).await?;
    Ok((opened, snapshot))
}

/// The plan a shared snapshot is about: a plan tracked here, or — when this browser does not
/// track it — the plan read from the text the link carries (shown read-only).
async fn shared_plan(library: Library, snapshot: &Snapshot) -> Result<Opened, String> {
    let lang = Lang::saved();
    let tracked_here = library
        .registry
        .with_untracked(|r| r.get(&snapshot.plan.id).is_some());
    let opened = if tracked_here {
        library.open(&snapshot.plan.id).await
    } else {
        snapshot.plan.text.as_deref().map(|text| {
            let plan = taizhang_core::plans::read(text, &snapshot.plan.overrides);
            Opened {
                tracked: taizhang_core::plans::Tracked {
                    id: plan.id.clone(),
                    title: plan.title.clone(),
                    embedded: false,
                    overrides: snapshot.plan.overrides.clone(),
                    added_at: 0,
                },
                keys: crate::storage::Keys::added(&plan.id),
                plan,
            }
        })
    };
    let opened = opened.ok_or_else(|| Msg::LinkNeedsFile.fill(lang, &[&snapshot.plan.title]))?;
    taizhang_core::snapshot::check_plan(snapshot, &opened.plan)
        .map_err(|e| crate::i18n::snapshot_error(&e, lang))?;
    Ok(opened)
}

lazy_view! {
    plan, "plan",
    fn plan_view() {
        view! {
            <crate::components::plan_header::PlanHeader />
            <crate::components::section_list::SectionList />
        }
        .into_any()
    }
}
lazy_view! {
    entry, "entry",
    fn quick_entry_view() { view! { <crate::components::quick_entry::QuickEntry /> }.into_any() }
}
lazy_view! {
    report, "report",
    fn report_view() { view! { <crate::components::report::ReportView /> }.into_any() }
}
lazy_view! {
    office, "office",
    fn office_view() { view! { <crate::components::office::Office /> }.into_any() }
}
lazy_view! {
    exchange, "exchange",
    fn exchange_view() { view! { <crate::components::exchange::Exchange /> }.into_any() }
}
lazy_view! {
    plans, "plans",
    fn plans_view() { view! { <crate::components::plans::Plans /> }.into_any() }
}

/// Loads a split point's chunk (a `lazy_view!`'s `load`), for [`WARM_UP`] and [`chunk_of`].
macro_rules! warm {
    ($($name:ident)::+) => {
        || -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
            Box::pin(async {
                let _ = $($name)::+::load().await;
            })
        }
    };
}

/// The views' chunks, the most likely next first, loaded ahead once the page is idle
/// ([`crate::components::lazy::warm_up`]): the plan view and its record panel, 本月填报 and
/// settings, the report, 督办, data exchange, plans, a plan's review, the plan reader (for
/// opening a plan brought here). Sync's loop loads when sync is set up.
const WARM_UP: &[Warm] = &[
    warm!(plan_view),
    warm!(crate::components::task_row::record_panel),
    warm!(quick_entry_view),
    warm!(crate::components::settings::settings_form),
    warm!(report_view),
    warm!(office_view),
    warm!(exchange_view),
    warm!(plans_view),
    warm!(crate::components::plans::review_view),
    warm!(crate::library::reader),
];

/// The chunk of `view`, to load as soon as a pointer is over its tab or the tab has the focus (a
/// click follows within a moment): none for the dashboard, which is in the main module.
fn chunk_of(view: View) -> Option<Warm> {
    let load: Warm = match view {
        View::Dashboard => return None,
        View::Plan => warm!(plan_view),
        View::QuickEntry => warm!(quick_entry_view),
        View::Report => warm!(report_view),
        View::Office => warm!(office_view),
        View::Exchange => warm!(exchange_view),
        View::Plans => warm!(plans_view),
    };
    Some(load)
}

/// The app around one plan and one data source.
#[component]
fn Shell(opened: Opened, source: Source) -> impl IntoView {
    let Opened {
        plan,
        tracked,
        keys,
    } = opened;
    let (data, problem, may_save, shared) = match source {
        Source::Local(loaded) => (loaded.data, loaded.problem, loaded.may_save, None),
        Source::Shared(snapshot) => (snapshot.data.clone(), None, false, Some(snapshot)),
    };
    let route_plan = (!tracked.embedded).then(|| tracked.id.clone());
    let ui = Prefs::new(&plan.id, route_plan, plan.period, shared.is_some());
    let store = Persistence::new(keys, problem, may_save);
    let access = if shared.is_some() {
        Access::ReadOnly
    } else {
        Access::Full
    };
    let sync = Sync::new(plan.id.clone());
    let session = Session::new(plan, tracked, data, shared, store, ui.my_unit, access);
    let derived = Derived::new(session, ui.as_of);
    provide_context(ui);
    provide_context(store);
    provide_context(session);
    provide_context(derived);
    provide_context(sync);
    sync.resume(session, store);

    // Keep <html lang> in step with the UI language, for screen readers and font selection.
    Effect::new(move |_| {
        let lang = ui.lang.get();
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
        <div class="layout" class:layout-single=move || ui.view.get() == View::Plans>
            <Show when=move || !matches!(ui.view.get(), View::Plans)>
                <aside class="outline-pane">
                    <Outline />
                </aside>
            </Show>
            <main id="main" class="content">
                <Show when=move || session.readonly()>
                    <SharedBanner />
                </Show>
                <StorageBanner />
                <OrphanNotice />
                <PeriodNote />
                <Show when=move || !matches!(ui.view.get(), View::Exchange | View::Plans)>
                    <FilterBar />
                </Show>
                // Only the dashboard is in the main wasm; each other view's code is a chunk
                // loaded when it first opens (components::lazy).
                {move || match ui.view.get() {
                    View::Dashboard => view! { <Dashboard /> }.into_any(),
                    View::QuickEntry => quick_entry_view().into_any(),
                    View::Report => report_view().into_any(),
                    View::Office => office_view().into_any(),
                    View::Exchange => exchange_view().into_any(),
                    View::Plans => plans_view().into_any(),
                    View::Plan => plan_view().into_any(),
                }}
            </main>
        </div>
        <footer class="footer">{ui.tr(Msg::Footer)}</footer>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let toggle_lang = move |_| {
        ui.lang.update(|l| {
            *l = match l {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        })
    };
    let nav = move |view: View, msg: Msg, id: &'static str| {
        let ahead = move || {
            if let Some(load) = chunk_of(view) {
                spawn_local(load());
            }
        };
        view! {
            <button type="button" class="nav-tab" data-testid=id
                aria-current=move || (ui.view.get() == view).then_some("page")
                on:pointerenter=move |_| ahead()
                on:focus=move |_| ahead()
                on:click=move |_| ui.view.set(view)>
                {move || ui.t(msg)}
            </button>
        }
    };
    let export = move |_| {
        crate::transfer::export(session, ui, None);
    };
    let exported_note = move || {
        let last = session.data().with(|d| d.last_exported_at);
        match last {
            None => ui.t(Msg::NeverExported).to_string(),
            Some(at) => {
                let days = (now_ms() - at).max(0) / 86_400_000;
                if days == 0 {
                    ui.t(Msg::ExportedToday).to_string()
                } else {
                    ui.fill(Msg::ExportedDaysAgo, &[&days])
                }
            }
        }
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"账"</span>
                <span class="brand-name">{ui.tr(Msg::AppName)}</span>
                <span class="brand-tagline">{ui.tr(Msg::AppTagline)}</span>
            </div>
            {(!session.readonly()).then(|| view! { <PlanSwitch /> })}
            <nav class="nav" aria-label=ui.tr(Msg::AppName)>
                {nav(View::Dashboard, Msg::NavDashboard, "nav-dashboard")}
                {nav(View::Plan, Msg::NavPlan, "nav-plan")}
                {(!session.readonly()).then(|| nav(View::QuickEntry, Msg::NavQuickEntry, "nav-quick-entry"))}
                {nav(View::Report, Msg::NavReport, "nav-report")}
                {nav(View::Office, Msg::NavOffice, "nav-office")}
                {nav(View::Exchange, Msg::NavExchange, "nav-exchange")}
                {(!session.readonly()).then(|| nav(View::Plans, Msg::NavPlans, "nav-plans"))}
            </nav>
            <div class="topbar-actions">
                <crate::components::sync_panel::SyncBadge />
                {(!session.readonly()).then(|| view! {
                <button type="button" class="btn btn-ghost" data-testid="undo"
                    disabled=move || session.undo_depth().get() == 0
                    title=move || if session.undo_depth().get() == 0 { ui.t(Msg::NothingToUndo) } else { ui.t(Msg::Undo) }
                    on:click=move |_| session.undo()>
                    "↶ " {ui.tr(Msg::Undo)}
                </button>
                <button type="button" class="btn btn-ghost" data-testid="export" on:click=export title=exported_note>
                    {ui.tr(Msg::Export)}
                </button>
                <span class="export-note" data-testid="export-note">{exported_note}</span>
                })}
                <button type="button" class="btn btn-ghost" data-testid="lang-switch" on:click=toggle_lang
                    lang=move || match ui.lang.get() { Lang::Zh => "en", Lang::En => "zh-CN" }>
                    {ui.tr(Msg::SwitchLanguage)}
                </button>
            </div>
        </header>
    }
}

/// Says when today lies outside the plan's period (a plan whose year has ended opens at its last
/// day, not against a year that is over).
#[component]
fn PeriodNote() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let period = session.parsed.with_value(|p| p.period);
    let note = match taizhang_core::plans::period_state(ui.today, period) {
        PeriodState::Running => None,
        PeriodState::Ended => Some((Msg::PeriodEnded, period.end)),
        PeriodState::NotStarted => Some((Msg::PeriodNotStarted, period.start)),
    };
    note.map(|(msg, date)| {
        view! {
            <p class="period-note" role="note" data-testid="period-note">
                <span class="notice-icon" aria-hidden="true">"i"</span>
                {move || ui.fill(msg, &[&date])}
            </p>
        }
    })
}

/// The plan shown, and the others tracked here: choosing one opens it (the URL follows).
#[component]
fn PlanSwitch() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let library = use_library();
    let shown = session.tracked.with_value(|t| t.id.clone());
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        library.show(&id, ui.view.get_untracked());
    };
    view! {
        <label class="plan-switch">
            <span class="visually-hidden">{ui.tr(Msg::SwitchPlan)}</span>
            <select data-testid="plan-switch" on:change=on_change>
                {move || library.registry.get().plans.into_iter().map(|t| {
                    let selected = t.id == shown;
                    let name = library.name_of(&t);
                    let lang = words_lang(&name);
                    view! { <option value=t.id.clone() selected=selected lang=lang>{name}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// Says, on every view, that the data shown came from a share link and is not saved here.
#[component]
fn SharedBanner() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let (unit, at) = session
        .shared
        .with_value(|s| {
            s.as_ref()
                .map(|s| (s.unit.clone().unwrap_or_default(), s.exported_at))
        })
        .unwrap_or_default();
    view! {
        <div class="banner banner-shared" role="status" data-testid="shared-banner">
            <span class="banner-icon" aria-hidden="true">"i"</span>
            <p class="banner-text">
                <strong>{ui.tr(Msg::SharedBanner)}</strong>
                {(!unit.is_empty()).then(|| view! { " " {ui.tr(Msg::SharedBy)} "：" <span data-testid="shared-unit">{unit.clone()}</span> })}
                " " {ui.tr(Msg::SharedAt)} "：" {format_time(at)}
            </p>
            <div class="banner-actions">
                <button type="button" class="btn btn-primary" data-testid="import-shared"
                    on:click=move |_| ui.view.set(View::Exchange)>
                    {ui.tr(Msg::ImportShared)}
                </button>
                <a class="btn" href="./#/overview" data-testid="open-mine">{ui.tr(Msg::OpenMine)}</a>
            </div>
        </div>
    }
}
