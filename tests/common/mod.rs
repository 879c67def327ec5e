//! Helpers shared by the test binaries (each uses a part of them): the one PRNG (from the crate's
//! `src/testing.rs`), the body generator, and a printer for bodies in assertion messages.
#![allow(dead_code, reason = "every test binary compiles this module and uses only some of it")]

#[path = "../../src/testing.rs"]
mod testing;
pub use testing::Rng;

/// The chat of generated bodies.
pub const CHAT: u64 = 42;

/// Message texts: ASCII, Unicode, escapes, long ones that cross 16- and 64-byte blocks.
pub const TEXTS: [&str; 12] = [
    "Hello",
    "",
    "Ich möchte es verstehen — ça marche aussi en français ?",
    "日本語のテキストと絵文字 😀🎉 and ASCII",
    r#"escapes: \n\t\\ \"quoted\" \/ \b\f\r \u00e9 \u65e5 \ud83d\ude00"#,
    "```rust\\nfn main() {\\n    println!(\\\"{}\\\", 1);\\n}\\n```",
    "a much longer message that goes past sixteen bytes several times over, to exercise the chunked scan",
    "\u{7f} del and ~ tilde and { braces } [ brackets ] : colons , commas",
    "Ünïcödé at the end ß",
    "0123456789abcdef0123456789abcdef",
    "\\\\",
    "emoji at a 16-byte edge: 0123456😀",
];

/// A generated message (aliases, optional fields, files, unknown fields and field order vary).
pub fn message(rng: &mut Rng, id: u64, chat: u64) -> String {
    let mut fields: Vec<String> = Vec::new();
    let actor = *rng.pick(&["user", "assistant", "system"]);
    let text = *rng.pick(&TEXTS);
    fields.push(format!("\"id\":{id}"));
    fields.push(if rng.chance(10) { format!("\"content\":\"{text}\"") } else { format!("\"message\":\"{text}\"") });
    fields.push(if rng.chance(10) { format!("\"role\":\"{actor}\"") } else { format!("\"actor\":\"{actor}\"") });
    fields.push("\"created_at\":\"2024-03-20T10:00:00.000Z\"".into());
    fields.push(format!("\"updated_at\":\"{}\"", rng.pick(&["2024-03-20T10:00:01.123Z", "2024-02-29T23:59:60+05:30"])));
    match rng.below(10) {
        0 => {}
        1 => fields.push("\"neptun_user_id\":null".into()),
        _ => fields.push("\"neptun_user_id\":7".into()),
    }
    fields.push(format!("\"chat_conversation_id\":{chat}"));
    match rng.below(12) {
        0 => fields.push("\"files\":null".into()),
        1 => fields.push("\"files\":[]".into()),
        2 => fields.push(format!("\"files\":[{}]", file(rng, chat))),
        3 => fields.push(format!("\"files\":[{},{}]", file(rng, chat), file(rng, chat))),
        _ => {}
    }
    if rng.chance(8) {
        fields.push(r#""extra":{"nested":[1,-2.5e3,true,false,null,"x\ud83d\ude00",{"k":[]}]}"#.into());
    }
    if rng.chance(5) {
        let a = rng.below(fields.len());
        let b = rng.below(fields.len());
        fields.swap(a, b);
    }
    format!("{{{}}}", fields.join(","))
}

/// A generated file of chat `chat`.
pub fn file(rng: &mut Rng, chat: u64) -> String {
    let mut fields = vec![
        "\"id\":11".to_owned(),
        "\"title\":\"main.py\"".into(),
        format!("\"text\":\"{}\"", rng.pick(&TEXTS)),
        "\"language\":\"python\"".into(),
        "\"extension\":\"py\"".into(),
        "\"neptun_user_id\":7".into(),
        format!("\"chat_conversation_id\":{chat}"),
        "\"chat_conversation_message_id\":1".into(),
        "\"created_at\":\"2024-03-20T10:00:00.000Z\"".into(),
        "\"updated_at\":\"2024-03-20T10:00:00.000Z\"".into(),
    ];
    if rng.chance(10) {
        fields.push("\"unknown\":[[{}]]".into());
    }
    if rng.chance(10) {
        let a = rng.below(fields.len());
        fields.swap(0, a);
    }
    format!("{{{}}}", fields.join(","))
}

/// A generated body of `messages` messages for [`CHAT`], with varying separators and root members.
pub fn body(rng: &mut Rng, messages: usize) -> Vec<u8> {
    let list: Vec<String> = (0..messages).map(|i| message(rng, i as u64 + 1, CHAT)).collect();
    let sep = *rng.pick(&[",", ",\n", " , ", ",\r\n\t"]);
    let mut out = format!("{{\"chatMessages\":[{}]}}", list.join(sep));
    if rng.chance(10) {
        out = format!(" \n{{ \"meta\" : {{ \"v\" : 1 }} , {} \n", &out[1..]);
    }
    out.into_bytes()
}

/// A canonical message with the raw JSON `id` and `chat`.
pub fn a_message(id: &str, chat: &str) -> String {
    format!(
        r#"{{"id":{id},"message":"Hi","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","neptun_user_id":7,"chat_conversation_id":{chat}}}"#
    )
}

/// `{"chatMessages":[messages]}`.
pub fn wrap(messages: &str) -> Vec<u8> {
    format!(r#"{{"chatMessages":[{messages}]}}"#).into_bytes()
}

/// A body for an assertion message: lossy UTF-8, cut after `limit` characters.
pub fn lossy(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if text.chars().count() > limit {
        format!("{}… ({} bytes)", text.chars().take(limit).collect::<String>(), body.len())
    } else {
        text.into_owned()
    }
}

/// The class of an error detail, for comparing the two validators: syntax and truncation texts may
/// be worded differently (column numbers are not always the same).
pub fn detail_class(detail: &str) -> &str {
    if detail.starts_with("not valid JSON:") {
        "syntax"
    } else if detail.starts_with("the body ends too early") {
        "eof"
    } else {
        detail
    }
}

/// An id written as a float is echoed from its digits by the scanner, from the `f64` by the
/// reference: identical up to 15 significant digits (see `src/decode/scan.rs`). An id beyond the `f64`
/// range (`1e400`) is a "number out of range" syntax error for the reference, a bad id for the scanner.
pub fn float_echo(detail: &str) -> bool {
    detail.starts_with("expected a positive safe integer")
        && detail.rsplit("found ").next().is_some_and(|n| n.contains('e'))
}
