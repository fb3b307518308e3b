//! Pacing settings: the thresholds of the 序时进度 rule, and per target a quarterly profile and a
//! roll-up weight. Validated as typed; saved as user data (they travel in exports).

use std::collections::BTreeMap;

use leptos::prelude::*;
use taizhang_core::figure::parse_figure;
use taizhang_core::userdata::Settings;
use wasm_bindgen::JsCast;

use crate::i18n::Msg;
use crate::state::use_app;

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

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let ctx = use_app();
    let current = ctx
        .data
        .with_untracked(|d| d.settings.clone().unwrap_or_default());
    let on_track = RwSignal::new(fmt(current.on_track_points));
    let at_risk = RwSignal::new(fmt(current.at_risk_points));
    let stale = RwSignal::new(current.stale_days.to_string());
    let rows: Vec<Row> = ctx.plan.with_untracked(|p| {
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
        let (Some(ok), Some(risk)) = (
            number(&on_track.get_untracked()),
            number(&at_risk.get_untracked()),
        ) else {
            error.set(Some(Msg::ErrThresholds));
            return;
        };
        if !(0.0..=100.0).contains(&ok) || !(0.0..=100.0).contains(&risk) || risk < ok {
            error.set(Some(Msg::ErrThresholds));
            return;
        }
        let Some(stale_days) = stale
            .get_untracked()
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=366).contains(d))
        else {
            error.set(Some(Msg::ErrStaleDays));
            return;
        };
        let mut profiles = BTreeMap::new();
        let mut weights = BTreeMap::new();
        let mut problem = None;
        rows.with_value(|rows| {
            for row in rows {
                let texts = row.q.map(|s| s.get_untracked());
                if texts.iter().any(|t| !t.trim().is_empty()) {
                    let values: Vec<Option<f64>> = texts.iter().map(|t| number(t)).collect();
                    match (values[0], values[1], values[2]) {
                        (Some(a), Some(b), Some(c))
                            if 0.0 <= a && a <= b && b <= c && c <= 100.0 =>
                        {
                            profiles.insert(row.id.clone(), [a, b, c]);
                        }
                        _ => problem = Some(Msg::ErrProfile),
                    }
                }
                let w = row.weight.get_untracked();
                if !w.trim().is_empty() {
                    match number(&w).filter(|w| *w >= 0.0) {
                        Some(w) => {
                            weights.insert(row.id.clone(), w);
                        }
                        None => problem = Some(Msg::ErrWeight),
                    }
                }
            }
        });
        if let Some(p) = problem {
            error.set(Some(p));
            return;
        }
        error.set(None);
        ctx.set_settings(Settings {
            on_track_points: ok,
            at_risk_points: risk,
            stale_days,
            profiles,
            weights,
            recorded_at: 0,
        });
        saved.set(true);
    };

    // The form (a row of inputs per target) is built when the panel is first opened, not with
    // the dashboard: a third of the dashboard's elements were this closed panel.
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
            <summary class="subtitle">{move || ctx.t(Msg::Settings)}</summary>
            <Show when=move || opened.get()>
            <form class="settings-form" on:submit=save novalidate>
                <p class="muted small">{move || ctx.t(Msg::ThresholdsHint)}</p>
                <div class="entry-form">
                    <label class="field">
                        <span>{move || ctx.t(Msg::OnTrackPoints)}</span>
                        <input type="text" inputmode="decimal" data-testid="set-on-track" bind:value=on_track />
                    </label>
                    <label class="field">
                        <span>{move || ctx.t(Msg::AtRiskPoints)}</span>
                        <input type="text" inputmode="decimal" data-testid="set-at-risk" bind:value=at_risk />
                    </label>
                    <label class="field">
                        <span>{move || ctx.t(Msg::StaleDays)}</span>
                        <input type="text" inputmode="numeric" data-testid="set-stale" bind:value=stale />
                    </label>
                </div>
                <div class="table-scroll">
                    <table class="grid">
                        <thead>
                            <tr>
                                <th scope="col">{move || ctx.t(Msg::Metric)}</th>
                                <th scope="col">{move || ctx.t(Msg::ProfileQ1)}</th>
                                <th scope="col">{move || ctx.t(Msg::ProfileH1)}</th>
                                <th scope="col">{move || ctx.t(Msg::ProfileQ3)}</th>
                                <th scope="col">{move || ctx.t(Msg::Weight)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.get_value().into_iter().map(|row| {
                                let label = row.label.clone();
                                let [q1, q2, q3] = row.q;
                                let cell = move |sig: RwSignal<String>, what: Msg| {
                                    let aria = format!("{} {}", label, what.text(ctx.lang.get_untracked()));
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
                    <button type="submit" class="btn btn-primary" data-testid="save-settings">{move || ctx.t(Msg::SaveSettings)}</button>
                    <Show when=move || saved.get()>
                        <span class="saved-note" role="status">"✓ " {move || ctx.t(Msg::SettingsSaved)}</span>
                    </Show>
                    <p class="field-error" role="alert" data-testid="settings-error">{move || error.get().map(|m| ctx.t(m))}</p>
                </div>
            </form>
            </Show>
        </details>
    }
}
