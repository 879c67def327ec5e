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
    let essence = content_type.as_bytes().split(|&b| b == b';').next().unwrap_or_default();
    essence.trim_ascii().eq_ignore_ascii_case(b"application/json")
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
    let [status_message, message, data_message, issue_message] =
        found.map(|value| value.filter(|s| !s.trim().is_empty()).map(|s| bounded(&s)));
    Envelope { status_message, server_message: data_message.or(message).or(issue_message) }
}

/// The strings an envelope may hold, as found (the last occurrence of each key wins), at these
/// indexes: `statusMessage`, `message`, `data.message`, `data.issues[0].message`.
type Found = [Option<String>; 4];
const STATUS_MESSAGE: usize = 0;
const MESSAGE: usize = 1;
const DATA_MESSAGE: usize = 2;
const ISSUE_MESSAGE: usize = 3;

/// Where a value sits in an envelope, as far as the reader cares.
#[derive(Clone, Copy)]
enum Spot {
    Root,
    /// `data`
    Data,
    /// `data.issues`
    Issues,
    /// `data.issues[0]`
    FirstIssue,
    /// Anywhere else: skipped.
    Other,
}

/// Walks the envelope, recording the strings of [`Found`]; any syntax error fails the whole body.
fn read_envelope(cur: &mut Cursor, found: &mut Found) -> Result<(), JsonError> {
    let is_object = cur.peek_token() == Some(b'{');
    read_value(cur, Spot::Root, 0, found)?;
    match cur.peek_token() {
        None if is_object => Ok(()),
        None => Err(cur.error("not an object")),
        Some(_) => Err(cur.error("trailing characters")),
    }
}

/// Reads the value the cursor is at, at `spot`, inside `depth` arrays and objects.
fn read_value(cur: &mut Cursor, spot: Spot, depth: usize, found: &mut Found) -> Result<(), JsonError> {
    let mut first = true;
    match (spot, cur.expect_token()?) {
        (Spot::Root | Spot::Data | Spot::FirstIssue, b'{') => {
            cur.pos += 1;
            while cur.next_member(&mut first)? {
                let key = cur.string()?;
                let mut name = Vec::new();
                unescape(cur.raw(&key), |piece| name.extend_from_slice(piece));
                cur.colon()?;
                let (inner, string) = match (spot, name.as_slice()) {
                    (Spot::Root, b"statusMessage") => (Spot::Other, Some(STATUS_MESSAGE)),
                    (Spot::Root, b"message") => (Spot::Other, Some(MESSAGE)),
                    (Spot::Root, b"data") => {
                        (found[DATA_MESSAGE], found[ISSUE_MESSAGE]) = (None, None);
                        (Spot::Data, None)
                    }
                    (Spot::Data, b"message") => (Spot::Other, Some(DATA_MESSAGE)),
                    (Spot::Data, b"issues") => {
                        found[ISSUE_MESSAGE] = None;
                        (Spot::Issues, None)
                    }
                    (Spot::FirstIssue, b"message") => (Spot::Other, Some(ISSUE_MESSAGE)),
                    _ => (Spot::Other, None),
                };
                match string {
                    Some(index) => found[index] = string_or_skip(cur, depth + 1)?,
                    None => read_value(cur, inner, depth + 1, found)?,
                }
            }
        }
        (Spot::Issues, b'[') => {
            cur.pos += 1;
            let mut inner = Spot::FirstIssue;
            while cur.next_element(&mut first)? {
                read_value(cur, inner, depth + 1, found)?;
                inner = Spot::Other;
            }
        }
        _ => cur.skip_value(MAX_NESTING - depth, false)?,
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
    fn the_messages_are_a_2xx_with_the_json_media_type() {
        for json in ["application/json", "application/json; charset=utf-8", " Application/JSON\t;charset=UTF-8"] {
            assert!(streams_body(200, Some(json)), "{json}");
            assert!(streams_body(299, Some(json)), "{json}");
            assert!(!streams_body(199, Some(json)) && !streams_body(300, Some(json)) && !streams_body(404, Some(json)));
        }
        for other in ["", "text/json", "application/jsonx", "application/json-seq", "application/json\u{a0}", "json"] {
            assert!(!streams_body(200, Some(other)), "{other}");
        }
        assert!(!streams_body(200, None));
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
