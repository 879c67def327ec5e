//! The one pseudo-random generator of the Rust tests: the crate's unit tests use it from here, the
//! integration tests include this file (`tests/common/mod.rs`), so that every generated case
//! reproduces from its seed.
#![allow(dead_code, reason = "each test binary uses only some of the helpers")]

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

    /// One random edit of `body`: a byte replaced by, or a byte of `alphabet` inserted, or a byte
    /// removed (nothing for an empty body).
    pub fn mutate(&mut self, body: &mut Vec<u8>, alphabet: &[u8]) {
        if body.is_empty() {
            return;
        }
        let at = self.below(body.len());
        match self.below(3) {
            0 => body[at] = *self.pick(alphabet),
            1 => body.insert(at, *self.pick(alphabet)),
            _ => {
                body.remove(at);
            }
        }
    }
}
