// The *release* package (pkg/, optimized by npm binaryen's wasm-opt) loaded in headless Chromium from the
// dev server's own origin: the module must load (a broken optimizer fails here), and a same-origin call with
// a relative base URL (`baseUrl: ""`, as Neptun's own web UI does) returns the chat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { messagesOf } from '../devserver/seed.mjs';
import { launchChromium, startServer, signIn } from './helpers.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer({ staticDirs: { '/': 'tests/release', '/pkg': 'pkg' } });
  browser = await launchChromium();
  const context = await browser.newContext();
  // The session cookie as the browser would keep it after signing in on this origin.
  const session = await signIn(server.url);
  await context.addCookies([{ name: 'neptun-session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  page = await context.newPage();
  await page.goto(`${server.url}/`);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the release build loads itself once for concurrent first calls, which return the chats', async () => {
  const wasmRequests = [];
  page.on('request', (request) => request.url().endsWith('.wasm') && wasmRequests.push(request.url()));
  const results = await page.evaluate(async () => {
    const { getChatMessages } = await import('/pkg/index.js');
    return Promise.all([1, 2, 3].map((chat) => getChatMessages(1, chat, { baseUrl: '' })));
  });
  assert.deepEqual(results, [1, 2, 3].map((chat) => ({ chatMessages: messagesOf(chat) })));
  assert.deepEqual(wasmRequests, [`${server.url}/pkg/neptun_client_bg.wasm`]);
});

test('in a module worker the package loads itself and the browser sends the session cookie', async () => {
  const result = await page.evaluate(async () => {
    const source = `
      import { getChatMessages } from '${location.origin}/pkg/index.js';
      getChatMessages(1, 1, { baseUrl: '${location.origin}' }).then(
        (value) => postMessage({ value }),
        (error) => postMessage({ kind: error.kind, message: error.message }));`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url, { type: 'module' });
    return new Promise((resolve) => { worker.onmessage = (event) => { worker.terminate(); resolve(event.data); }; });
  });
  assert.deepEqual(result, { value: { chatMessages: messagesOf(1) } }, result.message);
});

test('the inline entry loads synchronously: parseChatMessages works without init', async () => {
  const parsed = await page.evaluate(async () => {
    const { parseChatMessages } = await import('/pkg/inline.js');
    return parseChatMessages('{"chatMessages":[]}', 1);
  });
  assert.deepEqual(parsed, { chatMessages: [] });
});

test('a failed load is a wasmLoad NeptunError that says why; a later call loads again', async () => {
  const page2 = await page.context().newPage();
  await page2.goto(`${server.url}/`);
  const outcome = await page2.evaluate(async () => {
    const { init, parseChatMessages, getChatMessages, isNeptunError } = await import('/pkg/index.js');
    const describe = (e) => ({ guard: isNeptunError(e), kind: e.kind, message: e.message });
    const missing = await init('/pkg/missing.wasm').then(() => null, describe);
    const html = await init('/').then(() => null, describe);
    let syncBeforeLoad;
    try { parseChatMessages('{"chatMessages":[]}', 1); } catch (e) { syncBeforeLoad = describe(e); }
    const loaded = await getChatMessages(1, 1, { baseUrl: '' });
    return { missing, html, syncBeforeLoad, count: loaded.chatMessages.length, parsed: parseChatMessages('{"chatMessages":[]}', 1) };
  });
  await page2.close();
  assert.equal(outcome.missing.kind, 'wasmLoad');
  assert.ok(outcome.missing.guard);
  assert.match(outcome.missing.message, /missing\.wasm answered HTTP 404.*optimizeDeps/);
  assert.match(outcome.html.message, /is not a WebAssembly module \(Content-Type "text\/html.*HTML fallback page/);
  assert.equal(outcome.syncBeforeLoad.kind, 'wasmLoad');
  assert.match(outcome.syncBeforeLoad.message, /await init\(\) once/);
  assert.equal(outcome.count, messagesOf(1).length);
  assert.deepEqual(outcome.parsed, { chatMessages: [] });
});

test('init takes the module as a Response (of any Content-Type), a promise of one, bytes or a compiled Module', async () => {
  const loaded = [];
  for (const source of ['response', 'textResponse', 'promise', 'bytes', 'module', 'notWasm']) {
    const page2 = await page.context().newPage();
    await page2.goto(`${server.url}/`);
    loaded.push(await page2.evaluate(async (source) => {
      const { init, parseChatMessages } = await import('/pkg/index.js');
      const url = '/pkg/neptun_client_bg.wasm';
      const bytes = async () => new Uint8Array(await (await fetch(url)).arrayBuffer());
      const sources = {
        response: () => fetch(url).then((response) => (response.headers.get('content-type') === 'application/wasm' ? response : null)),
        textResponse: async () => new Response(await bytes(), { headers: { 'content-type': 'text/plain' } }),
        promise: async () => ({ promise: fetch(url) }), // wrapped: an async function would await it
        bytes,
        module: async () => WebAssembly.compile(await bytes()),
        notWasm: async () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
      };
      let given = await sources[source]();
      if (given === null) return 'the server did not serve application/wasm';
      if (given.promise) given = given.promise;
      try {
        await init(given);
        return parseChatMessages('{"chatMessages":[]}', 1).chatMessages.length === 0 ? 'loaded' : 'wrong result';
      } catch (error) {
        return error.message;
      }
    }, source));
    await page2.close();
  }
  assert.deepEqual(loaded.slice(0, 5), ['loaded', 'loaded', 'loaded', 'loaded', 'loaded']);
  assert.match(loaded[5], /^wasmLoad: could not instantiate neptun_client_bg\.wasm: CompileError/);
});

test('errors are real Errors with a kind, and sessionCookie is refused in a browser', async () => {
  const errors = await page.evaluate(async () => {
    const { getChatMessages, isNeptunError } = await import('/pkg/index.js');
    const describe = (e) => ({ isError: e instanceof Error, guard: isNeptunError(e), name: e.name, kind: e.kind, status: e.status, message: e.message });
    const out = [];
    for (const [user, chat, options] of [
      [1, 5, { baseUrl: '' }],
      [0, 1, { baseUrl: '' }],
      [1, 1, { baseUrl: '', sessionCookie: 'TOPSECRET' }],
      [1, 1, { baseUrl: '/_x/mutate=wrongChat' }],
    ]) {
      out.push(await getChatMessages(user, chat, options).then(() => null, describe));
    }
    return out;
  });
  assert.deepEqual(errors.map((e) => [e.isError, e.guard, e.name, e.kind]), [
    [true, true, 'NeptunError', 'unauthorized'],
    [true, true, 'NeptunError', 'invalidArgument'],
    [true, true, 'NeptunError', 'invalidArgument'],
    [true, true, 'NeptunError', 'invalidResponse'],
  ]);
  assert.equal(errors[0].status, 401);
  assert.ok(!errors[2].message.includes('TOPSECRET'));
  assert.match(errors[3].message, /chatMessages\[1\]\.chat_conversation_id/);
});
