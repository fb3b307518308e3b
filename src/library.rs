//! The library: the plans this browser tracks, which one is shown, and the operations on the
//! list — open, add (after review), rename, delete and undo a deletion.
//!
//! It lives above the shell: opening another plan mounts the shell afresh for it (its own
//! session, data, settings and preferences), so one page never mixes two plans' data.

use std::sync::Arc;

use leptos::prelude::*;
use taizhang_core::plans::{self, Overrides, Registry, Tracked};
use taizhang_core::snapshot::Snapshot;
use taizhang_core::userdata::UserData;
use taizhang_core::Plan;

use crate::routes::{Route, View};
use crate::storage::{self, Keys, StorageProblem};

/// The library context: cheap to copy.
#[derive(Clone, Copy)]
pub struct Library {
    /// Every plan tracked here.
    pub registry: RwSignal<Registry>,
    /// The id of the plan shown.
    pub active: RwSignal<String>,
    /// The embedded plan (parsed at build time), whose id and title the registry refers to.
    pub embedded: StoredValue<Arc<Plan>>,
    /// A plan brought but not yet tracked: shown for review in the plans view.
    pub draft: RwSignal<Option<Draft>>,
    /// A snapshot file chosen while another plan was shown, waiting for its own plan's view
    /// (with the file's name).
    pub incoming: RwSignal<Option<(String, Snapshot)>>,
}

/// A plan brought for review: its text, where it came from, and — when it arrived with a
/// snapshot file — the title, issuer or year set by the sender and the data to import with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    /// The file's name ("" when pasted).
    pub source: String,
    pub overrides: Overrides,
    pub incoming: Option<UserData>,
}

impl Draft {
    pub fn new(
        text: String,
        source: String,
        overrides: Overrides,
        incoming: Option<UserData>,
    ) -> Draft {
        Draft {
            text,
            source,
            overrides,
            incoming,
        }
    }
}

/// A plan's text read into its structure (`plans::read`), from its own wasm chunk with the
/// `split` feature (see `components::lazy`): the plan reader alone, so opening a plan brought
/// here loads the reader, not the plans view, and the plans view opens without the reader
/// (its review loads it when a plan is brought).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(reader, wasm_split_path = ::leptos::wasm_split)]
pub fn read_plan(text: String, overrides: Overrides) -> Plan {
    plans::read(&text, &overrides)
}

/// The plan reader's chunk loaded ahead (`reader::load`, like a lazily loaded view's `load`):
/// a split point in that chunk that does nothing, so that a load that fails is an `Err`, never
/// a panic. Without the `split` feature there is nothing to load.
pub(crate) mod reader {
    use crate::components::lazy::ChunkError;

    #[cfg(feature = "split")]
    #[leptos::wasm_split::wasm_split(reader, wasm_split_path = ::leptos::wasm_split, preload(load), fallible)]
    pub(crate) fn loaded() -> Result<(), ChunkError> {
        Ok(())
    }

    #[cfg(not(feature = "split"))]
    pub(crate) async fn load() -> Result<(), ChunkError> {
        Ok(())
    }
}

/// A plan's text read into its structure (`plans::read`).
#[cfg(not(feature = "split"))]
pub async fn read_plan(text: String, overrides: Overrides) -> Plan {
    plans::read(&text, &overrides)
}

/// A plan ready to show: read from its text (or embedded), with its registry entry.
pub struct Opened {
    pub plan: Plan,
    pub tracked: Tracked,
    pub keys: Keys,
}

impl Library {
    /// Reads the registry (see [`storage::load_registry`]) and picks the plan the URL names, or
    /// the embedded one.
    pub fn new(embedded: Plan) -> (Library, Option<StorageProblem>) {
        let (registry, problem) = storage::load_registry(&embedded.id);
        let named = crate::routes::current()
            .and_then(|r| r.plan)
            .filter(|id| registry.get(id).is_some());
        let active = named.unwrap_or_else(|| embedded.id.clone());
        let library = Library {
            registry: RwSignal::new(registry),
            active: RwSignal::new(active),
            embedded: StoredValue::new(Arc::new(embedded)),
            draft: RwSignal::new(None),
            incoming: RwSignal::new(None),
        };
        (library, problem)
    }

    /// The registry as stored now (another tab may have added or deleted a plan since this one
    /// read it): every change to the list starts from it, so no tab drops another's plans.
    fn fresh(self) -> Registry {
        match storage::load_registry(&self.embedded_id()) {
            (stored, None) => stored,
            (_, Some(_)) => self.registry.get_untracked(),
        }
    }

    /// Takes the registry another tab wrote (a `storage` event).
    pub fn follow_other_tabs(self) {
        let listener =
            leptos::leptos_dom::helpers::window_event_listener(leptos::ev::storage, move |ev| {
                if ev.key().as_deref() == Some(storage::PLANS_KEY) {
                    let next = self.fresh();
                    if self.registry.with_untracked(|r| *r != next) {
                        self.registry.set(next);
                    }
                }
            });
        on_cleanup(move || listener.remove());
    }

    pub fn embedded_id(self) -> String {
        self.embedded.with_value(|p| p.id.clone())
    }

    /// The name a plan is listed under.
    pub fn name_of(self, tracked: &Tracked) -> String {
        match tracked.name() {
            "" => self.embedded.with_value(|p| p.title.clone()),
            name => name.to_string(),
        }
    }

    /// The route of `view` of the plan `id` (the embedded plan's routes carry no id).
    pub fn route(self, id: &str, view: View) -> Route {
        let embedded = self
            .registry
            .with_untracked(|r| r.get(id).is_some_and(|t| t.embedded));
        Route {
            plan: (!embedded).then(|| id.to_string()),
            view,
        }
    }

    /// Reads the plan `id`: the embedded one as built (at once), an added one parsed from its
    /// stored text by the plan reader, whose code is a chunk loaded the first time an added plan
    /// opens (the first visit, on the embedded plan, never loads it). `None` when it is not
    /// tracked or its text is gone.
    pub async fn open(self, id: &str) -> Option<Opened> {
        let tracked = self.registry.with_untracked(|r| r.get(id).cloned())?;
        if tracked.embedded {
            let plan = tracked
                .overrides
                .apply(self.embedded.with_value(|p| (**p).clone()));
            return Some(Opened {
                plan,
                tracked,
                keys: Keys::embedded(),
            });
        }
        let text = storage::plan_text(id)?;
        crate::perf::start("taizhang-plan");
        let plan = read_plan(text, tracked.overrides.clone()).await;
        crate::perf::end("taizhang-plan");
        Some(Opened {
            plan,
            keys: Keys::added(id),
            tracked,
        })
    }

    /// Shows the plan `id` at `view`.
    pub fn show(self, id: &str, view: View) {
        let hash = self.route(id, view).hash();
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&hash);
        }
        if self.active.get_untracked() != id {
            self.active.set(id.to_string());
        }
    }

    /// Starts tracking the plan read from `text` (its id `id` and the title the text gives),
    /// with the overrides and the data (corrections) made while reviewing it. Nothing is written
    /// unless all of it is.
    pub fn add(
        self,
        id: &str,
        title: &str,
        text: &str,
        overrides: Overrides,
        data: &UserData,
    ) -> Result<(), StorageProblem> {
        let tracked = Tracked {
            id: id.to_string(),
            title: title.to_string(),
            embedded: false,
            overrides,
            added_at: crate::clock::now_ms(),
        };
        let next = storage::add_plan(&self.fresh(), tracked, text, data)?;
        self.registry.set(next);
        Ok(())
    }

    /// Renames a plan (an empty name returns to the text's title).
    pub fn rename(self, id: &str, name: &str) -> Result<(), StorageProblem> {
        let mut next = self.fresh();
        next.rename(id, name);
        storage::save_registry(&next)?;
        self.registry.set(next);
        Ok(())
    }

    /// Deletes a plan from the list; it stays restorable (its text and data are kept) until
    /// another plan is deleted. Deleting the last plan brings the embedded one back.
    pub fn delete(self, id: &str) -> Result<(), StorageProblem> {
        let mut next = self.fresh();
        let Some(freed) = next.remove(id, &self.embedded_id()) else {
            return Ok(());
        };
        storage::save_registry(&next)?;
        if let Some(old) = freed {
            storage::free_plan(&old);
        }
        self.registry.set(next);
        Ok(())
    }

    /// Brings back the plan deleted last.
    pub fn undelete(self) -> Result<Option<String>, StorageProblem> {
        let mut next = self.fresh();
        let id = next.trash.as_ref().map(|t| t.id.clone());
        if !next.undelete() {
            return Ok(None);
        }
        storage::save_registry(&next)?;
        self.registry.set(next);
        Ok(id)
    }
}

/// The library; panics only outside [`crate::App`], a programming error.
pub fn use_library() -> Library {
    expect_context::<Library>()
}
