//! The `#[wasm_bindgen]` surface. Thin: JS values in, checks and work in the pure modules, JS values
//! out. Public: `parseChatMessages`. The package's JavaScript (`js/`) wraps it: it loads the module
//! on first use and adds `getChatMessages`, `NeptunClient`, `isNeptunError`, `init` and the
//! `NeptunError` type. Its HTTP exchange (`js/fetch.js`) asks the internal exports here for every
//! decision: [`check_options`] and [`request`] (ids and options → the request), [`streams_body`],
//! [`BodyDecoder`] (the messages, validated as they arrive), [`response_error`], [`failure_error`] and
//! [`retry_delay`]. Internal exports are left out of the TypeScript declarations.

use crate::decode::js::{canonical_body, drain, feed, objects_failed, validate_string, JsMessages, CHUNK};
use crate::decode::{BodyStream, Utf8Check};
use crate::error::{concat, push_decimal, ErrorKind, NeptunError};
use crate::request::{
    check_id, messages_url, resolve, Credentials, GetChatMessagesOptions, JsArg, Runtime, SignalSlot, MAX_BODY_BYTES,
};
use crate::response::{error_response, HttpResponse, MAX_ERROR_BODY};
use crate::retry::next_retry;
use crate::transport;
use js_sys::{JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r"export function isBrowser() {
  return typeof document === 'object' ||
    (typeof WorkerGlobalScope === 'function' && typeof self === 'object' && self instanceof WorkerGlobalScope);
}
// `isWellFormed` is native and fast; this is for runtimes without it.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// A string body, without its byte order mark, parsed; undefined when it is not well-formed Unicode.
export function parseText(text) {
  const wellFormed = typeof text.isWellFormed === 'function' ? text.isWellFormed() : !loneSurrogate.test(text);
  return wellFormed ? JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) : undefined;
}
const TYPES = ['null', 'undefined', 'boolean', 'number', 'bigint', 'string', 'symbol', 'function', 'object'];
export function typeIndex(value) {
  return TYPES.indexOf(value === null ? 'null' : typeof value);
}")]
extern "C" {
    /// Does this code run in a browser (page or worker), where the browser owns the cookies?
    #[wasm_bindgen(js_name = isBrowser)]
    fn is_browser() -> bool;
    /// A string body, without its byte order mark, parsed by `JSON.parse`; `undefined` when it is not
    /// well-formed Unicode (a lone surrogate).
    #[wasm_bindgen(js_name = parseText, catch)]
    fn parse_text_body(text: &JsString) -> Result<JsValue, JsValue>;
    /// The index in [`TYPE_NAMES`] of a value's `typeof` (`"null"` for `null`).
    #[wasm_bindgen(js_name = typeIndex)]
    fn type_index(value: &JsValue) -> u32;
}

/// What `typeof` says, in the order of the snippet's `TYPES`.
const TYPE_NAMES: [&str; 9] =
    ["null", "undefined", "boolean", "number", "bigint", "string", "symbol", "function", "object"];

/// Checks a client's options (as read by `readOptions` of `js/fetch.js`, which checked their types):
/// bad values throw a `NeptunError` of kind `invalidArgument`.
#[wasm_bindgen(js_name = checkOptions, skip_typescript)]
pub fn check_options(options: &JsValue) -> Result<(), JsValue> {
    let (options, _) = read_options(options);
    resolve(&options, &GetChatMessagesOptions::default(), runtime()).map(drop).map_err(to_js_error)
}

/// One call's request, its options over its client's (`client`, checked by [`check_options`]): `{ url,
/// chatId, credentials, cookie, timeoutMs, retries, maxBodyBytes, errorBodyBytes, signal }` (`cookie`
/// only outside browsers; `errorBodyBytes`: how much of a body that is not the messages is worth
/// reading). The ids are checked first, then `read_call_options()` reads the call's options (so that a
/// call with a bad id runs no option getter); both sets as read by `readOptions` of `js/fetch.js`.
/// Throws an `invalidArgument` `NeptunError` for a bad id or option (or what `read_call_options`
/// threw).
#[wasm_bindgen(skip_typescript)]
pub fn request(
    client: &JsValue,
    user_id: &JsValue,
    chat_id: &JsValue,
    read_call_options: &js_sys::Function,
) -> Result<Object, JsValue> {
    let user_id = check_id("userId", js_arg(user_id)).map_err(to_js_error)?;
    let chat_id = check_id("chatId", js_arg(chat_id)).map_err(to_js_error)?;
    let (call, call_signal) = read_options(&read_call_options.call0(&JsValue::UNDEFINED)?);
    let (client, client_signal) = read_options(client);
    let config = resolve(&client, &call, runtime()).map_err(to_js_error)?;
    let request = Object::new();
    set(&request, "url", messages_url(&config.base_url, user_id, chat_id).into());
    set(&request, "chatId", (chat_id as f64).into());
    set(&request, "credentials", config.credentials.as_js().into());
    if let Some(cookie) = config.cookie_header {
        set(&request, "cookie", cookie.into());
    }
    set(&request, "timeoutMs", config.timeout_ms.into());
    set(&request, "retries", config.retries.into());
    set(&request, "maxBodyBytes", config.max_body_bytes.into());
    set(&request, "errorBodyBytes", (MAX_ERROR_BODY as u32).into());
    set(&request, "signal", if call_signal.is_undefined() { client_signal } else { call_signal });
    Ok(request)
}

/// Is the body of a response with this status and `Content-Type` the messages (to decode with a
/// [`BodyDecoder`])? Any other response is an error: see [`response_error`].
#[wasm_bindgen(js_name = streamsBody, skip_typescript)]
pub fn streams_body(status: u16, content_type: Option<String>) -> bool {
    crate::response::streams_body(status, content_type.as_deref())
}

/// The messages of a 2xx JSON body, validated chunk by chunk as they arrive (wasm memory holds about
/// a batch and a chunk whatever the body's size). Problems with the body are `NeptunError`s that
/// carry the response's status.
#[wasm_bindgen(skip_typescript)]
pub struct BodyDecoder {
    stream: BodyStream,
    messages: JsMessages,
    status: u16,
}

#[wasm_bindgen]
impl BodyDecoder {
    /// A decoder for the body of a response with `status`, to messages of chat `chat_id` (the
    /// request's `chatId`).
    #[wasm_bindgen(constructor)]
    pub fn new(chat_id: f64, status: u16) -> BodyDecoder {
        BodyDecoder { stream: BodyStream::new(chat_id as u64, true), messages: JsMessages::new(), status }
    }

    /// The next chunk of the body: throws the `NeptunError` of the body's first problem as soon as it
    /// has arrived.
    pub fn push(&mut self, chunk: &Uint8Array) -> Result<(), JsValue> {
        let status = self.status;
        feed(&mut self.stream, &mut self.messages, chunk).map_err(|error| body_error(error, status))
    }

    /// The end of the body: `{ chatMessages }`, or the `NeptunError` of its problem.
    pub fn finish(self) -> Result<JsValue, JsValue> {
        let BodyDecoder { mut stream, mut messages, status } = self;
        drain(&mut stream, &mut messages, true)
            .and_then(|()| stream.finish())
            .map_err(|error| body_error(error, status))?;
        Ok(messages.finish())
    }
}

fn body_error(error: NeptunError, status: u16) -> JsValue {
    to_js_error(NeptunError { status: Some(status), ..error })
}

/// The `NeptunError` for a response whose body is not the messages, from its head and at most
/// `errorBodyBytes` of its body.
#[wasm_bindgen(js_name = responseError, skip_typescript)]
pub fn response_error(
    status: u16,
    status_text: String,
    content_type: Option<String>,
    retry_after: Option<String>,
    body: &[u8],
) -> JsValue {
    let response = HttpResponse {
        status,
        status_text: &status_text,
        content_type: content_type.as_deref(),
        retry_after: retry_after.as_deref(),
        body,
    };
    to_js_error(error_response(&response, js_sys::Date::now()))
}

/// The `NeptunError` for an attempt that ended without a usable response (see
/// [`transport::failure_error`]).
#[wasm_bindgen(js_name = failureError, skip_typescript)]
pub fn failure_error(failure: &str, detail: &str, status: Option<u16>, url: &str, timeout_ms: u32) -> JsValue {
    to_js_error(transport::failure_error(failure, detail, status, url, timeout_ms))
}

/// How long to wait before retry number `retry` after `error` (a `NeptunError` this module made),
/// or `undefined` to end the call with it (see [`next_retry`]).
#[wasm_bindgen(js_name = retryDelay, skip_typescript)]
pub fn retry_delay(error: &JsValue, retry: u32, retries: u32) -> Option<f64> {
    let kind = ErrorKind::named(&field(error, "kind").as_string()?)?;
    let error = NeptunError {
        status: field(error, "status").as_f64().map(|status| status as u16),
        retry_after_ms: field(error, "retryAfterMs").as_f64(),
        ..NeptunError::new(kind, "")
    };
    next_retry(&error, retry, retries, js_sys::Math::random())
}

/// Validates a body obtained elsewhere (SSR, a cache) for chat `chatId`, as `getChatMessages` does.
///
/// Throws a `NeptunError`: `invalidArgument` for a bad `body` type or `chatId`, `invalidResponse`
/// (with `path`) for a body that fails the contract, `server` for `{"chatMessages": null}`.
#[wasm_bindgen(js_name = parseChatMessages, unchecked_return_type = "GetChatMessagesResponse")]
pub fn parse_chat_messages(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    #[wasm_bindgen(js_name = chatId, unchecked_param_type = "number")] chat_id: JsValue,
) -> Result<JsValue, JsValue> {
    let chat_id = check_id("chatId", js_arg(&chat_id)).map_err(to_js_error)?;
    if let Some(text) = body.dyn_ref::<JsString>() {
        return parse_text(text, chat_id).map_err(to_js_error);
    }
    if let Some(array) = body.dyn_ref::<Uint8Array>() {
        return parse_bytes(array, chat_id).map_err(to_js_error);
    }
    Err(to_js_error(NeptunError::invalid_argument(concat(&[
        "body must be a string or a Uint8Array, got ",
        type_name(&body),
    ]))))
}

/// A string body: validated as UTF-8 in chunks, then parsed whole by `JSON.parse` (the floor
/// every string contender pays; a rewrite could not be faster than the string it would rebuild).
fn parse_text(text: &JsString, chat_id: u64) -> Result<JsValue, NeptunError> {
    let mut stream = BodyStream::new(chat_id, false);
    validate_string(&mut stream, text)?;
    let validated = stream.finish()?;
    // Converting to UTF-8 replaced lone surrogates with U+FFFD: such a string is not what was validated.
    let parsed = parse_text_body(text).map_err(|_| objects_failed())?;
    if parsed.is_undefined() {
        return Err(NeptunError::invalid_response("", "the body is not well-formed Unicode (a lone surrogate)"));
    }
    canonical_body(parsed, validated.canonical)
}

/// A byte body: into the stream a chunk at a time, its batches of messages into objects as they
/// are validated; wasm memory holds about a batch and a chunk whatever the body's size.
fn parse_bytes(array: &Uint8Array, chat_id: u64) -> Result<JsValue, NeptunError> {
    let len = array.length();
    if len > MAX_BODY_BYTES {
        return Err(NeptunError::invalid_response("", {
            let mut detail = "the body is ".to_owned();
            push_decimal(&mut detail, u64::from(len));
            detail.push_str(" bytes, more than a JavaScript string holds (");
            push_decimal(&mut detail, u64::from(MAX_BODY_BYTES));
            detail + " bytes)"
        }));
    }
    let mut stream = BodyStream::new(chat_id, true);
    let mut out = JsMessages::new();
    let finished = feed(&mut stream, &mut out, array)
        .and_then(|()| drain(&mut stream, &mut out, true))
        .and_then(|()| stream.finish());
    match finished {
        Ok(_) => Ok(out.finish()),
        Err(error) if error.kind == ErrorKind::InvalidResponse => Err(whole_body_error(array, error)),
        Err(error) => Err(error),
    }
}

/// The error [`crate::decode::validate`] gives on the whole body, from the stream's (see [`Utf8Check`]).
#[cold]
fn whole_body_error(array: &Uint8Array, error: NeptunError) -> NeptunError {
    let (len, mut check, mut scratch) = (array.length(), Utf8Check::default(), Vec::new());
    for from in (0..len).step_by(CHUNK as usize) {
        scratch.resize((len - from).min(CHUNK) as usize, 0);
        array.subarray(from, from.saturating_add(CHUNK).min(len)).copy_to(&mut scratch);
        if !check.push(&scratch) {
            break;
        }
    }
    check.whole_body_error(error)
}

/// The options as read by `readOptions` of `js/fetch.js`, which checked their types: an object with
/// the options given, each of its type. Returns them, and the `signal` (`undefined` when not given).
fn read_options(given: &JsValue) -> (GetChatMessagesOptions, JsValue) {
    let get = |name: &str| field(given, name);
    let signal = get("signal");
    let options = GetChatMessagesOptions {
        base_url: get("baseUrl").as_string(),
        signal: (!signal.is_undefined()).then_some(SignalSlot),
        timeout_ms: get("timeoutMs").as_f64(),
        retries: get("retries").as_f64(),
        session_cookie: get("sessionCookie").as_string(),
        credentials: get("credentials").as_string().and_then(|value| Credentials::from_js(&value)),
        max_body_bytes: get("maxBodyBytes").as_f64(),
    };
    (options, signal)
}

fn runtime() -> Runtime {
    if is_browser() {
        Runtime::Browser
    } else {
        Runtime::Server
    }
}

fn js_arg(value: &JsValue) -> JsArg {
    match value.as_f64() {
        Some(n) => JsArg::Number(n),
        None => JsArg::Other(type_name(value)),
    }
}

/// A value's `typeof`, and `"null"` for `null`.
fn type_name(value: &JsValue) -> &'static str {
    TYPE_NAMES.get(type_index(value) as usize).copied().unwrap_or("object")
}

/// A `NeptunError` as a real JS `Error` with `name`, `kind` and the details that apply.
fn to_js_error(error: NeptunError) -> JsValue {
    let js_error = js_sys::Error::new(&error.message());
    js_error.set_name("NeptunError");
    set(&js_error, "kind", error.kind.as_str().into());
    if let Some(status) = error.status {
        set(&js_error, "status", status.into());
    }
    for (key, value) in
        [("statusMessage", error.status_message), ("serverMessage", error.server_message), ("path", error.path)]
    {
        if let Some(value) = value {
            set(&js_error, key, value.into());
        }
    }
    if let Some(ms) = error.retry_after_ms {
        set(&js_error, "retryAfterMs", ms.into());
    }
    js_error.into()
}

/// A property of a JS object (`undefined` where reading it throws).
fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Sets a property of an object this module made.
fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &key.into(), &value);
}
