//! A strict JSON cursor: the lexical half of the fast validator (`crate::decode::scan`) and of the
//! error-envelope reader ([`crate::response`]). It allocates only to find repeated keys in skipped
//! objects ([`Keys`]).
//!
//! The grammar is RFC 8259 exactly as `serde_json` reads it: whitespace is space, `\t`, `\n`, `\r`;
//! numbers have no leading zeros, no `+`, no bare `.`; strings reject raw control characters,
//! unknown escapes and escaped lone surrogates (as `serde_json` does for every string it decodes).
//! Non-ASCII bytes inside strings are checked to be UTF-8 on the spot, so a body the cursor walks from
//! end to end is valid UTF-8. [`Cursor::skip_value`] skips a value as `serde_json::Value` would read
//! it (numbers within the range of an `f64`, at most 127 nested arrays and objects) and can also
//! reject duplicate keys.
//!
//! Speed comes from one place: string bodies, which are most of a chat body. A short string ends
//! within one 16-byte chunk without a special byte (`"`, `\`, a control byte, a non-ASCII byte).
//! Longer ones go 64 bytes at a time (`Cursor::string_blocks`): masks of quotes, backslashes, control
//! and non-ASCII bytes; the escaped bytes from the backslash mask without a loop (`escape_masks`); the
//! closing quote as the first unescaped one; UTF-8 checked with SIMD table lookups (`utf8`). The block
//! decides everything except `\u` escapes and errors, which the scalar code ([`find_special`],
//! `escape`, `non_ascii_run`) reads exactly, before blocks resume. With wasm `simd128` the masks
//! take a few vector instructions per 16 bytes; elsewhere they are computed on `u64` words (slower, but
//! the same decisions, so native tests check the logic the browser runs).
//!
//! The cursor never panics: every read goes through `get`, and positions only move forward within
//! the slice.

use std::borrow::Cow;
use std::collections::BTreeSet;

/// A lexical error: where and what, in `serde_json`'s words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// The input ended inside a value.
    Eof,
    /// An object holds the same key twice (only when [`Cursor::skip_value`] is asked to check).
    DuplicateKey,
    /// Something else is wrong at byte `at`.
    Syntax {
        /// What is wrong (`"expected `:`"`, `"invalid number"`, ...).
        what: &'static str,
        /// The byte offset of the problem.
        at: usize,
    },
}

/// A string read by [`Cursor::string`]: its raw body (between the quotes) and whether it holds escapes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Str {
    /// Offset of the first byte after the opening quote.
    pub start: usize,
    /// Offset of the closing quote.
    pub end: usize,
    /// Does the body hold a backslash escape (so the raw bytes are not the value)?
    pub escaped: bool,
}

/// What [`Cursor::number`] found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Number {
    /// Offset of the first byte (`-` or a digit).
    pub start: usize,
    /// Offset after the last byte.
    pub end: usize,
    /// A leading `-`.
    pub negative: bool,
    /// No fraction and no exponent.
    pub integer: bool,
}

/// A position in a JSON text.
pub(crate) struct Cursor<'a> {
    /// The whole text.
    pub bytes: &'a [u8],
    /// The next byte to read.
    pub pos: usize,
    /// Newlines skipped so far (as whitespace: the only place JSON has them), and the offset after
    /// the last one, so that a caller that moves on keeps line numbers without counting again.
    pub newlines: usize,
    pub line_start: usize,
    /// A string read so far held a non-ASCII byte (or a 64-byte block of one held such a byte past
    /// the string's end). `false`: every string read was ASCII.
    pub non_ascii: bool,
}

type Result<T> = core::result::Result<T, JsonError>;

/// The decimal digits of 2^1024 − 2^970, the smallest magnitude that rounds to infinity as an
/// `f64` (the midpoint between `f64::MAX` and 2^1024, which rounds to even: up).
const F64_OVERFLOW: &[u8; 309] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

impl Number {
    /// Is the number finite as an `f64` (what `serde_json` requires of a number it reads into a
    /// `serde_json::Value`)? Exact: decided on the decimal digits, with no floating point.
    pub fn is_finite(&self, bytes: &[u8]) -> bool {
        let literal = bytes.get(self.start..self.end).unwrap_or_default();
        let literal = literal.strip_prefix(b"-").unwrap_or(literal);
        // Fewer than 309 integer digits and no exponent: below 10^308.
        if self.integer && literal.len() < F64_OVERFLOW.len() {
            return true;
        }
        let (mantissa, exponent) = match literal.iter().position(|&b| b == b'e' || b == b'E') {
            Some(e) => (literal.get(..e).unwrap_or_default(), literal.get(e + 1..).unwrap_or_default()),
            None => (literal, &b""[..]),
        };
        let (negative_exponent, exponent) = match exponent.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, exponent),
        };
        let exponent = exponent.iter().fold(0i64, |e, &d| e.saturating_mul(10).saturating_add(i64::from(d - b'0')));
        let exponent = if negative_exponent { -exponent } else { exponent };
        let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
            Some(dot) => (mantissa.get(..dot).unwrap_or_default(), mantissa.get(dot + 1..).unwrap_or_default()),
            None => (mantissa, &b""[..]),
        };
        let digits = || int.iter().chain(frac);
        let Some(lead) = digits().position(|&d| d != b'0') else {
            return true; // zero
        };
        // The value is 0.d₁d₂… × 10^power, d₁ its first nonzero digit; the threshold is 0.F… × 10^309.
        let power = exponent.saturating_add(int.len() as i64 - lead as i64);
        match power.cmp(&(F64_OVERFLOW.len() as i64)) {
            core::cmp::Ordering::Less => true,
            core::cmp::Ordering::Greater => false,
            core::cmp::Ordering::Equal => {
                let significant = digits().skip(lead).copied();
                // Lexicographic order of the digit strings (the threshold has no trailing zeros).
                let trimmed: Vec<u8> = significant.collect();
                let end = trimmed.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
                trimmed.get(..end).unwrap_or_default() < &F64_OVERFLOW[..]
            }
        }
    }
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor::at(bytes, 0)
    }

    /// A cursor at offset `pos` of `bytes`.
    pub fn at(bytes: &'a [u8], pos: usize) -> Self {
        Cursor { bytes, pos, newlines: 0, line_start: 0, non_ascii: false }
    }

    /// A syntax error at the current position.
    pub fn error(&self, what: &'static str) -> JsonError {
        JsonError::Syntax { what, at: self.pos }
    }

    /// Skips whitespace and returns the next byte without consuming it (`None` at the end).
    #[inline]
    pub fn peek_token(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes.get(self.pos) {
            if !matches!(byte, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(byte);
            }
            self.pos += 1;
            if byte == b'\n' {
                self.newlines += 1;
                self.line_start = self.pos;
            }
        }
        None
    }

    /// Like [`Cursor::peek_token`], but the end of the input is an error.
    #[inline]
    pub fn expect_token(&mut self) -> Result<u8> {
        self.peek_token().ok_or(JsonError::Eof)
    }

    /// Consumes the `:` between a key and its value.
    #[inline]
    pub fn colon(&mut self) -> Result<()> {
        match self.expect_token()? {
            b':' => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.error("expected `:`")),
        }
    }

    /// Consumes `key":` when the next bytes are exactly that (the cursor is after the key's opening
    /// quote): a key without escapes, its closing quote and the colon right after it. Otherwise
    /// consumes nothing and returns `false` (the caller reads the key the general way).
    #[inline]
    pub fn key_colon(&mut self, key: &[u8]) -> bool {
        let after_key = self.pos + key.len();
        if !(self.bytes_at(self.pos, key) && self.bytes_at(after_key, b"\":")) {
            return false;
        }
        self.pos = after_key + 2;
        true
    }

    /// Consumes `expected` when the next bytes are exactly it; otherwise consumes nothing and returns
    /// `false`.
    #[inline]
    pub fn eat(&mut self, expected: &[u8]) -> bool {
        if !self.bytes_at(self.pos, expected) {
            return false;
        }
        self.pos += expected.len();
        true
    }

    /// Consumes the string `"word"` (no escapes) when the next bytes are exactly that; otherwise
    /// consumes nothing and returns `false`.
    #[inline]
    pub fn eat_string(&mut self, word: &[u8]) -> bool {
        let end = self.pos + 1 + word.len();
        if !(self.bytes_at(self.pos, b"\"") && self.bytes_at(self.pos + 1, word) && self.bytes_at(end, b"\"")) {
            return false;
        }
        self.pos = end + 1;
        true
    }

    /// Are the bytes at `at` exactly `expected`? Compared a word at a time: 8-byte words from 8 bytes
    /// on (the last may overlap the one before it), two overlapping 4-byte words for 4 to 7, one by one
    /// below that. A key of a canonical message costs a few compares (a slice comparison would call
    /// `memcmp`, which costs more than these few bytes).
    #[inline]
    fn bytes_at(&self, at: usize, expected: &[u8]) -> bool {
        let Some(raw) = self.bytes.get(at..at + expected.len()) else {
            return false;
        };
        let n = expected.len();
        if n >= 8 {
            let word = |s: &[u8], i: usize| s.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok());
            let mut i = 0;
            while i + 8 < n {
                if word(raw, i) != word(expected, i) {
                    return false;
                }
                i += 8;
            }
            return word(raw, n - 8) == word(expected, n - 8);
        }
        if n >= 4 {
            let word = |s: &[u8], i: usize| s.get(i..i + 4).and_then(|w| <[u8; 4]>::try_from(w).ok());
            return word(raw, 0) == word(expected, 0) && word(raw, n - 4) == word(expected, n - 4);
        }
        let mut i = 0;
        while let Some(&byte) = expected.get(i) {
            if raw.get(i) != Some(&byte) {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Consumes a plain positive integer of 1 to 16 digits (no sign, leading zero, fraction or
    /// exponent; followed by a byte that is none of those) and returns its value, which cannot
    /// overflow a `u64`. Anything else (including a number at the very end of the input) consumes
    /// nothing and returns `None`: [`Cursor::number`] reads it the general way.
    #[inline]
    pub fn small_uint(&mut self) -> Option<u64> {
        let start = self.pos;
        if !matches!(self.bytes.get(start), Some(b'1'..=b'9')) {
            return None;
        }
        let (mut at, mut n) = (start, 0u64);
        while at < start + 16 {
            let digit = self.bytes.get(at).map_or(10, |&b| b.wrapping_sub(b'0'));
            if digit > 9 {
                break;
            }
            n = n * 10 + u64::from(digit);
            at += 1;
        }
        match self.bytes.get(at) {
            None | Some(b'0'..=b'9' | b'.' | b'e' | b'E') => None,
            Some(_) => {
                self.pos = at;
                Some(n)
            }
        }
    }

    /// Reads the rest of a literal whose first byte was consumed (`rest` is `b"ull"` for `null`).
    pub fn literal(&mut self, rest: &[u8]) -> Result<()> {
        for &expected in rest {
            match self.bytes.get(self.pos) {
                None => return Err(JsonError::Eof),
                Some(&byte) if byte == expected => self.pos += 1,
                Some(_) => return Err(self.error("expected ident")),
            }
        }
        Ok(())
    }

    /// Before the next member of an object (after `{` or after a member): `Ok(true)` when a key's
    /// opening quote was consumed, `Ok(false)` at the closing `}` (consumed).
    #[inline]
    pub fn next_member(&mut self, first: &mut bool) -> Result<bool> {
        match self.next_item(first, b'}', "expected `,` or `}`")? {
            None => Ok(false),
            Some(b'"') => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) => Err(self.error("key must be a string")),
        }
    }

    /// Before the next element of an array (after `[` or after an element): `Ok(true)` when an
    /// element follows (not consumed), `Ok(false)` at the closing `]` (consumed).
    #[inline]
    pub fn next_element(&mut self, first: &mut bool) -> Result<bool> {
        Ok(self.next_item(first, b']', "expected `,` or `]`")?.is_some())
    }

    /// Before the next item of an array or object that `close` ends: `Ok(Some(byte))`, the item's
    /// first byte (not consumed), after the comma when it is not the `first`; `Ok(None)` at `close`
    /// (consumed). `missing` is the error for anything else where a comma should be.
    #[inline]
    fn next_item(&mut self, first: &mut bool, close: u8, missing: &'static str) -> Result<Option<u8>> {
        let mut token = self.expect_token()?;
        if token == close {
            self.pos += 1;
            return Ok(None);
        }
        if !*first {
            if token != b',' {
                return Err(self.error(missing));
            }
            self.pos += 1;
            token = self.expect_token()?;
            if token == close {
                return Err(self.error("trailing comma"));
            }
        }
        *first = false;
        Ok(Some(token))
    }

    /// Reads a string body; the opening quote was consumed. Leaves the cursor after the closing quote.
    ///
    /// Short strings (keys, timestamps, ids of actors) end within 16 bytes without a special byte:
    /// one chunk test settles them inline. Anything longer goes to [`Cursor::string_rest`].
    #[inline]
    pub fn string(&mut self) -> Result<Str> {
        let start = self.pos;
        let at = find_special_within_16(self.bytes, start);
        if matches!(self.bytes.get(at), Some(b'"')) {
            self.pos = at + 1;
            return Ok(Str { start, end: at, escaped: false });
        }
        // Everything before `at` is plain ASCII: `at` starts neither an escape nor a UTF-8 sequence.
        self.pos = at;
        self.string_rest(start)
    }

    /// The rest of a string from `self.pos` (not inside an escape or a UTF-8 sequence): 64-byte blocks
    /// ([`Cursor::string_blocks`]) while they hold only what they can decide, one scalar step for
    /// anything else (`\u`, a bad escape, a control byte, invalid UTF-8, the last bytes of the input),
    /// then blocks again.
    #[inline(never)]
    fn string_rest(&mut self, start: usize) -> Result<Str> {
        let mut escaped = false;
        loop {
            if let Some(end) = self.string_blocks(&mut escaped) {
                self.pos = end + 1;
                return Ok(Str { start, end, escaped });
            }
            // The scalar step: exact and slow, the reference for what the blocks decide. It always
            // moves forward (or fails), so the loop ends.
            self.pos = find_special(self.bytes, self.pos);
            match self.bytes.get(self.pos) {
                None => return Err(JsonError::Eof),
                Some(b'"') => {
                    let end = self.pos;
                    self.pos += 1;
                    return Ok(Str { start, end, escaped });
                }
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                Some(&byte) if byte < 0x20 => {
                    return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                Some(_) => self.non_ascii_run()?,
            }
        }
    }

    /// Walks the string 64 bytes at a time from `self.pos` (which must not be inside an escape or a
    /// UTF-8 sequence). Returns the offset of the closing quote when it is reached and everything
    /// before it is valid; otherwise `None`, with `self.pos` on the first byte the scalar step must
    /// handle (again not inside an escape or a UTF-8 sequence) and everything before it valid.
    ///
    /// Per block, with bit `i` of each mask standing for byte `at + i` (see [`Block`]):
    /// 1. `escaped`: the bytes preceded by an odd run of backslashes ([`escape_masks`]; the run may
    ///    have begun in an earlier block, carried as `carry`).
    /// 2. The string ends at the first quote that is not escaped; `body` is every bit below it (all
    ///    64 when there is none). Only `body` bytes (and, for UTF-8, the closing quote, which is where a
    ///    sequence cut short by it shows) are checked.
    /// 3. Stops: a control byte; an escaped byte that is not one of `"\/bfnrt` (`\u` included: the
    ///    scalar step reads its hex digits and surrogate pairs), stopping on its backslash; a UTF-8
    ///    error ([`Block::utf8_errors`]), stopping at the start of the run of non-ASCII bytes it is in.
    ///
    /// Backslashes in `body` set `escaped` even when the block stops before them: they are part of
    /// the string unless the scalar step finds an error first.
    #[inline]
    fn string_blocks(&mut self, escaped: &mut bool) -> Option<usize> {
        let floor = self.pos;
        let mut at = floor;
        // 1 when the first byte of the block is escaped (the previous block ended in an escaping `\`).
        let mut carry = 0u64;
        // The previous block's last bytes (a sequence may cross the edge) and whether any of its last
        // three bytes is non-ASCII (then the next block is checked even if it is all ASCII).
        let mut tail = block::ASCII_TAIL;
        let mut pending = false;
        loop {
            let Some(block) = Block::load(self.bytes, at) else {
                // Fewer than 64 bytes left: back to the start of an unfinished escape or sequence.
                self.pos = if carry != 0 {
                    at - 1
                } else if pending {
                    run_start(self.bytes, at, floor)
                } else {
                    at
                };
                return None;
            };
            let escaped_bytes = escape_masks(block.backslash, &mut carry);
            let quotes = block.quote & !escaped_bytes;
            let body = quotes.wrapping_sub(1) & !quotes;
            let control = block.control & body;
            // Escaped quotes, backslashes and `n` (line breaks: in chat text, most blocks have one) are
            // fine; the few other escaped bytes are checked one by one. Ruling out `n` by mask keeps this
            // branch predictable (with `escape_masks` branch-free, chat text scans a quarter faster).
            let others = escaped_bytes & body & !(block.quote | block.backslash | block.letter_n);
            let bad_escapes = if others != 0 { bad_escapes(self.bytes, at, others) } else { 0 };
            let utf8 = if block.non_ascii != 0 || pending {
                self.non_ascii = true;
                // `quotes & quotes.wrapping_neg()` is the closing quote's bit alone.
                block.utf8_errors(tail, pending) & (body | (quotes & quotes.wrapping_neg()))
            } else {
                0
            };
            *escaped |= block.backslash & body != 0;
            if control | bad_escapes | utf8 != 0 {
                let mut stop = usize::MAX;
                if control != 0 {
                    stop = at + control.trailing_zeros() as usize;
                }
                if bad_escapes != 0 {
                    // The backslash; `at - 1` (the first byte is escaped) is never before `floor`,
                    // as the carry comes from a block this call read.
                    stop = stop.min((at + bad_escapes.trailing_zeros() as usize).saturating_sub(1));
                }
                if utf8 != 0 {
                    stop = stop.min(run_start(self.bytes, at + utf8.trailing_zeros() as usize, floor));
                }
                self.pos = stop.max(floor);
                return None;
            }
            if quotes != 0 {
                return Some(at + quotes.trailing_zeros() as usize);
            }
            pending = block.non_ascii >> 61 != 0;
            tail = block.tail();
            at += 64;
        }
    }

    /// Checks a run of bytes ≥ 0x80 (the cursor is on its first byte) as UTF-8, sequence by sequence
    /// (the well-formed byte sequences of Unicode's table 3-7). Every multi-byte sequence consists of
    /// such bytes only, so checking each maximal run checks the whole string.
    #[inline]
    fn non_ascii_run(&mut self) -> Result<()> {
        self.non_ascii = true;
        let bytes = self.bytes;
        let continuation =
            |at: usize, range: core::ops::RangeInclusive<u8>| bytes.get(at).is_some_and(|b| range.contains(b));
        while let Some(&lead) = bytes.get(self.pos) {
            let at = self.pos;
            let (second, len) = match lead {
                0x00..=0x7F => return Ok(()),
                0xC2..=0xDF => (0x80..=0xBF, 2),
                0xE0 => (0xA0..=0xBF, 3),
                0xE1..=0xEC | 0xEE..=0xEF => (0x80..=0xBF, 3),
                0xED => (0x80..=0x9F, 3),
                0xF0 => (0x90..=0xBF, 4),
                0xF1..=0xF3 => (0x80..=0xBF, 4),
                0xF4 => (0x80..=0x8F, 4),
                _ => return Err(self.error("invalid unicode code point")),
            };
            if !continuation(at + 1, second) || (2..len).any(|i| !continuation(at + i, 0x80..=0xBF)) {
                return Err(self.error("invalid unicode code point"));
            }
            self.pos = at + len;
        }
        Ok(())
    }

    /// Reads one escape; the cursor is on its backslash.
    #[cold]
    fn escape(&mut self) -> Result<()> {
        self.pos += 1;
        let Some(&kind) = self.bytes.get(self.pos) else {
            return Err(JsonError::Eof);
        };
        self.pos += 1;
        match kind {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                let unit = self.hex4()?;
                if is_low_surrogate(unit) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                if !is_high_surrogate(unit) {
                    return Ok(());
                }
                for expected in [b'\\', b'u'] {
                    match self.bytes.get(self.pos) {
                        None => return Err(JsonError::Eof),
                        Some(&byte) if byte == expected => self.pos += 1,
                        Some(_) => return Err(self.error("unexpected end of hex escape")),
                    }
                }
                if !is_low_surrogate(self.hex4()?) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                Ok(())
            }
            _ => Err(self.error("invalid escape")),
        }
    }

    /// Reads the four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u16> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            self.pos = self.bytes.len();
            return Err(JsonError::Eof);
        };
        self.pos += 4;
        digits
            .iter()
            .try_fold(0u16, |unit, &digit| Some(unit << 4 | hex_value(digit)?))
            .ok_or(self.error("invalid escape"))
    }

    /// Reads a number; the cursor is on its first byte (`-` or a digit, else an error).
    pub fn number(&mut self) -> Result<Number> {
        let start = self.pos;
        let negative = matches!(self.bytes.get(self.pos), Some(b'-'));
        if negative {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            None => return Err(JsonError::Eof),
            Some(b'0') => {
                self.pos += 1;
                if self.peek_digit() {
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.error("invalid number")),
        }
        let mut integer = true;
        if matches!(self.bytes.get(self.pos), Some(b'.')) {
            integer = false;
            self.pos += 1;
            self.required_digit()?;
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digit()?;
        }
        Ok(Number { start, end: self.pos, negative, integer })
    }

    /// At least one digit (after `.` or the exponent's `e`).
    fn required_digit(&mut self) -> Result<()> {
        match self.bytes.get(self.pos) {
            None => Err(JsonError::Eof),
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            Some(_) => Err(self.error("invalid number")),
        }
    }

    #[inline]
    fn peek_digit(&self) -> bool {
        matches!(self.bytes.get(self.pos), Some(b'0'..=b'9'))
    }

    #[inline]
    fn digits(&mut self) {
        while self.peek_digit() {
            self.pos += 1;
        }
    }

    /// Skips one value of any shape, as `serde_json` reads one into a `serde_json::Value`:
    /// iteratively (deep nesting never recurses on the Rust stack), numbers within the range of an
    /// `f64` ([`Number::is_finite`]), at most `max_open` arrays and objects open at once inside the
    /// value (`serde_json` allows 127 in the whole text; `max_open` is that minus the enclosing ones).
    /// With `unique_keys`, an object that repeats a key (after unescaping) is
    /// [`JsonError::DuplicateKey`]; without, the last one counts, as in `serde_json::Value`.
    pub fn skip_value(&mut self, max_open: usize, unique_keys: bool) -> Result<()> {
        let mut open = BitStack::default();
        // One set per open object, when keys must be unique.
        let mut keys: Vec<Keys<'a>> = Vec::new();
        loop {
            // A value.
            match self.expect_token()? {
                token @ (b'{' | b'[') => {
                    if open.len() >= max_open.min(MAX_NESTING) {
                        return Err(self.error("recursion limit exceeded"));
                    }
                    self.pos += 1;
                    let object = token == b'{';
                    if self.expect_token()? == if object { b'}' } else { b']' } {
                        self.pos += 1;
                    } else {
                        open.push(object);
                        if object {
                            if unique_keys {
                                keys.push(Keys::default());
                            }
                            self.key_and_colon(keys.last_mut())?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.pos += 1;
                    self.string()?;
                }
                b'-' | b'0'..=b'9' => {
                    let number = self.number()?;
                    if !number.is_finite(self.bytes) {
                        return Err(self.error("number out of range"));
                    }
                }
                b't' => {
                    self.pos += 1;
                    self.literal(b"rue")?;
                }
                b'f' => {
                    self.pos += 1;
                    self.literal(b"alse")?;
                }
                b'n' => {
                    self.pos += 1;
                    self.literal(b"ull")?;
                }
                _ => return Err(self.error("expected value")),
            }
            // After a value: close what ends here, then a comma (and a key) before the next value.
            loop {
                let Some(object) = open.top() else {
                    return Ok(());
                };
                match self.expect_token()? {
                    b',' => {
                        self.pos += 1;
                        if object {
                            self.key_and_colon(keys.last_mut())?;
                        }
                        break;
                    }
                    b'}' if object => {
                        self.pos += 1;
                        open.pop();
                        keys.pop();
                    }
                    b']' if !object => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ if object => return Err(self.error("expected `,` or `}`")),
                    _ => return Err(self.error("expected `,` or `]`")),
                }
            }
        }
    }

    /// A key and its colon inside a skipped object; with `keys`, a repeated key is an error.
    fn key_and_colon(&mut self, keys: Option<&mut Keys<'a>>) -> Result<()> {
        if self.expect_token()? != b'"' {
            return Err(self.error("key must be a string"));
        }
        self.pos += 1;
        let key = self.string()?;
        if let Some(keys) = keys {
            if !keys.insert(self, &key) {
                return Err(JsonError::DuplicateKey);
            }
        }
        self.colon()
    }

    /// The raw body of a string read by [`Cursor::string`].
    pub fn raw(&self, s: &Str) -> &'a [u8] {
        self.bytes.get(s.start..s.end).unwrap_or_default()
    }
}

fn hex_value(digit: u8) -> Option<u16> {
    match digit {
        b'0'..=b'9' => Some(u16::from(digit - b'0')),
        b'a'..=b'f' => Some(u16::from(digit - b'a' + 10)),
        b'A'..=b'F' => Some(u16::from(digit - b'A' + 10)),
        _ => None,
    }
}

fn is_high_surrogate(unit: u16) -> bool {
    (0xD800..=0xDBFF).contains(&unit)
}

fn is_low_surrogate(unit: u16) -> bool {
    (0xDC00..=0xDFFF).contains(&unit)
}

/// Decodes the raw body of a string that [`Cursor::string`] accepted,
/// handing the value to `push` piece by piece (unescaped runs and decoded characters).
pub(crate) fn unescape(raw: &[u8], mut push: impl FnMut(&[u8])) {
    let mut i = 0;
    while i < raw.len() {
        let run = raw.get(i..).unwrap_or_default().iter().position(|&b| b == b'\\').unwrap_or(raw.len() - i);
        push(raw.get(i..i + run).unwrap_or_default());
        i += run;
        let Some(&kind) = raw.get(i + 1) else {
            return;
        };
        i += 2;
        let simple = match kind {
            b'b' => b'\x08',
            b'f' => b'\x0c',
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => 0,
            other => other,
        };
        if kind != b'u' {
            push(&[simple]);
            continue;
        }
        let hex =
            |at: usize| raw.get(at..at + 4).and_then(|d| d.iter().try_fold(0u16, |u, &c| Some(u << 4 | hex_value(c)?)));
        let unit = hex(i).unwrap_or(0xFFFD);
        i += 4;
        let code = if is_high_surrogate(unit) && raw.get(i..i + 2) == Some(b"\\u") {
            match hex(i + 2) {
                Some(low) if is_low_surrogate(low) => {
                    i += 6;
                    0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00)
                }
                _ => 0xFFFD,
            }
        } else {
            u32::from(unit)
        };
        let mut utf8 = [0; 4];
        push(char::from_u32(code).unwrap_or('\u{FFFD}').encode_utf8(&mut utf8).as_bytes());
    }
}

/// How many arrays and objects `serde_json` lets a text open at once.
pub(crate) const MAX_NESTING: usize = 127;

/// A stack of bits (`true`: an object, `false`: an array) for [`Cursor::skip_value`], at most
/// [`MAX_NESTING`] deep.
#[derive(Default)]
struct BitStack {
    len: usize,
    bits: u128,
}

impl BitStack {
    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, bit: bool) {
        if let Some(mask) = 1u128.checked_shl(self.len as u32) {
            self.bits = if bit { self.bits | mask } else { self.bits & !mask };
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    fn top(&self) -> Option<bool> {
        let last = self.len.checked_sub(1)?;
        Some(self.bits.checked_shr(last as u32).unwrap_or(0) & 1 == 1)
    }
}

/// The keys of one object, to find a repeated one: the raw bytes of a key without escapes, the
/// unescaped value of one with (`"\u0061"` repeats `"a"`). A tree, so that an object with very many
/// keys costs `n log n`, never `n²`.
#[derive(Default)]
pub(crate) struct Keys<'a>(BTreeSet<Cow<'a, [u8]>>);

impl<'a> Keys<'a> {
    /// Adds the key `key` (read by `cur`); `false` when the object already had it.
    pub fn insert(&mut self, cur: &Cursor<'a>, key: &Str) -> bool {
        let raw = cur.raw(key);
        if !key.escaped {
            return self.0.insert(Cow::Borrowed(raw));
        }
        let mut value = Vec::new();
        unescape(raw, |piece| value.extend_from_slice(piece));
        self.0.insert(Cow::Owned(value))
    }

    /// Does the object have the key whose value is `key`?
    pub fn contains(&self, key: &[u8]) -> bool {
        self.0.contains(key)
    }

    /// Adds the key whose value is `key`, owned.
    pub fn insert_value(&mut self, key: Vec<u8>) {
        self.0.insert(Cow::Owned(key));
    }
}

/// The offset of the first byte at or after `from` that is `"`, `\`, below 0x20 or above 0x7F, looking
/// at 16 bytes at most: `from + 16` when they hold none (or `bytes.len()` when fewer are left).
#[inline]
fn find_special_within_16(bytes: &[u8], from: usize) -> usize {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let Some(chunk) = bytes.get(from..from + 16) {
        use core::arch::wasm32::{i8x16_bitmask, v128_load};
        // SAFETY: `chunk` is exactly 16 readable bytes, and `v128_load` has no alignment requirement.
        let v = unsafe { v128_load(chunk.as_ptr().cast()) };
        // A 17th bit bounds the count at 16 when no byte is special.
        return from + (u32::from(i8x16_bitmask(block::special(v))) | 1 << 16).trailing_zeros() as usize;
    }
    let end = bytes.len().min(from + 16);
    swar::find_special_swar(bytes.get(..end).unwrap_or_default(), from)
}

/// Where the run of non-ASCII bytes that holds (or ends just before) offset `at` begins, but not before
/// `floor`: a run starts after an ASCII byte, so it starts a UTF-8 sequence.
fn run_start(bytes: &[u8], mut at: usize, floor: usize) -> usize {
    while at > floor && bytes.get(at - 1).is_some_and(|&b| b >= 0x80) {
        at -= 1;
    }
    at
}

/// The escaped bytes of a block, from its backslash mask: bit `i` is set when byte `i` is preceded by
/// an odd number of consecutive backslashes (the run may continue from the previous block: `carry`
/// is 1 when byte 0 is escaped, and is updated for the next block). Escaped backslashes count.
///
/// simdjson's branch-free trick. `potential` are the backslashes not escaped by the carry. For each
/// run of them, `(potential << 1 | ODD) - potential` subtracts the run from a word where the bits after
/// its backslashes are set: the borrow starts at the run's first backslash and stops at the first set
/// bit after it, leaving, at each position of the run and at the byte just past it, whether that
/// position's parity differs from the run start's (xor-ed with `ODD` to take the position's own parity
/// out). A byte is escaped exactly when it is at an odd distance from the start of the run before it,
/// and the final xor with `backslash | carry` clears the bits that are not such a byte.
/// `tests::escape_masks_match_a_sequential_scan` checks it against a byte-by-byte scan. No shortcut for
/// a block without backslashes: in chat text that branch is unpredictable, and costs more than it saves.
#[inline]
fn escape_masks(backslash: u64, carry: &mut u64) -> u64 {
    const ODD: u64 = 0xAAAA_AAAA_AAAA_AAAA;
    let potential = backslash & !*carry;
    let codes = ((potential << 1 | ODD).wrapping_sub(potential)) ^ ODD;
    let escaped = codes ^ (backslash | *carry);
    // A backslash that escapes the next byte is one that is not itself escaped; the last one carries.
    *carry = (backslash & !escaped) >> 63;
    escaped
}

/// The bits of `escaped` (bytes of the block at `at`) whose byte is not one of `/bfnrt` (the caller
/// has ruled out `"` and `\`): one step per set bit, as there are few.
#[inline]
fn bad_escapes(bytes: &[u8], at: usize, escaped: u64) -> u64 {
    let (mut bad, mut rest) = (0, escaped);
    while rest != 0 {
        let bit = rest & rest.wrapping_neg();
        if !matches!(bytes.get(at + bit.trailing_zeros() as usize), Some(b'/' | b'b' | b'f' | b'n' | b'r' | b't')) {
            bad |= bit;
        }
        rest ^= bit;
    }
    bad
}

mod escape;
mod swar;
mod utf8;

// The 64-byte block scanner and the 16-byte special-byte search: wasm `simd128` when the target has
// it, `u64` words elsewhere (the same decisions, so native tests check the logic the browser runs).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd128 as block;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod portable;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use portable as block;

pub(crate) use block::find_special;
use block::Block;
pub(crate) use escape::{escape_into, escape_non_ascii};

#[cfg(test)]
mod tests;
