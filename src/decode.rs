//! Body bytes → the validated model, in pure Rust.
//!
//! [`validate_reference`] walks the body once with `serde_json`, checks every rule of the contract against a
//! schema written for this endpoint, and allocates nothing: strings are borrowed, unknown fields are
//! skipped. It reports the JSON path of the first problem. It also says whether the body is
//! *canonical* (exactly the model's fields under their output names), in which case the browser's own
//! `JSON.parse` of the same bytes yields exactly the validated data and is the fastest way to build
//! the JavaScript objects (`bindings.rs`). [`decode`] builds the Rust model from a validated body.
//!
//! Both parsers agree on everything that reaches the caller: ids are integers up to 2^53−1 (exact in
//! a JS number), duplicate fields are rejected (JSON.parse would keep the last), escaped lone
//! surrogates in model strings are rejected, and the body must be UTF-8 (a leading BOM is skipped, as
//! `Response.json()` does).

use crate::error::NeptunError;
use crate::model::GetChatMessagesResponse;
use crate::path::{JsonPath, Seg};
use crate::time::is_rfc3339;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// What [`validate`] learned about a valid body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validated {
    /// How many messages the body holds.
    pub messages: usize,
    /// `true` when the body has exactly the model's fields under their output names (no unknown
    /// fields, no `role`/`content` aliases, no `null` optional fields), so that `JSON.parse` of it
    /// is the output as is.
    pub canonical: bool,
}

/// Validates a 200 body for the chat `chat_id` against the contract.
///
/// Errors: `invalidResponse` with the JSON path of the first problem, or `server` when the body is
/// `{"chatMessages": null}` (what the real server answers when its database read fails).
///
/// This is the fast scanner of [`crate::scan`] (no `serde_json`); [`validate_reference`] is the
/// `serde_json` walker it is checked against.
pub fn validate(body: &[u8], chat_id: u64) -> Result<Validated, NeptunError> {
    crate::scan::validate(body, chat_id)
}

/// The reference validator: the same contract as [`validate`], checked by walking the body with
/// `serde_json` against a schema of `Visitor`s. Slower; kept as the definition the fast scanner
/// must agree with (`tests/agreement.rs`).
pub fn validate_reference(body: &[u8], chat_id: u64) -> Result<Validated, NeptunError> {
    let text = body_text(body)?;
    let mut ctx = Ctx::new(chat_id);
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = Root(&mut ctx).deserialize(&mut de).and_then(|()| de.end());
    match outcome {
        Ok(()) if ctx.null_messages => Err(NeptunError::server_null_messages(None)),
        Ok(()) => Ok(Validated { messages: ctx.messages, canonical: ctx.canonical }),
        Err(error) => Err(ctx.into_error(&error)),
    }
}

/// Validates a 200 body (see [`validate`]) and builds the Rust model from it.
pub fn decode(body: &[u8], chat_id: u64) -> Result<GetChatMessagesResponse, NeptunError> {
    validate(body, chat_id)?;
    let text = body_text(body)?;
    serde_json::from_str(text).map_err(|error| {
        // Unreachable for a validated body; kept as an error rather than a panic.
        NeptunError::invalid_response("", format!("could not build the model: {error}"))
    })
}

/// The body as text: UTF-8 required, a leading byte-order mark skipped.
pub fn body_text(body: &[u8]) -> Result<&str, NeptunError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    std::str::from_utf8(body).map_err(|error| {
        NeptunError::invalid_response("", format!("the body is not valid UTF-8 (at byte {})", error.valid_up_to()))
    })
}

// ---------------------------------------------------------------------------------------------
// The walk's state: where we are (for error paths), the first problem, and what we found.

struct Ctx {
    chat_id: u64,
    path: JsonPath,
    problem: Option<String>,
    canonical: bool,
    null_messages: bool,
    messages: usize,
}

impl Ctx {
    fn new(chat_id: u64) -> Self {
        Ctx { chat_id, path: JsonPath::default(), problem: None, canonical: true, null_messages: false, messages: 0 }
    }

    /// Records `problem` at the current path and returns the error that unwinds the walk.
    fn fail<E: de::Error>(&mut self, problem: impl Into<String>) -> E {
        self.problem = Some(problem.into());
        E::custom("")
    }

    fn into_error(self, error: &serde_json::Error) -> NeptunError {
        let detail = match (self.problem.as_deref(), error.classify()) {
            (Some(problem), _) => problem.to_owned(),
            (None, serde_json::error::Category::Eof) if error.line() == 1 && error.column() == 0 => {
                "the body is empty".to_owned()
            }
            (None, serde_json::error::Category::Eof) => {
                format!("the body ends too early (truncated?) at line {} column {}", error.line(), error.column())
            }
            (None, serde_json::error::Category::Data) => {
                format!("expected {}", self.path.expected_here())
            }
            (None, _) => format!("not valid JSON: {error}"),
        };
        NeptunError::invalid_response(self.path.to_string(), detail)
    }
}

pub(crate) const ID_FIELDS: [&str; 4] =
    ["id", "neptun_user_id", "chat_conversation_id", "chat_conversation_message_id"];

// ---------------------------------------------------------------------------------------------
// Field tables: one bit per field of the model, so duplicates and missing fields are bit tests.

/// How a field's value is checked.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Check {
    Id,
    ChatId,
    Text,
    Actor,
    Timestamp,
    Files,
}

pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) alias: Option<&'static str>,
    pub(crate) check: Check,
    pub(crate) required: bool,
}

const fn field(name: &'static str, check: Check) -> Field {
    Field { name, alias: None, check, required: true }
}

pub(crate) const MESSAGE_FIELDS: [Field; 8] = [
    field("id", Check::Id),
    Field { alias: Some("content"), ..field("message", Check::Text) },
    Field { alias: Some("role"), ..field("actor", Check::Actor) },
    field("created_at", Check::Timestamp),
    field("updated_at", Check::Timestamp),
    Field { required: false, ..field("neptun_user_id", Check::Id) },
    field("chat_conversation_id", Check::ChatId),
    Field { required: false, ..field("files", Check::Files) },
];

pub(crate) const FILE_FIELDS: [Field; 10] = [
    field("id", Check::Id),
    field("title", Check::Text),
    field("text", Check::Text),
    field("language", Check::Text),
    field("extension", Check::Text),
    field("neptun_user_id", Check::Id),
    field("chat_conversation_id", Check::ChatId),
    field("chat_conversation_message_id", Check::Id),
    field("created_at", Check::Timestamp),
    field("updated_at", Check::Timestamp),
];

/// A key of an object: the index of a known field (and whether it was the alias), or unknown.
enum Key {
    Known(usize, bool),
    Unknown,
}

struct KeySeed(&'static [Field]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        for (i, field) in self.0.iter().enumerate() {
            if field.name == key {
                return Ok(Key::Known(i, false));
            }
            if field.alias == Some(key) {
                return Ok(Key::Known(i, true));
            }
        }
        Ok(Key::Unknown)
    }
}

// ---------------------------------------------------------------------------------------------
// The walk.

/// `{"chatMessages": [...]}`.
struct Root<'c>(&'c mut Ctx);

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        const ROOT: [Field; 1] = [field("chatMessages", Check::Files)];
        let ctx = self.0;
        let mut seen = false;
        while let Some(key) = map.next_key_seed(KeySeed(&ROOT))? {
            match key {
                Key::Known(..) => {
                    ctx.path.push(Seg::Key("chatMessages"));
                    if seen {
                        return Err(ctx.fail("duplicate field"));
                    }
                    seen = true;
                    map.next_value_seed(Messages(ctx))?;
                    ctx.path.pop();
                }
                Key::Unknown => {
                    ctx.canonical = false;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !seen {
            ctx.path.push(Seg::Key("chatMessages"));
            return Err(ctx.fail("missing required field"));
        }
        Ok(())
    }
}

/// The `chatMessages` value: an array of messages, or `null` (a server error).
struct Messages<'c>(&'c mut Ctx);

impl<'de> DeserializeSeed<'de> for Messages<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.null_messages = true;
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ctx = self.0;
        loop {
            ctx.path.push(Seg::Index(ctx.messages));
            let next = seq.next_element_seed(Object { ctx: &mut *ctx, fields: &MESSAGE_FIELDS })?;
            ctx.path.pop();
            match next {
                Some(()) => ctx.messages += 1,
                None => return Ok(()),
            }
        }
    }
}

/// A message or a file object, by its field table.
struct Object<'c> {
    ctx: &'c mut Ctx,
    fields: &'static [Field],
}

impl<'de> DeserializeSeed<'de> for Object<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Object<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Object { ctx, fields } = self;
        let mut seen: u32 = 0;
        while let Some(key) = map.next_key_seed(KeySeed(fields))? {
            let Key::Known(index, alias) = key else {
                ctx.canonical = false;
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let field = &fields[index];
            ctx.path.push(Seg::Key(field.name));
            if seen & (1 << index) != 0 {
                return Err(ctx.fail(match field.alias {
                    Some(alias) => format!("duplicate field (`{}` and its alias `{alias}` count as one)", field.name),
                    None => "duplicate field".to_owned(),
                }));
            }
            seen |= 1 << index;
            ctx.canonical &= !alias;
            map.next_value_seed(Value { ctx: &mut *ctx, check: field.check, optional: !field.required })?;
            ctx.path.pop();
        }
        if let Some(missing) = fields.iter().enumerate().find(|(i, f)| f.required && seen & (1 << i) == 0) {
            ctx.path.push(Seg::Key(missing.1.name));
            return Err(ctx.fail("missing required field"));
        }
        Ok(())
    }
}

/// One field's value, checked by its [`Check`]. Optional fields also accept `null`.
struct Value<'c> {
    ctx: &'c mut Ctx,
    check: Check,
    optional: bool,
}

impl<'de> DeserializeSeed<'de> for Value<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.check {
            _ if self.optional => d.deserialize_option(self),
            Check::Id | Check::ChatId => d.deserialize_u64(self),
            Check::Files => d.deserialize_seq(self),
            Check::Text | Check::Actor | Check::Timestamp => d.deserialize_str(self),
        }
    }
}

impl<'de> Visitor<'de> for Value<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.ctx.path.expected_here())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        if !self.optional {
            return Err(E::custom(""));
        }
        self.ctx.canonical = false;
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        Value { optional: false, ..self }.deserialize(d)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<(), E> {
        if !matches!(self.check, Check::Id | Check::ChatId) {
            return Err(E::custom(""));
        }
        if n == 0 || n > MAX_SAFE_INTEGER {
            return Err(self
                .ctx
                .fail(format!("expected a positive safe integer (1 to {MAX_SAFE_INTEGER}), found {n}")));
        }
        if self.check == Check::ChatId && n != self.ctx.chat_id {
            let chat_id = self.ctx.chat_id;
            return Err(self.ctx.fail(format!("belongs to chat {n}, not to the requested chat {chat_id}")));
        }
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        Err(self.ctx.fail(format!("expected a positive safe integer (1 to {MAX_SAFE_INTEGER}), found {n}")))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        Err(self.ctx.fail(format!("expected a positive safe integer (1 to {MAX_SAFE_INTEGER}), found {n:e}")))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<(), E> {
        self.visit_str(s)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        match self.check {
            Check::Text => Ok(()),
            Check::Actor if matches!(s, "user" | "assistant" | "system") => Ok(()),
            Check::Actor => Err(self.ctx.fail("expected \"user\", \"assistant\" or \"system\"")),
            Check::Timestamp if is_rfc3339(s) => Ok(()),
            Check::Timestamp => {
                Err(self.ctx.fail("expected an RFC 3339 timestamp such as \"2024-03-20T10:00:00.000Z\""))
            }
            _ => Err(E::custom("")),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let mut index = 0;
        loop {
            ctx.path.push(Seg::Index(index));
            let next = seq.next_element_seed(Object { ctx: &mut *ctx, fields: &FILE_FIELDS })?;
            ctx.path.pop();
            match next {
                Some(()) => index += 1,
                None => return Ok(()),
            }
        }
    }
}
