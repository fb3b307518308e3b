//! What every view reads, derived from the session and the as-of date and never stored: the
//! plan as shown (parsed, with the user's corrections applied), the corrections that lost their
//! subject, the live ledger, and the assessment of the whole plan as of the chosen date.

use std::sync::Arc;

use leptos::prelude::*;
use taizhang_core::corrections;
use taizhang_core::ledger::LedgerView;
use taizhang_core::pacing::Assessment;
use taizhang_core::report::assess_with;
use taizhang_core::{Date, Plan};

use crate::session::Session;

/// The derived context: memos only, cheap to copy.
#[derive(Clone, Copy)]
pub struct Derived {
    /// The plan as shown: parsed, with the user's corrections applied.
    pub plan: Memo<Arc<Plan>>,
    /// Ids of corrections whose task or target is not in the plan (kept, shown for re-attachment).
    pub orphans: Memo<Vec<String>>,
    /// The live ledger.
    pub ledger: Memo<Arc<LedgerView>>,
    /// The whole plan assessed as of the chosen date: statuses, roll-ups, the 督办清单.
    pub assessment: Memo<Arc<Assessment>>,
}

impl Derived {
    pub fn new(session: Session, as_of: RwSignal<Date>) -> Derived {
        let data = session.data();
        let parsed = session.parsed;
        // The plan depends on the corrections only: recording an entry (or importing thousands)
        // must not rebuild it. Comparing the small correction list is cheaper than re-applying.
        let corrections = Memo::new(move |_| data.with(|d| d.corrections.clone()));
        let applied = Memo::new(move |_| {
            corrections.with(|c| {
                let (plan, orphans) = corrections::apply(
                    &parsed.get_value(),
                    c,
                    taizhang_core::plantext::kind_without_targets,
                );
                (Arc::new(plan), orphans)
            })
        });
        let plan = Memo::new(move |_| applied.with(|(p, _)| p.clone()));
        // An entry appended (the usual change) extends the previous view, touching one subject;
        // anything else builds it anew (a pass over the whole ledger: 48,000 entries in a city).
        let ledger = Memo::new(move |previous: Option<&Arc<LedgerView>>| {
            crate::perf::start("taizhang-ledger");
            let view = data.with(|d| {
                Arc::new(
                    previous
                        .and_then(|p| p.extended(&d.entries))
                        .unwrap_or_else(|| LedgerView::new(&d.entries)),
                )
            });
            crate::perf::end("taizhang-ledger");
            view
        });
        let assessment = Memo::new(move |_| {
            let (plan, ledger, as_of) = (plan.get(), ledger.get(), as_of.get());
            crate::perf::start("taizhang-assess");
            // A milestone is due by its deadline in force: the latest extension's, else the one the
            // user set, else the one the text names (6月底前, 三季度…), else the end of the period.
            let a = data.with(|d| Arc::new(assess_with(&plan, d, &ledger, as_of)));
            crate::perf::end("taizhang-assess");
            a
        });
        Derived {
            plan,
            orphans: Memo::new(move |_| applied.with(|(_, o)| o.clone())),
            ledger,
            assessment,
        }
    }
}

/// The derived state; panics only outside [`crate::App`], a programming error.
pub fn use_derived() -> Derived {
    expect_context::<Derived>()
}
