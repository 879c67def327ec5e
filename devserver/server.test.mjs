// Tests for the local Neptun dev server (devserver/). Run: node --test devserver/server.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevServer } from './server.mjs';
import { messagesOf, chatsOf, users, chats } from './seed.mjs';
import { signIn } from '../tests/helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORIGIN = 'http://127.0.0.1:45678';
const MSG = (u, c) => `/api/users/${u}/chats/${c}/messages`;

let srv;
let base;
let cookie; // "neptun-session=<hex>" for user 1
let tmp;

/** The login route's raw response (the tests of the route itself). */
const login = (email = 'demo@neptun.dev', password = 'neptun-demo') =>
  fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
/** A `Cookie` header value for a signed-in session on `url`. */
const cookieFor = async (url, account) => `neptun-session=${await signIn(url, account)}`;
const get = (p, { auth = true, headers = {}, ...init } = {}) =>
  fetch(base + p, { headers: { ...(auth ? { Cookie: cookie } : {}), ...headers }, ...init });
const count = async (key) => (await (await fetch(`${base}/_dev/requests?key=${encodeURIComponent(key)}`)).json());

function rawRequest(port, rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neptun-devserver-'));
  const www = path.join(tmp, 'www');
  const pkg = path.join(tmp, 'pkg');
  fs.mkdirSync(path.join(www, 'sub'), { recursive: true });
  fs.mkdirSync(pkg);
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET');
  fs.writeFileSync(path.join(www, 'index.html'), '<!DOCTYPE html><title>demo</title>');
  fs.writeFileSync(path.join(www, 'sub', 'index.html'), '<p>sub</p>');
  fs.writeFileSync(path.join(www, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(www, 'style.css'), 'body{}');
  fs.writeFileSync(path.join(www, 'data.json'), '{}');
  fs.writeFileSync(path.join(www, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(www, 'img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  fs.writeFileSync(path.join(www, 'pkg'), 'shadowed by the /pkg mount');
  fs.writeFileSync(path.join(pkg, 'neptun_client.js'), 'export default 1;');
  fs.writeFileSync(path.join(pkg, 'mod.mjs'), 'export {};');
  fs.writeFileSync(path.join(pkg, 'neptun_client_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  fs.writeFileSync(path.join(pkg, 'neptun_client.d.ts'), 'export {};');
  srv = await startDevServer({ staticDirs: { '/': www, '/pkg': pkg } });
  base = srv.url;
  cookie = await cookieFor(base);
});

after(async () => {
  await srv?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('seed', () => {
  test('shape and invariants', () => {
    assert.deepEqual(users.map((u) => u.email), ['demo@neptun.dev', 'other@neptun.dev']);
    assert.deepEqual(chatsOf(1).map((c) => c.id), [1, 2, 3, 4]);
    assert.deepEqual(chatsOf(2).map((c) => c.id), [5]);
    assert.deepEqual(Object.keys(chats[0]), ['id', 'name', 'model', 'created_at', 'updated_at', 'neptun_user_id']);
    const lens = { 1: 8, 2: 0, 3: 3000, 4: 4, 5: 3 };
    let lastId = 0;
    for (const c of chats) {
      const ms = messagesOf(c.id);
      assert.equal(ms.length, lens[c.id]);
      for (const [i, m] of ms.entries()) {
        const keys = ['id', 'message', 'actor', 'created_at', 'updated_at', 'neptun_user_id', 'chat_conversation_id'];
        assert.deepEqual(Object.keys(m), m.files ? [...keys, 'files'] : keys);
        assert.match(m.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.ok(m.id > lastId, 'ids globally increasing');
        lastId = m.id;
        if (i > 0) assert.ok(ms[i - 1].updated_at < m.updated_at, 'updated_at strictly increasing');
        assert.equal(m.chat_conversation_id, c.id);
        assert.equal(m.neptun_user_id, c.neptun_user_id);
      }
    }
    const c1 = messagesOf(1);
    assert.ok(c1.some((m) => Buffer.byteLength(m.message) > 2048));
    assert.deepEqual(c1.map((m) => m.actor), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    for (const m of messagesOf(3)) assert.ok(m.message.length >= 50 && m.message.length <= 600);
    const withFiles = messagesOf(4).filter((m) => m.files);
    assert.equal(withFiles.length, 2);
    for (const m of withFiles) {
      assert.ok(m.files.length >= 1 && m.files.length <= 2);
      for (const f of m.files) {
        assert.deepEqual(Object.keys(f), ['id', 'title', 'text', 'language', 'extension', 'neptun_user_id', 'chat_conversation_id', 'chat_conversation_message_id', 'created_at', 'updated_at']);
        assert.equal(f.chat_conversation_message_id, m.id);
      }
    }
    assert.notEqual(messagesOf(1), messagesOf(1), 'fresh copies');
  });
});

describe('auth', () => {
  test('login sets an HttpOnly SameSite=Lax session cookie', async () => {
    const res = await login();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { user: { id: 1, email: 'demo@neptun.dev' } });
    const sc = res.headers.getSetCookie();
    assert.equal(sc.length, 1);
    assert.match(sc[0], /^neptun-session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
  });

  test('wrong credentials → 401, bad JSON → 400, missing fields → 400', async () => {
    const bad = await login('demo@neptun.dev', 'nope');
    assert.equal(bad.status, 401);
    const b = await bad.json();
    assert.equal(b.statusCode, 401);
    assert.deepEqual(b.stack, []);
    assert.equal(bad.headers.getSetCookie().length, 0);
    const nj = await fetch(`${base}/api/auth/login`, { method: 'POST', body: '{nope' });
    assert.equal(nj.status, 400);
    assert.equal((await nj.json()).statusCode, 400);
    const mf = await fetch(`${base}/api/auth/login`, { method: 'POST', body: '{"email":1}' });
    assert.equal(mf.status, 400);
    assert.equal((await mf.json()).data.name, 'ZodError');
  });

  test('session endpoint and logout', async () => {
    assert.deepEqual(await (await get('/api/_auth/session', { auth: false })).json(), {});
    const c = await cookieFor(base, { email: 'other@neptun.dev', password: 'neptun-other' });
    const s = await fetch(`${base}/api/_auth/session`, { headers: { Cookie: c } });
    assert.deepEqual(await s.json(), { user: { id: 2, email: 'other@neptun.dev' } });
    assert.equal((await fetch(base + MSG(2, 5), { headers: { Cookie: c } })).status, 200);
    const out = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { Cookie: c } });
    assert.equal(out.status, 200);
    assert.deepEqual(await out.json(), {});
    assert.match(out.headers.getSetCookie()[0], /^neptun-session=; .*Max-Age=0/);
    assert.deepEqual(await (await fetch(`${base}/api/_auth/session`, { headers: { Cookie: c } })).json(), {});
    assert.equal((await fetch(base + MSG(2, 5), { headers: { Cookie: c } })).status, 401);
  });
});

describe('messages endpoint', () => {
  test('401 from the auth guard (Nitro shape) without or with an unknown cookie', async () => {
    for (const headers of [{}, { Cookie: 'neptun-session=' + '0'.repeat(64) }]) {
      const res = await fetch(base + MSG(1, 1), { headers });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.deepEqual(await res.json(), {
        error: true,
        url: base + MSG(1, 1),
        statusCode: 401,
        statusMessage: 'Server Error',
        message: 'Unauthorized',
      });
    }
  });

  test('400 ZodError for ids that are not positive integers', async () => {
    const res = await get(MSG('abc', 1));
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      statusCode: 400,
      statusMessage: 'Bad Request.',
      stack: [],
      data: {
        issues: [{ code: 'invalid_type', expected: 'number', received: 'nan', path: ['user_id'], message: 'Expected number, received nan' }],
        name: 'ZodError',
      },
    });
    for (const [u, c, field] of [[1, 0, 'chat_id'], [1, -3, 'chat_id'], [1, 1.5, 'chat_id'], [0, 1, 'user_id'], [1, 'Infinity', 'chat_id']]) {
      const r = await get(MSG(u, c));
      assert.equal(r.status, 400, `${u}/${c}`);
      const body = await r.json();
      assert.equal(body.data.name, 'ZodError');
      assert.deepEqual(body.data.issues[0].path, [field]);
    }
  });

  test('500 for ids that overflow int4', async () => {
    for (const p of [MSG(1, 2 ** 31), MSG(2 ** 31, 1)]) {
      const res = await get(p);
      assert.equal(res.status, 500);
      const b = await res.json();
      assert.equal(b.error, true);
      assert.equal(b.statusCode, 500);
      assert.equal(b.statusMessage, 'Server Error');
      assert.match(b.message, /out of range for type integer/);
    }
    assert.equal((await get(MSG(1, 2 ** 31 - 1))).status, 401); // passes the range, chat does not exist
  });

  test('401 h3 shape for another user, someone else\'s chat, a missing chat', async () => {
    for (const p of [MSG(2, 5), MSG(2, 1), MSG(1, 5), MSG(1, 999)]) {
      const res = await get(p);
      assert.equal(res.status, 401, p);
      assert.deepEqual(await res.json(), { statusCode: 401, statusMessage: 'Unauthorized.', stack: [] });
    }
  });

  test('200 with the seeded rows, sorted by updated_at', async () => {
    for (const chatId of [1, 2, 3, 4]) {
      const res = await get(MSG(1, chatId));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json');
      const text = await res.text();
      assert.equal(text, JSON.stringify({ chatMessages: messagesOf(chatId) }));
      const rows = JSON.parse(text).chatMessages;
      for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].updated_at < rows[i].updated_at);
    }
    // Number() parsing, like the real server: "01" and "1.0" are 1.
    assert.equal((await get(MSG('01', '1.0'))).status, 200);
  });

  test('chats list', async () => {
    const res = await get('/api/users/1/chats');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { chats: chatsOf(1) });
    assert.equal((await get('/api/users/2/chats')).status, 401);
    assert.equal((await get('/api/users/1/chats', { auth: false })).status, 401);
  });

  test('404 for unknown routes, 405 for a wrong method', async () => {
    const nf = await get('/api/nope');
    assert.equal(nf.status, 404);
    assert.deepEqual(await nf.json(), { statusCode: 404, statusMessage: 'Not Found', data: { message: 'Not found' } });
    const wm = await get(MSG(1, 1), { method: 'POST' });
    assert.equal(wm.status, 405);
    assert.equal(wm.headers.get('content-type'), 'application/json');
    assert.equal((await wm.json()).statusCode, 405);
  });
});

describe('CORS', () => {
  test('allowed origin gets credentialed CORS headers', async () => {
    const res = await get(MSG(1, 1), { headers: { Origin: ORIGIN } });
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After');
    assert.equal(res.headers.get('vary'), 'Origin');
    const err = await get(MSG(1, 1), { auth: false, headers: { Origin: ORIGIN } });
    assert.equal(err.status, 401);
    assert.equal(err.headers.get('access-control-allow-origin'), ORIGIN);
  });

  test('disallowed origins get no CORS headers', async () => {
    for (const origin of ['http://localhost:8080', 'https://127.0.0.1:8080', 'http://127.0.0.1', 'null']) {
      const res = await get(MSG(1, 1), { headers: { Origin: origin } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), null, origin);
      assert.equal(res.headers.get('access-control-allow-credentials'), null);
    }
  });

  test('preflight', async () => {
    const res = await fetch(base + MSG(1, 1), {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'accept' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    assert.equal(res.headers.get('access-control-allow-headers'), 'Accept, Content-Type');
    assert.equal(res.headers.get('access-control-max-age'), '600');
    const no = await fetch(base + MSG(1, 1), { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } });
    assert.equal(no.headers.get('access-control-allow-origin'), null);
  });

  test('explicit allowedOrigins', async () => {
    const s2 = await startDevServer({ allowedOrigins: ['http://127.0.0.1:8080'] });
    try {
      const ok = await fetch(`${s2.url}/_dev/health`, { headers: { Origin: 'http://127.0.0.1:8080' } });
      assert.equal(ok.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
      const no = await fetch(`${s2.url}/_dev/health`, { headers: { Origin: ORIGIN } });
      assert.equal(no.headers.get('access-control-allow-origin'), null);
    } finally {
      await s2.close();
    }
  });
});

describe('faults', () => {
  test('fail + times + retryAfter, counted per key with cookie flags', async () => {
    const p = '/_x/key=f1,fail=503,times=2,retryAfter=1' + MSG(1, 1);
    const r1 = await get(p, { headers: { Origin: ORIGIN } });
    assert.equal(r1.status, 503);
    assert.equal(r1.headers.get('retry-after'), '1');
    assert.equal(r1.headers.get('access-control-allow-origin'), ORIGIN);
    const b1 = await r1.json();
    assert.equal(b1.statusCode, 503);
    assert.equal(b1.error, true);
    const r2 = await get(p, { auth: false });
    assert.equal(r2.status, 503);
    await r2.arrayBuffer();
    const r3 = await get(p);
    assert.equal(r3.status, 200);
    assert.deepEqual((await r3.json()).chatMessages, messagesOf(1));
    const r4 = await get(p, { auth: false });
    assert.equal(r4.status, 401);
    await r4.arrayBuffer();
    assert.deepEqual(await count('f1'), { count: 4, cookies: [true, false, true, false] });
    // Preflights are not counted.
    await fetch(base + p, { method: 'OPTIONS', headers: { Origin: ORIGIN } });
    assert.equal((await count('f1')).count, 4);
    assert.deepEqual(await count('never-used'), { count: 0, cookies: [] });
  });

  test('fail without times always fails; body variants; Retry-After as a date', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await get('/_x/key=f2,fail=500' + MSG(1, 1));
      assert.equal(r.status, 500);
      assert.equal((await r.json()).statusMessage, 'Server Error');
    }
    const html = await get('/_x/fail=502,body=html' + MSG(1, 1));
    assert.equal(html.status, 502);
    assert.match(html.headers.get('content-type'), /^text\/html/);
    const htmlBody = await html.text();
    assert.match(htmlBody, /^<!DOCTYPE html>/);
    assert.match(htmlBody, /Bad Gateway/);
    const text = await get('/_x/fail=504,body=text' + MSG(1, 1));
    assert.equal(text.status, 504);
    assert.match(text.headers.get('content-type'), /^text\/plain/);
    assert.match(await text.text(), /Gateway Timeout/);
    const empty = await get('/_x/fail=429,body=empty,retryAfterDate=30' + MSG(1, 1));
    assert.equal(empty.status, 429);
    assert.equal(await empty.text(), '');
    const ra = empty.headers.get('retry-after');
    assert.match(ra, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
    const secs = (Date.parse(ra) - Date.now()) / 1000;
    assert.ok(secs > 25 && secs <= 31, String(secs));
  });

  test('dbnull: first n, and always', async () => {
    const p = '/_x/key=d1,dbnull=2' + MSG(1, 1);
    for (let i = 0; i < 2; i++) {
      const r = await get(p);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.equal(await r.text(), '{"chatMessages":null}');
    }
    assert.equal((await (await get(p)).json()).chatMessages.length, 8);
    for (let i = 0; i < 3; i++) assert.equal(await (await get('/_x/key=d2,dbnull=always' + MSG(1, 1))).text(), '{"chatMessages":null}');
    // The auth guard still runs first.
    const unauth = await get('/_x/key=d3,dbnull=always' + MSG(1, 1), { auth: false });
    assert.equal(unauth.status, 401);
    await unauth.arrayBuffer();
  });

  test('delay', async () => {
    const t0 = Date.now();
    const r = await get('/_x/delay=250' + MSG(1, 2));
    assert.equal(r.status, 200);
    await r.arrayBuffer();
    assert.ok(Date.now() - t0 >= 240, `took ${Date.now() - t0} ms`);
  });

  test('stall: headers and part of the body, then nothing', async () => {
    const ac = new AbortController();
    const res = await get('/_x/key=s1,stall=1' + MSG(1, 1), { signal: ac.signal });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.ok(first.value.length > 0);
    const timer = setTimeout(() => ac.abort(), 250);
    await assert.rejects(async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) throw new Error('stream ended; it should have stalled');
      }
    }, (e) => e.name === 'AbortError');
    clearTimeout(timer);
    assert.equal((await count('s1')).count, 1);
  });

  test('reset: connection reset without a response', async () => {
    await assert.rejects(get('/_x/key=r1,reset=1' + MSG(1, 1)), TypeError);
    assert.deepEqual(await count('r1'), { count: 1, cookies: [true] });
  });

  test('resetMidBody: headers, then the socket dies mid-body', async () => {
    const res = await get('/_x/resetMidBody=1' + MSG(1, 1));
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  });

  test('truncate: half the body with a matching Content-Length', async () => {
    const full = JSON.stringify({ chatMessages: messagesOf(1) });
    const res = await get('/_x/truncate=1' + MSG(1, 1));
    assert.equal(res.status, 200);
    const buf = Buffer.from(await res.arrayBuffer());
    assert.equal(buf.length, Math.floor(Buffer.byteLength(full) / 2));
    assert.equal(Number(res.headers.get('content-length')), buf.length);
    assert.throws(() => JSON.parse(buf.toString('utf8')));
  });

  test('ctype overrides the success Content-Type (slash encoded or not)', async () => {
    for (const spec of ['ctype=text/html', 'ctype=text%2Fplain']) {
      const res = await get(`/_x/${spec}` + MSG(1, 1));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), decodeURIComponent(spec.slice(6)));
      assert.deepEqual((await res.json()).chatMessages, messagesOf(1));
    }
    const err = await get('/_x/ctype=text/html' + MSG(1, 1), { auth: false });
    assert.equal(err.headers.get('content-type'), 'application/json', 'errors keep their type');
    await err.arrayBuffer();
  });

  test('every mutate', async () => {
    const seed = messagesOf(1);
    const m = async (name) => {
      const res = await get(`/_x/mutate=${name}` + MSG(1, 1));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json');
      return res.text();
    };
    const rows = async (name) => JSON.parse(await m(name)).chatMessages;

    const wc = await rows('wrongChat');
    assert.equal(wc[1].chat_conversation_id, 1001);
    assert.equal(wc[0].chat_conversation_id, 1);
    assert.ok((await rows('extraField')).every((r) => r.rating === 5));
    const al = await rows('alias');
    assert.ok(al.every((r) => !('actor' in r) && !('message' in r)));
    assert.deepEqual(Object.keys(al[0]), ['id', 'content', 'role', 'created_at', 'updated_at', 'neptun_user_id', 'chat_conversation_id']);
    assert.equal(al[0].content, seed[0].message);
    assert.equal(al[0].role, 'user');
    assert.equal((await rows('systemActor'))[0].actor, 'system');
    assert.equal((await rows('badTimestamp'))[0].updated_at, 'yesterday');
    const mf = await rows('missingField');
    assert.ok(!('updated_at' in mf.at(-1)));
    assert.ok('updated_at' in mf[0]);
    const big = await m('bigId');
    assert.ok(big.startsWith('{"chatMessages":[{"id":9007199254740993,"message":'));
    assert.equal(await m('notJson'), '<html>oops</html>');
    assert.equal(await m('empty'), '');
    // Mutations apply after auth.
    const unauth = await get('/_x/mutate=notJson' + MSG(1, 1), { auth: false });
    assert.equal(unauth.status, 401);
    assert.equal((await unauth.json()).statusCode, 401);
    // The seed is untouched.
    assert.deepEqual(messagesOf(1), seed);
  });

  test('cors=star and cors=none, also on preflight', async () => {
    const star = await get('/_x/cors=star' + MSG(1, 1), { headers: { Origin: ORIGIN } });
    assert.equal(star.headers.get('access-control-allow-origin'), '*');
    assert.equal(star.headers.get('access-control-allow-credentials'), null);
    await star.arrayBuffer();
    const pre = await fetch(base + '/_x/cors=star' + MSG(1, 1), { method: 'OPTIONS', headers: { Origin: ORIGIN } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
    const none = await get('/_x/cors=none' + MSG(1, 1), { headers: { Origin: ORIGIN } });
    assert.equal(none.headers.get('access-control-allow-origin'), null);
    await none.arrayBuffer();
    const preNone = await fetch(base + '/_x/cors=none' + MSG(1, 1), { method: 'OPTIONS', headers: { Origin: ORIGIN } });
    assert.equal(preNone.headers.get('access-control-allow-origin'), null);
  });

  test('unknown fault names and bad values → 400', async () => {
    const res = await get('/_x/key=u1,fial=503' + MSG(1, 1));
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { statusCode: 400, statusMessage: 'Unknown fault fial' });
    for (const spec of ['mutate=nope', 'fail=abc', 'dbnull=x', 'body=xml']) {
      const r = await get(`/_x/${spec}` + MSG(1, 1));
      assert.equal(r.status, 400, spec);
      await r.arrayBuffer();
    }
  });

  test('faults work on other routes too (login through a failing proxy)', async () => {
    const res = await fetch(`${base}/_x/fail=502,body=html/api/auth/login`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 502);
    await res.arrayBuffer();
  });
});

describe('static files', () => {
  test('MIME types, index.html, no-store, longest prefix', async () => {
    const cases = [
      ['/', 'text/html; charset=utf-8'],
      ['/sub/', 'text/html; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/data.json', 'application/json'],
      ['/logo.svg', 'image/svg+xml'],
      ['/img.png', 'image/png'],
      ['/pkg/neptun_client.js', 'text/javascript; charset=utf-8'],
      ['/pkg/mod.mjs', 'text/javascript; charset=utf-8'],
      ['/pkg/neptun_client_bg.wasm', 'application/wasm'],
      ['/pkg/neptun_client.d.ts', 'text/plain; charset=utf-8'],
    ];
    for (const [p, type] of cases) {
      const res = await fetch(base + p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('content-type'), type, p);
      assert.equal(res.headers.get('cache-control'), 'no-store', p);
      await res.arrayBuffer();
    }
    assert.equal(await (await fetch(base + '/')).text(), '<!DOCTYPE html><title>demo</title>');
    assert.equal(await (await fetch(base + '/pkg/neptun_client.js')).text(), 'export default 1;');
    const wasm = await fetch(base + '/pkg/neptun_client_bg.wasm');
    assert.ok(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer())));
    const missing = await fetch(base + '/nope.js');
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });

  test('directory traversal is rejected', async () => {
    for (const p of ['/../secret.txt', '/pkg/../../secret.txt', '/%2e%2e/secret.txt', '/pkg/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await rawRequest(srv.port, p);
      assert.equal(res.status, 400, p);
      assert.ok(!res.body.includes('TOP-SECRET'), p);
    }
  });
});

describe('dev routes and CLI', () => {
  test('health', async () => {
    const res = await fetch(`${base}/_dev/health`);
    assert.deepEqual(await res.json(), { ok: true });
  });

  test('reset clears counters and sessions', async () => {
    const s2 = await startDevServer();
    try {
      const c = await cookieFor(s2.url);
      await (await fetch(`${s2.url}/_x/key=z${MSG(1, 2)}`, { headers: { Cookie: c } })).arrayBuffer();
      assert.equal((await (await fetch(`${s2.url}/_dev/requests?key=z`)).json()).count, 1);
      assert.equal((await fetch(`${s2.url}/_dev/reset`, { method: 'POST' })).status, 200);
      assert.equal((await (await fetch(`${s2.url}/_dev/requests?key=z`)).json()).count, 0);
      assert.equal((await fetch(s2.url + MSG(1, 2), { headers: { Cookie: c } })).status, 401);
    } finally {
      await s2.close();
    }
  });

  test('close() resolves even with a stalled request open', async () => {
    const s2 = await startDevServer();
    const c = await cookieFor(s2.url);
    const res = await fetch(`${s2.url}/_x/stall=1${MSG(1, 1)}`, { headers: { Cookie: c } });
    const reading = res.text().catch((e) => e);
    await s2.close();
    assert.ok((await reading) instanceof Error);
  });

  test('CLI prints NEPTUN_DEV_URL first and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(here, 'server.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const firstLine = await new Promise((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const m = /^NEPTUN_DEV_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
    assert.ok(m, firstLine);
    assert.deepEqual(await (await fetch(`${m[1]}/_dev/health`)).json(), { ok: true });
    const code = await new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  });
});
