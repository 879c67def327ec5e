//! What is sent: argument checks, options, the URL. Pure (no JavaScript calls).

use crate::error::{concat, js_number, push_decimal, NeptunError};
use tsify::Tsify;

/// Where requests go when no `baseUrl` is given: the public Neptun deployment.
pub const DEFAULT_BASE_URL: &str = "https://neptun-webui.vercel.app";
/// Default per-attempt timeout, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// Largest `timeoutMs` (what `setTimeout` can wait).
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;
/// Default number of retries after the first attempt.
pub const DEFAULT_RETRIES: u32 = 2;
/// Largest `retries`.
pub const MAX_RETRIES: u32 = 10;
/// Default largest response body, in bytes (64 MiB: about 40,000 long messages).
pub const DEFAULT_MAX_BODY_BYTES: u32 = 64 << 20;
/// Largest `maxBodyBytes`: a body must fit in one JavaScript string for `JSON.parse`, and V8's
/// strings hold at most 2^29 − 24 characters.
pub const MAX_BODY_BYTES: u32 = (1 << 29) - 24;
/// The name of Neptun's session cookie.
pub const SESSION_COOKIE: &str = "neptun-session";

const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Options of `getChatMessages` and of `new NeptunClient(...)`. Every field is optional; per-call
/// options override the client's.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GetChatMessagesOptions {
    /// Origin (and optional path prefix) of the Neptun server. Default
    /// `"https://neptun-webui.vercel.app"`. `""` calls the same origin with a relative URL (as
    /// Neptun's own web UI does); `"/neptun"` goes through a proxy path on your origin. Relative
    /// values work only in a browser. Example: `"http://127.0.0.1:3000"`.
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Aborts the call, including retries and their waits; the promise then rejects with kind
    /// `"aborted"`. Default: none.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<SignalSlot>,
    /// Time limit of each attempt (headers and body), in milliseconds: an integer from 1 to
    /// 2147483647. Default `10000`. When every attempt times out the call rejects with kind `"timeout"`.
    #[tsify(optional)]
    pub timeout_ms: Option<f64>,
    /// How many times to retry after a network error, a timeout, HTTP 408, 429, 500, 502, 503, 504 or
    /// `chatMessages: null`, with exponential backoff (300 ms × 2ⁿ, jittered) or the server's
    /// `Retry-After` (up to 10 s). An integer from 0 to 10. Default `2`.
    #[tsify(optional)]
    pub retries: Option<f64>,
    /// Outside a browser only (Node, workers, SSR): the value of the `neptun-session` cookie, sent as
    /// `Cookie: neptun-session=<value>`. It is a secret: it never appears in an error. In a browser
    /// this is an `invalidArgument` error: there the browser sends the HttpOnly cookie itself.
    #[tsify(optional)]
    pub session_cookie: Option<String>,
    /// The fetch `credentials` mode. Default `"include"` (send the session cookie, also cross-origin).
    #[tsify(optional)]
    pub credentials: Option<Credentials>,
    /// Largest response body to read, in bytes: an integer from 1 to 536870888. Default `67108864`
    /// (64 MiB). A longer body ends the call with kind `"invalidResponse"` as soon as it is known:
    /// from `Content-Length` before reading, otherwise while reading.
    #[tsify(optional)]
    pub max_body_bytes: Option<f64>,
}

/// Stands for the `signal` option in the pure code; the `AbortSignal` itself stays with `bindings.rs`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignalSlot;

/// The fetch `credentials` mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    /// Send cookies, also to other origins (the server must allow it with CORS).
    #[default]
    Include,
    /// Send cookies to the page's own origin only.
    SameOrigin,
    /// Never send cookies.
    Omit,
}

impl Credentials {
    /// The JavaScript spelling, as `fetch` takes it.
    pub fn as_js(self) -> &'static str {
        match self {
            Credentials::Include => "include",
            Credentials::SameOrigin => "same-origin",
            Credentials::Omit => "omit",
        }
    }

    /// Parses the JavaScript spelling (`"include"`, `"same-origin"`, `"omit"`).
    pub fn from_js(value: &str) -> Option<Self> {
        match value {
            "include" => Some(Credentials::Include),
            "same-origin" => Some(Credentials::SameOrigin),
            "omit" => Some(Credentials::Omit),
            _ => None,
        }
    }
}

/// Where the code runs: in a browser (page or worker) the browser owns the cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runtime {
    /// A browser page or worker.
    Browser,
    /// Node, Deno, Bun, edge workers and other runtimes without a cookie jar.
    Server,
}

/// Options after checks and defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestConfig {
    /// The base URL without trailing slashes (`""` for same-origin).
    pub base_url: String,
    /// Per-attempt timeout in milliseconds.
    pub timeout_ms: u32,
    /// Retries after the first attempt.
    pub retries: u32,
    /// The `Cookie` header value to send (`neptun-session=...`), outside browsers only.
    pub cookie_header: Option<String>,
    /// The fetch credentials mode.
    pub credentials: Credentials,
    /// Largest response body to read, in bytes.
    pub max_body_bytes: u32,
}

/// A JavaScript argument as the checks see it: a number, or the `typeof` of something else.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum JsArg {
    /// A JS number.
    Number(f64),
    /// Anything else, by its type name (`"string"`, `"bigint"`, `"null"`, ...).
    Other(&'static str),
}

/// Checks a user or chat id: a positive safe integer (1 ..= 2^53−1).
pub fn check_id(name: &str, arg: JsArg) -> Result<u64, NeptunError> {
    match arg {
        JsArg::Number(n) if n.fract() == 0.0 && (1.0..=MAX_SAFE_INTEGER).contains(&n) => Ok(n as u64),
        JsArg::Number(n) => Err(NeptunError::invalid_argument(concat(&[
            name,
            " must be a positive safe integer (1 to 9007199254740991), got ",
            &js_number(n),
        ]))),
        JsArg::Other(type_name) => Err(NeptunError::invalid_argument(concat(&[
            name,
            " must be a number (a positive safe integer), got ",
            type_name,
        ]))),
    }
}

/// Merges client and per-call options (per-call wins), checks them and applies the defaults.
pub fn resolve(
    client: &GetChatMessagesOptions,
    call: &GetChatMessagesOptions,
    runtime: Runtime,
) -> Result<RequestConfig, NeptunError> {
    let base_url = call.base_url.as_deref().or(client.base_url.as_deref()).unwrap_or(DEFAULT_BASE_URL);
    let timeout_ms = call.timeout_ms.or(client.timeout_ms);
    let retries = call.retries.or(client.retries);
    let session_cookie = call.session_cookie.as_deref().or(client.session_cookie.as_deref());
    Ok(RequestConfig {
        base_url: check_base_url(base_url, runtime)?,
        timeout_ms: check_integer("timeoutMs", timeout_ms, 1, MAX_TIMEOUT_MS, DEFAULT_TIMEOUT_MS)?,
        retries: check_integer("retries", retries, 0, MAX_RETRIES, DEFAULT_RETRIES)?,
        cookie_header: session_cookie.map(|value| cookie_header(value, runtime)).transpose()?,
        credentials: call.credentials.or(client.credentials).unwrap_or_default(),
        max_body_bytes: check_integer(
            "maxBodyBytes",
            call.max_body_bytes.or(client.max_body_bytes),
            1,
            MAX_BODY_BYTES,
            DEFAULT_MAX_BODY_BYTES,
        )?,
    })
}

fn check_integer(name: &str, value: Option<f64>, min: u32, max: u32, default: u32) -> Result<u32, NeptunError> {
    match value {
        None => Ok(default),
        Some(n) if n.fract() == 0.0 && n >= f64::from(min) && n <= f64::from(max) => Ok(n as u32),
        Some(n) => {
            let mut detail = concat(&["options.", name, " must be an integer from "]);
            push_decimal(&mut detail, min.into());
            detail.push_str(" to ");
            push_decimal(&mut detail, max.into());
            detail.push_str(", got ");
            detail.push_str(&js_number(n));
            Err(NeptunError::invalid_argument(detail))
        }
    }
}

/// Checks a base URL: `http(s)://host[:port][/path]` (scheme in any case), or, in a browser, `""` or a
/// path starting with one `/`. User names and passwords are refused and never echoed; so are
/// backslashes, which browsers read as `/` (`/\host` would leave the page's origin).
fn check_base_url(base_url: &str, runtime: Runtime) -> Result<String, NeptunError> {
    let invalid = |why: &str| NeptunError::invalid_argument(concat(&["options.baseUrl ", why]));
    // Byte searches rather than `str` patterns: the same answers, less code in the wasm.
    if base_url.chars().any(|c| c.is_whitespace() || c.is_control())
        || base_url.bytes().any(|b| matches!(b, b'?' | b'#' | b'\\'))
    {
        return Err(invalid("must be an origin and optional path, without spaces, backslashes, query or fragment"));
    }
    let trimmed = &base_url[..base_url.len() - base_url.bytes().rev().take_while(|&b| b == b'/').count()];
    let scheme_end = trimmed.as_bytes().windows(3).position(|w| w == b"://").filter(|&end| {
        let scheme = &trimmed[..end];
        scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
    });
    if let Some(end) = scheme_end {
        let rest = &trimmed[end + 3..];
        let authority = &rest.as_bytes()[..rest.bytes().position(|b| b == b'/').unwrap_or(rest.len())];
        if authority.contains(&b'@') {
            return Err(invalid(
                "must not contain a user name or password (the value is not shown); the session cookie \
                 authenticates the request",
            ));
        }
        if authority.is_empty() {
            return Err(invalid("has no host"));
        }
        return Ok(concat(&[&trimmed[..end + 3].to_ascii_lowercase(), rest]));
    }
    if base_url.starts_with("//") {
        return Err(invalid("must name its scheme: http:// or https://"));
    }
    if !(base_url.is_empty() || base_url.starts_with('/')) {
        return Err(invalid(
            "must be an http(s) URL such as \"https://neptun-webui.vercel.app\", \"\" (same origin) or a path such as \"/neptun\"",
        ));
    }
    if runtime == Runtime::Server {
        return Err(invalid(
            "is relative, which only works in a browser: outside a browser pass an absolute URL such as \"https://neptun-webui.vercel.app\"",
        ));
    }
    Ok(trimmed.to_owned())
}

/// The `Cookie` header for a session value. Errors never contain the value.
fn cookie_header(value: &str, runtime: Runtime) -> Result<String, NeptunError> {
    if runtime == Runtime::Browser {
        return Err(NeptunError::invalid_argument(
            "options.sessionCookie is for non-browser runtimes: in a browser the neptun-session cookie is HttpOnly \
             and the browser sends it itself (credentials: \"include\")",
        ));
    }
    if value.starts_with("neptun-session=") {
        return Err(NeptunError::invalid_argument(
            "options.sessionCookie must be the cookie's value only, without the `neptun-session=` prefix",
        ));
    }
    // RFC 6265 cookie-octet: visible ASCII except `"`, `,`, `;` and `\`.
    let is_cookie_octet = |b: u8| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    if value.is_empty() || !value.bytes().all(is_cookie_octet) {
        return Err(NeptunError::invalid_argument(
            "options.sessionCookie must be a non-empty cookie value (visible ASCII without spaces, quotes, commas, \
             semicolons or backslashes); the value is not shown because it is a secret",
        ));
    }
    Ok(concat(&[SESSION_COOKIE, "=", value]))
}

/// The endpoint's URL for `user_id` and `chat_id` under a checked base URL.
pub fn messages_url(base_url: &str, user_id: u64, chat_id: u64) -> String {
    let mut url = concat(&[base_url, "/api/users/"]);
    push_decimal(&mut url, user_id);
    url.push_str("/chats/");
    push_decimal(&mut url, chat_id);
    url.push_str("/messages");
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn opts() -> GetChatMessagesOptions {
        GetChatMessagesOptions::default()
    }

    #[test]
    fn ids_must_be_positive_safe_integers() {
        assert_eq!(check_id("userId", JsArg::Number(1.0)), Ok(1));
        assert_eq!(check_id("userId", JsArg::Number(MAX_SAFE_INTEGER)), Ok(9_007_199_254_740_991));
        for (bad, shown) in [
            (0.0, "0"),
            (-1.0, "-1"),
            (1.5, "1.5"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (MAX_SAFE_INTEGER + 1.0, "9007199254740992"),
        ] {
            let error = check_id("chatId", JsArg::Number(bad)).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidArgument);
            assert!(error.detail.starts_with("chatId must be a positive safe integer"), "{error}");
            assert!(error.detail.ends_with(&format!("got {shown}")), "{error}");
        }
        for type_name in ["string", "bigint", "null", "undefined", "object", "boolean"] {
            let error = check_id("userId", JsArg::Other(type_name)).unwrap_err();
            assert_eq!(error.detail, format!("userId must be a number (a positive safe integer), got {type_name}"));
        }
    }

    #[test]
    fn defaults_and_overrides() {
        let config = resolve(&opts(), &opts(), Runtime::Browser).unwrap();
        assert_eq!(
            config,
            RequestConfig {
                base_url: DEFAULT_BASE_URL.into(),
                timeout_ms: 10_000,
                retries: 2,
                cookie_header: None,
                credentials: Credentials::Include,
                max_body_bytes: 64 * 1024 * 1024,
            }
        );
        let client = GetChatMessagesOptions {
            base_url: Some("http://127.0.0.1:3000/".into()),
            timeout_ms: Some(500.0),
            retries: Some(0.0),
            credentials: Some(Credentials::Omit),
            ..opts()
        };
        let call = GetChatMessagesOptions { retries: Some(5.0), ..opts() };
        let config = resolve(&client, &call, Runtime::Browser).unwrap();
        assert_eq!(config.base_url, "http://127.0.0.1:3000");
        assert_eq!((config.timeout_ms, config.retries, config.credentials), (500, 5, Credentials::Omit));
    }

    #[test]
    fn bad_numbers_are_invalid_arguments() {
        for (options, needle) in [
            (
                GetChatMessagesOptions { timeout_ms: Some(0.0), ..opts() },
                "options.timeoutMs must be an integer from 1 to 2147483647, got 0",
            ),
            (GetChatMessagesOptions { timeout_ms: Some(2.5), ..opts() }, "got 2.5"),
            (GetChatMessagesOptions { timeout_ms: Some(f64::NAN), ..opts() }, "got NaN"),
            (
                GetChatMessagesOptions { retries: Some(-1.0), ..opts() },
                "options.retries must be an integer from 0 to 10, got -1",
            ),
            (GetChatMessagesOptions { retries: Some(11.0), ..opts() }, "got 11"),
            (
                GetChatMessagesOptions { max_body_bytes: Some(0.0), ..opts() },
                "options.maxBodyBytes must be an integer from 1 to 536870888, got 0",
            ),
            (GetChatMessagesOptions { max_body_bytes: Some(536_870_889.0), ..opts() }, "got 536870889"),
        ] {
            let error = resolve(&options, &opts(), Runtime::Browser).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidArgument);
            assert!(error.detail.contains(needle), "{error}");
        }
    }

    #[test]
    fn base_urls() {
        let check = |url: &str, runtime| {
            resolve(&GetChatMessagesOptions { base_url: Some(url.into()), ..opts() }, &opts(), runtime)
                .map(|config| config.base_url)
        };
        assert_eq!(check("", Runtime::Browser).unwrap(), "");
        assert_eq!(check("/neptun/", Runtime::Browser).unwrap(), "/neptun");
        assert_eq!(
            check("https://example.test/api-proxy//", Runtime::Server).unwrap(),
            "https://example.test/api-proxy"
        );
        assert_eq!(
            messages_url(&check("http://127.0.0.1:3000", Runtime::Server).unwrap(), 7, 42),
            "http://127.0.0.1:3000/api/users/7/chats/42/messages"
        );
        for bad in ["", "/neptun"] {
            assert!(check(bad, Runtime::Server).unwrap_err().detail.contains("only works in a browser"));
        }
        for bad in [
            "neptun-webui.vercel.app",
            "ftp://x",
            "https://",
            "https:///x",
            "//x.test",
            "http://a b",
            "http://x?q=1",
            "http://x#f",
            "/\\\\127.0.0.1:9",
            "/\\127.0.0.1:9",
            "http:\\\\x",
            "http://x\\@y",
        ] {
            assert_eq!(check(bad, Runtime::Browser).unwrap_err().kind, ErrorKind::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn schemes_are_case_insensitive() {
        let check = |url: &str| {
            resolve(&GetChatMessagesOptions { base_url: Some(url.into()), ..opts() }, &opts(), Runtime::Server)
                .map(|config| config.base_url)
        };
        assert_eq!(check("HTTP://127.0.0.1:3000/").unwrap(), "http://127.0.0.1:3000");
        assert_eq!(check("Https://Example.test/Proxy").unwrap(), "https://Example.test/Proxy");
    }

    #[test]
    fn user_info_in_base_urls_is_refused_and_never_shown() {
        for bad in ["http://user:s3cr3t@host", "https://s3cr3t@host/x", "HTTP://user:s3cr3t@127.0.0.1:1"] {
            let error =
                resolve(&GetChatMessagesOptions { base_url: Some(bad.into()), ..opts() }, &opts(), Runtime::Server)
                    .unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidArgument, "{bad}");
            assert!(error.detail.contains("user name or password"), "{error}");
            assert!(!error.message().contains("s3cr3t"), "{error}");
        }
    }

    #[test]
    fn session_cookie_is_sent_outside_browsers_and_never_shown() {
        let with_cookie = |value: &str| GetChatMessagesOptions { session_cookie: Some(value.into()), ..opts() };
        let config = resolve(&with_cookie("s3cr3t-VALUE_1"), &opts(), Runtime::Server).unwrap();
        assert_eq!(config.cookie_header.as_deref(), Some("neptun-session=s3cr3t-VALUE_1"));

        let error = resolve(&with_cookie("s3cr3t-VALUE_1"), &opts(), Runtime::Browser).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidArgument);
        assert!(!error.message().contains("s3cr3t"));
        for bad in
            ["", "s3cr3t value", "s3cr3t;x", "s3cr3t\"", "s3cr3t\\", "s3cr3t,x", "s3cr3té", "neptun-session=s3cr3t"]
        {
            let error = resolve(&with_cookie(bad), &opts(), Runtime::Server).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidArgument, "{bad:?}");
            assert!(!error.message().contains("s3cr3t"), "{error}");
        }
    }
}
