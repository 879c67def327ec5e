//! A 64-byte block of a string body, classified with wasm `simd128` (4 × 16 bytes).

use super::utf8;
use core::arch::wasm32::{
    i8x16_bitmask, i8x16_eq, i8x16_lt, i8x16_shuffle, i8x16_splat, u8x16, u8x16_gt, u8x16_shr, u8x16_splat,
    u8x16_sub_sat, u8x16_swizzle, v128, v128_and, v128_load, v128_or, v128_xor,
};

/// The previous block's last 16 bytes, for sequences crossing the edge.
pub(crate) type Tail = v128;
/// The tail before the first block: ASCII.
pub(crate) const ASCII_TAIL: Tail = u8x16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

/// Bit `i` of each mask stands for byte `i` of the block.
pub(crate) struct Block {
    // Four separate vectors (not an array, which would live in linear memory).
    v0: v128,
    v1: v128,
    v2: v128,
    v3: v128,
    pub quote: u64,
    pub backslash: u64,
    /// Below 0x20.
    pub control: u64,
    /// 0x80 and above.
    pub non_ascii: u64,
    /// The letter `n` (escaped, the commonest escape in text: a line break).
    pub letter_n: u64,
}

const fn table(t: [u8; 16]) -> v128 {
    u8x16(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15])
}

const PREV_HIGH: v128 = table(utf8::PREV_HIGH);
const PREV_LOW: v128 = table(utf8::PREV_LOW);
const HIGH: v128 = table(utf8::HIGH);

/// `"`, `\`, a control byte or a non-ASCII byte: lanes set to all ones.
#[inline(always)]
pub(crate) fn special(v: v128) -> v128 {
    // Signed `< 0x20` catches both the control bytes and every byte ≥ 0x80 (negative as i8).
    v128_or(v128_or(i8x16_eq(v, u8x16_splat(b'"')), i8x16_eq(v, u8x16_splat(b'\\'))), i8x16_lt(v, i8x16_splat(0x20)))
}

/// The UTF-8 check of 16 bytes given the 16 before them: nonzero lanes are errors.
#[inline(always)]
fn utf8_check(input: v128, prev: v128) -> v128 {
    let prev1 = i8x16_shuffle::<15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30>(prev, input);
    let prev2 = i8x16_shuffle::<14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29>(prev, input);
    let prev3 = i8x16_shuffle::<13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28>(prev, input);
    let special = v128_and(
        v128_and(
            u8x16_swizzle(PREV_HIGH, u8x16_shr(prev1, 4)),
            u8x16_swizzle(PREV_LOW, v128_and(prev1, u8x16_splat(0x0F))),
        ),
        u8x16_swizzle(HIGH, u8x16_shr(input, 4)),
    );
    // ≥ 0x80 exactly when the byte two back is ≥ 0xE0 or the byte three back is ≥ 0xF0.
    let must_continue =
        v128_or(u8x16_sub_sat(prev2, u8x16_splat(0xE0 - 0x80)), u8x16_sub_sat(prev3, u8x16_splat(0xF0 - 0x80)));
    v128_xor(v128_and(must_continue, u8x16_splat(utf8::TWO_CONTS)), special)
}

/// [`utf8_check`] as a 16-bit mask.
#[inline(always)]
fn utf8_bits(input: v128, prev: v128) -> u64 {
    u64::from(i8x16_bitmask(u8x16_gt(utf8_check(input, prev), u8x16_splat(0))))
}

impl Block {
    /// The block at `at`, if 64 bytes are left.
    #[inline(always)]
    pub fn load(bytes: &[u8], at: usize) -> Option<Block> {
        let chunk = bytes.get(at..at + 64)?;
        let p = chunk.as_ptr();
        // SAFETY: `chunk` is 64 readable bytes, so each load reads 16 of them (offsets 0, 16, 32,
        // 48 stay inside it), and `v128_load` has no alignment requirement.
        let (v0, v1, v2, v3) = unsafe {
            (v128_load(p.cast()), v128_load(p.add(16).cast()), v128_load(p.add(32).cast()), v128_load(p.add(48).cast()))
        };
        let mut block = Block { v0, v1, v2, v3, quote: 0, backslash: 0, control: 0, non_ascii: 0, letter_n: 0 };
        block.quote = block.bits(|x| i8x16_eq(x, u8x16_splat(b'"')));
        block.backslash = block.bits(|x| i8x16_eq(x, u8x16_splat(b'\\')));
        block.non_ascii = block.bits(|x| x);
        block.letter_n = block.bits(|x| i8x16_eq(x, u8x16_splat(b'n')));
        block.control = block.bits(|x| i8x16_lt(x, i8x16_splat(0x20))) & !block.non_ascii;
        Some(block)
    }

    /// The 64-bit mask of the lanes `f` sets (their high bits), across the four vectors.
    #[inline(always)]
    fn bits(&self, f: impl Fn(v128) -> v128) -> u64 {
        u64::from(i8x16_bitmask(f(self.v0)))
            | u64::from(i8x16_bitmask(f(self.v1))) << 16
            | u64::from(i8x16_bitmask(f(self.v2))) << 32
            | u64::from(i8x16_bitmask(f(self.v3))) << 48
    }

    /// The bytes where the UTF-8 check fails (see [`utf8`]), given the previous block's tail and
    /// whether any of its last three bytes is non-ASCII (`pending`). A sequence cut short shows at
    /// the first byte that should have continued it.
    ///
    /// A 16-byte piece that is ASCII, like the three bytes before it, has no errors (every pair
    /// of ASCII bytes passes the lookups, and no lead byte is left to continue): the lookups run
    /// only for pieces with a non-ASCII byte in those 19 bytes (mostly none, in chat text).
    #[inline(always)]
    pub fn utf8_errors(&self, tail: Tail, pending: bool) -> u64 {
        // The 19 bytes ending piece `i` (16i - 3 .. 16i + 16), as bits of `non_ascii`.
        let n = self.non_ascii;
        let mut errors = 0;
        if n & 0xFFFF != 0 || pending {
            errors |= utf8_bits(self.v0, tail);
        }
        if n >> 13 & 0x7_FFFF != 0 {
            errors |= utf8_bits(self.v1, self.v0) << 16;
        }
        if n >> 29 & 0x7_FFFF != 0 {
            errors |= utf8_bits(self.v2, self.v1) << 32;
        }
        if n >> 45 != 0 {
            errors |= utf8_bits(self.v3, self.v2) << 48;
        }
        errors
    }

    /// What the next block needs of this one for [`Block::utf8_errors`].
    #[inline(always)]
    pub fn tail(&self) -> Tail {
        self.v3
    }
}

/// The offset of the first byte at or after `from` that is `"`, `\`, below 0x20 or above 0x7F
/// (`bytes.len()` when there is none). Wasm with `simd128`: 16 bytes per step.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
pub(crate) fn find_special(bytes: &[u8], from: usize) -> usize {
    use core::arch::wasm32::{i8x16_bitmask, v128, v128_any_true, v128_load};
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 16) {
        // SAFETY: `chunk` is exactly 16 readable bytes, and `v128_load` has no alignment requirement.
        let v: v128 = unsafe { v128_load(chunk.as_ptr().cast()) };
        let special = special(v);
        if v128_any_true(special) {
            return at + i8x16_bitmask(special).trailing_zeros() as usize;
        }
        at += 16;
    }
    super::swar::find_special_swar(bytes, at)
}
