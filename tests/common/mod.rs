//! Helpers shared by the test binaries (each uses a part of them).
#![allow(dead_code, reason = "every test binary compiles this module and uses only some of it")]

/// A tiny deterministic PRNG (xorshift64*), so generated cases and failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with the given probability in percent.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A body for an assertion message: lossy UTF-8, cut after `limit` characters.
pub fn lossy(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if text.chars().count() > limit {
        format!("{}… ({} bytes)", text.chars().take(limit).collect::<String>(), body.len())
    } else {
        text.into_owned()
    }
}
