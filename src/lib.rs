//! Taizhang's web app: a Leptos client-side single-page app over the domain crate.
//!
//! `main.rs` only mounts [`App`]; everything lives here so browser tests can mount it too.
//!
//! Module map:
//! - the contexts components read, one job each: [`prefs`] (language, view, filter, as-of date,
//!   my unit), [`session`] (the plan tracked, the user's data read-only, every command that
//!   changes it, undo), [`derived`] (the corrected plan, ledger and assessment, as memos),
//!   [`persist`] (the save loop, epoch, backup, storage problems), [`sync`] (the optional
//!   CouchDB sync loop and its status); [`routes`] maps views to the
//!   URL fragment;
//! - the browser's edges: [`storage`] (the only module that touches localStorage), [`transfer`]
//!   (snapshot files and share links), [`files`] (downloads), [`charts`] (the only module that
//!   draws), [`clock`] (time and record ids), [`later`] (work put off to an idle moment or until
//!   an element comes near the screen), [`perf`] (benchmark marks);
//! - words: [`i18n`] (the message catalogue) and [`labels`] (enum labels, classes, keys and the
//!   shared formatters);
//! - [`seed`] (the embedded plan) and [`components`] (the views, a tree).

pub mod charts;
pub mod clock;
pub mod components;
pub mod derived;
pub mod fields;
pub mod files;
pub mod i18n;
pub mod labels;
pub mod later;
pub mod library;
pub mod perf;
pub mod persist;
pub mod planfile;
pub mod prefs;
pub mod routes;
pub mod seed;
pub mod session;
pub mod storage;
pub mod sync;
pub mod transfer;
pub mod wordfile;

pub use components::app::App;
