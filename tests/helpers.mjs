// The set-up every JavaScript test shares: a headless Chromium, the dev server, a signed-in session.
//
//   launchChromium(options?)  → Promise<Browser>  playwright-core's chromium.launch: headless, the
//       executable from $CHROMIUM (default /usr/bin/chromium) and CHROMIUM_ARGS; `options` are passed
//       on (`options.args` are added to CHROMIUM_ARGS).
//   startServer(options?)     → Promise<{ url, port, close() }>  devserver/server.mjs's startDevServer
//       on a free 127.0.0.1 port; relative `staticDirs` are resolved against the repository root, so
//       `startServer({ staticDirs: { '/': 'www', '/pkg': 'pkg' } })` works from any directory.
//   signIn(baseUrl, account?) → Promise<string>  signs in the seeded demo account (or `account`:
//       { email, password }) with POST /api/auth/login and returns the `neptun-session` cookie's
//       value; send it as `Cookie: neptun-session=<value>` (or pass it as `sessionCookie`).
//
// Also exported: ROOT (the repository root) and CHROMIUM_ARGS.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '../devserver/server.mjs';
import { demoAccount } from '../devserver/seed.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Chromium flags for tests: no sandbox (containers), no GPU, no background traffic, no QUIC. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
]);

/** A headless Chromium (playwright-core), from $CHROMIUM or /usr/bin/chromium. */
export async function launchChromium({ args = [], ...options } = {}) {
  const { chromium } = await import('playwright-core'); // only the browser tests need it installed
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/** The dev server on a free port; relative static directories are relative to the repository root. */
export function startServer({ staticDirs = {}, ...options } = {}) {
  const dirs = Object.fromEntries(Object.entries(staticDirs).map(([prefix, dir]) => [prefix, path.resolve(ROOT, dir)]));
  return startDevServer({ port: 0, ...options, staticDirs: dirs });
}

/** Signs in on the dev server at `baseUrl`; returns the session cookie's value. Throws if refused. */
export async function signIn(baseUrl, { email, password } = demoAccount) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('neptun-session='));
  if (response.status !== 200 || !cookie) throw new Error(`sign-in as ${email} failed: HTTP ${response.status}`);
  return cookie.slice('neptun-session='.length).split(';')[0];
}
