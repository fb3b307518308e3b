//! The views. One file per component; each reads shared state through [`crate::state::use_app`].

pub mod app;
pub mod banner;
pub mod chart_box;
pub mod dashboard;
pub mod exchange;
pub mod filter_bar;
pub mod plan_header;
pub mod point_card;
pub mod quick_entry;
pub mod record;
pub mod report;
pub mod section_list;
pub mod settings;
pub mod status;
pub mod task_row;
