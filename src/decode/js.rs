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
