// A local, Neptun-compatible dev server (Node 20 built-ins only) for browser tests, Node tests and the demo
// page. It mirrors the real Nuxt/Nitro/h3 server as described in /work/shared/CONTRACT.md, and can inject
// faults per request through a path prefix: `/_x/name=value,name=value/api/...` (values URL-decoded; the
// spec ends at `/api`, so `ctype=text/html` works unencoded). Faults, in the order they apply:
//   key=<id>            count requests per key: GET /_dev/requests?key=<id> → {count, cookies:[bool…]}
//   delay=<ms>          wait before answering            reset=1         destroy the socket, no response
//   fail=<status>       answer <status> before auth (a proxy); times=<n>: only the key's first n requests;
//                       body=json|html|text|empty; retryAfter=<s> | retryAfterDate=<s from now>
//   dbnull=<n>|always   200 {"chatMessages":null} for the key's first n requests (after auth)
//   stall=1             200 + half the body, never finishes   resetMidBody=1  200 + half, then socket dies
//   truncate=1          success body cut in half (matching Content-Length)
//   ctype=<type>        success Content-Type override   mutate=<name>   see MUTATIONS   cors=star|none
// Without key=, counting (for times/dbnull) is per spec string.
//
//   node devserver/server.mjs [--port N] [--host H] [--static /=www --static /pkg=pkg]
//                             [--origin http://127.0.0.1:8080 ...] [--log]
//
// First stdout line: `NEPTUN_DEV_URL=http://127.0.0.1:PORT`.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { users, demoAccount, chatById, chatsOf, messagesOf } from './seed.mjs';

const COOKIE_NAME = 'neptun-session';
const SESSION_MAX_AGE = 604800; // 7 days, seconds
const INT4_MAX = 2 ** 31 - 1;
const MAX_BODY = 1 << 20;
const DEFAULT_ORIGIN_RE = /^http:\/\/127\.0\.0\.1:\d+$/;
const JSON_CT = 'application/json';

/** Fault names accepted in `/_x/<spec>/...`. */
const FAULTS = new Set([
  'key', 'fail', 'times', 'body', 'retryAfter', 'retryAfterDate', 'dbnull', 'delay', 'stall', 'reset',
  'resetMidBody', 'truncate', 'ctype', 'mutate', 'cors',
]);
const MUTATIONS = new Set([
  'wrongChat', 'extraField', 'alias', 'systemActor', 'badTimestamp', 'missingField', 'bigId', 'notJson', 'empty',
]);
const BIG_ID_MARK = '__NEPTUN_DEV_BIG_ID__';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

function mimeOf(file) {
  if (file.endsWith('.d.ts')) return 'text/plain; charset=utf-8';
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// ------------------------------------------------------------------------------------------------
// Response helpers. A "result" is { status, headers, body } (body: string | Buffer | null), plus, for
// the messages endpoint's success, `rows` so faults can mutate them before serialization.
// ------------------------------------------------------------------------------------------------

const json = (status, value, headers = {}) => ({
  status,
  headers: { 'Content-Type': JSON_CT, ...headers },
  body: JSON.stringify(value),
});

/** Nitro's error handler envelope (errors thrown around the handler). */
const nitroError = (ctx, status, statusMessage, message) =>
  json(status, { error: true, url: ctx.fullUrl, statusCode: status, statusMessage, message });

/** h3 `sendError` shape (errors the handler returns). */
const h3Error = (status, statusMessage, data) =>
  json(status, data === undefined ? { statusCode: status, statusMessage, stack: [] } : { statusCode: status, statusMessage, stack: [], data });

const notFound = () => json(404, { statusCode: 404, statusMessage: 'Not Found', data: { message: 'Not found' } });

const methodNotAllowed = (allow) =>
  json(405, { statusCode: 405, statusMessage: 'Method Not Allowed', data: { message: `Method not allowed (allowed: ${allow})` } }, { Allow: allow });

const reasonOf = (status) => http.STATUS_CODES[status] ?? 'Error';

// zod v3 issues for `z.number().int().positive()` applied to Number(param).
function idIssues(name, n) {
  if (Number.isNaN(n)) {
    return [{ code: 'invalid_type', expected: 'number', received: 'nan', path: [name], message: 'Expected number, received nan' }];
  }
  const issues = [];
  if (!Number.isInteger(n)) {
    issues.push({ code: 'invalid_type', expected: 'integer', received: 'float', path: [name], message: 'Expected integer, received float' });
  }
  if (!(n > 0)) {
    issues.push({ code: 'too_small', minimum: 0, type: 'number', inclusive: false, exact: false, path: [name], message: 'Number must be greater than 0' });
  }
  return issues;
}

function zodType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function decodeSegment(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseCookies(header) {
  const out = new Map();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, decodeSegment(part.slice(eq + 1).trim()));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Fault spec: `name=value,name=value` (values URL-decoded).
// ------------------------------------------------------------------------------------------------

function parseSpec(raw) {
  const spec = {};
  for (const part of raw.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeSegment(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeSegment(part.slice(eq + 1));
    if (!FAULTS.has(name)) return { error: `Unknown fault ${name}` };
    spec[name] = value;
  }
  const nonNegInt = (name) => {
    if (spec[name] === undefined) return true;
    if (!/^\d+$/.test(spec[name])) return false;
    spec[name] = Number(spec[name]);
    return true;
  };
  for (const name of ['times', 'retryAfter', 'retryAfterDate', 'delay']) {
    if (!nonNegInt(name)) return { error: `Bad value for fault ${name}: ${spec[name]}` };
  }
  if (spec.fail !== undefined) {
    const s = Number(spec.fail);
    if (!/^\d{3}$/.test(spec.fail) || s < 200 || s > 599) return { error: `Bad value for fault fail: ${spec.fail}` };
    spec.fail = s;
  }
  if (spec.body !== undefined && !['json', 'html', 'text', 'empty'].includes(spec.body)) {
    return { error: `Bad value for fault body: ${spec.body}` };
  }
  if (spec.dbnull !== undefined && spec.dbnull !== 'always') {
    if (!/^\d+$/.test(spec.dbnull)) return { error: `Bad value for fault dbnull: ${spec.dbnull}` };
    spec.dbnull = Number(spec.dbnull);
  }
  if (spec.mutate !== undefined && !MUTATIONS.has(spec.mutate)) return { error: `Unknown mutate ${spec.mutate}` };
  if (spec.cors !== undefined && !['star', 'none'].includes(spec.cors)) return { error: `Bad value for fault cors: ${spec.cors}` };
  for (const flag of ['stall', 'reset', 'resetMidBody', 'truncate']) {
    if (spec[flag] !== undefined && !['1', 'true'].includes(spec[flag])) return { error: `Bad value for fault ${flag}: ${spec[flag]}` };
  }
  return { spec };
}

function mutateRows(rows, name) {
  switch (name) {
    case 'wrongChat':
      if (rows[1]) rows[1].chat_conversation_id += 1000;
      return rows;
    case 'extraField':
      for (const m of rows) m.rating = 5;
      return rows;
    case 'alias':
      return rows.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k === 'actor' ? 'role' : k === 'message' ? 'content' : k, v])));
    case 'systemActor':
      if (rows[0]) rows[0].actor = 'system';
      return rows;
    case 'badTimestamp':
      if (rows[0]) rows[0].updated_at = 'yesterday';
      return rows;
    case 'missingField':
      if (rows.length) delete rows[rows.length - 1].updated_at;
      return rows;
    case 'bigId':
      if (rows[0]) rows[0].id = BIG_ID_MARK;
      return rows;
    default:
      return rows;
  }
}

// ------------------------------------------------------------------------------------------------
// The server
// ------------------------------------------------------------------------------------------------

/**
 * Start the dev server.
 * @param {object} [opts]
 * @param {number} [opts.port=0] 0 picks a free port.
 * @param {string} [opts.host='127.0.0.1']
 * @param {Record<string,string>} [opts.staticDirs={}] URL prefix → directory (relative to cwd), e.g. {'/': 'www', '/pkg': 'pkg'}.
 * @param {string[]|null} [opts.allowedOrigins=null] exact origins for CORS; null → any `http://127.0.0.1:<port>`.
 * @param {boolean} [opts.log=false] one line per request on stderr (never cookie values).
 * @returns {Promise<{url: string, port: number, close(): Promise<void>}>}
 */
export async function startDevServer({ port = 0, host = '127.0.0.1', staticDirs = {}, allowedOrigins = null, log = false } = {}) {
  const sessions = new Map(); // token → user id
  const counters = new Map(); // fault key → { count, cookies: boolean[] }
  const sockets = new Set();
  const timers = new Set();
  const mounts = Object.entries(staticDirs)
    .map(([prefix, dir]) => [prefix === '/' ? '/' : '/' + prefix.replace(/^\/+|\/+$/g, ''), path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const originAllowed = (origin) =>
    typeof origin === 'string' && (allowedOrigins ? allowedOrigins.includes(origin) : DEFAULT_ORIGIN_RE.test(origin));

  const sleep = (ms, res) =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
      res.once('close', () => {
        clearTimeout(t);
        timers.delete(t);
        resolve();
      });
    });

  function sessionUser(req) {
    const token = parseCookies(req.headers.cookie).get(COOKIE_NAME);
    if (!token) return null;
    const id = sessions.get(token);
    return id === undefined ? null : users.find((u) => u.id === id) ?? null;
  }

  function corsHeaders(req, mode, preflight) {
    const origin = req.headers.origin;
    if (mode === 'none') return {};
    if (mode === 'star') {
      return preflight
        ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Accept, Content-Type' }
        : { 'Access-Control-Allow-Origin': '*' };
    }
    if (!originAllowed(origin)) return {};
    const h = {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': 'Retry-After',
      Vary: 'Origin',
    };
    if (preflight) {
      h['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
      h['Access-Control-Allow-Headers'] = 'Accept, Content-Type';
      h['Access-Control-Max-Age'] = '600';
    }
    return h;
  }

  // Auth + id checks shared by the two /api/users routes. Returns { error } or { user, ids }.
  function guard(ctx, params) {
    const user = sessionUser(ctx.req);
    if (!user) return { error: nitroError(ctx, 401, 'Server Error', 'Unauthorized') };
    const ids = {};
    const issues = [];
    for (const [name, raw] of params) {
      ids[name] = Number(decodeSegment(raw));
      issues.push(...idIssues(name, ids[name]));
    }
    if (issues.length) return { error: h3Error(400, 'Bad Request.', { issues, name: 'ZodError' }) };
    for (const [name] of params) {
      if (ids[name] > INT4_MAX) {
        return { error: nitroError(ctx, 500, 'Server Error', `value "${ids[name]}" is out of range for type integer`) };
      }
    }
    if (ids.user_id !== user.id) return { error: h3Error(401, 'Unauthorized.') };
    return { user, ids };
  }

  async function route(ctx, pathname) {
    const { req, body } = ctx;
    const method = req.method;
    let m;

    // Dev control routes.
    if (pathname === '/_dev/health') return method === 'GET' ? json(200, { ok: true }) : methodNotAllowed('GET, OPTIONS');
    if (pathname === '/_dev/requests') {
      if (method !== 'GET') return methodNotAllowed('GET, OPTIONS');
      const c = counters.get(ctx.url.searchParams.get('key') ?? '');
      return json(200, { count: c?.count ?? 0, cookies: c ? [...c.cookies] : [] });
    }
    if (pathname === '/_dev/reset') {
      if (method !== 'POST') return methodNotAllowed('POST, OPTIONS');
      counters.clear();
      sessions.clear();
      return json(200, { ok: true });
    }

    // API.
    if (pathname === '/api/auth/login') {
      if (method !== 'POST') return methodNotAllowed('POST, OPTIONS');
      let input;
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return nitroError(ctx, 400, 'Bad Request', 'Invalid JSON body');
      }
      const issues = [];
      for (const key of ['email', 'password']) {
        const v = input?.[key];
        if (typeof v !== 'string') {
          const received = zodType(v);
          issues.push({ code: 'invalid_type', expected: 'string', received, path: [key], message: received === 'undefined' ? 'Required' : `Expected string, received ${received}` });
        }
      }
      if (issues.length) return h3Error(400, 'Bad Request.', { issues, name: 'ZodError' });
      const user = users.find((u) => u.email === input.email.trim().toLowerCase() && u.password === input.password);
      if (!user) return h3Error(401, 'Invalid credentials.');
      const token = randomBytes(32).toString('hex');
      sessions.set(token, user.id);
      return json(200, { user: { id: user.id, email: user.email } }, {
        'Set-Cookie': `${COOKIE_NAME}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE}`,
      });
    }
    if (pathname === '/api/auth/logout') {
      if (method !== 'POST') return methodNotAllowed('POST, OPTIONS');
      const token = parseCookies(req.headers.cookie).get(COOKIE_NAME);
      if (token) sessions.delete(token);
      return json(200, {}, { 'Set-Cookie': `${COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
    }
    if (pathname === '/api/_auth/session') {
      if (method !== 'GET') return methodNotAllowed('GET, OPTIONS');
      const user = sessionUser(req);
      return json(200, user ? { user: { id: user.id, email: user.email } } : {});
    }
    if ((m = /^\/api\/users\/([^/]+)\/chats$/.exec(pathname))) {
      if (method !== 'GET') return methodNotAllowed('GET, OPTIONS');
      const g = guard(ctx, [['user_id', m[1]]]);
      if (g.error) return g.error;
      return json(200, { chats: chatsOf(g.user.id) });
    }
    if ((m = /^\/api\/users\/([^/]+)\/chats\/([^/]+)\/messages$/.exec(pathname))) {
      if (method !== 'GET') return methodNotAllowed('GET, OPTIONS');
      const g = guard(ctx, [['user_id', m[1]], ['chat_id', m[2]]]);
      if (g.error) return g.error;
      const chat = chatById(g.ids.chat_id);
      if (!chat || chat.neptun_user_id !== g.user.id) return h3Error(401, 'Unauthorized.');
      const rows = messagesOf(chat.id); // sorted by updated_at ascending
      return { ...json(200, { chatMessages: rows }), rows };
    }
    if (pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/_dev/') || pathname === '/_x' || pathname.startsWith('/_x/')) {
      return notFound();
    }

    // Static files.
    return serveStatic(method, pathname);
  }

  async function serveStatic(method, pathname) {
    const mount = mounts.find(([prefix]) => prefix === '/' || pathname === prefix || pathname.startsWith(prefix + '/'));
    if (!mount) return notFound();
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed('GET, HEAD, OPTIONS');
    const [prefix, root] = mount;
    const rest = prefix === '/' ? pathname : pathname.slice(prefix.length);
    const decoded = decodeSegment(rest);
    if (decoded.includes('\0') || decoded.split(/[/\\]/).includes('..')) return badPath();
    let file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return badPath();
    try {
      let st = await fsp.stat(file);
      if (st.isDirectory()) {
        file = path.join(file, 'index.html');
        st = await fsp.stat(file);
      }
      if (!st.isFile()) return notFound();
      const data = await fsp.readFile(file);
      return { status: 200, headers: { 'Content-Type': mimeOf(file), 'Cache-Control': 'no-store' }, body: data };
    } catch {
      return notFound();
    }
  }

  const badPath = () => json(400, { statusCode: 400, statusMessage: 'Bad Request', data: { message: 'Path traversal rejected' } });

  function readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(Object.assign(new Error('body too large'), { tooLarge: true }));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  const gone = (res) => res.destroyed || !res.socket || res.socket.destroyed;

  function send(req, res, result, extraHeaders) {
    if (res.headersSent || gone(res)) return;
    const body = result.body == null ? Buffer.alloc(0) : Buffer.isBuffer(result.body) ? result.body : Buffer.from(result.body, 'utf8');
    const headers = { ...result.headers, ...extraHeaders };
    if (result.status !== 204 && result.status !== 304) headers['Content-Length'] = String(body.length);
    res.writeHead(result.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req, res) {
    const started = Date.now();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://localhost');
    const hostHeader = req.headers.host ?? `${host}:${actualPort}`;
    const ctx = { req, url, fullUrl: `http://${hostHeader}${rawUrl}`, body: Buffer.alloc(0) };
    let status = 0;
    res.on('finish', () => {
      status = res.statusCode;
    });
    if (log) {
      res.on('close', () => {
        const note = status ? String(status) : 'aborted/no response';
        process.stderr.write(`[neptun-dev] ${req.method} ${rawUrl.split('?')[0]} → ${note} ${Date.now() - started}ms\n`);
      });
    }

    // Reject traversal attempts in the raw path (the URL parser would silently normalize them).
    const rawPath = rawUrl.split('?')[0];
    if (decodeSegment(rawPath).split(/[/\\]/).includes('..') || rawPath.split('/').some((s) => /^(\.|%2e){2}$/i.test(s))) {
      return send(req, res, badPath(), corsHeaders(req, null, false));
    }

    // Fault prefix.
    let pathname = url.pathname;
    let spec = null;
    let rawSpec = null;
    if (pathname.startsWith('/_x/')) {
      // The spec ends where the API path starts, so unencoded slashes in values (ctype=text/html) work.
      const after = pathname.slice(4);
      let cut = after.search(/\/api(\/|$)/);
      if (cut < 0) cut = after.indexOf('/');
      rawSpec = cut < 0 ? after : after.slice(0, cut);
      pathname = cut < 0 ? '/' : after.slice(cut);
      const parsed = parseSpec(rawSpec);
      if (parsed.error) return send(req, res, json(400, { statusCode: 400, statusMessage: parsed.error }), corsHeaders(req, null, false));
      spec = parsed.spec;
    }
    const corsMode = spec?.cors ?? null;

    if (req.method === 'OPTIONS') {
      return send(req, res, { status: 204, headers: {}, body: null }, corsHeaders(req, corsMode, true));
    }
    const cors = corsHeaders(req, corsMode, false);

    try {
      ctx.body = await readBody(req);
    } catch (e) {
      if (e.tooLarge) return send(req, res, json(413, { statusCode: 413, statusMessage: 'Payload Too Large' }), cors);
      return;
    }

    // Count + faults.
    let index = 0;
    if (spec) {
      const key = spec.key !== undefined ? spec.key : `\0spec:${rawSpec}`;
      let c = counters.get(key);
      if (!c) counters.set(key, (c = { count: 0, cookies: [] }));
      index = ++c.count;
      c.cookies.push(sessionUser(req) !== null);

      if (spec.delay) await sleep(spec.delay, res);
      if (gone(res)) return;
      if (spec.reset) {
        const s = req.socket;
        if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
        else s.destroy();
        return;
      }
      if (spec.fail !== undefined && (spec.times === undefined || index <= spec.times)) {
        return send(req, res, failResult(ctx, spec), { ...cors, ...retryHeaders(spec) });
      }
    }

    let result;
    try {
      result = await route(ctx, pathname);
    } catch (e) {
      result = nitroError(ctx, 500, 'Server Error', 'Internal Server Error');
      if (log) process.stderr.write(`[neptun-dev] handler error: ${e?.stack ?? e}\n`);
    }

    if (gone(res)) return;
    if (spec) {
      if (result.rows && spec.dbnull !== undefined && (spec.dbnull === 'always' || index <= spec.dbnull)) {
        return send(req, res, json(200, { chatMessages: null }), { ...cors, ...retryHeaders(spec) });
      }
      if (result.rows && spec.mutate) {
        result = applyMutation(result, spec.mutate);
      }
      if (spec.stall || spec.resetMidBody) {
        const full = result.status === 200 && result.body ? Buffer.from(result.body) : Buffer.from('{"chatMessages":[{"id":1,"message":"');
        const part = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
        const headers = { 'Content-Type': JSON_CT, ...cors };
        if (spec.resetMidBody) headers['Content-Length'] = String(full.length);
        res.writeHead(200, headers);
        res.write(part, () => {
          if (spec.resetMidBody) {
            const t = setTimeout(() => {
              timers.delete(t);
              const s = req.socket;
              if (s && typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
              else s?.destroy();
            }, 20);
            timers.add(t);
          }
        });
        return; // stall: never end; the socket is destroyed by the client or by close()
      }
      if (result.rows && spec.truncate) {
        const full = Buffer.from(result.body);
        result = { ...result, body: full.subarray(0, Math.floor(full.length / 2)) };
      }
      if (result.rows && spec.ctype) {
        result = { ...result, headers: { ...result.headers, 'Content-Type': spec.ctype } };
      }
    }
    send(req, res, result, cors);
  }

  function applyMutation(result, name) {
    if (name === 'notJson') return { ...result, body: '<html>oops</html>' };
    if (name === 'empty') return { ...result, body: '' };
    const rows = mutateRows(result.rows, name);
    let body = JSON.stringify({ chatMessages: rows });
    if (name === 'bigId') body = body.replace(`"${BIG_ID_MARK}"`, '9007199254740993');
    return { ...result, rows, body };
  }

  function failResult(ctx, spec) {
    const status = spec.fail;
    const reason = reasonOf(status);
    switch (spec.body ?? 'json') {
      case 'html':
        return {
          status,
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
          body: `<!DOCTYPE html>\n<html><head><title>${status} ${reason}</title></head><body><center><h1>${status} ${reason}</h1></center><hr><center>neptun-dev proxy</center></body></html>\n`,
        };
      case 'text':
        return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${status} ${reason}\n` };
      case 'empty':
        return { status, headers: {}, body: null };
      default:
        return nitroError(ctx, status, status === 500 ? 'Server Error' : reason, reason);
    }
  }

  function retryHeaders(spec) {
    if (spec.retryAfter !== undefined) return { 'Retry-After': String(spec.retryAfter) };
    if (spec.retryAfterDate !== undefined) return { 'Retry-After': new Date(Date.now() + spec.retryAfterDate * 1000).toUTCString() };
    return {};
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (log) process.stderr.write(`[neptun-dev] internal error: ${e?.stack ?? e}\n`);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': JSON_CT });
        res.end(JSON.stringify({ statusCode: 500, statusMessage: 'Server Error' }));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  let actualPort = port;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing = null;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    close() {
      closing ??= new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
}

// ------------------------------------------------------------------------------------------------
// CLI
// ------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { staticDirs: {}, allowedOrigins: null, log: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') && !a.startsWith('--static=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const next = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--port') {
      const p = Number(next());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port must be 0..65535');
      opts.port = p;
    } else if (flag === '--host') {
      opts.host = next();
    } else if (flag === '--static' || a.startsWith('--static=')) {
      const v = a.startsWith('--static=') ? a.slice('--static='.length) : next();
      const eq = v.indexOf('=');
      if (eq < 1) throw new Error(`--static expects PREFIX=DIR, got ${v}`);
      opts.staticDirs[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (flag === '--origin') {
      (opts.allowedOrigins ??= []).push(next());
    } else if (flag === '--log') {
      opts.log = true;
    } else if (flag === '--help' || flag === '-h') {
      opts.help = true;
    } else {
      throw new Error(`unknown argument ${a}`);
    }
  }
  return opts;
}

const USAGE = `usage: node devserver/server.mjs [--port N] [--host H] [--static PREFIX=DIR ...] [--origin ORIGIN ...] [--log]`;

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  for (const dir of Object.values(opts.staticDirs)) {
    if (!fs.existsSync(dir)) process.stderr.write(`warning: static dir ${dir} does not exist (yet)\n`);
  }
  const srv = await startDevServer(opts);
  const banner = [
    `NEPTUN_DEV_URL=${srv.url}`,
    '',
    `  Neptun dev server listening on ${srv.url}`,
    ...(opts.staticDirs['/'] ? ['', `  ==> Open the demo: ${srv.url}/`, ''] : []),
    `  Demo login: ${demoAccount.email} / ${demoAccount.password}  (user id ${demoAccount.userId}, chats 1-4)`,
    `  Endpoint:   GET ${srv.url}/api/users/1/chats/1/messages`,
    `  Faults:     ${srv.url}/_x/key=k1,fail=503,times=2/api/users/1/chats/1/messages`,
    `  CORS:       ${opts.allowedOrigins ? opts.allowedOrigins.join(', ') : 'any http://127.0.0.1:<port>'}`,
    ...Object.entries(opts.staticDirs).map(([p, d]) => `  Static:     ${p} -> ${path.resolve(d)}`),
    '  Ctrl-C to stop.',
    '',
  ].join('\n');
  process.stdout.write(banner);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await srv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const isMain = (() => {
  try {
    return process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) main();
