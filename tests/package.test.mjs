// The npm package as built into pkg/: its name and files, its ES module exports, and its TypeScript
// declarations compared with a golden copy, so `Promise<any>` or a bigint id can never sneak back.
// After an intended API change: UPDATE_GOLDEN=1 node --test tests/package.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

const pkg = new URL('../pkg/', import.meta.url);
const golden = new URL('./golden/neptun_client.d.ts', import.meta.url);

/** The hand-facing part of the declarations (the rest is wasm-bindgen's init plumbing). */
function publicDeclarations() {
  const dts = fs.readFileSync(new URL('neptun_client.d.ts', pkg), 'utf8');
  const end = dts.indexOf('export type InitInput');
  assert.ok(end > 0, 'the init section exists');
  return dts.slice(0, end).trimEnd() + '\n';
}

test('package.json names the package and ships every file the module imports', () => {
  const manifest = JSON.parse(fs.readFileSync(new URL('package.json', pkg), 'utf8'));
  assert.equal(manifest.name, 'neptun-client');
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.main, 'neptun_client.js');
  assert.equal(manifest.types, 'neptun_client.d.ts');
  for (const file of ['neptun_client_bg.wasm', 'neptun_client.js', 'neptun_client.d.ts', 'snippets']) {
    assert.ok(manifest.files.includes(file), file);
    assert.ok(fs.existsSync(new URL(file, pkg)), file);
  }
});

test('the ES module exports init() by default and the documented names', async () => {
  const module = await import(new URL('neptun_client.js', pkg));
  for (const name of ['default', 'initSync', 'getChatMessages', 'NeptunClient', 'parseChatMessages', 'isNeptunError']) {
    assert.equal(typeof module[name], 'function', name);
  }
});

test('the TypeScript declarations match the golden copy', () => {
  const actual = publicDeclarations();
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, actual);
  assert.equal(actual, fs.readFileSync(golden, 'utf8'), 'pkg/neptun_client.d.ts changed: review, then UPDATE_GOLDEN=1');
});

test('the public signatures are precise: no any, no bigint, typed promises', () => {
  const dts = publicDeclarations();
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.doesNotMatch(code, /\bany\b/);
  assert.doesNotMatch(code, /\bbigint\b/);
  assert.match(dts, /export function getChatMessages\(userId: number, chatId: number, options\?: GetChatMessagesOptions\): Promise<GetChatMessagesResponse>;/);
  assert.match(dts, /getChatMessages\(userId: number, chatId: number, options\?: GetChatMessagesOptions\): Promise<GetChatMessagesResponse>;/);
  assert.match(dts, /export function parseChatMessages\(body: string \| Uint8Array, chatId: number\): GetChatMessagesResponse;/);
  assert.match(dts, /export function isNeptunError\(value: unknown\): value is NeptunError;/);
  assert.match(dts, /files\?: ChatFile\[\];/);
  assert.match(dts, /export type Actor = "user" \| "assistant" \| "system";/);
});
