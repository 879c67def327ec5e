// Builds the page twice: as an ES module (dist/esm.html) and as esbuild's default iife (dist/iife.html).
// esbuild does not emit `new URL('…wasm', import.meta.url)` assets, so the page imports
// 'neptun-client/inline' (the same API, with the wasm inlined): that is the one line it needs.
import fs from 'node:fs';
import * as esbuild from 'esbuild';

const page = fs.readFileSync('src/page.html', 'utf8');
const scripts = {
  esm: '<script type="module" src="./esm/main.js"></script>',
  iife: '<script src="./iife/main.js"></script>',
};
fs.rmSync('dist', { recursive: true, force: true });
for (const format of ['esm', 'iife']) {
  await esbuild.build({
    entryPoints: ['src/main.js'],
    bundle: true,
    minify: true,
    format,
    target: 'es2022',
    outfile: `dist/${format}/main.js`,
    logLevel: 'warning',
  });
  fs.writeFileSync(`dist/${format}.html`, page.replace('FORMAT', format).replace('SCRIPT', scripts[format]));
}
