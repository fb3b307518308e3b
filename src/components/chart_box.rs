//! A chart with its title, the buttons to save it as SVG or PNG, and its data as a table (the
//! chart's text alternative, for screen readers and for anyone who wants the figures).

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::labels::{text_lang, words_lang};
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
    /// Draw the chart only once it comes near the screen (or the page is printed): `svg` is
    /// then read, and so computed, only then. Until drawn, its place is kept at its size.
    #[prop(optional)]
    lazy: bool,
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
                <span class="chart-title" lang=move || title.with(|t| words_lang(t))>{title}</span>
                <span class="chart-actions">
                    <button type="button" class="btn btn-small" data-testid="save-svg" on:click=save_svg>{ui.tr(Msg::SaveSvg)}</button>
                    <button type="button" class="btn btn-small" data-testid="save-png" on:click=save_png>{ui.tr(Msg::SavePng)}</button>
                </span>
            </figcaption>
            <ChartDrawing svg size label=title lazy />
            // The table is built when it is first opened: until then nobody can see it, nor a
            // screen reader read it, and the dashboard's charts held a third of its elements
            // at start-up.
            <details class="chart-data" data-testid="chart-data" on:toggle=move |_| opened.set(true)>
                <summary>{ui.tr(Msg::ChartData)}</summary>
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

/// A chart's drawing, `svg` (of `size` px) in a `div.chart` labelled `label`, with `class` added.
/// With `lazy` it is drawn only once it comes within a screen's height of the viewport, or the
/// page is printed (`beforeprint`: Chromium's print and print-to-PDF both send it); until then an
/// empty drawing of its size keeps its place, so nothing moves when it is drawn.
#[component]
pub fn ChartDrawing(
    svg: Signal<String>,
    size: Signal<(u32, u32)>,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] lazy: bool,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let drawn = RwSignal::new(!lazy);
    let place = NodeRef::<leptos::html::Div>::new();
    if lazy {
        place.on_load(move |el| crate::later::when_near(&el, drawn));
        crate::later::when_printed(drawn);
    }
    view! {
        // On a phone the chart scrolls sideways: it takes focus, so the keyboard can scroll it.
        // A label of the plan's words alone is read in Chinese; what the drawing holds is an image.
        <div class=format!("chart {class}") role="img" aria-label=label tabindex="0" node_ref=place
            lang=move || label.with(|l| text_lang(l))
            data-testid=testid
            data-drawn=move || drawn.get().to_string()
            inner_html=move || if drawn.get() {
                svg.get()
            } else {
                let (w, h) = size.get();
                format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"></svg>"#)
            }></div>
    }
}
