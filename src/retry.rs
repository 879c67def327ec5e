//! When to try again: backoff with jitter and the server's `Retry-After`. Pure.

use crate::error::NeptunError;
use crate::time::parse_http_date;

/// First backoff delay, in milliseconds (doubles with each retry).
pub const BASE_DELAY_MS: f64 = 300.0;
/// Longest backoff delay, in milliseconds.
pub const MAX_BACKOFF_MS: f64 = 5_000.0;
/// Longest `Retry-After` the client waits, in milliseconds; a longer one ends the retries at once
/// (the error's `retryAfterMs` tells the caller how long the server asked for).
pub const MAX_RETRY_AFTER_MS: f64 = 10_000.0;

/// Parses a `Retry-After` value (delay-seconds or an HTTP date) into a wait in milliseconds.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Integer parsing (not f64's): a huge value saturates, which the cap treats as "too long".
        let seconds = value.bytes().try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')));
        return Some(seconds.unwrap_or(u64::MAX) as f64 * 1000.0);
    }
    parse_http_date(value, now_ms).map(|at| (at - now_ms).max(0.0))
}

/// How long to wait before retry number `retry` (1 for the first), or `None` to stop retrying
/// because the server asked for a longer wait than [`MAX_RETRY_AFTER_MS`].
///
/// `jitter` is a random number in `[0, 1)`: the backoff is `d/2 + jitter·d/2` with
/// `d = min(300 ms × 2^(retry−1), 5 s)`. A `Retry-After` replaces the backoff when it is longer.
pub fn retry_delay_ms(retry: u32, retry_after_ms: Option<f64>, jitter: f64) -> Option<f64> {
    let full = (BASE_DELAY_MS * 2f64.powi(retry.saturating_sub(1).min(30) as i32)).min(MAX_BACKOFF_MS);
    let backoff = full / 2.0 + jitter.clamp(0.0, 1.0) * full / 2.0;
    match retry_after_ms {
        Some(asked) if asked > MAX_RETRY_AFTER_MS => None,
        Some(asked) => Some(asked.max(backoff)),
        None => Some(backoff),
    }
}

/// Whether and when to retry after an attempt ended with `error`: the wait before retry number
/// `retry` (1 for the first) when the error is retryable and at most `retries` retries are allowed,
/// else `None` (the call ends with `error`). `jitter` is a random number in `[0, 1)`.
pub fn next_retry(error: &NeptunError, retry: u32, retries: u32, jitter: f64) -> Option<f64> {
    if retry > retries || !error.is_retryable() {
        return None;
    }
    retry_delay_ms(retry, error.retry_after_ms, jitter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("2", now), Some(2000.0));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0.0));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now), Some(3000.0));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now), Some(0.0));
        assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:49:42 GMT", now), Some(5000.0));
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:44 1994", now), Some(7000.0));
        for bad in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn exponential_backoff_with_jitter_and_cap() {
        assert_eq!(retry_delay_ms(1, None, 0.0), Some(150.0));
        assert_eq!(retry_delay_ms(1, None, 0.5), Some(225.0));
        assert_eq!(retry_delay_ms(2, None, 0.0), Some(300.0));
        assert_eq!(retry_delay_ms(3, None, 1.0), Some(1200.0));
        assert_eq!(retry_delay_ms(10, None, 1.0), Some(MAX_BACKOFF_MS));
        assert_eq!(retry_delay_ms(u32::MAX, None, 1.0), Some(MAX_BACKOFF_MS));
    }

    #[test]
    fn retry_after_wins_when_longer_and_stops_when_too_long() {
        assert_eq!(retry_delay_ms(1, Some(2000.0), 0.5), Some(2000.0));
        assert_eq!(retry_delay_ms(1, Some(0.0), 0.0), Some(150.0));
        assert_eq!(retry_delay_ms(1, Some(MAX_RETRY_AFTER_MS), 0.0), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(retry_delay_ms(1, Some(MAX_RETRY_AFTER_MS + 1.0), 0.0), None);
    }

    #[test]
    fn only_retryable_errors_are_retried_and_only_as_often_as_allowed() {
        let timeout = NeptunError::new(ErrorKind::Timeout, "");
        assert_eq!(next_retry(&timeout, 1, 2, 0.0), Some(150.0));
        assert_eq!(next_retry(&timeout, 2, 2, 0.0), Some(300.0));
        assert_eq!(next_retry(&timeout, 3, 2, 0.0), None);
        assert_eq!(next_retry(&timeout, 1, 0, 0.0), None);
        let invalid = NeptunError::invalid_response("chatMessages[0].id", "");
        assert_eq!(next_retry(&invalid, 1, 2, 0.0), None);
        let limited = NeptunError { retry_after_ms: Some(2000.0), ..NeptunError::new(ErrorKind::RateLimited, "") };
        assert_eq!(next_retry(&limited, 1, 2, 0.0), Some(2000.0));
        let too_long = NeptunError { retry_after_ms: Some(MAX_RETRY_AFTER_MS + 1.0), ..limited };
        assert_eq!(next_retry(&too_long, 1, 2, 0.0), None);
    }
}
