//! The JSON path of a validation problem (`chatMessages[3].files[0].title`), shared by the fast
//! validator ([`super::scan`]) and the reference ([`super::reference`]), so both name and describe a
//! place in the same words. Its steps are the schema's fields, so what a place should hold is read
//! from the schema.

use super::schema::{Check, Field, ROOT_EXPECTED};
use crate::error::decimal;

/// A step of a path: a field of the schema, or an array index.
#[derive(Clone, Copy)]
pub(crate) enum Seg {
    Key(&'static Field),
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
            [] => ROOT_EXPECTED,
            [.., Seg::Key(field)] => field.check.expected(),
            [.., Seg::Key(Field { check: Check::List(table), .. }), Seg::Index(_)] => table.element,
            [.., Seg::Index(_)] => "a value",
        }
    }
}

impl JsonPath {
    /// The path as text: `chatMessages[3].files[0].title` (without `core::fmt`, which costs the wasm
    /// several KB).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, seg) in self.segs().iter().enumerate() {
            match seg {
                Seg::Key(field) => {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push_str(field.name);
                }
                Seg::Index(index) => {
                    out.push('[');
                    out.push_str(decimal(*index as u64, &mut [0; 20]));
                    out.push(']');
                }
            }
        }
        out
    }
}
