//! 本月填报: every target in one keyboard-friendly grid, for entering a department's figures
//! for the month in one sitting. Tab moves across cells as usual; Enter in a figure cell moves to
//! the next row's figure. Saving is all-or-nothing: if any row is invalid, nothing is recorded
//! and each bad row says why.

use leptos::prelude::*;
use taizhang_core::figure::{check_as_of, parse_figure};
use taizhang_core::filter::task_matches;
use taizhang_core::ledger::EntryValue;
use taizhang_core::{Date, Decimal, TaskKind};
use wasm_bindgen::JsCast;

use crate::derived::use_derived;
use crate::fields::date_value;
use crate::i18n::Msg;
use crate::labels::{figure_error_msg, format_target, section_label, text_lang_of, words_lang};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// One row of the grid, with its own input signals.
#[derive(Clone)]
struct Row {
    target_id: String,
    point: u32,
    section: u32,
    metric: String,
    unit: String,
    target: taizhang_core::Target,
    figure: RwSignal<String>,
    note: RwSignal<String>,
    error: RwSignal<Option<Msg>>,
}

#[component]
pub fn QuickEntry() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let rows: Vec<Row> = derived.plan.with_untracked(|p| {
        p.sections
            .iter()
            .flat_map(|s| s.points.iter().map(move |pt| (s.number, pt)))
            .flat_map(|(section, pt)| pt.tasks.iter().map(move |t| (section, pt.number, t)))
            .filter(|(_, _, t)| t.kind == TaskKind::Quantitative)
            .flat_map(|(section, point, t)| {
                t.targets.iter().map(move |g| Row {
                    target_id: g.id.clone(),
                    point,
                    section,
                    metric: g.metric.clone(),
                    unit: g.unit.clone(),
                    target: g.clone(),
                    figure: RwSignal::new(String::new()),
                    note: RwSignal::new(String::new()),
                    error: RwSignal::new(None),
                })
            })
            .collect()
    });
    let rows = StoredValue::new(rows);
    let as_of = RwSignal::new(ui.today.to_string());
    let date_error = RwSignal::new(None::<Msg>);
    let outcome = RwSignal::new(None::<String>);

    // The targets the current filter shows (None: no filter, every row), worked out once per
    // change for every row and section to read (hidden rows keep their typed values).
    let shown = Memo::new(move |_| {
        let filter = ui.filter.get();
        if filter.is_empty() {
            return None;
        }
        let ids: rustc_hash::FxHashSet<String> = derived.plan.with(|p| {
            session.data().with(|d| {
                derived.ledger.with(|l| {
                    p.sections
                        .iter()
                        .flat_map(|s| {
                            s.points
                                .iter()
                                .flat_map(move |pt| &pt.tasks)
                                .map(move |t| (s.number, t))
                        })
                        .filter(|(section, t)| task_matches(t, *section, &filter, d, l))
                        .flat_map(|(_, t)| t.targets.iter().map(|g| g.id.clone()))
                        .collect()
                })
            })
        });
        Some(ids)
    });
    let visible = move |target_id: &str| {
        shown.with(|ids| ids.as_ref().is_none_or(|ids| ids.contains(target_id)))
    };

    let save_all = move || {
        outcome.set(None);
        let Ok(date) = as_of.get_untracked().parse::<Date>() else {
            date_error.set(Some(Msg::ErrDateInvalid));
            return;
        };
        if check_as_of(date, derived.plan.with_untracked(|p| p.period), ui.today).is_err() {
            date_error.set(Some(Msg::ErrDateRange));
            return;
        }
        date_error.set(None);
        // A month the office closed takes late entries (补报) only with a reason in the note.
        let closed = session
            .data()
            .with_untracked(|d| d.closing(taizhang_core::office::Month::of(date)).is_some());
        let mut parsed: Vec<(String, Decimal, String)> = Vec::new();
        let mut bad = false;
        rows.with_value(|rows| {
            for row in rows {
                let text = row.figure.get_untracked();
                if text.trim().is_empty() {
                    clear(row.error);
                    continue;
                }
                match parse_figure(&text) {
                    Ok(_) if closed && row.note.with_untracked(|n| n.trim().is_empty()) => {
                        row.error.set(Some(Msg::LateNoteRequired));
                        bad = true;
                    }
                    Ok(v) => {
                        clear(row.error);
                        parsed.push((
                            row.target_id.clone(),
                            v,
                            row.note.get_untracked().trim().to_string(),
                        ));
                    }
                    Err(e) => {
                        row.error.set(Some(figure_error_msg(e)));
                        bad = true;
                    }
                }
            }
        });
        if bad {
            return;
        }
        if parsed.is_empty() {
            outcome.set(Some(ui.t(Msg::NothingToSave).to_string()));
            return;
        }
        let n = parsed.len();
        for (target_id, value, note) in parsed {
            session.record(target_id, date, EntryValue::Figure { value }, note, None);
        }
        rows.with_value(|rows| {
            for row in rows {
                clear(row.figure);
                clear(row.note);
            }
        });
        outcome.set(Some(ui.fill(Msg::SavedRows, &[&n])));
    };

    // Enter in a figure cell: move to the next visible row's figure cell (spreadsheet habit);
    // Ctrl+Enter (⌘+Enter) anywhere in the grid saves everything.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        ev.prevent_default();
        if ev.ctrl_key() || ev.meta_key() {
            save_all();
            return;
        }
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let doc = document();
        let Ok(all) = doc.query_selector_all("[data-testid=grid-figure]") else {
            return;
        };
        let list: Vec<web_sys::HtmlElement> = (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|e| e.offset_parent().is_some())
            .collect();
        if let Some(pos) = list.iter().position(|e| e == &input) {
            if let Some(next) = list.get(pos + 1) {
                let _ = next.focus();
            }
        }
    };

    // The plan's sections that hold a row, in order, with their headings.
    let sections: Vec<(u32, String, String)> = derived.plan.with_untracked(|p| {
        p.sections
            .iter()
            .filter(|sec| rows.with_value(|rows| rows.iter().any(|r| r.section == sec.number)))
            .map(|sec| (sec.number, sec.numeral.clone(), sec.title.clone()))
            .collect()
    });
    // One row of the grid (a target), shown unless the filter hides it.
    let row_view = move |row: Row| {
        let id = row.target_id.clone();
        let id_latest = id.clone();
        let target = row.target.clone();
        let unit = row.unit.clone();
        let label = ui.fill(Msg::ThisReportOf, &[&row.metric]);
        let note_label = ui.fill(Msg::NoteOf, &[&row.metric]);
        // A memo per row: an entry changes one row's latest figure, so
        // only that row's text is rebuilt (a city grid has hundreds).
        let latest_figure =
            Memo::new(move |_| derived.ledger.with(|l| l.latest_figure(&id_latest, None)));
        let latest = move || {
            latest_figure
                .get()
                .map(|(d, v)| format!("{v}{unit}（{d}）"))
                .unwrap_or_else(|| ui.t(Msg::NotReported).to_string())
        };
        let figure = row.figure;
        let note = row.note;
        let error = row.error;
        let shown_id = id.clone();
        let latest_lang = text_lang_of(latest.clone());
        let target_lang = {
            let target = target.clone();
            text_lang_of(move || format_target(&target, ui.lang.get()))
        };
        view! {
            <tr data-testid="grid-row" data-target=id.clone() data-section=row.section
                style:display=move || if visible(&shown_id) { "" } else { "none" }>
                <td class="num">{row.point}</td>
                <th scope="row" class="grid-metric" lang=words_lang(&row.metric)>{row.metric.clone()}</th>
                <td class="num" lang=target_lang>{move || format_target(&target, ui.lang.get())}</td>
                <td class="num" data-testid="grid-latest" lang=latest_lang>{latest}</td>
                <td>
                    <input type="text" inputmode="decimal" class="grid-input" data-testid="grid-figure"
                        aria-label=label bind:value=figure on:keydown=on_keydown
                        aria-invalid=move || error.get().is_some().to_string() />
                    <span class="field-error" role="alert" data-testid="grid-error">{move || error.get().map(|m| ui.t(m))}</span>
                </td>
                <td>
                    <input type="text" class="grid-input grid-note" data-testid="grid-note" aria-label=note_label bind:value=note
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) { ev.prevent_default(); save_all(); } />
                </td>
            </tr>
        }
    };

    view! {
        <section class="quick-entry" aria-labelledby="qe-title" data-testid="quick-entry">
            <h1 id="qe-title" class="view-title">{ui.tr(Msg::QuickEntryTitle)}</h1>
            <p class="muted">{ui.tr(Msg::QuickEntryHint)}</p>
            <div class="qe-controls">
                <label class="field field-narrow">
                    <span>{ui.tr(Msg::AsOf)}</span>
                    <input type="date" data-testid="grid-as-of" use:date_value=as_of />
                </label>
                <label class="field">
                    <span>{ui.tr(Msg::ReportingUnit)}</span>
                    <input type="text" data-testid="grid-unit" bind:value=ui.my_unit />
                </label>
                <p class="field-error" role="alert">{move || date_error.get().map(|m| ui.t(m))}</p>
            </div>
            // One table per section of the plan, each laid out only when it comes near the screen
            // (a city's grid has hundreds of rows: an entry then lays out and paints the rows on
            // screen, not all of them).
            <div class="qe-sections" data-testid="grid">
                {sections
                    .into_iter()
                    .map(|(number, numeral, title)| {
                        let section_rows: Vec<Row> = rows.with_value(|rows| rows.iter().filter(|r| r.section == number).cloned().collect());
                        let ids: Vec<String> = section_rows.iter().map(|r| r.target_id.clone()).collect();
                        let heading = format!("qe-section-{number}");
                        let labelled_by = heading.clone();
                        // The plan's own words (an unnamed section is named in the UI's language).
                        let lang = (!numeral.is_empty() || !title.is_empty()).then_some("zh-CN");
                        view! {
                            <section class="qe-section" aria-labelledby=labelled_by
                                style:display=move || if ids.iter().any(|id| visible(id)) { "" } else { "none" }>
                                <h2 id=heading class="qe-section-title" lang=lang>{move || section_label(&numeral, &title, ui.lang.get())}</h2>
                                <div class="table-scroll">
                                    <table class="grid">
                                        <thead>
                                            <tr>
                                                <th scope="col">{ui.tr(Msg::Point)}</th>
                                                <th scope="col">{ui.tr(Msg::Metric)}</th>
                                                <th scope="col">{ui.tr(Msg::Value)}</th>
                                                <th scope="col">{ui.tr(Msg::Latest)}</th>
                                                <th scope="col">{ui.tr(Msg::ThisReport)}</th>
                                                <th scope="col">{ui.tr(Msg::Note)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{section_rows.into_iter().map(row_view).collect_view()}</tbody>
                                    </table>
                                </div>
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="qe-actions">
                <button type="button" class="btn btn-primary" data-testid="grid-save" on:click=move |_| save_all()>{ui.tr(Msg::SaveAll)}</button>
                <span role="status" data-testid="grid-outcome">{move || outcome.get()}</span>
            </div>
        </section>
    }
}

/// Sets `signal` to its default only when it holds something else: after a save, clearing every
/// row's inputs would otherwise rewrite hundreds of untouched cells in a city's grid.
fn clear<T: Default + PartialEq + Send + Sync + 'static>(signal: RwSignal<T>) {
    signal.maybe_update(|v| {
        let changed = *v != T::default();
        if changed {
            *v = T::default();
        }
        changed
    });
}
