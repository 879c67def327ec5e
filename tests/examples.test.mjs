// The examples in examples/, built the way users build them, from the packed tarball of the package.
// Run: node --test tests/examples.test.mjs   (needs the tarball: bash scripts/pack.sh)
//
// NEPTUN_TARBALL selects the tarball (default: the newest neptun-client-*.tgz at the repository root).
// Each example is copied to a fresh temporary folder (outside the repository: no node_modules of earlier
// runs or of the repository to resolve from; kept when an example fails), gets `npm ci` (its
// committed lockfile; registry packages only) and then
// `npm install --no-save <tarball>`: the package is extracted from the tarball into
// node_modules/neptun-client (checked: a real folder with exactly the tarball's files, not a link).
// Then it is built, run against the dev server on 127.0.0.1 (port 0), and checked in headless
// Chromium: the seeded messages render (compared with devserver/seed.mjs's messagesOf), an
// unauthorized call renders the error state, and in the React app the sign-in form, the chat picker,
// the loading state, the query's AbortSignal and the retry button work. The Node script and the Vitest
// test run as child processes; the TypeScript matrix runs tsc per tsconfig. For Vite 7 dev and esbuild,
// the same page without the example's one line of configuration is tried too and the outcome printed
// (informational: it tells whether the README's "what it needs" column is still true).
// Nothing is skipped: a missing tarball, tool or file fails the test. Per-example timings are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, launchChromium, startServer, signIn } from './helpers.mjs';
import { demoAccount, messagesOf } from '../devserver/seed.mjs';

const EXAMPLES = path.join(ROOT, 'examples');
const NAMES = ['vite-react', 'vite7', 'webpack', 'esbuild', 'node', 'types'];
const INSTALL_CONCURRENCY = 2;
const timings = Object.fromEntries(NAMES.map((n) => [n, {}]));

let tarball;
let tarballFiles; // relative path → Buffer, from the tarball itself
let browser;
let api; // the dev server the dev-mode examples and the Node examples talk to
const installs = {}; // example name → Promise (started in before(), awaited by each test)
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'neptun-examples-')); // the examples are built here
let failures = 0;

/** A top-level test whose failure keeps WORK for a look (its path is printed at the end). */
function example(title, options, fn) {
  test(title, options, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      failures++;
      throw e;
    }
  });
}

// ------------------------------------------------------------------------------------------------
// Processes
// ------------------------------------------------------------------------------------------------

/** Runs a command to completion; rejects with its output's tail unless the exit code is `expect`. */
function run(cmd, args, { cwd, env = {}, timeout = 240_000, expect = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}): ${e.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code, signal, stdout, stderr };
      if (expect === null || code === expect) return resolve(result);
      const tail = (s) => s.split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} (in ${path.relative(ROOT, cwd) || '.'}) exited with ${code ?? signal}, expected ${expect}` +
        `\n--- stdout (tail) ---\n${tail(stdout)}\n--- stderr (tail) ---\n${tail(stderr)}`));
    });
  });
}

const npm = (dir, args, opts) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, ...opts });

/** A free 127.0.0.1 port (for tools that want a port number up front). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Starts `vite` (dev) in `dir` with /api proxied to the dev server; resolves when it serves. */
async function startVite(dir, extraArgs = []) {
  const port = await freePort();
  const bin = path.join(dir, 'node_modules/vite/bin/vite.js');
  assert.ok(fs.existsSync(bin), `${bin} is missing`);
  const child = spawn(process.execPath, [bin, '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--clearScreen', 'false', ...extraArgs], {
    cwd: dir, env: { ...process.env, NEPTUN_API_URL: api.url, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = `http://127.0.0.1:${port}`;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev did not start in 30 s:\n${output}`)), 30_000);
    const onData = (d) => {
      output += d;
      if (output.includes(`127.0.0.1:${port}`)) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`vite dev exited with ${code}:\n${output}`)); });
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return {
    url,
    output: () => output,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.on('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

// ------------------------------------------------------------------------------------------------
// The tarball and the installs
// ------------------------------------------------------------------------------------------------

function findTarball() {
  if (process.env.NEPTUN_TARBALL) {
    const file = path.resolve(process.env.NEPTUN_TARBALL);
    assert.ok(fs.existsSync(file), `NEPTUN_TARBALL=${process.env.NEPTUN_TARBALL}: no such file`);
    return file;
  }
  const found = fs.readdirSync(ROOT)
    .filter((f) => /^neptun-client-.*\.tgz$/.test(f))
    .map((f) => path.join(ROOT, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  assert.ok(found.length, `no neptun-client-*.tgz at ${ROOT}: build it with \`bash scripts/pack.sh\` or set NEPTUN_TARBALL`);
  return found[0];
}

/** Every file of a directory tree, relative path → contents. */
function readTree(dir, prefix = '') {
  const out = new Map();
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) for (const [k, v] of readTree(dir, rel)) out.set(k, v);
    else out.set(rel, fs.readFileSync(path.join(dir, rel)));
  }
  return out;
}

async function install(name) {
  const source = path.join(EXAMPLES, name);
  for (const f of ['package.json', 'package-lock.json']) assert.ok(fs.existsSync(path.join(source, f)), `examples/${name}/${f} is missing`);
  // A copy outside the repository, as a fresh clone has it: no node_modules or dist of earlier runs,
  // no repository node_modules up the tree to resolve from, and runs side by side do not collide.
  const dir = path.join(WORK, name);
  fs.cpSync(source, dir, { recursive: true, filter: (p) => !['node_modules', 'dist'].includes(path.basename(p)) });
  const t0 = performance.now();
  await npm(dir, ['ci', '--prefer-offline']);
  await npm(dir, ['install', '--no-save', '--prefer-offline', tarball]);
  timings[name].install = performance.now() - t0;
  // The package must be the tarball's files, copied: not a symlink to a folder, not a stale copy.
  const installed = path.join(dir, 'node_modules/neptun-client');
  const stat = fs.lstatSync(installed, { throwIfNoEntry: false });
  assert.ok(stat, `examples/${name}: node_modules/neptun-client is missing after npm install ${tarball}`);
  assert.ok(!stat.isSymbolicLink() && stat.isDirectory(), `examples/${name}: node_modules/neptun-client is a link, not the tarball's files`);
  const have = readTree(installed);
  assert.deepEqual([...have.keys()].sort(), [...tarballFiles.keys()].sort(), `examples/${name}: installed files differ from the tarball's`);
  for (const [rel, bytes] of tarballFiles) assert.ok(bytes.equals(have.get(rel)), `examples/${name}: node_modules/neptun-client/${rel} differs from the tarball's`);
  const lock = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
  assert.ok(!lock.includes('neptun-client-'), `examples/${name}/package-lock.json must not record the tarball`);
  return dir;
}

/** Runs the installs with bounded concurrency; each example's promise settles on its own. */
function startInstalls() {
  let next = 0;
  const slots = [];
  const waiters = Object.fromEntries(NAMES.map((n) => [n, Promise.withResolvers ? Promise.withResolvers() : deferred()]));
  const worker = async () => {
    while (next < NAMES.length) {
      const name = NAMES[next++];
      try { waiters[name].resolve(await install(name)); } catch (e) { waiters[name].reject(e); }
    }
  };
  for (let i = 0; i < INSTALL_CONCURRENCY; i++) slots.push(worker());
  for (const n of NAMES) {
    installs[n] = waiters[n].promise;
    installs[n].catch(() => {}); // reported by the example's own test
  }
}

function deferred() {
  let resolve, reject;
  const promise = new Promise((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
}

async function timed(name, phase, fn) {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[name][phase] = (timings[name][phase] ?? 0) + (performance.now() - t0);
  }
}

// ------------------------------------------------------------------------------------------------
// Browser checks
// ------------------------------------------------------------------------------------------------

/** A fresh context (own cookies); page errors and unexpected console errors fail `done()`. */
async function open(t, { signedInAt } = {}) {
  const context = await browser.newContext();
  t.after(() => context.close());
  if (signedInAt) {
    const r = await context.request.post(`${signedInAt}/api/auth/login`, { data: { email: demoAccount.email, password: demoAccount.password } });
    assert.equal(r.status(), 200, `sign-in through ${signedInAt}`);
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack ?? e}`));
  page.on('console', (m) => {
    // A failed request (the expected 401, the routed 503) is logged by Chromium: not a page error.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console.error: ${m.text()}`);
  });
  return { page, context, errors, done: () => assert.deepEqual(errors, [], 'no errors in the page') };
}

/** Waits for `selector`; on timeout says what the page shows instead (and its errors). */
async function waitFor(page, selector, errors, timeout = 20_000) {
  try {
    await page.waitForSelector(selector, { timeout });
  } catch {
    const body = await page.evaluate(() => document.body?.innerHTML.slice(0, 1500)).catch((e) => `(unreadable: ${e})`);
    assert.fail(`waiting for ${selector} on ${page.url()}: timed out.\nPage errors: ${JSON.stringify(errors)}\nBody: ${body}`);
  }
}

/** The rendered messages equal the seeded ones: same ids, actors and texts, in order. */
async function assertMessages(page, container, chatId) {
  const shown = await page.$$eval(`${container} .message`, (items) => items.map((li) => ({
    id: li.dataset.id,
    actor: li.querySelector('.actor')?.textContent,
    text: li.querySelector('.text')?.textContent,
  })));
  const want = messagesOf(chatId).map((m) => ({ id: String(m.id), actor: m.actor, text: m.message }));
  assert.ok(want.length > 0, `seed chat ${chatId} has messages`);
  assert.deepEqual(shown, want, `chat ${chatId}: rendered messages equal messagesOf(${chatId})`);
}

/** The simple pages (Vite 7, webpack, esbuild): #app[data-state] shows chat ?chat=N, or the error. */
async function checkSimplePage(t, origin, pagePath) {
  for (const chatId of [1, 4]) {
    const { page, errors, done } = await open(t, { signedInAt: origin });
    await page.goto(`${origin}${pagePath}?chat=${chatId}`);
    await waitFor(page, '#app[data-state=ready]', errors);
    await assertMessages(page, '#app', chatId);
    done();
  }
  const { page, errors, done } = await open(t);
  await page.goto(`${origin}${pagePath}`);
  await waitFor(page, '#app[data-state=error][data-kind=unauthorized]', errors);
  assert.match(await page.textContent('#app [role=alert]'), /sign in/i);
  done();
}

/**
 * What a simple page shows without the example's one line of configuration (informational: printed,
 * not asserted, so the README's "what it needs" column can be checked against the package).
 */
async function probe(t, origin, pagePath) {
  const { page, errors } = await open(t, { signedInAt: origin });
  await page.goto(`${origin}${pagePath}?chat=1`);
  const state = await page.waitForSelector('#app[data-state=ready], #app[data-state=error]', { timeout: 15_000 })
    .then(() => page.$eval('#app', (a) => `${a.dataset.state}${a.dataset.kind ? ` (${a.dataset.kind})` : ''}: ${a.textContent.slice(0, 600)}`))
    .catch(() => `no result in 15 s: ${errors.join(' | ') || '(no page errors)'}`);
  return state.startsWith('ready') ? 'works (the line is not needed)' : `fails: ${state}`;
}

/**
 * The React app: unauthorized → sign-in form → chat 1; the picker → chat 4; loading and abort (chat 3
 * held back, then left); a 503 → Retry → chat 1.
 */
async function checkReactApp(t, origin) {
  const { page, context, errors, done } = await open(t);
  await page.goto(`${origin}/`);
  await waitFor(page, '#chat[data-state=error] .error[data-kind=unauthorized]', errors);
  assert.match(await page.textContent('#chat h2'), /sign in/i);
  await page.fill('#sign-in input[name=email]', demoAccount.email);
  await page.fill('#sign-in input[name=password]', demoAccount.password);
  await page.click('#sign-in button[type=submit]');
  await waitFor(page, '#chat[data-state=ready][data-chat="1"]', errors);
  await assertMessages(page, '#chat', 1);

  await page.selectOption('#chat-picker', '4');
  await waitFor(page, '#chat[data-state=ready][data-chat="4"]', errors);
  await assertMessages(page, '#chat', 4);

  // The loading state, and the query's AbortSignal: chat 3's answer is held back; switching to another
  // chat makes TanStack Query cancel the query, which aborts the request.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/api/users/1/chats/3/messages', async (route) => {
    await held;
    await route.continue().catch(() => {}); // the request may be gone (aborted)
  });
  await page.selectOption('#chat-picker', '3');
  await waitFor(page, '#chat[data-state=loading][data-chat="3"]', errors);
  // Well under the client's own 10 s per-attempt timeout, which would abort the request too.
  const abortedRequest = page.waitForEvent('requestfailed', { predicate: (r) => r.url().includes('/chats/3/messages'), timeout: 4_000 });
  await page.selectOption('#chat-picker', '1');
  await waitFor(page, '#chat[data-state=ready][data-chat="1"]', errors);
  const failure = (await abortedRequest.catch(() => assert.fail('switching away from a loading chat did not abort its request')))?.failure();
  assert.match(failure?.errorText ?? '', /ABORTED/, 'the request was aborted by the query\'s signal');
  release();
  await page.unroute('**/api/users/1/chats/3/messages');

  // Retry: the server fails (503, after the client's own retries) until we let it through.
  const retryPage = await context.newPage();
  retryPage.on('pageerror', (e) => errors.push(`pageerror: ${e.stack ?? e}`));
  let failing = true;
  let failed = 0;
  await retryPage.route('**/api/users/1/chats/1/messages', (route) => {
    if (!failing) return route.continue();
    failed++;
    return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, statusMessage: 'Service Unavailable' }) });
  });
  await retryPage.goto(`${origin}/`);
  await waitFor(retryPage, '#chat[data-state=error] .error[data-kind=server] #retry:not([disabled])', errors);
  assert.ok(failed >= 1, 'the failing route was hit');
  failing = false;
  await retryPage.click('#retry');
  await waitFor(retryPage, '#chat[data-state=ready][data-chat="1"]', errors);
  await assertMessages(retryPage, '#chat', 1);
  done();
}

// ------------------------------------------------------------------------------------------------
// Set-up
// ------------------------------------------------------------------------------------------------

before(async () => {
  tarball = findTarball();
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'neptun-tarball-'));
  await run('tar', ['-xzf', tarball, '-C', unpacked], { cwd: ROOT });
  tarballFiles = readTree(path.join(unpacked, 'package'));
  fs.rmSync(unpacked, { recursive: true, force: true });
  const pkg = JSON.parse(tarballFiles.get('package.json'));
  console.log(`examples: ${path.relative(ROOT, tarball) || tarball} (${pkg.name}@${pkg.version}, ${fs.statSync(tarball).size} bytes)`);
  startInstalls();
  api = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await api?.close();
  const s = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const rows = NAMES.map((n) => `  ${n.padEnd(11)} install ${s(timings[n].install).padStart(7)}  build ${s(timings[n].build).padStart(7)}  check ${s(timings[n].check).padStart(7)}`);
  console.log(['examples: timings', ...rows].join('\n'));
  await Promise.allSettled(Object.values(installs));
  if (failures) console.log(`examples: built in ${WORK} (kept: ${failures} example(s) failed)`);
  else fs.rmSync(WORK, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------
// The examples
// ------------------------------------------------------------------------------------------------

example('vite-react: Vite 8 + React 19 + TanStack Query, dev server and production build', { timeout: 240_000 }, async (t) => {
  const dir = await installs['vite-react'];
  await t.test('vite dev', async (t) => {
    const vite = await timed('vite-react', 'check', () => startVite(dir));
    t.after(() => vite.close());
    await timed('vite-react', 'check', () => checkReactApp(t, vite.url));
    assert.doesNotMatch(vite.output(), /error/i, `vite dev logged an error:\n${vite.output()}`);
  });
  await t.test('tsc -b && vite build, served by the Neptun server', async (t) => {
    await timed('vite-react', 'build', () => npm(dir, ['run', 'build']));
    const dist = path.join(dir, 'dist');
    assert.ok(fs.readdirSync(path.join(dist, 'assets')).some((f) => f.endsWith('.wasm')), 'vite build emitted the .wasm');
    const srv = await startServer({ staticDirs: { '/': dist } });
    t.after(() => srv.close());
    await timed('vite-react', 'check', () => checkReactApp(t, srv.url));
  });
});

example('vite7: Vite 7 dev with optimizeDeps.exclude', { timeout: 180_000 }, async (t) => {
  const dir = await installs.vite7;
  const vite = await startVite(dir);
  t.after(() => vite.close());
  await timed('vite7', 'check', () => checkSimplePage(t, vite.url, '/'));
  assert.doesNotMatch(vite.output(), /error/i, `vite dev logged an error:\n${vite.output()}`);
  await vite.close();
  // Without the line: the same page with a config that has only the proxy.
  const config = path.join(os.tmpdir(), `neptun-vite7-probe-${process.pid}.config.mjs`);
  fs.writeFileSync(config, `export default { server: { proxy: { '/api': ${JSON.stringify(api.url)} } } };\n`);
  t.after(() => fs.rmSync(config, { force: true }));
  const bare = await startVite(dir, ['--config', config, '--force']);
  t.after(() => bare.close());
  const result = await timed('vite7', 'check', () => probe(t, bare.url, '/'));
  t.diagnostic(`without optimizeDeps.exclude: ${result}`);
});

example('webpack: webpack 5 production build', { timeout: 180_000 }, async (t) => {
  const dir = await installs.webpack;
  await timed('webpack', 'build', () => npm(dir, ['run', 'build']));
  const dist = path.join(dir, 'dist');
  assert.ok(fs.readdirSync(dist).some((f) => f.endsWith('.wasm')), 'webpack emitted the .wasm');
  const srv = await startServer({ staticDirs: { '/': dist } });
  t.after(() => srv.close());
  await timed('webpack', 'check', () => checkSimplePage(t, srv.url, '/'));
});

example('esbuild: esm and iife bundles from neptun-client/inline', { timeout: 180_000 }, async (t) => {
  const dir = await installs.esbuild;
  await timed('esbuild', 'build', () => npm(dir, ['run', 'build']));
  const dist = path.join(dir, 'dist');
  const srv = await startServer({ staticDirs: { '/': dist } });
  t.after(() => srv.close());
  for (const format of ['esm', 'iife']) {
    await t.test(format, (t) => timed('esbuild', 'check', () => checkSimplePage(t, srv.url, `/${format}.html`)));
  }
  // Without the line: the same page importing 'neptun-client' instead of 'neptun-client/inline'.
  const esbuildModule = await import(pathToFileURL(path.join(dir, 'node_modules/esbuild/lib/main.js')).href);
  const esbuild = esbuildModule.build ? esbuildModule : esbuildModule.default;
  const main = fs.readFileSync(path.join(dir, 'src/main.js'), 'utf8').replace("from 'neptun-client/inline'", "from 'neptun-client'");
  assert.ok(!main.includes('neptun-client/inline'), 'src/main.js imports neptun-client/inline');
  for (const format of ['esm', 'iife']) {
    await esbuild.build({ stdin: { contents: main, resolveDir: path.join(dir, 'src'), sourcefile: 'probe.js' }, bundle: true, format, outfile: path.join(dist, `probe-${format}/main.js`), logLevel: 'silent' });
    fs.writeFileSync(path.join(dist, `probe-${format}.html`), fs.readFileSync(path.join(dist, `${format}.html`), 'utf8').replace(`./${format}/main.js`, `./probe-${format}/main.js`));
    const result = await timed('esbuild', 'check', () => probe(t, srv.url, `/probe-${format}.html`));
    t.diagnostic(`--format=${format} without /inline: ${result}`);
  }
});

example('node: Node 20 ESM script and Vitest 4 with sessionCookie', { timeout: 180_000 }, async (t) => {
  const dir = await installs.node;
  await t.test('print-messages.mjs', async () => {
    await timed('node', 'check', async () => {
      const cookie = await signIn(api.url);
      for (const chatId of [1, 4]) {
        const ok = await run(process.execPath, ['print-messages.mjs', String(chatId)], { cwd: dir, env: { NEPTUN_BASE_URL: api.url, NEPTUN_SESSION: cookie } });
        assert.deepEqual(JSON.parse(ok.stdout), messagesOf(chatId), `chat ${chatId}: printed messages equal messagesOf(${chatId})`);
        assert.ok(!ok.stdout.includes(cookie) && !ok.stderr.includes(cookie), 'the cookie is not printed');
      }
      const secret = 'not-a-valid-session-0123456789';
      const denied = await run(process.execPath, ['print-messages.mjs', '1'], { cwd: dir, env: { NEPTUN_BASE_URL: api.url, NEPTUN_SESSION: secret }, expect: 1 });
      assert.match(denied.stderr, /neptun-client error \(unauthorized\)/);
      assert.equal(denied.stdout, '');
      assert.ok(!denied.stderr.includes(secret), 'the cookie is not in the error');
    });
  });
  await t.test('vitest run', async () => {
    const r = await timed('node', 'check', () => run(process.execPath, [path.join(dir, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: dir, env: { NEPTUN_BASE_URL: api.url, NEPTUN_EMAIL: demoAccount.email, NEPTUN_PASSWORD: demoAccount.password, NO_COLOR: '1', CI: '1' },
    }));
    assert.match(r.stdout, /Tests\s+4 passed \(4\)/, r.stdout);
  });
});

example('types: tsc --strict, skipLibCheck off (TypeScript 5.9 and 7)', { timeout: 150_000 }, async (t) => {
  const dir = await installs.types;
  const configs = ['tsconfig.bundler.json', 'tsconfig.node16.json', 'tsconfig.nodenext.json'];
  const compilers = ['typescript', 'typescript7'].map((pkg) => {
    const bin = path.join(dir, 'node_modules', pkg, 'bin/tsc');
    assert.ok(fs.existsSync(bin), `${bin} is missing`);
    return { bin, version: JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version };
  });
  const jobs = compilers.flatMap((c) => configs.map((config) => ({ ...c, config })));
  // The compiles run two at a time (TypeScript 5.9 takes ~8 s of CPU per config); each is its own subtest.
  const results = await timed('types', 'check', async () => {
    const out = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await run(process.execPath, [jobs[i].bin, '-p', jobs[i].config, '--pretty', 'false'], { cwd: dir }).then(() => null, (e) => e);
      }
    };
    await Promise.all([worker(), worker()]);
    return out;
  });
  for (const [i, job] of jobs.entries()) {
    await t.test(`tsc ${job.version} -p ${job.config}`, () => { if (results[i]) throw results[i]; });
  }
});
