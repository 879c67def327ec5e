//! A valid JSON text rewritten as pure ASCII: every non-ASCII code point written as a `\uXXXX` escape
//! (astral ones as a surrogate pair), everything else unchanged. `JSON.parse` reads the same values
//! from both texts, and JavaScript engines decode and parse one-byte (ASCII) text on a fast path that
//! a single emoji pushes the whole body off (see docs/ARCHITECTURE.md, "The decode path").
//!
//! Only for a text the validator accepted: it is UTF-8, and outside strings JSON is ASCII, so every
//! non-ASCII byte belongs to a complete sequence inside a string, where an escape means the same code
//! point. A leading BOM (skipped by the validator and by `TextDecoder`) becomes three spaces.
//!
//! One forward pass into a buffer of its own: 64 bytes at a time are copied (four SIMD loads and
//! stores) up to the next non-ASCII byte, whose sequence is decoded and written as its escape.

/// Rewrites `text` (a JSON text the validator accepted) as ASCII; `false` when it already was ASCII
/// (then it is untouched).
pub(crate) fn escape_non_ascii(text: &mut Vec<u8>) -> bool {
    if text.starts_with(b"\xEF\xBB\xBF") {
        text.get_mut(..3).unwrap_or_default().fill(b' ');
    }
    if is_ascii(text) {
        return false;
    }
    let mut out = Vec::new();
    let end = escape_into(text, &mut out, 0);
    out.truncate(end);
    *text = out;
    true
}

/// Is `text` all ASCII? (64 bytes per test.)
fn is_ascii(text: &[u8]) -> bool {
    let mut at = 0;
    while at + 64 <= text.len() {
        if !ascii64(text, at) {
            return false;
        }
        at += 64;
    }
    text.get(at..).unwrap_or_default().is_ascii()
}

/// Writes `text` (valid JSON, without a BOM) as ASCII into `out` from offset `at`, and returns the
/// offset after it. `out` grows as the escapes need (by the rest of the text and half of it again at a
/// time: mixed text gets about a third longer) and is never shrunk: a buffer reused for many texts is
/// allocated a few times at most, and its bytes after the returned offset are left over from earlier.
pub(crate) fn escape_into(text: &[u8], out: &mut Vec<u8>, at: usize) -> usize {
    // Room for the largest step: 64 bytes copied (or one escape, at most 12 bytes).
    const STEP: usize = 64;
    let (mut src, mut dst) = (0, at);
    while let Some(&byte) = text.get(src) {
        if out.len() < dst + STEP {
            let rest = text.len() - src;
            let len = dst + STEP + rest + rest / 2;
            out.reserve_exact(len - out.len());
            out.resize(len, 0);
        }
        if byte >= 0x80 {
            // A UTF-8 sequence starts at `src`: its escape goes at `dst`.
            let (code_point, len) = decode_forward(text, src);
            if code_point >= 0x1_0000 {
                let v = code_point - 0x1_0000;
                put_unit(out, dst, 0xD800 | v >> 10);
                put_unit(out, dst + 6, 0xDC00 | (v & 0x3FF));
                dst += 12;
            } else {
                put_unit(out, dst, code_point);
                dst += 6;
            }
            src += len;
        } else if src + 64 <= text.len() {
            // 64 bytes copied at once; those up to the first non-ASCII one are final.
            let ascii = copy64(text, src, out, dst).trailing_zeros() as usize;
            src += ascii;
            dst += ascii;
        } else {
            if let Some(slot) = out.get_mut(dst) {
                *slot = byte;
            }
            src += 1;
            dst += 1;
        }
    }
    dst
}

/// The code point of the UTF-8 sequence whose lead byte is at `at`, and the sequence's length. The
/// text is valid UTF-8; straight-line code (no loop or iterator, which `opt-level = "z"` would not
/// inline).
#[inline(always)]
fn decode_forward(text: &[u8], at: usize) -> (u32, usize) {
    let byte = |at: usize| u32::from(text.get(at).copied().unwrap_or(0));
    let (b1, b2) = (byte(at), byte(at + 1) & 0x3F);
    if b1 < 0xE0 {
        return ((b1 & 0x1F) << 6 | b2, 2);
    }
    let b3 = byte(at + 2) & 0x3F;
    if b1 < 0xF0 {
        return ((b1 & 0x0F) << 12 | b2 << 6 | b3, 3);
    }
    ((b1 & 0x07) << 18 | b2 << 12 | b3 << 6 | (byte(at + 3) & 0x3F), 4)
}

/// Writes `\uXXXX` for the UTF-16 code unit `unit` at `at`: the four hex digits computed at once, in
/// the four bytes of a `u32` (two stores in all; no table).
#[inline(always)]
fn put_unit(text: &mut [u8], at: usize, unit: u32) {
    debug_assert!(at + 6 <= text.len(), "no room for an escape");
    // One nibble per byte, the most significant first (in memory order)...
    let nibbles = (unit >> 12 & 0xF) | (unit >> 8 & 0xF) << 8 | (unit >> 4 & 0xF) << 16 | (unit & 0xF) << 24;
    // ...plus `0`, and `a` - `0` - 10 more for those above 9 (exactly the nibbles that carry into bit 4
    // when 6 is added).
    let digits = nibbles + 0x3030_3030 + ((nibbles + 0x0606_0606) >> 4 & 0x0101_0101) * 0x27;
    if let Some(escape) = text.get_mut(at..at + 2) {
        escape.copy_from_slice(b"\\u");
    }
    if let Some(hex) = text.get_mut(at + 2..at + 6).and_then(|hex| <&mut [u8; 4]>::try_from(hex).ok()) {
        *hex = digits.to_le_bytes();
    }
}

/// Copies the 64 bytes at `from` of `text` to `to` of `out` and returns the mask of the non-ASCII
/// ones (bit `i` for byte `from + i`). The caller checks both ranges fit.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn copy64(text: &[u8], from: usize, out: &mut [u8], to: usize) -> u64 {
    use core::arch::wasm32::{i8x16_bitmask, v128_load, v128_or, v128_store};
    let (Some(chunk), Some(out)) = (text.get(from..from + 64), out.get_mut(to..to + 64)) else { return 0 };
    let (p, q) = (chunk.as_ptr(), out.as_mut_ptr());
    // SAFETY: `chunk` and `out` are exactly 64 bytes each, so each load reads 16 of the first and each
    // store writes 16 of the second (offsets 0, 16, 32, 48), and neither has an alignment requirement.
    let v = unsafe {
        let v = [
            v128_load(p.cast()),
            v128_load(p.add(16).cast()),
            v128_load(p.add(32).cast()),
            v128_load(p.add(48).cast()),
        ];
        v128_store(q.cast(), v[0]);
        v128_store(q.add(16).cast(), v[1]);
        v128_store(q.add(32).cast(), v[2]);
        v128_store(q.add(48).cast(), v[3]);
        v
    };
    if i8x16_bitmask(v128_or(v128_or(v[0], v[1]), v128_or(v[2], v[3]))) == 0 {
        return 0;
    }
    u64::from(i8x16_bitmask(v[0]))
        | u64::from(i8x16_bitmask(v[1])) << 16
        | u64::from(i8x16_bitmask(v[2])) << 32
        | u64::from(i8x16_bitmask(v[3])) << 48
}

/// Copies the 64 bytes at `from` of `text` to `to` of `out` and returns the mask of the non-ASCII
/// ones (bit `i` for byte `from + i`). The caller checks both ranges fit.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn copy64(text: &[u8], from: usize, out: &mut [u8], to: usize) -> u64 {
    let (Some(chunk), Some(out)) = (text.get(from..from + 64), out.get_mut(to..to + 64)) else { return 0 };
    out.copy_from_slice(chunk);
    chunk.iter().enumerate().fold(0, |mask, (i, &b)| mask | u64::from(b >> 7) << i)
}

/// Are the 64 bytes at `at` ASCII? (The caller checks they are there.)
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn ascii64(text: &[u8], at: usize) -> bool {
    use core::arch::wasm32::{i8x16_bitmask, v128_load, v128_or};
    let Some(chunk) = text.get(at..at + 64) else { return false };
    let p = chunk.as_ptr();
    // SAFETY: `chunk` is 64 readable bytes, so each load reads 16 of them (offsets 0, 16, 32, 48), and
    // `v128_load` has no alignment requirement.
    let any = unsafe {
        v128_or(
            v128_or(v128_load(p.cast()), v128_load(p.add(16).cast())),
            v128_or(v128_load(p.add(32).cast()), v128_load(p.add(48).cast())),
        )
    };
    i8x16_bitmask(any) == 0
}

/// Are the 64 bytes at `at` ASCII? (The caller checks they are there.)
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn ascii64(text: &[u8], at: usize) -> bool {
    text.get(at..at + 64).is_some_and(|chunk| chunk.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::{escape_into, escape_non_ascii};
    use crate::testing::Rng;

    fn escaped(text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        escape_non_ascii(&mut bytes);
        String::from_utf8(bytes).unwrap()
    }

    /// The escape of `text` one character at a time.
    fn reference(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
        out
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn escapes_every_width_at_every_offset() {
        assert_eq!(escaped(r#"{"a":"x"}"#), r#"{"a":"x"}"#);
        assert_eq!(escaped("\u{FEFF}[\"é\"]"), "   [\"\\u00e9\"]");
        for pad in 0..40 {
            let ascii = "a".repeat(pad);
            let text = format!("[\"{ascii}é日😀\u{7FF}\u{800}\u{FFFF}\u{10FFFF}{ascii}\",\"{ascii}\"]");
            let expected = format!(
                "[\"{ascii}\\u00e9\\u65e5\\ud83d\\ude00\\u07ff\\u0800\\uffff\\udbff\\udfff{ascii}\",\"{ascii}\"]"
            );
            assert_eq!(escaped(&text), expected);
            let a: serde_json::Value = serde_json::from_str(&text).unwrap();
            let b: serde_json::Value = serde_json::from_str(&escaped(&text)).unwrap();
            assert_eq!(a, b);
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_mix_of_widths_and_ascii_runs_is_escaped_whole_into_a_fresh_or_reused_buffer() {
        // Runs of emoji (the largest escapes) then ASCII runs of every length up to 64 leave the least
        // room; a reused buffer starts with leftovers and at an offset.
        let long = "x".repeat(63);
        let pieces = ["a", "bcdefgh", "ijklmnopqrstuvw", &long, " ", "é", "日", "😀", "😀😀😀😀😀😀😀😀😀😀😀😀😀"];
        let mut rng = Rng(0x0E5C_A9E5_0F7E_57ED);
        let mut reused = vec![b'x'; 7];
        for round in 0..3000 {
            let text: String = (0..rng.below(90)).map(|_| *rng.pick(&pieces)).collect();
            let want = reference(&text);
            let mut fresh = Vec::new();
            let end = escape_into(text.as_bytes(), &mut fresh, 0);
            assert_eq!(std::str::from_utf8(&fresh[..end]).unwrap(), want, "round {round}: {text:?}");
            let end = escape_into(text.as_bytes(), &mut reused, 1);
            assert_eq!(std::str::from_utf8(&reused[1..end]).unwrap(), want, "round {round}, reused: {text:?}");
        }
    }
}
