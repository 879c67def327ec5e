//! Timestamp formats of the contract: RFC 3339 (message timestamps) and HTTP dates (`Retry-After`).
//! Pure.

/// Is `s` an RFC 3339 `date-time`, such as `2024-03-20T10:00:00.000Z` or `2024-03-20T12:00:00+02:00`?
///
/// Checks the grammar and the ranges (month, day of that month in that year, hour, minute, second
/// up to a leap second 60, offset hours and minutes). `t`/`z` are accepted as RFC 3339 allows; a
/// space instead of the `T` (which RFC 3339 §5.6 mentions in a note, for readability) is not: the
/// real server always writes `T`, and the contract's timestamps are ISO 8601 `date-time`s.
pub fn is_rfc3339(s: &str) -> bool {
    is_rfc3339_bytes(s.as_bytes())
}

/// [`is_rfc3339`] on bytes (any non-ASCII byte makes it `false`).
pub(crate) fn is_rfc3339_bytes(b: &[u8]) -> bool {
    if b.len() < 20 {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2)) else {
        return false;
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return false;
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(b, 11, 2), digits(b, 14, 2), digits(b, 17, 2)) else {
        return false;
    };
    if b[13] != b':' || b[16] != b':' || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', rest @ ..] if rest.len() == 5 => {
            matches!((digits(rest, 0, 2), digits(rest, 3, 2)), (Some(h), Some(m)) if rest[2] == b':' && h <= 23 && m <= 59)
        }
        _ => false,
    }
}

/// Is `b` a valid timestamp in the form servers send, exactly 24 bytes `YYYY-MM-DDTHH:MM:SS.sssZ`?
/// `true` implies [`is_rfc3339_bytes`]; `false` says nothing (other forms, or an invalid one): the
/// caller falls back to [`is_rfc3339_bytes`].
///
/// The shape is checked on three 8-byte words at once: xor-ing the template `0000-00-00T00:00:00.000Z`
/// turns a digit into 0..=9 and the right punctuation into 0, so every byte must be at most its
/// limit (9 for a digit, 0 for punctuation). Then the ranges, from the digits.
#[inline(always)]
pub(crate) fn is_common_rfc3339(b: &[u8]) -> bool {
    const TEMPLATE: &[u8; 24] = b"0000-00-00T00:00:00.000Z";
    // 9 under a digit of the template, 0 under its punctuation.
    const LIMIT: [u8; 24] = {
        let mut limit = [0; 24];
        let mut i = 0;
        while i < 24 {
            limit[i] = if TEMPLATE[i] == b'0' { 9 } else { 0 };
            i += 1;
        }
        limit
    };
    const LOW7: u64 = u64::from_ne_bytes([0x7F; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let Ok(b) = <&[u8; 24]>::try_from(b) else {
        return false;
    };
    // High bits of the bytes of `x` above their limits (`0x7F - limit` added to the low 7 bits
    // carries into the high bit exactly then; a byte with its own high bit set is above any limit).
    #[inline(always)]
    fn over(b: &[u8; 24], at: usize) -> u64 {
        let x = word(b, at) ^ word(TEMPLATE, at);
        (((x & LOW7) + (LOW7 - word(&LIMIT, at))) | x) & HIGH
    }
    if over(b, 0) | over(b, 8) | over(b, 16) != 0 {
        return false;
    }
    // Every byte `d` reads is a digit now.
    let d = |i: usize| u32::from(b[i] - b'0');
    let (year, month, day) = (d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), d(5) * 10 + d(6), d(8) * 10 + d(9));
    let (hour, minute, second) = (d(11) * 10 + d(12), d(14) * 10 + d(15), d(17) * 10 + d(18));
    (1..=12).contains(&month)
        && day != 0
        && day <= days_in_month(year, month)
        && hour <= 23
        && minute <= 59
        && second <= 60
}

/// The little-endian word of bytes `at..at + 8` (`at` is 0, 8 or 16).
#[inline(always)]
fn word(b: &[u8; 24], at: usize) -> u64 {
    match b.get(at..at + 8) {
        Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) => u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]),
        _ => 0,
    }
}

/// Parses an HTTP date (RFC 9110 §5.6.7) into milliseconds since the Unix epoch, in any of the three
/// forms a recipient must accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850
/// form (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). An RFC 850
/// two-digit year is the year with those last digits that is at most 50 years after `now_ms`'s, as
/// RFC 9110 requires. The day name must be one (of the form's spelling) but is not checked
/// against the date.
pub fn parse_http_date(s: &str, now_ms: f64) -> Option<f64> {
    let b = s.trim().as_bytes();
    // Each form as a template after the day name: `d` `y` `h` `n` `s` are digits of the day, year,
    // hour, minute and second, `_` the day's first digit or (asctime) a space, `@` a letter of the
    // month's name; any other byte stands for itself.
    let (rest, template, two_digit_year): (&[u8], &[u8], bool) = match b.iter().position(|&c| c == b',') {
        Some(comma) if DAYS.contains(&&b[..comma]) => (&b[comma..], b", dd @@@ yyyy hh:nn:ss GMT", false),
        Some(comma) if LONG_DAYS.contains(&&b[..comma]) => (&b[comma..], b", dd-@@@-yy hh:nn:ss GMT", true),
        None if DAYS.contains(&b.get(..3)?) => (&b[3..], b" @@@ _d hh:nn:ss yyyy", false),
        _ => return None,
    };
    if rest.len() != template.len() {
        return None;
    }
    let ([mut day, mut year, mut hour, mut minute, mut second], mut name) = ([0u32; 5], Vec::new());
    for (&c, &t) in rest.iter().zip(template) {
        let field = match t {
            b'@' => {
                name.push(c);
                continue;
            }
            b'_' if c == b' ' => continue,
            b'_' | b'd' => &mut day,
            b'y' => &mut year,
            b'h' => &mut hour,
            b'n' => &mut minute,
            b's' => &mut second,
            _ if c == t => continue,
            _ => return None,
        };
        if !c.is_ascii_digit() {
            return None;
        }
        *field = *field * 10 + u32::from(c - b'0');
    }
    const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
    let month = MONTHS.chunks(3).position(|m| m == name)? as u32 + 1;
    if two_digit_year {
        year = full_year(year, now_ms);
    }
    if day == 0 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some((seconds * 1000) as f64)
}

const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
const LONG_DAYS: [&[u8]; 7] = [b"Monday", b"Tuesday", b"Wednesday", b"Thursday", b"Friday", b"Saturday", b"Sunday"];

/// The year ending in `two_digits` that is at most 50 years after the year of `now_ms` (RFC 9110 §5.6.7).
fn full_year(two_digits: u32, now_ms: f64) -> u32 {
    let days = (now_ms / 86_400_000.0).floor() as i64;
    // The year of `days`: an estimate, then corrected by at most one.
    let mut now = 1970 + (days as f64 / 365.2425).floor() as i64;
    while days_from_civil_i64(now, 1, 1) > days {
        now -= 1;
    }
    while days_from_civil_i64(now + 1, 1, 1) <= days {
        now += 1;
    }
    let mut year = now - now.rem_euclid(100) + i64::from(two_digits);
    if year > now + 50 {
        year -= 100;
    } else if year + 100 <= now + 50 {
        year += 100;
    }
    u32::try_from(year).unwrap_or(0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    days_from_civil_i64(i64::from(year), month, day)
}

fn days_from_civil_i64(year: i64, month: u32, day: u32) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let slice = b.get(at..at + n)?;
    slice.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_rfc3339_forms() {
        for ok in [
            "2024-03-20T10:00:00.000Z",
            "2024-03-20T10:00:00Z",
            "2024-03-20t10:00:00z",
            "2024-02-29T23:59:60.123456+05:30",
            "2000-02-29T00:00:00-00:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_non_rfc3339() {
        for bad in [
            "",
            "yesterday",
            "2024-03-20",
            "2024-03-20T10:00:00",
            "2024-03-20 10:00:00Z",
            "2024-03-20 10:00:00.000Z",
            "2024-03-20T10:00:00.Z",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-03-20T24:00:00Z",
            "2024-03-20T10:60:00Z",
            "2024-03-20T10:00:61Z",
            "2024-03-20T10:00:00+2:00",
            "2024-03-20T10:00:00+24:00",
            "2024-03-20T10:00:00.000ZZ",
            "+2024-03-20T10:00:00Z",
            "2024-03-20T10:00:00.000Zé",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn the_common_form_agrees_with_the_general_check() {
        let good = *b"2024-02-29T23:59:60.999Z";
        assert!(is_common_rfc3339(&good));
        // Every byte replaced, at every position: the fast check never accepts what the general one
        // rejects, and accepts every valid timestamp of the 24-byte `...T...Z` form.
        let replacements = b"0123456789-:.TtZz +/\x00\x7f\x80\xff";
        for at in 0..24 {
            for &byte in replacements.iter() {
                let mut b = good;
                b[at] = byte;
                let general = is_rfc3339_bytes(&b);
                let common_form = b[10] == b'T' && b[23] == b'Z' && b[19] == b'.';
                assert_eq!(is_common_rfc3339(&b), general && common_form, "{:?}", String::from_utf8_lossy(&b));
            }
        }
        // Ranges: every month, day, hour, minute and second around the limits, leap years included.
        for year in [1900, 2000, 2023, 2024] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for (h, m, sec) in [(0, 0, 0), (23, 59, 60), (24, 0, 0), (0, 60, 0), (0, 0, 61), (19, 99, 99)] {
                        let s = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{sec:02}.000Z");
                        assert_eq!(is_common_rfc3339(s.as_bytes()), is_rfc3339(&s), "{s}");
                    }
                }
            }
        }
        for other in ["2024-03-20T10:00:00Z", "2024-03-20T10:00:00.0000Z", "2024-03-20T10:00:00.00Z", ""] {
            assert!(!is_common_rfc3339(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn parses_the_three_http_date_forms() {
        let now = 1_795_612_767_000.0; // Wed, 25 Nov 2026 13:19:27 GMT
                                       // RFC 9110 §5.6.7's example, in each form.
        for form in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(parse_http_date(form, now), Some(784_111_777_000.0), "{form}");
            assert_eq!(parse_http_date(&format!(" {form} "), now), Some(784_111_777_000.0), "{form}");
        }
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT", now), Some(0.0));
        for form in ["Wed, 25 Nov 2026 13:19:27 GMT", "Wednesday, 25-Nov-26 13:19:27 GMT", "Wed Nov 25 13:19:27 2026"] {
            assert_eq!(parse_http_date(form, now), Some(now), "{form}");
        }
        assert_eq!(
            parse_http_date("Thu Feb 29 00:00:00 2024", now),
            parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT", now)
        );
        for bad in [
            "",
            "120",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sunday, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov 6 08:49:37 1994",
            "Sun Nov  6 08:49:37 1994 GMT",
            "Sun Nov 06 8:49:37 1994",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "1994-11-06T08:49:37Z",
        ] {
            assert_eq!(parse_http_date(bad, now), None, "{bad}");
        }
    }

    /// RFC 850's two-digit years: at most 50 years ahead of now, else the century before.
    #[test]
    fn two_digit_years_are_at_most_fifty_years_ahead() {
        let year_of = |date: &str, now: f64| {
            let at = parse_http_date(date, now).unwrap();
            let same =
                (1900..2200).find(|y| parse_http_date(&format!("Sun, 06 Nov {y} 08:49:37 GMT"), now) == Some(at));
            same.unwrap()
        };
        let now_2026 = 1_795_612_767_000.0;
        assert_eq!(year_of("Sunday, 06-Nov-76 08:49:37 GMT", now_2026), 2076);
        assert_eq!(year_of("Sunday, 06-Nov-77 08:49:37 GMT", now_2026), 1977);
        assert_eq!(year_of("Sunday, 06-Nov-00 08:49:37 GMT", now_2026), 2000);
        let now_2090 = parse_http_date("Mon, 01 Jan 2090 00:00:00 GMT", 0.0).unwrap();
        assert_eq!(year_of("Sunday, 06-Nov-10 08:49:37 GMT", now_2090), 2110);
        assert_eq!(year_of("Sunday, 06-Nov-41 08:49:37 GMT", now_2090), 2141 - 100);
    }
}
