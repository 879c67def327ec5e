use super::*;
use crate::testing::Rng;

// The string tests also run in Chromium, on the `simd128` block (`wasm-pack test --headless --chrome
// -- --lib`); the others are `#[test]` only.
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn find_special_matches_a_bytewise_search() {
    let mut bytes = vec![b'a'; 100];
    for special in [b'"', b'\\', 0x00, 0x1f, 0x80, 0xff] {
        for at in 0..bytes.len() {
            bytes[at] = special;
            for from in [0, 1, 7, 8, 9, 15, 16, 17, at] {
                let expected = if from <= at { at } else { bytes.len() };
                assert_eq!(find_special(&bytes, from), expected, "{special:#x} at {at} from {from}");
            }
            bytes[at] = b'a';
        }
    }
    for ok in [0x20, 0x7f, b'!', b'#', b'[', b']'] {
        assert_eq!(find_special(&[ok; 40], 0), 40);
    }
}

#[test]
fn bytes_at_matches_a_bytewise_compare_at_every_length_and_position() {
    let text: Vec<u8> = (0..64u8).map(|i| b'a' + i % 26).collect();
    for at in [0, 1, 5, 30] {
        for len in 0..=34 {
            let Some(expected) = text.get(at..at + len) else { continue };
            let cur = Cursor::new(&text);
            assert!(cur.bytes_at(at, expected), "at {at}, {len} bytes");
            assert!(!cur.bytes_at(text.len() - len + 1, expected) || len == 0, "past the end, {len} bytes");
            for wrong in 0..len {
                let mut other = expected.to_vec();
                other[wrong] ^= 0x20;
                assert!(!cur.bytes_at(at, &other), "at {at}, {len} bytes, byte {wrong} differs");
            }
        }
    }
}

/// The string reader the block scanner must match exactly: one byte at a time, no shortcuts.
fn string_reference(bytes: &[u8], from: usize) -> (Result<Str>, usize) {
    let mut cur = Cursor::at(bytes, from);
    let mut escaped = false;
    let result = loop {
        match cur.bytes.get(cur.pos) {
            None => break Err(JsonError::Eof),
            Some(b'"') => {
                let end = cur.pos;
                cur.pos += 1;
                break Ok(Str { start: from, end, escaped });
            }
            Some(b'\\') => {
                escaped = true;
                if let Err(error) = cur.escape() {
                    break Err(error);
                }
            }
            Some(&byte) if byte < 0x20 => {
                break Err(cur.error("control character (\\u0000-\\u001F) found while parsing a string"))
            }
            Some(&byte) if byte >= 0x80 => {
                if let Err(error) = cur.non_ascii_run() {
                    break Err(error);
                }
            }
            Some(_) => cur.pos += 1,
        }
    };
    (result, cur.pos)
}

fn outcome(result: Result<Str>, pos: usize) -> String {
    match result {
        Ok(s) => format!("ok {}..{} escaped {} pos {pos}", s.start, s.end, s.escaped),
        Err(error) => format!("{error:?}"),
    }
}

/// `Cursor::string` on `body` (after an opening quote at 0) agrees with the reference.
fn check(body: &[u8]) {
    let mut cur = Cursor::at(body, 1);
    let fast = cur.string();
    let fast = outcome(fast, cur.pos);
    let (reference, pos) = string_reference(body, 1);
    let reference = outcome(reference, pos);
    assert_eq!(fast, reference, "on {:?}", String::from_utf8_lossy(body));
}

/// `"` + filler + `piece` at `offset` + filler + closing quote + trailing bytes: the piece lands on
/// every offset of the first blocks (and the string end may fall inside the last 64 bytes or not).
fn around(piece: &[u8], offset: usize, len: usize, trailing: usize) -> Vec<u8> {
    let mut body = vec![b'"'];
    body.resize(1 + offset, b'a');
    body.extend_from_slice(piece);
    while body.len() < len {
        body.push(b'b');
    }
    body.push(b'"');
    body.extend(core::iter::repeat(b'x').take(trailing));
    body
}

const PIECES: &[&[u8]] = &[
    b"\\n",
    b"\\\"",
    b"\\\\",
    b"\\/",
    b"\\t\\b\\f\\r",
    b"\\u00e9",
    b"\\ud83d\\ude00",
    b"\\ud83d",
    b"\\ude00",
    b"\\ud83dx",
    b"\\ud83d\\u0041",
    b"\\x",
    b"\\u12",
    b"\\u12g4",
    b"\\\x01",
    b"\\\xc3\xa9",
    b"\\'",
    b"\x01",
    b"\x1f",
    b"\x7f",
    b"\x00",
    "é".as_bytes(),
    "日".as_bytes(),
    "😀".as_bytes(),
    "é日😀".as_bytes(),
    b"\xc3",
    b"\xe6\x97",
    b"\xf0\x9f\x98",
    b"\x80",
    b"\xbf",
    b"\xc0\x80",
    b"\xc1\xbf",
    b"\xe0\x80\x80",
    b"\xe0\x9f\xbf",
    b"\xed\xa0\x80",
    b"\xed\x9f\xbf",
    b"\xee\x80\x80",
    b"\xf0\x8f\xbf\xbf",
    b"\xf4\x90\x80\x80",
    b"\xf4\x8f\xbf\xbf",
    b"\xf5\x80\x80\x80",
    b"\xff",
    b"\xc3\xa9\xa9",
    b"\xe6\x97\xa5\x80",
    b"\\\"\"",
    b"\\\\\"",
    b"\"",
];

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn strings_agree_with_the_reference_for_every_piece_at_every_offset() {
    for piece in PIECES {
        for offset in 0..140 {
            for len in [offset + piece.len(), 130, 200] {
                for trailing in [0, 3, 70] {
                    check(&around(piece, offset, len, trailing));
                }
            }
        }
    }
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn backslash_runs_of_every_length_at_every_offset() {
    for run in 0..70 {
        for offset in 0..130 {
            for after in [&b"\""[..], b"n", b"\"x", b"u0041", b"\xc3\xa9", b"\x01", b"q"] {
                let mut piece = vec![b'\\'; run];
                piece.extend_from_slice(after);
                for trailing in [0, 70] {
                    check(&around(&piece, offset, offset + piece.len(), trailing));
                    check(&around(&piece, offset, 150, trailing));
                }
            }
        }
    }
}

/// Every 1- to 4-byte sequence shape (leads × second bytes × continuations) at offsets around the
/// block edges, against `str::from_utf8` through the reference.
#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn utf8_sequences_across_block_edges() {
    let seconds = [0x41u8, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0];
    for lead in 0x80..=0xffu8 {
        for &second in &seconds {
            for tail in [&[][..], &[0x80], &[0x80, 0x80], &[0xbf, 0x41]] {
                let mut piece = vec![lead, second];
                piece.extend_from_slice(tail);
                for offset in [0, 1, 13, 15, 16, 60, 61, 62, 63, 64, 65, 127] {
                    check(&around(&piece, offset, offset + piece.len(), 70));
                    check(&around(&piece, offset, 140, 70));
                }
            }
        }
    }
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn random_strings_agree_with_the_reference() {
    const ALPHABET: &[u8] = b"ab\\\\\\\"\"nu0d8Dce\x01\x1f\x80\xbf\xc3\xe6\xf0\xed\xa0\x9f";
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut next = |n: usize| rng.below(n);
    for _ in 0..20_000 {
        let len = next(200);
        let mut body = vec![b'"'];
        for _ in 0..len {
            // Mostly plain text, so that strings run long.
            let byte = if next(4) == 0 { ALPHABET[next(ALPHABET.len())] } else { b'a' + next(26) as u8 };
            body.push(byte);
        }
        if next(2) == 0 {
            body.extend_from_slice(b"\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        check(&body);
    }
}

#[test]
fn escape_masks_match_a_sequential_scan() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..200_000u64 {
        let state = rng.next();
        // Dense and sparse backslashes, long runs.
        let blocks = [
            state,
            state & state.rotate_left(7),
            !(state & state.rotate_left(3)),
            if round % 3 == 0 { u64::MAX } else { 0 },
        ];
        let mut carry = 0;
        let mut escaped_next = false;
        for backslash in blocks {
            let fast = escape_masks(backslash, &mut carry);
            let mut expected = 0u64;
            for i in 0..64 {
                if escaped_next {
                    expected |= 1 << i;
                    escaped_next = false;
                } else {
                    escaped_next = backslash >> i & 1 == 1;
                }
            }
            assert_eq!(fast, expected, "{backslash:064b}");
            assert_eq!(carry, u64::from(escaped_next));
        }
    }
}

#[test]
fn unescape_decodes_escapes_and_pairs() {
    let mut out = Vec::new();
    unescape(br#"a\n\u0069\"\ud83d\ude00\/x"#, |piece| out.extend_from_slice(piece));
    assert_eq!(out, "a\ni\"😀/x".as_bytes());
}

#[test]
fn bit_stack_holds_the_whole_nesting_limit() {
    let mut stack = BitStack::default();
    for i in 0..MAX_NESTING {
        stack.push(i % 3 == 0);
    }
    for i in (0..MAX_NESTING).rev() {
        assert_eq!(stack.top(), Some(i % 3 == 0));
        stack.pop();
    }
    assert_eq!(stack.top(), None);
}

#[test]
fn numbers_are_finite_exactly_below_the_f64_overflow_threshold() {
    let threshold = std::str::from_utf8(F64_OVERFLOW).unwrap();
    let below = format!("{}1", &threshold[..308]); // the last digit 2 → 1, then one more digit
    let cases = [
        ("0", true),
        ("-0.0e99999999999999999999", true),
        ("1e308", true),
        ("1e309", false),
        ("1.7976931348623157e308", true),
        ("1.7976931348623158e308", true),
        ("1.7976931348623159e308", false),
        ("-1e400", false),
        ("1e-400", true),
        ("0.000001e314", true),
        ("0.0000001e316", false),
        (threshold, false),
        (&below, true),
    ];
    for (literal, finite) in cases {
        let mut cur = Cursor::new(literal.as_bytes());
        let number = cur.number().unwrap();
        assert_eq!(number.is_finite(literal.as_bytes()), finite, "{literal}");
        // What Rust's own (correctly rounded) parser says.
        assert_eq!(literal.parse::<f64>().unwrap().is_finite(), finite, "{literal}");
    }
    let long = format!("{threshold}.0");
    assert!(!Cursor::new(long.as_bytes()).number().unwrap().is_finite(long.as_bytes()));
}

#[test]
fn skipped_objects_may_be_asked_for_unique_keys() {
    for (json, unique_ok, last_wins_ok) in [
        (r#"{"a":1,"b":{"a":2}}"#, true, true),
        (r#"{"a":1,"a":2}"#, false, true),
        (r#"[{"a":1},{"a":2}]"#, true, true),
        (r#"{"a":{"b":1,"b":2}}"#, false, true),
        (r#"{"a":1,"\u0061":2}"#, false, true),
        (r#"{"\ud83d\ude00":1,"😀":2}"#, false, true),
    ] {
        assert_eq!(Cursor::new(json.as_bytes()).skip_value(MAX_NESTING, true).is_ok(), unique_ok, "{json}");
        assert_eq!(Cursor::new(json.as_bytes()).skip_value(MAX_NESTING, false).is_ok(), last_wins_ok, "{json}");
    }
}
