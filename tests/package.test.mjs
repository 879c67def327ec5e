// The npm package as built into pkg/ and packed: its manifest and exports map (publint, and
// @arethetypeswrong/cli for ESM), its entry points (self-loading, isNeptunError without the wasm),
// its public declarations compared with a golden copy (no wasm-bindgen internals, no DOM-only
// types, no `any`), and the size the self-loading wrapper and the API add.
// After an intended API change: UPDATE_GOLDEN=1 node --test tests/package.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';
import { ROOT } from './helpers.mjs';

const pkg = path.join(ROOT, 'pkg');
const golden = path.join(ROOT, 'tests/golden/index.d.ts');
const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
const API = ['default', 'init', 'initSync', 'getChatMessages', 'NeptunClient', 'parseChatMessages', 'isNeptunError'];

/** The packed tarball (npm pack of pkg/, as scripts/pack.sh makes it), in a temporary folder. */
const tarball = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neptun-pack-'));
  const name = execFileSync('npm', ['pack', pkg, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim();
  return path.join(dir, name);
})();

const bin = (name) => path.join(ROOT, 'node_modules/.bin', name);
const run = (command, args) => spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });

test('the manifest: ESM, exports map with types, node and browser conditions, engines, sideEffects', () => {
  assert.equal(manifest.name, 'neptun-client');
  assert.equal(manifest.type, 'module');
  assert.deepEqual(manifest.exports['.'], { types: './index.d.ts', node: './node.js', default: './index.js' });
  assert.deepEqual(manifest.exports['./inline'], { types: './index.d.ts', default: './inline.js' });
  assert.equal(manifest.exports['./neptun_client_bg.wasm'], './neptun_client_bg.wasm');
  assert.equal(manifest.exports['./package.json'], './package.json');
  assert.equal(manifest.engines.node, '>=20');
  assert.equal(manifest.sideEffects, false);
  assert.equal(manifest.repository.type, 'git');
  const packed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  for (const file of ['index.js', 'node.js', 'inline.js', 'index.d.ts', 'neptun_client_bg.wasm', 'README.md']) {
    assert.ok(packed.includes(`package/${file}`), `${file} is in the tarball`);
  }
  assert.ok(!packed.includes('package/neptun_client.d.ts'), 'the glue declarations are not shipped');
  assert.ok(packed.some((file) => file.startsWith('package/snippets/')), 'the snippets are shipped');
});

test('publint finds nothing to fix', () => {
  const result = run(bin('publint'), ['run', pkg, '--strict']);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.doesNotMatch(result.stdout, /warning|error|suggestion/i, result.stdout);
});

test('@arethetypeswrong/cli: the types resolve for ESM under node16 and bundlers', () => {
  // The .wasm subpath is an asset, not a module: it has no types to resolve.
  const result = run(bin('attw'), [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './neptun_client_bg.wasm']);
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('installed from the tarball, Node finds the module from any folder, with import and with require()', () => {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'neptun-app-'));
  fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}');
  execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app });
  fs.mkdirSync(path.join(app, 'test'));
  const body = JSON.stringify('{"chatMessages":[]}');
  fs.writeFileSync(path.join(app, 'test/esm.mjs'), `import { parseChatMessages } from 'neptun-client';\nconsole.log(JSON.stringify(parseChatMessages(${body}, 1)));`);
  fs.writeFileSync(path.join(app, 'test/cjs.cjs'), `const { parseChatMessages } = require('neptun-client');\nconsole.log(JSON.stringify(parseChatMessages(${body}, 1)));`);
  for (const script of ['test/esm.mjs', 'test/cjs.cjs']) {
    const out = execFileSync(process.execPath, ['--no-warnings', script], { cwd: path.join(app, 'test', '..'), encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { chatMessages: [] }, script);
  }
});

test('every entry point exports the documented API', async () => {
  for (const entry of ['index.js', 'node.js', 'inline.js']) {
    const module = await import(path.join(pkg, entry));
    for (const name of API) assert.equal(typeof module[name], 'function', `${entry}: ${name}`);
  }
});

test('isNeptunError works before the wasm is loaded, from any entry', () => {
  const script = `
    const { isNeptunError } = await import(${JSON.stringify(path.join(pkg, 'index.js'))});
    const ours = Object.assign(new Error('x'), { name: 'NeptunError', kind: 'network' });
    console.log(JSON.stringify([isNeptunError(ours), isNeptunError(new Error('x')), isNeptunError({ name: 'NeptunError', kind: 'network' }), isNeptunError(null)]));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), [true, false, false, false]);
});

test('in Node the module loads itself: sync parse, constructor checks and concurrent first calls', () => {
  const script = `
    const api = await import(${JSON.stringify(path.join(pkg, 'node.js'))});
    const parsed = api.parseChatMessages('{"chatMessages":[]}', 7);
    let constructorError;
    try { new api.NeptunClient({ retries: 99 }); } catch (error) { constructorError = error.kind; }
    const calls = await Promise.allSettled([1, 2, 3].map((id) => api.getChatMessages(id, 0)));
    console.log(JSON.stringify({ parsed, constructorError, kinds: calls.map((c) => c.reason.kind) }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), {
    parsed: { chatMessages: [] },
    constructorError: 'invalidArgument',
    kinds: ['invalidArgument', 'invalidArgument', 'invalidArgument'],
  });
});

test('the public declarations match the golden copy and show no internals', () => {
  const dts = fs.readFileSync(path.join(pkg, 'index.d.ts'), 'utf8');
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, dts);
  assert.equal(dts, fs.readFileSync(golden, 'utf8'), 'pkg/index.d.ts changed: review, then UPDATE_GOLDEN=1');
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const internal of [/InitOutput/, /__wbg/, /Symbol\.dispose/, /free\(\)/, /RequestInfo/, /BufferSource/, /WebAssembly\./, /\bany\b/, /\bbigint\b/]) {
    assert.doesNotMatch(code, internal);
  }
  assert.match(dts, /export function getChatMessages\(userId: number, chatId: number, options\?: GetChatMessagesOptions\): Promise<GetChatMessagesResponse>;/);
  assert.match(dts, /export function parseChatMessages\(body: string \| Uint8Array, chatId: number\): GetChatMessagesResponse;/);
  assert.match(dts, /export function isNeptunError\(value: unknown\): value is NeptunError;/);
  assert.match(dts, /export type ErrorKind = .*"wasmLoad"/);
});

/** gzip size of `code`. */
const gz = (code) => zlib.gzipSync(code, { level: 9 }).length;

/** The bundle of `source` (module text resolved in pkg/), minified by esbuild as a browser app ships it. */
async function shipped(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: pkg },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

test('self-loading and the API cost at most 1.5 KB gzipped over the bare wasm-bindgen glue and the HTTP exchange (sizes printed)', async () => {
  const wrapper = gz(await shipped("export * from './index.js';"));
  const bare = gz(await shipped("export * from './neptun_client.js'; export * from './fetch.js';"));
  const wasm = gz(fs.readFileSync(path.join(pkg, 'neptun_client_bg.wasm')));
  const inline = gz(await shipped("export * from './inline.js';"));
  console.log(
    `# size, gzipped: wasm ${wasm} B; JS minified: index.js ${wrapper} B (bare glue and fetch.js ${bare} B, ` +
      `+${wrapper - bare} B); one import ${wasm + wrapper} B; neptun-client/inline ${inline} B`,
  );
  assert.ok(wrapper - bare <= 1536, `the wrapper adds ${wrapper - bare} B gzipped`);
});
