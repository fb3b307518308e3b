//! The plan's sections with their points, and the outline that links to them.

use leptos::prelude::*;

use crate::components::point_card::PointCard;
use crate::derived::use_derived;
use crate::i18n::Msg;
use crate::labels::{section_label, words_lang};
use crate::prefs::use_prefs;

/// Anchor id of a section, shared by the outline and the section heading.
fn section_anchor(number: u32) -> String {
    format!("section-{number}")
}

/// Sections and points, keyed so that a changed plan (e.g. after a correction) re-renders only
/// what changed and keeps which points are expanded.
#[component]
pub fn SectionList() -> impl IntoView {
    let ui = use_prefs();
    let derived = use_derived();
    view! {
        <div class="sections">
            <For
                each=move || derived.plan.with(|p| p.sections.clone())
                key=|s| (s.number, s.title.clone())
                children=move |section| {
                    let heading_id = section_anchor(section.number);
                    let labelled_by = heading_id.clone();
                    let section_lang = words_lang(&format!("{}{}", section.numeral, section.title));
                    view! {
                        <section class="section" data-testid="section" aria-labelledby=labelled_by>
                            <h2 class="section-title" id=heading_id lang=section_lang>
                                {(!section.numeral.is_empty()).then(|| view! {
                                    <span class="section-numeral">{format!("{}、", section.numeral)}</span>
                                })}
                                {if section.numeral.is_empty() && section.title.is_empty() {
                                    ui.t(Msg::UnnamedSection).to_string()
                                } else {
                                    section.title.clone()
                                }}
                            </h2>
                            <div class="points">
                                {section
                                    .points
                                    .into_iter()
                                    .map(|point| view! { <PointCard point section=section.number /> })
                                    .collect_view()}
                            </div>
                        </section>
                    }
                }
            />
        </div>
    }
}

/// A compact table of contents: one link per section.
#[component]
pub fn Outline() -> impl IntoView {
    let ui = use_prefs();
    let derived = use_derived();
    view! {
        <nav class="outline" aria-label=ui.tr(Msg::PlanOutline)>
            <h2 class="outline-title">{ui.tr(Msg::PlanOutline)}</h2>
            <ol>
                {move || {
                    derived.plan
                        .with(|p| {
                            p.sections
                                .iter()
                                .map(|s| {
                                    let href = format!("#{}", section_anchor(s.number));
                                    let label = section_label(&s.numeral, &s.title, ui.lang.get());
                                    let lang = words_lang(&label);
                                    let range = match (s.points.first(), s.points.last()) {
                                        (Some(a), Some(b)) => format!("{}–{}", a.number, b.number),
                                        _ => String::new(),
                                    };
                                    view! {
                                        <li>
                                            <a href=href>
                                                <span class="outline-label" lang=lang>{label}</span>
                                                <span class="outline-range">{range}</span>
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </ol>
        </nav>
    }
}
