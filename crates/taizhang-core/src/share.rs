//! The share link's payload: a snapshot, compressed (raw deflate, done by the browser's
//! `CompressionStream`) and base64url-encoded into the URL fragment, which browsers never send to
//! a server.
//!
//! This module owns the text side — the fragment's prefix, base64url without padding, and the
//! limits — so that it is tested natively; the app does the compression.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment that marks a share link: `#share=<payload>`.
pub const PREFIX: &str = "#share=";

/// Above this many characters a link is not offered for chat apps and mail (several truncate or
/// refuse long messages around 8 000 characters; old office browsers stop at 2 083 for the whole
/// address, but the fragment is never sent, so only the copy-paste path matters). The file is
/// offered instead.
pub const CHAT_LIMIT: usize = 8_000;

/// The longest payload read from a link: anything longer is refused before decoding (a link is
/// not the way to move a large snapshot; the file is).
pub const MAX_PAYLOAD_CHARS: usize = 2 * 1024 * 1024;

/// Why a link's payload could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// No payload after the prefix.
    Empty,
    /// Longer than [`MAX_PAYLOAD_CHARS`].
    TooLong { chars: usize },
    /// Not base64url (a character outside the alphabet, or a cut in the middle of a symbol).
    NotBase64 { position: usize },
    /// Cut short in the middle of a base64 symbol (a link copied incompletely).
    Truncated,
    /// Decoded, but the compressed stream is broken or truncated.
    BadCompression,
    /// The decompressed snapshot is larger than a snapshot may be.
    TooLarge,
    /// Decompressed, but not UTF-8 text.
    NotText,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::Empty => write!(f, "the link carries no data"),
            LinkError::TooLong { chars } => write!(f, "the link is too long ({chars} characters)"),
            LinkError::NotBase64 { position } => {
                write!(f, "the link is damaged at character {position}")
            }
            LinkError::Truncated => write!(f, "the link is cut short"),
            LinkError::BadCompression => write!(f, "the link's data is damaged or cut short"),
            LinkError::TooLarge => write!(f, "the link's data is too large"),
            LinkError::NotText => write!(f, "the link's data is not text"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The fragment for compressed snapshot bytes.
pub fn fragment(compressed: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// The payload of a share fragment, if `hash` is one (with or without its `#`).
pub fn payload_of(hash: &str) -> Option<&str> {
    let prefix = &PREFIX[1..];
    hash.strip_prefix('#').unwrap_or(hash).strip_prefix(prefix)
}

/// The compressed bytes carried by a payload. Whitespace (a link wrapped by a mail client) is
/// ignored; padding is tolerated.
pub fn decode_payload(payload: &str) -> Result<Vec<u8>, LinkError> {
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(LinkError::TooLong {
            chars: payload.chars().count(),
        });
    }
    let cleaned: String = payload
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches('=')
        .to_string();
    if cleaned.is_empty() {
        return Err(LinkError::Empty);
    }
    if let Some(position) = cleaned
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        .map(|(i, _)| i)
    {
        return Err(LinkError::NotBase64 { position });
    }
    // Four symbols carry three bytes; a single symbol left over carries none: the link was cut.
    if cleaned.len() % 4 == 1 {
        return Err(LinkError::Truncated);
    }
    URL_SAFE_NO_PAD
        .decode(cleaned.as_bytes())
        .map_err(|e| LinkError::NotBase64 {
            position: match e {
                base64::DecodeError::InvalidByte(i, _)
                | base64::DecodeError::InvalidLastSymbol(i, _) => i,
                _ => cleaned.len(),
            },
        })
}

/// A human-readable size: "6.2 KB".
pub fn kilobytes(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn recognises_share_fragments() {
        assert_eq!(payload_of("#share=abc"), Some("abc"));
        assert_eq!(payload_of("share=abc"), Some("abc"));
        assert_eq!(payload_of("#/overview"), None);
        assert_eq!(fragment(&[0xfb, 0xff]), "#share=-_8");
    }

    #[test]
    fn refuses_broken_payloads_precisely() {
        assert_eq!(decode_payload(""), Err(LinkError::Empty));
        assert_eq!(
            decode_payload("ab<cd"),
            Err(LinkError::NotBase64 { position: 2 })
        );
        // One symbol alone cannot be a byte: a link cut after a single character.
        assert_eq!(decode_payload("A"), Err(LinkError::Truncated));
        assert_eq!(decode_payload("-_8-_"), Err(LinkError::Truncated));
        assert!(matches!(
            decode_payload(&"A".repeat(MAX_PAYLOAD_CHARS + 1)),
            Err(LinkError::TooLong { .. })
        ));
        assert_eq!(decode_payload("-_8\n"), Ok(vec![0xfb, 0xff]));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn fragment_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let f = fragment(&bytes);
            let payload = payload_of(&f).unwrap();
            if bytes.is_empty() {
                prop_assert_eq!(decode_payload(payload), Err(LinkError::Empty));
            } else {
                prop_assert_eq!(decode_payload(payload).unwrap(), bytes);
            }
        }

        #[test]
        fn arbitrary_payloads_never_panic(payload in "\\PC{0,200}") {
            let _ = decode_payload(&payload);
        }
    }
}
