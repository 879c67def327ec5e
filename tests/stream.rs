//! The streaming validator (`decode::BodyStream`) against the whole-body one (`decode::validate`):
//! bodies cut into chunks of every size, down to one byte, must get the same result and the same
//! error (kind, path and words; for a body that is not UTF-8 after its first problem, once
//! `Utf8Check` has seen the whole body), and the batches it hands out must be, in order, exactly the
//! messages of the body; its memory stays bounded whatever the body's size.
//! Run: `cargo test --test stream` (add `--release` to go faster).
#![cfg(not(target_arch = "wasm32"))]

use neptun_client::decode::{validate, BodyStream, Utf8Check, BATCH_BYTES};
use neptun_client::NeptunError;
use serde_json::Value;

mod common;
use common::{a_message, body, lossy, wrap, Rng, CHAT};

/// What streaming `body` in chunks of the sizes `sizes` (cycled) gives: the result, the messages
/// of the batches (parsed), and the most bytes the stream held at once.
fn stream(body: &[u8], sizes: &[usize], batches: bool) -> (Result<usize, NeptunError>, Vec<Value>, usize) {
    let mut stream = BodyStream::new(CHAT, batches);
    let (mut messages, mut held) = (Vec::new(), 0);
    let mut take = |batch: neptun_client::decode::Batch| {
        assert!(batch.json.is_ascii(), "a batch is not ASCII");
        let Value::Array(list) = serde_json::from_slice(batch.json).expect("a batch is a JSON array") else {
            panic!("a batch is not an array")
        };
        messages.extend(list);
    };
    let mut rest = body;
    let mut i = 0;
    let result = 'run: {
        while !rest.is_empty() {
            let n = sizes[i % sizes.len()].clamp(1, rest.len());
            i += 1;
            stream.push(&rest[..n]);
            rest = &rest[n..];
            loop {
                match stream.next_batch(false) {
                    Ok(Some(batch)) => take(batch),
                    Ok(None) => break,
                    Err(error) => break 'run Err(error),
                }
            }
            held = held.max(stream.held());
        }
        loop {
            match stream.next_batch(true) {
                Ok(Some(batch)) => take(batch),
                Ok(None) => break,
                Err(error) => break 'run Err(error),
            }
        }
        stream.finish().map(|validated| validated.messages)
    };
    (result, messages, held)
}

/// The messages of a valid body, as `serde_json` reads them.
fn messages_of(body: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(body).unwrap();
    let root: Value = serde_json::from_str(text.strip_prefix('\u{FEFF}').unwrap_or(text)).unwrap();
    root["chatMessages"].as_array().cloned().unwrap_or_default()
}

/// Streaming `body` in chunks of `sizes` agrees with validating it whole.
fn agrees(body: &[u8], sizes: &[usize]) {
    let whole = validate(body, CHAT);
    let (streamed, messages, _) = stream(body, sizes, true);
    match (&whole, &streamed) {
        (Ok(validated), Ok(count)) => {
            assert_eq!(validated.messages, *count);
            assert_eq!(messages, messages_of(body), "batches differ: {}", lossy(body, 300));
        }
        // The whole-body validator reports a body that is not UTF-8 as such whatever else is wrong
        // in it; the stream reports the first problem that has arrived (the rest may never be read),
        // and `Utf8Check` over the whole body turns that into the whole-body error.
        (Err(a), Err(b)) => {
            let mut check = Utf8Check::default();
            for chunk in body.chunks(sizes[0].max(1)) {
                check.push(chunk);
            }
            let b = &check.whole_body_error(b.clone());
            assert_eq!(
                (a.kind, &a.path, &a.detail),
                (b.kind, &b.path, &b.detail),
                "errors differ with chunks {sizes:?}: {}",
                lossy(body, 300)
            );
        }
        _ => panic!("whole {whole:?}, streamed {streamed:?} with chunks {sizes:?}: {}", lossy(body, 300)),
    }
}

#[test]
fn generated_bodies_in_chunks_of_every_size_agree() {
    let mut rng = Rng(11);
    for messages in [0, 1, 2, 3, 5, 8, 20, 60] {
        for _ in 0..4 {
            let body = body(&mut rng, messages);
            for sizes in [&[1][..], &[2], &[3], &[7, 1, 64], &[16], &[100, 5], &[4096], &[usize::MAX]] {
                agrees(&body, sizes);
            }
            let random: Vec<usize> = (0..16).map(|_| 1 + rng.below(300)).collect();
            agrees(&body, &random);
        }
    }
}

#[test]
fn a_byte_order_mark_split_anywhere_agrees() {
    let mut body = b"\xEF\xBB\xBF \n".to_vec();
    body.extend_from_slice(&wrap(&a_message("1", "42")));
    for sizes in [&[1][..], &[2], &[4], &[1, 2]] {
        agrees(&body, sizes);
        agrees(&body[..2], sizes);
        agrees(&body[..3], sizes);
        agrees(b"\xEF\xBB", sizes);
    }
}

#[test]
fn every_truncation_and_mutation_agrees() {
    const BYTES: &[u8] = b"\"\\{}[],:01-.eEnu+ \n\tdD8\x00\x1f\x7f\x80\xc3\xa9\xed\xff/ltrfa";
    let mut rng = Rng(0x5EED);
    let mut seeds: Vec<Vec<u8>> = (1..4).map(|n| body(&mut rng, n)).collect();
    seeds.push(wrap(&a_message("1", "42").replacen("\"Hi\"", "\"h\\u00e9 \\ud83d\\ude00 é😀\"", 1)));
    seeds.push(b"{\"x\":1,\"chatMessages\":null,\"y\":[1,{\"z\":2}]}".to_vec());
    for seed in &seeds {
        for cut in 0..=seed.len() {
            agrees(&seed[..cut], &[1 + cut % 5]);
        }
    }
    for round in 0..4000 {
        let seed = &seeds[round % seeds.len()];
        let mut body = seed.clone();
        for _ in 0..1 + rng.below(3) {
            rng.mutate(&mut body, BYTES);
        }
        agrees(&body, &[1 + rng.below(40)]);
        agrees(&body, &[1]);
    }
}

#[test]
fn a_huge_body_streams_in_bounded_memory() {
    let mut rng = Rng(3);
    let body = body(&mut rng, 50_000);
    assert!(body.len() > 12 * BATCH_BYTES, "body of {} bytes", body.len());
    const CHUNK: usize = 64 * 1024;
    for batches in [true, false] {
        let (result, messages, held) = stream(&body, &[CHUNK], batches);
        assert_eq!(result.unwrap(), 50_000);
        assert_eq!(messages.len(), if batches { 50_000 } else { 0 });
        // A batch and its ASCII copy, one chunk, and the message being read; a window that grows
        // doubles its capacity.
        assert!(held <= 6 * BATCH_BYTES, "held {held} bytes for a {}-byte body", body.len());
    }
}

#[test]
fn a_huge_message_is_not_scanned_again_for_every_chunk() {
    // One 8 MB message in 1 KB chunks: without the doubling rule the walk would rescan about
    // 32 GB; the test finishing at all (in well under a minute even unoptimized) shows it does not.
    let text = "ab".repeat(4 << 20);
    let body = wrap(&a_message("1", "42").replacen("\"Hi\"", &format!("\"{text}\""), 1));
    let (result, messages, _) = stream(&body, &[1024], true);
    assert_eq!(result.unwrap(), 1);
    assert_eq!(messages, messages_of(&body));
}

#[test]
fn an_invalid_message_is_rejected_before_the_rest_arrives() {
    // Message 10 of 2,000 names another chat; only the first 12 have arrived.
    let list: Vec<String> =
        (1..=2000).map(|id| a_message(&id.to_string(), if id == 10 { "41" } else { "42" })).collect();
    let body = wrap(&list.join(","));
    let cut = String::from_utf8_lossy(&body).find("{\"id\":13,").unwrap();
    let mut stream = BodyStream::new(CHAT, true);
    stream.push(&body[..cut]);
    let error = loop {
        match stream.next_batch(false) {
            Ok(Some(_)) => {}
            Ok(None) => panic!("not rejected"),
            Err(error) => break error,
        }
    };
    assert_eq!(error.path.as_deref(), Some("chatMessages[9].chat_conversation_id"));
    assert_eq!(Err(error), validate(&body, CHAT).map(drop));
}

#[test]
fn non_ascii_text_near_the_end_of_the_window_is_rewritten() {
    // Strings within 64 bytes of the window's end are read one sequence at a time, not by blocks:
    // their non-ASCII bytes must still make the batch be rewritten as ASCII (`stream` checks it).
    for note in ["é", "日本", "😀", "aé", "abcdefgh日"] {
        let last = a_message("2", "42").replace('}', &format!(r#","note":"{note}"}}"#));
        let body = wrap(&format!("{},{last}", a_message("1", "42")));
        for sizes in [&[body.len()][..], &[1], &[7], &[64]] {
            agrees(&body, sizes);
        }
    }
}
