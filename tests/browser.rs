//! The real exported functions in headless Chromium, against the dev server (devserver/server.mjs)
//! on another 127.0.0.1 port: real HTTP, real cookies, real CORS. Run by scripts/test.sh, which
//! starts the server and passes its URL at compile time in `NEPTUN_DEV_URL`.
#![cfg(target_arch = "wasm32")]

use gloo_net::http::{Request, RequestBuilder};
use js_sys::{Object, Reflect, JSON};
use neptun_client::bindings::{get_chat_messages, parse_chat_messages, NeptunClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{AbortController, RequestCredentials};

wasm_bindgen_test_configure!(run_in_browser);

const SECRET: &str = "SECRET-cookie-value-7f3a9";

#[allow(clippy::option_env_unwrap, reason = "lints and builds without the server must still compile")]
fn dev() -> &'static str {
    option_env!("NEPTUN_DEV_URL").expect("build with NEPTUN_DEV_URL set to the dev server (scripts/test.sh does)")
}

/// A unique key so each test counts its own requests on the dev server.
fn key(name: &str) -> String {
    format!("{name}-{}", js_sys::Math::random().to_bits())
}

/// Options as a plain JS object, from JSON.
fn opts(json: &str) -> Option<Object> {
    Some(JSON::parse(json).expect("options JSON").unchecked_into())
}

/// Options pointing at the dev server through a fault prefix (`""` for none).
fn via(faults: &str, extra: &str) -> Option<Object> {
    let base = if faults.is_empty() { dev().to_owned() } else { format!("{}/_x/{faults}", dev()) };
    let extra = if extra.is_empty() { String::new() } else { format!(", {extra}") };
    opts(&format!(r#"{{"baseUrl": "{base}"{extra}}}"#))
}

async fn login() {
    let response = RequestBuilder::new(&format!("{}/api/auth/login", dev()))
        .method(gloo_net::http::Method::POST)
        .credentials(RequestCredentials::Include)
        .header("Content-Type", "application/json")
        .body(r#"{"email": "demo@neptun.dev", "password": "neptun-demo"}"#)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login");
}

async fn requests(key: &str) -> u32 {
    let text = Request::get(&format!("{}/_dev/requests?key={key}", dev())).send().await.unwrap().text().await.unwrap();
    Reflect::get(&JSON::parse(&text).unwrap(), &"count".into()).unwrap().as_f64().unwrap() as u32
}

/// The body as the server sends it, through a plain credentialed fetch.
async fn raw_body(user: u32, chat: u32) -> String {
    let url = format!("{}/api/users/{user}/chats/{chat}/messages", dev());
    let response = Request::get(&url).credentials(RequestCredentials::Include).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn call(user: impl Into<JsValue>, chat: impl Into<JsValue>, options: Option<Object>) -> Result<JsValue, JsValue> {
    get_chat_messages(user.into(), chat.into(), options).await
}

fn prop(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap()
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().into()
}

/// Asserts `error` is a NeptunError of `kind` and returns it.
#[track_caller]
fn expect_kind(result: Result<JsValue, JsValue>, kind: &str) -> JsValue {
    let error = result.expect_err(&format!("expected a {kind} error"));
    assert!(error.is_instance_of::<js_sys::Error>(), "a real Error");
    assert_eq!(prop(&error, "name"), "NeptunError");
    let message = prop(&error, "message").as_string().unwrap();
    assert_eq!(prop(&error, "kind").as_string().as_deref(), Some(kind), "{message}");
    assert!(!message.contains(SECRET), "the cookie value leaked: {message}");
    error
}

fn status(error: &JsValue) -> Option<f64> {
    prop(error, "status").as_f64()
}

fn message(error: &JsValue) -> String {
    prop(error, "message").as_string().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Success

#[wasm_bindgen_test]
async fn returns_exactly_what_the_server_sent_cross_origin_with_the_cookie() {
    login().await;
    for chat in [1, 2, 3, 4] {
        let result = call(1, chat, via("", "")).await.unwrap();
        let expected = raw_body(1, chat).await;
        assert_eq!(stringify(&result), stringify(&JSON::parse(&expected).unwrap()), "chat {chat}");
    }
    let empty = call(1, 2, via("", "")).await.unwrap();
    assert_eq!(stringify(&empty), r#"{"chatMessages":[]}"#);
}

#[wasm_bindgen_test]
async fn document_aliases_and_extra_fields_are_normalized() {
    login().await;
    let canonical = stringify(&call(1, 1, via("", "")).await.unwrap());
    for mutation in ["alias", "extraField"] {
        let result = call(1, 1, via(&format!("mutate={mutation}"), "")).await.unwrap();
        assert_eq!(stringify(&result), canonical, "{mutation}");
    }
    let system = call(1, 1, via("mutate=systemActor", "")).await.unwrap();
    let first = js_sys::Array::from(&prop(&system, "chatMessages")).get(0);
    assert_eq!(prop(&first, "actor"), "system");
}

#[wasm_bindgen_test]
async fn neptun_client_uses_its_options_and_per_call_overrides() {
    login().await;
    let k = key("client");
    let client = NeptunClient::new(via(&format!("key={k},fail=503,times=1"), r#""retries": 0"#)).unwrap();
    let promise = client.get_chat_messages(1.into(), 1.into(), None);
    let error = expect_kind(JsFuture::from(promise).await, "server");
    assert_eq!(status(&error), Some(503.0));
    let promise = client.get_chat_messages(1.into(), 1.into(), opts(r#"{"retries": 1}"#));
    assert!(JsFuture::from(promise).await.is_ok(), "the per-call retries override the client's");
    assert_eq!(requests(&k).await, 2);

    let bad = NeptunClient::new(opts(r#"{"timeoutMs": -5}"#)).err().unwrap();
    expect_kind(Err(bad), "invalidArgument");
}

// ---------------------------------------------------------------------------------------------
// HTTP errors

#[wasm_bindgen_test]
async fn no_session_is_unauthorized() {
    let error = expect_kind(call(1, 1, via("", r#""credentials": "omit""#)).await, "unauthorized");
    assert_eq!(status(&error), Some(401.0));
    assert_eq!(prop(&error, "statusMessage"), "Server Error");
    assert_eq!(prop(&error, "serverMessage"), "Unauthorized");
}

#[wasm_bindgen_test]
async fn someone_elses_or_a_missing_chat_is_unauthorized() {
    login().await;
    for (user, chat) in [(1, 5), (1, 999), (2, 1)] {
        let error = expect_kind(call(user, chat, via("", "")).await, "unauthorized");
        assert_eq!(prop(&error, "statusMessage"), "Unauthorized.", "{user}/{chat}");
    }
}

#[wasm_bindgen_test]
async fn status_codes_map_to_kinds() {
    login().await;
    for (fail, kind) in
        [("400", "badRequest"), ("403", "forbidden"), ("404", "notFound"), ("409", "http"), ("501", "server")]
    {
        let error = expect_kind(call(1, 1, via(&format!("fail={fail}"), r#""retries": 0"#)).await, kind);
        assert_eq!(status(&error), Some(fail.parse().unwrap()));
    }
    // The real server answers 500 for ids that overflow its int4 columns.
    let error = expect_kind(call(1, 2_147_483_648u32, via("", r#""retries": 0"#)).await, "server");
    assert_eq!(status(&error), Some(500.0));
}

#[wasm_bindgen_test]
async fn html_bad_gateway_keeps_its_status() {
    let error = expect_kind(call(1, 1, via("fail=502,body=html", r#""retries": 0"#)).await, "server");
    assert_eq!(status(&error), Some(502.0));
    assert_eq!(prop(&error, "serverMessage"), JsValue::UNDEFINED);
}

// ---------------------------------------------------------------------------------------------
// Retries

#[wasm_bindgen_test]
async fn retries_recover_from_transient_failures() {
    login().await;
    for faults in ["fail=503,times=2", "fail=408,times=1", "fail=502,body=html,times=1", "dbnull=1", "reset=1,times=1"]
    {
        let k = key("recover");
        let spec = format!("key={k},{faults}");
        // reset has no `times`: drop the socket only on the first request of the key.
        let spec = spec.replace("reset=1,times=1", "fail=504,times=1");
        let result = call(1, 1, via(&spec, r#""retries": 2"#)).await;
        assert!(result.is_ok(), "{faults}: {:?}", result.err().map(|e| message(&e)));
    }
    let k = key("count");
    call(1, 1, via(&format!("key={k},fail=503,times=2"), r#""retries": 2"#)).await.unwrap();
    assert_eq!(requests(&k).await, 3, "two failures, then success");
}

#[wasm_bindgen_test]
async fn rate_limited_after_retries_honours_retry_after() {
    let k = key("429");
    let started = js_sys::Date::now();
    let error =
        expect_kind(call(1, 1, via(&format!("key={k},fail=429,retryAfter=1"), r#""retries": 1"#)).await, "rateLimited");
    assert!(js_sys::Date::now() - started >= 1000.0, "waited for Retry-After");
    assert_eq!(prop(&error, "retryAfterMs").as_f64(), Some(1000.0));
    assert_eq!(requests(&k).await, 2);
}

#[wasm_bindgen_test]
async fn a_retry_after_beyond_the_cap_ends_the_retries_at_once() {
    let k = key("long-retry-after");
    let error =
        expect_kind(call(1, 1, via(&format!("key={k},fail=503,retryAfter=3600"), r#""retries": 3"#)).await, "server");
    assert_eq!(prop(&error, "retryAfterMs").as_f64(), Some(3_600_000.0));
    assert_eq!(requests(&k).await, 1);
}

#[wasm_bindgen_test]
async fn client_errors_and_invalid_bodies_are_not_retried() {
    login().await;
    for (faults, kind) in
        [("fail=401", "unauthorized"), ("fail=404", "notFound"), ("mutate=wrongChat", "invalidResponse")]
    {
        let k = key("final");
        expect_kind(call(1, 1, via(&format!("key={k},{faults}"), r#""retries": 3"#)).await, kind);
        assert_eq!(requests(&k).await, 1, "{faults}");
    }
}

#[wasm_bindgen_test]
async fn null_messages_is_a_server_error_after_retries() {
    login().await;
    let k = key("null");
    let error = expect_kind(call(1, 1, via(&format!("key={k},dbnull=always"), r#""retries": 1"#)).await, "server");
    assert_eq!(status(&error), Some(200.0));
    assert_eq!(requests(&k).await, 2);
}

// ---------------------------------------------------------------------------------------------
// Network, timeout, abort

#[wasm_bindgen_test]
async fn connection_reset_and_refused_are_network_errors() {
    expect_kind(call(1, 1, via("reset=1", r#""retries": 0"#)).await, "network");
    let refused = opts(r#"{"baseUrl": "http://127.0.0.1:9", "retries": 0}"#);
    expect_kind(call(1, 1, refused).await, "network");
}

#[wasm_bindgen_test]
async fn a_server_that_refuses_credentialed_cors_is_a_network_error_naming_cors() {
    login().await;
    let error = expect_kind(call(1, 1, via("cors=star", r#""retries": 0"#)).await, "network");
    assert!(message(&error).contains("CORS"), "{}", message(&error));
}

#[wasm_bindgen_test]
async fn slow_responses_time_out_per_attempt() {
    login().await;
    let k = key("timeout");
    let error = expect_kind(
        call(1, 1, via(&format!("key={k},delay=3000"), r#""timeoutMs": 200, "retries": 1"#)).await,
        "timeout",
    );
    assert!(message(&error).contains("200 ms"));
    assert_eq!(requests(&k).await, 2, "a timed-out attempt is retried");
    // A body that never finishes is covered by the same timeout.
    expect_kind(call(1, 1, via("stall=1", r#""timeoutMs": 300, "retries": 0"#)).await, "timeout");
}

fn with_signal(options: Option<Object>, controller: &AbortController) -> Option<Object> {
    let options = options.unwrap();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    Some(options)
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Calls with `options` and aborts after `abort_after_ms`: the call must reject with `aborted`.
/// Returns how long it took, in milliseconds.
async fn aborted_after(options: &str, retries: &str, abort_after_ms: i32) -> f64 {
    let controller = AbortController::new().unwrap();
    let pending = call(1, 1, with_signal(via(options, retries), &controller));
    let abort_later = async {
        sleep_ms(abort_after_ms).await;
        controller.abort();
    };
    let started = js_sys::Date::now();
    let (result, ()) = futures::join!(pending, abort_later);
    expect_kind(result, "aborted");
    js_sys::Date::now() - started
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts_a_request_in_flight() {
    assert!(aborted_after("delay=5000", "", 100).await < 3000.0, "did not wait for the server");
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts_the_wait_between_retries() {
    let k = key("abort-wait");
    let elapsed = aborted_after(&format!("key={k},fail=503,retryAfter=8"), r#""retries": 2"#, 300).await;
    assert!(elapsed < 5000.0, "did not sleep through Retry-After");
    assert_eq!(requests(&k).await, 1);
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_makes_no_request() {
    let k = key("pre-aborted");
    let controller = AbortController::new().unwrap();
    controller.abort();
    expect_kind(call(1, 1, with_signal(via(&format!("key={k}"), ""), &controller)).await, "aborted");
    assert_eq!(requests(&k).await, 0);
}

// ---------------------------------------------------------------------------------------------
// Invalid arguments: an error, and no request

#[wasm_bindgen_test]
async fn invalid_arguments_make_no_request() {
    let k = key("args");
    let good = || via(&format!("key={k}"), "");
    let bad_ids: Vec<JsValue> = vec![
        0.into(),
        (-1).into(),
        1.5.into(),
        f64::NAN.into(),
        f64::INFINITY.into(),
        f64::NEG_INFINITY.into(),
        9_007_199_254_740_992.0.into(),
        "1".into(),
        JsValue::NULL,
        JsValue::UNDEFINED,
        js_sys::BigInt::from(1u32).into(),
        Object::new().into(),
    ];
    for bad in &bad_ids {
        let error = expect_kind(call(bad.clone(), 1, good()).await, "invalidArgument");
        assert!(message(&error).contains("userId"));
        let error = expect_kind(call(1, bad.clone(), good()).await, "invalidArgument");
        assert!(message(&error).contains("chatId"));
    }
    let base = format!("{}/_x/key={k}", dev());
    for (bad_options, needle) in [
        (format!(r#"{{"baseUrl": "{base}", "timeout": 5}}"#), "unknown option `timeout`"),
        (format!(r#"{{"baseUrl": "{base}", "timeoutMs": 0}}"#), "timeoutMs"),
        (format!(r#"{{"baseUrl": "{base}", "timeoutMs": "5000"}}"#), "timeoutMs"),
        (format!(r#"{{"baseUrl": "{base}", "retries": 1.5}}"#), "retries"),
        (format!(r#"{{"baseUrl": "{base}", "credentials": "always"}}"#), "credentials"),
        (format!(r#"{{"baseUrl": "{base}", "signal": "stop"}}"#), "signal"),
        (r#"{"baseUrl": "ftp://127.0.0.1"}"#.to_owned(), "baseUrl"),
        (format!(r#"{{"baseUrl": "{base}", "sessionCookie": "{SECRET}"}}"#), "sessionCookie"),
    ] {
        let error = expect_kind(call(1, 1, opts(&bad_options)).await, "invalidArgument");
        assert!(message(&error).contains(needle), "{bad_options}: {}", message(&error));
    }
    let not_an_object: Object = JsValue::from("fast").unchecked_into();
    expect_kind(call(1, 1, Some(not_an_object)).await, "invalidArgument");
    assert_eq!(requests(&k).await, 0);
}

#[wasm_bindgen_test]
async fn the_session_cookie_never_appears_in_an_error() {
    let error = expect_kind(call(1, 1, via("", &format!(r#""sessionCookie": "{SECRET}""#))).await, "invalidArgument");
    // Every own property (kind, message, stack, ...) and the JSON form.
    let mut everything = stringify(&error);
    for name in Object::get_own_property_names(error.unchecked_ref::<Object>()).iter() {
        everything.push_str(&format!(" {:?}", prop(&error, &name.as_string().unwrap())));
    }
    assert!(!everything.contains(SECRET), "{everything}");
}

// ---------------------------------------------------------------------------------------------
// Invalid responses

#[wasm_bindgen_test]
async fn invalid_bodies_are_invalid_responses_with_a_path() {
    login().await;
    for (faults, path) in [
        ("mutate=wrongChat", "chatMessages[1].chat_conversation_id"),
        ("mutate=badTimestamp", "chatMessages[0].updated_at"),
        ("mutate=missingField", "chatMessages[7].updated_at"),
        ("mutate=bigId", "chatMessages[0].id"),
        ("mutate=notJson", ""),
        ("mutate=empty", ""),
        ("ctype=text/html", ""),
    ] {
        let error = expect_kind(call(1, 1, via(faults, r#""retries": 0"#)).await, "invalidResponse");
        assert_eq!(prop(&error, "path").as_string().as_deref(), Some(path), "{faults}: {}", message(&error));
        assert_eq!(status(&error), Some(200.0));
    }
    let error = expect_kind(call(1, 1, via("truncate=1", r#""retries": 0"#)).await, "invalidResponse");
    assert!(message(&error).contains("truncated"), "{}", message(&error));
}

// ---------------------------------------------------------------------------------------------
// parseChatMessages and isNeptunError

const BODY: &str = r#"{"chatMessages":[{"id":1,"message":"Hi 👋","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","neptun_user_id":1,"chat_conversation_id":42}]}"#;

#[wasm_bindgen_test]
fn parse_chat_messages_accepts_strings_and_bytes() {
    let from_string = parse_chat_messages(BODY.into(), 42.into()).unwrap();
    let from_bytes = parse_chat_messages(js_sys::Uint8Array::from(BODY.as_bytes()).into(), 42.into()).unwrap();
    assert_eq!(stringify(&from_string), BODY);
    assert_eq!(stringify(&from_bytes), BODY);
    let with_bom = parse_chat_messages(format!("\u{FEFF}{BODY}").into(), 42.into()).unwrap();
    assert_eq!(stringify(&with_bom), BODY);
    let aliased = BODY.replace("\"message\"", "\"content\"").replace("\"actor\"", "\"role\"");
    assert_eq!(stringify(&parse_chat_messages(aliased.into(), 42.into()).unwrap()), BODY);
}

#[wasm_bindgen_test]
fn parse_chat_messages_rejects_what_the_decoder_rejects() {
    let error = expect_kind(parse_chat_messages(BODY.into(), 7.into()), "invalidResponse");
    assert_eq!(prop(&error, "path"), "chatMessages[0].chat_conversation_id");
    expect_kind(parse_chat_messages(r#"{"chatMessages":null}"#.into(), 7.into()), "server");
    expect_kind(parse_chat_messages(BODY.into(), 0.into()), "invalidArgument");
    expect_kind(parse_chat_messages(JsValue::from(5), 42.into()), "invalidArgument");
    // A raw lone surrogate in a JS string is not what the UTF-8 decoder validated.
    let lone: JsValue = js_sys::eval(r#"'{"chatMessages":[{"id":1,"message":"\ud800","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","chat_conversation_id":42}]}'"#).unwrap();
    expect_kind(parse_chat_messages(lone, 42.into()), "invalidResponse");
}
