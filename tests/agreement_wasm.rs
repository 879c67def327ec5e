//! The fast scanner against the `serde_json` reference in a browser, where the scanner's string loop
//! runs on wasm `simd128` (`.cargo/config.toml`): generated and mutated bodies, every truncation of a
//! small one, long strings that cross many 16-byte chunks. The native `tests/agreement.rs` is the
//! large corpus; this one checks that the SIMD path decides exactly like the portable one.
//! Run: `wasm-pack test --headless --chrome -- --test agreement_wasm`.
#![cfg(target_arch = "wasm32")]

use neptun_client::decode::{escape_non_ascii, validate, validate_reference};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;
use common::{a_message, body, wrap, Rng, CHAT};

wasm_bindgen_test_configure!(run_in_browser);

fn agree(body: &[u8]) -> bool {
    let fast = validate(body, CHAT);
    let reference = validate_reference(body, CHAT);
    let same = match (&fast, &reference) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => a.kind == b.kind && a.path == b.path,
        _ => false,
    };
    assert!(same, "disagree: fast {fast:?} reference {reference:?} body {}", String::from_utf8_lossy(body));
    if reference.is_ok() {
        escaped_body_parses_the_same(body);
    }
    reference.is_ok()
}

/// A valid body rewritten as ASCII (what the bindings hand `JSON.parse`, escaped under SIMD here) is
/// ASCII and `JSON.parse` builds the same value from it as from the original (compared through
/// `JSON.stringify`, which spells equal values alike); `TextDecoder` skips the BOM in both.
fn escaped_body_parses_the_same(body: &[u8]) {
    let mut escaped = body.to_vec();
    escape_non_ascii(&mut escaped);
    assert!(escaped.is_ascii(), "escaped body is not ASCII: {}", String::from_utf8_lossy(&escaped));
    let parse = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        js_sys::JSON::stringify(&js_sys::JSON::parse(text.trim_start_matches('\u{FEFF}')).unwrap()).unwrap()
    };
    assert_eq!(parse(body), parse(&escaped), "escaped body parses differently: {}", String::from_utf8_lossy(body));
}

#[wasm_bindgen_test]
fn generated_and_long_bodies_agree() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for size in [0, 1, 2, 10, 100, 1000] {
        agree(&body(&mut rng, size));
    }
    for text in ["a".repeat(100_000), "é日😀x\\n".repeat(20_000)] {
        let long = format!(
            r#"{{"chatMessages":[{{"id":1,"message":"{text}","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","chat_conversation_id":42}}]}}"#
        );
        assert!(agree(long.as_bytes()));
        // A bad byte at every offset of one 16-byte window in the middle.
        for offset in 0..16 {
            for bad in [b'"', b'\\', 0x01, 0xFF] {
                let mut broken = long.clone().into_bytes();
                let at = broken.len() / 2 + offset;
                broken[at] = bad;
                agree(&broken);
            }
        }
    }
}

#[wasm_bindgen_test]
fn truncations_and_mutations_agree() {
    let mut rng = Rng(0xDEAD_BEEF);
    let source = body(&mut rng, 3);
    for cut in 0..=source.len() {
        agree(&source[..cut]);
    }
    const BYTES: &[u8] = b"\"\\{}[],:01-.eEnu \n\x00\x1f\x80\xc3\xa9\xffd8";
    let mut accepted = 0;
    for _ in 0..600 {
        let mut mutated = source.clone();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(mutated.len());
            match rng.below(3) {
                0 => mutated[at] = BYTES[rng.below(BYTES.len())],
                1 => mutated.insert(at, BYTES[rng.below(BYTES.len())]),
                _ => {
                    mutated.remove(at);
                }
            }
        }
        accepted += usize::from(agree(&mutated));
    }
    assert!(accepted > 0 && accepted < 600, "{accepted}");
}

/// A one-message body whose `message` is `text` (raw JSON string body), after `pad` bytes of ASCII so
/// that `text` lands on every offset of a 64-byte block.
fn with_message(pad: usize, text: &[u8]) -> Vec<u8> {
    let mut body = br#"{"chatMessages":[{"id":1,"message":""#.to_vec();
    body.extend(std::iter::repeat(b'a').take(pad));
    body.extend_from_slice(text);
    body.extend_from_slice(
        br#"","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","chat_conversation_id":42}]}"#,
    );
    body
}

/// The 64-byte block scanner (`src/json/`): escapes, backslash runs, quotes after escapes, control
/// bytes and UTF-8 sequences (valid and not) at every offset around block edges.
#[wasm_bindgen_test]
fn block_edges_agree() {
    let pieces: &[&[u8]] = &[
        b"\\n",
        b"\\\"",
        b"\\\\",
        b"\\\\\\\"",
        b"\\\\\\",
        b"\\u00e9",
        b"\\ud83d\\ude00",
        b"\\ud83d",
        b"\\x",
        b"\\\x01",
        b"\x01",
        b"\x1f",
        "é".as_bytes(),
        "日".as_bytes(),
        "😀".as_bytes(),
        b"\xc3",
        b"\xe6\x97",
        b"\xf0\x9f\x98",
        b"\x80",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xc0\x80",
        b"\xe0\x80\x80",
        b"\xff",
    ];
    for piece in pieces {
        for pad in 0..140 {
            for after in [
                &b""[..],
                b"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            ] {
                let mut text = piece.to_vec();
                text.extend_from_slice(after);
                agree(&with_message(pad, &text));
            }
        }
    }
    // Backslash runs of every length (a run of odd length escapes what follows) at every offset.
    for run in 0..70 {
        for pad in (0..70).step_by(3) {
            for next in [&b"n"[..], b"\"", b"\xc3\xa9"] {
                let mut text = vec![b'\\'; run];
                text.extend_from_slice(next);
                text.extend_from_slice(&[b'z'; 80]);
                agree(&with_message(pad, &text));
            }
        }
    }
}

/// The scanner's fast paths in the browser build: keys escaped, spaced, cut short or out of order,
/// and every byte of the 24-byte timestamp changed, each after a well-formed message.
#[wasm_bindgen_test]
fn key_and_timestamp_variants_agree() {
    let ok = a_message("1", &CHAT.to_string());
    let variants: &[(&str, &str)] = &[
        (r#""id":"#, r#""\u0069d":"#),
        (r#""actor":"#, r#""actor" :"#),
        (r#""created_at":"#, r#""created_a":"#),
        (r#""updated_at":"#, r#""updated_at\n":"#),
        (r#""neptun_user_id":7,"#, ""),
        (r#""chat_conversation_id":"#, r#""chat_conversation_id":1,"chat_conversation_id":"#),
        (r#""message":"#, r#""id":2,"message":"#),
    ];
    for (from, to) in variants {
        let changed = ok.replacen(from, to, 1);
        agree(format!(r#"{{"chatMessages":[{ok},{changed}]}}"#).as_bytes());
    }
    let stamp = "2024-03-20T10:00:00.000Z";
    for at in 0..stamp.len() {
        for byte in ["0", "9", "-", ":", ".", "T", "t", "z", " ", "\\u0030", "é", "\""] {
            let changed = ok.replacen(stamp, &format!("{}{byte}{}", &stamp[..at], &stamp[at + 1..]), 1);
            agree(format!(r#"{{"chatMessages":[{ok},{changed}]}}"#).as_bytes());
        }
    }
}

/// The canonical fast path (and its plain-integer ids) under SIMD: a canonical message with one byte
/// replaced at every position, and ids of every length from 1 to 20 digits.
#[wasm_bindgen_test]
fn canonical_fast_path_agrees() {
    let canonical = a_message("1", &CHAT.to_string());
    let bytes = canonical.as_bytes();
    for at in 0..bytes.len() {
        for byte in [b' ', b'"', b'x', b'0', b',', b'}', b'\\', 0x80] {
            let mut m = bytes.to_vec();
            m[at] = byte;
            // Raw bytes (0x80 is invalid UTF-8 and must stay so).
            agree(&[&b"{\"chatMessages\":["[..], &m, b"]}"].concat());
        }
    }
    for len in 1..=20 {
        for id in ["9".repeat(len), format!("1{}", "0".repeat(len - 1)), format!("0{}", "9".repeat(len))] {
            agree(&wrap(&canonical.replacen("\"id\":1", &format!("\"id\":{id}"), 1)));
        }
    }
}
