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
    #[inline(always)]
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
    #[inline(always)]
    pub fn expect_token(&mut self) -> Result<u8> {
        self.peek_token().ok_or(JsonError::Eof)
    }

    /// Consumes the `:` between a key and its value.
    #[inline(always)]
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
    #[inline(always)]
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
    #[inline(always)]
    pub fn eat(&mut self, expected: &[u8]) -> bool {
        if !self.bytes_at(self.pos, expected) {
            return false;
        }
        self.pos += expected.len();
        true
    }

    /// Are the bytes at `at` exactly `expected`? A plain loop: iterator adapters and slice
    /// comparisons are not inlined at `opt-level = "z"`.
    #[inline(always)]
    fn bytes_at(&self, at: usize, expected: &[u8]) -> bool {
        let Some(raw) = self.bytes.get(at..at + expected.len()) else {
            return false;
        };
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
    #[inline(always)]
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
    #[inline(always)]
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
    #[inline(always)]
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
    ///
    /// Short strings (keys, timestamps, ids of actors) end within 16 bytes without a special byte:
    /// one chunk test settles them inline. Anything longer goes to [`Cursor::string_rest`].
    #[inline(always)]
    pub fn string(&mut self, escapes: Escapes) -> Result<Str> {
        let start = self.pos;
        let at = find_special_within_16(self.bytes, start);
        if matches!(self.bytes.get(at), Some(b'"')) {
            self.pos = at + 1;
            return Ok(Str { start, end: at, escaped: false });
        }
        // Everything before `at` is plain ASCII: `at` starts neither an escape nor a UTF-8 sequence.
        self.pos = at;
        self.string_rest(start, escapes)
    }

    /// The rest of a string from `self.pos` (not inside an escape or a UTF-8 sequence): 64-byte blocks
    /// ([`Cursor::string_blocks`]) while they hold only what they can decide, one scalar step for
    /// anything else (`\u`, a bad escape, a control byte, invalid UTF-8, the last bytes of the input),
    /// then blocks again.
    #[inline(never)]
    fn string_rest(&mut self, start: usize, escapes: Escapes) -> Result<Str> {
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
                    self.escape(escapes)?;
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
    #[inline(always)]
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
            // Escaped quotes and backslashes are fine; the few other escaped bytes are checked one by one.
            let others = escaped_bytes & body & !(block.quote | block.backslash);
            let bad_escapes = if others != 0 { bad_escapes(self.bytes, at, others) } else { 0 };
            let utf8 = if block.non_ascii != 0 || pending {
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

    #[inline(always)]
    fn peek_digit(&self) -> bool {
        matches!(self.bytes.get(self.pos), Some(b'0'..=b'9'))
    }

    #[inline(always)]
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

/// The offset of the first byte at or after `from` that is `"`, `\`, below 0x20 or above 0x7F, looking
/// at 16 bytes at most: `from + 16` when they hold none (or `bytes.len()` when fewer are left).
#[inline(always)]
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
    find_special_swar(bytes.get(..end).unwrap_or_default(), from)
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
/// `tests::escape_masks_match_a_sequential_scan` checks it against a byte-by-byte scan.
#[inline(always)]
fn escape_masks(backslash: u64, carry: &mut u64) -> u64 {
    const ODD: u64 = 0xAAAA_AAAA_AAAA_AAAA;
    if backslash == 0 {
        return core::mem::take(carry);
    }
    let potential = backslash & !*carry;
    let codes = ((potential << 1 | ODD).wrapping_sub(potential)) ^ ODD;
    let escaped = codes ^ (backslash | *carry);
    // A backslash that escapes the next byte is one that is not itself escaped; the last one carries.
    *carry = (backslash & !escaped) >> 63;
    escaped
}

/// `UTF8_*`: the tables of Keiser and Lemire's UTF-8 validation ("Validating UTF-8 In Less Than One
/// Instruction Per Byte", 2021; simdjson's `lookup`), shared by the SIMD and the portable [`Block`].
/// Each byte is checked with the byte before it (`prev1`): three lookups by nibble (`prev1`'s high
/// and low, the byte's high) give bit flags for the error classes the pair may show; their `and` is
/// nonzero when the pair is wrong, except for `TWO_CONTS` (continuation after continuation), which
/// is right exactly when the byte two or three back is a 3- or 4-byte lead (`must_be_continuation`).
mod utf8 {
    const TOO_SHORT: u8 = 1 << 0; // 11______ 0_______ / 11______ 11______
    const TOO_LONG: u8 = 1 << 1; // 0_______ 10______
    const OVERLONG_3: u8 = 1 << 2; // 11100000 100_____
    const TOO_LARGE: u8 = 1 << 3; // 11110100 1001____ / 11110100 101_____ / 11110101+ 10______
    const SURROGATE: u8 = 1 << 4; // 11101101 101_____
    const OVERLONG_2: u8 = 1 << 5; // 1100000_ 10______
    const TOO_LARGE_1000: u8 = 1 << 6; // 11110101+ 1000____
    const OVERLONG_4: u8 = 1 << 6; // 11110000 1000____
    pub(super) const TWO_CONTS: u8 = 1 << 7; // 10______ 10______
    const CARRY: u8 = TOO_SHORT | TOO_LONG | TWO_CONTS;

    /// By the high nibble of the previous byte.
    pub(super) const PREV_HIGH: [u8; 16] = [
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TWO_CONTS,
        TWO_CONTS,
        TWO_CONTS,
        TWO_CONTS,
        TOO_SHORT | OVERLONG_2,
        TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
    ];

    /// By the low nibble of the previous byte.
    pub(super) const PREV_LOW: [u8; 16] = [
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
        CARRY | OVERLONG_2,
        CARRY,
        CARRY,
        CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
    ];

    /// By the high nibble of the byte itself.
    pub(super) const HIGH: [u8; 16] = [
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
    ];
}

/// The bits of `escaped` (bytes of the block at `at`) whose byte is not one of `/bfnrt` (the caller
/// has ruled out `"` and `\`): one step per set bit, as there are few.
#[inline(always)]
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

use block::Block;

/// A 64-byte block of a string body, classified with wasm `simd128` (4 × 16 bytes).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod block {
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
        v128_or(
            v128_or(i8x16_eq(v, u8x16_splat(b'"')), i8x16_eq(v, u8x16_splat(b'\\'))),
            i8x16_lt(v, i8x16_splat(0x20)),
        )
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
                (
                    v128_load(p.cast()),
                    v128_load(p.add(16).cast()),
                    v128_load(p.add(32).cast()),
                    v128_load(p.add(48).cast()),
                )
            };
            let mut block = Block { v0, v1, v2, v3, quote: 0, backslash: 0, control: 0, non_ascii: 0 };
            block.quote = block.bits(|x| i8x16_eq(x, u8x16_splat(b'"')));
            block.backslash = block.bits(|x| i8x16_eq(x, u8x16_splat(b'\\')));
            block.non_ascii = block.bits(|x| x);
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
}

/// A 64-byte block of a string body, classified portably: masks from `u64` words (SWAR), the escape
/// and UTF-8 checks byte by byte with the same tables as the SIMD block.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod block {
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
            let (mut quote, mut backslash, mut control, mut non_ascii) = (0, 0, 0, 0);
            for (i, word) in chunk.chunks_exact(8).enumerate() {
                let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
                let shift = 8 * i;
                quote |= gather(zero_bytes(w ^ (ONES * u64::from(b'"')))) << shift;
                backslash |= gather(zero_bytes(w ^ (ONES * u64::from(b'\\')))) << shift;
                // For a byte below 0x80, adding 0x60 sets the high bit exactly when it is ≥ 0x20.
                control |= gather(!(((w & LOW7) + ONES * 0x60) | w) & HIGH) << shift;
                non_ascii |= gather(w & HIGH) << shift;
            }
            Some(Block { bytes: chunk, quote, backslash, control, non_ascii })
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
        let special = block::special(v);
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

    // The string tests also run in Chromium, on the `simd128` block (`wasm-pack test --headless --chrome
    // -- --lib`); the others are `#[test]` only.
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

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

    /// The string reader the block scanner must match exactly: one byte at a time, no shortcuts.
    fn string_reference(bytes: &[u8], from: usize, escapes: Escapes) -> (Result<Str>, usize) {
        let mut cur = Cursor { bytes, pos: from };
        let mut escaped = false;
        let result = loop {
            match cur.bytes.get(cur.pos) {
                None => break Err(JsonError::Eof),
                Some(b'"') => {
                    let end = cur.pos;
                    cur.pos += 1;
                    break Ok(Str { start: from, end, escaped });
                }
                Some(b'\\') => {
                    escaped = true;
                    if let Err(error) = cur.escape(escapes) {
                        break Err(error);
                    }
                }
                Some(&byte) if byte < 0x20 => {
                    break Err(cur.error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                Some(&byte) if byte >= 0x80 => {
                    if let Err(error) = cur.non_ascii_run() {
                        break Err(error);
                    }
                }
                Some(_) => cur.pos += 1,
            }
        };
        (result, cur.pos)
    }

    fn outcome(result: Result<Str>, pos: usize) -> String {
        match result {
            Ok(s) => format!("ok {}..{} escaped {} pos {pos}", s.start, s.end, s.escaped),
            Err(error) => format!("{error:?}"),
        }
    }

    /// `Cursor::string` on `body` (after an opening quote at 0) agrees with the reference in both modes.
    fn check(body: &[u8]) {
        for escapes in [Escapes::Strict, Escapes::Lenient] {
            let mut cur = Cursor { bytes: body, pos: 1 };
            let fast = cur.string(escapes);
            let fast = outcome(fast, cur.pos);
            let (reference, pos) = string_reference(body, 1, escapes);
            let reference = outcome(reference, pos);
            assert_eq!(fast, reference, "{escapes:?} on {:?}", String::from_utf8_lossy(body));
        }
    }

    /// `"` + filler + `piece` at `offset` + filler + closing quote + trailing bytes: the piece lands on
    /// every offset of the first blocks (and the string end may fall inside the last 64 bytes or not).
    fn around(piece: &[u8], offset: usize, len: usize, trailing: usize) -> Vec<u8> {
        let mut body = vec![b'"'];
        body.resize(1 + offset, b'a');
        body.extend_from_slice(piece);
        while body.len() < len {
            body.push(b'b');
        }
        body.push(b'"');
        body.extend(core::iter::repeat(b'x').take(trailing));
        body
    }

    const PIECES: &[&[u8]] = &[
        b"\\n",
        b"\\\"",
        b"\\\\",
        b"\\/",
        b"\\t\\b\\f\\r",
        b"\\u00e9",
        b"\\ud83d\\ude00",
        b"\\ud83d",
        b"\\ude00",
        b"\\ud83dx",
        b"\\ud83d\\u0041",
        b"\\x",
        b"\\u12",
        b"\\u12g4",
        b"\\\x01",
        b"\\\xc3\xa9",
        b"\\'",
        b"\x01",
        b"\x1f",
        b"\x7f",
        b"\x00",
        "é".as_bytes(),
        "日".as_bytes(),
        "😀".as_bytes(),
        "é日😀".as_bytes(),
        b"\xc3",
        b"\xe6\x97",
        b"\xf0\x9f\x98",
        b"\x80",
        b"\xbf",
        b"\xc0\x80",
        b"\xc1\xbf",
        b"\xe0\x80\x80",
        b"\xe0\x9f\xbf",
        b"\xed\xa0\x80",
        b"\xed\x9f\xbf",
        b"\xee\x80\x80",
        b"\xf0\x8f\xbf\xbf",
        b"\xf4\x90\x80\x80",
        b"\xf4\x8f\xbf\xbf",
        b"\xf5\x80\x80\x80",
        b"\xff",
        b"\xc3\xa9\xa9",
        b"\xe6\x97\xa5\x80",
        b"\\\"\"",
        b"\\\\\"",
        b"\"",
    ];

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn strings_agree_with_the_reference_for_every_piece_at_every_offset() {
        for piece in PIECES {
            for offset in 0..140 {
                for len in [offset + piece.len(), 130, 200] {
                    for trailing in [0, 3, 70] {
                        check(&around(piece, offset, len, trailing));
                    }
                }
            }
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn backslash_runs_of_every_length_at_every_offset() {
        for run in 0..70 {
            for offset in 0..130 {
                for after in [&b"\""[..], b"n", b"\"x", b"u0041", b"\xc3\xa9", b"\x01", b"q"] {
                    let mut piece = vec![b'\\'; run];
                    piece.extend_from_slice(after);
                    for trailing in [0, 70] {
                        check(&around(&piece, offset, offset + piece.len(), trailing));
                        check(&around(&piece, offset, 150, trailing));
                    }
                }
            }
        }
    }

    /// Every 1- to 4-byte sequence shape (leads × second bytes × continuations) at offsets around the
    /// block edges, against `str::from_utf8` through the reference.
    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn utf8_sequences_across_block_edges() {
        let seconds = [0x41u8, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0];
        for lead in 0x80..=0xffu8 {
            for &second in &seconds {
                for tail in [&[][..], &[0x80], &[0x80, 0x80], &[0xbf, 0x41]] {
                    let mut piece = vec![lead, second];
                    piece.extend_from_slice(tail);
                    for offset in [0, 1, 13, 15, 16, 60, 61, 62, 63, 64, 65, 127] {
                        check(&around(&piece, offset, offset + piece.len(), 70));
                        check(&around(&piece, offset, 140, 70));
                    }
                }
            }
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn random_strings_agree_with_the_reference() {
        const ALPHABET: &[u8] = b"ab\\\\\\\"\"nu0d8Dce\x01\x1f\x80\xbf\xc3\xe6\xf0\xed\xa0\x9f";
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = next(200);
            let mut body = vec![b'"'];
            for _ in 0..len {
                // Mostly plain text, so that strings run long.
                let byte = if next(4) == 0 { ALPHABET[next(ALPHABET.len())] } else { b'a' + next(26) as u8 };
                body.push(byte);
            }
            if next(2) == 0 {
                body.extend_from_slice(b"\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
            }
            check(&body);
        }
    }

    #[test]
    fn escape_masks_match_a_sequential_scan() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for round in 0..200_000u64 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Dense and sparse backslashes, long runs.
            let blocks = [
                state,
                state & state.rotate_left(7),
                !(state & state.rotate_left(3)),
                if round % 3 == 0 { u64::MAX } else { 0 },
            ];
            let mut carry = 0;
            let mut escaped_next = false;
            for backslash in blocks {
                let fast = escape_masks(backslash, &mut carry);
                let mut expected = 0u64;
                for i in 0..64 {
                    if escaped_next {
                        expected |= 1 << i;
                        escaped_next = false;
                    } else {
                        escaped_next = backslash >> i & 1 == 1;
                    }
                }
                assert_eq!(fast, expected, "{backslash:064b}");
                assert_eq!(carry, u64::from(escaped_next));
            }
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
