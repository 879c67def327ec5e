//! A valid JSON text rewritten as pure ASCII: every non-ASCII code point written as a `\uXXXX` escape
//! (astral ones as a surrogate pair), everything else unchanged. `JSON.parse` reads the same values
//! from both texts, and JavaScript engines decode and parse one-byte (ASCII) text on a fast path that
//! a single emoji pushes the whole body off (see docs/ARCHITECTURE.md, "The decode path").
//!
//! Only for a text the validator accepted: it is UTF-8, and outside strings JSON is ASCII, so every
//! non-ASCII byte belongs to a complete sequence inside a string, where an escape means the same code
//! point. A leading BOM (skipped by the validator and by `TextDecoder`) becomes three spaces.
//!
//! In place, in two passes: the first counts how much longer the text gets (16 bytes per step, the
//! ASCII chunks skipped); the second walks backwards from the end, moving 16 bytes at a time (one
//! SIMD load and store, no call) and writing each escape before the bytes after it, and stops at the
//! first non-ASCII sequence (everything before it is already where it belongs).

/// Rewrites `text` (a JSON text the validator accepted) as ASCII in place; `false` when it already
/// was ASCII (then it is untouched).
pub(crate) fn escape_non_ascii(text: &mut Vec<u8>) -> bool {
    if text.starts_with(b"\xEF\xBB\xBF") {
        text.get_mut(..3).unwrap_or_default().fill(b' ');
    }
    let extra = extra_len(text);
    escape_in_place(text, extra)
}

/// [`escape_non_ascii`] of a text (without a BOM) that [`extra_len`] says gets `extra` bytes longer.
pub(crate) fn escape_in_place(text: &mut Vec<u8>, extra: usize) -> bool {
    if extra == 0 {
        return false;
    }
    let mut src = text.len();
    // Exactly: a growing `Vec` would double its capacity (a 100 MB body would take 200 MB more).
    text.reserve_exact(extra);
    text.resize(src + extra, 0);
    let mut dst = text.len();
    // Invariant: the bytes from `dst` on are final, those before `src` are the original text, and
    // `dst - src` is how much longer the part before `src` gets.
    while dst > src {
        let last = if dst - src >= 16 && src >= 16 {
            // 16 bytes moved at once: those after the chunk's last non-ASCII byte are final; the
            // others land at or above `dst - 16` ≥ `src` (no unread byte), where later writes go.
            let mask = move16(text, src - 16, dst - 16);
            if mask == 0 {
                src -= 16;
                dst -= 16;
                continue;
            }
            let last = src - 16 + (31 - mask.leading_zeros()) as usize;
            dst -= src - (last + 1);
            last
        } else {
            // Near the start, where fewer than 16 bytes separate the two: byte by byte.
            let byte = text.get(src - 1).copied().unwrap_or(0);
            if byte < 0x80 {
                if let Some(slot) = text.get_mut(dst - 1) {
                    *slot = byte;
                }
                src -= 1;
                dst -= 1;
                continue;
            }
            src - 1
        };
        // `last` ends a UTF-8 sequence (the bytes after it are ASCII): its escape goes before `dst`.
        let (code_point, lead) = decode_backwards(text, last);
        if code_point >= 0x1_0000 {
            let v = code_point - 0x1_0000;
            put_unit(text, dst - 6, 0xDC00 | (v & 0x3FF));
            put_unit(text, dst - 12, 0xD800 | v >> 10);
            dst -= 12;
        } else {
            put_unit(text, dst - 6, code_point);
            dst -= 6;
        }
        src = lead;
    }
    true
}

/// How many bytes longer the text gets: a 2-byte sequence becomes 6 bytes (+4), a 3-byte one 6 (+3),
/// a 4-byte one 12 (+8); counted on lead bytes as +4 for each byte ≥ 0xC0, −1 for each ≥ 0xE0 and +5
/// for each ≥ 0xF0.
pub(crate) fn extra_len(text: &[u8]) -> usize {
    let mut extra = 0;
    let mut at = 0;
    while at + 64 <= text.len() {
        // Mostly ASCII: one test per 64 bytes.
        if !ascii64(text, at) {
            extra += extra16(text, at) + extra16(text, at + 16) + extra16(text, at + 32) + extra16(text, at + 48);
        }
        at += 64;
    }
    while at + 16 <= text.len() {
        extra += extra16(text, at);
        at += 16;
    }
    for &byte in text.get(at..).unwrap_or_default() {
        extra += lead_extra(byte);
    }
    extra
}

fn lead_extra(byte: u8) -> usize {
    match byte {
        0xF0..=0xFF => 8,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 4,
        _ => 0,
    }
}

/// The code point of the UTF-8 sequence whose last byte is at `last`, and the offset of its lead byte.
/// The text is valid UTF-8, so the byte at `last` is a continuation byte and the lead is one, two or
/// three bytes before it; straight-line code (no loop or iterator, which `opt-level = "z"` would not
/// inline).
#[inline(always)]
fn decode_backwards(text: &[u8], last: usize) -> (u32, usize) {
    let byte = |at: usize| u32::from(text.get(at).copied().unwrap_or(0));
    let (b1, b2) = (byte(last), byte(last.wrapping_sub(1)));
    if b2 >= 0xC0 {
        return ((b2 & 0x1F) << 6 | (b1 & 0x3F), last - 1);
    }
    let b3 = byte(last.wrapping_sub(2));
    let tail = (b2 & 0x3F) << 6 | (b1 & 0x3F);
    if b3 >= 0xE0 {
        return ((b3 & 0x0F) << 12 | tail, last - 2);
    }
    let b4 = byte(last.wrapping_sub(3));
    ((b4 & 0x07) << 18 | (b3 & 0x3F) << 12 | tail, last.saturating_sub(3))
}

/// Writes `\uXXXX` for the UTF-16 code unit `unit` at `at`: six byte stores (`copy_from_slice`
/// would be a call to `memcpy` here).
#[inline(always)]
fn put_unit(text: &mut [u8], at: usize, unit: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hex = |shift: u32| HEX.get((unit >> shift & 0xF) as usize).copied().unwrap_or(b'0');
    if let Some([a, b, c, d, e, f]) = text.get_mut(at..at + 6) {
        (*a, *b, *c, *d, *e, *f) = (b'\\', b'u', hex(12), hex(8), hex(4), hex(0));
    }
}

/// Copies the 16 bytes at `from` to `to` (through a register: the ranges may overlap) and returns
/// the mask of the non-ASCII ones (bit `i` for byte `from + i`). The caller checks both ranges fit.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn move16(text: &mut [u8], from: usize, to: usize) -> u32 {
    use core::arch::wasm32::{i8x16_bitmask, v128_load, v128_store};
    let Some(chunk) = text.get(from..from + 16) else { return 0 };
    // SAFETY: `chunk` is exactly 16 readable bytes, and `v128_load` has no alignment requirement.
    let v = unsafe { v128_load(chunk.as_ptr().cast()) };
    if let Some(out) = text.get_mut(to..to + 16) {
        // SAFETY: `out` is exactly 16 writable bytes, and `v128_store` has no alignment requirement.
        unsafe { v128_store(out.as_mut_ptr().cast(), v) };
    }
    u32::from(i8x16_bitmask(v))
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

/// The extra length of the 16 bytes at `at` (see [`extra_len`]), from the masks of the bytes
/// ≥ 0xC0, ≥ 0xE0 and ≥ 0xF0.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn extra16(text: &[u8], at: usize) -> usize {
    use core::arch::wasm32::{i8x16_bitmask, u8x16_ge, u8x16_splat, v128_any_true, v128_load};
    let Some(chunk) = text.get(at..at + 16) else { return 0 };
    // SAFETY: `chunk` is exactly 16 readable bytes, and `v128_load` has no alignment requirement.
    let v = unsafe { v128_load(chunk.as_ptr().cast()) };
    let c0 = u8x16_ge(v, u8x16_splat(0xC0));
    if !v128_any_true(c0) {
        return 0;
    }
    let count = |threshold| i8x16_bitmask(u8x16_ge(v, u8x16_splat(threshold))).count_ones() as usize;
    4 * i8x16_bitmask(c0).count_ones() as usize + 5 * count(0xF0) - count(0xE0)
}

/// Copies the 16 bytes at `from` to `to` (the ranges may overlap) and returns the mask of the
/// non-ASCII ones (bit `i` for byte `from + i`). The caller checks both ranges fit.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn move16(text: &mut [u8], from: usize, to: usize) -> u32 {
    let Some(chunk) = text.get(from..from + 16) else { return 0 };
    let mut v = [0u8; 16];
    v.copy_from_slice(chunk);
    if let Some(out) = text.get_mut(to..to + 16) {
        out.copy_from_slice(&v);
    }
    let mut mask = 0;
    for (i, &b) in v.iter().enumerate() {
        mask |= u32::from(b >> 7) << i;
    }
    mask
}

/// The extra length of the 16 bytes at `at` (see [`extra_len`]).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn extra16(text: &[u8], at: usize) -> usize {
    let chunk = text.get(at..at + 16).unwrap_or_default();
    let mut word = [0u8; 8];
    let mut non_ascii = 0;
    for half in chunk.chunks_exact(8) {
        word.copy_from_slice(half);
        non_ascii |= u64::from_le_bytes(word) & 0x8080_8080_8080_8080;
    }
    if non_ascii == 0 {
        return 0;
    }
    chunk.iter().map(|&b| lead_extra(b)).sum()
}

#[cfg(test)]
mod tests {
    use super::escape_non_ascii;

    fn escaped(text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        escape_non_ascii(&mut bytes);
        String::from_utf8(bytes).unwrap()
    }

    #[test]
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
}
