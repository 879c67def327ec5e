// The package's errors in plain JavaScript: usable before (and without) the WebAssembly module.

/** Is `value` a NeptunError: an `Error` named "NeptunError" with a string `kind`? */
export function isNeptunError(value) {
  return value instanceof Error && value.name === 'NeptunError' && typeof value.kind === 'string';
}

/** A NeptunError made in JavaScript (its message has the same "kind: detail" shape as the module's). */
function neptunError(kind, detail) {
  const error = new Error(`${kind}: ${detail}`);
  error.name = 'NeptunError';
  error.kind = kind;
  return error;
}

/** A NeptunError of kind `wasmLoad`. */
export const wasmLoadError = (detail) => neptunError('wasmLoad', detail);

/** A NeptunError of kind `invalidArgument`. */
export const invalidArgument = (detail) => neptunError('invalidArgument', detail);

/** A short description of a thrown value, for error messages (never throws). */
export function describe(thrown) {
  try {
    const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return 'an unprintable value';
  }
}
