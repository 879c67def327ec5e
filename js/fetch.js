// getChatMessages' HTTP exchange, run by the package's API (api.js) with the wasm module's exports
// (`glue`), which make every decision: the request from the arguments and options, which bodies are
// the messages (validated as they arrive), what any other outcome means, whether and when to retry.
//
// Everything here is written for a hostile runtime: whatever `fetch`, the response, its body
// stream, the options object or the signal do, `attempt` and `sleep` settle (they resolve with a
// plain object that says what happened, never reject), so a call always ends: with the messages,
// or with one NeptunError.
import { describe, invalidArgument } from './errors.js';

/**
 * Fetches the messages of `request` (from the module's `request`), retrying as it allows. Resolves
 * to `{ chatMessages }`, validated, or rejects with a NeptunError.
 */
export async function fetchChatMessages(glue, request) {
  for (let retry = 1; ; retry += 1) {
    if (isAborted(request.signal)) throw glue.failureError('aborted', '', undefined, request.url, request.timeoutMs);
    let error;
    try {
      return await oneAttempt(glue, request);
    } catch (thrown) {
      error = thrown;
    }
    const delay = glue.retryDelay(error, retry, request.retries);
    if (delay === undefined) throw error;
    // `sleep` ends early when the signal fires; the abort is then seen at the top of the loop.
    await sleep(delay, request.signal);
  }
}

/** One attempt: the validated messages, or a NeptunError thrown. */
async function oneAttempt(glue, request) {
  const { url, timeoutMs } = request;
  const failed = (outcome) => glue.failureError(outcome.failure, outcome.detail ?? '', outcome.status, url, timeoutMs);
  const head = await attempt(url, request.credentials, request.cookie, timeoutMs, request.signal, request.maxBodyBytes);
  if (head.failure !== undefined) throw failed(head);
  const { status, body } = head;
  /** The next chunk of the body, `undefined` at its end. */
  const next = async () => {
    const outcome = await body.next();
    if (outcome.failure !== undefined) throw failed(outcome);
    return outcome.chunk;
  };
  if (glue.streamsBody(status, head.contentType)) {
    const decoder = new glue.BodyDecoder(request.chatId, status);
    try {
      for (let chunk = await next(); chunk !== undefined; chunk = await next()) decoder.push(chunk);
    } catch (error) {
      decoder.free();
      body.cancel(); // stops the download at the body's first problem
      throw error;
    }
    return decoder.finish();
  }
  // Any other response is an error: its head, and as much of its body as an error envelope may take.
  const chunks = [];
  let size = 0;
  for (let chunk; size <= request.errorBodyBytes && (chunk = await next()) !== undefined; size += chunk.length) {
    chunks.push(chunk);
  }
  if (size > request.errorBodyBytes) body.cancel();
  // One byte more than an envelope may take says "too long" as well as the rest would.
  const bytes = new Uint8Array(Math.min(size, request.errorBodyBytes + 1));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at); // the last chunk's part may be shorter
    bytes.set(part, at);
    at += part.length;
  }
  throw glue.responseError(status, head.statusText, head.contentType, head.retryAfter, bytes);
}

/** Is `value` an AbortSignal? (Never throws, also where the runtime has no AbortSignal.) */
function isSignal(value) {
  try {
    return typeof AbortSignal === 'function' && value instanceof AbortSignal;
  } catch {
    return false;
  }
}

/** Has `signal` fired? A signal whose getter throws counts as not fired. */
function isAborted(signal) {
  try {
    return signal != null && signal.aborted === true;
  } catch {
    return false;
  }
}

/** The options, each with the type it must have. */
const OPTIONS = [
  ['baseUrl', 'string'],
  ['signal', 'AbortSignal'],
  ['timeoutMs', 'number'],
  ['retries', 'number'],
  ['sessionCookie', 'string'],
  ['credentials', 'string'],
  ['maxBodyBytes', 'number'],
];
const OPTION_NAMES = OPTIONS.map(([name]) => name);
const CREDENTIALS = ['include', 'same-origin', 'omit'];

/**
 * Reads an options object once (`undefined` and `null`: none) and checks the type of each option:
 * a plain object of the options given (an option set to `undefined` or `null` is not), for the
 * module, which checks their values. Getters run here, once. Throws an `invalidArgument` NeptunError
 * for anything but an object, an unknown option, an option of the wrong type, or a getter or proxy
 * trap that throws.
 */
export function readOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw invalidArgument(`options must be an object, got ${kindOf(options)}`);
  let keys;
  const values = [];
  try {
    keys = Object.keys(options);
    for (const name of OPTION_NAMES) values.push(options[name]);
  } catch (thrown) {
    throw invalidArgument(`reading the options threw: ${describe(thrown)}`);
  }
  const unknown = keys.find((key) => !OPTION_NAMES.includes(key));
  if (unknown !== undefined) {
    throw invalidArgument(`unknown option \`${unknown}\` (the options are ${OPTION_NAMES.join(', ')})`);
  }
  const given = {};
  OPTIONS.forEach(([name, type], i) => {
    const value = values[i];
    if (value === undefined || value === null) return;
    if (type === 'AbortSignal' ? !isSignal(value) : typeof value !== type) {
      throw invalidArgument(`options.${name} must be ${type === 'AbortSignal' ? 'an' : 'a'} ${type}, got ${kindOf(value)}`);
    }
    if (name === 'credentials' && !CREDENTIALS.includes(value)) {
      throw invalidArgument('options.credentials must be "include", "same-origin" or "omit"');
    }
    given[name] = value;
  });
  return given;
}

/** Resolves after `ms`, or as soon as `signal` fires. Never rejects. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unlisten(signal, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (isAborted(signal)) done();
    else listen(signal, done);
  });
}

function listen(signal, onAbort) {
  try {
    if (signal != null) signal.addEventListener('abort', onAbort, { once: true });
  } catch {
    // A signal we cannot listen to: the timeout still bounds the attempt.
  }
}

function unlisten(signal, onAbort) {
  try {
    if (signal != null) signal.removeEventListener('abort', onAbort);
  } catch {
    // Nothing to undo.
  }
}

/** A header of a Response, or of a Response-like object whose `headers` is a `Headers` or a plain object. */
function header(response, name) {
  try {
    const headers = response.headers;
    let value;
    if (headers != null && typeof headers.get === 'function') value = headers.get(name);
    else if (headers != null && typeof headers === 'object') {
      const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
      value = key === undefined ? undefined : headers[key];
    }
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function kindOf(value) {
  return value === null ? 'null' : typeof value;
}

/**
 * One attempt: `fetch`, then the body chunk by chunk as the caller asks for it, all within
 * `timeoutMs` and abortable by `signal`. Resolves with the head,
 * `{ status, statusText, contentType, retryAfter, body }`, or with
 * `{ failure: 'network' | 'timeout' | 'aborted' | 'tooLarge' | 'notAResponse', detail }`. `body.next()`
 * resolves with the next chunk, `{ chunk }` (a Uint8Array), with `{ done: true }` at the end, or with a
 * failure, and never rejects; `body.cancel()` stops the body and its request.
 * The timeout and the signal end the attempt even when `fetch` or the body stream ignores them.
 * At most `maxBytes` of body are read: `Content-Length` is checked first, and every chunk.
 */
function attempt(url, credentials, cookie, timeoutMs, signal, maxBytes) {
  let controller;
  try {
    controller = new AbortController();
  } catch {
    controller = undefined;
  }
  let reader;
  let ended; // what ended the attempt: a failure, or { done: true } once the body is read
  let wake = () => {}; // settles the pending read with `ended`
  const end = (outcome) => {
    if (ended !== undefined) return;
    ended = outcome;
    clearTimeout(timer);
    unlisten(signal, onAbort);
    if (outcome.failure !== undefined) {
      try {
        controller?.abort();
      } catch {
        // Nothing more to stop.
      }
      try {
        reader?.cancel().catch(() => {});
      } catch {
        // A reader that cannot be cancelled: the fetch was aborted.
      }
    }
    wake(outcome);
  };
  const onAbort = () => end({ failure: 'aborted' });
  const timer = setTimeout(() => end({ failure: 'timeout' }), timeoutMs);
  if (isAborted(signal)) onAbort();
  else listen(signal, onAbort);

  // What `step` resolves to, or what ends the attempt first; a failure ends the attempt.
  const race = (step) => new Promise((resolve) => {
    if (ended !== undefined) return resolve(ended);
    wake = resolve;
    // `step` is async: a `fetch` or `read` that throws synchronously becomes a rejection here.
    step().then(resolve, (thrown) => resolve({ failure: 'network', detail: describe(thrown) }));
  }).then((outcome) => {
    if (outcome.failure !== undefined || outcome.done === true) end(outcome);
    return outcome;
  });
  const tooLarge = (what) => ({
    failure: 'tooLarge',
    detail: `the response body is ${what}, more than options.maxBodyBytes (${maxBytes} bytes)`,
  });

  return race(async () => {
    const headers = { Accept: 'application/json' };
    if (cookie !== undefined) headers.Cookie = cookie;
    if (typeof fetch !== 'function') {
      return { failure: 'notAResponse', detail: 'this runtime has no global fetch function' };
    }
    const response = await fetch(url, { method: 'GET', credentials, headers, signal: controller?.signal });
    if (response === null || typeof response !== 'object') {
      return { failure: 'notAResponse', detail: `fetch resolved to ${kindOf(response)}, not a Response` };
    }
    const status = response.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
      return { failure: 'notAResponse', detail: `fetch resolved to an object whose status is not an HTTP status (${kindOf(status)} ${String(status).slice(0, 20)})` };
    }
    const declared = Number(header(response, 'content-length'));
    if (declared > maxBytes) return { ...tooLarge(`${declared} bytes (Content-Length)`), status };
    const stream = response.body;
    if (stream != null && typeof stream.getReader === 'function') reader = stream.getReader();
    else if (typeof response.arrayBuffer !== 'function') {
      return { failure: 'notAResponse', detail: 'the fetch result has no body to read (neither body.getReader() nor arrayBuffer())' };
    }
    let total = 0;
    let whole = false; // the one chunk of arrayBuffer() was read
    const read = async () => {
      if (reader !== undefined) {
        const { done, value } = await reader.read();
        if (done) return { done: true };
        if (!(value instanceof Uint8Array)) {
          return { failure: 'notAResponse', detail: 'the response body stream yielded something other than bytes' };
        }
        total += value.byteLength;
        if (total > maxBytes) return { ...tooLarge(`over ${total} bytes (still arriving)`), status };
        return { chunk: value };
      }
      if (whole) return { done: true };
      whole = true;
      const buffer = await response.arrayBuffer();
      if (!(buffer instanceof ArrayBuffer)) {
        return { failure: 'notAResponse', detail: 'the response arrayBuffer() did not give an ArrayBuffer' };
      }
      if (buffer.byteLength > maxBytes) return { ...tooLarge(`${buffer.byteLength} bytes`), status };
      return { chunk: new Uint8Array(buffer) };
    };
    return {
      status,
      statusText: typeof response.statusText === 'string' ? response.statusText : '',
      contentType: header(response, 'content-type'),
      retryAfter: header(response, 'retry-after'),
      body: { next: () => race(read), cancel: () => end({ failure: 'cancelled' }) },
    };
  });
}
