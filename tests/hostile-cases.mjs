// Hostile runtimes, shared by the Node test (tests/hostile.test.mjs) and the same cases in headless
// Chromium: a `fetch` replaced by a polyfill or a test mock that returns Response-like objects,
// throws, returns undefined or never settles; option objects whose getters or proxy traps throw;
// credentials in the base URL; bodies over maxBodyBytes. Every call must settle, with the data or
// with one NeptunError, and the module must keep working afterwards.

const MESSAGE = {
  id: 1,
  message: 'Hi',
  actor: 'user',
  created_at: '2024-03-20T10:00:00.000Z',
  updated_at: '2024-03-20T10:00:00.000Z',
  chat_conversation_id: 7,
};
export const BODY = JSON.stringify({ chatMessages: [MESSAGE] });
const BASE = 'http://127.0.0.1:9';
const bytes = (text) => new TextEncoder().encode(text);
const never = () => new Promise(() => {});

/** A Response-like object as fetch polyfills and mocks build them (no Response, no stream). */
function responseLike(body, headers = { get: (name) => (name === 'content-type' ? 'application/json' : null) }) {
  return { ok: true, status: 200, statusText: 'OK', headers, arrayBuffer: async () => bytes(body).buffer };
}

function streamOf(chunks) {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/**
 * Each case: the `fetch` it installs (if any), the call, and what it must settle with: `{ value }`
 * for a result, or the error `kind` and a `message` pattern. `secret` must not appear in the error.
 */
export const CASES = [
  {
    name: 'a Response-like object (polyfill or mock) is read like a Response',
    fetch: async () => responseLike(BODY),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE }),
    value: { chatMessages: [MESSAGE] },
  },
  {
    name: 'a Response-like object with plain-object headers',
    fetch: async () => responseLike(BODY, { 'Content-Type': 'application/json; charset=utf-8' }),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE }),
    value: { chatMessages: [MESSAGE] },
  },
  {
    name: 'a Response-like object without a body reader',
    fetch: async () => ({ ok: true, status: 200, headers: {}, text: async () => BODY }),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE }),
    kind: 'invalidResponse',
    message: /no body to read/,
  },
  {
    name: 'fetch throws synchronously',
    fetch: () => {
      throw new TypeError('polyfill exploded');
    },
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, retries: 0 }),
    kind: 'network',
    message: /polyfill exploded/,
  },
  {
    name: 'fetch returns undefined',
    fetch: () => undefined,
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE }),
    kind: 'invalidResponse',
    message: /fetch resolved to undefined, not a Response/,
  },
  {
    name: 'fetch resolves to a number',
    fetch: async () => 42,
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE }),
    kind: 'invalidResponse',
    message: /not a Response/,
  },
  {
    name: 'a response whose status getter throws',
    fetch: async () => ({ get status() { throw new Error('status trap'); } }),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, retries: 0 }),
    kind: 'network',
    message: /status trap/,
  },
  {
    name: 'a body stream that yields strings, not bytes',
    fetch: async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: streamOf(['{}']) }),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE }),
    kind: 'invalidResponse',
    message: /other than bytes/,
  },
  {
    name: 'a fetch that ignores its abort signal and never settles: the timeout still ends the attempt',
    fetch: never,
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, retries: 0, timeoutMs: 300 }),
    kind: 'timeout',
    message: /300 ms/,
  },
  {
    name: 'a fetch that never settles: the caller\'s abort ends the call',
    fetch: never,
    call: (api) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      return api.getChatMessages(1, 7, { baseUrl: BASE, signal: controller.signal, timeoutMs: 60_000 });
    },
    kind: 'aborted',
  },
  {
    name: 'Content-Length over maxBodyBytes is refused before reading',
    fetch: async () => ({
      ...responseLike(BODY),
      headers: { 'content-type': 'application/json', 'content-length': '1000000' },
      arrayBuffer: never,
    }),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, maxBodyBytes: 1000 }),
    kind: 'invalidResponse',
    message: /1000000 bytes \(Content-Length\), more than options\.maxBodyBytes \(1000 bytes\)/,
  },
  {
    name: 'a streamed body over maxBodyBytes is refused while it arrives',
    fetch: async () => new Response(streamOf([bytes('{"chatMessages":['), new Uint8Array(4000)]), {
      headers: { 'content-type': 'application/json' },
    }),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, maxBodyBytes: 1000 }),
    kind: 'invalidResponse',
    message: /still arriving/,
  },
  {
    name: 'an options proxy whose ownKeys trap throws',
    call: (api) => api.getChatMessages(1, 7, new Proxy({}, { ownKeys() { throw new Error('ownKeys trap'); } })),
    kind: 'invalidArgument',
    message: /reading the options threw: Error: ownKeys trap/,
  },
  {
    name: 'an option getter that throws is an error, not the default',
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, get timeoutMs() { throw new Error('getter trap'); } }),
    kind: 'invalidArgument',
    message: /getter trap/,
  },
  {
    name: 'a signal that is not an AbortSignal',
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, signal: { aborted: false } }),
    kind: 'invalidArgument',
    message: /options\.signal must be an AbortSignal/,
  },
  {
    name: 'a password in baseUrl is refused and never echoed',
    call: (api) => api.getChatMessages(1, 7, { baseUrl: 'http://user:hunter2@127.0.0.1:9' }),
    kind: 'invalidArgument',
    message: /user name or password/,
    secret: 'hunter2',
  },
  {
    name: 'a backslash path that browsers resolve to another origin',
    call: (api) => api.getChatMessages(1, 7, { baseUrl: '/\\127.0.0.1:9' }),
    kind: 'invalidArgument',
    message: /backslashes/,
  },
  {
    name: 'an error body far larger than an envelope, in one chunk, is read only as far as an envelope may go',
    fetch: async () => ({
      ok: false,
      status: 503,
      statusText: 'Service Unavailable',
      headers: { 'content-type': 'application/json' },
      arrayBuffer: async () => bytes(JSON.stringify({ statusMessage: 'Busy', message: 'x'.repeat(4_000_000) })).buffer,
    }),
    call: (api) => api.getChatMessages(1, 7, { baseUrl: BASE, retries: 0 }),
    kind: 'server',
    message: /^server \(HTTP 503 Service Unavailable\): the server failed to answer$/,
  },
  {
    name: 'the ids are checked before the options are read (no getter runs for a bad id)',
    call: async (api) => {
      let reads = 0;
      const error = await api.getChatMessages(0, 7, { get baseUrl() { reads += 1; return BASE; } }).catch((e) => e);
      return { kind: error.kind, reads };
    },
    value: { kind: 'invalidArgument', reads: 0 },
  },
  {
    name: 'the options are read once per call',
    fetch: async () => responseLike(BODY),
    call: async (api) => {
      let reads = 0;
      await api.getChatMessages(1, 7, { baseUrl: BASE, get retries() { reads += 1; return 0; } });
      return { reads };
    },
    value: { reads: 1 },
  },
  {
    name: 'a client\'s signal aborts its calls, also a fetch that never settles',
    fetch: never,
    call: (api) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      return new api.NeptunClient({ baseUrl: BASE, signal: controller.signal }).getChatMessages(1, 7);
    },
    kind: 'aborted',
  },
  {
    name: 'the client constructor with a throwing getter',
    call: async (api) => new api.NeptunClient({ get retries() { throw new Error('client getter'); } }).getChatMessages(1, 7),
    kind: 'invalidArgument',
    message: /client getter/,
  },
];

/**
 * Runs every case against `api` (the package's exports), one at a time, with its `fetch` installed
 * on `globalThis` and restored after. Returns what each call settled with, as plain data.
 */
export async function runCases(api) {
  const results = [];
  const realFetch = globalThis.fetch;
  for (const testCase of CASES) {
    if (testCase.fetch) globalThis.fetch = testCase.fetch;
    try {
      const value = await testCase.call(api);
      results.push({ name: testCase.name, value });
    } catch (error) {
      results.push({
        name: testCase.name,
        guard: api.isNeptunError(error),
        kind: error?.kind,
        message: String(error?.message),
        everything: [String(error?.message), String(error?.stack), JSON.stringify(error)].join(' '),
      });
    } finally {
      globalThis.fetch = realFetch;
    }
  }
  return results;
}
