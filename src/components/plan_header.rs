//! The plan's title block: title, issuer, date, period and headline counts.

use leptos::prelude::*;
use taizhang_core::TaskKind;

use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::words_lang;
use crate::prefs::use_prefs;

#[component]
pub fn PlanHeader() -> impl IntoView {
    let ui = use_prefs();
    let derived = use_derived();
    let plan = derived.plan;
    let title = move || plan.with(|p| p.title.clone());
    let issuer = move || plan.with(|p| p.issuer.clone());
    let issued = move || {
        plan.with(|p| {
            p.issued_on
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into())
        })
    };
    let period = move || plan.with(|p| format!("{} — {}", p.period.start, p.period.end));
    let counts = Memo::new(move |_| {
        plan.with(|p| {
            let tasks = p.tasks().count();
            let milestones = p.tasks().filter(|t| t.kind == TaskKind::Milestone).count();
            (
                p.sections.len(),
                p.points().count(),
                tasks,
                p.targets().count(),
                milestones,
            )
        })
    });
    let stat = move |value: fn((usize, usize, usize, usize, usize)) -> usize,
                     label: Msg,
                     id: &'static str| {
        view! {
            <div class="stat" data-testid=id>
                <span class="stat-value">{move || value(counts.get())}</span>
                <span class="stat-label">{move || ui.t(label)}</span>
            </div>
        }
    };
    view! {
        <section class="plan-header" aria-labelledby="plan-title">
            <h1 id="plan-title" data-testid="plan-title" lang="zh-CN">{title}</h1>
            <dl class="plan-meta">
                <div><dt>{ui.tr(Msg::IssuedBy)}</dt><dd data-testid="plan-issuer" lang=move || plan.with(|p| words_lang(&p.issuer))>{issuer}</dd></div>
                <div><dt>{ui.tr(Msg::IssuedOn)}</dt><dd data-testid="plan-issued-on">{issued}</dd></div>
                <div><dt>{ui.tr(Msg::Period)}</dt><dd>{period}</dd></div>
            </dl>
            <div class="stats">
                {stat(|c| c.0, Msg::Sections, "stat-sections")}
                {stat(|c| c.1, Msg::Points, "stat-points")}
                {stat(|c| c.2, Msg::Tasks, "stat-tasks")}
                {stat(|c| c.3, Msg::Targets, "stat-targets")}
                {stat(|c| c.4, Msg::Milestones, "stat-milestones")}
            </div>
        </section>
    }
}
