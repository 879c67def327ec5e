// The JavaScript side of the transport, imported by src/transport.rs and src/bindings.rs.
//
// Every function here is written for a hostile runtime: it never throws into the wasm and every
// promise it returns settles (resolves with a plain object that says what happened), whatever
// `fetch`, the response, the options object or the signal do. A thrown exception crossing into
// the wasm would leave the Rust future half-run, and a promise that never settles hangs the caller.

/** Does this code run in a browser (page or worker), where the browser owns the cookies? */
export function isBrowser() {
  return typeof document === 'object' ||
    (typeof WorkerGlobalScope === 'function' && typeof self === 'object' && self instanceof WorkerGlobalScope);
}

/** A short description of a thrown value, for error messages. */
function describe(thrown) {
  try {
    const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return 'an unprintable value';
  }
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
export function isAborted(signal) {
  try {
    return signal != null && signal.aborted === true;
  } catch {
    return false;
  }
}

/**
 * Reads an options object once: its own keys, and the value of each name in `names`, so that the
 * Rust side checks plain data. Getters run here, once; a getter or proxy trap that throws gives
 * `{ thrown }`. `signal` is reported as `signalOk` (an AbortSignal or not).
 */
export function readOptions(options, names) {
  try {
    const keys = Object.keys(options);
    const values = {};
    for (const name of names) values[name] = options[name];
    return { keys, values, signalOk: values.signal == null || isSignal(values.signal) };
  } catch (thrown) {
    return { thrown: describe(thrown) };
  }
}

/** Resolves after `ms`, or as soon as `signal` fires. Never rejects. */
export function sleep(ms, signal) {
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
 * `{ status, statusText, contentType, retryAfter, body }` (read `body` with `readChunk`, stop it with
 * `cancelBody`), or with `{ failure: 'network' | 'timeout' | 'aborted' | 'tooLarge' | 'notAResponse', detail }`.
 * The timeout and the signal end the attempt even when `fetch` or the body stream ignores them.
 * At most `maxBytes` of body are read: `Content-Length` is checked first, and every chunk.
 */
export function attempt(url, credentials, cookie, timeoutMs, signal, maxBytes) {
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

/**
 * The next chunk of a body from `attempt`: `{ chunk }` (a Uint8Array), `{ done: true }` or
 * `{ failure, detail }`. Never rejects.
 */
export function readChunk(body) {
  return body.next();
}

/** Stops reading a body from `attempt` (the request is aborted). */
export function cancelBody(body) {
  body.cancel();
}
