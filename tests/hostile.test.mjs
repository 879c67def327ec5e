// The release package under hostile runtimes (tests/hostile-cases.mjs), in Node and in headless
// Chromium: every call settles with the data or one NeptunError, nothing panics the wasm, and the
// module still works afterwards (a real call to the dev server succeeds).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../pkg/node.js';
import { CASES, runCases } from './hostile-cases.mjs';
import { launchChromium, signIn, startServer } from './helpers.mjs';
import { messagesOf } from '../devserver/seed.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ staticDirs: { '/': 'tests/release', '/pkg': 'pkg', '/tests': 'tests' } });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function check(results) {
  assert.equal(results.length, CASES.length);
  for (const [i, expected] of CASES.entries()) {
    const actual = results[i];
    if ('value' in expected) {
      assert.deepEqual(actual.value, expected.value, `${expected.name}: ${actual.message}`);
      continue;
    }
    assert.equal(actual.guard, true, `${expected.name}: not a NeptunError: ${actual.message}`);
    assert.equal(actual.kind, expected.kind, `${expected.name}: ${actual.message}`);
    if (expected.message) assert.match(actual.message, expected.message, expected.name);
    if (expected.secret) assert.ok(!actual.everything.includes(expected.secret), `${expected.name}: leaked`);
  }
}

test('Node: every hostile case settles as expected, and the module keeps working', async () => {
  check(await runCases(api));
  const session = await signIn(server.url);
  const result = await api.getChatMessages(1, 1, { baseUrl: server.url, sessionCookie: session });
  assert.deepEqual(result, { chatMessages: messagesOf(1) });
});

test('Node: the scheme of baseUrl is case-insensitive', async () => {
  const session = await signIn(server.url);
  const upper = server.url.replace('http://', 'HTTP://');
  assert.deepEqual(await api.getChatMessages(1, 1, { baseUrl: upper, sessionCookie: session }), {
    chatMessages: messagesOf(1),
  });
});

test('Chromium: every hostile case settles as expected, and the module keeps working', async () => {
  browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const { results, after } = await page.evaluate(async () => {
    const pageApi = await import('/pkg/index.js');
    const { runCases: run } = await import('/tests/hostile-cases.mjs');
    const results = await run(pageApi);
    await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'demo@neptun.dev', password: 'neptun-demo' }),
    });
    return { results, after: await pageApi.getChatMessages(1, 1, { baseUrl: '' }) };
  });
  check(results);
  assert.deepEqual(after, { chatMessages: messagesOf(1) });
});
