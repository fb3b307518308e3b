//! The typed app context every component reads through [`use_app`].
//!
//! The plan shown is derived, never stored: the parsed seed plan with the user's corrections
//! applied. The user's data lives in one signal and is saved by one effect.

use std::sync::Arc;

use leptos::prelude::*;
use taizhang_core::corrections::{self, Correction, CorrectionRecord};
use taizhang_core::userdata::UserData;
use taizhang_core::Plan;

use crate::i18n::{Lang, Msg};
use crate::storage::{self, StorageProblem};

/// Shared state: cheap to copy, so components take it by value.
#[derive(Clone, Copy)]
pub struct AppCtx {
    /// The plan as parsed, before corrections.
    pub parsed: StoredValue<Arc<Plan>>,
    /// The plan as shown: parsed, with the user's corrections applied.
    pub plan: Memo<Arc<Plan>>,
    /// Ids of corrections whose task or target is not in the plan (kept, shown for re-attachment).
    pub orphans: Memo<Vec<String>>,
    /// Everything the user recorded; saved to localStorage on every change.
    pub data: RwSignal<UserData>,
    /// The latest storage problem, for the banner.
    pub problem: RwSignal<Option<StorageProblem>>,
    /// The UI language.
    pub lang: RwSignal<Lang>,
}

impl AppCtx {
    /// Builds the context from the parsed plan and what storage held, and starts saving.
    pub fn new(parsed: Plan, loaded: storage::Loaded) -> AppCtx {
        let parsed = StoredValue::new(Arc::new(parsed));
        let data = RwSignal::new(loaded.data);
        let applied = Memo::new(move |_| {
            data.with(|d| {
                let (plan, orphans) =
                    corrections::apply(&parsed.get_value(), &d.corrections, taizhang_core::parse::kind_without_targets);
                (Arc::new(plan), orphans)
            })
        });
        let ctx = AppCtx {
            parsed,
            plan: Memo::new(move |_| applied.with(|(p, _)| p.clone())),
            orphans: Memo::new(move |_| applied.with(|(_, o)| o.clone())),
            data,
            problem: RwSignal::new(loaded.problem),
            lang: RwSignal::new(Lang::Zh),
        };
        let may_save = loaded.may_save;
        // Effects exist to sync with the outside world: this one writes the user's data through.
        Effect::new(move |previous: Option<()>| {
            data.track();
            // The first run only registers the dependency: what was just loaded needs no write.
            if previous.is_none() || !may_save {
                return;
            }
            if let Err(problem) = data.with_untracked(storage::save) {
                ctx.problem.set(Some(problem));
            }
        });
        ctx
    }

    /// A reactive translation of `msg` into the current language.
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// Records a correction (it wins over the parser from now on).
    pub fn correct(self, correction: Correction) {
        let id = new_id();
        self.data.update(|d| d.corrections.push(CorrectionRecord { id, correction }));
    }

    /// Takes back the most recent correction.
    pub fn undo_correction(self) {
        self.data.update(|d| {
            d.corrections.pop();
        });
    }
}

/// A record id unique enough for one user's corrections: time plus randomness.
fn new_id() -> String {
    let now = web_sys::js_sys::Date::now() as u64;
    let rand = (web_sys::js_sys::Math::random() * 1e9) as u64;
    format!("{now:x}{rand:x}")
}

/// The app context; panics only if called outside [`crate::App`], which is a programming error.
pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}
