// Shared by the library validators (zod, valibot, ajv, typia): the parts of CONTRACT.md that are not
// a schema. Each library contender is `validate(JSON.parse(...))` with
//   1. `{"chatMessages": null}` → a distinct `server` failure (what the real server answers when its
//      database read fails), checked before the schema;
//   2. the input aliases `content` → `message` and `role` → `actor` renamed in place (both spellings
//      in one message count as a duplicate field and fail), so the schema sees and returns the
//      output names, like our decoder;
//   3. the library's own schema for everything else (ids, actor, RFC 3339 timestamps, the requested
//      chat id, files). Unknown fields are ignored.
// On canonical bodies (all the timed ones) step 2 is two property reads per message.

/** A rejection: `kind` is 'server' (chatMessages: null) or 'invalid'. */
export class BenchRejection extends Error {
  constructor(kind, path, detail) {
    super(`${kind}${path ? ' at ' + path : ''}: ${detail}`);
    this.kind = kind;
    this.path = path;
  }
}

/** A value no schema accepts as a message text or an actor: marks `message` + `content` in one object. */
export const DUPLICATE = Symbol('duplicate field');

export function preValidate(root) {
  if (root === null || typeof root !== 'object') return;
  const list = root.chatMessages;
  if (list === null) throw new BenchRejection('server', 'chatMessages', 'chatMessages is null (the server could not read the chat)');
  if (!Array.isArray(list)) return; // the schema reports it
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (m === null || typeof m !== 'object') continue; // the schema reports it
    if (m.content !== undefined) {
      m.message = m.message !== undefined ? DUPLICATE : m.content;
      delete m.content;
    }
    if (m.role !== undefined) {
      m.actor = m.actor !== undefined ? DUPLICATE : m.role;
      delete m.role;
    }
  }
}

/** Wraps a library's schema check (`check(root)` returns the validated value or throws). */
export function withContract(check) {
  return (root) => {
    preValidate(root);
    return check(root);
  };
}

export const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
