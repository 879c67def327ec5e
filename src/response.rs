//! What came back: HTTP status and body → the validated body or a [`NeptunError`]. Pure.

use crate::decode::{validate, Validated};
use crate::error::{bounded, concat, ErrorKind, NeptunError};
use crate::json::{unescape, Cursor, JsonError, MAX_NESTING};
use crate::retry::parse_retry_after;

/// Error bodies larger than this are not parsed for an envelope.
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// A finished HTTP exchange, as read by the transport.
#[derive(Debug, Clone, Copy)]
pub struct HttpResponse<'a> {
    /// The status code.
    pub status: u16,
    /// The reason phrase (empty over HTTP/2).
    pub status_text: &'a str,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The `Retry-After` header.
    pub retry_after: Option<&'a str>,
    /// The whole body.
    pub body: &'a [u8],
}

/// Interprets a response to a messages request for `chat_id`; `now_ms` dates `Retry-After`.
pub fn interpret(response: &HttpResponse, chat_id: u64, now_ms: f64) -> Result<Validated, NeptunError> {
    if !streams_body(response.status, response.content_type) {
        return Err(error_response(response, now_ms));
    }
    validate(response.body, chat_id).map_err(|error| NeptunError { status: Some(response.status), ..error })
}

/// Is this the head of a response whose body is the messages (a 2xx JSON one), to validate as it
/// arrives? For any other, [`error_response`] gives the error from the head and at most
/// [`MAX_ERROR_BODY`] bytes of the body.
pub fn streams_body(status: u16, content_type: Option<&str>) -> bool {
    (200..300).contains(&status) && is_json_media_type(content_type.unwrap_or(""))
}

/// The error for a response whose body is not the messages (see [`streams_body`]): a non-2xx status
/// with what its error envelope says, or a 2xx of another content type.
pub fn error_response(response: &HttpResponse, now_ms: f64) -> NeptunError {
    if !(200..300).contains(&response.status) {
        return http_error(response, now_ms);
    }
    NeptunError {
        status: Some(response.status),
        ..NeptunError::invalid_response(
            "",
            concat(&[
                "expected Content-Type application/json, got \"",
                &bounded(response.content_type.unwrap_or("")),
                "\"",
            ]),
        )
    }
}

/// Is the media type `application/json` (parameters such as `charset` allowed)?
fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// The error for a non-2xx response, with what its envelope says.
fn http_error(response: &HttpResponse, now_ms: f64) -> NeptunError {
    let (kind, detail) = match response.status {
        400 => (ErrorKind::BadRequest, "the server rejected the request (ids must be positive integers)"),
        401 => (
            ErrorKind::Unauthorized,
            "the session is missing, invalid or expired, or the chat does not exist or is not the signed-in user's",
        ),
        403 => (ErrorKind::Forbidden, "the server refused access to this chat"),
        404 => (ErrorKind::NotFound, "the chat or user was not found"),
        429 => (ErrorKind::RateLimited, "too many requests: the server asks to slow down"),
        500..=599 => (ErrorKind::Server, "the server failed to answer"),
        _ => (ErrorKind::Http, "unexpected HTTP status"),
    };
    let envelope = parse_envelope(response.body);
    let reason = (!response.status_text.is_empty()).then(|| response.status_text.to_owned());
    NeptunError {
        status: Some(response.status),
        status_message: envelope.status_message.or(reason),
        server_message: envelope.server_message,
        retry_after_ms: response.retry_after.and_then(|value| parse_retry_after(value, now_ms)),
        ..NeptunError::new(kind, detail)
    }
}

/// What an error body says, when it is a JSON error envelope.
#[derive(Debug, Default, PartialEq)]
struct Envelope {
    status_message: Option<String>,
    server_message: Option<String>,
}

/// Reads an h3/Nitro error envelope (`statusMessage`, `message`, `data.message`, `data.issues`);
/// any of them may be missing and the body may not be JSON at all.
///
/// The rules are those of `serde_json::Value` (which this replaced, to keep `serde_json` out of the
/// wasm build): the whole body must be strict JSON (UTF-8, no escaped lone surrogates, at most 127
/// nested arrays and objects) with an object at the root, or nothing is read; when a key repeats, the
/// last one counts; a value of another type than string counts as missing.
fn parse_envelope(body: &[u8]) -> Envelope {
    if body.len() > MAX_ERROR_BODY || core::str::from_utf8(body).is_err() {
        return Envelope::default();
    }
    let mut found = Found::default();
    if read_envelope(&mut Cursor::new(body), &mut found).is_err() {
        return Envelope::default();
    }
    let text = |value: Option<String>| value.filter(|s| !s.trim().is_empty()).map(|s| bounded(&s));
    Envelope {
        status_message: text(found.status_message),
        server_message: text(found.data_message).or_else(|| text(found.message)).or_else(|| text(found.issue_message)),
    }
}

/// The strings an envelope may hold, as found (last occurrence of each key wins).
#[derive(Default)]
struct Found {
    status_message: Option<String>,
    message: Option<String>,
    data_message: Option<String>,
    issue_message: Option<String>,
}

/// Walks the envelope, recording the strings of [`Found`]; any syntax error fails the whole body.
fn read_envelope(cur: &mut Cursor, found: &mut Found) -> Result<(), JsonError> {
    let is_object = cur.peek_token() == Some(b'{');
    if is_object {
        members(cur, &mut |cur, key| {
            match key.as_slice() {
                b"statusMessage" => found.status_message = string_or_skip(cur, 1)?,
                b"message" => found.message = string_or_skip(cur, 1)?,
                b"data" => {
                    (found.data_message, found.issue_message) = (None, None);
                    if cur.expect_token()? != b'{' {
                        return cur.skip_value(MAX_NESTING - 1, false);
                    }
                    members(cur, &mut |cur, key| {
                        match key.as_slice() {
                            b"message" => found.data_message = string_or_skip(cur, 2)?,
                            b"issues" => {
                                found.issue_message = None;
                                if cur.expect_token()? != b'[' {
                                    return cur.skip_value(MAX_NESTING - 2, false);
                                }
                                first_issue(cur, &mut found.issue_message)?;
                            }
                            _ => cur.skip_value(MAX_NESTING - 2, false)?,
                        }
                        Ok(())
                    })?;
                }
                _ => cur.skip_value(MAX_NESTING - 1, false)?,
            }
            Ok(())
        })?;
    } else {
        cur.skip_value(MAX_NESTING, false)?;
    }
    match cur.peek_token() {
        None if is_object => Ok(()),
        None => Err(cur.error("not an object")),
        Some(_) => Err(cur.error("trailing characters")),
    }
}

/// `data.issues` (the cursor is on its `[`): the `message` of the first element when it is an object.
fn first_issue(cur: &mut Cursor, message: &mut Option<String>) -> Result<(), JsonError> {
    cur.pos += 1;
    let (mut first, mut index) = (true, 0);
    while cur.next_element(&mut first)? {
        if index == 0 && cur.peek_token() == Some(b'{') {
            members(cur, &mut |cur, key| {
                if key == b"message" {
                    *message = string_or_skip(cur, 4)?;
                    Ok(())
                } else {
                    cur.skip_value(MAX_NESTING - 4, false)
                }
            })?;
        } else {
            cur.skip_value(MAX_NESTING - 3, false)?;
        }
        index += 1;
    }
    Ok(())
}

/// Reads a member's value (the cursor is after its colon), given its key.
type ReadValue<'a> = dyn FnMut(&mut Cursor, Vec<u8>) -> Result<(), JsonError> + 'a;

/// The members of an object (the cursor is on its `{`): `value` reads each value, given its key. A
/// `dyn` reader: one copy of this loop in the wasm for the three kinds of object an envelope has.
fn members(cur: &mut Cursor, value: &mut ReadValue) -> Result<(), JsonError> {
    cur.pos += 1;
    let mut first = true;
    while cur.next_member(&mut first)? {
        let key = cur.string()?;
        let mut name = Vec::new();
        unescape(cur.raw(&key), |piece| name.extend_from_slice(piece));
        cur.colon()?;
        value(cur, name)?;
    }
    Ok(())
}

/// A value that counts when it is a string (returned unescaped); any other value is skipped.
/// `depth`: how many arrays and objects enclose it.
fn string_or_skip(cur: &mut Cursor, depth: usize) -> Result<Option<String>, JsonError> {
    if cur.expect_token()? != b'"' {
        cur.skip_value(MAX_NESTING - depth, false)?;
        return Ok(None);
    }
    cur.pos += 1;
    let s = cur.string()?;
    let mut text = Vec::new();
    unescape(cur.raw(&s), |piece| text.extend_from_slice(piece));
    // The cursor checked the string as UTF-8 and unescaping keeps it so (surrogates pair up: strict).
    Ok(String::from_utf8(text).ok())
}

// Status → kind, envelopes, content types and `Retry-After` are tested through `interpret` in
// `tests/contract.rs`; here only the envelope reader against the `serde_json::Value` reader it replaced.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    /// The `serde_json::Value` reader that `parse_envelope` replaced: the definition it must match.
    fn reference_envelope(body: &[u8]) -> Envelope {
        use serde_json::Value;
        if body.len() > MAX_ERROR_BODY {
            return Envelope::default();
        }
        let Ok(Value::Object(envelope)) = serde_json::from_slice::<Value>(body) else {
            return Envelope::default();
        };
        let text = |value: Option<&Value>| value.and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(bounded);
        let data = envelope.get("data");
        let first_issue = data.and_then(|d| d.get("issues")).and_then(|issues| issues.get(0));
        Envelope {
            status_message: text(envelope.get("statusMessage")),
            server_message: text(data.and_then(|d| d.get("message")))
                .or_else(|| text(envelope.get("message")))
                .or_else(|| text(first_issue.and_then(|issue| issue.get("message")))),
        }
    }

    #[test]
    fn envelope_reader_agrees_with_serde_json_value() {
        let deep = |n: usize| format!(r#"{{"message":"m","x":{}1{}}}"#, "[".repeat(n), "]".repeat(n));
        let mut bodies: Vec<Vec<u8>> = [
            r#"{"error":true,"statusCode":401,"statusMessage":"Server Error","message":"Unauthorized"}"#,
            r#"{"statusCode":400,"statusMessage":"Bad Request.","stack":[],"data":{"issues":[{"code":"x","message":"Expected number, received nan","path":["chat_id"]}],"name":"ZodError"}}"#,
            r#"{"statusCode":404,"statusMessage":"Not Found","data":{"message":"Chat not found"}}"#,
            r#"{"data":{"message":"a"},"data":5,"message":"m"}"#,
            r#"{"data":{"issues":[{"message":"first"}],"issues":{"0":{"message":"x"}}}}"#,
            r#"{"data":{"issues":[1,{"message":"second"}]}}"#,
            r#"{"data":{"issues":[{"message":5},{"message":"second"}]}}"#,
            r#"{"data":{"issues":[{"message":"a","message":"b"}]}}"#,
            r#"{"message":"a","message":"b","statusMessage":"s","statusMessage":null}"#,
            r#"{"message":"\u00e9t\u00e9 \ud83d\ude00 \n"}"#,
            r#"{"message":"\ud800"}"#,
            r#"{"message":"ok","other":"\ud800"}"#,
            r#"{"message":"ok","\ud800":1}"#,
            r#"{"message":"  "}"#,
            r#"{"mess\u0061ge":"escaped key"}"#,
            r#"{"message":"ok"} x"#,
            r#"{"message":"ok",}"#,
            r#"["message"]"#,
            "\u{feff}{\"message\":\"bom\"}",
            "{\"message\":\"tab\there\"}",
            "",
            "null",
            "<html>",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        for n in [1, 124, 125, 126, 127, 128, 500] {
            bodies.push(deep(n).into_bytes());
            let issue =
                format!(r#"{{"data":{{"issues":[{{"message":"i","x":{}1{}}}]}}}}"#, "[".repeat(n), "]".repeat(n));
            bodies.push(issue.into_bytes());
            let second = format!(r#"{{"data":{{"issues":[{{"message":"i"}},{}1{}]}}}}"#, "[".repeat(n), "]".repeat(n));
            bodies.push(second.into_bytes());
        }
        bodies.push(format!(r#"{{"message":"{}"}}"#, "é".repeat(400)).into_bytes());
        bodies.push(format!(r#"{{"message":"{}"}}"#, "a".repeat(MAX_ERROR_BODY)).into_bytes());
        bodies.push(b"{\"message\":\"\xff\"}".to_vec());
        // Mutations of the real envelopes.
        let mut rng = Rng(0x1234_5678_9ABC_DEF0);
        const BYTES: &[u8] = b"\\\"{}[],:0-e un\x00\xc3\xa9\xffmd";
        for i in 0..3000 {
            let mut body = bodies[i % 3].clone();
            rng.mutate(&mut body, BYTES);
            bodies.push(body);
        }
        for body in &bodies {
            assert_eq!(parse_envelope(body), reference_envelope(body), "{}", String::from_utf8_lossy(body));
        }
    }
}
