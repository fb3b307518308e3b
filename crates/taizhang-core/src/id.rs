//! Stable identifiers derived from content.
//!
//! Ids must not depend on where something sits in the text, only on what it says, so that an edit
//! elsewhere in a plan never shifts them. We hash normalised content with 64-bit FNV-1a: it is
//! tiny, has no dependencies, and is stable across platforms and releases (unlike `std`'s hasher).

/// 64-bit FNV-1a over the bytes of `s`.
pub fn fnv1a64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A short, URL- and CSS-safe id: `prefix` followed by 10 base-32 digits of the content hash.
pub fn content_id(prefix: &str, content: &str) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut h = fnv1a64(content);
    let mut out = String::with_capacity(prefix.len() + 10);
    out.push_str(prefix);
    for _ in 0..10 {
        out.push(ALPHABET[(h & 31) as usize] as char);
        h >>= 5;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_reference_vectors() {
        assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn content_id_is_stable_and_prefixed() {
        let a = content_id("k", "完成849户农村户厕改造");
        assert_eq!(a, content_id("k", "完成849户农村户厕改造"));
        assert_ne!(a, content_id("k", "完成850户农村户厕改造"));
        assert!(a.starts_with('k') && a.len() == 11);
    }
}
