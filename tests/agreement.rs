//! The fast scanner (`decode::validate`, `src/decode/scan.rs`) against the `serde_json` reference
//! (`decode::validate_reference`, `src/decode/reference.rs`): on fixtures, generated bodies of many
//! sizes and shapes, hand-made edge cases, every truncation of a small body and thousands of random
//! mutations, both must agree on accept/reject, `canonical`, `messages`, the error kind, the `path`, and the `detail` of every
//! semantic problem. For syntax errors the detail's wording may differ (column numbers are not
//! always the same), but both must call it a syntax error, or both a truncation.
//! Run: `cargo test --test agreement` (add `--release` for the large corpora to go faster).
#![cfg(not(target_arch = "wasm32"))]

use neptun_client::decode::{escape_non_ascii, validate, validate_reference, Validated};
use neptun_client::NeptunError;

mod common;
use common::{a_message, body, detail_class, float_echo, lossy, wrap, Rng, CHAT};

/// Both validators on `body`; panics with both results when they disagree. Returns the outcome.
fn agree(body: &[u8], chat: u64) -> Result<Validated, NeptunError> {
    let fast = validate(body, chat);
    let reference = validate_reference(body, chat);
    let same = match (&fast, &reference) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => {
            a.kind == b.kind
                && a.path == b.path
                && a.status == b.status
                && (detail_class(&a.detail) == detail_class(&b.detail)
                    || (float_echo(&a.detail) && (float_echo(&b.detail) || b.detail.contains("number out of range"))))
        }
        _ => false,
    };
    assert!(same, "validators disagree\n fast:      {fast:?}\n reference: {reference:?}\n body: {}", lossy(body, 400));
    if reference.is_ok() {
        escaped_body_agrees(body);
    }
    reference
}

/// A valid body rewritten as ASCII (what the bindings hand `JSON.parse`) is ASCII and reads as the
/// same `serde_json::Value` as the original, BOM skipped.
fn escaped_body_agrees(body: &[u8]) {
    let mut escaped = body.to_vec();
    let changed = escape_non_ascii(&mut escaped);
    assert!(escaped.is_ascii(), "escaped body is not ASCII: {}", lossy(&escaped, 400));
    let ascii_after_bom = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body).is_ascii();
    assert_eq!(changed, !ascii_after_bom, "rewritten although ASCII, or not although not");
    let text = std::str::from_utf8(body).unwrap();
    let original: serde_json::Value = serde_json::from_str(text.strip_prefix('\u{FEFF}').unwrap_or(text)).unwrap();
    let rewritten: serde_json::Value = serde_json::from_slice(&escaped).unwrap();
    assert_eq!(original, rewritten, "escaped body reads differently: {}", lossy(body, 400));
}

fn agree_all(bodies: &[Vec<u8>]) -> (usize, usize) {
    let mut accepted = 0;
    for body in bodies {
        accepted += usize::from(agree(body, CHAT).is_ok());
    }
    (accepted, bodies.len() - accepted)
}

// ---------------------------------------------------------------------------------------------
// The corpora.

#[test]
fn fixtures_agree() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let body = std::fs::read(entry.unwrap().path()).unwrap();
        for chat in [1, 42, 123, 7] {
            let _ = agree(&body, chat);
            count += 1;
        }
    }
    assert!(count >= 40);
}

#[test]
fn generated_bodies_of_many_sizes_agree() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for size in [0, 1, 2, 3, 5, 10, 50, 200, 1000, 5000] {
        for _ in 0..4 {
            let body = body(&mut rng, size);
            let outcome =
                agree(&body, CHAT).unwrap_or_else(|e| panic!("generated body rejected: {e}: {}", lossy(&body, 400)));
            assert_eq!(outcome.messages, size);
        }
    }
}

#[test]
fn ids_agree() {
    let mut bodies = Vec::new();
    for id in [
        "1",
        "0",
        "-0",
        "-1",
        "1.0",
        "1.5",
        "1e3",
        "1E+2",
        "0.5",
        "9007199254740991",
        "9007199254740992",
        "18446744073709551615",
        "18446744073709551616",
        "123456789012345678901234567890",
        "-9223372036854775808",
        "-9223372036854775809",
        "01",
        "-",
        "1.",
        ".5",
        "+1",
        "1e",
        "1e+",
        "--1",
        "0x10",
        "1_0",
        "\"1\"",
        "null",
        "true",
        "[1]",
        "{}",
        "1e400",
        "-1e400",
        "nul",
        "\"\\ud800\"",
    ] {
        bodies.push(wrap(&a_message(id, "42")));
        bodies.push(wrap(&a_message("1", id)));
        let user = a_message("1", "42").replace("\"neptun_user_id\":7", &format!("\"neptun_user_id\":{id}"));
        bodies.push(wrap(&user));
    }
    bodies.push(wrap(&a_message("1", "43")));
    agree_all(&bodies);
}

/// The fast id path (plain integers of up to 16 digits): every length from 1 to 20 digits, with and
/// without a leading zero, a sign, a fraction or an exponent, at each id position and at the end
/// of the input.
#[test]
fn ids_of_every_length_agree() {
    let mut bodies = Vec::new();
    for len in 1..=20 {
        let nines = "9".repeat(len);
        let ones = format!("1{}", "0".repeat(len - 1));
        for digits in [nines.clone(), ones, format!("0{nines}"), "42".repeat(len).chars().take(len).collect()] {
            for id in [
                digits.clone(),
                format!("-{digits}"),
                format!("{digits}.0"),
                format!("{digits}e0"),
                format!("{digits}E1"),
            ] {
                bodies.push(wrap(&a_message(&id, "42")));
                bodies.push(wrap(&a_message("1", &id)));
                let user = a_message("1", "42").replace("\"neptun_user_id\":7", &format!("\"neptun_user_id\":{id}"));
                bodies.push(wrap(&user));
                let cut = wrap(&a_message("1", "42"));
                bodies.push(format!(r#"{{"chatMessages":[{{"id":{id}"#).into_bytes());
                bodies.push(cut);
            }
        }
    }
    agree_all(&bodies);
    for chat in [1, 42, 9_007_199_254_740_991, 9_999_999_999_999_999, 10_000_000_000_000_000] {
        for id in ["9007199254740991", "9007199254740992", "9999999999999999", "10000000000000000", "42", "1"] {
            let _ = agree(&wrap(&a_message("1", id)), chat);
        }
    }
}

/// The canonical fast path of message and file objects: a canonical message (with and without
/// files) with one byte replaced, inserted or deleted at every position, so that each member is
/// disturbed in its key, its separator and its value.
#[test]
fn canonical_messages_perturbed_everywhere_agree() {
    let file = r#"{"id":3,"title":"t","text":"x","language":"en","extension":"md","neptun_user_id":7,"chat_conversation_id":42,"chat_conversation_message_id":1,"created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z"}"#;
    let plain = a_message("1", "42");
    let with_files = format!("{},\"files\":[{file}]}}", &plain[..plain.len() - 1]);
    let mut bodies = Vec::new();
    for message in [plain, with_files] {
        let bytes = message.as_bytes();
        for at in 0..bytes.len() {
            for byte in [b' ', b'"', b'x', b'0', b'9', b',', b'}', b'\\', 0x80] {
                let mut replaced = bytes.to_vec();
                replaced[at] = byte;
                let mut inserted = bytes.to_vec();
                inserted.insert(at, byte);
                for m in [replaced, inserted] {
                    bodies.push(wrap(&String::from_utf8_lossy(&m)));
                }
            }
            let mut deleted = bytes.to_vec();
            deleted.remove(at);
            bodies.push(wrap(&String::from_utf8_lossy(&deleted)));
        }
    }
    agree_all(&bodies);
}

#[test]
fn hand_made_edge_cases_agree() {
    let ok = a_message("1", "42");
    let mut cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b" ".to_vec(),
        b"\n\n".to_vec(),
        b"\xEF\xBB\xBF{\"chatMessages\":[]}".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        b"{\"chatMessages\":[]}\xEF\xBB\xBF".to_vec(),
        b"{\"chatMessages\":null}".to_vec(),
        b"{\"chatMessages\":null,\"chatMessages\":[]}".to_vec(),
        b"{\"chatMessages\":[],\"chatMessages\"".to_vec(),
        b"{\"chatMessages\":nul}".to_vec(),
        b"{\"chatMessages\":{}}".to_vec(),
        b"{\"chatMessages\":{".to_vec(),
        b"{\"chatMessages\":\"x\"}".to_vec(),
        b"{\"chatMessages\":[]} x".to_vec(),
        b"{\"chatMessages\":[]},".to_vec(),
        b"{\"chatMessages\":[],}".to_vec(),
        b"{\"chatMessages\":[1]}".to_vec(),
        b"{\"chatMessages\":[[[[[[".to_vec(),
        b"{\"chatMessages\":[{},]}".to_vec(),
        b"{\"chatMessages\" []}".to_vec(),
        b"{chatMessages:[]}".to_vec(),
        b"{}".to_vec(),
        b"[]".to_vec(),
        b"null".to_vec(),
        b"\"\\ud800\"".to_vec(),
        b"-".to_vec(),
        b"{\"\\u0063hatMessages\":[]}".to_vec(),
        b"{\"chatMessages\\ud800\":[]}".to_vec(),
        b"{\"x\":\"\\ud800\",\"chatMessages\":[]}".to_vec(),
        b"{\"x\":{\"\\udc00\":\"\\ud800\\u0041\"},\"chatMessages\":[]}".to_vec(),
        b"{\"x\":\"\\ud800\\n\",\"chatMessages\":[]}".to_vec(),
        b"{\"x\":\"\\u12\",\"chatMessages\":[]}".to_vec(),
        b"{\"x\":\"\\x\",\"chatMessages\":[]}".to_vec(),
        b"{\"x\":\"a\x01\",\"chatMessages\":[]}".to_vec(),
        b"{\"x\":\"a\x7f\",\"chatMessages\":[]}".to_vec(),
        b"{\"x\":\"\xC3\",\"chatMessages\":[]}".to_vec(),
        b"{\"x\":\"\xED\xA0\x80\",\"chatMessages\":[]}".to_vec(),
        b"{\"chatMessages\":[]}\xFF".to_vec(),
        b"{\"chatMessages\":[\xC3\xA9]}".to_vec(),
        b"{\"chatMessages\":[1,]}\xFF".to_vec(),
        b"{\"x\":[1,],\"chatMessages\":[]}".to_vec(),
        b"{\"x\":{\"a\":1,},\"chatMessages\":[]}".to_vec(),
        b"{\"x\":{\"a\" 1},\"chatMessages\":[]}".to_vec(),
        b"{\"x\":{1:1},\"chatMessages\":[]}".to_vec(),
        b"{\"x\":[1 2],\"chatMessages\":[]}".to_vec(),
        b"{\"x\":[}],\"chatMessages\":[]}".to_vec(),
        b"{\"x\":tru,\"chatMessages\":[]}".to_vec(),
        b"{\"x\":1e400,\"chatMessages\":[]}".to_vec(),
        b"{\"x\":-01,\"chatMessages\":[]}".to_vec(),
        // Repeated keys in unknown fields and inside their values, escaped or not.
        b"{\"x\":1,\"x\":2,\"chatMessages\":[]}".to_vec(),
        b"{\"x\":1,\"\\u0078\":2,\"chatMessages\":[]}".to_vec(),
        b"{\"x\":{\"a\":1,\"b\":[{\"a\":1}],\"a\":2},\"chatMessages\":[]}".to_vec(),
        b"{\"x\":{\"a\":1,\"a\":2,]},\"chatMessages\":[]}".to_vec(),
        b"{\"x\":{\"a\":1,\"a\"".to_vec(),
        b"{\"x\":[{\"a\":1},{\"a\":1}],\"y\":{\"x\":1},\"chatMessages\":[]}".to_vec(),
    ];
    // Numbers at the edge of the f64 range in unknown fields (rejected from 2^1024 − 2^970 up).
    for number in [
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "-1.797693134862315807937289714053e308",
        "1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977919999e308",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9",
        "1e400",
        "1e-400",
        "0e99999999999999",
        "1e99999999999999",
    ] {
        cases.push(format!(r#"{{"x":{number},"chatMessages":[]}}"#).into_bytes());
        cases.push(wrap(&ok.replacen("\"id\":1,", &format!("\"id\":1,\"x\":[{number}],"), 1)));
    }
    let edits: [(&str, &str); 40] = [
        ("\"id\":1,", "\"id\":1,\"id\":2,"),
        ("\"message\":\"Hi\",", "\"message\":\"Hi\",\"content\":\"Ho\","),
        ("\"message\":\"Hi\",", "\"content\":\"Hi\",\"message\":\"Ho\","),
        ("\"message\":\"Hi\",", "\"message\":\"Hi\",\"message\":\"Ho\","),
        ("\"actor\":\"user\",", "\"role\":\"user\",\"actor\":\"user\","),
        ("\"actor\":\"user\",", "\"role\":\"assistant\","),
        ("\"actor\":\"user\",", "\"actor\":\"admin\","),
        ("\"actor\":\"user\",", "\"actor\":\"us\\u0065r\","),
        ("\"actor\":\"user\",", "\"actor\":\"User\","),
        ("\"actor\":\"user\",", "\"actor\":null,"),
        ("\"actor\":\"user\",", ""),
        ("\"id\":1,", ""),
        ("\"id\":1,", "\"\\u0069d\":1,"),
        ("\"id\":1,", "\"\\u0069d\":1,\"id\":1,"),
        ("\"message\":\"Hi\",", "\"message\":\"\\ud800\","),
        ("\"message\":\"Hi\",", "\"message\":\"\\udc00\","),
        ("\"message\":\"Hi\",", "\"message\":\"\\ud83d\\ude00\","),
        ("\"message\":\"Hi\",", "\"message\":\"\\ud83d\\u0041\","),
        ("\"message\":\"Hi\",", "\"message\":\"\\ud83d\","),
        ("\"message\":\"Hi\",", "\"message\":5,"),
        ("\"message\":\"Hi\",", "\"message\":[\"Hi\"],"),
        ("\"message\":\"Hi\",", "\"message\":{\"a\":"),
        ("\"message\":\"Hi\",", "\"mess\\ud800age\":\"Hi\","),
        ("\"message\":\"Hi\",", "\"message\":\"Hi\",\"x\\ud800\":1,"),
        ("\"message\":\"Hi\",", "\"message\":\"Hi\",\"x\":\"\\ud800\","),
        ("\"message\":\"Hi\",", "\"message\":\"Hi\",\"x\":{\"\\ud800\":1},"),
        ("2024-03-20T10:00:00.000Z", "2024-03-20T10:00:00.000"),
        ("2024-03-20T10:00:00.000Z", "2024-02-30T10:00:00.000Z"),
        ("2024-03-20T10:00:00.000Z", "2024\\u002d03-20T10:00:00.000Z"),
        ("2024-03-20T10:00:00.000Z", "2024-03-20T10:00:00.0000000000000000000000000000000000000000000000000000001Z"),
        (
            "2024-03-20T10:00:00.000Z",
            "2024-03-20T10:00:00.00000000000000000000000000000000000000000000000000000\\u0030Z",
        ),
        ("2024-03-20T10:00:00.000Z", "2024-03-20T10:00:00.000Z\\u0000"),
        ("\"neptun_user_id\":7,", "\"neptun_user_id\":null,"),
        ("\"neptun_user_id\":7,", "\"neptun_user_id\":nul,"),
        ("\"neptun_user_id\":7,", "\"neptun_user_id\":7,\"neptun_user_id\":7,"),
        ("\"neptun_user_id\":7,", "\"files\":null,"),
        ("\"neptun_user_id\":7,", "\"files\":[null],"),
        ("\"neptun_user_id\":7,", "\"files\":{},"),
        ("\"neptun_user_id\":7,", "\"files\":[{}],"),
        ("\"neptun_user_id\":7,", "\"files\":[{\"id\":1}],"),
    ];
    for (from, to) in edits {
        assert!(ok.contains(from), "{from}");
        cases.push(wrap(&ok.replacen(from, to, 1)));
        cases.push(wrap(&format!("{ok},{}", ok.replacen(from, to, 1))));
    }
    let (accepted, rejected) = agree_all(&cases);
    assert!(accepted > 5 && rejected > 50, "{accepted} accepted, {rejected} rejected");
}

/// The scanner's fast paths (a key read with its quote and colon in the expected order, the 24-byte
/// timestamp) against everything that must take the general path: escaped keys, space before the
/// colon, other orders, keys that merely start like the expected one, and timestamps with any byte
/// changed.
#[test]
fn key_and_timestamp_variants_agree() {
    let ok = a_message("1", "42");
    let keys = ["id", "message", "actor", "created_at", "updated_at", "neptun_user_id", "chat_conversation_id"];
    let mut cases = vec![wrap(&ok)];
    let mut variant = |from: &str, to: &str| {
        assert!(ok.contains(from), "{from}");
        let changed = ok.replacen(from, to, 1);
        cases.push(wrap(&changed));
        cases.push(wrap(&format!("{ok},{changed},{ok}")));
    };
    for key in keys {
        let quoted = format!("\"{key}\":");
        let (first, rest) = key.split_at(1);
        variant(&quoted, &format!("\"\\u{:04x}{rest}\":", u32::from(first.as_bytes()[0])));
        variant(&quoted, &format!("\"{key}\" :"));
        variant(&quoted, &format!("\"{key}\"\n:"));
        variant(&quoted, &format!("\"{key}x\":"));
        variant(&quoted, &format!("\"{first}\":"));
        variant(&quoted, &format!("\"{key}\""));
        variant(&quoted, &format!("\"{key}\\n\":"));
        variant(&quoted, &format!("\"{key}\":1,{quoted}"));
    }
    // Other orders: each field moved to the front.
    let body = ok.trim_start_matches('{').trim_end_matches('}');
    let fields: Vec<&str> = body.split(",\"").collect();
    for i in 0..fields.len() {
        let mut order: Vec<String> = fields.iter().map(|f| f.trim_start_matches('"').to_owned()).collect();
        let moved = order.remove(i);
        order.insert(0, moved);
        let message = format!("{{\"{}}}", order.join(",\""));
        cases.push(wrap(&message));
        cases.push(wrap(&format!("{ok},{message},{ok}")));
    }
    // Timestamps: every byte of the 24-byte form replaced.
    let stamp = "2024-03-20T10:00:00.000Z";
    for at in 0..stamp.len() {
        for byte in ["0", "9", "-", ":", ".", "T", "t", "Z", "z", " ", "/", "\\u0030", "é", "\"", "\\"] {
            let changed = format!("{}{byte}{}", &stamp[..at], &stamp[at + 1..]);
            let edited = ok.replacen(stamp, &changed, 1);
            cases.push(wrap(&edited));
            cases.push(wrap(&ok.replace(stamp, &changed)));
        }
    }
    let (accepted, rejected) = agree_all(&cases);
    assert!(accepted > 50 && rejected > 200, "{accepted} accepted, {rejected} rejected");
}

#[test]
fn deep_nesting_agrees() {
    let ok = a_message("1", "42");
    let mut cases = Vec::new();
    for depth in [1, 10, 126, 127, 128, 129, 1000, 1025, 5000, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let mixed = format!("{}null{}", "[{\"a\":".repeat(depth), "}]".repeat(depth));
        for value in [&arrays, &objects, &mixed] {
            // Inside unknown fields (skipped), balanced and unbalanced.
            cases.push(format!(r#"{{"x":{value},"chatMessages":[]}}"#).into_bytes());
            cases.push(format!(r#"{{"x":{value}"#).into_bytes());
            cases.push(wrap(&ok.replacen("\"id\":1,", &format!("\"id\":1,\"x\":{value},"), 1)));
            let broken = value.replacen(']', "}", 1);
            cases.push(format!(r#"{{"x":{broken},"chatMessages":[]}}"#).into_bytes());
            // Where the model expects a value.
            cases.push(wrap(&ok.replacen("\"id\":1,", &format!("\"id\":{value},"), 1)));
            cases.push(format!(r#"{{"chatMessages":{value}}}"#).into_bytes());
            cases.push(format!(r#"{{"chatMessages":[{value}]}}"#).into_bytes());
            cases.push(value.clone().into_bytes());
        }
    }
    agree_all(&cases);
}

#[test]
fn huge_strings_agree() {
    let big_ascii = "a".repeat(3 << 20);
    let big_unicode = "é日😀x".repeat(300_000);
    let big_escaped = "\\n\\u00e9\\\"".repeat(200_000);
    let ok = a_message("1", "42");
    let mut cases = Vec::new();
    for text in [&big_ascii, &big_unicode, &big_escaped] {
        cases.push(wrap(&ok.replacen("\"Hi\"", &format!("\"{text}\""), 1)));
        cases.push(format!(r#"{{"x":"{text}","chatMessages":[]}}"#).into_bytes());
        cases.push(wrap(&ok.replacen("\"message\"", &format!("\"{text}\""), 1)));
    }
    let mut bad = wrap(&ok.replacen("\"Hi\"", &format!("\"{big_unicode}\""), 1));
    let middle = bad.len() / 2;
    bad[middle] = 0xFF;
    cases.push(bad);
    let (accepted, _) = agree_all(&cases);
    // Each text as a message and in an unknown field; as a key it leaves `message` missing.
    assert_eq!(accepted, 6);
}

#[test]
fn every_truncation_agrees() {
    let mut rng = Rng(7);
    let mut sources = vec![body(&mut rng, 3), body(&mut rng, 2)];
    sources.push(wrap(&format!(
        "{},{}",
        a_message("1", "42").replacen("\"Hi\"", "\"h\\u00e9 \\ud83d\\ude00 é😀\"", 1),
        a_message("2", "42").replacen("\"neptun_user_id\":7", "\"files\":[{\"x\":[1.5e-3,{\"\\u0041\":null}]}]", 1)
    )));
    for source in sources {
        for cut in 0..=source.len() {
            let _ = agree(&source[..cut], CHAT);
            // And the same prefix with a closing bracket glued on.
            let mut closed = source[..cut].to_vec();
            closed.extend_from_slice(b"]}");
            let _ = agree(&closed, CHAT);
        }
    }
}

#[test]
fn random_mutations_agree() {
    const BYTES: &[u8] = b"\"\\{}[],:01-.eEnu+ \n\tdD8\x00\x1f\x7f\x80\xc3\xa9\xed\xff/ltrfa";
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    let mut seeds: Vec<Vec<u8>> = (0..6).map(|n| body(&mut rng, n)).collect();
    seeds.push(wrap(&a_message("1", "42")));
    seeds.push(wrap(&a_message("1", "42").replacen(
        "\"neptun_user_id\":7",
        "\"files\":[{\"id\":1},{\"q\":[\"\\ud800\"]}]",
        1,
    )));
    let (mut accepted, mut total) = (0, 0);
    for round in 0..20_000 {
        let mut body = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(3) {
            if body.is_empty() {
                break;
            }
            let at = rng.below(body.len());
            match rng.below(6) {
                0 | 1 => body[at] = *rng.pick(BYTES),
                2 => body.insert(at, *rng.pick(BYTES)),
                3 => {
                    body.remove(at);
                }
                4 => {
                    let len = rng.below(12).min(body.len() - at);
                    let span: Vec<u8> = body[at..at + len].to_vec();
                    let to = rng.below(body.len());
                    body.splice(to..to, span);
                }
                _ => {
                    let insert: &[u8] = rng.pick::<&[u8]>(&[
                        b"\\ud800",
                        b"\\u0069",
                        b"\"id\":1,",
                        b"null",
                        b"-0",
                        b"9007199254740993",
                        b"\"role\":\"user\",",
                        b"{\"a\":[",
                    ]);
                    body.splice(at..at, insert.iter().copied());
                }
            }
        }
        accepted += usize::from(agree(&body, CHAT).is_ok());
        total += 1;
        // Mutated bodies that still pass become seeds too, so mutations compound.
        if round % 50 == 0 && validate(&body, CHAT).is_ok() && seeds.len() < 64 {
            seeds.push(body);
        }
    }
    assert!(accepted > 100 && total - accepted > 10_000, "{accepted} of {total} accepted");
}
