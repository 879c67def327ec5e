// A local, Neptun-compatible dev server (Node 20 built-ins only) for the browser tests, the Node tests,
// the benchmark and the demo page. It answers like the real Nuxt/Nitro/h3 server (see docs/CONTRACT.md)
// from the seeded accounts and chats in seed.mjs, and can inject faults per request through a path
// prefix: `/_x/name=value,name=value/api/...` (values URL-decoded; the spec ends at `/api`, so
// `ctype=text/html` works unencoded). Faults, in the order they apply:
//   key=<id>            count requests per key: GET /_dev/requests?key=<id> → {count, cookies:[bool…]}
//   delay=<ms>          wait before answering            reset=1         destroy the socket, no response
//   fail=<status>       answer <status> before auth (a proxy); times=<n>: only the key's first n requests;
//                       body=json|html|text|empty; retryAfter=<s> | retryAfterDate=<s from now>
//   dbnull=<n>|always   200 {"chatMessages":null} for the key's first n requests (after auth)
//   stall=1             200 + half the body, never finishes   resetMidBody=1  200 + half, then socket dies
//   truncate=1          success body cut in half (matching Content-Length)
//   ctype=<type>        success Content-Type override   cors=star|none (see cors.mjs)
//   mutate=<name>       wrongChat extraField alias systemActor badTimestamp missingField bigId notJson empty
// Without key=, counting (for times/dbnull) is per spec string.
//
// Where things are: router.mjs (the route table) → routes/messages.mjs (the endpoint under test and the
// chat list), routes/auth.mjs (login, logout, session), routes/dev.mjs (/_dev/*), routes/static.mjs
// (files); faults.mjs (the prefix above), cors.mjs, respond.mjs (response shapes); cli.mjs (the command).
//
//   node devserver/server.mjs [--port N] [--host H] [--static /=www --static /pkg=pkg]
//                             [--origin http://127.0.0.1:8080 ...] [--log]
//
// First stdout line: `NEPTUN_DEV_URL=http://127.0.0.1:PORT`.

import http from 'node:http';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { json, nitroError, notFound, badPath, JSON_CT } from './respond.mjs';
import { routes, router } from './router.mjs';
import { staticFiles, isTraversal } from './routes/static.mjs';
import { splitFaultPrefix, parseSpec, beforeRoute, afterRoute } from './faults.mjs';
import { originPolicy, corsHeaders } from './cors.mjs';

const MAX_BODY = 1 << 20;
const RESERVED = /^\/(api|_dev|_x)(\/|$)/; // never served from static directories

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
  const state = {
    sessions: new Map(), // token → user id
    counters: new Map(), // fault key → { count, cookies: boolean[] }
  };
  const sockets = new Set();
  const timers = new Set();
  const originAllowed = originPolicy(allowedOrigins);
  const serveStatic = staticFiles(staticDirs);
  const route = router(routes, (ctx, pathname) => (RESERVED.test(pathname) ? notFound() : serveStatic(ctx.req.method, pathname)));

  /** Runs `fn` after `ms` unless the server closes first. */
  function later(ms, fn) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  }

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

  function logRequests(req, res, started) {
    let status = 0;
    res.on('finish', () => {
      status = res.statusCode;
    });
    res.on('close', () => {
      const note = status ? String(status) : 'aborted/no response';
      process.stderr.write(`[neptun-dev] ${req.method} ${(req.url ?? '/').split('?')[0]} → ${note} ${Date.now() - started}ms\n`);
    });
  }

  async function handle(req, res) {
    if (log) logRequests(req, res, Date.now());
    const rawUrl = req.url ?? '/';
    const cors = (mode, preflight = false) => corsHeaders(req.headers.origin, originAllowed, mode, preflight);

    // Reject traversal attempts in the raw path (the URL parser would silently normalize them).
    if (isTraversal(rawUrl.split('?')[0])) return send(req, res, badPath(), cors(null));

    const url = new URL(rawUrl, 'http://localhost');
    const { rawSpec, pathname } = splitFaultPrefix(url.pathname);
    let spec = null;
    if (rawSpec !== null) {
      const parsed = parseSpec(rawSpec);
      if (parsed.error) return send(req, res, json(400, { statusCode: 400, statusMessage: parsed.error }), cors(null));
      spec = parsed.spec;
    }
    const corsMode = spec?.cors ?? null;
    if (req.method === 'OPTIONS') return send(req, res, { status: 204, headers: {}, body: null }, cors(corsMode, true));

    const ctx = {
      req,
      res,
      url,
      fullUrl: `http://${req.headers.host ?? `${host}:${actualPort}`}${rawUrl}`,
      body: Buffer.alloc(0),
      state,
      cors: cors(corsMode),
      gone: () => gone(res),
      later,
      sleep: (ms) =>
        new Promise((resolve) => {
          const t = later(ms, resolve);
          res.once('close', () => {
            clearTimeout(t);
            timers.delete(t);
            resolve();
          });
        }),
    };
    try {
      ctx.body = await readBody(req);
    } catch (e) {
      if (e.tooLarge) send(req, res, json(413, { statusCode: 413, statusMessage: 'Payload Too Large' }), ctx.cors);
      return;
    }

    let index = 0;
    if (spec) {
      const early = await beforeRoute(ctx, spec, rawSpec);
      if (early.done) return;
      if (early.result) return send(req, res, early.result, { ...ctx.cors, ...early.headers });
      index = early.index;
    }

    let result;
    try {
      result = await route(ctx, pathname);
    } catch (e) {
      result = nitroError(ctx, 500, 'Server Error', 'Internal Server Error');
      if (log) process.stderr.write(`[neptun-dev] handler error: ${e?.stack ?? e}\n`);
    }
    if (gone(res)) return;
    if (!spec) return send(req, res, result, ctx.cors);
    const late = afterRoute(ctx, spec, index, result);
    if (!late.done) send(req, res, late.result, { ...ctx.cors, ...late.headers });
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

const isMain = (() => {
  try {
    return process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) import('./cli.mjs').then(({ main }) => main()); // not awaited: cli.mjs imports this module
