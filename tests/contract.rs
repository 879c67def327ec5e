//! The contract (`docs/CONTRACT.md`: the 200 body and the errors) as native tests of the pure core:
//! `decode::{validate, decode, body_text}` and `response::interpret`. Bodies come from the files in
//! `tests/fixtures/` or are built here field by field, so that every rule has a test that fails
//! without it. Run: `cargo test --test contract`.

use neptun_client::decode::{body_text, decode, validate, Validated, MAX_SAFE_INTEGER};
use neptun_client::response::{interpret, HttpResponse};
use neptun_client::time::is_rfc3339;
use neptun_client::{Actor, ErrorKind, GetChatMessagesResponse, NeptunError};
use serde_json::{json, Value};

mod common;
use common::{lossy, wrap, Rng};

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers.

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The chat of `messages.json`, `with-files.json` and the built bodies.
const CHAT: u64 = 42;
/// The chat of the endpoint document's example.
const DOC_CHAT: u64 = 123;

/// The contract's model fields, in the real server's column order, with good values.
const MESSAGE: [(&str, &str); 7] = [
    ("id", "1"),
    ("message", r#""Hello""#),
    ("actor", r#""user""#),
    ("created_at", r#""2024-03-20T10:00:00.000Z""#),
    ("updated_at", r#""2024-03-20T10:00:00.000Z""#),
    ("neptun_user_id", "7"),
    ("chat_conversation_id", "42"),
];

const FILE: [(&str, &str); 10] = [
    ("id", "11"),
    ("title", r#""main.py""#),
    ("text", r#""print('Hello')""#),
    ("language", r#""python""#),
    ("extension", r#""py""#),
    ("neptun_user_id", "7"),
    ("chat_conversation_id", "42"),
    ("chat_conversation_message_id", "1"),
    ("created_at", r#""2024-03-20T10:00:00.000Z""#),
    ("updated_at", r#""2024-03-20T10:00:00.000Z""#),
];

const REQUIRED_MESSAGE_FIELDS: [&str; 6] =
    ["id", "message", "actor", "created_at", "updated_at", "chat_conversation_id"];

/// A JSON object from `base` with `edits` applied in order: `(key, Some(raw))` replaces the value
/// in place or appends the key; `(key, None)` removes it. Raw values are JSON text.
fn object(base: &[(&str, &str)], edits: &[(&str, Option<&str>)]) -> String {
    let mut fields: Vec<(String, String)> = base.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    for (key, value) in edits {
        match (fields.iter().position(|(k, _)| k == key), value) {
            (Some(i), Some(v)) => fields[i].1 = v.to_string(),
            (Some(i), None) => {
                fields.remove(i);
            }
            (None, Some(v)) => fields.push((key.to_string(), v.to_string())),
            (None, None) => {}
        }
    }
    let inner: Vec<String> = fields.iter().map(|(k, v)| format!("{}:{v}", Value::from(k.as_str()))).collect();
    format!("{{{}}}", inner.join(","))
}

fn message(edits: &[(&str, Option<&str>)]) -> String {
    object(&MESSAGE, edits)
}

fn file(edits: &[(&str, Option<&str>)]) -> String {
    object(&FILE, edits)
}

/// `{"chatMessages":[...]}` from message objects.
fn body(messages: &[String]) -> Vec<u8> {
    wrap(&messages.join(","))
}

/// A message with id `id` (so that several messages differ).
fn message_n(id: u64) -> String {
    message(&[("id", Some(&id.to_string()))])
}

/// Accepts `body` and checks everything the bindings rely on: `decode` agrees with `validate`, the
/// model re-serializes to a canonical body that decodes to the same model, and a canonical body
/// parses (as `JSON.parse` would) to exactly the output.
#[track_caller]
fn accepted(body: &[u8], chat: u64) -> (Validated, GetChatMessagesResponse) {
    let validated = validate(body, chat).unwrap_or_else(|e| panic!("rejected: {e}\nbody: {}", lossy(body, 600)));
    let model = decode(body, chat)
        .unwrap_or_else(|e| panic!("validate accepted but decode rejected: {e}\nbody: {}", lossy(body, 600)));
    assert_eq!(validated.messages, model.chat_messages.len());
    assert_agreement(body, chat, validated, &model);
    (validated, model)
}

/// The agreement properties of an accepted body (shared with the stress test).
#[track_caller]
fn assert_agreement(body: &[u8], chat: u64, validated: Validated, model: &GetChatMessagesResponse) {
    let output = serde_json::to_value(model).expect("the model serializes");
    let again = serde_json::to_vec(model).unwrap();
    let revalidated = validate(&again, chat)
        .unwrap_or_else(|e| panic!("re-serialized output rejected: {e}\nbody: {}", lossy(body, 600)));
    assert!(revalidated.canonical, "the output is not canonical: {}", lossy(&again, 600));
    assert_eq!(revalidated.messages, validated.messages);
    assert_eq!(&decode(&again, chat).unwrap(), model);
    if validated.canonical {
        let parsed: Value = serde_json::from_str(body_text(body).unwrap()).unwrap();
        assert_eq!(parsed, output, "canonical body whose plain parse differs from the output: {}", lossy(body, 600));
    }
}

/// Rejects `body` as `invalidResponse` at `path`; `decode` must fail the same way.
#[track_caller]
fn rejected(body: &[u8], chat: u64, path: &str) -> NeptunError {
    let error = match validate(body, chat) {
        Ok(v) => panic!("accepted ({v:?}) but expected a rejection at {path}: {}", lossy(body, 600)),
        Err(e) => e,
    };
    assert_eq!(error.kind, ErrorKind::InvalidResponse, "{error}\nbody: {}", lossy(body, 600));
    assert_eq!(error.path.as_deref(), Some(path), "{error}\nbody: {}", lossy(body, 600));
    assert!(!error.is_retryable(), "{error}");
    assert_eq!(decode(body, chat).unwrap_err(), error, "decode disagrees");
    error
}

/// Rejects `body` as `invalidResponse`, at whatever path.
#[track_caller]
fn rejected_anywhere(body: &[u8], chat: u64) -> NeptunError {
    let error = match validate(body, chat) {
        Ok(v) => panic!("accepted ({v:?}) but expected a rejection: {}", lossy(body, 600)),
        Err(e) => e,
    };
    assert_eq!(error.kind, ErrorKind::InvalidResponse, "{error}\nbody: {}", lossy(body, 600));
    assert!(error.path.is_some(), "{error}");
    assert_eq!(decode(body, chat).unwrap_err(), error, "decode disagrees");
    error
}

fn http<'a>(status: u16, status_text: &'a str, content_type: Option<&'a str>, body: &'a [u8]) -> HttpResponse<'a> {
    HttpResponse { status, status_text, content_type, retry_after: None, body }
}

/// 2024-03-20T10:00:00Z in milliseconds since the epoch.
const NOW_MS: f64 = 1_710_928_800_000.0;

// ---------------------------------------------------------------------------------------------
// 200 OK: the real server's body.

/// Accepts the fixture `name` as a canonical body of `messages` messages whose model serializes to
/// exactly the body's JSON: every row, every field, every value, in the body's order.
#[track_caller]
fn round_trip(name: &str, messages: usize) -> GetChatMessagesResponse {
    let body = fixture(name);
    let (validated, model) = accepted(&body, CHAT);
    assert_eq!(validated, Validated { messages, canonical: true });
    let input: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(serde_json::to_value(&model).unwrap(), input, "{name}");
    model
}

#[test]
fn real_server_body_round_trips_field_for_field_in_order() {
    let model = round_trip("messages.json", 4);
    let ids: Vec<u64> = model.chat_messages.iter().map(|m| m.id).collect();
    assert_eq!(ids, [101, 102, 104, 103]);

    // Escapes are decoded: \n \" \\ \/ \t \r \u00e9, the surrogate pair \ud83d\ude00, control \u0001.
    let m = &model.chat_messages[1];
    assert_eq!(m.actor, Actor::Assistant);
    assert!(m.message.starts_with("Sure! Use `BufReader`:\n\n```rust\n"));
    assert!(m.message.contains(r#"File::open("in.txt")?;"#));
    assert!(m.message.contains("Café 😀 — a backslash \\ and a Windows path C:\\\\tmp\\\\in.txt\n"));
    assert!(m.message.ends_with("tab:\there, slash: /, control: \u{1}\r\n"));
    assert_eq!(m.created_at, "2024-03-20T10:00:03.512Z");
    assert_eq!(m.neptun_user_id, Some(7));
    assert_eq!(m.chat_conversation_id, CHAT);
    assert_eq!(m.files, None);
    // Raw UTF-8 survives as is.
    assert!(model.chat_messages[2].message.starts_with("日本語のテキスト 🦀 Ünïcödé;"));
    assert!(model.chat_messages[0].message.contains("möchte"));
}

#[test]
fn real_server_body_is_in_updated_at_order() {
    let model = decode(&fixture("messages.json"), CHAT).unwrap();
    let updated: Vec<&str> = model.chat_messages.iter().map(|m| m.updated_at.as_str()).collect();
    let mut sorted = updated.clone();
    sorted.sort();
    assert_eq!(updated, sorted, "the fixture should look like the server's ORDER BY updated_at");
}

#[test]
fn order_is_never_changed() {
    // Neither by updated_at, nor by created_at, nor by id.
    let rows = [
        (3, "2024-03-20T10:00:09.000Z"),
        (1, "2024-03-20T10:00:01.000Z"),
        (5, "2024-03-20T10:00:05.000Z"),
        (2, "2024-03-19T10:00:00.000Z"),
        (4, "2024-03-20T10:00:01.000Z"),
    ];
    let messages: Vec<String> = rows
        .iter()
        .map(|(id, at)| {
            let at = format!("\"{at}\"");
            message(&[("id", Some(&id.to_string())), ("created_at", Some(&at)), ("updated_at", Some(&at))])
        })
        .collect();
    let (_, model) = accepted(&body(&messages), CHAT);
    let ids: Vec<u64> = model.chat_messages.iter().map(|m| m.id).collect();
    assert_eq!(ids, [3, 1, 5, 2, 4]);
}

#[test]
fn empty_chat_is_an_empty_list() {
    let (validated, model) = accepted(&fixture("empty-chat.json"), CHAT);
    assert_eq!(validated, Validated { messages: 0, canonical: true });
    assert!(model.chat_messages.is_empty());
    assert_eq!(serde_json::to_value(&model).unwrap(), json!({"chatMessages": []}));
}

#[test]
fn files_are_validated_and_kept() {
    let model = round_trip("with-files.json", 2);
    let files = model.chat_messages[0].files.as_ref().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].title, "main.py");
    assert_eq!(files[0].text, "def main():\n    print(\"Hello, wörld\")\n\nmain()\n");
    assert_eq!(files[1].updated_at, "2024-04-02T08:15:01.250Z");
    assert_eq!(files[1].chat_conversation_message_id, 201);
    // `files: []` stays an empty list (and is canonical: JSON.parse gives the same).
    assert_eq!(model.chat_messages[1].files.as_deref(), Some(&[][..]));
}

#[test]
fn optional_fields_may_be_absent() {
    let (validated, model) = accepted(&body(&[message(&[("neptun_user_id", None)])]), CHAT);
    assert!(validated.canonical, "absent optional fields keep the body canonical");
    let m = &model.chat_messages[0];
    assert_eq!((m.neptun_user_id, &m.files), (None, &None));
    let output = serde_json::to_value(&model).unwrap();
    let keys: Vec<&String> = output["chatMessages"][0].as_object().unwrap().keys().collect();
    assert!(!keys.iter().any(|k| *k == "neptun_user_id" || *k == "files"), "{keys:?}");
}

// ---------------------------------------------------------------------------------------------
// canonical: exactly the model's fields under their output names.

#[test]
fn canonical_only_for_the_exact_model_shape() {
    for (name, chat) in [("messages.json", CHAT), ("with-files.json", CHAT), ("empty-chat.json", CHAT)] {
        assert!(validate(&fixture(name), chat).unwrap().canonical, "{name}");
    }
    // Whitespace and key order do not matter to JSON.parse.
    let reordered = br#" { "chatMessages" : [ { "chat_conversation_id" : 42 , "updated_at" : "2024-03-20T10:00:00.000Z", "created_at":"2024-03-20T10:00:00.000Z","actor":"user","message":"m","id":1 } ] } "#;
    assert!(accepted(reordered, CHAT).0.canonical);
    assert!(accepted(&body(&[message(&[("files", Some("[]"))])]), CHAT).0.canonical);

    let with_file = |edits: &[(&str, Option<&str>)]| {
        let files = format!("[{}]", file(edits));
        body(&[message(&[("files", Some(&files))])])
    };
    assert!(accepted(&with_file(&[]), CHAT).0.canonical);
    let not_canonical: Vec<(&str, Vec<u8>)> = vec![
        ("role alias", body(&[message(&[("actor", None), ("role", Some(r#""user""#))])])),
        ("content alias", body(&[message(&[("message", None), ("content", Some(r#""x""#))])])),
        ("unknown root field", br#"{"chatMessages":[],"total":0}"#.to_vec()),
        ("unknown message field", body(&[message(&[("model", Some(r#""qwen""#))])])),
        ("unknown file field", with_file(&[("file_extension", Some(r#""py""#))])),
        ("files: null", body(&[message(&[("files", Some("null"))])])),
        ("neptun_user_id: null", body(&[message(&[("neptun_user_id", Some("null"))])])),
        ("document example, completed", fixture("document-example-complete.json")),
    ];
    for (what, body) in not_canonical {
        let chat = if what.starts_with("document") { DOC_CHAT } else { CHAT };
        let (validated, _) = accepted(&body, chat);
        assert!(!validated.canonical, "{what} must not be canonical");
    }
}

// ---------------------------------------------------------------------------------------------
// The document's role/content spelling and its example.

#[test]
fn role_and_content_are_accepted_and_output_as_actor_and_message() {
    let input = body(&[
        message(&[
            ("actor", None),
            ("message", None),
            ("role", Some(r#""assistant""#)),
            ("content", Some(r#""Hi there""#)),
        ]),
        message(&[("actor", None), ("role", Some(r#""system""#))]),
        message(&[("message", None), ("content", Some(r#""only content""#))]),
    ]);
    let (_, model) = accepted(&input, CHAT);
    assert_eq!(model.chat_messages[0].actor, Actor::Assistant);
    assert_eq!(model.chat_messages[0].message, "Hi there");
    assert_eq!(model.chat_messages[1].actor, Actor::System);
    assert_eq!(model.chat_messages[2].message, "only content");
    let output = serde_json::to_value(&model).unwrap();
    for m in output["chatMessages"].as_array().unwrap() {
        let m = m.as_object().unwrap();
        assert!(m.contains_key("actor") && m.contains_key("message"), "{m:?}");
        assert!(!m.contains_key("role") && !m.contains_key("content"), "{m:?}");
    }
    // An alias with a bad value is reported under the model's name.
    rejected(&body(&[message(&[("actor", None), ("role", Some(r#""bot""#))])]), CHAT, "chatMessages[0].actor");
    rejected(&body(&[message(&[("message", None), ("content", Some("1"))])]), CHAT, "chatMessages[0].message");
}

#[test]
fn the_literal_document_example_is_rejected_at_its_first_problem() {
    let example = fixture("document-example.json");
    // The files entry (which ends first) lacks neptun_user_id, before the message's missing updated_at.
    let error = rejected(&example, DOC_CHAT, "chatMessages[0].files[0].neptun_user_id");
    assert!(error.detail.contains("missing"), "{error}");
    assert_eq!(error.message(), "invalidResponse: chatMessages[0].files[0].neptun_user_id: missing required field");
    // Asked for another chat, its chat_conversation_id (the second field) is the first problem.
    rejected(&example, CHAT, "chatMessages[0].chat_conversation_id");
    // With a complete files entry, the message's own missing field is next.
    let text = String::from_utf8(example).unwrap();
    let no_files = text.replace(
        r#"{
"id": 1,
"title": "example.py",
"text": "print('Hello')",
"language": "python",
"extension": "py"
}"#,
        "",
    );
    assert_ne!(no_files, text, "the fixture must be the document's example verbatim");
    rejected(no_files.as_bytes(), DOC_CHAT, "chatMessages[0].updated_at");
}

#[test]
fn the_completed_document_example_is_accepted() {
    let (validated, model) = accepted(&fixture("document-example-complete.json"), DOC_CHAT);
    assert_eq!(validated.messages, 1);
    let output = serde_json::to_value(&model).unwrap();
    assert_eq!(
        output,
        json!({"chatMessages": [{
            "id": 1,
            "message": "Hello, how can I help you?",
            "actor": "user",
            "created_at": "2024-03-20T10:00:00Z",
            "updated_at": "2024-03-20T10:00:00Z",
            "chat_conversation_id": 123,
            "files": [{
                "id": 1,
                "title": "example.py",
                "text": "print('Hello')",
                "language": "python",
                "extension": "py",
                "neptun_user_id": 5,
                "chat_conversation_id": 123,
                "chat_conversation_message_id": 1,
                "created_at": "2024-03-20T10:00:00Z",
                "updated_at": "2024-03-20T10:00:00Z"
            }]
        }]})
    );
}

// ---------------------------------------------------------------------------------------------
// Required fields and types.

#[test]
fn every_required_message_field_is_required() {
    for field in REQUIRED_MESSAGE_FIELDS {
        let input = body(&[message_n(1), message_n(2), message(&[("id", Some("3")), (field, None)])]);
        let error = rejected(&input, CHAT, &format!("chatMessages[2].{field}"));
        assert_eq!(error.detail, "missing required field", "{field}");
    }
    // A message with none of its fields: the first required field in model order.
    rejected(br#"{"chatMessages":[{}]}"#, CHAT, "chatMessages[0].id");
    // Optional ones are not.
    accepted(&body(&[message(&[("neptun_user_id", None)])]), CHAT);
}

#[test]
fn every_file_field_is_required() {
    for (field, _) in FILE {
        let files = format!("[{},{}]", file(&[]), file(&[("id", Some("12")), (field, None)]));
        let input = body(&[message_n(1), message(&[("id", Some("2")), ("files", Some(&files))])]);
        let error = rejected(&input, CHAT, &format!("chatMessages[1].files[1].{field}"));
        assert_eq!(error.detail, "missing required field", "{field}");
    }
    rejected(&body(&[message(&[("files", Some("[{}]"))])]), CHAT, "chatMessages[0].files[0].id");
}

/// Wrong JSON types for a value of each kind.
const NOT_AN_ID: [&str; 9] = [r#""1""#, "true", "false", "null", "{}", "[]", "[1]", r#"{"id":1}"#, r#""TOPSECRET""#];
const NOT_A_STRING: [&str; 8] = ["1", "0", "true", "null", "{}", "[]", r#"["TOPSECRET"]"#, r#"{"TOPSECRET":"x"}"#];

fn wrong_values(field: &str) -> &'static [&'static str] {
    match field {
        "id" | "neptun_user_id" | "chat_conversation_id" | "chat_conversation_message_id" => &NOT_AN_ID,
        _ => &NOT_A_STRING,
    }
}

#[test]
fn wrong_types_of_message_fields_are_rejected_with_their_path() {
    for (field, _) in MESSAGE {
        for bad in wrong_values(field) {
            if field == "neptun_user_id" && *bad == "null" {
                continue; // optional: null is absent
            }
            let input = body(&[message_n(1), message(&[("id", Some("2")), (field, Some(bad))])]);
            let error = rejected(&input, CHAT, &format!("chatMessages[1].{field}"));
            assert!(error.detail.starts_with("expected "), "{field}={bad}: {error}");
        }
    }
    for bad in [r#""x""#, "1", "true", "{}", r#"{"0":{}}"#, r#""TOPSECRET""#] {
        rejected(&body(&[message(&[("files", Some(bad))])]), CHAT, "chatMessages[0].files");
    }
    for bad in ["1", "null", r#""x""#, "[]", "true"] {
        let files = format!("[{},{bad}]", file(&[]));
        rejected(&body(&[message(&[("files", Some(&files))])]), CHAT, "chatMessages[0].files[1]");
    }
}

#[test]
fn wrong_types_of_file_fields_are_rejected_with_their_path() {
    for (field, _) in FILE {
        for bad in wrong_values(field) {
            let files = format!("[{}]", file(&[(field, Some(bad))]));
            let input = body(&[message(&[("files", Some(&files))])]);
            let error = rejected(&input, CHAT, &format!("chatMessages[0].files[0].{field}"));
            assert!(error.detail.starts_with("expected "), "{field}={bad}: {error}");
        }
    }
}

#[test]
fn nulls_only_stand_for_absent_optional_fields() {
    let (_, model) = accepted(&body(&[message(&[("neptun_user_id", Some("null")), ("files", Some("null"))])]), CHAT);
    assert_eq!((model.chat_messages[0].neptun_user_id, &model.chat_messages[0].files), (None, &None));
    let output = serde_json::to_value(&model).unwrap();
    assert!(output["chatMessages"][0].get("neptun_user_id").is_none(), "null is output as absent");
    assert!(output["chatMessages"][0].get("files").is_none());
    for field in REQUIRED_MESSAGE_FIELDS {
        rejected(&body(&[message(&[(field, Some("null"))])]), CHAT, &format!("chatMessages[0].{field}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Ids.

/// A field of the first message, or of its first file, that a test puts a value into.
struct Place {
    /// The path after `chatMessages[0].`.
    path: &'static str,
    field: &'static str,
    in_file: bool,
}

impl Place {
    const fn message(field: &'static str) -> Self {
        Place { path: field, field, in_file: false }
    }

    const fn file(path: &'static str, field: &'static str) -> Self {
        Place { path, field, in_file: true }
    }

    /// A good body with the raw JSON `value` at this place.
    fn with(&self, value: &str) -> Vec<u8> {
        if self.in_file {
            let files = format!("[{}]", file(&[(self.field, Some(value))]));
            body(&[message(&[("files", Some(&files))])])
        } else {
            body(&[message(&[(self.field, Some(value))])])
        }
    }
}

/// Every place an id can be.
const ID_PLACES: [Place; 7] = [
    Place::message("id"),
    Place::message("neptun_user_id"),
    Place::message("chat_conversation_id"),
    Place::file("files[0].id", "id"),
    Place::file("files[0].neptun_user_id", "neptun_user_id"),
    Place::file("files[0].chat_conversation_id", "chat_conversation_id"),
    Place::file("files[0].chat_conversation_message_id", "chat_conversation_message_id"),
];

#[test]
fn ids_must_be_positive_safe_integers() {
    let bad = [
        "0",
        "-1",
        "-0",
        "1.5",
        "1.0",
        "1e3",
        "1E0",
        "4.2e1",
        "9007199254740992",
        "9007199254740993",
        "18446744073709551615",
        "18446744073709551616",
        "100000000000000000000000000000",
        "-9007199254740991",
        r#""1""#,
        r#""42""#,
        "null",
        "true",
    ];
    for at in &ID_PLACES {
        let place = at.path;
        for value in bad {
            if place == "neptun_user_id" && value == "null" {
                continue; // the message's neptun_user_id is optional
            }
            rejected(&at.with(value), CHAT, &format!("chatMessages[0].{place}"));
        }
    }
}

#[test]
fn the_largest_safe_integer_is_an_id() {
    assert_eq!(MAX_SAFE_INTEGER, 9_007_199_254_740_991);
    for at in &ID_PLACES {
        let place = at.path;
        if place.ends_with("chat_conversation_id") {
            continue;
        }
        let (_, model) = accepted(&at.with("9007199254740991"), CHAT);
        let output = serde_json::to_value(&model).unwrap();
        let mut value = &output["chatMessages"][0];
        for part in place.split('.') {
            value = match part.strip_suffix("[0]") {
                Some(key) => &value[key][0],
                None => &value[part],
            };
        }
        assert_eq!(value, &json!(9_007_199_254_740_991u64), "{place}");
    }
    // The chat id too, when that is the requested chat.
    let huge = MAX_SAFE_INTEGER.to_string();
    let files = format!("[{}]", file(&[("chat_conversation_id", Some(&huge))]));
    let input = body(&[message(&[("chat_conversation_id", Some(&huge)), ("files", Some(&files))])]);
    let (_, model) = accepted(&input, MAX_SAFE_INTEGER);
    assert_eq!(model.chat_messages[0].chat_conversation_id, MAX_SAFE_INTEGER);
    // And 1 is the smallest.
    accepted(&body(&[message(&[("id", Some("1")), ("neptun_user_id", Some("1"))])]), CHAT);
}

#[test]
fn messages_of_another_chat_are_rejected() {
    let input = body(&[message_n(1), message(&[("id", Some("2")), ("chat_conversation_id", Some("43"))])]);
    let error = rejected(&input, CHAT, "chatMessages[1].chat_conversation_id");
    assert!(error.detail.contains("43") && error.detail.contains("42"), "{error}");
    // The real server's body asked for as another chat.
    rejected(&fixture("messages.json"), 43, "chatMessages[0].chat_conversation_id");
    rejected(&fixture("messages.json"), 4200, "chatMessages[0].chat_conversation_id");
    // Inside files.
    let files = format!("[{},{}]", file(&[]), file(&[("id", Some("12")), ("chat_conversation_id", Some("7"))]));
    rejected(&body(&[message(&[("files", Some(&files))])]), CHAT, "chatMessages[0].files[1].chat_conversation_id");
    rejected(&fixture("with-files.json"), 41, "chatMessages[0].chat_conversation_id");
}

// ---------------------------------------------------------------------------------------------
// Actor and timestamps.

#[test]
fn actor_is_user_assistant_or_system() {
    for (value, actor) in [("user", Actor::User), ("assistant", Actor::Assistant), ("system", Actor::System)] {
        let (_, model) = accepted(&body(&[message(&[("actor", Some(&format!("\"{value}\"")))])]), CHAT);
        assert_eq!(model.chat_messages[0].actor, actor);
        assert_eq!(serde_json::to_value(&model).unwrap()["chatMessages"][0]["actor"], value);
    }
    // Escaped spelling of a good value is the same string.
    accepted(&body(&[message(&[("actor", Some(r#""\u0075ser""#))])]), CHAT);
    for bad in ["User", "USER", "bot", "", " user", "user ", "assistant\u{0}", "tool", "model", "TOPSECRET"] {
        let value = Value::from(bad).to_string();
        let error = rejected(&body(&[message(&[("actor", Some(&value))])]), CHAT, "chatMessages[0].actor");
        assert_eq!(error.detail, r#"expected "user", "assistant" or "system""#);
    }
}

/// Every place a timestamp can be.
const TIMESTAMP_PLACES: [Place; 4] = [
    Place::message("created_at"),
    Place::message("updated_at"),
    Place::file("files[0].created_at", "created_at"),
    Place::file("files[0].updated_at", "updated_at"),
];

#[test]
fn rfc3339_timestamps_are_accepted_and_kept_verbatim() {
    for good in [
        "2024-03-20T10:00:00.000Z",
        "2024-03-20T10:00:00Z",
        "2024-03-20T10:00:00.123456789Z",
        "2024-03-20T12:00:00+02:00",
        "2024-03-20T04:30:00.5-05:30",
        "2024-03-20t10:00:00z",
        "2024-02-29T23:59:59.999Z",
        "2016-12-31T23:59:60Z",
        "1970-01-01T00:00:00.000Z",
    ] {
        for at in &TIMESTAMP_PLACES {
            let place = at.path;
            let (_, model) = accepted(&at.with(&format!("\"{good}\"")), CHAT);
            let m = &model.chat_messages[0];
            let kept = match place {
                "created_at" => &m.created_at,
                "updated_at" => &m.updated_at,
                "files[0].created_at" => &m.files.as_ref().unwrap()[0].created_at,
                _ => &m.files.as_ref().unwrap()[0].updated_at,
            };
            assert_eq!(kept, good, "{place}");
        }
    }
}

#[test]
fn other_timestamps_are_rejected_with_their_path() {
    for bad in [
        "2024-03-20",
        "yesterday",
        "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-03-20T10:00:00",
        "2024-03-20T10:00:00.000",
        "2024-03-20T25:00:00Z",
        "2024-13-20T10:00:00Z",
        "2024-03-20T10:00:00.000+0200",
        "20240320T100000Z",
        "2024-03-20T10:00:00.000Z ",
        " 2024-03-20T10:00:00.000Z",
        "Wed, 20 Mar 2024 10:00:00 GMT",
        "Wed Mar 20 2024 10:00:00 GMT+0000",
        "1710928800000",
        "",
        "TOPSECRET",
    ] {
        for at in &TIMESTAMP_PLACES {
            let place = at.path;
            let value = Value::from(bad).to_string();
            let error = rejected(&at.with(&value), CHAT, &format!("chatMessages[0].{place}"));
            assert!(error.detail.contains("RFC 3339"), "{bad}: {error}");
        }
    }
    // A JSON number (epoch milliseconds) is the wrong type.
    rejected(&body(&[message(&[("created_at", Some("1710928800000"))])]), CHAT, "chatMessages[0].created_at");
}

// ---------------------------------------------------------------------------------------------
// Unknown fields.

#[test]
fn unknown_fields_are_ignored_at_every_level_and_absent_from_the_output() {
    let files = format!(
        "[{}]",
        file(&[
            ("file_extension", Some(r#""py""#)),
            ("actor", Some(r#""bot""#)),
            ("role", Some("1")),
            ("content", Some("{}")),
            ("files", Some("1")),
            ("neptun_user_file_id", Some("-1")),
        ])
    );
    let noisy = format!(
        r#"{{"version":2,"chatMessages":[{}],"meta":{{"a":[1,2.5,-3e9,{{"b":null}}],"s":"\ud83d\ude00 and é are fine in ignored strings"}},"chatMessagesCount":"x"}}"#,
        message(&[
            ("deleted_at", Some("null")),
            ("model", Some(r#""qwen/Qwen2.5-72B-Instruct""#)),
            ("title", Some("[]")),
            ("ID", Some(r#""x""#)),
            ("Actor", Some(r#""bot""#)),
            ("chatMessages", Some("null")),
            ("tokens", Some("18446744073709551616")),
            ("files", Some(&files)),
        ])
    );
    let (validated, model) = accepted(noisy.as_bytes(), CHAT);
    assert!(!validated.canonical);
    let clean_files = format!("[{}]", file(&[]));
    let clean = decode(&body(&[message(&[("files", Some(&clean_files))])]), CHAT).unwrap();
    assert_eq!(model, clean, "unknown fields must not change the model");

    let output = serde_json::to_value(&model).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&output), ["chatMessages"]);
    let mut message_keys = keys(&output["chatMessages"][0]);
    message_keys.sort();
    let mut expected: Vec<String> = MESSAGE.iter().map(|(k, _)| k.to_string()).collect();
    expected.push("files".into());
    expected.sort();
    assert_eq!(message_keys, expected);
    let mut file_keys = keys(&output["chatMessages"][0]["files"][0]);
    file_keys.sort();
    let mut expected: Vec<String> = FILE.iter().map(|(k, _)| k.to_string()).collect();
    expected.sort();
    assert_eq!(file_keys, expected);
}

// ---------------------------------------------------------------------------------------------
// The body's shape.

#[test]
fn null_messages_is_a_retryable_server_error() {
    for body in [
        fixture("null-messages.json"),
        br#" {"chatMessages" : null } "#.to_vec(),
        br#"{"other":1,"chatMessages":null}"#.to_vec(),
    ] {
        let error = validate(&body, CHAT).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Server, "{error}");
        assert!(error.is_retryable());
        assert_eq!(error.path, None);
        assert_eq!(decode(&body, CHAT).unwrap_err(), error);
    }
    let body = fixture("null-messages.json");
    let error = interpret(&http(200, "OK", Some("application/json"), &body), CHAT, NOW_MS).unwrap_err();
    assert_eq!((error.kind, error.status), (ErrorKind::Server, Some(200)));
    assert!(error.is_retryable());
    assert!(error.message().contains("chatMessages: null"), "{}", error.message());
}

#[test]
fn chat_messages_is_required() {
    for body in [
        &b"{}"[..],
        br#"{"chatmessages":[]}"#,
        br#"{"messages":[]}"#,
        br#"{"ChatMessages":[]}"#,
        br#"{"data":{"chatMessages":[]}}"#,
    ] {
        let error = rejected(body, CHAT, "chatMessages");
        assert_eq!(error.detail, "missing required field");
    }
}

#[test]
fn the_root_must_be_an_object_with_a_messages_array() {
    for root in [&b"[]"[..], b"null", b"1", br#""chatMessages""#, b"true", br#"[{"chatMessages":[]}]"#] {
        rejected(root, CHAT, "");
    }
    for value in ["{}", r#""[]""#, "1", "true", r#"{"0":{}}"#] {
        let error = rejected(format!(r#"{{"chatMessages":{value}}}"#).as_bytes(), CHAT, "chatMessages");
        assert_eq!(error.detail, "expected an array of messages");
    }
    for element in ["1", "null", r#""x""#, "[]", "true"] {
        let input = format!(r#"{{"chatMessages":[{},{element}]}}"#, message_n(1));
        rejected(input.as_bytes(), CHAT, "chatMessages[1]");
    }
}

#[test]
fn paths_count_messages_correctly_in_long_lists() {
    let mut messages: Vec<String> = (1..=1000).map(message_n).collect();
    messages[999] = message(&[("id", Some("1000")), ("actor", Some(r#""bot""#))]);
    rejected(&body(&messages), CHAT, "chatMessages[999].actor");
    messages[999] = message_n(1000);
    assert_eq!(accepted(&body(&messages), CHAT).0.messages, 1000);
}

#[test]
fn duplicate_fields_are_rejected() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (body(&[message(&[]).replacen('{', r#"{"id":1,"#, 1)]), "chatMessages[0].id"),
        (body(&[message(&[("role", Some(r#""user""#))])]), "chatMessages[0].actor"),
        (body(&[message(&[("role", Some(r#""assistant""#))])]), "chatMessages[0].actor"),
        (body(&[message(&[("content", Some(r#""x""#))])]), "chatMessages[0].message"),
        (body(&[message(&[]).replacen('{', r#"{"\u0069d":2,"#, 1)]), "chatMessages[0].id"),
        (body(&[message(&[]).replacen('{', r#"{"neptun_user_id":null,"#, 1)]), "chatMessages[0].neptun_user_id"),
        (body(&[message(&[("files", Some("[]"))]).replacen('{', r#"{"files":null,"#, 1)]), "chatMessages[0].files"),
        (br#"{"chatMessages":[],"chatMessages":[]}"#.to_vec(), "chatMessages"),
        (br#"{"chatMessages":null,"chatMessages":[]}"#.to_vec(), "chatMessages"),
        (br#"{"chatMessages":[],"chat\u004dessages":[]}"#.to_vec(), "chatMessages"),
        (
            body(&[message(&[("files", Some(&format!("[{}]", file(&[]).replacen('{', r#"{"title":"a","#, 1))))])]),
            "chatMessages[0].files[0].title",
        ),
    ];
    for (input, path) in cases {
        let error = rejected(&input, CHAT, path);
        assert!(error.detail.contains("duplicate"), "{error}");
    }
}

#[test]
fn escaped_lone_surrogates_in_model_strings_are_rejected() {
    for bad in [r#""\ud800""#, r#""\udc00""#, r#""a\ud83d""#, r#""\ud83dx""#, r#""\ude00\ud83d""#, r#""\ud83d\u0041""#]
    {
        rejected_anywhere(&body(&[message(&[("message", Some(bad))])]), CHAT);
        let files = format!("[{}]", file(&[("title", Some(bad))]));
        rejected_anywhere(&body(&[message(&[("files", Some(&files))])]), CHAT);
        rejected_anywhere(&body(&[message(&[("actor", Some(bad))])]), CHAT);
    }
    let (_, model) = accepted(&body(&[message(&[("message", Some(r#""\ud83d\ude00\uD83E\uDD80""#))])]), CHAT);
    assert_eq!(model.chat_messages[0].message, "😀🦀");
}

#[test]
fn invalid_utf8_is_rejected() {
    let good = fixture("messages.json");
    let at = good.windows(5).position(|w| w == b"Rust?").unwrap();
    for bad in
        [&[0xFFu8][..], &[0xC0, 0x80], &[0xED, 0xA0, 0x80], &[0xE6, 0x97], &[0xF8, 0x88, 0x80, 0x80, 0x80], &[0x80]]
    {
        let mut body = good.clone();
        body.splice(at..at, bad.iter().copied());
        let error = rejected(&body, CHAT, "");
        assert!(error.detail.contains("UTF-8"), "{error}");
        assert!(error.detail.contains(&format!("byte {at}")), "{error}");
    }
    // UTF-16 and Latin-1 bodies are not UTF-8.
    let utf16: Vec<u8> = "{\"chatMessages\":[]}".encode_utf16().flat_map(u16::to_le_bytes).collect();
    rejected_anywhere(&[&[0xFF, 0xFE][..], &utf16].concat(), CHAT);
    let latin1 = [&br#"{"chatMessages":[{"id":1,"message":"caf"#[..], b"\xE9", br#"""#].concat();
    rejected(&latin1, CHAT, "");
}

#[test]
fn a_leading_bom_is_skipped_and_only_there() {
    let good = fixture("messages.json");
    let with_bom = [&b"\xEF\xBB\xBF"[..], &good].concat();
    let (validated, model) = accepted(&with_bom, CHAT);
    assert!(validated.canonical);
    assert_eq!(model, decode(&good, CHAT).unwrap());
    assert_eq!(body_text(&with_bom).unwrap(), std::str::from_utf8(&good).unwrap());
    rejected_anywhere(&[&b"\xEF\xBB\xBF\xEF\xBB\xBF"[..], &good].concat(), CHAT);
    rejected_anywhere(&[&b" \xEF\xBB\xBF"[..], &good].concat(), CHAT);
    rejected_anywhere(&[&good[..], &b"\xEF\xBB\xBF"[..]].concat(), CHAT);
}

#[test]
fn trailing_garbage_is_rejected_and_trailing_whitespace_is_not() {
    let good = fixture("empty-chat.json");
    for tail in [&b"x"[..], b"{}", b",", b"]", b"}", b"\0", b"null", br#"{"chatMessages":[]}"#, b" 1", b"//"] {
        rejected_anywhere(&[&good[..], tail].concat(), CHAT);
    }
    accepted(&[&b" \t\r\n"[..], &good, b" \t\r\n"].concat(), CHAT);
    // JSON has no other whitespace.
    rejected_anywhere(&[&good[..], "\u{A0}".as_bytes()].concat(), CHAT);
    rejected_anywhere(&[&good[..], b"\x0C"].concat(), CHAT);
}

#[test]
fn syntax_that_json_parse_refuses_is_rejected() {
    for bad in [
        r#"{"chatMessages":[],}"#.to_string(),
        r#"{'chatMessages':[]}"#.to_string(),
        r#"{chatMessages:[]}"#.to_string(),
        format!(r#"{{"chatMessages":[{},]}}"#, message_n(1)),
        body_string(&[message(&[("id", Some("01"))])]),
        body_string(&[message(&[("id", Some("+1"))])]),
        body_string(&[message(&[("message", Some("\"tab\there\""))])]),
        body_string(&[message(&[("message", Some("\"new\nline\""))])]),
        body_string(&[message(&[("message", Some(r#""bad \x escape""#))])]),
        body_string(&[message(&[("message", Some(r#""\u12""#))])]),
        body_string(&[message(&[("message", Some("'single'"))])]),
        body_string(&[message(&[("neptun_user_id", Some("NaN"))])]),
        body_string(&[message(&[("neptun_user_id", Some("Infinity"))])]),
        r#"{"chatMessages":[]} // comment"#.to_string(),
    ] {
        rejected_anywhere(bad.as_bytes(), CHAT);
    }
}

fn body_string(messages: &[String]) -> String {
    String::from_utf8(body(messages)).unwrap()
}

#[test]
fn truncated_bodies_are_invalid_responses_never_panics() {
    for (name, chat) in
        [("messages.json", CHAT), ("with-files.json", CHAT), ("document-example-complete.json", DOC_CHAT)]
    {
        let good = fixture(name);
        let complete = good.trim_ascii_end().len();
        let mut too_early = 0;
        for cut in 0..complete {
            // Mostly "ends too early"; a cut inside a character is bad UTF-8, and a cut number
            // can be a wrong id or chat before the end is seen.
            let error = rejected_anywhere(&good[..cut], chat);
            too_early += usize::from(error.detail.starts_with("the body ends too early"));
        }
        assert!(too_early > complete * 3 / 4, "{name}: {too_early} of {complete}");
        let inside_a_string = good.windows(6).position(|w| w == b"\"2024-").unwrap() + 3;
        let error = rejected_anywhere(&good[..inside_a_string], chat);
        assert!(error.detail.starts_with("the body ends too early"), "{error}");
        accepted(&good[..complete], chat);
    }
}

#[test]
fn an_empty_body_says_so() {
    for body in [fixture("empty-body.txt"), b"\xEF\xBB\xBF".to_vec()] {
        assert!(body.len() <= 3);
        let error = rejected(&body, CHAT, "");
        assert_eq!(error.detail, "the body is empty");
        assert!(error.message().contains("the body is empty"), "{}", error.message());
    }
    let error =
        interpret(&http(200, "OK", Some("application/json"), &fixture("empty-body.txt")), CHAT, NOW_MS).unwrap_err();
    assert_eq!(
        (error.kind, error.status, error.detail.as_str()),
        (ErrorKind::InvalidResponse, Some(200), "the body is empty")
    );
    // Whitespace only is also no JSON.
    rejected_anywhere(b" \n", CHAT);
}

#[test]
fn whole_body_errors_have_a_clean_message() {
    let error = validate(b"", CHAT).unwrap_err();
    assert_eq!(error.message(), "invalidResponse: the body is empty");
    let error = validate(b"\xFF", CHAT).unwrap_err();
    assert!(!error.message().contains(": :"), "{}", error.message());
    let error = interpret(&http(200, "OK", Some("text/html"), b"<html>"), CHAT, NOW_MS).unwrap_err();
    assert!(!error.message().contains(": :"), "{}", error.message());
}

#[test]
fn deep_nesting_is_rejected_or_skipped_without_stack_overflow() {
    for depth in [10_000, 1_000_000] {
        let open = "[".repeat(depth);
        let close = "]".repeat(depth);
        // Unbalanced, inside an unknown field: not JSON.
        let unbalanced = body_string(&[message(&[("x", Some(&open))])]);
        rejected_anywhere(unbalanced.as_bytes(), CHAT);
        let unbalanced = format!(r#"{{"x":{open}"#);
        rejected_anywhere(unbalanced.as_bytes(), CHAT);
        // Balanced, inside an unknown field: valid JSON, but deeper than `serde_json::Value` reads.
        let balanced = body_string(&[message(&[("x", Some(&format!("{open}{close}")))])]);
        let error = rejected(balanced.as_bytes(), CHAT, "chatMessages[0]");
        assert!(error.detail.contains("recursion limit exceeded"), "{error}");
        let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
        rejected(format!(r#"{{"chatMessages":[],"deep":{objects}}}"#).as_bytes(), CHAT, "");
        // Where the model expects something else, it is rejected at once.
        rejected(
            body_string(&[message(&[("message", Some(&format!("{open}{close}")))])]).as_bytes(),
            CHAT,
            "chatMessages[0].message",
        );
        rejected(format!(r#"{{"chatMessages":{open}{close}}}"#).as_bytes(), CHAT, "chatMessages[0]");
        rejected(format!("{open}{close}").as_bytes(), CHAT, "");
        // In an error body.
        let html = format!(r#"{{"statusCode":502,"data":{open}{close}}}"#);
        let error =
            interpret(&http(502, "Bad Gateway", Some("application/json"), html.as_bytes()), CHAT, NOW_MS).unwrap_err();
        assert_eq!((error.kind, error.status), (ErrorKind::Server, Some(502)));
    }
}

#[test]
fn a_five_megabyte_message_is_accepted() {
    let unit = "Grüße, 世界! 🦀 `code` \\n ";
    let text: String = unit.repeat(5 * 1024 * 1024 / unit.len() + 1);
    assert!(text.len() >= 5 * 1024 * 1024);
    let value = Value::from(text.as_str()).to_string();
    let input = body(&[message_n(1), message(&[("id", Some("2")), ("message", Some(&value))])]);
    let (validated, model) = accepted(&input, CHAT);
    assert!(validated.canonical);
    assert_eq!(model.chat_messages[1].message, text);
}

// ---------------------------------------------------------------------------------------------
// Deliberate rules where a lenient reader (or JSON.parse) would differ.

/// Ids are JSON integers: a fraction or an exponent is rejected even when the value is whole.
#[test]
fn ids_with_a_fraction_or_exponent_are_rejected_even_when_whole() {
    for (value, found) in [("7.0", "7e0"), ("1e3", "1e3"), ("7E0", "7e0"), ("70e-1", "7e0"), ("4.20e1", "4.2e1")] {
        for at in &ID_PLACES {
            let place = at.path;
            let error = rejected(&at.with(value), CHAT, &format!("chatMessages[0].{place}"));
            assert_eq!(
                error.detail,
                format!("expected a positive safe integer (1 to 9007199254740991), found {found}")
            );
        }
    }
}

/// No object anywhere repeats a key: not a field of the model, not an unknown field, not a key
/// inside an unknown field's value (`JSON.parse` would silently keep the last one). An escaped
/// spelling of a key is the same key.
#[test]
fn duplicate_keys_are_rejected_anywhere_even_in_unknown_fields() {
    let unknown = "duplicate field (one the model does not have)";
    let inside = "duplicate key inside a field the model does not have";
    let files_with = |extra: &str| format!("[{}]", file(&[]).replacen('{', &format!("{{{extra},"), 1));
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (br#"{"meta":1,"chatMessages":[],"meta":2}"#.to_vec(), "", unknown),
        (br#"{"meta":1,"chatMessages":[],"\u006deta":2}"#.to_vec(), "", unknown),
        (br#"{"meta":{"a":1,"a":1},"chatMessages":[]}"#.to_vec(), "", inside),
        (br#"{"meta":[{"a":[{"b":1,"c":{},"b":2}]}],"chatMessages":[]}"#.to_vec(), "", inside),
        (body(&[message(&[("x", Some("1"))]).replacen('{', r#"{"x":2,"#, 1)]), "chatMessages[0]", unknown),
        (body(&[message(&[("x", Some(r#"{"k":1,"\u006b":2}"#))])]), "chatMessages[0]", inside),
        (body(&[message(&[("files", Some(&files_with(r#""x":1,"x":1"#)))])]), "chatMessages[0].files[0]", unknown),
        (
            body(&[message(&[("files", Some(&files_with(r#""x":{"y":[],"y":[]}"#)))])]),
            "chatMessages[0].files[0]",
            inside,
        ),
    ];
    for (input, path, detail) in cases {
        let error = rejected(&input, CHAT, path);
        assert_eq!(error.detail, detail, "{}", lossy(&input, 300));
    }
    // The same key in different objects is no repetition.
    let (validated, _) = accepted(
        &body(&[message(&[("x", Some(r#"[{"a":1},{"a":1,"b":{"a":1}}]"#)), ("y", Some(r#"{"x":1}"#))])]),
        CHAT,
    );
    assert!(!validated.canonical);
}

/// Every string is well-formed Unicode: an escaped lone surrogate is rejected in unknown fields and
/// keys too, although they are dropped (one rule for the whole body, as `serde_json` reads it).
#[test]
fn lone_surrogates_are_rejected_in_unknown_fields_too() {
    for (input, path) in [
        (br#"{"meta":"\ud800","chatMessages":[]}"#.to_vec(), ""),
        (br#"{"\udc00":1,"chatMessages":[]}"#.to_vec(), ""),
        (br#"{"meta":{"\ud83d":[]},"chatMessages":[]}"#.to_vec(), ""),
        (body(&[message(&[("x", Some(r#"["a\ude00b"]"#))])]), "chatMessages[0]"),
    ] {
        let error = rejected(&input, CHAT, path);
        assert!(error.detail.starts_with("not valid JSON"), "{error}");
        assert!(error.detail.contains("surrogate") || error.detail.contains("hex escape"), "{error}");
    }
    accepted(br#"{"meta":"\ud83d\ude00","\ud83e\udd80":1,"chatMessages":[]}"#, CHAT);
}

/// Unknown fields are held to what `serde_json::Value` reads: numbers within the `f64` range and at
/// most 127 nested arrays and objects in the whole body (three of them enclose a message's fields).
#[test]
fn unknown_values_must_be_finite_numbers_and_nested_at_most_127_deep() {
    for ok in ["1e308", "-1.7976931348623157e308", "1e-400", "0e999999999999", "18446744073709551616"] {
        accepted(&body(&[message(&[("x", Some(ok))])]), CHAT);
    }
    for bad in ["1e309", "-1.8e308", "1e999999999999"] {
        let error = rejected(&body(&[message(&[("x", Some(bad))])]), CHAT, "chatMessages[0]");
        assert!(error.detail.contains("number out of range"), "{error}");
    }
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    accepted(&body(&[message(&[("x", Some(&nested(124)))])]), CHAT);
    rejected(&body(&[message(&[("x", Some(&nested(125)))])]), CHAT, "chatMessages[0]");
    accepted(format!(r#"{{"x":{},"chatMessages":[]}}"#, nested(126)).as_bytes(), CHAT);
    rejected(format!(r#"{{"x":{},"chatMessages":[]}}"#, nested(127)).as_bytes(), CHAT, "");
}

/// Timestamps separate date and time with `T` (or `t`); the space that a note of RFC 3339 §5.6
/// allows for readability is rejected (the real server always writes `T`).
#[test]
fn timestamps_with_a_space_instead_of_t_are_rejected() {
    for bad in ["2024-03-20 10:00:00.000Z", "2024-03-20 10:00:00Z", "2024-03-20 12:00:00+02:00"] {
        for at in &TIMESTAMP_PLACES {
            let error = rejected(&at.with(&format!("\"{bad}\"")), CHAT, &format!("chatMessages[0].{}", at.path));
            assert!(error.detail.contains("RFC 3339"), "{error}");
        }
    }
    accepted(&TIMESTAMP_PLACES[0].with("\"2024-03-20t10:00:00.000Z\""), CHAT);
}

// ---------------------------------------------------------------------------------------------
// Error details never echo the body.

#[test]
fn error_messages_do_not_echo_body_content() {
    let secret = r#""TOPSECRET""#;
    let files_with = |field: &str, value: &str| format!("[{}]", file(&[(field, Some(value))]));
    let mut bodies: Vec<Vec<u8>> = vec![
        br#""TOPSECRET""#.to_vec(),
        br#"["TOPSECRET"]"#.to_vec(),
        br#"{"chatMessages":"TOPSECRET"}"#.to_vec(),
        br#"{"chatMessages":{"TOPSECRET":1}}"#.to_vec(),
        br#"{"chatMessages":["TOPSECRET"]}"#.to_vec(),
        br#"{"chatMessages":[],"TOPSECRET":TOPSECRET}"#.to_vec(),
        br#"{"chatMessages":[],"TOPSECRET"}"#.to_vec(),
        br#"{"chatMessages":[] TOPSECRET"#.to_vec(),
        br#"{"TOPSECRET":"TOPSECRET"#.to_vec(),
        body(&[message(&[("message", Some("\"TOPSECRET \\q\""))])]),
        body(&[message(&[("message", Some("\"TOPSECRET \u{1} control\""))])]),
        body(&[message(&[("message", Some("\"TOPSECRET \\ud800\""))])]),
        body(&[message(&[("TOPSECRET", Some("\"TOPSECRET\\q\""))])]),
        body(&[message(&[("message", Some("\"TOPSECRET\""))]).replace("}", ",TOPSECRET}")]),
        body(
            &[message(&[("message", Some("\"TOPSECRET\""))]).replace("\"actor\":\"user\"", "\"actor\":\"TOPSECRET\"")],
        ),
        body(&[message(&[("files", Some(secret))])]),
        body(&[message(&[("files", Some(&format!("[{secret}]")))])]),
        body(&[message(&[("files", Some(&files_with("id", secret)))])]),
        body(&[message(&[("files", Some(&files_with("created_at", secret)))])]),
        body(&[message(&[("files", Some(&files_with("title", r#"{"TOPSECRET":1}"#)))])]),
        body(&[message(&[("message", Some("\"TOPSECRET\""))]).replacen('{', r#"{"message":"TOPSECRET","#, 1)]),
    ];
    for (field, _) in MESSAGE {
        if field != "message" {
            bodies.push(body(&[message(&[(field, Some(secret))])]));
        }
        bodies.push(body(&[message(&[(field, Some(r#"["TOPSECRET"]"#))])]));
        bodies.push(body(&[message(&[(field, Some(r#"{"TOPSECRET":"TOPSECRET"}"#))])]));
    }
    for input in bodies {
        let error = rejected_anywhere(&input, CHAT);
        for text in [error.message(), error.detail.clone(), error.path.clone().unwrap_or_default()] {
            assert!(!text.contains("TOPSECRET"), "echoed: {text}\nbody: {}", lossy(&input, 600));
        }
    }
    // An HTML error page is not echoed either.
    let html = fixture("bad-gateway-502.html");
    let error = interpret(&http(502, "Bad Gateway", Some("text/html"), &html), CHAT, NOW_MS).unwrap_err();
    assert!(!error.message().contains("TOPSECRET") && !error.message().contains('<'), "{}", error.message());
    // Nor an HTML page sent with status 200.
    let error = interpret(&http(200, "OK", Some("text/html; charset=utf-8"), &html), CHAT, NOW_MS).unwrap_err();
    assert!(!error.message().contains("TOPSECRET") && !error.message().contains('<'), "{}", error.message());
}

// ---------------------------------------------------------------------------------------------
// Errors: status → kind, the envelopes of the real stack.

/// The real stack's error envelopes (fixtures) as `(status, reason phrase)` responses: the error's
/// kind, status, `statusMessage`, `serverMessage` and retryability.
#[test]
fn error_envelopes_of_the_real_stack() {
    type Expected = (ErrorKind, Option<&'static str>, Option<&'static str>, bool);
    let cases: [(&str, u16, &str, Expected); 5] = [
        // The body's statusMessage wins over the reason phrase, even when it says "Server Error".
        (
            "error-nitro-401.json",
            401,
            "Unauthorized",
            (ErrorKind::Unauthorized, Some("Server Error"), Some("Unauthorized"), false),
        ),
        ("error-h3-401.json", 401, "", (ErrorKind::Unauthorized, Some("Unauthorized."), None, false)),
        (
            "error-h3-400-zod.json",
            400,
            "Bad Request",
            (ErrorKind::BadRequest, Some("Bad Request."), Some("Expected number, received nan"), false),
        ),
        (
            "error-document-404.json",
            404,
            "Not Found",
            (ErrorKind::NotFound, Some("Not Found"), Some("Chat not found"), false),
        ),
        (
            "error-nitro-500.json",
            500,
            "Internal Server Error",
            (ErrorKind::Server, Some("Server Error"), Some("Server Error"), true),
        ),
    ];
    for (name, status, reason, (kind, status_message, server_message, retryable)) in cases {
        let body = fixture(name);
        let error = interpret(&http(status, reason, Some("application/json"), &body), CHAT, NOW_MS).unwrap_err();
        assert_eq!((error.kind, error.status), (kind, Some(status)), "{name}");
        assert_eq!(error.status_message.as_deref(), status_message, "{name}");
        assert_eq!(error.server_message.as_deref(), server_message, "{name}");
        assert_eq!(error.path, None, "{name}");
        assert_eq!(error.is_retryable(), retryable, "{name}");
        let message = error.message();
        match status {
            401 if reason == "Unauthorized" => {
                assert!(message.starts_with("unauthorized (HTTP 401 Server Error): "), "{message}");
            }
            404 => assert_eq!(
                message,
                "notFound (HTTP 404 Not Found): the chat or user was not found (server said: \"Chat not found\")"
            ),
            _ => {}
        }
    }
}

#[test]
fn html_and_empty_error_bodies_keep_the_status() {
    let html = fixture("bad-gateway-502.html");
    let empty = fixture("empty-body.txt");
    for (status, text, body, retryable) in [
        (502, "Bad Gateway", &html, true),
        (503, "Service Unavailable", &empty, true),
        (504, "", &empty, true),
        (500, "", &html, true),
        (501, "Not Implemented", &empty, false),
        (401, "Unauthorized", &html, false),
        (404, "", &empty, false),
    ] {
        for content_type in [Some("text/html"), Some("application/json"), Some("text/plain"), None] {
            let error = interpret(&http(status, text, content_type, body), CHAT, NOW_MS).unwrap_err();
            assert_eq!(error.status, Some(status));
            let kind = match status {
                401 => ErrorKind::Unauthorized,
                404 => ErrorKind::NotFound,
                _ => ErrorKind::Server,
            };
            assert_eq!(error.kind, kind);
            assert_eq!(error.status_message.as_deref(), (!text.is_empty()).then_some(text));
            assert_eq!(error.server_message, None);
            assert_eq!(error.is_retryable(), retryable, "{status}");
            assert!(error.message().contains(&format!("HTTP {status}")), "{}", error.message());
        }
    }
}

#[test]
fn error_bodies_that_are_not_envelopes_never_hide_the_status() {
    let long = format!(r#"{{"statusMessage":"{}"}}"#, "x".repeat(100 * 1024));
    for body in [
        &b"\xFF\xFE garbage"[..],
        b"upstream request timeout",
        b"[1,2,3]",
        b"null",
        b"\"Unauthorized\"",
        br#"{"statusCode":"#,
        br#"{"statusMessage":5,"message":["x"],"data":"y"}"#,
        br#"{"statusMessage":"   ","message":""}"#,
        long.as_bytes(),
    ] {
        let error =
            interpret(&http(503, "Service Unavailable", Some("application/json"), body), CHAT, NOW_MS).unwrap_err();
        assert_eq!((error.kind, error.status), (ErrorKind::Server, Some(503)), "{}", lossy(body, 600));
        assert_eq!(error.status_message.as_deref(), Some("Service Unavailable"));
        assert_eq!(error.server_message, None, "{}", lossy(body, 600));
    }
}

#[test]
fn the_http_status_wins_over_the_envelope_status_code() {
    let body = br#"{"statusCode":401,"statusMessage":"Unauthorized","message":"nope"}"#;
    let error = interpret(&http(500, "", Some("application/json"), body), CHAT, NOW_MS).unwrap_err();
    assert_eq!((error.kind, error.status), (ErrorKind::Server, Some(500)));
    let body = br#"{"statusCode":200,"chatMessages":[]}"#;
    let error = interpret(&http(401, "", Some("application/json"), body), CHAT, NOW_MS).unwrap_err();
    assert_eq!((error.kind, error.status), (ErrorKind::Unauthorized, Some(401)));
    // An error status with a good messages body is still an error.
    let good = fixture("messages.json");
    let error = interpret(&http(404, "", Some("application/json"), &good), CHAT, NOW_MS).unwrap_err();
    assert_eq!(error.kind, ErrorKind::NotFound);
}

#[test]
fn status_codes_map_to_kinds_and_retryability() {
    for (status, kind, retryable) in [
        (400, ErrorKind::BadRequest, false),
        (401, ErrorKind::Unauthorized, false),
        (403, ErrorKind::Forbidden, false),
        (404, ErrorKind::NotFound, false),
        (405, ErrorKind::Http, false),
        (408, ErrorKind::Http, true),
        (409, ErrorKind::Http, false),
        (410, ErrorKind::Http, false),
        (413, ErrorKind::Http, false),
        (429, ErrorKind::RateLimited, true),
        (500, ErrorKind::Server, true),
        (501, ErrorKind::Server, false),
        (502, ErrorKind::Server, true),
        (503, ErrorKind::Server, true),
        (504, ErrorKind::Server, true),
        (505, ErrorKind::Server, false),
        (599, ErrorKind::Server, false),
        (301, ErrorKind::Http, false),
        (304, ErrorKind::Http, false),
        (100, ErrorKind::Http, false),
        (600, ErrorKind::Http, false),
    ] {
        let error = interpret(&http(status, "", Some("application/json"), b"{}"), CHAT, NOW_MS).unwrap_err();
        assert_eq!((error.kind, error.status), (kind, Some(status)));
        assert_eq!(error.is_retryable(), retryable, "{status}");
    }
}

#[test]
fn rate_limits_carry_retry_after() {
    let mut limited = http(429, "Too Many Requests", Some("text/plain"), b"Too Many Requests");
    for (header, expected) in [
        (Some("120"), Some(120_000.0)),
        (Some(" 0 "), Some(0.0)),
        (Some("Wed, 20 Mar 2024 10:00:30 GMT"), Some(30_000.0)),
        (Some("Wed, 20 Mar 2024 09:59:00 GMT"), Some(0.0)),
        (Some("Wednesday, 20-Mar-24 10:00:30 GMT"), Some(30_000.0)),
        (Some("Wed Mar 20 10:00:30 2024"), Some(30_000.0)),
        (Some("soon"), None),
        (Some("-1"), None),
        (Some("1.5"), None),
        (Some(""), None),
        (None, None),
    ] {
        limited.retry_after = header;
        let error = interpret(&limited, CHAT, NOW_MS).unwrap_err();
        assert_eq!((error.kind, error.status), (ErrorKind::RateLimited, Some(429)));
        assert_eq!(error.retry_after_ms, expected, "{header:?}");
        assert!(error.is_retryable());
        assert_eq!(error.status_message.as_deref(), Some("Too Many Requests"));
    }
    // Retry-After on a 503 too.
    let mut busy = http(503, "", None, b"");
    busy.retry_after = Some("5");
    assert_eq!(interpret(&busy, CHAT, NOW_MS).unwrap_err().retry_after_ms, Some(5000.0));
}

#[test]
fn server_text_is_bounded() {
    let long = format!(r#"{{"statusCode":500,"message":"{}"}}"#, "é".repeat(5000));
    let error = interpret(&http(500, "", Some("application/json"), long.as_bytes()), CHAT, NOW_MS).unwrap_err();
    let server = error.server_message.unwrap();
    assert!(server.chars().count() <= 301, "{}", server.chars().count());
    assert!(server.ends_with('…'));
}

// ---------------------------------------------------------------------------------------------
// 2xx: content type and body.

#[test]
fn success_bodies_must_be_json() {
    let good = fixture("messages.json");
    for content_type in ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON;charset=UTF-8"] {
        let validated = interpret(&http(200, "OK", Some(content_type), &good), CHAT, NOW_MS).unwrap();
        assert_eq!(validated, Validated { messages: 4, canonical: true });
    }
    let html = fixture("bad-gateway-502.html");
    for (content_type, body) in [
        (Some("text/html"), &html),
        (Some("text/html; charset=utf-8"), &good),
        (Some("text/plain"), &good),
        (Some("application/javascript"), &good),
        (Some("application/jsonp"), &good),
        (Some(""), &good),
        (None, &good),
    ] {
        let error = interpret(&http(200, "OK", content_type, body), CHAT, NOW_MS).unwrap_err();
        assert_eq!((error.kind, error.status), (ErrorKind::InvalidResponse, Some(200)), "{content_type:?}");
        assert_eq!(error.path.as_deref(), Some(""));
        assert!(!error.is_retryable());
    }
}

#[test]
fn invalid_success_bodies_carry_status_and_path() {
    let doc = fixture("document-example.json");
    let error = interpret(&http(200, "OK", Some("application/json"), &doc), DOC_CHAT, NOW_MS).unwrap_err();
    assert_eq!((error.kind, error.status), (ErrorKind::InvalidResponse, Some(200)));
    assert_eq!(error.path.as_deref(), Some("chatMessages[0].files[0].neptun_user_id"));
    assert!(!error.is_retryable());
    let complete = fixture("document-example-complete.json");
    let validated = interpret(&http(200, "", Some("application/json"), &complete), DOC_CHAT, NOW_MS).unwrap();
    assert_eq!(validated, Validated { messages: 1, canonical: false });
    // Any 2xx is a success.
    let empty = fixture("empty-chat.json");
    assert!(interpret(&http(203, "", Some("application/json"), &empty), CHAT, NOW_MS).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Stress: mutated bodies never panic, and what is accepted is consistent.

fn mutate(rng: &mut Rng, mut body: Vec<u8>) -> Vec<u8> {
    const INSERTS: &[u8] = b"{}[]\",:\\0123456789";
    for _ in 0..1 + rng.below(3) {
        if body.is_empty() {
            body.push(INSERTS[rng.below(INSERTS.len())]);
            continue;
        }
        let len = body.len();
        let at = rng.below(len);
        match rng.below(6) {
            0 => body[at] ^= 1 << rng.below(8),
            1 => body[at] = rng.next() as u8,
            2 => {
                let n = 1 + rng.below((len - at).min(16));
                body.drain(at..at + n);
            }
            3 => {
                for _ in 0..1 + rng.below(3) {
                    let c = INSERTS[rng.below(INSERTS.len())];
                    body.insert(at, c);
                }
            }
            4 => body.truncate(at),
            _ => {
                let n = 1 + rng.below((len - at).min(64));
                let slice = body[at..at + n].to_vec();
                let to = rng.below(len + 1);
                body.splice(to..to, slice);
            }
        }
    }
    body
}

fn check_mutant(body: &[u8], chat: u64) -> Result<(), NeptunError> {
    match validate(body, chat) {
        Ok(validated) => {
            let model = decode(body, chat).unwrap_or_else(|e| panic!("validate accepted, decode rejected: {e}"));
            assert_eq!(model.chat_messages.len(), validated.messages);
            for m in &model.chat_messages {
                assert!((1..=MAX_SAFE_INTEGER).contains(&m.id));
                assert_eq!(m.chat_conversation_id, chat);
                assert!(is_rfc3339(&m.created_at) && is_rfc3339(&m.updated_at));
                for f in m.files.iter().flatten() {
                    assert_eq!(f.chat_conversation_id, chat);
                    assert!((1..=MAX_SAFE_INTEGER).contains(&f.chat_conversation_message_id));
                }
            }
            assert_agreement(body, chat, validated, &model);
            Ok(())
        }
        Err(error) => {
            assert!(matches!(error.kind, ErrorKind::InvalidResponse | ErrorKind::Server), "{error}");
            assert_eq!(error.path.is_some(), error.kind == ErrorKind::InvalidResponse, "{error}");
            assert!(error.message().len() < 300, "long message: {}", error.message());
            assert_eq!(decode(body, chat).unwrap_err(), error);
            Err(error)
        }
    }
}

#[test]
fn mutated_bodies_never_panic_and_accepted_ones_agree() {
    let seeds = [
        (fixture("messages.json"), CHAT),
        (fixture("with-files.json"), CHAT),
        (fixture("document-example-complete.json"), DOC_CHAT),
        (fixture("document-example.json"), DOC_CHAT),
        (fixture("null-messages.json"), CHAT),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut ok, mut err) = (0, 0);
    for round in 0..4000 {
        let (seed, chat) = &seeds[round % seeds.len()];
        let body = mutate(&mut rng, seed.clone());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_mutant(&body, *chat)));
        match outcome {
            Ok(Ok(())) => ok += 1,
            Ok(Err(_)) => err += 1,
            Err(_) => panic!(
                "round {round}: panicked on (chat {chat}) {:?}\nbytes: {:02x?}",
                String::from_utf8_lossy(&body),
                body
            ),
        }
    }
    // Both outcomes must be exercised for the agreement checks to mean something.
    assert!(ok > 100 && err > 1000, "ok {ok}, err {err}");
}

#[test]
fn mutated_error_bodies_never_panic() {
    let seeds = [
        fixture("error-nitro-401.json"),
        fixture("error-h3-401.json"),
        fixture("error-h3-400-zod.json"),
        fixture("error-document-404.json"),
        fixture("error-nitro-500.json"),
        fixture("bad-gateway-502.html"),
    ];
    let statuses = [400, 401, 403, 404, 408, 429, 500, 502, 503, 418];
    let retry_afters = [None, Some("3"), Some("Wed, 20 Mar 2024 10:00:30 GMT"), Some("x")];
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for round in 0..2000 {
        let body = mutate(&mut rng, seeds[round % seeds.len()].clone());
        let status = statuses[rng.below(statuses.len())];
        let mut response = http(status, "", Some("application/json"), &body);
        response.retry_after = retry_afters[rng.below(retry_afters.len())];
        let outcome = std::panic::catch_unwind(|| interpret(&response, CHAT, NOW_MS));
        match outcome {
            Ok(Err(error)) => {
                assert_eq!(error.status, Some(status));
                assert!(error.message().len() < 800, "{}", error.message());
            }
            Ok(Ok(v)) => panic!("an error status was accepted: {v:?}"),
            Err(_) => panic!("round {round}: panicked on status {status} body {:02x?}", body),
        }
    }
}
