//! Differential fuzzing of the decode layer: the fast scanner (`decode::validate`) against the
//! `serde_json` reference (`decode::validate_reference`) on mutated bodies.
//!
//! Valid bodies come from the shared generator (`tests/common`); each input gets one to four
//! mutations of named classes (byte flips, JSON tokens inserted or deleted, duplicate keys, escaped
//! lone surrogates, odd numbers such as `7.0`, `1e3`, `-0`, 2^53, deep nesting, invalid UTF-8, BOMs,
//! the document's aliases `role`/`content`, nulls, a space or `t` for the `T` of a timestamp,
//! truncation, another chat's id, spans copied from elsewhere). Both validators must agree exactly:
//! the same `Validated` (messages, canonical), or the same error kind, status and path, and the same
//! detail (syntax and truncation texts only by class, as in `tests/agreement.rs`). A disagreement is
//! shrunk to a minimal input before the test fails with it; a panic in either validator fails the
//! test with the input that caused it.
//!
//! This is a property-style runner on stable Rust and the crate's own PRNG, not `cargo fuzz`
//! (libFuzzer needs a nightly toolchain, which a fresh machine does not have). Every run is
//! reproducible from its seed.
//!
//!   cargo test --test fuzz -- --nocapture                     the short run (part of `cargo test`)
//!   NEPTUN_FUZZ_ITERATIONS=2000000 cargo test --release --test fuzz -- --nocapture   the long run
//!   NEPTUN_FUZZ_SEED=12345 ...                                 another seed (decimal or 0x hex)
#![cfg(not(target_arch = "wasm32"))]

use neptun_client::decode::{validate, validate_reference, Validated};
use neptun_client::NeptunError;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

mod common;
use common::{a_message, body, detail_class, file, float_echo, lossy, message, wrap, Rng, CHAT};

/// Default iterations: a few seconds in a debug build on a loaded 2-core machine.
const DEFAULT_ITERATIONS: u64 = 20_000;
/// Largest accepted mutant that joins the pool: without a bound, compounding insertions grow the pool's
/// bodies run after run and a long run slows down as it goes.
const MAX_POOLED: usize = 16 << 10;
/// Default seed.
const DEFAULT_SEED: u64 = 0x6E65_7074_756E_2008;

fn env_u64(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim().replace('_', "");
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={value} is not a number")))
}

// ---------------------------------------------------------------------------------------------
// The comparison.

type Outcome = Result<Validated, NeptunError>;

/// How two outcomes compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    /// The same `Validated`, or the same error kind, status, path and detail (class).
    Exact,
    /// The same error kind, status and path; the details differ in the one known way: a number
    /// beyond the `f64` range (`1e400`) where the schema expects a string, an array or an object is
    /// "expected a string" (or list, object) for the scanner, which looks at the value's first byte,
    /// and "number out of range" for the reference, which lets `serde_json` read the number first.
    /// Counted and printed; the JavaScript API returns the same kind and path either way.
    OutOfRangeDetail,
    /// The same error kind, status and path; the details differ otherwise.
    DetailOnly,
    /// Different outcomes: one accepts and one rejects, or another kind, status or path.
    Different,
}

fn compare(fast: &Outcome, reference: &Outcome) -> Agreement {
    match (fast, reference) {
        (Ok(a), Ok(b)) if a == b => Agreement::Exact,
        (Err(a), Err(b)) if a.kind == b.kind && a.path == b.path && a.status == b.status => {
            if detail_class(&a.detail) == detail_class(&b.detail)
                || (float_echo(&a.detail) && (float_echo(&b.detail) || b.detail.contains("number out of range")))
            {
                Agreement::Exact
            } else if a.detail.starts_with("expected ") && b.detail.starts_with("not valid JSON: number out of range") {
                Agreement::OutOfRangeDetail
            } else {
                Agreement::DetailOnly
            }
        }
        _ => Agreement::Different,
    }
}

/// Both validators, each under `catch_unwind`; `Err` describes a panic.
fn run_both(body: &[u8]) -> Result<(Outcome, Outcome), String> {
    let fast = catch_unwind(AssertUnwindSafe(|| validate(body, CHAT)))
        .map_err(|_| "the fast validator panicked".to_owned())?;
    let reference = catch_unwind(AssertUnwindSafe(|| validate_reference(body, CHAT)))
        .map_err(|_| "the reference validator panicked".to_owned())?;
    Ok((fast, reference))
}

/// What a failure looks like, so that shrinking keeps the same failure: a panic, different
/// outcomes, or only different details (with digits blanked, so that positions may change).
fn signature(body: &[u8]) -> Option<String> {
    let blank = |text: &str| text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>();
    match run_both(body) {
        Err(panic) => Some(panic),
        Ok((fast, reference)) => match compare(&fast, &reference) {
            Agreement::Exact | Agreement::OutOfRangeDetail => None,
            Agreement::Different => Some("different outcomes".to_owned()),
            Agreement::DetailOnly => {
                let (a, b) = (fast.unwrap_err(), reference.unwrap_err());
                Some(format!(
                    "{:?} at {:?}: fast says {:?}, reference says {:?}",
                    a.kind,
                    a.path.unwrap_or_default(),
                    blank(&a.detail),
                    blank(&b.detail)
                ))
            }
        },
    }
}

/// Shrinks a failing input: removes chunks (halves down to single bytes) while it fails the same way.
fn shrink(mut body: Vec<u8>) -> Vec<u8> {
    let Some(failure) = signature(&body) else { return body };
    let mut chunk = body.len().next_power_of_two().max(1);
    loop {
        let mut at = 0;
        while at < body.len() {
            let end = (at + chunk).min(body.len());
            let mut candidate = body.clone();
            candidate.drain(at..end);
            if signature(&candidate).as_deref() == Some(failure.as_str()) {
                body = candidate;
            } else {
                at += chunk;
            }
        }
        if chunk == 1 {
            return body;
        }
        chunk /= 2;
    }
}

/// Both outcomes of `body`, for a failure message.
fn describe(body: &[u8]) -> String {
    match run_both(body) {
        Err(panic) => panic,
        Ok((fast, reference)) => format!("fast:      {fast:?}\n reference: {reference:?}"),
    }
}

fn report(body: &[u8], classes: &[&str], seed: u64, iteration: u64) -> ! {
    let minimal = shrink(body.to_vec());
    panic!(
        "the validators disagree (seed {seed:#x}, iteration {iteration}, mutations {classes:?})\n \
         {}\n input ({} bytes): {}\n minimal input ({} bytes): {:?}\n {}",
        describe(body),
        body.len(),
        lossy(body, 600),
        minimal.len(),
        String::from_utf8_lossy(&minimal),
        describe(&minimal),
    );
}

// ---------------------------------------------------------------------------------------------
// The mutations.

const INTERESTING_BYTES: &[u8] = b"\"\\{}[],:01-.eEnu+ \n\tdD8TtZz\x00\x1f\x7f\x80\xc3\xa9\xed\xff/ltrfa";

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"\\",
    b"null",
    b"true",
    b"false",
    b"0",
    b"-",
    b"1.5",
    b"\"\"",
    b"{}",
    b"[]",
    b"\"x\":1,",
    b"\"id\":",
    b",\"a\":null",
    b"\"chatMessages\":",
    b" ",
    b"\n",
];

/// Names of the schema and others, for duplicate and inserted members.
const KEYS: &[&str] = &[
    "id",
    "message",
    "content",
    "actor",
    "role",
    "created_at",
    "updated_at",
    "neptun_user_id",
    "chat_conversation_id",
    "files",
    "title",
    "text",
    "language",
    "extension",
    "chat_conversation_message_id",
    "chatMessages",
    "x",
    "\\u0069d",
    "me\\u0073sage",
];

const VALUES: &[&str] = &[
    "1",
    "42",
    "7",
    "null",
    "\"user\"",
    "\"Hi\"",
    "\"2024-03-20T10:00:00.000Z\"",
    "[]",
    "{}",
    "[{}]",
    "true",
    "-2.5e3",
    "1e400",
    "\"\\ud800\"",
];

const NUMBERS: &[&str] = &[
    "7.0",
    "1e3",
    "1E+2",
    "-0",
    "0",
    "-1",
    "0.5",
    "42.0",
    "4.2e1",
    "9007199254740991",
    "9007199254740992",
    "9007199254740993",
    "18446744073709551616",
    "123456789012345678901234567890",
    "1e400",
    "-1e400",
    "1e-400",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "042",
    "1.",
    ".5",
    "+1",
    "43",
    "1e",
];

const SURROGATES: &[&str] = &[
    "\\ud800",
    "\\udc00",
    "\\udfff",
    "\\ud83d\\u0041",
    "\\ud83d\\ude00",
    "\\ude00\\ud83d",
    "\\ud83d\\n",
    "\\uDBFF\\uDFFF",
    "\\ud83d",
];

const BAD_UTF8: &[&[u8]] = &[
    b"\x80",
    b"\xc3",
    b"\xc3\x28",
    b"\xc0\xaf",
    b"\xe0\x80\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\xff",
    b"\xef\xbb\xbf",
];

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Positions of `byte` in `body`.
fn positions(body: &[u8], byte: u8) -> Vec<usize> {
    body.iter().enumerate().filter(|(_, &b)| b == byte).map(|(i, _)| i).collect()
}

/// A random position of `byte` in `body`.
fn pick_position(rng: &mut Rng, body: &[u8], byte: u8) -> Option<usize> {
    let found = positions(body, byte);
    (!found.is_empty()).then(|| found[rng.below(found.len())])
}

/// The starts and ends of the runs of number characters (`-`, digits, `.`, `e`, `E`, `+`) that
/// follow a `:`, `[` or `,`.
fn numbers(body: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let starts =
            (body[i].is_ascii_digit() || body[i] == b'-') && i > 0 && matches!(body[i - 1], b':' | b'[' | b',' | b' ');
        if starts {
            let start = i;
            while i < body.len() && matches!(body[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Replaces every occurrence of `from` in `body` (or, with `all == false`, one random one).
fn replace(rng: &mut Rng, body: &mut Vec<u8>, from: &[u8], to: &[u8], all: bool) -> bool {
    let hits: Vec<usize> = body.windows(from.len()).enumerate().filter(|(_, w)| *w == from).map(|(i, _)| i).collect();
    if hits.is_empty() {
        return false;
    }
    if all {
        for &at in hits.iter().rev() {
            body.splice(at..at + from.len(), to.iter().copied());
        }
    } else {
        let at = hits[rng.below(hits.len())];
        body.splice(at..at + from.len(), to.iter().copied());
    }
    true
}

/// Nested arrays or objects around `null`, `depth` deep.
fn nesting(rng: &mut Rng, depth: usize) -> String {
    match rng.below(3) {
        0 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        1 => format!("{}null{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
        _ => format!("{}1{}", "[{\"a\":".repeat(depth / 2), "}]".repeat(depth / 2)),
    }
}

/// Applies one mutation of a random class to `body`; returns the class's name.
fn mutate(rng: &mut Rng, body: &mut Vec<u8>) -> &'static str {
    let len = body.len();
    match rng.below(20) {
        0 if len > 0 => {
            let at = rng.below(len);
            body[at] ^= 1 << rng.below(8);
            "bit flip"
        }
        1 if len > 0 => {
            let at = rng.below(len);
            body[at] = *rng.pick(INTERESTING_BYTES);
            "byte replaced"
        }
        2 => {
            let at = rng.below(len + 1);
            body.splice(at..at, rng.pick(TOKENS).iter().copied());
            "token inserted"
        }
        3 if len > 0 => {
            // Delete from a structural byte or a quote to a later one (a token, a member, a value).
            let structural: Vec<usize> =
                body.iter().enumerate().filter(|(_, b)| b"{}[],:\"".contains(b)).map(|(i, _)| i).collect();
            if structural.len() < 2 {
                body.remove(rng.below(len));
            } else {
                let a = rng.below(structural.len() - 1);
                let b = (a + 1 + rng.below(3)).min(structural.len() - 1);
                body.drain(structural[a]..structural[b]);
            }
            "tokens deleted"
        }
        4 => {
            // A member right after a `{`: mostly a key the object already has.
            let Some(at) = pick_position(rng, body, b'{') else { return mutate(rng, body) };
            let member = format!("\"{}\":{},", rng.pick(KEYS), rng.pick(VALUES));
            body.splice(at + 1..at + 1, member.into_bytes());
            "duplicate key"
        }
        5 => {
            // An escaped lone surrogate (or a pair, or a broken pair) inside a string.
            let Some(at) = pick_position(rng, body, b'"') else { return mutate(rng, body) };
            body.splice(at + 1..at + 1, rng.pick(SURROGATES).bytes());
            "lone surrogate"
        }
        6 | 7 => {
            // A number (an id, an unknown value) replaced by an odd one.
            let found = numbers(body);
            if found.is_empty() {
                return mutate(rng, body);
            }
            let (start, end) = found[rng.below(found.len())];
            body.splice(start..end, rng.pick(NUMBERS).bytes());
            "odd number"
        }
        8 => {
            // Deep nesting in an unknown member, or where the schema expects a value.
            let depth = *rng.pick(&[2, 100, 122, 123, 124, 125, 126, 127, 128, 129, 1000, 20_000]);
            let value = nesting(rng, depth);
            if rng.chance(70) {
                let Some(at) = pick_position(rng, body, b'{') else { return mutate(rng, body) };
                body.splice(at + 1..at + 1, format!("\"deep\":{value},").into_bytes());
            } else {
                let Some(at) = pick_position(rng, body, b':') else { return mutate(rng, body) };
                body.splice(at + 1..at + 1, value.into_bytes());
            }
            "deep nesting"
        }
        9 => {
            let at = rng.below(len + 1);
            body.splice(at..at, rng.pick(BAD_UTF8).iter().copied());
            "invalid UTF-8"
        }
        10 => {
            let at = match rng.below(4) {
                0 | 1 => 0,
                2 => rng.below(len + 1),
                _ => {
                    body.splice(0..0, BOM.iter().copied());
                    0
                }
            };
            body.splice(at..at, BOM.iter().copied());
            "BOM"
        }
        11 => {
            let all = rng.chance(50);
            let done = match rng.below(5) {
                0 => replace(rng, body, b"\"actor\"", b"\"role\"", all),
                1 => replace(rng, body, b"\"message\"", b"\"content\"", all),
                2 => replace(rng, body, b"\"role\"", b"\"actor\"", false),
                3 => replace(rng, body, b"\"content\"", b"\"message\"", false),
                _ => {
                    // Both spellings of one field in one message.
                    replace(rng, body, b"\"actor\":", b"\"role\":\"user\",\"actor\":", false)
                        || replace(rng, body, b"\"message\":", b"\"message\":\"x\",\"content\":", false)
                }
            };
            if !done {
                return mutate(rng, body);
            }
            "alias"
        }
        12 => {
            // A value replaced by null (after a colon, up to the next `,` or `}`).
            let Some(at) = pick_position(rng, body, b':') else { return mutate(rng, body) };
            let end = body[at + 1..].iter().position(|&b| b == b',' || b == b'}').map_or(body.len(), |p| at + 1 + p);
            body.splice(at + 1..end, b"null".iter().copied());
            "null"
        }
        13 => {
            let stamps: Vec<usize> = body
                .windows(3)
                .enumerate()
                .filter(|(_, w)| w[0].is_ascii_digit() && w[1] == b'T')
                .map(|(i, _)| i + 1)
                .collect();
            if stamps.is_empty() {
                return mutate(rng, body);
            }
            let at = stamps[rng.below(stamps.len())];
            match rng.below(4) {
                0 | 1 => body[at] = b' ',
                2 => body[at] = b't',
                _ => {
                    // The offset instead: lower-case z, none, or a numeric one.
                    if let Some(z) = body[at..].iter().position(|&b| b == b'Z') {
                        let to: &[u8] = rng.pick::<&[u8]>(&[b"z", b"", b"+05:30", b"-24:00", b"+0530"]);
                        body.splice(at + z..at + z + 1, to.iter().copied());
                    }
                }
            }
            "timestamp"
        }
        14 if len > 0 => {
            body.truncate(rng.below(len));
            "truncation"
        }
        15 => {
            let all = rng.chance(30);
            if !replace(rng, body, b":42", b":43", all) {
                return mutate(rng, body);
            }
            "other chat"
        }
        16 if len > 0 => {
            let at = rng.below(len);
            let span = rng.below(24).min(len - at);
            let copied: Vec<u8> = body[at..at + span].to_vec();
            let to = rng.below(body.len() + 1);
            body.splice(to..to, copied);
            "span copied"
        }
        17 => {
            // Whitespace where JSON allows it, and where it does not.
            let at = rng.below(len + 1);
            let ws: &[u8] = rng.pick::<&[u8]>(&[b" ", b"\t\n\r ", b"\x0b", b"\x0c", b"\xc2\xa0"]);
            body.splice(at..at, ws.iter().copied());
            "whitespace"
        }
        18 => {
            // A whole member or value of the model appended to an object or array.
            let Some(at) = pick_position(rng, body, b'[') else { return mutate(rng, body) };
            let mut item_rng = Rng(rng.next() | 1);
            let item = match rng.below(3) {
                0 => message(&mut item_rng, 1 + rng.below(9) as u64, CHAT),
                1 => file(&mut item_rng, CHAT),
                _ => (*rng.pick(VALUES)).to_owned(),
            };
            body.splice(at + 1..at + 1, format!("{item},").into_bytes());
            "item inserted"
        }
        _ if len > 0 => {
            body.remove(rng.below(len));
            "byte deleted"
        }
        _ => {
            body.extend_from_slice(b"{\"chatMessages\":[]}");
            "empty refilled"
        }
    }
}

/// The starting bodies: generated ones of several sizes and a few edge shapes.
fn seeds(rng: &mut Rng) -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    for size in [0, 1, 1, 2, 2, 3, 4, 6, 9, 16] {
        seeds.push(body(rng, size));
    }
    let ok = a_message("1", "42");
    seeds.push(wrap(&ok));
    seeds.push(wrap(&ok.replacen("\"neptun_user_id\":7", "\"files\":[{\"id\":1},{\"q\":[\"\\ud800\"]}]", 1)));
    seeds.push(wrap(&ok.replacen("\"id\":1,", "\"id\":1,\"x\":{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\"},", 1)));
    seeds.push(b"{\"chatMessages\":null}".to_vec());
    seeds.push(b" {\"meta\":{\"v\":[1,2,{\"w\":\"x\"}]},\"chatMessages\":[]} ".to_vec());
    for seed in &seeds {
        assert!(signature(seed).is_none(), "a seed body already disagrees: {}", lossy(seed, 400));
    }
    seeds
}

#[test]
fn fast_and_reference_validators_agree_on_mutated_bodies() {
    let iterations = env_u64("NEPTUN_FUZZ_ITERATIONS").unwrap_or(DEFAULT_ITERATIONS);
    let seed = env_u64("NEPTUN_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let started = Instant::now();
    let mut rng = Rng(seed | 1);
    let mut pool = seeds(&mut rng);
    let base = pool.len();

    let (mut accepted, mut rejected, mut bytes) = (0u64, 0u64, 0u64);
    let mut by_class: BTreeMap<&str, (u64, u64)> = BTreeMap::new(); // class → (inputs, accepted)
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    // Same kind and path, different details: signature → (count, minimal input).
    let mut details: BTreeMap<String, (u64, Vec<u8>)> = BTreeMap::new();
    let mut out_of_range = 0u64;
    for iteration in 0..iterations {
        if iterations >= 1_000_000 && iteration > 0 && iteration % (iterations / 10) == 0 {
            println!("fuzz: … {iteration} inputs, {accepted} accepted, {:.0} s", started.elapsed().as_secs_f64());
        }
        let mut input = rng.pick(&pool).clone();
        let mut classes = Vec::new();
        for _ in 0..1 + rng.below(4).min(rng.below(4)) {
            classes.push(mutate(&mut rng, &mut input));
        }
        // Keep inputs small enough that the long run stays fast (deep nesting is the big one).
        if input.len() > 1 << 20 {
            input.truncate(1 << 20);
            classes.push("truncation");
        }
        bytes += input.len() as u64;
        let (fast, reference) = match run_both(&input) {
            Ok(both) => both,
            Err(_) => report(&input, &classes, seed, iteration),
        };
        match compare(&fast, &reference) {
            Agreement::Exact => {}
            Agreement::OutOfRangeDetail => out_of_range += 1,
            Agreement::Different => report(&input, &classes, seed, iteration),
            Agreement::DetailOnly => {
                let key = signature(&input).unwrap_or_default();
                let entry = details.entry(key).or_insert_with(|| (0, shrink(input.clone())));
                entry.0 += 1;
            }
        }
        let ok = fast.is_ok();
        if ok {
            accepted += 1;
        } else {
            rejected += 1;
        }
        match &fast {
            Ok(v) => {
                *by_kind
                    .entry(if v.canonical { "accepted, canonical".into() } else { "accepted, normalized".into() })
                    .or_default() += 1
            }
            Err(e) => *by_kind.entry(format!("{:?}", e.kind)).or_default() += 1,
        }
        let mut seen: Vec<&str> = Vec::new();
        for class in &classes {
            if !seen.contains(class) {
                seen.push(class);
                let entry = by_class.entry(class).or_default();
                entry.0 += 1;
                entry.1 += u64::from(ok);
            }
        }
        // Accepted mutants join the pool (so mutations compound), replacing older mutants.
        if ok && rng.chance(20) && input.len() < MAX_POOLED {
            if pool.len() < 256 {
                pool.push(input);
            } else {
                let at = base + rng.below(pool.len() - base);
                pool[at] = input;
            }
        }
    }

    let elapsed = started.elapsed();
    println!(
        "fuzz: fast validator vs reference, seed {seed:#x}, {iterations} inputs ({:.1} MB) in {:.1} s",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64()
    );
    let detail_only: u64 = details.values().map(|(count, _)| count).sum();
    println!(
        "fuzz: {accepted} accepted, {rejected} rejected; 0 panics, 0 different outcomes; same kind and path, other detail: \
         {out_of_range} number beyond the f64 range where the schema expects a non-number (known), {detail_only} other"
    );
    for (failure, (count, minimal)) in &details {
        println!(
            "fuzz:   detail differs ×{count}: {failure}\nfuzz:     minimal input: {:?}",
            String::from_utf8_lossy(minimal)
        );
    }
    for (kind, count) in &by_kind {
        println!("fuzz:   outcome {kind:<22} {count}");
    }
    for (class, (inputs, ok)) in &by_class {
        println!("fuzz:   mutation {class:<16} {inputs:>9} inputs, {ok:>8} still accepted");
    }
    assert!(details.is_empty(), "the validators describe {detail_only} rejected inputs differently (see above)");
    if iterations >= 5_000 {
        assert!(accepted > iterations / 50, "too few accepted inputs ({accepted}): the mutations are too destructive");
        assert!(rejected > iterations / 4, "too few rejected inputs ({rejected})");
        assert!(by_class.len() >= 18, "some mutation classes never ran: {:?}", by_class.keys().collect::<Vec<_>>());
    }
}
