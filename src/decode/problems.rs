//! The words of every validation problem, shared by both validators so that they describe a
//! problem identically (`tests/agreement.rs` compares them). No text echoes body content.

use super::schema::{Check, Field, MAX_SAFE_INTEGER};
use crate::error::{concat, decimal, push_decimal};

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
        Some(alias) => concat(&["duplicate field (`", field.name, "` and its alias `", alias, "` count as one)"]),
        None => "duplicate field".to_owned(),
    }
}

/// The start of [`bad_id`]'s text (the limit is [`MAX_SAFE_INTEGER`], which a test checks).
const BAD_ID: &str = "expected a positive safe integer (1 to 9007199254740991), found ";

/// An id that is not a positive safe integer; `found` is the number as read.
pub(crate) fn bad_id(found: &str) -> String {
    concat(&[BAD_ID, found])
}

/// Checks an id read as an integer: positive, safe, and the requested chat for [`Check::ChatId`].
pub(crate) fn check_id(n: u64, check: Check, chat_id: u64) -> Result<(), String> {
    if n == 0 || n > MAX_SAFE_INTEGER {
        return Err(concat(&[BAD_ID, decimal(n, &mut [0; 20])]));
    }
    if matches!(check, Check::ChatId) && n != chat_id {
        let mut problem = concat(&["belongs to chat ", decimal(n, &mut [0; 20]), ", not to the requested chat "]);
        push_decimal(&mut problem, chat_id);
        return Err(problem);
    }
    Ok(())
}

const NOT_UTF8: &str = "the body is not valid UTF-8 (at byte ";

/// Is `detail` a [`not_utf8`] problem?
pub(crate) fn is_not_utf8(detail: &str) -> bool {
    detail.starts_with(NOT_UTF8)
}

/// The body is not UTF-8 from byte `at` on.
pub(crate) fn not_utf8(at: usize) -> String {
    let mut problem = String::from(NOT_UTF8);
    push_decimal(&mut problem, at as u64);
    problem.push(')');
    problem
}

/// The body ends inside a value, at `line` and `column` (`serde_json`'s counting).
pub(crate) fn truncated(line: usize, column: usize) -> String {
    let mut problem = String::from("the body ends too early (truncated?) at line ");
    push_decimal(&mut problem, line as u64);
    problem.push_str(" column ");
    push_decimal(&mut problem, column as u64);
    problem
}

/// A value of the wrong type, where the path calls for `expected`.
pub(crate) fn expected(expected: &str) -> String {
    concat(&["expected ", expected])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_name_the_numbers() {
        assert_eq!(BAD_ID, format!("expected a positive safe integer (1 to {MAX_SAFE_INTEGER}), found "));
        assert_eq!(check_id(0, Check::Id, 1), Err(format!("{BAD_ID}0")));
        assert_eq!(check_id(MAX_SAFE_INTEGER + 1, Check::Id, 1), Err(format!("{BAD_ID}9007199254740992")));
        assert_eq!(bad_id("-1"), format!("{BAD_ID}-1"));
        assert_eq!(check_id(7, Check::ChatId, 42), Err("belongs to chat 7, not to the requested chat 42".into()));
        assert_eq!(check_id(42, Check::ChatId, 42), Ok(()));
        assert_eq!(not_utf8(12), "the body is not valid UTF-8 (at byte 12)");
        assert_eq!(truncated(3, 14), "the body ends too early (truncated?) at line 3 column 14");
        assert_eq!(expected("a string"), "expected a string");
    }
}
