//! The views, one file per component. Each reads the contexts it needs (`use_prefs`,
//! `use_session`, `use_derived`, `use_persistence`) and imports shared helpers from
//! [`crate::labels`], never from a sibling view (a view imports another only to render it).

pub mod app;
pub mod banner;
pub mod below_fold;
pub mod chart_box;
pub mod dashboard;
pub mod exchange;
pub mod filter_bar;
pub mod lazy;
pub mod my_tasks;
pub mod office;
pub mod plan_header;
pub mod plans;
pub mod point_card;
pub mod quick_entry;
pub mod record;
pub mod report;
pub mod section_list;
pub mod settings;
pub mod status;
pub mod sync_panel;
pub mod task_row;
