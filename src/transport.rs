//! The HTTP exchange in JavaScript runtimes: one attempt at a time through `js/transport.js`
//! (`fetch`, then the body chunk by chunk, within `maxBodyBytes`, a timeout per attempt and the
//! caller's abort signal), and the retries between attempts.
//!
//! A 2xx JSON body is validated as it arrives ([`BodyStream`]): its messages become JavaScript
//! objects batch by batch, wasm memory stays bounded whatever its size, and an invalid body is
//! rejected (and the download stopped) as soon as its first problem has arrived. Other responses
//! are read whole (at most what an error envelope may take) and interpreted by [`interpret`].
//!
//! The JavaScript side never throws and always settles with a plain object; this side reads that
//! object's fields with checks, so no runtime (a fetch polyfill, a test mock returning a
//! Response-like object, a `fetch` that throws or returns `undefined`) can make the wasm panic.

use crate::decode::js::{drain, feed, JsMessages};
use crate::decode::BodyStream;
use crate::error::{concat, push_decimal, ErrorKind, NeptunError};
use crate::request::{messages_url, RequestConfig};
use crate::response::{interpret, streams_body, HttpResponse, MAX_ERROR_BODY};
use crate::retry::retry_delay_ms;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// Does this code run in a browser (page or worker), where the browser owns the cookies?
    #[wasm_bindgen(js_name = isBrowser)]
    pub fn is_browser() -> bool;
    /// Has the signal fired? (`false` for a signal whose getter throws.)
    #[wasm_bindgen(js_name = isAborted)]
    pub fn is_aborted(signal: &JsValue) -> bool;
    /// Reads an options object once into plain data: `{ keys, values, signalOk }` or `{ thrown }`.
    #[wasm_bindgen(js_name = readOptions)]
    pub fn read_options(options: &JsValue, names: &js_sys::Array) -> JsValue;
    /// One attempt; always resolves, with the response's head or a `failure` (see `js/transport.js`).
    fn attempt(
        url: &str,
        credentials: &str,
        cookie: Option<String>,
        timeout_ms: u32,
        signal: &JsValue,
        max_bytes: f64,
    ) -> js_sys::Promise;
    /// The next chunk of a body: `{ chunk }`, `{ done: true }` or a `failure`; never rejects.
    #[wasm_bindgen(js_name = readChunk)]
    fn read_chunk(body: &JsValue) -> js_sys::Promise;
    /// Stops reading a body (and its request).
    #[wasm_bindgen(js_name = cancelBody)]
    fn cancel_body(body: &JsValue);
    /// Resolves after `ms`, or as soon as `signal` fires; never rejects.
    fn sleep(ms: f64, signal: &JsValue) -> js_sys::Promise;
}

/// Fetches the messages of `chat_id`, retrying as the config allows: `{ chatMessages }`, validated.
/// `signal` is the caller's `AbortSignal`, or `undefined`.
pub async fn fetch_chat_messages(
    user_id: u64,
    chat_id: u64,
    config: &RequestConfig,
    signal: &JsValue,
) -> Result<JsValue, NeptunError> {
    let url = messages_url(&config.base_url, user_id, chat_id);
    let mut retry = 0;
    loop {
        if is_aborted(signal) {
            return Err(aborted());
        }
        let error = match one_attempt(&url, config, chat_id, signal).await {
            Ok(messages) => return Ok(messages),
            Err(error) => error,
        };
        if retry >= config.retries || !error.is_retryable() {
            return Err(error);
        }
        retry += 1;
        let Some(delay) = retry_delay_ms(retry, error.retry_after_ms, js_sys::Math::random()) else {
            return Err(error);
        };
        // `sleep` never rejects; an abort during the wait is seen at the top of the loop.
        let _ = JsFuture::from(sleep(delay, signal)).await;
    }
}

fn aborted() -> NeptunError {
    NeptunError::new(ErrorKind::Aborted, "the caller's AbortSignal aborted the request")
}

/// A field of a plain object from `js/transport.js`.
fn field(outcome: &JsValue, name: &str) -> JsValue {
    Reflect::get(outcome, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// One attempt: the validated messages, or the error it ended with.
async fn one_attempt(
    url: &str,
    config: &RequestConfig,
    chat_id: u64,
    signal: &JsValue,
) -> Result<JsValue, NeptunError> {
    let promise = attempt(
        url,
        config.credentials.as_js(),
        config.cookie_header.clone(),
        config.timeout_ms,
        signal,
        f64::from(config.max_body_bytes),
    );
    // `attempt` never rejects; were it to, that is a failed request all the same.
    let head = JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED);
    failure(&head, url, config)?;
    let (Some(status), body) = (field(&head, "status").as_f64().map(|status| status as u16), field(&head, "body"))
    else {
        return Err(not_a_response());
    };
    let status_text = field(&head, "statusText").as_string().unwrap_or_default();
    let content_type = field(&head, "contentType").as_string();
    if streams_body(status, content_type.as_deref()) {
        return stream_messages(&body, status, chat_id, url, config).await;
    }
    let body_bytes = read_error_body(&body, url, config).await?;
    let retry_after = field(&head, "retryAfter").as_string();
    let response = HttpResponse {
        status,
        status_text: &status_text,
        content_type: content_type.as_deref(),
        retry_after: retry_after.as_deref(),
        body: &body_bytes,
    };
    match interpret(&response, chat_id, js_sys::Date::now()) {
        // `streams_body` said no: `interpret` finds the problem (status or content type) itself.
        Ok(_) => Err(not_a_response()),
        Err(error) => Err(error),
    }
}

/// Validates a 2xx JSON body as it arrives, into `{ chatMessages }`; on the first problem the
/// download stops. Problems with the body carry the response's `status`.
async fn stream_messages(
    body: &JsValue,
    status: u16,
    chat_id: u64,
    url: &str,
    config: &RequestConfig,
) -> Result<JsValue, NeptunError> {
    let mut stream = BodyStream::new(chat_id, true);
    let mut messages = JsMessages::new();
    let with_status = |error: NeptunError| NeptunError { status: Some(status), ..error };
    let result = async {
        while let Some(chunk) = next_chunk(body, url, config).await? {
            feed(&mut stream, &mut messages, &chunk).map_err(with_status)?;
        }
        drain(&mut stream, &mut messages, true).map_err(with_status)?;
        stream.finish().map_err(with_status)
    }
    .await;
    match result {
        Ok(_) => Ok(messages.finish()),
        Err(error) => {
            cancel_body(body);
            Err(error)
        }
    }
}

/// The body of a response that is not streamed, up to what an error envelope may take (the rest is
/// not downloaded).
async fn read_error_body(body: &JsValue, url: &str, config: &RequestConfig) -> Result<Vec<u8>, NeptunError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = next_chunk(body, url, config).await? {
        let len = chunk.length() as usize;
        let start = bytes.len();
        bytes.resize(start + len, 0);
        chunk.copy_to(bytes.get_mut(start..).unwrap_or_default());
        if bytes.len() > MAX_ERROR_BODY {
            cancel_body(body);
            break;
        }
    }
    Ok(bytes)
}

/// The next chunk of `body`, `None` at its end.
async fn next_chunk(body: &JsValue, url: &str, config: &RequestConfig) -> Result<Option<Uint8Array>, NeptunError> {
    let outcome = JsFuture::from(read_chunk(body)).await.unwrap_or(JsValue::UNDEFINED);
    failure(&outcome, url, config)?;
    if field(&outcome, "done").as_bool() == Some(true) {
        return Ok(None);
    }
    field(&outcome, "chunk").dyn_into::<Uint8Array>().map(Some).map_err(|_| not_a_response())
}

/// The error an outcome of `js/transport.js` reports, if it reports one.
fn failure(outcome: &JsValue, url: &str, config: &RequestConfig) -> Result<(), NeptunError> {
    let Some(failure) = field(outcome, "failure").as_string() else {
        return if outcome.is_object() { Ok(()) } else { Err(not_a_response()) };
    };
    let detail = field(outcome, "detail").as_string().unwrap_or_default();
    let status = field(outcome, "status").as_f64().map(|status| status as u16);
    Err(match failure.as_str() {
        "aborted" => aborted(),
        "timeout" => NeptunError::new(ErrorKind::Timeout, {
            let mut detail = "no complete response within ".to_owned();
            push_decimal(&mut detail, u64::from(config.timeout_ms));
            detail + " ms (options.timeoutMs)"
        }),
        "tooLarge" => NeptunError { status, ..NeptunError::invalid_response("", detail) },
        "notAResponse" => NeptunError::invalid_response(
            "",
            concat(&["the runtime's fetch did not give a usable response: ", &detail]),
        ),
        _ => network_error(url, &detail),
    })
}

fn not_a_response() -> NeptunError {
    NeptunError::invalid_response("", "the runtime's fetch did not give a usable response")
}

fn network_error(url: &str, cause: &str) -> NeptunError {
    NeptunError::new(
        ErrorKind::Network,
        concat(&[
            "the request to ",
            url,
            " failed before a response arrived (",
            cause,
            "): the server is unreachable (connection refused or reset, DNS, offline), or the browser \
             refused a cross-origin response (CORS: the server must answer with this page's exact origin and \
             Access-Control-Allow-Credentials: true; otherwise call it same-origin or through a proxy)",
        ]),
    )
}
