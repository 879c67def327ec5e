// Sign-in routes, like the real server's: POST /api/auth/login sets the `neptun-session` cookie
// (HttpOnly, SameSite=Lax, Path=/, 7 days), POST /api/auth/logout clears it, GET /api/_auth/session
// says who is signed in. Sessions live in memory (`state.sessions`: token → user id).

import { randomBytes } from 'node:crypto';
import { users } from '../seed.mjs';
import { json, nitroError, h3Error, zodError, parseCookies, zodType } from '../respond.mjs';

export const COOKIE_NAME = 'neptun-session';
const SESSION_MAX_AGE = 604800; // 7 days, seconds

const setCookie = (value, maxAge) => ({ 'Set-Cookie': `${COOKIE_NAME}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}` });
const publicUser = (user) => ({ user: { id: user.id, email: user.email } });

/** The signed-in user of a request (by its session cookie), or null. */
export function sessionUser(state, req) {
  const token = parseCookies(req.headers.cookie).get(COOKIE_NAME);
  if (!token) return null;
  const id = state.sessions.get(token);
  return id === undefined ? null : users.find((u) => u.id === id) ?? null;
}

function login(ctx) {
  let input;
  try {
    input = JSON.parse(ctx.body.toString('utf8'));
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
  if (issues.length) return zodError(issues);
  const user = users.find((u) => u.email === input.email.trim().toLowerCase() && u.password === input.password);
  if (!user) return h3Error(401, 'Invalid credentials.');
  const token = randomBytes(32).toString('hex');
  ctx.state.sessions.set(token, user.id);
  return json(200, publicUser(user), setCookie(token, SESSION_MAX_AGE));
}

function logout(ctx) {
  const token = parseCookies(ctx.req.headers.cookie).get(COOKIE_NAME);
  if (token) ctx.state.sessions.delete(token);
  return json(200, {}, setCookie('', 0));
}

function session(ctx) {
  const user = sessionUser(ctx.state, ctx.req);
  return json(200, user ? publicUser(user) : {});
}

export const authRoutes = [
  { method: 'POST', path: '/api/auth/login', handle: login },
  { method: 'POST', path: '/api/auth/logout', handle: logout },
  { method: 'GET', path: '/api/_auth/session', handle: session },
];
