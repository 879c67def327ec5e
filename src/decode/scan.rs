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
use crate::error::{concat, decimal, push_decimal, NeptunError};
use crate::json::{unescape, Cursor, JsonError, Keys, Number, Str, MAX_NESTING};
use crate::time::is_common_rfc3339;
use core::ops::Range;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Validates a whole 200 body for the chat `chat_id` against the contract (see [`super::validate`]).
pub(crate) fn validate(body: &[u8], chat_id: u64) -> Result<Validated, NeptunError> {
    let mut walk = Walk::new(chat_id);
    while walk.advance(body, true, usize::MAX)? != Pause::Done {
        walk.take_batch();
    }
    walk.finish()
}

/// Where the walk of the envelope `{"chatMessages": [...]}` stands between two steps.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    /// Before the root `{` (and before a byte-order mark).
    Start,
    /// Before the next member of the root object, or its `}`.
    RootMember,
    /// After `"chatMessages":`, before its value.
    MessagesValue,
    /// Before the next message, or the `]` of `chatMessages`.
    Message,
    /// After the root `}`: only whitespace may follow.
    End,
}

/// Why [`Walk::advance`] returned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Pause {
    /// The input ends inside a step: call again with more (the window must keep its bytes from
    /// [`Walk::keep_from`] on).
    NeedMore,
    /// The messages validated since the last [`Walk::take_batch`] reach the batch limit, or the
    /// message list ended: take them, and call again.
    Batch,
    /// The whole body is validated (only with `last`): call [`Walk::finish`].
    Done,
}

/// Validated messages taken from a [`Walk`].
pub(crate) struct BatchSpan {
    /// Their window offsets, from the first's `{` to the last's `}`.
    pub range: Range<usize>,
    /// They have exactly the model's fields, under their output names.
    pub canonical: bool,
    /// They are ASCII.
    pub ascii: bool,
}

/// The validator as a resumable walk over a window of the body: the envelope is a small state
/// machine ([`Phase`]) whose steps (a root member's key, an unknown root field, one message, ...)
/// each run whole on the window or not at all, so the body can arrive in chunks of any size and the
/// caller can drop what is validated. The steps themselves are the [`Scanner`]'s descent.
///
/// A step that fails near the end of a window that is not the last may have failed only because
/// its value is cut (a number, a UTF-8 sequence, a literal): it is run again with more input. A
/// problem anywhere else is final, so an invalid body is rejected as soon as its first problem has
/// arrived.
pub(crate) struct Walk {
    chat_id: u64,
    phase: Phase,
    /// The next member or element is the first of its object or array.
    first: bool,
    seen_messages: bool,
    null_messages: bool,
    /// Keys of unknown root fields (owned: the window moves).
    root_keys: Keys<'static>,
    canonical: bool,
    messages: usize,
    /// The next step's offset in the window.
    pos: usize,
    /// The validated messages not yet taken (window offsets, from the first's `{` to the last's `}`),
    /// and whether they are canonical (model fields only, under their output names).
    batch: Option<Range<usize>>,
    batch_canonical: bool,
    /// The batch's strings are ASCII (so is the rest of it: JSON outside strings is ASCII).
    batch_ascii: bool,
    /// Bytes dropped from the front of the window so far, and the BOM's length (0 or 3).
    dropped: usize,
    bom: usize,
    /// Newlines before the next step (counted by the steps' cursors), and the JSON offset (BOM
    /// excluded) after the last of them.
    lines: usize,
    line_start: usize,
}

impl Walk {
    pub(crate) fn new(chat_id: u64) -> Self {
        Walk {
            chat_id,
            phase: Phase::Start,
            first: true,
            seen_messages: false,
            null_messages: false,
            root_keys: Keys::default(),
            canonical: true,
            messages: 0,
            pos: 0,
            batch: None,
            batch_canonical: true,
            batch_ascii: true,
            dropped: 0,
            bom: 0,
            lines: 0,
            line_start: 0,
        }
    }

    /// Validates steps of `window` (the body from the first byte not yet dropped; `last` when it runs
    /// to the end of the body) until one needs more input, the batch holds `batch_limit` bytes or
    /// the message list ends, or the body is done. Errors are final.
    pub(crate) fn advance(&mut self, window: &[u8], last: bool, batch_limit: usize) -> Result<Pause, NeptunError> {
        loop {
            if self.phase == Phase::Start && self.dropped == 0 && self.pos == 0 {
                if window.starts_with(BOM) {
                    self.bom = BOM.len();
                    self.pos = BOM.len();
                } else if !last && window.len() < BOM.len() && BOM.starts_with(window) {
                    return Ok(Pause::NeedMore);
                }
            }
            let mut scan = Scanner {
                cur: Cursor::at(window, self.pos),
                chat_id: self.chat_id,
                path: JsonPath::default(),
                canonical: true,
            };
            let mut first = self.first;
            let phase = self.phase;
            let step = self.step(&mut scan, &mut first);
            let pause = match step {
                Ok(pause) => pause,
                Err(problem) => {
                    let frontier = match problem {
                        Problem::Json(JsonError::Syntax { at, .. }) => at.max(scan.cur.pos),
                        _ => scan.cur.pos,
                    };
                    let eof = matches!(problem, Problem::Json(JsonError::Eof));
                    // A value cut by the window's end (a number, a UTF-8 sequence, a literal) can
                    // fail near it: run the step again once more of the body is here.
                    if !last && (eof || frontier + 4 >= window.len()) {
                        return Ok(Pause::NeedMore);
                    }
                    return Err(self.error(window, last, &scan.path, problem));
                }
            };
            self.pos = scan.cur.pos;
            self.first = first;
            if scan.cur.newlines > 0 {
                self.lines += scan.cur.newlines;
                self.line_start = self.json_offset(scan.cur.line_start);
            }
            self.canonical &= scan.canonical;
            if phase == Phase::Message {
                self.batch_canonical &= scan.canonical;
                self.batch_ascii &= !scan.cur.non_ascii;
            }
            match pause {
                None => {}
                Some(Pause::Batch) if self.batch.is_none() => {}
                // Trailing whitespace so far; more of the body could still be anything.
                Some(Pause::Done) if !last => return Ok(Pause::NeedMore),
                Some(pause) => return Ok(pause),
            }
            if let Some(batch) = &self.batch {
                if batch.len() >= batch_limit {
                    return Ok(Pause::Batch);
                }
            }
        }
    }

    /// One step from `scan`'s position; `Some` to pause the walk after it. The walk's own state
    /// changes only once the step has succeeded (a step that needs more input runs again).
    fn step(&mut self, scan: &mut Scanner, first: &mut bool) -> Result<Option<Pause>, Problem> {
        match self.phase {
            Phase::Start => {
                if scan.cur.expect_token()? != b'{' {
                    return Err(scan.wrong_type());
                }
                scan.cur.pos += 1;
                self.phase = Phase::RootMember;
                *first = true;
            }
            Phase::RootMember => {
                if !scan.cur.next_member(first)? {
                    if !self.seen_messages {
                        scan.path.push(Seg::Key(&CHAT_MESSAGES));
                        return Err(Problem::Detail(MISSING.into()));
                    }
                    self.phase = Phase::End;
                    return Ok(None);
                }
                let key = scan.cur.string()?;
                if key_is(&scan.cur, &key, CHAT_MESSAGES.name) {
                    scan.path.push(Seg::Key(&CHAT_MESSAGES));
                    if self.seen_messages {
                        return Err(Problem::Detail(problems::duplicate(&CHAT_MESSAGES)));
                    }
                    scan.cur.colon()?;
                    self.seen_messages = true;
                    self.phase = Phase::MessagesValue;
                } else {
                    scan.canonical = false;
                    let name = key_value(&scan.cur, &key);
                    if self.root_keys.contains(&name) {
                        return Err(Problem::Detail(DUPLICATE_UNKNOWN.into()));
                    }
                    scan.cur.colon()?;
                    scan.cur.skip_value(MAX_NESTING - 1, true)?;
                    self.root_keys.insert_value(name);
                }
            }
            Phase::MessagesValue => {
                scan.path.push(Seg::Key(&CHAT_MESSAGES));
                match scan.cur.expect_token()? {
                    b'n' => {
                        scan.cur.pos += 1;
                        scan.cur.literal(b"ull")?;
                        self.null_messages = true;
                        self.phase = Phase::RootMember;
                    }
                    b'[' => {
                        scan.cur.pos += 1;
                        self.phase = Phase::Message;
                        *first = true;
                    }
                    _ => return Err(scan.wrong_type()),
                }
            }
            Phase::Message => {
                scan.path.push(Seg::Key(&CHAT_MESSAGES));
                scan.path.push(Seg::Index(self.messages));
                if !scan.cur.next_element(first)? {
                    // After the `chatMessages` member: a comma or the `}` comes next.
                    *first = false;
                    self.phase = Phase::RootMember;
                    return Ok(Some(Pause::Batch));
                }
                let start = scan.cur.pos;
                scan.object(&MESSAGE)?;
                let end = scan.cur.pos;
                self.messages += 1;
                self.batch = Some(self.batch.as_ref().map_or(start, |batch| batch.start)..end);
            }
            Phase::End => match scan.cur.peek_token() {
                None => return Ok(Some(Pause::Done)),
                Some(_) => return Err(scan.cur.error("trailing characters").into()),
            },
        }
        Ok(None)
    }

    /// Takes the validated messages (see [`Walk::batch`]): the next batch starts after them.
    pub(crate) fn take_batch(&mut self) -> Option<BatchSpan> {
        let canonical = core::mem::replace(&mut self.batch_canonical, true);
        let ascii = core::mem::replace(&mut self.batch_ascii, true);
        self.batch.take().map(|range| BatchSpan { range, canonical, ascii })
    }

    /// Notes that the caller drops the first `n` bytes of the window (at most [`Walk::keep_from`]).
    pub(crate) fn consume(&mut self, n: usize) {
        self.dropped += n;
        self.pos -= n.min(self.pos);
        if let Some(batch) = &mut self.batch {
            *batch = batch.start.saturating_sub(n)..batch.end.saturating_sub(n);
        }
    }

    /// The JSON offset (from the body's start, BOM excluded) of window offset `at`.
    fn json_offset(&self, at: usize) -> usize {
        (self.dropped + at).saturating_sub(self.bom)
    }

    /// The first window offset the walk still needs: the byte before the batch (room for a `[`), or
    /// before the next step.
    pub(crate) fn keep_from(&self) -> usize {
        self.batch.as_ref().map_or(self.pos, |batch| batch.start.min(self.pos)).saturating_sub(1)
    }

    /// The bytes of the batch so far.
    pub(crate) fn batch_len(&self) -> usize {
        self.batch.as_ref().map_or(0, |batch| batch.len())
    }

    /// How many window bytes the next step has already seen: a step that needed more started there.
    pub(crate) fn pending(&self, window: &[u8]) -> usize {
        window.len() - self.pos.min(window.len())
    }

    /// The result of a walk that [`Walk::advance`] reported [`Pause::Done`].
    pub(crate) fn finish(&self) -> Result<Validated, NeptunError> {
        if self.null_messages {
            return Err(NeptunError::server_null_messages(None));
        }
        Ok(Validated { messages: self.messages, canonical: self.canonical })
    }

    /// The error for `problem` at `path`. Like the reference, which checks the whole body first, a
    /// body that is not UTF-8 is reported as such whatever else is wrong: here, whatever else is
    /// wrong in what has arrived (see [`super::Utf8Check`] for the rest of a body given whole).
    #[cold]
    fn error(&self, window: &[u8], last: bool, path: &JsonPath, problem: Problem) -> NeptunError {
        // What came before the step is valid, and UTF-8.
        let unchecked = window.get(self.pos..).unwrap_or_default();
        if let Err(error) = core::str::from_utf8(unchecked) {
            if last || error.error_len().is_some() {
                let at = self.json_offset(self.pos + error.valid_up_to());
                return NeptunError::invalid_response("", problems::not_utf8(at));
            }
        }
        let empty = self.dropped + window.len() == self.bom;
        let detail = match problem {
            Problem::Detail(detail) => detail,
            Problem::Type => problems::expected(path.expected_here()),
            Problem::Json(JsonError::Eof) if empty => EMPTY.to_owned(),
            Problem::Json(JsonError::Eof) => {
                let (line, column) = self.line_column(window, window.len());
                problems::truncated(line, column)
            }
            Problem::Json(JsonError::DuplicateKey) => DUPLICATE_INSIDE_UNKNOWN.to_owned(),
            Problem::Json(JsonError::Syntax { what, at }) => {
                let (line, column) = self.line_column(window, (at + 1).min(window.len()));
                let mut detail = concat(&["not valid JSON: ", what, " at line "]);
                push_decimal(&mut detail, line as u64);
                detail.push_str(" column ");
                push_decimal(&mut detail, column as u64);
                detail
            }
        };
        NeptunError::invalid_response(path.text(), detail)
    }

    /// `serde_json`'s line and column of window offset `at` (line from 1, column counted from 0 at a
    /// line start; the BOM not counted): the lines before the step, and those in it up to `at`.
    fn line_column(&self, window: &[u8], at: usize) -> (usize, usize) {
        let step = window.get(self.pos.min(at)..at).unwrap_or_default();
        match step.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                let lines = step.iter().filter(|&&b| b == b'\n').count();
                (1 + self.lines + lines, step.len() - last - 1)
            }
            None => (1 + self.lines, self.json_offset(at) - self.line_start.min(self.json_offset(at))),
        }
    }
}

/// Why a step stopped.
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

/// The descent through one message (and the checks of the root's values): positions in the window.
struct Scanner<'a> {
    cur: Cursor<'a>,
    chat_id: u64,
    path: JsonPath,
    canonical: bool,
}

impl<'a> Scanner<'a> {
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
    #[inline]
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
    #[inline]
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
    #[inline]
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
                (Some(n), _) => decimal(n, &mut [0; 20]).to_owned(),
                // serde_json reads a negative integer as i64 unless it is -0 or below i64::MIN.
                (None, Number { negative: true, integer: true, .. }) if fits_negative_i64(digits) => ascii(digits),
                (None, _) => scientific(digits),
            };
            return Err(Problem::Detail(problems::bad_id(&found)));
        };
        problems::check_id(n, check, self.chat_id).map_err(Problem::Detail)
    }

    /// Consumes a valid id written as a plain integer of up to 16 digits ([`Cursor::small_uint`]) and
    /// returns `true`; anything else (a valid id in another spelling, or any problem) consumes
    /// nothing and returns `false`, for [`Scanner::id`]'s general path to read.
    #[inline]
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
}

/// Is the key `s` equal to `name`?
#[inline]
fn key_is(cur: &Cursor, s: &Str, name: &str) -> bool {
    with_value(cur, s, |key| same(key, name.as_bytes()))
}

/// The field a key names (and whether by its alias), trying `fields[hint]` first: bodies list the
/// fields of every object in the same order, so the guess is nearly always right.
#[inline]
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

/// The value of a key (unescaped when it holds escapes), owned.
fn key_value(cur: &Cursor, s: &Str) -> Vec<u8> {
    with_value(cur, s, <[u8]>::to_vec)
}

/// Byte equality of short strings, inline (a `memcmp` call costs more than these few bytes).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Runs `f` on the value of a string read by the cursor: the raw bytes when it has no
/// escapes, else the unescaped bytes (in a stack buffer; on the heap beyond 64 bytes).
#[inline]
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
    matches!(magnitude(digits), Some(m) if m != 0 && m <= 1 << 63)
}

/// The value of a literal's decimal digits, `None` beyond `u64` (or for anything but digits).
fn magnitude(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits
        .iter()
        .try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d.checked_sub(b'0').filter(|d| *d <= 9)?)))
}

/// The text of a number literal's bytes (ASCII: digits, signs, `.`, `e`).
fn ascii(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
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
    // An exponent beyond `i64` counts as 0, as `str::parse` would fail on it.
    let exponent = match exponent {
        [b'-', digits @ ..] => magnitude(digits).and_then(|m| 0i64.checked_sub_unsigned(m)),
        [b'+', digits @ ..] | digits => magnitude(digits).and_then(|m| i64::try_from(m).ok()),
    }
    .unwrap_or(0);
    let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => (mantissa.get(..dot).unwrap_or_default(), mantissa.get(dot + 1..).unwrap_or_default()),
        None => (mantissa, &b""[..]),
    };
    // All digits, and the decimal exponent of the first one.
    let all: Vec<u8> = int.iter().chain(frac).copied().collect();
    let sign = if negative { "-" } else { "" };
    let Some(lead) = all.iter().position(|&d| d != b'0') else {
        return concat(&[sign, "0e0"]);
    };
    let trail = all.iter().rposition(|&d| d != b'0').unwrap_or(lead);
    let significant = all.get(lead..=trail).unwrap_or_default();
    let power = exponent.saturating_add(int.len() as i64 - 1 - lead as i64);
    let (first, rest) = significant.split_first().map(|(f, r)| (*f as char, r)).unwrap_or(('0', &[]));
    let rest = ascii(rest);
    let dot = if rest.is_empty() { "" } else { "." };
    let mut out = concat(&[sign, first.encode_utf8(&mut [0; 4]), dot, &rest, "e"]);
    if power < 0 {
        out.push('-');
    }
    push_decimal(&mut out, power.unsigned_abs());
    out
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
        // An exponent beyond i64 counts as 0 (as before, when it was read by `str::parse`).
        assert_eq!(scientific(b"25e99999999999999999999"), "2.5e1");
        assert_eq!(scientific(b"25e-9223372036854775808"), "2.5e-9223372036854775807");
    }

    #[test]
    fn negative_integers_read_as_i64_like_serde_json() {
        assert!(fits_negative_i64(b"-1"));
        assert!(fits_negative_i64(b"-9223372036854775808"));
        assert!(!fits_negative_i64(b"-9223372036854775809"));
        assert!(!fits_negative_i64(b"-0"));
    }
}
