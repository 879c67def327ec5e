//! The words of every validation problem, shared by both validators so that they describe a
//! problem identically (`tests/agreement.rs` compares them). No text echoes body content.

use super::schema::{Check, Field, MAX_SAFE_INTEGER};
use core::fmt::Display;

/// A required field is absent.
pub(crate) const MISSING: &str = "missing required field";
/// An unknown field repeats a key (JSON.parse would silently keep the last one).
pub(crate) const DUPLICATE_UNKNOWN: &str = "duplicate field (one the model does not have)";
/// An object inside an unknown field repeats a key.
pub(crate) const DUPLICATE_INSIDE_UNKNOWN: &str = "duplicate key inside a field the model does not have";
/// The body is empty (or only a byte-order mark).
pub(crate) const EMPTY: &str = "the body is empty";

/// A field of the model appears twice (perhaps once under its alias).
pub(crate) fn duplicate(field: &Field) -> String {
    match field.alias {
        Some(alias) => format!("duplicate field (`{}` and its alias `{alias}` count as one)", field.name),
        None => "duplicate field".to_owned(),
    }
}

/// An id that is not a positive safe integer; `found` is the number as read.
pub(crate) fn bad_id(found: impl Display) -> String {
    format!("expected a positive safe integer (1 to {MAX_SAFE_INTEGER}), found {found}")
}

/// Checks an id read as an integer: positive, safe, and the requested chat for [`Check::ChatId`].
pub(crate) fn check_id(n: u64, check: Check, chat_id: u64) -> Result<(), String> {
    if n == 0 || n > MAX_SAFE_INTEGER {
        return Err(bad_id(n));
    }
    if matches!(check, Check::ChatId) && n != chat_id {
        return Err(format!("belongs to chat {n}, not to the requested chat {chat_id}"));
    }
    Ok(())
}

/// The body is not UTF-8 from byte `at` on.
pub(crate) fn not_utf8(at: usize) -> String {
    format!("the body is not valid UTF-8 (at byte {at})")
}

/// The body ends inside a value, at `line` and `column` (`serde_json`'s counting).
pub(crate) fn truncated(line: usize, column: usize) -> String {
    format!("the body ends too early (truncated?) at line {line} column {column}")
}

/// A value of the wrong type, where the path calls for `expected`.
pub(crate) fn expected(expected: &str) -> String {
    format!("expected {expected}")
}
