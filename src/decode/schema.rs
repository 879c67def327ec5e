//! The contract's shape, once: every field of the model with its wire name, its accepted alias, how
//! its value is checked and whether it may be absent. Both validators (`super::scan` and
//! `super::reference`), the error paths (`super::path`) and the JavaScript normalizer
//! (`super::js`) read these tables; nothing else in the crate names a field. Adding a field to the
//! contract is one row here and one field in [`crate::model`] (a test below checks that the two
//! name the same fields); a new *kind* of value (a boolean, say) is also a new [`Check`] and its
//! reading in both validators.

use crate::time::is_rfc3339_bytes;

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// What a validator learned about a valid body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validated {
    /// How many messages the body holds.
    pub messages: usize,
    /// `true` when the body has exactly the model's fields under their output names (no unknown
    /// fields, no aliases, no `null` optional fields), so that `JSON.parse` of it is the output as is.
    pub canonical: bool,
}

/// How a field's value is checked.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// A positive safe integer.
    Id,
    /// An id that must be the requested chat's.
    ChatId,
    /// Any string.
    Text,
    /// One of [`ACTORS`].
    Actor,
    /// An RFC 3339 timestamp string.
    Timestamp,
    /// An array of objects of a table.
    List(&'static Table),
}

/// One field of an object.
pub(crate) struct Field {
    /// The name on the wire and in the output.
    pub name: &'static str,
    /// Another name accepted on input (the endpoint document's spelling), output as `name`.
    pub alias: Option<&'static str>,
    /// How the value is checked.
    pub check: Check,
    /// `false`: the field may be absent or `null` (both are output as absent).
    pub required: bool,
}

/// The fields of one kind of object, in the order the real server writes them.
pub(crate) struct Table {
    /// The fields (at most 32: `seen` sets are `u32` bit masks).
    pub fields: &'static [Field],
    /// What an element of a list of these objects must be, for error texts ("a file object").
    pub element: &'static str,
    /// What a list of these objects must be, for error texts.
    pub list: &'static str,
    /// One bit per required field (bit `i`: `fields[i]`).
    pub required: u32,
    /// How many arrays and objects of the schema enclose a value of one of these fields (for the
    /// nesting limit of unknown values: `serde_json` allows 127 in the whole body).
    pub depth: usize,
}

const fn field(name: &'static str, check: Check) -> Field {
    Field { name, alias: None, check, required: true }
}

const fn optional(name: &'static str, check: Check) -> Field {
    Field { name, alias: None, check, required: false }
}

const fn aliased(name: &'static str, alias: &'static str, check: Check) -> Field {
    Field { name, alias: Some(alias), check, required: true }
}

const fn table(fields: &'static [Field], depth: usize, element: &'static str, list: &'static str) -> Table {
    let (mut required, mut i) = (0, 0);
    while i < fields.len() {
        if fields[i].required {
            required |= 1 << i;
        }
        i += 1;
    }
    assert!(fields.len() <= 32, "a table has at most 32 fields");
    Table { fields, element, list, required, depth }
}

/// A message ([`crate::model::ChatMessage`]).
pub(crate) const MESSAGE: Table = table(
    &[
        field("id", Check::Id),
        aliased("message", "content", Check::Text),
        aliased("actor", "role", Check::Actor),
        field("created_at", Check::Timestamp),
        field("updated_at", Check::Timestamp),
        optional("neptun_user_id", Check::Id),
        field("chat_conversation_id", Check::ChatId),
        optional("files", Check::List(&FILE)),
    ],
    3, // root object, messages array, message object
    "a message object",
    "an array of messages",
);

/// A file attached to a message ([`crate::model::ChatFile`]).
pub(crate) const FILE: Table = table(
    &[
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
    ],
    5, // root object, messages array, message object, files array, file object
    "a file object",
    "an array of files (or null)",
);

/// The root's one field: the list of messages (`null` there is the server's database error).
pub(crate) const CHAT_MESSAGES: Field = field("chatMessages", Check::List(&MESSAGE));

/// What the whole body must be, for error texts.
pub(crate) const ROOT_EXPECTED: &str = "a JSON object with a `chatMessages` array";

/// The values of `actor` ([`crate::model::Actor`]).
pub(crate) const ACTORS: [&str; 3] = ["user", "assistant", "system"];

impl Check {
    /// What a value of this check must be, for error texts.
    pub(crate) fn expected(self) -> &'static str {
        match self {
            Check::Id | Check::ChatId => "a positive safe integer",
            Check::Text => "a string",
            Check::Actor => "\"user\", \"assistant\" or \"system\"",
            Check::Timestamp => "an RFC 3339 timestamp string",
            Check::List(table) => table.list,
        }
    }

    /// Is a string value (unescaped) valid for this check? `Err` holds the problem. (Only the
    /// string checks take strings; the others answer with what they expect.)
    pub(crate) fn check_str(self, value: &[u8]) -> Result<(), &'static str> {
        match self {
            Check::Text => Ok(()),
            Check::Actor if ACTORS.iter().any(|actor| actor.as_bytes() == value) => Ok(()),
            Check::Actor => Err("expected \"user\", \"assistant\" or \"system\""),
            Check::Timestamp if is_rfc3339_bytes(value) => Ok(()),
            Check::Timestamp => Err("expected an RFC 3339 timestamp such as \"2024-03-20T10:00:00.000Z\""),
            Check::Id | Check::ChatId | Check::List(_) => Err(self.expected()),
        }
    }
}

/// A table as JSON rows `[name, alias or null, required, nested rows or null]`, for the JavaScript
/// normalizer (`super::js`).
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) fn fields_json(table: &Table) -> String {
    let mut out = String::from("[");
    for (i, field) in table.fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("[\"");
        out.push_str(field.name);
        out.push_str("\",");
        match field.alias {
            Some(alias) => {
                out.push('"');
                out.push_str(alias);
                out.push_str("\",");
            }
            None => out.push_str("null,"),
        }
        out.push_str(if field.required { "true," } else { "false," });
        match field.check {
            Check::List(nested) => out.push_str(&fields_json(nested)),
            _ => out.push_str("null"),
        }
        out.push(']');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChatFile, ChatMessage};
    use serde::de::{Deserialize, Deserializer, Error, Visitor};

    /// The field names serde's derive gives a struct (its `deserialize_struct` call), without data.
    fn serde_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
        struct Names<'a>(&'a mut &'static [&'static str]);
        impl<'de> Deserializer<'de> for Names<'_> {
            type Error = serde::de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(Self::Error::custom("not a struct"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                *self.0 = fields;
                Err(Self::Error::custom("names read"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
                unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
            }
        }
        let mut fields: &'static [&'static str] = &[];
        let _ = T::deserialize(Names(&mut fields));
        fields
    }

    /// The tables and `crate::model` name the same fields (and aliases) in the same order, so a
    /// field added to one and not the other fails here.
    #[test]
    fn the_tables_name_the_model_fields_in_order() {
        for (table, model) in [(&MESSAGE, serde_fields::<ChatMessage>()), (&FILE, serde_fields::<ChatFile>())] {
            let names: Vec<&str> = table.fields.iter().map(|field| field.name).collect();
            // serde lists a field's aliases next to its name.
            let model_names: Vec<&str> = model.iter().copied().filter(|name| names.contains(name)).collect();
            assert_eq!(names, model_names);
            let mut all: Vec<&str> =
                table.fields.iter().flat_map(|field| [Some(field.name), field.alias]).flatten().collect();
            let mut model_all = model.to_vec();
            all.sort_unstable();
            model_all.sort_unstable();
            assert_eq!(all, model_all);
        }
    }

    #[test]
    fn the_javascript_rows_are_json_of_the_tables() {
        let rows: serde_json::Value = serde_json::from_str(&fields_json(&MESSAGE)).unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), MESSAGE.fields.len());
        let row = |name: &str| rows.iter().find(|row| row[0] == name).unwrap();
        assert_eq!(row("message"), &serde_json::json!(["message", "content", true, null]));
        assert_eq!(row("neptun_user_id"), &serde_json::json!(["neptun_user_id", null, false, null]));
        let files = row("files");
        assert_eq!((&files[1], &files[2]), (&serde_json::Value::Null, &serde_json::json!(false)));
        assert_eq!(files[3].as_array().unwrap().len(), FILE.fields.len());
    }
}
