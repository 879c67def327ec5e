//! The JavaScript side of decoding (wasm only): bodies go into a [`BodyStream`] chunk by chunk, and
//! its batches of validated messages become JavaScript objects through the runtime's `TextDecoder`
//! and `JSON.parse` (the batches are ASCII: the engines' one-byte fast path), rebuilt with exactly
//! the model's fields when they are not canonical, driven by the schema's tables
//! ([`super::schema`]), which are handed to JavaScript once, as JSON, on the first call.

use super::schema::{fields_json, MESSAGE};
use super::stream::{Batch, BodyStream};
use crate::error::NeptunError;
use core::sync::atomic::{AtomicBool, Ordering};
use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let messageFields;
// `fields`: rows [name, alias or null, required, nested fields or null], in output order.
const pick = (object, fields) => {
  const out = {};
  for (const [name, alias, required, nested] of fields) {
    const value = object[name] !== undefined || alias === null ? object[name] : object[alias];
    if (!required && value == null) continue;
    out[name] = nested === null ? value : value.map((element) => pick(element, nested));
  }
  return out;
};
const decoder = new TextDecoder();
// A batch of messages (ASCII JSON in wasm memory) → objects, appended to `parts`.
export function parseBatch(parts, bytes, canonical, schema) {
  if (schema !== undefined) messageFields = JSON.parse(schema);
  const list = JSON.parse(decoder.decode(bytes));
  parts.push(canonical ? list : list.map((message) => pick(message, messageFields)));
}
export function joinParts(parts) {
  return { chatMessages: parts.length === 1 ? parts[0] : [].concat(...parts) };
}
export function pickBody(body, schema) {
  if (schema !== undefined) messageFields = JSON.parse(schema);
  return { chatMessages: body.chatMessages.map((message) => pick(message, messageFields)) };
}
const encoder = new TextEncoder();
// UTF-8 of `text` from UTF-16 offset `from`, at most `units` units (never half a surrogate pair),
// into wasm memory at `ptr` (room for `3 * units` bytes): [the offset after them, bytes written].
export function encodeChunk(text, from, units, memory, ptr) {
  let to = Math.min(from + units, text.length);
  const last = text.charCodeAt(to - 1);
  if (to < text.length && to - 1 > from && last >= 0xd800 && last <= 0xdbff) to -= 1;
  const { written } = encoder.encodeInto(text.slice(from, to), new Uint8Array(memory.buffer, ptr, 3 * units));
  return [to, written];
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = parseBatch, catch)]
    fn parse_batch(parts: &js_sys::Array, bytes: &[u8], canonical: bool, schema: Option<String>)
        -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = joinParts)]
    fn join_parts(parts: &js_sys::Array) -> JsValue;
    #[wasm_bindgen(js_name = pickBody, catch)]
    fn pick_body(body: &JsValue, schema: Option<String>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = encodeChunk)]
    fn encode_chunk(text: &JsString, from: u32, units: u32, memory: &JsValue, ptr: u32) -> js_sys::Array;
}

/// Whether JavaScript has the schema already.
static SCHEMA_SENT: AtomicBool = AtomicBool::new(false);

fn schema_once() -> Option<String> {
    (!SCHEMA_SENT.swap(true, Ordering::Relaxed)).then(|| fields_json(&MESSAGE))
}

/// Bytes of a `Uint8Array` or UTF-16 units of a string taken at once: a body enters wasm memory
/// this much at a time.
pub(crate) const CHUNK: u32 = 1 << 18;

/// Unreachable for a validated body (the runtime ran out of memory, say); an error rather than a
/// panic all the same.
pub(crate) fn objects_failed() -> NeptunError {
    NeptunError::invalid_response("", "the runtime could not build the objects of a body the validator accepted")
}

/// The messages of a body being streamed, as JavaScript objects, batch by batch.
pub(crate) struct JsMessages {
    parts: js_sys::Array,
}

impl JsMessages {
    pub(crate) fn new() -> Self {
        JsMessages { parts: js_sys::Array::new() }
    }

    /// Parses a batch (a view of wasm memory, not copied) and keeps its objects.
    pub(crate) fn push(&mut self, batch: Batch) -> Result<(), NeptunError> {
        parse_batch(&self.parts, batch.json, batch.canonical, schema_once()).map_err(|_| objects_failed())
    }

    /// `{ chatMessages }`, every message in order.
    pub(crate) fn finish(self) -> JsValue {
        join_parts(&self.parts)
    }
}

/// Validates what `stream` has been fed, its batches into `out` (`last`: the whole body has been).
pub(crate) fn drain(stream: &mut BodyStream, out: &mut JsMessages, last: bool) -> Result<(), NeptunError> {
    while let Some(batch) = stream.next_batch(last)? {
        out.push(batch)?;
    }
    Ok(())
}

/// Feeds the next bytes of a body to `stream`, [`CHUNK`] bytes at a time (however large `bytes`
/// is, wasm memory holds one chunk of it), validating as it goes.
pub(crate) fn feed(stream: &mut BodyStream, out: &mut JsMessages, bytes: &Uint8Array) -> Result<(), NeptunError> {
    let len = bytes.length();
    let mut from = 0;
    while from < len {
        let to = from.saturating_add(CHUNK).min(len);
        let piece = if from == 0 && to == len { bytes.clone() } else { bytes.subarray(from, to) };
        let copied = piece.copy_to_uninit(stream.spare((to - from) as usize)).len();
        // SAFETY: `copy_to_uninit` initialized the first `copied` bytes of the spare slice.
        unsafe { stream.commit(copied) };
        drain(stream, out, false)?;
        from = to;
    }
    Ok(())
}

/// Feeds a string body to `stream` as UTF-8, [`CHUNK`] units at a time, validating as it goes
/// (no batches: the caller parses the string itself). A lone surrogate becomes U+FFFD here (the
/// caller checks the string is well-formed).
pub(crate) fn validate_string(stream: &mut BodyStream, text: &JsString) -> Result<(), NeptunError> {
    let (len, mut from) = (text.length(), 0);
    while from < len {
        let spare = stream.spare(3 * CHUNK as usize);
        let ptr = spare.as_ptr() as u32;
        let done = encode_chunk(text, from, CHUNK, &wasm_bindgen::memory(), ptr);
        let (to, written) = (done.get(0).as_f64().unwrap_or(0.0) as u32, done.get(1).as_f64().unwrap_or(0.0) as usize);
        if to <= from {
            return Err(objects_failed());
        }
        // SAFETY: `encodeInto` wrote `written` bytes at the start of the spare slice.
        unsafe { stream.commit(written.min(3 * CHUNK as usize)) };
        from = to;
        while stream.next_batch(false)?.is_some() {}
    }
    while stream.next_batch(true)?.is_some() {}
    Ok(())
}

/// The parsed body as output: as is when canonical, else rebuilt with exactly the model's fields.
pub(crate) fn canonical_body(parsed: JsValue, canonical: bool) -> Result<JsValue, NeptunError> {
    if canonical {
        Ok(parsed)
    } else {
        pick_body(&parsed, schema_once()).map_err(|_| objects_failed())
    }
}
