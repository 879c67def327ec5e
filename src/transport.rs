//! What the outcomes of the JavaScript transport mean. `js/fetch.js` runs the HTTP exchange (one
//! attempt at a time: `fetch`, then the body chunk by chunk, within `maxBodyBytes`, a timeout per
//! attempt and the caller's abort signal; the retries between attempts) and asks the wasm for every
//! decision: this module names an attempt that ended without a response, [`crate::response`] says
//! which bodies are the messages and what any other response means, [`crate::decode`] validates the
//! messages as they arrive, and [`crate::retry`] says whether and when to try again. Pure.

use crate::error::{concat, push_decimal, ErrorKind, NeptunError};

/// The error for an attempt that ended without a usable response. `failure` is what
/// `js/fetch.js` reports: `"aborted"` (the caller's signal), `"timeout"`, `"tooLarge"` (the body
/// is over `maxBodyBytes`; `detail` says by how much, `status` is the response's),
/// `"notAResponse"` (`fetch` gave something else than a response; `detail` says what), or
/// `"network"` (`fetch` or the body stream threw; `detail` describes what it threw).
pub fn failure_error(failure: &str, detail: &str, status: Option<u16>, url: &str, timeout_ms: u32) -> NeptunError {
    match failure {
        "aborted" => aborted(),
        "timeout" => NeptunError::new(ErrorKind::Timeout, {
            let mut detail = "no complete response within ".to_owned();
            push_decimal(&mut detail, u64::from(timeout_ms));
            detail + " ms (options.timeoutMs)"
        }),
        "tooLarge" => NeptunError { status, ..NeptunError::invalid_response("", detail) },
        "notAResponse" => {
            NeptunError::invalid_response("", concat(&["the runtime's fetch did not give a usable response: ", detail]))
        }
        _ => network_error(url, detail),
    }
}

/// The error for a call whose `AbortSignal` fired.
pub fn aborted() -> NeptunError {
    NeptunError::new(ErrorKind::Aborted, "the caller's AbortSignal aborted the request")
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

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1:3000/api/users/1/chats/2/messages";

    #[test]
    fn each_failure_has_its_kind_and_says_what_happened() {
        let error = failure_error("aborted", "", None, URL, 10_000);
        assert_eq!((error.kind, error.message()), (ErrorKind::Aborted, aborted().message()));
        let error = failure_error("timeout", "", None, URL, 250);
        assert_eq!(error.kind, ErrorKind::Timeout);
        assert_eq!(error.message(), "timeout: no complete response within 250 ms (options.timeoutMs)");
        let error = failure_error("tooLarge", "the response body is 9 bytes, more than 8", Some(200), URL, 1);
        assert_eq!(
            (error.kind, error.status, error.path.as_deref()),
            (ErrorKind::InvalidResponse, Some(200), Some(""))
        );
        assert!(error.message().ends_with("the response body is 9 bytes, more than 8"), "{}", error.message());
        let error = failure_error("notAResponse", "fetch resolved to undefined", None, URL, 1);
        assert_eq!(error.kind, ErrorKind::InvalidResponse);
        assert!(error.message().ends_with("usable response: fetch resolved to undefined"), "{}", error.message());
    }

    #[test]
    fn a_network_failure_names_the_url_the_cause_and_cors() {
        let error = failure_error("network", "TypeError: Failed to fetch", None, URL, 1);
        assert_eq!(error.kind, ErrorKind::Network);
        let message = error.message();
        for part in [URL, "(TypeError: Failed to fetch)", "CORS", "Access-Control-Allow-Credentials: true"] {
            assert!(message.contains(part), "{part}: {message}");
        }
        assert!(error.is_retryable());
    }
}
