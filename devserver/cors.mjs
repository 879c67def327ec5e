// CORS as a deployment that allows credentialed cross-origin calls must answer: the exact origin,
// `Access-Control-Allow-Credentials: true`, `Retry-After` exposed. By default any
// `http://127.0.0.1:<port>` origin is allowed (the browser tests' page runs on another port). The
// `cors` fault imitates other deployments: `cors=star` answers `Access-Control-Allow-Origin: *` like
// the public Neptun deployment (browsers refuse it for credentialed requests), `cors=none` sends nothing.

const DEFAULT_ORIGIN_RE = /^http:\/\/127\.0\.0\.1:\d+$/;
const METHODS = 'GET, POST, OPTIONS';
const HEADERS = 'Accept, Content-Type';

/** `(origin) => boolean` for a list of exact origins, or the default 127.0.0.1 rule when null. */
export function originPolicy(allowedOrigins) {
  return (origin) => typeof origin === 'string' && (allowedOrigins ? allowedOrigins.includes(origin) : DEFAULT_ORIGIN_RE.test(origin));
}

/**
 * The CORS headers for a request.
 * @param {string|undefined} origin the request's Origin header
 * @param {(origin: string) => boolean} allowed
 * @param {'star'|'none'|null} mode the `cors` fault, if any
 * @param {boolean} preflight an OPTIONS request
 */
export function corsHeaders(origin, allowed, mode, preflight) {
  if (mode === 'none') return {};
  if (mode === 'star') {
    return preflight
      ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': METHODS, 'Access-Control-Allow-Headers': HEADERS }
      : { 'Access-Control-Allow-Origin': '*' };
  }
  if (!allowed(origin)) return {};
  const h = {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  };
  if (preflight) {
    h['Access-Control-Allow-Methods'] = METHODS;
    h['Access-Control-Allow-Headers'] = HEADERS;
    h['Access-Control-Max-Age'] = '600';
  }
  return h;
}
