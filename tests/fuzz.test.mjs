// Differential fuzzing of the built package (pkg/node.js) against JSON.parse: mutated bodies, as bytes and
// as the same text in a JS string, go through `parseChatMessages(body, 42)` and through an independent
// checker written here (JSON.parse, then the contract of docs/CONTRACT.md R8–R16 checked on the parsed
// value, then normalized: `role`/`content` renamed, unknown fields and null optionals dropped).
//
// The rules, for every input:
//   - ours accepts  ⇒ JSON.parse accepts, the checker accepts, the body holds none of the classes below,
//                      and the outputs are deep-equal;
//   - ours rejects  ⇒ the checker rejects too, with the same kind (`invalidResponse`, or `server` for
//                      `chatMessages: null`), unless the body holds one of the things JSON.parse resolves
//                      silently and the contract rejects on purpose. Those are detected here explicitly, by a
//                      separate scan of the JSON text (not by whitelisting disagreements), and counted:
//        duplicate key          an object repeats a key (after unescaping), anywhere (JSON.parse keeps the last)
//        lone surrogate         an escaped lone surrogate (`"\ud800"`) in any string or key (JSON.parse keeps it)
//        raw lone surrogate     a string body holding an unpaired UTF-16 surrogate (TextEncoder would replace it)
//        id fraction/exponent   an id written `7.0` or `1e3` (JSON.parse reads an integer)
//        id above 2^53−1        an integer id JSON.parse would round (the checker rejects these by value too)
//        number beyond f64      a number JSON.parse reads as ±Infinity (in an unknown field, say)
//        nesting over 127       more than 127 arrays and objects open at once
// Any other disagreement fails the test with the input. Deterministic (mulberry32, devserver/prng.mjs).
//
//   node --test tests/fuzz.test.mjs                                       the short run
//   NEPTUN_FUZZ_ITERATIONS=200000 node --test tests/fuzz.test.mjs         a long run (NEPTUN_FUZZ_SEED=n: another seed)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../devserver/prng.mjs';
import { parseChatMessages, isNeptunError } from '../pkg/node.js';

const ITERATIONS = Number(process.env.NEPTUN_FUZZ_ITERATIONS ?? 4000);
const SEED = Number(process.env.NEPTUN_FUZZ_SEED ?? 0x2008);
const CHAT = 42;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ------------------------------------------------------------------------------------------------
// The independent checker.

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

function isRfc3339(value) {
  if (typeof value !== 'string') return false;
  const m = STAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isId = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

class Reject extends Error {
  constructor(kind, why) {
    super(why);
    this.kind = kind;
  }
}
const invalid = (why) => {
  throw new Reject('invalidResponse', why);
};

/** One field of the model: its value checked, or `undefined` for an absent optional one. */
function field(object, name, alias, check, required) {
  const present = [name, alias].filter((k) => k && has(object, k));
  if (present.length === 2) invalid(`both ${name} and ${alias}`);
  const value = present.length ? object[present[0]] : undefined;
  if (value === undefined || value === null) {
    if (required) invalid(`${name} missing or null`);
    return undefined;
  }
  check(value, name);
  return value;
}

const id = (v, n) => isId(v) || invalid(`${n}: not a positive safe integer`);
const chatId = (v, n) => (isId(v) && v === CHAT) || invalid(`${n}: not chat ${CHAT}`);
const text = (v, n) => typeof v === 'string' || invalid(`${n}: not a string`);
const actor = (v, n) => ['user', 'assistant', 'system'].includes(v) || invalid(`${n}: not an actor`);
const stamp = (v, n) => isRfc3339(v) || invalid(`${n}: not RFC 3339`);

function checkFile(file) {
  if (!isObject(file)) invalid('a file is not an object');
  const out = {};
  for (const [name, check] of [
    ['id', id], ['title', text], ['text', text], ['language', text], ['extension', text], ['neptun_user_id', id],
    ['chat_conversation_id', chatId], ['chat_conversation_message_id', id], ['created_at', stamp], ['updated_at', stamp],
  ]) {
    out[name] = field(file, name, null, check, true);
  }
  return out;
}

function checkMessage(message) {
  if (!isObject(message)) invalid('a message is not an object');
  const out = {
    id: field(message, 'id', null, id, true),
    message: field(message, 'message', 'content', text, true),
    actor: field(message, 'actor', 'role', actor, true),
    created_at: field(message, 'created_at', null, stamp, true),
    updated_at: field(message, 'updated_at', null, stamp, true),
  };
  const user = field(message, 'neptun_user_id', null, id, false);
  if (user !== undefined) out.neptun_user_id = user;
  out.chat_conversation_id = field(message, 'chat_conversation_id', null, chatId, true);
  const files = field(message, 'files', null, (v) => Array.isArray(v) || invalid('files: not an array'), false);
  if (files !== undefined) out.files = files.map(checkFile);
  return out;
}

/** The contract on a JSON.parse value: the normalized output, or throws a Reject. */
function checkValue(root) {
  if (!isObject(root) || !has(root, 'chatMessages')) invalid('not an object with chatMessages');
  const list = root.chatMessages;
  if (list === null) throw new Reject('server', 'chatMessages: null');
  if (!Array.isArray(list)) invalid('chatMessages is not an array');
  return { chatMessages: list.map(checkMessage) };
}

// A separate scan of the JSON text (run only on text JSON.parse accepted, so it can be lenient about
// syntax): the classes JSON.parse resolves silently. Iterative, so 20,000-deep bodies are fine.
const ID_FIELDS = new Set(['id', 'neptun_user_id', 'chat_conversation_id', 'chat_conversation_message_id']);

function silentClasses(src) {
  const found = new Set();
  // The open containers: { object, keys: Set, key (last key), schema: 'root'|'messages'|'message'|'files'|'file'|null }
  const stack = [];
  let maxDepth = 0;
  let i = 0;
  const schemaOfValue = () => {
    const top = stack[stack.length - 1];
    if (!top) return 'root';
    if (top.object) {
      if (top.schema === 'root' && top.key === 'chatMessages') return 'messages';
      if (top.schema === 'message' && top.key === 'files') return 'files';
      return null;
    }
    if (top.schema === 'messages') return 'message';
    if (top.schema === 'files') return 'file';
    return null;
  };
  const atId = () => {
    const top = stack[stack.length - 1];
    return top && top.object && (top.schema === 'message' || top.schema === 'file') && ID_FIELDS.has(top.key);
  };
  const readString = () => {
    // src[i] is the opening quote; returns the decoded string and moves past the closing quote.
    let out = '';
    i++;
    while (src[i] !== '"') {
      if (src[i] === '\\') {
        const c = src[i + 1];
        if (c === 'u') {
          const unit = parseInt(src.slice(i + 2, i + 6), 16);
          i += 6;
          if (unit >= 0xd800 && unit <= 0xdbff) {
            const next = src.slice(i, i + 2) === '\\u' ? parseInt(src.slice(i + 2, i + 6), 16) : -1;
            if (next >= 0xdc00 && next <= 0xdfff) {
              out += String.fromCharCode(unit, next);
              i += 6;
            } else {
              found.add('lone surrogate');
              out += '\ufffd';
            }
          } else if (unit >= 0xdc00 && unit <= 0xdfff) {
            found.add('lone surrogate');
            out += '\ufffd';
          } else {
            out += String.fromCharCode(unit);
          }
        } else {
          out += JSON.parse(`"\\${c}"`);
          i += 2;
        }
      } else {
        out += src[i++];
      }
    }
    i++;
    return out;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '{' || c === '[') {
      stack.push({ object: c === '{', keys: new Set(), key: null, schema: schemaOfValue(), expectKey: c === '{' });
      maxDepth = Math.max(maxDepth, stack.length);
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === '"') {
      const top = stack[stack.length - 1];
      const s = readString();
      if (top && top.object && top.expectKey) {
        if (top.keys.has(s)) found.add('duplicate key');
        top.keys.add(s);
        top.key = s;
        top.expectKey = false;
      }
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && top.object) top.expectKey = true;
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      while (i < src.length && /[-+0-9.eE]/.test(src[i])) i++;
      const raw = src.slice(start, i);
      const value = Number(raw);
      if (!Number.isFinite(value)) found.add('number beyond f64');
      if (atId()) {
        if (/[.eE]/.test(raw) && Number.isInteger(value) && value > 0) found.add('id fraction/exponent');
        else if (/^\d+$/.test(raw) && BigInt(raw) > BigInt(MAX_SAFE)) found.add('id above 2^53−1');
      }
    } else {
      i++;
    }
  }
  if (maxDepth > 127) found.add('nesting over 127');
  return found;
}

const RAW_LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The checker: { ok: true, value } or { ok: false, kind, why }, and the silent classes of the body.
 * `body` is bytes (UTF-8 required, one leading BOM skipped) or a string (one leading U+FEFF skipped).
 */
function check(body) {
  let textBody;
  const classes = new Set();
  if (typeof body === 'string') {
    if (RAW_LONE.test(body)) classes.add('raw lone surrogate');
    textBody = body.startsWith('\ufeff') ? body.slice(1) : body;
  } else {
    try {
      textBody = new TextDecoder('utf-8', { fatal: true }).decode(body); // skips one leading BOM
    } catch {
      return { ok: false, kind: 'invalidResponse', why: 'not UTF-8', classes };
    }
  }
  let root;
  try {
    root = JSON.parse(textBody);
  } catch {
    return { ok: false, kind: 'invalidResponse', why: 'JSON.parse refused it', classes };
  }
  for (const c of silentClasses(textBody)) classes.add(c);
  try {
    return { ok: true, value: checkValue(root), classes, jsonParsed: true };
  } catch (error) {
    if (!(error instanceof Reject)) throw error;
    return { ok: false, kind: error.kind, why: error.message, classes, jsonParsed: true };
  }
}

// ------------------------------------------------------------------------------------------------
// Bodies and mutations.

function makeRng(seed) {
  const next = mulberry32(seed);
  return {
    below: (n) => Math.floor(next() * n),
    chance: (percent) => next() * 100 < percent,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const TEXTS = [
  'Hello', '', 'Ich möchte es verstehen — ça marche aussi en français ?', '日本語のテキストと絵文字 😀🎉 and ASCII',
  'escapes: \\n\\t\\\\ \\"quoted\\" \\/ \\b\\f\\r \\u00e9 \\u65e5 \\ud83d\\ude00', 'emoji at a 16-byte edge: 0123456😀',
  'a much longer message that goes past sixteen bytes several times over, to exercise the chunked scan',
];
const STAMPS = ['2024-03-20T10:00:00.000Z', '2024-03-20T10:00:01.123Z', '2024-02-29T23:59:60+05:30', '2024-03-20t10:00:00z'];

function genFile(rng) {
  const fields = [
    '"id":11', '"title":"main.py"', `"text":"${rng.pick(TEXTS)}"`, '"language":"python"', '"extension":"py"',
    '"neptun_user_id":7', `"chat_conversation_id":${CHAT}`, '"chat_conversation_message_id":1',
    `"created_at":"${rng.pick(STAMPS)}"`, `"updated_at":"${rng.pick(STAMPS)}"`,
  ];
  if (rng.chance(10)) fields.push('"unknown":[[{}]]');
  return `{${fields.join(',')}}`;
}

function genMessage(rng, n) {
  const a = rng.pick(['user', 'assistant', 'system']);
  const fields = [
    `"id":${n}`,
    rng.chance(10) ? `"content":"${rng.pick(TEXTS)}"` : `"message":"${rng.pick(TEXTS)}"`,
    rng.chance(10) ? `"role":"${a}"` : `"actor":"${a}"`,
    `"created_at":"${rng.pick(STAMPS)}"`,
    `"updated_at":"${rng.pick(STAMPS)}"`,
  ];
  const user = rng.below(10);
  if (user === 1) fields.push('"neptun_user_id":null');
  else if (user > 1) fields.push('"neptun_user_id":7');
  fields.push(`"chat_conversation_id":${CHAT}`);
  const files = rng.below(12);
  if (files === 0) fields.push('"files":null');
  else if (files === 1) fields.push('"files":[]');
  else if (files === 2) fields.push(`"files":[${genFile(rng)}]`);
  if (rng.chance(8)) fields.push('"extra":{"nested":[1,-2.5e3,true,false,null,"x\\ud83d\\ude00",{"k":[]}]}');
  if (rng.chance(5)) {
    const x = rng.below(fields.length);
    const y = rng.below(fields.length);
    [fields[x], fields[y]] = [fields[y], fields[x]];
  }
  return `{${fields.join(',')}}`;
}

function genBody(rng) {
  const count = rng.pick([0, 1, 1, 2, 3, 5, 8]);
  const list = Array.from({ length: count }, (_, i) => genMessage(rng, i + 1));
  let out = `{"chatMessages":[${list.join(rng.pick([',', ',\n', ' , ']))}]}`;
  if (rng.chance(10)) out = ` {"meta":{"v":1},${out.slice(1)} `;
  return Buffer.from(out);
}

const b = (s) => Buffer.from(s, 'latin1'); // byte strings written with \x escapes
const TOKENS = ['{', '}', '[', ']', ',', ':', '"', '\\', 'null', 'true', '0', '-', '1.5', '""', '{}', '[]', '"x":1,', '"id":', ' '].map((s) => Buffer.from(s));
const KEYS = ['id', 'message', 'content', 'actor', 'role', 'created_at', 'updated_at', 'neptun_user_id', 'chat_conversation_id', 'files', 'title', 'chatMessages', 'x', '\\u0069d'];
const VALUES = ['1', '42', 'null', '"user"', '"Hi"', '"2024-03-20T10:00:00.000Z"', '[]', '{}', 'true', '-2.5e3', '1e400', '"\\ud800"'];
const NUMBERS = ['7.0', '1e3', '1E+2', '-0', '0', '-1', '0.5', '42.0', '4.2e1', '9007199254740991', '9007199254740992', '9007199254740993', '123456789012345678901234567890', '1e400', '-1e400', '1e-400', '1.7976931348623159e308', '042', '43'];
const SURROGATES = ['\\ud800', '\\udc00', '\\ud83d\\u0041', '\\ud83d\\ude00', '\\ude00\\ud83d', '\\uDBFF\\uDFFF'];
const BAD_UTF8 = ['\x80', '\xc3', '\xc0\xaf', '\xed\xa0\x80', '\xf4\x90\x80\x80', '\xff', '\xef\xbb\xbf'].map(b);
const BOM = b('\xef\xbb\xbf');

const splice = (buf, at, remove, insert = Buffer.alloc(0)) => Buffer.concat([buf.subarray(0, at), insert, buf.subarray(at + remove)]);
const positionsOf = (buf, byte) => {
  const out = [];
  for (let i = 0; i < buf.length; i++) if (buf[i] === byte) out.push(i);
  return out;
};

/** One mutation of a random class; returns [class, body]. */
function mutate(rng, body) {
  const len = body.length;
  const somewhere = (byte) => {
    const p = positionsOf(body, byte.charCodeAt(0));
    return p.length ? rng.pick(p) : -1;
  };
  switch (rng.below(16)) {
    case 0: {
      if (!len) break;
      const at = rng.below(len);
      const out = Buffer.from(body);
      out[at] ^= 1 << rng.below(8);
      return ['bit flip', out];
    }
    case 1:
      return ['token inserted', splice(body, rng.below(len + 1), 0, rng.pick(TOKENS))];
    case 2: {
      const structural = [];
      for (let i = 0; i < len; i++) if ('{}[],:"'.includes(String.fromCharCode(body[i]))) structural.push(i);
      if (structural.length < 2) break;
      const x = rng.below(structural.length - 1);
      const y = Math.min(x + 1 + rng.below(3), structural.length - 1);
      return ['tokens deleted', splice(body, structural[x], structural[y] - structural[x])];
    }
    case 3: {
      const at = somewhere('{');
      if (at < 0) break;
      return ['duplicate key', splice(body, at + 1, 0, Buffer.from(`"${rng.pick(KEYS)}":${rng.pick(VALUES)},`))];
    }
    case 4: {
      const at = somewhere('"');
      if (at < 0) break;
      return ['lone surrogate', splice(body, at + 1, 0, Buffer.from(rng.pick(SURROGATES)))];
    }
    case 5:
    case 6: {
      const text = body.toString('latin1');
      const numbers = [...text.matchAll(/(?<=[:[, ])-?[0-9][-+0-9.eE]*/g)];
      if (!numbers.length) break;
      const m = rng.pick(numbers);
      return ['odd number', splice(body, m.index, m[0].length, Buffer.from(rng.pick(NUMBERS)))];
    }
    case 7: {
      const depth = rng.pick([2, 100, 125, 126, 127, 128, 129, 1000, 20000]);
      const value = rng.chance(50) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth);
      const at = somewhere('{');
      if (at < 0) break;
      return ['deep nesting', splice(body, at + 1, 0, Buffer.from(`"deep":${value},`))];
    }
    case 8:
      return ['invalid UTF-8', splice(body, rng.below(len + 1), 0, rng.pick(BAD_UTF8))];
    case 9:
      return ['BOM', splice(body, rng.chance(70) ? 0 : rng.below(len + 1), 0, BOM)];
    case 10: {
      const text = body.toString('latin1');
      const [from, to] = rng.pick([['"actor"', '"role"'], ['"message"', '"content"'], ['"actor":', '"role":"user","actor":'], ['"message":', '"content":"x","message":']]);
      if (!text.includes(from)) break;
      return ['alias', Buffer.from(text.replace(from, to), 'latin1')];
    }
    case 11: {
      const at = somewhere(':');
      if (at < 0) break;
      let end = at + 1;
      while (end < len && body[end] !== 0x2c && body[end] !== 0x7d) end++;
      return ['null', splice(body, at + 1, end - at - 1, Buffer.from('null'))];
    }
    case 12: {
      const text = body.toString('latin1');
      const stamps = [...text.matchAll(/\d[Tt]\d/g)];
      if (!stamps.length) break;
      const m = rng.pick(stamps);
      return ['timestamp', splice(body, m.index + 1, 1, Buffer.from(rng.pick([' ', 't', 'T', '_'])))];
    }
    case 13:
      if (!len) break;
      return ['truncation', body.subarray(0, rng.below(len))];
    case 14: {
      const text = body.toString('latin1');
      if (!text.includes(`:${CHAT}`)) break;
      return ['other chat', Buffer.from(text.replace(`:${CHAT}`, `:${CHAT + 1}`), 'latin1')];
    }
    default:
      break;
  }
  if (!len) return ['byte inserted', Buffer.from('{')];
  const at = rng.below(len);
  return rng.chance(50) ? ['byte deleted', splice(body, at, 1)] : ['byte inserted', splice(body, at, 0, Buffer.from([rng.pick([0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x30, 0x20, 0x80, 0xff])]))];
}

// ------------------------------------------------------------------------------------------------
// The run.

function ours(body) {
  try {
    return { ok: true, value: parseChatMessages(body, CHAT) };
  } catch (error) {
    assert.ok(isNeptunError(error), `parseChatMessages threw something that is not a NeptunError: ${error}`);
    return { ok: false, kind: error.kind, path: error.path, message: error.message };
  }
}

const show = (body) => (typeof body === 'string' ? JSON.stringify(body) : `bytes ${JSON.stringify(body.toString('latin1'))}`).slice(0, 800);

/** Compares ours and the checker on one body; returns the classes that explained a rejection (or []). */
function compare(body, stats) {
  const a = ours(body);
  const c = check(body);
  const where = () => `\n body: ${show(body)}\n ours: ${JSON.stringify(a).slice(0, 400)}\n checker: ${JSON.stringify({ ...c, value: undefined, classes: [...c.classes] })}`;
  for (const cls of c.classes) stats.present[cls] = (stats.present[cls] ?? 0) + 1;
  if (a.ok) {
    assert.ok(c.jsonParsed, `ours accepted a body JSON.parse refuses${where()}`);
    assert.equal(c.classes.size, 0, `ours accepted a body with ${[...c.classes]}${where()}`);
    assert.ok(c.ok, `ours accepted a body the checker rejects (${c.why})${where()}`);
    assert.deepStrictEqual(a.value, c.value, `outputs differ${where()}`);
    return 'accepted';
  }
  assert.ok(['invalidResponse', 'server'].includes(a.kind), `unexpected kind ${a.kind}${where()}`);
  if (!c.ok && c.kind === a.kind) return 'rejected by both';
  // Ours rejects where the checker accepts, or rejects with another kind: only one of the silent classes
  // may explain it.
  assert.ok(c.classes.size > 0, `ours rejects (${a.kind}) what the checker ${c.ok ? 'accepts' : `calls ${c.kind}`}${where()}`);
  for (const cls of c.classes) stats.explained[cls] = (stats.explained[cls] ?? 0) + 1;
  return 'rejected on purpose';
}

function run(iterations, seed) {
  const rng = makeRng(seed);
  const pool = Array.from({ length: 12 }, () => genBody(rng));
  const base = pool.length;
  const stats = { outcomes: {}, present: {}, explained: {}, mutations: {}, bytes: 0 };
  const count = (key, name) => (stats[key][name] = (stats[key][name] ?? 0) + 1);
  for (let n = 0; n < iterations; n++) {
    let body = rng.pick(pool);
    const classes = new Set();
    for (let k = 1 + Math.min(rng.below(4), rng.below(4)); k > 0; k--) {
      const [cls, next] = mutate(rng, body);
      classes.add(cls);
      body = next;
    }
    for (const cls of classes) count('mutations', cls);
    stats.bytes += body.length;
    // As bytes.
    const outcome = compare(new Uint8Array(body), stats);
    count('outcomes', `bytes: ${outcome}`);
    // As the same text in a JS string (lossy where the bytes are not UTF-8; a BOM kept), sometimes with a
    // raw lone surrogate in it.
    let textBody = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
    if (rng.chance(3)) {
      const at = rng.below(textBody.length + 1);
      textBody = textBody.slice(0, at) + rng.pick(['\ud800', '\udfff', '\ude00\ud83d']) + textBody.slice(at);
    }
    count('outcomes', `string: ${compare(textBody, stats)}`);
    if (outcome === 'accepted' && rng.chance(20) && body.length < 65536) {
      if (pool.length < 128) pool.push(body);
      else pool[base + rng.below(pool.length - base)] = body;
    }
  }
  return stats;
}

test(`parseChatMessages agrees with a JSON.parse-based checker on ${ITERATIONS} mutated bodies (bytes and strings)`, () => {
  const started = performance.now();
  const stats = run(ITERATIONS, SEED);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz.test.mjs: seed ${SEED}, ${ITERATIONS} bodies (${(stats.bytes / 1e6).toFixed(1)} MB) × bytes and string = ${2 * ITERATIONS} inputs in ${seconds} s`);
  for (const [name, value] of Object.entries(stats.outcomes).sort()) console.log(`  ${name.padEnd(34)} ${value}`);
  console.log('  silent class (inputs holding it / rejections only it explains):');
  for (const name of Object.keys(stats.present).sort()) console.log(`    ${name.padEnd(24)} ${String(stats.present[name]).padStart(7)} / ${stats.explained[name] ?? 0}`);
  console.log(`  mutations: ${Object.entries(stats.mutations).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const accepted = (stats.outcomes['bytes: accepted'] ?? 0) + (stats.outcomes['string: accepted'] ?? 0);
  if (ITERATIONS >= 2000) {
    assert.ok(accepted > ITERATIONS / 25, `too few accepted inputs (${accepted})`);
    for (const cls of ['duplicate key', 'lone surrogate', 'id fraction/exponent', 'number beyond f64', 'nesting over 127', 'raw lone surrogate']) {
      assert.ok(stats.explained[cls] > 0, `the class "${cls}" never explained a rejection: the mutations do not reach it`);
    }
  }
});

test('the checker itself: each silent class is seen, and plain bodies pass', () => {
  const ok = `{"id":1,"message":"Hi","actor":"user","created_at":"2024-03-20T10:00:00.000Z","updated_at":"2024-03-20T10:00:00.000Z","chat_conversation_id":${CHAT}}`;
  const wrap = (m) => `{"chatMessages":[${m}]}`;
  assert.deepEqual([...check(wrap(ok)).classes], []);
  assert.ok(check(wrap(ok)).ok);
  const cases = [
    [wrap(ok.replace('"id":1,', '"id":1,"id":1,')), 'duplicate key'],
    [`{"x":{"a":1,"\\u0061":2},"chatMessages":[]}`, 'duplicate key'],
    [`{"x":"\\ud800","chatMessages":[]}`, 'lone surrogate'],
    [`{"x\\udc00":1,"chatMessages":[]}`, 'lone surrogate'],
    [wrap(ok.replace('"id":1,', '"id":1.0,')), 'id fraction/exponent'],
    [wrap(ok.replace(`"chat_conversation_id":${CHAT}`, '"chat_conversation_id":4.2e1')), 'id fraction/exponent'],
    [wrap(ok.replace('"id":1,', '"id":9007199254740993,')), 'id above 2^53−1'],
    [`{"x":1e400,"chatMessages":[]}`, 'number beyond f64'],
    [`{"x":${'['.repeat(127)}${']'.repeat(127)},"chatMessages":[]}`, 'nesting over 127'],
    ['{"x":"\ud800","chatMessages":[]}', 'raw lone surrogate'],
  ];
  for (const [body, cls] of cases) {
    assert.ok(check(body).classes.has(cls), `${cls}: ${body.slice(0, 80)}`);
    assert.equal(ours(body).ok, false, `ours accepts ${body.slice(0, 80)}`);
  }
  assert.equal(check(`{"x":${'['.repeat(126)}${']'.repeat(126)},"chatMessages":[]}`).classes.size, 0);
  assert.ok(ours(`{"x":${'['.repeat(126)}${']'.repeat(126)},"chatMessages":[]}`).ok);
});
