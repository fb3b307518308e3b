//! 计划: the plans tracked here (open, rename, delete with undo, the storage each takes) and
//! 新建计划 — bring a plan (paste its text, or open a text or Word file), review how it was read,
//! correct it, then track it. Nothing is stored before the person confirms.

use leptos::prelude::*;
use leptos::task::spawn_local;
use taizhang_core::docx::DocxError;
use taizhang_core::filter::Filter;
use taizhang_core::plans::{self, default_as_of, Overrides, TextError, Tracked};
use taizhang_core::userdata::UserData;
use taizhang_core::Diagnostic;

use crate::components::lazy::lazy_view;
use crate::components::plan_header::PlanHeader;
use crate::components::section_list::SectionList;
use crate::derived::Derived;
use crate::i18n::{Lang, Msg};
use crate::labels::{storage_problem_text, words_lang};
use crate::library::{use_library, Draft};
use crate::persist::Persistence;
use crate::planfile::{self, PlanFileError};
use crate::prefs::{use_prefs, Prefs};
use crate::routes::View;
use crate::session::{use_session, Access, Session};
use crate::storage::{Keys, StorageProblem};

/// A plan file's problem, as a sentence that says what to do instead.
fn file_error_text(e: &PlanFileError, lang: Lang) -> String {
    match e {
        PlanFileError::Empty => Msg::FileEmpty.text(lang).to_string(),
        PlanFileError::TooLarge { bytes } => Msg::TextTooLarge.fill(lang, &[&kilobytes(*bytes)]),
        PlanFileError::Pdf => Msg::FilePdf.text(lang).to_string(),
        PlanFileError::Image => Msg::FileImage.text(lang).to_string(),
        PlanFileError::OldOffice => Msg::FileOldOffice.text(lang).to_string(),
        PlanFileError::NotWord(why) => {
            let reason = match why {
                DocxError::NotWord => Msg::DocxNotWord,
                DocxError::Damaged | DocxError::NotText => Msg::DocxDamaged,
                DocxError::Encrypted | DocxError::Ole => Msg::DocxEncrypted,
                DocxError::Rtf => Msg::DocxRtf,
                _ => Msg::DocxOther,
            };
            Msg::FileNotWord.fill(lang, &[&reason.text(lang)])
        }
        PlanFileError::Binary => Msg::FileBinary.text(lang).to_string(),
        PlanFileError::Unreadable => Msg::FileUnreadable.text(lang).to_string(),
    }
}

fn kilobytes(bytes: usize) -> String {
    taizhang_core::share::kilobytes(bytes)
}

/// The plans view: the list, then bringing a new plan and reviewing it.
#[component]
pub fn Plans() -> impl IntoView {
    let ui = use_prefs();
    let library = use_library();
    view! {
        <section class="plans" data-testid="plans" aria-labelledby="plans-title">
            <h1 id="plans-title" class="view-title">{ui.tr(Msg::NavPlans)}</h1>
            <PlanList />
            {move || match library.draft.with(Option::is_some) {
                false => view! { <NewPlan /> }.into_any(),
                true => review_view().into_any(),
            }}
        </section>
    }
}

lazy_view! {
    review, "review",
    /// The review of the plan being brought, from a chunk of its own: the plan reader and the
    /// plan view's components load when a plan is brought (or when the form is first used),
    /// not when the list of plans opens.
    fn review_view() {
        match use_library().draft.get_untracked() {
            Some(draft) => view! { <Review draft /> }.into_any(),
            None => ().into_any(),
        }
    }
}

/// The plans tracked here, with their storage, rename and delete (undoable).
#[component]
fn PlanList() -> impl IntoView {
    let ui = use_prefs();
    let library = use_library();
    let session = use_session();
    let problem = RwSignal::new(None::<String>);
    let usage = Memo::new(move |_| library.registry.with(crate::storage::usage));
    let renaming = RwSignal::new(None::<String>);
    let name_input = RwSignal::new(String::new());
    let lang = move || ui.lang.get_untracked();
    let report = move |r: Result<(), StorageProblem>| match r {
        Ok(()) => problem.set(None),
        Err(p) => problem.set(Some(storage_problem_text(&p, Msg::StorageFull, lang()))),
    };
    view! {
        <div class="card" data-testid="plan-list">
            <h2>{ui.tr(Msg::MyPlans)}</h2>
            <ul class="plan-list">
                <For
                    each=move || library.registry.get().plans
                    key=|t| (t.id.clone(), t.overrides.clone())
                    children=move |t: Tracked| {
                        let id = StoredValue::new(t.id.clone());
                        let name = library.name_of(&t);
                        let shown = move || id.with_value(|id| *id == session.tracked.with_value(|s| s.id.clone()));
                        let size = move || usage.with(|(per, _)| {
                            per.iter().find(|(p, _)| id.with_value(|id| p == id)).map_or(0, |(_, n)| *n)
                        });
                        let embedded = t.embedded;
                        view! {
                            <li class="plan-item" data-testid="plan-item" data-plan=t.id.clone()>
                                <div class="plan-item-main">
                                    <strong data-testid="plan-name" lang=words_lang(&name)>{name.clone()}</strong>
                                    {embedded.then(|| view! { <span class="badge">{ui.tr(Msg::PlanEmbedded)}</span> })}
                                    <Show when=shown>
                                        <span class="badge badge-current">{ui.tr(Msg::PlanShown)}</span>
                                    </Show>
                                    <span class="muted small" data-testid="plan-size">
                                        {move || ui.fill(Msg::PlanSize, &[&kilobytes(size() * 2)])}
                                    </span>
                                </div>
                                <div class="plan-item-actions">
                                    <Show when=move || !shown()>
                                        <button type="button" class="btn btn-small btn-primary" data-testid="open-plan"
                                            on:click=move |_| id.with_value(|id| library.show(id, View::Dashboard))>
                                            {ui.tr(Msg::OpenPlan)}
                                        </button>
                                    </Show>
                                    <button type="button" class="btn btn-small" data-testid="rename-plan"
                                        on:click={
                                            let name = name.clone();
                                            move |_| {
                                                name_input.set(name.clone());
                                                renaming.set(Some(id.get_value()));
                                            }
                                        }>
                                        {ui.tr(Msg::RenamePlan)}
                                    </button>
                                    <button type="button" class="btn btn-small btn-danger" data-testid="delete-plan"
                                        on:click=move |_| {
                                            let doomed = id.get_value();
                                            let was_shown = shown();
                                            report(library.delete(&doomed));
                                            if was_shown {
                                                let first = library.registry.with_untracked(|r| r.plans[0].id.clone());
                                                library.show(&first, View::Plans);
                                            }
                                        }>
                                        {ui.tr(Msg::DeletePlan)}
                                    </button>
                                </div>
                                <Show when=move || renaming.get().is_some_and(|r| id.with_value(|id| r == *id))>
                                    <form class="rename-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                        ev.prevent_default();
                                        report(library.rename(&id.get_value(), &name_input.get_untracked()));
                                        renaming.set(None);
                                    }>
                                        <label class="field">
                                            <span>{ui.tr(Msg::PlanName)}</span>
                                            <input type="text" data-testid="plan-name-input" bind:value=name_input />
                                        </label>
                                        <button type="submit" class="btn btn-small btn-primary" data-testid="save-plan-name">{ui.tr(Msg::Save)}</button>
                                    </form>
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
            {move || library.registry.with(|r| r.trash.clone()).map(|t| {
                let name = library.name_of(&t);
                view! {
                    <div class="notice notice-info" role="status" data-testid="plan-deleted">
                        <span class="notice-icon" aria-hidden="true">"i"</span>
                        <p>{ui.fill(Msg::PlanDeleted, &[&name])}</p>
                        <button type="button" class="btn btn-small" data-testid="undelete-plan"
                            on:click=move |_| match library.undelete() {
                                Ok(Some(id)) => library.show(&id, View::Plan),
                                Ok(None) => {}
                                Err(p) => problem.set(Some(storage_problem_text(&p, Msg::StorageFull, lang()))),
                            }>
                            "↶ " {ui.t(Msg::UndeletePlan)}
                        </button>
                    </div>
                }
            })}
            <p class="muted small" data-testid="storage-total">
                {move || usage.with(|(_, total)| ui.fill(Msg::StorageTotal, &[&kilobytes(total * 2)]))}
            </p>
            {move || problem.get().map(|p| view! {
                <div class="notice notice-bad" role="alert" data-testid="plan-list-error">
                    <span class="notice-icon" aria-hidden="true">"!"</span>
                    <p>{p}</p>
                </div>
            })}
        </div>
    }
}

/// 新建计划: paste a plan's text or open a file.
#[component]
fn NewPlan() -> impl IntoView {
    let ui = use_prefs();
    let library = use_library();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reading = RwSignal::new(false);
    let start = move |text: String, source: String| {
        if let Err(e) = plans::check_text(&text) {
            let lang = ui.lang.get_untracked();
            error.set(Some(match e {
                TextError::Empty => Msg::PasteEmpty.text(lang).to_string(),
                TextError::TooLarge { bytes } => Msg::TextTooLarge.fill(lang, &[&kilobytes(bytes)]),
            }));
            return;
        }
        error.set(None);
        crate::perf::start("taizhang-review");
        library
            .draft
            .set(Some(Draft::new(text, source, Overrides::default(), None)));
    };
    // The review's code (the plan reader, the plan view's parts) starts loading as soon as
    // the form is used, so that it is in by the time the text or the file is read.
    let review_asked = StoredValue::new(false);
    let ready_review = move || {
        if !review_asked.get_value() {
            review_asked.set_value(true);
            spawn_local(async {
                let _ = review_view::load().await;
            });
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = planfile::take_chosen(&ev) else {
            return;
        };
        ready_review();
        let name = file.name();
        error.set(None);
        reading.set(true);
        spawn_local(async move {
            let read = planfile::read(file).await;
            reading.set(false);
            match read {
                Ok(t) => start(t, name),
                Err(e) => error.set(Some(file_error_text(&e, ui.lang.get_untracked()))),
            }
        });
    };
    view! {
        <div class="card" data-testid="new-plan">
            <h2>{ui.tr(Msg::NewPlan)}</h2>
            <p class="muted">{ui.tr(Msg::NewPlanIntro)}</p>
            <form on:focusin=move |_| ready_review() on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                start(text.get_untracked(), String::new());
            }>
                <label class="field field-wide">
                    <span>{ui.tr(Msg::PastePlan)}</span>
                    <textarea rows="10" data-testid="plan-text" bind:value=text
                        placeholder=ui.tr(Msg::PastePlanHint)></textarea>
                </label>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" data-testid="read-plan">{ui.tr(Msg::ReadPlan)}</button>
                    <label class="btn">
                        <span>{ui.tr(Msg::OpenPlanFile)}</span>
                        <input type="file" class="visually-hidden" data-testid="plan-file"
                            accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            on:change=on_file />
                    </label>
                    <Show when=move || reading.get()>
                        <span class="muted" role="status">{ui.tr(Msg::ReadingFile)}</span>
                    </Show>
                </div>
            </form>
            {move || error.get().map(|e| view! {
                <div class="notice notice-bad" role="alert" data-testid="plan-error">
                    <span class="notice-icon" aria-hidden="true">"!"</span>
                    <p>{e}</p>
                </div>
            })}
        </div>
    }
}

/// The reading of a plan, before anything is stored: the header (editable), the parser's
/// notes, then the plan as it will be tracked, with the usual corrections. Confirm tracks it;
/// cancel drops it.
#[component]
fn Review(draft: Draft) -> impl IntoView {
    let outer = use_prefs();
    let library = use_library();
    let Draft {
        text,
        source,
        overrides,
        incoming,
    } = draft;
    // The text's own reading, and the plan as shown with what the sender set over it (a file's
    // overrides): a confirmed override is whatever differs from the text's own reading.
    let own = taizhang_core::parse_plan(&text);
    let own_header = StoredValue::new((
        own.title.clone(),
        own.issuer.clone(),
        own.period.start.year(),
    ));
    let own_id_and_title = StoredValue::new((own.id.clone(), own.title.clone()));
    let parsed = overrides.apply(own);
    let id = parsed.id.clone();
    let already = library.registry.with_untracked(|r| r.get(&id).is_some());
    let title = RwSignal::new(parsed.title.clone());
    let issuer = RwSignal::new(parsed.issuer.clone());
    let year = RwSignal::new(parsed.period.start.year().to_string());
    let diagnostics = parsed.diagnostics.clone();
    let counts = (
        parsed.sections.len(),
        parsed.points().count(),
        parsed.tasks().count(),
        parsed.targets().count(),
    );

    // The review is the plan view of a session of its own: corrections work as everywhere,
    // kept in memory, and become the plan's first data when it is tracked.
    let today = outer.today;
    let ui = Prefs {
        lang: outer.lang,
        view: RwSignal::new(View::Plan),
        filter: RwSignal::new(Filter::default()),
        as_of: RwSignal::new(default_as_of(today, parsed.period)),
        my_unit: outer.my_unit,
        today,
    };
    let tracked = Tracked {
        id: id.clone(),
        title: parsed.title.clone(),
        embedded: false,
        overrides: overrides.clone(),
        added_at: 0,
    };
    let store = Persistence::new(Keys::added(&id), None, false);
    let session = Session::new(
        parsed,
        tracked,
        incoming.clone().unwrap_or_default(),
        None,
        store,
        ui.my_unit,
        Access::Review,
    );
    let derived = Derived::new(session, ui.as_of);
    provide_context(ui);
    provide_context(store);
    provide_context(session);
    provide_context(derived);
    crate::perf::end("taizhang-review");

    let problem = RwSignal::new(None::<String>);
    let text = StoredValue::new(text);
    let confirm = move |_| {
        let lang = ui.lang.get_untracked();
        let Some(chosen_year) = year
            .get_untracked()
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| plans::year_period(*y).is_some())
        else {
            problem.set(Some(Msg::ErrYear.text(lang).to_string()));
            return;
        };
        // Only what differs from the text's own reading is an override.
        let (own_title, own_issuer, own_year) = own_header.get_value();
        let differs = |value: String, own: &str| if value == own { String::new() } else { value };
        let overrides = Overrides {
            title: differs(title.get_untracked().trim().to_string(), &own_title),
            issuer: differs(issuer.get_untracked().trim().to_string(), &own_issuer),
            year: Some(chosen_year).filter(|y| *y != own_year),
        };
        let (plan_id, own_title) = own_id_and_title.get_value();
        let data: UserData = session.data().get_untracked();
        match text.with_value(|t| library.add(&plan_id, &own_title, t, overrides, &data)) {
            Ok(()) => {
                library.draft.set(None);
                library.show(&plan_id, View::Plan);
            }
            Err(p) => problem.set(Some(storage_problem_text(&p, Msg::PlanStorageFull, lang))),
        }
    };
    let cancel = move |_| library.draft.set(None);
    let open_existing = {
        let id = id.clone();
        move |_| {
            library.draft.set(None);
            library.show(&id, View::Plan);
        }
    };
    let (sections, points, tasks, targets) = counts;
    view! {
        <div class="card review" data-testid="review">
            <h2>{ui.tr(Msg::ReviewTitle)}</h2>
            {(!source.is_empty()).then(|| view! { <p class="muted small" data-testid="review-source">{source.clone()}</p> })}
            <p class="muted">{ui.tr(Msg::ReviewIntro)}</p>
            {already.then(|| view! {
                <div class="notice notice-info" role="status" data-testid="plan-already">
                    <span class="notice-icon" aria-hidden="true">"i"</span>
                    <p>{ui.tr(Msg::PlanAlready)}</p>
                    <button type="button" class="btn btn-small btn-primary" data-testid="open-existing" on:click=open_existing.clone()>
                        {ui.tr(Msg::OpenPlan)}
                    </button>
                </div>
            })}
            <div class="review-header">
                <label class="field field-wide">
                    <span>{ui.tr(Msg::PlanTitle)}</span>
                    <input type="text" data-testid="review-title" bind:value=title />
                </label>
                <label class="field">
                    <span>{ui.tr(Msg::IssuedBy)}</span>
                    <input type="text" data-testid="review-issuer" bind:value=issuer />
                </label>
                <label class="field field-short">
                    <span>{ui.tr(Msg::PlanYear)}</span>
                    <input type="text" inputmode="numeric" data-testid="review-year" bind:value=year />
                </label>
            </div>
            <p class="review-counts" data-testid="review-counts">
                {move || ui.fill(Msg::ReviewCounts, &[&sections, &points, &tasks, &targets])}
            </p>
            <Diagnostics diagnostics />
            <div class="form-actions">
                <Show when=move || !already>
                    <button type="button" class="btn btn-primary" data-testid="confirm-plan" on:click=confirm>
                        {ui.tr(Msg::TrackPlan)}
                    </button>
                </Show>
                <button type="button" class="btn" data-testid="cancel-plan" on:click=cancel>
                    {ui.tr(Msg::Cancel)}
                </button>
            </div>
            {move || problem.get().map(|p| view! {
                <div class="notice notice-bad" role="alert" data-testid="review-error">
                    <span class="notice-icon" aria-hidden="true">"!"</span>
                    <p>{p}</p>
                </div>
            })}
            <div class="review-plan">
                <PlanHeader />
                <SectionList />
            </div>
        </div>
    }
}

/// The parser's notes on the text: what it guessed, next to the text it concerns.
#[component]
fn Diagnostics(diagnostics: Vec<Diagnostic>) -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    if diagnostics.is_empty() {
        return ().into_any();
    }
    let items = diagnostics
        .into_iter()
        .map(|d| {
            let excerpt = session.parsed.with_value(|p| {
                let text: String = p
                    .source
                    .chars()
                    .skip(d.span.start())
                    .take(d.span.len().min(60))
                    .collect();
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            });
            view! {
                // The parser's notes and the plan's text are Chinese whatever the UI language.
                <li data-testid="diagnostic" data-code=d.code.clone() lang="zh-CN">
                    <span>{d.message.clone()}</span>
                    {(!excerpt.is_empty()).then(|| view! { <q class="muted small">{excerpt}</q> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="diagnostics" open data-testid="diagnostics">
            <summary>{ui.tr(Msg::ParserNotes)}</summary>
            <ul>{items}</ul>
        </details>
    }
    .into_any()
}
