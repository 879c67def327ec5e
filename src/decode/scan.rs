//! The fast validator: body bytes → [`Validated`] or the first problem, in one pass, without
//! `serde_json` and without allocating (except for error texts, and for an escaped timestamp longer
//! than 64 bytes, and for unknown values nested more than 1024 levels deep).
//!
//! It is a schema-specialized recursive descent over the JSON cursor (`json::Cursor`): the model's shape is fixed
//! (root object → `chatMessages` array → message objects → `files` array → file objects), so the
//! descent is at most five calls deep whatever the input; unknown values are skipped iteratively by
//! `Cursor::skip_value` (which also finds repeated keys in them). Keys are compared as raw bytes
//! when they hold no escapes (the common case) and after unescaping otherwise (`"\u0069d"` is `id`).
//!
//! Its semantics are exactly those of the `serde_json` walker [`super::reference`],
//! which stays as the reference (`tests/agreement.rs` checks both on large corpora): same accept and
//! reject, same `canonical` and `messages`, same error kind and `path`, same `detail` for every
//! semantic problem. The only differences are in texts: syntax errors are worded and positioned like
//! `serde_json`'s but not always at the same column, and an id written as a float (`1.5`, `1e3`,
//! or an integer beyond `u64`) is echoed in `{:e}` form computed from its digits rather than from the
//! parsed `f64` (identical up to 15 significant digits).
//!
//! UTF-8: non-ASCII bytes are checked where the cursor meets them (inside strings; anywhere else they
//! are a syntax error). Like the reference, which checks the whole body first, an invalid body is
//! reported as "not valid UTF-8" whatever else is wrong with it: on any error the body is checked
//! once more as a whole (the error path is cold).

use super::path::{JsonPath, Seg};
use super::problems::{self, DUPLICATE_INSIDE_UNKNOWN, DUPLICATE_UNKNOWN, EMPTY, MISSING};
use super::schema::{Check, Field, Table, Validated, ACTORS, CHAT_MESSAGES, MAX_SAFE_INTEGER, MESSAGE};
use crate::error::NeptunError;
use crate::json::{unescape, Cursor, JsonError, Keys, Number, Str, MAX_NESTING};
use crate::time::is_common_rfc3339;

/// Validates a 200 body for the chat `chat_id` against the contract (see [`super::validate`]).
pub(crate) fn validate(body: &[u8], chat_id: u64) -> Result<Validated, NeptunError> {
    let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut scan = Scanner {
        cur: Cursor::new(json),
        chat_id,
        path: JsonPath::default(),
        canonical: true,
        null_messages: false,
        messages: 0,
    };
    match scan.root() {
        Ok(()) if scan.null_messages => Err(NeptunError::server_null_messages(None)),
        Ok(()) => Ok(Validated { messages: scan.messages, canonical: scan.canonical }),
        Err(problem) => Err(scan.into_error(problem)),
    }
}

/// Why the walk stopped.
enum Problem {
    /// Not JSON.
    Json(JsonError),
    /// A value of the wrong type: "expected" what the path calls for.
    Type,
    /// A semantic problem, in words.
    Detail(String),
}

impl From<JsonError> for Problem {
    fn from(error: JsonError) -> Self {
        Problem::Json(error)
    }
}

type Step<T = ()> = Result<T, Problem>;

struct Scanner<'a> {
    cur: Cursor<'a>,
    chat_id: u64,
    path: JsonPath,
    canonical: bool,
    null_messages: bool,
    messages: usize,
}

impl<'a> Scanner<'a> {
    /// `{"chatMessages": [...]}` and nothing after it.
    fn root(&mut self) -> Step {
        if self.cur.expect_token()? != b'{' {
            return Err(self.wrong_type());
        }
        self.cur.pos += 1;
        let (mut seen, mut first, mut unknown) = (false, true, Keys::default());
        while self.cur.next_member(&mut first)? {
            let key = self.cur.string()?;
            if key_is(&self.cur, &key, CHAT_MESSAGES.name) {
                self.path.push(Seg::Key(&CHAT_MESSAGES));
                if seen {
                    return Err(Problem::Detail(problems::duplicate(&CHAT_MESSAGES)));
                }
                seen = true;
                self.cur.colon()?;
                self.messages()?;
                self.path.pop();
            } else {
                self.unknown(&mut unknown, &key, 1)?;
            }
        }
        if !seen {
            self.path.push(Seg::Key(&CHAT_MESSAGES));
            return Err(Problem::Detail(MISSING.into()));
        }
        match self.cur.peek_token() {
            None => Ok(()),
            Some(_) => Err(self.cur.error("trailing characters").into()),
        }
    }

    /// The `chatMessages` value: an array of messages, or `null`.
    fn messages(&mut self) -> Step {
        match self.cur.expect_token()? {
            b'n' => {
                self.cur.pos += 1;
                self.cur.literal(b"ull")?;
                self.null_messages = true;
                return Ok(());
            }
            b'[' => self.cur.pos += 1,
            _ => return Err(self.wrong_type()),
        }
        let mut first = true;
        loop {
            self.path.push(Seg::Index(self.messages));
            if !self.cur.next_element(&mut first)? {
                self.path.pop();
                return Ok(());
            }
            self.object(&MESSAGE)?;
            self.path.pop();
            self.messages += 1;
        }
    }

    /// An unknown field's colon and value (the cursor after its key `key`), inside an object nested
    /// `depth` arrays and objects deep: a key repeated among the unknown ones is an error, and so is
    /// one repeated inside the value.
    #[cold]
    fn unknown(&mut self, keys: &mut Keys<'a>, key: &Str, depth: usize) -> Step {
        self.canonical = false;
        if !keys.insert(&self.cur, key) {
            return Err(Problem::Detail(DUPLICATE_UNKNOWN.into()));
        }
        self.cur.colon()?;
        Ok(self.cur.skip_value(MAX_NESTING - depth, true)?)
    }

    /// A message or file object, by its table.
    fn object(&mut self, table: &'static Table) -> Step {
        let (fields, required) = (table.fields, table.required);
        if self.cur.expect_token()? != b'{' {
            return Err(self.wrong_type());
        }
        self.cur.pos += 1;
        let mut unknown = Keys::default();
        let (mut seen, mut hint) = (0u32, self.canonical_prefix(fields));
        let mut first = hint == 0;
        if let Some(bits) = 1u32.checked_shl(hint as u32) {
            seen = bits - 1;
        }
        while self.cur.next_member(&mut first)? {
            // Fast path: the field after the previous one, written `name":` (no escapes, no space).
            let (index, alias, colon_read) = match fields.get(hint) {
                Some(field) if self.cur.key_colon(field.name.as_bytes()) => (hint, false, true),
                _ => {
                    let key = self.cur.string()?;
                    let Some((index, alias)) = lookup(&self.cur, &key, fields, hint) else {
                        self.unknown(&mut unknown, &key, table.depth)?;
                        continue;
                    };
                    (index, alias, false)
                }
            };
            hint = index + 1;
            let Some(field) = fields.get(index) else { continue };
            self.path.push(Seg::Key(field));
            if seen & (1 << index) != 0 {
                return Err(Problem::Detail(problems::duplicate(field)));
            }
            seen |= 1 << index;
            self.canonical &= !alias;
            if !colon_read {
                self.cur.colon()?;
            }
            self.value(field)?;
            self.path.pop();
        }
        if seen & required == required {
            return Ok(());
        }
        if let Some(missing) = fields.iter().enumerate().find(|(i, f)| f.required && seen & (1 << i) == 0) {
            self.path.push(Seg::Key(missing.1));
            return Err(Problem::Detail(MISSING.into()));
        }
        Ok(())
    }

    /// The fast path of [`Scanner::object`] (the cursor after its `{`): consumes the longest run of
    /// members written exactly as canonical bodies write them (the table's fields in order from the
    /// first, `"name":value` joined by bare commas, no whitespace, the value valid in its cheapest
    /// spelling) and returns how many. It stops before the first member it cannot settle this way,
    /// consuming none of it, so the general loop goes on from there as if it had read the run itself
    /// (its path, duplicate and `canonical` bookkeeping are unaffected: these are canonical names and
    /// non-null values). Errors are left to the general loop, which reads the member again.
    #[inline(always)]
    fn canonical_prefix(&mut self, fields: &'static [Field]) -> usize {
        let mut index = 0;
        while let Some(field) = fields.get(index) {
            let start = self.cur.pos;
            let ok = (index == 0 || self.cur.eat(b",\""))
                && (index != 0 || self.cur.eat(b"\""))
                && self.cur.key_colon(field.name.as_bytes())
                && self.canonical_value(field.check);
            if !ok {
                self.cur.pos = start;
                return index;
            }
            index += 1;
        }
        index
    }

    /// A value of `check` in its canonical spelling, consumed (`true`), or `false` (the cursor is
    /// then somewhere inside the value; the caller rewinds).
    #[inline(always)]
    fn canonical_value(&mut self, check: Check) -> bool {
        match check {
            Check::Id | Check::ChatId => self.fast_id(check),
            Check::Text => self.cur.eat(b"\"") && self.cur.string().is_ok(),
            Check::Actor => ACTORS.iter().any(|actor| self.cur.eat_string(actor.as_bytes())),
            Check::Timestamp => self.common_timestamp(),
            Check::List(_) => false,
        }
    }

    /// Consumes `"YYYY-MM-DDTHH:MM:SS.sssZ"`, a valid timestamp in its most common form (`true`), or
    /// nothing (`false`).
    #[inline(always)]
    fn common_timestamp(&mut self) -> bool {
        let at = self.cur.pos;
        let ok = matches!(self.cur.bytes.get(at), Some(b'"'))
            && matches!(self.cur.bytes.get(at + 25), Some(b'"'))
            && self.cur.bytes.get(at + 1..at + 25).is_some_and(is_common_rfc3339);
        if ok {
            self.cur.pos = at + 26;
        }
        ok
    }

    /// One field's value, by its [`Check`]; optional fields also accept `null`.
    fn value(&mut self, field: &Field) -> Step {
        let token = self.cur.expect_token()?;
        if token == b'n' && !field.required {
            self.cur.pos += 1;
            self.cur.literal(b"ull")?;
            self.canonical = false;
            return Ok(());
        }
        match (field.check, token) {
            // Fast path: `"YYYY-MM-DDTHH:MM:SS.sssZ"`, a valid timestamp in its most common form.
            (Check::Timestamp, b'"') if self.common_timestamp() => Ok(()),
            (Check::Id | Check::ChatId, b'-' | b'0'..=b'9') => self.id(field.check),
            (Check::Text | Check::Actor | Check::Timestamp, b'"') => {
                self.cur.pos += 1;
                let s = self.cur.string()?;
                self.text(field.check, &s)
            }
            (Check::List(table), b'[') => {
                self.cur.pos += 1;
                let (mut index, mut first) = (0, true);
                loop {
                    self.path.push(Seg::Index(index));
                    if !self.cur.next_element(&mut first)? {
                        self.path.pop();
                        return Ok(());
                    }
                    self.object(table)?;
                    self.path.pop();
                    index += 1;
                }
            }
            _ => Err(self.wrong_type()),
        }
    }

    /// An id: a positive safe integer (and the requested chat for [`Check::ChatId`]).
    fn id(&mut self, check: Check) -> Step {
        if self.fast_id(check) {
            return Ok(());
        }
        let number = self.cur.number()?;
        let digits = self.cur.bytes.get(number.start..number.end).unwrap_or_default();
        let value = match number {
            // Up to 19 digits fit a u64 without overflow checks (whose 128-bit multiply is slow in wasm).
            Number { negative: false, integer: true, .. } if digits.len() <= 19 => {
                Some(digits.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0')))
            }
            Number { negative: false, integer: true, .. } => {
                digits.iter().try_fold(0u64, |n, &d| n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))))
            }
            _ => None,
        };
        let Some(n) = value.filter(|&n| n != 0 && n <= MAX_SAFE_INTEGER) else {
            let found = match (value, number) {
                (Some(n), _) => n.to_string(),
                // serde_json reads a negative integer as i64 unless it is -0 or below i64::MIN.
                (None, Number { negative: true, integer: true, .. }) if fits_negative_i64(digits) => {
                    String::from_utf8_lossy(digits).into_owned()
                }
                (None, _) => scientific(digits),
            };
            return Err(Problem::Detail(problems::bad_id(found)));
        };
        problems::check_id(n, check, self.chat_id).map_err(Problem::Detail)
    }

    /// Consumes a valid id written as a plain integer of up to 16 digits ([`Cursor::small_uint`]) and
    /// returns `true`; anything else (a valid id in another spelling, or any problem) consumes
    /// nothing and returns `false`, for [`Scanner::id`]'s general path to read.
    #[inline(always)]
    fn fast_id(&mut self, check: Check) -> bool {
        let start = self.cur.pos;
        // `small_uint` never returns 0 (no leading zero).
        let ok = match self.cur.small_uint() {
            Some(n) => n <= MAX_SAFE_INTEGER && (!matches!(check, Check::ChatId) || n == self.chat_id),
            None => false,
        };
        if !ok {
            self.cur.pos = start;
        }
        ok
    }

    /// A string field's value (its string syntax already checked).
    fn text(&mut self, check: Check, s: &Str) -> Step {
        if matches!(check, Check::Text) {
            return Ok(());
        }
        with_value(&self.cur, s, |value| check.check_str(value)).map_err(|problem| Problem::Detail(problem.into()))
    }

    /// The problem for a value of the wrong type at the cursor. Like `serde_json`, the value is read
    /// first when it is a scalar (a malformed one is a syntax error), but not when it is a container.
    fn wrong_type(&mut self) -> Problem {
        let scalar = match self.cur.peek_token() {
            None => Err(JsonError::Eof),
            Some(b'[' | b'{') => Ok(()),
            Some(b'"') => {
                self.cur.pos += 1;
                self.cur.string().map(drop)
            }
            Some(b'-' | b'0'..=b'9') => self.cur.number().map(drop),
            Some(first @ (b'n' | b't' | b'f')) => {
                self.cur.pos += 1;
                self.cur.literal(match first {
                    b'n' => b"ull",
                    b't' => b"rue",
                    _ => b"alse",
                })
            }
            Some(_) => Err(self.cur.error("expected value")),
        };
        match scalar {
            Ok(()) => Problem::Type,
            Err(error) => Problem::Json(error),
        }
    }

    /// The error for `problem`, at the current path.
    fn into_error(self, problem: Problem) -> NeptunError {
        let json = self.cur.bytes;
        if let Err(error) = core::str::from_utf8(json) {
            return NeptunError::invalid_response("", problems::not_utf8(error.valid_up_to()));
        }
        let detail = match problem {
            Problem::Detail(detail) => detail,
            Problem::Type => problems::expected(self.path.expected_here()),
            Problem::Json(JsonError::Eof) if json.is_empty() => EMPTY.to_owned(),
            Problem::Json(JsonError::Eof) => {
                let (line, column) = line_column(json, json.len());
                problems::truncated(line, column)
            }
            Problem::Json(JsonError::DuplicateKey) => DUPLICATE_INSIDE_UNKNOWN.to_owned(),
            Problem::Json(JsonError::Syntax { what, at }) => {
                let (line, column) = line_column(json, (at + 1).min(json.len()));
                format!("not valid JSON: {what} at line {line} column {column}")
            }
        };
        NeptunError::invalid_response(self.path.to_string(), detail)
    }
}

/// Is the key `s` equal to `name`?
#[inline(always)]
fn key_is(cur: &Cursor, s: &Str, name: &str) -> bool {
    with_value(cur, s, |key| same(key, name.as_bytes()))
}

/// The field a key names (and whether by its alias), trying `fields[hint]` first: bodies list the
/// fields of every object in the same order, so the guess is nearly always right.
#[inline(always)]
fn lookup(cur: &Cursor, s: &Str, fields: &[Field], hint: usize) -> Option<(usize, bool)> {
    let find = |key: &[u8]| {
        if let Some(field) = fields.get(hint) {
            if same(field.name.as_bytes(), key) {
                return Some((hint, false));
            }
        }
        fields.iter().enumerate().find_map(|(i, field)| {
            if same(field.name.as_bytes(), key) {
                Some((i, false))
            } else if field.alias.is_some_and(|alias| same(alias.as_bytes(), key)) {
                Some((i, true))
            } else {
                None
            }
        })
    };
    with_value(cur, s, find)
}

/// Byte equality of short strings, inline (a `memcmp` call costs more than these few bytes).
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Runs `f` on the value of a string read by the cursor: the raw bytes when it has no
/// escapes, else the unescaped bytes (in a stack buffer; on the heap beyond 64 bytes).
#[inline(always)]
fn with_value<T>(cur: &Cursor, s: &Str, f: impl FnOnce(&[u8]) -> T) -> T {
    let raw = cur.raw(s);
    if !s.escaped {
        return f(raw);
    }
    let (mut buf, mut len, mut heap) = ([0u8; 64], 0, Vec::new());
    unescape(raw, |piece| {
        if heap.is_empty() {
            if let Some(dest) = buf.get_mut(len..len + piece.len()) {
                dest.copy_from_slice(piece);
                len += piece.len();
                return;
            }
            heap.extend_from_slice(buf.get(..len).unwrap_or_default());
        }
        heap.extend_from_slice(piece);
    });
    if heap.is_empty() {
        f(buf.get(..len).unwrap_or_default())
    } else {
        f(&heap)
    }
}

/// Does `-digits` (a negative integer literal) read as an `i64` in `serde_json`: not `-0`, not
/// below `i64::MIN`?
fn fits_negative_i64(literal: &[u8]) -> bool {
    let digits = literal.strip_prefix(b"-").unwrap_or(literal);
    let magnitude = digits.iter().try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')));
    matches!(magnitude, Some(m) if m != 0 && m <= 1 << 63)
}

/// A number literal in the form Rust's `{:e}` gives its `f64` (`1.5` → `1.5e0`, `-0` → `-0e0`,
/// `1200` → `1.2e3`), computed from the digits: exact up to 15 significant digits.
fn scientific(literal: &[u8]) -> String {
    let (negative, body) = match literal.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    let (mantissa, exponent) = match body.iter().position(|&b| b == b'e' || b == b'E') {
        Some(e) => (body.get(..e).unwrap_or_default(), body.get(e + 1..).unwrap_or_default()),
        None => (body, &b""[..]),
    };
    let exponent: i64 = core::str::from_utf8(exponent.strip_prefix(b"+").unwrap_or(exponent))
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => (mantissa.get(..dot).unwrap_or_default(), mantissa.get(dot + 1..).unwrap_or_default()),
        None => (mantissa, &b""[..]),
    };
    // All digits, and the decimal exponent of the first one.
    let all: Vec<u8> = int.iter().chain(frac).copied().collect();
    let sign = if negative { "-" } else { "" };
    let Some(lead) = all.iter().position(|&d| d != b'0') else {
        return format!("{sign}0e0");
    };
    let trail = all.iter().rposition(|&d| d != b'0').unwrap_or(lead);
    let significant = all.get(lead..=trail).unwrap_or_default();
    let power = exponent.saturating_add(int.len() as i64 - 1 - lead as i64);
    let (first, rest) = significant.split_first().map(|(f, r)| (*f as char, r)).unwrap_or(('0', &[]));
    let rest = String::from_utf8_lossy(rest);
    let dot = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{dot}{rest}e{power}")
}

/// `serde_json`'s line and column of byte offset `at` (line from 1, column counted from 0 at a line start).
fn line_column(json: &[u8], at: usize) -> (usize, usize) {
    let before = json.get(..at).unwrap_or(json);
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (1 + before.iter().filter(|&&b| b == b'\n').count(), at - line_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_matches_rust_float_formatting() {
        for literal in ["1.5", "-0", "-0.0", "0.5", "1e5", "1E+2", "100.0", "120e-3", "0.00123", "-7.25e10", "3.0e0"] {
            let float: f64 = literal.parse().unwrap();
            assert_eq!(scientific(literal.as_bytes()), format!("{float:e}"), "{literal}");
        }
    }

    #[test]
    fn negative_integers_read_as_i64_like_serde_json() {
        assert!(fits_negative_i64(b"-1"));
        assert!(fits_negative_i64(b"-9223372036854775808"));
        assert!(!fits_negative_i64(b"-9223372036854775809"));
        assert!(!fits_negative_i64(b"-0"));
    }
}
