//! A chart with its title, the buttons to save it as SVG or PNG, and its data as a table (the
//! chart's text alternative, for screen readers and for anyone who wants the figures).

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::prefs::use_prefs;

/// A chart's data as a table: a header row, then one row per bar or point (its first cell names
/// the row).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartTable {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Shows `svg` (drawn by [`crate::charts`]) and offers it as `name.svg` / `name.png`.
#[component]
pub fn ChartBox(
    /// The chart's SVG markup.
    #[prop(into)]
    svg: Signal<String>,
    /// The file name, without extension.
    #[prop(into)]
    name: String,
    /// The chart's title, shown above it.
    #[prop(into)]
    title: Signal<String>,
    /// The chart's drawing size in px (for the PNG).
    size: Signal<(u32, u32)>,
    /// The chart's data, shown as a table under it (its text alternative).
    #[prop(into)]
    table: Signal<ChartTable>,
) -> impl IntoView {
    let ui = use_prefs();
    let name = StoredValue::new(name);
    let opened = RwSignal::new(false);
    let save_svg = move |_| {
        let file = format!("{}.svg", name.get_value());
        crate::files::download(&file, "image/svg+xml", &svg.get_untracked());
    };
    let save_png = move |_| {
        let file = format!("{}.png", name.get_value());
        crate::files::download_png_from_svg(&svg.get_untracked(), size.get_untracked(), &file);
    };
    view! {
        <figure class="chart-box" data-testid="chart">
            <figcaption class="chart-head">
                <span class="chart-title">{title}</span>
                <span class="chart-actions">
                    <button type="button" class="btn btn-small" data-testid="save-svg" on:click=save_svg>{move || ui.t(Msg::SaveSvg)}</button>
                    <button type="button" class="btn btn-small" data-testid="save-png" on:click=save_png>{move || ui.t(Msg::SavePng)}</button>
                </span>
            </figcaption>
            // On a phone the chart scrolls sideways: it takes focus, so the keyboard can scroll it.
            <div class="chart" role="img" aria-label=title tabindex="0" inner_html=svg></div>
            // The table is built when it is first opened: until then nobody can see it, nor a
            // screen reader read it, and the dashboard's charts held a third of its elements
            // at start-up.
            <details class="chart-data" data-testid="chart-data" on:toggle=move |_| opened.set(true)>
                <summary>{move || ui.t(Msg::ChartData)}</summary>
                <Show when=move || opened.get()>
                <div class="table-scroll" role="region" aria-label=title tabindex="0">
                    <table class="grid">
                        <thead>
                            <tr>{move || table.with(|t| t.head.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view())}</tr>
                        </thead>
                        <tbody>
                            {move || table.with(|t| t.rows.iter().map(|row| {
                                let mut cells = row.iter();
                                let first = cells.next().cloned().unwrap_or_default();
                                let rest = cells.map(|c| view! { <td class="num">{c.clone()}</td> }).collect_view();
                                view! { <tr><th scope="row">{first}</th>{rest}</tr> }
                            }).collect_view())}
                        </tbody>
                    </table>
                </div>
                </Show>
            </details>
        </figure>
    }
}
