//! The JavaScript side of decoding (wasm only): rebuilding a validated but non-canonical body with
//! exactly the model's fields, driven by the schema's tables ([`super::schema`]), which are handed to
//! JavaScript once, as JSON, on the first call.

use super::schema::{fields_json, MESSAGE};
use core::sync::atomic::{AtomicBool, Ordering};
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
export function normalize(body, schema) {
  if (schema !== undefined) messageFields = JSON.parse(schema);
  return { chatMessages: body.chatMessages.map((message) => pick(message, messageFields)) };
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = normalize, catch)]
    fn normalize_with(body: &JsValue, schema: Option<String>) -> Result<JsValue, JsValue>;
}

/// Whether JavaScript has the schema already.
static SCHEMA_SENT: AtomicBool = AtomicBool::new(false);

/// Rebuilds a validated but non-canonical body with exactly the model's fields, in the model's
/// order: aliases renamed, unknown fields and `null` optionals dropped.
/// Never throws into the wasm: an exception (the runtime out of memory, say) is an `Err`.
pub(crate) fn normalize(body: &JsValue) -> Result<JsValue, JsValue> {
    let schema = (!SCHEMA_SENT.swap(true, Ordering::Relaxed)).then(|| fields_json(&MESSAGE));
    normalize_with(body, schema)
}

/// A response body copied into wasm memory, with room to spare for [`super::escape_non_ascii`]
/// (1/16 of the body: the benchmark's mixed-language chat text grows by 4%), so that rewriting it as
/// ASCII usually grows it in place instead of moving it.
pub(crate) fn body_from(array: &js_sys::Uint8Array) -> Vec<u8> {
    let len = array.length() as usize;
    let mut body = Vec::with_capacity(len + len / 16 + 64);
    let copied = array.copy_to_uninit(body.spare_capacity_mut().get_mut(..len).unwrap_or_default()).len();
    // SAFETY: `copy_to_uninit` initialized the first `copied` bytes of the spare capacity.
    unsafe { body.set_len(copied) };
    body
}
