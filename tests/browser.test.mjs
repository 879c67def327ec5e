// getChatMessages, NeptunClient and parseChatMessages of the release package (pkg/) in headless
// Chromium against the dev server on another 127.0.0.1 port: real HTTP, real cookies, real CORS.
// The page is served by one dev server; the API is another, which the page signs in to (the browser
// keeps its HttpOnly session cookie) and which counts each test's requests by a unique key.
//
//   node --test tests/browser.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startServer } from './helpers.mjs';

const SECRET = 'SECRET-cookie-value-7f3a9';

let site;
let api;
let browser;
let page;

before(async () => {
  site = await startServer({ staticDirs: { '/': 'tests/release', '/pkg': 'pkg' } });
  api = await startServer();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${site.url}/`);
  await page.evaluate(async ({ dev }) => {
    globalThis.neptun = await import('/pkg/index.js');
    await neptun.init();
    globalThis.dev = dev;
    // Options pointing at the API through a fault prefix (`''` for none), plus `extra`.
    globalThis.via = (faults, extra = {}) => ({ baseUrl: faults ? `${dev}/_x/${faults}` : dev, ...extra });
    // A settled call as plain data: { ok, value } or { ok: false, error: every property of the error }.
    globalThis.settle = async (promise) => {
      try {
        return { ok: true, value: await promise };
      } catch (error) {
        const own = Object.fromEntries(Object.getOwnPropertyNames(error).map((key) => [key, error[key]]));
        return { ok: false, error: { ...own, name: error.name, isError: error instanceof Error, json: JSON.stringify(error) } };
      }
    };
    globalThis.call = (user, chat, options) => settle(neptun.getChatMessages(user, chat, options));
    globalThis.login = async () => {
      const response = await fetch(`${dev}/api/auth/login`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'demo@neptun.dev', password: 'neptun-demo' }),
      });
      if (response.status !== 200) throw new Error(`login: HTTP ${response.status}`);
    };
    // The body as the server sends it, through a plain credentialed fetch.
    globalThis.rawBody = async (user, chat) =>
      (await fetch(`${dev}/api/users/${user}/chats/${chat}/messages`, { credentials: 'include' })).text();
  }, { dev: api.url });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await api?.close();
});

/** Runs `fn` in the page (with `arg`). */
const inPage = (fn, arg) => page.evaluate(fn, arg);

/** A unique key, so that each test counts its own requests on the API server. */
let keys = 0;
const key = (name) => `${name}-${process.pid}-${(keys += 1)}`;

/** How many requests the API server has seen with `key`. */
async function requests(key) {
  return (await (await fetch(`${api.url}/_dev/requests?key=${encodeURIComponent(key)}`)).json()).count;
}

/** Asserts a settled call is a NeptunError of `kind` that does not show the cookie; returns the error. */
function expectKind(settled, kind) {
  assert.equal(settled.ok, false, `expected a ${kind} error, got ${JSON.stringify(settled.value)?.slice(0, 200)}`);
  const { error } = settled;
  assert.equal(error.isError, true, 'a real Error');
  assert.equal(error.name, 'NeptunError');
  assert.equal(error.kind, kind, error.message);
  assert.ok(!error.message.includes(SECRET), `the cookie value leaked: ${error.message}`);
  return error;
}

// Success

test('returns exactly what the server sent, cross-origin with the cookie', async () => {
  const rows = await inPage(async () => {
    await login();
    const rows = [];
    for (const chat of [1, 2, 3, 4]) {
      rows.push({ chat, got: JSON.stringify((await call(1, chat, via(''))).value), want: JSON.stringify(JSON.parse(await rawBody(1, chat))) });
    }
    return rows;
  });
  for (const { chat, got, want } of rows) assert.equal(got, want, `chat ${chat}`);
  assert.equal(rows[1].got, '{"chatMessages":[]}');
});

test('document aliases and extra fields are normalized', async () => {
  const [canonical, alias, extra, system] = await inPage(async () => {
    await login();
    const text = async (faults) => JSON.stringify((await call(1, 1, via(faults))).value);
    const system = (await call(1, 1, via('mutate=systemActor'))).value;
    return [await text(''), await text('mutate=alias'), await text('mutate=extraField'), system.chatMessages[0].actor];
  });
  assert.equal(alias, canonical);
  assert.equal(extra, canonical);
  assert.equal(system, 'system');
});

test('a NeptunClient uses its options, and per-call options override them', async () => {
  const k = key('client');
  const [first, second, bad] = await inPage(async (k) => {
    await login();
    const client = new neptun.NeptunClient(via(`key=${k},fail=503,times=1`, { retries: 0 }));
    const first = await settle(client.getChatMessages(1, 1));
    const second = await settle(client.getChatMessages(1, 1, { retries: 1 }));
    let bad;
    try {
      new neptun.NeptunClient({ timeoutMs: -5 });
    } catch (error) {
      bad = await settle(Promise.reject(error));
    }
    return [first, second, bad];
  }, k);
  assert.equal(expectKind(first, 'server').status, 503);
  assert.equal(second.ok, true, 'the per-call retries override the client\'s');
  assert.equal(await requests(k), 2);
  expectKind(bad, 'invalidArgument');
});

// HTTP errors

test('no session is unauthorized', async () => {
  const error = expectKind(await inPage(() => call(1, 1, via('', { credentials: 'omit' }))), 'unauthorized');
  assert.equal(error.status, 401);
  assert.equal(error.statusMessage, 'Server Error');
  assert.equal(error.serverMessage, 'Unauthorized');
});

test('someone else\'s or a missing chat is unauthorized', async () => {
  const settled = await inPage(async () => {
    await login();
    return Promise.all([[1, 5], [1, 999], [2, 1]].map(([user, chat]) => call(user, chat, via(''))));
  });
  for (const one of settled) assert.equal(expectKind(one, 'unauthorized').statusMessage, 'Unauthorized.');
});

test('status codes map to kinds', async () => {
  const faults = { 400: 'badRequest', 403: 'forbidden', 404: 'notFound', 409: 'http', 501: 'server' };
  const settled = await inPage(async (statuses) => {
    await login();
    const out = await Promise.all(statuses.map((status) => call(1, 1, via(`fail=${status}`, { retries: 0 }))));
    // The real server answers 500 for ids that overflow its int4 columns.
    return [...out, await call(1, 2_147_483_648, via('', { retries: 0 }))];
  }, Object.keys(faults));
  Object.entries(faults).forEach(([status, kind], i) => assert.equal(expectKind(settled[i], kind).status, Number(status)));
  assert.equal(expectKind(settled.at(-1), 'server').status, 500);
});

test('an HTML bad gateway keeps its status', async () => {
  const error = expectKind(await inPage(() => call(1, 1, via('fail=502,body=html', { retries: 0 }))), 'server');
  assert.equal(error.status, 502);
  assert.equal(error.serverMessage, undefined);
});

// Retries

test('retries recover from transient failures', async () => {
  const faults = ['fail=503,times=2', 'fail=408,times=1', 'fail=502,body=html,times=1', 'dbnull=1', 'fail=504,times=1'];
  const specs = faults.map((fault) => `key=${key('recover')},${fault}`);
  const counted = key('count');
  const settled = await inPage(async ({ specs, counted }) => {
    await login();
    const out = await Promise.all(specs.map((spec) => call(1, 1, via(spec, { retries: 2 }))));
    return [...out, await call(1, 1, via(`key=${counted},fail=503,times=2`, { retries: 2 }))];
  }, { specs, counted });
  settled.forEach((one, i) => assert.equal(one.ok, true, `${specs[i] ?? 'count'}: ${one.error?.message}`));
  assert.equal(await requests(counted), 3, 'two failures, then success');
});

test('rate limited after the retries, having honoured Retry-After', async () => {
  const k = key('429');
  const { settled, elapsed } = await inPage(async (k) => {
    const started = Date.now();
    const settled = await call(1, 1, via(`key=${k},fail=429,retryAfter=1`, { retries: 1 }));
    return { settled, elapsed: Date.now() - started };
  }, k);
  assert.equal(expectKind(settled, 'rateLimited').retryAfterMs, 1000);
  assert.ok(elapsed >= 1000, `waited ${elapsed} ms for Retry-After`);
  assert.equal(await requests(k), 2);
});

test('a Retry-After beyond the cap ends the retries at once', async () => {
  const k = key('long-retry-after');
  const settled = await inPage((k) => call(1, 1, via(`key=${k},fail=503,retryAfter=3600`, { retries: 3 })), k);
  assert.equal(expectKind(settled, 'server').retryAfterMs, 3_600_000);
  assert.equal(await requests(k), 1);
});

test('client errors and invalid bodies are not retried', async () => {
  const cases = [['fail=401', 'unauthorized'], ['fail=404', 'notFound'], ['mutate=wrongChat', 'invalidResponse']]
    .map(([fault, kind]) => ({ spec: `key=${key('final')},${fault}`, kind }));
  const settled = await inPage(async (specs) => {
    await login();
    return Promise.all(specs.map((spec) => call(1, 1, via(spec, { retries: 3 }))));
  }, cases.map((c) => c.spec));
  for (const [i, { spec, kind }] of cases.entries()) {
    expectKind(settled[i], kind);
    assert.equal(await requests(spec.split(',')[0].slice(4)), 1, spec);
  }
});

test('chatMessages: null is a server error, after the retries', async () => {
  const k = key('null');
  const settled = await inPage(async (k) => {
    await login();
    return call(1, 1, via(`key=${k},dbnull=always`, { retries: 1 }));
  }, k);
  assert.equal(expectKind(settled, 'server').status, 200);
  assert.equal(await requests(k), 2);
});

// Network, timeout, abort

test('a reset connection and a refused one are network errors', async () => {
  const [reset, refused] = await inPage(() => Promise.all([
    call(1, 1, via('reset=1', { retries: 0 })),
    call(1, 1, { baseUrl: 'http://127.0.0.1:9', retries: 0 }),
  ]));
  expectKind(reset, 'network');
  expectKind(refused, 'network');
});

test('a server that refuses credentialed CORS is a network error that names CORS', async () => {
  const settled = await inPage(async () => {
    await login();
    return call(1, 1, via('cors=star', { retries: 0 }));
  });
  const error = expectKind(settled, 'network');
  assert.match(error.message, /CORS/);
});

test('slow responses time out per attempt, and a timed-out attempt is retried', async () => {
  const k = key('timeout');
  const [slow, stalled] = await inPage(async (k) => {
    await login();
    return Promise.all([
      call(1, 1, via(`key=${k},delay=3000`, { timeoutMs: 200, retries: 1 })),
      // A body that never finishes is covered by the same timeout.
      call(1, 1, via('stall=1', { timeoutMs: 300, retries: 0 })),
    ]);
  }, k);
  assert.match(expectKind(slow, 'timeout').message, /200 ms/);
  assert.equal(await requests(k), 2);
  expectKind(stalled, 'timeout');
});

/** A call with `faults` and `extra` options that the caller's signal aborts after `abortAfterMs`. */
const abortedAfter = (faults, extra, abortAfterMs) => inPage(async ({ faults, extra, abortAfterMs }) => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), abortAfterMs);
  const started = Date.now();
  const settled = await call(1, 1, via(faults, { ...extra, signal: controller.signal }));
  return { settled, elapsed: Date.now() - started };
}, { faults, extra, abortAfterMs });

test('the caller\'s signal aborts a request in flight', async () => {
  const { settled, elapsed } = await abortedAfter('delay=5000', {}, 100);
  expectKind(settled, 'aborted');
  assert.ok(elapsed < 3000, `took ${elapsed} ms: waited for the server`);
});

test('the caller\'s signal aborts the wait between retries', async () => {
  const k = key('abort-wait');
  const { settled, elapsed } = await abortedAfter(`key=${k},fail=503,retryAfter=8`, { retries: 2 }, 300);
  expectKind(settled, 'aborted');
  assert.ok(elapsed < 5000, `took ${elapsed} ms: slept through Retry-After`);
  assert.equal(await requests(k), 1);
});

test('an already aborted signal makes no request', async () => {
  const k = key('pre-aborted');
  const settled = await inPage((k) => call(1, 1, via(`key=${k}`, { signal: AbortSignal.abort() })), k);
  expectKind(settled, 'aborted');
  assert.equal(await requests(k), 0);
});

// Invalid arguments: an error, and no request

test('invalid arguments are invalidArgument errors, and no request is made', async () => {
  const k = key('args');
  const { ids, options, notAnObject } = await inPage(async ({ k, secret }) => {
    const good = via(`key=${k}`);
    const badIds = [0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, '1', null, undefined, 1n, {}];
    const ids = [];
    for (const bad of badIds) ids.push([await call(bad, 1, good), await call(1, bad, good)]);
    const base = `${dev}/_x/key=${k}`;
    const badOptions = [
      [{ baseUrl: base, timeout: 5 }, 'unknown option `timeout`'],
      [{ baseUrl: base, timeoutMs: 0 }, 'timeoutMs'],
      [{ baseUrl: base, timeoutMs: '5000' }, 'timeoutMs'],
      [{ baseUrl: base, retries: 1.5 }, 'retries'],
      [{ baseUrl: base, credentials: 'always' }, 'credentials'],
      [{ baseUrl: base, signal: 'stop' }, 'signal'],
      [{ baseUrl: 'ftp://127.0.0.1' }, 'baseUrl'],
      [{ baseUrl: base, sessionCookie: secret }, 'sessionCookie'],
    ];
    const options = [];
    for (const [bad, needle] of badOptions) options.push({ settled: await call(1, 1, bad), needle, shown: JSON.stringify(bad) });
    return { ids, options, notAnObject: await call(1, 1, 'fast') };
  }, { k, secret: SECRET });
  for (const [forUser, forChat] of ids) {
    assert.match(expectKind(forUser, 'invalidArgument').message, /userId/);
    assert.match(expectKind(forChat, 'invalidArgument').message, /chatId/);
  }
  for (const { settled, needle, shown } of options) {
    const error = expectKind(settled, 'invalidArgument');
    assert.ok(error.message.includes(needle), `${shown}: ${error.message}`);
  }
  expectKind(notAnObject, 'invalidArgument');
  assert.equal(await requests(k), 0);
});

test('the session cookie never appears in an error', async () => {
  const settled = await inPage((secret) => call(1, 1, via('', { sessionCookie: secret })), SECRET);
  const error = expectKind(settled, 'invalidArgument');
  // Every own property (kind, message, stack, ...) and the JSON form.
  assert.ok(!JSON.stringify(error).includes(SECRET), JSON.stringify(error));
});

// Invalid responses

test('invalid bodies are invalidResponse errors with the status and the path of the problem', async () => {
  const cases = [
    ['mutate=wrongChat', 'chatMessages[1].chat_conversation_id'],
    ['mutate=badTimestamp', 'chatMessages[0].updated_at'],
    ['mutate=missingField', 'chatMessages[7].updated_at'],
    ['mutate=bigId', 'chatMessages[0].id'],
    ['mutate=notJson', ''],
    ['mutate=empty', ''],
    ['ctype=text/html', ''],
  ];
  const [truncated, ...settled] = await inPage(async (faults) => {
    await login();
    return Promise.all(['truncate=1', ...faults].map((fault) => call(1, 1, via(fault, { retries: 0 }))));
  }, cases.map(([fault]) => fault));
  for (const [i, [fault, path]] of cases.entries()) {
    const error = expectKind(settled[i], 'invalidResponse');
    assert.equal(error.path, path, `${fault}: ${error.message}`);
    assert.equal(error.status, 200, fault);
  }
  assert.match(expectKind(truncated, 'invalidResponse').message, /truncated/);
});

// parseChatMessages

const BODY = '{"chatMessages":[{"id":1,"message":"Hi 👋","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","neptun_user_id":1,"chat_conversation_id":42}]}';

test('parseChatMessages accepts strings, bytes, a BOM and the document\'s aliases', async () => {
  const results = await inPage((body) => {
    const aliased = body.replace('"message"', '"content"').replace('"actor"', '"role"');
    return [body, new TextEncoder().encode(body), `\uFEFF${body}`, aliased]
      .map((input) => JSON.stringify(neptun.parseChatMessages(input, 42)));
  }, BODY);
  for (const result of results) assert.equal(result, BODY);
});

test('parseChatMessages rejects what the decoder rejects, and a raw lone surrogate', async () => {
  const settled = await inPage(async (body) => {
    const parse = (input, chat) => settle((async () => neptun.parseChatMessages(input, chat))());
    const lone = body.replace('Hi 👋', '\ud800');
    return Promise.all([parse(body, 7), parse('{"chatMessages":null}', 7), parse(body, 0), parse(5, 42), parse(lone, 42)]);
  }, BODY);
  assert.equal(expectKind(settled[0], 'invalidResponse').path, 'chatMessages[0].chat_conversation_id');
  expectKind(settled[1], 'server');
  expectKind(settled[2], 'invalidArgument');
  expectKind(settled[3], 'invalidArgument');
  expectKind(settled[4], 'invalidResponse');
});
