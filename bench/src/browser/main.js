// The browser side of the benchmark (bundled by esbuild into bench/generated/site/bench.js; the
// package itself is loaded unbundled from /pkg, as an app would). Exposes `window.bench`:
//   init()                       load the package (/pkg/index.js) and init() the wasm
//   checkMatrix(cases, chatId)   run every contender on the shared valid/invalid bodies
//   runSize(opts)                the decode benchmark of one generated body (string and bytes)
//   runNet(opts)                 fetch-based contenders and getChatMessages over loopback
//   wasmMemory(opts)             the wasm memory's size before and after parsing one large body
// Times come from performance.now(); each sample runs `reps` calls back to back (so that a sample
// lasts well above the timer's 0.1 ms resolution) after a forced GC (Chromium runs with
// --js-flags=--expose-gc), and returns ms per call.

import { makeZod } from '../validators/zod.js';
import { makeValibot } from '../validators/valibot.js';
import { makeAjv } from '../validators/ajv.js';
import { makeTypia } from '../validators/typia.js';
import { makeHand } from '../validators/hand.js';
import { mulberry32 } from '../../../devserver/prng.mjs';

const PKG = '/pkg/index.js';
// wasm-bindgen's glue, only for the wasm exports (the memory's size); not public API.
const GLUE = '/pkg/neptun_client.js';
export const LIBS = ['zod', 'valibot', 'ajv', 'typia', 'hand'];
const MAKERS = { zod: makeZod, valibot: makeValibot, ajv: makeAjv, typia: makeTypia, hand: makeHand };

let neptun = null;
// The wasm exports, as wasm-bindgen's glue init() returns them (for the memory's size; not public API).
let instanceMemory = null;
const validatorCache = new Map();
const td = new TextDecoder();
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
let sink = 0;

function validators(chatId) {
  let v = validatorCache.get(chatId);
  if (!v) {
    v = {};
    for (const lib of LIBS) v[lib] = MAKERS[lib](chatId);
    validatorCache.set(chatId, v);
  }
  return v;
}

async function init() {
  if (!neptun) {
    const m = await import(PKG);
    await m.init();
    // The module is loaded: the glue's initSync gives its exports, among them its memory (under a
    // minified name).
    const exports = (await import(GLUE)).initSync();
    instanceMemory = Object.values(exports).find((value) => value instanceof WebAssembly.Memory);
    neptun = m;
  }
  return { gc: typeof globalThis.gc === 'function', crossOriginIsolated: globalThis.crossOriginIsolated === true };
}

/** The decode contenders: `${mode}:${name}` → fn(input). */
function decodeContenders(chatId) {
  const v = validators(chatId);
  const out = {
    'string:floor': (s) => JSON.parse(s),
    'bytes:floor': (b) => JSON.parse(td.decode(b)),
  };
  for (const lib of LIBS) {
    const check = v[lib];
    out[`string:${lib}`] = (s) => check(JSON.parse(s));
    out[`bytes:${lib}`] = (b) => check(JSON.parse(td.decode(b)));
  }
  out['string:neptun'] = (s) => neptun.parseChatMessages(s, chatId);
  out['bytes:neptun'] = (b) => neptun.parseChatMessages(b, chatId);
  return out;
}

function classify(error) {
  if (error && typeof error === 'object' && error.kind === 'server') return 'server';
  if (error && typeof error === 'object' && (error.kind === 'invalid' || error.kind === 'invalidResponse')) return 'invalid';
  if (error instanceof SyntaxError) return 'invalid'; // JSON.parse
  if (error && typeof error === 'object' && (error.name === 'ZodError' || error.name === 'ValiError')) return 'invalid';
  if (error && typeof error === 'object' && typeof error.method === 'string' && error.method.startsWith('typia.') && 'expected' in error) return 'invalid'; // typia's TypeGuardError
  return `error:${error?.name ?? typeof error}:${error?.kind ?? ''}`;
}

/** Is `out` a validated body with canonical messages (output names, no aliases)? */
function canonicalOutput(out) {
  if (!out || !Array.isArray(out.chatMessages)) return false;
  return out.chatMessages.every((m) => typeof m.message === 'string' && ['user', 'assistant', 'system'].includes(m.actor) && !('content' in m) && !('role' in m));
}

function checkMatrix(cases, chatId) {
  const fns = decodeContenders(chatId);
  const names = Object.keys(fns).filter((k) => !k.endsWith(':floor'));
  const enc = new TextEncoder();
  const rows = [];
  for (const c of cases) {
    const bytes = enc.encode(c.body);
    const row = { name: c.name, group: c.group, expect: c.expect, results: {} };
    for (const name of names) {
      const input = name.startsWith('bytes:') ? bytes : c.body;
      let outcome;
      let detail = '';
      try {
        const out = fns[name](input);
        outcome = canonicalOutput(out) ? 'ok' : 'ok-noncanonical';
      } catch (e) {
        outcome = classify(e);
        detail = String(e?.path ?? '') + ' ' + String(e?.message ?? e).slice(0, 160);
      }
      row.results[name] = { outcome, detail };
    }
    rows.push(row);
  }
  return rows;
}

function shuffle(list, rand) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}


const tick = () => new Promise((r) => setTimeout(r, 0));

function sampleSync(fn, input, reps, expected) {
  gc();
  let out;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) out = fn(input);
  const t1 = performance.now();
  if (out.chatMessages.length !== expected) throw new Error(`returned ${out.chatMessages.length} messages, expected ${expected}`);
  sink ^= out.chatMessages.length;
  return (t1 - t0) / reps;
}

/**
 * opts: { bodyUrl, messages, chatId, rounds, warmup, minSampleMs, contenders: [names], seed }
 * Returns { bytes, chars, reps, times: {name: number[]}, failed: {name: message}, order: string[][] }.
 */
async function runSize(opts) {
  const { bodyUrl, messages, chatId, rounds, warmup, minSampleMs, seed } = opts;
  const res = await fetch(bodyUrl);
  if (!res.ok) throw new Error(`GET ${bodyUrl}: ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = td.decode(bytes);
  const all = decodeContenders(chatId);
  const names = opts.contenders.filter((n) => n in all);
  const failed = {};
  const inputOf = (name) => (name.startsWith('bytes:') ? bytes : text);
  // Warm up, and check that every contender accepts this body and returns all its messages.
  for (let w = 0; w < warmup; w++) {
    for (const name of names) {
      if (failed[name]) continue;
      try {
        sampleSync(all[name], inputOf(name), 1, messages);
      } catch (e) {
        failed[name] = `${e?.name ?? 'Error'}: ${String(e?.message ?? e).slice(0, 300)}`;
      }
    }
    console.log(`[bench] ${messages} messages: warm-up ${w + 1}/${warmup}`);
    await tick();
  }
  const live = names.filter((n) => !failed[n]);
  // Calls per sample: enough for the slowest floor to last minSampleMs.
  const floorMs = Math.max(sampleSync(all['string:floor'], text, 1, messages), sampleSync(all['bytes:floor'], bytes, 1, messages));
  const reps = Math.max(1, Math.ceil(minSampleMs / Math.max(floorMs, 0.01)));
  const times = Object.fromEntries(live.map((n) => [n, []]));
  const rand = mulberry32(seed);
  const order = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    const o = shuffle([...live], rand);
    order.push(o);
    for (const name of o) {
      try {
        times[name].push(sampleSync(all[name], inputOf(name), reps, messages));
      } catch (e) {
        failed[name] = `round ${r}: ${e?.message ?? e}`;
        times[name].push(NaN);
      }
    }
    console.log(`[bench] ${messages} messages: round ${r + 1}/${rounds} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    await tick();
  }
  return { bytes: bytes.length, chars: text.length, reps, times, failed, sink };
}

/**
 * Network contenders over loopback. opts: { targets: [{label, baseUrl, userId, chatId, messages, rounds, reps}], seed }.
 * `baseUrl` '' = same origin (the dev server); the page must be logged in already.
 */
async function runNet(opts) {
  const results = [];
  const rand = mulberry32(opts.seed);
  for (const target of opts.targets) {
    const { baseUrl, userId, chatId, messages, rounds, reps } = target;
    const url = `${baseUrl}/api/users/${userId}/chats/${chatId}/messages`;
    const v = validators(chatId);
    const init = { credentials: 'include', headers: { Accept: 'application/json' } };
    const fns = {
      'net:floor': async () => (await fetch(url, init)).json(),
      'net:neptun': () => neptun.getChatMessages(userId, chatId, { baseUrl }),
      'net:neptun-parse': async () => neptun.parseChatMessages(new Uint8Array(await (await fetch(url, init)).arrayBuffer()), chatId),
    };
    for (const lib of LIBS) fns[`net:${lib}`] = async () => v[lib](await (await fetch(url, init)).json());
    const names = Object.keys(fns);
    const failed = {};
    const sample = async (name) => {
      gc();
      let out;
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) out = await fns[name]();
      const t1 = performance.now();
      if (out.chatMessages.length !== messages) throw new Error(`returned ${out.chatMessages.length} messages, expected ${messages}`);
      return (t1 - t0) / reps;
    };
    for (let w = 0; w < 2; w++) {
      for (const name of names) {
        if (failed[name]) continue;
        try {
          await sample(name);
        } catch (e) {
          failed[name] = `${e?.name ?? 'Error'}${e?.kind ? ' (' + e.kind + ')' : ''}: ${String(e?.message ?? e).slice(0, 300)}`;
        }
      }
    }
    const live = names.filter((n) => !failed[n]);
    const times = Object.fromEntries(live.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (const name of shuffle([...live], rand)) {
        try {
          times[name].push(await sample(name));
        } catch (e) {
          failed[name] = `round ${r}: ${e?.message ?? e}`;
          times[name].push(NaN);
        }
      }
      if ((r + 1) % 5 === 0 || r + 1 === rounds) console.log(`[bench] net ${target.label}: round ${r + 1}/${rounds}`);
    }
    results.push({ label: target.label, times, failed, reps });
  }
  return results;
}

/**
 * The wasm memory (`WebAssembly.Memory`, which never shrinks) before and after one
 * `parseChatMessages` of the body at `bodyUrl` (as bytes, or as a string when `string`), in a page
 * where nothing else has used the module. opts: { bodyUrl, chatId, messages, string }.
 */
async function wasmMemory(opts) {
  const res = await fetch(opts.bodyUrl);
  if (!res.ok) throw new Error(`GET ${opts.bodyUrl}: ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const input = opts.string ? td.decode(bytes) : bytes;
  const before = instanceMemory.buffer.byteLength;
  const out = neptun.parseChatMessages(input, opts.chatId);
  if (out.chatMessages.length !== opts.messages) throw new Error(`returned ${out.chatMessages.length} messages`);
  return { bodyBytes: bytes.length, before, after: instanceMemory.buffer.byteLength };
}

window.bench = { init, checkMatrix, runSize, runNet, wasmMemory, LIBS };
window.benchReady = true;
