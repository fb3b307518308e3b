//! Domain values as the UI shows them: each enum's label ([`Msg`]), CSS class and stable key
//! (`data-*` attributes, form values), and the few formatters every view shares.
//!
//! Views import these helpers from here and never from each other, so the components form a
//! tree. Every word shown still comes from the catalogue in [`crate::i18n`].

use taizhang_core::figure::FigureError;
use taizhang_core::ledger::{EntryValue, Health, MilestoneState};
use taizhang_core::pacing::Status;
use taizhang_core::{Commitment, Comparator, Decimal, Target, TaskKind};

use crate::i18n::{Lang, Msg};
use crate::storage::StorageProblem;

/// The `lang` of an element showing the plan's own words (its title, a section's, a task, a
/// metric, a unit, a plan's name): Chinese whatever the UI language, so that a screen reader
/// reads them with a Chinese voice in the English UI too. Words without a Chinese character (a
/// plan named in English, the label of an unnamed section) take the page's language.
pub fn words_lang(text: &str) -> Option<&'static str> {
    let han = |c: char| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2fa1f}');
    text.chars().any(han).then_some("zh-CN")
}

/// The `lang` of a text made from a message and the plan's words (a target's requirement with
/// its unit, a figure with its unit): Chinese when it has a Chinese character and no Latin
/// letter (the message added only signs and numbers: "≥ 40 亿元"); a text mixing both
/// languages ("growth ≥ 5 亿元") cannot carry one and takes the page's.
pub fn text_lang(text: &str) -> Option<&'static str> {
    words_lang(text).filter(|_| !text.chars().any(|c| c.is_ascii_alphabetic()))
}

/// The [`text_lang`] of a text that changes (what `text` gives): a reactive `lang`.
pub fn text_lang_of(
    text: impl Fn() -> String + Send + Sync + 'static,
) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    move || text_lang(&text())
}

/// A share as a whole percentage ("42%"), without float formatting machinery.
pub fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// "2025-06-30 14:05" in the browser's time zone.
pub fn format_time(ms: i64) -> String {
    let d = web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

// Pacing statuses: one palette, always with text and an icon (the CSS draws ✓ ▶ ! ✕ ○ ⏱).

pub fn status_msg(s: Status) -> Msg {
    match s {
        Status::Done => Msg::StatusDone,
        Status::OnTrack => Msg::StatusOnTrack,
        Status::AtRisk => Msg::StatusAtRisk,
        Status::Behind => Msg::StatusBehind,
        Status::NoData => Msg::StatusNoData,
        Status::Stale => Msg::StatusStale,
    }
}

/// The chip class; the CSS gives each its icon as well as its colour.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Done => "chip pace-done",
        Status::OnTrack => "chip pace-on-track",
        Status::AtRisk => "chip pace-at-risk",
        Status::Behind => "chip pace-behind",
        Status::NoData => "chip pace-no-data",
        Status::Stale => "chip pace-stale",
    }
}

pub fn status_key(s: Status) -> &'static str {
    match s {
        Status::Done => "done",
        Status::OnTrack => "on_track",
        Status::AtRisk => "at_risk",
        Status::Behind => "behind",
        Status::NoData => "no_data",
        Status::Stale => "stale",
    }
}

// Milestone states.

pub const MILESTONE_STATES: [MilestoneState; 4] = [
    MilestoneState::NotStarted,
    MilestoneState::InProgress,
    MilestoneState::Done,
    MilestoneState::Blocked,
];

pub fn state_msg(s: MilestoneState) -> Msg {
    match s {
        MilestoneState::NotStarted => Msg::StateNotStarted,
        MilestoneState::InProgress => Msg::StateInProgress,
        MilestoneState::Done => Msg::StateDone,
        MilestoneState::Blocked => Msg::StateBlocked,
    }
}

pub fn state_key(s: MilestoneState) -> &'static str {
    match s {
        MilestoneState::NotStarted => "not_started",
        MilestoneState::InProgress => "in_progress",
        MilestoneState::Done => "done",
        MilestoneState::Blocked => "blocked",
    }
}

/// A state chip's class: the CSS gives each state its own icon as well as its colour.
pub fn state_class(s: MilestoneState) -> &'static str {
    match s {
        MilestoneState::NotStarted => "chip chip-idle",
        MilestoneState::InProgress => "chip chip-progress",
        MilestoneState::Done => "chip chip-done",
        MilestoneState::Blocked => "chip chip-blocked",
    }
}

// The health of an ongoing task.

pub const HEALTHS: [Health; 3] = [Health::Good, Health::Concern, Health::Behind];

pub fn health_msg(h: Health) -> Msg {
    match h {
        Health::Good => Msg::HealthGood,
        Health::Concern => Msg::HealthConcern,
        Health::Behind => Msg::HealthBehind,
    }
}

pub fn health_key(h: Health) -> &'static str {
    match h {
        Health::Good => "good",
        Health::Concern => "concern",
        Health::Behind => "behind",
    }
}

pub fn health_class(h: Health) -> &'static str {
    match h {
        Health::Good => "chip chip-done",
        Health::Concern => "chip chip-progress",
        Health::Behind => "chip chip-blocked",
    }
}

// Task kinds: each also has its own marker shape in CSS, so kind is never told by colour alone.

pub const KINDS: [TaskKind; 3] = [
    TaskKind::Quantitative,
    TaskKind::Milestone,
    TaskKind::Ongoing,
];

pub fn kind_msg(kind: TaskKind) -> Msg {
    match kind {
        TaskKind::Quantitative => Msg::KindQuantitative,
        TaskKind::Milestone => Msg::KindMilestone,
        TaskKind::Ongoing => Msg::KindOngoing,
    }
}

pub fn kind_class(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Quantitative => "kind kind-quantitative",
        TaskKind::Milestone => "kind kind-milestone",
        TaskKind::Ongoing => "kind kind-ongoing",
    }
}

pub fn kind_key(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Quantitative => "quantitative",
        TaskKind::Milestone => "milestone",
        TaskKind::Ongoing => "ongoing",
    }
}

/// The kind a form value names, if any.
pub fn kind_from_key(key: &str) -> Option<TaskKind> {
    KINDS.into_iter().find(|k| kind_key(*k) == key)
}

// Comparators and commitments of targets.

pub const COMPARATORS: [Comparator; 5] = [
    Comparator::AtLeast,
    Comparator::AtMost,
    Comparator::About,
    Comparator::Maintain,
    Comparator::Exactly,
];

pub fn comparator_msg(c: Comparator) -> Msg {
    match c {
        Comparator::AtLeast => Msg::CmpAtLeast,
        Comparator::AtMost => Msg::CmpAtMost,
        Comparator::About => Msg::CmpAbout,
        Comparator::Maintain => Msg::CmpMaintain,
        Comparator::Exactly => Msg::CmpExactly,
    }
}

pub fn comparator_key(c: Comparator) -> &'static str {
    match c {
        Comparator::AtLeast => "at_least",
        Comparator::AtMost => "at_most",
        Comparator::About => "about",
        Comparator::Maintain => "maintain",
        Comparator::Exactly => "exactly",
    }
}

/// The comparator a form value names (exactly, for anything else).
pub fn comparator_from_key(key: &str) -> Comparator {
    COMPARATORS
        .into_iter()
        .find(|c| comparator_key(*c) == key)
        .unwrap_or(Comparator::Exactly)
}

pub fn commitment_msg(c: Option<Commitment>) -> Option<Msg> {
    c.map(|c| match c {
        Commitment::Ensure => Msg::CommitEnsure,
        Commitment::Strive => Msg::CommitStrive,
    })
}

/// What a typed number gets wrong, as a message.
pub fn figure_error_msg(e: FigureError) -> Msg {
    match e {
        FigureError::Empty => Msg::ErrEmpty,
        FigureError::NotANumber => Msg::ErrNotANumber,
        FigureError::TooLong => Msg::ErrTooLong,
    }
}

/// A target as a reader would say it: "40亿元以上", "保持在99%", "增长6%左右" (Chinese) or
/// "≥ 40 亿元" (English). The wording of each comparator is in the catalogue.
pub fn format_target(t: &Target, lang: Lang) -> String {
    match &t.upper {
        // A range (5—5.5%) is read as "about" its lower end; it is shown as written.
        Some(upper) => Msg::AmountRange.fill(lang, &[&t.value, upper, &t.unit]),
        None => format_requirement(&t.value, &t.unit, t.comparator, t.growth, lang),
    }
}

/// What a target requires, from its parts (see [`format_target`]).
pub fn format_requirement(
    value: &Decimal,
    unit: &str,
    comparator: Comparator,
    growth: bool,
    lang: Lang,
) -> String {
    let amount = Msg::Amount.fill(lang, &[value, &unit]);
    let template = match (comparator, growth) {
        (Comparator::AtLeast, false) => Msg::TargetAtLeast,
        (Comparator::AtMost, false) => Msg::TargetAtMost,
        (Comparator::About, false) => Msg::TargetAbout,
        (Comparator::Exactly, false) => Msg::TargetExactly,
        (Comparator::AtLeast, true) => Msg::GrowthAtLeast,
        (Comparator::AtMost, true) => Msg::GrowthAtMost,
        (Comparator::About, true) => Msg::GrowthAbout,
        (Comparator::Exactly, true) => Msg::GrowthExactly,
        (Comparator::Maintain, _) => Msg::TargetMaintain,
    };
    template.fill(lang, &[&amount])
}

/// What an entry says, in words: "2.1万亩", "推进中", "关注", or the note.
pub fn describe_value(value: &EntryValue, unit: &str, lang: Lang) -> String {
    match value {
        EntryValue::Figure { value } => format!("{value}{unit}"),
        EntryValue::Milestone { state } => state_msg(*state).text(lang).to_string(),
        EntryValue::Health { health } => health_msg(*health).text(lang).to_string(),
        EntryValue::Note => Msg::NoteOnly.text(lang).to_string(),
        EntryValue::Tombstone => String::new(),
    }
}

/// A section's heading as people write it: "一、坚持扩投促消", or — for the unnamed section of a
/// plan without section headings — its title, else "全部要点".
pub fn section_label(numeral: &str, title: &str, lang: Lang) -> String {
    match (numeral.is_empty(), title.is_empty()) {
        (false, _) => format!("{numeral}、{title}"),
        (true, false) => title.to_string(),
        (true, true) => Msg::UnnamedSection.text(lang).to_string(),
    }
}

/// What went wrong with storage, in a sentence; `full` says what a full storage meant for the
/// operation at hand (the import was not done, the plan was not added…).
pub fn storage_problem_text(p: &StorageProblem, full: Msg, lang: Lang) -> String {
    match p {
        StorageProblem::Full => full.text(lang).to_string(),
        StorageProblem::Unavailable => Msg::StorageUnavailable.text(lang).to_string(),
        StorageProblem::Unreadable { .. } => Msg::StorageUnreadable.text(lang).to_string(),
        StorageProblem::WriteFailed(m) => m.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::{text_lang, words_lang};

    #[test]
    fn the_plans_words_are_chinese_when_they_hold_a_chinese_character() {
        assert_eq!(words_lang("一、坚持扩投促消"), Some("zh-CN"));
        assert_eq!(words_lang("新入驻“832平台”优质产品"), Some("zh-CN"));
        assert_eq!(words_lang("GDP增长6%"), Some("zh-CN"));
        // A rare character beyond the basic block, and a compatibility ideograph.
        assert_eq!(words_lang("𠀀"), Some("zh-CN"));
        assert_eq!(words_lang("\u{f900}"), Some("zh-CN"));
        // Named in English, unnamed, or only signs and numbers: the page's language.
        assert_eq!(words_lang("Work plan 2026"), None);
        assert_eq!(words_lang(""), None);
        assert_eq!(words_lang("≥ 40 %（2025-06-30）"), None);
    }

    #[test]
    fn a_text_mixing_a_messages_english_with_the_plans_words_takes_the_pages_language() {
        assert_eq!(text_lang("≥ 40 亿元"), Some("zh-CN"));
        assert_eq!(text_lang("8亿元 · 20%（2025-06-30）"), Some("zh-CN"));
        assert_eq!(text_lang("growth ≥ 5 亿元"), None);
        assert_eq!(text_lang("Not reported"), None);
        assert_eq!(text_lang("—"), None);
    }
}
