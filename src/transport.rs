//! The HTTP exchange in JavaScript runtimes: gloo-net's `fetch`, a timeout per attempt, the
//! caller's abort signal, and retries.

use crate::decode::Validated;
use crate::error::{ErrorKind, NeptunError};
use crate::request::{messages_url, Credentials, RequestConfig};
use crate::response::{interpret, HttpResponse};
use crate::retry::retry_delay_ms;
use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCredentials};

#[wasm_bindgen(inline_js = r#"
export function isBrowser() {
  return typeof document === 'object' ||
    (typeof WorkerGlobalScope === 'function' && typeof self === 'object' && self instanceof WorkerGlobalScope);
}
export function guardAttempt(controller, signal, ms) {
  const guard = { timedOut: false };
  const onAbort = () => controller.abort();
  const timer = setTimeout(() => { guard.timedOut = true; controller.abort(); }, ms);
  if (signal) {
    if (signal.aborted) controller.abort(); else signal.addEventListener('abort', onAbort);
  }
  guard.dispose = () => { clearTimeout(timer); if (signal) signal.removeEventListener('abort', onAbort); };
  return guard;
}
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve();
    const done = () => { clearTimeout(timer); if (signal) signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    if (signal) signal.addEventListener('abort', done);
  });
}
"#)]
extern "C" {
    /// Does this code run in a browser (page or worker), where the browser owns the cookies?
    #[wasm_bindgen(js_name = isBrowser)]
    pub fn is_browser() -> bool;

    type AttemptGuard;
    /// Aborts `controller` after `ms` or when `signal` aborts, whichever comes first.
    #[wasm_bindgen(js_name = guardAttempt)]
    fn guard_attempt(controller: &AbortController, signal: Option<&AbortSignal>, ms: u32) -> AttemptGuard;
    #[wasm_bindgen(method, getter, js_name = timedOut)]
    fn timed_out(this: &AttemptGuard) -> bool;
    #[wasm_bindgen(method)]
    fn dispose(this: &AttemptGuard);

    /// Resolves after `ms`, or as soon as `signal` aborts.
    fn sleep(ms: f64, signal: Option<&AbortSignal>) -> js_sys::Promise;
}

/// Fetches the messages of `chat_id`, retrying as the config allows, and returns the validated body.
pub async fn fetch_chat_messages(
    user_id: u64,
    chat_id: u64,
    config: &RequestConfig,
    signal: Option<&AbortSignal>,
) -> Result<(Vec<u8>, Validated), NeptunError> {
    let url = messages_url(&config.base_url, user_id, chat_id);
    let mut retry = 0;
    loop {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        let error = match attempt(&url, config, signal).await {
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

/// One attempt: headers and body within the timeout, abortable by the caller.
async fn attempt(url: &str, config: &RequestConfig, signal: Option<&AbortSignal>) -> Result<Fetched, NeptunError> {
    let controller = AbortController::new()
        .map_err(|_| NeptunError::new(ErrorKind::Network, "this runtime has no AbortController"))?;
    let guard = guard_attempt(&controller, signal, config.timeout_ms);
    let result = fetch(url, config, &controller.signal()).await;
    guard.dispose();
    result.map_err(|cause| {
        if signal.is_some_and(AbortSignal::aborted) {
            aborted()
        } else if guard.timed_out() {
            NeptunError::new(
                ErrorKind::Timeout,
                format!("no complete response within {} ms (options.timeoutMs)", config.timeout_ms),
            )
        } else {
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
    })
}

async fn fetch(url: &str, config: &RequestConfig, signal: &AbortSignal) -> Result<Fetched, String> {
    let credentials = match config.credentials {
        Credentials::Include => RequestCredentials::Include,
        Credentials::SameOrigin => RequestCredentials::SameOrigin,
        Credentials::Omit => RequestCredentials::Omit,
    };
    let mut request = RequestBuilder::new(url)
        .method(Method::GET)
        .credentials(credentials)
        .header("Accept", "application/json")
        .abort_signal(Some(signal));
    if let Some(cookie) = &config.cookie_header {
        request = request.header("Cookie", cookie);
    }
    let response = request.send().await.map_err(|error| error.to_string())?;
    let headers = response.headers();
    let body = response.binary().await.map_err(|error| error.to_string())?;
    Ok(Fetched {
        status: response.status(),
        status_text: response.status_text(),
        content_type: headers.get("content-type"),
        retry_after: headers.get("retry-after"),
        body,
    })
}
