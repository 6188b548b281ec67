//! Target 7, `prepared`: compiled rulesets read back from bytes changed on the way.

use super::*;

// ───────────────────────── Target 7: prepared ─────────────────────────

/// First byte: bit 0 picks a bundled ruleset, whose prepared form the rest of the input then
/// changes: each three bytes are a place (two bytes, little-endian, wrapped to the form's
/// length) and a byte to `xor` there; bit 1 set takes the rest as the whole form instead.
///
/// Asserts: no panic; the untouched form reads back as the ruleset; a form that reads gives a
/// ruleset that validates and scores each example of its ruleset (an answer, success or
/// failure), and answers as the bundled ruleset does when nothing was changed.
pub fn prepared(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(k) = known().get(usize::from(first & 1)) else {
        return;
    };
    let original = k.rules.compiled().to_prepared();
    let bytes = if first & 2 != 0 {
        rest.to_vec()
    } else {
        let mut bytes = original.clone();
        for edit in rest.chunks_exact(3) {
            if let [lo, hi, x] = edit {
                let at = usize::from(u16::from_le_bytes([*lo, *hi])) % bytes.len().max(1);
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= x;
                }
            }
        }
        bytes
    };
    let Ok(read) = Ruleset::from_prepared(&bytes) else {
        assert_ne!(bytes, original, "the untouched prepared form does not read back");
        return;
    };
    for (tree, text) in &k.examples {
        let _ = read.validate(tree);
        let answer = read.score_json(text);
        if bytes == original {
            assert_eq!(answer, k.rules.score_json(text), "the untouched form answers otherwise");
        }
    }
}
