//! The app shell: top bar, plan header, outline and sections.

use leptos::prelude::*;

use crate::components::banner::StorageBanner;
use crate::components::plan_header::PlanHeader;
use crate::components::section_list::{Outline, SectionList};
use crate::i18n::{Lang, Msg};
use crate::state::{use_app, AppCtx};

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
                <PlanHeader />
                <SectionList />
            </main>
        </div>
        <footer class="footer">{move || ctx.t(Msg::Footer)}</footer>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let ctx = use_app();
    let toggle = move |_| {
        ctx.lang.update(|l| {
            *l = match l {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        })
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"账"</span>
                <span class="brand-name">{move || ctx.t(Msg::AppName)}</span>
                <span class="brand-tagline">{move || ctx.t(Msg::AppTagline)}</span>
            </div>
            <button type="button" class="btn btn-ghost" data-testid="lang-switch" on:click=toggle>
                {move || ctx.t(Msg::SwitchLanguage)}
            </button>
        </header>
    }
}
