//! The user's own data (everything that is not the plan text) and its stored form.
//!
//! The browser keeps [`UserData`] in localStorage as a versioned JSON document. [`decode`] reads
//! every version ever written and migrates it; it refuses, with a precise [`DecodeError`], anything
//! it cannot read — including a document from a newer version of the app — so that the caller can
//! keep the unreadable value aside instead of overwriting it.

use serde::{Deserialize, Serialize};

use crate::corrections::CorrectionRecord;

/// The name in the `format` field of every stored document.
pub const FORMAT: &str = "taizhang-local";
/// The version [`encode`] writes.
pub const VERSION: u32 = 1;

/// Everything the user has recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserData {
    /// Corrections to the parser's reading of the plan, in the order they were made.
    #[serde(default)]
    pub corrections: Vec<CorrectionRecord>,
}

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    data: &'a UserData,
}

/// Why a stored document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all (truncated, random bytes…), with the parser's reason.
    NotJson(String),
    /// JSON, but not a Taizhang document.
    WrongFormat,
    /// Written by a newer version of the app than this one.
    FutureVersion(u32),
    /// The right format and version, but a field is missing or of the wrong type.
    Invalid(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotJson(e) => write!(f, "not JSON: {e}"),
            DecodeError::WrongFormat => write!(f, "not a Taizhang document"),
            DecodeError::FutureVersion(v) => write!(f, "written by a newer version (format version {v})"),
            DecodeError::Invalid(e) => write!(f, "invalid content: {e}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The stored form of `data` at the current [`VERSION`].
pub fn encode(data: &UserData) -> String {
    let envelope = Envelope { format: FORMAT, version: VERSION, data };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string(&envelope).unwrap_or_default()
}

/// Reads a stored document of any known version.
pub fn decode(raw: &str) -> Result<UserData, DecodeError> {
    let value: serde_json::Value = serde_json::from_str(raw).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let obj = value.as_object().ok_or(DecodeError::WrongFormat)?;
    if obj.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(DecodeError::WrongFormat);
    }
    let version = obj
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| DecodeError::Invalid("version: expected a whole number".into()))?;
    match version {
        1 => {
            let data = obj.get("data").cloned().unwrap_or(serde_json::Value::Null);
            serde_json::from_value(data).map_err(|e| DecodeError::Invalid(format!("data: {e}")))
        }
        v => Err(DecodeError::FutureVersion(u32::try_from(v).unwrap_or(u32::MAX))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corrections::Correction;
    use proptest::prelude::*;

    /// A document exactly as version 1 of the app stores it; kept as a fixture so that later
    /// versions prove they still read it.
    const V1_FIXTURE: &str = r#"{"format":"taizhang-local","version":1,"data":{"corrections":[{"id":"c1","correction":{"op":"not_a_target","target_id":"kabc-1"}},{"id":"c2","correction":{"op":"edit_target","target_id":"kabc-2","value":"1.36","unit":"万人"}}]}}"#;

    #[test]
    fn reads_the_v1_fixture() {
        let data = decode(V1_FIXTURE).unwrap();
        assert_eq!(data.corrections.len(), 2);
        assert_eq!(
            data.corrections[0].correction,
            Correction::NotATarget { target_id: "kabc-1".into() }
        );
        match &data.corrections[1].correction {
            Correction::EditTarget { value, unit, .. } => {
                assert_eq!(value.unwrap().to_string(), "1.36");
                assert_eq!(unit.as_deref(), Some("万人"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn encode_then_decode_is_identity_for_the_fixture() {
        let data = decode(V1_FIXTURE).unwrap();
        assert_eq!(decode(&encode(&data)).unwrap(), data);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(matches!(decode(""), Err(DecodeError::NotJson(_))));
        assert!(matches!(decode(&V1_FIXTURE[..40]), Err(DecodeError::NotJson(_))));
        assert!(matches!(decode("\u{0}\u{7f}garbage"), Err(DecodeError::NotJson(_))));
        assert_eq!(decode("[1,2]"), Err(DecodeError::WrongFormat));
        assert_eq!(decode(r#"{"format":"other","version":1}"#), Err(DecodeError::WrongFormat));
        assert_eq!(decode(r#"{"format":"taizhang-local","version":99,"data":{}}"#), Err(DecodeError::FutureVersion(99)));
        assert!(matches!(decode(r#"{"format":"taizhang-local","version":"1"}"#), Err(DecodeError::Invalid(_))));
        assert!(matches!(
            decode(r#"{"format":"taizhang-local","version":1,"data":{"corrections":[{"id":3}]}}"#),
            Err(DecodeError::Invalid(_))
        ));
    }

    proptest! {
        #[test]
        fn decode_never_panics(raw in "\\PC{0,200}") {
            let _ = decode(&raw);
        }

        #[test]
        fn decode_never_panics_on_mutated_fixtures(cut in 0usize..300, insert in "\\PC{0,8}") {
            let mut s: Vec<char> = V1_FIXTURE.chars().collect();
            let at = cut.min(s.len());
            s.splice(at..at, insert.chars());
            let s: String = s.into_iter().collect();
            let _ = decode(&s);
        }
    }
}
