// Turns wasm-bindgen's output in pkg/ into the npm package: the entry points of js/ (self-loading, one
// per runtime), the public declarations index.d.ts (the Rust types and functions from the generated
// declarations, without wasm-bindgen's init plumbing, plus js/public.d.ts), the glue with the
// module's minified import and export names and without wasm-bindgen's asynchronous loader, the
// inlined module for neptun-client/inline, package.json with its exports map (metadata from
// Cargo.toml) and the npm page (js/README.md). Run by scripts/build.sh after wasm-opt.
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

const glueFile = new URL('neptun_client.js', pkg);
const minified = wasmOptNames(read(new URL('target/wasm-names.json', root)));
fs.writeFileSync(glueFile, withoutAsyncLoader(withWasmNames(read(glueFile), minified)));

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

/**
 * The mapping of wasm-opt's `--minify-imports-and-exports-and-modules` from what it printed: one per
 * round of `--converge` (the later ones rename what the first one named), composed.
 */
function wasmOptNames(printed) {
  const [first, ...later] = JSON.parse(`[${printed.trim().replace(/\}\s*\{/g, '},{')}]`);
  for (const round of later) {
    const imports = new Map(round.imports.map(([, name, renamed]) => [name, renamed]));
    const exports = new Map(round.exports);
    const then = (names, name) => {
      if (!names.has(name)) throw new Error(`wasm-opt's names: ${name} was not renamed again`);
      return names.get(name);
    };
    first.imports = first.imports.map(([module, name, renamed]) => [module, name, then(imports, renamed)]);
    first.exports = first.exports.map(([name, renamed]) => [name, then(exports, renamed)]);
  }
  return first;
}

/** Fails the build: the glue, pkg/neptun_client.js, does not have the shape its rewrites expect. */
function fail(what) {
  throw new Error(`pkg/neptun_client.js: ${what} (did wasm-bindgen's glue change?)`);
}

/**
 * wasm-opt (`--minify-imports-and-exports-and-modules`, scripts/build.sh) gave the module's imports and
 * exports names of one or two letters, and all imports one module; `names` is its mapping,
 * `{ imports: [[module, name, newName]], exports: [[name, newName]] }`. wasm-bindgen's names carry a
 * hash each (`__wbg_get_2080c49015e35254`), in the .wasm and again in the glue: renaming them takes
 * about 1.2 KB off the gzipped .wasm. Returns the glue with the same names.
 */
function withWasmNames(glue, names) {
  const imported = WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(new URL('neptun_client_bg.wasm', pkg))));
  const modules = new Set(imported.map(({ module }) => module));
  if (modules.size !== 1) fail(`the .wasm imports from ${modules.size} modules, not one`);
  const [module] = modules;

  // The imports object: wasm-bindgen's own imports are the members of `import0`, a snippet's are those
  // of its module namespace (`import * as importN from "<module>"`).
  const fromSnippets = [];
  for (const [from, name, renamed] of names.imports) {
    if (from === './neptun_client_bg.js') {
      const member = `\n        ${name}: function(`;
      const at = glue.indexOf(member);
      if (at < 0 || glue.includes(member, at + 1)) fail(`expected the import ${name} once`);
      glue = `${glue.slice(0, at)}\n        ${renamed}: function(${glue.slice(at + member.length)}`;
    } else {
      const namespace = glue.split('\n').find((line) => line.startsWith('import * as ') && line.endsWith(` from "${from}"`));
      if (!namespace) fail(`no namespace import of ${from}`);
      fromSnippets.push(`${renamed}: ${namespace.split(' ')[3]}.${name}`);
    }
  }
  const table = /\n    return \{\n        __proto__: null,\n(        "[^"\n]+": import\d+,\n)+    \};\n/.exec(glue);
  if (!table) fail('the imports object is not where it was');
  const imports = `\n    return { ${module}: Object.assign(import0, { ${fromSnippets.join(', ')} }) };\n`;
  glue = glue.slice(0, table.index) + imports + glue.slice(table.index + table[0].length);

  const exported = new Map(names.exports);
  return glue.replace(/\bwasm\.([\w$]+)/g, (_, name) => {
    if (!exported.has(name)) fail(`wasm.${name} is not an export of the .wasm`);
    return `wasm.${exported.get(name)}`;
  });
}

/**
 * The glue without wasm-bindgen's asynchronous loader (`__wbg_init`, its default export): api.js
 * compiles the module itself (streaming where it can) and instantiates it with the glue's `initSync`.
 * The loader held about 0.55 KB of gzipped JS, with warnings no caller of this package could see, and
 * a bundler keeps it (api.js hands the glue's namespace to fetch.js).
 */
function withoutAsyncLoader(glue) {
  const cut = (from, to, replacement) => {
    const start = glue.indexOf(from);
    const end = glue.indexOf(to, start);
    if (start < 0 || end < 0 || glue.includes(from, start + 1)) fail(`no "${from}" … "${to}"`);
    glue = glue.slice(0, start) + replacement + glue.slice(end + to.length);
  };
  cut('async function __wbg_load(module, imports) {', '\nfunction initSync(module) {', '\nfunction initSync(module) {');
  cut('let __wbg_init_promise;', 'export { initSync, __wbg_init as default };', 'export { initSync };');
  // initSync takes the module itself, without the object it may be wrapped in (and the warning).
  cut('\n    if (module !== undefined) {\n        if (Object.getPrototypeOf(module) === Object.prototype) {', 'pass a single object instead\')\n        }\n    }\n', '\n');
  return glue;
}
