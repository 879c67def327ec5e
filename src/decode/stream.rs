//! A body validated as it arrives, in bounded memory: chunks go into a window, the resumable walk
//! of the fast validator ([`super::scan::Walk`]) validates what has arrived, and what it has
//! validated leaves the window, as batches of whole messages (a JSON array text, ASCII) when asked
//! for. The window holds at most about one batch, one chunk and the largest message, whatever the
//! size of the body.

use super::scan::{BatchSpan, Pause, Walk};
use super::schema::Validated;
use crate::error::NeptunError;
use core::mem::MaybeUninit;

/// A batch is handed out once the window's validated messages reach this size (small enough that the
/// batch stays in the processor's cache from its copy into wasm to `JSON.parse`: 1 MB batches were
/// measurably slower, and so were 128 KB and 64 KB ones)...
pub const BATCH_BYTES: usize = 1 << 18;
/// ...or, at least this size, when the window runs out (so that the window then holds only the
/// message being read, and nothing has to be moved to make room for the next chunk).
const MIN_BATCH_BYTES: usize = 1 << 16;

/// Validated messages, ready for `JSON.parse`.
pub struct Batch<'a> {
    /// A JSON array of the messages, as they were on the wire but with every non-ASCII character
    /// written as a `\uXXXX` escape (the same values; see [`super::escape_non_ascii`]).
    pub json: &'a [u8],
    /// `true` when the messages have exactly the model's fields under their output names.
    pub canonical: bool,
}

/// A body being validated chunk by chunk (see the module docs).
pub struct BodyStream {
    walk: Walk,
    /// The body from the first byte the walk still needs.
    window: Vec<u8>,
    /// Run the walk again once the step that needed more input has this many bytes: at least twice
    /// what it had, so a huge message is not scanned again for every chunk.
    wait_for: usize,
    /// Hand out batches (else the messages are only validated).
    batches: bool,
    /// The last batch handed out, when it had to be copied (to be rewritten as ASCII).
    out: Vec<u8>,
    /// A window byte that an ASCII batch handed out in place overwrote with its `]`, and the
    /// window bytes to drop once the caller is done with that batch.
    restore: Option<(usize, u8)>,
    drop_pending: bool,
    done: bool,
}

impl BodyStream {
    /// A stream for a 200 body of the chat `chat_id`; with `batches`, [`BodyStream::next_batch`]
    /// hands out the validated messages.
    pub fn new(chat_id: u64, batches: bool) -> Self {
        BodyStream {
            walk: Walk::new(chat_id),
            window: Vec::new(),
            wait_for: 0,
            batches,
            out: Vec::new(),
            restore: None,
            drop_pending: false,
            done: false,
        }
    }

    /// Appends the next bytes of the body.
    pub fn push(&mut self, bytes: &[u8]) {
        self.settle();
        self.window.extend_from_slice(bytes);
    }

    /// Room for `n` more bytes of the body, to be filled and then [`BodyStream::commit`]ted.
    pub fn spare(&mut self, n: usize) -> &mut [MaybeUninit<u8>] {
        self.settle();
        self.window.reserve(n);
        let spare = self.window.spare_capacity_mut();
        let len = spare.len().min(n);
        spare.get_mut(..len).unwrap_or_default()
    }

    /// Appends the first `n` bytes of [`BodyStream::spare`]'s slice.
    ///
    /// # Safety
    /// Those bytes must have been initialized.
    pub unsafe fn commit(&mut self, n: usize) {
        let len = (self.window.len() + n).min(self.window.capacity());
        // SAFETY: the caller initialized the bytes up to `len` (within the capacity).
        unsafe { self.window.set_len(len) };
    }

    /// Validates what has arrived (`last`: the whole body has). `Ok(Some(batch))` when messages are
    /// ready; call again until `Ok(None)`, then push more, or after `last` call
    /// [`BodyStream::finish`]. The first problem is an error, and final.
    pub fn next_batch(&mut self, last: bool) -> Result<Option<Batch<'_>>, NeptunError> {
        self.settle();
        if self.done || (!last && self.walk.pending(&self.window) < self.wait_for) {
            return Ok(None);
        }
        self.wait_for = 0;
        let limit = if self.batches { BATCH_BYTES } else { usize::MAX };
        match self.walk.advance(&self.window, last, limit)? {
            Pause::Batch if self.batches => Ok(self.hand_out()),
            Pause::Batch => {
                self.walk.take_batch();
                self.drop_validated();
                self.next_batch(last)
            }
            Pause::NeedMore => {
                self.wait_for = 2 * self.walk.pending(&self.window);
                if self.batches && self.walk.batch_len() >= MIN_BATCH_BYTES {
                    return Ok(self.hand_out());
                }
                if !self.batches {
                    self.walk.take_batch();
                }
                self.drop_validated();
                Ok(None)
            }
            Pause::Done => {
                self.done = true;
                Ok(None)
            }
        }
    }

    /// Takes the walk's batch: in place when it is ASCII and the window has a byte on each side of it
    /// (written over with `[` and `]`), else copied and rewritten as ASCII. What the walk no longer
    /// needs is dropped once the caller is done with the batch.
    fn hand_out(&mut self) -> Option<Batch<'_>> {
        let BatchSpan { range, canonical, ascii } = self.walk.take_batch()?;
        self.drop_pending = true;
        let bytes = self.window.get(range.clone()).unwrap_or_default();
        let (start, end) = (range.start, range.end);
        if start > 0 && end < self.window.len() && ascii {
            let after = self.window.get(end).copied().unwrap_or(b' ');
            self.restore = Some((end, after));
            if let Some(open) = self.window.get_mut(start - 1) {
                *open = b'[';
            }
            if let Some(close) = self.window.get_mut(end) {
                *close = b']';
            }
            return Some(Batch { json: self.window.get(start - 1..=end).unwrap_or_default(), canonical });
        }
        if self.out.is_empty() {
            self.out.push(b'[');
        }
        let close = crate::json::escape_into(bytes, &mut self.out, 1);
        if self.out.len() == close {
            self.out.push(b']');
        } else if let Some(slot) = self.out.get_mut(close) {
            *slot = b']';
        }
        Some(Batch { json: self.out.get(..=close).unwrap_or_default(), canonical })
    }

    /// Undoes a batch handed out in place, and drops what the walk no longer needs.
    fn settle(&mut self) {
        if let Some((at, byte)) = self.restore.take() {
            if let Some(slot) = self.window.get_mut(at) {
                *slot = byte;
            }
        }
        if core::mem::take(&mut self.drop_pending) {
            self.drop_validated();
        }
    }

    /// Drops the window's bytes before the first one the walk still needs.
    fn drop_validated(&mut self) {
        let keep = self.walk.keep_from().min(self.window.len());
        if keep > 0 {
            self.walk.consume(keep);
            self.window.drain(..keep);
        }
    }

    /// What the validator learned, once [`BodyStream::next_batch`] has been called with `last`
    /// until it returned `Ok(None)`.
    pub fn finish(&self) -> Result<Validated, NeptunError> {
        if !self.done {
            return Err(NeptunError::invalid_response("", "the body was not validated to its end"));
        }
        self.walk.finish()
    }

    /// The bytes held in memory now (window and batch buffers), for the memory tests.
    pub fn held(&self) -> usize {
        self.window.capacity() + self.out.capacity()
    }
}

/// A body given whole but validated in chunks must fail as [`super::validate`] fails on it: that
/// reports a body that is not UTF-8 as such whatever else is wrong with it, the stream the first
/// problem it met. This finds the first byte that is not UTF-8 in the body's chunks, in bounded
/// memory, to turn the stream's error into the whole-body one.
#[derive(Default)]
pub struct Utf8Check {
    /// The start of a UTF-8 sequence cut by the end of the last chunk.
    carry: Vec<u8>,
    /// The body offset of the first byte not yet checked (the carry's first).
    offset: usize,
    /// The body begins with a byte-order mark (not counted in error offsets).
    bom: bool,
    invalid_at: Option<usize>,
}

impl Utf8Check {
    /// Checks the next chunk of the body; `false` once a byte that is not UTF-8 was found.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        if self.invalid_at.is_some() {
            return false;
        }
        if self.offset == 0 && self.carry.is_empty() {
            self.bom = chunk.starts_with(b"\xEF\xBB\xBF");
        }
        let joined;
        let bytes = if self.carry.is_empty() {
            chunk
        } else {
            joined = [self.carry.as_slice(), chunk].concat();
            &joined
        };
        match core::str::from_utf8(bytes) {
            Ok(_) => {
                self.offset += bytes.len();
                self.carry.clear();
            }
            Err(error) if error.error_len().is_some() => self.invalid_at = Some(self.offset + error.valid_up_to()),
            Err(error) => {
                let cut = bytes.get(error.valid_up_to()..).unwrap_or_default().to_vec();
                self.offset += error.valid_up_to();
                self.carry = cut;
            }
        }
        self.invalid_at.is_none()
    }

    /// The whole-body validator's error, given the stream's `error` and the whole body pushed (or
    /// up to its first byte that is not UTF-8).
    pub fn whole_body_error(self, error: NeptunError) -> NeptunError {
        let at = self.invalid_at.or((!self.carry.is_empty()).then_some(self.offset));
        match at {
            Some(at) if !super::problems::is_not_utf8(&error.detail) => {
                let bom = if self.bom { 3 } else { 0 };
                NeptunError::invalid_response("", super::problems::not_utf8(at - bom.min(at)))
            }
            _ => error,
        }
    }
}
