// Build step of the benchmark (run by bench/run.sh from the repo root; everything lands in
// bench/generated/): typia generate, the esbuild bundle of the browser side, per-validator bundle
// sizes, the static site, a snapshot of pkg/, and the generated bodies (cached by generator version).
//   node bench/src/build.mjs <sizes,comma,separated>

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, CHAT_ID, writeBody } from './bodies.mjs';

const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(BENCH, '..');
const GEN = path.join(BENCH, 'generated');
const SITE = path.join(GEN, 'site');
const sizes = (process.argv[2] ?? '100,1000,10000,100000').split(',').map((s) => Number(s.trim())).filter(Boolean);

const log = (s) => process.stdout.write(`[build] ${s}\n`);
fs.mkdirSync(SITE, { recursive: true });
fs.mkdirSync(path.join(GEN, 'bodies'), { recursive: true });

// 1. typia generate (offline; typia 12 uses the TypeScript 5.9 compiler API).
let t = Date.now();
execFileSync(path.join(BENCH, 'node_modules/.bin/typia'), ['generate', '--input', 'src/typia', '--output', 'generated/typia', '--project', 'tsconfig.json'], {
  cwd: BENCH,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (!fs.existsSync(path.join(GEN, 'typia/validator.ts')) || !fs.readFileSync(path.join(GEN, 'typia/validator.ts'), 'utf8').includes('_isFormatDateTime')) {
  throw new Error('typia generate did not produce the transformed validator');
}
log(`typia generate: ${Date.now() - t} ms`);

// 2. esbuild: the browser bundle, and each validator alone (for its size).
t = Date.now();
const esbuild = await import(path.join(BENCH, 'node_modules/esbuild/lib/main.js'));
const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  absWorkingDir: BENCH,
};
await esbuild.build({ ...common, entryPoints: [path.join(BENCH, 'src/browser/main.js')], outfile: path.join(SITE, 'bench.js') });
const validatorSizes = {};
for (const [name, file, exp] of [
  ['zod', 'zod.js', 'makeZod'],
  ['valibot', 'valibot.js', 'makeValibot'],
  ['ajv', 'ajv.js', 'makeAjv'],
  ['typia', 'typia.js', 'makeTypia'],
  ['hand', 'hand.js', 'makeHand'],
]) {
  const out = await esbuild.build({
    ...common,
    stdin: { contents: `export { ${exp} } from './src/validators/${file}';`, resolveDir: BENCH, loader: 'js' },
    write: false,
  });
  const code = out.outputFiles[0].contents;
  validatorSizes[name] = { raw: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length };
}
fs.writeFileSync(path.join(GEN, 'validator-sizes.json'), JSON.stringify(validatorSizes, null, 2));
for (const f of ['index.html', 'cold.html']) fs.copyFileSync(path.join(BENCH, 'src/site', f), path.join(SITE, f));
log(`esbuild bundles: ${Date.now() - t} ms`);

// 3. Snapshot pkg/ (others may rebuild it while the benchmark runs).
fs.rmSync(path.join(GEN, 'pkg'), { recursive: true, force: true });
fs.cpSync(path.join(ROOT, 'pkg'), path.join(GEN, 'pkg'), { recursive: true });
log('pkg/ snapshot: bench/generated/pkg');

// 3b. What a bundler ships of the package: `import … from 'neptun-client'` (pkg/index.js, the browser
// entry) bundled and minified by esbuild; the .wasm stays a separate asset (new URL(…, import.meta.url)).
{
  const out = await esbuild.build({
    ...common,
    entryPoints: [path.join(GEN, 'pkg/index.js')],
    write: false,
    outdir: path.join(GEN, 'pkg-bundle'),
  });
  const js = out.outputFiles.filter((f) => f.path.endsWith('.js'));
  const code = Buffer.concat(js.map((f) => Buffer.from(f.contents)));
  fs.writeFileSync(path.join(GEN, 'pkg-bundle-size.json'), JSON.stringify({ raw: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length, files: js.length }));
  log(`esbuild --bundle --minify of pkg/index.js: ${code.length} B`);
}

// 3c. The cold start's apps: pkg/index.js, and the baseline package's (bench/run.sh builds it) if there is
// one, each bundled as above into site/cold/<name>/index.js next to its .wasm.
for (const [name, dir] of [['current', path.join(GEN, 'pkg')], ['baseline', path.join(GEN, 'baseline-pkg')]]) {
  const out = path.join(SITE, 'cold', name);
  fs.rmSync(out, { recursive: true, force: true });
  if (!fs.existsSync(path.join(dir, 'index.js'))) continue;
  await esbuild.build({ ...common, entryPoints: [path.join(dir, 'index.js')], outfile: path.join(out, 'index.js') });
  fs.copyFileSync(path.join(dir, 'neptun_client_bg.wasm'), path.join(out, 'neptun_client_bg.wasm'));
  log(`cold start app: site/cold/${name}`);
}

// 4. Bodies: the mixed-text ones (`<n>.json`), their all-ASCII variants (`ascii-<n>.json`) for the
// sizes of BENCH_ASCII_SIZES, and one ~100 MB body for the wasm memory measurement (`mem-<n>.json`).
const env = process.env;
const asciiSizes = (env.BENCH_ASCII_SIZES ?? '10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => sizes.includes(n));
const memMessages = Number(env.BENCH_MEMORY_MESSAGES ?? 67_000);
const bodies = [
  ...sizes.map((n) => [`${n}`, n, {}]),
  ...asciiSizes.map((n) => [`ascii-${n}`, n, { ascii: true }]),
  ...(env.BENCH_MEMORY === '0' ? [] : [[`mem-${memMessages}`, memMessages, {}]]),
];
for (const [name, n, options] of bodies) {
  const file = path.join(GEN, 'bodies', `${name}.json`);
  const metaFile = path.join(GEN, 'bodies', `${name}.meta.json`);
  let meta = null;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  } catch {}
  if (meta && meta.version === GENERATOR_VERSION && meta.chatId === CHAT_ID && fs.existsSync(file) && fs.statSync(file).size === meta.bytes) {
    log(`body ${name}: cached (${(meta.bytes / 1e6).toFixed(1)} MB)`);
    continue;
  }
  t = Date.now();
  const bytes = writeBody(file, n, CHAT_ID, undefined, options);
  fs.writeFileSync(metaFile, JSON.stringify({ version: GENERATOR_VERSION, chatId: CHAT_ID, messages: n, bytes }));
  log(`body ${name}: generated ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - t} ms`);
}
