//! Taizhang's web app: a Leptos client-side single-page app over the domain crate.
//!
//! `main.rs` only mounts [`App`]; everything lives here so browser tests can mount it too.
//! Module map: `i18n` (the message catalogue), `state` (the typed app context), `seed` (the
//! embedded plan), `components/` (the views).

pub mod charts;
pub mod components;
pub mod files;
pub mod i18n;
pub mod perf;
pub mod seed;
pub mod state;
pub mod storage;
pub mod transfer;

pub use components::app::App;
