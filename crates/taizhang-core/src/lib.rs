//! Taizhang's domain: the plan model and the plan-text parser.
//!
//! This crate knows nothing of the browser: it is plain Rust, built and tested natively, and the
//! web app and the command-line tool share it. Serialised with serde, the [`Plan`] type *is* the
//! public plan JSON documented in `docs/plan-json.md`; the user's data, its stored form and the
//! snapshot files that carry it between people live here too.

pub mod chart;
pub mod corrections;
pub mod csv;
pub mod date;
pub mod decimal;
pub mod docx;
pub mod exchange;
pub mod figure;
pub mod filter;
pub mod id;
pub mod ledger;
pub mod model;
pub mod office;
pub mod order;
pub mod pacing;
pub mod plans;
pub mod plantext;
pub mod report;
pub mod share;
pub mod snapshot;
pub mod sync;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
pub mod text;
pub mod userdata;

pub use date::Date;
pub use decimal::Decimal;
pub use model::*;
pub use plantext::parse_plan;
