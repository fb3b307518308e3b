//! 督办: the office's month. Reminders (催办) per unit for the as-of date — the items, a
//! ready-to-send text with a copy button, "mark as sent", and printable reminder sheets, one page
//! per unit — and closing a month (月度关账).

use leptos::prelude::*;
use taizhang_core::office::{reminders, ClosingError, Month, Problem, ReminderItem, UnitReminder};
use taizhang_core::{Date, TaskKind};

use crate::derived::use_derived;
use crate::fields::date_value;
use crate::i18n::{Lang, Msg};
use crate::labels::{format_time, percent, state_msg, words_lang};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// The label of a problem.
fn problem_msg(p: Problem) -> Msg {
    match p {
        Problem::Overdue => Msg::ProblemOverdue,
        Problem::Behind => Msg::ProblemBehind,
        Problem::AtRisk => Msg::ProblemAtRisk,
        Problem::Stale => Msg::ProblemStale,
        Problem::NoReport => Msg::ProblemNoReport,
    }
}

/// A problem's key, for the status style it shares with the dashboard (icon and text, never
/// colour alone).
fn problem_class(p: Problem) -> &'static str {
    match p {
        Problem::Overdue | Problem::Behind => "chip pace-behind",
        Problem::AtRisk => "chip pace-at-risk",
        Problem::Stale => "chip pace-stale",
        Problem::NoReport => "chip pace-no-data",
    }
}

/// An item's label, shortened for a text message.
fn short(label: &str) -> String {
    const MAX: usize = 40;
    let label = label.trim().trim_end_matches(['。', '；', ';']);
    if label.chars().count() > MAX {
        format!("{}…", label.chars().take(MAX).collect::<String>())
    } else {
        label.to_string()
    }
}

/// The details of one item: its figure against the target, its state, its deadline.
fn details(item: &ReminderItem, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some((value, unit)) = &item.target {
        let target = Msg::Amount.fill(lang, &[value, unit]);
        parts.push(match item.latest {
            Some((date, latest)) => Msg::ReminderFigure.fill(
                lang,
                &[
                    &target,
                    &format!("{latest}{unit}"),
                    &date,
                    &item.completion.map_or_else(|| "—".into(), percent),
                    &item.expected.map_or_else(|| "—".into(), percent),
                ],
            ),
            None => Msg::ReminderNoFigure.fill(lang, &[&target]),
        });
    }
    if let Some(state) = item.state {
        parts.push(Msg::ReminderState.fill(lang, &[&state_msg(state).text(lang)]));
    }
    if item.kind != TaskKind::Quantitative {
        if let Some(deadline) = item.deadline {
            let m = if item.extended {
                Msg::ReminderDeadlineExtended
            } else {
                Msg::ReminderDeadline
            };
            parts.push(m.fill(lang, &[&deadline]));
        }
    }
    parts.join(match lang {
        Lang::Zh => "，",
        Lang::En => ", ",
    })
}

/// The reminder as plain text for WeChat or SMS: whom, which items and what is missing, by when.
pub fn reminder_text(
    plan_title: &str,
    reminder: &UnitReminder,
    as_of: Date,
    reply_by: &str,
    signature: &str,
    lang: Lang,
) -> String {
    let mut out = vec![
        Msg::ReminderGreeting.fill(lang, &[&reminder.unit]),
        Msg::ReminderOpening.fill(lang, &[&plan_title, &as_of, &reminder.items.len()]),
    ];
    for (i, item) in reminder.items.iter().enumerate() {
        let d = details(item, lang);
        let sep = match lang {
            Lang::Zh => "——",
            Lang::En => " — ",
        };
        let tail = if d.is_empty() {
            String::new()
        } else {
            match lang {
                Lang::Zh => format!("（{d}）"),
                Lang::En => format!(" ({d})"),
            }
        };
        out.push(format!(
            "{}. {}{sep}{}{tail}",
            i + 1,
            short(&item.label),
            problem_msg(item.problem).text(lang)
        ));
    }
    out.push(Msg::ReminderClosing.fill(lang, &[&reply_by]));
    if !signature.trim().is_empty() {
        out.push(signature.trim().to_string());
    }
    out.join("\n")
}

#[component]
pub fn Office() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let derived = use_derived();
    let list = Memo::new(move |_| {
        let as_of = ui.as_of.get();
        derived.plan.with(|p| {
            session.data().with(|d| {
                derived
                    .ledger
                    .with(|l| derived.assessment.with(|a| reminders(p, d, l, a, as_of)))
            })
        })
    });
    let reply_by = RwSignal::new(
        Date::from_days_since_epoch(ui.today.days_since_epoch() + 5)
            .unwrap_or(ui.today)
            .to_string(),
    );
    let signature = RwSignal::new(String::new());
    let signature_text = move || {
        let s = signature.get();
        if s.trim().is_empty() {
            ui.t(Msg::DefaultSignature).to_string()
        } else {
            s
        }
    };
    let print = move |_| {
        let _ = window().print();
    };
    let readonly = session.readonly();

    let unit_card = move |(index, r): (usize, UnitReminder)| {
        let r = StoredValue::new(r);
        let text = move || {
            r.with_value(|r| {
                reminder_text(
                    &derived.plan.with(|p| p.title.clone()),
                    r,
                    ui.as_of.get(),
                    &reply_by.get(),
                    &signature_text(),
                    ui.lang.get(),
                )
            })
        };
        let copied = RwSignal::new(None::<bool>);
        let copy = move |_| {
            let t = text();
            let clipboard = window().navigator().clipboard();
            let promise = clipboard.write_text(&t);
            leptos::task::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.set(Some(ok));
            });
        };
        let sent = RwSignal::new(false);
        let mark_sent = move |_| {
            let (unit, items) = r.with_value(|r| {
                (
                    r.unit.clone(),
                    r.items.iter().map(|i| i.id.clone()).collect(),
                )
            });
            session.log_reminder(unit, ui.as_of.get_untracked(), items);
            sent.set(true);
        };
        let unit = r.with_value(|r| r.unit.clone());
        let heading_id = format!("reminder-unit-{index}");
        let rows = r.with_value(|r| r.items.clone()).into_iter().map(|item| {
            let lang = ui.lang.get_untracked();
            let reminded = item.last_reminded.map(format_time).unwrap_or_default();
            view! {
                <tr data-testid="reminder-item" data-item=item.id.clone() data-problem=format!("{:?}", item.problem)>
                    <td lang=words_lang(&item.label)>{short(&item.label)}</td>
                    <td><span class=problem_class(item.problem)>{ui.t(problem_msg(item.problem))}</span></td>
                    <td>{details(&item, lang)}</td>
                    <td class="num">{reminded}</td>
                </tr>
            }
        }).collect_view();
        view! {
            <section class="card reminder-sheet" data-testid="reminder-unit" data-unit=unit.clone() aria-labelledby=heading_id.clone()>
                <h3 id=heading_id.clone()>
                    <span class="print-only">{ui.tr(Msg::ReminderSheet)} " · "</span>
                    <span lang=words_lang(&unit)>{unit.clone()}</span> " "
                    <span class="muted small">{move || r.with_value(|r| ui.fill(Msg::ReminderCount, &[&r.items.len()]))}</span>
                </h3>
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">{ui.tr(Msg::Item)}</th>
                            <th scope="col">{ui.tr(Msg::Status)}</th>
                            <th scope="col">{ui.tr(Msg::Latest)}</th>
                            <th scope="col">{ui.tr(Msg::Reminders)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <label class="field field-wide reminder-text no-print">
                    <span>{ui.tr(Msg::ReminderText)}</span>
                    <textarea readonly rows="8" data-testid="reminder-text" prop:value=text></textarea>
                </label>
                <div class="print-only reminder-letter">{text}</div>
                <div class="reminder-actions no-print">
                    <button type="button" class="btn" data-testid="copy-reminder" on:click=copy>{ui.tr(Msg::CopyText)}</button>
                    {(!readonly).then(|| view! {
                        <button type="button" class="btn btn-primary" data-testid="mark-sent" on:click=mark_sent>{ui.tr(Msg::MarkSent)}</button>
                    })}
                    <span role="status" data-testid="reminder-status">
                        {move || match copied.get() {
                            Some(true) => ui.t(Msg::Copied).to_string(),
                            Some(false) => ui.t(Msg::CopyFailed).to_string(),
                            None => String::new(),
                        }}
                        {move || sent.get().then(|| format!(" ✓ {}", ui.t(Msg::Recorded)))}
                    </span>
                </div>
            </section>
        }
    };

    view! {
        <section class="office" data-testid="office">
            <h2>{ui.tr(Msg::Reminders)}</h2>
            <div class="report-controls no-print">
                <label class="field field-narrow">
                    <span>{ui.tr(Msg::ReplyBy)}</span>
                    <input type="date" data-testid="reply-by" use:date_value=reply_by />
                </label>
                <label class="field">
                    <span>{ui.tr(Msg::SignedBy)}</span>
                    <input type="text" data-testid="signature" bind:value=signature
                        placeholder=ui.tr(Msg::DefaultSignature) />
                </label>
                <button type="button" class="btn" data-testid="print-reminders" on:click=print>{ui.tr(Msg::PrintReminders)}</button>
            </div>
            {move || {
                let (units, unassigned) = list.get();
                let as_of = ui.as_of.get();
                let intro = if units.is_empty() {
                    ui.fill(Msg::RemindersNone, &[&as_of])
                } else {
                    ui.fill(Msg::RemindersIntro, &[&as_of])
                };
                view! {
                    <p class="muted no-print" data-testid="reminders-intro">{intro}</p>
                    {(!unassigned.is_empty()).then(|| view! {
                        <p class="muted no-print" data-testid="reminders-unassigned">{ui.fill(Msg::UnassignedItems, &[&unassigned.len()])}</p>
                    })}
                    <div class="reminder-list">{units.into_iter().enumerate().map(unit_card).collect_view()}</div>
                }
            }}
            <MonthClosing />
        </section>
    }
}

/// 月度关账: close a month (refused next to the field for a future month or one already
/// closed), and the months closed so far.
#[component]
fn MonthClosing() -> impl IntoView {
    let ui = use_prefs();
    let session = use_session();
    let month = RwSignal::new(Month::of(ui.as_of.get_untracked()).to_string());
    let error = RwSignal::new(None::<Msg>);
    let done = RwSignal::new(None::<Month>);
    let closed = Memo::new(move |_| {
        session.data().with(|d| {
            let mut list: Vec<(Month, i64)> = d
                .closings
                .iter()
                .filter_map(|c| {
                    d.closing(c.month)
                        .filter(|k| k.id == c.id)
                        .map(|k| (k.month, k.recorded_at))
                })
                .collect();
            taizhang_core::order::sort_by(&mut list, |(month, at)| {
                (i64::from(month.year) * 12 + i64::from(month.month), *at, "")
            });
            list
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let Ok(m) = month.get_untracked().parse::<Month>() else {
            error.set(Some(Msg::ErrMonthInvalid));
            return;
        };
        match session.close_month(m, ui.today, String::new()) {
            Ok(()) => {
                error.set(None);
                done.set(Some(m));
            }
            Err(ClosingError::Future) => error.set(Some(Msg::ErrMonthFuture)),
            Err(ClosingError::AlreadyClosed) => error.set(Some(Msg::ErrMonthClosed)),
        }
    };
    view! {
        <section class="month-closing no-print" data-testid="month-closing">
            <h2>{ui.tr(Msg::MonthClosing)}</h2>
            <p class="muted small">{ui.tr(Msg::ClosingHint)}</p>
            {(!session.readonly()).then(|| view! {
                <form class="entry-form" on:submit=submit novalidate>
                    <label class="field field-narrow">
                        <span>{ui.tr(Msg::MonthToClose)}</span>
                        <input type="month" data-testid="close-month-field" use:date_value=month
                            aria-invalid=move || error.get().is_some().to_string() />
                        <span class="field-error" role="alert" data-testid="close-month-error">{move || error.get().map(|m| ui.t(m))}</span>
                    </label>
                    <button type="submit" class="btn btn-primary btn-small" data-testid="close-month">{ui.tr(Msg::CloseMonth)}</button>
                    <span role="status" class="saved-note">{move || done.get().map(|m| ui.fill(Msg::MonthClosedDone, &[&m]))}</span>
                </form>
            })}
            <h3>{ui.tr(Msg::ClosedMonths)}</h3>
            {move || {
                let list = closed.get();
                if list.is_empty() {
                    view! { <p class="muted small">{ui.t(Msg::NoClosedMonths)}</p> }.into_any()
                } else {
                    view! {
                        <ul data-testid="closed-months">
                            {list.into_iter().map(|(m, at)| view! {
                                <li data-testid="closed-month" data-month=m.to_string()>{ui.fill(Msg::ClosedAt, &[&m, &format_time(at)])}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
