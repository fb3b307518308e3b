//! 报告: the monthly / quarterly report for the as-of date (optionally for one unit), ready to
//! print on A4 (print CSS in style/main.css), and the spreadsheet exports: the ledger CSV (one
//! row per target and milestone) and the entries CSV (the full history), UTF-8 with a BOM.

use leptos::prelude::*;
use taizhang_core::chart::bars;
use taizhang_core::csv;
use taizhang_core::filter::all_units;
use taizhang_core::ledger::{live_ids, EntryValue};
use taizhang_core::office::Month;
use taizhang_core::pacing::{ItemKind, Pace};
use taizhang_core::report::{build, report_for, Report, Row};
use taizhang_core::TaskKind;

use crate::charts::{hbars_size, hbars_svg, section_rows, VLine};
use crate::components::chart_box::ChartDrawing;
use crate::derived::use_derived;
use crate::derived::Derived;
use crate::i18n::{Lang, Msg};
use crate::labels::{
    format_requirement, health_msg, kind_msg, percent, section_label, state_msg, status_class,
    status_key, status_msg, text_lang, words_lang,
};
use crate::prefs::use_prefs;
use crate::session::use_session;
use crate::session::Session;

/// The target column: "40亿元以上" for a target, "时限 2025-12-31" for a milestone.
fn target_text(r: &Row, lang: Lang) -> String {
    match (r.target_value, r.comparator) {
        (Some(value), Some(comparator)) => {
            format_requirement(&value, &r.unit, comparator, false, lang)
        }
        _ => match (r.deadline, r.original_deadline) {
            (Some(d), Some(original)) => Msg::DeadlineExtended.fill(lang, &[&original, &d]),
            (Some(d), None) => Msg::DeadlineIs.fill(lang, &[&d]),
            _ => String::new(),
        },
    }
}

/// The latest column: the figure with its unit, or the milestone's state.
fn latest_text(r: &Row, lang: Lang) -> String {
    match (r.latest, r.state) {
        (Some(v), _) => format!("{v}{}", r.unit),
        (None, Some(s)) => state_msg(s).text(lang).to_string(),
        _ => "—".to_string(),
    }
}

fn completion_text(r: &Row) -> String {
    match (r.kind, r.completion) {
        (ItemKind::Target, Some(c)) => percent(c),
        _ => "—".to_string(),
    }
}

/// The ledger CSV: one row per target and milestone of the report.
fn ledger_csv(report: &Report, lang: Lang) -> String {
    let t = |m: Msg| m.text(lang).to_string();
    let header = vec![
        t(Msg::Section),
        t(Msg::Point),
        t(Msg::Kind),
        t(Msg::Item),
        t(Msg::TargetValue),
        t(Msg::Latest),
        t(Msg::LatestDate),
        t(Msg::Completion),
        t(Msg::Expected),
        t(Msg::Status),
        t(Msg::Lead),
        t(Msg::Note),
    ];
    let rows = report.sections.iter().flat_map(|s| {
        s.rows.iter().map(move |r| {
            let kind = match r.kind {
                ItemKind::Target => kind_msg(TaskKind::Quantitative),
                ItemKind::Milestone => kind_msg(TaskKind::Milestone),
            };
            vec![
                section_label(&s.numeral, &s.title, lang),
                r.point.to_string(),
                kind.text(lang).to_string(),
                r.item.clone(),
                target_text(r, lang),
                latest_text(r, lang),
                r.latest_date.map(|d| d.to_string()).unwrap_or_default(),
                completion_text(r),
                percent(r.expected),
                status_msg(r.status).text(lang).to_string(),
                r.lead.clone(),
                r.note.clone(),
            ]
        })
    });
    csv::document(std::iter::once(header).chain(rows))
}

/// The entries CSV: every record ever made, with whether it is live, replaced or a deletion.
fn entries_csv(session: Session, derived: Derived, lang: Lang) -> String {
    let t = |m: Msg| m.text(lang).to_string();
    let header = vec![
        t(Msg::EntryId),
        t(Msg::Subject),
        t(Msg::Point),
        t(Msg::Item),
        t(Msg::AsOf),
        t(Msg::Value2),
        t(Msg::Note),
        t(Msg::ReportingUnit),
        t(Msg::RecordedAt),
        t(Msg::Supersedes),
        t(Msg::Validity),
    ];
    let rows: Vec<Vec<String>> = derived.plan.with_untracked(|plan| {
        session.data().with_untracked(|d| {
            let live = live_ids(&d.entries);
            d.entries
                .iter()
                .map(|e| {
                    let (point, item, unit) = plan
                        .points()
                        .find_map(|p| {
                            p.tasks.iter().find_map(|task| {
                                if task.id == e.subject {
                                    Some((p.number.to_string(), task.text.clone(), String::new()))
                                } else {
                                    task.targets.iter().find(|g| g.id == e.subject).map(|g| {
                                        (p.number.to_string(), g.metric.clone(), g.unit.clone())
                                    })
                                }
                            })
                        })
                        .unwrap_or_default();
                    let value = match &e.value {
                        EntryValue::Figure { value } => format!("{value}{unit}"),
                        EntryValue::Milestone { state } => t(state_msg(*state)),
                        EntryValue::Health { health } => t(health_msg(*health)),
                        EntryValue::Note => t(Msg::NoteOnly),
                        EntryValue::Tombstone => t(Msg::Tombstone),
                    };
                    let validity = if e.is_tombstone() {
                        t(Msg::Tombstone)
                    } else if live.is_live(&e.id) {
                        t(Msg::Live)
                    } else {
                        t(Msg::Replaced)
                    };
                    vec![
                        e.id.clone(),
                        e.subject.clone(),
                        point,
                        item,
                        e.as_of.to_string(),
                        value,
                        e.note.clone(),
                        e.unit.clone(),
                        csv::utc_time(e.recorded_at),
                        e.supersedes.clone().unwrap_or_default(),
                        validity,
                    ]
                })
                .collect()
        })
    });
    csv::document(std::iter::once(header).chain(rows))
}

#[component]
pub fn ReportView() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let unit = RwSignal::new(String::new());
    let units = Memo::new(move |_| {
        derived
            .plan
            .with(|p| session.data().with(|d| all_units(p, d)))
    });
    let report = Memo::new(move |_| {
        let u = unit.get();
        let unit = (!u.is_empty()).then_some(u.as_str());
        let as_of = ui.as_of.get();
        derived.plan.with(|p| {
            session.data().with(|d| {
                if d.closing(Month::of(as_of)).is_some() {
                    // A closed month: the data as it stood when it was closed, late entries apart.
                    report_for(p, d, as_of, unit)
                } else {
                    derived
                        .ledger
                        .with(|l| derived.assessment.with(|a| build(p, d, l, a, unit)))
                }
            })
        })
    });
    let file_stem = move || {
        let r = report.get_untracked();
        let unit = r.unit.map(|u| format!("-{u}")).unwrap_or_default();
        format!("taizhang-{}{unit}-{}", r.title, r.as_of)
    };
    let download_ledger = move |_| {
        let text = report.with_untracked(|r| ledger_csv(r, ui.lang.get_untracked()));
        crate::files::download(
            &ui.fill(Msg::LedgerCsvName, &[&file_stem()]),
            "text/csv;charset=utf-8",
            &text,
        );
    };
    let download_entries = move |_| {
        crate::files::download(
            &ui.fill(Msg::EntriesCsvName, &[&file_stem()]),
            "text/csv;charset=utf-8",
            &entries_csv(session, derived, ui.lang.get_untracked()),
        );
    };
    let print = move |_| {
        let _ = window().print();
    };

    let row_view = move |r: Row| {
        let lang = ui.lang.get();
        let status = r.status;
        let (target, latest) = (target_text(&r, lang), latest_text(&r, lang));
        let (target_lang, latest_lang) = (text_lang(&target), text_lang(&latest));
        view! {
            <tr data-testid="report-row" data-item=r.id.clone()>
                <td class="num">{r.point}</td>
                <td lang=words_lang(&r.item)>{r.item.clone()}</td>
                <td class="num" lang=target_lang>{target}</td>
                <td class="num" data-testid="report-latest" lang=latest_lang>{latest}</td>
                <td class="num">{r.latest_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                <td class="num">{completion_text(&r)}</td>
                <td><span class=status_class(status) data-status=status_key(status)>{ui.t(status_msg(status))}</span></td>
                <td lang=words_lang(&r.lead)>{r.lead.clone()}</td>
                <td lang=words_lang(&r.note)>{r.note.clone()}</td>
            </tr>
        }
    };
    let head = move || {
        view! {
            <thead>
                <tr>
                    <th scope="col">{ui.t(Msg::Point)}</th>
                    <th scope="col">{ui.t(Msg::Item)}</th>
                    <th scope="col">{ui.t(Msg::TargetValue)}</th>
                    <th scope="col">{ui.t(Msg::Latest)}</th>
                    <th scope="col">{ui.t(Msg::LatestDate)}</th>
                    <th scope="col">{ui.t(Msg::Completion)}</th>
                    <th scope="col">{ui.t(Msg::Status)}</th>
                    <th scope="col">{ui.t(Msg::Lead)}</th>
                    <th scope="col">{ui.t(Msg::Note)}</th>
                </tr>
            </thead>
        }
    };

    // The sections' charts of the report's first build are drawn as they come near the screen (or
    // it is printed); rebuilt later (another date or unit), at once, never empty for a frame.
    let built = StoredValue::new(false);

    view! {
        <section class="report" data-testid="report">
            <div class="report-controls no-print">
                <label class="field">
                    <span>{ui.tr(Msg::ReportFor)}</span>
                    <select data-testid="report-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                        <option value="">{ui.tr(Msg::AllUnits)}</option>
                        {move || units.get().into_iter().map(|u| view! { <option value=u.clone()>{u.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="btn btn-primary" data-testid="print" on:click=print>{ui.tr(Msg::Print)}</button>
                <button type="button" class="btn" data-testid="csv-ledger" on:click=download_ledger>{ui.tr(Msg::CsvLedger)}</button>
                <button type="button" class="btn" data-testid="csv-entries" on:click=download_entries>{ui.tr(Msg::CsvEntries)}</button>
            </div>
            {move || {
                let r = report.get();
                let lang = ui.lang.get();
                let lazy = !built.get_value();
                built.set_value(true);
                let count_items = taizhang_core::pacing::Status::ALL
                    .iter()
                    .zip(r.counts)
                    .map(|(s, n)| view! { <li><span class=status_class(*s)>{ui.t(status_msg(*s))}</span> " " {n}</li> })
                    .collect_view();
                let unit_line = r.unit.clone().map(|u| format!(" · {u}")).unwrap_or_default();
                let empty = r.sections.is_empty();
                let sections = r
                    .sections
                    .iter()
                    .map(|s| {
                        let items: Vec<(String, Pace)> = s
                            .rows
                            .iter()
                            .filter(|row| row.kind == ItemKind::Target)
                            .map(|row| {
                                (row.item.clone(), Pace { status: row.status, expected: row.expected, completion: row.completion, as_of: row.latest_date })
                            })
                            .collect();
                        let chart = (!items.is_empty()).then(|| {
                            let rows = section_rows(&bars(&items), |st| status_msg(st).text(lang).to_string());
                            let vline = VLine { x: r.elapsed * 100.0, label: ui.fill(Msg::ElapsedTimeIs, &[&percent(r.elapsed)]) };
                            // The table under the chart holds the same figures: the chart says so.
                            let alt = Msg::ChartInTable.fill(lang, &[&section_label(&s.numeral, &s.title, lang)]);
                            let size = Signal::stored(hbars_size(rows.len(), false));
                            let svg = Signal::derive(move || hbars_svg(&rows, 150.0, Some(&vline), &[], "%"));
                            view! { <ChartDrawing svg size label=alt lazy=lazy class="report-chart" testid="report-chart" /> }
                        });
                        let rows = s.rows.clone();
                        view! {
                            <section class="report-section" data-testid="report-section">
                                <h2 lang=words_lang(&format!("{}{}", s.numeral, s.title))>{section_label(&s.numeral, &s.title, ui.lang.get_untracked())}</h2>
                                {chart}
                                <table class="grid report-table">
                                    {head()}
                                    <tbody>{rows.into_iter().map(row_view).collect_view()}</tbody>
                                </table>
                            </section>
                        }
                    })
                    .collect_view();
                let supervision = r.supervision.clone();
                view! {
                    <header class="report-head">
                        <h1 data-testid="report-title">{ui.fill(Msg::ReportTitle, &[&r.title])}</h1>
                        <p class="report-meta" data-testid="report-meta">
                            {ui.fill(Msg::ReportMeta, &[
                                &r.as_of,
                                &r.period.start,
                                &r.period.end,
                                &unit_line,
                                &percent(r.elapsed),
                                &r.completion.map_or_else(|| "—".to_string(), percent),
                            ])}
                        </p>
                        {r.closed.map(|(month, at)| view! {
                            <div class="notice notice-info" role="note" data-testid="report-closed"><span class="notice-icon" aria-hidden="true">"i"</span><p>{ui.fill(Msg::ReportClosed, &[&month, &crate::labels::format_time(at)])}</p></div>
                        })}
                        <ul class="report-counts">{count_items}</ul>
                    </header>
                    <section class="report-section">
                        <h2>{ui.t(Msg::Supervision)}</h2>
                        {if supervision.is_empty() {
                            view! { <p class="muted">{ui.t(Msg::SupervisionEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="grid report-table" data-testid="report-supervision">
                                    {head()}
                                    <tbody>{supervision.into_iter().map(row_view).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                    {empty.then(|| view! { <p class="muted">{ui.t(Msg::ReportEmpty)}</p> })}
                    {sections}
                    <ExtendedSection report=r.clone() />
                    {r.closed.map(|_| view! { <LateSection report=r.clone() /> })}
                }
            }}
        </section>
    }
}

/// 延期事项: the report's tasks whose deadline was extended, with the reasons.
#[component]
fn ExtendedSection(report: Report) -> impl IntoView {
    let ui = use_prefs();
    let rows = report
        .extended
        .iter()
        .map(|x| {
            view! {
                <tr data-testid="extended-row" data-task=x.task_id.clone()>
                    <td>{x.text.clone()}</td>
                    <td class="num">{x.original.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{x.current.to_string()}</td>
                    <td>{x.reason.clone()}</td>
                    <td>{x.approved_by.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-section" data-testid="report-extended">
            <h2>{ui.tr(Msg::ExtendedTasks)}</h2>
            {if report.extended.is_empty() {
                view! { <p class="muted">{ui.tr(Msg::NoExtensions)}</p> }.into_any()
            } else {
                view! {
                    <table class="grid report-table">
                        <thead>
                            <tr>
                                <th scope="col">{ui.tr(Msg::Item)}</th>
                                <th scope="col">{ui.tr(Msg::OriginalDeadline)}</th>
                                <th scope="col">{ui.tr(Msg::CurrentDeadline)}</th>
                                <th scope="col">{ui.tr(Msg::Reason)}</th>
                                <th scope="col">{ui.tr(Msg::ApprovedBy)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// 补报: entries recorded after the month was closed, listed apart from the closed report.
#[component]
fn LateSection(report: Report) -> impl IntoView {
    let ui = use_prefs();
    let derived = use_derived();
    let lang = ui.lang.get_untracked();
    let rows = report
        .late
        .iter()
        .map(|e| {
            let (item, unit) = derived.plan.with_untracked(|p| {
                p.tasks()
                    .find_map(|t| {
                        if t.id == e.subject {
                            Some((t.text.clone(), String::new()))
                        } else {
                            t.targets
                                .iter()
                                .find(|g| g.id == e.subject)
                                .map(|g| (g.metric.clone(), g.unit.clone()))
                        }
                    })
                    .unwrap_or_else(|| (e.subject.clone(), String::new()))
            });
            view! {
                <tr data-testid="late-row" data-entry=e.id.clone()>
                    <td>{item}</td>
                    <td class="num">{e.as_of.to_string()}</td>
                    <td class="num">{crate::labels::describe_value(&e.value, &unit, lang)}</td>
                    <td>{e.note.clone()}</td>
                    <td>{e.unit.clone()}</td>
                    <td class="num">{crate::labels::format_time(e.recorded_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-section" data-testid="report-late">
            <h2>{ui.tr(Msg::LateEntries)}</h2>
            {if report.late.is_empty() {
                view! { <p class="muted">{ui.tr(Msg::NoLateEntries)}</p> }.into_any()
            } else {
                view! {
                    <table class="grid report-table">
                        <thead>
                            <tr>
                                <th scope="col">{ui.tr(Msg::Item)}</th>
                                <th scope="col">{ui.tr(Msg::AsOf)}</th>
                                <th scope="col">{move || ui.t(Msg::Value2)}</th>
                                <th scope="col">{ui.tr(Msg::LateReason)}</th>
                                <th scope="col">{ui.tr(Msg::ReportingUnit)}</th>
                                <th scope="col">{ui.tr(Msg::RecordedAtCol)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
