//! A 64-byte block of a string body, classified portably: masks from `u64` words (SWAR), the escape
//! and UTF-8 checks byte by byte with the same tables as the SIMD block.

use super::utf8;

/// The previous block's last 3 bytes, for sequences crossing the edge.
pub(crate) type Tail = [u8; 3];
/// The tail before the first block: ASCII.
pub(crate) const ASCII_TAIL: Tail = [0; 3];

/// Bit `i` of each mask stands for byte `i` of the block.
pub(crate) struct Block {
    bytes: [u8; 64],
    pub quote: u64,
    pub backslash: u64,
    /// Below 0x20.
    pub control: u64,
    /// 0x80 and above.
    pub non_ascii: u64,
    /// The letter `n` (escaped, the commonest escape in text: a line break).
    pub letter_n: u64,
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH: u64 = ONES * 0x80;
const LOW7: u64 = ONES * 0x7F;

/// The high bits of the bytes of `word` that are zero, exactly (no borrows between bytes).
fn zero_bytes(word: u64) -> u64 {
    !(((word & LOW7) + LOW7) | word) & HIGH
}

/// The high bits of a word's bytes, gathered into 8 bits (byte `i` → bit `i`): the multiplier puts
/// bit `8i` at bit `56 + i`, and no two products overlap.
fn gather(high_bits: u64) -> u64 {
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

impl Block {
    /// The block at `at`, if 64 bytes are left.
    #[inline(always)]
    pub fn load(bytes: &[u8], at: usize) -> Option<Block> {
        let chunk: [u8; 64] = bytes.get(at..at + 64)?.try_into().ok()?;
        let (mut quote, mut backslash, mut control, mut non_ascii, mut letter_n) = (0, 0, 0, 0, 0);
        for (i, word) in chunk.chunks_exact(8).enumerate() {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let shift = 8 * i;
            quote |= gather(zero_bytes(w ^ (ONES * u64::from(b'"')))) << shift;
            backslash |= gather(zero_bytes(w ^ (ONES * u64::from(b'\\')))) << shift;
            // For a byte below 0x80, adding 0x60 sets the high bit exactly when it is ≥ 0x20.
            control |= gather(!(((w & LOW7) + ONES * 0x60) | w) & HIGH) << shift;
            non_ascii |= gather(w & HIGH) << shift;
            letter_n |= gather(zero_bytes(w ^ (ONES * u64::from(b'n')))) << shift;
        }
        Some(Block { bytes: chunk, quote, backslash, control, non_ascii, letter_n })
    }

    fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    /// The bytes where the UTF-8 check fails (see [`utf8`]), given the previous block's tail. A
    /// sequence cut short shows at the first byte that should have continued it.
    pub fn utf8_errors(&self, tail: Tail, _pending: bool) -> u64 {
        let [t3, t2, t1] = tail;
        let (mut prev3, mut prev2, mut prev1) = (t3, t2, t1);
        let mut errors = 0;
        for (i, &byte) in self.bytes.iter().enumerate() {
            let special = utf8::PREV_HIGH[usize::from(prev1 >> 4)]
                & utf8::PREV_LOW[usize::from(prev1 & 15)]
                & utf8::HIGH[usize::from(byte >> 4)];
            let must_continue = (prev2.saturating_sub(0xE0 - 0x80) | prev3.saturating_sub(0xF0 - 0x80)) & 0x80;
            if must_continue ^ special != 0 {
                errors |= 1 << i;
            }
            (prev3, prev2, prev1) = (prev2, prev1, byte);
        }
        errors
    }

    /// What the next block needs of this one for [`Block::utf8_errors`].
    pub fn tail(&self) -> Tail {
        [self.byte(61), self.byte(62), self.byte(63)]
    }
}

/// The offset of the first byte at or after `from` that is `"`, `\`, below 0x20 or above 0x7F
/// (`bytes.len()` when there is none). Portable: 8 bytes per step.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub(crate) fn find_special(bytes: &[u8], from: usize) -> usize {
    super::swar::find_special_swar(bytes, from)
}
