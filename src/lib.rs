//! A checked, typed client for the Neptun web app's
//! `GET /api/users/{user_id}/chats/{chat_id}/messages`, compiled to WebAssembly.
//!
//! From JavaScript (the npm package built by `wasm-pack build --target web`):
//!
//! ```js
//! import init, { getChatMessages, isNeptunError } from 'neptun-client';
//! await init();
//! try {
//!   const { chatMessages } = await getChatMessages(1, 42, { baseUrl: '' });
//!   for (const m of chatMessages) console.log(m.actor, m.message);
//! } catch (err) {
//!   if (isNeptunError(err) && err.kind === 'unauthorized') location.assign('/login');
//!   else throw err;
//! }
//! ```
//!
//! From Rust, the pure core checks a body you already have:
//!
//! ```
//! let body = br#"{"chatMessages":[{"id":1,"message":"Hi","actor":"user",
//!   "created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z",
//!   "neptun_user_id":7,"chat_conversation_id":42}]}"#;
//! let response = neptun_client::decode::decode(body, 42).unwrap();
//! assert_eq!(response.chat_messages[0].message, "Hi");
//! ```
//!
//! The modules, in the order a request meets them: [`request`] (ids, options, URL), [`transport`]
//! (what the outcomes of the JavaScript HTTP exchange, `js/fetch.js`, mean), [`response`] (status →
//! error kind, error envelopes),
//! [`decode`] (body → validated model: one schema, the fast validator over the strict JSON cursor
//! `json` with SIMD string scanning, and the `serde_json` reference it is checked against),
//! [`model`] (the contract's types), [`error`] (the one error type), [`retry`] (backoff and
//! `Retry-After`), [`time`] (RFC 3339 and HTTP dates), and `bindings` (the `#[wasm_bindgen]`
//! surface; wasm only).
#![deny(missing_docs)]

pub mod decode;
pub mod error;
mod json;
pub mod model;
pub mod request;
pub mod response;
pub mod retry;
pub mod time;
pub mod transport;

#[cfg(test)]
mod testing;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

/// The global allocator in wasm: talc is smaller (a few KB of the package) and faster than dlmalloc.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use error::{ErrorKind, NeptunError};
pub use model::{Actor, ChatFile, ChatMessage, GetChatMessagesResponse};
pub use request::GetChatMessagesOptions;
