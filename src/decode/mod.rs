//! Body bytes → the validated model, in pure Rust.
//!
//! One schema, two validators: `schema` lists the contract's fields once; the fast scanner
//! (`scan`, over the strict JSON cursor `crate::json`) is what [`validate`] runs, and the `serde_json`
//! walker ([`validate_reference`]) is the definition it is checked against (`tests/agreement.rs`).
//! Both name a problem's place with the same `path` and describe it in the same words (`problems`).
//! The fast scanner is a resumable walk, so `stream` can validate a body that arrives in chunks, in
//! bounded memory, and hand out its messages in batches. In wasm, `js` feeds it and turns the
//! batches into JavaScript objects, rebuilding non-canonical ones from the same schema.
//!
//! The imports form a tree: `schema` at the bottom; `problems` and `path` over it; `scan` and
//! `reference` over those; `stream` over `scan`; `js` over `stream`; this module on top.
//!
//! Both validators agree with `JSON.parse` on everything that reaches the caller: ids are integers up
//! to 2^53−1 (exact in a JS number), no object anywhere repeats a key (`JSON.parse` would keep the
//! last), every string is well-formed Unicode (no escaped lone surrogates, in unknown fields too),
//! and the body is UTF-8 (a leading BOM is skipped, as `Response.json()` does). Unknown fields are
//! held to what `serde_json::Value` accepts (finite numbers, at most 127 nested arrays and objects in
//! the whole body) and then dropped.

#[cfg(target_arch = "wasm32")]
pub(crate) mod js;
mod path;
mod problems;
mod reference;
mod scan;
pub(crate) mod schema;
mod stream;

use crate::error::NeptunError;
use crate::model::GetChatMessagesResponse;

#[doc(hidden)]
pub use reference::body_text;
pub use schema::{Validated, MAX_SAFE_INTEGER};
pub use stream::{Batch, BodyStream, Utf8Check, BATCH_BYTES};

/// Validates a 200 body for the chat `chat_id` against the contract.
///
/// Errors: `invalidResponse` with the JSON path of the first problem, or `server` when the body is
/// `{"chatMessages": null}` (what the real server answers when its database read fails).
///
/// This is the fast scanner (no `serde_json`, no allocation on valid canonical bodies);
/// [`validate_reference`] is the `serde_json` walker it is checked against.
pub fn validate(body: &[u8], chat_id: u64) -> Result<Validated, NeptunError> {
    scan::validate(body, chat_id)
}

/// The reference validator: the same contract as [`validate`], checked by walking the body with
/// `serde_json`. Slower; public for the agreement tests and the benchmark.
#[doc(hidden)]
pub fn validate_reference(body: &[u8], chat_id: u64) -> Result<Validated, NeptunError> {
    reference::validate_reference(body, chat_id)
}

/// Rewrites a body that [`validate`] accepted as pure ASCII: every non-ASCII code point
/// (all inside strings) as a `\uXXXX` escape, astral ones as surrogate pairs, a leading BOM as
/// spaces. `JSON.parse` reads the same values from it, on the engines' one-byte fast path. Returns
/// `false` (and leaves the body alone) when it was ASCII already. Not for unvalidated bodies.
pub fn escape_non_ascii(body: &mut Vec<u8>) -> bool {
    crate::json::escape_non_ascii(body)
}

/// Validates a 200 body (see [`validate`]) and builds the Rust model from it.
pub fn decode(body: &[u8], chat_id: u64) -> Result<GetChatMessagesResponse, NeptunError> {
    validate(body, chat_id)?;
    let text = body_text(body)?;
    serde_json::from_str(text).map_err(|error| {
        // Unreachable for a validated body; kept as an error rather than a panic.
        NeptunError::invalid_response("", format!("could not build the model: {error}"))
    })
}
