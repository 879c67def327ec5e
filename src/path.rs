//! The JSON path of a validation problem (`chatMessages[3].files[0].title`), shared by the fast
//! validator ([`crate::scan`]) and the reference ([`crate::decode::validate_reference`]), so both
//! name and describe a place in the same words.

use crate::decode::ID_FIELDS;
use core::fmt;

/// A step of a path: an object key of the schema, or an array index.
#[derive(Clone, Copy)]
pub(crate) enum Seg {
    Key(&'static str),
    Index(usize),
}

/// Deepest path: `chatMessages[i].files[j].field`.
const MAX_DEPTH: usize = 5;

/// Where a walk is; a fixed array, so tracking it allocates nothing.
#[derive(Clone, Copy)]
pub(crate) struct JsonPath {
    segs: [Seg; MAX_DEPTH],
    depth: usize,
}

impl Default for JsonPath {
    fn default() -> Self {
        JsonPath { segs: [Seg::Index(0); MAX_DEPTH], depth: 0 }
    }
}

impl JsonPath {
    /// Enters `seg` (deeper than the schema's depth is not recorded: the schema has no such place).
    #[inline(always)]
    pub fn push(&mut self, seg: Seg) {
        if let Some(slot) = self.segs.get_mut(self.depth) {
            *slot = seg;
        }
        self.depth += 1;
    }

    /// Leaves the innermost step.
    #[inline(always)]
    pub fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn segs(&self) -> &[Seg] {
        &self.segs[..self.depth.min(MAX_DEPTH)]
    }

    /// What the value here should have been, for type errors (whose serde messages would echo
    /// body content).
    pub fn expected_here(&self) -> &'static str {
        match self.segs() {
            [] => "a JSON object with a `chatMessages` array",
            [Seg::Key(_)] => "an array of messages",
            [_, Seg::Index(_)] => "a message object",
            [.., Seg::Key("files"), Seg::Index(_)] => "a file object",
            [.., Seg::Key("files")] => "an array of files (or null)",
            [.., Seg::Key("actor")] => "\"user\", \"assistant\" or \"system\"",
            [.., Seg::Key("created_at" | "updated_at")] => "an RFC 3339 timestamp string",
            [.., Seg::Key(key)] if ID_FIELDS.contains(key) => "a positive safe integer",
            [.., Seg::Key(_)] => "a string",
            [.., Seg::Index(_)] => "a value",
        }
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segs().iter().enumerate() {
            match seg {
                Seg::Key(key) if i == 0 => f.write_str(key)?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}
