//! The `#[wasm_bindgen]` surface: `getChatMessages`, `NeptunClient`, `parseChatMessages`. Thin: JS
//! values in, checks and work in the pure modules, JS values out. The package's JavaScript (`js/`)
//! wraps these: it loads the module on first use and adds `isNeptunError`, `init` and the
//! `NeptunError` type, which work without the module.

use crate::decode::js::{canonical_body, drain, feed, objects_failed, validate_string, JsMessages, CHUNK};
use crate::decode::{BodyStream, Utf8Check};
use crate::error::{concat, push_decimal, ErrorKind, NeptunError};
use crate::request::{
    check_id, resolve, Credentials, GetChatMessagesOptions, JsArg, Runtime, SignalSlot, MAX_BODY_BYTES, OPTION_NAMES,
};
use crate::transport::{self, fetch_chat_messages, is_browser};
use js_sys::{JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
    /// `String.prototype.isWellFormed` (throws where the runtime lacks it).
    #[wasm_bindgen(js_namespace = ["String", "prototype", "isWellFormed"], js_name = call, catch)]
    fn is_well_formed(text: &JsString) -> Result<bool, JsValue>;
}

/// Fetches the messages of chat `chatId` of user `userId`, validated against the contract.
///
/// Resolves to exactly what the server sent, or rejects with a `NeptunError`.
#[wasm_bindgen(js_name = getChatMessages, unchecked_return_type = "GetChatMessagesResponse")]
pub async fn get_chat_messages(
    #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
    #[wasm_bindgen(js_name = chatId, unchecked_param_type = "number")] chat_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "GetChatMessagesOptions")] options: Option<Object>,
) -> Result<JsValue, JsValue> {
    run(&GetChatMessagesOptions::default(), JsValue::UNDEFINED, user_id, chat_id, options).await
}

/// A client with default options for every call (per-call options override them).
#[wasm_bindgen]
pub struct NeptunClient {
    options: GetChatMessagesOptions,
    /// The client's `AbortSignal`, or `undefined`.
    signal: JsValue,
}

#[wasm_bindgen]
impl NeptunClient {
    /// Creates a client. Bad options are a `NeptunError` of kind `invalidArgument`: thrown here once
    /// the module is loaded (always in Node), else the first call rejects with it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "GetChatMessagesOptions")] options: Option<Object>,
    ) -> Result<NeptunClient, JsValue> {
        let (options, signal) = read_options(options).map_err(to_js_error)?;
        resolve(&options, &GetChatMessagesOptions::default(), runtime()).map_err(to_js_error)?;
        Ok(NeptunClient { options, signal })
    }

    /// Like the free `getChatMessages`, with this client's options as defaults.
    #[wasm_bindgen(js_name = getChatMessages, unchecked_return_type = "Promise<GetChatMessagesResponse>")]
    pub fn get_chat_messages(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
        #[wasm_bindgen(js_name = chatId, unchecked_param_type = "number")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GetChatMessagesOptions")] options: Option<Object>,
    ) -> js_sys::Promise {
        let (client, signal) = (self.options.clone(), self.signal.clone());
        wasm_bindgen_futures::future_to_promise(async move { run(&client, signal, user_id, chat_id, options).await })
    }
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
    // (`isWellFormed` is native and fast; the fallback for older runtimes walks the string.)
    if !is_well_formed(text).unwrap_or_else(|_| text.is_valid_utf16()) {
        return Err(NeptunError::invalid_response("", "the body is not well-formed Unicode (a lone surrogate)"));
    }
    let without_bom =
        if text.char_code_at(0) == f64::from(0xFEFF) { text.slice(1, text.length()) } else { text.clone() };
    let parsed = json_parse(&without_bom).map_err(|_| objects_failed())?;
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

async fn run(
    client: &GetChatMessagesOptions,
    client_signal: JsValue,
    user_id: JsValue,
    chat_id: JsValue,
    options: Option<Object>,
) -> Result<JsValue, JsValue> {
    let user_id = check_id("userId", js_arg(&user_id)).map_err(to_js_error)?;
    let chat_id = check_id("chatId", js_arg(&chat_id)).map_err(to_js_error)?;
    let (call, call_signal) = read_options(options).map_err(to_js_error)?;
    let config = resolve(client, &call, runtime()).map_err(to_js_error)?;
    let signal = if call_signal.is_undefined() { client_signal } else { call_signal };
    fetch_chat_messages(user_id, chat_id, &config, &signal).await.map_err(to_js_error)
}

/// Reads an options object: the checked fields, and the `signal` (`undefined` when not given).
/// Unknown or mistyped options, and options whose getters throw, are `invalidArgument` errors;
/// `undefined` and `null` values count as not given.
fn read_options(options: Option<Object>) -> Result<(GetChatMessagesOptions, JsValue), NeptunError> {
    let Some(options) = options else {
        return Ok((GetChatMessagesOptions::default(), JsValue::UNDEFINED));
    };
    if !options.is_object() || options.is_function() {
        return Err(NeptunError::invalid_argument(concat(&["options must be an object, got ", type_name(&options)])));
    }
    let names: js_sys::Array = OPTION_NAMES.iter().map(|name| JsValue::from_str(name)).collect();
    let snapshot = transport::read_options(&options, &names);
    let field = |object: &JsValue, key: &str| Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if let Some(thrown) = field(&snapshot, "thrown").as_string() {
        return Err(NeptunError::invalid_argument(concat(&["reading the options threw: ", &thrown])));
    }
    let keys: Vec<String> = field(&snapshot, "keys")
        .dyn_into::<js_sys::Array>()
        .map(|keys| keys.iter().filter_map(|key| key.as_string()).collect())
        .unwrap_or_default();
    if let Some(unknown) = keys.iter().find(|key| !OPTION_NAMES.contains(&key.as_str())) {
        // A fold rather than `join`, which costs a KB of wasm.
        let known = OPTION_NAMES.iter().fold(String::new(), |list, name| {
            if list.is_empty() {
                (*name).to_owned()
            } else {
                list + ", " + name
            }
        });
        return Err(NeptunError::invalid_argument(concat(&[
            "unknown option `",
            unknown,
            "` (the options are ",
            &known,
            ")",
        ])));
    }
    let values = field(&snapshot, "values");
    let get = |name: &str| Some(field(&values, name)).filter(|value| !value.is_undefined() && !value.is_null());
    let mistyped = |name: &str, expected: &str, value: &JsValue| {
        NeptunError::invalid_argument(concat(&["options.", name, " must be ", expected, ", got ", type_name(value)]))
    };
    let string = |name: &str| {
        get(name).map(|value| value.as_string().ok_or_else(|| mistyped(name, "a string", &value))).transpose()
    };
    let number = |name: &str| {
        get(name).map(|value| value.as_f64().ok_or_else(|| mistyped(name, "a number", &value))).transpose()
    };
    let credentials = string("credentials")?
        .map(|value| {
            Credentials::from_js(&value).ok_or_else(|| {
                NeptunError::invalid_argument("options.credentials must be \"include\", \"same-origin\" or \"omit\"")
            })
        })
        .transpose()?;
    let signal = get("signal").unwrap_or(JsValue::UNDEFINED);
    if !signal.is_undefined() && field(&snapshot, "signalOk").as_bool() != Some(true) {
        return Err(mistyped("signal", "an AbortSignal", &signal));
    }
    let parsed = GetChatMessagesOptions {
        base_url: string("baseUrl")?,
        signal: (!signal.is_undefined()).then_some(SignalSlot),
        timeout_ms: number("timeoutMs")?,
        retries: number("retries")?,
        session_cookie: string("sessionCookie")?,
        credentials,
        max_body_bytes: number("maxBodyBytes")?,
    };
    Ok((parsed, signal))
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

fn type_name(value: &JsValue) -> &'static str {
    if value.is_null() {
        "null"
    } else if value.is_undefined() {
        "undefined"
    } else if value.is_string() {
        "string"
    } else if value.is_bigint() {
        "bigint"
    } else if value.as_bool().is_some() {
        "boolean"
    } else if value.as_f64().is_some() {
        "number"
    } else if value.is_symbol() {
        "symbol"
    } else if value.is_function() {
        "function"
    } else {
        "object"
    }
}

/// A `NeptunError` as a real JS `Error` with `name`, `kind` and the details that apply.
fn to_js_error(error: NeptunError) -> JsValue {
    let js_error = js_sys::Error::new(&error.message());
    js_error.set_name("NeptunError");
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&js_error, &key.into(), &value);
    };
    set("kind", error.kind.as_str().into());
    if let Some(status) = error.status {
        set("status", status.into());
    }
    for (key, value) in
        [("statusMessage", error.status_message), ("serverMessage", error.server_message), ("path", error.path)]
    {
        if let Some(value) = value {
            set(key, value.into());
        }
    }
    if let Some(ms) = error.retry_after_ms {
        set("retryAfterMs", ms.into());
    }
    js_error.into()
}
