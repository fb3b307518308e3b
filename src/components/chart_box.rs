//! A chart with its title and the buttons to save it as SVG or PNG.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::prefs::use_prefs;

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
) -> impl IntoView {
    let ui = use_prefs();
    let name = StoredValue::new(name);
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
            <div class="chart" role="img" aria-label=title inner_html=svg></div>
        </figure>
    }
}
