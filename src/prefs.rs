//! UI preferences: what the person looking at the app has chosen — language, view, filter, the
//! as-of date and the unit they report for. Nothing here is user data (none of it is exported);
//! the language and the unit are remembered in this browser.

use leptos::prelude::*;
use taizhang_core::filter::Filter;
use taizhang_core::plans::default_as_of;
use taizhang_core::{Date, Period};

use crate::i18n::{Lang, Msg};
use crate::routes::{self, View};
use crate::storage;

/// The preferences context: cheap to copy, so components take it by value.
#[derive(Clone, Copy)]
pub struct Prefs {
    /// The UI language.
    pub lang: RwSignal<Lang>,
    /// The view shown (follows the URL fragment).
    pub view: RwSignal<View>,
    /// The task filter, shared by the plan view and the quick-entry grid.
    pub filter: RwSignal<Filter>,
    /// The date every view is shown as of (the June report can be made in July).
    pub as_of: RwSignal<Date>,
    /// The unit this browser reports for (填报单位), remembered between visits.
    pub my_unit: RwSignal<String>,
    /// Today's date in the browser's time zone, read once at start.
    pub today: Date,
}

impl Prefs {
    /// Reads the remembered preferences of the plan `plan_id` (shown at `route_plan` in the
    /// URL, `None` for the embedded plan) and keeps them remembered; the view follows the URL
    /// unless the page shows a share link (`readonly`). The as-of date is the one last chosen
    /// for this plan, else today within the plan's `period`.
    pub fn new(plan_id: &str, route_plan: Option<String>, period: Period, readonly: bool) -> Prefs {
        let today = crate::clock::local_today();
        let as_of_key = format!("asof.{plan_id}");
        let remembered = storage::prefs::get(&as_of_key)
            .and_then(|d| d.parse::<Date>().ok())
            .filter(|d| (period.start..=period.end).contains(d));
        // Opened without a view in the address, the app shows 总览: the first tab, and the one
        // view whose code is all in the main wasm (a first visit loads no chunk).
        let view = routes::current()
            .filter(|r| r.plan == route_plan)
            .map_or(View::Dashboard, |r| r.view);
        let prefs = Prefs {
            lang: RwSignal::new(Lang::saved()),
            view: RwSignal::new(view),
            filter: RwSignal::new(Filter::default()),
            as_of: RwSignal::new(remembered.unwrap_or_else(|| default_as_of(today, period))),
            my_unit: RwSignal::new(storage::prefs::get("unit").unwrap_or_default()),
            today,
        };
        // A choice is written when it changes: the first runs would only write back what was
        // just read (or the default), a storage write in the middle of start-up.
        Effect::new(move |previous: Option<()>| {
            let lang = if prefs.lang.get() == Lang::En {
                "en"
            } else {
                "zh"
            };
            if previous.is_some() {
                storage::prefs::set("lang", lang);
            }
        });
        Effect::new(move |previous: Option<()>| {
            let unit = prefs.my_unit.get();
            if previous.is_some() {
                storage::prefs::set("unit", &unit);
            }
        });
        if !readonly {
            // Only a date the person chose is remembered: the first run writes nothing.
            Effect::new(move |first: Option<()>| {
                let date = prefs.as_of.get();
                if first.is_some() {
                    storage::prefs::set(&as_of_key, &date.to_string());
                }
            });
        }
        routes::follow_url(prefs.view, route_plan, readonly);
        prefs
    }

    /// A reactive translation of `msg` into the current language.
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// `msg` in the current language, as a text or attribute of a view that follows the
    /// language. Every message shares this one closure type, so the view code that keeps a
    /// translated text up to date is compiled once, not once per call site as a
    /// `move || ui.t(msg)` would be (each closure is a type of its own).
    pub fn tr(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(msg)
    }

    /// A reactive translation of `msg` with its placeholders filled in (see [`Msg::fill`]).
    pub fn fill(self, msg: Msg, args: &[&dyn std::fmt::Display]) -> String {
        msg.fill(self.lang.get(), args)
    }
}

/// The preferences; panics only outside [`crate::App`], which is a programming error.
pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}
