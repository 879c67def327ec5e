// Response values and request parsing shared by the dev server's routes. A route returns a *result*
// `{ status, headers, body }` (body: string | Buffer | null) and never writes to the socket itself;
// server.mjs sends it after the faults had their say. The messages route adds `rows` (the chat's rows
// before serialization) so that a fault can mutate them.
//
// The error bodies copy the two shapes the real Nuxt server produces:
// - Nitro's error handler, for errors thrown around a handler (the auth guard, a database error):
//   `{ error: true, url, statusCode, statusMessage, message }`, where statusMessage is often a
//   misleading "Server Error";
// - h3's `sendError`, for errors a handler returns: `{ statusCode, statusMessage, stack: [] }`,
//   plus `data` (a ZodError's `{ issues, name }`) for bad input.

import http from 'node:http';

export const JSON_CT = 'application/json';

/** A JSON result. */
export const json = (status, value, headers = {}) => ({
  status,
  headers: { 'Content-Type': JSON_CT, ...headers },
  body: JSON.stringify(value),
});

/** Nitro's error handler envelope. `ctx.fullUrl` is the request URL as the client sent it. */
export const nitroError = (ctx, status, statusMessage, message) =>
  json(status, { error: true, url: ctx.fullUrl, statusCode: status, statusMessage, message });

/** h3's `sendError` envelope. */
export const h3Error = (status, statusMessage, data) =>
  json(status, data === undefined ? { statusCode: status, statusMessage, stack: [] } : { statusCode: status, statusMessage, stack: [], data });

/** An h3 400 whose `data` is a ZodError with these issues. */
export const zodError = (issues) => h3Error(400, 'Bad Request.', { issues, name: 'ZodError' });

export const notFound = () => json(404, { statusCode: 404, statusMessage: 'Not Found', data: { message: 'Not found' } });

export const methodNotAllowed = (allow) =>
  json(405, { statusCode: 405, statusMessage: 'Method Not Allowed', data: { message: `Method not allowed (allowed: ${allow})` } }, { Allow: allow });

export const badPath = () => json(400, { statusCode: 400, statusMessage: 'Bad Request', data: { message: 'Path traversal rejected' } });

/** The reason phrase of a status code. */
export const reasonOf = (status) => http.STATUS_CODES[status] ?? 'Error';

/** `decodeURIComponent`, or the input unchanged when it is not valid percent-encoding. */
export function decodeSegment(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The request's cookies, name → value (the first of duplicates wins). */
export function parseCookies(header) {
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

/** The `received` word zod v3 uses for a value's type. */
export function zodType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
