//! A strict, allocation-free JSON cursor: the lexical half of the fast validator ([`crate::scan`]) and
//! of the error-envelope reader ([`crate::response`]).
//!
//! The grammar is RFC 8259 exactly as `serde_json` reads it: whitespace is space, `\t`, `\n`, `\r`;
//! numbers have no leading zeros, no `+`, no bare `.`; strings reject raw control characters and
//! unknown escapes; in *strict* strings (everything `serde_json` decodes into a Rust `str`) an escaped
//! lone surrogate is an error, in *lenient* strings (what `IgnoredAny` skips) any `\uXXXX` passes.
//! Non-ASCII bytes inside strings are checked to be UTF-8 on the spot, so a body the cursor walks from
//! end to end is valid UTF-8.
//!
//! Speed comes from one place: string bodies, which are most of a chat body. [`find_special`] looks
//! for the next byte that ends the fast path (`"`, `\`, a control byte, a non-ASCII byte) 16 bytes at
//! a time with wasm `simd128` where it is enabled, and 8 bytes at a time (SWAR on a `u64`) elsewhere.
//!
//! The cursor never panics: every read goes through `get`, and positions only move forward within
//! the slice.

/// A lexical error: where and what, in `serde_json`'s words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// The input ended inside a value.
    Eof,
    /// Something else is wrong at byte `at`.
    Syntax {
        /// What is wrong (`"expected `:`"`, `"invalid number"`, ...).
        what: &'static str,
        /// The byte offset of the problem.
        at: usize,
    },
}

/// How `\u` escapes are checked in a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escapes {
    /// Surrogate escapes must pair up (what `serde_json` requires of a string it decodes).
    Strict,
    /// Any four hex digits pass (what `serde_json` requires of a string it skips).
    Lenient,
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
}

type Result<T> = core::result::Result<T, JsonError>;

impl<'a> Cursor<'a> {
    /// A cursor at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
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
        let mut token = self.expect_token()?;
        if token == b'}' {
            self.pos += 1;
            return Ok(false);
        }
        if !*first {
            if token != b',' {
                return Err(self.error("expected `,` or `}`"));
            }
            self.pos += 1;
            token = self.expect_token()?;
            if token == b'}' {
                return Err(self.error("trailing comma"));
            }
        }
        *first = false;
        if token != b'"' {
            return Err(self.error("key must be a string"));
        }
        self.pos += 1;
        Ok(true)
    }

    /// Before the next element of an array (after `[` or after an element): `Ok(true)` when an
    /// element follows (not consumed), `Ok(false)` at the closing `]` (consumed).
    #[inline]
    pub fn next_element(&mut self, first: &mut bool) -> Result<bool> {
        let token = self.expect_token()?;
        if token == b']' {
            self.pos += 1;
            return Ok(false);
        }
        if !*first {
            if token != b',' {
                return Err(self.error("expected `,` or `]`"));
            }
            self.pos += 1;
            if self.expect_token()? == b']' {
                return Err(self.error("trailing comma"));
            }
        }
        *first = false;
        Ok(true)
    }

    /// Reads a string body; the opening quote was consumed. Leaves the cursor after the closing quote.
    #[inline(always)]
    pub fn string(&mut self, escapes: Escapes) -> Result<Str> {
        let start = self.pos;
        let mut escaped = false;
        loop {
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
                    // Markdown has an escape every few dozen bytes (`\n`, `\"`): the one-letter ones
                    // are handled here, `\u` and errors in `escape`.
                    match self.bytes.get(self.pos + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 2,
                        _ => self.escape(escapes)?,
                    }
                }
                Some(&byte) if byte < 0x20 => {
                    return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                Some(_) => self.non_ascii_run()?,
            }
        }
    }

    /// Checks a run of bytes ≥ 0x80 (the cursor is on its first byte) as UTF-8, sequence by sequence
    /// (the well-formed byte sequences of Unicode's table 3-7). Every multi-byte sequence consists of
    /// such bytes only, so checking each maximal run checks the whole string.
    #[inline]
    fn non_ascii_run(&mut self) -> Result<()> {
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
    fn escape(&mut self, escapes: Escapes) -> Result<()> {
        self.pos += 1;
        let Some(&kind) = self.bytes.get(self.pos) else {
            return Err(JsonError::Eof);
        };
        self.pos += 1;
        match kind {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                let unit = self.hex4()?;
                if escapes == Escapes::Lenient {
                    return Ok(());
                }
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
        let negative = self.bytes.get(self.pos) == Some(&b'-');
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
        if self.bytes.get(self.pos) == Some(&b'.') {
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

    fn peek_digit(&self) -> bool {
        matches!(self.bytes.get(self.pos), Some(b'0'..=b'9'))
    }

    fn digits(&mut self) {
        while self.peek_digit() {
            self.pos += 1;
        }
    }

    /// Skips one value of any shape, as `serde_json`'s `IgnoredAny` does: iteratively (deep nesting
    /// never recurses on the Rust stack), strings [`Escapes::Lenient`]. `max_open` bounds how many
    /// arrays and objects may be open at once inside the value (`usize::MAX`: no bound).
    pub fn skip_value(&mut self, escapes: Escapes, max_open: usize) -> Result<()> {
        let mut open = BitStack::default();
        loop {
            // A value.
            match self.expect_token()? {
                token @ (b'{' | b'[') => {
                    self.pos += 1;
                    if open.len() >= max_open {
                        return Err(self.error("recursion limit exceeded"));
                    }
                    let object = token == b'{';
                    if self.expect_token()? == if object { b'}' } else { b']' } {
                        self.pos += 1;
                    } else {
                        open.push(object);
                        if object {
                            self.key_and_colon(escapes)?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.pos += 1;
                    self.string(escapes)?;
                }
                b'-' | b'0'..=b'9' => {
                    // `IgnoredAny` calls a number cut short by the end "invalid", not "truncated".
                    self.number().map_err(|error| match error {
                        JsonError::Eof => self.error("invalid number"),
                        other => other,
                    })?;
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
                            self.key_and_colon(escapes)?;
                        }
                        break;
                    }
                    b'}' if object => {
                        self.pos += 1;
                        open.pop();
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

    fn key_and_colon(&mut self, escapes: Escapes) -> Result<()> {
        if self.expect_token()? != b'"' {
            return Err(self.error("key must be a string"));
        }
        self.pos += 1;
        self.string(escapes)?;
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

/// Decodes the raw body of a string that [`Cursor::string`] accepted in [`Escapes::Strict`] mode,
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

/// A stack of bits (`true`: an object, `false`: an array) for [`Cursor::skip_value`]. The first
/// 1024 levels live inline; deeper nesting (never seen in real bodies) spills to the heap.
#[derive(Default)]
struct BitStack {
    len: usize,
    inline: [u64; 16],
    spill: Vec<u64>,
}

impl BitStack {
    fn len(&self) -> usize {
        self.len
    }

    fn word(&mut self, index: usize) -> Option<&mut u64> {
        match index.checked_sub(self.inline.len()) {
            None => self.inline.get_mut(index),
            Some(spilled) => {
                if spilled >= self.spill.len() {
                    self.spill.resize(spilled + 1, 0);
                }
                self.spill.get_mut(spilled)
            }
        }
    }

    fn push(&mut self, bit: bool) {
        let (index, shift) = (self.len / 64, self.len % 64);
        if let Some(word) = self.word(index) {
            *word = (*word & !(1 << shift)) | (u64::from(bit) << shift);
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    fn top(&mut self) -> Option<bool> {
        let last = self.len.checked_sub(1)?;
        let word = *self.word(last / 64)?;
        Some(word >> (last % 64) & 1 == 1)
    }
}

/// The offset of the first byte at or after `from` that is `"`, `\`, below 0x20 or above 0x7F
/// (`bytes.len()` when there is none). Wasm with `simd128`: 16 bytes per step.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
pub(crate) fn find_special(bytes: &[u8], from: usize) -> usize {
    use core::arch::wasm32::{
        i8x16_bitmask, i8x16_eq, i8x16_lt, i8x16_splat, u8x16_splat, v128, v128_any_true, v128_load, v128_or,
    };
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 16) {
        // SAFETY: `chunk` is exactly 16 readable bytes, and `v128_load` has no alignment requirement.
        let v: v128 = unsafe { v128_load(chunk.as_ptr().cast()) };
        // Signed `< 0x20` catches both the control bytes and every byte ≥ 0x80 (negative as i8).
        let special = v128_or(
            v128_or(i8x16_eq(v, u8x16_splat(b'"')), i8x16_eq(v, u8x16_splat(b'\\'))),
            i8x16_lt(v, i8x16_splat(0x20)),
        );
        if v128_any_true(special) {
            return at + i8x16_bitmask(special).trailing_zeros() as usize;
        }
        at += 16;
    }
    find_special_swar(bytes, at)
}

/// The offset of the first byte at or after `from` that is `"`, `\`, below 0x20 or above 0x7F
/// (`bytes.len()` when there is none). Portable: 8 bytes per step.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub(crate) fn find_special(bytes: &[u8], from: usize) -> usize {
    find_special_swar(bytes, from)
}

/// [`find_special`] on `u64` words (SWAR), then byte by byte for the tail.
#[inline]
fn find_special_swar(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // A byte's high bit is set for a zero byte (an equal byte), a byte < 0x20, or a byte ≥ 0x80.
        // Borrows can only flag bytes above a truly flagged one, so the lowest flag is exact.
        let flags = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w)
            | w)
            & HIGH;
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let tail = bytes.get(at..).unwrap_or_default();
    at + tail.iter().position(|&b| b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b)).unwrap_or(tail.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_special_matches_a_bytewise_search() {
        let mut bytes = vec![b'a'; 100];
        for special in [b'"', b'\\', 0x00, 0x1f, 0x80, 0xff] {
            for at in 0..bytes.len() {
                bytes[at] = special;
                for from in [0, 1, 7, 8, 9, 15, 16, 17, at] {
                    let expected = if from <= at { at } else { bytes.len() };
                    assert_eq!(find_special(&bytes, from), expected, "{special:#x} at {at} from {from}");
                }
                bytes[at] = b'a';
            }
        }
        for ok in [0x20, 0x7f, b'!', b'#', b'[', b']'] {
            assert_eq!(find_special(&[ok; 40], 0), 40);
        }
    }

    #[test]
    fn unescape_decodes_escapes_and_pairs() {
        let mut out = Vec::new();
        unescape(br#"a\n\u0069\"\ud83d\ude00\/x"#, |piece| out.extend_from_slice(piece));
        assert_eq!(out, "a\ni\"😀/x".as_bytes());
    }

    #[test]
    fn bit_stack_spills_beyond_its_inline_words() {
        let mut stack = BitStack::default();
        for i in 0..5000 {
            stack.push(i % 3 == 0);
        }
        for i in (0..5000).rev() {
            assert_eq!(stack.top(), Some(i % 3 == 0));
            stack.pop();
        }
        assert_eq!(stack.top(), None);
    }
}
