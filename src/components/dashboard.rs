//! 总览: the plan's headline as of a date — time elapsed, overall completion, counts by status —
//! a status-by-section chart, the 督办清单 (everything behind, at risk or stale, with its lead
//! unit, most urgent first), a chart per section, and the pacing settings.

use leptos::prelude::*;
use taizhang_core::chart::bars;
use taizhang_core::filter::task_units;
use taizhang_core::pacing::{ItemKind, Status};

use crate::charts::{hbars_size, hbars_svg, section_rows, status_color, HRow, VLine};
use crate::components::below_fold::BelowTheFold;
use crate::components::chart_box::{ChartBox, ChartTable};
use crate::components::my_tasks::MyTasks;
use crate::components::settings::SettingsPanel;
use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::{percent, section_label, status_class, status_key, status_msg, words_lang};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// How many rows of the 督办清单 show before "show all".
const SUPERVISION_FIRST: usize = 12;

#[component]
pub fn Dashboard() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let a = derived.assessment;
    let elapsed = move || a.with(|a| percent(a.elapsed));
    let overall = move || a.with(|a| a.plan.completion.map_or_else(|| "—".to_string(), percent));
    let counts = move || {
        a.with(|a| {
            Status::ALL
                .iter()
                .map(|s| (*s, a.plan.count(*s)))
                .collect::<Vec<_>>()
        })
    };

    let section_names = move || {
        derived.plan.with(|p| {
            p.sections
                .iter()
                .map(|s| (s.number, section_label(&s.numeral, &s.title, ui.lang.get())))
                .collect::<Vec<_>>()
        })
    };
    let status_chart = Signal::derive(move || {
        let names = section_names();
        a.with(|a| {
            let rows: Vec<HRow> = a
                .sections
                .iter()
                .map(|(n, r)| HRow {
                    label: names
                        .iter()
                        .find(|(m, _)| m == n)
                        .map(|(_, l)| l.clone())
                        .unwrap_or_default(),
                    segments: Status::ALL
                        .iter()
                        .map(|s| (r.count(*s) as f64, status_color(*s)))
                        .collect(),
                    note: r.total().to_string(),
                })
                .collect();
            let x_max = a
                .sections
                .iter()
                .map(|(_, r)| r.total())
                .max()
                .unwrap_or(1)
                .max(1) as f64;
            let legend: Vec<(String, _)> = Status::ALL
                .iter()
                .map(|s| (ui.t(status_msg(*s)).to_string(), status_color(*s)))
                .collect();
            hbars_svg(&rows, x_max * 1.05, None, &legend, "")
        })
    });
    // The status chart's text alternative: per section, how many items have each status.
    let status_table = Signal::derive(move || {
        let names = section_names();
        a.with(|a| ChartTable {
            head: std::iter::once(ui.t(Msg::Section).to_string())
                .chain(Status::ALL.iter().map(|s| ui.t(status_msg(*s)).to_string()))
                .collect(),
            rows: a
                .sections
                .iter()
                .map(|(n, r)| {
                    let label = names.iter().find(|(m, _)| m == n).map(|(_, l)| l.clone());
                    std::iter::once(label.unwrap_or_default())
                        .chain(Status::ALL.iter().map(|s| r.count(*s).to_string()))
                        .collect()
                })
                .collect(),
        })
    });
    let status_chart_size = Signal::derive(move || hbars_size(a.with(|a| a.sections.len()), true));

    // The most urgent first; the rest one click away (a long list also slowed the first screen).
    let show_all = RwSignal::new(false);
    let attention = Memo::new(move |_| {
        derived.plan.with(|p| {
            session.data().with(|d| {
                derived.ledger.with(|l| {
                    a.with(|a| {
                        a.attention()
                            .into_iter()
                            .map(|i| {
                                let lead = p
                                    .tasks()
                                    .find(|t| t.id == i.task_id)
                                    .and_then(|t| task_units(t, d).0)
                                    .unwrap_or_default();
                                let note = l
                                    .history(&i.id)
                                    .iter()
                                    .find(|e| !e.note.is_empty())
                                    .map(|e| e.note.clone())
                                    .unwrap_or_default();
                                let progress = match (i.kind, i.pace.completion) {
                                    (ItemKind::Target, Some(c)) => {
                                        format!("{} / {}", percent(c), percent(i.pace.expected))
                                    }
                                    (ItemKind::Target, None) => {
                                        format!("— / {}", percent(i.pace.expected))
                                    }
                                    (ItemKind::Milestone, _) => "—".to_string(),
                                };
                                (
                                    i.id.clone(),
                                    i.point,
                                    i.label.clone(),
                                    i.pace.status,
                                    progress,
                                    lead,
                                    note,
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                })
            })
        })
    });

    // One chart per section that has targets: completion bars with the elapsed-time line.
    let section_charts = move || {
        let names = section_names();
        a.with(|a| {
            names
                .into_iter()
                .filter_map(|(n, label)| {
                    let items: Vec<(String, _)> = a
                        .items
                        .iter()
                        .filter(|i| i.section == n && i.kind == ItemKind::Target)
                        .map(|i| (i.label.clone(), i.pace))
                        .collect();
                    (!items.is_empty()).then_some((n, label, items))
                })
                .collect::<Vec<_>>()
        })
    };

    // The sections' charts of the dashboard's first build are drawn as they come near the screen
    // (start-up does not wait for them); rebuilt later (another date, a filter, an entry), they
    // are redrawn at once, so a chart on the screen never shows empty for a frame.
    let built = StoredValue::new(false);
    // What is below the first screen (the sections' charts and the settings) is built after it:
    // once its place is within a screen of the viewport (on most screens, right after the first
    // layout), at the page's first idle moment, or for print, whichever comes first. Building it
    // with the first screen held start-up back by ~10 ms (interleaved A/B). Its place is kept at
    // about its height (charts not yet laid out are 22rem high, see the stylesheet).
    let rest = RwSignal::new(false);
    // Built for printing, the sections' charts are drawn at once (the page's `beforeprint` has
    // come and gone before they would wait for it).
    let printing = RwSignal::new(false);
    crate::later::when_printed(printing);
    let rest_height = format!("{}rem", 4 + 23 * untrack(|| section_charts().len()));

    // Mark the moment the dashboard and its charts are in the page (read by the benchmark).
    Effect::new(move |_| {
        a.track();
        if let Some(perf) = window().performance() {
            let _ = perf.mark("taizhang-dashboard-rendered");
        }
    });

    // The moment the rest is built too (read by the benchmark).
    Effect::new(move |_| {
        if rest.get() {
            crate::perf::mark("taizhang-dashboard-complete");
        }
    });

    view! {
        <section class="dashboard" data-testid="dashboard" aria-labelledby="dash-title"
            data-complete=move || rest.get().to_string()>
            <h1 id="dash-title" class="view-title">
                <span lang=move || derived.plan.with(|p| words_lang(&p.title))>{move || derived.plan.with(|p| p.title.clone())}</span>
                " · " {ui.tr(Msg::NavDashboard)}
            </h1>
            <Show when=move || !session.readonly()>
                <MyTasks />
            </Show>
            <div class="headline">
                <div class="headline-figure" data-testid="elapsed">
                    <span class="headline-value">{elapsed}</span>
                    <span class="headline-label">{ui.tr(Msg::ElapsedTime)}</span>
                </div>
                <div class="headline-figure" data-testid="overall">
                    <span class="headline-value">{overall}</span>
                    <span class="headline-label">{ui.tr(Msg::OverallCompletion)}</span>
                </div>
                <ul class="status-counts" data-testid="status-counts">
                    {move || counts().into_iter().map(|(s, n)| view! {
                        <li data-status=status_key(s)>
                            <span class=status_class(s)>{ui.t(status_msg(s))}</span>
                            <span class="count" data-testid="status-count">{n}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </div>

            <h2 class="subtitle">{ui.tr(Msg::Supervision)}</h2>
            <Show
                when=move || attention.with(|l| !l.is_empty())
                fallback=move || view! { <p class="muted" data-testid="supervision-empty">{ui.tr(Msg::SupervisionEmpty)}</p> }
            >
                // On a phone the list scrolls sideways: it takes focus, so the keyboard can scroll it.
                <div class="table-scroll" role="region" aria-label=ui.tr(Msg::Supervision) tabindex="0">
                    <table class="grid supervision" data-testid="supervision">
                        <thead>
                            <tr>
                                <th scope="col">{ui.tr(Msg::Point)}</th>
                                <th scope="col">{ui.tr(Msg::Item)}</th>
                                <th scope="col">{ui.tr(Msg::Status)}</th>
                                <th scope="col">{ui.tr(Msg::CompletionOverExpected)}</th>
                                <th scope="col">{ui.tr(Msg::Lead)}</th>
                                <th scope="col">{ui.tr(Msg::Note)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || {
                                    let list = attention.get();
                                    if show_all.get() { list } else { list.into_iter().take(SUPERVISION_FIRST).collect() }
                                }
                                key=|row| (row.0.clone(), row.3, row.4.clone(), row.5.clone(), row.6.clone())
                                children=move |(id, point, label, status, progress, lead, note)| {
                                    let langs = (words_lang(&label), words_lang(&lead), words_lang(&note));
                                    view! {
                                    <tr data-testid="supervision-row" data-item=id>
                                        <td class="num">{point}</td>
                                        <td lang=langs.0>{label}</td>
                                        <td><span class=status_class(status) data-status=status_key(status)>{move || ui.t(status_msg(status))}</span></td>
                                        <td class="num">{progress}</td>
                                        <td lang=langs.1>{lead}</td>
                                        <td lang=langs.2>{note}</td>
                                    </tr>
                                    }
                                }
                            />
                        </tbody>
                    </table>
                </div>
                <Show when=move || !show_all.get() && attention.with(|l| l.len() > SUPERVISION_FIRST)>
                    <button type="button" class="btn btn-small" data-testid="supervision-all"
                        on:click=move |_| show_all.set(true)>
                        {move || ui.fill(Msg::ShowAllItems, &[&attention.with(Vec::len)])}
                    </button>
                </Show>
            </Show>

            <h2 class="subtitle">{ui.tr(Msg::StatusBySection)}</h2>
            <ChartBox
                svg=status_chart
                name="taizhang-status-by-section"
                title=Signal::derive(move || ui.t(Msg::StatusBySection).to_string())
                size=status_chart_size
                table=status_table
            />

            <BelowTheFold height=rest_height built=rest>
            <h2 class="subtitle">{ui.tr(Msg::SectionProgress)}</h2>
            <div class="section-charts">
                {move || {
                let lazy = !built.get_value() && !printing.get_untracked();
                built.set_value(true);
                section_charts().into_iter().map(|(n, label, items)| {
                    let rows = section_rows(&bars(&items), |s| ui.t(status_msg(s)).to_string());
                    let elapsed_pct = a.with_untracked(|a| a.elapsed * 100.0);
                    let vline = VLine { x: elapsed_pct, label: ui.fill(Msg::ElapsedTimeIs, &[&percent(elapsed_pct / 100.0)]) };
                    // At start-up, drawn when it comes near the screen: below the status chart, the
                    // sections' charts are out of the first screen, and drawing them held start-up
                    // back.
                    let size = hbars_size(rows.len(), false);
                    let svg = Signal::derive(move || hbars_svg(&rows, 150.0, Some(&vline), &[], "%"));
                    let table = ChartTable {
                        head: [Msg::Item, Msg::Completion, Msg::Expected, Msg::Status]
                            .map(|m| ui.t(m).to_string())
                            .to_vec(),
                        rows: items
                            .iter()
                            .map(|(label, pace)| {
                                vec![
                                    label.clone(),
                                    pace.completion.map_or_else(|| "—".to_string(), percent),
                                    percent(pace.expected),
                                    ui.t(status_msg(pace.status)).to_string(),
                                ]
                            })
                            .collect(),
                    };
                    view! {
                        <ChartBox
                            svg
                            lazy
                            name=format!("taizhang-section-{n}")
                            title=Signal::stored(label)
                            size=Signal::stored(size)
                            table=Signal::stored(table)
                        />
                    }
                }).collect_view()
                }}
            </div>

            <Show when=move || !session.readonly()>
                <SettingsPanel />
            </Show>
            </BelowTheFold>
        </section>
    }
}
