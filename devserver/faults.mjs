// Faults a test selects per request with a path prefix: `/_x/name=value,name=value/api/...` (values
// URL-decoded; the spec ends where `/api` starts, so `ctype=text/html` works unencoded). The list of
// faults and what each does is in server.mjs's header. Here: reading the prefix (`splitFaultPrefix`,
// `parseSpec`) and applying the faults before the route runs (`beforeRoute`: counting, delay, reset,
// fail) and after it (`afterRoute`: dbnull, mutate, stall, resetMidBody, truncate, ctype).

import { json, nitroError, reasonOf, decodeSegment, JSON_CT } from './respond.mjs';
import { sessionUser } from './routes/auth.mjs';

/** Fault names accepted in `/_x/<spec>/...`. */
const FAULTS = new Set([
  'key', 'fail', 'times', 'body', 'retryAfter', 'retryAfterDate', 'dbnull', 'delay', 'stall', 'reset',
  'resetMidBody', 'truncate', 'ctype', 'mutate', 'cors',
]);
const MUTATIONS = new Set([
  'wrongChat', 'extraField', 'alias', 'systemActor', 'badTimestamp', 'missingField', 'bigId', 'notJson', 'empty',
]);
const BIG_ID_MARK = '__NEPTUN_DEV_BIG_ID__';

/**
 * Splits `/_x/<spec>/rest` into the raw spec and the path the routes see. Other paths: `rawSpec` null.
 * @returns {{ rawSpec: string|null, pathname: string }}
 */
export function splitFaultPrefix(pathname) {
  if (!pathname.startsWith('/_x/')) return { rawSpec: null, pathname };
  const after = pathname.slice(4);
  let cut = after.search(/\/api(\/|$)/);
  if (cut < 0) cut = after.indexOf('/');
  return cut < 0 ? { rawSpec: after, pathname: '/' } : { rawSpec: after.slice(0, cut), pathname: after.slice(cut) };
}

/** `name=value,...` → `{ spec }` with numbers where a fault takes one, or `{ error }`. */
export function parseSpec(raw) {
  const spec = {};
  for (const part of raw.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeSegment(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeSegment(part.slice(eq + 1));
    if (!FAULTS.has(name)) return { error: `Unknown fault ${name}` };
    spec[name] = value;
  }
  const bad = (name) => ({ error: `Bad value for fault ${name}: ${spec[name]}` });
  for (const name of ['times', 'retryAfter', 'retryAfterDate', 'delay']) {
    if (spec[name] === undefined) continue;
    if (!/^\d+$/.test(spec[name])) return bad(name);
    spec[name] = Number(spec[name]);
  }
  if (spec.fail !== undefined) {
    const s = Number(spec.fail);
    if (!/^\d{3}$/.test(spec.fail) || s < 200 || s > 599) return bad('fail');
    spec.fail = s;
  }
  if (spec.body !== undefined && !['json', 'html', 'text', 'empty'].includes(spec.body)) return bad('body');
  if (spec.dbnull !== undefined && spec.dbnull !== 'always') {
    if (!/^\d+$/.test(spec.dbnull)) return bad('dbnull');
    spec.dbnull = Number(spec.dbnull);
  }
  if (spec.mutate !== undefined && !MUTATIONS.has(spec.mutate)) return { error: `Unknown mutate ${spec.mutate}` };
  if (spec.cors !== undefined && !['star', 'none'].includes(spec.cors)) return bad('cors');
  for (const flag of ['stall', 'reset', 'resetMidBody', 'truncate']) {
    if (spec[flag] !== undefined && !['1', 'true'].includes(spec[flag])) return bad(flag);
  }
  return { spec };
}

/** Resets the TCP connection (RST where Node can, else a plain destroy). */
function resetSocket(socket) {
  if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket?.destroy();
}

/**
 * Counts the request under its key, then applies delay, reset and fail.
 * @returns {Promise<{ index: number, result?: object, headers?: object, done?: true }>} `done`: the
 *   response is gone or was never to be sent; `result`: send it instead of routing.
 */
export async function beforeRoute(ctx, spec, rawSpec) {
  const { req, state } = ctx;
  const key = spec.key !== undefined ? spec.key : `\0spec:${rawSpec}`;
  let c = state.counters.get(key);
  if (!c) state.counters.set(key, (c = { count: 0, cookies: [] }));
  const index = ++c.count;
  c.cookies.push(sessionUser(state, req) !== null);

  if (spec.delay) await ctx.sleep(spec.delay);
  if (ctx.gone()) return { index, done: true };
  if (spec.reset) {
    resetSocket(req.socket);
    return { index, done: true };
  }
  if (spec.fail !== undefined && (spec.times === undefined || index <= spec.times)) {
    return { index, result: failResult(ctx, spec), headers: retryHeaders(spec) };
  }
  return { index };
}

/**
 * Applies the faults that change a routed result. Stall and resetMidBody write to the response
 * themselves.
 * @returns {{ result?: object, headers?: object, done?: true }}
 */
export function afterRoute(ctx, spec, index, result) {
  if (result.rows && spec.dbnull !== undefined && (spec.dbnull === 'always' || index <= spec.dbnull)) {
    return { result: json(200, { chatMessages: null }), headers: retryHeaders(spec) };
  }
  if (result.rows && spec.mutate) result = applyMutation(result, spec.mutate);
  if (spec.stall || spec.resetMidBody) {
    halfABody(ctx, spec, result);
    return { done: true };
  }
  if (result.rows && spec.truncate) {
    const full = Buffer.from(result.body);
    result = { ...result, body: full.subarray(0, Math.floor(full.length / 2)) };
  }
  if (result.rows && spec.ctype) result = { ...result, headers: { ...result.headers, 'Content-Type': spec.ctype } };
  return { result };
}

/** 200 and the first half of the body; then nothing (stall) or a reset (resetMidBody). */
function halfABody(ctx, spec, result) {
  const { req, res } = ctx;
  const full = result.status === 200 && result.body ? Buffer.from(result.body) : Buffer.from('{"chatMessages":[{"id":1,"message":"');
  const part = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
  const headers = { 'Content-Type': JSON_CT, ...ctx.cors };
  if (spec.resetMidBody) headers['Content-Length'] = String(full.length);
  res.writeHead(200, headers);
  res.write(part, () => {
    if (spec.resetMidBody) ctx.later(20, () => resetSocket(req.socket));
  });
  // stall: never ends; the client or close() destroys the socket.
}

function mutateRows(rows, name) {
  switch (name) {
    case 'wrongChat':
      if (rows[1]) rows[1].chat_conversation_id += 1000;
      return rows;
    case 'extraField':
      for (const m of rows) m.rating = 5;
      return rows;
    case 'alias': {
      const alias = new Map([['actor', 'role'], ['message', 'content']]);
      return rows.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [alias.get(k) ?? k, v])));
    }
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

function applyMutation(result, name) {
  if (name === 'notJson') return { ...result, body: '<html>oops</html>' };
  if (name === 'empty') return { ...result, body: '' };
  const rows = mutateRows(result.rows, name);
  let body = JSON.stringify({ chatMessages: rows });
  if (name === 'bigId') body = body.replace(`"${BIG_ID_MARK}"`, '9007199254740993');
  return { ...result, rows, body };
}

/** What a failing proxy or server in front of the route answers: `fail=<status>`, `body=<form>`. */
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
