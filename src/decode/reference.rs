//! The reference validator: the contract checked by walking the body with `serde_json` against the
//! schema ([`super::schema`]), one `Visitor` per kind of place. Slower than [`super::scan`]; kept as
//! the definition the fast scanner must agree with (`tests/agreement.rs`). It allocates only for
//! error texts and for the keys of unknown fields (to find repeated ones).

use super::path::{JsonPath, Seg};
use super::problems::{self, DUPLICATE_INSIDE_UNKNOWN, DUPLICATE_UNKNOWN, EMPTY, MISSING};
use super::schema::{Check, Field, Table, Validated, CHAT_MESSAGES, MESSAGE};
use crate::error::NeptunError;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeSet;
use std::fmt;

/// Validates a 200 body for the chat `chat_id` like [`super::validate`], with `serde_json`.
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

/// The body as text: UTF-8 required, a leading byte-order mark skipped (as `Response.json()` does).
pub fn body_text(body: &[u8]) -> Result<&str, NeptunError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    std::str::from_utf8(body)
        .map_err(|error| NeptunError::invalid_response("", problems::not_utf8(error.valid_up_to())))
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
        let detail = match (self.problem, error.classify()) {
            (Some(problem), _) => problem,
            (None, serde_json::error::Category::Eof) if error.line() == 1 && error.column() == 0 => EMPTY.to_owned(),
            (None, serde_json::error::Category::Eof) => problems::truncated(error.line(), error.column()),
            (None, serde_json::error::Category::Data) => problems::expected(self.path.expected_here()),
            (None, _) => format!("not valid JSON: {error}"),
        };
        NeptunError::invalid_response(self.path.text(), detail)
    }
}

// ---------------------------------------------------------------------------------------------
// Keys: a field of the table (and whether by its alias), or an unknown key.

enum Key {
    Known(usize, bool),
    Unknown(String),
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
        Ok(Key::Unknown(key.to_owned()))
    }
}

// ---------------------------------------------------------------------------------------------
// The walk.

/// `DeserializeSeed` for visitors that are their own seed: each asks for what it reads.
macro_rules! own_seed {
    ($($visitor:ident => $method:ident),* $(,)?) => {$(
        impl<'de> DeserializeSeed<'de> for $visitor<'_> {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.$method(self)
            }
        }
    )*};
}

own_seed!(
    Root => deserialize_map,
    Messages => deserialize_option,
    Object => deserialize_map,
    Unknown => deserialize_any,
);

/// `{"chatMessages": [...]}`.
struct Root<'c>(&'c mut Ctx);

impl<'de> Visitor<'de> for Root<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.0;
        let (mut seen, mut unknown) = (false, BTreeSet::new());
        while let Some(key) = map.next_key_seed(KeySeed(core::slice::from_ref(&CHAT_MESSAGES)))? {
            match key {
                Key::Known(..) => {
                    ctx.path.push(Seg::Key(&CHAT_MESSAGES));
                    if seen {
                        return Err(ctx.fail(problems::duplicate(&CHAT_MESSAGES)));
                    }
                    seen = true;
                    map.next_value_seed(Messages(ctx))?;
                    ctx.path.pop();
                }
                Key::Unknown(key) => {
                    ctx.canonical = false;
                    if !unknown.insert(key) {
                        return Err(ctx.fail(DUPLICATE_UNKNOWN));
                    }
                    map.next_value_seed(Unknown(ctx))?;
                }
            }
        }
        if !seen {
            ctx.path.push(Seg::Key(&CHAT_MESSAGES));
            return Err(ctx.fail(MISSING));
        }
        Ok(())
    }
}

/// The `chatMessages` value: an array of messages, or `null` (a server error).
struct Messages<'c>(&'c mut Ctx);

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
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let ctx = self.0;
        ctx.messages = objects(ctx, seq, &MESSAGE)?;
        Ok(())
    }
}

/// The objects of a list, each by `table`; returns how many.
fn objects<'de, A: SeqAccess<'de>>(ctx: &mut Ctx, mut seq: A, table: &'static Table) -> Result<usize, A::Error> {
    let mut index = 0;
    loop {
        ctx.path.push(Seg::Index(index));
        let next = seq.next_element_seed(Object { ctx: &mut *ctx, table })?;
        ctx.path.pop();
        match next {
            Some(()) => index += 1,
            None => return Ok(index),
        }
    }
}

/// A message or a file object, by its table.
struct Object<'c> {
    ctx: &'c mut Ctx,
    table: &'static Table,
}

impl<'de> Visitor<'de> for Object<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Object { ctx, table } = self;
        let (mut seen, mut unknown): (u32, _) = (0, BTreeSet::new());
        while let Some(key) = map.next_key_seed(KeySeed(table.fields))? {
            let (index, alias) = match key {
                Key::Known(index, alias) => (index, alias),
                Key::Unknown(key) => {
                    ctx.canonical = false;
                    if !unknown.insert(key) {
                        return Err(ctx.fail(DUPLICATE_UNKNOWN));
                    }
                    map.next_value_seed(Unknown(&mut *ctx))?;
                    continue;
                }
            };
            let Some(field) = table.fields.get(index) else { continue };
            ctx.path.push(Seg::Key(field));
            if seen & (1 << index) != 0 {
                return Err(ctx.fail(problems::duplicate(field)));
            }
            seen |= 1 << index;
            ctx.canonical &= !alias;
            map.next_value_seed(Value { ctx: &mut *ctx, check: field.check, optional: !field.required })?;
            ctx.path.pop();
        }
        if let Some(missing) = table.fields.iter().enumerate().find(|(i, f)| f.required && seen & (1 << i) == 0) {
            ctx.path.push(Seg::Key(missing.1));
            return Err(ctx.fail(MISSING));
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
            Check::List(_) => d.deserialize_seq(self),
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
        problems::check_id(n, self.check, self.ctx.chat_id).map_err(|problem| self.ctx.fail(problem))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        Err(self.ctx.fail(problems::bad_id(&n.to_string())))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        Err(self.ctx.fail(problems::bad_id(&format!("{n:e}"))))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<(), E> {
        self.visit_str(s)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        match self.check {
            Check::Text | Check::Actor | Check::Timestamp => {
                self.check.check_str(s.as_bytes()).map_err(|problem| self.ctx.fail(problem))
            }
            Check::Id | Check::ChatId | Check::List(_) => Err(E::custom("")),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        match self.check {
            Check::List(table) => objects(self.ctx, seq, table).map(drop),
            _ => Err(de::Error::custom("")),
        }
    }
}

/// The value of an unknown field: any JSON value as `serde_json::Value` reads one (so numbers must
/// be finite as an `f64`, strings well-formed, nesting within `serde_json`'s limit), and no object
/// in it may repeat a key.
struct Unknown<'c>(&'c mut Ctx);

impl<'de> Visitor<'de> for Unknown<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Unknown(&mut *self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key) {
                return Err(self.0.fail(DUPLICATE_INSIDE_UNKNOWN));
            }
            map.next_value_seed(Unknown(&mut *self.0))?;
        }
        Ok(())
    }
}
