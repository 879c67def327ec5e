// Streaming, with the release package (pkg/) in headless Chromium:
//
//   1. parseChatMessages of a ~60 MB body (bytes, then the same as a string) returns every message, and
//      the wasm linear memory (which never shrinks) grows by at most 16 MB.
//   2. getChatMessages of the same body over real HTTP (another origin on 127.0.0.1, CORS with
//      credentials, sent in 64 KB writes) returns every message, with the same bound on wasm memory.
//   3. An invalid body is rejected as soon as its first problem has arrived: the server sends the first
//      messages (one of another chat) and then nothing; the call rejects with that problem long before
//      its timeout, and the request is closed (the download cancelled).
// Memory is read from the module's exports (the wasm-bindgen glue's init returns them once loaded).
//
//   node --test tests/stream.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchChromium, startServer } from './helpers.mjs';

const MB = 1e6;
const MESSAGES = 60_000;

/** A canonical body of `count` messages of chat 42 (mixed text, ~1 KB each), from message `from` on. */
function messagesJson(count, { from = 1, badAt = 0 } = {}) {
  const text = `Grüße aus Zürich 😀 日本語のテキスト — ${'the quick brown fox jumps over the lazy dog '.repeat(20)}`;
  const list = [];
  for (let id = from; id < from + count; id++) {
    list.push(JSON.stringify({
      id,
      message: text,
      actor: id % 2 ? 'user' : 'assistant',
      created_at: '2024-03-20T10:00:00.000Z',
      updated_at: '2024-03-20T10:00:01.123Z',
      neptun_user_id: 1,
      chat_conversation_id: id === badAt ? 41 : 42,
    }));
  }
  return list.join(',');
}
const bigBody = `{"chatMessages":[${messagesJson(MESSAGES)}]}`;

let server;
let bodyServer;
let browser;
let page;
const closed = []; // paths of requests whose connection closed before the body was complete

before(async () => {
  server = await startServer({ staticDirs: { '/': 'tests/release', '/pkg': 'pkg' } });
  // Another origin: the big body in 64 KB writes, or the first messages of an invalid one and then nothing.
  bodyServer = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', server.url);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Content-Type', 'application/json');
    res.on('close', () => {
      if (!res.writableFinished) closed.push(req.url);
    });
    if (req.url.startsWith('/big/')) {
      const bytes = Buffer.from(bigBody);
      let at = 0;
      const write = () => {
        while (at < bytes.length) {
          const chunk = bytes.subarray(at, at + 65536);
          at += chunk.length;
          if (!res.write(chunk)) return res.once('drain', write);
        }
        res.end();
      };
      write();
    } else {
      res.write(`{"chatMessages":[${messagesJson(50, { badAt: 20 })},`); // and then nothing
    }
  });
  await new Promise((resolve) => bodyServer.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(async () => {
    globalThis.api = await import('/pkg/index.js');
    await globalThis.api.init();
    const glue = await import('/pkg/neptun_client.js');
    // The instance's memory (the release build minifies the exports' names).
    const memory = Object.values(glue.initSync()).find((value) => value instanceof WebAssembly.Memory);
    globalThis.wasmMB = () => memory.buffer.byteLength / 1e6;
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
  bodyServer?.closeAllConnections();
  await new Promise((resolve) => bodyServer?.close(resolve));
});

/** Checks a result in the page against `JSON.parse` of the body: count, and a sample of messages. */
const SAME_AS_PARSE = `(result, text) => {
  const want = JSON.parse(text).chatMessages;
  const got = result.chatMessages;
  if (got.length !== want.length) return 'length ' + got.length + ' != ' + want.length;
  for (const i of [0, 1, 4095, 30000, want.length - 1]) {
    if (JSON.stringify(got[i]) !== JSON.stringify(want[i])) return 'message ' + i + ' differs';
  }
  return 'same';
}`;

test('parseChatMessages of a ~60 MB body returns every message; wasm memory grows by at most 16 MB', async () => {
  const rows = await page.evaluate(async ({ body, check }) => {
    const same = eval(check);
    const bytes = new TextEncoder().encode(body);
    const rows = [];
    for (const [name, input] of [['bytes', bytes], ['string', body]]) {
      const before = wasmMB();
      const result = api.parseChatMessages(input, 42);
      rows.push({ name, mb: bytes.length / 1e6, before, after: wasmMB(), same: same(result, body) });
    }
    return rows;
  }, { body: bigBody, check: SAME_AS_PARSE });
  for (const row of rows) {
    console.log(`stream: parseChatMessages(${row.name}) of ${row.mb.toFixed(0)} MB: wasm memory ${row.before.toFixed(1)} → ${row.after.toFixed(1)} MB`);
    assert.equal(row.same, 'same', row.name);
    assert.ok(row.after - row.before <= 16, `${row.name}: wasm memory grew by ${(row.after - row.before).toFixed(1)} MB`);
  }
  assert.ok(rows[0].mb > 55);
});

test('getChatMessages streams a ~60 MB body over HTTP; wasm memory grows by at most 16 MB', async () => {
  const row = await page.evaluate(async ({ base, body, check }) => {
    const same = eval(check);
    const before = wasmMB();
    const result = await api.getChatMessages(1, 42, { baseUrl: base, timeoutMs: 120000 });
    return { before, after: wasmMB(), same: same(result, body) };
  }, { base: `http://127.0.0.1:${bodyServer.address().port}/big`, body: bigBody, check: SAME_AS_PARSE });
  console.log(`stream: getChatMessages of ${(bigBody.length / MB).toFixed(0)} MB: wasm memory ${row.before.toFixed(1)} → ${row.after.toFixed(1)} MB`);
  assert.equal(row.same, 'same');
  assert.ok(row.after - row.before <= 16, `wasm memory grew by ${(row.after - row.before).toFixed(1)} MB`);
});

test('an invalid body is rejected as soon as its first problem arrives, and its download is cancelled', async () => {
  const outcome = await page.evaluate(async (base) => {
    const started = performance.now();
    try {
      await api.getChatMessages(1, 42, { baseUrl: base, timeoutMs: 20000, retries: 0 });
      return { resolved: true };
    } catch (error) {
      return { kind: error.kind, path: error.path, status: error.status, ms: performance.now() - started };
    }
  }, `http://127.0.0.1:${bodyServer.address().port}/stalls`);
  console.log(`stream: a stalled body with a bad message 20 was rejected after ${outcome.ms?.toFixed(0)} ms (timeout 20000 ms)`);
  assert.deepEqual({ ...outcome, ms: undefined }, {
    kind: 'invalidResponse',
    path: 'chatMessages[19].chat_conversation_id',
    status: 200,
    ms: undefined,
  });
  // Not the timeout: the server never ends this body. The request's connection is closed by the client.
  for (let i = 0; i < 50 && !closed.some((url) => url.startsWith('/stalls/')); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(closed.some((url) => url.startsWith('/stalls/')), `closed: ${closed}`);
});
