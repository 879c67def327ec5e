//! The HTTP exchange in JavaScript runtimes: one attempt at a time through `js/transport.js`
//! (`fetch`, the body within `maxBodyBytes`, a timeout per attempt, the caller's abort signal),
//! and the retries between attempts.
//!
//! The JavaScript side never throws and always settles with a plain object; this side reads that
//! object's fields with checks, so no runtime (a fetch polyfill, a test mock returning a
//! Response-like object, a `fetch` that throws or returns `undefined`) can make the wasm panic.

use crate::decode::Validated;
use crate::error::{ErrorKind, NeptunError};
use crate::request::{messages_url, RequestConfig};
use crate::response::{interpret, HttpResponse};
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
    /// One attempt; always resolves, with a response or a `failure` (see `js/transport.js`).
    fn attempt(
        url: &str,
        credentials: &str,
        cookie: Option<String>,
        timeout_ms: u32,
        signal: &JsValue,
        max_bytes: f64,
    ) -> js_sys::Promise;
    /// Resolves after `ms`, or as soon as `signal` fires; never rejects.
    fn sleep(ms: f64, signal: &JsValue) -> js_sys::Promise;
}

/// Fetches the messages of `chat_id`, retrying as the config allows, and returns the validated body.
/// `signal` is the caller's `AbortSignal`, or `undefined`.
pub async fn fetch_chat_messages(
    user_id: u64,
    chat_id: u64,
    config: &RequestConfig,
    signal: &JsValue,
) -> Result<(Vec<u8>, Validated), NeptunError> {
    let url = messages_url(&config.base_url, user_id, chat_id);
    let mut retry = 0;
    loop {
        if is_aborted(signal) {
            return Err(aborted());
        }
        let error = match one_attempt(&url, config, signal).await {
            Ok(fetched) => match interpret(&fetched.response(), chat_id, js_sys::Date::now()) {
                Ok(validated) => return Ok((fetched.body, validated)),
                Err(error) => error,
            },
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

/// One response as read from the network.
struct Fetched {
    status: u16,
    status_text: String,
    content_type: Option<String>,
    retry_after: Option<String>,
    body: Vec<u8>,
}

impl Fetched {
    fn response(&self) -> HttpResponse<'_> {
        HttpResponse {
            status: self.status,
            status_text: &self.status_text,
            content_type: self.content_type.as_deref(),
            retry_after: self.retry_after.as_deref(),
            body: &self.body,
        }
    }
}

/// A field of the plain object `attempt` resolved with.
fn field(outcome: &JsValue, name: &str) -> JsValue {
    Reflect::get(outcome, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// One attempt, its outcome read into a [`Fetched`] or the error it ended with.
async fn one_attempt(url: &str, config: &RequestConfig, signal: &JsValue) -> Result<Fetched, NeptunError> {
    let promise = attempt(
        url,
        config.credentials.as_js(),
        config.cookie_header.clone(),
        config.timeout_ms,
        signal,
        f64::from(config.max_body_bytes),
    );
    // `attempt` never rejects; were it to, that is a failed request all the same.
    let outcome = JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED);
    let status = field(&outcome, "status").as_f64().map(|status| status as u16);
    let detail = field(&outcome, "detail").as_string().unwrap_or_default();
    match field(&outcome, "failure").as_string().as_deref() {
        None => {}
        Some("aborted") => return Err(aborted()),
        Some("timeout") => {
            return Err(NeptunError::new(
                ErrorKind::Timeout,
                format!("no complete response within {} ms (options.timeoutMs)", config.timeout_ms),
            ))
        }
        Some("tooLarge") => return Err(NeptunError { status, ..NeptunError::invalid_response("", detail) }),
        Some("notAResponse") => {
            return Err(NeptunError::invalid_response(
                "",
                format!("the runtime's fetch did not give a usable response: {detail}"),
            ))
        }
        Some(_) => return Err(network_error(url, &detail)),
    }
    let (Some(status), Some(body)) = (status, field(&outcome, "body").dyn_into::<Uint8Array>().ok()) else {
        return Err(NeptunError::invalid_response("", "the runtime's fetch did not give a usable response"));
    };
    Ok(Fetched {
        status,
        status_text: field(&outcome, "statusText").as_string().unwrap_or_default(),
        content_type: field(&outcome, "contentType").as_string(),
        retry_after: field(&outcome, "retryAfter").as_string(),
        body: crate::decode::js::body_from(&body),
    })
}

fn network_error(url: &str, cause: &str) -> NeptunError {
    NeptunError::new(
        ErrorKind::Network,
        format!(
            "the request to {url} failed before a response arrived ({cause}): the server is unreachable \
             (connection refused or reset, DNS, offline), or the browser refused a cross-origin response \
             (CORS: the server must answer with this page's exact origin and \
             Access-Control-Allow-Credentials: true; otherwise call it same-origin or through a proxy)"
        ),
    )
}
