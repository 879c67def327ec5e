// The release package (pkg/) in Node 20: no cookie jar, so the caller passes the session cookie and the
// client sends it as a header. Proves the cookie is sent, and that its value never shows in an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { getChatMessages, NeptunClient, isNeptunError, parseChatMessages } from '../pkg/node.js';
import { startServer, signIn } from './helpers.mjs';

let server;
let session;

before(async () => {
  server = await startServer();
  session = await signIn(server.url);
});
after(() => server.close());

const requests = async (key) => (await (await fetch(`${server.url}/_dev/requests?key=${key}`)).json());

/** Asserts a NeptunError of `kind` that does not contain the session value anywhere. */
async function rejectsWith(promise, kind) {
  const error = await promise.then(
    (value) => assert.fail(`expected ${kind}, got ${JSON.stringify(value).slice(0, 100)}`),
    (error) => error,
  );
  assert.ok(error instanceof Error);
  assert.ok(isNeptunError(error));
  assert.equal(error.name, 'NeptunError');
  assert.equal(error.kind, kind, error.message);
  const everything = [error.message, error.stack, JSON.stringify(error), ...Object.values(error).map(String)].join(' ');
  assert.ok(!everything.includes(session), `the session value leaked: ${everything}`);
  return error;
}

test('sends the session cookie as a header and returns exactly the server body', async () => {
  const key = `node-ok-${Date.now()}`;
  const result = await getChatMessages(1, 1, { baseUrl: `${server.url}/_x/key=${key}`, sessionCookie: session });
  const raw = await fetch(`${server.url}/api/users/1/chats/1/messages`, { headers: { Cookie: `neptun-session=${session}` } });
  assert.deepEqual(result, await raw.json());
  assert.deepEqual((await requests(key)).cookies, [true]);
});

test('a NeptunClient carries the cookie for every call', async () => {
  const client = new NeptunClient({ baseUrl: server.url, sessionCookie: session });
  assert.equal((await client.getChatMessages(1, 4)).chatMessages.length, 4);
  assert.deepEqual(await client.getChatMessages(1, 2), { chatMessages: [] });
});

test('a wrong or missing cookie is unauthorized, and no error shows the value', async () => {
  await rejectsWith(getChatMessages(1, 1, { baseUrl: server.url }), 'unauthorized');
  await rejectsWith(getChatMessages(1, 1, { baseUrl: server.url, sessionCookie: `${session}x` }), 'unauthorized');
  await rejectsWith(getChatMessages(1, 5, { baseUrl: server.url, sessionCookie: session }), 'unauthorized');
  for (const faults of ['fail=503,body=html', 'reset=1', 'mutate=wrongChat', 'delay=2000']) {
    const kind = { 'fail=503,body=html': 'server', 'reset=1': 'network', 'mutate=wrongChat': 'invalidResponse', 'delay=2000': 'timeout' }[faults];
    await rejectsWith(
      getChatMessages(1, 1, { baseUrl: `${server.url}/_x/${faults}`, sessionCookie: session, retries: 0, timeoutMs: 300 }),
      kind,
    );
  }
});

test('bad session values and relative base URLs are invalid arguments, without echoing the value', async () => {
  for (const bad of [`${session} x`, `${session};admin=1`, `neptun-session=${session}`, '']) {
    await rejectsWith(getChatMessages(1, 1, { baseUrl: server.url, sessionCookie: bad }), 'invalidArgument');
  }
  const error = await rejectsWith(getChatMessages(1, 1, { baseUrl: '', sessionCookie: session }), 'invalidArgument');
  assert.match(error.message, /only works in a browser/);
});

test('a redirect to another origin does not carry the cookie there', async () => {
  // `localhost` is another origin than the dev server's 127.0.0.1: a different host, same machine.
  const seen = [];
  const other = http.createServer((request, response) => {
    seen.push(request.headers.cookie ?? null);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"chatMessages":[]}');
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  const redirector = http.createServer((request, response) => {
    seen.push(request.headers.cookie ?? null);
    response.writeHead(302, { Location: `http://localhost:${other.address().port}${request.url}` }).end();
  });
  await new Promise((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  try {
    const baseUrl = `http://127.0.0.1:${redirector.address().port}`;
    assert.deepEqual(await getChatMessages(1, 1, { baseUrl, sessionCookie: session }), { chatMessages: [] });
    assert.deepEqual(seen, [`neptun-session=${session}`, null]);
  } finally {
    redirector.close();
    other.close();
  }
});

test('options are type-checked, with the exact messages, and getters run once', async () => {
  const message = (options) =>
    getChatMessages(1, 1, options).then(
      () => assert.fail('expected an invalidArgument error'),
      (error) => (assert.equal(error.kind, 'invalidArgument'), error.message),
    );
  const names = 'baseUrl, signal, timeoutMs, retries, sessionCookie, credentials, maxBodyBytes';
  assert.equal(await message('fast'), 'invalidArgument: options must be an object, got string');
  assert.equal(await message(() => {}), 'invalidArgument: options must be an object, got function');
  assert.equal(await message({ timeout: 5 }), `invalidArgument: unknown option \`timeout\` (the options are ${names})`);
  assert.equal(await message({ timeoutMs: '5' }), 'invalidArgument: options.timeoutMs must be a number, got string');
  assert.equal(await message({ baseUrl: null, retries: 1n }), 'invalidArgument: options.retries must be a number, got bigint');
  assert.equal(await message({ sessionCookie: {} }), 'invalidArgument: options.sessionCookie must be a string, got object');
  assert.equal(await message({ signal: { aborted: false } }), 'invalidArgument: options.signal must be an AbortSignal, got object');
  assert.equal(await message({ credentials: 'always' }), 'invalidArgument: options.credentials must be "include", "same-origin" or "omit"');
  const getter = { get baseUrl() { throw new Error('no'); } };
  assert.equal(await message(getter), 'invalidArgument: reading the options threw: Error: no');
  // Values are checked by the module after the types: a value out of range names its option.
  assert.match(await message({ timeoutMs: 0, baseUrl: undefined }), /timeoutMs/);
  let reads = 0;
  const counted = { get timeoutMs() { reads += 1; return -1; } };
  await message(counted);
  assert.equal(reads, 1);
  // The ids are checked first: a call with a bad id runs no option getter.
  const error = await getChatMessages(0, 1, counted).catch((thrown) => thrown);
  assert.match(error.message, /^invalidArgument: userId/);
  assert.equal(reads, 1);
});

test('the options the package checks are those its declarations list', async () => {
  const fs = await import('node:fs');
  const declarations = fs.readFileSync(new URL('../pkg/index.d.ts', import.meta.url), 'utf8');
  const body = /export interface GetChatMessagesOptions \{([\s\S]*?)\n\}/.exec(declarations)[1];
  const declared = [...body.matchAll(/^ {4}(\w+)\?:/gm)].map((match) => match[1]);
  const error = await getChatMessages(1, 1, { unknownOption: 1 }).catch((thrown) => thrown);
  assert.equal(error.message, `invalidArgument: unknown option \`unknownOption\` (the options are ${declared.join(', ')})`);
});

test('a string body: a leading BOM is skipped, a lone surrogate is refused, also where isWellFormed is missing', () => {
  const message = (text) =>
    `{"id":1,"message":"${text}","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","neptun_user_id":1,"chat_conversation_id":1}`;
  const body = (text) => `{"chatMessages":[${message(text)}]}`;
  const outcome = (text) => {
    try {
      return parseChatMessages(text, 1).chatMessages[0].message;
    } catch (error) {
      return error.message;
    }
  };
  const lone = 'invalidResponse: the body is not well-formed Unicode (a lone surrogate)';
  const check = () => {
    assert.equal(outcome(body('a \ud83d\ude00 b')), 'a \ud83d\ude00 b');
    assert.equal(outcome(`\ufeff${body('bom')}`), 'bom');
    for (const bad of ['\ud800', 'x\udc00', '\ude00\ud83d', 'end\ud83d']) assert.equal(outcome(body(bad)), lone, JSON.stringify(bad));
  };
  check();
  const isWellFormed = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
  delete String.prototype.isWellFormed;
  try {
    check();
  } finally {
    Object.defineProperty(String.prototype, 'isWellFormed', isWellFormed);
  }
});
