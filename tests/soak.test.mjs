// Soak: the release package (pkg/) in headless Chromium, from the dev server's own origin (`baseUrl: ""`,
// the session cookie set as the browser keeps it after signing in), under load and under faults.
//
//   1. 1,000 concurrent getChatMessages calls all resolve with exactly the seeded chats.
//   2. Sequential calls (NEPTUN_SOAK_CALLS, default 10,000, stopped early after NEPTUN_SOAK_SECONDS, default
//      25, but never before 2,000, on a slow machine; the count reached is printed) keep the JS heap (performance.memory after gc(),
//      Chromium started with --expose-gc and --enable-precise-memory-info), the wasm linear memory and the
//      wasm-bindgen externref table flat. The wasm instance has no public handle: its exports come from the
//      wasm-bindgen glue (`pkg/neptun_client.js`), whose init returns them once the module is loaded.
//   3. Faults of the dev server × outcomes: every call settles with the outcome its fault calls for, all of
//      them interleaved at once; afterwards the module still works.
// Only correctness is asserted, never wall-clock time; the figures are printed.
//
//   node --test tests/soak.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { messagesOf, chatsOf, demoAccount } from '../devserver/seed.mjs';
import { launchChromium, startServer, signIn } from './helpers.mjs';

const CALLS = Number(process.env.NEPTUN_SOAK_CALLS ?? 10000);
const SECONDS = Number(process.env.NEPTUN_SOAK_SECONDS ?? 25);

let server;
let browser;
let page;

before(async () => {
  server = await startServer({ staticDirs: { '/': 'tests/release', '/pkg': 'pkg' } });
  browser = await launchChromium({ args: ['--js-flags=--expose-gc', '--enable-precise-memory-info'] });
  const context = await browser.newContext();
  const session = await signIn(server.url);
  await context.addCookies([{ name: 'neptun-session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(async () => {
    // A canonical text of a value (keys sorted), for comparing results inside the page.
    globalThis.canon = (value) =>
      JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
    globalThis.api = await import('/pkg/index.js');
    await globalThis.api.init();
    // The instance's memory and externref table: the glue's initSync returns the exports once the module
    // is loaded (the release build minifies their names).
    const glue = await import('/pkg/neptun_client.js');
    const exports = Object.values(glue.initSync());
    globalThis.wasmMemory = exports.find((value) => value instanceof WebAssembly.Memory);
    globalThis.externrefTable = exports.find((value) => value instanceof WebAssembly.Table);
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const userChats = chatsOf(demoAccount.userId).map((c) => c.id);
const expected = Object.fromEntries(userChats.map((id) => [id, { chatMessages: messagesOf(id) }]));

test('1,000 concurrent calls all resolve with the right chat', async () => {
  // Chats 1, 2 and 4 in turn, and every 100th call the 3,000-message chat 3.
  const plan = Array.from({ length: 1000 }, (_, i) => (i % 100 === 99 ? 3 : [1, 2, 4][i % 3]));
  assert.ok(plan.every((chat) => userChats.includes(chat)));
  const outcome = await page.evaluate(async ({ plan, expected }) => {
    const want = Object.fromEntries(Object.entries(expected).map(([chat, body]) => [chat, canon(body)]));
    const results = await Promise.allSettled(plan.map((chat) => api.getChatMessages(1, chat, { baseUrl: '' })));
    let right = 0;
    const wrong = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled' && canon(r.value) === want[plan[i]]) right++;
      else wrong.push({ i, chat: plan[i], status: r.status, kind: r.reason?.kind, message: r.reason?.message });
    });
    return { right, wrong: wrong.slice(0, 5), wrongCount: wrong.length };
  }, { plan, expected });
  console.log(`soak: 1,000 concurrent calls: ${outcome.right} resolved with the right chat, ${outcome.wrongCount} did not`);
  assert.deepEqual(outcome.wrong, []);
  assert.equal(outcome.right, 1000);
});

test(`up to ${CALLS} sequential calls keep the JS heap, wasm memory and externref table flat`, async () => {
  const result = await page.evaluate(async ({ calls, seconds, want }) => {
    const sample = async (n) => {
      for (let i = 0; i < 3; i++) gc();
      await new Promise((r) => setTimeout(r, 0));
      gc();
      return {
        calls: n,
        heap: performance.memory.usedJSHeapSize,
        wasm: wasmMemory.buffer.byteLength,
        table: externrefTable.length,
      };
    };
    const samples = [await sample(0)];
    const started = performance.now();
    let done = 0;
    let wrong = 0;
    let firstWrong = null;
    // At least 2,000 calls (warm-up and one more thousand), whatever the time.
    while (done < calls && (done < 2000 || performance.now() - started < seconds * 1000)) {
      for (let k = 0; k < 250 && done < calls; k++, done++) {
        // Every 10th call a failure (another chat's message), so that error paths are soaked too.
        if (done % 10 === 9) {
          const e = await api.getChatMessages(1, 1, { baseUrl: '/_x/mutate=wrongChat' }).then(() => null, (error) => error);
          if (!e || e.kind !== 'invalidResponse' || e.path !== 'chatMessages[1].chat_conversation_id') {
            wrong++;
            firstWrong ??= { done, kind: e?.kind, path: e?.path };
          }
          continue;
        }
        const r = await api.getChatMessages(1, 1, { baseUrl: '' }).catch((error) => ({ error: error.kind }));
        if (canon(r) !== want) {
          wrong++;
          firstWrong ??= { done, got: canon(r).slice(0, 200) };
        }
      }
      if (done % 1000 === 0 || done === calls) samples.push(await sample(done));
    }
    if (samples[samples.length - 1].calls !== done) samples.push(await sample(done));
    return { done, wrong, firstWrong, samples, ms: performance.now() - started };
  }, { calls: CALLS, seconds: SECONDS, want: await page.evaluate((body) => canon(body), expected[1]) });

  const { samples, done } = result;
  console.log(`soak: ${done} sequential calls (every 10th an invalidResponse) in ${(result.ms / 1000).toFixed(1)} s; ${result.wrong} wrong`);
  console.log('soak:   calls   JS heap after gc   wasm memory   externref table');
  for (const s of samples) {
    console.log(`soak: ${String(s.calls).padStart(7)}   ${(s.heap / 1024).toFixed(0).padStart(10)} KiB   ${(s.wasm / 1024).toFixed(0).padStart(7)} KiB   ${String(s.table).padStart(8)}`);
  }
  assert.equal(result.wrong, 0, JSON.stringify(result.firstWrong));
  assert.ok(done >= Math.min(CALLS, 2000), `only ${done} calls`);
  // Flat: from the first sample after warm-up (1,000 calls, or the first) to the last.
  const warm = samples.find((s) => s.calls >= 1000) ?? samples[1];
  const last = samples[samples.length - 1];
  assert.equal(last.wasm, warm.wasm, 'wasm memory grew after warm-up');
  assert.equal(last.table, warm.table, 'the externref table grew after warm-up');
  assert.ok(last.heap - warm.heap < 2 * 1024 * 1024, `JS heap grew by ${last.heap - warm.heap} bytes after warm-up`);
});

test('faults × outcomes: every call settles as its fault calls for, all interleaved, and the module keeps working', async () => {
  // [name, baseUrl (a fault prefix; {key} becomes a key unique to the call), options, expected outcome]
  const faults = [
    ['none', '', {}, 'ok'],
    ['503 once, then fine (retried)', '/_x/fail=503,times=1,key={key}', {}, 'ok'],
    ['HTML 502 once (retried)', '/_x/fail=502,body=html,times=1,key={key}', {}, 'ok'],
    ['chatMessages: null once (retried)', '/_x/dbnull=1,key={key}', {}, 'ok'],
    ['500 every time, no retries', '/_x/fail=500', { retries: 0 }, 'server 500'],
    ['503 every time, 1 retry', '/_x/fail=503', { retries: 1 }, 'server 503'],
    ['429, Retry-After 20 s (over the 10 s cap)', '/_x/fail=429,retryAfter=20', {}, 'rateLimited 429'],
    ['connection reset', '/_x/reset=1', { retries: 1 }, 'network'],
    ['reset mid-body', '/_x/resetMidBody=1', { retries: 0 }, 'network'],
    ['delay 1500 ms, timeoutMs 150', '/_x/delay=1500', { timeoutMs: 150, retries: 1 }, 'timeout'],
    ['stalled body, timeoutMs 300', '/_x/stall=1', { timeoutMs: 300, retries: 0 }, 'timeout'],
    ['aborted after 50 ms (delay 1500)', '/_x/delay=1500', { abortAfterMs: 50 }, 'aborted'],
    ['another chat\'s message', '/_x/mutate=wrongChat', {}, 'invalidResponse 200 chatMessages[1].chat_conversation_id'],
    ['truncated body', '/_x/truncate=1', {}, 'invalidResponse 200 *'],
    ['Content-Type text/html', '/_x/ctype=text/html', {}, 'invalidResponse 200'],
    ['not JSON', '/_x/mutate=notJson', {}, 'invalidResponse 200'],
    ['id above 2^53−1', '/_x/mutate=bigId', {}, 'invalidResponse 200 chatMessages[0].id'],
    ['404 (no such route)', '/nowhere', {}, 'notFound 404'],
    ['another user\'s chat', '', { userId: 2 }, 'unauthorized 401'],
  ];
  const PER_FAULT = 10;
  const rows = await page.evaluate(async ({ faults, perFault, want }) => {
    let n = 0;
    const calls = [];
    for (let round = 0; round < perFault; round++) {
      for (const [name, base, options, expected] of faults) {
        const key = `soak-${++n}`;
        const { abortAfterMs, userId = 1, ...rest } = options;
        const opts = { baseUrl: base.replace('{key}', key), ...rest };
        if (abortAfterMs) {
          const controller = new AbortController();
          setTimeout(() => controller.abort(), abortAfterMs);
          opts.signal = controller.signal;
        }
        calls.push(
          api.getChatMessages(userId, 1, opts).then(
            (value) => (canon(value) === want ? 'ok' : 'ok but wrong data'),
            (e) => [e.kind, e.status, e.kind === 'invalidResponse' && e.path ? e.path : undefined].filter((x) => x !== undefined && x !== '').join(' '),
          ).then((got) => ({ name, expected, got })),
        );
      }
    }
    const settled = await Promise.all(calls);
    // The module keeps working after all of that.
    const after = await Promise.all([1, 2, 4].map((chat) => api.getChatMessages(1, chat, { baseUrl: '' }).then(() => 'ok', (e) => e.kind)));
    const parsed = api.parseChatMessages('{"chatMessages":[]}', 1);
    return { settled, after, parsed };
  }, { faults, perFault: PER_FAULT, want: await page.evaluate((body) => canon(body), expected[1]) });

  const table = new Map();
  for (const { name, expected: want, got } of rows.settled) {
    const row = table.get(name) ?? { expected: want, outcomes: {} };
    row.outcomes[got] = (row.outcomes[got] ?? 0) + 1;
    table.set(name, row);
  }
  console.log(`soak: faults × outcomes (${rows.settled.length} calls at once, ${PER_FAULT} per fault)`);
  for (const [name, row] of table) {
    console.log(`soak:   ${name.padEnd(44)} ${Object.entries(row.outcomes).map(([o, c]) => `${o} ×${c}`).join(', ')}`);
  }
  for (const [name, row] of table) {
    const got = Object.keys(row.outcomes);
    // `*` at the end: any path (a truncated body ends wherever the cut falls).
    const fits = got.every((o) => o === row.expected || (row.expected.endsWith(' *') && o.startsWith(row.expected.slice(0, -2))));
    assert.ok(fits, `${name}: expected ${row.expected}, got ${JSON.stringify(row.outcomes)}`);
  }
  assert.equal(rows.settled.length, faults.length * PER_FAULT);
  assert.deepEqual(rows.after, ['ok', 'ok', 'ok']);
  assert.deepEqual(rows.parsed, { chatMessages: [] });
});
