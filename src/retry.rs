//! When to repeat a request, and how long to wait first.

/// Retry settings of a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Repeats after the first attempt; 0 switches retrying off.
    pub max_retries: u32,
    /// Backoff before the first repeat, in milliseconds; it doubles each time.
    pub base_delay_ms: u32,
    /// Maximum wait before a repeat, in milliseconds. A `Retry-After` longer
    /// than this ends the retries.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            base_delay_ms: 200,
            max_delay_ms: 10_000,
        }
    }
}

/// Returns whether a response with `status` may be repeated (for a retry-safe request).
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// Returns whether `Retry-After` is honoured for `status`.
pub fn honours_retry_after(status: u16) -> bool {
    matches!(status, 429 | 503)
}

impl RetryPolicy {
    /// Computes the wait before repeat number `retry` (0 for the first repeat), in
    /// milliseconds, or `None` when the server asked for a longer wait than
    /// [`RetryPolicy::max_delay_ms`].
    ///
    /// Without `Retry-After` the wait is exponential with "equal jitter": half
    /// of `base · 2^retry` (capped) plus a random share of the other half, so
    /// clients that failed together do not come back together. `random` is a
    /// number in `[0, 1)`.
    pub fn delay_ms(&self, retry: u32, retry_after_ms: Option<u64>, random: f64) -> Option<u32> {
        if let Some(wait) = retry_after_ms {
            return (wait <= u64::from(self.max_delay_ms)).then_some(wait as u32);
        }
        let exponential = u64::from(self.base_delay_ms)
            .saturating_mul(1u64 << retry.min(20))
            .min(u64::from(self.max_delay_ms));
        let half = exponential / 2;
        let jitter = ((exponential - half) as f64 * random.clamp(0.0, 1.0)) as u64;
        Some((half + jitter).min(u64::from(self.max_delay_ms)) as u32)
    }
}

/// Parses a `Retry-After` value, either delay-seconds or an HTTP date,
/// into milliseconds from `now_ms` (milliseconds since the Unix epoch).
/// `parse_date` turns an HTTP date into milliseconds since the epoch; the
/// browser build passes `Date.parse`, which keeps a date parser out of the
/// `.wasm` file. A date in the past gives 0; an unreadable value gives `None`.
pub fn parse_retry_after(value: &str, now_ms: f64, parse_date: impl Fn(&str) -> Option<f64>) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|byte| byte.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(|seconds| seconds.saturating_mul(1000));
    }
    // An HTTP date always names a weekday and a month; this keeps lenient
    // date parsers from reading values such as "-1" as a date.
    if !value.contains(',') || !value.ends_with("GMT") {
        return None;
    }
    let date_ms = parse_date(value).filter(|ms| ms.is_finite())?;
    Some((date_ms - now_ms).max(0.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    /// Parses an HTTP date the way `Date.parse` does in the browser.
    fn http_date(value: &str) -> Option<f64> {
        let date = httpdate::parse_http_date(value).ok()?;
        Some(date.duration_since(UNIX_EPOCH).ok()?.as_millis() as f64)
    }

    fn parse(value: &str, now_ms: f64) -> Option<u64> {
        parse_retry_after(value, now_ms, http_date)
    }

    const POLICY: RetryPolicy = RetryPolicy {
        max_retries: 3,
        base_delay_ms: 100,
        max_delay_ms: 1000,
    };

    #[test]
    fn retryable_statuses_match_the_list() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 422, 501, 505] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }

    #[test]
    fn backoff_doubles_within_jitter_bounds() {
        assert_eq!(POLICY.delay_ms(0, None, 0.0), Some(50));
        assert_eq!(POLICY.delay_ms(0, None, 0.999_999), Some(99));
        assert_eq!(POLICY.delay_ms(1, None, 0.0), Some(100));
        assert_eq!(POLICY.delay_ms(2, None, 0.0), Some(200));
    }

    #[test]
    fn backoff_is_capped() {
        assert_eq!(POLICY.delay_ms(10, None, 0.999_999), Some(999));
        assert_eq!(POLICY.delay_ms(63, None, 0.0), Some(500));
    }

    #[test]
    fn retry_after_within_cap_is_used() {
        assert_eq!(POLICY.delay_ms(0, Some(700), 0.5), Some(700));
    }

    #[test]
    fn retry_after_beyond_cap_stops_retrying() {
        assert_eq!(POLICY.delay_ms(0, Some(1001), 0.5), None);
    }

    #[test]
    fn retry_after_seconds_parse() {
        assert_eq!(parse("2", 0.0), Some(2000));
        assert_eq!(parse(" 0 ", 0.0), Some(0));
    }

    #[test]
    fn retry_after_http_date_parses() {
        // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 seconds after the epoch.
        let now_ms = 784_111_777_000.0 - 3000.0;
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT", now_ms), Some(3000));
    }

    #[test]
    fn retry_after_past_date_is_zero() {
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT", 1.0e15), Some(0));
    }

    #[test]
    fn retry_after_garbage_is_none() {
        assert_eq!(parse("soon", 0.0), None);
        assert_eq!(parse("-1", 0.0), None);
        assert_eq!(parse("", 0.0), None);
    }
}
