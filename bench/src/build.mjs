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

// 4. Bodies.
for (const n of sizes) {
  const file = path.join(GEN, 'bodies', `${n}.json`);
  const metaFile = path.join(GEN, 'bodies', `${n}.meta.json`);
  let meta = null;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  } catch {}
  if (meta && meta.version === GENERATOR_VERSION && meta.chatId === CHAT_ID && fs.existsSync(file) && fs.statSync(file).size === meta.bytes) {
    log(`body ${n}: cached (${(meta.bytes / 1e6).toFixed(1)} MB)`);
    continue;
  }
  t = Date.now();
  const bytes = writeBody(file, n, CHAT_ID);
  fs.writeFileSync(metaFile, JSON.stringify({ version: GENERATOR_VERSION, chatId: CHAT_ID, messages: n, bytes }));
  log(`body ${n}: generated ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - t} ms`);
}
