//! The one error type of the client, [`NeptunError`], and its [`ErrorKind`].
//!
//! In JavaScript a `NeptunError` is a real `Error` (`name === "NeptunError"`) with the properties
//! `kind`, `status`, `statusMessage`, `serverMessage`, `path` and `retryAfterMs` where they apply
//! (see `bindings.rs`). Messages never contain the session cookie or large parts of a body.

use serde::Serialize;
use std::fmt;
use tsify::Tsify;

/// What went wrong, as a closed set: `switch (err.kind)` in TypeScript is checked for exhaustiveness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// A bad `userId`, `chatId` or option; no request was made.
    InvalidArgument,
    /// HTTP 401: the session is missing, invalid or expired, or the chat is not the session user's
    /// (the real server answers 401, not 404, for someone else's or a missing chat).
    Unauthorized,
    /// HTTP 403.
    Forbidden,
    /// HTTP 404.
    NotFound,
    /// HTTP 400: the server rejected the ids.
    BadRequest,
    /// HTTP 429, still after the retries.
    RateLimited,
    /// HTTP 5xx, or a 200 whose `chatMessages` is `null` (the server's database read failed).
    Server,
    /// Any other non-2xx status.
    Http,
    /// The request itself failed: connection refused or reset, DNS, offline, or a CORS refusal.
    Network,
    /// An attempt took longer than `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx whose body is not JSON, not `application/json`, or does not fit the model (`path` says where);
    /// a body over `maxBodyBytes`; or a `fetch` that gave no usable response.
    InvalidResponse,
    /// The package's WebAssembly module could not be loaded (its message says why and what to change).
    /// Raised by the package's JavaScript loader, never by a request.
    WasmLoad,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::InvalidArgument,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::BadRequest,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::Http,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Aborted,
        ErrorKind::InvalidResponse,
        ErrorKind::WasmLoad,
    ];

    /// The kind of this JavaScript name ([`ErrorKind::as_str`]).
    pub fn named(name: &str) -> Option<ErrorKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The kind's name as JavaScript sees it (`"invalidArgument"`, `"notFound"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalidArgument",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "notFound",
            ErrorKind::BadRequest => "badRequest",
            ErrorKind::RateLimited => "rateLimited",
            ErrorKind::Server => "server",
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::InvalidResponse => "invalidResponse",
            ErrorKind::WasmLoad => "wasmLoad",
        }
    }
}

/// The client's one error: a [`ErrorKind`], a readable message, and the details that apply.
#[derive(Debug, Clone, PartialEq)]
pub struct NeptunError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// A readable explanation (without the kind, which [`fmt::Display`] adds).
    pub detail: String,
    /// The HTTP status, for errors that come from a response.
    pub status: Option<u16>,
    /// The server's `statusMessage` (or the HTTP reason phrase when the body has none).
    pub status_message: Option<String>,
    /// The server's own explanation (`data.message`, `message`, or the first Zod issue), bounded.
    pub server_message: Option<String>,
    /// For `invalidResponse`: the JSON path of the first problem, e.g. `chatMessages[3].updated_at`.
    pub path: Option<String>,
    /// How long the server asked to wait (`Retry-After`), in milliseconds, before any cap.
    pub retry_after_ms: Option<f64>,
}

/// Longest server-provided text an error keeps (in characters).
const MAX_SERVER_TEXT: usize = 300;

impl NeptunError {
    /// An error of `kind` with `detail` and nothing else.
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        NeptunError {
            kind,
            detail: detail.into(),
            status: None,
            status_message: None,
            server_message: None,
            path: None,
            retry_after_ms: None,
        }
    }

    /// An `invalidArgument` error.
    pub fn invalid_argument(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, detail)
    }

    /// An `invalidResponse` error at a JSON `path`.
    pub fn invalid_response(path: impl Into<String>, detail: impl Into<String>) -> Self {
        NeptunError { path: Some(path.into()), ..Self::new(ErrorKind::InvalidResponse, detail) }
    }

    /// The `server` error for a body whose `chatMessages` is `null` (sent with `status`).
    pub fn server_null_messages(status: Option<u16>) -> Self {
        NeptunError {
            status,
            ..Self::new(ErrorKind::Server, "the server answered `chatMessages: null`: its database read failed")
        }
    }

    /// May the same request succeed if sent again? (Network errors, timeouts, 408, 429, 500, 502,
    /// 503, 504 and `chatMessages: null`; never other 4xx, an abort or an invalid body.)
    pub fn is_retryable(&self) -> bool {
        match self.kind {
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::RateLimited => true,
            ErrorKind::Server => {
                !matches!(self.status, Some(status) if status >= 500 && !matches!(status, 500 | 502 | 503 | 504))
            }
            ErrorKind::Http => self.status == Some(408),
            _ => false,
        }
    }

    /// The text shown as the JavaScript `Error.message` (also what [`fmt::Display`] shows):
    /// `kind (HTTP status statusMessage): path: detail (server said: "serverMessage")`, each part
    /// where it applies. Built with string pushes: `core::fmt` costs the wasm more.
    pub fn message(&self) -> String {
        let mut out = String::from(self.kind.as_str());
        if let Some(status) = self.status {
            out.push_str(" (HTTP ");
            push_decimal(&mut out, status.into());
            if let Some(reason) = &self.status_message {
                out.push(' ');
                out.push_str(reason);
            }
            out.push(')');
        }
        out.push_str(": ");
        if let Some(path) = self.path.as_deref().filter(|path| !path.is_empty()) {
            out.push_str(path);
            out.push_str(": ");
        }
        out.push_str(&self.detail);
        if let Some(server) = &self.server_message {
            out.push_str(" (server said: \"");
            out.push_str(server);
            out.push_str("\")");
        }
        out
    }
}

/// The decimal digits of `n`, written into `buf`. Integers become text this way, and strings are
/// joined with [`concat`] and pushes rather than `format!`: `core::fmt` (and its integer and padding
/// code) costs the wasm several KB.
pub(crate) fn decimal(n: u64, buf: &mut [u8; 20]) -> &str {
    let mut n = n;
    let mut start = buf.len();
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    core::str::from_utf8(&buf[start..]).unwrap_or_default()
}

/// Appends the decimal digits of `n` to `out`.
pub(crate) fn push_decimal(out: &mut String, n: u64) {
    out.push_str(decimal(n, &mut [0; 20]));
}

/// The parts joined, in one allocation.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Keeps at most [`MAX_SERVER_TEXT`] characters of a server-provided text, on a char boundary.
pub(crate) fn bounded(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_SERVER_TEXT) {
        Some((cut, _)) => concat(&[&text[..cut], "…"]),
        None => text.to_owned(),
    }
}

/// Formats a number as JavaScript shows it (`NaN`, `Infinity`, `-3`, `1.5`), with integer
/// arithmetic only: float formatting would add several KB of code to the wasm.
pub(crate) fn js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    let abs = n.abs();
    if abs.is_infinite() {
        out.push_str("Infinity");
        return out;
    }
    if abs >= 1e19 {
        out.push_str("1e19 or more");
        return out;
    }
    // Six decimals, never rounded up to the next integer (2.9999999 must not read as the integer 3).
    let micros = (abs.fract() * 1e6).round().min(999_999.0) as u64;
    push_decimal(&mut out, abs.trunc() as u64);
    if micros != 0 {
        // The six digits with their leading zeros (1_000_000 + micros without its `1`), without
        // trailing zeros.
        let mut buf = [0; 20];
        out.push('.');
        out.push_str(decimal(1_000_000 + micros, &mut buf)[1..].trim_end_matches('0'));
    } else if abs.fract() != 0.0 {
        out.push_str(" plus a tiny fraction");
    }
    out
}

impl fmt::Display for NeptunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for NeptunError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_by_its_javascript_name() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::named(kind.as_str()), Some(kind));
        }
        assert_eq!(ErrorKind::named("Timeout"), None);
    }

    #[test]
    fn retryable_kinds_follow_the_contract() {
        let with_status = |kind, status| NeptunError { status: Some(status), ..NeptunError::new(kind, "") };
        let retryable = [
            NeptunError::new(ErrorKind::Network, ""),
            NeptunError::new(ErrorKind::Timeout, ""),
            with_status(ErrorKind::RateLimited, 429),
            with_status(ErrorKind::Http, 408),
            with_status(ErrorKind::Server, 500),
            with_status(ErrorKind::Server, 502),
            with_status(ErrorKind::Server, 503),
            with_status(ErrorKind::Server, 504),
            NeptunError::server_null_messages(Some(200)),
            NeptunError::server_null_messages(None),
        ];
        let final_errors = [
            with_status(ErrorKind::Server, 501),
            with_status(ErrorKind::Server, 505),
            with_status(ErrorKind::Unauthorized, 401),
            with_status(ErrorKind::BadRequest, 400),
            with_status(ErrorKind::NotFound, 404),
            with_status(ErrorKind::Forbidden, 403),
            with_status(ErrorKind::Http, 409),
            NeptunError::new(ErrorKind::Aborted, ""),
            NeptunError::invalid_response("chatMessages", "x"),
            NeptunError::invalid_argument("x"),
        ];
        let expected = retryable.iter().map(|e| (e, true)).chain(final_errors.iter().map(|e| (e, false)));
        for (error, is_retryable) in expected {
            assert_eq!(error.is_retryable(), is_retryable, "{error}");
        }
    }

    #[test]
    fn message_names_kind_status_path_and_server_text() {
        let error = NeptunError {
            status: Some(401),
            status_message: Some("Unauthorized.".into()),
            server_message: Some("Unauthorized".into()),
            ..NeptunError::new(ErrorKind::Unauthorized, "sign in again")
        };
        assert_eq!(
            error.message(),
            "unauthorized (HTTP 401 Unauthorized.): sign in again (server said: \"Unauthorized\")"
        );
        let decode = NeptunError::invalid_response("chatMessages[3].actor", "expected \"user\"");
        assert_eq!(decode.message(), "invalidResponse: chatMessages[3].actor: expected \"user\"");
    }

    #[test]
    fn numbers_read_as_in_javascript() {
        for (n, shown) in [
            (0.0, "0"),
            (-0.0, "0"),
            (-1.0, "-1"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (2.999_999_9, "2.999999"),
            (0.3, "0.3"),
            (1e-9, "0 plus a tiny fraction"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (1e300, "1e19 or more"),
            (9_999_999_999_999_999_999.0, "1e19 or more"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(js_number(n), shown, "{n}");
        }
    }

    #[test]
    fn decimal_writes_every_digit() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, 9_007_199_254_740_991, u64::MAX - 1, u64::MAX] {
            assert_eq!(decimal(n, &mut [0; 20]), n.to_string());
        }
        let mut out = String::from("x");
        push_decimal(&mut out, 42);
        assert_eq!(out, "x42");
        assert_eq!(concat(&["a", "", "bc"]), "abc");
    }

    #[test]
    fn bounded_cuts_long_server_text_on_a_char_boundary() {
        let long = "é".repeat(1000);
        let cut = bounded(&long);
        assert_eq!(cut.chars().count(), MAX_SERVER_TEXT + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(bounded("  short  "), "short");
    }
}
