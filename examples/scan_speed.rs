//! Throughput of the fast validator (`decode::validate`, `src/decode/scan.rs`) against the `serde_json`
//! reference (`decode::validate_reference`) on a generated ~16 MB body of realistic messages.
//! Run: `cargo run --release --example scan_speed` (native: the portable SWAR path, not wasm SIMD).

use neptun_client::decode::{escape_non_ascii, validate, validate_reference};
use std::time::{Duration, Instant};

fn body(target: usize) -> Vec<u8> {
    let texts = [
        "How do I read a file line by line in Rust? Ich möchte es verstehen — ça marche aussi en français ?",
        "Sure! Use `BufReader`:\\n\\n```rust\\nuse std::io::{BufRead, BufReader};\\n\\nfn main() -> std::io::Result<()> {\\n    let f = std::fs::File::open(\\\"in.txt\\\")?;\\n    for line in BufReader::new(f).lines() {\\n        println!(\\\"{}\\\", line?);\\n    }\\n    Ok(())\\n}\\n```\\n\\n- **Tip**: handle errors with `?`.",
        "Thanks, that works. 日本語でも説明してください 😀",
    ];
    let mut out = String::from("{\"chatMessages\":[");
    let mut id = 1;
    while out.len() < target {
        if id > 1 {
            out.push(',');
        }
        let (actor, text) = if id % 2 == 1 { ("user", texts[(id / 2) % 3]) } else { ("assistant", texts[1]) };
        out.push_str(&format!(
            r#"{{"id":{id},"message":"{text}","actor":"{actor}","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:{:02}.000Z","neptun_user_id":7,"chat_conversation_id":42}}"#,
            id % 60
        ));
        id += 1;
    }
    out.push_str("]}");
    out.into_bytes()
}

fn throughput(name: &str, bytes: usize, mut run: impl FnMut()) -> f64 {
    run();
    let (mut rounds, start) = (0u32, Instant::now());
    while rounds < 3 || start.elapsed() < Duration::from_secs(2) {
        run();
        rounds += 1;
    }
    let mb_per_s = bytes as f64 * f64::from(rounds) / start.elapsed().as_secs_f64() / 1e6;
    println!("{name:>10}: {mb_per_s:8.0} MB/s ({rounds} rounds)");
    mb_per_s
}

fn main() {
    let body = body(16 << 20);
    let expected = validate_reference(&body, 42).expect("the generated body is valid");
    assert_eq!(validate(&body, 42).expect("the generated body is valid"), expected);
    println!("body: {:.1} MB, {} messages", body.len() as f64 / 1e6, expected.messages);
    let fast = throughput("fast", body.len(), || {
        std::hint::black_box(validate(std::hint::black_box(&body), 42).ok());
    });
    let reference = throughput("reference", body.len(), || {
        std::hint::black_box(validate_reference(std::hint::black_box(&body), 42).ok());
    });
    println!("     ratio: {:.1}× faster", fast / reference);
    // The ASCII rewrite the bindings run on valid bodies with non-ASCII text (a fresh copy each round,
    // as in the bindings, with the same spare capacity).
    let mut copy = Vec::with_capacity(body.len() + body.len() / 16 + 64);
    throughput("escape", body.len(), || {
        copy.clear();
        copy.extend_from_slice(&body);
        std::hint::black_box(escape_non_ascii(std::hint::black_box(&mut copy)));
    });
}
