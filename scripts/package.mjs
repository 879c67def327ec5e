// Turns wasm-pack's output in pkg/ into the npm package: the entry points of js/ (self-loading, one
// per runtime), the public declarations index.d.ts (the Rust types and functions from the generated
// declarations, without wasm-bindgen's init plumbing, plus js/public.d.ts), the inlined module for
// neptun-client/inline, package.json with its exports map (metadata from Cargo.toml) and the npm
// page (js/README.md). Run by scripts/build.sh after wasm-opt.
import fs from 'node:fs';

const root = new URL('../', import.meta.url);
const pkg = new URL('pkg/', root);
const read = (url) => fs.readFileSync(url, 'utf8');
const write = (name, text) => fs.writeFileSync(new URL(name, pkg), text);

const ENTRIES = ['index.js', 'node.js', 'inline.js', 'api.js', 'errors.js', 'fetch.js'];
for (const file of ENTRIES) fs.copyFileSync(new URL(`js/${file}`, root), new URL(file, pkg));
fs.copyFileSync(new URL('js/README.md', root), new URL('README.md', pkg));

// The generated declarations (the Rust types and parseChatMessages; the module's internal exports
// are left out) up to wasm-bindgen's init section, then the hand-written part (js/public.d.ts).
const generated = read(new URL('neptun_client.d.ts', pkg));
const end = generated.indexOf('export type InitInput');
if (end < 0) throw new Error('pkg/neptun_client.d.ts has no init section: did wasm-bindgen change?');
const declarations = generated.slice(0, end).trimEnd();
write('index.d.ts', `${declarations}\n${read(new URL('js/public.d.ts', root))}`);

const wasm = fs.readFileSync(new URL('neptun_client_bg.wasm', pkg));
write('neptun_client_bg.wasm.base64.js', `export default ${JSON.stringify(wasm.toString('base64'))};\n`);

/** A `key = value` string (or string array) of Cargo.toml's [package] table. */
function cargo(key) {
  const table = read(new URL('Cargo.toml', root)).split(/^\[/m).find((t) => t.startsWith('package]'));
  const match = new RegExp(`^${key} = (.*)$`, 'm').exec(table);
  if (!match) throw new Error(`Cargo.toml has no package.${key}`);
  return JSON.parse(match[1]);
}

const types = './index.d.ts';
const manifest = {
  name: cargo('name'),
  version: cargo('version'),
  description: cargo('description'),
  license: cargo('license'),
  repository: { type: 'git', url: `git+${cargo('repository')}.git` },
  keywords: cargo('keywords'),
  type: 'module',
  engines: { node: '>=20' },
  sideEffects: false,
  exports: {
    '.': { types, node: './node.js', default: './index.js' },
    './inline': { types, default: './inline.js' },
    './neptun_client_bg.wasm': './neptun_client_bg.wasm',
    './package.json': './package.json',
  },
  types,
  files: [...ENTRIES, 'index.d.ts', 'neptun_client.js', 'neptun_client_bg.wasm', 'neptun_client_bg.wasm.base64.js', 'snippets/'],
};
write('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
