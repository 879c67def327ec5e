// The *release* package (pkg/, optimized by npm binaryen's wasm-opt) loaded in headless Chromium from the
// dev server's own origin: init() must work (a broken optimizer fails here), and a same-origin call with
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

test('init() of the release build works and a same-origin call returns the chat', async () => {
  const result = await page.evaluate(async () => {
    const { default: init, getChatMessages } = await import('/pkg/neptun_client.js');
    await init();
    return getChatMessages(1, 1, { baseUrl: '' });
  });
  assert.deepEqual(result, { chatMessages: messagesOf(1) });
});

test('errors are real Errors with a kind, and sessionCookie is refused in a browser', async () => {
  const errors = await page.evaluate(async () => {
    const { default: init, getChatMessages, isNeptunError } = await import('/pkg/neptun_client.js');
    await init();
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
