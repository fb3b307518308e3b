//! The plans a browser tracks, side by side: the embedded seed plan and any plan a person
//! brought (pasted, from a text file or a Word file).
//!
//! A tracked plan is its *text* plus what the person set when reviewing it (a title, issuer or
//! year the text did not say). The structure is never stored: it is parsed from the text at
//! every load, so a parser fix reaches every plan with the next release, and the same text gives
//! the same plan id and the same task and target ids on every machine.
//!
//! The registry is a small versioned document (`taizhang.plans` in localStorage); each plan's
//! text and data live under keys of their own (see the app's `storage` module).

use serde::{Deserialize, Serialize};

use crate::{Date, Period, Plan};

/// The value of the registry's `format` field.
pub const FORMAT: &str = "taizhang-plans";
/// The registry version [`encode`] writes.
pub const VERSION: u32 = 1;
/// The largest plan text accepted, in bytes (the longest 政府工作报告 is well under this).
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// What the person set when reviewing a plan, over what the parser read. Empty fields keep the
/// parser's reading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Overrides {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issuer: String,
    /// The year the plan covers (its period is that calendar year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        *self == Overrides::default()
    }

    /// `plan` with these overrides applied. Ids never change: they come from the text.
    pub fn apply(&self, mut plan: Plan) -> Plan {
        if !self.title.trim().is_empty() {
            plan.title = self.title.trim().to_string();
        }
        if !self.issuer.trim().is_empty() {
            plan.issuer = self.issuer.trim().to_string();
        }
        if let Some(period) = self.year.and_then(year_period) {
            plan.period = period;
            // The parser's guess of the year is no longer a guess.
            plan.diagnostics.retain(|d| d.code != "no_period");
        }
        plan
    }
}

/// The calendar year `year` as a period, for years a plan can be about.
pub fn year_period(year: i32) -> Option<Period> {
    if !(1949..=2200).contains(&year) {
        return None;
    }
    Some(Period {
        start: Date::new(year, 1, 1)?,
        end: Date::new(year, 12, 31)?,
    })
}

/// One tracked plan in the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracked {
    /// The plan's id, derived from its text by the parser.
    pub id: String,
    /// The title the text gave when the plan was added (for the list of plans, which does not
    /// parse every text); see [`Tracked::name`].
    #[serde(default)]
    pub title: String,
    /// True for the plan embedded in the app (its text ships with the app, not in storage).
    #[serde(default)]
    pub embedded: bool,
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
    /// When it was added, in milliseconds since 1970 (0 for the embedded plan).
    #[serde(default)]
    pub added_at: i64,
}

/// The registry: every plan tracked here, in the order they were added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    pub format: String,
    pub version: u32,
    pub plans: Vec<Tracked>,
    /// The plan deleted last: its text and data stay in storage until another plan is deleted,
    /// so the deletion can be undone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trash: Option<Tracked>,
}

impl Tracked {
    /// The name the plan is shown under: the one the person gave, else the text's title.
    pub fn name(&self) -> &str {
        if self.overrides.title.is_empty() {
            &self.title
        } else {
            &self.overrides.title
        }
    }
}

impl Registry {
    /// The registry of a browser that has only ever seen the embedded plan (a first visit, or
    /// data stored by a release before plans could be added: that data stays where it is and
    /// belongs to the embedded plan).
    pub fn with_embedded(id: &str) -> Registry {
        Registry {
            format: FORMAT.into(),
            version: VERSION,
            plans: vec![Tracked {
                id: id.into(),
                title: String::new(),
                embedded: true,
                overrides: Overrides::default(),
                added_at: 0,
            }],
            trash: None,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Tracked> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// Adds a plan, or returns false when a plan with that id is already tracked.
    pub fn add(&mut self, tracked: Tracked) -> bool {
        if self.get(&tracked.id).is_some() {
            return false;
        }
        self.plans.push(tracked);
        true
    }

    /// Removes a plan into the trash and returns what the trash held before (its storage may
    /// now be freed). When it was the last plan, the embedded plan `embedded_id` comes back, so
    /// the registry is never empty.
    pub fn remove(&mut self, id: &str, embedded_id: &str) -> Option<Option<Tracked>> {
        let i = self.plans.iter().position(|p| p.id == id)?;
        let removed = self.plans.remove(i);
        let emptied = self.trash.replace(removed);
        if self.plans.is_empty() {
            self.plans = Registry::with_embedded(embedded_id).plans;
        }
        // The embedded plan that came back is not also in the trash.
        if self
            .trash
            .as_ref()
            .is_some_and(|t| self.get(&t.id).is_some())
        {
            self.trash = None;
        }
        Some(emptied)
    }

    /// Puts the plan deleted last back; false when the trash is empty or the plan is tracked.
    pub fn undelete(&mut self) -> bool {
        match self.trash.take() {
            Some(t) if self.get(&t.id).is_none() => {
                self.plans.push(t);
                true
            }
            other => {
                self.trash = other;
                false
            }
        }
    }

    /// Renames a plan (an empty name goes back to the title the text gives).
    pub fn rename(&mut self, id: &str, title: &str) -> bool {
        match self.plans.iter_mut().find(|p| p.id == id) {
            Some(p) => {
                p.overrides.title = title.trim().to_string();
                true
            }
            None => false,
        }
    }
}

/// Why a stored registry could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryError {
    NotJson,
    WrongFormat,
    NewerVersion(u32),
}

/// Reads a stored registry. A registry with no plan reads as an error (it is never written so).
pub fn decode(raw: &str) -> Result<Registry, RegistryError> {
    let registry: Registry = serde_json::from_str(raw).map_err(|_| RegistryError::NotJson)?;
    if registry.format != FORMAT || registry.plans.is_empty() {
        return Err(RegistryError::WrongFormat);
    }
    if registry.version > VERSION {
        return Err(RegistryError::NewerVersion(registry.version));
    }
    Ok(registry)
}

pub fn encode(registry: &Registry) -> String {
    serde_json::to_string(registry).unwrap_or_default()
}

/// The date a plan opens at: today within the plan's period, else the nearest end of it (a plan
/// whose year has ended is assessed at its last day, not against a year that is over).
pub fn default_as_of(today: Date, period: Period) -> Date {
    today.clamp(period.start, period.end)
}

/// Where `today` stands against the plan's period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodState {
    NotStarted,
    Running,
    Ended,
}

pub fn period_state(today: Date, period: Period) -> PeriodState {
    if today < period.start {
        PeriodState::NotStarted
    } else if today > period.end {
        PeriodState::Ended
    } else {
        PeriodState::Running
    }
}

/// Why a text cannot become a plan (anything else becomes one, with the parser's guesses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLarge { bytes: usize },
}

/// Checks a plan text before it is parsed: not blank, not over [`MAX_TEXT_BYTES`].
pub fn check_text(text: &str) -> Result<(), TextError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(TextError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    Ok(())
}

/// Reads a tracked plan from its text: parsed, then the person's overrides applied.
pub fn read(text: &str, overrides: &Overrides) -> Plan {
    overrides.apply(crate::parse_plan(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::d;

    #[test]
    fn the_registry_is_never_empty_and_never_holds_a_plan_twice() {
        let mut r = Registry::with_embedded("plan-seed");
        let other = Tracked {
            id: "plan-x".into(),
            title: "某县2026年工作要点".into(),
            embedded: false,
            overrides: Overrides::default(),
            added_at: 5,
        };
        assert!(r.add(other.clone()));
        assert!(
            !r.add(other.clone()),
            "a plan already tracked is not added twice"
        );
        assert_eq!(r.remove("plan-seed", "plan-seed"), Some(None));
        assert_eq!(r.plans.len(), 1);
        assert_eq!(r.trash.as_ref().map(|t| t.id.as_str()), Some("plan-seed"));
        assert!(r.undelete());
        assert_eq!(r.plans.len(), 2);
        assert!(!r.undelete(), "nothing left in the trash");
        r.remove("plan-seed", "plan-seed");
        // Deleting the last plan brings the embedded one back (and it is not also in the trash);
        // the plan deleted before is returned, its storage to be freed.
        assert_eq!(
            r.remove("plan-x", "plan-seed").map(|t| t.map(|t| t.id)),
            Some(Some("plan-seed".into()))
        );
        assert_eq!(r.plans, Registry::with_embedded("plan-seed").plans);
        assert_eq!(r.trash.as_ref().map(|t| t.id.as_str()), Some("plan-x"));
        assert_eq!(decode(&encode(&r)), Ok(r.clone()));
        assert!(r.undelete());
        assert_eq!(r.plans.len(), 2);
    }

    #[test]
    fn stored_registries_are_checked() {
        assert_eq!(decode("{"), Err(RegistryError::NotJson));
        assert_eq!(
            decode(r#"{"format":"x","version":1,"plans":[{"id":"a"}]}"#),
            Err(RegistryError::WrongFormat)
        );
        assert_eq!(
            decode(r#"{"format":"taizhang-plans","version":1,"plans":[]}"#),
            Err(RegistryError::WrongFormat)
        );
        assert_eq!(
            decode(r#"{"format":"taizhang-plans","version":9,"plans":[{"id":"a"}]}"#),
            Err(RegistryError::NewerVersion(9))
        );
    }

    #[test]
    fn a_plan_opens_within_its_period() {
        let p = year_period(2025).unwrap();
        assert_eq!(default_as_of(d("2026-11-29"), p), d("2025-12-31"));
        assert_eq!(period_state(d("2026-11-29"), p), PeriodState::Ended);
        assert_eq!(default_as_of(d("2025-06-30"), p), d("2025-06-30"));
        assert_eq!(period_state(d("2025-06-30"), p), PeriodState::Running);
        assert_eq!(default_as_of(d("2024-12-01"), p), d("2025-01-01"));
        assert_eq!(period_state(d("2024-12-01"), p), PeriodState::NotStarted);
        assert_eq!(year_period(12), None);
    }

    #[test]
    fn overrides_change_the_words_never_the_ids() {
        let text = "二、抓好民生\n1.新建幼儿园3所。\n";
        let read_plain = read(text, &Overrides::default());
        let named = read(
            text,
            &Overrides {
                title: "某县2026年民生实事".into(),
                issuer: "某县人民政府".into(),
                year: Some(2026),
            },
        );
        assert_eq!(named.title, "某县2026年民生实事");
        assert_eq!(named.issuer, "某县人民政府");
        assert_eq!(named.period, year_period(2026).unwrap());
        assert!(named.diagnostics.iter().all(|d| d.code != "no_period"));
        assert_eq!(named.id, read_plain.id);
        let ids = |p: &Plan| p.tasks().map(|t| t.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&named), ids(&read_plain));
    }

    #[test]
    fn texts_are_checked_before_parsing() {
        assert_eq!(check_text(" \n\t"), Err(TextError::Empty));
        let big = "一".repeat(MAX_TEXT_BYTES / 3 + 1);
        assert_eq!(
            check_text(&big),
            Err(TextError::TooLarge { bytes: big.len() })
        );
        assert_eq!(check_text("1.完成10个。"), Ok(()));
    }
}
