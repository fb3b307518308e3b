//! UI preferences: what the person looking at the app has chosen — language, view, filter, the
//! as-of date and the unit they report for. Nothing here is user data (none of it is exported);
//! the language and the unit are remembered in this browser.

use leptos::prelude::*;
use taizhang_core::filter::Filter;
use taizhang_core::Date;

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
    /// Reads the remembered preferences and keeps them remembered; the view follows the URL
    /// unless the page shows a share link (`readonly`).
    pub fn new(readonly: bool) -> Prefs {
        let today = crate::clock::local_today();
        let prefs = Prefs {
            lang: RwSignal::new(Lang::saved()),
            view: RwSignal::new(routes::initial_view()),
            filter: RwSignal::new(Filter::default()),
            as_of: RwSignal::new(today),
            my_unit: RwSignal::new(storage::prefs::get("unit").unwrap_or_default()),
            today,
        };
        Effect::new(move |_| {
            let lang = if prefs.lang.get() == Lang::En {
                "en"
            } else {
                "zh"
            };
            storage::prefs::set("lang", lang);
        });
        Effect::new(move |_| storage::prefs::set("unit", &prefs.my_unit.get()));
        routes::follow_url(prefs.view, readonly);
        prefs
    }

    /// A reactive translation of `msg` into the current language.
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
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
