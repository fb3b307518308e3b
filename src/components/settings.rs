//! Pacing settings: the thresholds of the 序时进度 rule, and per target a quarterly profile and a
//! roll-up weight. Checked with the one settings validator (`Settings::validate`, the rule that
//! snapshot files are held to too); saved as user data (they travel in exports).

use std::collections::BTreeMap;

use leptos::prelude::*;
use taizhang_core::figure::parse_figure;
use taizhang_core::pacing::Settings;
use wasm_bindgen::JsCast;

use crate::components::lazy::lazy_view;
use crate::derived::use_derived;
use crate::i18n::{settings_error_msg, Msg};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// One target's row of inputs.
#[derive(Clone)]
struct Row {
    id: String,
    label: String,
    q: [RwSignal<String>; 3],
    weight: RwSignal<String>,
}

fn number(s: &str) -> Option<f64> {
    parse_figure(s)
        .ok()
        .map(|d| d.to_f64())
        .filter(|v| v.is_finite())
}

fn fmt(v: f64) -> String {
    // Settings hold short decimals typed by people; trim a float's noise for display.
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The settings' closed panel on the dashboard. The form (a row of inputs per target) is built
/// when the panel is first opened, not with the dashboard (a third of the dashboard's elements
/// were this closed panel), and its code is a chunk of its own, loaded then.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let ui = use_prefs();
    let opened = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .is_some_and(|d| d.open());
        if open {
            opened.set(true);
        }
    };
    view! {
        <details class="settings" data-testid="settings" on:toggle=on_toggle>
            <summary class="subtitle">{ui.tr(Msg::Settings)}</summary>
            <Show when=move || opened.get()>
                {settings_form()}
            </Show>
        </details>
    }
}

lazy_view! {
    entry, "settings",
    fn settings_form() { view! { <SettingsForm /> }.into_any() }
}

#[component]
fn SettingsForm() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let current = session
        .data()
        .with_untracked(|d| d.settings.clone().unwrap_or_default());
    let on_track = RwSignal::new(fmt(current.on_track_points));
    let at_risk = RwSignal::new(fmt(current.at_risk_points));
    let stale = RwSignal::new(current.stale_days.to_string());
    let rows: Vec<Row> = derived.plan.with_untracked(|p| {
        p.points()
            .flat_map(|pt| {
                pt.tasks
                    .iter()
                    .flat_map(move |t| t.targets.iter().map(move |g| (pt.number, g)))
            })
            .map(|(n, g)| {
                let profile = current.profiles.get(&g.id).copied();
                Row {
                    id: g.id.clone(),
                    label: format!("{n}. {}", g.metric),
                    q: [0, 1, 2]
                        .map(|i| RwSignal::new(profile.map(|p| fmt(p[i])).unwrap_or_default())),
                    weight: RwSignal::new(
                        current
                            .weights
                            .get(&g.id)
                            .map(|w| fmt(*w))
                            .unwrap_or_default(),
                    ),
                }
            })
            .collect()
    });
    let rows = StoredValue::new(rows);
    let error = RwSignal::new(None::<Msg>);
    let saved = RwSignal::new(false);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        // What cannot be read as a number is refused here; every other rule is the one
        // validator that snapshot files are held to as well (`Settings::validate`).
        let (Some(on_track_points), Some(at_risk_points)) = (
            number(&on_track.get_untracked()),
            number(&at_risk.get_untracked()),
        ) else {
            error.set(Some(Msg::ErrThresholds));
            return;
        };
        let Ok(stale_days) = stale.get_untracked().trim().parse::<i64>() else {
            error.set(Some(Msg::ErrStaleDays));
            return;
        };
        let mut profiles = BTreeMap::new();
        let mut weights = BTreeMap::new();
        let mut unreadable = None;
        rows.with_value(|rows| {
            for row in rows {
                let texts = row.q.map(|s| s.get_untracked());
                if texts.iter().any(|t| !t.trim().is_empty()) {
                    match texts.map(|t| number(&t)) {
                        [Some(a), Some(b), Some(c)] => {
                            profiles.insert(row.id.clone(), [a, b, c]);
                        }
                        _ => unreadable = Some(Msg::ErrProfile),
                    }
                }
                let w = row.weight.get_untracked();
                if !w.trim().is_empty() {
                    match number(&w) {
                        Some(w) => {
                            weights.insert(row.id.clone(), w);
                        }
                        None => unreadable = Some(Msg::ErrWeight),
                    }
                }
            }
        });
        if let Some(msg) = unreadable {
            error.set(Some(msg));
            return;
        }
        let settings = Settings {
            on_track_points,
            at_risk_points,
            stale_days,
            profiles,
            weights,
            recorded_at: 0,
        };
        if let Err(e) = settings.validate() {
            error.set(Some(settings_error_msg(&e)));
            return;
        }
        error.set(None);
        session.set_settings(settings);
        saved.set(true);
    };

    view! {
            <form class="settings-form" on:submit=save novalidate>
                <p class="muted small">{ui.tr(Msg::ThresholdsHint)}</p>
                <div class="entry-form">
                    <label class="field">
                        <span>{ui.tr(Msg::OnTrackPoints)}</span>
                        <input type="text" inputmode="decimal" data-testid="set-on-track" bind:value=on_track />
                    </label>
                    <label class="field">
                        <span>{ui.tr(Msg::AtRiskPoints)}</span>
                        <input type="text" inputmode="decimal" data-testid="set-at-risk" bind:value=at_risk />
                    </label>
                    <label class="field">
                        <span>{ui.tr(Msg::StaleDays)}</span>
                        <input type="text" inputmode="numeric" data-testid="set-stale" bind:value=stale />
                    </label>
                </div>
                <div class="table-scroll">
                    <table class="grid">
                        <thead>
                            <tr>
                                <th scope="col">{ui.tr(Msg::Metric)}</th>
                                <th scope="col">{move || ui.t(Msg::ProfileQ1)}</th>
                                <th scope="col">{move || ui.t(Msg::ProfileH1)}</th>
                                <th scope="col">{move || ui.t(Msg::ProfileQ3)}</th>
                                <th scope="col">{ui.tr(Msg::Weight)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.get_value().into_iter().map(|row| {
                                let label = row.label.clone();
                                let [q1, q2, q3] = row.q;
                                let cell = move |sig: RwSignal<String>, what: Msg| {
                                    let aria = format!("{} {}", label, what.text(ui.lang.get_untracked()));
                                    view! { <td><input type="text" inputmode="decimal" class="grid-input grid-small" aria-label=aria bind:value=sig /></td> }
                                };
                                view! {
                                    <tr data-testid="settings-row" data-target=row.id.clone()>
                                        <th scope="row" class="grid-metric">{row.label.clone()}</th>
                                        {cell(q1, Msg::ProfileQ1)}
                                        {cell(q2, Msg::ProfileH1)}
                                        {cell(q3, Msg::ProfileQ3)}
                                        {cell(row.weight, Msg::Weight)}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <div class="qe-actions">
                    <button type="submit" class="btn btn-primary" data-testid="save-settings">{ui.tr(Msg::SaveSettings)}</button>
                    <Show when=move || saved.get()>
                        <span class="saved-note" role="status">"✓ " {ui.tr(Msg::SettingsSaved)}</span>
                    </Show>
                    <p class="field-error" role="alert" data-testid="settings-error">{move || error.get().map(|m| ui.t(m))}</p>
                </div>
            </form>
    }
}
